// The Terraform example's "pull request": plan.mutated.json (written by tf-example/mutate-plan.ts
// from plan.json, mutations lambdaTrustsLogsRole and ec2RoleWithS3ReadOnly of SCENARIO.md) is
// up to date, and `iamspec diff --base plan.json --base tf-example plan.mutated.json tf-example`
// (each plan with its configuration directory) shows the access they add:
// Lambda may assume Company1-Logs-Role, EC2 may assume the new Company1-S3-ReadOnly-Role, which
// reads every bucket (company1-hr only over TLS: its bucket policy denies the rest), and nothing
// is removed or changed.
//
// AWS rules behind the expected entries (IAM User Guide):
// - a service assumes a role when the role's trust policy names it: "In the trust policy ...
//   you specify the principal that can assume the role" (Terms and concepts for roles),
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html
// - "An explicit deny in any of these policies overrides the allow" (company1-hr's DenyWithoutTls):
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AccessChange } from '../../src/analysis/diff/types.js';
import { runCli } from '../../test/fixtures/cli/run.js';
import { S3_READ_ONLY_ROLE_NAME } from '../cdktf/main.js';
import { BASE_PLAN, MUTATED_PLAN, mutatedPlanText } from '../mutate-plan.js';

const CONFIG_DIR = 'tf-example';

const ACCOUNT = '629470240201';
const logsRole = `arn:aws:iam::${ACCOUNT}:role/Company1-Logs-Role`;
const readOnly = `arn:aws:iam::${ACCOUNT}:role/${S3_READ_ONLY_ROLE_NAME}`;
const brief = (c: AccessChange) => `${c.principal} ${c.action} ${c.resource} ${c.before}->${c.after}`;

describe('tf-example/plan.mutated.json', () => {
  it('is what mutate-plan.ts writes (regenerate it with npx tsx tf-example/mutate-plan.ts)', () => {
    expect(readFileSync(MUTATED_PLAN, 'utf8')).toBe(mutatedPlanText());
  });

  it('iamspec diff --base plan.json --base tf-example plan.mutated.json tf-example shows the access the mutations add', async () => {
    // Each plan with the configuration directory: a plan read alone leaves every value known only
    // after apply unknown (src/adapters/terraform/plan/references.ts), so its diff is mostly
    // "may have changed".
    const r = await runCli([
      'diff',
      '--base',
      BASE_PLAN,
      '--base',
      CONFIG_DIR,
      MUTATED_PLAN,
      CONFIG_DIR,
      '--format',
      'json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as {
      added: AccessChange[];
      removed: AccessChange[];
      changed: AccessChange[];
      risks: { added: { kind: string; subject: string }[] };
    };
    const added = d.added.map(brief);
    expect(added).toContain(`lambda.amazonaws.com sts:AssumeRole ${logsRole} deny->allow`);
    expect(added).toContain(`ec2.amazonaws.com sts:AssumeRole ${readOnly} deny->allow`);
    expect(added).toContain(`${readOnly} s3:GetObject arn:aws:s3:::company1-logs/* deny->allow`);
    expect(added).toContain(`${readOnly} s3:GetObject arn:aws:s3:::company1-hr/* deny->conditional`);
    // the new role's read comes from the AWS managed policy, in the new state
    const logsRead = d.added.find((c) =>
      brief(c).startsWith(`${readOnly} s3:GetObject arn:aws:s3:::company1-logs/*`),
    );
    expect(logsRead!.grants).toEqual([
      expect.objectContaining({
        state: 'after',
        effect: 'Allow',
        policy: expect.stringMatching(/AmazonS3ReadOnlyAccess/),
      }),
    ]);
    // only the trust statement of the new state names Lambda
    const lambda = d.added.find(
      (c) => brief(c) === `lambda.amazonaws.com sts:AssumeRole ${logsRole} deny->allow`,
    );
    expect(lambda!.grants).toEqual([expect.objectContaining({ state: 'after', stage: 'trust' })]);
    // access is only added; nothing any principal had before changes
    expect(d.removed).toEqual([]);
    expect(d.changed).toEqual([]);
    expect(d.risks.added.map((f) => `${f.kind} ${f.subject}`)).toEqual(
      expect.arrayContaining([`wildcard-resource ${readOnly}`]),
    );
    // no principal other than the new role and the two services gains allowed access, but
    // sarah, an administrator, on the new role itself (a new column: iam:GetRole, iam:TagRole...),
    // and john, whose Developers_Policy allows ec2:* on *, the EC2 actions that take a role
    // (ec2:AssociateEnclaveCertificateIamRole...)
    const allowedTo = new Set(d.added.filter((c) => c.after === 'allow').map((c) => c.principal));
    expect([...allowedTo].sort()).toEqual(
      [
        readOnly,
        'ec2.amazonaws.com',
        'lambda.amazonaws.com',
        `arn:aws:iam::${ACCOUNT}:user/sarah`,
        `arn:aws:iam::${ACCOUNT}:user/john`,
      ].sort(),
    );
  });
});
