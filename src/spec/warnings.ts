// Warnings about the inputs, in the one list of what iamspec could not pin down (SpecWarning:
// spec warnings carry the spec element, input warnings the element of the inputs): the model's
// findings worth showing (every finding that could change a verdict, and every other one of
// severity warning or error; src/model/finding-codes.ts), and, for one verdict, the ones it
// depends on: the findings about the elements its trace marks unknown (the statement and the
// unknown value it depends on, src/model/finding-links.ts). Every front end reads these: the
// CLI summary on stderr, the reports, the matchers and the CDK validation plugin.

import type { Witness } from '../analysis/types.js';
import type { Decision } from '../engine/types.js';
import type { Finding } from '../model/finding.js';
import { couldChangeVerdict } from '../model/finding-codes.js';
import { findingsAbout } from '../model/finding-links.js';
import { formatSource, type Source } from '../model/source.js';
import type { Model } from '../model/types.js';
import type { SpecResult, SpecWarning } from './types.js';

/** A model finding as a warning about the inputs. */
export function warningOfFinding(f: Finding): SpecWarning {
  return {
    code: f.code,
    severity: f.severity,
    message: f.message,
    candidates: [],
    ...(f.source ? { source: f.source } : {}),
  };
}

/**
 * True for a finding every front end shows: one that could change a verdict, or a warning /
 * error about what the user wrote. A lint that changes no verdict on an element a transform
 * generated (SAM's policy templates carry no Version, as SAM writes them) has nothing to fix in
 * the user's code: it stays in `model.findings` only.
 */
export function isShownFinding(f: Finding): boolean {
  if (couldChangeVerdict(f.code)) return true;
  return f.severity !== 'info' && !f.source?.generatedLogicalId;
}

const SEVERITY_RANK: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

const cache = new WeakMap<Model, { all: SpecWarning[]; byFinding: Map<Finding, SpecWarning> }>();

function warningsOfModel(model: Model) {
  let entry = cache.get(model);
  if (!entry) {
    const byFinding = new Map<Finding, SpecWarning>();
    // Those that could change a verdict first, then by severity (error, warning, info), each
    // group in input order.
    const rank = (f: Finding) => (couldChangeVerdict(f.code) ? 0 : 3) + SEVERITY_RANK[f.severity];
    const ordered = model.findings
      .filter(isShownFinding)
      .map((f, i) => ({ f, i }))
      .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
      .map(({ f }) => f);
    for (const f of ordered) byFinding.set(f, warningOfFinding(f));
    entry = { all: [...byFinding.values()], byFinding };
    cache.set(model, entry);
  }
  return entry;
}

/** The model's warnings about the inputs, those that could change a verdict first. */
export function inputWarnings(model: Model): SpecWarning[] {
  return warningsOfModel(model).all;
}

/** True when the warning is about the inputs (a model finding), not about the spec. */
export function isInputWarning(w: SpecWarning): boolean {
  return w.location === undefined;
}

/** True when the warning could change a verdict (see src/model/finding-codes.ts). */
export function affectsVerdicts(w: SpecWarning): boolean {
  return couldChangeVerdict(w.code);
}

/** The sources a decision's unknown trace entries point at: the unknown value's and the statement's. */
export function unknownSources(d: Decision | undefined): Source[] {
  const out: Source[] = [];
  for (const t of d?.trace ?? []) {
    if (t.outcome !== 'unknown') continue;
    if (t.cause?.source) out.push(t.cause.source);
    if (t.source) out.push(t.source);
  }
  return out;
}

/** The sources an indeterminate witness depends on: its unknown trace entries, else its grants. */
export function witnessUnknownSources(w: Witness): Source[] {
  const fromTrace = unknownSources(w.decision);
  if (fromTrace.length || w.access !== 'indeterminate') return fromTrace;
  return w.grants.map((g) => g.source).filter((s): s is Source => !!s);
}

/**
 * The warnings about the inputs that the verdict at `sources` depends on (the findings that could
 * change a verdict about those elements), in the order of `inputWarnings`.
 */
export function warningsAbout(model: Model, sources: readonly Source[]): SpecWarning[] {
  if (!sources.length) return [];
  const { byFinding } = warningsOfModel(model);
  const found = new Set(findingsAbout([...byFinding.keys()], sources));
  return [...byFinding.entries()].filter(([f]) => found.has(f)).map(([, w]) => w);
}

/** The warnings a decision depends on (see `warningsAbout`). */
export function warningsOfDecision(model: Model, d: Decision | undefined): SpecWarning[] {
  return warningsAbout(model, unknownSources(d));
}

/**
 * True for an error about the inputs that could change a verdict (a template or document AWS
 * would reject, a resource that could not be modelled): it fails every run, strict or not, as an
 * input error does (exit 2).
 */
export function isInputError(w: SpecWarning): boolean {
  return isInputWarning(w) && w.severity === 'error' && affectsVerdicts(w);
}

/** The errors about the inputs among `warnings` that fail every run (see `isInputError`). */
export function inputErrors(warnings: readonly SpecWarning[]): SpecWarning[] {
  return warnings.filter(isInputError);
}

/**
 * The warnings about the inputs that fail a run: every error that could change a verdict, and
 * with `strict` every warning that could change a verdict.
 */
export function failingInputWarnings(warnings: readonly SpecWarning[], strict: boolean): SpecWarning[] {
  return strict ? warnings.filter((w) => isInputWarning(w) && affectsVerdicts(w)) : inputErrors(warnings);
}

/** The warnings about the inputs in `result` that fail it (see `failingInputWarnings`). */
export function inputFailures(result: SpecResult): SpecWarning[] {
  return failingInputWarnings(result.warnings, result.strict);
}

/** `tf/unknown-instances at main.tf:4:3 (aws_iam_user_policy.debug)`: a warning as a reference. */
export function warningReference(w: SpecWarning): string {
  const at = w.source ? formatSource(w.source) : '(unknown source)';
  return at === '(unknown source)' ? w.code : `${w.code} at ${at}`;
}
