// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} is CloudFormation syntax here.
// The analyses' own shortcuts on a name the inputs leave unknown (`(unknown-…)`,
// src/engine/unknown-names.ts), and the concrete names a managed policy with such a name may have.
// - An `only` check's allowed entry covers a witness whose name holds an unknown part only when
//   it names every name the part may give (`patternNamesEvery`): before, the entry was matched
//   against the marker text, so `app-data-*-*` covered `app-data-(unknown-generated-…)` (the
//   marker holds a `-`) and the check passed, though the bucket's name is any `app-data-` name.
// - What joining a group gives a user (iam:AddUserToGroup, analysis/escalation-gain.ts
//   `valueCovers`): an Allow of the group on `app-data-(unknown-…)/*` is the user's already only
//   when one of the user's own patterns contains every name the part may give
//   (`unknownPartsAsRuns`); before, `app-data-*-*/*` contained its marker text and the group gave
//   "nothing", so the review found no escalation.
// - A Federated principal naming an identity provider whose name is unknown (a SAML provider
//   without Name: `Federated: !Ref Saml`, engine/compile-policy.ts `principalValues`): a request
//   from a provider of a name it may have might be from it (indeterminate); before, the value was
//   compared as text and such a request was denied, though in the world where the provider has
//   that name the trust policy lets it in. Likewise a trust naming a provider by a concrete name,
//   and a request from the provider whose name is unknown.
// - A concrete name a managed policy with an unknown name may have (`policy/App-Pol-xyz`): no
//   policy or attribute of the managed policy is read by the request's ARN, so the only thing
//   that changes in the world where it has that name is the Resource or condition that names it
//   by its unknown part, which already matches the concrete name MAYBE: indeterminate.
// AWS pages the rules come from:
// - IAM User Guide, "IAM JSON policy elements: Resource": "You can use wildcard characters (* and
//   ?) within any ARN segment (the parts separated by colons) ... An asterisk (*) represents any
//   combination of zero or more characters, and a question mark (?) represents any single
//   character."
// - CloudFormation Template Reference, AWS::S3::Bucket, BucketName: "If you don't specify a name,
//   AWS CloudFormation generates a unique ID and uses that ID for the bucket name."
// - CloudFormation Template Reference, AWS::IAM::SAMLProvider, Name: "If you don't specify a
//   name, AWS CloudFormation generates a unique physical ID and uses that ID for the SAML provider
//   name." IAM User Guide, "IAM JSON policy elements: Principal": "Federated: 'arn:aws:iam::
//   AWS-account-ID:saml-provider/provider-name'" for SAML session principals.
// - CloudFormation Template Reference, AWS::IAM::ManagedPolicy, ManagedPolicyName: "If you don't
//   specify a name, AWS CloudFormation generates a unique physical ID and uses that ID for the
//   policy name."

import { describe, expect, it } from 'vitest';
import { groupGain } from '../src/analysis/escalation-gain.js';
import { checkOnly } from '../src/analysis/exhaustive.js';
import { compileModel } from '../src/engine/index.js';
import { ACCOUNT, modelOf } from './fixtures/cfn/load.js';
import { cfnUser } from './helpers/cfn-templates.js';

/** A stack with `extra` resources and a user dev with `statements`. */
function stack(extra: string, statements: string): string {
  return `Resources:
${extra}
${cfnUser('Dev', 'dev', 'p', [])}${statements}
`;
}

describe('an only check on a bucket whose name CloudFormation generates', () => {
  const m = modelOf(
    stack(
      `  Data:
    Type: AWS::S3::Bucket`,
      `              - {Effect: Allow, Action: 's3:GetObject', Resource: !Sub '\${Data.Arn}/*'}`,
    ),
    { stackName: 'App' },
  );
  const only = (resource: string) =>
    checkOnly(compileModel(m), m.users[0]!.arn, [{ action: 's3:GetObject', resource }]);

  it('the bucket name is its stack and logical id, then a generated part', () => {
    expect(m.resources.map((r) => r.arn)).toEqual([
      expect.stringMatching(/^arn:aws:s3:::app-data-\(unknown-generated-[^)]*\)$/),
    ]);
  });

  it('the reproduction: an entry that matches the marker text only does not cover it (the check held)', () => {
    const r = only('arn:aws:s3:::app-data-*-*/*');
    expect(r.holds).toBe(false);
    expect(r.violations.map((v) => v.resource)).toEqual([
      expect.stringMatching(/^arn:aws:s3:::app-data-\(unknown-generated-[^)]*\)\/.+/),
    ]);
  });

  it('an entry naming every name it may have covers it', () => {
    expect(only('arn:aws:s3:::app-data-*/*').holds).toBe(true);
    expect(only('arn:aws:s3:::*').holds).toBe(true);
    expect(only('arn:aws:s3:::app-data-x*/*').holds).toBe(false);
  });
});

describe('a concrete name a managed policy whose name CloudFormation generates may have', () => {
  const decideOn = (
    statements: string,
    action: string,
    resource: string,
    context?: Record<string, string>,
  ) => {
    const m = modelOf(
      stack(
        `  Pol:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - {Effect: Allow, Action: 's3:ListAllMyBuckets', Resource: '*'}`,
        statements,
      ),
      { stackName: 'App' },
    );
    return compileModel(m).decide({
      principal: m.users[0]!.arn,
      action,
      resource,
      ...(context ? { context } : {}),
    }).decision;
  };
  const pol = (name: string) => `arn:aws:iam::${ACCOUNT}:policy/${name}`;

  it('a Resource naming it by Ref: indeterminate on a name it may have, decided on others', () => {
    const allow = `              - {Effect: Allow, Action: 'iam:CreatePolicyVersion', Resource: !Ref Pol}`;
    expect(decideOn(allow, 'iam:CreatePolicyVersion', pol('App-Pol-xyz'))).toBe('indeterminate');
    expect(decideOn(allow, 'iam:CreatePolicyVersion', pol('Other'))).toBe('deny');
    const deny = `              - {Effect: Allow, Action: 'iam:*', Resource: '*'}
              - {Effect: Deny, Action: 'iam:CreatePolicyVersion', Resource: !Ref Pol}`;
    expect(decideOn(deny, 'iam:CreatePolicyVersion', pol('App-Pol-xyz'))).toBe('indeterminate');
    expect(decideOn(deny, 'iam:CreatePolicyVersion', pol('Other'))).toBe('allow');
  });

  it('a condition naming it by Ref (iam:PolicyARN): indeterminate on a name it may have', () => {
    const st = `              - {Effect: Allow, Action: 'iam:AttachUserPolicy', Resource: '*', Condition: {ArnEquals: {'iam:PolicyARN': !Ref Pol}}}`;
    const on = (arn: string) =>
      decideOn(st, 'iam:AttachUserPolicy', `arn:aws:iam::${ACCOUNT}:user/dev`, { 'iam:PolicyARN': arn });
    expect(on(pol('App-Pol-xyz'))).toBe('indeterminate');
    expect(on(pol('Other'))).toBe('deny');
  });
});

describe('what joining a group gives, its Allow on a bucket whose name CloudFormation generates', () => {
  // IAM User Guide, "IAM user groups": "User groups let you specify permissions for multiple
  // users, which can make it easier to manage the permissions for those users."
  const gain = (own: string) => {
    const m = modelOf(
      stack(
        `  Data:
    Type: AWS::S3::Bucket
  Readers:
    Type: AWS::IAM::Group
    Properties:
      GroupName: readers
      Policies:
        - PolicyName: g
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - {Effect: Allow, Action: 's3:GetObject', Resource: !Sub '\${Data.Arn}/*'}`,
        `              - {Effect: Allow, Action: 's3:GetObject', Resource: '${own}'}
              - {Effect: Allow, Action: 'iam:AddUserToGroup', Resource: '*'}`,
      ),
      { stackName: 'App' },
    );
    return groupGain(compileModel(m), m.users[0]!, m.groups[0]!);
  };

  it('the reproduction: an own pattern that contains the marker text only is not the group Allow (was: nothing)', () => {
    const g = gain('arn:aws:s3:::app-data-*-*/*');
    expect(g.gives).not.toBe('nothing');
    expect(g.gives === 'unknown' && g.why).toContain('generated by CloudFormation');
  });

  it('an own pattern containing every name it may have: nothing', () => {
    expect(gain('arn:aws:s3:::app-data-*/*').gives).toBe('nothing');
    expect(gain('arn:aws:s3:::*').gives).toBe('nothing');
  });
});

describe('a trust policy naming a SAML provider whose name CloudFormation generates', () => {
  const engineFor = (federated: string) => {
    const m = modelOf(
      `Resources:
  Saml:
    Type: AWS::IAM::SAMLProvider
    Properties: {SamlMetadataDocument: x}
  R:
    Type: AWS::IAM::Role
    Properties:
      RoleName: r
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - {Effect: Allow, Action: 'sts:AssumeRoleWithSAML', Principal: {Federated: ${federated}}}
`,
      { stackName: 'App' },
    );
    const e = compileModel(m);
    const saml = String(m.identityProviders[0]!.arn);
    const from = (principal: string) =>
      e.decide({ principal, action: 'sts:AssumeRoleWithSAML', resource: m.roles[0]!.arn }).decision;
    return { saml, from };
  };
  const provider = (name: string) => `arn:aws:iam::${ACCOUNT}:saml-provider/${name}`;

  it('the provider is wholly unknown', () => {
    expect(engineFor('!Ref Saml').saml).toMatch(/saml-provider\/\(unknown-generated-Saml-[^)]*\)$/);
  });

  it('the reproduction: a request from a provider of a name it may have is indeterminate (was deny)', () => {
    const { saml, from } = engineFor('!Ref Saml');
    expect(from(saml)).toBe('allow');
    expect(from(provider('App-Saml-xyz'))).toBe('indeterminate');
  });

  it('the reproduction: a trust naming a provider by name, a request from the unknown one (was deny)', () => {
    const { saml, from } = engineFor(`'${provider('corp')}'`);
    expect(from(provider('corp'))).toBe('allow');
    expect(from(saml)).toBe('indeterminate');
    // another account's provider is none of the inputs'
    expect(from('arn:aws:iam::999988887777:saml-provider/corp')).toBe('deny');
  });
});
