// An id AWS gives the inputs' compute at launch (an EC2 instance's, a running ECS task's: aws/role-uses.ts
// `ec2InstanceResource`, `ECS_TASK_ID`) leaves a request on it open when a policy names some ids only.
// Before, the finding said only "the name of arn:…:instance/i-(unknown-…) is not known", with the
// statement's source: not which instance or task of the inputs the id stands for, nor where it is
// declared. Now the reason names them (engine/compute-id-causes.ts) and its source is the
// instance's (logical id, Terraform address) or the ECS service's.
//
// Pages (Service Authorization Reference, the resource types tables):
// - Amazon EC2, resource type instance: `arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}`;
// - Amazon ECS, resource type task: `arn:${Partition}:ecs:${Region}:${Account}:task/${ClusterName}/${TaskId}`.
// Amazon EC2 API Reference, AssociateIamInstanceProfile: "Associates an IAM instance profile with a
// running or stopped instance".

import { describe, expect, it } from 'vitest';
import type { RiskFinding } from '../src/analysis/types.js';
import { compileModel } from '../src/engine/index.js';
import type { Engine } from '../src/engine/engine.js';
import { modelOf } from './fixtures/cfn/load.js';
import { cfnAdminInstanceProfile, cfnDevUser } from './helpers/cfn-templates.js';
import { escalationFindings } from './helpers/escalation-findings.js';
import { tfAdminInstanceProfile, tfDevUserStatements } from './helpers/terraform-roles.js';
import { loadTerraformFiles } from './helpers/temp-inputs.js';

const DEV = 'arn:aws:iam::111122223333:user/dev';
const DOCUMENT = 'arn:aws:ssm:*:*:document/*';

function finding(engine: Engine, detail: string): RiskFinding | undefined {
  return [...escalationFindings(engine, [DEV]).values()].find((f) => f.detail === detail);
}

const cfn = (resources: string, statements: readonly object[]) =>
  compileModel(
    modelOf(`Resources:\n${resources}${cfnDevUser(statements)}`, { file: 'inline.yaml', stackName: 's' }),
  );

const EC2 = `${cfnAdminInstanceProfile()}  Inst:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-1
      IamInstanceProfile: !Ref Profile
`;

describe('an EC2 instance of the inputs behind an unknown instance id', () => {
  it('ssm:SendCommand on instance/i-0abc only: the reason names EC2 instance Inst and its source (was: the id only)', () => {
    const f = finding(
      cfn(EC2, [
        { Action: 'ssm:SendCommand', Resource: ['arn:aws:ec2:*:111122223333:instance/i-0abc', DOCUMENT] },
      ]),
      'ssm:SendCommand on an EC2 instance with a role',
    );
    const reason = f?.indeterminate?.reasons.find((r) => r.text.includes('instance/i-(unknown-'));
    expect(reason?.text).toContain(
      'of the inputs it stands for EC2 instance Inst (instance profile web, role svcadmin)',
    );
    expect(reason?.source?.logicalId).toBe('Inst');
    expect(reason?.statementSource?.logicalId).toBe('dev');
  });

  it('ec2:AssociateIamInstanceProfile on instance/i-0abc only: the existing instance is named, with its source', () => {
    const f = finding(
      cfn(EC2, [
        { Action: 'iam:PassRole', Resource: '*' },
        { Action: 'ec2:AssociateIamInstanceProfile', Resource: 'arn:aws:ec2:*:111122223333:instance/i-0abc' },
      ]),
      'iam:PassRole to new ec2.amazonaws.com compute',
    );
    const reason = f?.indeterminate?.reasons.find((r) => r.text.includes('instance/i-(unknown-Inst'));
    expect(reason?.text).toContain('the one EC2 gives the instance at launch');
    expect(reason?.text).toContain('EC2 instance Inst (instance profile web, role svcadmin)');
    expect(reason?.source?.logicalId).toBe('Inst');
  });

  it('Terraform: the reason\u2019s source is the aws_instance address', () => {
    const send = {
      Action: 'ssm:SendCommand',
      Resource: ['arn:aws:ec2:*:111122223333:instance/i-0abc', DOCUMENT],
    };
    const main = `${tfAdminInstanceProfile()}
resource "aws_instance" "web" {
  ami = "ami-1"
  instance_type = "t3.micro"
  iam_instance_profile = aws_iam_instance_profile.web.name
}
${tfDevUserStatements([send])}
`;
    const engine = compileModel(loadTerraformFiles(main, { account: '111122223333', region: 'us-west-2' }));
    const f = finding(engine, 'ssm:SendCommand on an EC2 instance with a role');
    const reason = f?.indeterminate?.reasons.find((r) => r.text.includes('instance/i-(unknown-'));
    expect(reason?.text).toContain('of the inputs it stands for EC2 instance');
    expect(reason?.source?.address).toBe('aws_instance.web');
  });
});

describe('a running ECS task behind an unknown task id', () => {
  const ECS = (cluster: string) => `  Low:
    Type: AWS::IAM::Role
    Properties:
      RoleName: low
      AssumeRolePolicyDocument:
        Statement: [{ Effect: Allow, Principal: { Service: ecs-tasks.amazonaws.com }, Action: sts:AssumeRole }]
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
  Td:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: app
      TaskRoleArn: !GetAtt Low.Arn
      ContainerDefinitions: [{ Name: c, Image: x }]
  EcsService:
    Type: AWS::ECS::Service
    Properties:
      Cluster: ${cluster}
      ServiceName: web
      EnableExecuteCommand: true
      TaskDefinition: !Ref Td
`;
  const DETAIL = 'ecs:ExecuteCommand on a task with a task role';

  it('ecs:ExecuteCommand on task/main/abc* only: the reason names ECS service web and its source (was: the id only)', () => {
    const f = finding(
      cfn(ECS('main'), [
        { Action: 'ecs:ExecuteCommand', Resource: 'arn:aws:ecs:*:111122223333:task/main/abc*' },
      ]),
      DETAIL,
    );
    const reason = f?.indeterminate?.reasons.find((r) => r.text.includes('task/main/(unknown-ecs-task-id)'));
    expect(reason?.text).toContain(
      'of the inputs it stands for a task of ECS service web (ECS task definition app, task role low)',
    );
    expect(reason?.source?.logicalId).toBe('EcsService');
  });

  it('near miss: a task of a cluster no service of the inputs runs in is not said to be service web\u2019s', () => {
    // the service's cluster unknown: the policy's cluster `other` is tried; nothing of the inputs is known to run there
    const f = finding(
      cfn(ECS('!ImportValue cluster-name'), [
        { Action: 'ecs:ExecuteCommand', Resource: 'arn:aws:ecs:*:111122223333:task/other/abc*' },
      ]),
      DETAIL,
    );
    const texts = (f?.indeterminate?.reasons ?? []).map((r) => r.text).join(' ');
    expect(texts).not.toContain('of the inputs it stands for a task of ECS service web');
  });
});
