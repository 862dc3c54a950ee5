// The account each Terraform resource instance lives in: the account of the AWS provider
// configuration it uses. One rule for plans and configurations (HCL, JSON, CDKTF synth), which
// give the configuration's settings already evaluated (`providerAccount`):
// - `assume_role` / `assume_role_with_web_identity` `role_arn` naming a role of account B (a
//   constant, a known variable, the known id of an aws_organizations_account; a plan read
//   alone: a constant only, as its `references` are not the expression) → B;
// - else `allowed_account_ids` holding only B → B;
// - a `role_arn` (or `allowed_account_ids`) the inputs do not pin down (a variable without a
//   value, a data source, the id of a member account known only after apply), or a `profile` other
//   than the default configuration's (its account is in a file the inputs do not show) → an
//   account whose id is unknown;
// - the deploying account, or none of those settings → the deploying account (unchanged).
// An instance in account B is modelled in B: its ARNs carry B's id (eval/computed.ts
// `fillComputed` is given the instance's account), its elements are B's (handlers read
// `TfLoadState.env`, the environment of the instance being handled), so the cross-account rules
// apply between B and the deploying account. An unknown account is modelled as
// `PLACEHOLDER_ACCOUNT` ("an account whose id is unknown", src/model/stand-ins.ts): the engine
// decides again in each world where it is one of the ids the inputs name
// (src/engine/account-worlds.ts), so a decision that depends on it is indeterminate, with the
// `tf/provider-other-account` reason. Every such provider configuration gets one finding naming
// where its instances are modelled: `tf/provider-other-account` (verdict class) for an unknown
// account, `tf/provider-account-known` (info: the account is known and modelled as it is, so
// `--strict` does not fail a fully known multi-account setup) for a known one. Each unknown
// account is also recorded as a part of the stand-in with its instances' addresses
// (`Account.standInParts`): a request between two parts (or a part and an unstated deploying
// account) is indeterminate (src/engine/stand-in-parts.ts), not decided as within one account.
// "The provider meta-argument specifies which provider configuration to use for a resource"
// (https://developer.hashicorp.com/terraform/language/meta-arguments/provider); AWS provider,
// "assume_role ... role_arn - (Optional) ARN of the IAM Role to assume", "allowed_account_ids -
// (Optional) List of allowed AWS account IDs to prevent you from mistakenly using an incorrect
// one" (https://registry.terraform.io/providers/hashicorp/aws/latest/docs).

import { parseArn } from '../../../model/arns.js';
import type { Finding } from '../../../model/finding.js';
import type { Source } from '../../../model/source.js';
import { isStandInAccount, PLACEHOLDER_ACCOUNT, standInAccountFor } from '../../../model/stand-ins.js';
import { isUnknown, Unknown } from '../../../model/unknown.js';
import { isObject, type TfObject } from '../eval/values.js';

/** Where a provider configuration deploys when it is not the deploying account. */
export type ProviderAccount =
  | { account: string; how: string }
  | {
      unknown: Unknown;
      creates?: string;
      /**
       * What identifies the account (the created member account's address, else the provider
       * configuration key) and the account it is reached from: its stand-in account is
       * `standInAccountFor(standInKey, from)` (src/model/stand-ins.ts), one per unknown account.
       */
      standInKey?: string;
      from?: string;
    };

/** The settings of one `aws` provider configuration that say its account, evaluated. */
export interface ProviderSettings {
  /** `aws`, `aws.workload`, `module.m:aws`. */
  key: string;
  /** The `role_arn` of each `assume_role` / `assume_role_with_web_identity` block. */
  roleArns: { value: unknown; creates?: string }[];
  /** `allowed_account_ids`, undefined when not set. */
  allowedAccountIds: unknown;
  /** `profile`, and the default configuration's (undefined when not set). */
  profile: unknown;
  defaultProfile: unknown;
}

const ACCOUNT_ID = /^\d{12}$/;

/**
 * The account a role ARN names, or undefined: a bare account id, or an ARN whose account is not 12
 * digits, is not a role ARN (the provider cannot assume it), so its account is not known.
 */
function accountOfRoleArn(v: string): string | undefined {
  const a = parseArn(v);
  return a && a.service === 'iam' && ACCOUNT_ID.test(a.account) ? a.account : undefined;
}

/** The one rule (see the top of the module); undefined: the deploying account. */
export function providerAccount(s: ProviderSettings, deploying: string): ProviderAccount | undefined {
  for (const r of s.roleArns) {
    const v = r.value;
    if (v === undefined || v === null || v === '') continue;
    if (typeof v === 'string') {
      const a = accountOfRoleArn(v);
      if (a === deploying) return undefined;
      if (a) return { account: a, how: `assumes role ${v}` };
    }
    const why = isUnknown(v) ? v.reason : `"${String(v)}" is not a role ARN`;
    return {
      unknown: new Unknown(
        r.creates
          ? `provider configuration ${s.key} assumes a role in the member account ${r.creates} creates, whose id is known only after apply`
          : `provider configuration ${s.key} assumes a role whose account is not known (${why})`,
      ),
      ...(r.creates ? { creates: r.creates } : {}),
      standInKey: r.creates ?? s.key,
      from: deploying,
    };
  }
  const ids = s.allowedAccountIds;
  if (ids !== undefined && ids !== null) {
    const list = Array.isArray(ids) ? ids : [ids];
    const known = list.filter((x): x is string => typeof x === 'string' && ACCOUNT_ID.test(x));
    if (known.length === list.length && known.length > 0) {
      const distinct = [...new Set(known)];
      if (distinct.length === 1)
        return distinct[0] === deploying
          ? undefined
          : { account: distinct[0]!, how: `allows only account ${distinct[0]} (allowed_account_ids)` };
    }
    if (!(known.length === list.length && known.every((k) => k === deploying)))
      return {
        unknown: new Unknown(
          `provider configuration ${s.key} may deploy into any of the accounts its allowed_account_ids lists (${isUnknown(ids) ? ids.reason : list.map(String).join(', ')})`,
        ),
        standInKey: s.key,
        from: deploying,
      };
  }
  const p = s.profile;
  if (p !== undefined && p !== null && p !== '' && !(typeof p === 'string' && p === s.defaultProfile))
    return {
      unknown: new Unknown(
        `provider configuration ${s.key} uses ${typeof p === 'string' ? `the credentials profile "${p}"` : 'a credentials profile the inputs do not name'}, whose account is in a file the inputs do not show`,
      ),
      standInKey: s.key,
      from: deploying,
    };
  return undefined;
}

/**
 * The model account of a provider configuration's instances: its id, or the stand-in account of
 * that unknown account (its own: `standInAccountFor`; `PLACEHOLDER_ACCOUNT` when nothing
 * identifies it).
 */
export function modelAccount(p: ProviderAccount): string {
  if ('account' in p) return p.account;
  return p.standInKey !== undefined ? standInAccountFor(p.standInKey, p.from ?? '') : PLACEHOLDER_ACCOUNT;
}

// ---------------------------------------------------------------------------------------
// Plans: the settings read from `configuration.provider_config` expressions

/** The value of a plan expression (`constant_value`, a created account's id), or Unknown. */
function planValue(
  e: unknown,
  valuesOf: (address: string) => TfObject | undefined,
): { value: unknown; creates?: string } {
  if (e === undefined) return { value: undefined };
  if (!isObject(e)) return { value: new Unknown('not an expression') };
  if ('constant_value' in e) return { value: e.constant_value };
  const refs = (Array.isArray(e.references) ? e.references : []).filter(
    (r): r is string => typeof r === 'string',
  );
  const created = refs
    .map((r) => /^((?:module\.[^.]+\.)*aws_organizations_account\.[^.[]+(?:\[[^\]]*\])?)/.exec(r)?.[1])
    .find((r) => r !== undefined);
  if (created) {
    const id = valuesOf(created)?.id;
    if (typeof id === 'string' && ACCOUNT_ID.test(id)) return { value: id };
    return {
      value: new Unknown(`it refers to ${created}, whose id is known only after apply`),
      creates: created,
    };
  }
  // A root variable's value is not the setting's: the plan records which objects the expression
  // refers to, not the expression ("references" lists "references in the expression", Terraform
  // "JSON Output Format"; `replace(var.role_arn, …)` refers to var.role_arn too), so a setting
  // given by references is unknown; with the configuration directory it is evaluated
  // (`reevaluatedAccounts`).
  return {
    value: new Unknown(
      refs.length
        ? `it refers to ${[...new Set(refs)].join(', ')}, and the plan records only what its expression refers to, not the expression: give the configuration directory next to the plan to compute it`
        : 'it is not known from the plan',
    ),
  };
}

function blocks(v: unknown): TfObject[] {
  return (Array.isArray(v) ? v : [v]).filter(isObject);
}

/**
 * A configuration a child module declares with no argument (`module_address` set, no
 * `expressions`): a proxy block ("A proxy configuration block is one that contains only the
 * `alias` argument. It serves as a placeholder for provider configurations passed between
 * modules", Terraform, "Providers Within Modules") standing for the configuration the call passes,
 * which the plan does not name (its module calls carry no `providers` map), or an empty
 * configuration of its own. Which one is not known from the plan: it is left out of the plan's
 * configurations, so an instance that uses it is not followed (`accountOfKey`,
 * provider-region.ts `instanceProviderRegion`).
 */
export function isModuleProxyShaped(c: TfObject): boolean {
  if (typeof c.module_address !== 'string' || !c.module_address) return false;
  return !isObject(c.expressions) || Object.keys(c.expressions).length === 0;
}

/**
 * The account of each `aws` provider configuration of a plan (`configuration.provider_config`)
 * that deploys into another account than `deploying`, by key.
 */
export function planProviderAccounts(
  providerConfig: unknown,
  deploying: string,
  valuesOf: (address: string) => TfObject | undefined,
): Map<string, ProviderAccount | undefined> {
  const out = new Map<string, ProviderAccount | undefined>();
  if (!isObject(providerConfig)) return out;
  const exprs = (c: unknown): TfObject =>
    isObject(c) && isObject(c.expressions) ? c.expressions : ({} as TfObject);
  const defaultProfile = planValue(exprs(providerConfig.aws).profile, valuesOf).value;
  const proxies: [string, string][] = [];
  for (const [key, c] of Object.entries(providerConfig)) {
    if (!isObject(c) || c.name !== 'aws') continue;
    if (isModuleProxyShaped(c)) {
      // alias only: a proxy ("A proxy configuration block is one that contains only the `alias`
      // argument"); without an alias it may be an empty configuration of the module's own, whose
      // credentials are the run's (not followed)
      if (typeof c.alias === 'string' && c.alias) proxies.push([key, c.module_address as string]);
      continue;
    }
    const e = exprs(c);
    const roleArns = [...blocks(e.assume_role), ...blocks(e.assume_role_with_web_identity)].map((b) =>
      planValue(b.role_arn, valuesOf),
    );
    out.set(
      key,
      providerAccount(
        {
          key,
          roleArns,
          allowedAccountIds: planValue(e.allowed_account_ids, valuesOf).value,
          profile: key === 'aws' ? undefined : planValue(e.profile, valuesOf).value,
          defaultProfile,
        },
        deploying,
      ),
    );
  }
  for (const [key, moduleAddress] of proxies) {
    const where = proxyAccount(key, moduleAddress, providerConfig, out);
    if (where !== null) out.set(key, where);
  }
  return out;
}

/**
 * The account of a proxy-shaped configuration of module `moduleAddress` when every configuration
 * that can be passed to it deploys into one account. Terraform, "Providers Within Modules":
 * "Providers can be passed down to descendant modules in two ways: either implicitly through
 * inheritance, or explicitly via the `providers` argument within a `module` block", and "the
 * values are the names of corresponding configurations in the current module": what reaches a
 * module is a configuration the root module or a module above it declares (not a proxy; the
 * root's default `aws` one whether it has a block or not: without one it is the deploying
 * account). Null when they do not agree, or one of them is not known: the proxy is then not
 * followed (`accountOfKey`).
 */
function proxyAccount(
  key: string,
  moduleAddress: string,
  providerConfig: TfObject,
  accounts: ReadonlyMap<string, ProviderAccount | undefined>,
): ProviderAccount | undefined | null {
  const ancestor = (m: string) => m === '' || moduleAddress.startsWith(`${m}.`);
  const candidates: (ProviderAccount | undefined)[] = [];
  if (!accounts.has('aws')) candidates.push(undefined);
  for (const [k, c] of Object.entries(providerConfig)) {
    if (!isObject(c) || c.name !== 'aws' || !accounts.has(k)) continue;
    const m = typeof c.module_address === 'string' ? c.module_address : '';
    if (ancestor(m)) candidates.push(accounts.get(k));
  }
  const first = candidates[0];
  if (first === undefined) return candidates.every((c) => c === undefined) ? undefined : null;
  if (!('account' in first)) return null;
  if (!candidates.every((c) => c !== undefined && 'account' in c && c.account === first.account)) return null;
  return {
    account: first.account,
    how: `${key} is a proxy for a configuration its callers pass, each of which deploys into ${first.account}`,
  };
}

/**
 * A plan read with its configuration: a configuration whose account the plan does not pin down (a
 * `role_arn` built from a `local`, or from a variable of the module that declares it, whose
 * expression the plan gives only as references) takes the account the configuration evaluates
 * (`fromConfiguration`: config/provider-config.ts `configProviderAccount`, a module's own block
 * evaluated in that module) when that one is known (an account, or the deploying one). A member
 * account created by the plan stays unknown.
 */
export function reevaluatedAccounts(
  accounts: Map<string, ProviderAccount | undefined>,
  fromConfiguration: (key: string) => ProviderAccount | undefined | null,
): Map<string, ProviderAccount | undefined> {
  const out = new Map(accounts);
  for (const [key, where] of accounts) {
    if (!where || !('unknown' in where) || where.creates) continue;
    const again = fromConfiguration(key);
    if (again === null || (again && 'unknown' in again)) continue;
    out.set(key, again);
  }
  return out;
}

/**
 * The account of the provider configuration `key` an instance uses (undefined: the deploying
 * account). A key the plan's `provider_config` does not list (an older plan's `module.x:aws` of an
 * inherited configuration, a module's proxy-shaped block: `isModuleProxyShaped`) is not followed:
 * unknown when some configuration deploys elsewhere, with a stand-in account of its own
 * (`standInKey`): it may be the deploying account (`deploying`), a member account the plan creates
 * or any other, as a configuration whose account is unknown may; sharing the deploying account's
 * stand-in, it could not be a created account (src/model/stand-ins.ts `standInsMayBeOne`).
 */
export function accountOfKey(
  key: string | undefined,
  accounts: ReadonlyMap<string, ProviderAccount | undefined>,
  deploying: string,
): ProviderAccount | undefined {
  if (key === undefined) return undefined;
  if (accounts.has(key)) return accounts.get(key);
  if ([...accounts.values()].every((a) => a === undefined)) return undefined;
  return {
    unknown: new Unknown(
      `the provider configuration ${key} is not followed, and some aws provider configuration deploys into another account`,
    ),
    standInKey: key,
    from: deploying,
  };
}

// ---------------------------------------------------------------------------------------
// The warning

/**
 * The finding of a provider configuration whose instances (`placed`) are modelled in another
 * account than `deploying`: `tf/provider-account-known` (info) when that account's id is known,
 * `tf/provider-other-account` (a warning that could change a verdict) when it is not.
 */
export function otherAccountFinding(
  key: string,
  where: ProviderAccount,
  placed: readonly { address: string; source: Source }[],
  deploying: string,
): Finding {
  const list = placed.map((p) => p.address).join(', ');
  const are = placed.length > 1 ? 'are' : 'is';
  const standIn = modelAccount(where);
  const message =
    'account' in where
      ? `provider configuration ${key} ${where.how}: ${list} ${are} deployed into account ${where.account} and modelled there (their ARNs carry ${where.account}; access between it and the deploying account ${deploying} follows the cross-account rules)`
      : `${where.unknown.reason}; ${list} ${are} deployed there and modelled in an account whose id is unknown (${standIn}): a decision that would differ were it the deploying account ${deploying} or another account the inputs name is indeterminate${isStandInAccount(deploying) ? (deploying === standIn ? `. The deploying account is not stated either, so both are modelled as the one stand-in ${standIn}: a decision between them (or another account whose id is unknown) is indeterminate, as they may be two accounts; pass --account` : `. The deploying account is not stated either (${deploying}): a decision between the two that would differ were they one account is indeterminate; pass --account`) : ''}${where.creates ? `; the role AWS Organizations creates in the member account is modelled there too (tf/org-access-role)` : ''}`;
  // A known account is modelled as AWS has it (its ARNs, the cross-account rules): informational.
  // An unknown one leaves decisions open: it could change a verdict.
  return {
    code: 'account' in where ? 'tf/provider-account-known' : 'tf/provider-other-account',
    severity: 'account' in where ? 'info' : 'warning',
    message,
    source: placed[0]!.source,
  };
}

/** The environment `fillComputed` builds an instance's ARNs with: the deploying one, in its account. */
export function envInAccount<E extends { account: string }>(env: E, where: ProviderAccount | undefined): E {
  if (!where) return env;
  const account = modelAccount(where);
  return account === env.account ? env : { ...env, account };
}

/** What `noteProviderAccounts` needs of the model builder. */
interface AccountsBuilder {
  addAccount(id: string, region?: string): unknown;
  noteAccountStandsFor(id: string, what: string): unknown;
  noteStandInPart(
    id: string,
    key: string,
    what: string,
    addresses: readonly string[],
    source?: Source,
  ): unknown;
  markRegionStandIn(id: string): unknown;
  noteNewAccount(id: string, key: string, how: 'created' | 'declared'): unknown;
  addFinding(f: Finding): unknown;
}

/** A provider configuration that deploys into another account than the deploying one, and its instances. */
export interface PlacedConfig {
  key: string;
  where: ProviderAccount;
  addresses: readonly string[];
}

/**
 * Adds the accounts the instances (`providerAccount` set) are modelled in, and one
 * `tf/provider-other-account` warning per provider configuration naming its instances; an
 * unknown account is recorded as what the stand-in account also stands for. Returns the
 * configurations (the organization policies of the inputs reach their accounts too:
 * handlers/org-members.ts).
 */
export function noteProviderAccounts(
  builder: AccountsBuilder,
  instances: readonly {
    address: string;
    source: Source;
    providerAccount?: { key: string; where: ProviderAccount };
  }[],
  env: { account: string; region: string },
  regionIsStandIn: boolean,
): PlacedConfig[] {
  const byKey = new Map<string, { where: ProviderAccount; placed: { address: string; source: Source }[] }>();
  for (const i of instances) {
    if (!i.providerAccount) continue;
    const e = byKey.get(i.providerAccount.key) ?? { where: i.providerAccount.where, placed: [] };
    e.placed.push({ address: i.address, source: i.source });
    byKey.set(i.providerAccount.key, e);
  }
  for (const [key, { where, placed }] of byKey) {
    const account = modelAccount(where);
    builder.addAccount(account, env.region);
    if (regionIsStandIn) builder.markRegionStandIn(account);
    if ('unknown' in where) {
      builder.noteAccountStandsFor(account, where.unknown.reason);
      // one account per configuration, or the member account it assumes a role in
      builder.noteStandInPart(
        account,
        where.creates ?? key,
        where.creates
          ? `the member account ${where.creates} creates`
          : `the account of provider configuration ${key}`,
        placed.map((p) => p.address),
        placed[0]!.source,
      );
      if (where.creates) builder.noteNewAccount(account, where.creates, 'declared');
    }
    builder.addFinding(otherAccountFinding(key, where, placed, env.account));
  }
  return [...byKey].map(([key, { where, placed }]) => ({
    key,
    where,
    addresses: placed.map((p) => p.address),
  }));
}
