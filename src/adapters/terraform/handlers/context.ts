// What resource handlers share: the model builder, the AWS environment (partition, account,
// region), the model elements created so far by Terraform address, policy parsing of attribute
// values (JSON strings, jsonencode structures, unknowns), and linking of attributes that name
// other elements (by name or ARN when known, through configuration references when unknown).

import { fullAccessCompletion, orgDefaultPolicy } from '../../../aws/org-managed-policies.js';
import { hasUnknownNamePart } from '../../../model/stand-ins.js';
import type { Finding } from '../../../model/finding.js';
import type { ModelBuilder } from '../../../model/builder.js';
import type { DeployingAccountOrg } from '../../../aws/org-management-account.js';
import type { Source } from '../../../model/source.js';
import {
  type InlinePolicy,
  ORG_DEFAULT_LEVEL,
  OTHER_TAGS,
  type PolicyAttachment,
  type InstanceProfileUse,
} from '../../../model/types.js';
import { isUnknown, type Maybe, Unknown } from '../../../model/unknown.js';
import { parsePolicy } from '../../../policy/parse.js';
import type { PolicyDocument, PolicyKind } from '../../../policy/types.js';
import { Alternatives, andPresence, MaybeElement, optionsOf } from '../eval/branches.js';
import { listValues, PartlyKnownList, PartlyKnownMap } from '../eval/partial-list.js';
import { type AwsEnv, unknownNameReason, unknownResourceName } from '../eval/computed.js';
import { plain } from '../eval/scope.js';
import { isObject, type TfObject } from '../eval/values.js';
import type { TfInstance } from '../instances.js';
import { modelAccount, type PlacedConfig } from '../plan/provider-accounts.js';
import { policyInput } from './policy-input.js';
import type { ExclusiveGroupMembers } from './exclusive-group-members.js';
import type { ExclusivePolicySets } from './exclusive-policies.js';

export type ElementKind =
  | 'user'
  | 'group'
  | 'role'
  | 'policy'
  | 'resource'
  | 'instance-profile'
  | 'identity-provider'
  | 'org-policy';

export interface ElementRef {
  kind: ElementKind;
  id: string;
  name: string;
}

/** A principal an attribute names, and why the link might not exist (an undecided branch). */
export interface Target {
  id: string;
  presence?: Unknown;
}

/** What an attribute naming a principal resolves to: principals of the model, or unknown. */
export type Targets = { known: Target[]; unknown?: Unknown };

export interface OrgPolicy {
  /**
   * The documents it applies as: one SCP or RCP; none for a policy type that grants and denies
   * nothing (a tag or backup policy); an SCP and an RCP, each maybe-present, when its type is
   * unknown.
   */
  documents: { kind: 'scp' | 'rcp'; document: PolicyDocument }[];
  id: Maybe<string>;
}

export class TfLoadState {
  readonly byAddress = new Map<string, ElementRef>();
  /** Instance profiles by `ACCOUNT:NAME` (handlers/iam.ts `handleInstanceProfile`). */
  readonly instanceProfiles = new Map<string, { roleId: string; usedBy: InstanceProfileUse[] }>();
  readonly orgPolicies = new Map<string, OrgPolicy>();
  /** Where the inputs create the organization (the deploying account is its management account). */
  organizationCreated: Source | undefined;
  /** The deploying account as aws/org-management-account.ts reads it (made at the first attachment). */
  deployingOrg: DeployingAccountOrg | undefined;
  /**
   * Object Ownership of buckets (aws_s3_bucket_ownership_controls), by bucket id; Unknown when it
   * is unknown or might not be set. `unknownOwnership`: controls whose bucket is unknown (any
   * bucket's Object Ownership may be theirs).
   */
  readonly bucketOwnership = new Map<string, Maybe<string>>();
  readonly unknownOwnership: Unknown[] = [];
  /** The ECR registry policy scopes aws_ecr_account_setting sets (REGISTRY_POLICY_SCOPE), read by the registry policies. */
  readonly ecrRegistryScopes: { account: string; region: string; scope: Maybe<string> }[] = [];
  /**
   * Roles whose `managed_policy_arns` / `inline_policy` are configured: Terraform manages that
   * kind of policy of the role exclusively (registry, aws_iam_role: "this resource will take over
   * exclusive management of the role's respective policy types ... If you attempt to manage a
   * role's policies by multiple means, you will get resource cycling"), so a policy another
   * resource attaches to it may or may not be attached after apply (`attachTo`). By role id.
   */
  readonly exclusiveRolePolicies = new Map<string, { managed?: string; inline?: string }>();
  /**
   * The aws_iam_policy_attachment instances of the configuration (set by `applyHandlers`): each
   * manages every attachment of its policy in the account exclusively (registry,
   * aws_iam_policy_attachment: "any users/roles/groups that have the attached policy via any other
   * mechanism (including other Terraform resources) will have that attached policy revoked by this
   * resource"), so another resource's attachment of that policy may be revoked (`attachTo`).
   */
  policyAttachments: readonly TfInstance[] = [];
  /** The API Gateway instances the method and route handlers read (set by `applyHandlers`; api-methods.ts). */
  apiGatewayInstances: readonly TfInstance[] = [];
  /** The exclusive policy resources of the configuration (set by `applyHandlers`; exclusive-policies.ts). */
  exclusivePolicySets: ExclusivePolicySets | undefined;
  /** The aws_iam_group_membership instances, each the exclusive owner of its group's members (set by `applyHandlers`). */
  exclusiveGroupMembers: ExclusiveGroupMembers | undefined;
  private exclusivePolicies: { arn: unknown; address: string }[] | undefined;
  private readonly fullAccessAdded = new Set<string>();
  /** The service roles the run states by stack name or Terraform address (`--stack-role`: handlers/deployments.ts). */
  readonly stackRoles: Readonly<Record<string, string>> | undefined;
  /** The names of `stackRoles` a stack used. */
  readonly stackRolesUsed: Set<string>;
  /** The instance being handled (its presence makes what is modelled from it maybe-present). */
  current: TfInstance | undefined;
  /**
   * The provider configurations that deploy into another account (plan/provider-accounts.ts
   * `noteProviderAccounts`): the organization policies of the inputs may reach their accounts.
   */
  placedConfigs: readonly PlacedConfig[] = [];

  /** Whether provider default tags may exist (an unknown `tags_all` then means other tags; see `tagsOf`). */
  readonly defaultTagsMayExist: boolean;

  constructor(
    readonly builder: ModelBuilder,
    /** The deploying account's environment (the default provider configuration's). */
    readonly deployingEnv: AwsEnv,
    options: {
      defaultTagsMayExist?: boolean;
      stackRoles?: Readonly<Record<string, string>> | undefined;
      stackRolesUsed?: Set<string> | undefined;
    } = {},
  ) {
    this.defaultTagsMayExist = options.defaultTagsMayExist ?? true;
    this.stackRoles = options.stackRoles;
    this.stackRolesUsed = options.stackRolesUsed ?? new Set();
    // FullAWSAccess may remain beside an allow list (unless the loader gave the levels shown detached).
    builder.useOrgLevelCompletion(fullAccessCompletion());
  }

  private envCache: { inst: TfInstance; env: AwsEnv } | undefined;

  /**
   * The environment of the instance being handled: the deploying one, in the account of the
   * instance's provider configuration (`TfInstance.providerAccount`, plan/provider-accounts.ts). Every
   * handler reads the account of what it models here, so an instance deployed into another
   * account is modelled there.
   */
  get env(): AwsEnv {
    const inst = this.current;
    const account = inst?.providerAccount ? modelAccount(inst.providerAccount.where) : undefined;
    if (!inst || account === undefined || account === this.deployingEnv.account) return this.deployingEnv;
    if (this.envCache?.inst !== inst) this.envCache = { inst, env: { ...this.deployingEnv, account } };
    return this.envCache.env;
  }

  /** The tags of an instance's values (`tagsOf`). */
  tags(values: TfObject): Record<string, Maybe<string>> {
    return tagsOf(values, this.defaultTagsMayExist);
  }

  /** Why the instance being handled might not exist (see TfInstance.presence). */
  get presence(): Unknown | undefined {
    return this.current?.presence;
  }

  finding(f: Finding): void {
    this.builder.addFinding(f);
  }

  record(inst: TfInstance, ref: ElementRef): void {
    this.byAddress.set(inst.address, ref);
  }

  /**
   * Parses a policy attribute value; undefined when the attribute holds no policy. Undecided
   * branches are kept (see policy-input.ts); when the instance being handled might not exist,
   * so might every statement of the document.
   */
  policy(value: unknown, kind: PolicyKind, source: Source): PolicyDocument | undefined {
    const read = policyInput(value);
    if (!read) return undefined;
    let input = read.input;
    if (typeof input === 'string') input = input.replace(/^\uFEFF/, '');
    // Positions inside an attribute's policy are not known: its elements point at the attribute.
    const at = source.line !== undefined ? { line: source.line, column: source.column ?? 1 } : undefined;
    const doc = parsePolicy(input, { kind, source, ...(at ? { locate: () => at } : {}) });
    for (const [i, presence] of read.maybe) {
      const st = doc.statements[i];
      if (st) st.presence = andPresence(st.presence, presence);
    }
    const undecided = read.presence ?? read.maybe.values().next().value;
    if (undecided && this.current) {
      this.finding({
        code: 'tf/undecided-branches',
        severity: 'warning',
        message: `${this.current.address}: ${read.maybe.size || 'all'} statement${read.maybe.size === 1 ? '' : 's'} of this policy might not exist: ${undecided.reason}; every branch is kept, maybe-present, so what they grant or deny is indeterminate`,
        source,
      });
    }
    const outer = andPresence(this.presence, read.presence);
    if (outer) {
      doc.presence = andPresence(doc.presence, outer);
      for (const st of doc.statements) st.presence = andPresence(st.presence, outer);
    }
    return doc;
  }

  /**
   * A policy attribute the resource cannot be without (the `policy` of aws_iam_role_policy,
   * aws_iam_policy, aws_s3_bucket_policy...: "Required" in the provider's documentation). An
   * input that holds none there (`""` or null: a redacted plan, a configuration that does not set
   * it) does not say that the resource grants nothing: the document is unknown, with a
   * `tf/empty-policy` warning, never dropped.
   */
  requiredPolicy(inst: TfInstance, attr: string, kind: PolicyKind): PolicyDocument {
    const source = inst.attrSource(attr);
    const doc = this.policy(inst.values[attr], kind, source);
    if (doc) return doc;
    const why = new Unknown(
      `${inst.address}: ${attr} holds no policy document in the input (empty or not set), though the resource requires one; what it grants or denies is unknown`,
      source,
    );
    this.finding({ code: 'tf/empty-policy', severity: 'warning', message: why.reason, source });
    return this.policy(why, kind, source)!;
  }

  /**
   * The modelled name of an element: its name attribute `attr` when known; when the inputs leave
   * it (partly) unknown, an unknown name (`(unknown-ADDRESS)`, src/model/stand-ins.ts; filled by
   * eval/computed.ts `fillComputed`, so that references to the name, ARN and id name the element
   * by the same unknown), which policies match three-valued (src/engine/unknown-names.ts), never
   * an invented name they could decide a match with; a `tf/unknown-name` finding says so.
   */
  nameOf(inst: TfInstance, what: string, attr = 'name'): string {
    const v = inst.values[attr];
    if (typeof v === 'string' && v !== '' && !hasUnknownNamePart(v)) return v;
    const name = typeof v === 'string' && v !== '' ? v : unknownResourceName(inst.values, attr, inst.address);
    const reason = isUnknown(v) ? v.reason : unknownNameReason(inst.values, attr);
    const why =
      reason !== undefined
        ? `is not known (${reason})`
        : typeof inst.values[`${attr}_prefix`] === 'string'
          ? 'is not set (AWS appends a unique suffix to the prefix)'
          : 'is not known before apply (not set: AWS picks it; or built from a value known only after apply)';
    this.finding({
      code: 'tf/unknown-name',
      severity: 'info',
      message: `the ${what} name of ${inst.address} ${why}; the model calls it "${name}"`,
      source: inst.source,
    });
    return name;
  }

  /**
   * The modelled IAM path of an element (its `path` argument; undefined: `/`). When the inputs
   * leave it (partly) unknown, `fillComputed` (eval/computed.ts) filled it, and the ARN, with an
   * unknown path part (`/teams/(unknown-path=ADDRESS)/`, src/model/stand-ins.ts
   * `partlyKnownPath`), which policies match as any path (src/engine/unknown-names.ts), never as
   * `/`; a `tf/unknown-path` warning names the attribute, the address and why.
   */
  pathOf(
    inst: TfInstance,
    kind: 'user' | 'group' | 'role' | 'policy' | 'instance-profile',
  ): string | undefined {
    const path = str(inst.values, 'path');
    const reason = unknownNameReason(inst.values, 'path');
    if (path === undefined || reason === undefined) return path;
    this.finding({
      code: 'tf/unknown-path',
      severity: 'warning',
      message: `the path of ${inst.address} (attribute "path") is not known (${reason}); the model writes it "${path}", any path where the (unknown-path=…) part stands, so a decision that depends on the path (a pattern such as ${kind}/app/*, an aws:PrincipalArn condition) is indeterminate`,
      source: inst.attrSource('path'),
    });
    return path;
  }

  /**
   * Elements of a kind that an attribute refers to through the configuration. None when it also
   * refers to an element of another kind: its value may be that one's (`var.x ? aws_iam_policy.b.arn
   * : aws_iam_role.r.arn`), so no element of the kind is the whole answer.
   */
  referenced(inst: TfInstance, attr: string, kinds: ElementKind[]): ElementRef[] {
    const out: ElementRef[] = [];
    for (const a of inst.references(attr)) {
      const ref = this.byAddress.get(a);
      if (!ref) continue;
      if (!kinds.includes(ref.kind)) return [];
      if (!out.some((o) => o.id === ref.id)) out.push(ref);
    }
    return out;
  }

  /** Finds a user, group or role by ARN, or by name in the configuration's account (`ModelBuilder.findPrincipal`). */
  findPrincipal(kind: 'user' | 'group' | 'role', nameOrArn: string): string | undefined {
    return this.builder.findPrincipal(kind, nameOrArn, this.env.account);
  }

  /**
   * The principal a name or ARN names: one of the model, or else one defined outside the inputs
   * (added with `addImportedPrincipal`: its other policies, trust policy and boundary unknown).
   */
  principalNamed(inst: TfInstance, attr: string, kind: 'user' | 'group' | 'role', value: string): string {
    const found = this.findPrincipal(kind, value);
    if (found) return found;
    const reason = `${inst.address} refers to ${kind} "${value}" in ${attr}, and the inputs do not create it`;
    const source = inst.attrSource(attr);
    // a name alone: its path is the one an ARN of the inputs writes, else unknown (model/named-principals.ts)
    if (!value.startsWith('arn:'))
      return this.builder.addPrincipalNamed({ kind, account: this.env.account, name: value, reason, source });
    return this.builder.addImportedPrincipal({ kind, arn: value, reason, source });
  }

  /**
   * The principals an attribute names (a name or an ARN): principals of the model or imported
   * ones for known names; each option of an undecided branch, maybe-present; an unknown value
   * linked through the configuration's reference when it names exactly one principal, else
   * `unknown` (the caller attaches to an unknown target). Undefined (with a finding) when the
   * attribute is not set.
   */
  targets(inst: TfInstance, attr: string, kind: 'user' | 'group' | 'role'): Targets | undefined {
    const value = inst.values[attr];
    if (value === null || value === undefined || value === '') {
      this.finding({
        code: 'tf/unresolved-reference',
        severity: 'warning',
        message: `${inst.address}: ${attr} (the ${kind}) is not set; ${inst.type} is not applied`,
        source: inst.attrSource(attr),
      });
      return undefined;
    }
    return this.targetsOf(inst, attr, kind, value);
  }

  private targetsOf(
    inst: TfInstance,
    attr: string,
    kind: 'user' | 'group' | 'role',
    value: unknown,
  ): Targets {
    if (typeof value === 'string' && value)
      return { known: [{ id: this.principalNamed(inst, attr, kind, value) }] };
    const refs = () => this.referenced(inst, attr, [kind]);
    if (value instanceof Alternatives) {
      const { targets: out, options } = branchTargets(
        value,
        (o) => (typeof o === 'string' ? this.principalNamed(inst, attr, kind, o) : undefined),
        refs,
      );
      if (out.known.length === 1 && options === 1 && !out.unknown) delete out.known[0]!.presence;
      return out;
    }
    const r = refs();
    if (r.length === 1) return { known: [{ id: r[0]!.id }] };
    const why = isUnknown(value) ? value.reason : `it is not a name (${typeof value})`;
    return {
      known: [],
      unknown: new Unknown(
        `the ${kind} in ${attr} of ${inst.address} is not known (${why})${r.length > 1 ? ` and the configuration refers to ${r.length} ${kind}s` : ''}`,
        inst.attrSource(attr),
      ),
    };
  }

  /** The principals a list attribute names (users of a group membership, roles of an attachment). */
  targetsList(inst: TfInstance, attr: string, kind: 'user' | 'group' | 'role'): Targets {
    const value = inst.values[attr];
    if (value === null || value === undefined) return { known: [] };
    if (value instanceof Alternatives) {
      const sets = optionsOf(value).map((o) => this.targetsListOf(inst, attr, kind, o));
      const out: Targets = { known: [] };
      for (const set of sets) {
        for (const t of set.known) {
          if (out.known.some((k) => k.id === t.id)) continue;
          const inAll = sets.every((x) => x.known.some((k) => k.id === t.id));
          out.known.push({ id: t.id, ...(inAll ? {} : { presence: value.cause }) });
        }
        if (set.unknown) out.unknown ??= set.unknown;
      }
      return out;
    }
    return this.targetsListOf(inst, attr, kind, value);
  }

  private targetsListOf(
    inst: TfInstance,
    attr: string,
    kind: 'user' | 'group' | 'role',
    value: unknown,
  ): Targets {
    const out: Targets = { known: [] };
    if (value === null || value === undefined) return out;
    // a partly known list (concat(["ops"], var.admins)): its elements are certain, its rest maybe any
    const items =
      value instanceof PartlyKnownList
        ? listValues(value)
        : isUnknown(value) && !(value instanceof MaybeElement)
          ? [value]
          : Array.isArray(value)
            ? value
            : [value];
    let unknowns = 0;
    for (const v of items) {
      if (typeof v === 'string') {
        if (!v) continue;
        const id = this.principalNamed(inst, attr, kind, v);
        if (!out.known.some((t) => t.id === id)) out.known.push({ id });
      } else if (v instanceof Alternatives) {
        for (const o of optionsOf(v)) {
          if (typeof o === 'string' && o)
            out.known.push({ id: this.principalNamed(inst, attr, kind, o), presence: v.cause });
          else unknowns++;
        }
      } else if (isUnknown(v)) unknowns++;
    }
    if (unknowns) {
      const refs = this.referenced(inst, attr, [kind]).filter((r) => !out.known.some((t) => t.id === r.id));
      if (refs.length && !isUnknown(value) && refs.length === unknowns)
        out.known.push(...refs.map((r) => ({ id: r.id })));
      else if (refs.length && isUnknown(value)) {
        // the whole list is unknown (concat(refs, var.extra), a for expression, slice(...)): it
        // may hold the principals the configuration refers to, and others; both stay possible
        const why = new Unknown(
          `the ${kind}s in ${attr} of ${inst.address} are not known (${value.reason})`,
          inst.attrSource(attr),
        );
        out.known.push(...refs.map((r) => ({ id: r.id, presence: why })));
        out.unknown = why;
      } else {
        const first = items.find(isUnknown) as Unknown | undefined;
        const which = value instanceof PartlyKnownList ? 'further' : `${unknowns} of the`;
        out.unknown = new Unknown(
          `${which} ${kind}s in ${attr} of ${inst.address} are not known${first ? ` (${first.reason})` : ''}`,
          inst.attrSource(attr),
        );
      }
    }
    return out;
  }

  /** Adds an inline policy to the principal(s) an attribute names, or to an unknown target. */
  attachInline(inst: TfInstance, attr: string, kind: 'user' | 'group' | 'role', policy: InlinePolicy): void {
    const t = this.targets(inst, attr, kind);
    if (t) this.attachTo(inst, attr, kind, t, { inline: policy });
  }

  /** Applies a policy to targets: maybe-present where the link or the instance might not exist. */
  attachTo(
    inst: TfInstance,
    attr: string,
    kind: 'user' | 'group' | 'role',
    t: Targets,
    policy: { inline: InlinePolicy } | { managed: PolicyAttachment },
  ): void {
    const withPresence = <T extends InlinePolicy | PolicyAttachment>(
      p: T,
      presence: Unknown | undefined,
    ): T => {
      const all = andPresence(andPresence(this.presence, p.presence), presence);
      return all ? { ...p, presence: all } : p;
    };
    for (const x of t.known) {
      const presence = andPresence(x.presence, this.exclusivelyManaged(inst, kind, x.id, policy));
      if ('inline' in policy) this.builder.addInlinePolicy(x.id, withPresence(policy.inline, presence));
      else this.builder.attachManagedPolicy(x.id, withPresence(policy.managed, presence));
    }
    if (t.unknown) {
      this.builder.attachToUnknownPrincipal({
        kind,
        account: this.env.account,
        policy: 'inline' in policy ? { inline: policy.inline } : { managed: policy.managed },
        reason: t.unknown,
        hint: inst.address,
        source: inst.attrSource(attr),
      });
    }
  }

  /**
   * Why a policy `inst` adds to role `id` may not be attached after apply: the role's resource
   * manages that kind of policy exclusively (`exclusiveRolePolicies`); else undefined.
   */
  private exclusivelyManaged(
    inst: TfInstance,
    kind: 'user' | 'group' | 'role',
    id: string,
    policy: { inline: InlinePolicy } | { managed: PolicyAttachment },
  ): Unknown | undefined {
    if ('managed' in policy) {
      const revoked = this.revokedBy(inst, policy.managed.policyArn);
      if (revoked) return revoked;
    }
    const removed = this.exclusivePolicySets?.removedBy(inst, kind, id, policy);
    if (removed) return removed;
    if (kind !== 'role') return undefined;
    const exclusive = this.exclusiveRolePolicies.get(id);
    const role = 'inline' in policy ? exclusive?.inline : exclusive?.managed;
    if (!role) return undefined;
    const attr = 'inline' in policy ? 'inline_policy' : 'managed_policy_arns';
    return new Unknown(
      `${role} sets ${attr}, so Terraform manages the role's ${'inline' in policy ? 'inline' : 'managed'} policies exclusively and removes this one, which ${inst.address} adds (resource cycling): it may or may not be attached after apply`,
      inst.source,
    );
  }

  /**
   * Why an attachment of policy `arn` by `inst` may be revoked by an aws_iam_policy_attachment of
   * the same policy (another instance; an unknown ARN on either side may be the same), else
   * undefined.
   */
  private revokedBy(inst: TfInstance, arn: unknown): Unknown | undefined {
    this.exclusivePolicies ??= this.policyAttachments.map((a) => {
      const v = a.values.policy_arn;
      const refs = this.referenced(a, 'policy_arn', ['policy']);
      return {
        arn: typeof v === 'string' && v ? v : refs.length === 1 ? refs[0]!.id : v,
        address: a.address,
      };
    });
    for (const e of this.exclusivePolicies) {
      if (e.address === inst.address) continue;
      const same =
        typeof e.arn === 'string' && typeof arn === 'string'
          ? e.arn === arn
          : isUnknown(e.arn) || isUnknown(arn);
      if (!same) continue;
      return new Unknown(
        `${e.address} (aws_iam_policy_attachment) manages every attachment of ${typeof arn === 'string' ? arn : 'this policy'} in the account exclusively and revokes this one, which ${inst.address} adds (resource cycling): it may or may not be attached after apply`,
        inst.source,
      );
    }
    return undefined;
  }

  /**
   * The managed policy ARNs an attribute names: a known ARN, each option of an undecided branch
   * (maybe-present), the policy the configuration refers to, or an Unknown ARN.
   */
  policyArns(inst: TfInstance, attr: string): { arn: Maybe<string>; presence?: Unknown }[] {
    const value = inst.values[attr];
    if (typeof value === 'string' && value) return [{ arn: value }];
    if (value instanceof Alternatives) {
      const out: { arn: Maybe<string>; presence?: Unknown }[] = [];
      for (const o of optionsOf(value)) {
        if (typeof o === 'string' && o) out.push({ arn: o, presence: value.cause });
        else if (isUnknown(o)) {
          const refs = this.referenced(inst, attr, ['policy']).filter(
            (r) => !out.some((x) => x.arn === r.id),
          );
          if (refs.length === 1) out.push({ arn: refs[0]!.id, presence: value.cause });
          else out.push({ arn: plain(o), presence: value.cause });
        }
      }
      return out;
    }
    const refs = this.referenced(inst, attr, ['policy']);
    if (refs.length === 1) return [{ arn: refs[0]!.id }];
    if (isUnknown(value)) return [{ arn: plain(value) }];
    this.finding({
      code: 'tf/unresolved-reference',
      severity: 'warning',
      message: `${inst.address}: ${attr} is ${value === '' ? 'empty' : value === null || value === undefined ? 'not set' : 'not a string'}; nothing is attached`,
      source: inst.attrSource(attr),
    });
    return [];
  }

  /** A resource named by an attribute: by ARN (or a function) when known, else by reference. */
  linkResource(inst: TfInstance, attr: string, toArn: (v: string) => string | undefined): string | undefined {
    const value = inst.values[attr];
    if (typeof value === 'string' && value) {
      const arn = toArn(value);
      if (arn) return arn;
    }
    const refs = this.referenced(inst, attr, ['resource']);
    if (refs.length === 1) return refs[0]!.id;
    this.unlinked(inst, attr, value);
    return undefined;
  }

  private unlinked(inst: TfInstance, attr: string, value: unknown): void {
    this.finding({
      code: 'tf/unresolved-reference',
      severity: 'warning',
      message: `${inst.address}: the resource in ${attr} is ${isUnknown(value) ? `unknown (${value.reason})` : value === undefined || value === null ? 'not set' : `"${String(value)}"`} and cannot be linked; its policy is not applied`,
      source: inst.attrSource(attr),
    });
  }

  /**
   * The resources an attribute names for a resource policy: the one a known name or ARN gives
   * (`toArn`, which may add a resource outside the configuration), each option of an undecided
   * branch (maybe-present), the one resource the configuration refers to when the value is
   * unknown, else `unknown` (the caller keeps the policy on an unknown target,
   * `ModelBuilder.attachToUnknownResource`). An attribute not set names `whenUnset` when given
   * (src/aws/resource-policies.ts `TfPolicyCarrier.target.whenUnset`). Undefined, with a finding,
   * when the attribute is not set or names nothing a policy can be for.
   */
  resourceTargets(
    inst: TfInstance,
    attr: string,
    toArn: (v: string) => string | undefined,
    whenUnset?: string,
  ): Targets | undefined {
    const set = inst.values[attr];
    const value = (set === undefined || set === null) && whenUnset !== undefined ? whenUnset : set;
    const refs = () => this.referenced(inst, attr, ['resource']);
    if (typeof value === 'string' && value) {
      const arn = toArn(value);
      if (arn) return { known: [{ id: arn }] };
    }
    if (value instanceof Alternatives) {
      const { targets: out } = branchTargets(
        value,
        (o) => (typeof o === 'string' ? toArn(o) || undefined : undefined),
        refs,
      );
      if (out.known.length || out.unknown) return out;
      this.unlinked(inst, attr, value);
      return undefined;
    }
    const r = refs();
    if (r.length === 1) return { known: [{ id: r[0]!.id }] };
    if (isUnknown(value) || (r.length > 1 && typeof value !== 'string'))
      return {
        known: [],
        unknown: new Unknown(
          `the resource in ${attr} of ${inst.address} is not known (${isUnknown(value) ? value.reason : 'it is not a name'})${r.length > 1 ? ` and the configuration refers to ${r.length} resources` : ''}`,
          inst.attrSource(attr),
        ),
      };
    this.unlinked(inst, attr, value);
    return undefined;
  }

  /**
   * Adds the default FullAWSAccess / RCPFullAWSAccess policy once per account (AWS Organizations
   * default), at the levels the inputs attach nothing to (`ORG_DEFAULT_LEVEL`).
   */
  ensureOrgDefault(account: string, kind: 'scp' | 'rcp', source: Source): void {
    const key = `${kind}:${account}`;
    if (this.fullAccessAdded.has(key)) return;
    this.fullAccessAdded.add(key);
    const managed = orgDefaultPolicy(kind);
    const name = managed.name;
    // Not in the inputs: its source says what it is, with no file or pointer of the attachment.
    const src: Source = {
      builtIn: `the AWS Organizations default ${name} policy (not in the inputs: AWS attaches it to every account by default)`,
    };
    const parsed = { ...parsePolicy(managed.document, { kind, source: src }), name };
    if (kind === 'scp') this.builder.addScp(account, parsed, ORG_DEFAULT_LEVEL);
    else this.builder.addRcp(account, parsed, ORG_DEFAULT_LEVEL);
    this.finding({
      code: 'tf/assumed-org-default-policy',
      severity: 'info',
      message:
        kind === 'scp'
          ? `account ${account}: the AWS-managed ${name} policy, which AWS Organizations attaches by default, is assumed to stay attached at the levels (root, OUs, the account) to which the inputs attach no SCP; where they attach an allow list, ${name} may still be attached beside it (attaching an SCP does not detach ${name}) unless --scp-full-access-detached names that level`
          : `account ${account}: the AWS-managed ${name} policy, which AWS Organizations attaches to every level and which cannot be detached, is assumed next to the RCPs of the inputs`,
      source,
    });
  }
}

/** The one reader of string attributes for every handler: `../../string-values.ts`. */
export { stringOrUnknown } from '../../string-values.js';

/** String value of an attribute, or undefined. */
export function str(values: TfObject, attr: string): string | undefined {
  const v = values[attr];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * Tags as a model Tags record (values may be Unknown). Tags the inputs do not show may exist
 * (`OTHER_TAGS`) when `tags` is unknown as a whole (`tags = var.x`, `merge(var.t, {...})`), or
 * when `tags_all` (the resource's tags with the provider's `default_tags`) is unknown while `tags`
 * is known and some provider configuration sets `default_tags` (`defaultTagsMayExist`): the
 * provider's default tags are then known only after apply, and any of them may be on the resource.
 */
export function tagsOf(values: TfObject, defaultTagsMayExist = true): Record<string, Maybe<string>> {
  const all = values.tags_all;
  const pick =
    (isObject(all) && Object.keys(all).length) || all instanceof PartlyKnownMap ? all : values.tags;
  const out: Record<string, Maybe<string>> = {};
  if (isUnknown(values.tags) && pick !== all) out[OTHER_TAGS] = plain(values.tags);
  else if (isUnknown(all) && defaultTagsMayExist)
    out[OTHER_TAGS] = new Unknown(
      `tags_all (the resource's tags with the provider's default_tags) is unknown: ${all.reason}; tags the configuration does not show may be set`,
      all.source,
    );
  // A partly known map (`merge(var.extra, { team = "ops" })`, eval/partial-list.ts): its known
  // keys are certain tags (a value may be unknown), its rest may add any others.
  if (pick instanceof PartlyKnownMap) out[OTHER_TAGS] ??= plain(pick.rest);
  // tags unknown (as a whole or partly): others may exist, whatever tags_all says
  if (isUnknown(values.tags)) out[OTHER_TAGS] ??= plain(values.tags);
  const entries = pick instanceof PartlyKnownMap ? pick.entries : pick;
  if (!isObject(entries)) return out;
  for (const [k, v] of Object.entries(entries)) {
    if (typeof v === 'string') out[k] = v;
    else if (isUnknown(v)) out[k] = v;
    else if (v !== null && v !== undefined) out[k] = String(v);
  }
  return out;
}

/**
 * The targets of an undecided branch (`Alternatives`), for principals and resources alike: each
 * option `resolve` names is a known target, maybe-present; the options it cannot name are the
 * configuration's other references when there are as many of them, else the target is unknown.
 * `options` counts the options that are set.
 */
function branchTargets(
  value: Alternatives,
  resolve: (option: unknown) => string | undefined,
  refs: () => readonly { id: string }[],
): { targets: Targets; options: number } {
  const out: Targets = { known: [] };
  const options = optionsOf(value).filter((o) => o !== null && o !== '');
  let unknowns = 0;
  for (const o of options) {
    const id = resolve(o);
    if (id === undefined) unknowns++;
    else if (!out.known.some((t) => t.id === id)) out.known.push({ id, presence: value.cause });
  }
  if (unknowns) {
    const rest = refs().filter((r) => !out.known.some((t) => t.id === r.id));
    if (rest.length && rest.length === unknowns)
      out.known.push(...rest.map((r) => ({ id: r.id, presence: value.cause })));
    else out.unknown = value.cause;
  }
  return { targets: out, options: options.length };
}
