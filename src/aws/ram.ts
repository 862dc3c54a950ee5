// AWS RAM facts both adapters share: the access a resource share gives the principals it is
// shared with on the resources it holds, by the permissions it names (a customer managed
// permission of the inputs read from its policy template, any other's actions unknown).

import { parseArn } from '../model/arns.js';
import type { Source } from '../model/source.js';
import { isUnknown, type Maybe, Unknown } from '../model/unknown.js';

/**
 * A customer managed permission the inputs define (CloudFormation `AWS::RAM::Permission`,
 * Terraform `aws_ram_permission`), as a share's permission entry names it.
 */
export interface CustomerManagedPermission {
  /** Its ARN, or the adapter's name for it, for messages. */
  label: string;
  /** Where the inputs define it. */
  source?: Source;
  /** `ResourceType` (`service-code:resource-code`, case-insensitive), when known. */
  resourceType: Maybe<string> | undefined;
  /** `PolicyTemplate`: the JSON text or the object; an Unknown when not known. */
  template: unknown;
  /**
   * Set when the deployment makes a new version of the permission (a Terraform plan updating
   * it): "The new version is automatically set as the default version of the customer managed
   * permission. New resource shares automatically use the default permission. Existing resource
   * shares continue to use their original permission versions" (AWS RAM API Reference,
   * CreatePermissionVersion), so a share made before may keep an earlier template, not in the
   * inputs: its actions are unknown besides the template's.
   */
  earlierVersions?: Unknown;
}

/**
 * One permission a share names: an ARN (an AWS managed permission, or a customer managed one not
 * in the inputs), an unknown value, or a customer managed permission of the inputs.
 */
export type SharePermission = Maybe<string> | CustomerManagedPermission;

/** A resource share as the inputs give it; `principals` or `permissions` Unknown as a whole. */
export interface ResourceShareInput {
  /** The share's name (for the statement's Sid). */
  name?: Maybe<string>;
  /** Account ids, organization / OU ARNs, IAM role or user ARNs, service principals. */
  principals: Maybe<readonly Maybe<string>[]>;
  /** The permissions named (`PermissionArns`), when given (else each resource type's default one). */
  permissions: Maybe<readonly SharePermission[]> | undefined;
  /** The shared resource's ARN. */
  resource: Maybe<string>;
  /**
   * `RetainSharingOnAccountLeaveOrganization` (CloudFormation `ResourceShareConfiguration`,
   * Terraform `resource_share_configuration`): "Specifies whether the consumer account retains
   * access to the resource share after leaving the organization" (AWS RAM API Reference,
   * ResourceShareConfiguration). True or unknown: an account that has left an organization or OU
   * the share names keeps it, and which accounts those are is not in the inputs.
   */
  retainOnLeave?: Maybe<boolean>;
}

/**
 * The access a resource share gives: "When you share a resource with other accounts, those
 * accounts can access the resource with the permissions that the managed permission attached to
 * the share allows" (AWS RAM User Guide, "Managed permissions in AWS RAM",
 * https://docs.aws.amazon.com/ram/latest/userguide/security-ram-permissions.html), one per
 * resource type: "A managed permission for each type of resource that you include in the share.
 * Each managed permission applies to all resources of that type in that resource share" (AWS RAM
 * User Guide, "Terms and concepts for AWS RAM"). Each permission named gives a statement:
 * - a customer managed permission of the inputs: its policy template's actions and condition
 *   (`customerPermissionStatement`), on the resources of its `ResourceType`;
 * - an AWS managed permission (`arn:PARTITION:ram::aws:permission/NAME`), the resource type's
 *   default one (no `PermissionArns`), a customer managed permission the inputs do not define, an
 *   unknown value: its actions are not in the inputs, so the statement's Action is unknown: it
 *   applies MAYBE to every action and verdicts that depend on it are indeterminate.
 * A resource no named permission is known to be for (only customer managed permissions of other
 * resource types named) gets its type's default permission: "If you do not specify an ARN for
 * the permission, AWS RAM automatically attaches the default version of the permission for each
 * resource type" (CloudFormation, AWS::RAM::ResourceShare `PermissionArns`). Principals:
 * `sharedWithStatements`.
 */
export function resourceShareDocument(input: ResourceShareInput, partition: string): Record<string, unknown> {
  const resource = input.resource;
  const inside = typeof resource === 'string' ? sharedContents(resource) : [];
  const target = { Resource: inside.length ? [resource, ...inside] : resource };
  const given = permissionGrants(input, resource);
  const grants: Record<string, unknown>[] = given.map((g) => ({ Effect: 'Allow', ...g, ...target }));
  const members = typeof resource === 'string' ? groupMembers(resource) : undefined;
  if (members)
    for (const g of given)
      grants.push({ Effect: 'Allow', ...g, Resource: members.patterns, Condition: members.unknown });
  const principals = input.principals;
  if (isUnknown(principals))
    return { Version: '2012-10-17', Statement: grants.map((g) => ({ ...g, Principal: principals })) };
  const statements = grants.flatMap((g) => sharedWithStatements(g, principals, partition));
  const organizations = principals.filter(
    (p) => typeof p === 'string' && /^arn:[^:]+:organizations::\d{12}:(organization|ou)\//.test(p),
  );
  if (organizations.length && (input.retainOnLeave === true || isUnknown(input.retainOnLeave))) {
    const left = new Unknown(
      `accounts that left ${organizations.join(', ')} keep the resource share (RetainSharingOnAccountLeaveOrganization${isUnknown(input.retainOnLeave) ? ` may be set: ${input.retainOnLeave.reason}` : ''}); which they are is not in the inputs`,
      isUnknown(input.retainOnLeave) ? input.retainOnLeave.source : undefined,
    );
    for (const g of grants) statements.push({ ...g, Principal: '*', Condition: left });
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** Action (and Condition) of each permission of the share that applies to `resource`. */
function permissionGrants(input: ResourceShareInput, resource: Maybe<string>): Record<string, unknown>[] {
  const share = typeof input.name === 'string' ? `resource share ${input.name}` : 'the resource share';
  const unknownActions = (what: string) => ({
    Action: new Unknown(`the actions of ${what} of ${share} are not in the inputs`),
  });
  const byDefault = () =>
    unknownActions('the AWS RAM managed permission (the default one of the resource type)');
  const permissions = input.permissions;
  if (permissions === undefined) return [byDefault()];
  if (isUnknown(permissions))
    return [
      { Action: new Unknown(`the permissions of ${share}: ${permissions.reason}`, permissions.source) },
    ];
  const grants: Record<string, unknown>[] = [];
  let covered = false;
  for (const p of permissions) {
    if (isUnknown(p)) grants.push({ Action: new Unknown(`a permission of ${share}: ${p.reason}`, p.source) });
    else if (typeof p === 'string') {
      covered = true;
      grants.push(
        unknownActions(
          AWS_MANAGED_PERMISSION.test(p)
            ? `the AWS managed permission ${p}`
            : `the customer managed permission ${p} (not defined in the inputs)`,
        ),
      );
    } else {
      const applies = permissionApplies(p.resourceType, resource);
      if (applies === false) continue;
      if (applies === true) covered = true;
      grants.push(customerPermissionStatement(p));
      if (p.earlierVersions) grants.push({ Action: p.earlierVersions });
    }
  }
  // An unknown entry may be any permission, also the one of this resource's type.
  if (!covered && !permissions.some(isUnknown)) grants.push(byDefault());
  return grants;
}

/** An AWS managed permission's ARN: "arn:aws:ram::aws:permission/AWSRAMDefaultPermissionSubnet". */
const AWS_MANAGED_PERMISSION = /^arn:[^:]+:ram::aws:permission\//;

/**
 * The ARN of a customer managed permission: in the Region it is created in ("Creates a customer
 * managed permission for a specified resource type that you can attach to resource shares. It is
 * created in the AWS Region in which you call the operation", CloudFormation, AWS::RAM::Permission),
 * `arn:PARTITION:ram:REGION:ACCOUNT:permission/NAME`.
 */
export function customerPermissionArn(
  partition: string,
  region: string,
  account: string,
  name: string,
): string {
  return `arn:${partition}:ram:${region}:${account}:permission/${name}`;
}

/**
 * Whether a customer managed permission for `resourceType` (`service-code:resource-code`, "is
 * case-insensitive. For example, an Amazon EC2 Subnet would be represented by the string
 * ec2:subnet", AWS RAM API Reference, ServiceNameAndResourceType) is the one of the resource
 * `arn`: the ARN's service and its resource type (the resource part up to `/` or `:`), compared
 * ignoring case and the hyphens ARNs write (`ec2:TransitGateway`, `transit-gateway/tgw-1`;
 * `backup:BackupVault`, `backup-vault:NAME`). Undefined when either is not known: the permission
 * is then applied (it may be the resource's) and the resource keeps its default permission too.
 */
export function permissionApplies(
  resourceType: Maybe<string> | undefined,
  arn: Maybe<string>,
): boolean | undefined {
  if (typeof resourceType !== 'string' || typeof arn !== 'string') return undefined;
  const [service, type] = resourceType.toLowerCase().split(':');
  const parsed = parseArn(arn);
  if (!service || !type || !parsed) return undefined;
  const arnType = /^[^/:]*/.exec(parsed.resource)![0];
  const plain = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  return parsed.service.toLowerCase() === service && plain(arnType) === plain(type);
}

/**
 * The statement part (Action, Condition) a customer managed permission gives. Its policy template
 * holds "the following elements of a resource-based policy: Effect: must be set to ALLOW. Action:
 * specifies the actions that are allowed by this customer managed permission. [...] Condition:
 * (optional) specifies conditional parameters that must evaluate to true when a user attempts an
 * action for that action to be allowed. [...] This template can't include either the Resource or
 * Principal elements. Those are both filled in by AWS RAM when it instantiates the resource-based
 * policy on each resource shared using this managed permission. The Resource comes from the ARN of
 * the specific resource that you are sharing. The Principal comes from the list of identities
 * added to the resource share" (CloudFormation, AWS::RAM::Permission `PolicyTemplate`), and
 * "Customer managed permissions with multiple statements aren't supported" (AWS RAM User Guide,
 * "Considerations for using customer managed permissions in AWS RAM"). A template not of that
 * form (unknown, not JSON, another Effect, other elements, a `Statement` list) gives an unknown
 * Action, so what the share allows stays indeterminate, never nothing. Which version a share uses
 * is not read: the template the inputs give is the permission's (a share attached before an
 * update may keep an earlier version until it is replaced).
 */
export function customerPermissionStatement(p: CustomerManagedPermission): Record<string, unknown> {
  const unknown = (why: string, source = p.source) => ({
    Action: new Unknown(`the customer managed permission ${p.label}: ${why}`, source),
  });
  let t = p.template;
  if (isUnknown(t)) return unknown(`its policy template is not known (${t.reason})`, t.source ?? p.source);
  if (typeof t === 'string') {
    try {
      t = JSON.parse(t) as unknown;
    } catch {
      return unknown('its policy template is not JSON');
    }
  }
  if (t === null || typeof t !== 'object' || Array.isArray(t))
    return unknown('its policy template is not a JSON object');
  const template = t as Record<string, unknown>;
  const other = Object.keys(template).filter((k) => !['Effect', 'Action', 'Condition', 'Sid'].includes(k));
  if (other.length)
    return unknown(
      `its policy template holds ${other.join(', ')}, which a customer managed permission template does not`,
    );
  if (typeof template.Effect !== 'string' || template.Effect.toLowerCase() !== 'allow')
    return unknown('its policy template’s Effect is not Allow');
  const action = template.Action;
  if (!(typeof action === 'string' || isUnknown(action) || Array.isArray(action)))
    return unknown('its policy template has no Action list');
  const condition = template.Condition;
  if (condition === undefined) return { Action: action };
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition))
    return unknown('its policy template’s Condition is not an object');
  return { Action: action, Condition: condition };
}

/**
 * The statements `base` (Effect, Action, Resource, maybe Condition) makes for the principals a
 * resource is shared with (AWS RAM, and the sharing of aws/sharing-grants.ts). The principals a
 * share names are "An AWS account ID", "An Amazon Resource Name (ARN) of an organization in AWS
 * Organizations", "An ARN of an organizational unit (OU) in AWS Organizations", "An ARN of an IAM
 * role", "An ARN of an IAM user" (CloudFormation, AWS::RAM::ResourceShare `Principals`) and
 * service principals (`SERVICE.amazonaws.com`): an account id as its root, an IAM ARN as given, a
 * service principal; an organization as `aws:PrincipalOrgID`, an OU as `aws:PrincipalOrgPaths`
 * (the OU and the OUs under it), a condition on any principal added to the base's own. Anything
 * else (another ARN, an Organizations ARN of neither form, a value of no form above) and an
 * unknown one is an unknown principal, so what it is given is indeterminate, never nothing.
 */
export function sharedWithStatements(
  base: Record<string, unknown>,
  principals: readonly Maybe<string>[],
  partition: string,
): Record<string, unknown>[] {
  const aws: Maybe<string>[] = [];
  const services: string[] = [];
  const statements: Record<string, unknown>[] = [];
  const withCondition = (operator: string, key: string, value: string) => ({
    ...base,
    Principal: '*',
    Condition: addCondition(base.Condition, operator, key, value),
  });
  for (const p of principals) {
    if (isUnknown(p)) {
      statements.push({ ...base, Principal: p });
      continue;
    }
    const org = /^arn:[^:]+:organizations::\d{12}:organization\/(o-[a-z0-9]+)$/.exec(p);
    const ou = /^arn:[^:]+:organizations::\d{12}:ou\/(o-[a-z0-9]+)\/(ou-[a-z0-9-]+)$/.exec(p);
    if (org) statements.push(withCondition('StringEquals', 'aws:PrincipalOrgID', org[1]!));
    else if (ou)
      statements.push(
        withCondition('ForAnyValue:StringLike', 'aws:PrincipalOrgPaths', `${ou[1]}/*/${ou[2]}/*`),
      );
    else if (/^\d{12}$/.test(p)) aws.push(`arn:${partition}:iam::${p}:root`);
    else if (/^arn:[^:]+:iam::\d{12}:/.test(p)) aws.push(p);
    else if (/^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/.test(p)) services.push(p);
    else
      statements.push({
        ...base,
        Principal: new Unknown(
          `"${p}" is neither an account id, an organization or OU ARN, an IAM role or user ARN nor a service principal`,
        ),
      });
  }
  if (aws.length) statements.push({ ...base, Principal: { AWS: aws } });
  if (services.length) statements.push({ ...base, Principal: { Service: services } });
  return statements;
}

/**
 * `condition` (a statement's Condition, maybe absent) with `operator`: {`key`: `value`} added, so
 * both must hold. Should the condition already test the same key with the same operator (a
 * template naming `aws:PrincipalOrgID`, which AWS RAM does not support in customer managed
 * permissions), the principal's condition replaces it: the statement then allows no less than
 * AWS does.
 */
function addCondition(condition: unknown, operator: string, key: string, value: string): unknown {
  // An unknown condition, or operator block, stays: the statement applies MAYBE to any principal.
  if (isUnknown(condition)) return condition;
  if (
    condition === undefined ||
    condition === null ||
    typeof condition !== 'object' ||
    Array.isArray(condition)
  )
    return { [operator]: { [key]: value } };
  const blocks = condition as Record<string, unknown>;
  const block = blocks[operator];
  if (isUnknown(block)) return condition;
  const kept = block !== null && typeof block === 'object' && !Array.isArray(block) ? block : {};
  return { ...blocks, [operator]: { ...kept, [key]: value } };
}

/**
 * The ARN patterns of the resources inside a shared resource that its share gives access to as
 * well (the model resource of the shared ARN governs them, `Resource.governs`, and the share's
 * statements name them):
 * - a Glue Data Catalog or database: its databases, tables and user-defined functions. AWS Glue
 *   Developer Guide, "Specifying AWS Glue resource ARNs": "Data Catalog resources have a
 *   hierarchical structure, with catalog as the root" (`database/NAME`, `table/DATABASE/NAME`,
 *   `userDefinedFunction/DATABASE/NAME`); the AWS RAM managed permissions of a shared database
 *   or catalog include "AllTables AWSRAMPermissionGlueAllTablesReadWriteForCatalog
 *   AWSRAMPermissionGlueAllTablesReadWriteForDatabase" (AWS Lake Formation Developer Guide,
 *   "Troubleshooting cross-account access"), which reach every table of the database or catalog;
 * - an App Mesh mesh: the virtual nodes, services, routers, routes and gateways in it (`mesh/NAME/…`).
 *   App Mesh API Reference, CreateVirtualNode meshOwner: "If the account ID is not your own, then
 *   the account that you specify must share the mesh with your account before you can create the
 *   resource in the service mesh".
 */
export function sharedContents(arn: string): string[] {
  const glue = /^(arn:[^:]+:glue:[^:]*:\d{12}:)(catalog|database\/([^/]+))$/.exec(arn);
  if (glue) {
    const [, head, , database] = glue;
    return database === undefined
      ? [`${head}database/*`, `${head}table/*`, `${head}userDefinedFunction/*`]
      : [`${head}table/${database}/*`, `${head}userDefinedFunction/${database}/*`];
  }
  if (/^arn:[^:]+:appmesh:[^:]*:\d{12}:mesh\/[^/]+$/.test(arn)) return [`${arn}/*`];
  return [];
}

/**
 * The resources a shared resource group may hold, which the inputs do not list: "Resource groups
 * `resource-groups:Group`: Create and manage a host resource group centrally, and share it with
 * other AWS accounts in your organization. This lets multiple AWS accounts share a group of Amazon
 * EC2 Dedicated Hosts created using AWS License Manager" (AWS RAM User Guide, "Shareable AWS
 * resources"); a shared resource names its group: "resourceGroupArn: The Amazon Resource Name
 * (ARN) of the resource group. This value is available only if the resource is part of a resource
 * group" (AWS RAM API Reference, Resource). Which hosts are in the group is not in the inputs, so
 * the share's statements on them (any Dedicated Host of the group's account and Region) carry an
 * unknown Condition: they apply MAYBE, never nothing and never surely.
 */
export function groupMembers(arn: string): { patterns: string[]; unknown: Unknown } | undefined {
  const group = /^arn:([^:]+):resource-groups:([^:]+):(\d{12}):group\/(.+)$/.exec(arn);
  if (!group) return undefined;
  const [, partition, region, account, name] = group;
  return {
    patterns: [`arn:${partition}:ec2:${region}:${account}:dedicated-host/*`],
    unknown: new Unknown(
      `the Dedicated Hosts in resource group ${name}, shared through AWS RAM, are not in the inputs`,
    ),
  };
}

/**
 * The ARN patterns a shared resource's policy governs besides its own ARN: the resources inside
 * it (`sharedContents`) and the ones a shared resource group may hold (`groupMembers`). The
 * adapters give them to the builder (`addGoverned`).
 */
export function governedByShare(arn: string): string[] {
  return [...sharedContents(arn), ...(groupMembers(arn)?.patterns ?? [])];
}

/**
 * The ARN patterns a share whose resource is unknown may give access on: a resource of the
 * sharing account that AWS RAM can share. The resource types it can share are those of "Shareable
 * AWS resources" (AWS RAM User Guide, https://docs.aws.amazon.com/ram/latest/userguide/shareable.html:
 * subnets, Transit Gateways, Route 53 Resolver rules, License Manager configurations, Glue
 * catalogs and many more; iamspec models few of them as kinds, so the share is not bound to one),
 * and IAM is not among them: "Most resources that you can share with AWS RAM are Regional";
 * "You can use the fourth field in the Amazon Resource Name (ARN) to identify whether a resource
 * is Regional or global. Regional resources show the AWS Region. If it's blank, then the resource
 * is global" (AWS RAM User Guide, "Sharing Regional resources compared to global resources",
 * https://docs.aws.amazon.com/ram/latest/userguide/working-with-regional-vs-global.html). So any
 * Regional resource of the account (a Region in the ARN, `?*`: not blank), whatever its service
 * (a list of services would miss one AWS adds), and of the global ones only those of the services
 * in GLOBAL_SHAREABLE. An IAM role, user or policy (`arn:aws:iam::ACCOUNT:role/r`, Region blank)
 * is not a resource a share can hold.
 */
export function anySharedResource(partition: string, account: string): string[] {
  return [
    `arn:${partition}:*:?*:${account}:*`,
    ...GLOBAL_SHAREABLE.map((service) => `arn:${partition}:${service}::${account}:*`),
  ];
}

/**
 * The services whose global resources (Region blank in the ARN) AWS RAM can share: AWS Cloud WAN
 * core networks (`networkmanager:CoreNetwork`, "Shareable AWS resources"), whose RAM resource
 * shares live in US East (N. Virginia): "For supported global resources, you can access those
 * resources from any AWS Region" (AWS RAM User Guide, "Creating a resource share in AWS RAM").
 */
export const GLOBAL_SHAREABLE: readonly string[] = ['networkmanager'];
