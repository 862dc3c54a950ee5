// The principals an exhaustive principal check must consider ("who else could do this?"):
// every user and role of the model, every principal named in any policy of the model (external
// accounts, roles and users of other accounts, federated user sessions, service principals,
// federated providers, S3
// canonical users: an account or a CloudFront origin access identity, users and roles named by
// IAM unique id), the
// accounts and principal ARNs that conditions on aws:PrincipalAccount / aws:PrincipalArn /
// kms:CallerAccount (the caller's account: engine/service-keys.ts) name,
// anonymous callers, and an unnamed external account (a user, a role session and its root) that
// stands for anyone a `"Principal": "*"` matches (model/stand-ins.ts chooses it so that it is no
// account the model or the caller names). In the open-account mode the model's users and roles
// include the stand-ins for those of the inputs' accounts that the inputs do not define
// (model/open-accounts.ts), named and explained as such. The root users of model accounts are left out:
// IAM policies cannot restrict them (ARCHITECTURE.md, "Contracts").

import { canonicalUserLabel, isCanonicalUserPrincipal, unknownCanonicalUser } from '../engine/principal.js';
import { principalUniqueIdKind, uniqueIdLabel } from '../model/unique-ids.js';
import { isServicePrincipal, parseArn } from '../model/arns.js';
import { standInProviders, WELL_KNOWN_WEB_IDENTITY } from '../model/federation.js';
import {
  accountMatching,
  anyPrincipalArn,
  PRINCIPAL_WITNESS_NAME,
  unnamedAccount,
} from '../model/stand-ins.js';
import {
  hasOpenAccounts,
  isOpenAccountStandIn,
  openAccountName,
  openAccountReason,
} from '../model/open-accounts.js';
import type { Source } from '../model/source.js';
import { isUnknown } from '../model/unknown.js';
import type { Model, Role, User } from '../model/types.js';
import type { PolicyDocument, PrincipalSpec, Statement } from '../policy/types.js';

export interface CandidatePrincipal {
  /** Request principal for the engine: an ARN, a service principal or `anonymous`. */
  principal: string;
  kind: 'user' | 'role' | 'service' | 'account' | 'anonymous' | 'federated' | 'canonical-user' | 'unique-id';
  /** Short readable name. */
  name: string;
  element: User | Role | undefined;
  /** Why it is a candidate (`model user`, `named in the bucket policy of company1-hr`...). */
  reason: string;
  source: Source | undefined;
}

/** Every policy document of the model with a label for reasons. */
export function* modelPolicyDocuments(model: Model): Generator<{ doc: PolicyDocument; label: string }> {
  for (const u of model.users)
    for (const p of u.inlinePolicies)
      yield { doc: p.document, label: `inline policy ${p.name} of user ${u.name}` };
  for (const g of model.groups)
    for (const p of g.inlinePolicies)
      yield { doc: p.document, label: `inline policy ${p.name} of group ${g.name}` };
  for (const r of model.roles) {
    for (const p of r.inlinePolicies)
      yield { doc: p.document, label: `inline policy ${p.name} of role ${r.name}` };
    if (r.trustPolicy) yield { doc: r.trustPolicy, label: `trust policy of role ${r.name}` };
  }
  for (const p of model.policies) yield { doc: p.document, label: `managed policy ${p.name}` };
  for (const r of model.resources)
    if (r.policy) yield { doc: r.policy, label: `resource policy of ${r.name}` };
  for (const o of model.organizations) {
    for (const d of o.scps) yield { doc: d, label: `an SCP of account ${o.account}` };
    for (const d of o.rcps) yield { doc: d, label: `an RCP of account ${o.account}` };
  }
}

const PRINCIPAL_KEYS = new Set([
  'aws:principalarn',
  'aws:principalaccount',
  'kms:calleraccount',
  'aws:sourceaccount',
  'aws:sourcearn',
]);

/** A concrete value for an ARN pattern (`*` and `?` filled), for condition-named principals. */
function instantiate(pattern: string): string {
  return pattern.replace(/\*/g, PRINCIPAL_WITNESS_NAME).replace(/\?/g, 'x');
}

export interface CandidateOptions {
  /**
   * Values the unnamed external account must not equal (an `onlyPrincipals` list): an account
   * the caller names is not "some other account".
   */
  avoid?: readonly string[];
}

/**
 * The candidates as they are collected: deduplicated by request principal, in the order first
 * added. Each `add...` method reads one kind of mention (a model element, an account, a value of
 * an `AWS` principal or a principal condition key, a whole `Principal` element).
 */
class Candidates {
  readonly list: CandidatePrincipal[] = [];
  private readonly seen = new Set<string>();
  private readonly modelAccounts: Set<string>;
  private readonly partition: string;
  private readonly open: boolean;

  constructor(private readonly model: Model) {
    this.modelAccounts = new Set(model.accounts.map((a) => a.id));
    this.partition = model.partition;
    this.open = hasOpenAccounts(model);
  }

  has(principal: string): boolean {
    return this.seen.has(principal);
  }

  add(c: CandidatePrincipal): void {
    if (this.seen.has(c.principal)) return;
    this.seen.add(c.principal);
    this.list.push(c);
  }

  /** Someone who is no model element, found for `reason`. */
  addOther(
    principal: string,
    kind: CandidatePrincipal['kind'],
    reason: string,
    source?: Source,
    name = principal,
  ) {
    this.add({ principal, kind, name, element: undefined, reason, source });
  }

  /** An account outside the model: its root, and a user and a role session that stand for any principal of it. */
  addAccount(account: string, reason: string, source: Source | undefined): void {
    if (this.modelAccounts.has(account)) return;
    const partition = this.partition;
    this.addOther(`arn:${partition}:iam::${account}:root`, 'account', reason, source, `account ${account}`);
    this.addOther(
      anyPrincipalArn(partition, account, 'user'),
      'user',
      reason,
      source,
      `a user of account ${account}`,
    );
    this.addOther(
      anyPrincipalArn(partition, account, 'role'),
      'role',
      reason,
      source,
      `a role of account ${account}`,
    );
  }

  /** An `AWS` principal value or an ARN a principal condition names (`*` stands for nobody in particular). */
  addAwsValue(written: string, reason: string, source: Source | undefined) {
    if (written === '*') return;
    // A user or role by its IAM unique id: itself, its account unknown (src/model/unique-ids.ts).
    if (principalUniqueIdKind(written))
      return this.addOther(written, 'unique-id', reason, source, uniqueIdLabel(written));
    if (/^\d{12}$/.test(written)) return this.addAccount(written, reason, source);
    let value = written;
    let arn = parseArn(value);
    if (!arn || (arn.service !== 'iam' && arn.service !== 'sts')) return;
    if (/[*?]/.test(arn.account)) {
      // `arn:aws:iam::9*:root` in an ArnLike condition: an account it names stands for them.
      const instance = accountMatching(this.model, arn.account);
      if (!instance) return;
      const fields = value.split(':');
      fields[4] = instance;
      value = fields.join(':');
      arn = parseArn(value)!;
    }
    if (arn.resource === 'root') return this.addAccount(arn.account, reason, source);
    if (!arn.account) return;
    if (!this.modelAccounts.has(arn.account)) this.addAccount(arn.account, reason, source);
    // An AWS STS federated user session (GetFederationToken) is a user's: any IAM user of its
    // account, or its root user, may have created it ("Federated user principals" may be named in
    // a policy: IAM User Guide, "AWS JSON policy elements: Principal").
    const kind =
      arn.resource.startsWith('user/') || arn.resource.startsWith('federated-user/') ? 'user' : 'role';
    // With open accounts, a user or role of a model account that the inputs do not define is what
    // the account's stand-in stands for (model/open-accounts.ts): not a candidate of its own.
    if (this.open && arn.service === 'iam' && this.modelAccounts.has(arn.account)) return;
    const concrete = instantiate(value);
    // A model user or role named by ARN is already a candidate.
    if (
      !this.seen.has(concrete) &&
      (arn.resource.startsWith('user/') ||
        arn.resource.startsWith('role/') ||
        arn.resource.startsWith('assumed-role/') ||
        (arn.service === 'sts' && arn.resource.startsWith('federated-user/')))
    )
      this.addOther(concrete, kind, reason, source);
  }

  /** Everyone a `Principal` / `NotPrincipal` element names. */
  addSpec(spec: PrincipalSpec | undefined, label: string): void {
    if (!spec) return;
    const reason = `named in ${label}`;
    for (const v of spec.aws?.values ?? []) if (!isUnknown(v)) this.addAwsValue(v, reason, spec.source);
    for (const v of spec.service?.values ?? [])
      if (!isUnknown(v) && isServicePrincipal(v)) this.addOther(v, 'service', reason, spec.source);
    for (const v of spec.federated?.values ?? [])
      if (!isUnknown(v)) this.addOther(v, 'federated', reason, spec.source);
    // An S3 canonical user (an account or an origin access identity); one known only after
    // deploy (`Fn::GetAtt OAI.S3CanonicalUserId`) is a stand-in (`unknownCanonicalUser`).
    for (const v of spec.canonicalUser?.values ?? []) {
      const id = isUnknown(v) ? unknownCanonicalUser(v) : v.toLowerCase();
      if (!isCanonicalUserPrincipal(id)) continue;
      const why = isUnknown(v) ? `${reason} (${v.reason})` : reason;
      this.addOther(id, 'canonical-user', why, spec.source, canonicalUserLabel(id));
    }
  }

  /** The accounts and ARNs that conditions on principal keys (aws:PrincipalArn…) of a statement name. */
  addConditionValues(conditions: Statement['conditions'], label: string): void {
    for (const c of conditions) {
      if (!PRINCIPAL_KEYS.has(c.key.toLowerCase())) continue;
      for (const v of c.values) {
        if (isUnknown(v)) continue;
        if (/^\d{12}$/.test(v)) this.addAccount(v, `named in a condition of ${label}`, c.source);
        else if (v.startsWith('arn:')) this.addAwsValue(v, `named in a condition of ${label}`, c.source);
        else {
          // An account pattern (`9*`): an account it names stands for them.
          const instance = accountMatching(this.model, v);
          if (instance) this.addAccount(instance, `matches ${v} in a condition of ${label}`, c.source);
        }
      }
    }
  }
}

/**
 * A Principal that lets anyone in (`*`, NotPrincipal, unknown values): it may let in web
 * identity and SAML callers too.
 */
function letsAnyoneIn(st: Statement): boolean {
  const spec = st.principal;
  if (st.notPrincipal) return true;
  return (
    !!spec &&
    (spec.wildcard ||
      [spec.aws, spec.federated].some((l) => l?.values.some((v) => isUnknown(v) || v === '*')))
  );
}

// The candidates of a frozen model without options (what the access diff's layout and the risk
// review both ask for, per model), computed once.
const defaultCandidates = new WeakMap<Model, readonly CandidatePrincipal[]>();

/** The candidates of `model` (see the module comment), deduplicated, in a stable order. */
export function candidatePrincipals(model: Model, options: CandidateOptions = {}): CandidatePrincipal[] {
  if (options.avoid !== undefined || !Object.isFrozen(model)) return collectCandidates(model, options);
  let list = defaultCandidates.get(model);
  if (!list) {
    list = Object.freeze(collectCandidates(model, options));
    defaultCandidates.set(model, list);
  }
  // Copies: a caller may change what it gets.
  return list.map((c) => ({ ...c }));
}

function collectCandidates(model: Model, options: CandidateOptions): CandidatePrincipal[] {
  const candidates = new Candidates(model);
  for (const element of [...model.users, ...model.roles]) {
    // The open-account stand-ins (model/open-accounts.ts) say what they stand for.
    const open = isOpenAccountStandIn(element);
    candidates.add({
      principal: element.arn,
      kind: element.kind,
      name: open ? openAccountName(element.kind, element.account) : `${element.kind}/${element.name}`,
      element,
      reason: open ? openAccountReason(element.account) : `model ${element.kind}`,
      source: element.source,
    });
  }
  let anyone = false;
  for (const { doc, label } of modelPolicyDocuments(model)) {
    if (doc.unknown) continue;
    for (const st of doc.statements) {
      if (letsAnyoneIn(st)) anyone = true;
      candidates.addSpec(st.principal, label);
      candidates.addSpec(st.notPrincipal, label);
      candidates.addConditionValues(st.conditions, label);
    }
  }
  if (anyone) {
    // Every identity provider an account may have.
    const reason = 'stands for any identity provider (a policy lets any principal in)';
    for (const name of WELL_KNOWN_WEB_IDENTITY) candidates.addOther(name, 'federated', reason);
    for (const a of model.accounts)
      for (const arn of standInProviders(model.partition, a.id))
        candidates.addOther(arn, 'federated', reason);
  }
  candidates.addOther('anonymous', 'anonymous', 'anyone without credentials');
  candidates.addAccount(
    unnamedAccount(model, options.avoid),
    'stands for any account outside the model (matched by "*")',
    undefined,
  );
  return candidates.list;
}
