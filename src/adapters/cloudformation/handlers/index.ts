// The resource handler table, and the scan that finds policy-like properties in resources of
// types without a handler (so a policy iamspec does not model is reported, never skipped silently).

import { cfnTypeGrantsWithoutPolicy } from '../../../aws/granting-types.js';
import { cfnPropertyHoldsNoAccessPolicy } from '../../../aws/not-access-policies.js';
import { MAX_DOCUMENT_DEPTH } from '../../../model/read-input.js';
import { childPointer } from '../../../model/source.js';
import type { TemplateResource } from '../stack.js';
import { intrinsicName, isRecord } from '../values.js';
import { ACCESS_GRANT_HANDLERS } from './access-grants.js';
import { API_METHOD_HANDLERS } from './api-methods.js';
import { DEPLOYMENT_HANDLERS } from './deployments.js';
import { EC2_HANDLERS } from './ec2.js';
import { PLAIN_RESOURCE_HANDLERS } from './plain-resources.js';
import { IAM_HANDLERS } from './iam.js';
import { IDENTITY_PROVIDER_HANDLERS } from './identity-providers.js';
import { ORGANIZATIONS_HANDLERS } from './organizations.js';
import { OUTSIDE_IDENTITY_HANDLERS } from './outside-identities.js';
import { RESOURCE_HANDLERS } from './resources.js';
import { ROLE_USE_HANDLERS } from './role-uses.js';
import type { ResourceHandler } from './scope.js';
import { CUSTOM_RESOURCE_HANDLER, isCustomResourceType } from './sdk-calls.js';
import { SHARING_HANDLERS } from './sharing.js';
import { SSO_HANDLERS } from './sso.js';

/** Both handlers of a type that two tables handle, each phase running the first then the second. */
function both(a: ResourceHandler | undefined, b: ResourceHandler): ResourceHandler {
  if (!a) return b;
  const phase =
    (name: keyof ResourceHandler): ResourceHandler[keyof ResourceHandler] =>
    (scope) => {
      a[name]?.(scope);
      b[name]?.(scope);
    };
  return { create: phase('create'), attach: phase('attach'), late: phase('late') };
}

const BASE_HANDLERS: Readonly<Record<string, ResourceHandler>> = {
  ...IAM_HANDLERS,
  ...RESOURCE_HANDLERS,
  ...ORGANIZATIONS_HANDLERS,
  ...EC2_HANDLERS,
  ...SSO_HANDLERS,
  ...IDENTITY_PROVIDER_HANDLERS,
  ...OUTSIDE_IDENTITY_HANDLERS,
  ...ROLE_USE_HANDLERS,
  ...ACCESS_GRANT_HANDLERS,
  ...DEPLOYMENT_HANDLERS,
  ...SHARING_HANDLERS,
  ...PLAIN_RESOURCE_HANDLERS,
};

export const HANDLERS: Readonly<Record<string, ResourceHandler>> = {
  ...BASE_HANDLERS,
  // an API method or API is also a role use or a resource of its own (role-uses.ts, resources.ts)
  ...Object.fromEntries(
    Object.entries(API_METHOD_HANDLERS).map(([type, h]) => [type, both(BASE_HANDLERS[type], h)]),
  ),
  // a custom resource a table models (CDK's OIDC provider, EKS cluster) is still a custom
  // resource: the code behind its ServiceToken runs at deployment (sdk-calls.ts), on top of it
  ...Object.fromEntries(
    Object.entries(BASE_HANDLERS)
      .filter(([type]) => isCustomResourceType(type))
      .map(([type, h]) => [type, both(h, CUSTOM_RESOURCE_HANDLER)]),
  ),
};

/**
 * Types that grant or hold no access themselves and need no model element (their Ref/GetAtt
 * values are modelled where useful). Nested stacks are followed by the loader (one whose template
 * is not found is modelled by deployments.ts).
 */
export const NO_ACCESS_TYPES: ReadonlySet<string> = new Set([
  'AWS::CDK::Metadata',
  'AWS::CloudFormation::WaitCondition',
  'AWS::CloudFormation::WaitConditionHandle',
  'AWS::IAM::AccessKey',
  'AWS::Lambda::Alias',
  'AWS::Lambda::Version',
]);

/**
 * Property names that hold a policy document in AWS resource types: the common names, any name
 * ending in `PolicyDocument` or `PolicyText` (CodeArtifact `PermissionsPolicyDocument`), and
 * names of one service's policy (Logs::Destination `DestinationPolicy`, SageMaker
 * ModelPackageGroup `ModelPackageGroupPolicy`, Roles Anywhere profile `SessionPolicy`; a value the
 * inputs leave unknown has no `Statement` to find, so the name alone must say it: Glue
 * ResourcePolicy `PolicyInJson`, "Contains the policy document to set, in JSON format";
 * Logs::DeliveryDestination `DeliveryDestinationPolicy`, "An IAM policy that grants permissions to
 * CloudWatch Logs to deliver logs cross-account to a specified destination in this account";
 * Redshift Serverless namespace `NamespaceResourcePolicy`; ECR repository creation template
 * `RepositoryPolicy`).
 */
const POLICY_PROPERTY =
  /^(Policy|Policies|PolicyDocuments|KeyPolicy|ResourcePolicy|AccessPolicy|AccessPolicies|InlinePolicy|FileSystemPolicy|BucketPolicy|TrustPolicy|DestinationPolicy|DeliveryDestinationPolicy|NamespaceResourcePolicy|RepositoryPolicy|PolicyInJson|ModelPackageGroupPolicy|SessionPolicy|PermissionsBoundary|ManagedPolicyArns|[A-Za-z]*PolicyDocument|[A-Za-z]*PolicyText)$/;

/**
 * Properties that hold a policy document under a name of no policy, per type: an Organizations
 * resource policy's `Content` (AWS::Organizations::ResourcePolicy, "The policy text of the
 * organization resource policy").
 */
const QUICKSIGHT_PERMISSIONS = [
  'Analysis',
  'Dashboard',
  'DataSet',
  'DataSource',
  'Folder',
  'Template',
  'Theme',
];
const TYPE_POLICY_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  'AWS::Organizations::ResourcePolicy': ['Content'],
  // "The Amazon Resource Name (ARN) of the principal", "The IAM action to grant or revoke
  // permissions on" (QuickSight ResourcePermission): a resource-based grant of quicksight actions
  ...Object.fromEntries(QUICKSIGHT_PERMISSIONS.map((t) => [`AWS::QuickSight::${t}`, ['Permissions']])),
  // "The set of permissions … Principals: the principals for the agent permissions"
  'AWS::CodeGuruProfiler::ProfilingGroup': ['AgentPermissions'],
};

/** An IAM `Statement` element: a list, or an object with Effect/Action (WAF rules also say Statement). */
function isPolicyStatement(v: unknown): boolean {
  if (v === undefined) return false;
  if (Array.isArray(v)) return true;
  if (intrinsicName(v) !== undefined) return true;
  return isRecord(v) && ('Effect' in v || 'Action' in v || 'NotAction' in v);
}

/**
 * Pointers of the properties of an unhandled resource that look like policies (leaving out the
 * properties src/aws/not-access-policies.ts lists: named like policies, holding none): a property named
 * like a policy whose value is an object, list, intrinsic or JSON text with a `Statement`, or any
 * object holding a `Statement`.
 */
export function policyLikeProperties(resource: TemplateResource): string[] {
  const found: string[] = [];
  const visit = (node: unknown, pointer: string, key: string | undefined, depth: number): void => {
    // Read to the template's full depth (a deeper template is an input error): a policy nested
    // deeper than a fixed cut-off was dropped silently. A value deeper still counts as a policy.
    if (depth > MAX_DOCUMENT_DEPTH) return void found.push(pointer);
    const named = key !== undefined && POLICY_PROPERTY.test(key);
    if (typeof node === 'string') {
      if (node.includes('"Statement"') || (named && node !== '')) found.push(pointer);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      if (named && node.length > 0) return void found.push(pointer);
      node.forEach((x, i) => {
        visit(x, childPointer(pointer, i), undefined, depth + 1);
      });
      return;
    }
    if (!isRecord(node)) return;
    if (
      isPolicyStatement(node.Statement) ||
      (named && (intrinsicName(node) !== undefined || Object.keys(node).length > 0))
    ) {
      found.push(pointer);
      return;
    }
    for (const [k, v] of Object.entries(node)) visit(v, childPointer(pointer, k), k, depth + 1);
  };
  for (const [k, v] of Object.entries(resource.properties)) {
    if (cfnPropertyHoldsNoAccessPolicy(resource.type, k)) continue;
    // a type's own policy property is visited as if named like one
    const key = TYPE_POLICY_PROPERTIES[resource.type]?.includes(k) ? 'Policy' : k;
    visit(v, childPointer(resource.pointer, 'Properties', k), key, 0);
  }
  if (found.length === 0 && cfnTypeGrantsWithoutPolicy(resource.type))
    found.push(childPointer(resource.pointer, 'Properties'));
  return found;
}
