// The independent oracle the matrix tests compare with: every catalog action whose resource types
// can name a column's resource, of any service (an S3 bucket also as `bucket/*` for object
// actions; ssm:SendCommand names a bucket, sts:AssumeRole a role), decided one request at a time, and a matrix's own answers in the same shape.

import { decideAnyContext } from '../../src/analysis/free-decision.js';
import type { Matrix } from '../../src/analysis/types.js';
import {
  actionsOfService,
  allServicePrefixes,
  arnMatchesResourceType,
  resourceTypesOfService,
} from '../../src/catalog/index.js';
import type { Engine } from '../../src/engine/engine.js';
import type { RequestContext } from '../../src/engine/types.js';

/**
 * Does a resource type's ARN format spell the ARN's service (a format whose service field is a
 * variable, `arn:${Partition}:${Service}:…` as AWS Backup's recovery points, is left out, as
 * matrix/action-lists.ts `servicesActingOn` leaves it).
 */
function namesService(formats: readonly string[], arn: string): boolean {
  const service = arn.split(':')[2]!.toLowerCase();
  return formats.some((f) => (f.split(':')[2] ?? '').toLowerCase() === service);
}

const RANK: Record<string, number> = { allow: 3, conditional: 2, indeterminate: 1, deny: 0 };

/**
 * `principal resource action` → the widest access of deciding the action on each witness of the
 * resource one by one (deny included), for every row and column of `m`.
 */
export function decidedOneByOne(engine: Engine, m: Matrix, context?: RequestContext): Map<string, string> {
  const out = new Map<string, string>();
  // Per column: its witnesses and the actions of every service whose resource types name them.
  const columns = m.resources.map((r) => {
    const witnesses = [{ arn: r.arn, probe: r.arn }];
    if (r.kind === 's3-bucket') witnesses.push({ arn: `${r.arn}/*`, probe: `${r.arn}/some-object` });
    return witnesses.map((w) => {
      const actions: string[] = [];
      for (const svc of allServicePrefixes()) {
        const types = new Set(
          resourceTypesOfService(svc)
            .filter((rt) => namesService(rt.arns, w.probe) && arnMatchesResourceType(w.probe, rt))
            .map((rt) => rt.name),
        );
        if (!types.size) continue;
        for (const a of actionsOfService(svc))
          if (a.resourceTypes.some((t) => types.has(t.name))) actions.push(a.name);
      }
      return { arn: w.arn, actions };
    });
  });
  for (const p of m.principals)
    m.resources.forEach((r, ri) => {
      for (const w of columns[ri]!)
        for (const action of w.actions) {
          const request = { principal: p.arn, action, resource: w.arn };
          const d = decideAnyContext(engine, context ? { ...request, context } : request);
          const key = `${p.arn} ${r.arn} ${action}`;
          if ((RANK[d.access] ?? 0) >= (RANK[out.get(key) ?? 'deny'] ?? 0)) out.set(key, d.access);
        }
    });
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
