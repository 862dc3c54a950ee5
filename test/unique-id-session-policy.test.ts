// A role named by its unique id (`AROA…`) as a request principal stands for a session of that
// role (a role acts only through sessions: its aws:userid is `AROA…:SESSION`), and a role session
// may carry a session policy. Before, `carriesSessionPolicy` (engine/request-policies.ts) was
// false for `unique-id` principals: `eval` / `explain` / the matchers rejected a request of
// `AROA…` with a session policy as an input error. Now it is accepted, and the session policy caps
// what a resource-based policy grants the role (the engine applied no session policy to a caller
// whose identity side is outside the model: a grant to the role was not capped).
//
// AWS:
// - IAM User Guide, "Permissions for AssumeRole, AssumeRoleWithSAML, and AssumeRoleWithWebIdentity":
//   "Optionally, you can pass inline or managed session policies as parameters of the AssumeRole,
//   AssumeRoleWithSAML, or AssumeRoleWithWebIdentity API operations. Session policies limit the
//   permissions for the role's temporary credential session."
// - IAM User Guide, "Policy evaluation logic" (the rule engine/combine.ts `capped` quotes): "an
//   implicit deny in a permissions boundary or session policy" limits resource-based grants to the
//   role ARN, not those naming the session.
// - IAM User Guide, "Unique identifiers": "AROA" is the prefix of a role's unique id; a role acts
//   only through a session of it.

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { resolveRequestPrincipal } from '../src/engine/principal.js';
import { carriesSessionPolicy } from '../src/engine/request-policies.js';
import { ModelBuilder } from '../src/model/builder.js';
import { parsePolicy } from '../src/policy/parse.js';

const A = '111122223333';
const ROLE_ID = 'AROAEXAMPLEROLEID1234';
const USER_ID = 'AIDAEXAMPLEUSERID1234';
const src = { file: 'unique-id-session-policy.test.ts' };
const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });

function engine() {
  const b = new ModelBuilder();
  b.addAccount(A, 'us-east-1');
  const bucket = b.addBucket({ bucketName: 'data', account: A, source: src });
  b.addResourcePolicy(
    bucket,
    parsePolicy(
      doc({ Effect: 'Allow', Principal: { AWS: ROLE_ID }, Action: 's3:ListBucket', Resource: '*' }),
      {
        kind: 'resource',
        source: src,
      },
    ),
  );
  return compileModel(b.build());
}

describe('a role named by unique id carries a session policy', () => {
  it('AROA…: yes (was: no); AIDA… (a user): no', () => {
    const e = engine();
    expect(carriesSessionPolicy(resolveRequestPrincipal(ROLE_ID, e.principalDirectory))).toBe(true);
    expect(carriesSessionPolicy(resolveRequestPrincipal(USER_ID, e.principalDirectory))).toBe(false);
  });

  it('the session policy caps the bucket policy\u2019s grant to the role', () => {
    const e = engine();
    const request = { principal: ROLE_ID, action: 's3:ListBucket', resource: 'arn:aws:s3:::data' };
    expect(e.decide(request).decision).toBe('allow');
    const narrow = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
    expect(e.decide({ ...request, sessionPolicy: narrow }).decision).toBe('deny');
    const wide = doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' });
    expect(e.decide({ ...request, sessionPolicy: wide }).decision).toBe('allow');
  });
});
