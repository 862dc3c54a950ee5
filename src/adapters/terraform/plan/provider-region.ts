// The region of the AWS provider configuration each plan instance uses, when it is not the default
// configuration's. "The provider meta-argument specifies which provider configuration to use for
// a resource, overriding Terraform's default behavior of selecting one based on the resource type
// name" (Terraform, "provider reference",
// https://developer.hashicorp.com/terraform/language/meta-arguments/provider). The plan's
// `configuration` names it per resource (`provider_config_key`, resolved through module
// `providers` maps to a key of `configuration.provider_config`). Its `region` is read as a
// constant; a region the plan does not pin (another reference, no `region`
// argument: the environment or profile sets it) is unknown; a root variable's value it refers
// to is named in the reason as a candidate, never taken for the region (`regionOfExpressions`).

import { Unknown } from '../../../model/unknown.js';
import { isObject, type TfObject } from '../eval/values.js';
import { configModuleAt, type PlanConfigModule } from './config-index.js';
import { isModuleProxyShaped } from './provider-accounts.js';

/**
 * The region a provider configuration's `expressions` set: a constant, or Unknown. A region given
 * by references is not pinned to a root variable's value: the plan records only what the
 * expression refers to ("references" lists "references in the expression", Terraform "JSON
 * Output Format"; `"\${var.r}-x"` or `lookup(var.regions, "prod")` refer to var.r / var.regions
 * too), so the variable's value is a candidate the reason names, and the region is unknown (with
 * the configuration directory, the configuration evaluates it).
 */
function regionOfExpressions(key: string, e: TfObject, variables: Map<string, unknown>): string | Unknown {
  const r = e.region;
  if (isObject(r) && typeof r.constant_value === 'string') return r.constant_value;
  const refs = (isObject(r) && Array.isArray(r.references) ? r.references : []).filter(
    (x): x is string => typeof x === 'string',
  );
  if (r === undefined)
    return new Unknown(
      `provider configuration ${key} sets no region (the environment or profile of the run sets it)`,
    );
  return new Unknown(
    `the region of provider configuration ${key} is not known from the plan${refs.length ? `: it is computed from ${[...new Set(refs)].join(', ')}${regionCandidates(refs, variables)}, and the plan records only what its expression refers to, not the expression; give the configuration directory next to the plan to compute it` : ''}`,
  );
}

/**
 * The values of the root variables a region expression refers to, as candidates for a message
 * (` (var.region is "eu-west-1")`), or "".
 */
export function regionCandidates(refs: readonly unknown[], variables: ReadonlyMap<string, unknown>): string {
  const found: string[] = [];
  for (const ref of refs) {
    if (typeof ref !== 'string' || !/^var\.[A-Za-z_][A-Za-z0-9_-]*$/.test(ref)) continue;
    const v = variables.get(ref.slice(4));
    if (typeof v === 'string') found.push(`${ref} is "${v}"`);
  }
  return found.length ? ` (${found.join(', ')}: a candidate, not the region)` : '';
}

/**
 * The region of each `aws` provider configuration of the plan, by its key (`aws`, `aws.dr`,
 * `module.m:aws`). A configuration a child module declares reads that module's variables, not the
 * root's: its `var.` references are not known from the plan. A proxy-shaped one
 * (provider-accounts.ts `isModuleProxyShaped`) is left out: which configuration it is is not known.
 */
export function providerRegions(
  providerConfig: TfObject,
  variables: Map<string, unknown>,
): Map<string, string | Unknown> {
  const out = new Map<string, string | Unknown>();
  for (const [key, c] of Object.entries(providerConfig)) {
    if (!isObject(c) || c.name !== 'aws' || isModuleProxyShaped(c)) continue;
    const inModule = typeof c.module_address === 'string' && c.module_address !== '';
    out.set(
      key,
      regionOfExpressions(
        key,
        isObject(c.expressions) ? c.expressions : {},
        inModule ? new Map() : variables,
      ),
    );
  }
  return out;
}

/** Module call names of a module address (`module.a["x"].module.b` → `[a, b]`). */
function moduleNames(moduleAddress: string): string[] {
  const out: string[] = [];
  const re = /module\.([A-Za-z0-9_-]+)(\[[^\]]*\])?/g;
  for (let m = re.exec(moduleAddress); m; m = re.exec(moduleAddress)) out.push(m[1]!);
  return out;
}

/** What names a plan instance's configuration block. */
export interface PlanInstanceRef {
  moduleAddress: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
}

/**
 * The `provider_config_key` of the configuration block of a plan instance, when the plan has it,
 * as a key of `configuration.provider_config` (`listed`). "Keys in the provider_configs map are to
 * be considered opaque by callers, and used just for lookups using the "provider_config_key"
 * property in each resource object"; a configuration's "module_address" "is included only for
 * provider configurations that are declared in a descendent module" (Terraform, "JSON Output
 * Format", https://developer.hashicorp.com/terraform/internals/json-format). Current Terraform
 * writes both as `module.m:aws`; older releases wrote a module resource's key with the call name
 * alone (`m:aws`): that key is read as its module's (`module.m:aws`) when the plan lists that one.
 */
export function instanceProviderKey(
  inst: PlanInstanceRef,
  configuration: PlanConfigModule | undefined,
  listed: (key: string) => boolean = () => false,
): string | undefined {
  const path = moduleNames(inst.moduleAddress);
  const key = configModuleAt(configuration, path)?.resources.get(
    `${inst.mode === 'data' ? 'data.' : ''}${inst.type}.${inst.name}`,
  )?.providerConfigKey;
  if (key === undefined || listed(key) || !path.length) return key;
  const m = /^([^:]+):(.+)$/.exec(key);
  if (!m || m[1]!.startsWith('module.') || m[1] !== path[path.length - 1]) return key;
  const full = `${path.map((n) => `module.${n}`).join('.')}:${m[2]}`;
  return listed(full) ? full : key;
}

/**
 * The region of the provider configuration an instance uses, when the plan says it is another one
 * than the default `aws` configuration and its region differs from that one's: a string, or Unknown
 * when that region is not known. Undefined: the default configuration's region applies.
 */
export function instanceProviderRegion(
  inst: PlanInstanceRef,
  configuration: PlanConfigModule | undefined,
  regions: ReadonlyMap<string, string | Unknown>,
): string | Unknown | undefined {
  if (!inst.type.startsWith('aws_')) return undefined;
  const key = instanceProviderKey(inst, configuration);
  if (key === undefined || key === 'aws') return undefined;
  const region = regions.get(key);
  const base = regions.get('aws');
  if (region === undefined) {
    // A key the plan's provider_config does not list (an older plan: `module.x:aws`): which
    // configuration applies is not followed; unknown only if the configurations' regions differ.
    const all = [...regions.values()];
    if (all.every((r) => typeof r === 'string' && r === all[0])) return undefined;
    return new Unknown(
      `the provider configuration ${key} of ${inst.type}.${inst.name} is not followed, and the aws configurations' regions differ`,
    );
  }
  if (typeof region === 'string' && region === base) return undefined;
  return region;
}
