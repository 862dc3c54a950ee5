// The text rendering of an access matrix: a grid of principals (rows) by resources (columns)
// with one mark per access level in every cell, then the conditions of conditional cells, the
// indeterminate ones with the footnotes of their reasons (why each is indeterminate:
// matrix-reasons.ts), the role chains each principal can take, and the federated entry points
// (who outside AWS can become which role).

import { assumedText } from './assumed.js';
import { indeterminateCount, indeterminateCountText } from './verdict-counts.js';
import {
  entryPointRoleLabeller,
  entryPointText,
  type FederatedEntryPoint,
} from '../analysis/federated-trust.js';
import type { Matrix, MatrixCell } from '../analysis/types.js';
import { POLICY_NOT_MODELLED, shownLevels } from './unmodelled-columns.js';
import {
  combinedAccess,
  levelLetter,
  levelMark,
  matrixPrincipalLabeller,
  matrixPrincipalLabel,
  matrixResourceLabel,
} from './matrix-labels.js';
import { reasonLine } from '../analysis/decision-reasons.js';
import { cellReasons, ReasonFootnotes } from './matrix-reasons.js';

function pad(s: string, width: number): string {
  return s.length >= width ? s : s + ' '.repeat(width - s.length);
}

/** The marks of one cell: one character per level (see levelMark). */
export function cellMarks(matrix: Matrix, cells: MatrixCell[]): string {
  return matrix.levels.map((level, i) => levelMark(level, cells[i]?.access ?? 'deny')).join('');
}

/** `a, b, c` or `a, b, c and 40 more` */
function actionList(actions: string[]): string {
  const shown = actions.slice(0, 3).join(', ');
  return actions.length > 3 ? `${shown} and ${actions.length - 3} more` : shown;
}

/** What a matrix report shows besides the matrix. */
export interface MatrixReportExtras {
  /** Who outside AWS can become which role (`listFederatedEntryPoints`). */
  entryPoints?: readonly FederatedEntryPoint[];
}

/**
 * The role's label as its matrix column shows it, else `role NAME`, with where it is when another
 * of `entries` (the listing) has a role of that name elsewhere (src/model/same-names.ts).
 */
export function entryPointRoleLabel(
  matrix: Matrix,
  e: FederatedEntryPoint,
  entries: readonly FederatedEntryPoint[] = [e],
): string {
  const column = matrix.resources.find((r) => r.arn === e.role);
  return column
    ? `role ${matrixResourceLabel(column, matrix.resources)}`
    : entryPointRoleLabeller(entries)(e);
}

/** Renders a matrix as a plain-text grid with its legend, conditions, role chains and entry points. */
export function formatMatrixText(matrix: Matrix, extras: MatrixReportExtras = {}): string {
  const rowLabels = matrix.principals.map((p) => matrixPrincipalLabel(p, matrix));
  const colLabels = matrix.resources.map((r) => matrixResourceLabel(r, matrix.resources));
  const lines: string[] = [];
  lines.push(
    `Access matrix: ${matrix.principals.length} principal${matrix.principals.length === 1 ? '' : 's'} x ${matrix.resources.length} resource${matrix.resources.length === 1 ? '' : 's'}`,
  );
  lines.push(`Levels in each cell: ${matrix.levels.map((l) => `${levelLetter(l)} ${l}`).join(', ')}`);
  lines.push(
    'Marks: upper-case letter allow, lower-case letter conditional (see Conditions), ? indeterminate, . deny',
  );
  const open = indeterminateCount(matrix);
  if (open.verdicts) lines.push(`${indeterminateCountText(open)}.`);
  const assumed = assumedText(matrix.assumed);
  if (assumed) lines.push(assumed);
  lines.push('');
  if (!matrix.principals.length || !matrix.resources.length) {
    lines.push('(no principals or no resources to show)');
    return `${lines.join('\n')}\n`;
  }
  const firstWidth = Math.max('principal'.length, ...rowLabels.map((l) => l.length)) + 2;
  const widths = colLabels.map((c) => Math.max(c.length, matrix.levels.length) + 2);
  lines.push((pad('principal', firstWidth) + colLabels.map((c, i) => pad(c, widths[i]!)).join('')).trimEnd());
  matrix.principals.forEach((_, p) => {
    const row = matrix.resources.map((res, r) =>
      pad(cellMarks(matrix, shownLevels(res, matrix.cells.at(p, r), matrix.levels.length)), widths[r]!),
    );
    lines.push((pad(rowLabels[p]!, firstWidth) + row.join('')).trimEnd());
  });

  const conditional: string[] = [];
  const indeterminate: string[] = [];
  const footnotes = new ReasonFootnotes();
  const why = (reasons: ReturnType<typeof cellReasons>) =>
    reasons.length ? ` (why: ${footnotes.refs(reasons)})` : '';
  matrix.principals.forEach((_, p) => {
    matrix.resources.forEach((res, r) => {
      if (res.policyNotModelled) {
        const reasons = cellReasons(matrix.cells.at(p, r));
        indeterminate.push(`  ${rowLabels[p]} on ${colLabels[r]}: ${POLICY_NOT_MODELLED}${why(reasons)}`);
        return;
      }
      matrix.levels.forEach((level, l) => {
        const cell = matrix.cells.at(p, r)[l];
        if (!cell || (cell.access !== 'conditional' && cell.access !== 'indeterminate')) return;
        const where = `${rowLabels[p]} on ${colLabels[r]}, ${level}`;
        const target = cell.access === 'conditional' ? conditional : indeterminate;
        target.push(`  ${where}:${cell.access === 'indeterminate' ? why(cell.reasons ?? []) : ''}`);
        // Actions with the same conditions are listed together (an admin has dozens per level).
        const groups = new Map<string, string[]>();
        for (const a of cell.actions) {
          if (a.access === 'allow') continue;
          const key = `${a.access}\u0000${a.conditions.join('; ')}`;
          groups.set(key, [...(groups.get(key) ?? []), a.action]);
        }
        for (const [key, actions] of groups) {
          const [access, why] = key.split('\u0000') as [string, string];
          target.push(`    ${actionList(actions)} (${access})${why ? `: ${why}` : ''}`);
        }
      });
    });
  });
  if (conditional.length) lines.push('', 'Conditions (conditional cells):', ...conditional);
  if (indeterminate.length)
    lines.push('', 'Indeterminate cells (depend on values the inputs leave unknown):', ...indeterminate);
  if (footnotes.reasons.length)
    lines.push(
      '',
      'Why (what each indeterminate cell depends on):',
      ...footnotes.reasons.map((x, i) => `  [${i + 1}] ${reasonLine(x)}`),
    );

  const chains: string[] = [];
  const chainLabel = matrixPrincipalLabeller(matrix);
  matrix.principals.forEach((_, p) => {
    for (const chain of matrix.chains[p] ?? []) {
      const path = [rowLabels[p]!, ...chain.path.map((h) => chainLabel(h.role))].join(' → ');
      chains.push(`  ${path} (${combinedAccess(chain.path.map((h) => h.access))})`);
    }
  });
  if (chains.length) lines.push('', 'Role chains (roles each principal can assume, in turn):', ...chains);
  const entries = extras.entryPoints ?? [];
  if (entries.length)
    lines.push(
      '',
      'Federated entry points (who outside AWS can become which role, and on what conditions):',
      ...entries.map((e) => `  ${entryPointText(e, entryPointRoleLabel(matrix, e, entries))}`),
    );
  return `${lines.join('\n')}\n`;
}
