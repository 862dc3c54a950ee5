// Normalized policy documents: what the grammar produces and the engine compiles. Every
// element keeps its source; values an adapter could not resolve stay `Unknown`.

import type { Finding } from '../model/finding.js';
import type { Source } from '../model/source.js';
import type { Maybe, Unknown } from '../model/unknown.js';

/** What a policy document is used as; validation rules differ per kind. */
export type PolicyKind = 'identity' | 'boundary' | 'session' | 'trust' | 'resource' | 'scp' | 'rcp';

export type Effect = 'Allow' | 'Deny';

/** A string-or-array element (`Action`, `Resource`, ...) after normalization. */
export interface ValueList {
  values: Maybe<string>[];
  /** Source of the element itself (`/Statement/0/Action`). */
  source: Source;
  /** Source of each value, parallel to `values`. */
  valueSources: Source[];
}

/**
 * `Principal` / `NotPrincipal` after normalization. `"*"` becomes `{ wildcard: true }`.
 * `{"AWS": "*"}` is kept as `aws: ['*']` (same meaning for matching).
 */
export interface PrincipalSpec {
  wildcard: boolean;
  aws: ValueList | undefined;
  service: ValueList | undefined;
  federated: ValueList | undefined;
  canonicalUser: ValueList | undefined;
  source: Source;
}

/** One `operator: { key: values }` entry of a Condition block. */
export interface ConditionClause {
  /** The operator as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  operator: string;
  /** Base operator without set prefix and IfExists, e.g. `StringLike`; undefined when unknown. */
  base: ConditionOperatorName | undefined;
  ifExists: boolean;
  set: 'ForAllValues' | 'ForAnyValue' | undefined;
  /** Condition key as written (matching is case-insensitive for the key name). */
  key: string;
  /** Values as strings (JSON booleans and numbers are stringified), possibly unknown. */
  values: Maybe<string>[];
  source: Source;
}

export const CONDITION_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
] as const;
export type ConditionOperatorName = (typeof CONDITION_OPERATORS)[number];

export interface Statement {
  /** 0-based position in the document's Statement list. */
  index: number;
  sid: string | undefined;
  effect: Maybe<Effect>;
  action: ValueList | undefined;
  notAction: ValueList | undefined;
  resource: ValueList | undefined;
  notResource: ValueList | undefined;
  principal: PrincipalSpec | undefined;
  notPrincipal: PrincipalSpec | undefined;
  conditions: ConditionClause[];
  source: Source;
  /** Set when the statement as a whole could not be read (unknown value in place of it). */
  unknown: Unknown | undefined;
  /**
   * Set when the statement is readable but might not exist: it sits behind a condition the
   * inputs do not decide (`Fn::If` on a parameter without a default, a Terraform `dynamic`
   * block over an unknown collection). What it would grant or deny is `indeterminate`.
   */
  presence?: Unknown;
  /**
   * Set when the statement stands for a grant that is not a policy statement: `acl`, a bucket
   * ACL's grant kept with the bucket policy (src/aws/s3-acl.ts). S3 Block Public Access judges the
   * bucket *policy* without it (BlockPublicPolicy never rejects it; it never makes the policy
   * public for RestrictPublicBuckets).
   */
  carrier?: 'acl';
  /**
   * Set on an ACL grant to the AuthenticatedUsers group (src/aws/s3-acl.ts `aclStatements`): it
   * admits signed requests of any AWS account, never an anonymous one, though its Principal is
   * written `{"AWS": "*"}` (which in a policy admits anonymous requests too).
   */
  signedOnly?: true;
}

export interface PolicyDocument {
  kind: PolicyKind;
  version: string | undefined;
  id: string | undefined;
  statements: Statement[];
  /** Set when the whole document is unknown (e.g. `jsonencode` of a value known after apply). */
  unknown: Unknown | undefined;
  source: Source;
  /** Findings from parsing and validation, each with its location. */
  findings: Finding[];
  /** Set when the whole document might not exist (see `Statement.presence`). */
  presence?: Unknown;
  /**
   * The policy's own name where the inputs give one (an SCP's or RCP's `name` in Terraform,
   * `Name` in CloudFormation, the AWS Organizations default `FullAWSAccess`): how traces name it.
   */
  name?: string;
  /**
   * SCP / RCP: the organization node it is attached at for the account that holds it (an account
   * id, `ou-…`, `r-…`, or `ORG_DEFAULT_LEVEL`); Unknown, or not set, when the inputs do not say.
   */
  orgLevel?: Maybe<string>;
}

/** Human label for a statement in traces: Sid, else `Statement[i]`. */
export function statementLabel(s: Statement): string {
  return s.sid ? `Sid "${s.sid}"` : `Statement[${s.index}]`;
}
