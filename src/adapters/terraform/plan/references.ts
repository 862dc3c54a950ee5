// Links plan instances through the plan's configuration section: the `references` of an
// attribute's expression name resources (`aws_iam_policy.logs.arn`), data sources, input
// variables (followed into the calling module's `module_calls` expressions) and module outputs
// (followed into the child module's output expression). The result is the addresses of the
// instances an attribute points to, used when its value is known only after apply. A chain of
// references longer than MAX_REFERENCE_HOPS (variables and outputs through modules, or a cycle
// Terraform would reject) is not followed: the attribute then refers to nothing known (its
// target stays unknown, never a partial list), with a `tf/reference-too-deep` warning. A root
// input variable the plan gives no value for (a hand-made or partial plan) may name anything, as
// in configuration mode: an attribute whose references go through one refers to nothing known
// (its target stays unknown), never to the other references alone; so does one whose references
// go through a local value or `each.value`, which the configuration section does not show. A
// reference's implied steps (`aws_iam_policy.b` after `aws_iam_policy.b[0].arn`) name no other
// instance. The expression itself is not in the plan (only what it refers to): a function of one
// reference (`replace(aws_iam_policy.b.arn, …)`) cannot be told from the reference itself.

import type { Finding } from '../../../model/finding.js';
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

/** `module.a["x"].module.b[0]` → parent `module.a["x"]`, name `b`, key 0. */
export function parentModule(address: string): { parent: string; name: string; key: Key } | undefined {
  const m = /(?:^|\.)module\.([A-Za-z0-9_-]+)(?:\[(?:"((?:[^"\\]|\\.)*)"|(\d+))\])?$/.exec(address);
  if (!m) return undefined;
  const parent = address.slice(0, m.index);
  const key: Key =
    m[2] !== undefined ? JSON.parse(`"${m[2]}"`) : m[3] !== undefined ? Number(m[3]) : undefined;
  return { parent, name: m[1]!, key };
}
