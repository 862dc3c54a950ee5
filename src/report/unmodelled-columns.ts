// The one state a report shows on a matrix column whose resource iamspec keeps only for a policy
// it does not model (`MatrixResource.policyNotModelled`: an unmodelled resource type, or a policy
// whose document is unknown): "policy not modelled: might be open", for every principal and level,
// as the review's public-access finding says "might be open" (risk-messages.ts). The actions the
// matrix evaluated there are the stand-in ARN's service's (`arn:aws:cloudformation:…:stack/…`),
// not the resource's, so no report lists them; the statements behind the cell and the reasons of
// its indeterminate levels are kept. The CSV writes the state in its `reasons` field.

import type { MatrixCell, MatrixResource } from '../analysis/types.js';

/** The state of every cell of such a column, in words. */
export const POLICY_NOT_MODELLED = 'policy not modelled: might be open';

/**
 * The levels a report shows for a cell of `resource`: as evaluated, or for a column whose policy
 * iamspec does not model, indeterminate at every level with no actions (its statements and
 * reasons kept).
 */
export function shownLevels(
  resource: MatrixResource,
  levels: readonly MatrixCell[],
  count: number,
): MatrixCell[] {
  if (!resource.policyNotModelled) return levels as MatrixCell[];
  const grants = levels.flatMap((c) => c?.grants ?? []);
  const unique = grants.filter((g, i) => grants.indexOf(g) === i);
  const why = levels.flatMap((c) => c?.reasons ?? []);
  const reasons = why.filter((x, i) => why.indexOf(x) === i);
  return Array.from({ length: count }, () => ({
    access: 'indeterminate' as const,
    actions: [],
    grants: unique,
    ...(reasons.length ? { reasons } : {}),
  }));
}
