// The Markdown rendering of an access matrix (for pull-request comments and wikis): a table of
// principals by resources whose cells name the levels with access, conditional and
// indeterminate levels marked (an indeterminate level with the footnote numbers of its reasons,
// matrix-reasons.ts), then the conditions, the reasons, the role chains and the federated entry
// points (who outside AWS can become which role). Text from templates is
// escaped so that it cannot break the table or inject HTML.

import { assumedText } from './assumed.js';
import { indeterminateCount, indeterminateCountText } from './verdict-counts.js';
import { entryPointText } from '../analysis/federated-trust.js';
import type { Matrix, MatrixCell, MatrixResource } from '../analysis/types.js';
import { TRUST_ACTIONS } from '../engine/engine.js';
import { POLICY_NOT_MODELLED } from './unmodelled-columns.js';
import {
  combinedAccess,
  matrixPrincipalLabeller,
  matrixPrincipalLabel,
  matrixResourceLabel,
} from './matrix-labels.js';
import { reasonLine } from '../analysis/decision-reasons.js';
import { cellReasons, ReasonFootnotes } from './matrix-reasons.js';
import { entryPointRoleLabel, type MatrixReportExtras } from './matrix-text.js';
import { reviewTexts, standInLegend } from './stand-in-legend.js';

/** Escapes text for a Markdown table cell: HTML, table pipes, emphasis and link syntax, newlines. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1')
    .replace(/\r?\n|\r/g, ' ');
}

/**
 * The services of a level's actions when none is the resource's own (a role's `Write` that is
 * `ec2:AssociateEnclaveCertificateIamRole` reads `Write (ec2)`, not IAM write): other services'
 * actions that name the ARN are on the column too (analysis/matrix `servicesActingOn`). An action
 * the engine decides against the role's trust policy (`TRUST_ACTIONS`: sts:AssumeRole and the
 * other STS actions that name IAM roles) is the role's own.
 */
function otherServices(resourceArn: string, cell: MatrixCell | undefined): string {
  const own = resourceArn.split(':')[2]?.toLowerCase();
  const actions = cell?.actions ?? [];
  const services = new Set(actions.map((a) => a.action.split(':')[0]!.toLowerCase()));
  if (!own || !services.size || services.has(own)) return '';
  if (actions.some((a) => TRUST_ACTIONS.has(a.action.toLowerCase()))) return '';
  return ` (${[...services].sort().join(', ')})`;
}

function cellText(
  matrix: Matrix,
  cells: MatrixCell[],
  resource: MatrixResource,
  footnotes: ReasonFootnotes,
): string {
  const why = (reasons: MatrixCell['reasons']) => (reasons?.length ? ` ${footnotes.refs(reasons)}` : '');
  if (resource.policyNotModelled) return `${POLICY_NOT_MODELLED}${why(cellReasons(cells))}`;
  const resourceArn = resource.arn;
  const parts: string[] = [];
  matrix.levels.forEach((level, l) => {
    const access = cells[l]?.access ?? 'deny';
    if (access === 'deny') return;
    const name = `${level}${otherServices(resourceArn, cells[l])}`;
    if (access === 'allow') parts.push(name);
    else if (access === 'conditional') parts.push(`${name} (conditional)`);
    else if (access === 'indeterminate') parts.push(`${name} (indeterminate${why(cells[l]!.reasons)})`);
  });
  return parts.length ? parts.join(', ') : '—';
}

/** Renders a matrix as GitHub-flavoured Markdown. */
export function formatMatrixMarkdown(
  matrix: Matrix,
  title = 'Access matrix',
  extras: MatrixReportExtras = {},
): string {
  const out: string[] = [`## ${escapeMarkdown(title)}`, ''];
  out.push(
    `${matrix.principals.length} principals x ${matrix.resources.length} resources. Each cell lists the access levels (${matrix.levels.join(', ')}) the principal has on the resource; — means none.`,
    '',
  );
  const open = indeterminateCount(matrix);
  if (open.verdicts) out.push(`**${escapeMarkdown(indeterminateCountText(open))}.**`, '');
  const assumed = assumedText(matrix.assumed);
  if (assumed) out.push(`_${escapeMarkdown(assumed)}_`, '');
  const standIns = standInLegend(reviewTexts(matrix));
  if (standIns.length)
    out.push(
      'Names that stand for what the inputs leave open until deploy:',
      '',
      ...standIns.map((l) => `- \`${l.shown}\`: ${escapeMarkdown(l.meaning)}`),
      '',
    );
  if (!matrix.principals.length || !matrix.resources.length) return `${out.join('\n')}\n`;
  const labels = matrix.principals.map((p) => matrixPrincipalLabel(p, matrix));
  const footnotes = new ReasonFootnotes();
  out.push(
    `| Principal | ${matrix.resources.map((r) => escapeMarkdown(matrixResourceLabel(r, matrix.resources))).join(' | ')} |`,
  );
  out.push(`|---|${matrix.resources.map(() => '---').join('|')}|`);
  matrix.principals.forEach((_, p) => {
    const cells = matrix.resources.map((res, r) => cellText(matrix, matrix.cells.at(p, r), res, footnotes));
    out.push(`| ${escapeMarkdown(labels[p]!)} | ${cells.join(' | ')} |`);
  });

  const conditions: string[] = [];
  matrix.principals.forEach((_, p) => {
    matrix.resources.forEach((resource, r) => {
      matrix.levels.forEach((level, l) => {
        const cell = matrix.cells.at(p, r)[l];
        if (cell?.access !== 'conditional') return;
        const clauses = [...new Set(cell.actions.flatMap((a) => a.conditions))];
        conditions.push(
          `- ${escapeMarkdown(labels[p]!)} on ${escapeMarkdown(matrixResourceLabel(resource, matrix.resources))}, ${level}: ${clauses.map(escapeMarkdown).join('; ') || 'conditions not recorded'}`,
        );
      });
    });
  });
  if (conditions.length) out.push('', '### Conditions', '', ...conditions);
  if (footnotes.reasons.length)
    out.push(
      '',
      '### Why indeterminate',
      '',
      'What the indeterminate cells depend on (the numbers in the cells):',
      '',
      ...footnotes.reasons.map((x, i) => `${i + 1}. ${escapeMarkdown(reasonLine(x))}`),
    );

  const chains: string[] = [];
  const chainLabel = matrixPrincipalLabeller(matrix);
  matrix.principals.forEach((_, p) => {
    for (const chain of matrix.chains[p] ?? []) {
      const path = [labels[p]!, ...chain.path.map((h) => chainLabel(h.role))].map(escapeMarkdown);
      chains.push(`- ${path.join(' → ')} (${combinedAccess(chain.path.map((h) => h.access))})`);
    }
  });
  if (chains.length) out.push('', '### Role chains', '', ...chains);
  const entries = extras.entryPoints ?? [];
  if (entries.length)
    out.push(
      '',
      '### Federated entry points',
      '',
      'Who outside AWS can become which role, and on what conditions:',
      '',
      ...entries.map(
        (e) => `- ${escapeMarkdown(entryPointText(e, entryPointRoleLabel(matrix, e, entries)))}`,
      ),
    );
  return `${out.join('\n')}\n`;
}
