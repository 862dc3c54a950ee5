// CloudFormation resources that share a resource with other accounts without a policy document
// (src/aws/sharing-grants.ts): AWS::EC2::VPCEndpointServicePermissions, whose AllowedPrincipals
// may connect to the endpoint service ServiceId ("*": anyone). The share's statements go on the
// service (added when outside the model); an unknown service may be any endpoint service of the
// account (`attachToUnknownResource`); and AWS::ImageBuilder::DistributionConfiguration launch
// permissions on the AMIs its pipelines make. CloudFormation has no type for AMI launch
// permissions, snapshot permissions, SSM document sharing or RDS snapshot sharing.

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
  target: { id?: Maybe<string>; region?: string } = {},
): void {
  const g = SHARING_GRANTS[kind];
  const partition = scope.ctx.partition;
  const region = target.region ?? scope.ctx.region;
  const account = scope.account;
  const id = target.id ?? scope.str(idProperty);
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

/** A string of a resolved value: Unknown when unknown or not a string. */
function leaf(v: unknown, what: string): Maybe<string> {
  const s = v instanceof Unknown ? v : scalarString(v as Value);
  return typeof s === 'string' || s instanceof Unknown ? s : new Unknown(`${what} is not a string`);
}

/**
 * AWS::ImageBuilder::DistributionConfiguration: each distribution's
 * `AmiDistributionConfiguration.LaunchPermissionConfiguration` (UserIds, UserGroups "all",
 * OrganizationArns, OrganizationalUnitArns) is a launch permission on the AMIs the pipelines
 * using it make in its Region, which are not in the inputs: an unknown target among that Region's
 * AMIs.
 */
const imageBuilderDistribution: ResourceHandler = {
  late(scope) {
    const images = new Unknown(
      `the AMIs the Image Builder pipelines using ${scope.logicalId} distribute are made after deployment`,
      scope.sourceOf('Distributions'),
    );
    const dists = scope.prop('Distributions');
    if (dists instanceof Unknown) {
      share(scope, 'ami-launch', 'Distributions', dists, 'Distributions', { id: images });
      return;
    }
    if (!Array.isArray(dists)) return;
    const field = (v: unknown, k: string): unknown =>
      v instanceof Unknown ? v : v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
    for (const d of dists) {
      const lp = field(field(d, 'AmiDistributionConfiguration'), 'LaunchPermissionConfiguration');
      if (lp === undefined || lp === null) continue;
      let sharedWith: Maybe<Maybe<string>[]>;
      if (lp instanceof Unknown) sharedWith = lp;
      else {
        const all: Maybe<string>[] = [];
        for (const k of ['UserIds', 'UserGroups', 'OrganizationArns', 'OrganizationalUnitArns']) {
          const v = field(lp, k);
          if (v instanceof Unknown) all.push(v);
          else if (Array.isArray(v))
            for (const x of v) all.push(leaf(x, `an element of ${k} of ${scope.logicalId}`));
        }
        if (!all.length) continue;
        sharedWith = all;
      }
      const r = field(d, 'Region');
      const region = typeof r === 'string' && r ? r : undefined;
      share(scope, 'ami-launch', 'Distributions', sharedWith, 'Distributions', {
        id: images,
        ...(region ? { region } : {}),
      });
    }
  },
};

export const SHARING_HANDLERS: Record<string, ResourceHandler> = {
  'AWS::EC2::VPCEndpointServicePermissions': endpointServicePermissions,
  'AWS::ImageBuilder::DistributionConfiguration': imageBuilderDistribution,
};
