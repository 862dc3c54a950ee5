// IAM Identity Center (AWS SSO) permission sets and account assignments, as both adapters read
// them (AWS::SSO::PermissionSet + AWS::SSO::Assignment; aws_ssoadmin_*): "When you assign a
// permission set, IAM Identity Center creates corresponding IAM Identity Center-controlled IAM
// roles in each account, and attaches the policies specified in the permission set to those
// roles" (IAM Identity Center User Guide, "IAM roles created by IAM Identity Center",
// https://docs.aws.amazon.com/singlesignon/latest/userguide/identity-center-and-iam-roles.html).
// The role is `AWSReservedSSO_<permission set name>_<unique suffix>` under
// `/aws-reserved/sso.amazonaws.com/<region>/` (no Region in us-east-1: `identityCenterRolePath`) ("Referencing permission sets in resource
// policies", https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html);
// the suffix is not known before deployment, so a stand-in takes its place (stand-ins.ts). The
// role is trusted through the account's SAML provider (also named with an unknown suffix), and
// the identity-store users and groups of the assignments sign in to it: they are the role's
// external callers, reported with each role. AWS managed policies attach by ARN, customer
// managed ones by name and path in the target account ("Use IAM policies in permission sets":
// the policy must exist in each account; not in the inputs, its document is unknown).

import type { ModelBuilder } from '../model/builder.js';
import type { Source } from '../model/source.js';
import {
  identityCenterRoleName,
  identityCenterSamlProviderName,
  PLACEHOLDER_REGION,
  partlyKnownPath,
  standInAccountFor,
  UNKNOWN_REGION,
} from '../model/stand-ins.js';
import { isUnknown, type Maybe, Unknown } from '../model/unknown.js';
import { parsePolicy } from '../policy/parse.js';
import type { PolicyDocument } from '../policy/types.js';

/**
 * `presence` on a permission set, an assignment or a part of a permission set: why it might not
 * exist (a CloudFormation Condition; a Terraform instance under `count`/`for_each` the inputs do
 * not decide): what it creates or adds is then maybe-present.
 */
export interface CustomerManagedPolicyRef {
  name: Maybe<string>;
  path: Maybe<string> | undefined;
  source: Source;
  presence?: Unknown;
}

export interface PermissionSetSpec {
  name: Maybe<string>;
  /** AWS managed policy ARNs. */
  managedPolicyArns: { arn: Maybe<string>; source: Source; presence?: Unknown }[];
  customerManagedPolicies: CustomerManagedPolicyRef[];
  inlinePolicy: PolicyDocument | undefined;
  /** Why the inline policy might not be set (the resource that sets it might not exist). */
  inlinePolicyPresence?: Unknown;
  /**
   * Inline policies that may be written to this set in place of `inlinePolicy` (a Terraform
   * aws_ssoadmin_permission_set_inline_policy whose permission set the configuration does not
   * pin): a set has one inline policy, which is either of them, so each is kept maybe-present.
   */
  inlinePolicyAlternatives?: { document: PolicyDocument; presence: Unknown; by: string }[];
  boundary:
    | { managedPolicyArn: Maybe<string>; source: Source; presence?: Unknown }
    | { customerManaged: CustomerManagedPolicyRef }
    | undefined;
  source: Source;
  presence?: Unknown;
}

export interface AssignmentSpec {
  /** The permission set; Unknown when the assignment's permission set is not among the inputs. */
  permissionSet: PermissionSetSpec | Unknown;
  /** Target account id. */
  account: Maybe<string>;
  principalType: Maybe<string>;
  principalId: Maybe<string>;
  source: Source;
  presence?: Unknown;
}

/**
 * The path of the roles of an IAM Identity Center instance in `region`:
 * `/aws-reserved/sso.amazonaws.com/<region>/`, except in us-east-1, where the path has no Region
 * (AWS Containers blog, "A quick path to Amazon EKS single sign-on using AWS SSO": "If you
 * configure SSO in a Region other than us-east-1, add the Region after “sso.amazonaws.com”. For
 * example, for us-east-2, “…/sso.amazonaws.com/us-east-2/…”."). A Region the inputs do not pin
 * down (the deploying one, an unknown one) may be us-east-1 or not: the Region segment is an
 * unknown path part, which may be empty or one segment (`partlyKnownPath`).
 */
export function identityCenterRolePath(region: string): string {
  if (region === 'us-east-1') return `${SSO_ROLE_PATH}/`;
  if (region === PLACEHOLDER_REGION || region === UNKNOWN_REGION)
    return partlyKnownPath([`${SSO_ROLE_PATH}/`, undefined, '/'], 'identity-center-region');
  return `${SSO_ROLE_PATH}/${region}/`;
}

const SSO_ROLE_PATH = '/aws-reserved/sso.amazonaws.com';

function policyArnOf(partition: string, account: string, ref: CustomerManagedPolicyRef): Maybe<string> {
  if (isUnknown(ref.name)) return ref.name;
  if (isUnknown(ref.path)) return ref.path;
  let path = ref.path ?? '/';
  if (!path.startsWith('/')) path = `/${path}`;
  if (!path.endsWith('/')) path = `${path}/`;
  return `arn:${partition}:iam::${account}:policy${path}${ref.name}`;
}

function trustPolicy(partition: string, account: string, source: Source): PolicyDocument {
  const provider = `arn:${partition}:iam::${account}:saml-provider/${identityCenterSamlProviderName()}`;
  return parsePolicy(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: provider },
          Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'],
          Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
        },
      ],
    },
    { kind: 'trust', source },
  );
}

/** What identifies a permission set (or an assignment of one the inputs lack) in the inputs. */
function sourceKey(source: Source): string {
  return source.address ?? ([source.stack, source.logicalId].filter(Boolean).join('-') || source.file || '');
}

/**
 * The account of an assignment whose target the inputs leave unknown (a variable, a parameter,
 * each account of an OU by `for_each` over a data source): a stand-in account of its own
 * (src/model/stand-ins.ts `standInAccountFor`, one per unknown value), which the engine decides
 * again as each account the inputs or the request name (engine/account-worlds.ts), so access the
 * role may have in any of them is indeterminate, never denied as in the deploying account. The
 * role surely exists in that account (when the assignment does): AWS::SSO::Assignment,
 * "TargetId: The ID of the target [AWS account]"; aws_ssoadmin_account_assignment, "target_id -
 * (Required, Forces new resource) An AWS account identifier, typically a 10-12 digit string."
 */
function unknownTargetAccount(
  builder: ModelBuilder,
  deployingAccount: string,
  target: Unknown,
  source: Source,
  roleSource: Source,
): string {
  const key = `identity-center-target:${target.reason}`;
  const account = standInAccountFor(key, deployingAccount);
  const what = `the target account of an IAM Identity Center assignment (${target.reason})`;
  builder.noteAccountStandsFor(account, what);
  const addresses = [source.address, roleSource.address].filter((x): x is string => x !== undefined);
  builder.noteStandInPart(account, key, what, addresses, source);
  builder.addFinding({
    code: 'sso/unknown-target-account',
    severity: 'warning',
    message: `the target account of this IAM Identity Center assignment is unknown (${target.reason}); the role it creates is modelled in an account whose id is unknown (${account}): a decision that depends on which account it is is indeterminate`,
    source,
  });
  return account;
}

/**
 * Adds the role an assignment creates (once per permission set and account) with the permission
 * set's policies, and reports who signs in to it. Returns the role id.
 */
export function addAssignmentRole(
  builder: ModelBuilder,
  options: { partition: string; region: string; deployingAccount: string },
  a: AssignmentSpec,
): string {
  const { partition, region } = options;
  let presence = a.presence;
  const ps = isUnknown(a.permissionSet) ? undefined : a.permissionSet;
  const roleSource = ps?.source ?? a.source;
  const account = isUnknown(a.account)
    ? unknownTargetAccount(builder, options.deployingAccount, a.account, a.source, roleSource)
    : a.account;
  if (ps?.presence)
    presence = presence
      ? new Unknown(`${presence.reason}; and ${ps.presence.reason}`, presence.source)
      : ps.presence;
  const psName = ps ? ps.name : (a.permissionSet as Unknown);
  const name = identityCenterRoleName(isUnknown(psName) ? undefined : psName, sourceKey(roleSource));
  const path = identityCenterRolePath(region);
  const arn = `arn:${partition}:iam::${account}:role${path}${name}`;
  const existing = builder.getRole(arn);
  // the role exists if any of the assignments that create it does: one that surely does makes it
  // surely present
  if (existing?.presence && !presence) delete existing.presence;
  const roleId =
    existing?.id ??
    builder.addRole({
      name,
      account,
      path,
      arn,
      source: roleSource,
      trustPolicy: trustPolicy(partition, account, roleSource),
      ...(presence ? { presence } : {}),
    });
  if (!existing) {
    // IAM Identity Center creates the account's SAML provider its roles trust ("IAM Identity
    // Center and AWS accounts": the AWSSSO_..._DO_NOT_DELETE provider).
    const provider = `arn:${partition}:iam::${account}:saml-provider/${identityCenterSamlProviderName()}`;
    builder.addIdentityProvider({
      kind: 'saml',
      arn: provider,
      name: identityCenterSamlProviderName(),
      account,
      clientIds: [],
      thumbprints: [],
      source: a.source,
    });
    if (!ps) {
      builder.attachManagedPolicy(roleId, {
        policyArn: new Unknown(
          `the policies of the permission set of this assignment (${(a.permissionSet as Unknown).reason})`,
          a.source,
        ),
        source: a.source,
      });
    } else attachPermissionSet(builder, partition, account, roleId, ps);
  }
  const who = `${isUnknown(a.principalType) ? 'principal' : a.principalType.toLowerCase()} ${isUnknown(a.principalId) ? `(unknown: ${a.principalId.reason})` : a.principalId}`;
  builder.addFinding({
    code: 'sso/assignment',
    severity: 'info',
    message: `IAM Identity Center ${who} of the identity store signs in to role ${arn} (through the account's SAML provider; the role name's suffix is unknown until deployment)`,
    source: a.source,
  });
  return roleId;
}

/**
 * Why a permission set's own inline policy may be gone: an alternative may be written in its
 * place (Terraform AWS provider, aws_ssoadmin_permission_set_inline_policy: "AWS Single Sign-On
 * (SSO) only supports one IAM inline policy per aws_ssoadmin_permission_set resource"; API
 * Reference, PutInlinePolicyToPermissionSet: "Attaches an inline policy to a permission set");
 * undefined when there is none.
 */
function replacedBy(
  own: PolicyDocument,
  alternatives: NonNullable<PermissionSetSpec['inlinePolicyAlternatives']>,
): Unknown | undefined {
  if (!alternatives.length) return undefined;
  return new Unknown(
    `the permission set's inline policy may be replaced by ${alternatives.map((a) => `${a.by} (${a.presence.reason})`).join(', ')}`,
    own.source,
  );
}

function attachPermissionSet(
  builder: ModelBuilder,
  partition: string,
  account: string,
  roleId: string,
  ps: PermissionSetSpec,
): void {
  const maybe = (presence: Unknown | undefined) => (presence ? { presence } : {});
  for (const m of ps.managedPolicyArns)
    builder.attachManagedPolicy(roleId, { policyArn: m.arn, source: m.source, ...maybe(m.presence) });
  for (const c of ps.customerManagedPolicies)
    builder.attachManagedPolicy(roleId, {
      policyArn: policyArnOf(partition, account, c),
      source: c.source,
      ...maybe(c.presence),
    });
  const alternatives = ps.inlinePolicyAlternatives ?? [];
  if (ps.inlinePolicy)
    builder.addInlinePolicy(roleId, {
      name: 'AwsSSOInlinePolicy',
      document: ps.inlinePolicy,
      source: ps.inlinePolicy.source,
      ...maybe(ps.inlinePolicyPresence ?? replacedBy(ps.inlinePolicy, alternatives)),
    });
  for (const alt of ps.inlinePolicyAlternatives ?? [])
    builder.addInlinePolicy(roleId, {
      name: 'AwsSSOInlinePolicy',
      document: alt.document,
      source: alt.document.source,
      presence: alt.presence,
    });
  const b = ps.boundary;
  if (b && 'managedPolicyArn' in b)
    builder.setPermissionsBoundary(roleId, {
      policyArn: b.managedPolicyArn,
      source: b.source,
      ...maybe(b.presence),
    });
  else if (b)
    builder.setPermissionsBoundary(roleId, {
      policyArn: policyArnOf(partition, account, b.customerManaged),
      source: b.customerManaged.source,
      ...maybe(b.customerManaged.presence),
    });
}
