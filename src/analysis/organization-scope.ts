// Whether what "anyone" gets on a resource is given only to the principals of one organization or
// OU: every statement that grants it names any principal (`"*"`) under a condition that limits the
// caller's organization to fixed values, `StringEquals aws:PrincipalOrgID` (AWS RAM shares with an
// organization, bucket and function policies limited to one) or `ForAnyValue:StringLike
// aws:PrincipalOrgPaths` with paths that start with a fixed organization id (shares with an OU,
// `o-…/*/ou-…/*`). IAM User Guide, "AWS global condition context keys":
// aws:PrincipalOrgID "Use this key to compare the identifier of the organization in AWS
// Organizations to which the requesting principal belongs with the identifier specified in the
// policy"; anonymous callers and principals outside the organization have none, so such access is
// organization-wide, not public. The review reports it as such (risk-external-access.ts). Owns
// `organizationScopeOf`.

import type { Engine } from '../engine/engine.js';
import type { Source } from '../model/source.js';
import type { Statement } from '../policy/types.js';
import type { StatementRef } from './types.js';

/**
 * `organization o-…` / `OU o-…/…/ou-…` (several joined with ` or `) when every grant is a
 * resource-policy statement for any principal limited so; undefined otherwise (a grant not
 * found, or one some other principal may use).
 */
export function organizationScopeOf(
  model: Engine['model'],
  grants: readonly StatementRef[],
): string | undefined {
  if (!grants.length) return undefined;
  const bySource = resourceStatementsBySource(model);
  const scopes = new Set<string>();
  for (const g of grants) {
    if (g.stage !== 'resource' || !g.source) return undefined;
    const statements = (bySource.get(sourceKey(g.source)) ?? []).filter((st) => st.principal?.wildcard);
    if (!statements.length) return undefined;
    for (const st of statements) {
      const scope = organizationOf(st);
      if (!scope) return undefined;
      scopes.add(scope);
    }
  }
  return [...scopes].join(' or ');
}

/** The organization or OU a statement's condition limits the caller to, if it does with fixed values. */
function organizationOf(st: Statement): string | undefined {
  for (const c of st.conditions) {
    const key = c.key.toLowerCase();
    const fixed = c.values.filter((v): v is string => typeof v === 'string');
    if (!fixed.length || fixed.length !== c.values.length || c.ifExists) continue;
    if (
      key === 'aws:principalorgid' &&
      c.base === 'StringEquals' &&
      !c.set &&
      fixed.every((v) => !/[*?$]/.test(v))
    )
      return fixed.map((v) => `organization ${v}`).join(' or ');
    if (
      key === 'aws:principalorgpaths' &&
      c.base === 'StringLike' &&
      c.set === 'ForAnyValue' &&
      fixed.every((v) => /^o-[a-z0-9]+\//.test(v))
    )
      return fixed.map((v) => `organization path ${v}`).join(' or ');
  }
  return undefined;
}

const statementsCache = new WeakMap<Engine['model'], Map<string, Statement[]>>();

/** The statements of the model's resource policies by source (built once per model). */
function resourceStatementsBySource(model: Engine['model']): Map<string, Statement[]> {
  const cached = statementsCache.get(model);
  if (cached) return cached;
  const out = new Map<string, Statement[]>();
  statementsCache.set(model, out);
  for (const r of model.resources)
    for (const st of r.policy?.statements ?? []) {
      const k = sourceKey(st.source);
      const list = out.get(k) ?? [];
      list.push(st);
      out.set(k, list);
    }
  return out;
}

function sourceKey(s: Source): string {
  return `${s.file}|${s.pointer ?? ''}|${s.logicalId ?? ''}`;
}
