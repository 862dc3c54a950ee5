// The HTML rendering of an access diff (`iamspec diff --format html`): the access review of the
// new state (src/report/html/access-review.ts: risks, the matrix with an explanation for every
// cell, role chains) with the changes on top and, in the matrix, every level whose access the
// change adds, removes or changes outlined and marked (+ − ~); its header has the new state's
// warnings about the inputs, as the matrix review's.

import { membershipChangeText } from '../analysis/diff/memberships.js';
import type { AccessDiff } from '../analysis/diff/types.js';
import type { Matrix, RiskFinding } from '../analysis/types.js';
import { getAction } from '../catalog/index.js';
import { groupByPrincipal, headline, type ChangeKind } from './diff-groups.js';
import { grantLine, groupHeadline } from './diff-text.js';
import type { SpecWarning } from '../spec/types.js';
import type { FindingPlaces } from './finding-places.js';
import { type ChangeMark, renderAccessReview, type ReviewChanges } from './html/access-review.js';

export interface DiffHtmlInput {
  diff: AccessDiff;
  /** The new state's access matrix (with roles as columns for a diff of two models). */
  matrix: Matrix;
  /** The new state's risk findings. */
  risks: RiskFinding[];
  title?: string;
  inputs?: string[];
  generatedAt?: Date | string;
  /** The new state's finding places (`findingPlaces(model)`), listed with each finding's statements. */
  places?: FindingPlaces;
  /**
   * The new state's warnings about the inputs (`inputWarnings(model)`): the review's header says
   * what iamspec could not pin down, as the matrix review does (stderr prints the same ones).
   */
  warnings?: readonly SpecWarning[];
}

const PRIORITY: Record<ChangeMark, number> = { added: 3, changed: 2, removed: 1 };
const KIND_MARK: Record<ChangeKind, ChangeMark> = { added: 'added', changed: 'changed', removed: 'removed' };

/** The marked cells of the matrix: `"p:r"` → level index → mark. */
export function changedCells(diff: AccessDiff, matrix: Matrix): ReviewChanges['cells'] {
  const rows = new Map(matrix.principals.map((p, i) => [p.arn, i]));
  const cols = new Map(matrix.resources.map((r, i) => [r.arn, i]));
  const out: ReviewChanges['cells'] = {};
  for (const kind of ['added', 'changed', 'removed'] as const) {
    diff.changes.forEach(kind, (c) => {
      if (c.via) return;
      const p = rows.get(c.principal);
      const r =
        cols.get(c.resource) ?? (c.resource.endsWith('/*') ? cols.get(c.resource.slice(0, -2)) : undefined);
      const level = matrix.levels.indexOf(getAction(c.action)?.accessLevel as Matrix['levels'][number]);
      if (p === undefined || r === undefined || level < 0) return;
      const key = `${p}:${r}`;
      const marks = out[key] ?? {};
      out[key] = marks;
      const mark = KIND_MARK[kind];
      const prev = marks[level];
      if (!prev || PRIORITY[mark] > PRIORITY[prev]) marks[level] = mark;
    });
  }
  return out;
}

/**
 * The number of changes on resources outside the inputs (witness columns, diff/outside-compare.ts):
 * the matrix has the inputs' resources and roles as columns only, so no cell marks them.
 */
export function outsideChangeCount(diff: AccessDiff): number {
  let n = 0;
  for (let k = 0; k < diff.changes.size; k++)
    if (diff.labels.resources[diff.changes.resourceAt(k)]?.kind === 'outside')
      n += diff.changes.entriesAt(k).length;
  return n;
}

/** Renders the diff as the new state's access review with the changes highlighted. */
export function formatDiffHtml(input: DiffHtmlInput): string {
  const { diff, matrix } = input;
  const principals = groupByPrincipal(diff).map((p) => ({
    label: `${p.label} (${p.kind})`,
    lines: [
      ...(diff.labels.principals[p.principal]?.memberships ?? []).map(membershipChangeText),
      ...p.groups.flatMap((g) => [groupHeadline(diff, g), ...g.grants.map((s) => `    by ${grantLine(s)}`)]),
    ],
  }));
  const outside = outsideChangeCount(diff);
  const notes = [
    ...(outside
      ? [
          `${outside === 1 ? '1 change' : `${outside} changes`} on resources outside the inputs ${outside === 1 ? 'has' : 'have'} no column in the matrix (its columns are the inputs' resources and roles): listed above under ${outside === 1 ? 'its principal' : 'their principals'}, on "resources outside the inputs matching" the ARN format ${outside === 1 ? 'it stands' : 'they stand'} for`,
        ]
      : []),
    ...diff.notes,
    ...diff.risks.added.map((f) => `New risk finding [${f.severity}]: ${f.message}`),
    ...diff.risks.removed.map((f) => `Risk finding resolved [${f.severity}]: ${f.message}`),
  ];
  return renderAccessReview({
    matrix,
    risks: input.risks,
    title: input.title ?? 'IAM access review: changes',
    ...(input.inputs ? { inputs: input.inputs } : {}),
    ...(input.generatedAt ? { generatedAt: input.generatedAt } : {}),
    ...(input.places ? { places: input.places } : {}),
    ...(input.warnings ? { warnings: input.warnings } : {}),
    changes: { headline: headline(diff), cells: changedCells(diff, matrix), principals, notes },
  });
}
