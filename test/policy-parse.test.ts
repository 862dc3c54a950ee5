// The policy grammar: structural rules with located findings, normalization of every element
// form, and unknown values kept in place.
//
// Pages cited (IAM User Guide unless said otherwise):
//  - "Grammar of the IAM JSON policy language", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
//  - "IAM JSON policy element reference", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
//  - "IAM JSON policy elements: Version", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
//  - "AWS JSON policy elements: Principal", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
//  - "IAM JSON policy elements: Condition operators", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
//  - "IAM JSON policy elements: Condition", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
//  - "Access Analyzer policy check reference", https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
//  - AWS Organizations User Guide, "SCP syntax", https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
//    and "RCP syntax", https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html

import { describe, expect, it } from 'vitest';
import { Unknown } from '../src/model/unknown.js';
import { parsePolicy, UNKNOWN_CONDITION_KEY, unknownConditionClause } from '../src/policy/index.js';
import { codes, expectFinding, FILE, findingsWith, parseText, parseValue } from './policy-test-helpers.js';

const V = '"Version": "2012-10-17"';

describe('documents (Grammar of the IAM JSON policy language: policy = {version?, id?, statement})', () => {
  it('reads a well-formed identity policy without findings', () => {
    const text = `{ ${V}, "Statement": [{ "Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*" }] }`;
    const doc = parseText(text);
    expect(doc.findings).toEqual([]);
    expect(doc.version).toBe('2012-10-17');
    expect(doc.statements).toHaveLength(1);
    expect(doc.statements[0]!.sid).toBe('Read');
    expect(doc.statements[0]!.effect).toBe('Allow');
  });

  it('policy/invalid-json: JSON text that does not parse is an error naming line and column in the text', () => {
    const doc = parsePolicy('{"Version": "2012-10-17",\n "Statement": [}', {
      kind: 'identity',
      source: { file: 'main.tf', line: 12, column: 3, address: 'aws_iam_policy.p' },
    });
    expect(doc.statements).toEqual([]);
    expect(doc.findings).toHaveLength(1);
    const f = doc.findings[0]!;
    expect(f.code).toBe('policy/invalid-json');
    expect(f.severity).toBe('error');
    expect(f.message).toMatch(/line 2, column 16 of the policy text/);
    expect(f.source).toEqual({ file: 'main.tf', line: 12, column: 3, address: 'aws_iam_policy.p' });
  });

  it('policy/invalid-document: a document that is not an object', () => {
    const doc = parseValue([1, 2]);
    expect(codes(doc)).toEqual(['policy/invalid-document']);
    expect(doc.findings[0]!.severity).toBe('error');
    expect(doc.findings[0]!.source?.pointer).toBe('/doc');
  });

  it('policy/missing-version: a warning (Access Analyzer "General Warning – Missing version"), located at the document', () => {
    const text =
      '{\n  "Statement": { "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*" }\n}';
    const doc = parseText(text);
    expectFinding(doc, 'policy/missing-version', { severity: 'warning', pointer: '', text, marker: '{' });
    expect(doc.version).toBeUndefined();
  });

  it('policy/rcp-missing-version: an error for RCPs, which must include "Version": "2012-10-17" (RCP syntax)', () => {
    const doc = parseValue(
      { Statement: { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' } },
      'rcp',
    );
    expect(findingsWith(doc, 'policy/rcp-missing-version')[0]!.severity).toBe('error');
    expect(findingsWith(doc, 'policy/missing-version')).toEqual([]);
  });

  it('policy/invalid-version: only 2012-10-17 and 2008-10-17 exist (IAM JSON policy elements: Version)', () => {
    const text = `{\n  "Version": "2012-10-18",\n  "Statement": []\n}`;
    const doc = parseText(text);
    expectFinding(doc, 'policy/invalid-version', {
      severity: 'error',
      pointer: '/Version',
      text,
      marker: '"2012-10-18"',
    });
    expect(doc.version).toBe('2012-10-18');
    expect(codes(parseValue({ Version: 2012, Statement: [] }))).toContain('policy/invalid-version');
    expect(codes(parseValue({ Version: '2008-10-17', Statement: [] }))).not.toContain(
      'policy/invalid-version',
    );
  });

  it('policy/unknown-element: an element that is not Version, Id or Statement (Access Analyzer "Invalid policy element")', () => {
    const text = `{ ${V},\n  "Statment": [] ,\n  "Statement": [] }`;
    const doc = parseText(text);
    const f = expectFinding(doc, 'policy/unknown-element', {
      severity: 'error',
      pointer: '/Statment',
      text,
      marker: '[]',
    });
    expect(f.message).toMatch(/Statment/);
  });

  it('policy/missing-statement: no Statement is an error (Access Analyzer "Missing statement")', () => {
    const text = `{ ${V} }`;
    expectFinding(parseText(text), 'policy/missing-statement', {
      severity: 'error',
      pointer: '',
      text,
      marker: '{',
    });
  });

  it('policy/invalid-statement: Statement of the wrong type', () => {
    const doc = parseValue({ Version: '2012-10-17', Statement: 'Allow everything' });
    expect(codes(doc)).toEqual(['policy/invalid-statement']);
    expect(doc.findings[0]!.source?.pointer).toBe('/doc/Statement');
  });

  it('a single Statement object is read with the pointer /Statement (no index)', () => {
    const doc = parseValue({
      Version: '2012-10-17',
      Statement: { Effect: 'Deny', Action: '*', Resource: '*' },
    });
    expect(doc.statements).toHaveLength(1);
    expect(doc.statements[0]!.index).toBe(0);
    expect(doc.statements[0]!.source.pointer).toBe('/doc/Statement');
    expect(doc.statements[0]!.action!.source.pointer).toBe('/doc/Statement/Action');
  });

  it('policy/unexpected-id: Id must not be included in identity-based policies (grammar notes); allowed in resource policies', () => {
    const p = { Version: '2012-10-17', Id: 'P1', Statement: [] };
    expect(findingsWith(parseValue(p, 'identity'), 'policy/unexpected-id')[0]!.severity).toBe('warning');
    expect(codes(parseValue(p, 'resource'))).not.toContain('policy/unexpected-id');
    expect(parseValue(p, 'resource').id).toBe('P1');
  });
});

describe('statements (IAM JSON policy element reference)', () => {
  it('never drops a malformed statement: a non-object statement is kept with an unknown effect and a finding', () => {
    const doc = parseValue({
      Version: '2012-10-17',
      Statement: ['oops', { Effect: 'Allow', Action: '*', Resource: '*' }],
    });
    expect(doc.statements).toHaveLength(2);
    expect(doc.statements[0]!.effect).toBeInstanceOf(Unknown);
    expect(doc.statements[0]!.unknown).toBeUndefined();
    expect(doc.statements[1]!.index).toBe(1);
    expect(findingsWith(doc, 'policy/invalid-statement')[0]!.source?.pointer).toBe('/doc/Statement/0');
  });

  it('policy/invalid-effect: Effect must be Allow or Deny (Access Analyzer "Invalid effect"); the statement is kept', () => {
    const text = `{ ${V}, "Statement": [\n  { "Effect": "Permit", "Action": "s3:*", "Resource": "*" }\n] }`;
    const doc = parseText(text);
    expectFinding(doc, 'policy/invalid-effect', {
      severity: 'error',
      pointer: '/Statement/0/Effect',
      text,
      marker: '"Permit"',
    });
    const effect = doc.statements[0]!.effect;
    expect(effect).toBeInstanceOf(Unknown);
    expect((effect as Unknown).reason).toMatch(/Permit/);
    expect(doc.statements[0]!.action!.values).toEqual(['s3:*']);
  });

  it('policy/invalid-effect: a wrongly cased effect is an error but read as meant', () => {
    const text = `{ ${V}, "Statement": [{ "Effect": "allow", "Action": "s3:*", "Resource": "*" }] }`;
    const doc = parseText(text);
    expectFinding(doc, 'policy/invalid-effect', {
      severity: 'error',
      pointer: '/Statement/0/Effect',
      text,
      marker: '"allow"',
    });
    expect(doc.statements[0]!.effect).toBe('Allow');
  });

  it('policy/missing-effect: no Effect (Access Analyzer "Missing effect")', () => {
    const text = `{ ${V}, "Statement": [\n  { "Action": "s3:*", "Resource": "*" }\n] }`;
    const doc = parseText(text);
    expectFinding(doc, 'policy/missing-effect', {
      severity: 'error',
      pointer: '/Statement/0',
      text,
      marker: '{ "Action"',
    });
    expect(doc.statements[0]!.effect).toBeInstanceOf(Unknown);
  });

  it('policy/unknown-element: an unknown statement element is an error, located at its value', () => {
    const text = `{ ${V}, "Statement": [{ "Effect": "Allow", "Action": "s3:*", "Resource": "*",\n    "Resources": ["x"] }] }`;
    const doc = parseText(text);
    expectFinding(doc, 'policy/unknown-element', {
      severity: 'error',
      pointer: '/Statement/0/Resources',
      text,
      marker: '["x"]',
    });
  });

  it('policy/unknown-element: element names are case-sensitive; a case variant is reported and still read', () => {
    const doc = parseValue({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', action: 's3:GetObject', Resource: '*' }],
    });
    const f = findingsWith(doc, 'policy/unknown-element');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/"action" must be written "Action"/);
    expect(f[0]!.source?.pointer).toBe('/doc/Statement/0/action');
    expect(doc.statements[0]!.action!.values).toEqual(['s3:GetObject']);
    expect(codes(doc)).not.toContain('policy/missing-action');
  });

  it('policy/missing-action: a statement needs Action or NotAction (Access Analyzer "Missing action")', () => {
    const text = `{ ${V}, "Statement": [{ "Effect": "Allow", "Resource": "*" }] }`;
    expectFinding(parseText(text), 'policy/missing-action', {
      severity: 'error',
      pointer: '/Statement/0',
      text,
      marker: '{ "Effect"',
    });
  });

  it('policy/action-and-notaction: Action and NotAction together (Access Analyzer "Unsupported element combination")', () => {
    const text = `{ ${V}, "Statement": [{ "Effect": "Allow", "Action": "s3:*", "NotAction": "iam:*", "Resource": "*" }] }`;
    expectFinding(parseText(text), 'policy/action-and-notaction', {
      severity: 'error',
      pointer: '/Statement/0/NotAction',
      text,
      marker: '"iam:*"',
    });
  });

  it('policy/resource-and-notresource: Resource and NotResource together', () => {
    const text = `{ ${V}, "Statement": [{ "Effect": "Allow", "Action": "s3:*", "Resource": "*", "NotResource": "arn:aws:s3:::x" }] }`;
    expectFinding(parseText(text), 'policy/resource-and-notresource', {
      severity: 'error',
      pointer: '/Statement/0/NotResource',
      text,
      marker: '"arn:aws:s3:::x"',
    });
  });

  it('policy/missing-resource: identity-based policies need Resource or NotResource (Access Analyzer "Missing resource")', () => {
    const text = `{ ${V}, "Statement": [{ "Effect": "Allow", "Action": "s3:*" }] }`;
    expectFinding(parseText(text, 'identity'), 'policy/missing-resource', {
      severity: 'error',
      pointer: '/Statement/0',
      text,
      marker: '{ "Effect"',
    });
    for (const kind of ['boundary', 'session', 'scp'] as const) {
      expect(findingsWith(parseText(text, kind), 'policy/missing-resource')[0]!.severity).toBe('error');
    }
  });

  it('policy/missing-resource: only a warning in resource policies (some services imply the resource)', () => {
    const p = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' }],
    };
    expect(findingsWith(parseValue(p, 'resource'), 'policy/missing-resource')[0]!.severity).toBe('warning');
  });

  it('policy/unsupported-element: a role trust policy has no Resource ("MalformedPolicyDocument: Has prohibited field Resource")', () => {
    const ok = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    };
    expect(parseValue(ok, 'trust').findings).toEqual([]);
    const text = `{ ${V}, "Statement": [{ "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole", "Resource": "*" }] }`;
    expectFinding(parseText(text, 'trust'), 'policy/unsupported-element', {
      severity: 'error',
      pointer: '/Statement/0/Resource',
      text,
      marker: '"*"',
    });
  });

  it('policy/unexpected-principal: identity-based policies cannot have Principal (Principal page; Access Analyzer "Unsupported principal")', () => {
    const text = `{ ${V}, "Statement": [{ "Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*" }] }`;
    expectFinding(parseText(text, 'identity'), 'policy/unexpected-principal', {
      severity: 'error',
      pointer: '/Statement/0/Principal',
      text,
      marker: '"*"',
    });
    expect(codes(parseText(text, 'boundary'))).toContain('policy/unexpected-principal');
  });

  it('policy/unexpected-principal: SCPs do not support Principal or NotPrincipal (SCP syntax)', () => {
    const doc = parseValue(
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', NotPrincipal: { AWS: '111122223333' }, Action: '*', Resource: '*' }],
      },
      'scp',
    );
    expect(findingsWith(doc, 'policy/unexpected-principal')[0]!.source?.pointer).toBe(
      '/doc/Statement/0/NotPrincipal',
    );
  });

  it('policy/missing-principal: resource-based and trust policies need Principal or NotPrincipal (grammar notes; "Missing principal")', () => {
    const text = `{ ${V}, "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*" }] }`;
    expectFinding(parseText(text, 'resource'), 'policy/missing-principal', {
      severity: 'error',
      pointer: '/Statement/0',
      text,
      marker: '{ "Effect"',
    });
    expect(
      codes(
        parseValue(
          { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] },
          'trust',
        ),
      ),
    ).toEqual(['policy/missing-principal']);
  });

  it('policy/principal-and-notprincipal: both in one statement', () => {
    const doc = parseValue(
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Deny',
            Principal: '*',
            NotPrincipal: { AWS: '111122223333' },
            Action: '*',
            Resource: '*',
          },
        ],
      },
      'resource',
    );
    expect(findingsWith(doc, 'policy/principal-and-notprincipal')[0]!.source?.pointer).toBe(
      '/doc/Statement/0/NotPrincipal',
    );
  });

  it('RCPs: only "Principal": "*", no NotAction and no NotPrincipal (RCP syntax)', () => {
    const doc = parseValue(
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Deny', Principal: { AWS: '111122223333' }, Action: 's3:*', Resource: '*' },
          { Effect: 'Deny', Principal: '*', NotAction: 's3:*', Resource: '*' },
        ],
      },
      'rcp',
    );
    expect(findingsWith(doc, 'policy/invalid-principal')[0]!.source?.pointer).toBe(
      '/doc/Statement/0/Principal',
    );
    expect(findingsWith(doc, 'policy/unsupported-element')[0]!.source?.pointer).toBe(
      '/doc/Statement/1/NotAction',
    );
  });

  it('policy/duplicate-sid: an error in IAM policies, located at the second Sid (Access Analyzer "Unique Sids required")', () => {
    const text = `{ ${V}, "Statement": [
  { "Sid": "S1", "Effect": "Allow", "Action": "s3:*", "Resource": "*" },
  { "Sid": "S1", "Effect": "Deny", "Action": "iam:*", "Resource": "*" }
] }`;
    expectFinding(parseText(text, 'identity'), 'policy/duplicate-sid', {
      severity: 'error',
      pointer: '/Statement/1/Sid',
      text,
      marker: '"S1"',
      occurrence: 1,
    });
  });

  it('policy/duplicate-sid: a warning in other resource policies ("Unique Sids recommended")', () => {
    const st = {
      Sid: 'Same',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::b/*',
    };
    const doc = parseValue({ Version: '2012-10-17', Statement: [st, st] }, 'resource');
    expect(findingsWith(doc, 'policy/duplicate-sid')[0]!.severity).toBe('warning');
  });

  it('policy/invalid-sid: IAM accepts only A-Z, a-z and 0-9 in Sid (grammar notes, sid_string; "Unsupported Sid")', () => {
    const text = `{ ${V}, "Statement": [{ "Sid": "Read logs", "Effect": "Allow", "Action": "s3:*", "Resource": "*" }] }`;
    expectFinding(parseText(text, 'identity'), 'policy/invalid-sid', {
      severity: 'error',
      pointer: '/Statement/0/Sid',
      text,
      marker: '"Read logs"',
    });
    expect(
      codes(
        parseValue(
          {
            Version: '2012-10-17',
            Statement: [{ Sid: 'Read logs', Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }],
          },
          'resource',
        ),
      ),
    ).toEqual([]);
  });

  it('policy/invalid-action: an action must be service:ActionName or *', () => {
    const text = `{ ${V}, "Statement": [{ "Effect": "Allow", "Action": ["s3:GetObject", "s3GetObject"], "Resource": "*" }] }`;
    expectFinding(parseText(text), 'policy/invalid-action', {
      severity: 'error',
      pointer: '/Statement/0/Action/1',
      text,
      marker: '"s3GetObject"',
    });
  });

  it('policy/invalid-value-type: numbers are kept as strings, objects dropped, both reported', () => {
    const doc = parseValue({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:*', 5], Resource: [{}, '*'] }],
    });
    const st = doc.statements[0]!;
    expect(st.action!.values).toEqual(['s3:*', '5']);
    expect(st.resource!.values).toEqual(['*']);
    expect(st.resource!.valueSources.map((s) => s.pointer)).toEqual(['/doc/Statement/0/Resource/1']);
    expect(findingsWith(doc, 'policy/invalid-value-type').map((f) => f.source?.pointer)).toEqual([
      '/doc/Statement/0/Action/1',
      '/doc/Statement/0/Resource/0',
    ]);
  });

  it('policy/empty-action: an empty Action list applies to nothing ("Suggestion – Empty array action")', () => {
    const doc = parseValue({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: [], Resource: '*' }],
    });
    expect(findingsWith(doc, 'policy/empty-action')[0]!.severity).toBe('info');
  });
});

describe('Principal and NotPrincipal normalization (AWS JSON policy elements: Principal)', () => {
  const principalOf = (p: unknown, element = 'Principal') =>
    parseValue(
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', [element]: p, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }],
      },
      'resource',
    );

  it('"*" is the wildcard', () => {
    const doc = principalOf('*');
    expect(doc.findings).toEqual([]);
    const p = doc.statements[0]!.principal!;
    expect(p.wildcard).toBe(true);
    expect(p.aws).toBeUndefined();
    expect(p.source.pointer).toBe('/doc/Statement/0/Principal');
  });

  it('{"AWS": "*"} stays an AWS list with "*"', () => {
    const p = principalOf({ AWS: '*' }).statements[0]!.principal!;
    expect(p.wildcard).toBe(false);
    expect(p.aws!.values).toEqual(['*']);
    expect(p.aws!.valueSources[0]!.pointer).toBe('/doc/Statement/0/Principal/AWS');
  });

  it('each of AWS, Service, Federated and CanonicalUser takes a string or a list', () => {
    const canonical = 'a'.repeat(64);
    const doc = principalOf({
      AWS: ['arn:aws:iam::111122223333:root', '444455556666'],
      Service: 'ec2.amazonaws.com',
      Federated: ['cognito-identity.amazonaws.com'],
      CanonicalUser: canonical,
    });
    expect(doc.findings).toEqual([]);
    const p = doc.statements[0]!.principal!;
    expect(p.aws!.values).toEqual(['arn:aws:iam::111122223333:root', '444455556666']);
    expect(p.aws!.valueSources.map((s) => s.pointer)).toEqual([
      '/doc/Statement/0/Principal/AWS/0',
      '/doc/Statement/0/Principal/AWS/1',
    ]);
    expect(p.service!.values).toEqual(['ec2.amazonaws.com']);
    expect(p.federated!.values).toEqual(['cognito-identity.amazonaws.com']);
    expect(p.canonicalUser!.values).toEqual([canonical]);
  });

  it('NotPrincipal is normalized the same way', () => {
    const st = principalOf({ AWS: 'arn:aws:iam::111122223333:user/alice' }, 'NotPrincipal').statements[0]!;
    expect(st.principal).toBeUndefined();
    expect(st.notPrincipal!.aws!.values).toEqual(['arn:aws:iam::111122223333:user/alice']);
    expect(st.notPrincipal!.source.pointer).toBe('/doc/Statement/0/NotPrincipal');
  });

  it('policy/invalid-principal: a bare ARN string is reported ("Invalid principal format") and read as an AWS principal', () => {
    const text = `{ ${V}, "Statement": [{ "Effect": "Allow", "Principal": "arn:aws:iam::111122223333:root", "Action": "s3:*", "Resource": "*" }] }`;
    const doc = parseText(text, 'resource');
    expectFinding(doc, 'policy/invalid-principal', {
      severity: 'error',
      pointer: '/Statement/0/Principal',
      text,
      marker: '"arn:aws:iam::111122223333:root"',
    });
    expect(doc.statements[0]!.principal!.aws!.values).toEqual(['arn:aws:iam::111122223333:root']);
  });

  it('policy/invalid-principal: principal keys are AWS, Service, Federated, CanonicalUser ("Invalid principal key")', () => {
    const doc = principalOf({ aws: '111122223333', User: 'bob' });
    const f = findingsWith(doc, 'policy/invalid-principal');
    expect(f.map((x) => x.source?.pointer)).toEqual([
      '/doc/Statement/0/Principal/aws',
      '/doc/Statement/0/Principal/User',
    ]);
    expect(doc.statements[0]!.principal!.aws!.values).toEqual(['111122223333']);
  });

  it('policy/empty-principal: an empty object names no one ("Suggestion – Empty object principal")', () => {
    expect(findingsWith(principalOf({}), 'policy/empty-principal')[0]!.severity).toBe('info');
  });
});

describe('Action/NotAction and Resource/NotResource normalization', () => {
  it('a single string becomes a one-value list whose value source is the element', () => {
    const doc = parseValue({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::x' }],
    });
    const st = doc.statements[0]!;
    expect(doc.findings).toEqual([]);
    expect(st.action).toBeUndefined();
    expect(st.resource).toBeUndefined();
    expect(st.notAction!.values).toEqual(['iam:*']);
    expect(st.notAction!.valueSources[0]!.pointer).toBe('/doc/Statement/0/NotAction');
    expect(st.notResource!.values).toEqual(['arn:aws:s3:::x']);
  });

  it('element sources keep the document owners and extend its pointer', () => {
    const doc = parsePolicy(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }] },
      {
        kind: 'identity',
        source: {
          file: 't.json',
          pointer: '/Resources/Role/Properties/Policies/0/PolicyDocument',
          logicalId: 'Role',
          constructPath: 'App/Role',
        },
      },
    );
    const s = doc.statements[0]!.action!.valueSources[0]!;
    expect(s).toEqual({
      file: 't.json',
      pointer: '/Resources/Role/Properties/Policies/0/PolicyDocument/Statement/0/Action/0',
      logicalId: 'Role',
      constructPath: 'App/Role',
    });
  });

  it('JSON text input is read like the object; element sources keep pointers only', () => {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
    const doc = parsePolicy(JSON.stringify(policy, null, 2), {
      kind: 'identity',
      source: { file: 'plan.json', pointer: '/resource_changes/0/change/after/policy', line: 40, column: 9 },
      locate: () => ({ line: 99, column: 99 }),
    });
    expect(doc.findings).toEqual([]);
    expect(doc.source.line).toBe(40);
    const src = doc.statements[0]!.action!.source;
    expect(src.pointer).toBe('/resource_changes/0/change/after/policy/Statement/0/Action');
    expect(src.line).toBeUndefined();
  });
});

describe('Condition normalization (Condition element; Condition operators)', () => {
  const withCondition = (condition: unknown) =>
    parseValue({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: condition }],
    });

  it('one clause per operator and key; booleans and numbers become strings', () => {
    const doc = withCondition({
      Bool: { 'aws:SecureTransport': true, 'aws:MultiFactorAuthPresent': [false] },
      NumericLessThan: { 's3:max-keys': 10 },
      StringEquals: { 'aws:PrincipalTag/team': ['a', 'b'] },
    });
    expect(doc.findings).toEqual([]);
    const cs = doc.statements[0]!.conditions;
    expect(cs.map((c) => [c.operator, c.key, c.values])).toEqual([
      ['Bool', 'aws:SecureTransport', ['true']],
      ['Bool', 'aws:MultiFactorAuthPresent', ['false']],
      ['NumericLessThan', 's3:max-keys', ['10']],
      ['StringEquals', 'aws:PrincipalTag/team', ['a', 'b']],
    ]);
    expect(cs[3]!.source.pointer).toBe('/doc/Statement/0/Condition/StringEquals/aws:PrincipalTag~1team');
  });

  it('decodes set operators and IfExists', () => {
    const cs = withCondition({
      'ForAllValues:StringLikeIfExists': { 'aws:TagKeys': 'a*' },
      'ForAnyValue:StringEquals': { 'aws:TagKeys': 'b' },
      StringNotEqualsIfExists: { 'aws:username': 'c' },
      Null: { 'aws:TokenIssueTime': 'true' },
    }).statements[0]!.conditions;
    expect(cs.map((c) => ({ operator: c.operator, base: c.base, set: c.set, ifExists: c.ifExists }))).toEqual(
      [
        {
          operator: 'ForAllValues:StringLikeIfExists',
          base: 'StringLike',
          set: 'ForAllValues',
          ifExists: true,
        },
        { operator: 'ForAnyValue:StringEquals', base: 'StringEquals', set: 'ForAnyValue', ifExists: false },
        { operator: 'StringNotEqualsIfExists', base: 'StringNotEquals', set: undefined, ifExists: true },
        { operator: 'Null', base: 'Null', set: undefined, ifExists: false },
      ],
    );
  });

  it('policy/unknown-condition-operator: operator names are case-sensitive ("Invalid condition operator"; IAM rejects "stringEquals")', () => {
    // IAM answers `MalformedPolicyDocument: Invalid Condition type : stringEquals`
    // (reported in https://github.com/ministryofjustice/modernisation-platform-environments/pull/8893).
    const text = `{ ${V}, "Statement": [{ "Effect": "Allow", "Action": "s3:*", "Resource": "*",
  "Condition": { "stringEquals": { "aws:username": "bob" } } }] }`;
    const doc = parseText(text);
    const f = expectFinding(doc, 'policy/unknown-condition-operator', {
      severity: 'error',
      pointer: '/Statement/0/Condition/stringEquals',
      text,
      marker: '{ "aws:username"',
    });
    expect(f.message).toMatch(/did you mean "StringEquals"/);
    // The clause is kept, with no base operator, so the engine cannot silently ignore it.
    const c = doc.statements[0]!.conditions[0]!;
    expect(c.base).toBeUndefined();
    expect(c.key).toBe('aws:username');
    expect(c.values).toEqual(['bob']);
  });

  it('policy/unknown-condition-operator: made-up operators and prefixes', () => {
    const doc = withCondition({
      StringEqualz: { 'aws:username': 'x' },
      'ForSomeValues:StringEquals': { 'aws:TagKeys': 'x' },
    });
    expect(findingsWith(doc, 'policy/unknown-condition-operator')).toHaveLength(2);
  });

  it('policy/null-with-ifexists: Null cannot take IfExists ("Error – Null with if exists")', () => {
    const doc = withCondition({ NullIfExists: { 'aws:TokenIssueTime': 'true' } });
    expect(findingsWith(doc, 'policy/null-with-ifexists')[0]!.source?.pointer).toBe(
      '/doc/Statement/0/Condition/NullIfExists',
    );
  });

  it('policy/duplicate-condition-key: the same key twice with different case ("Duplicate keys with different case")', () => {
    const doc = withCondition({ StringEquals: { 'aws:username': 'a', 'AWS:UserName': 'b' } });
    expect(findingsWith(doc, 'policy/duplicate-condition-key')[0]!.source?.pointer).toBe(
      '/doc/Statement/0/Condition/StringEquals/AWS:UserName',
    );
  });

  it('policy/invalid-condition: an unreadable Condition keeps the statement conditional on an unknown', () => {
    const doc = withCondition('aws:SecureTransport');
    expect(codes(doc)).toEqual(['policy/invalid-condition']);
    const cs = doc.statements[0]!.conditions;
    expect(cs).toHaveLength(1);
    expect(unknownConditionClause(cs[0]!)).toBeInstanceOf(Unknown);
  });

  it('policy/invalid-condition-value: nested objects are not condition values', () => {
    const doc = withCondition({ StringEquals: { 'aws:username': ['a', { b: 1 }, null] } });
    expect(doc.statements[0]!.conditions[0]!.values).toEqual(['a']);
    expect(findingsWith(doc, 'policy/invalid-condition-value').map((f) => f.source?.pointer)).toEqual([
      '/doc/Statement/0/Condition/StringEquals/aws:username/1',
      '/doc/Statement/0/Condition/StringEquals/aws:username/2',
    ]);
  });

  it('empty blocks and empty value lists are reported as suggestions', () => {
    expect(findingsWith(withCondition({}), 'policy/empty-condition')[0]!.severity).toBe('info');
    expect(
      findingsWith(withCondition({ StringEquals: { 'aws:username': [] } }), 'policy/empty-condition-values'),
    ).toHaveLength(1);
  });
});

describe('unknown values stay in place', () => {
  const u = new Unknown('known after apply', { address: 'aws_s3_bucket.b' });

  it('a whole-document Unknown sets doc.unknown, with no statements and no findings', () => {
    const doc = parsePolicy(u, { kind: 'identity', source: { file: FILE } });
    expect(doc.unknown).toBe(u);
    expect(doc.statements).toEqual([]);
    expect(doc.findings).toEqual([]);
  });

  it('an Unknown statement is kept as a statement with unknown set', () => {
    const doc = parseValue({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, u],
    });
    expect(doc.findings).toEqual([]);
    expect(doc.statements).toHaveLength(2);
    expect(doc.statements[1]!.unknown).toBe(u);
    expect(doc.statements[1]!.effect).toBe(u);
    expect(doc.statements[1]!.source.pointer).toBe('/doc/Statement/1');
    expect(parseValue({ Version: '2012-10-17', Statement: u }).statements[0]!.unknown).toBe(u);
  });

  it('Unknown effect, action element, action value, resource value and condition values', () => {
    const doc = parseValue({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: u,
          Action: ['s3:GetObject', u],
          Resource: ['arn:aws:s3:::a/*', u],
          Condition: { StringEquals: { 'aws:username': u, 'aws:PrincipalTag/t': ['x', u] } },
        },
        { Effect: 'Deny', Action: u, Resource: u },
      ],
    });
    expect(doc.findings).toEqual([]);
    const [a, b] = doc.statements as [
      NonNullable<(typeof doc.statements)[0]>,
      NonNullable<(typeof doc.statements)[0]>,
    ];
    expect(a.effect).toBe(u);
    expect(a.action!.values[1]).toBe(u);
    expect(a.resource!.values[0]).toBe('arn:aws:s3:::a/*');
    expect(a.resource!.values[1]).toBe(u);
    expect(a.resource!.valueSources[1]!.pointer).toBe('/doc/Statement/0/Resource/1');
    expect(a.conditions[0]!.values).toEqual([u]);
    expect(a.conditions[1]!.values[1]).toBe(u);
    expect(unknownConditionClause(a.conditions[0]!)).toBeUndefined();
    expect(b.action!.values).toEqual([u]);
    expect(b.resource!.values[0]).toBe(u);
  });

  it('an Unknown Principal may be any principal: every principal list holds it', () => {
    const doc = parseValue(
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: u, Action: 's3:*', Resource: '*' }],
      },
      'resource',
    );
    expect(doc.findings).toEqual([]);
    const p = doc.statements[0]!.principal!;
    expect(p.wildcard).toBe(false);
    for (const list of [p.aws, p.service, p.federated, p.canonicalUser]) expect(list!.values).toEqual([u]);
  });

  it('an Unknown principal value stays in its list', () => {
    const doc = parseValue(
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: ['111122223333', u] }, Action: 's3:*', Resource: '*' },
        ],
      },
      'resource',
    );
    expect(doc.statements[0]!.principal!.aws!.values).toEqual(['111122223333', u]);
  });

  it('an Unknown Condition or operator block becomes a clause that stands for the Unknown', () => {
    const whole = parseValue({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: u }],
    });
    const c = whole.statements[0]!.conditions;
    expect(c).toHaveLength(1);
    expect(c[0]!.key).toBe(UNKNOWN_CONDITION_KEY);
    expect(unknownConditionClause(c[0]!)).toBe(u);

    const block = parseValue({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*', Condition: { 'ForAnyValue:StringLike': u } },
      ],
    });
    const b = block.statements[0]!.conditions[0]!;
    expect(b.operator).toBe('ForAnyValue:StringLike');
    expect(b.base).toBe('StringLike');
    expect(b.set).toBe('ForAnyValue');
    expect(unknownConditionClause(b)).toBe(u);
    expect(b.source.pointer).toBe('/doc/Statement/0/Condition/ForAnyValue:StringLike');
  });

  it('an Unknown Version is reported as info and read as absent', () => {
    const doc = parseValue({ Version: u, Statement: [] });
    expect(doc.version).toBeUndefined();
    expect(codes(doc)).toContain('policy/unknown-version');
    expect(codes(doc)).not.toContain('policy/missing-version');
  });
});
