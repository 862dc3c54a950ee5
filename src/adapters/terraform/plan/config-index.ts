// The `configuration` section of a plan (Terraform "JSON Output Format", configuration
// representation): per module, resources with their `expressions` (each either a
// `constant_value` or the `references` it uses; nested blocks as arrays of expression maps),
// `module_calls` with their input expressions and nested module, outputs and variables.

import { isObject, type TfObject } from '../eval/values.js';

export interface PlanConfigResource {
  address: string;
  expressions: TfObject;
  countExpression: TfObject | undefined;
  forEachExpression: TfObject | undefined;
  /** `provider_config_key`: the key of `configuration.provider_config` the resource uses. */
  providerConfigKey: string | undefined;
}

export interface PlanConfigModuleCall {
  name: string;
  source: string | undefined;
  expressions: TfObject;
  module: PlanConfigModule | undefined;
  hasCount: boolean;
  hasForEach: boolean;
}

export interface PlanConfigModule {
  /** By module-relative address: `aws_iam_role.r`, `data.aws_iam_policy_document.d`. */
  resources: Map<string, PlanConfigResource>;
  moduleCalls: Map<string, PlanConfigModuleCall>;
  outputs: Map<string, TfObject>;
}

/**
 * One module of the configuration with its nested module calls. No depth cut-off (a deep module
 * is read, never dropped): the nesting is that of the plan document, which the reader bounds.
 */
function readModule(m: unknown): PlanConfigModule {
  const out: PlanConfigModule = { resources: new Map(), moduleCalls: new Map(), outputs: new Map() };
  if (!isObject(m)) return out;
  if (Array.isArray(m.resources)) {
    for (const r of m.resources) {
      if (!isObject(r) || typeof r.address !== 'string') continue;
      out.resources.set(r.address, {
        address: r.address,
        expressions: isObject(r.expressions) ? r.expressions : {},
        countExpression: isObject(r.count_expression) ? r.count_expression : undefined,
        forEachExpression: isObject(r.for_each_expression) ? r.for_each_expression : undefined,
        providerConfigKey: typeof r.provider_config_key === 'string' ? r.provider_config_key : undefined,
      });
    }
  }
  if (isObject(m.module_calls)) {
    for (const [name, c] of Object.entries(m.module_calls)) {
      if (!isObject(c)) continue;
      out.moduleCalls.set(name, {
        name,
        source: typeof c.source === 'string' ? c.source : undefined,
        expressions: isObject(c.expressions) ? c.expressions : {},
        module: isObject(c.module) ? readModule(c.module) : undefined,
        hasCount: c.count_expression !== undefined,
        hasForEach: c.for_each_expression !== undefined,
      });
    }
  }
  if (isObject(m.outputs)) {
    for (const [name, o] of Object.entries(m.outputs)) {
      if (isObject(o) && isObject(o.expression)) out.outputs.set(name, o.expression);
    }
  }
  return out;
}

export function indexPlanConfiguration(configuration: TfObject): PlanConfigModule {
  return readModule(configuration.root_module);
}

/** The configuration module for a module path (names without instance keys). */
export function configModuleAt(
  root: PlanConfigModule | undefined,
  path: string[],
): PlanConfigModule | undefined {
  let cur = root;
  for (const name of path) {
    cur = cur?.moduleCalls.get(name)?.module;
    if (!cur) return undefined;
  }
  return cur;
}

/**
 * All references in an expression representation (nested blocks included), in document order.
 * Iterative, with no depth cut-off: a reference nested however deep is found, never dropped.
 */
export function expressionReferences(expr: unknown): string[] {
  const out: string[] = [];
  const stack: unknown[] = [expr];
  while (stack.length) {
    const e = stack.pop();
    if (Array.isArray(e)) {
      for (let i = e.length - 1; i >= 0; i--) stack.push(e[i]);
      continue;
    }
    if (!isObject(e)) continue;
    if (Array.isArray(e.references)) {
      for (const r of e.references) if (typeof r === 'string') out.push(r);
      continue;
    }
    if ('constant_value' in e) continue;
    const values = Object.values(e);
    for (let i = values.length - 1; i >= 0; i--) stack.push(values[i]);
  }
  return out;
}
