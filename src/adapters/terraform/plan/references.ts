// Links plan instances through the plan's configuration section: the `references` of an
// attribute's expression name resources (`aws_iam_policy.logs.arn`), data sources, input
// variables (followed into the calling module's `module_calls` expressions) and module outputs
// (followed into the child module's output expression). The result is the addresses of the
// instances an attribute points to, used when its value is known only after apply AND the
// configuration directory is at hand (load.ts: a plan read with its configuration evaluates the
// expression; these links stand where the configuration does not reach). A chain of
// references longer than MAX_REFERENCE_HOPS (variables and outputs through modules, or a cycle
// Terraform would reject) is not followed: the attribute then refers to nothing known (its
// target stays unknown, never a partial list), with a `tf/reference-too-deep` warning. A root
// input variable the plan gives no value for (a hand-made or partial plan) may name anything, as
// in configuration mode: an attribute whose references go through one refers to nothing known
// (its target stays unknown), never to the other references alone; so does one whose references
// go through a local value or `each.value`, which the configuration section does not show. A
// reference's implied steps (`aws_iam_policy.b` after `aws_iam_policy.b[0].arn`) name no other
// instance.
//
// A plan read ALONE links nothing (`PlanReferences.unpinned`). The expression itself is not in
// the plan, only what it refers to (Terraform "JSON Output Format", expression representation:
// "Each unevaluated expression in the configuration is represented with an
// <expression-representation> object"; "references" lists "references in the expression ...
// allowing callers to more easily recognize the objects they care about without attempting to
// parse the expressions"): `replace(aws_iam_policy.b.arn, "b", "c")`, `"${aws_iam_policy.b.arn}-x"`
// and `aws_iam_policy.b.arn` give the same list, `aws_iam_policy.p[count.index + 1].arn` the same
// as `aws_iam_policy.p[count.index].arn`. So a value the plan leaves unknown stays unknown: its
// reason names the address and attribute and says the configuration directory pins it
// (`unpinnedValues`), and one `tf/plan-value-unpinned` warning per plan names every value a
// handler would have linked (`unpinnedFinding`).

import type { Finding } from '../../../model/finding.js';
import { isUnknown, Unknown } from '../../../model/unknown.js';
import { markOpen, openAddress, type TfObject } from '../eval/values.js';
import { parseModuleAddress } from '../instances.js';
import { configModuleAt, expressionReferences, type PlanConfigModule } from './config-index.js';
import type { PlanData, PlanInstance } from './read-plan.js';

type Key = string | number | undefined;

/** Most variables and outputs followed from one attribute (module nesting is far shallower). */
export const MAX_REFERENCE_HOPS = 64;

const REF =
  /^(data\.)?([A-Za-z][A-Za-z0-9_-]*)\.([A-Za-z_][A-Za-z0-9_-]*)(?:\[(?:"((?:[^"\\]|\\.)*)"|(\d+))\])?/;

function keyText(k: Key): string {
  return k === undefined ? '' : typeof k === 'number' ? `[${k}]` : `[${JSON.stringify(k)}]`;
}

export class PlanReferences {
  private readonly byBase = new Map<string, PlanInstance[]>();
  private readonly moduleAddresses = new Set<string>();
  /** Warnings about references not followed (to add to the model). */
  readonly findings: Finding[] = [];
  private cutOff = false;
  /** Set while resolving when a root variable without a value in the plan takes part. */
  private open = false;
  /** A plan read alone: the attributes a handler asked to link, by `ADDRESS.ATTR`, with their references. */
  private readonly unlinked = new Map<string, string[]>();

  constructor(private readonly plan: PlanData) {
    for (const i of plan.instances) {
      if (i.action === 'delete') continue;
      const base = `${i.moduleAddress ? `${i.moduleAddress}.` : ''}${i.mode === 'data' ? 'data.' : ''}${i.type}.${i.name}`;
      const list = this.byBase.get(base) ?? [];
      list.push(i);
      this.byBase.set(base, list);
      let m = i.moduleAddress;
      while (m) {
        this.moduleAddresses.add(m);
        m = parentModule(m)?.parent ?? '';
      }
    }
  }

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

  /** Addresses of the instances an attribute refers to. */
  referencesOf(inst: PlanInstance, path: (string | number)[]): string[] {
    const expr = this.expression(inst, path);
    if (expr === undefined) return [];
    this.cutOff = false;
    this.open = false;
    const out = this.resolve(expressionReferences(expr), inst.moduleAddress, inst.key, 0);
    // A root variable without a value may name anything: no reference is the whole answer.
    if (this.open) return [];
    if (!this.cutOff) return out;
    const what = path.join('.');
    if (!this.findings.some((f) => f.source?.address === inst.address && f.message.includes(` ${what} `))) {
      this.findings.push({
        code: 'tf/reference-too-deep',
        severity: 'warning',
        message: `${inst.address}: the references of ${what} go through more than ${MAX_REFERENCE_HOPS} variables and module outputs and are not followed; what it refers to is unknown`,
        source: {
          file: this.plan.file,
          pointer: inst.pointer,
          address: inst.address,
          ...this.plan.locate?.(inst.pointer),
        },
      });
    }
    return [];
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
   * A plan read alone: what an attribute known only after apply refers to is not its value (see
   * the top of the module), so it is linked to nothing (the caller keeps the value unknown). The
   * attribute is recorded for `unpinnedFinding` when its expression refers to something.
   */
  unpinned(inst: PlanInstance, attr: string): string[] {
    const refs = this.listedReferences(inst, attr);
    if (refs.length) this.unlinked.set(`${inst.address}.${attr}`, refs);
    return [];
  }

  /**
   * A plan read alone: the instance's values with each top-level attribute the plan leaves unknown
   * and whose expression refers to something given a reason that names the address, the attribute
   * and what pins it (the values are otherwise the same object when nothing changes).
   */
  unpinnedValues(inst: PlanInstance, values: TfObject): TfObject {
    let out: TfObject | undefined;
    for (const [attr, v] of Object.entries(values)) {
      if (!isUnknown(v) || v.constructor !== Unknown) continue;
      const refs = this.listedReferences(inst, attr);
      if (!refs.length) continue;
      out ??= { ...values };
      out[attr] = new Unknown(
        `${inst.address}.${attr} is known only after apply; the plan records only what its expression refers to (${listed(refs)}), not the expression: give the configuration directory next to the plan to compute it`,
        v.source,
      );
    }
    if (!out) return values;
    const open = openAddress(values);
    return open === undefined ? out : markOpen(out, open);
  }

  /** A plan read alone: one warning naming every attribute a handler would have linked. */
  unpinnedFinding(): Finding | undefined {
    if (!this.unlinked.size) return undefined;
    const items = [...this.unlinked].map(([what, refs]) => `${what} (refers to ${listed(refs)})`);
    const shown = items.slice(0, 10).join(', ');
    const more = items.length > 10 ? ` and ${items.length - 10} more` : '';
    return {
      code: 'tf/plan-value-unpinned',
      severity: 'warning',
      message: `the plan is read without its configuration directory: ${items.length} value${items.length === 1 ? '' : 's'} known only after apply ${items.length === 1 ? 'is' : 'are'} not linked to what ${items.length === 1 ? 'its expression refers' : 'their expressions refer'} to (a plan records which objects an expression refers to, not the expression: replace(aws_iam_policy.b.arn, …) refers to aws_iam_policy.b too): ${shown}${more}; decisions that depend on them are indeterminate. Give the configuration directory next to the plan to compute them`,
      source: { file: this.plan.file },
    };
  }

  private resolve(refs: string[], moduleAddress: string, currentKey: Key, depth: number): string[] {
    if (depth > MAX_REFERENCE_HOPS) {
      this.cutOff = true;
      return [];
    }
    const out = new Set<string>();
    refs = withoutImpliedSteps(refs);
    const usesKey = refs.some((r) => r === 'count.index' || r === 'each.key');
    for (const ref of refs) {
      // A local value or each.value may hold any object (the plan's configuration shows neither
      // locals nor the for_each value): no other reference is the whole answer.
      if (/^(local|each)\./.test(ref) && ref !== 'each.key') {
        this.open = true;
        continue;
      }
      if (/^(count|path|terraform|self)\./.test(ref) || ref === 'each.key') continue;
      if (ref.startsWith('var.')) {
        const name = ref.slice(4).split(/[.[]/)[0]!;
        const parent = parentModule(moduleAddress);
        if (!parent) {
          if (!this.plan.variables.has(name)) this.open = true;
          continue;
        }
        const call = this.configModule(parent.parent)?.moduleCalls.get(parent.name);
        const expr = call?.expressions[name];
        if (expr === undefined) continue;
        for (const a of this.resolve(expressionReferences(expr), parent.parent, parent.key, depth + 1))
          out.add(a);
        continue;
      }
      if (ref.startsWith('module.')) {
        const m =
          /^module\.([A-Za-z0-9_-]+)(?:\[(?:"((?:[^"\\]|\\.)*)"|(\d+))\])?(?:\.([A-Za-z0-9_-]+))?/.exec(ref);
        if (!m) continue;
        const name = m[1]!;
        const key: Key =
          m[2] !== undefined ? JSON.parse(`"${m[2]}"`) : m[3] !== undefined ? Number(m[3]) : undefined;
        const output = m[4];
        if (!output) continue;
        const childBase = `${moduleAddress ? `${moduleAddress}.` : ''}module.${name}`;
        const child = this.configModule(childBase);
        const expr = child?.outputs.get(output);
        if (!expr) continue;
        const instances = [...this.moduleAddresses].filter(
          (a) =>
            a === childBase ||
            (a.startsWith(`${childBase}[`) && !a.slice(childBase.length).includes('.module.')),
        );
        const chosen =
          key !== undefined ? instances.filter((a) => a === `${childBase}${keyText(key)}`) : instances;
        for (const ci of chosen.length ? chosen : [childBase]) {
          for (const a of this.resolve(expressionReferences(expr), ci, undefined, depth + 1)) out.add(a);
        }
        continue;
      }
      const m = REF.exec(ref);
      if (!m) continue;
      const base = `${moduleAddress ? `${moduleAddress}.` : ''}${m[1] ?? ''}${m[2]}.${m[3]}`;
      const candidates = this.byBase.get(base);
      if (!candidates?.length) continue;
      const refKey: Key =
        m[4] !== undefined ? JSON.parse(`"${m[4]}"`) : m[5] !== undefined ? Number(m[5]) : undefined;
      let chosen = candidates;
      if (refKey !== undefined) chosen = candidates.filter((c) => c.key === refKey);
      else if (candidates.length > 1 && currentKey !== undefined && usesKey) {
        const same = candidates.filter((c) => c.key === currentKey);
        if (same.length) chosen = same;
      }
      for (const c of chosen) out.add(c.address);
    }
    return [...out];
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

/** `module.a["x"].module.b[0]` → parent `module.a["x"]`, name `b`, key 0. */
export function parentModule(address: string): { parent: string; name: string; key: Key } | undefined {
  const m = /(?:^|\.)module\.([A-Za-z0-9_-]+)(?:\[(?:"((?:[^"\\]|\\.)*)"|(\d+))\])?$/.exec(address);
  if (!m) return undefined;
  const parent = address.slice(0, m.index);
  const key: Key =
    m[2] !== undefined ? JSON.parse(`"${m[2]}"`) : m[3] !== undefined ? Number(m[3]) : undefined;
  return { parent, name: m[1]!, key };
}
