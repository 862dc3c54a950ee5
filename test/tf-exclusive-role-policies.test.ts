// A Terraform aws_iam_role that configures `managed_policy_arns` or `inline_policy` manages that
// kind of policy of the role exclusively; another resource attaching one to the same role
// (aws_iam_role_policy_attachment, aws_iam_role_policy, aws_iam_policy_attachment) makes the two
// fight on every apply (hqa11). Before, such a policy was certain: its Deny decided DENY although
// the role's own resource removes it on apply.
//
// Terraform registry, aws_iam_role (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role):
// "If you use this resource's managed_policy_arns argument or inline_policy configuration blocks,
// this resource will take over exclusive management of the role's respective policy types (e.g.,
// both policy types if both arguments are used). These arguments are incompatible with other ways
// of managing a role's policies, such as aws_iam_policy_attachment, aws_iam_role_policy_attachment,
// and aws_iam_role_policy. If you attempt to manage a role's policies by multiple means, you will
// get resource cycling and/or errors."

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { compileModel } from '../src/engine/index.js';

const model = loadModelSync(['test/fixtures/tf/exclusive-role-policies'], {});
const engine = compileModel(model);
const request = (role: string, action: string) => ({
  principal: `arn:aws:iam::111122223333:role/${role}`,
  action,
  resource: 'arn:aws:s3:::x/k',
});

describe('policies attached to a role that manages its policies exclusively', () => {
  it('a managed policy attached by another resource may be detached: its Deny is indeterminate', () => {
    expect(engine.decide(request('r', 's3:DeleteObject')).decision).toBe('indeterminate');
    const messages = model.findings.map((f) => f.message).join('\n');
    expect(messages).toContain('aws_iam_role.r sets managed_policy_arns');
  });

  it('an inline policy of aws_iam_role_policy may be removed: its Deny is indeterminate', () => {
    expect(engine.decide(request('r', 's3:PutObject')).decision).toBe('indeterminate');
  });

  it("the role's own managed_policy_arns stay certain", () => {
    expect(engine.decide(request('r', 's3:GetObject')).decision).toBe('allow');
  });

  it('a role without the exclusive arguments keeps its attachments certain', () => {
    expect(engine.decide(request('plain', 's3:DeleteObject')).decision).toBe('deny');
    expect(engine.decide(request('plain', 's3:GetObject')).decision).toBe('allow');
  });
});

describe('aws_iam_policy_attachment: exclusive across the account', () => {
  // Terraform registry, aws_iam_policy_attachment: "The aws_iam_policy_attachment resource creates
  // exclusive attachments of IAM policies. Across the entire AWS account, all of the
  // users/roles/groups to which a single policy is attached must be declared by a single
  // aws_iam_policy_attachment resource. This means that even any users/roles/groups that have the
  // attached policy via any other mechanism (including other Terraform resources) will have that
  // attached policy revoked by this resource."
  const m = loadModelSync(['test/fixtures/tf/exclusive-policy-attachment'], {});
  const e = compileModel(m);
  const asUser = (user: string, action: string) => ({
    principal: `arn:aws:iam::111122223333:user/${user}`,
    action,
    resource: 'arn:aws:s3:::x/k',
  });

  it('another resource attaching the same policy may have it revoked: its Deny is indeterminate', () => {
    expect(e.decide(asUser('b', 's3:DeleteObject')).decision).toBe('indeterminate');
    expect(m.findings.map((f) => f.message).join('\n')).toContain(
      'aws_iam_policy_attachment.exclusive (aws_iam_policy_attachment) manages every attachment',
    );
  });

  it("the exclusive resource's own attachments, and other policies' attachments, stay certain", () => {
    expect(e.decide(asUser('a', 's3:DeleteObject')).reason).toBe('explicit-deny');
    expect(e.decide(asUser('b', 's3:PutObject')).decision).toBe('deny');
  });
});
