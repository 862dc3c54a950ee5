// Which principals carry a session policy, one rule (engine/request-policies.ts
// `carriesSessionPolicy`) read by both exhaustive checks (analysis/exhaustive.ts `principalScope`
// for `only`, `scanPrincipal` for `onlyPrincipals`) and the spec runner; and AWS STS federated user
// sessions named in a policy as candidates of `onlyPrincipals` (analysis/principals.ts).
//
// AWS rules pinned here:
// - "Optionally, you can pass inline or managed session policies as parameters of the AssumeRole,
//   AssumeRoleWithSAML, or AssumeRoleWithWebIdentity API operations." (IAM User Guide,
//   "Permissions for AssumeRole, AssumeRoleWithSAML, and AssumeRoleWithWebIdentity")
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_assumerole.html
// - "When you create an AWS STS federated user session and pass session policies, the resulting
//   session's permissions are the intersection of the user's identity-based policy and the session
//   policies. You cannot use the session policy to grant more permissions than those allowed by the
//   identity-based policy of the user that is being federated." and the permissions of a federated
//   user session may come from "A resource-based policy that explicitly names the AWS STS federated
//   user session in the Principal element of the policy." (IAM User Guide, "Permissions for
//   GetFederationToken")
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_getfederationtoken.html

import { describe, expect, it } from 'vitest';
import { checkOnly, checkOnlyPrincipals } from '../src/analysis/exhaustive.js';
import { compileModel } from '../src/engine/index.js';
import { resolveRequestPrincipal } from '../src/engine/principal.js';
import { carriesSessionPolicy } from '../src/engine/request-policies.js';
import { parsePolicy } from '../src/policy/parse.js';
import { SpecError } from '../src/spec/errors.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import { builderWithUser } from './helpers/inline-user.js';

const A = '111122223333';
const ALICE = `arn:aws:iam::${A}:user/alice`;
const BOB = `arn:aws:sts::${A}:federated-user/bob`;
const src = { file: 'session-policy-principals.test.ts' };
const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });

/** Alice may read every object; the bucket policy names the federated user session bob. */
function modelWith(bucketStatement: object) {
  const { b } = builderWithUser(
    A,
    { name: 'alice', policy: 'read', actions: ['s3:GetObject', 'sts:GetFederationToken'] },
    src,
  );
  const bucket = b.addBucket({ bucketName: 'data', account: A, source: src });
  b.addResourcePolicy(bucket, parsePolicy(doc(bucketStatement), { kind: 'resource', source: src }));
  return b.build();
}
const engineWith = (bucketStatement: object) => compileModel(modelWith(bucketStatement));

describe('which principals carry a session policy', () => {
  it('role sessions and federated user sessions, nobody else', () => {
    const e = engineWith({ Effect: 'Allow', Principal: { AWS: BOB }, Action: 's3:PutObject', Resource: '*' });
    const kinds = [
      [`arn:aws:iam::${A}:role/r`, true],
      [`arn:aws:sts::${A}:assumed-role/r/s`, true],
      [BOB, true],
      [ALICE, false],
      [`arn:aws:iam::${A}:root`, false],
      ['lambda.amazonaws.com', false],
      ['anonymous', false],
    ] as const;
    for (const [principal, carries] of kinds)
      expect(carriesSessionPolicy(resolveRequestPrincipal(principal, e.principalDirectory)), principal).toBe(
        carries,
      );
  });
});

describe('onlyPrincipals and federated user sessions', () => {
  it('a federated user session a bucket policy grants is a candidate: the check does not pass', () => {
    // Before: federated user sessions were no candidates, and "nobody" passed.
    const e = engineWith({ Effect: 'Allow', Principal: { AWS: BOB }, Action: 's3:PutObject', Resource: '*' });
    const r = checkOnlyPrincipals(e, 's3:PutObject', 'arn:aws:s3:::data/*', []);
    expect(r.holds).toBe(false);
    expect(r.violations.map((v) => v.principal)).toContain(BOB);
  });

  it("the check's session policy caps a federated user session as it caps a role session", () => {
    // Bob is named (in a Deny on another action) and alice, or any user, may have federated him.
    const e = engineWith({
      Effect: 'Deny',
      Principal: { AWS: BOB },
      Action: 's3:DeleteObject',
      Resource: '*',
    });
    const listOnly = doc({ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' });
    // Without a session policy, the one GetFederationToken was given is unknown: bob may read.
    const open = checkOnlyPrincipals(e, 's3:GetObject', 'arn:aws:s3:::data/*', [ALICE]);
    expect(open.violations.map((v) => `${v.principal} ${v.decision.decision}`)).toEqual([
      `${BOB} indeterminate`,
    ]);
    // With a session policy that does not allow s3:GetObject, bob cannot read (before: the session
    // policy was dropped for federated user sessions and bob stayed indeterminate).
    const capped = checkOnlyPrincipals(e, 's3:GetObject', 'arn:aws:s3:::data/*', [ALICE], {
      sessionPolicy: listOnly,
    });
    expect(capped.violations).toEqual([]);
    expect(capped.holds).toBe(true);
    // `only` on bob reads the same rule: with that session policy he may only list.
    const only = checkOnly(e, BOB, [{ action: 's3:ListBucket', resource: '*' }], { sessionPolicy: listOnly });
    expect(only.violations.filter((v) => v.action === 's3:GetObject')).toEqual([]);
    // A session policy widens nothing: allowing s3:GetObject leaves it to the unknown caller's policies.
    const wide = checkOnlyPrincipals(e, 's3:GetObject', 'arn:aws:s3:::data/*', [ALICE], {
      sessionPolicy: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }),
    });
    expect(wide.violations.map((v) => `${v.principal} ${v.decision.decision}`)).toEqual([
      `${BOB} indeterminate`,
    ]);
  });
});

describe('the spec runner reads the same rule', () => {
  const model = modelWith({
    Effect: 'Deny',
    Principal: { AWS: BOB },
    Action: 's3:DeleteObject',
    Resource: '*',
  });
  const run = (principal: string) =>
    runSpec(
      model,
      parseSpec(
        `version: 1
account: "${A}"
expect:
  - principal: "${principal}"
    sessionPolicy: { Version: "2012-10-17", Statement: [ { Effect: Allow, Action: "s3:ListBucket", Resource: "*" } ] }
    cannot: [ { action: s3:GetObject, resource: "arn:aws:s3:::data/x" } ]
`,
        'access.yaml',
      ),
      { engine: compileModel(model), inputs: ['session-policy-principals.test.ts'] },
    );

  it('a federated user session takes a session policy (before: "applies to a role session" only)', () => {
    const r = run(BOB);
    expect(r.ok).toBe(true);
  });

  it('an IAM user does not', () => {
    expect(() => run(ALICE)).toThrow(SpecError);
    expect(() => run(ALICE)).toThrow(/applies to a role session or a federated user session/);
  });
});
