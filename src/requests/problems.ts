// What the request layer says about a request that names something it cannot check against the
// model or the catalog: a typed problem with a stable code, one sentence, and the close names it
// found. Front ends decide what a problem is: `eval` / `explain` print it as a warning and still
// decide the request; specs and matchers make the fatal ones errors (a check that can never be
// satisfied must not pass vacuously) and list the others as warnings (errors with `strict`).

export type RequestProblemCode =
  /** The action's service prefix is not an AWS service of the catalog. */
  | 'request/unknown-service'
  /** The action is not in the action catalog. */
  | 'request/unknown-action'
  /** A principal ARN of an account of the model that names no user or role of the model. */
  | 'request/principal-not-in-model'
  /** A principal ARN of a form the engine does not decide for (a group, a policy...). */
  | 'request/not-a-principal'
  /** An exact resource ARN (an S3 bucket, or an IAM user, role or group) that is not in the model. */
  | 'request/resource-not-in-model'
  /**
   * A principal or resource with `${...}` text: nothing substitutes it, so it names nothing a
   * deployment has (fatal: a check on it would hold vacuously).
   */
  | 'request/unresolved-variable'
  /**
   * A resource with `*` or `?`: a request names one resource, so they are characters of its name,
   * not a pattern (a warning of eval / explain; specs and matchers decide a pattern on every
   * matching resource, analysis/pattern-requests.ts).
   */
  | 'request/resource-pattern';

export interface RequestProblem {
  code: RequestProblemCode;
  /** One sentence, naming the reference and (when there are) the close names. */
  message: string;
  /** Close names of the model or the catalog, best first. */
  candidates: string[];
  /**
   * True when no model can satisfy a check naming it (a principal of a model account that the
   * model does not have): an error for specs and matchers, a warning for eval / explain.
   */
  fatal: boolean;
}
