// The role chain of the deploy-time fixpoint (test/deploy-time-fixpoint-cap.test.ts and
// bench/deploy-time-rounds.bench.ts): the role of the `Setup` custom resource's function may
// rewrite the trust of role `link-1`, each link the trust of the next only (one link settles per
// fixpoint round). The caller adds what else its case needs, then defers the function's run
// (test/helpers/setup-function-run.ts `runSetupFunctionAs`) and builds.

import { ModelBuilder } from '../../src/model/builder.js';
import type { RoleReach } from '../../src/model/role-reach.js';
import type { PolicyDocument } from '../../src/policy/types.js';
import { parsePolicy } from '../../src/policy/parse.js';

export const CHAIN_ACCOUNT = '111122223333';

/** The ARN of link `i` (1-based). */
export const linkRoleArn = (i: number) => `arn:aws:iam::${CHAIN_ACCOUNT}:role/link-${i}`;

/** A policy of one statement. */
export const oneStatement = (statement: Record<string, unknown>, kind: 'identity' | 'trust') =>
  parsePolicy({ Version: '2012-10-17', Statement: [statement] }, { kind, source: {} });

/** A builder with the function's role (`functionRole`, trusted by Lambda) and `length` links. */
export function roleChain(
  length: number,
  roleReach: RoleReach,
): { builder: ModelBuilder; functionRole: string } {
  const b = new ModelBuilder({ roleReach });
  const ec2Trust = (): PolicyDocument =>
    oneStatement(
      { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
      'trust',
    );
  const rewritesTrustOf = (role: string, next: string) =>
    b.addInlinePolicy(role, {
      name: 'next',
      source: {},
      document: oneStatement(
        { Effect: 'Allow', Action: 'iam:UpdateAssumeRolePolicy', Resource: next },
        'identity',
      ),
    });
  const functionRole = b.addRole({
    name: 'setup-role',
    account: CHAIN_ACCOUNT,
    source: {},
    trustPolicy: oneStatement(
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      'trust',
    ),
  });
  rewritesTrustOf(functionRole, linkRoleArn(1));
  for (let i = 1; i <= length; i++) {
    const r = b.addRole({ name: `link-${i}`, account: CHAIN_ACCOUNT, source: {}, trustPolicy: ec2Trust() });
    if (i < length) rewritesTrustOf(r, linkRoleArn(i + 1));
  }
  return { builder: b, functionRole };
}
