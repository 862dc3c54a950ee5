// Exhaustive checks (src/analysis/exhaustive.ts) on the company1 scenario and its mutations, and
// on small models that pin how witnesses are found: resources outside the model, Deny carve-outs
// (differences of patterns), NotResource, NotAction, actions the catalog does not know, trust
// policies that name the principal, and conditional grants.
// Evaluation rules: IAM User Guide, "Policy evaluation logic"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).

import { fullAccessCompletion } from '../src/aws/org-managed-policies.js';
import { describe, expect, it } from 'vitest';
import { checkOnly, checkOnlyPrincipals } from '../src/analysis/exhaustive.js';
import type { Witness } from '../src/analysis/types.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { Unknown } from '../src/model/unknown.js';
import { parsePolicy } from '../src/policy/parse.js';
import { compileArnPattern } from '../src/policy/wildcard.js';
import { ACCOUNT, arn, buildCompany1, type Company1Mutations, SESSION_POLICY } from './helpers/company1.js';

const NOW = new Date('2026-11-23T00:00:00Z');
const engineOf = (m: Company1Mutations = {}) => compileModel(buildCompany1(m), { now: NOW });
const matches = (pattern: string, s: string) => compileArnPattern(pattern).test(s);
const policy = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const identityDoc = (value: unknown, name = 'test') =>
  parsePolicy(value, { kind: 'identity', source: { file: 'test.ts', pointer: `/${name}` } });
const statementsOf = (w: Witness) => w.grants.map((g) => `${g.stage} ${g.policy} ${g.statement}`);

const INTERN_ONLY = [{ action: 's3:ListBucket', resource: 'arn:aws:s3:::company1-logs' }];
const LOGS_ROLE_ONLY = [{ action: 's3:GetObject', resource: 'arn:aws:s3:::company1-logs/*' }];
const HR_READERS = [arn.user('john'), arn.user('sarah'), arn.role('JohnUploadRole')];

/** A copy of `model` with one more inline policy on role `name`. */
function withRoleInlinePolicy(model: Model, name: string, value: unknown): Model {
  return {
    ...model,
    roles: model.roles.map((r) =>
      r.name === name
        ? {
            ...r,
            inlinePolicies: [
              ...r.inlinePolicies,
              {
                name: 'Extra',
                document: identityDoc(value, 'Extra'),
                source: { file: 'test.ts', logicalId: 'Extra' },
              },
            ],
          }
        : r,
    ),
  };
}

/** A copy of `model` where bucket `bucket` has the given resource policy. */
function withBucketPolicy(model: Model, bucket: string, value: unknown): Model {
  const doc = parsePolicy(value, { kind: 'resource', source: { file: 'test.ts', pointer: '/BucketPolicy' } });
  return {
    ...model,
    resources: model.resources.map((r) => (r.name === bucket ? { ...r, policy: doc } : r)),
  };
}

/** One user in the company1 account with the given identity policy. */
function oneUser(
  value: unknown,
  extra?: (b: ModelBuilder) => void,
  builderOptions: { scpFullAccessDetached?: readonly string[] } = {},
): { model: Model; user: string } {
  const b = new ModelBuilder({
    completeOrgLevels: fullAccessCompletion(builderOptions.scpFullAccessDetached),
  });
  b.addAccount(ACCOUNT, 'us-west-2');
  b.addBucket({ bucketName: 'bucket', account: ACCOUNT, source: { file: 'test.ts', logicalId: 'Bucket' } });
  const user = b.addUser({
    name: 'alice',
    account: ACCOUNT,
    source: { file: 'test.ts', logicalId: 'Alice' },
  });
  b.addInlinePolicy(user, {
    name: 'AlicePolicy',
    document: identityDoc(value, 'AlicePolicy'),
    source: { file: 'test.ts' },
  });
  extra?.(b);
  return { model: b.build(), user: arn.user('alice') };
}

describe('checkOnly on the company1 scenario', () => {
  it('Sara-intern can only s3:ListBucket on company1-logs: the boundary caps Developers (ec2:*, logs read/write)', () => {
    // Permissions boundaries: the effective permissions are the intersection of identity-based
    // policies and the boundary (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html).
    const r = checkOnly(engineOf(), arn.user('Sara-intern'), INTERN_ONLY);
    expect(r.violations).toEqual([]);
    expect(r.holds).toBe(true);
    expect(r.unused).toEqual([]);
    expect(r.checked.actions).toBeGreaterThan(0);
    expect(r.checked.decisions).toBeGreaterThan(0);
  });

  it('fails when the boundary also allows s3:GetObject on company1-logs/*, naming the boundary statement and its source', () => {
    const r = checkOnly(engineOf({ internBoundaryGetObject: true }), arn.user('Sara-intern'), INTERN_ONLY);
    expect(r.holds).toBe(false);
    const w = r.violations.find((v) => v.action === 's3:GetObject');
    expect(w).toBeDefined();
    expect(w!.access).toBe('allow');
    expect(matches('arn:aws:s3:::company1-logs/*', w!.resource)).toBe(true);
    const boundary = w!.grants.find((g) => g.stage === 'boundary');
    expect(boundary?.policy).toContain('InternBoundaryPolicy');
    expect(boundary?.statement).toBe('Statement[1]');
    expect(boundary?.source?.pointer).toBe('/InternBoundaryPolicy/Statement/1');
    expect(w!.grants.some((g) => g.stage === 'identity' && g.policy?.includes('Company1-Logs-Policy'))).toBe(
      true,
    );
    // Only s3:GetObject on the logs objects is new: nothing else shows up.
    expect(r.violations.every((v) => v.action === 's3:GetObject')).toBe(true);
  });

  it('fails when the boundary is removed: the Developers policies reach the intern', () => {
    const r = checkOnly(engineOf({ removeInternBoundary: true }), arn.user('Sara-intern'), INTERN_ONLY);
    expect(r.holds).toBe(false);
    expect(r.violations.length).toBeLessThanOrEqual(20);
    const policies = new Set(r.violations.flatMap((v) => v.grants.map((g) => g.policy?.split(' ')[0])));
    // Both policies of the Developers group are named, not 20 ec2 actions of one statement.
    expect(policies).toContain('Developers_Policy');
    expect(policies).toContain('Company1-Logs-Policy');
    const put = r.violations.find((v) => v.action === 's3:PutObject');
    expect(put && matches('arn:aws:s3:::company1-logs/*', put.resource)).toBe(true);
    const sales = r.violations.find(
      (v) => v.action === 's3:GetObject' && matches('arn:aws:s3:::company1-sales/*', v.resource),
    );
    expect(sales).toBeDefined();
    // ec2:StopInstances is denied explicitly (an explicit deny in any policy wins).
    expect(r.violations.some((v) => v.action === 'ec2:StopInstances')).toBe(false);
  });

  it('respects maxWitnesses', () => {
    const r = checkOnly(engineOf({ removeInternBoundary: true }), arn.user('Sara-intern'), INTERN_ONLY, {
      maxWitnesses: 3,
    });
    expect(r.violations).toHaveLength(3);
  });

  it('Company1-Logs-Role (a session of the role) can only s3:GetObject on company1-logs/*', () => {
    const r = checkOnly(engineOf(), arn.role('Company1-Logs-Role'), LOGS_ROLE_ONLY);
    expect(r.violations).toEqual([]);
    expect(r.holds).toBe(true);
  });

  it('fails when the role gets more, with the new statement as the grant', () => {
    const model = withRoleInlinePolicy(
      buildCompany1(),
      'Company1-Logs-Role',
      policy({
        Sid: 'AlsoWrite',
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: 'arn:aws:s3:::company1-logs/*',
      }),
    );
    const r = checkOnly(compileModel(model, { now: NOW }), arn.role('Company1-Logs-Role'), LOGS_ROLE_ONLY);
    expect(r.holds).toBe(false);
    expect(r.violations).toHaveLength(1);
    const w = r.violations[0]!;
    expect(w.action).toBe('s3:PutObject');
    expect(statementsOf(w)).toEqual([
      'identity inline policy Extra of role Company1-Logs-Role Sid "AlsoWrite"',
    ]);
    expect(w.grants[0]!.source?.pointer).toBe('/Extra/Statement/0');
  });

  it('lists allowed entries the principal cannot use', () => {
    const r = checkOnly(engineOf(), arn.user('Sara-intern'), [
      ...INTERN_ONLY,
      { action: 's3:PutObject', resource: 'arn:aws:s3:::company1-hr/*' },
    ]);
    expect(r.holds).toBe(true);
    expect(r.unused).toEqual([{ action: 's3:PutObject', resource: 'arn:aws:s3:::company1-hr/*' }]);
  });

  it("reports the uploader's temporary-credentials-only grant as conditional, with its condition", () => {
    // The Null operator on aws:TokenIssueTime: present only for temporary credentials
    // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null).
    const r = checkOnly(engineOf(), arn.user('uploader'), [
      { action: 's3:GetObject', resource: 'arn:aws:s3:::company1-uploads/*' },
    ]);
    expect(r.holds).toBe(false);
    const put = r.violations.find((v) => v.action === 's3:PutObject');
    expect(put?.access).toBe('conditional');
    expect(put?.conditions.join(' ')).toContain('aws:TokenIssueTime');
    expect(matches('arn:aws:s3:::company1-uploads/*', put!.resource)).toBe(true);
    expect(r.violations.map((v) => v.action).sort()).toEqual([
      's3:DeleteObject',
      's3:ListBucket',
      's3:PutObject',
    ]);
    expect(r.violations.every((v) => v.access === 'conditional')).toBe(true);
  });

  it('follows a trust policy that names the user: john can assume JohnUploadRole', () => {
    const r = checkOnly(engineOf(), arn.user('john'), [
      { action: 's3:*', resource: '*' },
      { action: 'ec2:*', resource: '*' },
    ]);
    const assume = r.violations.find((v) => v.action === 'sts:AssumeRole');
    expect(assume?.resource).toBe(arn.role('JohnUploadRole'));
    expect(assume?.grants.some((g) => g.stage === 'trust')).toBe(true);
    expect(r.violations.every((v) => v.action.toLowerCase().startsWith('sts:'))).toBe(true);
  });
});

describe('checkOnly witnesses beyond the model', () => {
  it('finds a bucket that is not in the model when a policy allows arn:aws:s3:::*', () => {
    const { model, user } = oneUser(
      policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::*' }),
    );
    const r = checkOnly(compileModel(model, { now: NOW }), user, [
      { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/*' },
    ]);
    expect(r.holds).toBe(false);
    const w = r.violations[0]!;
    expect(w.action).toBe('s3:GetObject');
    expect(matches('arn:aws:s3:::bucket/*', w.resource)).toBe(false);
    expect(model.resources.some((x) => w.resource.startsWith(`${x.arn}/`))).toBe(false);
  });

  it('finds the difference of an Allow and a Deny carve-out outside the allowed prefix', () => {
    // An explicit deny overrides the allow only where it matches.
    const { model, user } = oneUser(
      policy(
        { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' },
        { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/secret/*' },
      ),
    );
    const engine = compileModel(model, { now: NOW });
    const r = checkOnly(engine, user, [{ action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/public/*' }]);
    expect(r.holds).toBe(false);
    expect(r.violations).toHaveLength(1);
    const w = r.violations[0]!.resource;
    expect(matches('arn:aws:s3:::bucket/*', w)).toBe(true);
    expect(matches('arn:aws:s3:::bucket/secret/*', w)).toBe(false);
    expect(matches('arn:aws:s3:::bucket/public/*', w)).toBe(false);
    // With the whole bucket allowed it holds: the secret prefix is denied anyway.
    const all = checkOnly(engine, user, [{ action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/*' }]);
    expect(all.holds).toBe(true);
  });

  it('finds witnesses no readable instance of the patterns gives (exhaustive region search)', () => {
    // Every key with an "e" in it is denied, so `bucket/example` is no witness; `bucket/x` is.
    const { model, user } = oneUser(
      policy(
        { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' },
        { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*e*' },
      ),
    );
    const r = checkOnly(compileModel(model, { now: NOW }), user, [
      { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/public/*' },
    ]);
    expect(r.holds).toBe(false);
    const w = r.violations[0]!.resource;
    expect(w.startsWith('arn:aws:s3:::bucket/')).toBe(true);
    expect(w.slice('arn:aws:s3:::bucket/'.length)).not.toContain('e');
    expect(matches('arn:aws:s3:::bucket/public/*', w)).toBe(false);
  });

  it('treats NotResource as every resource except the listed ones', () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
    const { model, user } = oneUser(
      policy({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::bucket/private/*' }),
    );
    const engine = compileModel(model, { now: NOW });
    const r = checkOnly(engine, user, [{ action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/*' }]);
    expect(r.holds).toBe(false);
    for (const v of r.violations) {
      expect(matches('arn:aws:s3:::bucket/private/*', v.resource)).toBe(false);
      expect(matches('arn:aws:s3:::bucket/*', v.resource)).toBe(false);
    }
    expect(checkOnly(engine, user, [{ action: 's3:GetObject', resource: '*' }]).holds).toBe(true);
  });

  it('expands NotAction over the catalog and never reports the excluded actions', () => {
    const { model, user } = oneUser(policy({ Effect: 'Allow', NotAction: ['iam:*', 's3:*'], Resource: '*' }));
    const r = checkOnly(compileModel(model, { now: NOW }), user, []);
    expect(r.holds).toBe(false);
    expect(r.violations).toHaveLength(20);
    for (const v of r.violations)
      expect(v.action.toLowerCase().startsWith('iam:') || v.action.toLowerCase().startsWith('s3:')).toBe(
        false,
      );
  });

  it('only counts resources an action can name: actions without resource types need "*"', () => {
    // "Some AWS services do not allow you to specify actions for individual resources ... you use
    // the wildcard character (*) in the Resource element"
    // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
    const { model, user } = oneUser(
      policy({
        Effect: 'Allow',
        Action: ['s3:ListAllMyBuckets', 's3:GetObject'],
        Resource: 'arn:aws:s3:::*',
      }),
    );
    const engine = compileModel(model, { now: NOW });
    const r = checkOnly(engine, user, [{ action: 's3:GetObject', resource: 'arn:aws:s3:::*' }]);
    expect(r.holds).toBe(true);
    // s3:ListAllMyBuckets cannot name a bucket ARN, so it is not even a candidate.
    expect(r.checked.actions).toBe(1);
    const star = oneUser(policy({ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }));
    const s = checkOnly(compileModel(star.model, { now: NOW }), star.user, []);
    expect(s.violations.map((v) => `${v.action} ${v.resource}`)).toEqual(['s3:ListAllMyBuckets *']);
  });

  it('checks actions the catalog does not know when a policy names them', () => {
    const { model, user } = oneUser(policy({ Effect: 'Allow', Action: 'madeup:DoThing', Resource: '*' }));
    const r = checkOnly(compileModel(model, { now: NOW }), user, []);
    expect(r.violations.map((v) => v.action)).toEqual(['madeup:DoThing']);
  });

  it('checks an action the catalog does not know that only a Deny names, when a wildcard Allow could match it', () => {
    // The catalog has no madeup:* actions, so only the Deny's literal name makes it a candidate;
    // the Deny covers one resource, so the Allow still grants it on others.
    const { model, user } = oneUser(
      policy(
        { Effect: 'Allow', Action: 'madeup:*', Resource: '*' },
        { Effect: 'Deny', Action: 'madeup:Other', Resource: 'arn:aws:s3:::bucket' },
      ),
    );
    const r = checkOnly(compileModel(model, { now: NOW }), user, []);
    expect(r.violations.map((v) => v.action)).toEqual(['madeup:Other']);
    // A name no grant could match is not a candidate: the check holds.
    const denied = oneUser(
      policy(
        { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
        { Effect: 'Deny', Action: 'madeup:Other', Resource: '*' },
      ),
    );
    const holds = checkOnly(compileModel(denied.model, { now: NOW }), denied.user, [
      { action: 's3:GetObject', resource: '*' },
    ]);
    expect(holds.holds).toBe(true);
  });

  it('follows resource policies that name the principal (a bucket policy grant with no identity policy)', () => {
    const { model, user } = oneUser(policy(), (b) =>
      b.replaceResourcePolicy(
        'arn:aws:s3:::bucket',
        parsePolicy(
          policy({
            Sid: 'AliceReads',
            Effect: 'Allow',
            Principal: { AWS: arn.user('alice') },
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::bucket/reports/*',
          }),
          { kind: 'resource', source: { file: 'test.ts', pointer: '/BucketPolicy' } },
        ),
      ),
    );
    const r = checkOnly(compileModel(model, { now: NOW }), user, []);
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]!.action).toBe('s3:GetObject');
    expect(matches('arn:aws:s3:::bucket/reports/*', r.violations[0]!.resource)).toBe(true);
    expect(statementsOf(r.violations[0]!)[0]).toContain('Sid "AliceReads"');
  });
});

describe('checkOnly with boundaries of the whole request', () => {
  it('caps a role session by the session policy passed in the options', () => {
    // Session policies limit the role's identity-based permissions for that session
    // (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session).
    const engine = engineOf();
    const role = arn.role('JohnUploadRole');
    const upload = [{ action: 's3:PutObject', resource: 'arn:aws:s3:::company1-hr/*' }];
    expect(checkOnly(engine, role, upload, { sessionPolicy: SESSION_POLICY }).holds).toBe(true);
    const without = checkOnly(engine, role, upload);
    expect(without.holds).toBe(false);
    expect(without.violations.map((v) => v.action).sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
  });

  it('keeps only actions every SCP allows (an SCP must allow, an identity policy alone is not enough)', () => {
    // SCPs grant nothing but must allow (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html).
    const { model, user } = oneUser(policy({ Effect: 'Allow', Action: '*', Resource: '*' }), (b) =>
      b.addScp(
        ACCOUNT,
        parsePolicy(policy({ Effect: 'Allow', Action: ['s3:*', 'sqs:*'], Resource: '*' }), {
          kind: 'scp',
          source: { file: 'scp.json' },
        }),
      ),
    );
    const engine = compileModel(model, { now: NOW });
    const r = checkOnly(engine, user, [
      { action: 's3:*', resource: '*' },
      { action: 'sqs:*', resource: '*' },
    ]);
    expect(r.violations).toEqual([]);
    expect(r.holds).toBe(true);
    const s3Only = checkOnly(engine, user, [{ action: 's3:*', resource: '*' }]);
    expect(s3Only.holds).toBe(false);
    expect(s3Only.violations.every((v) => v.action.toLowerCase().startsWith('sqs:'))).toBe(true);
  });

  it('keeps the actions of two allow-list SCPs at one level (OR within a level, not AND)', () => {
    // "For a permission to be allowed for a specific account, there must be an explicit Allow
    // statement at every level from the root through each OU in the direct path to the account
    // (including the target account itself)" (AWS Organizations User Guide, "SCP evaluation",
    // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html):
    // one level's Allow may come from any of its SCPs, so the scan must not skip what only one allows.
    const scp = (actions: string[]) =>
      parsePolicy(policy({ Effect: 'Allow', Action: actions, Resource: '*' }), {
        kind: 'scp',
        source: { file: 'scp.json' },
      });
    const attach = (b: ModelBuilder) => {
      b.addScp(ACCOUNT, scp(['s3:*']), ACCOUNT);
      b.addScp(ACCOUNT, scp(['sqs:*']), ACCOUNT);
    };
    // FullAWSAccess shown detached from the account (--scp-full-access-detached): the two allow
    // lists are its level's only Allows.
    const { model, user } = oneUser(policy({ Effect: 'Allow', Action: '*', Resource: '*' }), attach, {
      scpFullAccessDetached: [ACCOUNT],
    });
    const engine = compileModel(model, { now: NOW });
    const s3Only = checkOnly(engine, user, [{ action: 's3:*', resource: '*' }]);
    expect(s3Only.holds).toBe(false);
    expect(s3Only.violations.length).toBeGreaterThan(0);
    expect(s3Only.violations.every((v) => v.action.toLowerCase().startsWith('sqs:'))).toBe(true);
    const both = checkOnly(engine, user, [
      { action: 's3:*', resource: '*' },
      { action: 'sqs:*', resource: '*' },
    ]);
    expect(both.holds).toBe(true);
    // Not shown detached, FullAWSAccess may remain beside them ("you must attach the replacement
    // SCP before you can remove the default SCP", DetachPolicy): the rest is not pruned.
    const maybe = oneUser(policy({ Effect: 'Allow', Action: '*', Resource: '*' }), attach);
    const open = checkOnly(compileModel(maybe.model, { now: NOW }), maybe.user, [
      { action: 's3:*', resource: '*' },
      { action: 'sqs:*', resource: '*' },
    ]);
    expect(open.holds).not.toBe(true);
  });

  it('resolves policy variables in Resource for the principal (aws:username)', () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
    const { model, user } = oneUser(
      policy({
        Effect: 'Allow',
        Action: 's3:GetObject',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
        Resource: 'arn:aws:s3:::bucket/home/${aws:username}/*',
      }),
    );
    const engine = compileModel(model, { now: NOW });
    expect(
      checkOnly(engine, user, [{ action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/home/alice/*' }])
        .holds,
    ).toBe(true);
    const other = checkOnly(engine, user, [
      { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/home/bob/*' },
    ]);
    expect(other.holds).toBe(false);
    expect(matches('arn:aws:s3:::bucket/home/alice/*', other.violations[0]!.resource)).toBe(true);
  });

  it('reports a grant through a policy variable on a free key as conditional on its value', () => {
    // aws:userid is not in the model: any value is possible, so the home prefix of some user id
    // is readable (IAM User Guide, "IAM policy elements: Variables and tags").
    const { model, user } = oneUser(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
      policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/${aws:userid}/*' }),
    );
    const engine = compileModel(model, { now: NOW });
    const r = checkOnly(engine, user, []);
    expect(r.holds).toBe(false);
    const w = r.violations[0]!;
    expect(w.access).toBe('conditional');
    expect(w.conditions[0]).toContain('aws:userid is');
    expect(matches('arn:aws:s3:::bucket/*/*', w.resource)).toBe(true);
    const only = checkOnly(engine, user, [{ action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/*' }]);
    expect(only.holds).toBe(true);
    expect(only.unused).toEqual([]);
  });

  it('a principal tag known only after deploy is a free policy variable, as the engine reads it', () => {
    // The engine fills aws:PrincipalTag/team from the model (request-context.ts
    // principalKeyValue); a tag set from a parameter is present with an unknown value, so
    // `${aws:PrincipalTag/team}` may name any prefix: the check finds the grant (IAM User Guide,
    // "IAM policy elements: Variables and tags").
    const b = new ModelBuilder();
    b.addAccount(ACCOUNT, 'us-west-2');
    b.addBucket({ bucketName: 'bucket', account: ACCOUNT, source: { file: 'test.ts', logicalId: 'Bucket' } });
    const user = b.addUser({
      name: 'alice',
      account: ACCOUNT,
      source: { file: 'test.ts', logicalId: 'Alice' },
      tags: { team: new Unknown('parameter Team has no value') },
    });
    b.addInlinePolicy(user, {
      name: 'AlicePolicy',
      document: identityDoc(
        policy({
          Effect: 'Allow',
          Action: 's3:GetObject',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
          Resource: 'arn:aws:s3:::bucket/${aws:PrincipalTag/team}/*',
        }),
      ),
      source: { file: 'test.ts' },
    });
    const engine = compileModel(b.build(), { now: NOW });
    const r = checkOnly(engine, arn.user('alice'), []);
    expect(r.holds).toBe(false);
    expect(r.violations[0]!.access).not.toBe('deny');
    expect(matches('arn:aws:s3:::bucket/*/*', r.violations[0]!.resource)).toBe(true);
  });

  it('tells regions apart when a condition names one (aws:RequestedRegion)', () => {
    // The model's region is eu-west-1; only us-west-2 escapes the Deny, so the witness must be
    // a queue in us-west-2 (the region comes from the resource ARN).
    const b = new ModelBuilder();
    b.addAccount(ACCOUNT, 'eu-west-1');
    const u = b.addUser({ name: 'alice', account: ACCOUNT, source: { file: 'test.ts' } });
    b.addInlinePolicy(u, {
      name: 'Queues',
      source: { file: 'test.ts' },
      document: identityDoc(
        policy(
          { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' },
          {
            Effect: 'Deny',
            Action: '*',
            Resource: '*',
            Condition: { StringNotEquals: { 'aws:RequestedRegion': 'us-west-2' } },
          },
        ),
      ),
    });
    const engine = compileModel(b.build(), { now: NOW });
    const user = arn.user('alice');
    const west = checkOnly(engine, user, [
      { action: 'sqs:SendMessage', resource: 'arn:aws:sqs:us-west-2:*:*' },
    ]);
    expect(west.violations).toEqual([]);
    const east = checkOnly(engine, user, [
      { action: 'sqs:SendMessage', resource: 'arn:aws:sqs:us-east-1:*:*' },
    ]);
    expect(east.holds).toBe(false);
    expect(east.violations.every((v) => v.resource.split(':')[3] === 'us-west-2')).toBe(true);
  });
});

describe('checkOnlyPrincipals', () => {
  it('only HR members (john), IT members (sarah) and JohnUploadRole read company1-hr objects', () => {
    const r = checkOnlyPrincipals(engineOf(), 's3:GetObject', 'arn:aws:s3:::company1-hr/*', HR_READERS);
    expect(r.violations).toEqual([]);
    expect(r.holds).toBe(true);
    expect(r.checked.principals).toBeGreaterThan(3);
  });

  it('fails when a role trusted by EC2 gets AmazonS3ReadOnlyAccess', () => {
    const r = checkOnlyPrincipals(
      engineOf({ ec2RoleWithS3ReadOnly: true }),
      's3:GetObject',
      'arn:aws:s3:::company1-hr/*',
      HR_READERS,
    );
    expect(r.holds).toBe(false);
    const w = r.violations.find((v) => v.principal === arn.role('Reader'));
    expect(w).toBeDefined();
    expect(matches('arn:aws:s3:::company1-hr/*', w!.resource)).toBe(true);
    expect(w!.grants.some((g) => g.policy?.includes('AmazonS3ReadOnlyAccess'))).toBe(true);
    // The bucket denies requests without TLS, so the read is conditional on aws:SecureTransport.
    expect(w!.access).toBe('conditional');
    expect(w!.conditions.join(' ')).toContain('aws:SecureTransport');
  });

  it('fails when the bucket policy grants s3:GetObject to "*" (anonymous and other accounts)', () => {
    const model = withBucketPolicy(
      buildCompany1(),
      'company1-hr',
      policy({
        Sid: 'Public',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::company1-hr/*',
      }),
    );
    const r = checkOnlyPrincipals(
      compileModel(model, { now: NOW }),
      's3:GetObject',
      'arn:aws:s3:::company1-hr/*',
      HR_READERS,
    );
    expect(r.holds).toBe(false);
    const who = r.violations.map((v) => v.principal);
    expect(who).toContain('anonymous');
    expect(who).toContain(arn.user('Sara-intern'));
    const anon = r.violations.find((v) => v.principal === 'anonymous')!;
    expect(anon.grants.map((g) => `${g.stage} ${g.statement}`)).toEqual(['resource Sid "Public"']);
  });

  it('flags the public company1-sales mutation (Principal "*" in the bucket policy)', () => {
    const readers = [arn.user('john'), arn.user('sarah')];
    const sales = 'arn:aws:s3:::company1-sales/*';
    expect(checkOnlyPrincipals(engineOf(), 's3:GetObject', sales, readers).holds).toBe(true);
    const r = checkOnlyPrincipals(engineOf({ publicSalesBucket: true }), 's3:GetObject', sales, readers);
    expect(r.holds).toBe(false);
    const anon = r.violations.find((v) => v.principal === 'anonymous');
    expect(anon?.access).toBe('allow');
    expect(anon?.grants.map((g) => `${g.stage} ${g.statement}`)).toEqual(['resource Sid "JohnFullAccess"']);
    // The intern's boundary does not cap a grant to "*" in a bucket policy of the same account:
    // a resource-based policy that names the principal is not limited by its boundary
    // (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html).
    expect(r.violations.some((v) => v.principal === arn.user('Sara-intern'))).toBe(true);
  });

  it('covers every principal of an allowed account, and service principals, for the logs role trust', () => {
    const engine = engineOf();
    const role = arn.role('Company1-Logs-Role');
    expect(checkOnlyPrincipals(engine, 'sts:AssumeRole', role, ['ec2.amazonaws.com']).holds).toBe(true);
    const lambda = checkOnlyPrincipals(engineOf({ lambdaTrustsLogsRole: true }), 'sts:AssumeRole', role, [
      'ec2.amazonaws.com',
    ]);
    expect(lambda.violations.map((v) => v.principal)).toEqual(['lambda.amazonaws.com']);
    // The company1 account as a whole covers every user and role of it.
    const sales = checkOnlyPrincipals(engine, 's3:*', 'arn:aws:s3:::company1-sales/*', [ACCOUNT]);
    expect(sales.holds).toBe(true);
  });

  it('finds principals of an account a bucket policy names, and an allowed account id covers them', () => {
    // Cross-account access: the resource-based policy must allow the other account's principal
    // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html).
    const model = withBucketPolicy(
      buildCompany1(),
      'company1-logs',
      policy({
        Sid: 'PartnerReads',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:root' },
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::company1-logs/*',
      }),
    );
    const engine = compileModel(model, { now: NOW });
    const readers = [ACCOUNT];
    const r = checkOnlyPrincipals(engine, 's3:GetObject', 'arn:aws:s3:::company1-logs/*', readers);
    expect(r.holds).toBe(false);
    const partner = r.violations.filter((v) => v.principal.includes(':111122223333:'));
    expect(partner.length).toBeGreaterThan(0);
    expect(partner.every((v) => v.external)).toBe(true);
    expect(partner[0]!.grants.map((g) => g.statement)).toEqual(['Sid "PartnerReads"']);
    expect(
      checkOnlyPrincipals(engine, 's3:GetObject', 'arn:aws:s3:::company1-logs/*', [
        ...readers,
        '111122223333',
      ]).holds,
    ).toBe(true);
  });

  it('expands an action pattern and names the action in the witness', () => {
    const r = checkOnlyPrincipals(engineOf(), 's3:Put*', 'arn:aws:s3:::company1-logs/*', [arn.user('sarah')]);
    expect(r.holds).toBe(false);
    const intern = r.violations.find((v) => v.principal === arn.user('john'));
    expect(intern?.action).toBe('s3:PutObject');
  });
});
