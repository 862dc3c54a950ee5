// Which resource names may hold a `/` (and which unknown ARN parts a `:`): the ARN places the name after its type, and for these
// types the name itself may be a path-like string, so an unknown part of such a name (an
// `(unknown-…)` part, src/model/stand-ins.ts) may stand for text with `/` in it. Owns
// `nameMayHoldSlash`. Each type's naming rule (API Reference of the service):
// - Secrets Manager, CreateSecret, Name: "The secret name can contain ASCII letters, numbers, and
//   the following characters: /_+=.@-".
// - Amazon ECR, CreateRepository, repositoryName: "The repository name must start with a letter
//   and can only contain lowercase letters, numbers, hyphens, underscores, periods and forward
//   slashes" (`team/app`).
// - Amazon EventBridge, CreateEventBus, Name: pattern `[/\.\-_A-Za-z0-9]+` (partner buses are
//   `aws.partner/…`).
// - Systems Manager, PutParameter, Name: parameters form hierarchies (`/Dev/DBServer/MySQL/db-string13`),
//   "a-zA-Z0-9_.-" and "/" are allowed; the ARN drops the leading `/`.
// - CloudWatch Logs, CreateLogGroup, logGroupName: pattern `[\.\-_/#A-Za-z0-9]+` (`/aws/lambda/f`).
// - AWS KMS, CreateAlias, AliasName: pattern `^[a-zA-Z0-9/_-]+$` after `alias/`.
// - Amazon S3, object keys: "The object key (or key name) uniquely identifies the object in an
//   Amazon S3 bucket" and may hold `/` (Amazon S3 User Guide, "Naming Amazon S3 objects").
// No such name holds a `:` (none of the patterns above allows one), nor does any other name the
// engine matches: the ARN's fields stay those written. One part of an ARN that is no name may:
// a DynamoDB stream's label, which DynamoDB assigns, "A timestamp, in ISO 8601 format, for this
// stream" (DynamoDB Streams API Reference, Stream, StreamLabel:
// `arn:aws:dynamodb:us-west-2:111122223333:table/TestTable/stream/2015-05-11T21:21:33.291`),
// written last in the resource field, so the ARN's fields stay those written there too. Owns
// `partMayHoldColon` as well.

/** `arn:PARTITION:SERVICE:REGION:ACCOUNT:` then the resource type and its delimiter, per type. */
const SLASHED =
  /^arn:[^:]*:(?:secretsmanager:[^:]*:[^:]*:secret:|ecr:[^:]*:[^:]*:repository\/|events:[^:]*:[^:]*:event-bus\/|ssm:[^:]*:[^:]*:parameter\/|logs:[^:]*:[^:]*:log-group:|kms:[^:]*:[^:]*:alias\/|s3:::[^/]+\/)/;

/**
 * Whether the text after `arnPrefix` (the start of an ARN, up to where an unknown name part is
 * written) is, at that place, part of a name that may hold `/` (the module comment's types).
 */
export function nameMayHoldSlash(arnPrefix: string): boolean {
  return SLASHED.test(arnPrefix);
}

/** `arn:PARTITION:dynamodb:REGION:ACCOUNT:table/NAME/stream/`: the stream label follows. */
const COLONED = /^arn:[^:]*:dynamodb:[^:]*:[^:]*:table\/[^/]+\/stream\/$/;

/**
 * Whether an unknown part written after `arnPrefix` (the start of an ARN, up to the part) may
 * hold a `:`: a DynamoDB stream's label (the module comment).
 */
export function partMayHoldColon(arnPrefix: string): boolean {
  return COLONED.test(arnPrefix);
}

/** `arn:PARTITION:s3:::BUCKET/`: an object key follows, which may hold any character (`:` too). */
const S3_OBJECT = /^arn:[^:]*:s3:::[^/]+\//;

/**
 * The characters an unknown name part written in `arn` at `at` cannot hold, as the engine reads
 * such a part (src/engine/unknown-names.ts): `:` unless it is a DynamoDB stream label or an S3
 * object key (a key may hold any character: Amazon S3 User Guide, "Naming Amazon S3 objects",
 * lists `:` among the characters that might need special handling), `/` unless it is in a name
 * that may hold one (`nameMayHoldSlash`); none for a path part, a part outside the resource field
 * or a string that is not one ARN (a list of ARNs joined: which ARN's type, the text does not say).
 */
export function partExcludesInArn(arn: string, at: number, isPathPart: boolean): string {
  if (isPathPart || !arn.startsWith('arn:') || arn.indexOf('arn:', 1) !== -1) return '';
  const prefix = arn.slice(0, at);
  if (!/^arn:[^:]*:[^:]*:[^:]*:[^:]*:/.test(prefix)) return '';
  const colon = partMayHoldColon(prefix) || S3_OBJECT.test(prefix) ? '' : ':';
  return nameMayHoldSlash(prefix) ? colon : `${colon}/`;
}
