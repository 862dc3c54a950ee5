// The names CloudFormation generates for resources whose template gives no name (a role without
// RoleName, a bucket without BucketName...): what of such a name is certain before deploy, and
// the unknown part standing for the rest (src/model/stand-ins.ts `unknownNamePart`, matched
// three-valued by src/engine/unknown-names.ts). Owns `generatedName` and the per-type forms.
//
// AWS CloudFormation Template Reference, "CloudFormation resource custom naming"
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-name.html):
// "By default, CloudFormation generates a unique physical ID to name a resource. For example,
// CloudFormation might name an Amazon S3 bucket with the following physical ID
// MyStack-MyBucket-abcdefghijk1" (the User Guide's earlier "Name type" page gives the bucket as
// `stack123123123123-s3bucket-abcdefghijk1`: lower case, as bucket names must be). The form
// `<stack name>-<logical id>-<random string>` is all the pages say: how a name too long for its
// type is cut is not documented (observed: the stack name and logical id are shortened, e.g.
// `MyStackDev-MyNestedApplicatio-MyLambdaFunctionName-1U44TLUZ7OR55`), nor is the random
// string's length beyond the examples (12 characters; 13 are seen). So the known prefix
// `<stack>-<LogicalId>-` is kept only when the stack's name is the one AWS will use and that
// prefix, a random string of `RANDOM_MAX` characters and the type's fixed suffix (`.fifo`) fit in
// the type's name limit: no cutting can happen. Otherwise (a long name, a template loaded without
// a stack name, a nested stack whose name has its own random part) the whole name is unknown.
// Types whose generated names take another form (a secret, a state machine, an SSM parameter,
// a CodeBuild project are named without the stack) are not listed: their names are unknown.

import { GENERATED_NAME_HINT, unknownNamePart } from '../../model/stand-ins.js';

/** The longest random string assumed at the end of a generated name (see the module comment). */
export const RANDOM_MAX = 13;

interface GeneratedForm {
  /** The name's length limit (the naming property's documented maximum). */
  max: number;
  /** Bucket-style names: lower case only. */
  lowercase?: boolean;
}

/**
 * Types whose generated names are `<stack>-<LogicalId>-<random>`, with the length limit of the
 * naming property (CloudFormation Template Reference, each type's name property: RoleName,
 * UserName "Maximum: 64"; GroupName, ManagedPolicyName, InstanceProfileName "Maximum: 128";
 * BucketName 3-63, lower case; QueueName 80 with `.fifo`; TopicName 256; FunctionName 64;
 * TableName 255; Kinesis Name 128; LogGroupName 512; Events Rule Name 64).
 */
const FORMS: Readonly<Record<string, GeneratedForm>> = {
  'AWS::IAM::Role': { max: 64 },
  'AWS::IAM::User': { max: 64 },
  'AWS::IAM::Group': { max: 128 },
  'AWS::IAM::ManagedPolicy': { max: 128 },
  'AWS::IAM::InstanceProfile': { max: 128 },
  'AWS::S3::Bucket': { max: 63, lowercase: true },
  'AWS::SQS::Queue': { max: 80 },
  'AWS::SNS::Topic': { max: 256 },
  'AWS::Lambda::Function': { max: 64 },
  'AWS::DynamoDB::Table': { max: 255 },
  'AWS::Kinesis::Stream': { max: 128 },
  'AWS::Logs::LogGroup': { max: 512 },
  'AWS::Events::Rule': { max: 64 },
};

export interface GeneratedNameScope {
  readonly type: string;
  readonly logicalId: string;
  readonly stackName: string;
  /** True when `stackName` is the name AWS will use (a cloud assembly's, or given). */
  readonly stackNameKnown?: boolean;
}

/**
 * The modelled name of a resource whose name CloudFormation generates: the certain prefix
 * (`Stack-AppRole-`, lower case for buckets) then one unknown part, `(unknown-generated-ID)` when
 * the prefix is known, `(unknown-generated-LogicalId-ID)` when nothing is; `unique` (a short hash
 * of the stack's partition, account, region, name and the logical id) makes the part one
 * resource's own (the engine takes the same part text for the same unknown). `suffix`: what the
 * type adds after the generated name (`.fifo`).
 */
export function generatedName(scope: GeneratedNameScope, unique: string, suffix = ''): string {
  const prefix = knownPrefix(scope, suffix);
  if (prefix !== undefined) return `${prefix}${unknownNamePart(`${GENERATED_NAME_HINT}-${unique}`)}${suffix}`;
  return `${unknownNamePart(`${GENERATED_NAME_HINT}-${scope.logicalId}-${unique}`)}${suffix}`;
}

/** The prefix of the generated name that no truncation can touch, if any (module comment). */
export function knownPrefix(scope: GeneratedNameScope, suffix = ''): string | undefined {
  const form = FORMS[scope.type];
  if (!form || !scope.stackNameKnown) return undefined;
  const prefix = `${scope.stackName}-${scope.logicalId}-`;
  if (prefix.length + RANDOM_MAX + suffix.length > form.max) return undefined;
  return form.lowercase ? prefix.toLowerCase() : prefix;
}
