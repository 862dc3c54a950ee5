// Which member accounts an organization policy (SCP or RCP) attached at a root or an OU governs:
// AWS Organizations inheritance. A policy attached at a root governs every account of the
// organization; one attached at an OU governs the accounts under that OU and under its child OUs,
// at any depth. AWS Organizations User Guide, "SCP evaluation"
// (orgs_manage_policies_scps_evaluation.html): "For a permission to be allowed for a specific
// account, there must be an explicit Allow statement at every level from the root through each
// OU in the direct path to the account (including the target account itself)" and a Deny "at any
// level" in that path denies; Organizations API Reference, ListParents: "In the current release,
// a child can have only a single parent". The adapters describe the tree the inputs hold (roots,
// OUs and their parents); a parent that is not known, or an OU whose parents are not in the
// inputs, leaves the answer open.

import { Unknown } from '../model/unknown.js';

/** A root or an OU of the inputs, by the label the adapter gives it (its id, or its address). */
export interface OrgTreeNode {
  /** The parent's label: undefined for a root; an Unknown when the inputs do not say. */
  parent: string | Unknown | undefined;
  root: boolean;
}

/** Whether a policy attached at a node governs an account: yes, no, or maybe (with why). */
export type OrgReach = true | false | Unknown;

/** The deepest OU nesting AWS Organizations allows is five; a longer walk is a cycle. */
const MAX_DEPTH = 16;

/**
 * Whether a policy attached at `target` (a root or OU label) governs an account whose parent is
 * `parent` (undefined: directly under the root; an Unknown: not known), in the tree `nodes`.
 * `isRoot(label)` says whether a label the tree does not hold is a root (an `r-…` id).
 */
export function orgPolicyReaches(
  target: string,
  parent: string | Unknown | undefined,
  nodes: ReadonlyMap<string, OrgTreeNode>,
  isRoot: (label: string) => boolean,
): OrgReach {
  // every account of the organization is under its root
  if (nodes.get(target)?.root || isRoot(target)) return true;
  let cur = parent;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (cur === undefined) return false;
    if (typeof cur !== 'string') return cur;
    if (cur === target) return true;
    const node = nodes.get(cur);
    if (!node) return isRoot(cur) ? false : outsideInputs(cur, parent);
    if (node.root) return false;
    cur = node.parent;
  }
  return false;
}

/** An OU the inputs do not describe: its own parents may be the target. */
function outsideInputs(label: string, from: string | Unknown | undefined): Unknown {
  return new Unknown(
    `the parents of ${label} are not in the inputs`,
    from instanceof Unknown ? from.source : undefined,
  );
}
