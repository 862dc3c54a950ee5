// The CloudWatch Logs resource policy (PutResourcePolicy: CloudFormation AWS::Logs::ResourcePolicy,
// written by CDK's LogGroup.addToResourcePolicy / grantWrite to a service principal; Terraform
// aws_cloudwatch_log_resource_policy), shared by the adapters. Amazon CloudWatch Logs API
// Reference, PutResourcePolicy
// (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutResourcePolicy.html):
// "Creates or updates a resource policy allowing other AWS services to put log events to this
// account, such as Amazon Route 53." ... "Supported actions - Policy only supports
// logs:PutLogEvents and logs:CreateLogStream actions" ... "Supported principals - Policy only
// applies when operations are invoked by AWS service principals (not IAM users, roles, or
// cross-account principals" ... "Policy limits - An account can have a maximum of 10 policies
// without resourceARN and one per LogGroup resourceARN" ... "Resource policies with actions
// invoked by non-AWS service principals (such as IAM users, roles, or other AWS accounts) will not
// be enforced."
//
// So the policy is kept as an element of its own whose document governs the log groups (and their
// log streams) of its account and Region (`Resource.governs`), or the one log group it names, and
// whose statements are scoped to what CloudWatch Logs enforces: each is limited to the supported
// actions and carries `Bool aws:PrincipalIsAWSService true` (the engine fills that key from the
// calling principal), so an Allow or a Deny written for an IAM principal neither grants nor
// denies it anything, as the API reference says.

import type { ModelBuilder } from '../model/builder.js';
import type { Source } from '../model/source.js';
import { UNKNOWN_REGION } from '../model/stand-ins.js';
import { isUnknown, type Maybe, type Unknown } from '../model/unknown.js';
import { compileGlobText, globMatches } from '../policy/glob-match.js';
import type { ConditionClause, PolicyDocument, Statement, ValueList } from '../policy/types.js';

export const LOGS_RESOURCE_POLICY_PAGE =
  'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutResourcePolicy.html';

/** The only actions a CloudWatch Logs resource policy is enforced for. */
export const LOGS_RESOURCE_POLICY_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'] as const;

/** The ARN patterns of the log groups and log streams of `account` in `region` (any Region when unknown). */
export function logsResourcePolicyTargets(partition: string, region: string, account: string): string[] {
  return [`arn:${partition}:logs:${region === UNKNOWN_REGION ? '*' : region}:${account}:log-group:*`];
}

/** The supported actions a written action list names (Unknown entries kept: they may name any). */
function supportedActions(list: ValueList, negated: boolean): ValueList {
  const values: Maybe<string>[] = [];
  const valueSources: Source[] = [];
  const unknowns = list.values.filter(isUnknown);
  if (negated && unknowns.length) return list; // what NotAction leaves out is not known
  const patterns = list.values
    .filter((v): v is string => typeof v === 'string')
    .map((v) => compileGlobText(v, true));
  for (const action of LOGS_RESOURCE_POLICY_ACTIONS) {
    const named = patterns.some((p) => globMatches(p, action));
    if (named === negated) continue;
    values.push(action);
    valueSources.push(list.source);
  }
  list.values.forEach((v, i) => {
    if (!negated && isUnknown(v)) {
      values.push(v);
      valueSources.push(list.valueSources[i] ?? list.source);
    }
  });
  return { values, source: list.source, valueSources };
}

/** A statement scoped to what CloudWatch Logs enforces (see the top comment). */
function enforcedPart(s: Statement): Statement {
  const onlyServices: ConditionClause = {
    operator: 'Bool',
    base: 'Bool',
    ifExists: false,
    set: undefined,
    key: 'aws:PrincipalIsAWSService',
    values: ['true'],
    source: s.source,
  };
  const scoped: Statement = { ...s, conditions: [...s.conditions, onlyServices] };
  if (s.action) scoped.action = supportedActions(s.action, false);
  else if (s.notAction) {
    const action = supportedActions(s.notAction, true);
    if (action !== s.notAction) {
      scoped.action = action;
      scoped.notAction = undefined;
    }
  }
  return scoped;
}

/** The document CloudWatch Logs enforces of a resource policy as written. */
export function logsEnforcedDocument(document: PolicyDocument): PolicyDocument {
  if (document.unknown) return document;
  return { ...document, statements: document.statements.map(enforcedPart) };
}

/** A CloudWatch Logs resource policy as an adapter reads it. */
export interface LogsResourcePolicy {
  /** The element's ARN: the adapter's stand-in for the policy resource (stack and logical id, address). */
  arn: string;
  name: string;
  partition: string;
  account: string;
  region: string;
  /** The policy as written (an unknown document when its text is unknown). */
  policy: PolicyDocument;
  /**
   * The log group ARN of a resource-scoped policy (`resourceArn`; CloudFormation `ResourceArn`,
   * Terraform `resource_arn`); account-scoped when absent. Unknown (a value the inputs do not pin):
   * the policy may be that of any log group of the account, so it governs them all and its
   * presence is that unknown: every decision it takes part in is indeterminate.
   */
  logGroupArn?: Maybe<string>;
  source: Source;
  presence?: Unknown;
}

/** Adds a resource policy: an element whose enforced statements govern the log groups it applies to. */
export function addLogsResourcePolicy(builder: ModelBuilder, p: LogsResourcePolicy): void {
  const targetUnknown = isUnknown(p.logGroupArn) ? p.logGroupArn : undefined;
  const presence = targetUnknown ?? p.presence;
  const group =
    typeof p.logGroupArn === 'string' && p.logGroupArn ? p.logGroupArn.replace(/:\*$/, '') : undefined;
  builder.addResource({
    kind: 'other',
    arn: p.arn,
    name: p.name,
    account: p.account,
    region: p.region,
    policy: logsEnforcedDocument(p.policy),
    source: p.source,
    ...(presence ? { presence } : {}),
    governs: group ? [group, `${group}:*`] : logsResourcePolicyTargets(p.partition, p.region, p.account),
  });
}
