// Resolves and caches the compiled policies that apply to a principal or resource: a user's
// own and its groups' inline and managed policies, a role's policies, permissions boundaries,
// AWS managed policies from the catalog, and unknown attachments (an ARN known only after
// apply, a customer managed policy outside the inputs) as unknown policies.

import { getAwsManagedPolicy } from '../catalog/index.js';
import type { Source } from '../model/source.js';
import type { Group, ManagedPolicy, Model, PolicyAttachment, Role, User } from '../model/types.js';
import { isUnknown, Unknown } from '../model/unknown.js';
import { parsePolicy } from '../policy/parse.js';
import type { PolicyKind } from '../policy/types.js';
import {
  type CompiledPolicy,
  type CompiledStatement,
  compilePolicy,
  unknownPolicy,
} from './compile-policy.js';

/** Identity statements of one principal, indexed by the service prefix of their actions. */
export interface IdentityIndex {
  policies: CompiledPolicy[];
  /** Policies whose whole document is unknown. */
  unknownPolicies: CompiledPolicy[];
  byService: Map<string, IndexedStatement[]>;
  anyService: IndexedStatement[];
  /**
   * The known ARNs of the managed policies among `policies` (attached to the principal, or to a
   * group it is or may be in), in that order: for an analysis that names the policies themselves
   * (the review's targets of a new policy version, escalation.ts `rewritablePolicies`).
   */
  managedArns: string[];
  /**
   * Why a managed policy that applies is not known by ARN: an attachment to it or a group it is or
   * may be in whose policy ARN is unknown, a group of it the inputs do not define (its attachments
   * unknown). Empty when there is none. Read with `managedArns` by the review's targets of a new
   * policy version (escalation.ts `rewritablePolicies`): an unknown one may be any policy.
   */
  unknownManaged: Unknown[];
}

export interface IndexedStatement {
  policy: CompiledPolicy;
  statement: CompiledStatement;
}

const awsManagedCache = new Map<string, ManagedPolicy | null>();

/**
 * An AWS managed policy of the catalog as a managed policy of the model (its document parsed once
 * per process); undefined when the catalog does not know the ARN. The engine decides with it, and
 * the diff's comparison outside the inputs reads its statements (analysis/outside-grants.ts).
 */
export function awsManaged(arn: string): ManagedPolicy | undefined {
  let hit = awsManagedCache.get(arn);
  if (hit === undefined) {
    const p = getAwsManagedPolicy(arn);
    if (!p) hit = null;
    else {
      const source: Source = { file: `AWS managed policy ${p.path}${p.name}`, pointer: '' };
      hit = {
        id: arn,
        arn,
        name: p.name,
        path: p.path,
        account: 'aws',
        document: parsePolicy(p.document, { kind: 'identity', source }),
        source,
      };
    }
    awsManagedCache.set(arn, hit);
  }
  return hit ?? undefined;
}

export class PolicySets {
  private readonly managed = new Map<string, ManagedPolicy>();
  private readonly compiled = new Map<string, CompiledPolicy>();
  private readonly groups = new Map<string, Group>();
  private readonly identity = new Map<string, IdentityIndex>();
  private readonly boundaries = new Map<string, CompiledPolicy | null>();
  /**
   * A group's inline policies, compiled once for all its members (when the group and the
   * membership are certain; a maybe-present one compiles them with its presence, per member).
   * They were compiled again for each member: on the 5,000-principal organisation of
   * bench/matrix-scale.bench.ts the identity indexes of one matrix thread held 174 MB, 53 MB with
   * this, and each copy had its own caches (action matches, reaches, grouping keys) in the matrix.
   */
  private readonly groupInline = new Map<string, CompiledPolicy[]>();

  constructor(model: Model) {
    for (const p of model.policies) this.managed.set(p.arn, p);
    for (const g of model.groups) this.groups.set(g.id, g);
  }

  /**
   * A managed policy by attachment, compiled for the given use (identity or boundary).
   * `presence`: the attachment might not exist because its owner might not (a maybe-present
   * principal or group membership); the attachment's and the policy's own presence add to it.
   */
  attached(att: PolicyAttachment, kind: PolicyKind, owner: string, presence?: Unknown): CompiledPolicy {
    const arn = att.policyArn;
    if (isUnknown(arn)) {
      return unknownPolicy(`managed policy attached to ${owner} (ARN unknown)`, kind, arn, att.source);
    }
    const maybe = att.presence ?? presence;
    if (maybe) return this.compileAttached(arn, kind, att, maybe);
    const key = `${kind}|${arn}`;
    const hit = this.compiled.get(key);
    if (hit) return hit;
    const out = this.compileAttached(arn, kind, att, undefined);
    this.compiled.set(key, out);
    return out;
  }

  private compileAttached(
    arn: string,
    kind: PolicyKind,
    att: PolicyAttachment,
    presence: Unknown | undefined,
  ): CompiledPolicy {
    const mp = this.managed.get(arn) ?? (arn.includes(':iam::aws:policy/') ? awsManaged(arn) : undefined);
    let out: CompiledPolicy;
    if (mp) {
      const doc = mp.document.kind === kind ? mp.document : { ...mp.document, kind };
      out = compilePolicy(doc, `${mp.name} (${arn})`, presence ?? mp.presence);
    } else {
      const why = arn.includes(':iam::aws:policy/')
        ? `${arn} is not an AWS managed policy known to the catalog`
        : `${arn} is not defined in the inputs, so its document is unknown`;
      out = unknownPolicy(arn, kind, new Unknown(why, att.source), att.source);
    }
    return out;
  }

  private inline(owner: User | Group | Role, presence: Unknown | undefined): CompiledPolicy[] {
    return owner.inlinePolicies.map((ip) =>
      compilePolicy(
        ip.document,
        `inline policy ${ip.name} of ${owner.kind} ${owner.name}`,
        ip.presence ?? presence,
      ),
    );
  }

  /** A group's policies for one member; `presence`: the membership might not exist. */
  private groupPolicies(g: Group, presence: Unknown | undefined): CompiledPolicy[] {
    const maybe = presence ?? g.presence;
    let inline = maybe ? undefined : this.groupInline.get(g.id);
    if (!inline) {
      inline = this.inline(g, maybe);
      if (!maybe) this.groupInline.set(g.id, inline);
    }
    const out = [...inline];
    for (const a of g.managedPolicies) out.push(this.attached(a, 'identity', `group ${g.name}`, maybe));
    return out;
  }

  identityOf(p: User | Role): IdentityIndex {
    const hit = this.identity.get(p.id);
    if (hit) return hit;
    const presence = p.presence;
    const policies: CompiledPolicy[] = [...this.inline(p, presence)];
    const managedArns: string[] = [];
    const unknownManaged: Unknown[] = [];
    const noteArns = (list: readonly PolicyAttachment[]) => {
      for (const a of list)
        if (!isUnknown(a.policyArn)) managedArns.push(a.policyArn);
        else unknownManaged.push(a.policyArn);
    };
    for (const a of p.managedPolicies)
      policies.push(this.attached(a, 'identity', `${p.kind} ${p.name}`, presence));
    noteArns(p.managedPolicies);
    if (p.kind === 'user') {
      for (const gid of p.groups) {
        const g = this.groups.get(gid);
        if (g) policies.push(...this.groupPolicies(g, presence));
        if (g) noteArns(g.managedPolicies);
      }
      for (const m of p.maybeGroups) {
        const g = this.groups.get(m.group);
        if (g) policies.push(...this.groupPolicies(g, presence ?? m.presence));
        if (g) noteArns(g.managedPolicies);
      }
      for (const ug of p.unknownGroups) {
        const u = isUnknown(ug.policyArn)
          ? ug.policyArn
          : new Unknown(`group ${ug.policyArn} is not defined in the inputs`, ug.source);
        unknownManaged.push(u);
        policies.push(
          unknownPolicy(`policies of an unknown group of user ${p.name}`, 'identity', u, ug.source),
        );
      }
    }
    const index: IdentityIndex = {
      policies,
      unknownPolicies: [],
      byService: new Map(),
      anyService: [],
      managedArns,
      unknownManaged,
    };
    for (const pol of policies) {
      if (pol.unknown) index.unknownPolicies.push(pol);
      for (const st of pol.statements) {
        const entry = { policy: pol, statement: st };
        if (!st.services) index.anyService.push(entry);
        else
          for (const svc of st.services) {
            let list = index.byService.get(svc);
            if (!list) {
              list = [];
              index.byService.set(svc, list);
            }
            list.push(entry);
          }
      }
    }
    this.identity.set(p.id, index);
    return index;
  }

  /**
   * Forgets the identity index of a principal (`identityOf` compiles it again when asked): for a
   * caller that will not ask again, so its compiled inline policies and what is cached on them
   * can be collected (a matrix worker once a user's row is built). The managed policies and
   * groups' inline policies, shared by many principals, stay compiled.
   */
  forgetIdentity(p: User | Role): void {
    this.identity.delete(p.id);
  }

  boundaryOf(p: User | Role): CompiledPolicy | undefined {
    if (!p.permissionsBoundary) return undefined;
    const hit = this.boundaries.get(p.id);
    if (hit !== undefined) return hit ?? undefined;
    const b = this.attached(p.permissionsBoundary, 'boundary', `${p.kind} ${p.name}`);
    this.boundaries.set(p.id, b);
    return b;
  }
}
