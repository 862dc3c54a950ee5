// CloudFormation resources that share a resource with other accounts without a policy document
// (src/aws/sharing-grants.ts): AWS::EC2::VPCEndpointServicePermissions, whose AllowedPrincipals
// may connect to the endpoint service ServiceId ("*": anyone). The share's statements go on the
// service (added when outside the model); an unknown service may be any endpoint service of the
// account (`attachToUnknownResource`). CloudFormation has no type for AMI launch permissions,
// snapshot permissions, SSM document sharing or RDS snapshot sharing.

import { SHARING_GRANTS, type SharingKind, sharingGrantDocument } from '../../../aws/sharing-grants.js';
import { type Maybe, Unknown } from '../../../model/unknown.js';
import { synthesizedDocument } from '../policies.js';
import { scalarString, type Value } from '../values.js';
import type { CfnResourceScope, ResourceHandler } from './scope.js';

function stringList(scope: CfnResourceScope, name: string): Maybe<Maybe<string>[]> | undefined {
  const v = scope.list(name);
  if (v === undefined || v instanceof Unknown) return v;
  return v.map((x) => {
    const s = scalarString(x);
    return typeof s === 'string' || s instanceof Unknown
      ? s
      : new Unknown(`an element of ${name} of ${scope.logicalId} is not a string`, scope.sourceOf(name));
  });
}

/** Adds the share's statements to the resource whose id is in `idProperty`. */
function share(
  scope: CfnResourceScope,
  kind: SharingKind,
  idProperty: string,
  sharedWith: Maybe<readonly Maybe<string>[]>,
  property: string,
): void {
  const g = SHARING_GRANTS[kind];
  const { partition, region } = scope.ctx;
  const account = scope.account;
  const id = scope.str(idProperty);
  const arn =
    typeof id === 'string'
      ? g.arn(partition, region, account, id)
      : new Unknown(
          `the ${g.what} ${scope.logicalId} shares is not known (${id instanceof Unknown ? id.reason : `no ${idProperty}`})`,
          scope.sourceOf(idProperty),
        );
  const raw = sharingGrantDocument({ kind, sharedWith, resource: arn }, partition);
  const doc = synthesizedDocument(scope.ctx, raw as Value, scope.pointer(), {}, 'resource', scope.logicalId);
  if (typeof arn === 'string') {
    if (!scope.builder.getResource(arn))
      scope.builder.addResource({
        kind: 'other',
        arn,
        name: typeof id === 'string' ? id : scope.logicalId,
        account,
        region,
        source: scope.sourceOf(idProperty),
      });
    scope.builder.addResourcePolicy(arn, doc);
    return;
  }
  scope.builder.attachToUnknownResource({
    kind: 'other',
    account,
    policy: doc,
    replaces: false,
    reason: arn,
    arnOf: (name) => g.arn(partition, region, account, name),
    region,
    what: g.what,
    carries: 'sharing',
    among: [g.arn(partition, region, account, '*')],
    hint: scope.logicalId,
    source: scope.sourceOf(property),
  });
}

/** AWS::EC2::VPCEndpointServicePermissions: AllowedPrincipals may connect to ServiceId. */
const endpointServicePermissions: ResourceHandler = {
  late(scope) {
    const sharedWith = stringList(scope, 'AllowedPrincipals');
    if (sharedWith === undefined) return;
    share(scope, 'endpoint-service', 'ServiceId', sharedWith, 'AllowedPrincipals');
  },
};

export const SHARING_HANDLERS: Record<string, ResourceHandler> = {
  'AWS::EC2::VPCEndpointServicePermissions': endpointServicePermissions,
};
