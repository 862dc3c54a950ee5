// Real-world corpus: every Terraform plan (../shared/corpus/tfplan, the UTF-16 plan in
// non-utf8/ included) and configuration (../shared/corpus/tfconfig) loads without an exception;
// what stays unknown and which resource types are not modelled is printed per file; concrete
// facts are asserted on several files. The corpus is read in place, never copied.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadTerraformConfig,
  loadTerraformPlan,
  readTerraformConfig,
} from '../src/adapters/terraform/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { PLACEHOLDER_REGION } from '../src/model/stand-ins.js';
import type { Model } from '../src/model/types.js';
import { isUnknown, Unknown } from '../src/model/unknown.js';
import { filesUnder } from './helpers/files.js';

const CORPUS = join(process.cwd(), '..', 'shared', 'corpus');
const PLANS = join(CORPUS, 'tfplan');
const CONFIGS = join(CORPUS, 'tfconfig');
const present = existsSync(PLANS) && existsSync(CONFIGS);

function countUnknowns(model: Model): number {
  const seen = new Set<unknown>();
  let n = 0;
  const walk = (v: unknown, depth: number) => {
    if (v === null || typeof v !== 'object' || seen.has(v) || depth > 40) return;
    seen.add(v);
    if (v instanceof Unknown) {
      n++;
      return;
    }
    for (const x of Object.values(v as Record<string, unknown>)) walk(x, depth + 1);
  };
  walk({ ...model, findings: [] }, 0);
  return n;
}

function report(file: string, model: Model): void {
  const unhandled = model.findings
    .filter((f) => f.code === 'tf/unhandled-resource-type')
    .map((f) => f.message.split(' ')[0]);
  console.log(
    `${file.slice(CORPUS.length + 1)}: ${model.users.length} users, ${model.roles.length} roles, ${model.groups.length} groups, ${model.policies.length} policies, ${model.resources.length} resources; ${countUnknowns(model)} unknown values; unhandled: ${unhandled.join(', ') || '-'}`,
  );
}

function plan(name: string, configFile?: string): Model {
  const b = new ModelBuilder();
  loadTerraformPlan(
    join(PLANS, name),
    b,
    {},
    configFile ? readTerraformConfig(join(CONFIGS, configFile)) : undefined,
  );
  return b.build();
}

function config(name: string): Model {
  const b = new ModelBuilder();
  loadTerraformConfig(join(CONFIGS, name), b, {});
  return b.build();
}

describe('Terraform corpus', () => {
  it('is present (../shared/corpus)', () => {
    expect(present).toBe(true);
  });

  it('loads every plan without an exception', () => {
    const files = filesUnder(PLANS).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(24);
    expect(files.some((f) => f.includes('non-utf8'))).toBe(true);
    for (const f of files) {
      const b = new ModelBuilder();
      loadTerraformPlan(f, b, {});
      report(f, b.build());
    }
  });

  it('loads every configuration without an exception', () => {
    const files = filesUnder(CONFIGS);
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const f of files) {
      const b = new ModelBuilder();
      loadTerraformConfig(f, b, {});
      report(f, b.build());
    }
  });

  it('read alone, a policy whose ARN is unknown in the plan is not linked through the configuration references', () => {
    // the plan records which objects policy_arn refers to, not the expression (plan/references.ts);
    // with the .tf configuration it is computed ('recomputes those values' below)
    const m = plan('fugue__regula__user-attached-policy.tfplan.json');
    const u = m.users.find((x) => x.name === 'invalid_user_policy_attachment_user')!;
    expect(u.managedPolicies.map((a) => isUnknown(a.policyArn))).toEqual([true]);
    expect(m.findings.find((f) => f.code === 'tf/plan-value-unpinned')?.message).toContain(
      'aws_iam_user_policy_attachment.invalid_user_policy_attachment.policy_arn (refers to aws_iam_policy.invalid_user_policy_attachment_policy)',
    );
    // aws_iam_group_membership: its group's name is known in the plan
    expect(m.users.find((x) => x.name === 'valid_group_missing_user')!.groups).toEqual([
      'arn:aws:iam::000000000000:group/valid_group_missing_users',
    ]);
    expect(m.findings.map((f) => f.code)).toContain('tf/assumed-account');
  });

  it('names module and for_each instances in sources, and renders their policy documents', () => {
    const m = plan('bridgecrewio__checkov__oidc-trust-policy-module-foreach.tfplan.json');
    const r = m.roles.find((x) => x.source.address === 'module.poc.aws_iam_role.r1["p1"]')!;
    expect(r).toBeDefined();
    // assume_role_policy is unknown in the plan; it refers to data.aws_iam_policy_document.r3 and
    // each.key, which is not its value (plan/references.ts): the trust policy stays unknown
    expect(String(r.trustPolicy?.unknown)).toContain(
      'module.poc.aws_iam_role.r1["p1"].assume_role_policy is known only after apply',
    );
  });

  it('uses data sources read during the plan (prior_state) in a child module', () => {
    const m = plan('terraform-compliance__cli__issue-227-module-data-policy-doc.tfplan.json');
    const r = m.roles[0]!;
    expect(r.source.address).toBe('module.test.aws_iam_role.task');
    expect(r.trustPolicy?.statements[0]?.principal?.service?.values).toEqual(['ecs-tasks.amazonaws.com']);
  });

  it('keeps a bucket policy known only after apply unknown, naming the document it refers to', () => {
    const m = plan('bridgecrewio__checkov__plan-with-iam-data-block.tfplan.json');
    const bucket = m.resources.find((x) => x.arn === 'arn:aws:s3:::my-tf-test-bucket')!;
    expect(String(bucket.policy?.unknown)).toContain(
      'refers to (data.aws_iam_policy_document.allow_access_from_another_account.json)',
    );
  });

  it('recomputes those values when the configuration is given with the plan', () => {
    const m = plan(
      'fugue__regula__user-attached-policy.tfplan.json',
      'fugue__regula__user-attached-policy.tf',
    );
    expect(m.users.length).toBe(6);
    const hcl = config('fugue__regula__user-attached-policy.tf');
    expect(m.policies.map((p) => p.arn).sort()).toEqual(hcl.policies.map((p) => p.arn).sort());
    const both = plan(
      'awslabs__terraform-iam-policy-validator__identity-policies.tfplan.json',
      'awslabs__terraform-iam-policy-validator__identity-policies.tf',
    );
    expect(both.roles.map((r) => r.name).sort()).toEqual(['test_role', 'yak_role']);
  });

  it('never lets an instance that the plan deletes into the model', () => {
    const name = 'terraform-compliance__cli__issue-522-create-delete-update.tfplan.json';
    const m = plan(name);
    const addresses = JSON.stringify(m).match(/"address":"[^"]+"/g) ?? [];
    expect(addresses.some((a) => a.includes('Metricos_custom_alert_event_target_frequent'))).toBe(false);
    expect(m.resources.map((r) => r.arn)).toContain(
      // No region in the plan or the options: the stand-in (the plan names no region).
      `arn:aws:lambda:${PLACEHOLDER_REGION}:553479592532:function:metrics-lambda-primary-lambda`,
    );
    // the account comes from the ARNs the plan knows
    expect(m.accounts.map((a) => a.id)).toEqual(['553479592532']);
  });

  it('reads the UTF-16LE plan with a byte-order mark', () => {
    const m = plan('non-utf8/bridgecrewio__checkov__plan-with-utf16-encoding.tfplan.json');
    expect(m.resources.map((r) => r.arn)).toEqual(['arn:aws:s3:::test']);
    // aws_iam_role_policy on a role the plan does not create: the role is imported (issue 10)
    expect(
      m.findings.some((f) => f.code === 'model/imported-principal' && f.message.includes('some_role_id')),
    ).toBe(true);
    const role = m.roles.find((r) => r.name === 'some_role_id')!;
    expect(role.imported).toBeDefined();
    expect(role.inlinePolicies.length).toBe(1);
  });

  it('reads CDKTF synth output with provider region and statement-level unknowns', () => {
    const posts = config('fugue__regula__cdktf-posts-dev.cdk.tf.json');
    const role = posts.roles.find((r) => r.name === 'sls-example-post-api-lambda-exec-development')!;
    const res = role.inlinePolicies.flatMap((p) =>
      p.document.statements.flatMap((s) => s.resource?.values ?? []),
    );
    expect(res).toContain('arn:aws:dynamodb:eu-central-1:000000000000:table/sls-posts-development');
    const front = config('fugue__regula__cdktf-frontend-dev.cdk.tf.json');
    const st = front.resources.find((r) => r.kind === 's3-bucket')!.policy!.statements[0]!;
    expect(st.sid).toBe('PublicRead');
    expect(st.principal?.wildcard).toBe(true);
    // the bucket's name is bucket_prefix and an unknown suffix: `${...arn}` names it by the same
    // unknown (src/adapters/terraform/eval/computed.ts)
    const bucket = front.resources.find((r) => r.kind === 's3-bucket')!.arn;
    expect(bucket).toBe(
      'arn:aws:s3:::sls-example-frontend-development(unknown-aws_s3_bucket.frontend_bucket_EFDC2F3F)',
    );
    expect(st.resource?.values).toEqual([`${bucket}/*`, bucket]);
  });

  it('models the resource policies it knows and reports the types it does not', () => {
    const m = plan('awslabs__terraform-iam-policy-validator__public-access.tfplan.json');
    const types = m.findings
      .filter((f) => f.code === 'tf/unhandled-resource-type')
      .map((f) => f.message.split(' ')[0]);
    expect(types).not.toContain('aws_s3_bucket_policy');
    // Modelled from the shared resource policy descriptions (src/aws/resource-policies.ts).
    expect(types).not.toContain('aws_backup_vault_policy');
    expect(types).not.toContain('aws_dynamodb_resource_policy');
    const kinds = m.resources.filter((r) => r.policy).map((r) => r.kind);
    expect(kinds).toContain('backup-vault');
    expect(kinds).toContain('dynamodb-table');
  });
});
