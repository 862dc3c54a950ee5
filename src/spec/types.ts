// The access spec contract: the document a team writes (ARCHITECTURE.md, "Contracts"), and what
// checking it against a model returns. The spec parser produces `AccessSpec`; the runner
// produces `SpecResult`; reports, matchers, the CDK validation plugin and `iamspec check` read
// only `SpecResult`.

import type { Decision, RequestContext } from '../engine/types.js';
import type { IndeterminateVerdict } from '../analysis/indeterminate.js';
import type { Access, StatementRef, Witness } from '../analysis/types.js';
import type { Source } from '../model/source.js';

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
  /** A resource reference (ARN, pattern, model reference, CDK token). */
  resource: string;
  /**
   * For `[construct, 'suffix']` (a CDK token string and a suffix, in a spec given as an object):
   * the suffix appended to the token's resource.
   */
  suffix?: string;
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
  /** onlyPrincipals form: the first resource and action (of `targets`). */
  resource: string | undefined;
  action: string | undefined;
  /** onlyPrincipals form: every action on every resource (`action` / `resource` may be lists). */
  targets: SpecAccess[];
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
  /**
   * The open-account mode (`openAccounts: true`; also `--open-accounts` / `{ openAccounts: true }`):
   * the inputs' accounts may hold users and roles the inputs do not define, and the exhaustive
   * principal checks consider them (src/model/open-accounts.ts).
   */
  openAccounts?: boolean;
  /**
   * The organization nodes (roots, OUs, account ids) FullAWSAccess has been detached from
   * (`scpFullAccessDetached:`; also `--scp-full-access-detached`): only there is an allow-list
   * SCP of the inputs the level's only Allow (aws/org-managed-policies.ts). Applied where iamspec
   * loads the inputs (`iamspec check`, the CDK validation plugin).
   */
  scpFullAccessDetached?: string[];
  /**
   * The service role each named stack deploys with, `ROLE_ARN` or `none` (`stackRoles:`; also
   * `--stack-role STACK=ROLE_ARN|none`, aws/stack-roles.ts). Applied where iamspec loads the
   * inputs (`iamspec check`, the CDK validation plugin).
   */
  stackRoles?: Record<string, string>;
  /**
   * The default request context of every expectation (`context:` at the top); an expectation's
   * and an entry's context override it key by key. Already merged into each expectation's
   * `context` by the parser.
   */
  context?: RequestContext;
  expect: Expectation[];
}

/**
 * One entry of the list of what iamspec could not pin down, listed in the result, on stderr and in
 * every report:
 * - a warning about the spec (`location`): something it names that is probably not what was
 *   meant but can be checked (a bucket that is not in the model); an error with `strict`;
 * - a warning about the inputs (`source`, no `location`): a model finding (src/model/finding.ts)
 *   such as `tf/unknown-instances` or `policy/unknown-action`. One of severity `error` that could
 *   change a verdict (src/model/finding-codes.ts) fails the run; with `strict`, every one that
 *   could change a verdict does.
 */
export interface SpecWarning {
  /** Stable code, e.g. `spec/resource-not-in-model`, `tf/unknown-instances`. */
  code: string;
  /** `warning` for spec warnings; a model finding's own severity for warnings about the inputs. */
  severity: 'error' | 'warning' | 'info';
  /** One sentence, with the close names of the model when there are ("did you mean"). */
  message: string;
  /** Close names of the model, best first. */
  candidates: string[];
  /** The spec element it is about (warnings about the spec). */
  location?: SpecLocation;
  /** Where in the inputs (warnings about the inputs): file:line:column, logical id, address. */
  source?: Source;
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
  /**
   * The warnings about the inputs this verdict depends on: for a check that did not pass, the
   * findings about the elements its decisions found unknown (each also in `SpecResult.warnings`).
   */
  warnings: SpecWarning[];
  /**
   * Only for an indeterminate check: the unknowns its verdict depends on, each with its kind,
   * words and source (analysis/indeterminate.ts, the one shape of an indeterminate verdict).
   */
  indeterminate?: IndeterminateVerdict;
  /**
   * For a failing or indeterminate check with witnesses (only, onlyPrincipals, cannot): what to
   * change, once (src/spec/fixes.ts).
   */
  fix?: FixPlan;
  /**
   * For a check without a fix plan whose statements are in managed policies (cannotBecome,
   * noEscalation: an escalation path through IAMFullAccess): where the inputs attach each policy
   * to the principal whose step it grants, directly or through a group (spec/fixes.ts
   * `attachmentsOf`). The reports locate the check there, as they do a fix plan's `attachedAt`.
   */
  attachedAt?: PolicyAttachmentPlace[];
}

/** Where a managed policy (`policy`, as statements name it) is attached to a principal or group. */
export interface PolicyAttachmentPlace {
  policy: string;
  to: string;
  source: Source | undefined;
}

/** Witnesses of one service and access level (`s3 Write`), for one kind of caller. */
export interface ActionFamily {
  /** `s3 Write` */
  name: string;
  service: string;
  /** Catalog access level (`Permissions management`, `Write`, `Tagging`, `Read`, `List`) or `Other`. */
  level: string;
  /** The kind of caller: anonymous, an account or identity outside the inputs, a service, a model principal. */
  caller: 'anonymous' | 'external' | 'service' | 'model';
  principals: string[];
  actions: string[];
  resources: string[];
  /** The most access any of its requests has (allow before conditional before indeterminate). */
  access: Access;
  conditions: string[];
  /** Witness requests in the family. */
  requests: number;
}

/** One statement to change and the access it grants, by action family (worst first). */
export interface FixGroup {
  /** The statement that grants (undefined: access whose granting statement is unknown). */
  statement: StatementRef | undefined;
  /** For a managed policy: where it is attached to the principal (or to its groups). */
  attachedAt: { to: string; source: Source | undefined }[];
  families: ActionFamily[];
  requests: number;
}

/** Something that permits the access without granting it (context, not the thing to fix). */
export interface FixContext {
  kind: StatementRef['stage'];
  /** `the permissions boundary allows it`, `user/x has no permissions boundary: ...` */
  text: string;
  statement: StatementRef | undefined;
}

export interface FixPlan {
  /** Statements to change, the worst access first. */
  groups: FixGroup[];
  context: FixContext[];
  /** The search stopped at its witness limit: more access may exist. */
  truncated: boolean;
}

export interface ExpectationResult {
  id: string;
  description: string | undefined;
  status: 'pass' | 'fail' | 'indeterminate';
  checks: CheckResult[];
  location: SpecLocation;
}

export interface SpecResult {
  /**
   * True when every expectation passes and no error about the inputs could change a verdict (with
   * `strict`, no warning about the inputs could change a verdict).
   */
  ok: boolean;
  /** The run was strict (`strict: true`, `--strict`, the matchers' or the plugin's option). */
  strict: boolean;
  /** The run was in the open-account mode (`openAccounts: true`, `--open-accounts`, the helpers' option). */
  openAccounts?: true;
  specFile: string | undefined;
  /** The input files the model was loaded from (for report locations). */
  inputs: string[];
  expectations: ExpectationResult[];
  summary: { expectations: number; passed: number; failed: number; indeterminate: number };
  /** Notes printed once (e.g. the account root user is outside exhaustive principal checks). */
  notes: string[];
  /**
   * What iamspec could not pin down (see SpecWarning): the spec's warnings, then the warnings
   * about the inputs (those that could change a verdict first); each report shows them.
   */
  warnings: SpecWarning[];
}
