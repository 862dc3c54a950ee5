// A client that mounts an EFS file system with IAM authorization (a principal's ClientMount,
// ClientWrite or ClientRootAccess in iamspec) while the default file system policy is in effect:
// the default policy "does not use IAM to authenticate", and the EFS User Guide does not say
// whether an identity-based Deny, an SCP or a missing cross-account Allow still applies to such a
// client. Before, iamspec denied it (the identity Deny or the SCP applied as to any request): a
// pass where AWS may give access. Now such a denial is indeterminate (reason kind
// `undocumented-rule`, aws/efs.ts `iamMountUnderDefaultPolicy`). An anonymous client is allowed
// by the default policy; with a file system policy of its own, the documented evaluation stands
// (an identity Deny denies, an Allow in either policy allows).
//
// Amazon EFS User Guide, "Using IAM to control access to file systems"
// (https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html):
// - "The default EFS file system policy does not use IAM to authenticate, and grants full access
//   to any anonymous client that can connect to the file system using a mount target. The
//   default policy is in effect whenever a user-configured file system policy is not in effect,
//   including at file system creation."
// - "An "allow" permission on an action in either an IAM identity policy or a file system
//   resource policy allows access for that action. The permission does not need to be granted
//   in both an identity and a resource policy."

import { describe, expect, it } from 'vitest';
import { loadTemplateObject } from '../src/adapters/cloudformation/index.js';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { parsePolicy } from '../src/policy/parse.js';
import { decidedOneByOne, matrixAnswers, nonDenyAnswers } from './helpers/matrix-oracle.js';
import { writeTempFiles } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const OTHER = '444455556666';
const QUOTE =
  'EFS User Guide: "The default EFS file system policy does not use IAM to authenticate, and grants full access to any anonymous client that can connect to the file system using a mount target."';
const DENIED = `arn:aws:iam::${ACCOUNT}:role/denied`;
const FENCED = `arn:aws:iam::${ACCOUNT}:role/fenced`;
const PLAIN = `arn:aws:iam::${ACCOUNT}:role/plain`;
const FOREIGN = `arn:aws:iam::${OTHER}:role/foreign`;

const denyWrite = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: 'elasticfilesystem:ClientWrite', Resource: '*' }],
};
const ownPolicy = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: PLAIN },
      Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
      Resource: '*',
    },
  ],
};
const trust = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};
const scpDenyingRootAccess = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: '*', Resource: '*' },
    { Effect: 'Deny', Action: 'elasticfilesystem:ClientRootAccess', Resource: '*' },
  ],
};

/** The SCP of the account and a role of another account, beside what the inputs create. */
function withOrg(b: ModelBuilder): ModelBuilder {
  b.addScp(ACCOUNT, parsePolicy(scpDenyingRootAccess, { kind: 'scp', source: { file: 'scp.json' } }));
  b.addAccount(OTHER, 'us-east-1');
  b.addRole({ name: 'foreign', account: OTHER, source: { file: 'foreign' } });
  return b;
}

function fromTemplate() {
  const b = withOrg(new ModelBuilder());
  const role = (name: string, extra: Record<string, unknown> = {}) => ({
    Type: 'AWS::IAM::Role',
    Properties: { RoleName: name, AssumeRolePolicyDocument: trust, ...extra },
  });
  loadTemplateObject(
    {
      Resources: {
        Open: { Type: 'AWS::EFS::FileSystem' },
        Own: { Type: 'AWS::EFS::FileSystem', Properties: { FileSystemPolicy: ownPolicy } },
        Denied: role('denied', { Policies: [{ PolicyName: 'no-write', PolicyDocument: denyWrite }] }),
        Fenced: role('fenced', { PermissionsBoundary: { Ref: 'Boundary' } }),
        Boundary: {
          Type: 'AWS::IAM::ManagedPolicy',
          Properties: {
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
            },
          },
        },
        Plain: role('plain'),
      },
    },
    b,
    { account: ACCOUNT, region: 'us-east-1', stackName: 'efs' },
  );
  return b.build();
}

function fromHcl() {
  const dir = writeTempFiles({
    'main.tf': `
resource "aws_efs_file_system" "open" {}
resource "aws_efs_file_system" "own" {}
resource "aws_efs_file_system_policy" "own" {
  file_system_id = aws_efs_file_system.own.id
  policy         = ${JSON.stringify(JSON.stringify(ownPolicy))}
}
resource "aws_iam_role" "denied" {
  name               = "denied"
  assume_role_policy = ${JSON.stringify(JSON.stringify(trust))}
}
resource "aws_iam_role_policy" "no_write" {
  role   = aws_iam_role.denied.name
  policy = ${JSON.stringify(JSON.stringify(denyWrite))}
}
resource "aws_iam_policy" "boundary" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })
}
resource "aws_iam_role" "fenced" {
  name                 = "fenced"
  assume_role_policy   = ${JSON.stringify(JSON.stringify(trust))}
  permissions_boundary = aws_iam_policy.boundary.arn
}
resource "aws_iam_role" "plain" {
  name               = "plain"
  assume_role_policy = ${JSON.stringify(JSON.stringify(trust))}
}
`,
  });
  const b = withOrg(new ModelBuilder());
  loadTerraformConfig(dir, b, { account: ACCOUNT, region: 'us-east-1' });
  return b.build();
}

describe.each([
  ['CloudFormation', fromTemplate, /Open/, /Own/],
  ['Terraform', fromHcl, /\.open\)/, /\.own\)/],
] as const)('%s: mounting with IAM authorization', (_name, load, openName, ownName) => {
  const model = load();
  const engine = compileModel(model);
  const fileSystems = model.resources.filter((r) => r.kind === 'efs-file-system');
  const open = fileSystems.find((r) => openName.test(r.arn))!.arn;
  const own = fileSystems.find((r) => ownName.test(r.arn))!.arn;
  const decide = (principal: string, action: string, resource: string) =>
    engine.decide({ principal, action, resource }, { trace: true });

  it('default policy: an identity Deny, an SCP Deny, another account: indeterminate (was deny)', () => {
    for (const [principal, action] of [
      [DENIED, 'elasticfilesystem:ClientWrite'],
      [PLAIN, 'elasticfilesystem:ClientRootAccess'],
      [FOREIGN, 'elasticfilesystem:ClientMount'],
    ] as const) {
      const d = decide(principal, action, open);
      expect(d.decision, `${principal} ${action}: ${QUOTE}`).toBe('indeterminate');
      expect(d.trace?.find((t) => t.kind === 'undocumented-rule')?.message).toMatch(
        /does not use IAM to authenticate/,
      );
    }
  });

  it('default policy: anonymous clients and undenied principals are allowed', () => {
    expect(decide('anonymous', 'elasticfilesystem:ClientRootAccess', open).decision).toBe('allow');
    expect(decide(PLAIN, 'elasticfilesystem:ClientWrite', open).decision).toBe('allow');
    expect(decide(DENIED, 'elasticfilesystem:ClientMount', open).decision).toBe('allow');
    // a permissions boundary does not cap a resource-based grant to `*` (the session ARN)
    expect(decide(FENCED, 'elasticfilesystem:ClientMount', open).decision).toBe('allow');
  });

  it('the access matrix agrees with the requests decided one by one (the rule keeps its actions apart)', () => {
    const m = buildMatrix(engine);
    expect(Object.fromEntries([...matrixAnswers(m)].sort())).toEqual(
      nonDenyAnswers(decidedOneByOne(engine, m)),
    );
  });

  it('default policy: the file system API still needs IAM (only the client actions)', () => {
    expect(decide(DENIED, 'elasticfilesystem:DeleteFileSystem', open).decision).toBe('deny');
  });

  it('its own policy: the documented evaluation (identity Deny, SCP deny; its Allow allows)', () => {
    for (const [principal, action] of [
      [DENIED, 'elasticfilesystem:ClientWrite'],
      [PLAIN, 'elasticfilesystem:ClientRootAccess'],
      [FOREIGN, 'elasticfilesystem:ClientMount'],
      ['anonymous', 'elasticfilesystem:ClientMount'],
    ] as const)
      expect(decide(principal, action, own).decision, `${principal} ${action}`).toBe('deny');
    expect(decide(PLAIN, 'elasticfilesystem:ClientWrite', own).decision).toBe('allow');
  });
});
