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

function readModule(m: unknown, depth: number): PlanConfigModule {
  const out: PlanConfigModule = { resources: new Map(), moduleCalls: new Map(), outputs: new Map() };
  if (!isObject(m) || depth > 64) return out;
  if (Array.isArray(m.resources)) {
    for (const r of m.resources) {
      if (!isObject(r) || typeof r.address !== 'string') continue;
      out.resources.set(r.address, {
        address: r.address,
        expressions: isObject(r.expressions) ? r.expressions : {},
        countExpression: isObject(r.count_expression) ? r.count_expression : undefined,
        forEachExpression: isObject(r.for_each_expression) ? r.for_each_expression : undefined,
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
        module: isObject(c.module) ? readModule(c.module, depth + 1) : undefined,
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
  return readModule(configuration.root_module, 0);
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

/** All references in an expression representation (nested blocks included). */
export function expressionReferences(expr: unknown, depth = 0): string[] {
  if (depth > 32) return [];
  if (Array.isArray(expr)) return expr.flatMap((x) => expressionReferences(x, depth + 1));
  if (!isObject(expr)) return [];
  if (Array.isArray(expr.references))
    return expr.references.filter((r): r is string => typeof r === 'string');
  if ('constant_value' in expr) return [];
  return Object.values(expr).flatMap((x) => expressionReferences(x, depth + 1));
}
