// Code run at deployment whose credentials the inputs do not pin down (a Terraform `local-exec`
// provisioner; a `remote-exec` on a host other than an instance whose role bounds it): its IAM
// writes (a policy on a user or role, a trust rewrite) may land in any account of the model, not
// only in the deploying one (src/aws/deploy-time-changes.ts `DeployTimeChange.anyAccount`,
// src/adapters/terraform/handlers/local-exec.ts). Before, they were modelled in the provider's
// account only ("taken as the deploying account"), so a role of a second account of the inputs
// (a second provider alias) that `aws --profile other iam attach-role-policy` may change was
// decided as written: a plain deny where AdministratorAccess may be attached.
//
// AWS and Terraform rules pinned here:
// - Terraform, "local-exec Provisioner": "The local-exec provisioner invokes a local executable
//   after a resource is created. This invokes a process on the machine running Terraform, not on
//   the resource." (its credentials are that machine's: a profile, environment variables).
// - Terraform, "remote-exec Provisioner": "The remote-exec provisioner invokes a script on a
//   remote resource after it is created."
// - AWS CLI User Guide, "Named profiles": "To use a named profile, add the --profile profile-name
//   option to your command. The following example lists all of your Amazon EC2 instances using the
//   credentials and settings defined in the user1 profile"; "Each profile can specify different
//   credentials" (the account the call acts in is the profile's, which the configuration does not
//   show). https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-profiles.html
// - IAM API Reference, AttachRolePolicy: "Attaches the specified managed policy to the specified
//   IAM role." (`RoleName`: "The name (friendly name, not ARN) of the role to attach the policy
//   to.": the name alone does not say the account).

import { describe, expect, it } from 'vitest';
import { reasonsOfDecision } from '../src/analysis/decision-reasons.js';
import { deployTimeRoleReach } from '../src/analysis/deploy-time-reach.js';
import { loadTerraformConfigObject } from '../src/adapters/terraform/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';

const A = '111122223333';
const B = '444455556666';
const ATTACH =
  'aws iam attach-role-policy --role-name admin --policy-arn arn:aws:iam::aws:policy/AdministratorAccess';

const trust = (account: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' },
    ],
  });

/** Accounts A (default provider) and B (alias `b`), a role `admin` with no policy in B, and `extra` resources. */
function load(extra: Record<string, unknown>): Model {
  const b = new ModelBuilder({ roleReach: deployTimeRoleReach });
  loadTerraformConfigObject(
    {
      provider: {
        aws: [
          { region: 'us-east-1', allowed_account_ids: [A] },
          { alias: 'b', region: 'us-east-1', allowed_account_ids: [B] },
        ],
      },
      resource: {
        aws_iam_role: { admin_b: [{ provider: 'aws.b', name: 'admin', assume_role_policy: trust(B) }] },
        ...extra,
      },
    },
    b,
  );
  return b.build();
}

const provisioner = (type: string, body: Record<string, unknown>) => ({
  terraform_data: { setup: [{ provisioner: [{ [type]: body }] }] },
});

/** What B's role `admin` may do in B (it has no policy as written). */
function adminOfB(m: Model) {
  return compileModel(m).decide(
    {
      principal: `arn:aws:iam::${B}:role/admin`,
      action: 'iam:CreateUser',
      resource: `arn:aws:iam::${B}:user/x`,
    },
    { unknowns: true },
  );
}

describe('deploy-time IAM writes whose credentials are not pinned reach every account of the model', () => {
  it('the inputs alone: B’s admin may not create a user', () => {
    expect(adminOfB(load({})).decision).toBe('deny');
  });

  it('a local-exec attach-role-policy --role-name admin: B’s admin is indeterminate, with the local-exec as the reason (was deny)', () => {
    const m = load(provisioner('local-exec', { command: `${ATTACH} --profile other` }));
    const d = adminOfB(m);
    expect(d.decision).toBe('indeterminate');
    expect(JSON.stringify(reasonsOfDecision(d))).toContain('local-exec provisioner of terraform_data.setup');
    // the warning no longer says the change is in the deploying account only
    const warning = m.findings.find((f) => f.code === 'tf/local-exec-changes-access')!;
    expect(warning.message).toContain('any account');
    expect(warning.message).not.toContain('taken as the deploying account');
  });

  it('without --profile too (the machine’s default credentials may be B’s)', () => {
    expect(adminOfB(load(provisioner('local-exec', { command: ATTACH }))).decision).toBe('indeterminate');
  });

  it('a local-exec update-assume-role-policy: who may assume B’s admin is indeterminate (was only EC2)', () => {
    const m = load({
      ...provisioner('local-exec', {
        command: 'aws iam update-assume-role-policy --role-name admin --policy-document file://t.json',
      }),
      aws_iam_role: {
        admin_b: [
          {
            provider: 'aws.b',
            name: 'admin',
            assume_role_policy: JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
              ],
            }),
          },
        ],
      },
      aws_iam_user: { dev: [{ provider: 'aws.b', name: 'dev' }] },
      aws_iam_user_policy: {
        dev: [
          {
            provider: 'aws.b',
            user: 'dev',
            policy: JSON.stringify({
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
            }),
          },
        ],
      },
    });
    const d = compileModel(m).decide({
      principal: `arn:aws:iam::${B}:user/dev`,
      action: 'sts:AssumeRole',
      resource: `arn:aws:iam::${B}:role/admin`,
    });
    expect(d.decision).toBe('indeterminate');
  });

  it('a remote-exec on a host the inputs do not pin down: the same', () => {
    const m = load(
      provisioner('remote-exec', {
        inline: [ATTACH],
        connection: [{ type: 'ssh', host: '10.0.0.1', user: 'ec2-user' }],
      }),
    );
    expect(adminOfB(m).decision).toBe('indeterminate');
  });

  it('a local-exec put-bucket-policy: B’s bucket may get the policy (was kept in the provider’s account)', () => {
    const m = load({
      ...provisioner('local-exec', {
        command: 'aws s3api put-bucket-policy --bucket data-b --policy file://p.json --profile other',
      }),
      aws_s3_bucket: { data_b: [{ provider: 'aws.b', bucket: 'data-b' }] },
    });
    const d = compileModel(m).decide({
      principal: 'arn:aws:iam::999988887777:root',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::data-b/k',
    });
    expect(d.decision).toBe('indeterminate');
  });

  it('a bounded write still names its role: another role of B is untouched', () => {
    const m = load({
      ...provisioner('local-exec', { command: ATTACH }),
      aws_iam_role: {
        admin_b: [{ provider: 'aws.b', name: 'admin', assume_role_policy: trust(B) }],
        other_b: [{ provider: 'aws.b', name: 'other', assume_role_policy: trust(B) }],
      },
    });
    const d = compileModel(m).decide({
      principal: `arn:aws:iam::${B}:role/other`,
      action: 'iam:CreateUser',
      resource: `arn:aws:iam::${B}:user/x`,
    });
    expect(d.decision).toBe('deny');
  });
});
