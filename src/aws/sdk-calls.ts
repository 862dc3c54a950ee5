// AWS SDK calls a template makes when it is deployed: the CDK `AwsCustomResource` construct
// (resource type `Custom::AWS` by default, any `Custom::NAME` with its `resourceType` option) runs
// the calls of its `Create`, `Update` and `Delete` properties, JSON text of the form
// `{"service":"IAM","action":"attachRolePolicy","parameters":{...}}` (AWS CDK API Reference,
// custom-resources.AwsCustomResource: "Defines a custom resource that is materialized using
// specific AWS API calls. These calls are created using a singleton Lambda function."; AwsSdkCall
// `service`: "The service to call. This is the name of an AWS service, in one of the following
// forms: An AWS SDK for JavaScript v3 package name (@aws-sdk/client-api-gateway), Service part of
// the SDK v3 package name (api-gateway), Service name as it appears in Service Principals
// (apigateway), SDK v2 constructor name (APIGateway)"; `action`: "The service action to call ...
// either the API name (PutObject) or the SDK v3 command name (PutObjectCommand)").
// A call can change who may do what (attach a policy, write a bucket policy, create a user) and
// the template does not show the result: this module says which calls may (`sdkCallChangesAccess`).

import { getAction } from '../catalog/actions.js';
import { type AccessChange, accessChangeOf, narrowAccessChangeByParameters } from './access-changes.js';

export interface SdkCall {
  service: string;
  action: string;
  parameters?: unknown;
  /**
   * The role the call runs as (AwsSdkCall `assumedRoleArn`: "Used for running the SDK calls in
   * underlying lambda with a different role Can be used primarily for cross-account requests"),
   * as written; absent: the provider function's own role, in the deploying account.
   */
  assumedRoleArn?: unknown;
}

/** The call of an `AwsCustomResource` property's text; undefined when it is not one. */
export function readSdkCall(text: string): SdkCall | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.service !== 'string' || typeof o.action !== 'string') return undefined;
  return {
    service: o.service,
    action: o.action,
    parameters: o.parameters,
    ...(o.assumedRoleArn !== undefined ? { assumedRoleArn: o.assumedRoleArn } : {}),
  };
}

/**
 * The account a call runs in (`deploying`: the stack's): the account of the role it assumes
 * (`SdkCall.assumedRoleArn`, the credentials its requests are made with), else `deploying`; an
 * assumed role whose account the text does not name may be of any account (`anyAccount`).
 */
export function sdkCallAccount(call: SdkCall, deploying: string): { account: string; anyAccount?: true } {
  if (call.assumedRoleArn === undefined) return { account: deploying };
  const account =
    typeof call.assumedRoleArn === 'string'
      ? /^arn:[^:]+:iam::(\d{12}):/.exec(call.assumedRoleArn)?.[1]
      : undefined;
  return account ? { account } : { account: deploying, anyAccount: true };
}

/** SDK service names whose IAM service prefix is not the name itself, lower-cased without `-`. */
const PREFIX_OF: Readonly<Record<string, string>> = {
  cloudwatchlogs: 'logs',
  eventbridge: 'events',
  cloudwatchevents: 'events',
  sfn: 'states',
  stepfunctions: 'states',
  opensearch: 'es',
  efs: 'elasticfilesystem',
  ssoadmin: 'sso',
  elbv2: 'elasticloadbalancing',
  elb: 'elasticloadbalancing',
  elasticloadbalancingv2: 'elasticloadbalancing',
  cognitoidentityserviceprovider: 'cognito-idp',
  cognitoidentityprovider: 'cognito-idp',
  cognitoidentity: 'cognito-identity',
  apigatewayv2: 'apigateway',
  configservice: 'config',
  iotdata: 'iot',
  lexmodelsv2: 'lex',
};

/** The IAM action a call is authorized as (`iam:AttachRolePolicy`), when the catalog knows it. */
export function iamActionOfSdkCall(call: SdkCall): string | undefined {
  const service = call.service
    .replace(/^@aws-sdk\/client-/, '')
    .toLowerCase()
    .replace(/[-_\s]/g, '');
  const prefix = PREFIX_OF[service] ?? service;
  const api = call.action.replace(/Command$/, '');
  const name = `${prefix}:${api.charAt(0).toUpperCase()}${api.slice(1)}`;
  return getAction(name)?.name;
}

/**
 * Whether a call may change who may do what, and what (aws/access-changes.ts `accessChangeOf`):
 * an action of the catalog's "Permissions management" level (a policy written or attached, a
 * grant), any IAM, Organizations or Identity Center action that is not a read or a list (a user,
 * role or access key created, a trust policy rewritten), or a call the catalog does not know.
 * Bounded by the call's `parameters` where they name what it acts on (`iam:PutRolePolicy` with
 * `RoleName`: that role's policies; aws/access-changes.ts `narrowAccessChangeByParameters`), in
 * `env`'s account. Returns the IAM action when known.
 */
export function sdkCallChangesAccess(
  call: SdkCall,
  env: { partition: string; account: string },
): {
  changes: boolean;
  action: string | undefined;
  change: AccessChange | undefined;
} {
  const action = iamActionOfSdkCall(call);
  const change = accessChangeOf(action);
  return {
    changes: change !== undefined,
    action,
    change: change && action ? narrowAccessChangeByParameters(action, change, call.parameters, env) : change,
  };
}
