// Dispatches resource instances to their handlers in two passes (elements first, then what
// links them), handles AWS Organizations policies and their attachments, and reports resource
// types that carry a policy iamspec does not model (`tf/unhandled-resource-type`).

import { PLAIN_RESOURCE_HANDLERS } from './plain-resources.js';
import { handleAutoScalingGroup, noteLaunchTemplate } from './autoscaling.js';
import {
  API_GATEWAY_TYPES,
  handleHttpApiBody,
  handleHttpRoute,
  handleRestApiBody,
  handleRestMethod,
} from './api-methods.js';
import { TemplateReaderNeeded } from '../../../model/deployed-template.js';
import { GRANT_WITHOUT_DOCUMENT, tfTypeGrantsWithoutPolicy } from '../../../aws/granting-types.js';
import { tfAttributeHoldsNoAccessPolicy } from '../../../aws/not-access-policies.js';
import { orgPolicyOnDeployingAccount } from '../../../aws/org-management-account.js';
import { awsManagedOrgPolicy } from '../../../aws/org-managed-policies.js';
import { applyObjectOwnerGrants } from '../../../aws/s3-object-ownership.js';
import { addOutsideAccessPoints } from '../../../aws/s3-access-points.js';
import { applyBlockPublicPolicy } from '../../../aws/s3-public-access.js';
import { MAX_DOCUMENT_DEPTH } from '../../../model/read-input.js';
import { isStandInAccount } from '../../../model/stand-ins.js';
import { isUnknown, Unknown } from '../../../model/unknown.js';
import { parsePolicy } from '../../../policy/parse.js';
import type { PolicyDocument } from '../../../policy/types.js';
import { InputError } from '../errors.js';
import { EncodedJson, isObject } from '../eval/values.js';
import { andPresence } from '../eval/branches.js';
import { type PrincipalPathsInInputs, principalArnsIn } from '../../../model/named-principals.js';
import type { TfInstance } from '../instances.js';
import { ROLE_USE_ELEMENTS, ROLE_USE_LINKS } from './role-uses.js';
import { handleAccessPoint, handleAccessPointPolicy } from './s3-access-points.js';
import type { TfLoadState } from './context.js';
import {
  handleAttachment,
  handleEc2Instance,
  handleLaunchConfiguration,
  handleLaunchTemplate,
  handleGroup,
  handleGroupMembership,
  handleInlinePolicy,
  handleInstanceProfile,
  handlePolicy,
  handlePolicyAttachment,
  handleBoundary,
  handleRoleLinks,
  handleRole,
  handleServiceLinkedRole,
  handleUser,
  handleUserGroupMembership,
  lateGroupMembership,
} from './iam.js';
import {
  describedHandlers,
  handleAccountPublicAccessBlock,
  handleBucket,
  handleBucketEncryption,
  handleBucketAcl,
  handleObjectAcl,
  handleLoggingTargetGrants,
  handleBucketPolicy,
  handleBucketPublicAccessBlock,
  handleBucketAbac,
  handleOwnershipControls,
  noteObjectOwnership,
  handleFunction,
  handleFunctionRole,
  handleEcrAccountSetting,
  handleEcrRegistryPolicy,
  handleLogsResourcePolicy,
  handleKey,
  handleKmsAlias,
  handleKeyPolicy,
  handleKmsGrant,
  handleFunctionUrl,
  handleLambdaPermission,
  handleQueue,
  handleQueuePolicy,
  handleSecret,
  handleSecretPolicy,
  handleSesEmailIdentity,
  handleStreamConsumer,
  handleTopic,
  handleTopicPolicy,
  keepUnmodelledPolicy,
} from './resources.js';
import { ACCESS_GRANT_ELEMENTS, ACCESS_GRANT_HANDLERS } from './access-grants.js';
import { handleCloudControlResource, linkCloudControlResource } from './cloudcontrol.js';
import { DEPLOYMENT_HANDLERS } from './deployments.js';
import { handleLambdaInvocation } from './lambda-invocations.js';
import { ExclusiveGroupMembers } from './exclusive-group-members.js';
import { EXCLUSIVE_POLICY_TYPES, ExclusivePolicySets } from './exclusive-policies.js';
import {
  handleDelegatedAdministrator,
  handleOrganizationsFeatures,
  handleOrgResourcePolicy,
  SERVICE_DELEGATION_HANDLERS,
} from './org-delegation.js';
import { noteFullAccessDetachments, staysAttached } from './org-detachments.js';
import { handleOidcProvider, handleSamlProvider } from './identity-providers.js';
import {
  handleCognitoIdentityPool,
  handleCognitoPoolRoles,
  handlePodIdentityAssociation,
  handleEksCluster,
} from './outside-identities.js';
import { RAM_HANDLERS } from './ram.js';
import { SHARING_HANDLERS } from './sharing.js';
import { SSOADMIN_HANDLERS } from './ssoadmin.js';
import {
  applyToMembers,
  applyToOtherAccounts,
  deployingAccountReach,
  handleOrgAccessRole,
  handleOrgAccount,
  handleOrgUnit,
  recordOrgRoot,
  standInDeployingReach,
  standInOthersReach,
} from './org-members.js';

type Handler = (ctx: TfLoadState, inst: TfInstance) => void;

const DESCRIBED = describedHandlers();

const ELEMENTS: Record<string, Handler> = {
  ...PLAIN_RESOURCE_HANDLERS,
  aws_iam_user: handleUser,
  aws_iam_group: handleGroup,
  aws_iam_role: handleRole,
  aws_iam_service_linked_role: handleServiceLinkedRole,
  aws_iam_policy: handlePolicy,
  aws_s3_bucket: handleBucket,
  aws_s3_access_point: handleAccessPoint,
  aws_sqs_queue: handleQueue,
  aws_sns_topic: handleTopic,
  aws_kms_key: handleKey,
  aws_kms_alias: handleKmsAlias,
  aws_kms_replica_key: handleKey,
  aws_kms_external_key: handleKey,
  aws_kms_replica_external_key: handleKey,
  aws_ecr_account_setting: handleEcrAccountSetting,
  aws_cloudwatch_log_resource_policy: handleLogsResourcePolicy,
  aws_lambda_function: handleFunction,
  aws_secretsmanager_secret: handleSecret,
  aws_organizations_policy: handleOrgPolicy,
  aws_organizations_organization: handleOrganization,
  aws_organizations_organizational_unit: handleOrgUnit,
  aws_organizations_account: handleOrgAccount,
  aws_organizations_resource_policy: handleOrgResourcePolicy,
  aws_organizations_delegated_administrator: handleDelegatedAdministrator,
  aws_iam_openid_connect_provider: handleOidcProvider,
  aws_iam_saml_provider: handleSamlProvider,
  aws_cognito_identity_pool: handleCognitoIdentityPool,
  aws_iam_organizations_features: handleOrganizationsFeatures,
  ...SERVICE_DELEGATION_HANDLERS,
  ...ACCESS_GRANT_ELEMENTS,
  ...SSOADMIN_HANDLERS.elements,
  ...RAM_HANDLERS.elements,
  aws_s3_account_public_access_block: handleAccountPublicAccessBlock,
  ...DEPLOYMENT_HANDLERS,
  aws_cloudcontrolapi_resource: handleCloudControlResource,
  ...ROLE_USE_ELEMENTS,
  ...DESCRIBED.elements,
  aws_kinesis_stream_consumer: handleStreamConsumer,
  aws_ses_email_identity: handleSesEmailIdentity,
  aws_sesv2_email_identity: handleSesEmailIdentity,
};

const LINKS: Record<string, Handler> = {
  aws_iam_user: handleBoundary,
  aws_iam_role: handleRoleLinks,
  aws_iam_role_policy: (c, i) => handleInlinePolicy(c, i, 'role'),
  aws_iam_user_policy: (c, i) => handleInlinePolicy(c, i, 'user'),
  aws_iam_group_policy: (c, i) => handleInlinePolicy(c, i, 'group'),
  aws_iam_role_policy_attachment: (c, i) => handleAttachment(c, i, 'role'),
  aws_iam_user_policy_attachment: (c, i) => handleAttachment(c, i, 'user'),
  aws_iam_group_policy_attachment: (c, i) => handleAttachment(c, i, 'group'),
  aws_iam_policy_attachment: handlePolicyAttachment,
  aws_cloudcontrolapi_resource: linkCloudControlResource,
  aws_lambda_invocation: handleLambdaInvocation,
  aws_iam_group_membership: handleGroupMembership,
  aws_iam_user_group_membership: handleUserGroupMembership,
  aws_iam_instance_profile: handleInstanceProfile,
  aws_s3_bucket_policy: handleBucketPolicy,
  aws_s3control_access_point_policy: handleAccessPointPolicy,
  aws_sqs_queue_policy: handleQueuePolicy,
  aws_sns_topic_policy: handleTopicPolicy,
  aws_secretsmanager_secret_policy: handleSecretPolicy,
  aws_kms_key_policy: handleKeyPolicy,
  aws_ecr_registry_policy: handleEcrRegistryPolicy,
  aws_kms_grant: handleKmsGrant,
  aws_lambda_permission: handleLambdaPermission,
  aws_lambda_function_url: handleFunctionUrl,
  aws_cognito_identity_pool_roles_attachment: handleCognitoPoolRoles,
  aws_eks_pod_identity_association: handlePodIdentityAssociation,
  aws_eks_cluster: handleEksCluster,
  aws_lambda_function: handleFunctionRole,
  aws_autoscaling_group: handleAutoScalingGroup,
  aws_launch_template: noteLaunchTemplate,
  ...ROLE_USE_LINKS,
  aws_organizations_policy_attachment: handleOrgAttachment,
  aws_organizations_account: handleOrgAccessRole,
  ...SSOADMIN_HANDLERS.links,
  ...RAM_HANDLERS.links,
  aws_s3_bucket_public_access_block: handleBucketPublicAccessBlock,
  aws_s3_bucket_ownership_controls: handleOwnershipControls,
  aws_s3_bucket_abac: handleBucketAbac,
  aws_s3_bucket_server_side_encryption_configuration: handleBucketEncryption,
  ...DESCRIBED.links,
};

const LATE: Record<string, Handler> = {
  aws_api_gateway_method: handleRestMethod,
  aws_apigatewayv2_route: handleHttpRoute,
  aws_api_gateway_rest_api: handleRestApiBody,
  aws_apigatewayv2_api: handleHttpApiBody,
  aws_instance: handleEc2Instance,
  aws_launch_template: handleLaunchTemplate,
  aws_launch_configuration: handleLaunchConfiguration,
  aws_iam_group_membership: lateGroupMembership,
  aws_iam_user_group_membership: lateGroupMembership,
  ...SSOADMIN_HANDLERS.late,
  ...RAM_HANDLERS.late,
  aws_s3_bucket_acl: handleBucketAcl,
  aws_s3_bucket: handleBucketAcl,
  aws_s3_object: handleObjectAcl,
  aws_s3_bucket_object: handleObjectAcl,
  aws_s3_object_copy: handleObjectAcl,
  aws_s3_bucket_logging: handleLoggingTargetGrants,
  ...ACCESS_GRANT_HANDLERS,
  ...SHARING_HANDLERS,
  ...DESCRIBED.late,
};

/** Types that are modelled (or deliberately have nothing IAM to model). */
export const HANDLED_TYPES = new Set([...Object.keys(ELEMENTS), ...Object.keys(LINKS), ...Object.keys(LATE)]);

/**
 * aws_organizations_policy: `type` "SERVICE_CONTROL_POLICY" (the provider's default) or
 * "RESOURCE_CONTROL_POLICY" applies `content` as an SCP or an RCP. Other types (tag, backup,
 * AI services opt-out policies...) grant and deny no access: AWS Organizations User Guide,
 * "Managing organization policies" (orgs_manage_policies.html#orgs-policy-types): "Authorization
 * policies help you to centrally manage the security of the AWS accounts in your organization"
 * (SCPs and RCPs); "Management policies enable you to centrally configure and manage AWS services
 * and their features" (tag, backup, AI services opt-out policies...). An unknown type
 * may be either: the content is applied as both, maybe-present, as the CloudFormation adapter
 * does, so that a Deny it might carry does not vanish.
 */
function handleOrgPolicy(ctx: TfLoadState, inst: TfInstance): void {
  const type = inst.values.type ?? 'SERVICE_CONTROL_POLICY';
  const id =
    typeof inst.values.id === 'string'
      ? inst.values.id
      : isUnknown(inst.values.id)
        ? inst.values.id
        : inst.address;
  ctx.record(inst, { kind: 'org-policy', id: inst.address, name: inst.address });
  if (typeof type === 'string' && type !== 'SERVICE_CONTROL_POLICY' && type !== 'RESOURCE_CONTROL_POLICY') {
    ctx.finding({
      code: 'tf/ignored-policy',
      severity: 'info',
      message: `${inst.address} is an organizations policy of type ${type}, which grants and denies no access; ignored`,
      source: inst.attrSource('type'),
    });
    ctx.orgPolicies.set(inst.address, { documents: [], id });
    return;
  }
  const why =
    typeof type === 'string'
      ? undefined
      : new Unknown(
          `the type of organizations policy ${inst.address} is ${isUnknown(type) ? `unknown (${type.reason})` : 'not a string'}`,
          inst.attrSource('type'),
        );
  if (why)
    ctx.finding({
      code: 'tf/unresolved-reference',
      severity: 'warning',
      message: `${why.reason}; it is applied, maybe-present, as a service control policy and as a resource control policy`,
      source: inst.attrSource('type'),
    });
  const kinds: ('scp' | 'rcp')[] = why
    ? ['scp', 'rcp']
    : [type === 'RESOURCE_CONTROL_POLICY' ? 'rcp' : 'scp'];
  const documents = kinds.map((kind) => {
    const read = ctx.requiredPolicy(inst, 'content', kind);
    const name = inst.values.name;
    const doc = typeof name === 'string' && name ? { ...read, name } : read;
    return {
      kind,
      document: why
        ? {
            ...doc,
            presence: doc.presence ?? why,
            statements: doc.statements.map((st) => ({ ...st, presence: st.presence ?? why })),
          }
        : doc,
    };
  });
  ctx.orgPolicies.set(inst.address, { documents, id });
}

/**
 * aws_organizations_organization: CreateOrganization makes the calling account the management
 * account, so the deploying account is (aws/org-management-account.ts). An instance that might
 * not exist says nothing.
 */
function handleOrganization(ctx: TfLoadState, inst: TfInstance): void {
  if (!inst.presence) ctx.organizationCreated ??= inst.source;
  if (!inst.presence) ctx.builder.noteManagementAccount(ctx.env.account);
  recordOrgRoot(ctx, inst);
}

function handleOrgAttachment(ctx: TfLoadState, inst: TfInstance): void {
  const pid = inst.values.policy_id;
  let policy = [...ctx.orgPolicies.values()].find((p) => typeof pid === 'string' && p.id === pid);
  if (!policy) {
    const refs = ctx.referenced(inst, 'policy_id', ['org-policy']);
    if (refs.length === 1) policy = ctx.orgPolicies.get(refs[0]!.id);
  }
  const target = inst.values.target_id;
  // The level it is attached at (engine/org-levels.ts): the target when it names an account, OU
  // or root; unknown otherwise.
  const level =
    typeof target === 'string' && /^(\d{12}|ou-.+|r-.+)$/.test(target)
      ? target
      : new Unknown(
          `the target of ${inst.address} is ${typeof target === 'string' ? `"${target}", not an account, OU or root id` : 'known only after apply'}: the level it is attached at is not known`,
          inst.attrSource('target_id'),
        );
  const account = typeof target === 'string' && /^\d{12}$/.test(target) ? target : ctx.env.account;
  // A root/OU attachment reaches the deploying account only where the inputs place it under
  // that node (org-members.ts `deployingAccountReach`): not at all when they place it elsewhere,
  // maybe-present when they do not say.
  let placement = account === target ? true : deployingAccountReach(ctx, inst, account);
  // the stand-in deploying account stands for the other accounts whose id is unknown too
  if (isStandInAccount(account) && account !== target)
    placement = standInDeployingReach(ctx, inst, placement, account);
  if (account !== target && placement !== false) {
    ctx.finding({
      code: 'tf/org-target-assumed',
      severity: 'info',
      message: `${inst.address}: target ${typeof target === 'string' ? `"${target}"` : '(known after apply)'} is an organization root, OU or unknown account; the policy is taken to reach account ${account}, the deploying account (see tf/org-management-account)`,
      source: inst.attrSource('target_id'),
    });
  }
  if (placement === false)
    ctx.finding({
      code: 'tf/org-not-on-path',
      severity: 'info',
      message: `${inst.address}: the inputs place account ${account}, the deploying account, outside ${typeof target === 'string' ? target : 'the target'}, so the policy it attaches is not applied to it (an SCP or RCP governs only the accounts under the root or OU it is attached at)`,
      source: inst.attrSource('target_id'),
    });
  // The deploying account may be the management account, which SCPs/RCPs do not affect
  // (aws/org-management-account.ts): the policy reaches it maybe-present, or not at all when the
  // inputs create the organization.
  const add = (kind: 'scp' | 'rcp', document: PolicyDocument) => {
    let doc: PolicyDocument | undefined = placement === false ? undefined : document;
    if (doc && placement instanceof Unknown) doc = { ...doc, presence: andPresence(doc.presence, placement) };
    if (doc && account === ctx.env.account) {
      ctx.deployingOrg ??= { account, createsOrganization: ctx.organizationCreated };
      const on = orgPolicyOnDeployingAccount(
        kind,
        doc,
        document.name ?? inst.address,
        ctx.deployingOrg,
        inst.attrSource('target_id'),
      );
      ctx.finding({
        code: 'tf/org-management-account',
        severity: 'warning',
        message: `${inst.address}: ${on.message}`,
        source: inst.attrSource('target_id'),
      });
      // the stand-in deploying account stands for other accounts too, which the policy may reach
      const others = isStandInAccount(account) ? standInOthersReach(ctx, inst, account) : undefined;
      if (on.document !== doc && others !== undefined && others !== false)
        doc = {
          ...doc,
          presence: andPresence(
            doc.presence,
            new Unknown(
              `account ${account} stands for the deploying account, which ${kind.toUpperCase()}s may not affect (tf/org-management-account), and for other accounts whose id is unknown, which ${inst.address} reaches${others instanceof Unknown ? ` maybe (${others.reason})` : ''}`,
              inst.attrSource('target_id'),
            ),
          ),
        };
      else doc = on.document;
    }
    // the member accounts of the inputs under the root or OU it is attached at (org-members.ts)
    applyToMembers(ctx, inst, kind, document, account);
    // the accounts provider configurations deploy into, the member accounts the inputs create
    applyToOtherAccounts(ctx, inst, kind, document, account);
    if (!doc) return;
    ctx.ensureOrgDefault(account, kind, inst.source);
    if (kind === 'scp') ctx.builder.addScp(account, doc, level);
    else ctx.builder.addRcp(account, doc, level);
  };
  const managed = policy ? undefined : awsManagedOrgPolicy(pid);
  if (managed) {
    // An AWS managed policy named by its id (`p-FullAWSAccess`, `p-RCPFullAWSAccess`): its
    // document is known (aws/org-managed-policies.ts), so it is that policy at that level.
    const document = {
      ...parsePolicy(managed.document, { kind: managed.kind, source: inst.attrSource('policy_id') }),
      name: managed.name,
    };
    add(managed.kind, document);
    return;
  }
  if (!policy) {
    // A policy outside the inputs: its type (SCP, RCP or a policy type that grants nothing) and
    // content are unknown. It is kept as an unknown SCP and RCP that might exist, so verdicts in
    // the account that it could deny are indeterminate, never silently allowed.
    const why = new Unknown(
      `${inst.address} attaches the organizations policy ${typeof pid === 'string' ? `"${pid}"` : '(known after apply)'}, which is not in the inputs: its type and content are unknown`,
      inst.attrSource('policy_id'),
    );
    ctx.finding({
      code: 'tf/unresolved-reference',
      severity: 'warning',
      message: `${why.reason}; it is applied to account ${account} as an unknown SCP and RCP that might exist`,
      source: inst.attrSource('policy_id'),
    });
    for (const kind of ['scp', 'rcp'] as const) {
      add(kind, { ...parsePolicy(why, { kind, source: inst.source }), presence: why });
    }
    return;
  }
  for (const { kind, document } of policy.documents) add(kind, document);
}

/**
 * An instance whose handler failed is not dropped: what it might grant or deny is unknown, so an
 * unknown policy is attached, maybe-present, to an unknown target of every principal kind (every
 * principal of the account and a stand-in), and the error is shown.
 */
function modelFailure(ctx: TfLoadState, inst: TfInstance, e: unknown): void {
  const why = `${inst.address} could not be modelled: ${e instanceof Error ? e.message : String(e)}`;
  ctx.finding({ code: 'tf/handler-error', severity: 'error', message: why, source: inst.source });
  const reason = new Unknown(why, inst.source);
  const document = parsePolicy(reason, { kind: 'identity', source: inst.source });
  for (const kind of ['role', 'user'] as const) {
    ctx.builder.attachToUnknownPrincipal({
      kind,
      account: ctx.env.account,
      policy: { inline: { name: `(unknown) ${inst.address}`, document, source: inst.source } },
      reason,
      hint: inst.address,
      source: inst.source,
    });
  }
}

/** An attribute name that may hold a policy document (not an ARN or id of one). */
function policyNamed(k: string): boolean {
  return k.includes('policy') && !k.endsWith('_arn') && !k.endsWith('_arns') && !k.endsWith('_id');
}

/**
 * A policy document as a value: JSON text of an object or an array (an OpenSearch Serverless data
 * access policy is a list of rules), an object with a `Statement`, or `jsonencode` of a value that
 * holds an unknown (an `EncodedJson`: `Resource = "${aws_s3_access_point.ap.arn}/object/*"` in a
 * configuration), which is neither text nor an unknown and was skipped.
 */
function holdsDocument(v: unknown): boolean {
  return (
    (typeof v === 'string' && /^\s*[{[]/.test(v)) || (isObject(v) && 'Statement' in v) || encodedDocument(v)
  );
}

/** `jsonencode` of an object or a list that still holds an unknown: a document being written. */
function encodedDocument(v: unknown): boolean {
  return v instanceof EncodedJson && (Array.isArray(v.value) || isObject(v.value) || isUnknown(v.value));
}

/** `jsonencode` of a value holding a `Statement` member, whatever the attribute is named. */
function encodedStatements(v: unknown): boolean {
  return v instanceof EncodedJson && isObject(v.value) && 'Statement' in v.value;
}

/**
 * The document attribute of a policy resource type that does not name it *policy*
 * (`aws_organizations_resource_policy` holds its policy in `content`).
 */
function policyTypeDocument(type: string, key: string): boolean {
  return type.endsWith('_policy') && (key === 'content' || key === 'document');
}

/** JSON text of a policy, whatever the attribute is named: it holds a `"Statement"` member. */
function statementText(v: unknown): boolean {
  return (typeof v === 'string' && /^\s*[{[]/.test(v) && /"Statement"\s*:/.test(v)) || encodedStatements(v);
}

/**
 * Whether an unhandled instance carries a policy: an attribute named *policy* (or the `content` /
 * `document` of a `*_policy` type) with a document, or any attribute holding JSON text with a
 * `Statement` (not one of the attributes src/aws/not-access-policies.ts lists), at the top level or in a
 * nested block (`aws_s3control_multi_region_access_point_policy` has `details { policy }`): a
 * policy in a block was dropped silently. Blocks are read to their full depth (a plan or
 * configuration deeper than the reader's limit is an input error); a value deeper than that
 * counts as a policy, never as none.
 */
function carriedPolicies(inst: TfInstance): string[] {
  const out: string[] = [];
  const visit = (v: unknown, path: string, key: string, depth: number): void => {
    if (depth > MAX_DOCUMENT_DEPTH) return void out.push(path);
    const named = policyNamed(key) || (depth === 0 && policyTypeDocument(inst.type, key));
    if (named || statementText(v)) {
      if (tfAttributeHoldsNoAccessPolicy(inst.type, path)) return;
      if (statementText(v) || holdsDocument(v)) return void out.push(path);
      // an unknown top-level policy attribute counts unless the configuration surely leaves it
      // unset (a computed attribute then): a plan without its `configuration` cannot say so
      if (isUnknown(v) && (depth > 0 || inst.configured(key) !== false)) return void out.push(path);
    }
    if (Array.isArray(v)) for (const x of v) visit(x, path, key, depth + 1);
    else if (isObject(v) && !isUnknown(v))
      for (const [k, x] of Object.entries(v)) visit(x, `${path}.${k}`, k, depth + 1);
  };
  for (const [k, v] of Object.entries(inst.values)) visit(v, k, k, 0);
  return [...new Set(out)];
}

/**
 * What an unhandled instance carries that may grant access: its policy attributes, or, for a type
 * that grants without a policy document (aws/granting-types.ts, the list CloudFormation reads
 * too), the grant itself.
 */
function unmodelledPolicies(inst: TfInstance): string[] {
  const attrs = carriedPolicies(inst);
  return attrs.length || !tfTypeGrantsWithoutPolicy(inst.type) ? attrs : [GRANT_WITHOUT_DOCUMENT];
}

/** Data sources that run code while Terraform plans (handled with the managed instances). */
export const RUN_DATA_SOURCES: ReadonlySet<string> = new Set(['aws_lambda_invocation']);

/** Runs every handler over the instances (managed instances that stay in the model). */
export function applyHandlers(ctx: TfLoadState, instances: TfInstance[]): void {
  // (a destroyed organizations policy attachment with skip_destroy stays attached: org-detachments.ts)
  const live = instances.filter((i) => i.mode === 'managed' && (i.action !== 'delete' || staysAttached(i)));
  noteFullAccessDetachments(ctx, instances);
  ctx.policyAttachments = live.filter((i) => i.type === 'aws_iam_policy_attachment');
  ctx.apiGatewayInstances = live.filter((i) => API_GATEWAY_TYPES.has(i.type));
  ctx.exclusiveGroupMembers = new ExclusiveGroupMembers(
    ctx,
    live.filter((i) => i.type === 'aws_iam_group_membership'),
  );
  ctx.exclusivePolicySets = new ExclusivePolicySets(
    ctx,
    live.filter((i) => Object.hasOwn(EXCLUSIVE_POLICY_TYPES, i.type)),
  );
  // the user, group and role ARNs the configuration writes: the path of one it names by name
  // only (`role = "legacy"`) is the one they write (src/model/named-principals.ts)
  for (const inst of instances) notePrincipalArnsIn(inst.values, ctx.builder.principalPaths);
  for (const pass of [ELEMENTS, LINKS, LATE]) {
    for (const inst of live) {
      const h = pass[inst.type];
      if (!h) continue;
      ctx.current = inst;
      try {
        h(ctx, inst);
      } catch (e) {
        if (e instanceof InputError || e instanceof TemplateReaderNeeded) throw e;
        modelFailure(ctx, inst, e);
      } finally {
        ctx.current = undefined;
      }
    }
  }
  const unhandled = new Map<string, { addresses: string[]; attrs: Set<string>; inst: TfInstance }>();
  for (const inst of live) {
    if (HANDLED_TYPES.has(inst.type)) continue;
    const attrs = unmodelledPolicies(inst);
    if (!attrs.length) continue;
    const entry = unhandled.get(inst.type) ?? { addresses: [], attrs: new Set<string>(), inst };
    entry.addresses.push(inst.address);
    for (const a of attrs) entry.attrs.add(a);
    unhandled.set(inst.type, entry);
  }
  for (const [type, e] of unhandled) {
    ctx.finding({
      code: 'tf/unhandled-resource-type',
      severity: 'warning',
      message: `${type} carries a policy (${[...e.attrs].join(', ')}) that iamspec does not model: ${e.addresses.join(', ')}; each is kept with an unknown policy, so who can access it is indeterminate`,
      source: e.inst.source,
    });
  }
  for (const inst of live) {
    if (HANDLED_TYPES.has(inst.type)) continue;
    const attrs = unmodelledPolicies(inst);
    if (attrs.length) keepUnmodelledPolicy(ctx, inst, attrs);
  }
  // Data sources that run code while Terraform plans.
  for (const inst of instances)
    if (inst.mode === 'data' && RUN_DATA_SOURCES.has(inst.type)) {
      ctx.current = inst;
      try {
        handleLambdaInvocation(ctx, inst);
      } finally {
        ctx.current = undefined;
      }
    }
  applyBlockPublicPolicy(ctx.builder);
  noteObjectOwnership(ctx);
  applyObjectOwnerGrants(ctx.builder);
  addOutsideAccessPoints(ctx.builder);
}

/** Notes the user, group and role ARNs written in the plain strings of an instance's values. */
function notePrincipalArnsIn(value: unknown, paths: PrincipalPathsInInputs): void {
  if (typeof value === 'string') {
    for (const arn of principalArnsIn(value)) paths.note(arn);
  } else if (Array.isArray(value)) {
    for (const x of value) notePrincipalArnsIn(x, paths);
  } else if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const x of Object.values(value)) notePrincipalArnsIn(x, paths);
  }
}
