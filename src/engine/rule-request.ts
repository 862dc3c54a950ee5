// The one state of a request that the engine's rules of single services read (`RuleRequest`:
// the request, its lower-cased action, principal, resource entry, options and what it collects),
// built once per decision by `Engine.decideHere`, and what of the engine those rules may call
// back (`RuleHost`: deciding another request, the model's resources, KMS aliases, the account
// whose Block Public Access applies). Owns these shapes and the resource entry the engine caches
// per ARN (`ResourceEntry`); the rules themselves live in service-rules.ts and the modules it
// names.

import type { parseArn } from '../model/arns.js';
import type { Account, Model, Resource } from '../model/types.js';
import type { CompiledPolicy } from './compile-policy.js';
import type { RequestPrincipal } from './principal.js';
import type { ResourceInfo } from './request-context.js';
import type { RestrictPublicBuckets } from './s3-block-public-access.js';
import type { DecideOptions, Decision, DecisionReason, Request, TraceEntry, UnknownMet } from './types.js';

/** What the engine knows of a request's resource, once per ARN (`Engine.resource`). */
export interface ResourceEntry {
  info: ResourceInfo;
  /** The ARN's parts (undefined when it is not an ARN). */
  parsed: ReturnType<typeof parseArn>;
  policy: CompiledPolicy | undefined;
  /** The resource policy must allow (KMS key policy). */
  keyPolicy: boolean;
  /** S3 Block Public Access RestrictPublicBuckets, when it may apply to the bucket. */
  restrictPublic: RestrictPublicBuckets | undefined;
  /**
   * Policies of other elements that may be this resource's too (`Resource.governs`: an OpenSearch
   * Serverless access policy, a policy under a stand-in ARN): decided with the resource policy.
   */
  governedBy: CompiledPolicy[];
}

/** A decision and why: what each service rule after the policies (`serviceRules`) takes and gives. */
export type Verdict = { decision: Decision['decision']; reason: DecisionReason };

/** What of the engine a rule of a single service may use (one object per engine). */
export interface RuleHost {
  readonly model: Model;
  /** Decides another request in this world (`Engine.decideHere`): a rule's second permission. */
  decideHere(request: Request, options?: DecideOptions): Decision;
  /** The model resource whose policy governs a request on `arn` (`Engine.findResource`). */
  findResource(arn: string): Resource | undefined;
  /** The key ARN an alias ARN of the inputs names. */
  aliasTarget(aliasArn: string): string | undefined;
  /** The account whose Block Public Access settings apply to `r`. */
  blockingAccount(r: Resource | undefined): Account | undefined;
}

/**
 * One request as the rules of single services see it: every field set, in this order, once per
 * decision (one shape: V8 optimizes the rules for one hidden class).
 */
export interface RuleRequest {
  readonly host: RuleHost;
  readonly request: Request;
  /** `request.action` lower-cased. */
  readonly actionLower: string;
  readonly p: RequestPrincipal;
  readonly res: ResourceEntry;
  /** The resource's account, else the principal's (an S3 bucket ARN carries none). */
  readonly resourceAccount: string | undefined;
  readonly options: DecideOptions;
  readonly trace: TraceEntry[] | undefined;
  /** The unknowns met, when asked for (`DecideOptions.unknowns`). */
  readonly met: UnknownMet[] | undefined;
}
