// The SARIF 2.1.0 rendering of an access diff, for code-scanning annotations on a pull request:
// one result per statement of the new state that adds or widens access (rule `access-added`,
// level warning), located at the statement (file, line and column when known; construct path,
// logical id or Terraform address as logical locations), its message listing the access it adds;
// and one result per new risk finding (rule `risk-added`, level by severity), located at its first
// statement. Access removed produces no result: nothing to fix there.
// Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html

import { createHash } from 'node:crypto';
import type { AccessChange, AccessDiff, ChangeGrant } from '../analysis/diff/types.js';
import type { RiskFinding, StatementRef } from '../analysis/types.js';
import { formatSource } from '../model/source.js';
import { principalLabelOf, resourceLabel, widens } from './diff-groups.js';
import { statementText } from './matrix-labels.js';
import { artifactUri, iamspecVersion, logicalLocationsOf, SARIF_SCHEMA_URI } from './sarif.js';

type Json = Record<string, unknown>;

export interface DiffSarifOptions {
  /** Directory that artifact URIs are relative to (default: the working directory). */
  cwd?: string;
  toolVersion?: string;
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
      text: 'A risk finding of the access review (administrator-equivalent principal, wildcard, public or cross-account access, iam:PassRole on *, privilege escalation) that the base does not have.',
    },
    help: { text: 'The finding names the principal or resource and the statements that cause it.' },
    defaultConfiguration: { level: 'error' },
  },
];

function location(ref: StatementRef, cwd: string): Json | undefined {
  const src = ref.source;
  if (!src) return undefined;
  const loc: Json = {};
  if (src.file && !src.file.startsWith('AWS managed')) {
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
  const access = c.before === 'deny' ? c.after : `${c.before} → ${c.after}`;
  return `${principalLabelOf(diff, c.principal)} ${c.action} on ${resourceLabel(diff, c.resource)} (${access})`;
}

function accessResults(diff: AccessDiff, cwd: string): Json[] {
  const byStatement = new Map<string, { ref: ChangeGrant; changes: AccessChange[] }>();
  const collect = (c: AccessChange) => {
    if (!widens(c)) return;
    for (const g of c.grants) {
      if (g.state !== 'after' || g.effect === 'Deny') continue;
      const k = grantKey(g);
      const entry = byStatement.get(k) ?? { ref: g, changes: [] };
      entry.changes.push(c);
      byStatement.set(k, entry);
    }
  };
  diff.changes.forEach('added', collect);
  diff.changes.forEach('changed', collect);
  const out: Json[] = [];
  for (const [k, { ref, changes }] of byStatement) {
    const shown = changes.slice(0, 10).map((c) => changeText(diff, c));
    const more = changes.length > 10 ? `; and ${changes.length - 10} more` : '';
    const loc = location(ref, cwd);
    out.push({
      ruleId: 'access-added',
      ruleIndex: 0,
      level: 'warning',
      message: {
        text: `${statementText(ref)} at ${formatSource(ref.source)} adds access: ${shown.join('; ')}${more}.`,
      },
      ...(loc ? { locations: [loc] } : {}),
      partialFingerprints: { 'iamspecDiff/v1': hash('access-added', k) },
      properties: {
        changes: changes.map((c) => ({
          principal: c.principal,
          action: c.action,
          resource: c.resource,
          before: c.before,
          after: c.after,
        })),
      },
    });
  }
  return out;
}

function riskResult(f: RiskFinding, cwd: string): Json {
  const located = f.statements.map((s) => location(s, cwd)).filter((l): l is Json => !!l);
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
    properties: { kind: f.kind, severity: f.severity, subject: f.subject },
  };
}

/** The SARIF log of an access diff as an object. */
export function toDiffSarif(diff: AccessDiff, options: DiffSarifOptions = {}): Json {
  const cwd = options.cwd ?? process.cwd();
  const version = options.toolVersion ?? iamspecVersion();
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'iamspec', version, semanticVersion: version, rules: RULES } },
        columnKind: 'utf16CodeUnits',
        results: [...accessResults(diff, cwd), ...diff.risks.added.map((f) => riskResult(f, cwd))],
        properties: {
          summary: {
            added: diff.changes.count('added'),
            removed: diff.changes.count('removed'),
            changed: diff.changes.count('changed'),
            risksAdded: diff.risks.added.length,
            risksRemoved: diff.risks.removed.length,
          },
        },
      },
    ],
  };
}

/** Renders the SARIF log of an access diff (two-space indented JSON, ends with a newline). */
export function formatDiffSarif(diff: AccessDiff, options: DiffSarifOptions = {}): string {
  return `${JSON.stringify(toDiffSarif(diff, options), null, 2)}\n`;
}
