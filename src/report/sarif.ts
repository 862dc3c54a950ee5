// The SARIF 2.1.0 report of an access-spec run (`iamspec check --format sarif`), for code
// scanning annotations (e.g. GitHub's upload-sarif). One rule per check kind (can, cannot,
// only, onlyPrincipals, via) with help text; one result per check that fails (level error) or
// is indeterminate (level warning). A result is located at the statement to fix: its template,
// plan or .tf file relative to the working directory, with line and column when known, and
// the construct path / logical id / Terraform address as logical locations (an AWS managed policy's
// statement: where the inputs attach the policy); the spec element
// it comes from is a related location. A check without a statement source is located at the
// spec element itself. Passing checks produce no result. Each warning of the spec (something it
// names that is probably not what was meant) is a result of the rule `spec-warning`, level
// warning, at the spec element. Each warning about the inputs is a tool execution notification
// of the invocation, and, when located in a file, also a result of the rule named after its code
// (see "Warnings about the inputs" below); with strict, those that could change a verdict are
// level error.
// An indeterminate check's result carries `properties.indeterminate` (the unknowns its verdict
// depends on: analysis/indeterminate.ts) and each unknown's place as a related location.
// Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { reasonLine } from '../analysis/decision-reasons.js';
import type { StatementRef } from '../analysis/types.js';
import { couldChangeVerdict, FINDING_CODES } from '../model/finding-codes.js';
import { formatSource, type Source } from '../model/source.js';
import { iamspecVersion } from '../package-info.js';
import type {
  CheckKind,
  CheckResult,
  ExpectationResult,
  SpecLocation,
  SpecResult,
  SpecWarning,
} from '../spec/types.js';
import { inputFailures, isInputWarning } from '../spec/warnings.js';
import {
  CHECK_KIND_ORDER,
  CHECK_KINDS,
  checkDetailText,
  expectationTitle,
  formatSpecLocation,
  hasSource,
  isInputFile,
  stageLabel,
  statementLabel,
  statementsToFix,
  summaryLine,
} from './spec-details.js';
import { inputFailureLine } from './warnings.js';

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json';

export interface SarifReportOptions {
  /** Directory that artifact URIs are relative to (default: the working directory). */
  cwd?: string;
  /** Tool version (default: the version in iamspec's package.json). */
  toolVersion?: string;
}

export { iamspecVersion };

const roots = new Map<string, string>();

/**
 * The root of the repository `dir` is in (the nearest directory with a `.git` entry), else
 * `dir`: code scanning resolves artifact URIs against the repository root, wherever iamspec ran.
 */
export function repositoryRoot(dir: string): string {
  const hit = roots.get(dir);
  if (hit) return hit;
  let root = resolve(dir);
  for (let d = root; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) {
      root = d;
      break;
    }
    if (dirname(d) === d) break;
  }
  roots.set(dir, root);
  return root;
}

/**
 * A file path as a URI reference relative to the repository root of `cwd` (forward slashes,
 * each segment percent-encoded); a relative `file` is relative to `cwd`.
 */
export function artifactUri(file: string, cwd: string, root: string = repositoryRoot(cwd)): string {
  const abs = isAbsolute(file) ? file : resolve(cwd, file);
  const rel = relative(root, abs) || '.';
  return rel
    .split(sep)
    .flatMap((s) => s.split('/'))
    .map((s) => encodeURIComponent(s))
    .join('/');
}

type Json = Record<string, unknown>;

function region(line: number | undefined, column: number | undefined): Json | undefined {
  if (line === undefined || line < 1) return undefined;
  const r: Json = { startLine: line };
  if (column !== undefined && column >= 1) r.startColumn = column;
  return r;
}

function physical(file: string, line: number | undefined, column: number | undefined, cwd: string): Json {
  const p: Json = { artifactLocation: { uri: artifactUri(file, cwd) } };
  const r = region(line, column);
  if (r) p.region = r;
  return p;
}

/** Logical locations of a source: CDK construct path, CloudFormation logical id, Terraform address. */
export function logicalLocationsOf(s: Source): Json[] {
  const out: Json[] = [];
  if (s.constructPath) {
    out.push({
      name: s.constructPath.split('/').pop() ?? s.constructPath,
      fullyQualifiedName: s.constructPath,
      kind: 'resource',
    });
  }
  if (s.logicalId) {
    out.push({
      name: s.logicalId,
      fullyQualifiedName: s.stack ? `${s.stack}/${s.logicalId}` : s.logicalId,
      kind: 'resource',
    });
  }
  if (s.address) out.push({ name: s.address, fullyQualifiedName: s.address, kind: 'resource' });
  return out;
}

function statementLocation(s: StatementRef, cwd: string, id: number | undefined): Json | undefined {
  const src = s.source;
  if (!src || !hasSource(src)) return undefined;
  const loc: Json = {};
  if (id !== undefined) loc.id = id;
  // an AWS managed policy's statement is in no file of the repository: no physical location
  if (isInputFile(src) && src.file) loc.physicalLocation = physical(src.file, src.line, src.column, cwd);
  const logical = logicalLocationsOf(src);
  if (logical.length) loc.logicalLocations = logical;
  if (!loc.physicalLocation && !logical.length) return undefined;
  loc.message = {
    text: `${s.effect ? `${s.effect} ` : ''}${statementLabel(s)} (${stageLabel(s.stage)})`,
  };
  return loc;
}

function specLocation(at: SpecLocation, specFile: string | undefined, cwd: string, id?: number): Json {
  const file = at.file ?? specFile;
  const loc: Json = {};
  if (id !== undefined) loc.id = id;
  if (file) loc.physicalLocation = physical(file, at.line, at.column, cwd);
  loc.logicalLocations = [
    { name: at.pointer || '/', fullyQualifiedName: at.pointer || '/', kind: 'element' },
  ];
  loc.message = { text: `the spec element this check comes from (${formatSpecLocation(at)})` };
  return loc;
}

/**
 * SARIF `security-severity` (GitHub code scanning: 9.0 and above critical, 7.0 high, 4.0 medium,
 * below low) of a check kind: access beyond the intended (cannot, only, onlyPrincipals) high,
 * intended access that is missing (can, via) low.
 */
const KIND_SEVERITY: Record<CheckKind, number> = {
  can: 3,
  cannot: 8,
  only: 8,
  onlyPrincipals: 8,
  via: 3,
  cannotBecome: 8,
  noEscalation: 8,
};

/** A failing check's severity: critical when anyone (anonymous, public) gets the access. */
function checkSeverity(c: CheckResult): string {
  const publicAccess = c.fix?.groups.some((g) => g.families.some((f) => f.caller === 'anonymous'));
  const base = KIND_SEVERITY[c.kind];
  return (publicAccess && base >= 8 ? 9.5 : c.status === 'indeterminate' ? Math.min(base, 5) : base).toFixed(
    1,
  );
}

function sourceLocation(src: Source, text: string, cwd: string): Json | undefined {
  if (!hasSource(src)) return undefined;
  const loc: Json = {};
  if (src.file && isInputFile(src)) loc.physicalLocation = physical(src.file, src.line, src.column, cwd);
  const logical = logicalLocationsOf(src);
  if (logical.length) loc.logicalLocations = logical;
  if (!loc.physicalLocation) return undefined;
  loc.message = { text };
  return loc;
}

/** The locations to change for a grouped failure: each statement, or where its managed policy is attached. */
function fixLocations(c: CheckResult, cwd: string): Json[] {
  const out: Json[] = [];
  const seen = new Set<string>();
  const push = (l: Json | undefined) => {
    if (!l) return;
    const key = JSON.stringify(l.physicalLocation);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(l);
  };
  for (const g of c.fix?.groups ?? []) {
    const s = g.statement;
    const label = s ? `change ${statementLabel(s)} (${stageLabel(s.stage)})` : 'change the statement';
    const own = s?.source && sourceLocation(s.source, label, cwd);
    push(own);
    for (const a of g.attachedAt) {
      const at =
        a.source &&
        sourceLocation(a.source, `${s ? statementLabel(s) : 'the policy'} is attached to ${a.to} here`, cwd);
      push(at);
    }
  }
  return out;
}

/** Where the managed policies of a check without a fix plan are attached (an escalation path through IAMFullAccess). */
function attachmentLocations(c: CheckResult, cwd: string): Json[] {
  const out: Json[] = [];
  for (const a of c.attachedAt ?? []) {
    const at = a.source && sourceLocation(a.source, `${a.policy} is attached to ${a.to} here`, cwd);
    if (at?.physicalLocation) out.push(at);
  }
  return out;
}

/** Context of a grouped failure (a boundary or key policy that permits it), as related locations. */
function contextLocations(c: CheckResult, cwd: string): Json[] {
  const out: Json[] = [];
  for (const x of c.fix?.context ?? []) {
    const s = x.statement;
    const loc =
      s?.source &&
      sourceLocation(
        s.source,
        `context (permits it without granting it): ${x.text} (${statementLabel(s)})`,
        cwd,
      );
    if (loc) out.push(loc);
  }
  return out;
}

/**
 * Where the unknowns of an indeterminate check are (analysis/indeterminate.ts), as related
 * locations: each reason's source with the reason in words.
 */
function unknownLocations(c: CheckResult, cwd: string): Json[] {
  const out: Json[] = [];
  const seen = new Set<string>();
  for (const r of c.indeterminate?.reasons ?? [])
    for (const src of [r.source, r.statementSource]) {
      const loc = src && sourceLocation(src, `unknown: ${reasonLine(r)}`, cwd);
      if (!loc) continue;
      const key = JSON.stringify(loc.physicalLocation);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(loc);
    }
  return out;
}

function fingerprint(e: ExpectationResult, c: CheckResult): string {
  return createHash('sha256')
    .update(
      [e.id, c.kind, c.principal ?? '', c.action ?? '', c.resource ?? '', c.location.pointer].join('\0'),
    )
    .digest('hex')
    .slice(0, 32);
}

function resultOf(
  e: ExpectationResult,
  c: CheckResult,
  specFile: string | undefined,
  cwd: string,
  ruleIndex: number,
): Json {
  const fix = statementsToFix(c);
  const located = c.fix?.groups.length
    ? fixLocations(c, cwd)
    : [
        ...fix
          .map((s) => statementLocation(s, cwd, undefined))
          .filter((l): l is Json => !!l && !!l.physicalLocation),
        ...attachmentLocations(c, cwd),
      ];
  const primary = located[0];
  const related: Json[] = [];
  let nextId = 1;
  for (const l of located.slice(1)) related.push({ ...l, id: nextId++ });
  for (const l of contextLocations(c, cwd)) related.push({ ...l, id: nextId++ });
  // The spec element is the primary location when no statement is located, a related one otherwise.
  if (primary) related.push(specLocation(c.location, specFile, cwd, nextId++));
  for (const l of unknownLocations(c, cwd)) related.push({ ...l, id: nextId++ });
  const details = checkDetailText(c);
  const where = primary
    ? ''
    : fix.length
      ? ` Statements: ${fix.map((s) => `${statementLabel(s)}${hasSource(s.source) ? ` at ${formatSource(s.source)}` : ''}`).join('; ')}.`
      : '';
  const text = `${c.message} (expectation ${expectationTitle(e)}, ${formatSpecLocation(c.location)}).${where}${details ? `\n${details}` : ''}`;
  const result: Json = {
    ruleId: c.kind,
    ruleIndex,
    level: c.status === 'fail' ? 'error' : 'warning',
    message: { text },
    locations: [primary ?? specLocation(c.location, specFile, cwd)],
    partialFingerprints: { 'iamspecCheck/v1': fingerprint(e, c) },
    properties: {
      'security-severity': checkSeverity(c),
      expectation: e.id,
      status: c.status,
      ...(c.principal !== undefined ? { principal: c.principal } : {}),
      ...(c.action !== undefined ? { action: c.action } : {}),
      ...(c.resource !== undefined ? { resource: c.resource } : {}),
      ...(c.indeterminate ? { indeterminate: c.indeterminate } : {}),
      ...(c.witnesses.length
        ? {
            witnesses: c.witnesses.map((w) => ({
              principal: w.principal,
              ...(w.claims ? { claims: w.claims } : {}),
              action: w.action,
              resource: w.resource,
              access: w.access,
              conditions: w.conditions,
            })),
          }
        : {}),
    },
  };
  if (related.length) result.relatedLocations = related;
  return result;
}

const SPEC_WARNING_RULE = 'spec-warning';

function specWarningRule(): Json {
  const text =
    'The spec names something the model does not have but that can still be checked (an exact bucket ARN of a bucket made outside the inputs, or a typo: the message lists the close names). It is an error with strict: true or --strict.';
  return {
    id: SPEC_WARNING_RULE,
    name: 'SpecWarning',
    shortDescription: { text: 'The access spec names something the model does not have' },
    fullDescription: { text },
    help: { text, markdown: text },
    defaultConfiguration: { level: 'warning' },
    properties: { 'security-severity': '2.0', tags: ['iam'] },
  };
}

function warningResult(
  w: SpecWarning & { location: SpecLocation },
  specFile: string | undefined,
  cwd: string,
  ruleIndex: number,
): Json {
  const loc = specLocation(w.location, specFile, cwd);
  loc.message = { text: `the spec element (${formatSpecLocation(w.location)})` };
  return {
    ruleId: SPEC_WARNING_RULE,
    ruleIndex,
    level: 'warning',
    message: { text: `${w.message} (${formatSpecLocation(w.location)})` },
    locations: [loc],
    partialFingerprints: {
      'iamspecCheck/v1': createHash('sha256')
        .update([w.code, w.message, w.location.pointer].join('\0'))
        .digest('hex')
        .slice(0, 32),
    },
    properties: { code: w.code, candidates: w.candidates },
  };
}

// ---------------------------------------------------------------------------------------
// Warnings about the inputs: every one is a tool execution notification of the run (the log of
// what iamspec could not pin down), and every one located in a file is also a result of a rule
// named after its code, at that file and line: code scanning annotates results, not
// notifications, and these are about one element of the code under review (a count that cannot
// be determined, a policy iamspec does not model, a misspelt action), fixable there.

const LEVEL: Record<SpecWarning['severity'], string> = { error: 'error', warning: 'warning', info: 'note' };

/** The SARIF level of a warning about the inputs; a strict run makes those that could change a verdict errors. */
function inputWarningLevel(w: SpecWarning, strict: boolean): string {
  return strict && couldChangeVerdict(w.code) ? 'error' : LEVEL[w.severity];
}

function inputLocation(w: SpecWarning, cwd: string): Json | undefined {
  const src = w.source;
  if (!src || !hasSource(src)) return undefined;
  const loc: Json = {};
  if (isInputFile(src) && src.file) loc.physicalLocation = physical(src.file, src.line, src.column, cwd);
  const logical = logicalLocationsOf(src);
  if (logical.length) loc.logicalLocations = logical;
  return loc.physicalLocation || logical.length ? loc : undefined;
}

function inputWarningText(w: SpecWarning): string {
  const impact = couldChangeVerdict(w.code) ? 'could change a verdict' : 'does not change a verdict';
  return `${w.message} [${w.code}; ${impact}]`;
}

/** A reporting descriptor (rule or notification descriptor) for a finding code. */
function codeDescriptor(code: string): Json {
  const about = FINDING_CODES[code]?.about ?? code;
  const impact = couldChangeVerdict(code)
    ? 'It could change a verdict: what AWS will have may differ from the model, so verdicts that depend on it are indeterminate or named with it; --strict fails the run on it.'
    : 'It is informational: iamspec decides as AWS would.';
  const text = `A warning about the inputs: ${about}. ${impact}`;
  return {
    id: code,
    name: code
      .replace(/[/-](\w)/g, (_m, c: string) => c.toUpperCase())
      .replace(/^\w/, (c) => c.toUpperCase()),
    shortDescription: { text: about },
    fullDescription: { text },
    help: { text, markdown: text },
    defaultConfiguration: { level: couldChangeVerdict(code) ? 'warning' : 'note' },
    // A value iamspec could not pin down may hide access: medium when it could change a verdict.
    properties: { 'security-severity': couldChangeVerdict(code) ? '4.0' : '1.0', tags: ['iam'] },
  };
}

function inputNotification(w: SpecWarning, cwd: string, strict: boolean, descriptorIndex: number): Json {
  const loc = inputLocation(w, cwd);
  return {
    level: inputWarningLevel(w, strict),
    message: { text: inputWarningText(w) },
    ...(loc ? { locations: [loc] } : {}),
    descriptor: { id: w.code, index: descriptorIndex },
    properties: { code: w.code, affectsVerdicts: couldChangeVerdict(w.code) },
  };
}

function inputResult(w: SpecWarning, cwd: string, strict: boolean, ruleIndex: number): Json | undefined {
  const loc = inputLocation(w, cwd);
  if (!loc?.physicalLocation) return undefined;
  const s = w.source ?? {};
  return {
    ruleId: w.code,
    ruleIndex,
    level: inputWarningLevel(w, strict),
    message: { text: inputWarningText(w) },
    locations: [loc],
    partialFingerprints: {
      'iamspecCheck/v1': createHash('sha256')
        .update(
          [w.code, w.message, s.file ?? '', s.pointer ?? '', s.address ?? '', s.logicalId ?? ''].join('\0'),
        )
        .digest('hex')
        .slice(0, 32),
    },
    properties: { code: w.code, affectsVerdicts: couldChangeVerdict(w.code) },
  };
}

function rules(): Json[] {
  return CHECK_KIND_ORDER.map((kind: CheckKind) => {
    const k = CHECK_KINDS[kind];
    return {
      id: kind,
      name: kind.charAt(0).toUpperCase() + kind.slice(1),
      shortDescription: { text: k.title },
      fullDescription: { text: k.description.replace(/`/g, '') },
      help: {
        text: `${k.description.replace(/`/g, '')} The result points at the policy statement that causes the difference (template, plan or .tf file and element) and at the spec element; the message carries the decision trace and, for exhaustive checks, the witness requests. Fix the statement, or the spec if the intent changed.`,
        markdown: `${k.description} The result points at the policy statement that causes the difference (template, plan or \`.tf\` file and element) and at the spec element; the message carries the decision trace and, for exhaustive checks, the witness requests. Fix the statement, or the spec if the intent changed.`,
      },
      defaultConfiguration: { level: 'error' },
      properties: { 'security-severity': KIND_SEVERITY[kind].toFixed(1), tags: ['security', 'iam'] },
    };
  });
}

/**
 * Results for the input warnings that point into a file, each under a rule of its code (added
 * to `driverRules` the first time the code is seen).
 */
function inputWarningResults(
  inputWarnings: readonly SpecWarning[],
  cwd: string,
  strict: boolean,
  driverRules: Json[],
): Json[] {
  const out: Json[] = [];
  const ruleOfCode = new Map<string, number>();
  for (const w of inputWarnings) {
    if (!inputLocation(w, cwd)?.physicalLocation) continue;
    let index = ruleOfCode.get(w.code);
    if (index === undefined) {
      index = driverRules.length;
      driverRules.push(codeDescriptor(w.code));
      ruleOfCode.set(w.code, index);
    }
    const r = inputResult(w, cwd, strict, index);
    if (r) out.push(r);
  }
  return out;
}

/** The SARIF log as an object. */
export function toSarif(result: SpecResult, options: SarifReportOptions = {}): Json {
  const cwd = options.cwd ?? process.cwd();
  const version = options.toolVersion ?? iamspecVersion();
  const results: Json[] = [];
  for (const e of result.expectations) {
    for (const c of e.checks) {
      if (c.status === 'pass') continue;
      results.push(resultOf(e, c, result.specFile, cwd, CHECK_KIND_ORDER.indexOf(c.kind)));
    }
  }
  const driverRules = rules();
  const specWarnings = result.warnings.filter(
    (w): w is SpecWarning & { location: SpecLocation } => w.location !== undefined,
  );
  if (specWarnings.length) {
    driverRules.push(specWarningRule());
    for (const w of specWarnings) {
      results.push(warningResult(w, result.specFile, cwd, driverRules.length - 1));
    }
  }
  const inputWarnings = result.warnings.filter(isInputWarning);
  const codes = [...new Set(inputWarnings.map((w) => w.code))];
  const notificationDescriptors = codes.map(codeDescriptor);
  const notifications = inputWarnings.map((w) =>
    inputNotification(w, cwd, result.strict, codes.indexOf(w.code)),
  );
  results.push(...inputWarningResults(inputWarnings, cwd, result.strict, driverRules));
  const failures = inputFailures(result);
  const failureLine = failures.length ? inputFailureLine(failures, result.strict) : undefined;
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'iamspec',
            version,
            semanticVersion: version,
            rules: driverRules,
            ...(notificationDescriptors.length ? { notifications: notificationDescriptors } : {}),
          },
        },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: true,
            ...(result.notes.length || notifications.length
              ? {
                  toolExecutionNotifications: [
                    ...result.notes.map((n) => ({ level: 'note', message: { text: n } })),
                    ...notifications,
                  ],
                }
              : {}),
            ...(failureLine
              ? {
                  properties: result.strict
                    ? { strict: true, strictFailure: failureLine, inputFailure: failureLine }
                    : { inputFailure: failureLine },
                }
              : {}),
          },
        ],
        results,
        properties: {
          specFile: result.specFile ?? null,
          inputs: result.inputs,
          strict: result.strict,
          summary: { ...result.summary, text: summaryLine(result) },
        },
      },
    ],
  };
}

/** Renders the SARIF report (two-space indented JSON, ends with a newline). */
export function renderSarif(result: SpecResult, options: SarifReportOptions = {}): string {
  return `${JSON.stringify(toSarif(result, options), null, 2)}\n`;
}
