// The HTML access review: one self-contained page (inline CSS and script, no external URL, no
// fetch) with, in its header, what iamspec could not pin down (the warnings about the inputs),
// the summary of risky grants (administrator-equivalent principals, wildcards,
// public or cross-account access, iam:PassRole on *, privilege escalation) with their
// statements and sources, the filterable access matrix whose every cell opens its explanation,
// and the role chains of each principal. All text is escaped (names come from templates).

import type {
  Access,
  ChainHop,
  Matrix,
  MatrixCell,
  MatrixPrincipal,
  MatrixResource,
  RiskFinding,
  StatementRef,
} from '../../analysis/types.js';
import { couldChangeVerdict } from '../../model/finding-codes.js';
import { formatSource } from '../../model/source.js';
import { annotateMadeUpNames, madeUpNamesOf } from '../../requests/element-names.js';
import { assumedText } from '../assumed.js';
import { chainGraphSvg } from './chain-graph.js';
import type { SpecWarning } from '../../spec/types.js';
import {
  combinedAccess,
  levelLetter,
  matrixPrincipalLabel,
  matrixResourceLabel,
  principalLabel,
  statementText,
} from '../matrix-labels.js';
import { severityCounts, warningCounts, warningPlace } from '../warnings.js';
import { escapeHtml, jsonForScript } from './escape.js';
import { REVIEW_SCRIPT } from './review-script.js';
import { REVIEW_CSS } from './review-style.js';

export interface AccessReviewInput {
  matrix: Matrix;
  risks: RiskFinding[];
  /** Page title (default `IAM access review`). */
  title?: string;
  /** When the review was generated (default: now). */
  generatedAt?: Date | string;
  /** The inputs the model was loaded from, listed in the header. */
  inputs?: string[];
  /**
   * The warnings about the inputs (what iamspec could not pin down, `inputWarnings(model)`),
   * summarised in the header with the list of them.
   */
  warnings?: readonly SpecWarning[];
  /** The changes of an access diff to highlight (`iamspec diff --format html`). */
  changes?: ReviewChanges;
}

/** What changed, for the review of a diff's new state: a section on top, and marked cells. */
export interface ReviewChanges {
  /** `3 principals gain access, 1 loses`. */
  headline: string;
  /** `"p:r"` (matrix indexes) → level index → what changed in that cell's level. */
  cells: Record<string, Record<number, ChangeMark>>;
  /** The changes in words, by principal (plain text; escaped here). */
  principals: { label: string; lines: string[] }[];
  /** Plain-text notes (base without findings...). */
  notes: string[];
}

export type ChangeMark = 'added' | 'removed' | 'changed';

const CHANGE_SIGN: Record<ChangeMark, string> = { added: '+', removed: '−', changed: '~' };

/** Risk kinds in the order the summary lists them, with their headings. */
export const RISK_KINDS: { kind: RiskFinding['kind']; title: string; why: string }[] = [
  {
    kind: 'admin-equivalent',
    title: 'Administrator-equivalent principals',
    why: 'can perform every action on every resource (or grant themselves that)',
  },
  {
    kind: 'privilege-escalation',
    title: 'Privilege escalation',
    why: 'permissions that let a principal raise its own privileges',
  },
  { kind: 'passrole-wildcard', title: 'iam:PassRole on *', why: 'can hand any role to a service' },
  {
    kind: 'public-access',
    title: 'Public access',
    why: 'resource policies that allow anyone (Principal "*")',
  },
  {
    kind: 'cross-account-access',
    title: 'Cross-account access',
    why: 'principals of other accounts that the policies let in',
  },
  {
    kind: 'weak-federated-trust',
    title: 'Weak federated trusts',
    why: 'roles that GitHub Actions, EKS, Cognito or SAML users can assume without conditions saying which',
  },
  {
    kind: 'federated-entry-point',
    title: 'Federated entry points',
    why: 'every role a web identity or SAML provider can assume, with the conditions that let its users in',
  },
  { kind: 'wildcard-action', title: 'Wildcard actions', why: 'Allow statements with "*" in Action' },
  { kind: 'wildcard-resource', title: 'Wildcard resources', why: 'Allow statements on Resource "*"' },
];

const SEVERITY_ORDER = { high: 0, medium: 1, low: 2 } as const;
const ACCESS_VALUES: Access[] = ['allow', 'conditional', 'indeterminate', 'deny'];

/** The data the page script reads to explain a cell (kept compact: grants are interned). */
interface ReviewData {
  levels: string[];
  principals: { label: string; arn: string; kind: string; source: string }[];
  resources: { name: string; arn: string; kind: string; source: string }[];
  grants: { text: string; source: string }[];
  /** `"p:r"` → per level: access, actions [action, access, conditions], grant indexes. */
  cells: Record<string, { a: Access; x: [string, string, string[]][]; g: number[] }[]>;
  chains: Record<number, true>;
}

function e(text: string): string {
  return escapeHtml(text);
}

function resourceLabel(r: MatrixResource): string {
  return matrixResourceLabel(r);
}

function statementItem(ref: StatementRef): string {
  return `<li>${e(statementText(ref))} <span class="src">at ${e(formatSource(ref.source))}</span></li>`;
}

function statementList(refs: StatementRef[]): string {
  if (!refs.length) return '<span class="note">(no statement recorded)</span>';
  return `<ul class="refs">${refs.map(statementItem).join('')}</ul>`;
}

function subjectLabel(subject: string, matrix: Matrix): string {
  const p = matrix.principals.find((x) => x.arn === subject);
  if (p) return matrixPrincipalLabel(p);
  const r = matrix.resources.find((x) => x.arn === subject);
  if (r) return resourceLabel(r);
  return principalLabel(subject);
}

function renderSummary(matrix: Matrix, risks: RiskFinding[]): string {
  // Findings name elements as the analyses do: made-up names get their construct path / address.
  const names = madeUpNamesOf([...matrix.principals, ...matrix.resources]);
  const byKind = new Map<RiskFinding['kind'], RiskFinding[]>();
  for (const r of risks) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r]);
  const counts = RISK_KINDS.map(({ kind, title }) => {
    const n = byKind.get(kind)?.length ?? 0;
    return `<li class="${n ? 'has' : 'none'}"><a href="#risk-${kind}">${e(title)}</a>: <strong>${n}</strong></li>`;
  }).join('');
  const sections = RISK_KINDS.map(({ kind, title, why }) => {
    const list = [...(byKind.get(kind) ?? [])].sort(
      (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.subject.localeCompare(b.subject),
    );
    const head = `<h3 id="risk-${kind}">${e(title)} <span class="note">(${list.length}; ${e(why)})</span></h3>`;
    if (!list.length)
      return `<section class="risk" data-kind="${kind}">${head}<p class="note">None found.</p></section>`;
    const rowsHtml = list
      .map(
        (f) =>
          `<tr><td><span class="sev sev-${f.severity}">${f.severity}</span></td>` +
          `<th scope="row" title="${e(f.subject)}">${e(annotateMadeUpNames(subjectLabel(f.subject, matrix), names))}</th>` +
          `<td>${e(annotateMadeUpNames(f.message, names))}</td><td>${statementList(f.statements)}</td></tr>`,
      )
      .join('');
    return (
      `<section class="risk" data-kind="${kind}">${head}<table class="findings"><thead><tr>` +
      '<th scope="col">Severity</th><th scope="col">Subject</th><th scope="col">Finding</th>' +
      `<th scope="col">Statements and sources</th></tr></thead><tbody>${rowsHtml}</tbody></table></section>`
    );
  }).join('');
  return `<section id="summary" aria-labelledby="summary-title"><h2 id="summary-title">Summary of risks</h2>
<ul class="counts">${counts}</ul>${sections}</section>`;
}

function cellAriaSummary(matrix: Matrix, cells: MatrixCell[]): string {
  const parts = matrix.levels
    .map((level, l) => [level, cells[l]?.access ?? 'deny'] as const)
    .filter(([, access]) => access !== 'deny')
    .map(([level, access]) => `${level} ${access}`);
  return parts.length ? parts.join(', ') : 'no access';
}

function badge(matrix: Matrix, level: number, cell: MatrixCell | undefined, change?: ChangeMark): string {
  const name = matrix.levels[level]!;
  const access = cell?.access ?? 'deny';
  const letter = levelLetter(name);
  const mark =
    access === 'allow'
      ? letter
      : access === 'conditional'
        ? `${letter}*`
        : access === 'indeterminate'
          ? `${letter}?`
          : '·';
  const actions = (cell?.actions ?? []).map((a) => a.action);
  const shown =
    actions.slice(0, 6).join(', ') + (actions.length > 6 ? `, … (${actions.length} actions)` : '');
  const title = `${name}: ${access}${shown ? ` (${shown})` : ''}${change ? ` (${change} by the change)` : ''}`;
  if (!change)
    return `<span class="lv ${access}" data-level="${level}" data-access="${access}" title="${e(title)}">${e(mark)}</span>`;
  return `<span class="lv ${access} chg chg-${change}" data-level="${level}" data-access="${access}" data-change="${change}" title="${e(title)}">${e(mark)}<sup aria-hidden="true">${CHANGE_SIGN[change]}</sup></span>`;
}

function renderMatrix(matrix: Matrix, changes?: ReviewChanges): string {
  const head = matrix.resources
    .map(
      (r, i) =>
        `<th scope="col" data-r="${i}" title="${e(r.arn)}">${e(resourceLabel(r))}<span class="kind">${e(r.kind)}</span></th>`,
    )
    .join('');
  const body = matrix.principals
    .map((p, pi) => {
      const label = matrixPrincipalLabel(p);
      const cells = matrix.resources
        .map((r, ri) => {
          const levels = matrix.cells[pi]?.[ri] ?? [];
          const marks = changes?.cells[`${pi}:${ri}`];
          const badges = matrix.levels.map((_, l) => badge(matrix, l, levels[l], marks?.[l])).join('');
          const changed = marks
            ? ` Changed: ${Object.entries(marks)
                .map(([l, m]) => `${matrix.levels[Number(l)]} ${m}`)
                .join(', ')}.`
            : '';
          const aria = `${label} on ${resourceLabel(r)}: ${cellAriaSummary(matrix, levels)}.${changed} Show the explanation`;
          return `<td data-r="${ri}"><button type="button" class="cell" id="cell-${pi}-${ri}" data-p="${pi}" data-r="${ri}" aria-expanded="false" aria-label="${e(aria)}">${badges}</button></td>`;
        })
        .join('');
      return `<tr class="principal" data-p="${pi}"><th scope="row" title="${e(p.arn)}">${e(label)}<span class="kind">${e(p.kind)}</span></th>${cells}</tr>`;
    })
    .join('\n');
  const levelBoxes = matrix.levels
    .map(
      (l, i) =>
        `<label><input type="checkbox" name="level" value="${i}" checked> ${e(l)} (${e(levelLetter(l))})</label>`,
    )
    .join('');
  const accessBoxes = ACCESS_VALUES.map(
    (a) => `<label><input type="checkbox" name="access" value="${a}" checked> ${a}</label>`,
  ).join('');
  return `<section id="access-matrix" aria-labelledby="matrix-title"><h2 id="matrix-title">Access matrix</h2>
<p class="note">Rows are principals, columns resources; each cell has one mark per access level. Request context
the inputs do not pin is free: <em>conditional</em> access holds only under some context. Select a cell for its
explanation: the actions, their conditions and the statements that grant them, with their sources.</p>
<div class="legend" aria-hidden="true"><span><span class="lv allow">L</span> allow</span>
<span><span class="lv conditional">L*</span> conditional</span><span><span class="lv indeterminate">L?</span> indeterminate</span>
<span><span class="lv deny">·</span> deny</span><span>${matrix.levels.map((l) => `${e(levelLetter(l))} = ${e(l)}`).join(', ')}</span></div>
<form id="filters" class="filters" role="search" onsubmit="return false">
<label class="text" for="filter-principal">Principals<input type="search" id="filter-principal" placeholder="name or ARN" autocomplete="off"></label>
<label class="text" for="filter-resource">Resources<input type="search" id="filter-resource" placeholder="name or ARN" autocomplete="off"></label>
<fieldset><legend>Access</legend>${accessBoxes}</fieldset>
<fieldset><legend>Levels</legend>${levelBoxes}</fieldset>
<fieldset><legend>Rows and columns</legend><label><input type="checkbox" id="hide-empty"> hide those where no access is shown</label></fieldset>
</form>
<p id="status" role="status" aria-live="polite">Showing ${matrix.principals.length} of ${matrix.principals.length} principals and ${matrix.resources.length} of ${matrix.resources.length} resources.</p>
<div class="scroll"><table id="matrix" class="matrix"><caption class="note">Access of ${matrix.principals.length} principals to ${matrix.resources.length} resources by access level</caption>
<thead><tr><th scope="col">Principal</th>${head}</tr></thead>
<tbody>
${body}
</tbody></table></div></section>`;
}

function hopHtml(hop: ChainHop): string {
  const conditions = hop.conditions.length
    ? `<ul>${hop.conditions.map((c) => `<li>only when ${e(c)}</li>`).join('')}</ul>`
    : '';
  return `<li>${e(principalLabel(hop.from))} assumes <strong>${e(principalLabel(hop.role))}</strong>: ${hop.access}${conditions}${statementList(hop.grants)}</li>`;
}

function renderChains(matrix: Matrix): string {
  const blocks: string[] = [];
  matrix.principals.forEach((p, pi) => {
    const chains = matrix.chains[pi] ?? [];
    if (!chains.length) return;
    const label = matrixPrincipalLabel(p);
    const items = chains
      .map((chain) => {
        const path = [label, ...chain.path.map((h) => principalLabel(h.role))].join(' → ');
        const access = combinedAccess(chain.path.map((h) => h.access));
        return `<li><strong>${e(path)}</strong> (${access})<ol class="hops">${chain.path.map(hopHtml).join('')}</ol></li>`;
      })
      .join('');
    blocks.push(`<h3 id="chains-${pi}">${e(label)}</h3><ul class="chains">${items}</ul>`);
  });
  const graph = chainGraphSvg(matrix);
  const body = blocks.length
    ? blocks.join('\n')
    : '<p class="note">No principal of the matrix can assume a role.</p>';
  return `<section id="role-chains" aria-labelledby="chains-title"><h2 id="chains-title">Role chains</h2>
<p class="note">Roles each principal can assume, in turn (sts:AssumeRole: the trust policy and the caller's permission at each hop).</p>
${graph ? `<figure class="chain-graph">${graph}<figcaption>Who can assume which role (dashed: conditional or indeterminate).</figcaption></figure>` : ''}
${body}</section>`;
}

function sourceOf(x: MatrixPrincipal | MatrixResource): string {
  return formatSource(x.source);
}

function reviewData(matrix: Matrix): ReviewData {
  const grants: ReviewData['grants'] = [];
  const grantIndex = new Map<string, number>();
  const intern = (ref: StatementRef): number => {
    const text = statementText(ref);
    const source = formatSource(ref.source);
    const key = `${text}\u0000${source}`;
    let i = grantIndex.get(key);
    if (i === undefined) {
      i = grants.length;
      grants.push({ text, source });
      grantIndex.set(key, i);
    }
    return i;
  };
  const cells: ReviewData['cells'] = {};
  matrix.principals.forEach((_, p) => {
    matrix.resources.forEach((__, r) => {
      const levels = matrix.cells[p]?.[r] ?? [];
      if (!levels.some((c) => c && (c.access !== 'deny' || c.grants.length || c.actions.length))) return;
      cells[`${p}:${r}`] = matrix.levels.map((_level, l) => {
        const c = levels[l];
        if (!c) return { a: 'deny' as Access, x: [], g: [] };
        return {
          a: c.access,
          x: c.actions.map((a) => [a.action, a.access, a.conditions] as [string, string, string[]]),
          g: c.grants.map(intern),
        };
      });
    });
  });
  const chains: ReviewData['chains'] = {};
  matrix.principals.forEach((_, p) => {
    if (matrix.chains[p]?.length) chains[p] = true;
  });
  return {
    levels: matrix.levels,
    principals: matrix.principals.map((p) => ({
      label: matrixPrincipalLabel(p),
      arn: p.arn,
      kind: p.kind,
      source: sourceOf(p),
    })),
    resources: matrix.resources.map((r) => ({
      name: resourceLabel(r),
      arn: r.arn,
      kind: r.kind,
      source: sourceOf(r),
    })),
    grants,
    cells,
    chains,
  };
}

/** Warnings listed in the header's table (the count says how many more there are). */
const LISTED_WARNINGS = 500;

/**
 * The header's part on the warnings about the inputs: one sentence with the counts (severity,
 * could change a verdict, by code), and the list of them (where, code, message) in a details
 * block. A review without warnings says so.
 */
function renderWarnings(warnings: readonly SpecWarning[] | undefined): string {
  if (!warnings) return '';
  if (!warnings.length) {
    return '<p class="warnings none" id="input-warnings">No warnings about the inputs: iamspec pinned down everything it read.</p>';
  }
  const verdict = warnings.filter((w) => couldChangeVerdict(w.code)).length;
  const rows = warnings
    .slice(0, LISTED_WARNINGS)
    .map(
      (w) =>
        `<tr class="${couldChangeVerdict(w.code) ? 'verdict' : 'info'}"><td><span class="sev sev-${w.severity === 'error' ? 'high' : w.severity === 'warning' ? 'medium' : 'low'}">${e(w.severity)}</span></td>` +
        `<td><code>${e(w.code)}</code></td><td class="src">${e(warningPlace(w) ?? '')}</td><td>${e(w.message)}</td>` +
        `<td>${couldChangeVerdict(w.code) ? 'yes' : 'no'}</td></tr>`,
    )
    .join('');
  const more =
    warnings.length > LISTED_WARNINGS
      ? `<p class="note">… and ${warnings.length - LISTED_WARNINGS} more (iamspec check --format json lists them all).</p>`
      : '';
  return `<section class="warnings" id="input-warnings" aria-labelledby="warnings-title">
<p id="warnings-title"><strong>What iamspec could not pin down:</strong> the inputs have ${e(severityCounts(warnings))}, ${verdict} of which could change a verdict (${e(warningCounts(warnings))}).${verdict ? ' Cells marked indeterminate depend on such warnings.' : ''}</p>
<details><summary>Warnings about the inputs (${warnings.length})</summary>
<table class="findings"><thead><tr><th scope="col">Severity</th><th scope="col">Code</th><th scope="col">Where</th><th scope="col">Message</th><th scope="col">Could change a verdict</th></tr></thead>
<tbody>${rows}</tbody></table>${more}</details>
</section>`;
}

function renderChanges(changes: ReviewChanges): string {
  const blocks = changes.principals
    .map(
      (p) =>
        `<h3>${e(p.label)}</h3><ul class="changes">${p.lines.map((l) => `<li>${e(l)}</li>`).join('')}</ul>`,
    )
    .join('\n');
  const notes = changes.notes.map((n) => `<p class="note">${e(n)}</p>`).join('');
  return `<section id="changes" aria-labelledby="changes-title"><h2 id="changes-title">Changes: ${e(changes.headline)}</h2>
<p class="note">Cells whose access the change adds (+), removes (−) or changes (~) are outlined in the matrix below.</p>
${blocks || '<p class="note">No access change.</p>'}${notes}</section>`;
}

/** Renders the access review as one self-contained HTML document. */
export function renderAccessReview(input: AccessReviewInput): string {
  const { matrix, risks } = input;
  const title = input.title ?? 'IAM access review';
  const at = input.generatedAt ?? new Date();
  const generated = typeof at === 'string' ? at : at.toISOString();
  const inputs = input.inputs?.length
    ? `<p>Inputs:</p><ul>${input.inputs.map((i) => `<li><code>${e(i)}</code></li>`).join('')}</ul>`
    : '';
  const high = risks.filter((r) => r.severity === 'high').length;
  const assumed = assumedText(matrix.assumed);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="iamspec">
<title>${e(title)}</title>
<style>${REVIEW_CSS}</style>
</head>
<body>
<header>
<h1>${e(title)}</h1>
<div class="meta"><p>Generated by iamspec at <time datetime="${e(generated)}">${e(generated)}</time>:
${matrix.principals.length} principals, ${matrix.resources.length} resources, ${risks.length} findings (${high} high).</p>${assumed ? `<p class="assumed" id="assumed">${e(assumed)}</p>` : ''}${inputs}</div>
${renderWarnings(input.warnings)}
<nav aria-label="Sections">${input.changes ? '<a href="#changes">Changes</a> · ' : ''}<a href="#summary">Summary of risks</a> · <a href="#access-matrix">Access matrix</a> · <a href="#role-chains">Role chains</a></nav>
</header>
<main>
${input.changes ? renderChanges(input.changes) : ''}
${renderSummary(matrix, risks)}
${renderMatrix(matrix, input.changes)}
${renderChains(matrix)}
</main>
<script type="application/json" id="review-data">${jsonForScript(reviewData(matrix))}</script>
<script>${REVIEW_SCRIPT}</script>
</body>
</html>
`;
}
