// The HTML access review: one self-contained page (inline CSS and script, no external URL, no
// fetch) with, in its header, what iamspec could not pin down (the warnings about the inputs),
// the summary of risky grants (administrator-equivalent principals, wildcards,
// public or cross-account access, iam:PassRole on *, privilege escalation) with their
// statements and sources, the filterable access matrix whose every cell opens its explanation,
// and the role chains of each principal. All text is escaped (names come from templates).

import { indeterminateLines } from '../../analysis/indeterminate.js';
import type { Access, ChainHop, Matrix, RiskFinding, StatementRef } from '../../analysis/types.js';
import { couldChangeVerdict } from '../../model/finding-codes.js';
import { formatSource } from '../../model/source.js';
import { annotateMadeUpNames, madeUpNamesOf } from '../../requests/element-names.js';
import { assumedText } from '../assumed.js';
import { chainGraphSvg } from './chain-graph.js';
import type { SpecWarning } from '../../spec/types.js';
import {
  combinedAccess,
  levelLetter,
  matrixPrincipalLabeller,
  matrixPrincipalLabel,
  matrixResourceLabel,
  principalLabel,
  statementText,
} from '../matrix-labels.js';
import { type StandInLegendLine, reviewTexts, standInLegend } from '../stand-in-legend.js';
import { indeterminateCount, indeterminateCountText } from '../verdict-counts.js';
import { severityCounts, warningCounts, warningPlace } from '../warnings.js';
import { escapeHtml, jsonForScript } from './escape.js';
import { renderFirstLook } from './first-look.js';
import { statementList } from './statement-list.js';
import { findingWhy, whyList } from './why-list.js';
import type { FindingPlaces } from '../finding-places.js';
import { messageWithoutListedReasons } from '../finding-message.js';
import { reviewData } from './review-data.js';
import { RISK_KINDS } from '../risk-kinds.js';
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
  /**
   * Where each finding is beyond its statements (`findingPlaces(model)`: the line attaching an AWS
   * managed policy, the subject's definition), listed with them.
   */
  places?: FindingPlaces;
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

const SEVERITY_ORDER = { high: 0, medium: 1, low: 2 } as const;
const ACCESS_VALUES: Access[] = ['allow', 'conditional', 'indeterminate', 'deny'];

function e(text: string): string {
  return escapeHtml(text);
}

/** Labels of the matrix's principals and resources by ARN (risk subjects name them). */
function subjectLabels(matrix: Matrix): Map<string, string> {
  const labels = new Map<string, string>();
  for (const r of matrix.resources)
    if (!labels.has(r.arn)) labels.set(r.arn, matrixResourceLabel(r, matrix.resources));
  for (const p of matrix.principals) labels.set(p.arn, matrixPrincipalLabel(p, matrix));
  return labels;
}

/** Entries of a long list shown in the page as it opens; the others wait in a <template>. */
export const LISTED_ENTRIES = 100;

/**
 * The first LISTED_ENTRIES of `items` as markup, and the others in an inert <template> that a
 * "Show the other N" button appends to the element `targetId` (review-script.ts), so that an
 * organisation's thousands of findings or chains cost the page nothing until asked for.
 */
function lazyList(items: string[], targetId: string, what: string): { shown: string; more: string } {
  if (items.length <= LISTED_ENTRIES) return { shown: items.join(''), more: '' };
  const rest = items.length - LISTED_ENTRIES;
  return {
    shown: items.slice(0, LISTED_ENTRIES).join(''),
    more:
      `<template id="${targetId}-more">${items.slice(LISTED_ENTRIES).join('')}</template>` +
      `<button type="button" class="show-more" data-template="${targetId}-more" data-target="${targetId}">Show the other ${rest} ${what}</button>`,
  };
}

/**
 * The findings of each kind past the first LISTED_ENTRIES, as data the page turns into rows when
 * asked (review-script.ts; the same markup as the rows above them): an organisation has thousands
 * of findings, and as markup they would be a third of its page. `s`: strings; per kind, rows of
 * [severity, subject label, subject ARN, message, statement indexes], and for an indeterminate
 * finding also [why: string indexes of its reasons' lines, how many more reasons] (why-list.ts);
 * `g`: statements, two string indexes each (the statement in words, its source).
 */
type MoreFindingRow =
  | [string, number, number, number, number[]]
  | [string, number, number, number, number[], number[], number];

interface MoreFindings {
  s: string[];
  kinds: Partial<Record<RiskFinding['kind'], MoreFindingRow[]>>;
  g: number[];
}

function moreFindings(places: FindingPlaces | undefined): {
  data: MoreFindings;
  add: (kind: RiskFinding['kind'], f: RiskFinding, label: string) => void;
} {
  const data: MoreFindings = { s: [], kinds: {}, g: [] };
  const strings = new Map<string, number>();
  const grants = new Map<string, number>();
  const str = (text: string): number => {
    let i = strings.get(text);
    if (i === undefined) {
      i = data.s.length;
      data.s.push(text);
      strings.set(text, i);
    }
    return i;
  };
  const grant = (ref: StatementRef): number => entry(statementText(ref), formatSource(ref.source));
  const entry = (text: string, source: string): number => {
    const key = `${text}\u0000${source}`;
    let i = grants.get(key);
    if (i === undefined) {
      i = data.g.length / 2;
      data.g.push(str(text), str(source));
      grants.set(key, i);
    }
    return i;
  };
  const add = (kind: RiskFinding['kind'], f: RiskFinding, label: string): void => {
    const rows = data.kinds[kind] ?? [];
    data.kinds[kind] = rows;
    const row: MoreFindingRow = [
      f.severity,
      str(label),
      str(f.subject),
      str(messageWithoutListedReasons(f.message, f.indeterminate)),
      [...f.statements.map(grant), ...(places?.(f) ?? []).map((p) => entry(p.text, formatSource(p.source)))],
    ];
    const why = f.indeterminate;
    rows.push(why ? [...row, indeterminateLines({ reasons: why.reasons }).map(str), why.more ?? 0] : row);
  };
  return { data, add };
}

function renderSummary(
  matrix: Matrix,
  risks: RiskFinding[],
  places: FindingPlaces | undefined,
): { html: string; more: MoreFindings | undefined } {
  // Findings name elements as the analyses do: made-up names get their construct path / address.
  const names = madeUpNamesOf([...matrix.principals, ...matrix.resources]);
  const labels = subjectLabels(matrix);
  const byKind = new Map<RiskFinding['kind'], RiskFinding[]>();
  for (const r of risks) {
    const list = byKind.get(r.kind);
    if (list) list.push(r);
    else byKind.set(r.kind, [r]);
  }
  const more = moreFindings(places);
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
    const label = (f: RiskFinding) =>
      annotateMadeUpNames(labels.get(f.subject) ?? principalLabel(f.subject), names);
    const rows = list
      .slice(0, LISTED_ENTRIES)
      .map(
        (f) =>
          `<tr><td><span class="sev sev-${f.severity}">${f.severity}</span></td>` +
          `<th scope="row" title="${e(f.subject)}">${e(label(f))}</th>` +
          `<td>${e(annotateMadeUpNames(messageWithoutListedReasons(f.message, f.indeterminate), names))}${findingWhy(f)}</td><td>${statementList(f.statements, places?.(f))}</td></tr>`,
      )
      .join('');
    for (const f of list.slice(LISTED_ENTRIES))
      more.add(kind, { ...f, message: annotateMadeUpNames(f.message, names) }, label(f));
    const button =
      list.length > LISTED_ENTRIES
        ? `<button type="button" class="show-more" data-risks="${kind}" data-target="risk-rows-${kind}">Show the other ${list.length - LISTED_ENTRIES} findings</button>`
        : '';
    return (
      `<section class="risk" data-kind="${kind}">${head}<table class="findings"><thead><tr>` +
      '<th scope="col">Severity</th><th scope="col">Subject</th><th scope="col">Finding</th>' +
      `<th scope="col">Statements and sources</th></tr></thead><tbody id="risk-rows-${kind}">${rows}</tbody></table>${button}</section>`
    );
  }).join('');
  return {
    html: `<section id="summary" aria-labelledby="summary-title"><h2 id="summary-title">Summary of risks</h2>
<ul class="counts">${counts}</ul>${sections}</section>`,
    more: Object.keys(more.data.kinds).length ? more.data : undefined,
  };
}

function renderMatrix(matrix: Matrix): string {
  const levelBoxes = matrix.levels
    .map(
      (l, i) =>
        `<label><input type="checkbox" name="level" value="${i}" checked> ${e(l)} (${e(levelLetter(l))})</label>`,
    )
    .join('');
  const accessBoxes = ACCESS_VALUES.map(
    (a) => `<label><input type="checkbox" name="access" value="${a}" checked> ${a}</label>`,
  ).join('');
  const np = matrix.principals.length;
  const nr = matrix.resources.length;
  // The rows and columns in view are drawn by the page script from the data (review-script.ts).
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
<p id="status" role="status" aria-live="polite">Showing ${np} of ${np} principals and ${nr} of ${nr} resources.</p>
<p class="note keys">In the matrix, the arrow keys, Home, End, Page Up and Page Down move between cells; Enter opens a cell's explanation.</p>
<noscript><p class="warnings">The access matrix is drawn by the page's script: allow JavaScript for this file, or use <code>iamspec matrix --format csv</code>.</p></noscript>
<div class="scroll" id="matrix-scroll"><table id="matrix" class="matrix" aria-rowcount="${np + 1}" aria-colcount="${nr + 1}"><caption class="note">Access of ${np} principals to ${nr} resources by access level</caption>
<thead><tr aria-rowindex="1"><th scope="col">Principal</th></tr></thead>
<tbody></tbody></table></div></section>`;
}

function hopHtml(hop: ChainHop, label: (arn: string) => string): string {
  const conditions = hop.conditions.length
    ? `<ul>${hop.conditions.map((c) => `<li>only when ${e(c)}</li>`).join('')}</ul>`
    : '';
  // an indeterminate hop's reasons, each with where its unknown is (chains.ts `decideHop`)
  const why = whyList(hop.why);
  return `<li>${e(label(hop.from))} assumes <strong>${e(label(hop.role))}</strong>: ${hop.access}${conditions}${why}${statementList(hop.grants)}</li>`;
}

function renderChains(matrix: Matrix): string {
  const blocks: string[] = [];
  matrix.principals.forEach((p, pi) => {
    const chains = matrix.chains[pi] ?? [];
    if (!chains.length) return;
    const label = matrixPrincipalLabel(p, matrix);
    const chainLabel = matrixPrincipalLabeller(matrix);
    const items = chains
      .map((chain) => {
        const path = [label, ...chain.path.map((h) => chainLabel(h.role))].join(' → ');
        const access = combinedAccess(chain.path.map((h) => h.access));
        return `<li><strong>${e(path)}</strong> (${access})<ol class="hops">${chain.path.map((h) => hopHtml(h, chainLabel)).join('')}</ol></li>`;
      })
      .join('');
    blocks.push(
      `<div class="chain-block"><h3 id="chains-${pi}">${e(label)}</h3><ul class="chains">${items}</ul></div>`,
    );
  });
  const graph = blocks.length <= CHAIN_GRAPH_PRINCIPALS ? chainGraphSvg(matrix) : '';
  const figure = graph
    ? `<figure class="chain-graph">${graph}<figcaption>Who can assume which role (dashed: conditional or indeterminate).</figcaption></figure>`
    : blocks.length
      ? `<p class="note">The graph of who can assume which role is drawn for up to ${CHAIN_GRAPH_PRINCIPALS} principals; ${blocks.length} principals can assume roles here, listed below.</p>`
      : '';
  const list = lazyList(blocks, 'chain-list', 'principals with role chains');
  const body = blocks.length
    ? `<div id="chain-list">${list.shown}</div>${list.more}`
    : '<p class="note">No principal of the matrix can assume a role.</p>';
  return `<section id="role-chains" aria-labelledby="chains-title"><h2 id="chains-title">Role chains</h2>
<p class="note">Roles each principal can assume, in turn (sts:AssumeRole: the trust policy and the caller's permission at each hop).</p>
${figure}
${body}</section>`;
}

/** Principals with role chains up to which the page draws the graph of them. */
const CHAIN_GRAPH_PRINCIPALS = 60;

/** Warnings listed in the header's table (the count says how many more there are). */
const LISTED_WARNINGS = 500;

/**
 * The header's part on the warnings about the inputs: one sentence with the counts (severity,
 * could change a verdict, by code), and the list of them (where, code, message) in a details
 * block. A review without warnings says so.
 */
function renderWarnings(warnings: readonly SpecWarning[] | undefined, standIns: boolean): string {
  if (!warnings) return '';
  if (!warnings.length) {
    // Names left open until deploy are no warning, but the inputs did not pin them down.
    return standIns
      ? '<p class="warnings none" id="input-warnings">No warnings about the inputs; some names are known only at deploy (see the names below).</p>'
      : '<p class="warnings none" id="input-warnings">No warnings about the inputs: iamspec pinned down everything it read.</p>';
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

/** What the stand-ins the review shows mean (stand-in-legend.ts), when it shows some. */
function renderStandIns(lines: readonly StandInLegendLine[]): string {
  if (!lines.length) return '';
  const items = lines.map((l) => `<li><code>${e(l.shown)}</code>: ${e(l.meaning)}</li>`).join('');
  return `<div class="stand-ins" id="stand-ins"><p>Names that stand for what the inputs leave open until deploy:</p><ul>${items}</ul></div>`;
}

function renderChanges(changes: ReviewChanges): string {
  const blocks = changes.principals.map(
    (p) =>
      `<div class="change-block"><h3>${e(p.label)}</h3><ul class="changes">${p.lines.map((l) => `<li>${e(l)}</li>`).join('')}</ul></div>`,
  );
  const list = lazyList(blocks, 'change-list', 'principals whose access changes');
  const notes = changes.notes.map((n) => `<p class="note">${e(n)}</p>`).join('');
  return `<section id="changes" aria-labelledby="changes-title"><h2 id="changes-title">Changes: ${e(changes.headline)}</h2>
<p class="note">Cells whose access the change adds (+), removes (−) or changes (~) are outlined in the matrix below.</p>
${blocks.length ? `<div id="change-list">${list.shown}</div>${list.more}` : '<p class="note">No access change.</p>'}${notes}</section>`;
}

/**
 * The header's count of indeterminate verdicts (verdict-counts.ts, the JSON's cells counted the
 * same way), with a button that shows only them in the matrix (review-script.ts).
 */
function renderIndeterminateCount(matrix: Matrix): string {
  const count = indeterminateCount(matrix);
  const button = count.verdicts
    ? ' <button type="button" id="only-indeterminate">Show only indeterminate verdicts in the matrix</button>'
    : '';
  return `<p id="indeterminate-count" data-verdicts="${count.verdicts}" data-cells="${count.cells}"${count.verdicts ? ' class="open"' : ''}>${e(indeterminateCountText(count))}.${button}</p>`;
}

/**
 * `3 high` and, when some finding might hold only (its access depends on what the inputs leave
 * open: stderr's `N of M risk findings are indeterminate`, the JSON's `indeterminate`), `2 of them
 * indeterminate: they might hold, each says why`.
 */
function findingCounts(risks: readonly RiskFinding[]): string {
  const high = risks.filter((r) => r.severity === 'high').length;
  const open = risks.filter((r) => r.indeterminate).length;
  return `${high} high${open ? `; ${open} indeterminate: they might hold, each says why` : ''}`;
}

/** The first screen's findings (first-look.ts), their subjects named as the summary names them. */
function firstLook(matrix: Matrix, risks: RiskFinding[], places: FindingPlaces | undefined): string {
  const names = madeUpNamesOf([...matrix.principals, ...matrix.resources]);
  const labels = subjectLabels(matrix);
  return renderFirstLook(
    risks,
    (subject) => annotateMadeUpNames(labels.get(subject) ?? principalLabel(subject), names),
    (f) => annotateMadeUpNames(f.message, names),
    places,
  );
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
  const assumed = assumedText(matrix.assumed);
  const data = reviewData(matrix, input.changes?.cells);
  const summary = renderSummary(matrix, risks, input.places);
  const standIns = standInLegend(reviewTexts(matrix, risks));
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
${matrix.principals.length} principals, ${matrix.resources.length} resources, ${risks.length} findings (${findingCounts(risks)}).</p>
${renderIndeterminateCount(matrix)}${assumed ? `<p class="assumed" id="assumed">${e(assumed)}</p>` : ''}${inputs}</div>
${renderWarnings(input.warnings, standIns.length > 0)}
${firstLook(matrix, risks, input.places)}
${renderStandIns(standIns)}
<nav aria-label="Sections">${input.changes ? '<a href="#changes">Changes</a> · ' : ''}<a href="#first-look">First look</a> · <a href="#summary">Summary of risks</a> · <a href="#access-matrix">Access matrix</a> · <a href="#role-chains">Role chains</a></nav>
</header>
<main>
${input.changes ? renderChanges(input.changes) : ''}
${summary.html}
${renderMatrix(matrix)}
${renderChains(matrix)}
</main>
<script type="application/json" id="review-data">${jsonForScript(data.core)}</script>
<script type="application/json" id="review-explain">${jsonForScript(data.explain)}</script>${summary.more ? `\n<script type="application/json" id="review-risks">${jsonForScript(summary.more)}</script>` : ''}
<script>${REVIEW_SCRIPT}</script>
</body>
</html>
`;
}
