// The CSV rendering of an access matrix: one record per principal x resource x access level,
// RFC 4180 (comma-separated, CRLF line ends, fields with a comma, quote, CR or LF quoted with
// inner quotes doubled). Names come from templates, so a field that a spreadsheet would run as
// a formula (starting with = + - @ TAB or CR) gets a leading apostrophe (OWASP "CSV Injection").
// Federated entry points follow as records of principal kind `federated` (the provider) on the
// role they can assume, at the level of their STS action. `reasons`: why an indeterminate level
// (or entry point) is so (each reason's kind, words and source: analysis/decision-reasons.ts
// `reasonLine`); on a column whose policy iamspec
// does not model, "policy not modelled: might be open" first (every level indeterminate, no
// actions, as the other reports show it: unmodelled-columns.ts).

import type { Matrix } from '../analysis/types.js';
import { accessLevelOf } from '../catalog/actions.js';
import { formatSource } from '../model/source.js';
import { matrixPrincipalLabel, matrixResourceLabel, statementText } from './matrix-labels.js';
import { reasonLine } from '../analysis/decision-reasons.js';
import type { MatrixReportExtras } from './matrix-text.js';
import { POLICY_NOT_MODELLED, shownLevels } from './unmodelled-columns.js';

export const MATRIX_CSV_COLUMNS = [
  'principal',
  'principal_arn',
  'principal_kind',
  'resource',
  'resource_arn',
  'resource_kind',
  'level',
  'access',
  'actions',
  'conditions',
  'grants',
  'reasons',
] as const;

/** Quotes one field per RFC 4180 (and defuses spreadsheet formulas). */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Renders a matrix as CSV with a header record (and the federated entry points after it). */
export function formatMatrixCsv(matrix: Matrix, extras: MatrixReportExtras = {}): string {
  const records: string[][] = [[...MATRIX_CSV_COLUMNS]];
  matrix.principals.forEach((principal, p) => {
    matrix.resources.forEach((resource, r) => {
      const levels = shownLevels(resource, matrix.cells.at(p, r), matrix.levels.length);
      matrix.levels.forEach((level, l) => {
        const cell = levels[l];
        const reasons = (cell?.reasons ?? []).map(reasonLine);
        if (resource.policyNotModelled) reasons.unshift(POLICY_NOT_MODELLED);
        const actions = cell?.actions ?? [];
        const conditions = [...new Set(actions.flatMap((a) => a.conditions))];
        records.push([
          matrixPrincipalLabel(principal, matrix),
          principal.arn,
          principal.kind,
          matrixResourceLabel(resource, matrix.resources),
          resource.arn,
          resource.kind,
          level,
          cell?.access ?? 'deny',
          actions.map((a) => (a.access === 'allow' ? a.action : `${a.action} (${a.access})`)).join(' '),
          conditions.join('; '),
          (cell?.grants ?? []).map((g) => `${statementText(g)} at ${formatSource(g.source)}`).join('; '),
          reasons.join('; '),
        ]);
      });
    });
  });
  for (const e of extras.entryPoints ?? []) {
    const column = matrix.resources.find((r) => r.arn === e.role);
    records.push([
      e.callerLabel,
      e.caller,
      'federated',
      column ? matrixResourceLabel(column, matrix.resources) : e.roleName,
      e.role,
      column?.kind ?? 'iam-role',
      accessLevelOf(e.action) ?? 'Write',
      e.access,
      e.action,
      e.conditions.join('; '),
      e.grants.map((g) => `${statementText(g)} at ${formatSource(g.source)}`).join('; '),
      (e.reasons ?? []).map(reasonLine).join('; '),
    ]);
  }
  return records.map((rec) => `${rec.map(csvField).join(',')}\r\n`).join('');
}
