// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} is CloudFormation / Terraform / IAM syntax here.
// Partly known values (issue 19, item 1): a string built from known text and unknown parts keeps
// its known parts (PartlyKnown, src/model/unknown.ts), and the engine decides a comparison with
// it when no completion of the unknown parts could change the answer (src/policy/partly-known.ts).
// Property tests: for random partly known values, patterns and request values, a determinate
// answer equals the answer of every sampled concrete completion; sampled completions include
// wildcards and policy-variable text, since an unknown part may become any string.
// The rules compared with are the engine's own: IAM User Guide, "IAM JSON policy elements:
// Condition operators" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html:
// "StringLike: Case-sensitive matching. The values can include multi-character match wildcards
// (*) and single-character match wildcards (?) anywhere in the string"), "IAM JSON policy
// elements: Resource" ("You can use wildcard characters (* and ?) within any ARN segment") and
// "AWS JSON policy elements: Principal".

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadTemplateObject } from '../src/adapters/cloudformation/index.js';
import { loadTerraformConfigObject } from '../src/adapters/terraform/index.js';
import { compileConditions, contextFromRecord } from '../src/engine/conditions/index.js';
import { compileModel } from '../src/engine/index.js';
import { couldMatch } from '../src/policy/partly-known.js';
import { ModelBuilder } from '../src/model/builder.js';
import { concatMaybe, isPartlyKnown, PartlyKnown, Unknown } from '../src/model/unknown.js';
import { compileArnPattern, compileGlob } from '../src/policy/wildcard.js';
import { clause } from './engine-conditions-helpers.js';
import { ACCOUNT_A, allow, EXTERNAL_ACCOUNT, policy, TestModel, verdict } from './helpers/engine-fixtures.js';

const hole = new Unknown('a value known only after deployment');

/** Known text from a small alphabet with ARN separators, wildcards and variable syntax. */
const text = fc
  .array(fc.constantFrom('a', 'b', 'A', ':', '/', '-', '*', '?', 'arn:aws:s3:::', '${k}'), {
    minLength: 1,
    maxLength: 6,
  })
  .map((a) => a.join(''));
/** A completion of an unknown part: any string over the same alphabet, empty included. */
const completion = fc
  .array(fc.constantFrom('a', 'b', 'B', ':', '/', '*', '?', '${k}', 'arn:aws:s3:::'), { maxLength: 5 })
  .map((a) => a.join(''));
const partlyKnown = fc
  .array(fc.oneof(text, fc.constant(null)), { minLength: 2, maxLength: 5 })
  .map((parts) => concatMaybe(parts.map((p) => (p === null ? hole : p))));
const request = fc
  .array(fc.constantFrom('a', 'b', 'A', ':', '/', '-', 'arn:aws:s3:::', 'x'), { maxLength: 8 })
  .map((a) => a.join(''));

function complete(v: string | Unknown, fills: string[]): string {
  if (typeof v === 'string') return v;
  if (!isPartlyKnown(v)) return fills[0] ?? '';
  let i = 0;
  return v.parts.map((p) => (typeof p === 'string' ? p : (fills[i++] ?? ''))).join('');
}

const CONDITION_OPS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
] as const;

describe('PartlyKnown values', () => {
  it('concatMaybe keeps known text around unknown parts and flattens nested ones', () => {
    const v = concatMaybe(['arn:aws:s3:::', hole, '/*']);
    expect(isPartlyKnown(v) && v.shape).toBe('arn:aws:s3:::${?}/*');
    const nested = concatMaybe(['x-', v, '-y']);
    expect(isPartlyKnown(nested) && nested.shape).toBe('x-arn:aws:s3:::${?}/*-y');
    expect(concatMaybe(['a', 'b'])).toBe('ab');
    expect(concatMaybe([hole])).toBe(hole);
    // still an Unknown for every code that does not read the parts
    expect(v).toBeInstanceOf(Unknown);
  });

  it('couldMatch never rules out a completion that matches (equals, glob, arn)', () => {
    fc.assert(
      fc.property(
        partlyKnown,
        request,
        fc.array(completion, { minLength: 5, maxLength: 5 }),
        (v, s, fills) => {
          if (!(v instanceof PartlyKnown)) return;
          const full = complete(v, fills);
          if (!couldMatch(v, s, 'equals')) expect(full === s).toBe(false);
          if (!couldMatch(v, s, 'equals-ignore-case'))
            expect(full.toLowerCase() === s.toLowerCase()).toBe(false);
          if (!couldMatch(v, s, 'glob')) expect(compileGlob(full, false).test(s)).toBe(false);
          if (!couldMatch(v, s, 'arn')) expect(compileArnPattern(full).test(s)).toBe(false);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('couldMatch costs length x pieces: many unknown parts and wildcards never backtrack', () => {
    // A regular expression with a run of `.*` per unknown part and wildcard took seconds on such
    // values (the property test above timed out on one); these would not finish with one.
    const parts: (string | null)[] = [];
    for (let i = 0; i < 12; i++) parts.push(null, i % 2 ? 'a*' : '?a');
    const v = concatMaybe(parts.map((p) => (p === null ? hole : p)));
    expect(v).toBeInstanceOf(PartlyKnown);
    const long = 'a'.repeat(200);
    const pk = v as PartlyKnown;
    for (const mode of ['glob', 'arn', 'equals', 'equals-ignore-case'] as const) {
      // `*` and `?` are wildcards for StringLike and ARNs, literal text for StringEquals.
      const wildcards = mode === 'glob' || mode === 'arn';
      expect(couldMatch(pk, `${long}b`, mode)).toBe(wildcards);
      expect(couldMatch(pk, long, mode)).toBe(wildcards);
      expect(couldMatch(pk, 'a'.repeat(11), mode)).toBe(false);
      expect(couldMatch(pk, `?a${'a*?a'.repeat(5)}a*`, mode)).toBe(true);
    }
  });

  it('conditions: a determinate answer with a partly known value is the answer of every completion', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CONDITION_OPS),
        partlyKnown,
        fc.option(text, { nil: undefined }),
        request,
        fc.array(fc.array(completion, { minLength: 5, maxLength: 5 }), { minLength: 4, maxLength: 4 }),
        (op, v, other, s, samples) => {
          const values = other === undefined ? [v] : [v, other];
          const ctx = contextFromRecord({ k: s, 'aws:username': 'a' });
          const r = compileConditions([clause(op, 'k', values)])(ctx);
          if (r === 2) return;
          for (const fills of samples) {
            const concrete = values.map((x) => complete(x, fills));
            expect(compileConditions([clause(op, 'k', concrete)])(ctx)).toBe(r);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('Resource, NotResource and Principal: a determinate decision is the decision of every completion', () => {
    const arnLike = fc
      .tuple(fc.constantFrom('app', 'logs', 'a*', 'b'), fc.constantFrom('', '/x', '/y/z'))
      .map(([b, k]) => `arn:aws:s3:::${b}${k}`);
    const resourceValue = fc.oneof(
      fc.constant(concatMaybe(['arn:aws:s3:::', hole, '/*'])),
      fc.constant(concatMaybe(['arn:aws:s3:::', hole, '-logs/*'])),
      fc.constant(concatMaybe(['arn:aws:sqs:', hole])),
      fc.constant(concatMaybe([hole, '/x'])),
      fc.constant(concatMaybe(['arn:aws:s3:::a', hole])),
    );
    const principalValue = fc.oneof(
      fc.constant(concatMaybe(['arn:aws:iam::', hole, ':role/deploy'])),
      fc.constant(concatMaybe(['arn:aws:iam::', hole, ':root'])),
      fc.constant(concatMaybe([hole, '2222'])),
      fc.constant(concatMaybe(['arn:aws:iam::', EXTERNAL_ACCOUNT, ':', hole])),
    );
    const fillsFor = fc.array(
      fc.oneof(
        completion,
        fc.constantFrom('app', 'logs', EXTERNAL_ACCOUNT, '*', `${EXTERNAL_ACCOUNT}:role/deploy`),
      ),
      { minLength: 3, maxLength: 3 },
    );
    const decide = (
      resource: string | Unknown,
      notResource: boolean,
      principal: string | Unknown,
      arn: string,
    ) => {
      const t = new TestModel();
      const user = t.user('u', {
        inline: [
          policy(
            allow(
              's3:GetObject',
              notResource ? undefined : resource,
              notResource ? { NotResource: resource } : {},
            ),
          ),
        ],
      });
      t.bucket('shared', {
        policy: policy(allow('s3:GetObject', 'arn:aws:s3:::shared/*', { Principal: { AWS: principal } })),
      });
      const e = t.engine();
      return {
        user: verdict(e, user, 's3:GetObject', arn),
        external: verdict(
          e,
          `arn:aws:iam::${EXTERNAL_ACCOUNT}:role/deploy`,
          's3:GetObject',
          'arn:aws:s3:::shared/k',
        ),
      };
    };
    fc.assert(
      fc.property(
        resourceValue,
        fc.boolean(),
        principalValue,
        arnLike,
        fc.array(fillsFor, { minLength: 3, maxLength: 3 }),
        (rv, notResource, pv, arn, samples) => {
          const d = decide(rv, notResource, pv, arn);
          for (const fills of samples) {
            const c = decide(complete(rv, fills), notResource, complete(pv, fills), arn);
            if (d.user !== 'indeterminate') expect(c.user).toBe(d.user);
            if (d.external !== 'indeterminate') expect(c.external).toBe(d.external);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the adapters keep known parts', () => {
  it('CloudFormation Fn::Sub / Fn::Join with a parameter without default: a request no completion could allow is denied', () => {
    const b = new ModelBuilder();
    loadTemplateObject(
      {
        Parameters: { Env: { Type: 'String' } },
        Resources: {
          R: {
            Type: 'AWS::IAM::Role',
            Properties: {
              RoleName: 'app',
              AssumeRolePolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Principal: { Service: 'lambda.amazonaws.com' },
                    Action: 'sts:AssumeRole',
                  },
                ],
              },
              Policies: [
                {
                  PolicyName: 'p',
                  PolicyDocument: {
                    Version: '2012-10-17',
                    Statement: [
                      {
                        Effect: 'Allow',
                        Action: 's3:GetObject',
                        Resource: { 'Fn::Sub': 'arn:aws:s3:::${Env}-logs/*' },
                      },
                      {
                        Effect: 'Allow',
                        Action: 'sqs:SendMessage',
                        Resource: { 'Fn::Join': [':', ['arn:aws:sqs:us-east-1', ACCOUNT_A, { Ref: 'Env' }]] },
                      },
                    ],
                  },
                },
              ],
            },
          },
        },
      },
      b,
      { account: ACCOUNT_A, region: 'us-east-1', file: 't.json' },
    );
    const m = b.build();
    const role = m.roles[0]!;
    const resources = role.inlinePolicies[0]!.document.statements.map((s) => s.resource?.values[0]);
    expect(resources.map((r) => (isPartlyKnown(r) ? r.shape : r))).toEqual([
      'arn:aws:s3:::${?}-logs/*',
      `arn:aws:sqs:us-east-1:${ACCOUNT_A}:\${?}`,
    ]);
    const e = compileModel(m);
    // no completion of ${Env}-logs names the bucket "data": decided
    expect(verdict(e, role.arn, 's3:GetObject', 'arn:aws:s3:::data/k')).toBe('deny');
    // a completion could name prod-logs: still indeterminate
    expect(verdict(e, role.arn, 's3:GetObject', 'arn:aws:s3:::prod-logs/k')).toBe('indeterminate');
    // a queue in another region is outside every completion
    expect(verdict(e, role.arn, 'sqs:SendMessage', `arn:aws:sqs:eu-west-1:${ACCOUNT_A}:q`)).toBe('deny');
  });

  it('Terraform: an interpolation with an unknown variable keeps its known suffix', () => {
    const b = new ModelBuilder();
    loadTerraformConfigObject(
      {
        variable: { prefix: { type: 'string' } },
        resource: {
          aws_iam_role: {
            app: {
              name: 'app',
              assume_role_policy:
                '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
            },
          },
          aws_iam_role_policy: {
            logs: {
              role: '${aws_iam_role.app.id}',
              policy:
                '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::${var.prefix}-logs/*"}]}',
            },
          },
        },
      },
      b,
      { account: ACCOUNT_A, region: 'us-east-1' },
    );
    const m = b.build();
    const e = compileModel(m);
    const role = m.roles.find((r) => r.name === 'app')!;
    expect(verdict(e, role.arn, 's3:GetObject', 'arn:aws:s3:::data/k')).toBe('deny');
    expect(verdict(e, role.arn, 's3:GetObject', 'arn:aws:s3:::team-logs/k')).toBe('indeterminate');
  });
});
