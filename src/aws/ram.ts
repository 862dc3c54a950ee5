// AWS RAM facts both adapters share: the access a resource share gives the principals it is
// shared with on the resources it holds.

import { isUnknown, type Maybe, Unknown } from '../model/unknown.js';

/** A resource share as the inputs give it; `principals` or `permissions` Unknown as a whole. */
export interface ResourceShareInput {
  /** The share's name (for the statement's Sid). */
  name?: Maybe<string>;
  /** Account ids, organization / OU ARNs, IAM role or user ARNs, service principals. */
  principals: Maybe<readonly Maybe<string>[]>;
  /** The RAM managed permission ARNs, when given (else the resource type's default permission). */
  permissions: Maybe<readonly Maybe<string>[]> | undefined;
  /** The shared resource's ARN. */
  resource: Maybe<string>;
}

/**
 * The access a resource share gives: "When you share a resource with other accounts, those
 * accounts can access the resource with the permissions that the managed permission attached to
 * the share allows" (AWS RAM User Guide, "Managed permissions in AWS RAM",
 * https://docs.aws.amazon.com/ram/latest/userguide/security-ram-permissions.html). The actions of
 * a managed permission (AWS managed, the default one of the resource type, or a customer managed
 * one) are not in the inputs: the statement's Action is unknown, so it applies MAYBE to every
 * action, and verdicts that depend on it are indeterminate. Principals: an account id, an IAM role
 * or user ARN, a service principal; an organization (`aws:PrincipalOrgID`) or an OU
 * (`aws:PrincipalOrgPaths`) as a condition on any principal; an unknown one stays unknown.
 */
export function resourceShareDocument(input: ResourceShareInput, partition: string): Record<string, unknown> {
  const why = new Unknown(
    `the actions of the AWS RAM managed permission${permissionWords(input.permissions)} of ${typeof input.name === 'string' ? `resource share ${input.name}` : 'the resource share'} are not in the inputs`,
  );
  const resource = input.resource;
  const inside = typeof resource === 'string' ? sharedContents(resource) : [];
  const base = { Effect: 'Allow', Action: why, Resource: inside.length ? [resource, ...inside] : resource };
  const principals = input.principals;
  if (isUnknown(principals))
    return { Version: '2012-10-17', Statement: [{ ...base, Principal: principals }] };
  return { Version: '2012-10-17', Statement: sharedWithStatements(base, principals, partition) };
}

/**
 * The statements `base` (Effect, Action, Resource) makes for the principals a resource is shared
 * with (AWS RAM, and the sharing of aws/sharing-grants.ts): an account id as its root, an IAM
 * role or user ARN as given, a service principal; an organization (`aws:PrincipalOrgID`) or an OU
 * (`aws:PrincipalOrgPaths`) as a condition on any principal; an unknown one stays unknown.
 */
export function sharedWithStatements(
  base: Record<string, unknown>,
  principals: readonly Maybe<string>[],
  partition: string,
): Record<string, unknown>[] {
  const aws: Maybe<string>[] = [];
  const services: string[] = [];
  const statements: Record<string, unknown>[] = [];
  for (const p of principals) {
    if (isUnknown(p)) {
      statements.push({ ...base, Principal: p });
      continue;
    }
    const org = /^arn:[^:]+:organizations::\d{12}:organization\/(o-[a-z0-9]+)$/.exec(p);
    const ou = /^arn:[^:]+:organizations::\d{12}:ou\/(o-[a-z0-9]+)\/(ou-[a-z0-9-]+)$/.exec(p);
    if (org)
      statements.push({
        ...base,
        Principal: '*',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': org[1] } },
      });
    else if (ou)
      statements.push({
        ...base,
        Principal: '*',
        Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': `${ou[1]}/*/${ou[2]}/*` } },
      });
    else if (/^\d{12}$/.test(p)) aws.push(`arn:${partition}:iam::${p}:root`);
    else if (p.startsWith('arn:')) aws.push(p);
    else services.push(p);
  }
  if (aws.length) statements.push({ ...base, Principal: { AWS: aws } });
  if (services.length) statements.push({ ...base, Principal: { Service: services } });
  return statements;
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

function permissionWords(p: ResourceShareInput['permissions']): string {
  if (p === undefined) return ' (the default one of the resource type)';
  if (isUnknown(p)) return ` (${p.reason})`;
  const known = p.filter((x): x is string => typeof x === 'string');
  return known.length ? ` ${known.join(', ')}` : '';
}
