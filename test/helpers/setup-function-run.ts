// The Lambda-backed custom resource `Setup` of the hand-built deploy-time tests: its function
// `setup` (us-east-1) runs as the given role when the stack is deployed, so what that role may
// change bounds the run (src/aws/function-role-changes.ts `deferFunctionRun`).

import type { AccessChange } from '../../src/aws/access-changes.js';
import { deferFunctionRun } from '../../src/aws/function-role-changes.js';
import type { ModelBuilder } from '../../src/model/builder.js';

/** Links `roleArn` as the execution role of function `setup` of `account` and defers its run. */
export function runSetupFunctionAs(
  b: ModelBuilder,
  roleArn: string,
  account: string,
  report: (change: AccessChange, why: string) => void = () => {},
): void {
  const functionArn = `arn:aws:lambda:us-east-1:${account}:function:setup`;
  b.linkRoleUse(roleArn, {
    kind: 'lambda-function',
    name: 'setup',
    arn: functionArn,
    service: 'lambda.amazonaws.com',
    source: {},
  });
  deferFunctionRun(b, {
    functionArn,
    account,
    partition: 'aws',
    region: 'us-east-1',
    what: 'custom resource Setup',
    hint: 'Setup',
    source: {},
    report,
  });
}
