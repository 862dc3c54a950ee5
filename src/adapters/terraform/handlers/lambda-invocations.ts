// Lambda code Terraform runs while it plans or applies: `aws_lambda_invocation` ("Use this resource
// to invoke a lambda function. The lambda function is invoked with the RequestResponse invocation
// type.") and the data source `aws_lambda_invocation` ("Use this data source to invoke custom
// lambda functions as data source. The lambda function is invoked with RequestResponse invocation
// type.": it runs whenever the configuration is planned). What the code does is not in the
// inputs: bounded by the function's role (aws/function-role-changes.ts), with a
// `tf/lambda-invocation-changes-access` warning; a function the inputs do not have may do anything.

import { ARN } from '../../../aws/arn-formats.js';
import { accessChangeWords } from '../../../aws/access-changes.js';
import { accountsWords, deferFunctionRun } from '../../../aws/function-role-changes.js';
import { isUnknown, Unknown } from '../../../model/unknown.js';
import type { TfInstance } from '../instances.js';
import type { TfLoadState } from './context.js';

/** The invoked function's ARN: an ARN given, the ARN of the function named so in the account, or an Unknown. */
function functionArnOf(ctx: TfLoadState, inst: TfInstance): string | Unknown {
  const v = inst.values.function_name;
  const source = inst.attrSource('function_name');
  if (isUnknown(v)) return v;
  if (typeof v !== 'string' || v === '')
    return new Unknown(`the function_name of ${inst.address} is not set`, source);
  if (v.startsWith('arn:')) return v;
  return ARN.function(ctx.env, v);
}

export function handleLambdaInvocation(ctx: TfLoadState, inst: TfInstance): void {
  const account = ctx.env.account;
  const source = inst.attrSource('function_name');
  const what = inst.mode === 'data' ? `the data source ${inst.address}` : inst.address;
  deferFunctionRun(ctx.builder, {
    functionArn: functionArnOf(ctx, inst),
    account,
    partition: ctx.env.partition,
    region: ctx.env.region,
    what,
    hint: inst.address,
    source,
    presence: inst.presence,
    report: (change, why, accounts) =>
      ctx.finding({
        code: 'tf/lambda-invocation-changes-access',
        severity: 'warning',
        message: `${what} ${why}: when ${inst.mode === 'data' ? 'planned' : 'applied'} it may change ${accessChangeWords(change)} of ${accountsWords(accounts)} in a way the configuration does not show, so decisions that depend on them are indeterminate`,
        source,
      }),
  });
}
