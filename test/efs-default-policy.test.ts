// Amazon EFS's default file system policy (src/aws/efs.ts, read through
// `ResourcePolicyDescription.defaultPolicy` by both adapters): a file system with no file system
// policy of its own lets any client mount it. Amazon EFS User Guide, "Using IAM to control access
// to file systems", "Default EFS file system policy": "The default EFS file system policy does not
// use IAM to authenticate, and grants full access to any anonymous client that can connect to the
// file system using a mount target. The default policy is in effect whenever a user-configured
// file system policy is not in effect, including at file system creation." A policy written for
// the file system (FileSystemPolicy, aws_efs_file_system_policy) replaces it, with no
// duplicate-policy warning. Before, a file system without a policy denied every client that no
// identity policy allowed: a pass where AWS gives access.

import { describe, expect, it } from 'vitest';
import { loadTemplateObject } from '../src/adapters/cloudformation/index.js';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { defaultFileSystemPolicy, EFS_CLIENT_ACTIONS } from '../src/aws/efs.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const PARTNER = 'arn:aws:iam::444455556666:role/partner';
const STRANGER = 'arn:aws:iam::555566667777:role/stranger';

const partnerPolicy = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { AWS: PARTNER }, Action: 'elasticfilesystem:ClientMount', Resource: '*' },
  ],
};

function fromTemplate(): Model {
  const b = new ModelBuilder();
  loadTemplateObject(
    {
      Resources: {
        Open: { Type: 'AWS::EFS::FileSystem' },
        Closed: { Type: 'AWS::EFS::FileSystem', Properties: { FileSystemPolicy: partnerPolicy } },
      },
    },
    b,
    { account: ACCOUNT, region: 'us-east-1', stackName: 'efs' },
  );
  return b.build();
}

function fromHcl(): Model {
  const dir = tempDir('iamspec-efs-');
  writeFileIn(
    dir,
    'main.tf',
    `resource "aws_efs_file_system" "open" {}
resource "aws_efs_file_system" "closed" {}
resource "aws_efs_file_system_policy" "closed" {
  file_system_id = aws_efs_file_system.closed.id
  policy         = ${JSON.stringify(JSON.stringify(partnerPolicy))}
}
`,
  );
  const b = new ModelBuilder();
  loadTerraformConfig(dir, b, { account: ACCOUNT, region: 'us-east-1' });
  return b.build();
}

describe('the default EFS file system policy', () => {
  it('is full client access for any principal on that file system', () => {
    const doc = defaultFileSystemPolicy('arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-1');
    expect(doc.Statement).toEqual([
      {
        Sid: 'DefaultFileSystemPolicy',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [
          'elasticfilesystem:ClientMount',
          'elasticfilesystem:ClientWrite',
          'elasticfilesystem:ClientRootAccess',
        ],
        Resource: 'arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-1',
      },
    ]);
  });
});

describe.each([
  ['CloudFormation', fromTemplate, /Open/, /Closed/],
  ['Terraform', fromHcl, /open/, /closed/],
] as const)('%s', (_name, load, openName, closedName) => {
  const model = load();
  const engine = compileModel(model);
  const fileSystems = model.resources.filter((r) => r.kind === 'efs-file-system');
  const open = fileSystems.find((r) => openName.test(r.arn))!;
  const closed = fileSystems.find((r) => closedName.test(r.arn))!;
  const decide = (principal: string, action: string, resource: string) =>
    engine.decide({ principal, action, resource }).decision;

  it('a file system without a policy lets any client mount, write and use root', () => {
    expect(fileSystems).toHaveLength(2);
    for (const action of EFS_CLIENT_ACTIONS)
      for (const principal of ['anonymous', PARTNER, STRANGER])
        expect(decide(principal, action, open.arn), `${principal} ${action}`).toBe('allow');
  });

  it('only the client actions: the file system API still needs IAM', () => {
    expect(decide(STRANGER, 'elasticfilesystem:DeleteFileSystem', open.arn)).toBe('deny');
  });

  it('a written policy replaces the default, with no duplicate-policy warning', () => {
    expect(decide(PARTNER, 'elasticfilesystem:ClientMount', closed.arn)).toBe('allow');
    expect(decide(STRANGER, 'elasticfilesystem:ClientMount', closed.arn)).toBe('deny');
    expect(decide('anonymous', 'elasticfilesystem:ClientWrite', closed.arn)).toBe('deny');
    expect(model.findings.filter((f) => f.code.endsWith('duplicate-resource-policy'))).toEqual([]);
  });
});

describe('CloudFormation: a FileSystemPolicy an undecided condition may leave unwritten', () => {
  const b = new ModelBuilder();
  loadTemplateObject(
    {
      Parameters: { Lock: { Type: 'String' } },
      Conditions: { Locked: { 'Fn::Equals': [{ Ref: 'Lock' }, 'yes'] } },
      Resources: {
        Fs: {
          Type: 'AWS::EFS::FileSystem',
          Properties: {
            FileSystemPolicy: { 'Fn::If': ['Locked', partnerPolicy, { Ref: 'AWS::NoValue' }] },
          },
        },
      },
    },
    b,
    { account: ACCOUNT, region: 'us-east-1', stackName: 'efs' },
  );
  const model = b.build();
  const engine = compileModel(model);
  const fs = model.resources.find((r) => r.kind === 'efs-file-system')!;

  it('keeps the default policy beside it, maybe-present: any client is indeterminate, not denied', () => {
    const d = engine.decide({
      principal: 'anonymous',
      action: 'elasticfilesystem:ClientMount',
      resource: fs.arn,
    });
    expect(d.decision).toBe('indeterminate');
    expect(
      engine.decide({ principal: STRANGER, action: 'elasticfilesystem:ClientWrite', resource: fs.arn })
        .decision,
    ).toBe('indeterminate');
  });
});
