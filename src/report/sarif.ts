// The SARIF 2.1.0 report of an access-spec run (`iamspec check --format sarif`), for code
// scanning annotations (e.g. GitHub's upload-sarif). One rule per check kind (can, cannot,
// only, onlyPrincipals, via) with help text; one result per check that fails (level error) or
// is indeterminate (level warning). A result is located at the statement to fix: its template,
// plan or .tf file relative to the working directory, with line and column when known, and
// the construct path / logical id / Terraform address as logical locations; the spec element
// it comes from is a related location. A check without a statement source is located at the
// spec element itself. Passing checks produce no result. Each warning of the spec (something it
// names that is probably not what was meant) is a result of the rule `spec-warning`, level
// warning, at the spec element.
// Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html

import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { StatementRef } from '../analysis/types.js';
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
import {
  CHECK_KIND_ORDER,
  CHECK_KINDS,
  checkDetailText,
  expectationTitle,
  formatSpecLocation,
  hasSource,
  stageLabel,
  statementLabel,
  statementsToFix,
  summaryLine,
} from './spec-details.js';

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json';

export interface SarifReportOptions {
  /** Directory that artifact URIs are relative to (default: the working directory). */
  cwd?: string;
  /** Tool version (default: the version in iamspec's package.json). */
  toolVersion?: string;
}

export { iamspecVersion };

/** A file path as a relative URI reference (forward slashes, each segment percent-encoded). */
export function artifactUri(file: string, cwd: string): string {
  const abs = isAbsolute(file) ? file : resolve(cwd, file);
  const rel = relative(cwd, abs) || '.';
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
  if (src.file) loc.physicalLocation = physical(src.file, src.line, src.column, cwd);
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
  const located = fix
    .map((s) => statementLocation(s, cwd, undefined))
    .filter((l): l is Json => !!l && !!l.physicalLocation);
  const primary = located[0];
  const related: Json[] = [];
  let nextId = 1;
  for (const l of located.slice(1)) related.push({ ...l, id: nextId++ });
  // The spec element is the primary location when no statement is located, a related one otherwise.
  if (primary) related.push(specLocation(c.location, specFile, cwd, nextId++));
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
      expectation: e.id,
      status: c.status,
      ...(c.principal !== undefined ? { principal: c.principal } : {}),
      ...(c.action !== undefined ? { action: c.action } : {}),
      ...(c.resource !== undefined ? { resource: c.resource } : {}),
      ...(c.witnesses.length
        ? {
            witnesses: c.witnesses.map((w) => ({
              principal: w.principal,
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
  };
}

function warningResult(w: SpecWarning, specFile: string | undefined, cwd: string, ruleIndex: number): Json {
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
    };
  });
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
  if (result.warnings.length) {
    driverRules.push(specWarningRule());
    for (const w of result.warnings) {
      results.push(warningResult(w, result.specFile, cwd, driverRules.length - 1));
    }
  }
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
          },
        },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: true,
            ...(result.notes.length
              ? {
                  toolExecutionNotifications: result.notes.map((n) => ({
                    level: 'note',
                    message: { text: n },
                  })),
                }
              : {}),
          },
        ],
        results,
        properties: {
          specFile: result.specFile ?? null,
          inputs: result.inputs,
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
