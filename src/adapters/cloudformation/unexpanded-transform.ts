// A transform iamspec does not expand: a macro named in `Transform` (a custom macro, the
// `AWS::SecretsManager-2020-07-23` / `-2024-09-16` rotation transforms), or `Fn::Transform` in
// place of resources (`AWS::Include` of a snippet from S3, a macro). CloudFormation deploys the
// *processed* template, which the macro may have changed in any way: "Macros enable you to
// perform custom processing on templates, from simple actions like find-and-replace operations
// to extensive transformations of entire templates" (CloudFormation User Guide, "Perform custom
// processing on CloudFormation templates with template macros",
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-macros.html). So the
// template as written says neither what the stack creates nor what its policies hold:
// - every resource of the stack might not be deployed as written (maybe-present:
//   `StackContext.transformPresence`, read by `presenceOf`);
// - any user or role of the account may get policies the inputs do not show, and a principal the
//   inputs do not name may be created (`ModelBuilder.attachToUnknownPrincipal`, an unknown policy);
// - the trust policy of any role of the account may differ (`ModelBuilder.mayRewriteTrust`);
// - any resource of the account with a resource-based policy may get statements the inputs do
//   not show, and one they do not name may be created (`attachToUnknownResource`);
// - the processed template may hold code (a custom resource) that assumes a role of another
//   account of the model whose trust lets the account in: the same there
//   (aws/function-role-changes.ts `addUnboundedChange`, aws/account-reach.ts).
// Decisions that depend on any of it are indeterminate, with the transform as the reason, until
// the processed template is given (`aws cloudformation get-template --template-stage Processed`).

import { ANY_ACCESS_CHANGE, type AccessChange } from '../../aws/access-changes.js';
import { addUnboundedChange } from '../../aws/function-role-changes.js';
import type { ModelBuilder } from '../../model/builder.js';
import type { Source } from '../../model/source.js';
import { Unknown } from '../../model/unknown.js';
import type { StackContext } from './stack.js';

/** How a user gets the processed template, for messages. */
export const PROCESSED_TEMPLATE_HINT =
  "give the processed template instead (aws cloudformation get-template --template-stage Processed, or the change set's processed template)";

/**
 * Models what an unexpanded transform may do (see the module comment). `what` names it
 * (`Transform MyMacro`, `Fn::Transform AWS::Include in Resources`); `pointer` is where it is
 * written. Returns the Unknown every maybe-present element carries.
 */
export function modelUnexpandedTransform(
  ctx: StackContext,
  builder: ModelBuilder,
  what: string,
  pointer: string,
): Unknown {
  const source = ctx.sourceAt(pointer);
  const why = new Unknown(
    `the stack ${ctx.stackName} is deployed as processed by ${what}, which iamspec does not expand: what it creates and what its policies hold may differ from the template as written`,
    source,
  );
  ctx.transformPresence ??= why;
  modelUnknownPolicyChanges(ctx, builder, why, `${ctx.stackName}-transform`, source);
  return why;
}

/**
 * Any user or role of the stack's account may get policies the inputs do not show, and one they
 * do not name may be created; any role's trust policy may be rewritten; any resource of the
 * account with a resource-based policy may get statements they do not show: each maybe-present,
 * with `why` as the reason (aws/deploy-time-changes.ts; `change` narrows it, as for a CDK
 * AwsCustomResource call whose action is known: handlers/sdk-calls.ts). Anything (`change` not
 * narrowed) reaches the accounts whose roles' trust lets the account in too.
 */
export function modelUnknownPolicyChanges(
  ctx: StackContext,
  builder: ModelBuilder,
  why: Unknown,
  hint: string,
  source: Source,
  change: AccessChange = ANY_ACCESS_CHANGE,
  at: { account: string; anyAccount?: true } = { account: ctx.account },
): void {
  addUnboundedChange(
    builder,
    { partition: ctx.partition, region: ctx.region, why, hint, source, change, ...at },
    hint,
  );
}
