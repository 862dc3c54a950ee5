// ModelBuilder: the one way adapters and tests create a Model. It assigns ids (the element's
// ARN), keeps sources, merges resource policies and freezes the result.

import type { DeployTemplate } from './deployed-template.js';
import { parsePolicy } from '../policy/parse.js';
import { compileArnPattern, hasWildcard } from '../policy/wildcard.js';
import type { PolicyDocument } from '../policy/types.js';
import { ownerOfArn } from './arn-owner.js';
import { iamArn, normalizePath, parseArn, s3BucketArn } from './arns.js';
import type { Finding } from './finding.js';
import { namedPrincipalArn, PrincipalPathsInInputs } from './named-principals.js';
import { namedByArnReason, principalsNamedByArn } from './principals-named-by-arn.js';
import { formatSource, type Source } from './source.js';
import type {
  Account,
  Group,
  FunctionUrl,
  IdentityProvider,
  CognitoIdentityPool,
  CognitoPoolRoles,
  PodIdentityAssociation,
  EksCluster,
  PlainResource,
  ApiMethod,
  InlinePolicy,
  InstanceProfile,
  ManagedPolicy,
  Model,
  OrganizationPolicies,
  PolicyAttachment,
  PublicAccessBlock,
  Resource,
  ResourceKind,
  Role,
  RoleUse,
  RoleUseKind,
  RoleUseRunner,
  StackRole,
  UnlinkedRoleUse,
  OutsideRoleUse,
  AutoScalingGroup,
  StandInPart,
  Tags,
  UnknownTargetAttachment,
  User,
} from './types.js';
import { everyRoleReach, type RoleReach } from './role-reach.js';
import {
  fillCharsParts,
  hasUnknownNamePart,
  isStandInAccount,
  StandInSpellings,
  standInPrincipalName,
  unknownPath,
  unknownPrincipalArn,
} from './stand-ins.js';
import { CreatedElements } from './created-elements.js';
import { mightBeNamed, patternTokens } from './name-tokens.js';
import { isUnknown, type Maybe, Unknown } from './unknown.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

export interface PrincipalInit {
  name: string;
  account: string;
  path?: string;
  tags?: Tags;
  source: Source;
  /** Explicit ARN (otherwise derived from account, path and name). */
  arn?: string;
  /** The principal might not exist (see `MaybePresent`). */
  presence?: Unknown;
  /** What the inputs say of its IAM unique id (`User.uniqueId`; users and roles). */
  uniqueId?: string;
}

/** The fields every user, group and role starts with, in one order (one object shape per kind). */
function principalHead<K extends 'user' | 'group' | 'role'>(
  kind: K,
  arn: string,
  init: Omit<PrincipalInit, 'tags'>,
) {
  return { kind, id: arn, arn, name: init.name, path: normalizePath(init.path), account: init.account };
}

/** The fields a user or role ends with: its source, and presence and unique id when known. */
function principalTail(init: PrincipalInit) {
  return {
    source: init.source,
    ...(init.presence ? { presence: init.presence } : {}),
    ...(init.uniqueId ? { uniqueId: init.uniqueId } : {}),
  };
}

/** A principal defined outside the inputs that the inputs attach policies to. */
export interface ImportedPrincipalInit {
  kind: 'user' | 'group' | 'role';
  /** Its ARN as the inputs name it. */
  arn: string;
  /** Why it is not in the inputs (shown with every decision that depends on it). */
  reason: string;
  source: Source;
}

export interface ResourceInit {
  kind: ResourceKind;
  arn: string;
  name: string;
  account: string;
  region?: string;
  tags?: Tags;
  policy?: PolicyDocument;
  source: Source;
  /** The resource might not exist (see `MaybePresent`). */
  presence?: Unknown;
  /** ARN patterns of other resources its policy may be the policy of (see `Resource.governs`). */
  governs?: readonly string[];
  /** S3 general purpose buckets: the ABAC status (see `Resource.s3Abac`). */
  s3Abac?: 'enabled' | 'disabled';
  /** The KMS key it is encrypted with (see `Resource.kmsKeyId`). */
  kmsKeyId?: Maybe<string> | null;
}

/**
 * A resource policy whose target (the bucket, queue, topic, function... it is for) the inputs do
 * not pin down; see `ModelBuilder.attachToUnknownResource`.
 */
export interface UnknownResourceTargetInit {
  kind: ResourceKind;
  /** The account whose resources of `kind` it may apply to (the deploying account). */
  account: string;
  /** The policy (or the statements it adds); none for a function URL alone. */
  policy?: PolicyDocument;
  /**
   * Whether the policy replaces the target's policy (a bucket policy: one per bucket) rather than
   * adding statements to it (a Lambda permission): a replaced policy might no longer exist.
   */
  replaces: boolean;
  /** A function URL it creates (AWS::Lambda::Url, aws_lambda_function_url). */
  functionUrl?: FunctionUrl;
  /**
   * S3 Block Public Access settings it sets (aws_s3_bucket_public_access_block on a bucket the
   * inputs do not pin down): each bucket of the account may have them (a setting that differs
   * from the bucket's becomes unknown), and the stand-in bucket has them.
   */
  publicAccessBlock?: PublicAccessBlock;
  /** What it carries, for messages (`policy`, the default; `Block Public Access setting`). */
  carries?: string;
  /** Why the target is unknown. */
  reason: Unknown;
  /**
   * The ARN of a resource of `kind` named `name` in `account` (the stand-in for one outside the
   * inputs; `account` is `account` above, or with `anyAccount` the stand-in's own).
   */
  arnOf: (name: string, account: string) => string;
  /**
   * The target may be a resource of another account (its URL or ARN names the account:
   * src/aws/resource-policies.ts `targetMayBeElsewhere`): the policy may apply to a resource of
   * `kind` of any account of the model, and the stand-in is in a stand-in account
   * (`StandInAccounts`, one for every such target of the load) whose id is unknown: it may be the
   * deploying account or any other (src/engine/account-worlds.ts), never assumed to be either.
   */
  anyAccount?: boolean;
  /**
   * The account whose principal writes the policy, and whether a resource's own policy may let
   * it (src/aws/cross-account-writes.ts `policyWriterAccount`): a resource of another account
   * whose id is known gets the policy only where its own policy, as the inputs give it and with
   * no other unknown target spread onto it, may allow the write. Undefined: every resource.
   */
  writer?: { account: string; mayAllow: (policy: PolicyDocument | undefined) => boolean };
  region?: string;
  /** What the resource is, for messages (`S3 bucket`). */
  what: string;
  /** A readable hint for the stand-in's name (logical id, Terraform address). */
  hint: string;
  source: Source;
  /** The caller reports it with a finding of its own: no `model/unknown-resource-target`. */
  quiet?: boolean;
  /** ARN patterns bounding the resources it may apply to (see `amongArns`); undefined: any. */
  among?: readonly string[];
  /**
   * ARN patterns of resources of any kind, outside the inputs too, that the stand-in's policy may
   * be the policy of (`Resource.governs`): for a target not bound to one kind iamspec models (a
   * resource shared through AWS RAM, aws/ram.ts `anySharedResource`).
   */
  governs?: readonly string[];
}

/** A rewrite of the trust policies of an account's roles the inputs do not show (`mayRewriteTrust`). */
export interface TrustRewrite {
  account: string;
  /** Why (the maybe-present statements' presence and the unknown statement's reason). */
  reason: Unknown;
  source: Source;
  /** ARN patterns bounding the roles it may rewrite (see `amongArns`); undefined: any. */
  among?: readonly string[];
}

/**
 * Whether `arn` may be among the ARN patterns `among` (a Resource element's, matched as IAM
 * matches them: policy/wildcard.ts); undefined `among`: every ARN. Unknown targets bounded so
 * reach only the elements whose ARN may match, and a stand-in only when `needsStandIn`. An element
 * whose ARN holds unknown name parts (a KMS key's id, a generated name: `key/(unknown-…)`) may be
 * named by a text that does not spell those parts (`key/1234abcd-…`: the key's id may be that):
 * matched by the rule for unknown name parts (name-tokens.ts `mightBeNamed`, the engine's), never
 * literally only. `created`: the elements the inputs surely create (model/created-elements.ts
 * `CreatedElements`): two of them are two resources, so a text that is exactly one's ARN (a
 * `!GetAtt` of another key), or one's ARN then `/` or `:` where the delimiters place its end,
 * names no other. A pattern holding an unknown part (a text built from an element's unknown name)
 * may name an element of a known name by the same rule, as the engine decides it.
 */
export function amongArns(
  among: readonly string[] | undefined,
  arn: string,
  created?: CreatedElements,
): boolean {
  if (!among) return true;
  const unknownParts = hasUnknownNamePart(arn);
  const filled = unknownParts ? fillCharsParts(arn) : arn;
  return among.some((p) => {
    const m = compileArnPattern(p);
    if (m.test(arn) || (filled !== arn && m.test(filled))) return true;
    // An unknown part on either side (the pattern's: a text holding an element's unknown name,
    // `role/${App}-admin`): the rule for unknown name parts, as the engine's Resource matching
    // (engine/compile-policy.ts `unknownNameMatchers`).
    return (
      (unknownParts || hasUnknownNamePart(p)) &&
      !created?.patternNamesOther(p, arn) &&
      mightBeNamed(patternTokens([p]), arn)
    );
  });
}

/** Whether an element outside the inputs may be among `among`: a wildcard, or an ARN not in `arns`. */
function needsStandIn(among: readonly string[] | undefined, arns: readonly string[]): boolean {
  return !among || among.some((p) => hasWildcard(p) || !arns.includes(p));
}

/**
 * Completes the SCPs of one account with the AWS managed policies the inputs do not hold but that
 * may be attached at their levels: returns the documents to add, given the account's SCPs and the
 * organization nodes the inputs show FullAWSAccess detached from. The loaders give the AWS rule
 * (aws/org-managed-policies.ts `fullAccessCompletion`); the model layer does not know it.
 */
export type OrgLevelCompletion = (
  scps: readonly PolicyDocument[],
  shownDetached: ReadonlySet<string>,
) => PolicyDocument[];

export class ModelBuilder {
  readonly partition: string;
  private readonly accounts = new Map<string, Account>();
  /** The parts of each stand-in account that are member accounts the inputs create (`noteNewAccount`). */
  private readonly newAccountParts = new Map<string, Map<string, 'created' | 'declared'>>();
  private readonly users = new Map<string, Mutable<User>>();
  private readonly groups = new Map<string, Mutable<Group>>();
  private readonly roles = new Map<string, Mutable<Role>>();
  private readonly policies = new Map<string, ManagedPolicy>();
  private readonly resources = new Map<string, Mutable<Resource>>();
  private readonly orgs = new Map<string, Mutable<OrganizationPolicies>>();
  private readonly providers = new Map<string, IdentityProvider>();
  private readonly cognitoPools: CognitoIdentityPool[] = [];
  private readonly cognitoRoles: CognitoPoolRoles[] = [];
  private readonly podAssociations: PodIdentityAssociation[] = [];
  private readonly eksClusters: EksCluster[] = [];
  private readonly plainResources: PlainResource[] = [];
  private readonly apiMethods: ApiMethod[] = [];
  private readonly unknownTargets: UnknownTargetAttachment[] = [];
  private readonly stackRoles: StackRole[] = [];
  private readonly unlinkedRoleUses: UnlinkedRoleUse[] = [];
  private readonly outsideRoleUses: OutsideRoleUse[] = [];
  private readonly autoScalingGroups: AutoScalingGroup[] = [];
  private readonly roleUseRunners: RoleUseRunnerLink[] = [];
  private readonly unknownResourceTargets: (UnknownResourceTargetInit & {
    standIn: string;
    standInAccount: string;
  })[] = [];
  private readonly trustRewrites: TrustRewrite[] = [];
  private readonly everyAccount: {
    fn: (account: string) => void;
    serviceManaged: boolean;
    /** The accounts it was applied to (`runEveryAccount`). */
    applied: Set<string>;
  }[] = [];
  /** Accounts the inputs make an organization's management account (`noteManagementAccount`). */
  private readonly managementAccounts = new Set<string>();
  private readonly buildHooks: (() => void)[] = [];
  private readonly spreadHooks: (() => void)[] = [];
  private readonly ruleStates = new Map<object, unknown>();
  /** Resources each unknown-target Block Public Access setting was merged onto. */
  private readonly blockMerged = new WeakMap<UnknownResourceTargetInit, Set<string>>();
  private spread = false;
  private spreadResources = false;
  private readonly findings: Finding[] = [];
  /** The last element added under each (kind, account, lower-case name): `noteNameClash`. */
  private readonly names = new Map<string, NamedElement>();

  /** The stand-in regions this load's inputs spelled (adapters read under `withStandInSpellings`). */
  readonly standInSpellings: StandInSpellings;
  private reach: RoleReach | undefined;

  /**
   * The paths the inputs write in user, group and role ARNs (adapters note them before adding
   * principals named by name only: `addPrincipalNamed`, src/model/named-principals.ts).
   */
  readonly principalPaths = new PrincipalPathsInInputs();

  /**
   * What completes each account's SCPs with the AWS managed policies the inputs do not hold
   * (given by the loaders: aws/org-managed-policies.ts `fullAccessCompletion`). Without it the
   * SCPs are the ones added, as added.
   */
  private completion: OrgLevelCompletion | undefined;
  /** The organization nodes the inputs themselves show FullAWSAccess detached from (`noteFullAccessDetached`). */
  private readonly fullAccessDetached = new Set<string>();

  constructor(
    options: {
      partition?: string;
      standInSpellings?: StandInSpellings;
      roleReach?: RoleReach;
      completeOrgLevels?: OrgLevelCompletion;
      deployTemplate?: DeployTemplate | 'not-loaded';
    } = {},
  ) {
    this.partition = options.partition ?? 'aws';
    this.standInSpellings = options.standInSpellings ?? new StandInSpellings();
    this.reach = options.roleReach;
    this.completion = options.completeOrgLevels;
    this.deployer = options.deployTemplate;
  }

  private deployer: DeployTemplate | 'not-loaded' | undefined;

  /**
   * The reader of templates an input deploys (model/deployed-template.ts), given by the loaders:
   * `'not-loaded'` when the CLI's loader has not imported it yet; undefined for a builder made
   * without one (such a template then stays unread: stand-ins, as one whose text is unknown).
   */
  get templateDeployer(): DeployTemplate | 'not-loaded' | undefined {
    return this.deployer;
  }

  /**
   * The role chains the deploy-time bounds follow (model/role-reach.ts): the one given (option
   * `roleReach`, `useRoleReach`), or else every role of the model (sound, coarser).
   */
  get roleReach(): RoleReach {
    return this.reach ?? everyRoleReach;
  }

  /** Gives the builder the role chains to follow when it was made without them (the loaders). */
  useRoleReach(reach: RoleReach): this {
    this.reach ??= reach;
    return this;
  }

  /** Gives the builder the reader of deployed templates when it was made without one (the loaders). */
  useTemplateDeployer(deploy: DeployTemplate | 'not-loaded'): this {
    this.deployer ??= deploy;
    return this;
  }

  /** Gives the builder its organization-level completion when it was made without one (the loaders). */
  useOrgLevelCompletion(completion: OrgLevelCompletion): this {
    this.completion ??= completion;
    return this;
  }

  /**
   * Notes that the inputs detach FullAWSAccess from `level` (a root, OU or account id), such as
   * a Terraform plan destroying its attachment: the completion adds none there.
   */
  noteFullAccessDetached(level: string): this {
    this.fullAccessDetached.add(level);
    return this;
  }

  addAccount(id: string, region?: string): this {
    const existing = this.accounts.get(id);
    if (!existing) this.accounts.set(id, { id, region });
    else if (!existing.region && region) this.accounts.set(id, { ...existing, region });
    return this;
  }

  /**
   * Records what else the stand-in account `id` stands for (`Account.standsFor`): an account of
   * the inputs whose id is not known (a provider configuration's role in an unnamed account).
   */
  noteAccountStandsFor(id: string, what: string): this {
    this.addAccount(id);
    const a = this.accounts.get(id)!;
    // said already (one text may hold the other: a provider configuration's role in a new account)
    const said = a.standsFor ?? [];
    if (said.some((x) => x.includes(what))) return this;
    this.accounts.set(id, { ...a, standsFor: [...said.filter((x) => !what.includes(x)), what] });
    return this;
  }

  /**
   * Records one account whose id is unknown that the stand-in account `id` stands for
   * (`Account.standInParts`), with the addresses of the elements modelled in it; parts with the
   * same key are one account.
   */
  noteStandInPart(
    id: string,
    key: string,
    what: string,
    addresses: readonly string[],
    source?: Source,
  ): this {
    this.addAccount(id);
    const a = this.accounts.get(id)!;
    const parts = [...(a.standInParts ?? [])];
    const i = parts.findIndex((x) => x.key === key);
    if (i < 0) parts.push({ key, what, addresses: [...new Set(addresses)], ...(source ? { source } : {}) });
    else parts[i] = { ...parts[i]!, addresses: [...new Set([...parts[i]!.addresses, ...addresses])] };
    this.accounts.set(id, { ...a, standInParts: parts });
    return this;
  }

  /**
   * Records that the account `key` identifies, one the stand-in account `id` stands for
   * (`noteStandInPart`), is a member account the inputs create (`StandInPart.newAccount`): the
   * stand-in is a new account (`Account.newAccount`, `createdByPlan`) only when every account it
   * stands for is one (`newAccountFlags`, at build).
   */
  noteNewAccount(id: string, key: string, how: 'created' | 'declared'): this {
    this.addAccount(id);
    const byKey = this.newAccountParts.get(id) ?? new Map<string, 'created' | 'declared'>();
    // what the plan says (created) stands over what a provider configuration's reference says
    if (byKey.get(key) !== 'created') byKey.set(key, how);
    this.newAccountParts.set(id, byKey);
    return this;
  }

  /**
   * Each stand-in account's parts marked new (`noteNewAccount`), and the account new only when
   * each of its parts is: a stand-in shared past the last stand-in id by a created account and
   * an account that exists already (a provider configuration's) is not new, so it may be the
   * deploying account or another new account (src/model/stand-ins.ts `standInsMayBeOne`).
   */
  private newAccountFlags(): void {
    for (const [id, byKey] of this.newAccountParts) {
      const a = this.accounts.get(id)!;
      const parts = (a.standInParts ?? []).map((p) => {
        const how = byKey.get(p.key);
        return how ? { ...p, newAccount: how } : p;
      });
      const every = (ok: (p: StandInPart) => boolean) => parts.length > 0 && parts.every(ok);
      this.accounts.set(id, {
        ...a,
        standInParts: parts,
        newAccount: every((p) => p.newAccount !== undefined),
        createdByPlan: every((p) => p.newAccount === 'created'),
      });
    }
  }

  /**
   * Marks the accounts the inputs create an organization in (`Account.managementAccount`), but a
   * stand-in account that also stands for other accounts (`standsFor`, `standInParts`).
   */
  private managementAccountFlags(): void {
    for (const id of this.managementAccounts) {
      const a = this.accounts.get(id);
      if (a && !a.standsFor?.length && !a.standInParts?.length)
        this.accounts.set(id, { ...a, managementAccount: true });
    }
  }

  /** Records the S3 canonical user id of account `id` (`Account.canonicalUserId`), lowercase. */
  setCanonicalUserId(id: string, canonicalUserId: string): this {
    this.addAccount(id);
    this.accounts.set(id, { ...this.accounts.get(id)!, canonicalUserId: canonicalUserId.toLowerCase() });
    return this;
  }

  /**
   * Records that inputs of account `id` gave no region, so the stand-in region stands in their
   * ARNs (the engine then leaves aws:RequestedRegion of its resources in that region unknown).
   */
  markRegionStandIn(id: string): this {
    this.addAccount(id);
    const a = this.accounts.get(id)!;
    if (!a.regionIsStandIn) this.accounts.set(id, { ...a, regionIsStandIn: true });
    return this;
  }

  addUser(init: PrincipalInit): string {
    const arn = this.principalArn('user', this.users, init);
    this.users.set(arn, {
      ...principalHead('user', arn, init),
      tags: init.tags ?? {},
      inlinePolicies: [],
      managedPolicies: [],
      permissionsBoundary: undefined,
      groups: [],
      unknownGroups: [],
      maybeGroups: [],
      memberships: [],
      ...principalTail(init),
    });
    return arn;
  }

  addGroup(init: Omit<PrincipalInit, 'tags'>): string {
    const arn = this.principalArn('group', this.groups, init);
    this.groups.set(arn, {
      ...principalHead('group', arn, init),
      inlinePolicies: [],
      managedPolicies: [],
      source: init.source,
      ...(init.presence ? { presence: init.presence } : {}),
    });
    return arn;
  }

  addRole(init: PrincipalInit & { trustPolicy?: PolicyDocument; serviceLinked?: boolean }): string {
    const arn = this.principalArn('role', this.roles, init);
    this.roles.set(arn, {
      ...principalHead('role', arn, init),
      tags: init.tags ?? {},
      inlinePolicies: [],
      managedPolicies: [],
      permissionsBoundary: undefined,
      trustPolicy: init.trustPolicy,
      instanceProfiles: [],
      usedBy: [],
      serviceLinked: init.serviceLinked ?? false,
      ...principalTail(init),
    });
    return arn;
  }

  /** The ARN a user, group or role gets; notes a duplicate of it and a name clash with another. */
  private principalArn(
    kind: 'user' | 'group' | 'role',
    byArn: ReadonlyMap<string, { source: Source; presence?: Unknown }>,
    init: Omit<PrincipalInit, 'tags'>,
  ): string {
    this.addAccount(init.account);
    const arn = init.arn ?? iamArn(this.partition, init.account, kind, init.name, init.path);
    this.noteDuplicate(kind, arn, byArn.get(arn), init);
    this.noteNameClash(kind, arn, init);
    return arn;
  }

  /**
   * Adds (or returns) a principal that exists outside the inputs, for policies the inputs attach
   * to it: `Role.fromRoleName` + a grant, `aws_iam_role_policy` on a role the configuration does
   * not create. Its trust policy and permissions boundary are unknown, so what the attached
   * policies grant is indeterminate and `sts:AssumeRole` on it is too; it exists, so it may hold
   * policies the inputs do not show (an unknown attached policy: what it may do beyond them is
   * indeterminate too, never denied); a group's members are
   * unknown, so a stand-in member (maybe-present) carries the group's policies. A
   * `model/imported-principal` warning says which principal and why.
   */
  /**
   * The principal of `kind` the inputs name by name only (`Roles: ['legacy']`, Terraform `role =
   * "legacy"`): one of the model of that name in `account` (IAM names are unique in an account
   * whatever their path), else one defined outside the inputs (`addImportedPrincipal`) whose path
   * is the one an ARN of the inputs writes for it, or unknown (src/model/named-principals.ts).
   */
  addPrincipalNamed(init: {
    kind: 'user' | 'group' | 'role';
    account: string;
    name: string;
    reason: string;
    source: Source;
  }): string {
    const found = this.findByName(init.kind, init.account, init.name);
    if (found) return found;
    const { arn, pathKnown } = namedPrincipalArn(
      this.partition,
      init.account,
      init.kind,
      init.name,
      this.principalPaths,
    );
    const path = pathKnown
      ? 'its path is the one an ARN of the inputs writes for it'
      : 'the inputs name it by name only and write no ARN of it, so its path is not known: a request or policy naming it with any path may be it';
    return this.addImportedPrincipal({
      kind: init.kind,
      arn,
      reason: `${init.reason}; ${path}`,
      source: init.source,
    });
  }

  addImportedPrincipal(init: ImportedPrincipalInit): string {
    const existing = this.users.get(init.arn) ?? this.groups.get(init.arn) ?? this.roles.get(init.arn);
    if (existing) return existing.id;
    const parsed = parseArn(init.arn);
    const account = parsed?.account ?? '';
    const resource = parsed?.resource ?? init.arn;
    const slash = resource.lastIndexOf('/');
    const name = resource.slice(slash + 1);
    const path = resource.slice(resource.indexOf('/'), slash + 1) || '/';
    const imported = new Unknown(init.reason, init.source);
    const base = { name, account, path, source: init.source, arn: init.arn };
    const unknownBoundary: PolicyAttachment = {
      policyArn: new Unknown(
        `the permissions boundary of ${init.kind} ${name} (${init.reason})`,
        init.source,
      ),
      source: init.source,
    };
    // It exists outside the inputs, so it may hold policies they do not show (its own managed and
    // inline policies, its groups'): an unknown policy attached, never "no other policy".
    const outsidePolicies: PolicyAttachment = {
      policyArn: new Unknown(
        `the policies attached to ${init.kind} ${name} outside the inputs (${init.reason})`,
        init.source,
      ),
      source: init.source,
    };
    let id: string;
    if (init.kind === 'group') {
      id = this.addGroup(base);
      this.groups.get(id)!.imported = imported;
      this.attachManagedPolicy(id, outsidePolicies);
      const member = this.addUser({
        name: standInPrincipalName(`member-of-${name}`),
        path: unknownPath(`member-of-${name}`),
        account,
        source: init.source,
        presence: new Unknown(`a member of group ${name}, which is defined outside the inputs`, init.source),
      });
      this.users.get(member)!.imported = imported;
      this.setPermissionsBoundary(member, unknownBoundary);
      this.addUserToGroup(member, id, init.source);
    } else if (init.kind === 'user') {
      id = this.addUser(base);
      this.users.get(id)!.imported = imported;
      this.setPermissionsBoundary(id, unknownBoundary);
      this.attachManagedPolicy(id, outsidePolicies);
    } else {
      id = this.addRole({
        ...base,
        trustPolicy: parsePolicy(
          new Unknown(`the trust policy of role ${name} (${init.reason})`, init.source),
          { kind: 'trust', source: init.source },
        ),
      });
      this.roles.get(id)!.imported = imported;
      this.setPermissionsBoundary(id, unknownBoundary);
      this.attachManagedPolicy(id, outsidePolicies);
    }
    this.addFinding({
      code: 'model/imported-principal',
      severity: 'warning',
      message: `${init.kind} ${init.arn} is defined outside the inputs (${init.reason}): only the policies the inputs attach to it are known, and it may hold others: what it may do is indeterminate`,
      source: init.source,
    });
    return id;
  }

  /**
   * Records a policy attached to a principal the inputs do not pin down (its target is a
   * parameter without a default, an import, a value known only after apply). It may attach to
   * any principal of `kind` in `account`: at build time it is added, maybe-present, to every
   * model principal of that kind and to a stand-in principal for one outside the inputs, so
   * what it grants and what it denies are indeterminate. A `model/unknown-attachment-target`
   * warning names it.
   */
  attachToUnknownPrincipal(init: {
    kind: 'user' | 'group' | 'role';
    account: string;
    policy: { inline: InlinePolicy } | { managed: PolicyAttachment };
    reason: Unknown;
    /** A readable hint for the stand-in principal's name (logical id, Terraform address). */
    hint: string;
    source: Source;
    /** The caller reports it with a finding of its own: no `model/unknown-attachment-target`. */
    quiet?: boolean;
    /** ARN patterns bounding the principals it may attach to (see `amongArns`); undefined: any. */
    among?: readonly string[];
  }): this {
    this.addAccount(init.account);
    // A group outside the inputs reaches its members: one stand-in user stands for them.
    const holderKind = init.kind === 'role' ? 'role' : 'user';
    const standIn = unknownPrincipalArn(this.partition, init.account, holderKind, init.hint);
    this.unknownTargets.push({
      kind: init.kind,
      account: init.account,
      policy: init.policy,
      reason: init.reason,
      standIn,
      hint: init.hint,
      source: init.source,
      ...(init.among ? { among: init.among } : {}),
    });
    if (init.quiet) return this;
    this.addFinding({
      code: 'model/unknown-attachment-target',
      severity: 'warning',
      message: `${init.hint}: the ${init.kind} this policy attaches to is unknown (${init.reason.reason}); it may apply to any ${init.kind} of account ${init.account}, so what it grants or denies is indeterminate`,
      source: init.source,
    });
    return this;
  }

  /**
   * A membership of group `group` whose users the inputs do not pin down (a parameter, a
   * variable): the group's policies may reach any user of the account, so each of them is
   * recorded as attached to an unknown user (`attachToUnknownPrincipal`), maybe-present where
   * `presence` says the membership might not exist. Call it once every policy of the group is
   * attached (adapters do it in their last phase). One rule for CloudFormation's
   * UserToGroupAddition and Terraform's group memberships.
   */
  groupPoliciesToUnknownUsers(init: {
    group: string;
    reason: Unknown;
    hint: string;
    source: Source;
    presence?: Unknown | undefined;
    /** The caller reports the unknown members with one finding of its own: none per policy. */
    quiet?: boolean;
  }): this {
    const group = this.groups.get(init.group);
    if (!group) return this;
    const p = init.presence ? { presence: init.presence } : {};
    const policies: ({ inline: InlinePolicy } | { managed: PolicyAttachment })[] = [
      ...group.inlinePolicies.map((inline) => ({ inline: { ...inline, ...p } })),
      ...group.managedPolicies.map((managed) => ({ managed: { ...managed, ...p } })),
    ];
    for (const policy of policies)
      this.attachToUnknownPrincipal({
        kind: 'user',
        account: group.account,
        policy,
        reason: init.reason,
        hint: init.hint,
        source: init.source,
        ...(init.quiet ? { quiet: true } : {}),
      });
    return this;
  }

  /**
   * Records a resource policy whose target resource the inputs do not pin down (`Bucket: !Ref
   * Param`, `queue_url` known only after apply, a Lambda permission on an unknown function). It
   * may apply to any resource of `kind` in `account` (with `anyAccount`, in any account): at build time it is added, maybe-present,
   * to every model resource of that kind (a policy that `replaces` makes the policy in place
   * maybe-present too: it might be replaced) and to a stand-in resource (maybe-present itself)
   * for one outside the inputs, so what it grants or denies is indeterminate. A
   * `model/unknown-resource-target` warning names it. Returns the stand-in's ARN.
   */
  attachToUnknownResource(init: UnknownResourceTargetInit): string {
    this.addAccount(init.account, init.region);
    // The stand-in name is not a valid name of any resource kind iamspec models (`(` and `)`).
    const standInAccount = init.anyAccount
      ? this.standInSpellings.accounts.idFor('unknown-resource-target', init.account)
      : init.account;
    if (init.anyAccount) {
      this.addAccount(standInAccount, init.region);
      // what it stands for, in the reason of a decision its id makes indeterminate (without it, a
      // stand-in `PLACEHOLDER_ACCOUNT` would be read as an unstated deploying account)
      this.noteAccountStandsFor(standInAccount, `the account of the ${init.what} ${init.hint} is for`);
    }
    const standIn = init.arnOf(standInPrincipalName(init.hint), standInAccount);
    this.unknownResourceTargets.push({ ...init, standIn, standInAccount });
    const where = init.anyAccount
      ? `any account (its URL or ARN names the account, which the inputs leave unknown: account ${standInAccount} stands for one outside the inputs)`
      : `account ${init.account}`;
    if (!init.quiet)
      this.addFinding({
        code: 'model/unknown-resource-target',
        severity: 'warning',
        message: `${init.hint}: the ${init.what} this ${init.carries ?? 'policy'} is for is unknown (${init.reason.reason}); it may apply to any ${init.what} of ${where}, so what it grants or denies there is indeterminate`,
        source: init.source,
      });
    // Block Public Access settings are merged at once too (and again at build for resources added
    // later): passes that run before build (applyBlockPublicPolicy, bucket ACLs) read them.
    if (init.publicAccessBlock) this.spreadPublicAccessBlock(this.unknownResourceTargets.at(-1)!);
    return standIn;
  }

  addManagedPolicy(init: {
    name: string;
    account: string;
    path?: string;
    document: PolicyDocument;
    source: Source;
    arn?: string;
    presence?: Unknown;
    tags?: Tags;
  }): string {
    this.addAccount(init.account);
    const arn = init.arn ?? iamArn(this.partition, init.account, 'policy', init.name, init.path);
    this.noteDuplicate('managed policy', arn, this.policies.get(arn), init);
    this.noteNameClash('managed policy', arn, init);
    this.policies.set(arn, {
      id: arn,
      arn,
      name: init.name,
      path: normalizePath(init.path),
      account: init.account,
      document: init.document,
      ...(init.tags ? { tags: init.tags } : {}),
      source: init.source,
      ...(init.presence ? { presence: init.presence } : {}),
    });
    return arn;
  }

  /**
   * IAM names are unique in an account: a second user, group, role or managed policy of one ARN
   * is refused by IAM ("EntityAlreadyExists", IAM API Reference, CreateUser / CreateGroup /
   * CreateRole / CreatePolicy: "The request was rejected because it attempted to create a resource
   * that already exists."), so the deployment fails. The one place of that rule: an error finding
   * at the element the model does not keep, naming both; the model keeps the later one. An element
   * added again from the same place (the same Terraform address, stack and logical id, or file
   * and pointer) is no duplicate.
   */
  private noteDuplicate(
    kind: string,
    arn: string,
    existing: { source: Source; presence?: Unknown } | undefined,
    init: { source: Source; presence?: Unknown },
  ): void {
    if (!existing || samePlace(existing.source, init.source)) return;
    const maybe = existing.presence || init.presence ? ' (if both exist)' : '';
    this.addFinding({
      code: 'model/duplicate-name',
      severity: 'error',
      message: `${kind} ${arn} is created twice, at ${formatSource(existing.source)} and at ${formatSource(init.source)}: IAM names are unique in an account, so IAM rejects the second (EntityAlreadyExists) and the deployment fails${maybe}; the model keeps the one at ${formatSource(init.source)}`,
      source: existing.source,
    });
  }

  /**
   * The same rule for two ARNs: "IAM user, group, role, and policy names must be unique within the
   * account. Names are not distinguished by case. For example, you cannot create resources named
   * both "MyResource" and "myresource"." (IAM API Reference, CreateRole / CreateUser / CreateGroup
   * / CreatePolicy, the name parameter). The path is no part of the name (IAM User Guide, IAM
   * identifiers, "Friendly names and paths"), so `role/a/x` and `role/b/x`, or `role/X` and
   * `role/x`, are one name: IAM rejects the second and the deployment fails. The model keeps both
   * (their ARNs differ); the error finding names both. A name holding `(`, which IAM names cannot,
   * is compared with no other: a stand-in's, or one with a part the inputs leave unknown (whether
   * it clashes is unknown; its element stays).
   */
  private noteNameClash(
    kind: string,
    arn: string,
    init: { name: string; account: string; source: Source; presence?: Unknown },
  ): void {
    if (init.name.includes('(')) return;
    const key = `${kind}\n${init.account}\n${init.name.toLowerCase()}`;
    const existing = this.names.get(key);
    this.names.set(key, { arn, source: init.source, presence: init.presence });
    if (!existing || existing.arn === arn || samePlace(existing.source, init.source)) return;
    const maybe = existing.presence || init.presence ? ' (if both exist)' : '';
    this.addFinding({
      code: 'model/duplicate-name',
      severity: 'error',
      message: `${kind} ${arn} has the name of ${kind} ${existing.arn} (${formatSource(existing.source)}), created at ${formatSource(init.source)}: IAM names are unique in an account whatever their path and case, so IAM rejects the second (EntityAlreadyExists) and the deployment fails${maybe}; the model keeps both`,
      source: init.source,
    });
  }

  private principal(id: string): Mutable<User> | Mutable<Group> | Mutable<Role> {
    const p = this.users.get(id) ?? this.groups.get(id) ?? this.roles.get(id);
    if (!p) throw new Error(`ModelBuilder: no user, group or role with id ${id}`);
    return p;
  }

  addInlinePolicy(principalId: string, policy: InlinePolicy): this {
    this.principal(principalId).inlinePolicies.push(policy);
    return this;
  }

  attachManagedPolicy(principalId: string, attachment: PolicyAttachment): this {
    const p = this.principal(principalId);
    const same = p.managedPolicies.some(
      (a) => typeof a.policyArn === 'string' && a.policyArn === attachment.policyArn,
    );
    if (!same) p.managedPolicies.push(attachment);
    return this;
  }

  setPermissionsBoundary(principalId: string, attachment: PolicyAttachment): this {
    const p = this.principal(principalId);
    if (p.kind === 'group') throw new Error('ModelBuilder: groups cannot have a permissions boundary');
    p.permissionsBoundary = attachment;
    return this;
  }

  /**
   * Adds a user to a group; an Unknown group (name known only after apply) is kept as such.
   * A membership that might not exist (`presence`) gives the user the group's policies as
   * maybe-present.
   */
  addUserToGroup(userId: string, group: Maybe<string>, source: Source, presence?: Unknown): this {
    const u = this.users.get(userId);
    if (!u) throw new Error(`ModelBuilder: no user with id ${userId}`);
    if (typeof group === 'string') {
      if (!this.groups.has(group)) throw new Error(`ModelBuilder: no group with id ${group}`);
      u.memberships.push({ group, source, ...(presence ? { presence } : {}) });
      if (presence) {
        if (!u.groups.includes(group) && !u.maybeGroups.some((m) => m.group === group))
          u.maybeGroups.push({ group, presence });
      } else {
        u.maybeGroups = u.maybeGroups.filter((m) => m.group !== group);
        if (!u.groups.includes(group)) u.groups.push(group);
      }
    } else {
      u.unknownGroups.push({ policyArn: group, source });
    }
    return this;
  }

  /**
   * Records what runs with a CloudFormation service role that principals may drive (a stack, a
   * delegated administrator: src/aws/stack-roles.ts), for the escalation graph.
   */
  noteStackRole(stack: StackRole): this {
    this.stackRoles.push(stack);
    return this;
  }

  /** Records an Auto Scaling group of the inputs (`Model.autoScalingGroups`), for the escalation table. */
  noteAutoScalingGroup(group: AutoScalingGroup): this {
    this.autoScalingGroups.push(group);
    return this;
  }

  setTrustPolicy(roleId: string, doc: PolicyDocument): this {
    const r = this.roles.get(roleId);
    if (!r) throw new Error(`ModelBuilder: no role with id ${roleId}`);
    r.trustPolicy = doc;
    return this;
  }

  addInstanceProfile(roleId: string, profile: InstanceProfile): this {
    const r = this.roles.get(roleId);
    if (!r) throw new Error(`ModelBuilder: no role with id ${roleId}`);
    r.instanceProfiles.push(profile);
    return this;
  }

  /**
   * Records instance profile `profile`, whose role `roleArn` (`arn:…:role/NAME` from the name the
   * profile gives, its path not known) is not a role of the inputs: a use of a role outside the
   * inputs (`Model.outsideRoleUses`, kind `ec2-instance-profile`), so commands run on its
   * instances run as a role whose permissions are unknown (analysis/escalation.ts
   * `outsideRoleRequests`). `profile.usedBy` may still be filled after this call.
   */
  addOutsideInstanceProfile(roleArn: string, profile: InstanceProfile): this {
    this.outsideRoleUses.push({
      kind: 'ec2-instance-profile',
      name: profile.name,
      arn: profile.arn,
      service: 'ec2.amazonaws.com',
      source: profile.source,
      role: roleArn,
      instanceProfile: profile,
    });
    return this;
  }

  /**
   * Records that `use` (a Lambda function) runs with the role `roleArn` (its execution role), found
   * by ARN, or by account and name when the ARN's path differs. Returns the role id. When the ARN
   * is Unknown (known only after apply) or names no role of the model, nothing is linked and a
   * `model/unlinked-role-use` warning at the use's source says so; the use is kept with why
   * (`Model.unlinkedRoleUses`) or with the ARN it names (`Model.outsideRoleUses`).
   */
  linkRoleUse(roleArn: Maybe<string>, use: RoleUse): string | undefined {
    // The use kind in words (`ecs-task-definition` → `ecs task definition`): the model layer does
    // not read src/aws's descriptions.
    const kind = use.kind === 'lambda-function' ? 'Lambda function' : use.kind.replace(/-/g, ' ');
    const what = `${kind} ${use.name}`;
    const unlinked = (why: string): undefined => {
      this.addFinding({
        code: 'model/unlinked-role-use',
        severity: 'warning',
        message: `${what}: ${why}; what it can do through its role is not modelled`,
        source: use.source,
      });
      return undefined;
    };
    if (isUnknown(roleArn)) {
      this.unlinkedRoleUses.push({ ...use, why: `its role is unknown (${roleArn.reason})` });
      return unlinked(`its role is unknown (${roleArn.reason})`);
    }
    const role = this.roleByArn(roleArn);
    if (!role) {
      this.outsideRoleUses.push({ ...use, role: roleArn });
      return unlinked(`its role ${roleArn} is not a role of the inputs`);
    }
    if (!role.usedBy.some((u) => u.kind === use.kind && u.arn === use.arn)) {
      const linked: Mutable<RoleUse> = { ...use };
      for (const link of this.roleUseRunners) runBy(linked, link);
      role.usedBy.push(linked);
    }
    return role.id;
  }

  /**
   * Records that `runner` (an ECS service) runs the using resource `use` (the `arn` or `name` of
   * its `RoleUse` entries of a kind in `kinds`: a task definition's task and execution roles), in
   * whichever order the uses and the runners are linked. A runner of nothing in the model adds
   * nothing (what it runs is outside the inputs).
   */
  linkRoleUseRunner(link: RoleUseRunnerLink): this {
    this.roleUseRunners.push(link);
    for (const r of this.roles.values()) for (const u of r.usedBy) runBy(u as Mutable<RoleUse>, link);
    return this;
  }

  private roleByArn(arn: string): Mutable<Role> | undefined {
    const exact = this.roles.get(arn);
    if (exact) return exact;
    const parsed = parseArn(arn);
    if (parsed?.service !== 'iam' || !parsed.resource.startsWith('role/')) return undefined;
    const name = parsed.resource.slice(parsed.resource.lastIndexOf('/') + 1);
    for (const r of this.roles.values())
      if (r.account === parsed.account && r.name === name && r.arn.startsWith(`arn:${parsed.partition}:`))
        return r;
    return undefined;
  }

  addResource(given: ResourceInit): string {
    // in the account and Region its ARN names, the given ones only where it names none (arn-owner.ts)
    const owner = ownerOfArn(given.arn);
    const init = { ...given, account: owner.account ?? given.account, region: owner.region ?? given.region };
    this.addAccount(init.account, init.region);
    const existing = this.resources.get(init.arn);
    if (existing) {
      if (init.policy) this.addResourcePolicy(init.arn, init.policy);
      if (init.governs) this.addGoverned(init.arn, init.governs);
      return init.arn;
    }
    this.resources.set(init.arn, {
      id: init.arn,
      kind: init.kind,
      arn: init.arn,
      name: init.name,
      account: init.account,
      region: init.region,
      tags: init.tags ?? {},
      policy: init.policy,
      source: init.source,
      ...(init.presence ? { presence: init.presence } : {}),
      ...(init.governs?.length ? { governs: [...init.governs] } : {}),
      ...(init.s3Abac ? { s3Abac: init.s3Abac } : {}),
      ...(init.kmsKeyId !== undefined ? { kmsKeyId: init.kmsKeyId } : {}),
    });
    return init.arn;
  }

  /**
   * Records that the policy of resource `id` may also be the policy of the resources whose ARNs
   * match `patterns` (see `Resource.governs`).
   */
  addGoverned(id: string, patterns: readonly string[]): this {
    const r = this.resources.get(id);
    if (!r || !patterns.length) return this;
    r.governs = [...new Set([...(r.governs ?? []), ...patterns])];
    return this;
  }

  addBucket(init: Omit<ResourceInit, 'kind' | 'arn' | 'name'> & { bucketName: string }): string {
    return this.addResource({
      ...init,
      kind: 's3-bucket',
      arn: s3BucketArn(this.partition, init.bucketName),
      name: init.bucketName,
    });
  }

  /**
   * Sets or extends a resource's policy. Several documents (a bucket policy, Lambda permissions)
   * are merged: statements are concatenated, each keeping its own source.
   */
  addResourcePolicy(resourceId: string, doc: PolicyDocument): this {
    const r = this.resources.get(resourceId);
    if (!r) throw new Error(`ModelBuilder: no resource with id ${resourceId}`);
    if (!r.policy) {
      r.policy = doc;
      return this;
    }
    const base = r.policy;
    const offset = base.statements.length;
    // A document that might not exist passes its presence to its statements: merged, the
    // other document's statements must not inherit it.
    const own = (d: PolicyDocument, s: PolicyDocument['statements'][number]) =>
      s.presence || !d.presence ? s : { ...s, presence: d.presence };
    const { presence: _basePresence, ...baseRest } = base;
    r.policy = {
      ...baseRest,
      unknown: base.unknown ?? doc.unknown,
      statements: [
        ...base.statements.map((s) => own(base, s)),
        ...doc.statements.map((s, i) => ({ ...own(doc, s), index: offset + i })),
      ],
      findings: [...base.findings, ...doc.findings],
    };
    return this;
  }

  /** Records a function URL of a Lambda function resource (see `FunctionUrl`). */
  addFunctionUrl(resourceId: string, url: FunctionUrl): this {
    const r = this.resources.get(resourceId);
    if (!r) throw new Error(`ModelBuilder: no resource with id ${resourceId}`);
    r.functionUrls = [...(r.functionUrls ?? []), url];
    return this;
  }

  /** Replaces a resource's policy (e.g. the last of several bucket policies wins). */
  /**
   * Sets the one policy of a resource: a bucket, queue, topic, key... keeps one policy, which each
   * setter replaces as a whole (Amazon S3 API Reference, PutBucketPolicy: "Applies an Amazon S3
   * bucket policy to an Amazon S3 bucket"; AWS SDK, SetBucketPolicyRequest: "Only one policy can
   * be specified per-bucket."). `rival` is set when another resource of the inputs set it before
   * (its reason names both): which one the resource keeps then depends on the order they are
   * applied in, which the inputs do not give, so two different documents are both kept, each
   * maybe-present (`rival` their presence), and the same statements are one policy. Returns what
   * it did: `set` (no rival), `same`, or `both`.
   */
  setOnlyResourcePolicy(resourceId: string, doc: PolicyDocument, rival?: Unknown): 'set' | 'same' | 'both' {
    const previous = this.resources.get(resourceId)?.policy;
    if (!rival || !previous) {
      this.replaceResourcePolicy(resourceId, doc);
      return 'set';
    }
    if (sameStatements(previous, doc)) {
      this.replaceResourcePolicy(resourceId, doc);
      return 'same';
    }
    const maybe = (d: PolicyDocument): PolicyDocument => ({
      ...d,
      presence: d.presence ?? rival,
      statements: d.statements.map((st) => ({ ...st, presence: st.presence ?? rival })),
    });
    this.replaceResourcePolicy(resourceId, maybe(previous));
    this.addResourcePolicy(resourceId, maybe(doc));
    return 'both';
  }

  replaceResourcePolicy(resourceId: string, doc: PolicyDocument | undefined): this {
    const r = this.resources.get(resourceId);
    if (!r) throw new Error(`ModelBuilder: no resource with id ${resourceId}`);
    r.policy = doc;
    return this;
  }

  /**
   * The SCPs and RCPs of each account, completed level by level (`OrgLevelCompletion`: the
   * loaders' adds FullAWSAccess maybe-present beside the Allow-bearing SCPs of the inputs).
   */
  private organizationPolicies(): OrganizationPolicies[] {
    const complete = this.completion;
    if (!complete) return [...this.orgs.values()];
    return [...this.orgs.values()].map((o) => {
      const added = complete(o.scps, this.fullAccessDetached);
      return added.length ? { ...o, scps: [...o.scps, ...added] } : o;
    });
  }

  private org(account: string): Mutable<OrganizationPolicies> {
    let o = this.orgs.get(account);
    if (!o) {
      o = { account, scps: [], rcps: [] };
      this.orgs.set(account, o);
    }
    return o;
  }

  /**
   * Adds an SCP of `account`, attached at `level` (the account id, an `ou-…` or `r-…` id,
   * `ORG_DEFAULT_LEVEL`; Unknown or omitted when the inputs do not say: `PolicyDocument.orgLevel`).
   */
  addScp(account: string, doc: PolicyDocument, level?: Maybe<string>): this {
    this.org(account).scps.push(level === undefined ? doc : { ...doc, orgLevel: level });
    return this;
  }

  /** Adds an RCP of `account` (see `addScp`). */
  addRcp(account: string, doc: PolicyDocument, level?: Maybe<string>): this {
    this.org(account).rcps.push(level === undefined ? doc : { ...doc, orgLevel: level });
    return this;
  }

  addFinding(f: Finding): this {
    this.findings.push(f);
    return this;
  }

  // Lookups for adapters.
  getUser(id: string): User | undefined {
    return this.users.get(id);
  }
  getGroup(id: string): Group | undefined {
    return this.groups.get(id);
  }
  getRole(id: string): Role | undefined {
    return this.roles.get(id);
  }
  getManagedPolicy(arn: string): ManagedPolicy | undefined {
    return this.policies.get(arn);
  }
  getResource(arn: string): Resource | undefined {
    return this.resources.get(arn);
  }
  findByName(kind: 'user' | 'group' | 'role', account: string, name: string): string | undefined {
    const map = kind === 'user' ? this.users : kind === 'group' ? this.groups : this.roles;
    for (const p of map.values()) if (p.account === account && p.name === name) return p.id;
    return undefined;
  }

  /**
   * Finds a user, group or role by ARN or name. An ARN is matched exactly, else by the account it
   * names and its last path segment (the same principal written with another path); a plain name
   * is looked up in `defaultAccount` (the account of the stack or configuration naming it).
   * Undefined when the model has no such principal.
   */
  findPrincipal(
    kind: 'user' | 'group' | 'role',
    nameOrArn: string,
    defaultAccount: string,
  ): string | undefined {
    if (!nameOrArn.startsWith('arn:')) return this.findByName(kind, defaultAccount, nameOrArn);
    const byArn =
      kind === 'user'
        ? this.users.get(nameOrArn)
        : kind === 'group'
          ? this.groups.get(nameOrArn)
          : this.roles.get(nameOrArn);
    if (byArn) return byArn.id;
    const parsed = parseArn(nameOrArn);
    if (parsed?.service !== 'iam') return undefined;
    const m = /^(user|group|role)(?:\/.*)?\/([^/]+)$/.exec(parsed.resource);
    if (!m || m[1] !== kind) return undefined;
    return this.findByName(kind, parsed.account, m[2]!);
  }

  /** The resources added so far (adapters' whole-model passes, such as S3 Block Public Access). */
  resourceList(): readonly Resource[] {
    return [...this.resources.values()];
  }

  /**
   * Sets a bucket's S3 Block Public Access settings. With `maybe` (the block might not exist, or
   * might be another bucket's), a setting that may differ from the bucket's becomes unknown.
   */
  setPublicAccessBlock(
    resourceId: string,
    block: PublicAccessBlock,
    maybe?: { hint: string; reason: Unknown },
  ): this {
    const r = this.resources.get(resourceId);
    if (!r) throw new Error(`ModelBuilder: no resource with id ${resourceId}`);
    r.publicAccessBlock = maybe
      ? mergeMaybeBlock(r.publicAccessBlock, block, { ...maybe, source: block.source })
      : block;
    return this;
  }

  /**
   * Sets an account's S3 Block Public Access settings (they apply to every bucket it owns). With
   * `maybe` (the block might not exist, or be another account's), a setting that may differ from
   * the account's becomes unknown.
   */
  setAccountPublicAccessBlock(
    account: string,
    block: PublicAccessBlock,
    maybe?: { hint: string; reason: Unknown },
  ): this {
    this.addAccount(account);
    const a = this.accounts.get(account)!;
    const publicAccessBlock = maybe
      ? mergeMaybeBlock(a.publicAccessBlock, block, { ...maybe, source: block.source })
      : block;
    this.accounts.set(account, { ...a, publicAccessBlock });
    return this;
  }

  getAccount(id: string): Account | undefined {
    return this.accounts.get(id);
  }

  /** Sets a VPC endpoint's policy (kept for review: it is not a resource policy, see `Resource.endpointPolicy`). */
  setEndpointPolicy(resourceId: string, doc: PolicyDocument): this {
    const r = this.resources.get(resourceId);
    if (!r) throw new Error(`ModelBuilder: no resource with id ${resourceId}`);
    r.endpointPolicy = doc;
    return this;
  }

  /**
   * Records that the trust policy of any role of `account` may be rewritten by something the
   * inputs do not show (a deploy-time `iam:UpdateAssumeRolePolicy`, an unexpanded macro): at
   * build each role of the account (service-linked roles excepted: their trust is the service's)
   * keeps its trust statements maybe-present and gets an unknown maybe-present statement, so who
   * may assume it is indeterminate, never the trust as written. `reason` says why.
   */
  mayRewriteTrust(init: TrustRewrite): this {
    this.addAccount(init.account);
    this.trustRewrites.push(init);
    return this;
  }

  /**
   * Calls `fn` with each account of the model at build, before the whole-model rules (`onBuild`,
   * so they read what it adds) and the unknown targets are spread (so what it adds is spread onto
   * too): what may land in any account, including those other inputs add later (a StackSet
   * deploying to an organizational unit, whose accounts may be any); an account a whole-model rule
   * adds gets it after that rule.
   */
  forEveryAccount(fn: (account: string) => void, options: { serviceManaged?: boolean } = {}): this {
    this.everyAccount.push({ fn, serviceManaged: options.serviceManaged === true, applied: new Set() });
    return this;
  }

  /**
   * Records that `account` is an organization's management account (the inputs create the
   * organization there: CreateOrganization makes the calling account its management account).
   * A service-managed StackSet's `forEveryAccount` leaves it out: CloudFormation API Reference,
   * DeploymentTargets: "StackSets doesn't deploy stack instances to the organization management
   * account, even if the organization management account is in your organization or in an OU in
   * your organization."
   */
  noteManagementAccount(account: string): this {
    this.managementAccounts.add(account);
    return this;
  }

  /**
   * Calls `hook` once at build, after every input is loaded, `forEveryAccount` is applied to
   * the accounts of the model and the principals named by exact ARN are added, before the spreads (so what it adds is spread): a rule that reads the
   * whole model (the roles of functions a custom resource runs, aws/function-role-changes.ts).
   */
  onBuild(hook: () => void): this {
    this.buildHooks.push(hook);
    return this;
  }

  /**
   * Calls `hook` once at build after the spreads (the policies of unknown targets are then on
   * every resource they may be of): a rule that reads every policy a resource may have (the
   * object owner's grants of a bucket, aws/s3-object-ownership.ts).
   */
  afterSpreads(hook: () => void): this {
    this.spreadHooks.push(hook);
    return this;
  }

  /**
   * The state a whole-model rule keeps for this builder under `key` (made by `make` on first use,
   * given the builder itself): one per builder, whatever wrapper a handler holds (adapters'
   * presence wrappers).
   */
  ruleState<T>(key: object, make: (builder: ModelBuilder) => T): T {
    if (!this.ruleStates.has(key)) this.ruleStates.set(key, make(this));
    return this.ruleStates.get(key) as T;
  }

  /** The ids of the accounts added so far (whole-model rules run `onBuild`). */
  accountIds(): readonly string[] {
    return [...this.accounts.keys()];
  }

  /**
   * The elements added so far that the inputs surely create (model/created-elements.ts), read
   * afresh each time: elements are still being added (and a duplicate replaces another).
   */
  createdElements(): CreatedElements {
    return CreatedElements.of(
      {
        users: [...this.users.values()],
        roles: [...this.roles.values()],
        groups: [...this.groups.values()],
        resources: [...this.resources.values()],
      },
      false,
    );
  }

  /** The roles added so far (whole-model rules run `onBuild`). */
  roleList(): readonly Role[] {
    return [...this.roles.values()];
  }

  /**
   * Whether a principal of `kind` in `account` may get a policy the inputs do not show from an
   * attachment whose target is unknown (`attachToUnknownPrincipal`, recorded so far).
   */
  mayGetUnknownPolicies(kind: 'user' | 'role', account: string, arn?: string): boolean {
    return this.unknownPoliciesReason(kind, account, arn) !== undefined;
  }

  /**
   * Why (the first such attachment's reason) when `mayGetUnknownPolicies`; else undefined.
   * `created`: the elements surely created, read where every input is loaded (a whole-model rule
   * run `onBuild`): a target naming exactly another of them is not `arn`'s (`amongArns`).
   */
  unknownPoliciesReason(
    kind: 'user' | 'role',
    account: string,
    arn?: string,
    created?: CreatedElements,
  ): Unknown | undefined {
    return this.unknownTargets.find(
      (t) =>
        t.account === account &&
        (t.kind === kind || (kind === 'user' && t.kind === 'group')) &&
        (arn === undefined || amongArns(t.among, arn, created)),
    )?.reason;
  }

  /**
   * The resource policies of unknown target recorded so far (`attachToUnknownResource`), each to
   * be added to every resource of its kind in its account that `among` matches, and to a stand-in,
   * when the model is built: what a whole-model rule run `onBuild` reads besides `resourceList`.
   */
  pendingResourcePolicies(): readonly {
    kind: ResourceKind;
    account: string;
    policy: PolicyDocument;
    among?: readonly string[];
    standIn: string;
  }[] {
    return this.unknownResourceTargets.flatMap((t) =>
      t.policy
        ? [
            {
              kind: t.kind,
              account: t.account,
              policy: t.policy,
              standIn: t.standIn,
              ...(t.among ? { among: t.among } : {}),
            },
          ]
        : [],
    );
  }

  /**
   * Applies each `forEveryAccount` call to the accounts it was not applied to yet: at build before
   * the hooks (so a whole-model rule sees what lands in every account: the roles of a StackSet
   * deployed to organizational units, which deploy-time code may become) and after them (the
   * accounts they add), `done` then.
   */
  private runEveryAccount(done: boolean): void {
    for (const call of this.everyAccount) {
      for (const a of this.accounts.keys()) {
        if (call.applied.has(a)) continue;
        call.applied.add(a);
        if (!call.serviceManaged || !this.managementAccounts.has(a)) call.fn(a);
      }
    }
    if (done) this.everyAccount.splice(0);
  }

  /**
   * The users and roles of the inputs' accounts that a Principal element names by exact ARN and
   * the inputs do not define: imported principals (they exist: src/model/principals-named-by-arn.ts).
   * At build, once before the whole-model rules (`onBuild`: the provisional model they read, whose
   * role chains the deploy-time bounds follow, holds them as the built model does) and once after
   * them and the `forEveryAccount` calls they bring (what those add); a principal added by the
   * first is defined for the second, so each is added once.
   */
  private addPrincipalsNamedByArn(): void {
    const policies: { doc: PolicyDocument | undefined; namedBy: string }[] = [];
    for (const r of this.resources.values())
      policies.push({ doc: r.policy, namedBy: `the policy of ${r.arn}` });
    for (const t of this.unknownResourceTargets)
      policies.push({
        doc: t.policy,
        namedBy: `a ${t.kind} policy of account ${t.account} (its resource unknown)`,
      });
    for (const r of this.roles.values())
      policies.push({ doc: r.trustPolicy, namedBy: `the trust policy of role ${r.arn}` });
    const named = principalsNamedByArn(policies, new Set(this.accounts.keys()));
    if (!named.length) return;
    // IAM names are unique in an account whatever the path and case (src/model/named-principals.ts)
    const key = (kind: string, account: string, name: string) => `${kind}\n${account}\n${name.toLowerCase()}`;
    const defined = new Set([
      ...[...this.users.values()].map((u) => key('user', u.account, u.name)),
      ...[...this.roles.values()].map((r) => key('role', r.account, r.name)),
    ]);
    for (const p of named) {
      if (defined.has(key(p.kind, p.account, p.name))) continue;
      defined.add(key(p.kind, p.account, p.name));
      this.addImportedPrincipal({ kind: p.kind, arn: p.arn, reason: namedByArnReason(p), source: p.source });
    }
  }

  private spreadTrustRewrites(): void {
    const rewrites = this.trustRewrites.splice(0);
    if (!rewrites.length) return;
    const created = this.createdElements();
    for (const r of this.roles.values()) {
      // assigned only where a rewrite applies: a model built again has its roles frozen
      const doc = rewrittenTrust(r, rewrites, created);
      if (doc !== r.trustPolicy) r.trustPolicy = doc;
    }
  }

  /**
   * The model as recorded so far, for a whole-model rule run `onBuild` that needs decisions over
   * it (the role chains of aws/function-role-changes.ts): not frozen, nothing consumed, the
   * trust rewrites recorded so far and `moreTrustRewrites` applied to copies of the roles; the
   * other spreads (unknown targets, `forEveryAccount`) are not applied. Read from a hook, it holds
   * the principals named by exact ARN (`addPrincipalsNamedByArn`, run before the hooks).
   */
  provisionalModel(moreTrustRewrites: readonly TrustRewrite[] = []): Model {
    const rewrites = [...this.trustRewrites, ...moreTrustRewrites];
    const created = this.createdElements();
    const roles = [...this.roles.values()].map((r) => {
      const trustPolicy = rewrittenTrust(r, rewrites, created);
      return trustPolicy === r.trustPolicy ? r : { ...r, trustPolicy };
    });
    return this.modelOf(roles, []);
  }

  /**
   * The model of what is recorded, with `roles` and `findings`: the one list of what a model
   * holds, for `build` and `provisionalModel` alike.
   */
  private modelOf(roles: Role[], findings: Finding[]): Model {
    return {
      partition: this.partition,
      accounts: [...this.accounts.values()],
      users: [...this.users.values()],
      groups: [...this.groups.values()],
      roles,
      policies: [...this.policies.values()],
      resources: [...this.resources.values()],
      identityProviders: [...this.providers.values()],
      ...this.outsideIdentities(),
      organizations: this.organizationPolicies(),
      unknownTargets: [...this.unknownTargets],
      ...(this.stackRoles.length ? { stackRoles: [...this.stackRoles] } : {}),
      ...(this.unlinkedRoleUses.length ? { unlinkedRoleUses: [...this.unlinkedRoleUses] } : {}),
      ...(this.outsideRoleUses.length ? { outsideRoleUses: [...this.outsideRoleUses] } : {}),
      ...(this.autoScalingGroups.length ? { autoScalingGroups: [...this.autoScalingGroups] } : {}),
      ...(this.plainResources.length ? { plainResources: [...this.plainResources] } : {}),
      findings,
    };
  }

  /**
   * Spreads each policy of an unknown target onto every principal of its kind in its account
   * (maybe-present: it might be that one) and onto the stand-in principal for one outside the
   * inputs (maybe-present itself). Runs once, at build.
   */
  private spreadUnknownTargets(): void {
    if (this.spread) return;
    this.spread = true;
    // the elements the inputs surely create, as the spread begins (its stand-ins are none)
    const created = this.createdElements();
    for (const t of this.unknownTargets) {
      const map = t.kind === 'user' ? this.users : t.kind === 'group' ? this.groups : this.roles;
      const targets = [...map.values()].filter(
        (p) => p.account === t.account && p.presence === undefined && amongArns(t.among, p.arn, created),
      );
      const maybe = t.reason;
      for (const p of targets) this.attachMaybe(p.id, t.policy, maybe);
      if (
        !needsStandIn(
          t.among,
          targets.map((p) => p.arn),
        )
      )
        continue;
      if (this.users.has(t.standIn) || this.roles.has(t.standIn)) {
        this.attachMaybe(t.standIn, t.policy, maybe);
        continue;
      }
      const name = standInPrincipalName(t.hint);
      const presence = new Unknown(
        `a ${t.kind} outside the inputs that this policy may attach to (${t.reason.reason})`,
        t.source,
      );
      const imported = new Unknown(`stand-in for the unknown target of ${name}`, t.source);
      const init = { name, path: unknownPath(t.hint), account: t.account, source: t.source, presence };
      const unknownBoundary: PolicyAttachment = {
        policyArn: new Unknown(`the permissions boundary of an unknown ${t.kind}`, t.source),
        source: t.source,
      };
      let holder: string;
      if (t.kind === 'role') {
        holder = this.addRole({
          ...init,
          trustPolicy: parsePolicy(new Unknown(`the trust policy of an unknown role`, t.source), {
            kind: 'trust',
            source: t.source,
          }),
        });
        this.roles.get(holder)!.imported = imported;
        this.setPermissionsBoundary(holder, unknownBoundary);
      } else {
        holder = this.addUser(init);
        this.users.get(holder)!.imported = imported;
        this.setPermissionsBoundary(holder, unknownBoundary);
      }
      this.attachMaybe(holder, t.policy, maybe);
    }
  }

  /**
   * Spreads each resource policy of an unknown target onto every resource of its kind in its
   * account and onto its stand-in resource (see `attachToUnknownResource`). Runs once, at build,
   * after the principals' spread.
   */
  private spreadUnknownResourceTargets(): void {
    if (this.spreadResources) return;
    this.spreadResources = true;
    const maybeDoc = (doc: PolicyDocument, presence: Unknown): PolicyDocument => ({
      ...doc,
      presence: doc.presence ?? presence,
      statements: doc.statements.map((st) => (st.presence ? st : { ...st, presence })),
    });
    // the elements the inputs surely create, as the resources' spread begins
    const created = this.createdElements();
    // each target's resources, read before any is spread onto (the order of the targets never matters)
    const reached = this.unknownResourceTargets.map((t) =>
      [...this.resources.values()].filter(
        (r) =>
          r.kind === t.kind &&
          (t.anyAccount || r.account === t.account) &&
          r.id !== t.standIn &&
          amongArns(t.among, r.arn, created),
      ),
    );
    const spreadOnto = new Map<string, number>();
    for (const list of reached) for (const r of list) spreadOnto.set(r.id, (spreadOnto.get(r.id) ?? 0) + 1);
    for (const [i, t] of this.unknownResourceTargets.entries()) {
      const doc = t.policy && maybeDoc(t.policy, t.reason);
      const url = t.functionUrl && { ...t.functionUrl, presence: t.functionUrl.presence ?? t.reason };
      const named = reached[i]!;
      // another account's resource whose own policy cannot let the writer write it (and onto which
      // no other unknown target's policy is spread, which might let it): not reached
      const targets = named.filter(
        (r) =>
          !t.writer ||
          r.account === t.writer.account ||
          isStandInAccount(r.account) ||
          spreadOnto.get(r.id)! > 1 ||
          t.writer.mayAllow(r.policy),
      );
      if (t.publicAccessBlock) this.spreadPublicAccessBlock(t);
      for (const r of targets) {
        if (doc && t.replaces && r.policy) {
          const replaced = new Unknown(`${t.hint} may replace this policy (${t.reason.reason})`, t.source);
          r.policy = maybeDoc(r.policy, replaced);
        }
        if (doc) this.addResourcePolicy(r.id, doc);
        if (url) this.addFunctionUrl(r.id, url);
      }
      if (
        !needsStandIn(
          t.among,
          named.map((r) => r.arn),
        )
      )
        continue;
      if (!this.resources.has(t.standIn)) {
        this.addResource({
          kind: t.kind,
          arn: t.standIn,
          name: standInPrincipalName(t.hint),
          account: t.standInAccount,
          region: t.region,
          source: t.source,
          presence: new Unknown(
            `a ${t.what} outside the inputs that this policy may apply to (${t.reason.reason})`,
            t.source,
          ),
        });
      }
      if (t.governs) this.addGoverned(t.standIn, t.governs);
      this.resources.get(t.standIn)!.standIn = true;
      if (doc) this.addResourcePolicy(t.standIn, doc);
      if (url) this.addFunctionUrl(t.standIn, url);
      if (t.publicAccessBlock && !this.resources.get(t.standIn)!.publicAccessBlock)
        this.resources.get(t.standIn)!.publicAccessBlock = t.publicAccessBlock;
    }
  }

  /**
   * Merges the Block Public Access settings of an unknown target onto each resource of its kind in
   * its account not merged yet: a setting that may differ from the resource's becomes unknown.
   */
  private spreadPublicAccessBlock(t: UnknownResourceTargetInit & { standIn: string }): void {
    const block = t.publicAccessBlock!;
    let done = this.blockMerged.get(t);
    if (!done) {
      done = new Set();
      this.blockMerged.set(t, done);
    }
    for (const r of this.resources.values()) {
      if (r.kind !== t.kind || r.account !== t.account || r.id === t.standIn || done.has(r.id)) continue;
      done.add(r.id);
      r.publicAccessBlock = mergeMaybeBlock(r.publicAccessBlock, block, t);
    }
  }

  private attachMaybe(
    principalId: string,
    policy: UnknownTargetAttachment['policy'],
    presence: Unknown,
  ): void {
    const p = this.principal(principalId);
    if ('inline' in policy) p.inlinePolicies.push({ ...policy.inline, presence });
    else p.managedPolicies.push({ ...policy.managed, presence });
  }

  /**
   * Every policy document added so far (inline, managed, trust, resource, endpoint, SCP, RCP),
   * for an adapter that refines what it added before the model is built (statement sources).
   */
  policyDocuments(): PolicyDocument[] {
    const out: PolicyDocument[] = [];
    const add = (d: PolicyDocument | undefined) => {
      if (d) out.push(d);
    };
    for (const p of [...this.users.values(), ...this.groups.values(), ...this.roles.values()]) {
      for (const ip of p.inlinePolicies) add(ip.document);
    }
    for (const r of this.roles.values()) add(r.trustPolicy);
    for (const p of this.policies.values()) add(p.document);
    for (const r of this.resources.values()) {
      add(r.policy);
      add(r.endpointPolicy);
    }
    for (const o of this.orgs.values()) [...o.scps, ...o.rcps].forEach(add);
    return out;
  }

  /**
   * Adds an OIDC or SAML identity provider (see `IdentityProvider`); its id is its ARN when known,
   * else `provider` + the source's logical id or address. Returns the id.
   */
  addIdentityProvider(init: Omit<IdentityProvider, 'id'>): string {
    this.addAccount(init.account);
    const s = init.source;
    const id = isUnknown(init.arn)
      ? `${init.kind}-provider:${s.address ?? s.logicalId ?? s.pointer ?? this.providers.size}`
      : init.arn;
    this.providers.set(id, { ...init, id });
    return id;
  }

  /** Adds an Amazon Cognito identity pool (see `CognitoIdentityPool`). */
  addCognitoIdentityPool(pool: CognitoIdentityPool): void {
    this.addAccount(pool.account);
    this.cognitoPools.push(pool);
  }

  /** Adds the roles an identity pool hands out (see `CognitoPoolRoles`). */
  addCognitoPoolRoles(roles: CognitoPoolRoles): void {
    this.cognitoRoles.push(roles);
  }

  /** Adds an EKS Pod Identity association (see `PodIdentityAssociation`). */
  addPodIdentityAssociation(association: PodIdentityAssociation): void {
    this.addAccount(association.account);
    this.podAssociations.push(association);
  }

  /** Adds an EKS cluster (see `EksCluster`). */
  addEksCluster(cluster: EksCluster): void {
    this.addAccount(cluster.account);
    this.eksClusters.push(cluster);
  }

  /** Records a resource of the inputs that holds no policy (see `PlainResource`). */
  notePlainResource(resource: PlainResource): this {
    this.plainResources.push(resource);
    return this;
  }

  /** Adds an API Gateway method or route (see `ApiMethod`). */
  addApiMethod(method: ApiMethod): void {
    this.addAccount(method.account);
    this.apiMethods.push(method);
  }

  /**
   * The model's Cognito identity pools, Pod Identity associations and API Gateway methods, each
   * list only when not empty.
   */
  private outsideIdentities(): Pick<
    Model,
    'cognitoIdentityPools' | 'cognitoPoolRoles' | 'podIdentityAssociations' | 'eksClusters' | 'apiMethods'
  > {
    return {
      ...(this.cognitoPools.length ? { cognitoIdentityPools: [...this.cognitoPools] } : {}),
      ...(this.cognitoRoles.length ? { cognitoPoolRoles: [...this.cognitoRoles] } : {}),
      ...(this.podAssociations.length ? { podIdentityAssociations: [...this.podAssociations] } : {}),
      ...(this.eksClusters.length ? { eksClusters: [...this.eksClusters] } : {}),
      ...(this.apiMethods.length ? { apiMethods: [...this.apiMethods] } : {}),
    };
  }

  /**
   * `model/external-identity-provider`: trust policies that name an OIDC or SAML provider ARN the
   * inputs do not define. The provider is taken to exist (created outside the inputs), so its
   * callers are checked as the trust policy allows them; the finding says so once per provider.
   */
  private externalProviders(): Finding[] {
    const known = new Set<string>();
    let unknownArn = false;
    for (const p of this.providers.values()) {
      if (isUnknown(p.arn)) unknownArn = true;
      else known.add(p.arn);
    }
    const out = new Map<string, Finding>();
    for (const r of this.roles.values()) {
      const doc = r.trustPolicy;
      if (!doc || doc.unknown) continue;
      for (const st of doc.statements)
        for (const v of st.principal?.federated?.values ?? []) {
          if (isUnknown(v) || known.has(v) || out.has(v)) continue;
          const arn = parseArn(v);
          const kind = arn?.resource.startsWith('oidc-provider/')
            ? 'OIDC'
            : arn?.resource.startsWith('saml-provider/')
              ? 'SAML'
              : undefined;
          if (arn?.service !== 'iam' || !kind) continue;
          out.set(v, {
            code: 'model/external-identity-provider',
            severity: 'info',
            message: `the trust policy of role ${r.name} names the ${kind} provider ${v}, which the inputs do not define${unknownArn ? ' (unless it is a provider of the inputs whose ARN is known only after deployment)' : ''}: it is taken to exist outside the inputs, and its callers are checked as the trust policy allows them`,
            source: st.principal?.source ?? st.source,
          });
        }
    }
    return [...out.values()];
  }

  build(): Model {
    this.runEveryAccount(false);
    this.addPrincipalsNamedByArn();
    for (const hook of this.buildHooks.splice(0)) hook();
    this.newAccountFlags();
    this.managementAccountFlags();
    this.runEveryAccount(true);
    this.addPrincipalsNamedByArn();
    this.spreadTrustRewrites();
    this.spreadUnknownTargets();
    this.spreadUnknownResourceTargets();
    for (const hook of this.spreadHooks.splice(0)) hook();
    const seen = new Set<unknown>();
    const freeze = <T>(x: T): T => deepFreeze(x, seen);
    const policyFindings: Finding[] = [];
    const collect = (d: PolicyDocument | undefined) => {
      if (d) policyFindings.push(...d.findings);
    };
    for (const p of [...this.users.values(), ...this.groups.values(), ...this.roles.values()]) {
      for (const ip of p.inlinePolicies) collect(ip.document);
    }
    for (const r of this.roles.values()) collect(r.trustPolicy);
    for (const p of this.policies.values()) collect(p.document);
    for (const r of this.resources.values()) {
      collect(r.policy);
      collect(r.endpointPolicy);
    }
    // One document attached at several levels of an account is one copy per level: its findings once.
    for (const o of this.orgs.values())
      [...new Map([...o.scps, ...o.rcps].map((d) => [d.findings, d])).values()].forEach(collect);
    const model: Model = freeze(
      this.modelOf(
        [...this.roles.values()],
        [...this.findings, ...this.externalProviders(), ...policyFindings, ...this.standInSpellings.take()],
      ),
    );
    // Freezing met every object of the model: none an Unknown, the model has none.
    if (!someUnknown(seen)) modelsWithoutUnknowns.add(model);
    return model;
  }
}

/** The models `build` made that hold no Unknown value anywhere (see `builtWithoutUnknowns`). */
const modelsWithoutUnknowns = new WeakSet<Model>();

/**
 * True for a model `ModelBuilder.build` made that holds no Unknown value anywhere (checked while
 * deep-freezing it, over every object it reaches: the frozen model cannot gain one later). Lets
 * the packing for worker threads skip its walk for Unknowns (analysis/model-transfer.ts). False
 * for any other model (one not built here, or with Unknowns): then the walk is made.
 */
export function builtWithoutUnknowns(model: Model): boolean {
  return modelsWithoutUnknowns.has(model);
}

function someUnknown(values: Iterable<unknown>): boolean {
  for (const v of values) if (isUnknown(v)) return true;
  return false;
}

/** The statements of two documents, compared without where they were written. */
function sameStatements(a: PolicyDocument, b: PolicyDocument): boolean {
  if (a.unknown || b.unknown || a.statements.length !== b.statements.length) return false;
  const text = (d: PolicyDocument) =>
    JSON.stringify(d.statements, (k, v) =>
      k === 'source' || k === 'valueSources' || k === 'index' ? undefined : v,
    );
  return text(a) === text(b);
}

/**
 * The trust policy of `role` once `rewrites` apply (see `ModelBuilder.mayRewriteTrust`): each
 * rewrite of its account that may reach it keeps the statements maybe-present and adds an unknown
 * maybe-present one; a role without a trust policy gets an unknown one. Service-linked roles keep
 * theirs (their trust is the service's).
 */
function rewrittenTrust(
  role: Role,
  rewrites: readonly TrustRewrite[],
  created: CreatedElements,
): PolicyDocument | undefined {
  let doc = role.trustPolicy;
  for (const t of rewrites) {
    if (role.account !== t.account || role.serviceLinked || !amongArns(t.among, role.arn, created)) continue;
    if (!doc) {
      doc = parsePolicy(new Unknown(t.reason.reason, t.source), { kind: 'trust', source: t.source });
      continue;
    }
    if (doc.unknown) continue; // unknown already
    const presence = t.reason;
    const unknownStatement = parsePolicy(
      { Version: '2012-10-17', Statement: [new Unknown(t.reason.reason, t.source)] },
      { kind: 'trust', source: t.source },
    ).statements;
    const offset = doc.statements.length;
    doc = {
      ...doc,
      statements: [
        ...doc.statements.map((st) => (st.presence ? st : { ...st, presence })),
        ...unknownStatement.map((st, i) => ({ ...st, presence, index: offset + i })),
      ],
    };
  }
  return doc;
}

function deepFreeze<T>(x: T, seen = new Set<unknown>()): T {
  if (x === null || typeof x !== 'object' || seen.has(x)) return x;
  seen.add(x);
  // Unknown instances are frozen too; they are plain values.
  for (const v of Object.values(x as Record<string, unknown>)) deepFreeze(v, seen);
  return Object.freeze(x);
}

/** A runner of a role-using resource, waiting for (or matched to) its `RoleUse` entries. */
export interface RoleUseRunnerLink {
  /** The use kinds of the resource it runs (`ecs-task`, `ecs-task-execution`). */
  kinds: readonly RoleUseKind[];
  /** The `RoleUse.arn` (or, when only that is known, the `name`) of the resource it runs. */
  use: string;
  runner: RoleUseRunner;
}

function runBy(use: Mutable<RoleUse>, link: RoleUseRunnerLink): void {
  if ((use.arn !== link.use && use.name !== link.use) || !link.kinds.includes(use.kind)) return;
  const runners = (use.runBy ?? []) as RoleUseRunner[];
  if (runners.some((r) => r.label === link.runner.label && r.name === link.runner.name)) return;
  use.runBy = [...runners, link.runner];
}

const BLOCK_SETTINGS = [
  'blockPublicAcls',
  'ignorePublicAcls',
  'blockPublicPolicy',
  'restrictPublicBuckets',
] as const;

/**
 * A bucket's Block Public Access settings when another block may replace them (one of unknown
 * target): a setting both leave equal stays; one that may differ is unknown, and the order against
 * the bucket's policies is no longer known.
 */
function mergeMaybeBlock(
  current: PublicAccessBlock | undefined,
  maybe: PublicAccessBlock,
  t: { hint: string; reason: Unknown; source: Source },
): PublicAccessBlock {
  const out: PublicAccessBlock = { source: current?.source ?? t.source };
  let changed = false;
  for (const k of BLOCK_SETTINGS) {
    const a = current?.[k] ?? false;
    const b = maybe[k] ?? false;
    if (a === b && !isUnknown(a)) {
      if (current?.[k] !== undefined) out[k] = a;
      continue;
    }
    changed = true;
    out[k] = isUnknown(a)
      ? a
      : new Unknown(`${t.hint} may set ${k} of this bucket (${t.reason.reason})`, t.source);
  }
  if (!changed && current?.inForceBeforePolicies) out.inForceBeforePolicies = true;
  return out;
}

/** An IAM element as `ModelBuilder.noteNameClash` remembers it. */
interface NamedElement {
  arn: string;
  source: Source;
  presence?: Unknown;
}

/** Whether two sources are the same place of the inputs (see `ModelBuilder.noteDuplicate`). */
function samePlace(a: Source, b: Source): boolean {
  if (a.address !== undefined || b.address !== undefined) return a.address === b.address;
  if (a.logicalId !== undefined || b.logicalId !== undefined)
    return a.logicalId === b.logicalId && a.stack === b.stack;
  return a.file === b.file && a.pointer === b.pointer && a.builtIn === b.builtIn;
}
