// Agreement of the review and the spec's `noEscalation` (one edge list, escalation-methods.ts): on
// generated small models (fast-check, fixed seed), the non-administrator principals the review
// gives a privilege-escalation finding are exactly those `noEscalation` does not pass.
//
// The models: an administrator role `admin` (AdministratorAccess; Lambda, EC2 and CodeBuild may
// assume it; an EC2 instance, a Lambda function and a CodeBuild project run with it) and an
// administrator user `root-user`; users u0, u1 and roles r0, r1, r2, each with some of the
// escalation methods onto the administrators (the edges of the graph: iam:PassRole +
// lambda:CreateFunction, iam:UpdateAssumeRolePolicy, iam:CreateAccessKey, ssm:SendCommand,
// lambda:UpdateFunctionCode, codebuild:StartBuild, writing its own policy, a new user of its own:
// iam:CreateUser + PutUserPolicy + CreateAccessKey on user/new-*), and trust policies
// letting some principals assume a role that has one of them: the assume → pass path among them
// (a user with no method of its own who can assume a role that may pass `admin` to Lambda).
//
// Where the two differ by design, the generator does not go, and the test says so: assuming a
// role that only reaches more roles (a gain for `noEscalation`, which asks "no more access than
// it has"; no finding for the review, which reports escalation methods, not the roles an
// organisation lets its users assume), and a method onto a principal with less access (a
// finding for the review, every target of a method is one; no gain for `noEscalation`).
//
// Pages: IAM User Guide, "Switch from a user to an IAM role (AWS CLI)": "When you assume a role,
// you give up your original permissions and take the permissions assigned to the role"; "Grant a
// user permissions to pass a role to an AWS service": "To pass a role (and its permissions) to an
// AWS service, a user must have permissions to pass the role to the service"; IAM API Reference,
// UpdateAssumeRolePolicy: "Updates the policy that grants an IAM entity permission to assume a
// role"; CreateAccessKey: "Creates a new AWS secret access key and corresponding AWS access key ID
// for the specified user"; AWS Systems Manager API Reference, SendCommand: "Runs commands on one
// or more managed nodes"; AWS CodeBuild API Reference, StartBuild, buildspecOverride: "A buildspec
// file declaration that overrides the latest one defined in the build project, for this build
// only"; IAM API Reference, PutUserPolicy: "Adds or updates an inline policy document that is
// embedded in the specified IAM user".

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reviewRisks } from '../src/analysis/risks.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import { ACCOUNT_A, allow, arns, policy, REGION, TestModel, testSource } from './helpers/engine-fixtures.js';

const METHODS = ['self', 'pass', 'trust', 'keys', 'ssm', 'code', 'build', 'create'] as const;
type Method = (typeof METHODS)[number];
const USERS = ['u0', 'u1'];
const ROLES = ['r0', 'r1', 'r2'];
const NAMES = [...USERS, ...ROLES];

const FN = `arn:aws:lambda:${REGION}:${ACCOUNT_A}:function:admin-fn`;
const PROJECT = `arn:aws:codebuild:${REGION}:${ACCOUNT_A}:project/admin-build`;
const arnOf = (name: string) => (USERS.includes(name) ? arns.user(name) : arns.role(name));

/** The statements of one method onto the administrators. */
function statements(method: Method, self: string): Record<string, unknown>[] {
  switch (method) {
    case 'self':
      return [allow(USERS.includes(self) ? 'iam:PutUserPolicy' : 'iam:PutRolePolicy', arnOf(self))];
    case 'pass':
      return [allow('iam:PassRole', arns.role('admin')), allow('lambda:CreateFunction', '*')];
    case 'trust':
      return [allow('iam:UpdateAssumeRolePolicy', arns.role('admin'))];
    case 'keys':
      return [allow('iam:CreateAccessKey', arns.user('root-user'))];
    case 'ssm':
      return [allow('ssm:SendCommand', '*')];
    case 'code':
      return [allow('lambda:UpdateFunctionCode', FN)];
    case 'build':
      return [allow('codebuild:StartBuild', PROJECT)];
    case 'create':
      return [
        allow(
          ['iam:CreateUser', 'iam:PutUserPolicy', 'iam:CreateAccessKey'],
          `arn:aws:iam::${ACCOUNT_A}:user/new-*`,
        ),
      ];
  }
}

interface Shape {
  methods: Method[][];
  /** [from, to] indexes into NAMES: `to` (a role) trusts `from`. */
  assumes: [number, number][];
}

function build(shape: Shape) {
  const t = new TestModel();
  const admin = t.role('admin', {
    trust: policy(
      allow('sts:AssumeRole', undefined, {
        Principal: { Service: ['lambda.amazonaws.com', 'ec2.amazonaws.com', 'codebuild.amazonaws.com'] },
      }),
    ),
    managed: ['arn:aws:iam::aws:policy/AdministratorAccess'],
  });
  t.b.addInstanceProfile(admin, {
    name: 'admin-profile',
    arn: `arn:aws:iam::${ACCOUNT_A}:instance-profile/admin-profile`,
    source: testSource('admin-profile'),
    usedBy: [{ kind: 'ec2-instance', name: 'AdminHost', source: testSource('AdminHost') }],
  });
  t.resource('lambda-function', FN, { name: 'admin-fn' });
  for (const [kind, name, arn, service] of [
    ['lambda-function', 'admin-fn', FN, 'lambda.amazonaws.com'],
    ['codebuild-project', 'admin-build', PROJECT, 'codebuild.amazonaws.com'],
  ] as const)
    t.b.linkRoleUse(arns.role('admin'), { kind, name, arn, service, source: testSource(name) });
  t.user('root-user', { managed: ['arn:aws:iam::aws:policy/AdministratorAccess'] });
  NAMES.forEach((name, i) => {
    const own = shape.methods[i]!.flatMap((m) => statements(m, name));
    const inline = own.length ? [policy(...own)] : [];
    if (USERS.includes(name)) t.user(name, { inline });
    else {
      const trusted = shape.assumes.filter(([, to]) => to === i).map(([from]) => arnOf(NAMES[from]!));
      t.role(name, {
        inline,
        ...(trusted.length
          ? { trust: policy(allow('sts:AssumeRole', undefined, { Principal: { AWS: trusted } })) }
          : {}),
      });
    }
  });
  return t.engine();
}

/**
 * Shapes: methods for each principal, then trusts into roles that have a method of their own (a
 * role reached only for the roles it reaches is where the two differ by design, see above).
 */
const shapes = fc
  .record({
    methods: fc.array(fc.subarray([...METHODS], { maxLength: 2 }), {
      minLength: NAMES.length,
      maxLength: NAMES.length,
    }),
    assumes: fc.array(
      fc.tuple(
        fc.integer({ min: 0, max: NAMES.length - 1 }),
        fc.integer({ min: USERS.length, max: NAMES.length - 1 }),
      ),
      { maxLength: 4 },
    ),
  })
  .map(
    (s): Shape => ({
      methods: s.methods,
      assumes: s.assumes.filter(([from, to]) => from !== to && s.methods[to]!.length > 0),
    }),
  );

describe('the review and noEscalation find the same escalating principals (generated models, seed 13)', () => {
  it('on every model, for every non-administrator user and role', () => {
    let assumeThenPass = 0;
    let escalating = 0;
    let checked = 0;
    fc.assert(
      fc.property(shapes, (shape) => {
        const engine = build(shape);
        const spec = parseSpec(
          `version: 1\nexpect:\n${NAMES.map((n) => `  - { id: ${n}, principal: ${USERS.includes(n) ? 'user' : 'role'}/${n}, noEscalation: true }`).join('\n')}\n`,
        );
        const checks = runSpec(engine.model, spec, { engine });
        const byCheck = new Set(
          checks.expectations.filter((e) => e.status !== 'pass').map((e) => arnOf(e.id)),
        );
        const byReview = new Set(
          reviewRisks(engine)
            .filter((f) => f.kind === 'privilege-escalation' && NAMES.map(arnOf).includes(f.subject))
            .map((f) => f.subject),
        );
        expect([...byReview].sort(), JSON.stringify(shape)).toEqual([...byCheck].sort());
        checked += NAMES.length;
        escalating += byCheck.size;
        // The assume → pass path: a user with no method of its own, trusted by a role that passes.
        USERS.forEach((u, i) => {
          if (
            !shape.methods[i]!.length &&
            shape.assumes.some(([from, to]) => from === i && shape.methods[to]!.includes('pass'))
          ) {
            expect(byReview.has(arnOf(u))).toBe(true);
            assumeThenPass++;
          }
        });
      }),
      { seed: 13, numRuns: 40 },
    );
    // The generated set is not trivial: escalating and non-escalating principals, and the
    // assume → pass path.
    expect(escalating).toBeGreaterThan(0);
    expect(escalating).toBeLessThan(checked);
    expect(assumeThenPass).toBeGreaterThan(0);
  });
});
