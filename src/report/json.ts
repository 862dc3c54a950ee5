// The JSON report of an access-spec run (`iamspec check --format json`): the SpecResult of
// src/spec/types.ts, with a fixed key order and every key always present (a value the type
// marks `| undefined` is written as `null`), so scripts and snapshots can rely on it:
//
// {
//   "ok": boolean,                       // every expectation passed (and, strict, no input warning could change a verdict)
//   "strict": boolean,
//   "specFile": string | null,
//   "inputs": string[],
//   "summary": { "expectations", "passed", "failed", "indeterminate" },   // expectation counts
//   "notes": string[],
//   "warnings": Warning[],               // what iamspec could not pin down: the spec's, then the inputs'
//   // Warning = { "code", "severity": "error" | "warning" | "info", "message", "candidates": string[],
//   //   "about": "spec" | "inputs", "affectsVerdicts": boolean,           // could change a verdict
//   //   "location": spec location | null,  // a warning about the spec
//   //   "source": Source | null }          // a warning about the inputs: file, line, column, pointer, logicalId, address...
//   "expectations": [{
//     "id", "description": string | null, "status": "pass" | "fail" | "indeterminate",
//     "location": { "file", "line", "column", "pointer" },                 // in the spec file
//     "checks": [{
//       "kind": "can" | "cannot" | "only" | "onlyPrincipals" | "via",
//       "status", "message", "principal", "action", "resource",        // string | null
//       "location",
//       "decision": Decision | null,       // the eval JSON contract: { decision, reason, external?, trace? }
//       "witnesses": Witness[],            // exhaustive checks: { principal, action, resource, access, conditions, grants, external, decision }
//       "statements": StatementRef[],      // { stage, policy, statement, effect, source } to fix
//       "warnings": Warning[],             // the warnings about the inputs this verdict depends on
//       "indeterminate": { "reasons": Reason[], "more"?: number } | null   // status indeterminate only:
//       // Reason = { "kind", "text", "stage", "policy"?, "statement"?, "source"?, "statementSource"? }
//       // (the unknowns the verdict depends on: the matrix JSON's reasons, analysis/indeterminate.ts)
//     }]
//   }]
// }

import type { StatementRef, Witness } from '../analysis/types.js';
import { couldChangeVerdict } from '../model/finding-codes.js';
import type { CheckResult, ExpectationResult, SpecLocation, SpecResult, SpecWarning } from '../spec/types.js';

const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

function location(l: SpecLocation) {
  return { file: orNull(l.file), line: orNull(l.line), column: orNull(l.column), pointer: l.pointer };
}

function statement(s: StatementRef) {
  return {
    stage: s.stage,
    policy: orNull(s.policy),
    statement: orNull(s.statement),
    effect: orNull(s.effect),
    source: orNull(s.source),
  };
}

function witness(w: Witness) {
  return {
    principal: w.principal,
    action: w.action,
    resource: w.resource,
    access: w.access,
    conditions: w.conditions,
    external: w.external,
    grants: w.grants.map(statement),
    decision: w.decision,
  };
}

function warning(w: SpecWarning) {
  return {
    code: w.code,
    severity: w.severity,
    message: w.message,
    candidates: w.candidates,
    about: w.location ? ('spec' as const) : ('inputs' as const),
    affectsVerdicts: couldChangeVerdict(w.code),
    location: w.location ? location(w.location) : null,
    source: orNull(w.source),
  };
}

function check(c: CheckResult) {
  return {
    kind: c.kind,
    status: c.status,
    message: c.message,
    principal: orNull(c.principal),
    action: orNull(c.action),
    resource: orNull(c.resource),
    location: location(c.location),
    decision: orNull(c.decision),
    witnesses: c.witnesses.map(witness),
    statements: c.statements.map(statement),
    warnings: c.warnings.map(warning),
    indeterminate: orNull(c.indeterminate),
  };
}

function expectation(e: ExpectationResult) {
  return {
    id: e.id,
    description: orNull(e.description),
    status: e.status,
    location: location(e.location),
    checks: e.checks.map(check),
  };
}

/** The report as a plain object (what `renderJson` serializes). */
export function toJsonReport(result: SpecResult) {
  return {
    ok: result.ok,
    strict: result.strict,
    specFile: orNull(result.specFile),
    inputs: result.inputs,
    summary: {
      expectations: result.summary.expectations,
      passed: result.summary.passed,
      failed: result.summary.failed,
      indeterminate: result.summary.indeterminate,
    },
    notes: result.notes,
    warnings: result.warnings.map(warning),
    expectations: result.expectations.map(expectation),
  };
}

export type JsonReport = ReturnType<typeof toJsonReport>;

/** Renders the JSON report (two-space indented, ends with a newline). */
export function renderJson(result: SpecResult): string {
  return `${JSON.stringify(toJsonReport(result), null, 2)}\n`;
}
