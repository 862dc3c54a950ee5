// The access spec contract: the document a team writes (DESIGN.md, "Access spec"), and what
// checking it against a model returns. The spec parser produces `AccessSpec`; the runner
// produces `SpecResult`; reports, matchers, the CDK validation plugin and `iamspec check` read
// only `SpecResult`.

import type { Decision, RequestContext } from '../engine/types.js';
import type { StatementRef, Witness } from '../analysis/types.js';

/** Where an element of the spec file is (1-based line and column). */
export interface SpecLocation {
  file: string | undefined;
  line: number | undefined;
  column: number | undefined;
  /** JSON pointer of the element in the spec document, e.g. `/expect/0/can/1`. */
  pointer: string;
}

export interface SpecAccess {
  action: string;
  resource: string;
  /** Extra context for this one request (merged over the expectation's context). */
  context?: RequestContext;
  location: SpecLocation;
}

/** One entry of `expect:`. Either `principal` (+ can/cannot/only) or `resource` + `action` + `onlyPrincipals`. */
export interface Expectation {
  /** Stable id: the `id` written in the spec, else `expect[i]`. */
  id: string;
  description: string | undefined;
  principal: string | undefined;
  /** Roles to assume in turn before the requests (trust and sts:AssumeRole checked per hop). */
  via: string[];
  /** Session policy document (inline, or read from the file path given in the spec). */
  sessionPolicy: unknown;
  context: RequestContext | undefined;
  can: SpecAccess[];
  cannot: SpecAccess[];
  only: SpecAccess[] | undefined;
  /** Principals (roles, users) the principal must not be able to become by any escalation path. */
  cannotBecome: string[];
  /** The principal must have no escalation path to administrator-equivalent access. */
  noEscalation: boolean;
  /** onlyPrincipals form */
  resource: string | undefined;
  action: string | undefined;
  onlyPrincipals: string[] | undefined;
  location: SpecLocation;
}

export interface AccessSpec {
  version: 1;
  file: string | undefined;
  /**
   * The deploying account: references default to it, and inputs that do not state their
   * account are loaded into it (an input that states another is an error).
   */
  account: string | undefined;
  /** Every warning of the spec is an error (`strict: true`; also `--strict` / `{ strict: true }`). */
  strict: boolean;
  expect: Expectation[];
}

/**
 * Something the spec names that is probably not what was meant but can be checked (a bucket that
 * is not in the model): listed in the result and every report; an error with `strict`.
 */
export interface SpecWarning {
  /** Stable code, e.g. `spec/resource-not-in-model`. */
  code: string;
  severity: 'warning';
  /** One sentence, with the close names of the model when there are ("did you mean"). */
  message: string;
  /** Close names of the model, best first. */
  candidates: string[];
  /** The spec element it is about. */
  location: SpecLocation;
}

export type CheckKind =
  | 'can'
  | 'cannot'
  | 'only'
  | 'onlyPrincipals'
  | 'via'
  | 'cannotBecome'
  | 'noEscalation';

/** One checked assertion (one `can` entry, one `cannot` entry, one `only` block, ...). */
export interface CheckResult {
  kind: CheckKind;
  /** `pass`; `fail` = a counterexample exists; `indeterminate` = it depends on an unknown value. */
  status: 'pass' | 'fail' | 'indeterminate';
  /** One line a person reads first, e.g. `user/Sara-intern can also s3:GetObject on arn:aws:s3:::company1-logs/x`. */
  message: string;
  /** The principal(s) the check was made for (a group reference expands to its members). */
  principal: string | undefined;
  action: string | undefined;
  resource: string | undefined;
  /** For can / cannot / via: the decision with its trace. */
  decision: Decision | undefined;
  /** For exhaustive checks: the counterexamples (conditional ones carry their conditions). */
  witnesses: Witness[];
  /** The statements to look at to fix a failure, with their sources (template / plan file and element). */
  statements: StatementRef[];
  /** The spec element this check comes from. */
  location: SpecLocation;
}

export interface ExpectationResult {
  id: string;
  description: string | undefined;
  status: 'pass' | 'fail' | 'indeterminate';
  checks: CheckResult[];
  location: SpecLocation;
}

export interface SpecResult {
  /** True when every expectation passes. */
  ok: boolean;
  specFile: string | undefined;
  /** The input files the model was loaded from (for report locations). */
  inputs: string[];
  expectations: ExpectationResult[];
  summary: { expectations: number; passed: number; failed: number; indeterminate: number };
  /** Notes printed once (e.g. the account root user is outside exhaustive principal checks). */
  notes: string[];
  /** Warnings about what the spec names (see SpecWarning); each report shows them. */
  warnings: SpecWarning[];
}
