// The CloudWatch Logs actions that only write a function's or service's own log lines: what
// AWSLambdaBasicExecutionRole grants on every resource, "Permission to upload logs to CloudWatch"
// (AWS Lambda Developer Guide, "Defining Lambda function permissions with an execution role",
// AWS managed policies for Lambda features,
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html): logs:CreateLogGroup,
// logs:CreateLogStream and logs:PutLogEvents create log groups and streams and append events; none
// reads, deletes or changes who may access anything. The review rates Resource "*" on these
// alone low (risk-wildcards.ts): every Lambda function's role has them.

const LOG_WRITING = new Set(['logs:createloggroup', 'logs:createlogstream', 'logs:putlogevents']);

/** Whether every action of `actions` (no wildcard) only writes log lines (see the module comment). */
export function onlyWritesLogs(actions: readonly string[]): boolean {
  return actions.length > 0 && actions.every((a) => LOG_WRITING.has(a.toLowerCase()));
}
