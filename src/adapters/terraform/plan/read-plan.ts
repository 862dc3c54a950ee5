// Reads `terraform show -json` plans (format 0.1 to 1.2; Terraform "JSON Output Format"):
// managed instances from `resource_changes` (actions: a delete leaves the model, no-op stays,
// create/update/replace use `after`, with `after_unknown` turned into Unknown values; a managed
// instance of `prior_state` without a change, as a `-target` plan leaves them, stays), data
// sources from `resource_changes` (deferred reads), `prior_state` (read during the plan) and
// `planned_values`, child modules at any depth, root variables, provider settings, and the
// `configuration` section (see config-index.ts). Only reads; linking happens elsewhere. The
// prior side (`side: 'prior'`) reads the state before the plan instead, for the access diff of a
// plan alone.

import type { Locator, Source } from '../../../model/source.js';
import { childPointer } from '../../../model/source.js';
import { isUnknown, Unknown } from '../../../model/unknown.js';
import { isObject, type TfObject } from '../eval/values.js';
import type { TfAction } from '../instances.js';
import { indexPlanConfiguration, type PlanConfigModule } from './config-index.js';
import { instanceProviderKey, instanceProviderRegion, providerRegions } from './provider-region.js';

export interface PlanInstance {
  address: string;
  moduleAddress: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  key: string | number | undefined;
  action: TfAction;
  values: TfObject;
  /** The change's `before` values of an update or no-op (the state the plan starts from). */
  before?: TfObject;
  /** JSON pointer of the values object (`/resource_changes/3/change/after`). */
  valuesPointer: string;
  /** JSON pointer of the entry (`/resource_changes/3`). */
  pointer: string;
  providerConfigKey: string | undefined;
}

export interface PlanData {
  file: string;
  formatVersion: string;
  terraformVersion: string | undefined;
  locate: Locator | undefined;
  /** Managed and data instances in the plan, deletes included (action 'delete'). */
  instances: PlanInstance[];
  variables: Map<string, unknown>;
  /** The `configuration` section indexed by module path, when present. */
  configuration: PlanConfigModule | undefined;
  /** `provider_config` expressions of the default aws provider. */
  awsProvider: TfObject | undefined;
  /**
   * Whether an `aws` provider configuration of the plan sets `default_tags` (undefined when the
   * plan has no provider configuration to tell).
   */
  defaultTags: boolean | undefined;
}

function actionOf(actions: unknown): TfAction {
  const a = Array.isArray(actions) ? actions.map(String) : [];
  if (a.includes('delete') && a.includes('create')) return 'replace';
  if (a.includes('create')) return 'create';
  if (a.includes('delete')) return 'delete';
  if (a.includes('update')) return 'update';
  if (a.includes('read')) return 'read';
  if (a.includes('forget')) return 'forget';
  return 'no-op';
}

function moduleOf(address: string, type: string, name: string, mode: string): string {
  const marker = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
  const at = address.lastIndexOf(marker);
  if (at <= 0) return '';
  return address.slice(0, at - 1);
}

/** Replaces the positions `after_unknown` marks with Unknown values. */
export function mergeUnknown(
  after: unknown,
  unknownMarks: unknown,
  source: (pointer: string) => Source,
  pointer: string,
  label = '',
): unknown {
  if (unknownMarks === true) {
    return new Unknown(`${label ? `${label} is ` : ''}known only after apply`, source(pointer));
  }
  if (Array.isArray(unknownMarks)) {
    const base = Array.isArray(after) ? [...after] : [];
    const n = Math.max(base.length, unknownMarks.length);
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) {
      out.push(mergeUnknown(base[i], unknownMarks[i], source, childPointer(pointer, i), `${label}[${i}]`));
    }
    return out;
  }
  if (isObject(unknownMarks)) {
    if (!isObject(after)) {
      if (after === null || after === undefined) {
        // the whole object is absent: only marked keys are unknown
        const out: TfObject = {};
        for (const [k, m] of Object.entries(unknownMarks)) {
          if (m === true)
            out[k] = mergeUnknown(undefined, m, source, childPointer(pointer, k), `${label}.${k}`);
        }
        return Object.keys(out).length ? out : after;
      }
      return after;
    }
    const out: TfObject = { ...after };
    for (const [k, m] of Object.entries(unknownMarks)) {
      if (m === false || m === undefined) continue;
      out[k] = mergeUnknown(after[k], m, source, childPointer(pointer, k), `${label}.${k}`);
    }
    return out;
  }
  return after;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function keyOf(v: unknown): string | number | undefined {
  return typeof v === 'string' || typeof v === 'number' ? v : undefined;
}

interface StateResource {
  r: TfObject;
  pointer: string;
  moduleAddress: string;
}

/**
 * Every resource of a module and its child modules, depth first in document order. Iterative,
 * with no depth cut-off: a module nested however deep is read, never dropped (the reader already
 * bounds the document's nesting).
 */
function walkModule(root: unknown, rootPointer: string, out: StateResource[]): void {
  const stack: { mod: unknown; pointer: string }[] = [{ mod: root, pointer: rootPointer }];
  while (stack.length) {
    const { mod, pointer } = stack.pop()!;
    if (!isObject(mod)) continue;
    const moduleAddress = str(mod.address) ?? '';
    if (Array.isArray(mod.resources)) {
      mod.resources.forEach((r, i) => {
        if (isObject(r)) out.push({ r, pointer: childPointer(pointer, 'resources', i), moduleAddress });
      });
    }
    if (Array.isArray(mod.child_modules)) {
      for (let i = mod.child_modules.length - 1; i >= 0; i--) {
        stack.push({ mod: mod.child_modules[i], pointer: childPointer(pointer, 'child_modules', i) });
      }
    }
  }
}

/**
 * Which state of a plan to read: `planned` (what the plan will leave: planned values, with
 * `after_unknown` as Unknown values) or `prior` (the state before the plan: `prior_state`, whose
 * values are known; for plans without it, each change's `before`).
 */
export type PlanSide = 'planned' | 'prior';

/** Reads the instances and settings of a parsed plan. Never throws on odd content. */
export function readPlan(
  plan: TfObject,
  file: string,
  locate: Locator | undefined,
  side: PlanSide = 'planned',
): PlanData {
  const instances: PlanInstance[] = [];
  const seen = new Set<string>();
  const sourceAt =
    (address: string) =>
    (pointer: string): Source => {
      const s: Source = { file, pointer, address };
      const at = locate?.(pointer);
      if (at) {
        s.line = at.line;
        s.column = at.column;
      }
      return s;
    };

  const changes = Array.isArray(plan.resource_changes) ? plan.resource_changes : undefined;
  const prior =
    isObject(plan.prior_state) && isObject(plan.prior_state.values) ? plan.prior_state.values : undefined;
  // The configuration section describes the new state: the prior state's values are known and
  // need no references from it.
  if (side === 'prior')
    return { ...settingsOf(plan, file, locate, priorInstances(prior, changes)), configuration: undefined };
  changes?.forEach((rc, i) => {
    if (!isObject(rc) || !isObject(rc.change)) return;
    if (rc.deposed !== undefined && rc.deposed !== null) return;
    const address = str(rc.address);
    const type = str(rc.type);
    const name = str(rc.name);
    if (!address || !type || !name) return;
    const mode = rc.mode === 'data' ? 'data' : 'managed';
    const action = actionOf(rc.change.actions);
    const pointer = `/resource_changes/${i}`;
    const useBefore = action === 'delete' || action === 'forget';
    const valuesPointer = `${pointer}/change/${useBefore ? 'before' : 'after'}`;
    const raw = useBefore ? rc.change.before : rc.change.after;
    const merged = useBefore
      ? raw
      : mergeUnknown(raw, rc.change.after_unknown, sourceAt(address), valuesPointer, address);
    instances.push({
      address,
      moduleAddress: str(rc.module_address) ?? moduleOf(address, type, name, mode),
      mode,
      type,
      name,
      key: keyOf(rc.index),
      action,
      values: isObject(merged) ? merged : {},
      ...((action === 'update' || action === 'no-op') && isObject(rc.change.before)
        ? { before: rc.change.before }
        : {}),
      valuesPointer,
      pointer,
      providerConfigKey: undefined,
    });
    seen.add(address);
  });

  const fromState = (
    root: unknown,
    base: string,
    actionOf: (mode: 'managed' | 'data') => TfAction | undefined,
  ) => {
    for (const inst of stateInstances(root, base, 'no-op')) {
      const action = actionOf(inst.mode);
      if (seen.has(inst.address) || action === undefined) continue;
      seen.add(inst.address);
      instances.push({ ...inst, action });
    }
  };
  // The prior state's data sources as read for the plan, and its managed instances the plan has
  // no change for: they stay as they are. A complete plan has a change (no-op at least) for every
  // one; a `-target` plan ("complete": false) has none for those it leaves out.
  if (prior)
    fromState(prior.root_module, '/prior_state/values/root_module', (mode) =>
      mode === 'data' ? 'read' : changes !== undefined ? 'no-op' : undefined,
    );
  const planned = isObject(plan.planned_values) ? plan.planned_values : undefined;
  if (planned)
    fromState(planned.root_module, '/planned_values/root_module', (mode) =>
      changes !== undefined && mode !== 'data' ? undefined : 'create',
    );
  return settingsOf(plan, file, locate, instances);
}

/** Instances of the resources of a state's module tree (`prior_state.values`). */
function stateInstances(root: unknown, base: string, action: TfAction): PlanInstance[] {
  const found: StateResource[] = [];
  walkModule(root, base, found);
  const out: PlanInstance[] = [];
  const seen = new Set<string>();
  for (const { r, pointer, moduleAddress } of found) {
    const address = str(r.address);
    const type = str(r.type);
    const name = str(r.name);
    if (!address || !type || !name || seen.has(address)) continue;
    seen.add(address);
    const mode = r.mode === 'data' ? 'data' : 'managed';
    out.push({
      address,
      moduleAddress: moduleAddress || moduleOf(address, type, name, mode),
      mode,
      type,
      name,
      key: keyOf(r.index),
      action,
      values: isObject(r.values) ? r.values : {},
      valuesPointer: `${pointer}/values`,
      pointer,
      providerConfigKey: undefined,
    });
  }
  return out;
}

/**
 * The state before the plan: `prior_state` (every managed resource and the data sources as read
 * for the plan); without it, the `before` of each change that has one (a plan on an empty state has
 * neither: nothing existed).
 */
function priorInstances(prior: TfObject | undefined, changes: unknown[] | undefined): PlanInstance[] {
  if (prior) return stateInstances(prior.root_module, '/prior_state/values/root_module', 'no-op');
  const out: PlanInstance[] = [];
  changes?.forEach((rc, i) => {
    if (!isObject(rc) || !isObject(rc.change) || (rc.deposed !== undefined && rc.deposed !== null)) return;
    const address = str(rc.address);
    const type = str(rc.type);
    const name = str(rc.name);
    if (!address || !type || !name || !isObject(rc.change.before)) return;
    const mode = rc.mode === 'data' ? 'data' : 'managed';
    out.push({
      address,
      moduleAddress: str(rc.module_address) ?? moduleOf(address, type, name, mode),
      mode,
      type,
      name,
      key: keyOf(rc.index),
      action: 'no-op',
      values: rc.change.before,
      valuesPointer: `/resource_changes/${i}/change/before`,
      pointer: `/resource_changes/${i}`,
      providerConfigKey: undefined,
    });
  });
  return out;
}

/** The plan's variables, configuration and provider settings, with the instances read. */
function settingsOf(
  plan: TfObject,
  file: string,
  locate: Locator | undefined,
  instances: PlanInstance[],
): PlanData {
  const variables = new Map<string, unknown>();
  if (isObject(plan.variables)) {
    for (const [k, v] of Object.entries(plan.variables))
      if (isObject(v) && 'value' in v) variables.set(k, v.value);
  }

  const configuration = isObject(plan.configuration) ? indexPlanConfiguration(plan.configuration) : undefined;
  let awsProvider: TfObject | undefined;
  let defaultTags: boolean | undefined;
  if (isObject(plan.configuration) && isObject(plan.configuration.provider_config)) {
    const providers = plan.configuration.provider_config;
    const p = providers.aws;
    if (isObject(p) && isObject(p.expressions)) awsProvider = p.expressions;
    defaultTags = Object.values(providers).some(
      (c) =>
        isObject(c) &&
        c.name === 'aws' &&
        isObject(c.expressions) &&
        c.expressions.default_tags !== undefined,
    );
  }
  if (isObject(plan.configuration) && isObject(plan.configuration.provider_config)) {
    // An instance (a resource or a data source) of an aliased provider configuration in another
    // region: its `region` (which the ARNs, the model resource's region and `data.aws_region`
    // read), unless the plan states one (provider v6, a data source read at plan time).
    const providers = plan.configuration.provider_config;
    const regions = providerRegions(providers, variables);
    for (const inst of instances) {
      inst.providerConfigKey = instanceProviderKey(inst, configuration, (key) => key in providers);
      if (inst.values.region !== undefined && inst.values.region !== null && !isUnknown(inst.values.region))
        continue;
      const region = instanceProviderRegion(inst, configuration, regions);
      if (region !== undefined) inst.values = { ...inst.values, region };
    }
  }
  return {
    file,
    formatVersion: str(plan.format_version) ?? '',
    terraformVersion: str(plan.terraform_version),
    locate,
    instances,
    variables,
    configuration,
    awsProvider,
    defaultTags,
  };
}
