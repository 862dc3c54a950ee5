// The principals an exhaustive principal check must consider ("who else could do this?"):
// every user and role of the model, every principal named in any policy of the model (external
// accounts, roles and users of other accounts, service principals, federated providers), the
// accounts and principal ARNs that conditions on aws:PrincipalAccount / aws:PrincipalArn name,
// anonymous callers, and an unnamed external account (a user, a role session and its root) that
// stands for anyone a `"Principal": "*"` matches (model/stand-ins.ts chooses it so that it is no
// account the model or the caller names). The root users of model accounts are left out:
// IAM policies cannot restrict them (ARCHITECTURE.md, "Contracts").

import { isServicePrincipal, parseArn } from '../model/arns.js';
import { standInProviders, WELL_KNOWN_WEB_IDENTITY } from '../model/federation.js';
import {
  accountMatching,
  anyPrincipalArn,
  PRINCIPAL_WITNESS_NAME,
  unnamedAccount,
} from '../model/stand-ins.js';
import type { Source } from '../model/source.js';
import { isUnknown } from '../model/unknown.js';
import type { Model, Role, User } from '../model/types.js';
import type { PolicyDocument, PrincipalSpec } from '../policy/types.js';

export interface CandidatePrincipal {
  /** Request principal for the engine: an ARN, a service principal or `anonymous`. */
  principal: string;
  kind: 'user' | 'role' | 'service' | 'account' | 'anonymous' | 'federated';
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

/** The candidates of `model` (see the module comment), deduplicated, in a stable order. */
export function candidatePrincipals(model: Model, options: CandidateOptions = {}): CandidatePrincipal[] {
  const out: CandidatePrincipal[] = [];
  const seen = new Set<string>();
  const modelAccounts = new Set(model.accounts.map((a) => a.id));
  const partition = model.partition;
  const add = (c: CandidatePrincipal) => {
    if (seen.has(c.principal)) return;
    seen.add(c.principal);
    out.push(c);
  };
  for (const u of model.users)
    add({
      principal: u.arn,
      kind: 'user',
      name: `user/${u.name}`,
      element: u,
      reason: 'model user',
      source: u.source,
    });
  for (const r of model.roles)
    add({
      principal: r.arn,
      kind: 'role',
      name: `role/${r.name}`,
      element: r,
      reason: 'model role',
      source: r.source,
    });

  const addAccount = (account: string, reason: string, source: Source | undefined) => {
    if (modelAccounts.has(account)) return;
    add({
      principal: `arn:${partition}:iam::${account}:root`,
      kind: 'account',
      name: `account ${account}`,
      element: undefined,
      reason,
      source,
    });
    // Any principal of that account: a user and a role session stand for them.
    add({
      principal: anyPrincipalArn(partition, account, 'user'),
      kind: 'user',
      name: `a user of account ${account}`,
      element: undefined,
      reason,
      source,
    });
    add({
      principal: anyPrincipalArn(partition, account, 'role'),
      kind: 'role',
      name: `a role of account ${account}`,
      element: undefined,
      reason,
      source,
    });
  };

  const addAwsValue = (written: string, reason: string, source: Source | undefined) => {
    if (written === '*') return;
    if (/^\d{12}$/.test(written)) return addAccount(written, reason, source);
    let value = written;
    let arn = parseArn(value);
    if (!arn || (arn.service !== 'iam' && arn.service !== 'sts')) return;
    if (/[*?]/.test(arn.account)) {
      // `arn:aws:iam::9*:root` in an ArnLike condition: an account it names stands for them.
      const instance = accountMatching(model, arn.account);
      if (!instance) return;
      const fields = value.split(':');
      fields[4] = instance;
      value = fields.join(':');
      arn = parseArn(value)!;
    }
    if (arn.resource === 'root') return addAccount(arn.account, reason, source);
    if (!arn.account) return;
    if (!modelAccounts.has(arn.account)) addAccount(arn.account, reason, source);
    const kind = arn.resource.startsWith('user/') ? 'user' : 'role';
    const concrete = instantiate(value);
    // A model user or role named by ARN is already a candidate.
    if (
      !seen.has(concrete) &&
      (arn.resource.startsWith('user/') ||
        arn.resource.startsWith('role/') ||
        arn.resource.startsWith('assumed-role/'))
    )
      add({ principal: concrete, kind, name: concrete, element: undefined, reason, source });
  };

  const fromSpec = (spec: PrincipalSpec | undefined, label: string) => {
    if (!spec) return;
    for (const v of spec.aws?.values ?? [])
      if (!isUnknown(v)) addAwsValue(v, `named in ${label}`, spec.source);
    for (const v of spec.service?.values ?? [])
      if (!isUnknown(v) && isServicePrincipal(v))
        add({
          principal: v,
          kind: 'service',
          name: v,
          element: undefined,
          reason: `named in ${label}`,
          source: spec.source,
        });
    for (const v of spec.federated?.values ?? [])
      if (!isUnknown(v))
        add({
          principal: v,
          kind: 'federated',
          name: v,
          element: undefined,
          reason: `named in ${label}`,
          source: spec.source,
        });
  };

  // A Principal that lets anyone in (`*`, NotPrincipal, unknown values) may let in web identity
  // and SAML callers too: every provider an account may have.
  let anyone = false;
  const isAnyone = (spec: PrincipalSpec | undefined) =>
    !!spec &&
    (spec.wildcard ||
      [spec.aws, spec.federated].some((l) => l?.values.some((v) => isUnknown(v) || v === '*')));
  for (const { doc, label } of modelPolicyDocuments(model)) {
    if (doc.unknown) continue;
    for (const st of doc.statements) {
      if (isAnyone(st.principal) || st.notPrincipal) anyone = true;
      fromSpec(st.principal, label);
      fromSpec(st.notPrincipal, label);
      for (const c of st.conditions) {
        if (!PRINCIPAL_KEYS.has(c.key.toLowerCase())) continue;
        for (const v of c.values) {
          if (isUnknown(v)) continue;
          if (/^\d{12}$/.test(v)) addAccount(v, `named in a condition of ${label}`, c.source);
          else if (v.startsWith('arn:')) addAwsValue(v, `named in a condition of ${label}`, c.source);
          else {
            // An account pattern (`9*`): an account it names stands for them.
            const instance = accountMatching(model, v);
            if (instance) addAccount(instance, `matches ${v} in a condition of ${label}`, c.source);
          }
        }
      }
    }
  }
  if (anyone) {
    const reason = 'stands for any identity provider (a policy lets any principal in)';
    for (const name of WELL_KNOWN_WEB_IDENTITY)
      add({ principal: name, kind: 'federated', name, element: undefined, reason, source: undefined });
    for (const a of model.accounts)
      for (const arn of standInProviders(partition, a.id))
        add({ principal: arn, kind: 'federated', name: arn, element: undefined, reason, source: undefined });
  }
  add({
    principal: 'anonymous',
    kind: 'anonymous',
    name: 'anonymous',
    element: undefined,
    reason: 'anyone without credentials',
    source: undefined,
  });
  addAccount(
    unnamedAccount(model, options.avoid),
    'stands for any account outside the model (matched by "*")',
    undefined,
  );
  return out;
}
