// What a plan's `configuration` section says about an attribute's expression, for a plan whose
// values the configuration directory does not compute: a plan read alone, or an instance the
// configuration directory given with it does not declare (a plan of another directory, a module
// the configuration does not find). Such a plan links nothing through its `references`
// (`PlanReferences.unpinned`); with the configuration directory the expression itself decides
// (config/linked-references.ts). The expression is not in the plan, only what it refers to
// (Terraform "JSON Output Format", expression representation: "Each unevaluated expression in the
// configuration is represented with an <expression-representation> object"; "references" lists
// "references in the expression ... allowing callers to more easily recognize the objects they
// care about without attempting to parse the expressions"): `replace(aws_iam_policy.b.arn, "b",
// "c")`, `"${aws_iam_policy.b.arn}-x"` and `aws_iam_policy.b.arn` give the same list,
// `aws_iam_policy.p[count.index + 1].arn` the same as `aws_iam_policy.p[count.index].arn`. So a
// value the plan leaves unknown stays unknown: its reason names the address and attribute and
// says what would pin it (`unpinnedValues`), and one `tf/plan-value-unpinned` warning per plan
// names every value a handler would have linked and why the configuration did not compute it
// (`unpinnedFinding`).

import type { Finding } from '../../../model/finding.js';
import { isUnknown, Unknown } from '../../../model/unknown.js';
import { markOpen, openAddress, type TfObject } from '../eval/values.js';
import { parseModuleAddress } from '../instances.js';
import { configModuleAt, expressionReferences, type PlanConfigModule } from './config-index.js';
import type { PlanData, PlanInstance } from './read-plan.js';

/**
 * Why the configuration does not compute an instance's values: undefined for a plan read alone,
 * else what the configuration directory given with the plan lacks (`module.m is not found in the
 * configuration directory DIR`).
 */
export type NotDeclared = string | undefined;

export class PlanReferences {
  /** The attributes a handler asked to link, by `ADDRESS.ATTR`, with their references and why the configuration does not compute them. */
  private readonly unlinked = new Map<string, { refs: string[]; notDeclared: NotDeclared }>();

  constructor(private readonly plan: PlanData) {}

  private configModule(moduleAddress: string): PlanConfigModule | undefined {
    return configModuleAt(
      this.plan.configuration,
      parseModuleAddress(moduleAddress).map((p) => p.name),
    );
  }

  /** The expression representation of an attribute (`['inline_policy', 0, 'policy']`). */
  expression(inst: PlanInstance, path: (string | number)[]): unknown {
    const mod = this.configModule(inst.moduleAddress);
    const rc = mod?.resources.get(`${inst.mode === 'data' ? 'data.' : ''}${inst.type}.${inst.name}`);
    if (!rc) return undefined;
    let cur: unknown = rc.expressions;
    for (const p of path) {
      if (Array.isArray(cur)) cur = cur[typeof p === 'number' ? Math.min(p, cur.length - 1) : 0];
      if (cur === null || typeof cur !== 'object') return undefined;
      cur = (cur as Record<string, unknown>)[String(p)];
    }
    return cur;
  }

  /** Whether the configuration sets an attribute; undefined without a configuration entry. */
  configured(inst: PlanInstance, attr: string): boolean | undefined {
    if (!this.plan.configuration) return undefined;
    const mod = this.configModule(inst.moduleAddress);
    const rc = mod?.resources.get(`${inst.mode === 'data' ? 'data.' : ''}${inst.type}.${inst.name}`);
    if (!rc) return undefined;
    return attr in rc.expressions;
  }

  /**
   * The references of an attribute's expression as the plan lists them, without implied steps
   * and without those that name no object (`count.index`, `each.key`, `path.module`).
   */
  private listedReferences(inst: PlanInstance, attr: string): string[] {
    const expr = this.expression(inst, [attr]);
    if (expr === undefined) return [];
    return withoutImpliedSteps(expressionReferences(expr)).filter(
      (r) => !/^(count|path|terraform)\./.test(r) && r !== 'each.key',
    );
  }

  /**
   * What an attribute known only after apply refers to is not its value (see the top of the
   * module), so it is linked to nothing (the caller keeps the value unknown). The attribute is
   * recorded for `unpinnedFinding` when its expression refers to something. `notDeclared`: why
   * the configuration directory given with the plan does not compute it (undefined: read alone).
   */
  unpinned(inst: PlanInstance, attr: string, notDeclared: NotDeclared): string[] {
    const refs = this.listedReferences(inst, attr);
    if (refs.length) this.unlinked.set(`${inst.address}.${attr}`, { refs, notDeclared });
    return [];
  }

  /**
   * The instance's values with each top-level attribute the plan leaves unknown and whose
   * expression refers to something given a reason that names the address, the attribute and what
   * pins it (the values are otherwise the same object when nothing changes).
   */
  unpinnedValues(inst: PlanInstance, values: TfObject, notDeclared: NotDeclared): TfObject {
    let out: TfObject | undefined;
    for (const [attr, v] of Object.entries(values)) {
      if (!isUnknown(v) || v.constructor !== Unknown) continue;
      const refs = this.listedReferences(inst, attr);
      if (!refs.length) continue;
      out ??= { ...values };
      const pin =
        notDeclared === undefined
          ? 'give the configuration directory next to the plan to compute it'
          : `${notDeclared}, so it does not compute it`;
      out[attr] = new Unknown(
        `${inst.address}.${attr} is known only after apply; the plan records only what its expression refers to (${listed(refs)}), not the expression: ${pin}`,
        v.source,
      );
    }
    if (!out) return values;
    const open = openAddress(values);
    return open === undefined ? out : markOpen(out, open);
  }

  /**
   * One warning naming every attribute a handler would have linked, saying why the configuration
   * did not compute it: the plan is read alone, or the configuration directory given with it does
   * not declare the instance.
   */
  unpinnedFinding(): Finding | undefined {
    if (!this.unlinked.size) return undefined;
    const entries = [...this.unlinked];
    const alone = entries.every(([, u]) => u.notDeclared === undefined);
    const items = entries.map(
      ([what, u]) => `${what} (refers to ${listed(u.refs)}${u.notDeclared ? `; ${u.notDeclared}` : ''})`,
    );
    const shown = items.slice(0, 10).join(', ');
    const more = items.length > 10 ? ` and ${items.length - 10} more` : '';
    const n = items.length;
    const values = `${n} value${n === 1 ? '' : 's'} known only after apply ${n === 1 ? 'is' : 'are'} not linked to what ${n === 1 ? 'its expression refers' : 'their expressions refer'} to (a plan records which objects an expression refers to, not the expression: replace(aws_iam_policy.b.arn, …) refers to aws_iam_policy.b too)`;
    const message = alone
      ? `the plan is read without its configuration directory: ${values}: ${shown}${more}; decisions that depend on them are indeterminate. Give the configuration directory next to the plan to compute them`
      : `the configuration directory read with the plan does not declare the resources of these values (a plan made from another directory, or a module the configuration does not find: run terraform init there): ${values}: ${shown}${more}; decisions that depend on them are indeterminate. Give the configuration directory the plan was made from to compute them`;
    return { code: 'tf/plan-value-unpinned', severity: 'warning', message, source: { file: this.plan.file } };
  }
}

/**
 * The references of an expression without those implied by a longer one: Terraform's JSON output
 * format, expression representation: "Multi-step references will be unwrapped and duplicated for
 * each significant traversal step" (`aws_iam_policy.b[0].arn` comes with `aws_iam_policy.b[0]`
 * and `aws_iam_policy.b`), so the bare `aws_iam_policy.b` next to it names instance 0, not every
 * instance of a counted resource.
 */
export function withoutImpliedSteps(refs: readonly string[]): string[] {
  const kept = [...new Set(refs)];
  return kept.filter(
    (r) => !kept.some((o) => o.length > r.length && o.startsWith(r) && /^[.[]/.test(o.slice(r.length))),
  );
}

/** A list of references for a message: the first three, then how many more. */
function listed(refs: readonly string[]): string {
  return refs.length > 3 ? `${refs.slice(0, 3).join(', ')} and ${refs.length - 3} more` : refs.join(', ');
}
