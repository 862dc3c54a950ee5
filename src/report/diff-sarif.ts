// The SARIF 2.1.0 rendering of an access diff, for code-scanning annotations on a pull request:
// one result per statement of the new state that adds or widens access (rule `access-added`,
// level warning), located at the statement (file, line and column when known; construct path,
// logical id or Terraform address as logical locations), its message listing the access it adds;
// and one result per new risk finding (rule `risk-added`, level by severity), located at its first
// statement in an input file, else where the inputs attach the AWS managed policy it names or
// define its subject (finding-places.ts: with the model, `places`). Access removed produces no result: nothing to fix there. Principals the diff could not
// compare (an older access snapshot) are a tool execution notification of the invocation.
// Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html

import { createHash } from 'node:crypto';
import { changeOf } from '../analysis/diff/change-list.js';
import {
  type AccessChange,
  type AccessDiff,
  type ChangeGrant,
  type ChangeRun,
  notComparedNote,
} from '../analysis/diff/types.js';
import { reasonLine } from '../analysis/decision-reasons.js';
import type { MatrixReason, RiskFinding, StatementRef } from '../analysis/types.js';
import { formatSource } from '../model/source.js';
import { mayHaveChanged, principalLabelOf, resourceLabel, widens } from './diff-groups.js';
import { statementText } from './matrix-labels.js';
import type { FindingPlaces } from './finding-places.js';
import { RISK_KINDS } from './risk-kinds.js';
import { artifactUri, iamspecVersion, logicalLocationsOf, SARIF_SCHEMA_URI } from './sarif.js';
import { isInputFile } from './spec-details.js';

type Json = Record<string, unknown>;

export interface DiffSarifOptions {
  /** Directory that artifact URIs are relative to (default: the working directory). */
  cwd?: string;
  toolVersion?: string;
  /**
   * The places of a risk finding beyond its statements (`findingPlaces(model)` of the new state):
   * without them a finding whose statements are all in AWS managed policies, or that records none,
   * has no location in a file.
   */
  places?: FindingPlaces;
}

const RULES: Json[] = [
  {
    id: 'access-added',
    name: 'AccessAdded',
    shortDescription: { text: 'A statement grants access the base did not have' },
    fullDescription: {
      text: 'The statement grants requests (principal, action, resource) that were denied before the change, or widens access that was conditional or indeterminate.',
    },
    help: {
      text: 'Review the access the statement adds. If it is intended, accept it; if not, narrow the statement (actions, resources, principals, conditions).',
    },
    defaultConfiguration: { level: 'warning' },
  },
  {
    id: 'risk-added',
    name: 'RiskAdded',
    shortDescription: { text: 'The change introduces a risky grant' },
    fullDescription: {
      text: `A risk finding of the access review that the base does not have (its kind in the result's properties): ${RISK_KINDS.map((k) => k.title.toLowerCase().replace('iam:passrole', 'iam:PassRole')).join(', ')}.`,
    },
    help: { text: 'The finding names the principal or resource and the statements that cause it.' },
    defaultConfiguration: { level: 'error' },
  },
];

function location(ref: StatementRef, cwd: string): Json | undefined {
  const src = ref.source;
  if (!src) return undefined;
  const loc: Json = {};
  if (isInputFile(src) && src.file) {
    const region: Json | undefined = src.line
      ? { startLine: src.line, ...(src.column ? { startColumn: src.column } : {}) }
      : undefined;
    loc.physicalLocation = {
      artifactLocation: { uri: artifactUri(src.file, cwd) },
      ...(region ? { region } : {}),
    };
  }
  const logical = logicalLocationsOf(src);
  if (logical.length) loc.logicalLocations = logical;
  if (!loc.physicalLocation && !logical.length) return undefined;
  loc.message = { text: statementText(ref) };
  return loc;
}

const grantKey = (g: StatementRef) =>
  `${g.stage}|${g.policy}|${g.statement}|${g.source?.file ?? ''}|${g.source?.pointer ?? ''}`;

function hash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
}

function changeText(diff: AccessDiff, c: AccessChange): string {
  const access =
    c.before === 'deny'
      ? c.after
      : mayHaveChanged(c)
        ? `indeterminate on both sides, may have changed${c.reasons?.length ? `: unknown ${c.reasons.join('; ')}` : ''}`
        : `${c.before} → ${c.after}`;
  return `${principalLabelOf(diff, c.principal)} ${c.action} on ${resourceLabel(diff, c.resource)} (${access})`;
}

/**
 * The changes that add or widen access, by the statement of the new state that grants them (in
 * the order the statements are first met: added, then changed), each change kept as its run and
 * entry index (a diff of two unrelated organisations has millions: no change object is held).
 */
interface StatementChanges {
  ref: ChangeGrant;
  runs: ChangeRun[];
  entries: number[];
}

function changesByStatement(diff: AccessDiff): Map<string, StatementChanges> {
  const byStatement = new Map<string, StatementChanges>();
  const collect = (run: ChangeRun, i: number) => {
    const e = run.entries[i]!;
    if (!widens(e)) return;
    for (const g of run.grants?.get(i) ?? e.grants) {
      if (g.state !== 'after' || g.effect === 'Deny') continue;
      const k = grantKey(g);
      let entry = byStatement.get(k);
      if (!entry) {
        entry = { ref: g, runs: [], entries: [] };
        byStatement.set(k, entry);
      }
      entry.runs.push(run);
      entry.entries.push(i);
    }
  };
  diff.changes.forEachEntry('added', collect);
  diff.changes.forEachEntry('changed', collect);
  return byStatement;
}

const CHANGES_SLOT = '\u0000changes\u0000';

/**
 * Writes the `access-added` result of one statement, `indent` spaces in (as `JSON.stringify` of the
 * whole log writes it), its `properties.changes` one change at a time.
 */
function writeAccessResult(
  diff: AccessDiff,
  key: string,
  { ref, runs, entries }: StatementChanges,
  cwd: string,
  indent: string,
  sink: (chunk: string) => void,
): void {
  const count = runs.length;
  const shown: string[] = [];
  for (let n = 0; n < Math.min(count, 10); n++) shown.push(changeText(diff, changeOf(runs[n]!, entries[n]!)));
  const more = count > 10 ? `; and ${count - 10} more` : '';
  const loc = location(ref, cwd);
  const result: Json = {
    ruleId: 'access-added',
    ruleIndex: 0,
    level: 'warning',
    message: {
      text: `${statementText(ref)} at ${formatSource(ref.source)} adds access: ${shown.join('; ')}${more}.`,
    },
    ...(loc ? { locations: [loc] } : {}),
    partialFingerprints: { 'iamspecDiff/v1': hash('access-added', key) },
    properties: { changes: CHANGES_SLOT },
  };
  const text = indented(result, indent);
  const slot = text.indexOf(JSON.stringify(CHANGES_SLOT));
  const lineStart = text.lastIndexOf('\n', slot) + 1;
  const pad = `${text.slice(lineStart, text.indexOf('"', lineStart))}  `;
  sink(text.slice(0, slot));
  if (!count) sink('[]');
  else {
    let buffer = '[';
    for (let n = 0; n < count; n++) {
      const c = changeOf(runs[n]!, entries[n]!);
      const item = {
        principal: c.principal,
        action: c.action,
        resource: c.resource,
        before: c.before,
        after: c.after,
      };
      buffer += `${n ? ',' : ''}\n${pad}${indented(item, pad)}`;
      if (buffer.length >= CHUNK) {
        sink(buffer);
        buffer = '';
      }
    }
    sink(`${buffer}\n${pad.slice(2)}]`);
  }
  sink(text.slice(slot + JSON.stringify(CHANGES_SLOT).length));
}

function riskResult(f: RiskFinding, cwd: string, places: FindingPlaces | undefined): Json {
  const statements = f.statements.map((s) => location(s, cwd)).filter((l): l is Json => !!l);
  const inFile = (l: Json) => !!l.physicalLocation;
  const placed = (places?.(f) ?? []).map((p) => {
    const l = location(
      { stage: 'identity', policy: undefined, statement: undefined, effect: undefined, source: p.source },
      cwd,
    );
    return l ? { ...l, message: { text: `${p.text} here` } } : undefined;
  });
  // The first location is where code scanning annotates: the finding's own place (an API Gateway
  // method, finding-places.ts lists it first), else a statement in a file, else a place.
  const own = f.place && isInputFile(f.place.source) ? placed.slice(0, 1) : [];
  const located = [
    ...own,
    ...statements.filter(inFile),
    ...placed.slice(own.length),
    ...statements.filter((l) => !inFile(l)),
    ...(f.indeterminate?.reasons ?? []).map((r) => unknownLocation(r, cwd)),
  ].filter((l): l is Json => !!l);
  return {
    ruleId: 'risk-added',
    ruleIndex: 1,
    level: f.severity === 'high' ? 'error' : f.severity === 'medium' ? 'warning' : 'note',
    message: { text: f.message },
    ...(located.length ? { locations: [located[0]] } : {}),
    ...(located.length > 1
      ? { relatedLocations: located.slice(1).map((l, i) => ({ ...l, id: i + 1 })) }
      : {}),
    partialFingerprints: { 'iamspecDiff/v1': hash('risk-added', f.kind, f.subject, f.detail ?? '') },
    properties: {
      kind: f.kind,
      severity: f.severity,
      subject: f.subject,
      ...(f.indeterminate ? { indeterminate: f.indeterminate } : {}),
      // an outside escalation's ways, each with its path and the places of its statements
      ...(f.ways
        ? {
            ways: f.ways.map((w) => ({
              detail: w.detail,
              severity: w.severity,
              message: w.message,
              locations: w.statements.map((s) => location(s, cwd)).filter((l): l is Json => !!l),
              ...(w.indeterminate ? { indeterminate: w.indeterminate } : {}),
            })),
          }
        : {}),
    },
  };
}

/** Where an unknown of an indeterminate finding is (analysis/indeterminate.ts), with the reason in words. */
function unknownLocation(r: MatrixReason, cwd: string): Json | undefined {
  if (!r.source) return undefined;
  const l = location(
    { stage: r.stage, policy: r.policy, statement: r.statement, effect: undefined, source: r.source },
    cwd,
  );
  return l ? { ...l, message: { text: `unknown: ${reasonLine(r)}` } } : undefined;
}

/** The log without its results (`RESULTS_SLOT` in their place). */
function sarifShell(diff: AccessDiff, version: string, results: unknown): Json {
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'iamspec', version, semanticVersion: version, rules: RULES } },
        columnKind: 'utf16CodeUnits',
        // Principals the diff could not compare (their access may be new): said where code
        // scanning shows problems with the run itself.
        ...(diff.notCompared
          ? {
              invocations: [
                {
                  executionSuccessful: true,
                  toolExecutionNotifications: [
                    {
                      level: 'warning',
                      descriptor: { id: 'principals-not-compared' },
                      message: { text: notComparedNote(diff.notCompared) },
                    },
                  ],
                },
              ],
            }
          : {}),
        results,
        properties: {
          summary: {
            added: diff.changes.count('added'),
            removed: diff.changes.count('removed'),
            changed: diff.changes.count('changed'),
            risksAdded: diff.risks.added.length,
            risksRemoved: diff.risks.removed.length,
            ...(diff.notCompared ? { notCompared: diff.notCompared.principals.length } : {}),
          },
        },
      },
    ],
  };
}

/** The SARIF log of an access diff as an object (one object per change: small diffs only). */
export function toDiffSarif(diff: AccessDiff, options: DiffSarifOptions = {}): Json {
  return JSON.parse(formatDiffSarif(diff, options)) as Json;
}

/** `JSON.stringify(value, null, 2)` with every line after the first indented by `pad` more. */
function indented(value: unknown, pad: string): string {
  return JSON.stringify(value, null, 2).replaceAll('\n', `\n${pad}`);
}

const RESULTS_SLOT = '\u0000results\u0000';
const CHUNK = 1 << 16;

/**
 * Writes the SARIF log of an access diff to `sink` in chunks, one result at a time (a diff of two
 * unrelated organisations has millions of changes: the text of the whole would not fit in one
 * string); joined, the chunks are `JSON.stringify` of the log with two-space indentation and a
 * newline, as `formatDiffSarif` returns it.
 */
export function writeDiffSarif(
  diff: AccessDiff,
  sink: (chunk: string) => void,
  options: DiffSarifOptions = {},
): void {
  const cwd = options.cwd ?? process.cwd();
  const version = options.toolVersion ?? iamspecVersion();
  const shell = JSON.stringify(sarifShell(diff, version, RESULTS_SLOT), null, 2);
  const slot = shell.indexOf(JSON.stringify(RESULTS_SLOT));
  const lineStart = shell.lastIndexOf('\n', slot) + 1;
  // The results' array items: two spaces deeper than the "results" key.
  const pad = `${shell.slice(lineStart, shell.indexOf('"', lineStart))}  `;
  sink(shell.slice(0, slot));
  const byStatement = changesByStatement(diff);
  const risks = diff.risks.added;
  if (!byStatement.size && !risks.length) sink('[]');
  else {
    let first = true;
    const next = () => {
      sink(`${first ? '[' : ','}\n${pad}`);
      first = false;
    };
    for (const [key, changes] of byStatement) {
      next();
      writeAccessResult(diff, key, changes, cwd, pad, sink);
    }
    for (const f of risks) {
      next();
      sink(indented(riskResult(f, cwd, options.places), pad));
    }
    sink(`\n${pad.slice(2)}]`);
  }
  sink(`${shell.slice(slot + JSON.stringify(RESULTS_SLOT).length)}\n`);
}

/** Renders the SARIF log of an access diff (two-space indented JSON, ends with a newline). */
export function formatDiffSarif(diff: AccessDiff, options: DiffSarifOptions = {}): string {
  const chunks: string[] = [];
  writeDiffSarif(diff, (c) => chunks.push(c), options);
  return chunks.join('');
}
