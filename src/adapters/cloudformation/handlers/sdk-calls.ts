// Custom resources that make AWS SDK calls when deployed (a CDK AwsCustomResource: `Create`,
// `Update`, `Delete` hold the calls, aws/sdk-calls.ts). A call that may change who may do what
// (attach a policy, write a bucket policy, create a user) changes the account in a way the
// template does not show: a cfn/sdk-call-changes-access warning, and what the call may change
// (aws/access-changes.ts: users' and roles' policies, roles' trust policies for
// `iam:UpdateAssumeRolePolicy`, the resource policies it writes) may hold what it writes
// (unknown, maybe-present: aws/deploy-time-changes.ts), so the checks that depend on it are
// indeterminate instead of passing. A call whose text is not known (a parameter in it) is taken
// to be one. Calls that only read or write data (SSM parameters, S3 notifications) change nothing.
// Any other custom resource runs the code behind its ServiceToken: bounded by the function's role
// (aws/function-role-changes.ts), with a cfn/custom-resource-changes-access warning.

import { isCdkAutoDeleteObjects } from '../../../aws/s3-cdk-auto-delete-objects.js';
import { ANY_ACCESS_CHANGE, type AccessChange, accessChangeWords } from '../../../aws/access-changes.js';
import { accountsWords, deferFunctionRun } from '../../../aws/function-role-changes.js';
import { readSdkCall, sdkCallAccount, sdkCallChangesAccess } from '../../../aws/sdk-calls.js';
import { Unknown } from '../../../model/unknown.js';
import { modelUnknownPolicyChanges } from '../unexpanded-transform.js';
import { isRecord, NO_VALUE, scalarString } from '../values.js';
import type { CfnResourceScope, ResourceHandler } from './scope.js';

const CALL_PROPERTIES = ['Create', 'Update', 'Delete'] as const;

/** Whether a custom resource is an AwsCustomResource (it has a call property). */
function hasCalls(scope: CfnResourceScope): boolean {
  return CALL_PROPERTIES.some((p) => p in scope.resource.properties);
}

function sdkCalls(scope: CfnResourceScope): void {
  if (!hasCalls(scope)) return;
  for (const property of CALL_PROPERTIES) {
    if (!(property in scope.resource.properties)) continue;
    const v = scope.prop(property);
    if (v === undefined || v === null || v === NO_VALUE) continue;
    const text = isRecord(v) ? JSON.stringify(v) : scalarString(v);
    let what: string | undefined;
    let change: AccessChange = ANY_ACCESS_CHANGE;
    // The account the call runs in: an assumed role's (`sdkCallAccount`), else the stack's.
    let at: { account: string; anyAccount?: true } = { account: scope.account };
    if (typeof text === 'string') {
      const call = readSdkCall(text);
      if (!call) continue; // not a call: another kind of custom resource
      at = sdkCallAccount(call, scope.account);
      const { action, change: c } = sdkCallChangesAccess(call, {
        partition: scope.ctx.partition,
        account: at.account,
      });
      if (!c) continue;
      change = c;
      what = action
        ? `calls ${action} when deployed`
        : `calls ${call.service} ${call.action} when deployed, which iamspec does not know`;
    } else if (text instanceof Unknown) {
      what = `makes an AWS SDK call when deployed whose text is not known (${text.reason})`;
    } else continue;
    const source = scope.sourceOf(property);
    const why = new Unknown(
      `${scope.logicalId} (${property}) ${what}: it may change ${accessChangeWords(change)} of the account in a way the template does not show`,
      source,
    );
    scope.finding(
      'cfn/sdk-call-changes-access',
      'warning',
      `${why.reason}; any of them in ${at.anyAccount ? 'any account' : `account ${at.account}`} may hold what it writes, so decisions that depend on them are indeterminate`,
      property,
    );
    modelUnknownPolicyChanges(
      scope.ctx,
      scope.builder,
      why,
      `${scope.logicalId}-${property}`,
      source,
      change,
      at,
    );
  }
}

/**
 * A custom resource that is no AwsCustomResource: the code behind its `ServiceToken` runs when it
 * is created, updated or deleted (CloudFormation User Guide, "Create custom provisioning logic with
 * custom resources": "Custom resources enable you to write custom provisioning logic in templates
 * that CloudFormation runs anytime you create, update (if you changed the custom resource), or
 * delete stacks"; `ServiceToken`: "The service token, such as an Amazon SNS topic ARN or Lambda
 * function ARN. The service token must be from the same Region as the stack."). A Lambda function
 * is bounded by its role (aws/function-role-changes.ts); an SNS topic, or a token the inputs do not
 * pin down, may run anything.
 */
function functionCustomResource(scope: CfnResourceScope): void {
  if (hasCalls(scope)) return;
  // CDK's auto-delete-objects resource: its documented code grants nothing (the module's top).
  if (isCdkAutoDeleteObjects(scope.resource, scope.ctx.resources)) return;
  const token = scope.prop('ServiceToken');
  const source = scope.sourceOf('ServiceToken');
  let functionArn: string | Unknown;
  if (typeof token === 'string' && /^arn:[^:]+:lambda:/.test(token)) functionArn = token;
  else if (typeof token === 'string')
    functionArn = new Unknown(
      `its ServiceToken ${token} is not a Lambda function: the code that answers it is not in the inputs`,
      source,
    );
  else if (token instanceof Unknown) functionArn = token;
  else functionArn = new Unknown('its ServiceToken is not set', source);
  const account = scope.account;
  deferFunctionRun(scope.builder, {
    functionArn,
    account,
    partition: scope.ctx.partition,
    region: scope.ctx.region,
    what: `custom resource ${scope.logicalId}`,
    hint: scope.logicalId,
    source,
    presence: scope.presence,
    report: (change, why, accounts) =>
      scope.builder.addFinding({
        code: 'cfn/custom-resource-changes-access',
        severity: 'warning',
        message: `custom resource ${scope.logicalId} ${why}: when deployed it may change ${accessChangeWords(change)} of ${accountsWords(accounts)} in a way the template does not show, so decisions that depend on them are indeterminate`,
        source,
      }),
  });
}

/** For every custom resource type (`Custom::NAME`, `AWS::CloudFormation::CustomResource`). */
export const CUSTOM_RESOURCE_HANDLER: ResourceHandler = {
  attach: (scope) => {
    sdkCalls(scope);
    functionCustomResource(scope);
  },
};

export function isCustomResourceType(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}
