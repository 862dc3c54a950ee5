// IAM Identity Center: AWS::SSO::PermissionSet (Name, ManagedPolicies, CustomerManagedPolicy-
// References, InlinePolicy, PermissionsBoundary) is recorded when created; each
// AWS::SSO::Assignment of a permission set to an AWS account adds the role IAM Identity Center
// creates there (see ../../identity-center.ts). Properties follow the AWS::SSO::PermissionSet and
// AWS::SSO::Assignment pages of the CloudFormation Template Reference.

import { type Maybe, Unknown } from '../../../model/unknown.js';
import {
  type AssignmentSpec,
  addAssignmentRole,
  type CustomerManagedPolicyRef,
  type PermissionSetSpec,
} from '../../identity-center.js';
import { documentAt } from '../policies.js';
import { stringOrUnknownWhy } from '../../string-values.js';
import { intrinsicName, isRecord, type Value } from '../values.js';
import type { CfnResourceScope, ResourceHandler } from './scope.js';

/** A string property (`stringOrUnknown`), or an Unknown saying `what` is not set. */
function maybeString(v: Value | undefined, what: string, scope: CfnResourceScope): Maybe<string> {
  return stringOrUnknownWhy(v, `${what} of ${scope.logicalId} is not set`, scope.source);
}

function customerManaged(
  scope: CfnResourceScope,
  v: Value,
  ...path: (string | number)[]
): CustomerManagedPolicyRef {
  const r = isRecord(v) ? v : {};
  const path_ = r.Path === undefined ? undefined : maybeString(r.Path as Value, 'Path', scope);
  return {
    name: maybeString(r.Name as Value, 'the policy name', scope),
    path: path_,
    source: scope.sourceOf(...path),
  };
}

const permissionSet: ResourceHandler = {
  create(scope) {
    const managed = scope.list('ManagedPolicies');
    const refs = scope.list('CustomerManagedPolicyReferences');
    const inline = scope.prop('InlinePolicy');
    let inlinePolicy: PermissionSetSpec['inlinePolicy'];
    if (inline !== undefined && inline !== null && typeof inline !== 'symbol') {
      let doc: Value = inline;
      if (typeof inline === 'string') {
        try {
          doc = JSON.parse(inline) as Value;
        } catch {
          doc = inline;
        }
      }
      inlinePolicy = documentAt(scope.ctx, doc, scope.pointer('InlinePolicy'), 'identity', scope.logicalId);
    }
    const b = scope.prop('PermissionsBoundary');
    let boundary: PermissionSetSpec['boundary'];
    if (b instanceof Unknown)
      boundary = { managedPolicyArn: b, source: scope.sourceOf('PermissionsBoundary') };
    else if (isRecord(b) && b.ManagedPolicyArn !== undefined)
      boundary = {
        managedPolicyArn: maybeString(b.ManagedPolicyArn as Value, 'ManagedPolicyArn', scope),
        source: scope.sourceOf('PermissionsBoundary', 'ManagedPolicyArn'),
      };
    else if (isRecord(b) && b.CustomerManagedPolicyReference !== undefined)
      boundary = {
        customerManaged: customerManaged(
          scope,
          b.CustomerManagedPolicyReference as Value,
          'PermissionsBoundary',
          'CustomerManagedPolicyReference',
        ),
      };
    const spec: PermissionSetSpec = {
      name: maybeString(scope.prop('Name') as Value | undefined, 'Name', scope),
      managedPolicyArns:
        managed instanceof Unknown
          ? [{ arn: managed, source: scope.sourceOf('ManagedPolicies') }]
          : (managed ?? []).map((m, i) => ({
              arn: maybeString(m, 'a managed policy ARN', scope),
              source: scope.sourceOf('ManagedPolicies', i),
            })),
      customerManagedPolicies:
        refs instanceof Unknown
          ? [{ name: refs, path: undefined, source: scope.sourceOf('CustomerManagedPolicyReferences') }]
          : (refs ?? []).map((r, i) => customerManaged(scope, r, 'CustomerManagedPolicyReferences', i)),
      inlinePolicy,
      boundary,
      source: scope.source,
      ...(scope.presence ? { presence: scope.presence } : {}),
    };
    scope.registry.permissionSets.set(scope.registry.key(scope.ctx, scope.logicalId), spec);
  },
};

/** The permission set an assignment names: `!GetAtt PS.PermissionSetArn` of a template resource. */
function permissionSetOf(scope: CfnResourceScope): PermissionSetSpec | Unknown {
  const node = scope.resource.properties.PermissionSetArn;
  const fn = intrinsicName(node);
  let logicalId: string | undefined;
  if (fn === 'Fn::GetAtt') {
    const arg = (node as Record<string, unknown>)[fn];
    if (Array.isArray(arg) && typeof arg[0] === 'string') logicalId = arg[0];
    else if (typeof arg === 'string') logicalId = arg.split('.')[0];
  } else if (fn === 'Ref' && typeof (node as Record<string, unknown>).Ref === 'string') {
    logicalId = (node as Record<string, unknown>).Ref as string;
  }
  const spec = logicalId
    ? scope.registry.permissionSets.get(scope.registry.key(scope.ctx, logicalId))
    : undefined;
  if (spec) return spec;
  const v = scope.str('PermissionSetArn');
  const why =
    v instanceof Unknown ? v.reason : `permission set ${v ?? '(not set)'} is not defined in the inputs`;
  return new Unknown(`the permission set of ${scope.logicalId}: ${why}`, scope.sourceOf('PermissionSetArn'));
}

const assignment: ResourceHandler = {
  attach(scope) {
    const targetType = scope.str('TargetType');
    if (typeof targetType === 'string' && targetType !== 'AWS_ACCOUNT') return;
    const spec: AssignmentSpec = {
      permissionSet: permissionSetOf(scope),
      account: maybeString(scope.prop('TargetId') as Value | undefined, 'TargetId', scope),
      principalType: maybeString(scope.prop('PrincipalType') as Value | undefined, 'PrincipalType', scope),
      principalId: maybeString(scope.prop('PrincipalId') as Value | undefined, 'PrincipalId', scope),
      source: scope.source,
      ...(scope.presence ? { presence: scope.presence } : {}),
    };
    const roleId = addAssignmentRole(
      scope.builder,
      { partition: scope.ctx.partition, region: scope.ctx.region, deployingAccount: scope.account },
      spec,
    );
    scope.registry.accounts.add(scope.builder.getRole(roleId)?.account ?? scope.account);
  },
};

export const SSO_HANDLERS: Record<string, ResourceHandler> = {
  'AWS::SSO::PermissionSet': permissionSet,
  'AWS::SSO::Assignment': assignment,
};
