// The default EFS file system policy is recognised by what it is (aws/efs.ts
// `defaultPolicyInEffect`: an Allow of exactly the client actions to any principal on the file
// system, without conditions, alone or maybe-present beside a written policy), not by the Sid or
// Id iamspec gives it. Before, a written FileSystemPolicy that reused that Sid or Id counted as "no
// policy of its own": a denial of a client under it became indeterminate, as under the default.
//
// Amazon EFS User Guide, "Using IAM to control access to file systems"
// (https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html): "The default EFS
// file system policy does not use IAM to authenticate, and grants full access to any anonymous
// client that can connect to the file system using a mount target. The default policy is in effect
// whenever a user-configured file system policy is not in effect, including at file system
// creation."

import { describe, expect, it } from 'vitest';
import { loadTemplateObject } from '../src/adapters/cloudformation/index.js';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { defaultPolicyInEffect } from '../src/aws/efs.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { writeTempFiles } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const STRANGER = 'arn:aws:iam::555566667777:role/stranger';
const QUOTE =
  'EFS User Guide: "The default policy is in effect whenever a user-configured file system policy is not in effect, including at file system creation."';

/** A written policy with the default's Id and Sid that lets only the organization mount. */
const lookAlike = {
  Version: '2012-10-17',
  Id: 'efs-default-file-system-policy',
  Statement: [
    {
      Sid: 'DefaultFileSystemPolicy',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'elasticfilesystem:ClientMount',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-exampleorgid' } },
    },
  ],
};
/** A written policy with the default's content: full client access to anyone. */
const sameContent = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Open',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: [
        'elasticfilesystem:ClientRootAccess',
        'elasticfilesystem:ClientWrite',
        'elasticfilesystem:ClientMount',
      ],
      Resource: '*',
    },
  ],
};

function fromTemplate(): Model {
  const b = new ModelBuilder();
  loadTemplateObject(
    {
      Resources: {
        None: { Type: 'AWS::EFS::FileSystem' },
        LookAlike: { Type: 'AWS::EFS::FileSystem', Properties: { FileSystemPolicy: lookAlike } },
        SameContent: { Type: 'AWS::EFS::FileSystem', Properties: { FileSystemPolicy: sameContent } },
      },
    },
    b,
    { account: ACCOUNT, region: 'us-east-1', stackName: 'efs' },
  );
  return b.build();
}

function fromHcl(): Model {
  const json = (v: unknown) => JSON.stringify(JSON.stringify(v));
  const dir = writeTempFiles({
    'main.tf': `resource "aws_efs_file_system" "none" {}
resource "aws_efs_file_system" "look_alike" {}
resource "aws_efs_file_system_policy" "look_alike" {
  file_system_id = aws_efs_file_system.look_alike.id
  policy         = ${json(lookAlike)}
}
resource "aws_efs_file_system" "same_content" {}
resource "aws_efs_file_system_policy" "same_content" {
  file_system_id = aws_efs_file_system.same_content.id
  policy         = ${json(sameContent)}
}
`,
  });
  const b = new ModelBuilder();
  loadTerraformConfig(dir, b, { account: ACCOUNT, region: 'us-east-1' });
  return b.build();
}

describe.each([
  ['CloudFormation', fromTemplate, /None/, /LookAlike/, /SameContent/],
  ['Terraform', fromHcl, /none/, /look_alike/, /same_content/],
] as const)('%s: the default file system policy, by what it is', (_name, load, none, look, same) => {
  const model = load();
  const engine = compileModel(model);
  const fs = (pattern: RegExp) =>
    model.resources.find((r) => r.kind === 'efs-file-system' && pattern.test(r.arn + r.name))!;

  it('no policy of its own: the default is in effect', () => {
    expect(defaultPolicyInEffect(fs(none)), QUOTE).toBe('yes');
  });

  it("a written policy with the default's Sid and Id but narrower statements is not the default (was 'yes')", () => {
    expect(defaultPolicyInEffect(fs(look)), QUOTE).toBeUndefined();
    // a client outside the organization: denied by the written policy (was indeterminate)
    const d = engine.decide({
      principal: STRANGER,
      action: 'elasticfilesystem:ClientMount',
      resource: fs(look).arn,
    });
    expect(d.decision, QUOTE).toBe('deny');
    expect(
      engine.decide({ principal: STRANGER, action: 'elasticfilesystem:ClientWrite', resource: fs(look).arn })
        .decision,
    ).toBe('deny');
  });

  it("a written policy with the default's content is read as the default (the conservative reading)", () => {
    expect(defaultPolicyInEffect(fs(same))).toBe('yes');
  });
});
