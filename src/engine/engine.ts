// The compiled model and its decision procedure, following the IAM User Guide's "Policy
// evaluation logic" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
// explicit deny anywhere wins; SCPs and RCPs must allow where present (at every level of the
// organization, an Allow in any policy of the level: org-levels.ts); within one account an
// identity-based OR resource-based allow suffices, across accounts both are needed; permissions
// boundaries and session policies cap identity-based permissions (and resource-based grants to
// the role ARN, but not to the user or session ARN); role trust policies and KMS key policies
// must allow (a role or key outside the inputs has an unknown one). Before any policy, the caller
// rules of sts-rules.ts say who may call STS at all. Every step is three-valued so unknown
// values give `indeterminate`.

import { containedResourcePatterns, policyHolderKey } from '../aws/arn-formats.js';
import { ownerAccountText } from '../aws/owner-account-actions.js';
import { acceptsNoResourcePolicy } from '../aws/no-resource-policy.js';
import { blockPublicAccessAccount } from '../aws/s3-access-points.js';
import { orgPoliciesApplyTo } from '../aws/org-management-account.js';
import { kindOfArn, policyMustAllow } from '../aws/resource-policies.js';
import { parseArn } from '../model/arns.js';
import {
  hasUnstatedAccount,
  PLACEHOLDER_REGION,
  hasUnknownNamePart,
  UNKNOWN_REGION,
} from '../model/stand-ins.js';
import { type Model, ORG_DEFAULT_LEVEL, type Resource, type Role, type User } from '../model/types.js';
import { Unknown } from '../model/unknown.js';
import { compileGlob, type Matcher } from '../policy/wildcard.js';
import { parsePolicy } from '../policy/parse.js';
import { rcpGovernsService } from '../policy/rcp-rules.js';
import type { PolicyDocument } from '../policy/types.js';
import { AccountWorlds } from './account-worlds.js';
import { RegionWorlds } from './region-worlds.js';
import { type OrgLevelAllow, type OrgLevelEntry, orgAllowsCanRestrict, orgLevelAllow } from './org-levels.js';
import { type CompiledPolicy, type CompiledStatement, compilePolicy } from './compile-policy.js';
import { type EvalInput, evaluatePolicy, evaluateStatements, Outcome } from './evaluate-statements.js';
import { PolicySets, type IdentityIndex } from './policy-sets.js';
import { OutsideResourceTags } from './outside-resource-tags.js';
import {
  type ParticipatingPolicy,
  type PrincipalSidePolicies,
  type PrincipalSideVisitor,
  rcpsApply,
  type RequestPolicies,
  scpsApply,
} from './request-policies.js';
import {
  type PrincipalDirectory,
  type RequestPrincipal,
  principalLabel,
  resolveRequestPrincipal,
  withFederationCaller,
} from './principal.js';
import {
  normalizeContext,
  RequestEvalContext,
  type RequestTarget,
  type ResourceInfo,
} from './request-context.js';
import { restrictPublicBucketsBlocks, restrictPublicBucketsOf } from './s3-block-public-access.js';
import type { ResourceEntry, RuleHost, RuleRequest } from './rule-request.js';
import { actionRules, explicitDenyRules, serviceRules } from './service-rules.js';
import { type AllowGap, allowOf, combine, type PolicyVerdicts } from './combine.js';
import { type CallerVerdict, callerVerdict } from './sts-rules.js';
import { StandInParts } from './stand-in-parts.js';
import { and3, MAYBE, NO, or3, type Tri, YES } from './tri.js';
import { CreatedElements } from '../model/created-elements.js';
import { requestNamesUnknown, unknownNameCauses } from './unknown-names.js';
import { computeIdCauses } from './compute-id-causes.js';
import { NameWorlds } from './name-worlds.js';
import type {
  AppliedAllow,
  AssumedCondition,
  DecideOptions,
  Decision,
  Request,
  TraceEntry,
  UnknownMet,
} from './types.js';
import { noteSharedUnknown, noteUnknown, noteUnknownText, sharedUnknown } from './unknowns-met.js';

export interface EngineOptions {
  /** Clock for aws:CurrentTime / aws:EpochTime / aws:TokenIssueTime (default: now). */
  now?: Date;
}

/** Lower-cased actions decided against a role's trust policy when the resource is the role. */
export const TRUST_ACTIONS: ReadonlySet<string> = new Set([
  'sts:assumerole',
  'sts:assumerolewithsaml',
  'sts:assumerolewithwebidentity',
  'sts:tagsession',
  'sts:setsourceidentity',
  'sts:setcontext',
]);

/** Another world `decide` looks at (`Engine.otherWorlds`). */
export interface OtherWorld {
  /** A string of this model (an ARN, a policy value) as it is in that world. */
  into: (s: string) => string;
  engine: Engine;
}

interface OrgEntry {
  scps: CompiledPolicy[];
  rcps: CompiledPolicy[];
  /** Per SCP (RCP), `grantsSomething`: worked out once, not per decision. */
  scpGrants: readonly boolean[];
  rcpGrants: readonly boolean[];
}

/** A resource entry with its `ResourceSide`s, made on first use (`Engine.resourceSide`). */
interface CachedResource extends ResourceEntry {
  side: ResourceSide | undefined;
  /** For the trust actions (`TRUST_ACTIONS`). */
  trustSide: ResourceSide | undefined;
}

/** A request's action as decisions read it (`Engine.actionOf`), shared by every decision of it. */
interface ActionInfo {
  lower: string;
  /** The service prefix (lower-cased). */
  service: string;
  /** What the request context reads of it (read-only). */
  target: RequestTarget;
}

/** The resource-based policy a request is decided against, and whether it must allow. */
interface ResourceSide {
  policy: CompiledPolicy | undefined;
  /** The policy must allow (a role's trust policy, a KMS key policy). */
  requires: boolean;
  stage: 'resource' | 'trust' | 'key-policy';
  /** The resource is a service-linked role: RCPs do not apply to assuming it. */
  serviceLinkedRole: boolean;
  /**
   * A role or KMS key outside the inputs: the trust / key policy that must allow is unknown. As
   * for every resource outside the inputs, it is not taken to name the principal itself; it may
   * delegate to the account (so an identity-based Allow gives indeterminate) and it may deny.
   * Undefined otherwise (always set: every ResourceSide has one shape, see `decideHere`).
   */
  unknownOutside: Unknown | undefined;
}

export class Engine {
  readonly model: Model;
  private readonly now: Date | undefined;
  private readonly directory: PrincipalDirectory;
  private readonly sets: PolicySets;
  private readonly outsideTags: OutsideResourceTags;
  private readonly resources = new Map<string, Resource>();
  /** Resources by `policyHolderKey` of their ARN (a DynamoDB stream without its label). */
  private readonly resourcesByHolder = new Map<string, Resource>();
  /**
   * Stand-in resources of each kind (`ModelBuilder.attachToUnknownResource`): a policy whose target
   * is unknown may be the policy of a resource outside the inputs too.
   */
  private readonly standInsByKind = new Map<string, Resource[]>();
  private readonly resourceCache = new Map<string, CachedResource>();
  private readonly principalCache = new Map<string, RequestPrincipal>();
  private readonly trustCache = new Map<string, CompiledPolicy | null>();
  private readonly orgs = new Map<string, OrgEntry>();
  private readonly sessionCache = new WeakMap<object, CompiledPolicy>();
  /** Resources whose policy may govern other ARNs (`Resource.governs`), with their patterns. */
  private readonly governing: { resource: Resource; patterns: Matcher[]; maybe?: Unknown }[] = [];
  /**
   * Every ARN of the model whose name the inputs leave unknown, with why, for traces
   * (src/engine/unknown-names.ts `unknownNameCauses`).
   */
  private readonly unknownNames: ReadonlyMap<string, Unknown>;
  /**
   * `unknownNames` and the ids AWS gives the inputs' compute (engine/compute-id-causes.ts), why
   * each is open: read for traces only, never for matching.
   */
  private readonly namesForTraces: ReadonlyMap<string, Unknown>;
  /** Some user, group, role or resource has an unknown name part (`CreatedElements`, name worlds). */
  private readonly elementsNamedUnknown: boolean;
  /**
   * Every request is matched with unknown names, not only one naming an unknown part
   * (unknown-names.ts `unknownNameCauses`, `everyRequest`).
   */
  private readonly everyRequestNamesUnknown: boolean;
  /** The elements created for certain, when some name is unknown (model/created-elements.ts). */
  private created: CreatedElements | undefined;
  /** The worlds of an unstated deploying account (account-worlds.ts); null when every account is stated. */
  private worlds: AccountWorlds | null | undefined;
  private standIn: StandInParts | null | undefined;
  /** The worlds of unknown element names (name-worlds.ts); null when no name holds one. */
  private nameWorlds: NameWorlds | null | undefined;
  /** The worlds of stand-in regions (region-worlds.ts); null when no ARN holds one. */
  private regionWorlds: RegionWorlds | null | undefined;
  /** `otherWorlds()`, once. */
  private worldList: OtherWorld[] | undefined;
  /** Alias ARNs of the inputs to their key's ARN (`aliasTarget`), once needed. */
  private aliasTargets: Map<string, string> | undefined;
  /** Model resources, users and roles by their index in their list (`indexOf`). */
  private elementIndex: Map<object, number> | undefined;
  /** What the rules of single services may use of this engine (rule-request.ts), one object. */
  private readonly host: RuleHost;
  /** Each action string's lower-cased form, service and request target (`actionOf`). */
  private readonly actions = new Map<string, ActionInfo>();

  constructor(model: Model, options: EngineOptions = {}) {
    this.model = model;
    this.now = options.now;
    this.host = {
      model,
      decideHere: (request, options) => this.decideHere(request, options),
      findResource: (arn) => this.findResource(arn),
      aliasTarget: (aliasArn) => this.aliasTarget(aliasArn),
      blockingAccount: (r) => this.blockingAccount(r),
    };
    const userByArn = new Map<string, User>();
    const roleByArn = new Map<string, Role>();
    const roleByAccountAndName = new Map<string, Role>();
    for (const u of model.users) userByArn.set(u.arn, u);
    for (const r of model.roles) {
      roleByArn.set(r.arn, r);
      roleByAccountAndName.set(`${r.account}/${r.name}`, r);
    }
    this.directory = {
      partition: model.partition,
      accounts: new Set(model.accounts.map((a) => a.id)),
      userByArn,
      roleByArn,
      roleByAccountAndName,
      canonicalIds: new Map(
        model.accounts.flatMap((a) => (a.canonicalUserId ? [[a.id, a.canonicalUserId] as const] : [])),
      ),
    };
    this.sets = new PolicySets(model);
    this.outsideTags = new OutsideResourceTags(model);
    const named = unknownNameCauses(model);
    this.unknownNames = named.causes;
    // For traces only: the ids AWS gives the inputs' compute, with which instance or task each is.
    const computeIds = computeIdCauses(model);
    this.namesForTraces = computeIds.size ? new Map([...computeIds, ...named.causes]) : named.causes;
    this.elementsNamedUnknown = named.elements;
    this.everyRequestNamesUnknown = named.everyRequest;
    for (const r of model.resources) {
      this.resources.set(r.arn, r);
      this.resourcesByHolder.set(policyHolderKey(r.arn), r);
      if (r.standIn && r.presence && r.policy && r.kind !== 'other')
        this.standInsByKind.set(r.kind, [...(this.standInsByKind.get(r.kind) ?? []), r]);
      if (r.governs?.length && r.policy)
        this.governing.push({ resource: r, patterns: r.governs.map((g) => compileGlob(g, false)) });
      // A resource inside this one whose ARN does not name it (a Backup vault's recovery points):
      // this policy may be its, or another's.
      const contained = r.policy ? containedResourcePatterns(r.arn) : [];
      if (contained.length)
        this.governing.push({
          resource: r,
          patterns: contained.map((g) => compileGlob(g, false)),
          maybe: new Unknown(
            `a recovery point's ARN names no vault: it may be in Backup vault "${r.name}" or in another`,
            r.source,
          ),
        });
    }
    // One account may appear twice (a world where "this account" is an account the inputs name
    // has both's policies): its SCPs and RCPs are all of them, as the builder gathers one account's.
    // SCPs and RCPs do not affect the management account (aws/org-management-account.ts).
    const exempt = new Set(model.accounts.filter((a) => !orgPoliciesApplyTo(a)).map((a) => a.id));
    for (const o of model.organizations) {
      if (exempt.has(o.account)) continue;
      const had = this.orgs.get(o.account) ?? { scps: [], rcps: [], scpGrants: [], rcpGrants: [] };
      const label = (kind: 'SCP' | 'RCP', d: PolicyDocument, n: number, taken: readonly CompiledPolicy[]) =>
        orgPolicyLabel(kind, d, n, o.account, (name) => taken.some((c) => c.name === name));
      const scps = [...had.scps];
      for (const d of o.scps) scps.push(compilePolicy(d, label('SCP', d, scps.length + 1, scps)));
      const rcps = [...had.rcps];
      for (const d of o.rcps) rcps.push(compilePolicy(d, label('RCP', d, rcps.length + 1, rcps)));
      this.orgs.set(o.account, {
        scps,
        rcps,
        scpGrants: scps.map(grantsSomething),
        rcpGrants: rcps.map(grantsSomething),
      });
    }
  }

  /**
   * The compiled identity policies and permissions boundaries of the model's users and roles, as
   * this engine resolves them. Analyses (matrix, chains, risks) share the compiled policies through
   * it instead of compiling the model a second time; treat it as read-only.
   */
  /** The options it was compiled with: another model compiled alike (the open-account mode's) decides alike. */
  get options(): EngineOptions {
    return this.now ? { now: this.now } : {};
  }

  get policySets(): PolicySets {
    return this.sets;
  }

  /**
   * The compiled-model view the analyses read instead of compiling the model again: the
   * policies exactly as `decide` uses them (names, presence), compiled once per engine. Treat the
   * results as read-only.
   */
  scpsOf(account: string): readonly CompiledPolicy[] {
    return this.orgs.get(account)?.scps ?? [];
  }

  /** The compiled RCPs of an account (see `scpsOf`). */
  rcpsOf(account: string): readonly CompiledPolicy[] {
    return this.orgs.get(account)?.rcps ?? [];
  }

  /** The compiled resource-based policy of a model resource, with its presence (see `scpsOf`). */
  resourcePolicyOf(resource: Resource): CompiledPolicy | undefined {
    return resource.policy ? this.resource(resource.arn).policy : undefined;
  }

  /**
   * Every policy `decide` reads as the resource-based policy of a request on `arn` (the trust
   * policy of a role aside): the resource's own (for an ARN outside the model, the policies of
   * the stand-ins of its kind: `outsidePolicy`) and those of other elements that may govern it
   * (`Resource.governs`). See `scpsOf`.
   */
  resourcePoliciesOn(arn: string): readonly CompiledPolicy[] {
    const e = this.resource(arn);
    return e.policy ? [e.policy, ...e.governedBy] : e.governedBy;
  }

  /** The compiled trust policy of a model role (see `scpsOf`). */
  trustPolicyOf(role: Role): CompiledPolicy | undefined {
    return this.trustPolicy(role);
  }

  /** A session policy, parsed and compiled as `decide` does (cached per object). */
  sessionPolicyOf(raw: unknown): CompiledPolicy {
    return this.sessionPolicy(raw);
  }

  /**
   * The policies that take part in the decision of `request` (request-policies.ts), as
   * `decideHere` gathers them: the principal's identity policies (all of them, not only those of
   * the action's service) and permissions boundary, the session policy (one gathering with
   * `decideHere`: `principalSide`), the resource side (the resource's own policy and those that
   * may govern it, a role's trust policy for the trust actions, a KMS key policy), the SCPs of the
   * principal's account and the RCPs of the resource's account when they apply. An analysis that
   * needs what may deny or allow a request reads this list instead of gathering the policy types
   * itself. What it covers: this one request in the world the model states (its accounts, Regions
   * and names as given; not the worlds `decide` adds for an unstated account, a stand-in Region, an
   * unknown name or a shared stand-in, where another resource's or account's policies may take
   * part); a request a caller or action rule decides before any policy (sts-rules.ts,
   * service-rules.ts `actionRules`) still lists its policies. Not the second requests of the
   * service rules (service-rules.ts `serviceRules`), requests of their own to ask about: the bucket
   * side of a request through an S3 access point (the same request on the bucket or object ARN,
   * whose bucket policy decides too), the KMS operations on the key a resource is encrypted with,
   * the policies of an SES address identity that decide instead of its domain's; a function URL
   * call's `lambda:InvokeFunction` is on the same function by the same principal, so the same list.
   * A Deny that is no policy's (RestrictPublicBuckets) is not listed.
   */
  policiesOf(
    request: Pick<Request, 'principal' | 'action' | 'resource' | 'sessionPolicy' | 'federatedBy'>,
  ): RequestPolicies {
    let p = this.principal(request.principal);
    if (p.error) return { policies: [], openDenies: [] };
    if (p.type === 'federated-user' && request.federatedBy !== undefined)
      p = this.federatedPrincipal(p, request.principal, request.federatedBy);
    const actionLower = request.action.toLowerCase();
    const colon = actionLower.indexOf(':');
    const service = colon > 0 ? actionLower.slice(0, colon) : actionLower;
    const res = this.resource(request.resource);
    const resourceAccount = res.info.account ?? p.account;
    const policies: ParticipatingPolicy[] = [];
    const openDenies: string[] = [];
    this.principalSide(
      p.user ?? p.role,
      request.sessionPolicy,
      service,
      LIST_PRINCIPAL_SIDE,
      policies,
      undefined,
    );
    const side = this.resourceSide(actionLower, res);
    if (side.policy) policies.push({ policy: side.policy, stage: side.stage });
    if (side.stage === 'resource')
      for (const policy of res.governedBy) policies.push({ policy, stage: 'resource' });
    if (side.unknownOutside) openDenies.push(side.unknownOutside.reason);
    if (scpsApply(p)) for (const policy of this.scpsOf(p.account!)) policies.push({ policy, stage: 'scp' });
    if (resourceAccount && rcpsApply(p, service, side.serviceLinkedRole))
      for (const policy of this.rcpsOf(resourceAccount)) policies.push({ policy, stage: 'rcp' });
    if (p.type === 'federated-user' && p.caller === 'unknown' && !p.external)
      openDenies.push(
        `the caller of federated user session ${request.principal} is unknown, and its policies may deny`,
      );
    return { policies, openDenies };
  }

  /**
   * The principal side of a user or role of the model (its identity-based policies, by service,
   * and its permissions boundary) and of a session policy, as `decide` gathers them
   * (`principalSide`, one walk with `decideHere` and `policiesOf`): for an analysis that reads a
   * principal's own policies apart from one request (every Deny it holds, the caps of its
   * boundary, the statements that may grant). Which SCPs apply: request-policies.ts `scpsApply`.
   */
  principalSideOf(element: User | Role | undefined, sessionPolicy?: unknown): PrincipalSidePolicies {
    const out: PrincipalSidePolicies = { identity: undefined, boundary: undefined, session: undefined };
    this.principalSide(element, sessionPolicy, '', COLLECT_PRINCIPAL_SIDE, out, undefined);
    return out;
  }

  /** The model's principals by ARN, for analyses that resolve request principals as `decide` does. */
  get principalDirectory(): PrincipalDirectory {
    return this.directory;
  }

  private principal(raw: string): RequestPrincipal {
    let p = this.principalCache.get(raw);
    if (!p) {
      p = resolveRequestPrincipal(raw, this.directory);
      if (this.principalCache.size > 10_000) this.principalCache.clear();
      this.principalCache.set(raw, p);
    }
    return p;
  }

  /**
   * The model resource whose policy governs a request on `arn`: the resource itself, else the one
   * it sits under (`policyHolderKey`: an S3 object's bucket, a Lambda version's function, a
   * DynamoDB index's table...).
   */
  private findResource(arn: string): Resource | undefined {
    return this.resources.get(arn) ?? this.resourcesByHolder.get(policyHolderKey(arn));
  }

  private resource(arn: string): CachedResource {
    let e = this.resourceCache.get(arn);
    if (e) return e;
    const r = this.findResource(arn);
    const parsed = parseArn(arn);
    const iamEntity = r
      ? undefined
      : (this.directory.userByArn.get(arn) ?? this.directory.roleByArn.get(arn));
    const account = r?.account ?? (parsed?.account || undefined);
    const region = parsed?.region || r?.region || undefined;
    // The stand-in Region of inputs given none, or of a provider configuration whose region is
    // unknown, names no Region (src/model/stand-ins.ts: no input writes either).
    const standIn = region === UNKNOWN_REGION || region === PLACEHOLDER_REGION;
    const info: ResourceInfo = {
      arn,
      account,
      region: standIn ? undefined : region,
      resource: r,
      // Always set (undefined when none): one shape for every ResourceInfo (see `decideHere`).
      iamEntity,
      outsideTags: r || iamEntity ? undefined : this.outsideTags.tagsOf(arn),
    };
    const outside = r || iamEntity ? undefined : this.outsidePolicy(arn);
    e = {
      info,
      parsed,
      policy: r?.policy
        ? compilePolicy(r.policy, `resource policy of ${r.name}`, r.presence)
        : outside && compilePolicy(outside, 'a resource policy whose target is unknown'),
      keyPolicy: r ? policyMustAllow(r.kind) : false,
      restrictPublic: restrictPublicBucketsOf(r, this.blockingAccount(r)),
      governedBy: this.governingPolicies(arn, r),
      side: undefined,
      trustSide: undefined,
    };
    if (this.resourceCache.size > 50_000) this.resourceCache.clear();
    this.resourceCache.set(arn, e);
    return e;
  }

  /** The account whose Block Public Access settings apply to `r` (a bucket's; an access point's bucket's). */
  private blockingAccount(r: Resource | undefined) {
    const id = r && blockPublicAccessAccount(r);
    return id === undefined ? undefined : this.model.accounts.find((a) => a.id === id);
  }

  /**
   * For a resource outside the model: the policies whose target is unknown that may be its own
   * (those of the stand-ins of its kind, each statement maybe-present), else undefined.
   */
  private outsidePolicy(arn: string): PolicyDocument | undefined {
    if (!this.standInsByKind.size) return undefined;
    const kind = kindOfArn(policyHolderKey(arn))?.kind;
    const standIns = kind ? this.standInsByKind.get(kind) : undefined;
    if (!standIns?.length) return undefined;
    const docs = standIns.map((s) => s.policy!);
    return {
      ...docs[0]!,
      statements: docs.flatMap((d, i) =>
        d.statements.map((st) => ({ ...st, presence: st.presence ?? standIns[i]!.presence })),
      ),
      unknown: docs.find((d) => d.unknown)?.unknown,
    };
  }

  /** The policies of other elements that may govern `arn` (see `ResourceEntry.governedBy`). */
  private governingPolicies(arn: string, own: Resource | undefined): CompiledPolicy[] {
    const out: CompiledPolicy[] = [];
    for (const g of this.governing) {
      if (g.resource === own || !g.patterns.some((m) => m.test(arn))) continue;
      out.push(
        compilePolicy(
          g.resource.policy!,
          `policy of ${g.resource.name}, which may apply to ${arn}`,
          g.maybe ?? g.resource.presence,
        ),
      );
    }
    return out;
  }

  private trustPolicy(role: Role): CompiledPolicy | undefined {
    let t = this.trustCache.get(role.id);
    if (t === undefined) {
      t = role.trustPolicy
        ? compilePolicy(role.trustPolicy, `trust policy of role ${role.name}`, role.presence)
        : null;
      this.trustCache.set(role.id, t);
    }
    return t ?? undefined;
  }

  private sessionPolicy(raw: unknown): CompiledPolicy {
    if (raw && typeof raw === 'object') {
      const hit = this.sessionCache.get(raw);
      if (hit) return hit;
    }
    const doc = parsePolicy(raw, { kind: 'session', source: { file: 'session policy' } });
    const c = compilePolicy(doc, 'session policy');
    if (raw && typeof raw === 'object') this.sessionCache.set(raw, c);
    return c;
  }

  /** A federated user session with its caller (`Request.federatedBy`), cached like principals. */
  private federatedPrincipal(p: RequestPrincipal, raw: string, federatedBy: string): RequestPrincipal {
    const key = `${raw}\u0000${federatedBy}`;
    let out = this.principalCache.get(key);
    if (!out) {
      out = withFederationCaller(p, federatedBy, this.directory);
      this.principalCache.set(key, out);
    }
    return out;
  }

  /**
   * Which resource-based policy decides with the identity side: a role's trust policy for
   * sts:AssumeRole* (unknown for a role outside the inputs), a KMS key policy (unknown for a key
   * outside the inputs), else the resource's own policy.
   */
  private resourceSide(actionLower: string, res: CachedResource): ResourceSide {
    // It depends only on the resource and whether the action is a trust action: made once per
    // cached resource entry (it was an object, and for a key outside the inputs an Unknown and
    // its message, per decision).
    if (TRUST_ACTIONS.has(actionLower)) {
      res.trustSide ??= this.sideOf(res.info.arn, true, res);
      return res.trustSide;
    }
    res.side ??= this.sideOf(res.info.arn, false, res);
    return res.side;
  }

  /** `resourceSide` of a resource entry for a trust action (`trust`) or any other action. */
  private sideOf(resourceArn: string, trust: boolean, res: ResourceEntry): ResourceSide {
    if (trust) {
      const role = this.directory.roleByArn.get(resourceArn);
      if (role)
        return {
          policy: this.trustPolicy(role),
          requires: true,
          stage: 'trust',
          serviceLinkedRole: role.serviceLinked,
          unknownOutside: undefined,
        };
      const parsed = res.parsed;
      if (parsed?.service === 'iam' && parsed.resource.startsWith('role/')) {
        // IAM User Guide, "Roles terms and concepts": "In a trust policy, the principal element
        // ... specifies who can assume the role". A role the inputs do not define has a trust
        // policy the inputs do not show: the identity policy alone never decides.
        const why = new Unknown(
          `role ${resourceArn} is not defined in the inputs, so its trust policy is unknown`,
        );
        return {
          policy: undefined,
          requires: true,
          stage: 'trust',
          serviceLinkedRole: false,
          unknownOutside: why,
        };
      }
    }
    if (res.keyPolicy)
      return {
        policy: res.policy,
        requires: true,
        stage: 'key-policy',
        serviceLinkedRole: false,
        unknownOutside: undefined,
      };
    const parsed = res.parsed;
    if (!res.info.resource && parsed?.service === 'kms' && parsed.resource.startsWith('key/')) {
      // AWS KMS Developer Guide, "Key policies in AWS KMS": "Every KMS key must have exactly one
      // key policy" and IAM policies work only when it allows them: a key outside the inputs has
      // a key policy the inputs do not show.
      const why = new Unknown(
        `KMS key ${resourceArn} is not defined in the inputs, so its key policy is unknown`,
      );
      return {
        policy: undefined,
        requires: true,
        stage: 'key-policy',
        serviceLinkedRole: false,
        unknownOutside: why,
      };
    }
    return {
      policy: res.policy,
      requires: false,
      stage: 'resource',
      serviceLinkedRole: false,
      unknownOutside: undefined,
    };
  }

  /**
   * SCPs (of the principal's account) or RCPs (of the resource's account): any may deny; their
   * Allows combine per level of the organization, OR within a level and AND across levels
   * (org-levels.ts). A document without any Allow (a deny list) is paired in AWS with the
   * FullAWSAccess / RCPFullAWSAccess policy of its level, so only Allow-bearing documents take
   * part; one that might not exist (`presence`) may be absent, and one whose level the inputs do
   * not give may share a level with another: a verdict that depends on either is MAYBE.
   */
  private orgOutcome(
    docs: readonly CompiledPolicy[],
    grants: readonly boolean[],
    input: EvalInput,
    stage: 'scp' | 'rcp',
    action: string,
  ): { allow: Tri; deny: Tri } {
    let deny: Tri = NO;
    // Made only when a policy takes part (none for RCPs, nor for SCPs without an Allow).
    let entries: OrgLevelEntry[] | undefined;
    // What the trace and the unknowns met word, only when either is collected.
    const granting: { doc: CompiledPolicy; allow: Tri }[] | undefined =
      input.trace || input.unknowns ? [] : undefined;
    // RCPs' Allows never restrict (RCPFullAWSAccess cannot be detached: org-levels.ts).
    const restricting = orgAllowsCanRestrict(stage);
    for (let i = 0; i < docs.length; i++) {
      const doc = docs[i]!;
      const o = new Outcome();
      evaluatePolicy(o, doc, input, stage, false);
      deny = or3(deny, o.deny);
      if (!restricting || !grants[i]) continue;
      const ifPresent = doc.presence ? capIfPresent(doc, input, stage) : o.allow;
      entries ??= [];
      entries.push({
        level: doc.orgLevel,
        ifPresent,
        maybeAbsent: !!doc.presence,
        presence: doc.presence,
      });
      granting?.push({ doc, allow: o.allow });
    }
    if (!entries) return { allow: YES, deny };
    const r = orgLevelAllow(entries);
    if (granting && r.allow !== YES)
      this.traceOrgAllow(input.trace, input.unknowns, granting, r, stage, action);
    return { allow: r.allow, deny };
  }

  /** Why the SCPs (RCPs) do not, or may not, allow: per level, and the unknown levels. */
  private traceOrgAllow(
    trace: TraceEntry[] | undefined,
    unknowns: UnknownMet[] | undefined,
    granting: readonly { doc: CompiledPolicy; allow: Tri }[],
    r: OrgLevelAllow,
    stage: 'scp' | 'rcp',
    action: string,
  ): void {
    // A policy that does not allow matters only where no other policy of its level allows.
    const allowing = new Set(granting.filter((g) => g.allow === YES).map((g) => g.doc.orgLevel));
    if (trace)
      for (const { doc, allow } of granting)
        if (allow === NO && !(typeof doc.orgLevel === 'string' && allowing.has(doc.orgLevel)))
          trace.push({
            stage,
            message: `${doc.name} does not allow ${action}${doc.presence ? ` (if it exists: ${doc.presence.reason})` : ''}${levelText(doc.orgLevel)}`,
            policy: doc.name,
            source: doc.source,
          });
    if (!r.levelUnknown) return;
    const unplaced = granting.filter((g) => typeof g.doc.orgLevel !== 'string');
    const whys = unplaced.map((g) => (g.doc.orgLevel ?? UNSTATED_LEVEL) as Unknown);
    const why = whys[0]!;
    noteUnknown(trace, unknowns, () => ({
      stage,
      message: `whether the ${stage.toUpperCase()}s allow ${action} depends on where ${unplaced.map((g) => g.doc.name).join(', ')} ${unplaced.length > 1 ? 'are' : 'is'} attached, which is not known (${[...new Set(whys.map((w) => w.reason))].join('; ')}): within one level (root, OU, account) an Allow in any policy is enough, across levels every level must allow`,
      outcome: 'unknown',
      kind: 'org-placement',
      source: unplaced[0]!.doc.source,
      cause: { reason: why.reason, ...(why.source ? { source: why.source } : {}) },
    }));
  }

  /** The decision of a caller rule (sts-rules.ts), capped for a principal that might not exist. */
  private callerDecision(
    v: CallerVerdict,
    p: RequestPrincipal,
    trace: TraceEntry[] | undefined,
    unknowns: UnknownMet[] | undefined,
  ): Decision {
    trace?.push({ stage: 'principal', message: v.message });
    const element = p.user ?? p.role;
    if (v.decision === 'allow' && element?.presence) {
      const presence = element.presence;
      noteUnknown(trace, unknowns, () => ({
        stage: 'principal',
        message: `${principalLabel(p)} might not exist: ${presence.reason}`,
        outcome: 'unknown',
        kind: 'principal-maybe-present',
        source: presence.source ?? element.source,
      }));
      return finish('indeterminate', 'unknown-value', p.external, trace);
    }
    return finish(v.decision, v.reason, p.external, trace);
  }

  /**
   * The policies of the request's principal side, handed to `visit` stage by stage (`into` and
   * `arg` passed through): the identity-based policies of the user or role of the model (indexed
   * by service: `service`'s statements apart), its permissions boundary, the request's session
   * policy. The one gathering `decideHere` (`identitySide`) and `policiesOf` read
   * (request-policies.ts `PrincipalSideVisitor`).
   */
  private principalSide<T, A>(
    modelPrincipal: User | Role | undefined,
    sessionPolicy: unknown,
    service: string,
    visit: PrincipalSideVisitor<T, A>,
    into: T,
    arg: A,
  ): void {
    if (modelPrincipal) {
      const index: IdentityIndex = this.sets.identityOf(modelPrincipal);
      visit.identity(into, arg, index, index.byService.get(service));
      const boundary = this.sets.boundaryOf(modelPrincipal);
      if (boundary) visit.boundary(into, arg, boundary);
    }
    if (sessionPolicy !== undefined) visit.session(into, arg, this.sessionPolicy(sessionPolicy));
  }

  /**
   * The identity side of a model principal: its identity-based policies (indexed by service), its
   * permissions boundary (and, for one that might not exist, what it allows if it exists) and the
   * request's session policy, as `principalSide` gathers them.
   */
  private identitySide(
    modelPrincipal: User | Role | undefined,
    input: EvalInput,
    service: string,
    sessionPolicy: unknown,
  ): PolicyOutcomes {
    // The decision's PolicyOutcomes, every field set in one order (one shape: see `decideHere`);
    // `policyOutcomes` completes it (no copy per decision).
    const out: PolicyOutcomes = {
      identity: undefined,
      boundary: undefined,
      boundaryPolicy: undefined,
      boundaryIfPresent: undefined,
      session: undefined,
      side: undefined as unknown as ResourceSide,
      resource: undefined as unknown as Outcome,
      scp: undefined,
      rcp: undefined,
    };
    this.principalSide(modelPrincipal, sessionPolicy, service, EVALUATE_PRINCIPAL_SIDE, out, input);
    return out;
  }

  /**
   * SCPs apply to principals of the account (not to service principals or anonymous callers, nor
   * to service-linked roles); RCPs to resources of the account, except calls made by
   * service-linked roles and a service assuming its service-linked role, and only for the
   * services that support RCPs (AWS Organizations User Guide, "Resource control policies (RCPs)").
   * Sets `out.rcp` and `out.scp` (RCPs first, as the trace lists them).
   */
  private orgSide(
    out: PolicyOutcomes,
    p: RequestPrincipal,
    input: EvalInput,
    resourceAccount: string | undefined,
    side: ResourceSide,
    action: string,
    service: string,
  ): void {
    // Which organization policies apply: request-policies.ts, the one rule `policiesOf` reads too.
    const org = scpsApply(p) ? this.orgs.get(p.account!) : undefined;
    let rorg = resourceAccount ? this.orgs.get(resourceAccount) : undefined;
    // RCPs apply only to the services that support them (policy/rcp-rules.ts).
    if (rorg?.rcps.length && !rcpGovernsService(service)) {
      input.trace?.push({
        stage: 'rcp',
        message: `RCPs do not apply to ${action}: ${service} is not among the AWS services that support RCPs`,
      });
      rorg = undefined;
    }
    const rcp =
      rorg && rcpsApply(p, service, side.serviceLinkedRole)
        ? this.orgOutcome(rorg.rcps, rorg.rcpGrants, input, 'rcp', action)
        : undefined;
    // AWS KMS Developer Guide, "Resource control policies in AWS KMS": "Resource control policies
    // in your organization do not apply to AWS managed keys". A key outside the inputs may be one:
    // an RCP's Deny of it may not apply.
    if (rcp?.deny === YES && side.stage === 'key-policy' && side.unknownOutside) {
      rcp.deny = MAYBE;
      noteManagedKeyRcp(input, action);
    }
    out.rcp = rcp;
    out.scp = org ? this.orgOutcome(org.scps, org.scpGrants, input, 'scp', action) : undefined;
  }

  /**
   * Denies that are not a policy's Deny statement: S3 Block Public Access's RestrictPublicBuckets,
   * and a federated user session whose caller is unknown (the caller's policies may deny).
   */
  private otherDenies(
    p: RequestPrincipal,
    res: ResourceEntry,
    trace: TraceEntry[] | undefined,
    unknowns: UnknownMet[] | undefined,
  ): Tri {
    let deny: Tri = NO;
    const blockedPublic = restrictPublicBucketsBlocks(res.restrictPublic, res.info.account, p);
    if (blockedPublic !== NO) {
      deny = blockedPublic;
      traceBlockedPublic(trace, unknowns, res, blockedPublic);
    }
    if (p.type === 'federated-user' && p.caller === 'unknown' && !p.external) deny = or3(deny, MAYBE);
    return deny;
  }

  /**
   * Decides `request`. When some input did not state its deploying account, a decision that would
   * differ were "this account" an account id the inputs or the request name is indeterminate
   * (account-worlds.ts); likewise for a stand-in region and the regions they name
   * (region-worlds.ts).
   */
  decide(request: Request, options: DecideOptions = {}): Decision {
    const home = this.splitStandIn(request, this.decideHere(request, options));
    const accounts = this.accountWorlds();
    const decided = accounts ? accounts.check(request, options, home) : home;
    const regions = this.standInRegionWorlds();
    const here = regions ? regions.check(request, options, decided) : decided;
    const names = this.unknownNameWorlds();
    return names ? names.check(request, options, here) : here;
  }

  private unknownNameWorlds(): NameWorlds | null {
    if (this.nameWorlds === undefined)
      this.nameWorlds = this.elementsNamedUnknown
        ? NameWorlds.of(
            this.model,
            (m) => new Engine(m, { now: this.now }),
            (s) => {
              const p = this.principal(s);
              return !!(this.findResource(s) ?? p.user ?? p.role ?? this.directory.userByArn.get(s));
            },
          )
        : null;
    return this.nameWorlds;
  }

  /** `home`, indeterminate when principal and resource are two unknown accounts (stand-in-parts.ts). */
  private splitStandIn(request: Request, home: Decision): Decision {
    if (this.standIn === undefined) this.standIn = StandInParts.of(this.model);
    if (!this.standIn || home.decision === 'indeterminate') return home;
    const p = this.principal(request.principal);
    const res = this.resource(request.resource);
    const element = p.user ?? p.role;
    const resourceElement = res.info.resource ?? res.info.iamEntity;
    return this.standIn.check(
      { account: p.account, source: element?.source, element },
      { account: res.info.account ?? p.account, source: resourceElement?.source, element: resourceElement },
      home,
    );
  }

  /**
   * True when `account` is a stand-in account standing for two accounts or more whose ids are
   * unknown (stand-in-parts.ts): `decide` may make a request between two of its elements
   * indeterminate whatever its policies say, so analyses that prune by what the policies name
   * (the matrix) must not shortcut a row of it.
   */
  standInSharedBy(account: string | undefined): boolean {
    if (this.standIn === undefined) this.standIn = StandInParts.of(this.model);
    return !!this.standIn?.shared(account);
  }

  private accountWorlds(): AccountWorlds | null {
    if (this.worlds === undefined)
      this.worlds = hasUnstatedAccount(this.model)
        ? new AccountWorlds(this.model, (m) => new Engine(m, { now: this.now }))
        : null;
    return this.worlds;
  }

  private standInRegionWorlds(): RegionWorlds | null {
    if (this.regionWorlds === undefined)
      this.regionWorlds = RegionWorlds.of(this.model, (m) => new Engine(m, { now: this.now }));
    return this.regionWorlds;
  }

  /**
   * True when `decide` may decide a request naming `strings` (its principal, resource) again in
   * other worlds where it may come out otherwise: an unstated deploying account or a stand-in
   * region, while the model or `strings` name other accounts or regions. Analyses that prune by
   * what the policies name (the matrix) must not shortcut then: a statement naming another
   * account or region may apply in some world.
   */
  /**
   * A principal ARN as it is in the other worlds of an unstated deploying account (see
   * `AccountWorlds.variants`); empty when every account is stated. Analyses that prefilter by
   * the names a policy's Principal gives (role chains) look these up too.
   */
  principalWorldVariants(principal: string): string[] {
    return this.accountWorlds()?.variants(principal) ?? [];
  }

  worldsMayMatter(...strings: string[]): boolean {
    return !!this.accountWorlds()?.mayMatter(strings) || !!this.standInRegionWorlds()?.mayMatter(strings);
  }

  /**
   * Every other world `decide` decides each request in (the accounts and regions the model names;
   * `worldsBeyond` tells when a request adds more), as the map of a string into that world and
   * the engine of that world's model. A region world's engine looks at its own worlds too: those
   * come composed. Empty when every account and region is stated. For analyses that prune by
   * what the policies name (the matrix): a statement may apply in any of these worlds.
   */
  otherWorlds(): readonly OtherWorld[] {
    if (this.worldList) return this.worldList;
    const out: OtherWorld[] = [];
    // Both makers build an Engine (accountWorlds, standInRegionWorlds).
    for (const w of this.accountWorlds()?.worlds() ?? [])
      out.push({ into: w.into, engine: w.decider as Engine });
    for (const w of this.standInRegionWorlds()?.worlds() ?? []) {
      const engine = w.decider as Engine;
      out.push({ into: w.into, engine });
      for (const inner of engine.otherWorlds())
        out.push({ into: (s) => inner.into(w.into(s)), engine: inner.engine });
    }
    this.worldList = out;
    return out;
  }

  /**
   * True when `decide` looks at worlds beyond `otherWorlds()` for a request naming `strings`: an
   * account id or a region the model does not name, while the account is unstated or the region
   * a stand-in.
   */
  worldsBeyond(...strings: string[]): boolean {
    if (this.accountWorlds()?.beyond(strings) || this.standInRegionWorlds()?.beyond(strings)) return true;
    return (this.standInRegionWorlds()?.worlds() ?? []).some((w) =>
      (w.decider as Engine).worldsBeyond(...strings.map(w.into)),
    );
  }

  /**
   * True when a request on `arn` reads, in every other world (`otherWorlds`), the same model
   * resource or IAM entity and the same governing policies as here (two ARNs of the inputs may
   * become one in a world: a queue of a stated account and one of the unstated account).
   */
  sameResourceInWorlds(arn: string): boolean {
    const here = this.resourceIdentity(arn);
    return this.otherWorlds().every((w) => w.engine.resourceIdentity(w.into(arn)) === here);
  }

  /** True when principal `arn` is the same model user or role in every other world (see above). */
  samePrincipalInWorlds(arn: string): boolean {
    const here = this.principalIdentity(arn);
    return this.otherWorlds().every((w) => w.engine.principalIdentity(w.into(arn)) === here);
  }

  /** Which model elements a request on `arn` reads, by their index in the model (for the worlds). */
  private resourceIdentity(arn: string): string {
    const e = this.resource(arn);
    const r = e.info.resource;
    const governing: number[] = [];
    this.governing.forEach((g, i) => {
      if (g.resource !== r && g.patterns.some((m) => m.test(arn))) governing.push(i);
    });
    return `${r ? this.indexOf(r) : -1}|${this.principalIdentity(arn)}|${governing.join(',')}`;
  }

  private principalIdentity(arn: string): string {
    const u = this.directory.userByArn.get(arn);
    if (u) return `u${this.indexOf(u)}`;
    const role = this.directory.roleByArn.get(arn);
    return role ? `r${this.indexOf(role)}` : '-';
  }

  /** The index of a model resource, user or role in its list (worlds keep the order). */
  private indexOf(element: Resource | User | Role): number {
    if (!this.elementIndex) {
      const index = new Map<object, number>();
      for (const list of [this.model.resources, this.model.users, this.model.roles])
        for (let i = 0; i < list.length; i++) index.set(list[i]!, i);
      this.elementIndex = index;
    }
    return this.elementIndex.get(element) ?? -1;
  }

  /**
   * Decides one request, taking the model's accounts as they are (see `decide`), in the order of
   * the User Guide's flowchart: resolve the principal and resource, the caller rules, then every
   * applicable policy's outcome (`policyOutcomes`: identitySide, resourceSide, orgSide,
   * otherDenies), an explicit deny, then the allows (`verdictsOf`), which combine.ts decides.
   * Long because: it is the flowchart in its order, one short step after another, each returning
   * through `withCollected`; the rules of single services before and after the policies are apart
   * (service-rules.ts `actionRules`, `serviceRules`).
   */
  decideHere(request: Request, options: DecideOptions = {}): Decision {
    const trace: TraceEntry[] | undefined = options.trace ? [] : undefined;
    const allows: AppliedAllow[] | undefined = options.allows ? [] : undefined;
    const met: UnknownMet[] | undefined = options.unknowns ? [] : undefined;
    // Every return goes through `withCollected`: the Allows and the unknowns met (`met`), if asked
    // for (a call, not a closure: no allocation per decision).
    let p = this.principal(request.principal);
    if (p.type === 'federated-user' && request.federatedBy !== undefined && !p.error)
      p = this.federatedPrincipal(p, request.principal, request.federatedBy);
    const action = this.actionOf(request.action);
    const actionLower = action.lower;
    const service = action.service;
    const res = this.resource(request.resource);
    const ctx = new RequestEvalContext(
      p,
      res.info,
      this.now,
      normalizeContext(request.context),
      action.target,
    );

    if (p.error) {
      trace?.push({ stage: 'principal', message: p.error });
      return withCollected(finish('deny', 'implicit-deny', false, trace), allows, met);
    }
    // S3 bucket ARNs carry no account: a bucket outside the model is taken to be in the
    // principal's account (the identity policies decide), and the trace says so; its
    // aws:ResourceAccount stays unknown (request-context.ts), so conditions on it are too.
    const resourceAccount = res.info.account ?? p.account;
    if (trace) traceRequest(trace, p, res, request.resource, resourceAccount);
    // Who may call STS (and IAM with STS credentials) at all, and what a federated caller may
    // call, before any policy.
    const rule = callerVerdict(actionLower, p);
    if (rule) return withCollected(this.callerDecision(rule, p, trace, met), allows, met);
    // The request as the rules of single services read it (rule-request.ts), once.
    const rq: RuleRequest = {
      host: this.host,
      request,
      actionLower,
      p,
      res,
      resourceAccount,
      options,
      trace,
      met,
    };
    // The rules of single actions (engine/decided-apart.ts), before any policy.
    const apart = actionRules(rq);
    if (apart === YES) return withCollected(finish('deny', 'implicit-deny', p.external, trace), allows, met);

    const input = evalInput(actionLower, request.resource, ctx, p, trace, met, allows, options.conditions);
    const assumed = input.assumed;
    // Why a name is unknown, for traces; matching with unknown names in a model with unknown element
    // names, or for a request naming an unknown part (src/engine/unknown-names.ts `unknownNameCauses`).
    if (this.namesForTraces.size) input.unknownNames = this.namesForTraces;
    if (this.everyRequestNamesUnknown || requestNamesUnknown(request.resource, request.context, p))
      this.withUnknownNames(input, ctx);

    // 1. Explicit deny in every applicable policy, with allows collected on the way.
    const o = this.policyOutcomes(request, p, res, input, service, resourceAccount, options);
    const deny = or3(
      or3(or3(o.scp?.deny ?? NO, o.rcp?.deny ?? NO), o.resource.deny),
      or3(or3(o.identity?.deny ?? NO, o.boundary?.deny ?? NO), o.session?.deny ?? NO),
    );
    const denyAll = or3(or3(deny, apart), this.otherDenies(p, res, trace, met));
    if (denyAll === YES) {
      const lifted = explicitDenyRules(rq);
      return withCollected(
        finishWith(assumed, lifted.decision, lifted.reason, p.external, trace),
        allows,
        met,
      );
    }

    // 2. Allows, combined by combine.ts (one rule per branch).
    const external = this.isExternal(p, res);
    const verdicts = this.verdictsOf(p, res, o, resourceAccount, request.resource, trace, met);
    const { allowed, gap } = allowOf(verdicts);
    if (trace) {
      // The resource type that accepts no resource-based policy, for the trace's words.
      const noPolicyType =
        verdicts.resourceAccount === 'outside-no-policy'
          ? acceptsNoResourcePolicy(request.resource)
          : undefined;
      traceAllowGaps(trace, o, verdicts, gap, { p, res, noPolicyType, action: request.action });
    }
    // The resource's policy in an account outside the model is an unknown the decision rests on:
    // noted (worded only when asked), so its reason names it rather than no unknown at all.
    if (gap === 'outside-account-policy-unknown') noteOutsideAccountPolicy(trace, met, res);
    // A principal that might not exist (maybe-present, see MaybePresent) is allowed at most MAYBE.
    const modelPrincipal = p.user ?? p.role;
    if (modelPrincipal?.presence && and3(allowed, verdicts.orgAllow) !== NO)
      noteMightNotExist(trace, met, p, modelPrincipal);
    const combined = combine(denyAll, allowed, verdicts);
    const { decision, reason } = serviceRules(rq, combined);
    return withCollected(finishWith(assumed, decision, reason, external, trace), allows, met);
  }

  /**
   * `action` lower-cased, its service prefix and the request target the context reads, made once
   * per action string (were a lower-cased copy, a slice and an object per decision).
   */
  private actionOf(action: string): ActionInfo {
    let a = this.actions.get(action);
    if (a === undefined) {
      const lower = action.toLowerCase();
      const colon = lower.indexOf(':');
      const service = colon > 0 ? lower.slice(0, colon) : lower;
      a = { lower, service, target: { service, partition: this.model.partition, action: lower } };
      if (this.actions.size > 10_000) this.actions.clear();
      this.actions.set(action, a);
    }
    return a;
  }

  /** The key ARN an alias ARN of the inputs names (`Resource.kmsAliasArns` of its key), once indexed. */
  private aliasTarget(aliasArn: string): string | undefined {
    if (!this.aliasTargets) {
      this.aliasTargets = new Map();
      for (const r of this.model.resources)
        if (r.kind === 'kms-key') for (const a of r.kmsAliasArns ?? []) this.aliasTargets.set(a, r.arn);
    }
    return this.aliasTargets.get(aliasArn);
  }

  /**
   * The elements the model surely creates (src/model/created-elements.ts `CreatedElements`) when it
   * has unknown element names, which decisions match with them; undefined otherwise.
   */
  surelyCreated(): CreatedElements | undefined {
    if (!this.unknownNames.size) return undefined;
    this.created ??= CreatedElements.of(this.model);
    return this.created;
  }

  /**
   * A model with unknown element names, or a request whose resource, principal or context holds an
   * unknown part, whatever the model holds: matching looks at them (src/engine/unknown-names.ts),
   * the one rule for a Resource or a condition against a value with an unknown part.
   */
  private withUnknownNames(input: EvalInput, ctx: RequestEvalContext): void {
    this.created ??= CreatedElements.of(this.model);
    ctx.namesUnknown = this.created;
    if (hasUnknownNamePart(input.resourceArn)) input.resourceNamedUnknown = true;
  }

  /** The principal or the resource is outside the model's accounts (a service or anonymous caller is not). */
  private isExternal(p: RequestPrincipal, res: ResourceEntry): boolean {
    return (
      p.external ||
      (!!res.info.account &&
        !this.directory.accounts.has(res.info.account) &&
        p.type !== 'service' &&
        p.type !== 'anonymous')
    );
  }

  /** What every applicable policy says about the request (each outcome three-valued). */
  private policyOutcomes(
    request: Request,
    p: RequestPrincipal,
    res: CachedResource,
    input: EvalInput,
    service: string,
    resourceAccount: string | undefined,
    options: DecideOptions,
  ): PolicyOutcomes {
    const side = this.resourceSide(input.actionLower, res);
    const identitySide = this.identitySide(p.user ?? p.role, input, service, request.sessionPolicy);
    const resource = new Outcome();
    if (options.resourcePolicyAllows && side.stage !== 'trust') {
      // `DecideOptions.resourcePolicyAllows`: the policy, rewritten, allows the principal itself.
      resource.allow = YES;
      resource.allowDirect = YES;
      input.trace?.push({
        stage: side.stage,
        message: 'as if the resource-based policy were rewritten to allow the principal (and deny nothing)',
        outcome: 'match',
      });
    } else {
      if (side.policy) evaluatePolicy(resource, side.policy, input, side.stage, true);
      if (side.stage === 'resource')
        for (const g of res.governedBy) evaluatePolicy(resource, g, input, 'resource', true);
    }
    if (side.unknownOutside && !(options.resourcePolicyAllows && side.stage !== 'trust')) {
      resource.allow = MAYBE;
      resource.allowAccount = MAYBE;
      resource.deny = MAYBE;
      noteUnknownText(input.trace, input.unknowns, side.stage, side.unknownOutside.reason, 'outside-policy');
    }
    // identitySide's fresh object, completed (no copy per decision).
    const out = identitySide;
    out.side = side;
    out.resource = resource;
    this.orgSide(out, p, input, resourceAccount, side, request.action, service);
    return out;
  }

  /** The allow verdicts combine.ts reads, from the policies' outcomes. */
  private verdictsOf(
    p: RequestPrincipal,
    res: ResourceEntry,
    o: PolicyOutcomes,
    resourceAccount: string | undefined,
    resourceArn: string,
    trace: TraceEntry[] | undefined,
    unknowns: UnknownMet[] | undefined,
  ): PolicyVerdicts {
    const caller: PolicyVerdicts['caller'] =
      p.type === 'service' || p.type === 'anonymous' || p.type === 'federated' || p.external
        ? 'resource-only'
        : p.type === 'root'
          ? 'root'
          : 'identity';
    const sameAccount = resourceAccount === p.account;
    const outside = !!res.info.account && !this.directory.accounts.has(res.info.account);
    const noPolicyType =
      outside && !sameAccount && caller === 'identity' ? acceptsNoResourcePolicy(resourceArn) : undefined;
    const { boundary, boundaryIfPresent, session } = o;
    const verdicts: PolicyVerdicts = {
      caller,
      identityAllow: caller === 'identity' ? identityAllowOf(p, o.identity, trace, unknowns) : NO,
      // A boundary that might not exist caps at most MAYBE: absent, it would not cap at all.
      boundaryAllow: boundary
        ? boundaryIfPresent !== undefined
          ? or3(boundaryIfPresent, MAYBE)
          : boundary.allow
        : YES,
      // A session policy caps a caller outside the model too (a role named by unique id, another
      // account's role session): combine.ts `allowOf` caps its grants to the role or account.
      sessionAllow: session
        ? session.allow
        : caller === 'identity'
          ? federatedSessionUnknown(p, trace, unknowns)
          : YES,
      resource: o.resource,
      resourceRequired: o.side.requires,
      trust: o.side.stage === 'trust',
      sameAccount,
      resourceAccount: noPolicyType ? 'outside-no-policy' : outside ? 'outside' : 'model',
      orgAllow: and3(o.scp?.allow ?? YES, o.rcp?.allow ?? YES),
      principalMaybeAbsent: !!(p.user ?? p.role)?.presence,
    };
    return verdicts;
  }
}

/** Every applicable policy's outcome for one request (Engine.policyOutcomes). */
interface PolicyOutcomes {
  identity?: Outcome;
  boundary?: Outcome;
  boundaryPolicy?: CompiledPolicy;
  boundaryIfPresent?: Tri;
  session?: Outcome;
  side: ResourceSide;
  resource: Outcome;
  scp?: { allow: Tri; deny: Tri };
  rcp?: { allow: Tri; deny: Tri };
}

/**
 * `decideHere`'s reader of the principal side (`Engine.principalSide`): each stage's outcome for
 * the request (`identitySide`). The identity policies through the service index: the statements
 * of the request's service and those of any service, and the policies whose document is unknown.
 */
const EVALUATE_PRINCIPAL_SIDE: PrincipalSideVisitor<PolicyOutcomes, EvalInput> = {
  identity(out, input, index, ofService) {
    const identity = new Outcome();
    if (ofService) for (const e of ofService) evaluateStatementsOne(identity, e.policy, e.statement, input);
    for (const e of index.anyService) evaluateStatementsOne(identity, e.policy, e.statement, input);
    for (const u of index.unknownPolicies) evaluatePolicy(identity, u, input, 'identity', false);
    out.identity = identity;
  },
  boundary(out, input, policy) {
    out.boundaryPolicy = policy;
    out.boundary = new Outcome();
    evaluatePolicy(out.boundary, policy, input, 'boundary', false);
    // A boundary that might not exist caps at most MAYBE: what it allows if it exists, or nothing.
    if (policy.presence) out.boundaryIfPresent = capIfPresent(policy, input, 'boundary');
  },
  session(out, input, policy) {
    out.session = new Outcome();
    evaluatePolicy(out.session, policy, input, 'session', false);
  },
};

/** `policiesOf`'s reader of the principal side (`Engine.principalSide`): every policy, listed. */
const LIST_PRINCIPAL_SIDE: PrincipalSideVisitor<ParticipatingPolicy[], undefined> = {
  identity(list, _, index) {
    for (const policy of index.policies) list.push({ policy, stage: 'identity' });
  },
  boundary(list, _, policy) {
    list.push({ policy, stage: 'boundary' });
  },
  session(list, _, policy) {
    list.push({ policy, stage: 'session' });
  },
};

/** `principalSideOf`'s reader of the principal side (`Engine.principalSide`): each stage's policies. */
const COLLECT_PRINCIPAL_SIDE: PrincipalSideVisitor<PrincipalSidePolicies, undefined> = {
  identity(out, _, index) {
    out.identity = index;
  },
  boundary(out, _, policy) {
    out.boundary = policy;
  },
  session(out, _, policy) {
    out.session = policy;
  },
};

/** The trace's first entry: who asks for what, and where the resource is. */
function traceRequest(
  trace: TraceEntry[],
  p: RequestPrincipal,
  res: ResourceEntry,
  resourceArn: string,
  resourceAccount: string | undefined,
): void {
  trace.push({
    stage: 'principal',
    message: `principal ${principalLabel(p)}${p.external ? ` (${p.account ? `account ${p.account}` : 'it'} is outside the model: its identity policies are assumed to allow)` : ''}; resource ${resourceArn}${res.info.resource || res.info.iamEntity ? '' : ' (not in the model)'}${res.info.account ? ` in account ${res.info.account}` : resourceAccount ? ` (no account in the ARN; taken as ${resourceAccount}, aws:ResourceAccount unknown)` : ''}`,
  });
}

/** The trace entry for an allow that combine.ts's `allowOf` closed, worded for the reader. */
function traceAllowGap(
  trace: TraceEntry[],
  gap: AllowGap | undefined,
  at: {
    stage: ResourceSide['stage'];
    hasPolicy: boolean;
    p: RequestPrincipal;
    res: ResourceEntry;
    noPolicyType: ReturnType<typeof acceptsNoResourcePolicy>;
  },
): void {
  const { stage, p, res, noPolicyType } = at;
  if (gap === 'resource-policy-does-not-allow')
    trace.push({
      stage,
      message: at.hasPolicy
        ? `no statement of the ${stage === 'trust' ? 'trust policy' : 'resource policy'} allows ${principalLabel(p)}`
        : `the resource has no resource-based policy that could allow ${principalLabel(p)}`,
    });
  else if (gap === 'required-policy-does-not-allow-account')
    trace.push({
      stage,
      message: `the ${stage === 'trust' ? 'trust policy' : 'key policy'} does not allow the account`,
    });
  else if (gap === 'type-accepts-no-resource-policy' && noPolicyType)
    trace.push({
      stage: 'resource',
      message: `the resource belongs to account ${res.info.account}, and ${noPolicyType.service}:${noPolicyType.resourceType} resources accept no resource-based policy (${noPolicyType.url}): access from another account cannot be granted`,
    });
}

/**
 * The unknown of a request on a resource of an account outside the model: its resource-based
 * policy (combine.ts `allowOf`, gap `outside-account-policy-unknown`).
 */
function outsideAccountPolicy(res: ResourceEntry): TraceEntry {
  const account = res.info.account;
  return {
    stage: 'resource',
    message: `${ownerAccountText(account)} is outside the model: the resource's resource-based policy is unknown`,
    outcome: 'unknown',
    kind: 'outside-policy',
  };
}

/** Why the allows of a decision fall short, in its trace (`traceAllowGap`, `explainAllowGaps`). */
function traceAllowGaps(
  trace: TraceEntry[],
  o: PolicyOutcomes,
  verdicts: PolicyVerdicts,
  gap: AllowGap | undefined,
  at: {
    p: RequestPrincipal;
    res: ResourceEntry;
    noPolicyType: ReturnType<typeof acceptsNoResourcePolicy>;
    action: string;
  },
): void {
  const { side, resource, boundary, boundaryPolicy, session } = o;
  const { p, res, noPolicyType } = at;
  traceAllowGap(trace, gap, { stage: side.stage, hasPolicy: !!side.policy, p, res, noPolicyType });
  if (verdicts.caller === 'identity')
    explainAllowGaps(
      trace,
      verdicts.identityAllow,
      boundary,
      boundaryPolicy,
      session,
      side.requires,
      side.stage,
      resource,
      verdicts.sameAccount,
      at.action,
    );
}

/**
 * Notes `outsideAccountPolicy(res)` (its closure made here, only when met: a closure in
 * `decideHere` made V8 allocate a context for its captured variables on every decision).
 */
function noteOutsideAccountPolicy(
  trace: TraceEntry[] | undefined,
  unknowns: UnknownMet[] | undefined,
  res: ResourceEntry,
): void {
  let met = OUTSIDE_ACCOUNT_POLICY.get(res);
  if (!met) {
    met = sharedUnknown(() => outsideAccountPolicy(res));
    OUTSIDE_ACCOUNT_POLICY.set(res, met);
  }
  noteSharedUnknown(trace, unknowns, met);
}

/** `outsideAccountPolicy` of each resource entry, worded once (a `sharedUnknown`). */
const OUTSIDE_ACCOUNT_POLICY = new WeakMap<ResourceEntry, UnknownMet>();

/** Notes `mightNotExist(p, element)` (see `noteOutsideAccountPolicy`). */
function noteMightNotExist(
  trace: TraceEntry[] | undefined,
  unknowns: UnknownMet[] | undefined,
  p: RequestPrincipal,
  element: User | Role,
): void {
  let byElement = MIGHT_NOT_EXIST.get(p);
  if (!byElement) {
    byElement = new Map();
    MIGHT_NOT_EXIST.set(p, byElement);
  }
  let met = byElement.get(element);
  if (!met) {
    met = sharedUnknown(() => mightNotExist(p, element));
    byElement.set(element, met);
  }
  noteSharedUnknown(trace, unknowns, met);
}

/** `mightNotExist` of each request principal (cached per principal string) and element, worded once. */
const MIGHT_NOT_EXIST = new WeakMap<RequestPrincipal, Map<User | Role, UnknownMet>>();

/**
 * The trace entry of S3 Block Public Access's RestrictPublicBuckets denying (YES) or maybe
 * denying a request (`Engine.otherDenies`; apart, so that its closure is made only then).
 */
function traceBlockedPublic(
  trace: TraceEntry[] | undefined,
  unknowns: UnknownMet[] | undefined,
  res: ResourceEntry,
  blockedPublic: Tri,
): void {
  const entry = (): TraceEntry => ({
    stage: 'resource',
    message: `S3 Block Public Access: ${res.restrictPublic!.why}, so only AWS service principals and principals of account ${res.info.account} may access the bucket`,
    ...(blockedPublic === YES
      ? { outcome: 'match' as const }
      : { outcome: 'unknown' as const, kind: 'unknown-value' as const }),
  });
  if (blockedPublic === YES) trace?.push(entry());
  else noteUnknown(trace, unknowns, entry);
}

/** Notes that an RCP's Deny of a KMS key outside the inputs may not apply (`Engine.orgSide`). */
function noteManagedKeyRcp(input: EvalInput, action: string): void {
  noteUnknown(input.trace, input.unknowns, () => ({
    stage: 'rcp',
    message: `the RCPs deny ${action} on a KMS key the inputs do not define, which may be an AWS managed key: RCPs do not apply to AWS managed keys`,
    outcome: 'unknown',
    kind: 'outside-policy',
  }));
}

/** The trace entry for a principal that might not exist. */
function mightNotExist(p: RequestPrincipal, element: User | Role): TraceEntry {
  const presence = element.presence!;
  return {
    stage: 'principal',
    message: `${principalLabel(p)} might not exist: ${presence.reason}`,
    outcome: 'unknown',
    kind: 'principal-maybe-present',
    source: presence.source ?? element.source,
    cause: { reason: presence.reason, ...(presence.source ? { source: presence.source } : {}) },
  };
}

/** The level of an SCP/RCP whose document does not record one (a model built without it). */
const UNSTATED_LEVEL = new Unknown(
  'the inputs do not say at which level (root, OU or account) it is attached',
);

/** ` (attached at LEVEL)` for a trace, when the level is known. */
function levelText(level: string | Unknown | undefined): string {
  if (typeof level !== 'string') return '';
  return level === ORG_DEFAULT_LEVEL ? '' : ` (attached at ${level})`;
}

/**
 * A decision's EvalInput, every field set in one order: one shape for every EvalInput (V8
 * optimizes the code reading it for one hidden class; fields added to some inputs only made it
 * deoptimize). Under a free context (`mode`), `free` is the request's context and an optimistic
 * decision collects its assumptions in `assumed`.
 */
function evalInput(
  actionLower: string,
  resourceArn: string,
  ctx: RequestEvalContext,
  principal: RequestPrincipal,
  trace: TraceEntry[] | undefined,
  unknowns: UnknownMet[] | undefined,
  allows: AppliedAllow[] | undefined,
  mode: DecideOptions['conditions'],
): EvalInput {
  const free = mode === 'optimistic' || mode === 'pessimistic';
  return {
    actionLower,
    resourceArn,
    ctx,
    principal,
    trace,
    unknowns,
    allows,
    free: free ? ctx : undefined,
    assume: free ? mode : undefined,
    assumed: mode === 'optimistic' ? [] : undefined,
    assumePresent: undefined,
    unknownNames: undefined,
    resourceNamedUnknown: undefined,
  };
}

/** What a cap that might not exist (boundary, SCP, RCP) allows if it exists. */
function capIfPresent(policy: CompiledPolicy, input: EvalInput, stage: 'boundary' | 'scp' | 'rcp'): Tri {
  const o = new Outcome();
  evaluatePolicy(
    o,
    policy,
    {
      ...input,
      trace: undefined,
      unknowns: undefined,
      allows: undefined,
      assumed: undefined,
      assumePresent: policy.presence,
    },
    stage,
    false,
  );
  return o.allow;
}

/**
 * The identity side of a user, role session or federated user session. A federated user's is
 * its caller's: a model user's policies, the root user's full access, or unknown (any user of
 * the account, or its root, may have called GetFederationToken).
 */
function identityAllowOf(
  p: RequestPrincipal,
  identity: Outcome | undefined,
  trace: TraceEntry[] | undefined,
  unknowns: UnknownMet[] | undefined,
): Tri {
  if (p.type === 'federated-user') {
    if (p.caller === 'root') return YES;
    if (p.caller !== 'user') {
      noteUnknownCaller(trace, unknowns, p);
      return MAYBE;
    }
  }
  return identity ? identity.allow : NO;
}

/** Notes that a federated user's caller is not known (`identityAllowOf`; its closure only then). */
function noteUnknownCaller(
  trace: TraceEntry[] | undefined,
  unknowns: UnknownMet[] | undefined,
  p: RequestPrincipal,
): void {
  noteUnknown(trace, unknowns, () => ({
    stage: 'identity',
    message: `the IAM user that called GetFederationToken for ${p.arn} is not known${p.callerArn ? ` (${p.callerArn} is not in the model)` : ''}: its policies may allow or deny`,
    outcome: 'unknown',
    kind: 'unknown-value',
  }));
}

/**
 * A federated user session without a session policy in the request: the policy passed to
 * GetFederationToken is unknown. "If there is no session policy ... the request is implicitly
 * denied" for a federated user session, and with one the session has at most its caller's
 * permissions (IAM User Guide, "Policy evaluation logic"), so identity-based access is MAYBE.
 */
function federatedSessionUnknown(
  p: RequestPrincipal,
  trace: TraceEntry[] | undefined,
  unknowns: UnknownMet[] | undefined,
): Tri {
  if (p.type !== 'federated-user') return YES;
  noteUnknown(trace, unknowns, () => ({
    stage: 'session',
    message:
      'no session policy given for the federated user session: the one passed to GetFederationToken decides what its identity-based permissions allow (none: nothing)',
    outcome: 'unknown',
    kind: 'unknown-value',
  }));
  return MAYBE;
}

/** Evaluates one indexed identity statement (reuses a one-element array: no allocation). */
const one: CompiledStatement[] = [];
function evaluateStatementsOne(
  out: Outcome,
  policy: CompiledPolicy,
  st: CompiledStatement,
  input: EvalInput,
) {
  one[0] = st;
  evaluateStatements(out, policy, one, input, 'identity', false);
}

function explainAllowGaps(
  trace: TraceEntry[],
  identityAllow: Tri,
  boundary: Outcome | undefined,
  boundaryPolicy: CompiledPolicy | undefined,
  session: Outcome | undefined,
  requiresResourcePolicy: boolean,
  resourceStage: string,
  resource: Outcome,
  sameAccount: boolean,
  action: string,
) {
  if (identityAllow === NO && resource.allowDirect === NO && resource.allowRole === NO)
    trace.push({ stage: 'identity', message: `no identity-based policy allows ${action}` });
  if (boundary && boundary.allow === NO)
    trace.push({
      stage: 'boundary',
      message: `the permissions boundary ${boundaryPolicy?.name ?? ''} does not allow ${action}`,
      policy: boundaryPolicy?.name,
      source: boundaryPolicy?.source,
    });
  if (session && session.allow === NO)
    trace.push({ stage: 'session', message: `the session policy does not allow ${action}` });
  if (requiresResourcePolicy && resource.allow === NO)
    trace.push({
      stage: resourceStage === 'trust' ? 'trust' : 'key-policy',
      message: `the ${resourceStage === 'trust' ? "role's trust policy" : 'key policy'} does not allow this principal`,
    });
  if (!sameAccount && resource.allow === NO)
    trace.push({
      stage: 'resource',
      message: 'cross-account access needs the resource-based policy to allow the principal, and it does not',
    });
}

/** True when a policy has an Allow statement (or could: unknown content). */
function grantsSomething(p: CompiledPolicy): boolean {
  return !!p.unknown || p.statements.some((st) => st.effect !== 'Deny');
}

/**
 * `d` with the applying Allow statements (`DecideOptions.allows`) and the unknowns met
 * (`DecideOptions.unknowns`) collected, if asked for.
 */
function withCollected(
  d: Decision,
  allows: AppliedAllow[] | undefined,
  unknowns: UnknownMet[] | undefined,
): Decision {
  if (allows) d.allows = allows;
  if (unknowns) d.unknowns = unknowns;
  return d;
}

function finishWith(
  assumed: AssumedCondition[] | undefined,
  decision: Decision['decision'],
  reason: Decision['reason'],
  external: boolean,
  trace: TraceEntry[] | undefined,
): Decision {
  const d = finish(decision, reason, external, trace);
  if (assumed && decision !== 'deny') d.assumed = assumed;
  return d;
}

function finish(
  decision: Decision['decision'],
  reason: Decision['reason'],
  external: boolean,
  trace: TraceEntry[] | undefined,
): Decision {
  const d: Decision = { decision, reason };
  if (external) d.external = true;
  if (trace) {
    trace.push({ stage: 'result', message: `${decision} (${reason})` });
    d.trace = trace;
  }
  return d;
}

/**
 * How traces name an SCP or RCP of an account: by its name (`SCP "no-object-delete" of account
 * 123456789012`), else by the Terraform address, CloudFormation logical id or file it comes from,
 * else by its place among the account's policies (`SCP #2 of account …`); a label another policy
 * of the account already has gets its place too, so each names one policy.
 */
function orgPolicyLabel(
  kind: 'SCP' | 'RCP',
  d: PolicyDocument,
  n: number,
  account: string,
  taken: (label: string) => boolean,
): string {
  const what =
    d.name !== undefined ? `"${d.name}"` : (d.source.address ?? d.source.logicalId ?? d.source.file);
  const named = what !== undefined ? `${kind} ${what} of account ${account}` : undefined;
  return named !== undefined && !taken(named)
    ? named
    : `${kind} #${n}${what !== undefined ? ` (${what})` : ''} of account ${account}`;
}
