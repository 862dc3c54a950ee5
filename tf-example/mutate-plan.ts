// Writes tf-example/plan.mutated.json: the plan of plan.json (`terraform show -json` of a plan of
// main.tf, format 1.2) with mutations of SCENARIO.md applied the way Terraform would have
// planned them, edited in the plan's own structure: each changed resource in
// `planned_values.root_module.resources[].values` and `resource_changes[].change.after` (with
// its `after_unknown`), a new resource in `configuration` too (what its configuration sets: a
// plan's resources all have their entry there), a changed data source read during the plan in
// `prior_state`. It is the
// "pull request" of the `iamspec diff` examples (the Terraform twin of cdk-example's
// `synth.ts --mutate`):
//   npx tsx tf-example/mutate-plan.ts [--mutate NAME,NAME...] [--out FILE]
//   npx iamspec diff --base tf-example/plan.json tf-example/plan.mutated.json --format markdown
// Default mutations: lambdaTrustsLogsRole, ec2RoleWithS3ReadOnly (those whose values the plan
// knows; the CDKTF app, cdktf/main.ts, has all of them).

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { S3_READ_ONLY_ROLE_NAME } from './cdktf/main.js';

type Json = Record<string, unknown>;

export const PLAN_MUTATIONS = ['lambdaTrustsLogsRole', 'ec2RoleWithS3ReadOnly'] as const;
export type PlanMutation = (typeof PLAN_MUTATIONS)[number];

const here = fileURLToPath(new URL('.', import.meta.url));
export const BASE_PLAN = `${here}plan.json`;
export const MUTATED_PLAN = `${here}plan.mutated.json`;

function resources(plan: Json): { planned: Json[]; changes: Json[]; prior: Json[] } {
  const module = (v: unknown) => ((v as Json).root_module as Json).resources as Json[];
  return {
    planned: module(plan.planned_values),
    changes: plan.resource_changes as Json[],
    prior: module((plan.prior_state as Json).values),
  };
}

function find(list: Json[], address: string): Json {
  const r = list.find((x) => x.address === address);
  if (!r) throw new Error(`plan.json has no ${address}`);
  return r;
}

/** Sets a planned attribute of a managed resource (planned_values and resource_changes alike). */
function setPlanned(plan: Json, address: string, key: string, value: unknown): void {
  const { planned, changes } = resources(plan);
  ((find(planned, address).values as Json)[key] as unknown) = value;
  const change = find(changes, address).change as Json;
  (change.after as Json)[key] = value;
  delete (change.after_unknown as Json)[key];
}

/** Company1-Logs-Role's trust (the data source read during the plan, and the role) also names Lambda. */
function lambdaTrustsLogsRole(plan: Json): void {
  const trust = JSON.parse(
    (find(resources(plan).planned, 'aws_iam_role.logs').values as Json).assume_role_policy as string,
  );
  trust.Statement[0].Principal.Service = ['ec2.amazonaws.com', 'lambda.amazonaws.com'];
  const json = JSON.stringify(trust);
  setPlanned(plan, 'aws_iam_role.logs', 'assume_role_policy', json);
  const data = find(resources(plan).prior, 'data.aws_iam_policy_document.logs_role_trust').values as Json;
  data.json = json;
  data.minified_json = json;
  const statement = (data.statement as Json[])[0]!;
  const principals = (statement.principals as Json[])[0]!;
  principals.identifiers = ['ec2.amazonaws.com', 'lambda.amazonaws.com'];
}

/** A new role trusted by EC2 with the AWS managed AmazonS3ReadOnlyAccess policy attached. */
function ec2RoleWithS3ReadOnly(plan: Json): void {
  const { planned, changes } = resources(plan);
  const logs = find(planned, 'aws_iam_role.logs');
  const logsChange = find(changes, 'aws_iam_role.logs');
  const role = structuredClone(logs);
  Object.assign(role, { address: 'aws_iam_role.s3_read_only', name: 's3_read_only' });
  (role.values as Json).name = S3_READ_ONLY_ROLE_NAME;
  (role.values as Json).assume_role_policy = (
    find(resources(JSON.parse(readFileSync(BASE_PLAN, 'utf8'))).planned, 'aws_iam_role.logs').values as Json
  ).assume_role_policy;
  const roleChange = structuredClone(logsChange);
  Object.assign(roleChange, { address: 'aws_iam_role.s3_read_only', name: 's3_read_only' });
  Object.assign((roleChange.change as Json).after as Json, role.values as Json);
  const attachment: Json = {
    address: 'aws_iam_role_policy_attachment.s3_read_only',
    mode: 'managed',
    type: 'aws_iam_role_policy_attachment',
    name: 's3_read_only',
    provider_name: 'registry.terraform.io/hashicorp/aws',
    schema_version: 0,
    values: { policy_arn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', role: S3_READ_ONLY_ROLE_NAME },
    sensitive_values: {},
  };
  const attachmentChange: Json = {
    address: attachment.address,
    mode: 'managed',
    type: attachment.type,
    name: attachment.name,
    provider_name: attachment.provider_name,
    change: {
      actions: ['create'],
      before: null,
      after: { ...(attachment.values as Json) },
      after_unknown: { id: true },
      before_sensitive: false,
      after_sensitive: {},
    },
  };
  // the configuration sets the name, the trust and the attachment's two arguments, nothing else
  // (the role's inline_policy and managed_policy_arns are the provider's)
  const configured = ((plan.configuration as Json).root_module as Json).resources as Json[];
  const entry = (address: string, type: string, expressions: Json): Json => ({
    address,
    mode: 'managed',
    type,
    name: 's3_read_only',
    provider_config_key: 'aws',
    expressions,
    schema_version: 0,
  });
  configured.push(
    entry('aws_iam_role.s3_read_only', 'aws_iam_role', {
      assume_role_policy: { constant_value: (role.values as Json).assume_role_policy },
      name: { constant_value: S3_READ_ONLY_ROLE_NAME },
    }),
    entry('aws_iam_role_policy_attachment.s3_read_only', 'aws_iam_role_policy_attachment', {
      policy_arn: { constant_value: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' },
      role: { references: ['aws_iam_role.s3_read_only.name', 'aws_iam_role.s3_read_only'] },
    }),
  );
  planned.push(role, attachment);
  changes.push(roleChange, attachmentChange);
  const byAddress = (a: Json, b: Json) => ((a.address as string) < (b.address as string) ? -1 : 1);
  planned.sort(byAddress);
  changes.sort(byAddress);
}

const APPLY: Record<PlanMutation, (plan: Json) => void> = { lambdaTrustsLogsRole, ec2RoleWithS3ReadOnly };

/** plan.json with `mutations` applied (see the module comment). */
export function mutatedPlan(mutations: readonly PlanMutation[] = PLAN_MUTATIONS): Json {
  const plan = JSON.parse(readFileSync(BASE_PLAN, 'utf8')) as Json;
  for (const m of mutations) APPLY[m](plan);
  return plan;
}

/** The text of plan.mutated.json (two-space JSON, as plan.json). */
export function mutatedPlanText(mutations: readonly PlanMutation[] = PLAN_MUTATIONS): string {
  return `${JSON.stringify(mutatedPlan(mutations), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const argv = process.argv.slice(2);
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const names = arg('--mutate')?.split(',').filter(Boolean) ?? [...PLAN_MUTATIONS];
  for (const n of names)
    if (!PLAN_MUTATIONS.includes(n as PlanMutation))
      throw new Error(`unknown mutation ${n}: one of ${PLAN_MUTATIONS.join(', ')}`);
  const out = arg('--out') ?? MUTATED_PLAN;
  writeFileSync(out, mutatedPlanText(names as PlanMutation[]));
  process.stdout.write(`wrote ${out}\n`);
}
