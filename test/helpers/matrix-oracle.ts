// The independent oracle the matrix tests compare with: every catalog action whose resource types
// can name a column's resource (an S3 bucket also as `bucket/*` for object actions; a role as iam
// and sts), decided one request at a time, and a matrix's own answers in the same shape.

import { decideAnyContext } from '../../src/analysis/free-decision.js';
import type { Matrix } from '../../src/analysis/types.js';
import { actionsOfService, arnMatchesResourceType, resourceTypesOfService } from '../../src/catalog/index.js';
import type { Engine } from '../../src/engine/engine.js';
import type { RequestContext } from '../../src/engine/types.js';

const RANK: Record<string, number> = { allow: 3, conditional: 2, indeterminate: 1, deny: 0 };

/**
 * `principal resource action` → the widest access of deciding the action on each witness of the
 * resource one by one (deny included), for every row and column of `m`.
 */
export function decidedOneByOne(engine: Engine, m: Matrix, context?: RequestContext): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of m.principals)
    for (const r of m.resources) {
      const witnesses = [{ arn: r.arn, probe: r.arn }];
      if (r.kind === 's3-bucket') witnesses.push({ arn: `${r.arn}/*`, probe: `${r.arn}/some-object` });
      const services = r.kind === 'iam-role' ? ['iam', 'sts'] : [r.arn.split(':')[2]!];
      for (const w of witnesses)
        for (const svc of services) {
          const types = new Set(
            resourceTypesOfService(svc)
              .filter((rt) => arnMatchesResourceType(w.probe, rt))
              .map((rt) => rt.name),
          );
          for (const a of actionsOfService(svc)) {
            if (!a.resourceTypes.some((t) => types.has(t.name))) continue;
            const request = { principal: p.arn, action: a.name, resource: w.arn };
            const d = decideAnyContext(engine, context ? { ...request, context } : request);
            const key = `${p.arn} ${r.arn} ${a.name}`;
            if ((RANK[d.access] ?? 0) >= (RANK[out.get(key) ?? 'deny'] ?? 0)) out.set(key, d.access);
          }
        }
    }
  return out;
}

/** `principal resource action` → the access the matrix's cells give each action they list. */
export function matrixAnswers(m: Matrix): Map<string, string> {
  const out = new Map<string, string>();
  m.principals.forEach((p, pi) => {
    m.resources.forEach((r, ri) => {
      for (const cell of m.cells.at(pi, ri))
        for (const a of cell.actions) out.set(`${p.arn} ${r.arn} ${a.action}`, a.access);
    });
  });
  return out;
}

/** The entries of `answers` other than deny, sorted, as an object (readable in a failed expect). */
export function nonDenyAnswers(answers: Map<string, string>): Record<string, string> {
  return Object.fromEntries([...answers].filter(([, v]) => v !== 'deny').sort());
}
