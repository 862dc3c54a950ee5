// The published catalogue of IAM privilege-escalation methods, one small CloudFormation model per
// method where a principal has exactly what the method needs, and a near-miss where one
// permission, target or condition is missing: the review's escalation findings
// (analysis/risk-escalation.ts, so `diff --fail-on risk`) and the spec's `noEscalation`
// (spec/check-escalation.ts) on each. The methods: Rhino Security Labs, "AWS IAM Privilege
// Escalation – Methods and Mitigation" (1–21), and later additions (SSM, EC2 Instance Connect,
// CodeBuild, SageMaker, boundary removal). Before this file, four were silent passes: Rhino 19
// (glue:UpdateDevEndpoint on an existing endpoint), a SageMaker notebook instance's presigned URL,
// EC2 Instance Connect, deleting one's own permissions boundary; and writing a REST API's policy
// (apigateway:UpdateRestApiPolicy) was no write, since the write was decided on the execute-api
// ARN. Each case carries what it must give (one table, `add`): the review's escalation details
// for the principal and `noEscalation`'s status. Pages (the effect of each action added):
// - Rhino Security Labs, method 19: "Updating an existing Glue Dev Endpoint" (glue:UpdateDevEndpoint:
//   "an attacker ... could update the associated SSH public key of an existing Glue development
//   endpoint ... to gain access to the permissions of the role attached to the endpoint");
//   AWS::Glue::DevEndpoint RoleArn: "The Amazon Resource Name (ARN) of the IAM role used in this
//   DevEndpoint".
// - Amazon SageMaker AI API Reference, CreatePresignedNotebookInstanceUrl: "Returns a URL that you
//   can use to connect to the Jupyter server from a notebook instance"; CreateProcessingJob
//   RoleArn: "The Amazon Resource Name (ARN) of an IAM role that Amazon SageMaker can assume to
//   perform tasks on your behalf".
// - Amazon EC2 Instance Connect API Reference, SendSSHPublicKey: "Pushes an SSH public key to the
//   specified EC2 instance for use by the specified user".
// - IAM API Reference, DeleteUserPermissionsBoundary: "Deleting the permissions boundary for a user
//   might increase its permissions by allowing the user to perform all the actions granted in its
//   permissions policies".
// - Service Authorization Reference, API Gateway, UpdateRestApiPolicy: "Grants permission to manage
//   resource policies for a REST API", resource type RestApi
//   (`arn:${Partition}:apigateway:${Region}::/restapis/${RestApiId}`).
// - Code run with an existing compute's role (missed before this round): AWS CodeBuild API
//   Reference, UpdateProject: "Changes the settings of a build project"; AWS Lambda API Reference,
//   UpdateFunctionConfiguration, Layers: "A list of function layers to add to the function's
//   execution environment"; AWS Step Functions API Reference, UpdateStateMachine: "Updates an
//   existing state machine by modifying its definition, roleArn, loggingConfiguration, or
//   EncryptionConfiguration"; Amazon ECS API Reference, ExecuteCommand: "Runs a command remotely
//   on a container within a task" (the task role: "Configure a task role with appropriate
//   permissions. You must use a task role with the appropriate permissions for ECS Exec", Amazon
//   ECS Developer Guide, "Running commands using ECS Exec").
// - IAM User Guide, "Grant a user permissions to pass a role to an AWS service": "To pass a role
//   (and its permissions) to an AWS service, a user must have permissions to pass the role to the
//   service" (ecs:RunTask of a task definition with a task role, without iam:PassRole: no edge).

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { conditionalSeverity, sureSeverity } from '../src/analysis/risk-severity.js';
import { compileModel } from '../src/engine/index.js';
import { modelOf } from './fixtures/cfn/load.js';
import { cfnAdminRole, cfnNotebookInstance, cfnTaskDefinition } from './helpers/cfn-templates.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';
import { tfServiceRole } from './helpers/terraform-roles.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

function user(name: string, statements: readonly string[], extra = ''): string {
  return `  ${name}:
    Type: AWS::IAM::User
    Properties:
      UserName: ${name}
${extra}      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
${statements.map((s) => `              - ${s}\n`).join('')}`;
}
function role(
  name: string,
  statements: readonly string[],
  trust = "{ AWS: 'arn:aws:iam::111122223333:root' }",
  extra = '',
): string {
  return `  ${name}:
    Type: AWS::IAM::Role
    Properties:
      RoleName: ${name}
      AssumeRolePolicyDocument:
        Statement: [{ Effect: Allow, Principal: ${trust}, Action: sts:AssumeRole }]
${extra}      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
${statements.map((s) => `              - ${s}\n`).join('')}`;
}
const adminUser = `  AdminUser:
    Type: AWS::IAM::User
    Properties:
      UserName: boss
      ManagedPolicyArns: [${ADMIN}]
`;
const A = (action: string, resource = "'*'", cond = '') =>
  `{ Effect: Allow, Action: ${action}, Resource: ${resource}${cond ? `, Condition: ${cond}` : ''} }`;

/**
 * What a case must give: the review's escalation details for the principal, and `noEscalation`;
 * `conditional`, a grant under conditions: every finding one step below its method's severity
 * (risk-severity.ts `conditionalSeverity`; never a pass).
 */
interface Expected {
  review: readonly string[];
  noEscalation: 'pass' | 'fail' | 'indeterminate';
  conditional?: true;
}
interface Case {
  name: string;
  want: Expected;
  template: string;
  principal: string;
}
/** One table: each method, or its near-miss, with what it must give. */
const cases: Case[] = [];
const add = (name: string, want: Expected, resources: string, principal = 'user/dev') =>
  cases.push({
    name,
    want,
    template: resources.startsWith('Parameters:') ? resources : `Resources:\n${resources}`,
    principal,
  });

// 1 CreatePolicyVersion
const managed = (stmts: string, users = '[!Ref dev]') => `  Managed:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: devpol
      Users: ${users}
      PolicyDocument:
        Statement: ${stmts}
`;
add(
  '1 CreatePolicyVersion',
  { review: ['Rhino Security Labs method 1'], noEscalation: 'fail' },
  `${user('dev', [A('s3:ListAllMyBuckets')])}${managed(`[${A('iam:CreatePolicyVersion', "'arn:aws:iam::111122223333:policy/devpol'")}]`)}`,
);
add(
  '1 CreatePolicyVersion near-miss (other policy)',
  { review: [], noEscalation: 'pass' },
  `${user('dev', [A('s3:ListAllMyBuckets')])}${managed(`[${A('iam:CreatePolicyVersion', "'arn:aws:iam::111122223333:policy/other'")}]`)}`,
);
add(
  '2 SetDefaultPolicyVersion',
  { review: ['Rhino Security Labs method 2'], noEscalation: 'fail' },
  `${user('dev', [A('s3:ListAllMyBuckets')])}${managed(`[${A('iam:SetDefaultPolicyVersion', "'arn:aws:iam::111122223333:policy/devpol'")}]`)}`,
);
add(
  '2 SetDefaultPolicyVersion near-miss',
  { review: [], noEscalation: 'pass' },
  `${user('dev', [A('s3:ListAllMyBuckets')])}${managed(`[${A('iam:SetDefaultPolicyVersion', "'arn:aws:iam::111122223333:policy/other'")}]`)}`,
);
add(
  '4 CreateAccessKey',
  { review: ['Rhino Security Labs method 4', 'administrator access, through a chain'], noEscalation: 'fail' },
  `${adminUser}${user('dev', [A('iam:CreateAccessKey', '!GetAtt AdminUser.Arn')])}`,
);
add(
  '4 CreateAccessKey near-miss (self)',
  { review: [], noEscalation: 'pass' },
  `${adminUser}${user('dev', [A('iam:CreateAccessKey', "'arn:aws:iam::111122223333:user/dev'")])}`,
);
add(
  '5 CreateLoginProfile',
  { review: ['Rhino Security Labs method 5', 'administrator access, through a chain'], noEscalation: 'fail' },
  `${adminUser}${user('dev', [A('iam:CreateLoginProfile', '!GetAtt AdminUser.Arn')])}`,
);
add(
  '5 CreateLoginProfile near-miss (self)',
  { review: [], noEscalation: 'pass' },
  `${adminUser}${user('dev', [A('iam:CreateLoginProfile', "'arn:aws:iam::111122223333:user/dev'")])}`,
);
add(
  '6 UpdateLoginProfile',
  { review: ['Rhino Security Labs method 6', 'administrator access, through a chain'], noEscalation: 'fail' },
  `${adminUser}${user('dev', [A('iam:UpdateLoginProfile', '!GetAtt AdminUser.Arn')])}`,
);
add(
  '6 UpdateLoginProfile near-miss (self)',
  { review: [], noEscalation: 'pass' },
  `${adminUser}${user('dev', [A('iam:UpdateLoginProfile', "'arn:aws:iam::111122223333:user/dev'")])}`,
);
add(
  '7 AttachUserPolicy',
  { review: ['Rhino Security Labs method 7'], noEscalation: 'fail' },
  user('dev', [A('iam:AttachUserPolicy', "'arn:aws:iam::111122223333:user/dev'")]),
);
// The keys a method sets are decided with their value (escalation-methods.ts `passRoleContext`,
// `rewriteSteps`): a PassRole limited to another service passes nothing; attaching only
// ReadOnlyAccess gives what it grants, not computed (the review's finding is low).
add(
  '7 AttachUserPolicy near-miss (iam:PolicyARN ReadOnly)',
  { review: ['Rhino Security Labs method 7'], noEscalation: 'indeterminate' },
  user('dev', [
    A(
      'iam:AttachUserPolicy',
      "'arn:aws:iam::111122223333:user/dev'",
      "{ ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/ReadOnlyAccess' } }",
    ),
  ]),
);
add(
  '7 AttachUserPolicy near-miss (other user)',
  { review: [], noEscalation: 'pass' },
  user('dev', [A('iam:AttachUserPolicy', "'arn:aws:iam::111122223333:user/nobody'")]),
);
const group = (name: string, policies = '') => `  ${name}:
    Type: AWS::IAM::Group
    Properties:
      GroupName: ${name}
${policies}`;
const membership = (g: string, u: string) => `  Member${g}:
    Type: AWS::IAM::UserToGroupAddition
    Properties:
      GroupName: !Ref ${g}
      Users: [!Ref ${u}]
`;
add(
  '8 AttachGroupPolicy',
  { review: ['Rhino Security Labs method 8'], noEscalation: 'fail' },
  `${group('devs')}${membership('devs', 'dev')}${user('dev', [A('iam:AttachGroupPolicy', "'arn:aws:iam::111122223333:group/devs'")])}`,
);
add(
  '8 AttachGroupPolicy near-miss (not member)',
  { review: [], noEscalation: 'pass' },
  `${group('devs')}${user('dev', [A('iam:AttachGroupPolicy', "'arn:aws:iam::111122223333:group/devs'")])}`,
);
add(
  '11 PutGroupPolicy',
  { review: ['Rhino Security Labs method 11'], noEscalation: 'fail' },
  `${group('devs')}${membership('devs', 'dev')}${user('dev', [A('iam:PutGroupPolicy', "'arn:aws:iam::111122223333:group/devs'")])}`,
);
add(
  '11 PutGroupPolicy near-miss (not member)',
  { review: [], noEscalation: 'pass' },
  `${group('devs')}${user('dev', [A('iam:PutGroupPolicy', "'arn:aws:iam::111122223333:group/devs'")])}`,
);
add(
  '10 PutUserPolicy',
  { review: ['Rhino Security Labs method 10'], noEscalation: 'fail' },
  user('dev', [A('iam:PutUserPolicy', "'arn:aws:iam::111122223333:user/dev'")]),
);
add(
  '10 PutUserPolicy near-miss (other user)',
  { review: [], noEscalation: 'pass' },
  user('dev', [A('iam:PutUserPolicy', "'arn:aws:iam::111122223333:user/nobody'")]),
);
add(
  '9 AttachRolePolicy',
  { review: ['Rhino Security Labs method 9'], noEscalation: 'fail' },
  role('dev', [A('iam:AttachRolePolicy', "'arn:aws:iam::111122223333:role/dev'")]),
  'role/dev',
);
add(
  '9 AttachRolePolicy near-miss (iam:PolicyARN)',
  { review: ['Rhino Security Labs method 9'], noEscalation: 'indeterminate' },
  role('dev', [
    A(
      'iam:AttachRolePolicy',
      "'arn:aws:iam::111122223333:role/dev'",
      "{ ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/ReadOnlyAccess' } }",
    ),
  ]),
  'role/dev',
);
add(
  '12 PutRolePolicy',
  { review: ['Rhino Security Labs method 12'], noEscalation: 'fail' },
  role('dev', [A('iam:PutRolePolicy', "'arn:aws:iam::111122223333:role/dev'")]),
  'role/dev',
);
add(
  '12 PutRolePolicy near-miss (other role)',
  { review: [], noEscalation: 'pass' },
  role('dev', [A('iam:PutRolePolicy', "'arn:aws:iam::111122223333:role/other'")]),
  'role/dev',
);
const adminGroup = `  Admins:
    Type: AWS::IAM::Group
    Properties:
      GroupName: admins
      ManagedPolicyArns: [${ADMIN}]
`;
add(
  '13 AddUserToGroup',
  { review: ['Rhino Security Labs method 13'], noEscalation: 'fail' },
  `${adminGroup}${user('dev', [A('iam:AddUserToGroup', '!GetAtt Admins.Arn')])}`,
);
const adminRoleTrusting = (principal: string) => `  AdminRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: boss
      AssumeRolePolicyDocument:
        Statement: [{ Effect: Allow, Principal: ${principal}, Action: sts:AssumeRole }]
      ManagedPolicyArns: [${ADMIN}]
`;
add(
  '14 UpdateAssumeRolePolicy',
  {
    review: ['Rhino Security Labs method 14', 'administrator access, through a chain'],
    noEscalation: 'fail',
  },
  `${adminRoleTrusting('{ Service: ec2.amazonaws.com }')}${user('dev', [A('iam:UpdateAssumeRolePolicy', '!GetAtt AdminRole.Arn'), A('sts:AssumeRole', '!GetAtt AdminRole.Arn')])}`,
);
add(
  '14 UpdateAssumeRolePolicy without sts:AssumeRole',
  {
    review: ['Rhino Security Labs method 14', 'administrator access, through a chain'],
    noEscalation: 'fail',
  },
  `${adminRoleTrusting('{ Service: ec2.amazonaws.com }')}${user('dev', [A('iam:UpdateAssumeRolePolicy', '!GetAtt AdminRole.Arn')])}`,
);
add(
  '14 UpdateAssumeRolePolicy near-miss (boundary)',
  { review: [], noEscalation: 'pass' },
  `${adminRoleTrusting('{ Service: ec2.amazonaws.com }')}${user('dev', [A('iam:UpdateAssumeRolePolicy', '!GetAtt AdminRole.Arn'), A('sts:AssumeRole', '!GetAtt AdminRole.Arn')], '      PermissionsBoundary: !Ref Bound\n')}  Bound:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement: [{ Effect: Allow, Action: 's3:*', Resource: '*' }]
`,
);
const PASS_SVC = [A('iam:PassRole', '!GetAtt Svc.Arn')];
const svcAdmin = (svc: string) => cfnAdminRole('Svc', 'svcadmin', svc);
const instanceProfile = `  Profile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      Roles: [!Ref Svc]
`;
add(
  '15 PassRole+CreateFunction+Invoke',
  {
    review: ['Rhino Security Labs method 15', 'administrator access, through a chain'],
    noEscalation: 'fail',
  },
  `${svcAdmin('lambda.amazonaws.com')}${user('dev', [...PASS_SVC, A('lambda:CreateFunction'), A('lambda:InvokeFunction')])}`,
);
add(
  '15 near-miss PassedToService ec2',
  { review: [], noEscalation: 'pass' },
  `${svcAdmin('lambda.amazonaws.com')}${user('dev', [A('iam:PassRole', '!GetAtt Svc.Arn', "{ StringEquals: { 'iam:PassedToService': ec2.amazonaws.com } }"), A('lambda:CreateFunction'), A('lambda:InvokeFunction')])}`,
);
// EKS Pod Identity (round 5): a role trusting pods.eks.amazonaws.com, passed onto a service
// account by a new Pod Identity association. Before, the table had no start for that service, so
// the role was no pass-role target (no finding, noEscalation passed).
add(
  'eks CreatePodIdentityAssociation',
  {
    review: ['iam:PassRole to new pods.eks.amazonaws.com compute', 'administrator access, through a chain'],
    // On `*` and no cluster in the inputs: a cluster may not exist (escalation-existing-starts.ts).
    noEscalation: 'indeterminate',
  },
  `${svcAdmin('pods.eks.amazonaws.com')}${user('dev', [...PASS_SVC, A('eks:CreatePodIdentityAssociation')])}`,
);
add(
  'eks CreatePodIdentityAssociation near-miss (PassedToService ec2)',
  { review: [], noEscalation: 'pass' },
  `${svcAdmin('pods.eks.amazonaws.com')}${user('dev', [A('iam:PassRole', '!GetAtt Svc.Arn', "{ StringEquals: { 'iam:PassedToService': ec2.amazonaws.com } }"), A('eks:CreatePodIdentityAssociation')])}`,
);
// As '15 near-miss no CreateFunction': no Pod Identity finding; the chain's own rule remains.
add(
  'eks CreatePodIdentityAssociation near-miss (no association right)',
  { review: ['administrator access, through a chain'], noEscalation: 'indeterminate' },
  `${svcAdmin('pods.eks.amazonaws.com')}${user('dev', [...PASS_SVC, A('eks:DescribeCluster')])}`,
);
add(
  '15 near-miss no CreateFunction',
  { review: ['administrator access, through a chain'], noEscalation: 'indeterminate' },
  `${svcAdmin('lambda.amazonaws.com')}${user('dev', [...PASS_SVC, A('lambda:InvokeFunction')])}`,
);
add(
  '16 PassRole+CreateFunction+ESM',
  {
    review: ['Rhino Security Labs method 16', 'administrator access, through a chain'],
    noEscalation: 'fail',
  },
  `${svcAdmin('lambda.amazonaws.com')}${user('dev', [...PASS_SVC, A('lambda:CreateFunction'), A('lambda:CreateEventSourceMapping')])}`,
);
const fn = (roleRef: string) => `  Fn:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: fn
      Runtime: python3.12
      Handler: index.h
      Code: { ZipFile: 'x' }
      Role: ${roleRef}
`;
add(
  '17 UpdateFunctionCode',
  {
    review: ['Rhino Security Labs method 17', 'administrator access, through a chain'],
    noEscalation: 'fail',
  },
  `${svcAdmin('lambda.amazonaws.com')}${fn('!GetAtt Svc.Arn')}${user('dev', [A('lambda:UpdateFunctionCode', '!GetAtt Fn.Arn')])}`,
);
add(
  '3 PassRole+RunInstances',
  { review: ['Rhino Security Labs method 3', 'administrator access, through a chain'], noEscalation: 'fail' },
  `${svcAdmin('ec2.amazonaws.com')}${instanceProfile}${user('dev', [...PASS_SVC, A('ec2:RunInstances')])}`,
);
add(
  '3 near-miss no RunInstances',
  { review: ['administrator access, through a chain'], noEscalation: 'indeterminate' },
  `${svcAdmin('ec2.amazonaws.com')}${instanceProfile}${user('dev', [...PASS_SVC, A('ec2:DescribeInstances')])}`,
);
add(
  '20 PassRole+CreateStack',
  {
    review: ['Rhino Security Labs method 20', 'administrator access, through a chain'],
    noEscalation: 'fail',
  },
  `${svcAdmin('cloudformation.amazonaws.com')}${user('dev', [...PASS_SVC, A('cloudformation:CreateStack')])}`,
);
add(
  '20 near-miss PassedToService lambda',
  { review: [], noEscalation: 'pass' },
  `${svcAdmin('cloudformation.amazonaws.com')}${user('dev', [A('iam:PassRole', '!GetAtt Svc.Arn', "{ StringEquals: { 'iam:PassedToService': lambda.amazonaws.com } }"), A('cloudformation:CreateStack')])}`,
);
add(
  '18 PassRole+CreateDevEndpoint',
  {
    review: ['Rhino Security Labs method 18', 'administrator access, through a chain'],
    noEscalation: 'fail',
  },
  `${svcAdmin('glue.amazonaws.com')}${user('dev', [...PASS_SVC, A('glue:CreateDevEndpoint')])}`,
);
add(
  '19 UpdateDevEndpoint (no PassRole)',
  {
    review: ['Rhino Security Labs method 19', 'administrator access, through a chain'],
    noEscalation: 'fail',
  },
  `${svcAdmin('glue.amazonaws.com')}  Ep:
    Type: AWS::Glue::DevEndpoint
    Properties:
      EndpointName: ep
      RoleArn: !GetAtt Svc.Arn
${user('dev', [A('glue:UpdateDevEndpoint')])}`,
);
add(
  '21 PassRole+datapipeline',
  {
    review: ['Rhino Security Labs method 21', 'administrator access, through a chain'],
    noEscalation: 'fail',
  },
  `${svcAdmin('datapipeline.amazonaws.com')}${user('dev', [...PASS_SVC, A('datapipeline:CreatePipeline'), A('datapipeline:PutPipelineDefinition')])}`,
);
add(
  'sagemaker CreateNotebookInstance',
  {
    review: ['iam:PassRole to new sagemaker.amazonaws.com compute', 'administrator access, through a chain'],
    noEscalation: 'fail',
  },
  `${svcAdmin('sagemaker.amazonaws.com')}${user('dev', [...PASS_SVC, A('sagemaker:CreateNotebookInstance')])}`,
);
add(
  'sagemaker CreateProcessingJob',
  {
    review: ['iam:PassRole to new sagemaker.amazonaws.com compute', 'administrator access, through a chain'],
    noEscalation: 'fail',
  },
  `${svcAdmin('sagemaker.amazonaws.com')}${user('dev', [...PASS_SVC, A('sagemaker:CreateProcessingJob')])}`,
);
add(
  'sagemaker CreateTrainingJob',
  {
    review: ['iam:PassRole to new sagemaker.amazonaws.com compute', 'administrator access, through a chain'],
    noEscalation: 'fail',
  },
  `${svcAdmin('sagemaker.amazonaws.com')}${user('dev', [...PASS_SVC, A('sagemaker:CreateTrainingJob')])}`,
);
add(
  'sagemaker CreatePresignedNotebookInstanceUrl',
  {
    review: [
      'sagemaker:CreatePresignedNotebookInstanceUrl on a notebook instance with a role',
      'administrator access, through a chain',
    ],
    noEscalation: 'fail',
  },
  `${svcAdmin('sagemaker.amazonaws.com')}${cfnNotebookInstance('!GetAtt Svc.Arn')}${user('dev', [A('sagemaker:CreatePresignedNotebookInstanceUrl')])}`,
);
const ec2Instance = `  Inst:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      IamInstanceProfile: !Ref Profile
`;
add(
  'ssm SendCommand',
  {
    review: ['ssm:SendCommand on an EC2 instance with a role', 'administrator access, through a chain'],
    noEscalation: 'fail',
  },
  `${svcAdmin('ec2.amazonaws.com')}${instanceProfile}${ec2Instance}${user('dev', [A('ssm:SendCommand')])}`,
);
add(
  'ssm StartSession',
  {
    review: ['ssm:StartSession on an EC2 instance with a role', 'administrator access, through a chain'],
    noEscalation: 'fail',
  },
  `${svcAdmin('ec2.amazonaws.com')}${instanceProfile}${ec2Instance}${user('dev', [A('ssm:StartSession')])}`,
);
add(
  'ssm near-miss (profile unused)',
  { review: [], noEscalation: 'pass' },
  `${svcAdmin('ec2.amazonaws.com')}${instanceProfile}${user('dev', [A('ssm:SendCommand')])}`,
);
add(
  'ec2-instance-connect SendSSHPublicKey',
  {
    review: [
      'ec2-instance-connect:SendSSHPublicKey on an EC2 instance with a role',
      'administrator access, through a chain',
    ],
    noEscalation: 'fail',
  },
  `${svcAdmin('ec2.amazonaws.com')}${instanceProfile}${ec2Instance}${user('dev', [A('ec2-instance-connect:SendSSHPublicKey')])}`,
);
add(
  'ecs RunTask',
  {
    review: ['iam:PassRole to new ecs-tasks.amazonaws.com compute', 'administrator access, through a chain'],
    // On `*` and no task definition in the inputs: one may not exist (escalation-existing-starts.ts).
    noEscalation: 'indeterminate',
  },
  `${svcAdmin('ecs-tasks.amazonaws.com')}${user('dev', [...PASS_SVC, A('ecs:RunTask')])}`,
);
add(
  'ecs RunTask on a task definition of the inputs',
  {
    review: ['iam:PassRole to new ecs-tasks.amazonaws.com compute', 'administrator access, through a chain'],
    noEscalation: 'fail',
  },
  `${svcAdmin('ecs-tasks.amazonaws.com')}  Low:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{ Effect: Allow, Principal: { Service: ecs-tasks.amazonaws.com }, Action: sts:AssumeRole }]
${cfnTaskDefinition()}${user('dev', [...PASS_SVC, A('ecs:RunTask')])}`,
);
add(
  'ecs RunTask existing task def (no PassRole)',
  { review: [], noEscalation: 'pass' },
  `${svcAdmin('ecs-tasks.amazonaws.com')}  Td:
    Type: AWS::ECS::TaskDefinition
    Properties:
      TaskRoleArn: !GetAtt Svc.Arn
      ContainerDefinitions: [{ Name: c, Image: x }]
${user('dev', [A('ecs:RunTask')])}`,
);
add(
  'codebuild CreateProject+StartBuild',
  {
    review: ['iam:PassRole to new codebuild.amazonaws.com compute', 'administrator access, through a chain'],
    noEscalation: 'fail',
  },
  `${svcAdmin('codebuild.amazonaws.com')}${user('dev', [...PASS_SVC, A('codebuild:CreateProject'), A('codebuild:StartBuild')])}`,
);
add(
  'codebuild StartBuild existing project',
  {
    review: ['codebuild:StartBuild with a buildspec of its own', 'administrator access, through a chain'],
    noEscalation: 'fail',
  },
  `${svcAdmin('codebuild.amazonaws.com')}  Proj:
    Type: AWS::CodeBuild::Project
    Properties:
      Name: proj
      ServiceRole: !GetAtt Svc.Arn
      Artifacts: { Type: NO_ARTIFACTS }
      Environment: { Type: LINUX_CONTAINER, ComputeType: BUILD_GENERAL1_SMALL, Image: x }
      Source: { Type: NO_SOURCE, BuildSpec: x }
${user('dev', [A('codebuild:StartBuild')])}`,
);
// Code that runs with an existing compute's role, changed or reached without iam:PassRole
// (escalation-methods.ts rows after Rhino 17): each missed before (no finding, noEscalation passed).
const codebuildProject = `  Proj:
    Type: AWS::CodeBuild::Project
    Properties:
      Name: proj
      ServiceRole: !GetAtt Svc.Arn
      Artifacts: { Type: NO_ARTIFACTS }
      Environment: { Type: LINUX_CONTAINER, ComputeType: BUILD_GENERAL1_SMALL, Image: x }
      Source: { Type: NO_SOURCE, BuildSpec: x }
`;
add(
  'codebuild UpdateProject existing project',
  {
    review: ['codebuild:UpdateProject with a buildspec of its own', 'administrator access, through a chain'],
    noEscalation: 'fail',
  },
  `${svcAdmin('codebuild.amazonaws.com')}${codebuildProject}${user('dev', [A('codebuild:UpdateProject')])}`,
);
add(
  'codebuild UpdateProject near-miss (other project)',
  { review: [], noEscalation: 'pass' },
  `${svcAdmin('codebuild.amazonaws.com')}${codebuildProject}${user('dev', [A('codebuild:UpdateProject', "'arn:aws:codebuild:us-west-2:111122223333:project/other'")])}`,
);
const lambdaFunction = `  Fn:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: fn
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt Svc.Arn
      Code: { ZipFile: x }
`;
add(
  'lambda UpdateFunctionConfiguration (layer)',
  {
    review: [
      'lambda:UpdateFunctionConfiguration with a layer of its own',
      'administrator access, through a chain',
    ],
    noEscalation: 'fail',
  },
  `${svcAdmin('lambda.amazonaws.com')}${lambdaFunction}${user('dev', [A('lambda:UpdateFunctionConfiguration')])}`,
);
add(
  'lambda UpdateFunctionConfiguration near-miss (other function)',
  { review: [], noEscalation: 'pass' },
  `${svcAdmin('lambda.amazonaws.com')}${lambdaFunction}${user('dev', [A('lambda:UpdateFunctionConfiguration', "'arn:aws:lambda:us-west-2:111122223333:function:other'")])}`,
);
const stateMachine = `  Sm:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      StateMachineName: sm
      RoleArn: !GetAtt Svc.Arn
      DefinitionString: '{}'
`;
add(
  'states UpdateStateMachine+StartExecution',
  {
    review: ['states:UpdateStateMachine then StartExecution', 'administrator access, through a chain'],
    noEscalation: 'fail',
  },
  `${svcAdmin('states.amazonaws.com')}${stateMachine}${user('dev', [A('states:UpdateStateMachine'), A('states:StartExecution')])}`,
);
add(
  'states near-miss (UpdateStateMachine without StartExecution)',
  { review: [], noEscalation: 'pass' },
  `${svcAdmin('states.amazonaws.com')}${stateMachine}${user('dev', [A('states:UpdateStateMachine')])}`,
);
// AWS Glue API, UpdateJob: "Updates an existing job definition. The previous job definition is
// completely overwritten by this information."; StartJobRun: "Starts a job run using a job
// definition."; AWS::Glue::Job Role: "The name or Amazon Resource Name (ARN) of the IAM role
// associated with this job." (the job's script runs with it). Before: no method, no finding,
// noEscalation passed.
const glueJob = `  Job:
    Type: AWS::Glue::Job
    Properties:
      Name: job
      Role: !GetAtt Svc.Arn
      Command: { Name: glueetl, ScriptLocation: 's3://scripts/job.py' }
`;
add(
  'glue UpdateJob+StartJobRun existing job',
  {
    review: ['glue:UpdateJob then StartJobRun', 'administrator access, through a chain'],
    noEscalation: 'fail',
  },
  `${svcAdmin('glue.amazonaws.com')}${glueJob}${user('dev', [A('glue:UpdateJob'), A('glue:StartJobRun')])}`,
);
add(
  'glue near-miss (UpdateJob without StartJobRun; both on another job)',
  { review: [], noEscalation: 'pass' },
  `${svcAdmin('glue.amazonaws.com')}${glueJob}${user('dev', [A('glue:UpdateJob'), A('glue:StartJobRun', "'arn:aws:glue:us-west-2:111122223333:job/other'")])}`,
);
const taskDefinition = `  Td:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: td
      TaskRoleArn: !GetAtt Svc.Arn
      ContainerDefinitions: [{ Name: c, Image: x }]
`;
const ecsService = (exec: string) => `  EcsService:
    Type: AWS::ECS::Service
    Properties:
      ServiceName: web
      TaskDefinition: !Ref Td
${exec}`;
add(
  'ecs ExecuteCommand on a task with a task role',
  {
    review: ['ecs:ExecuteCommand on a task with a task role', 'administrator access, through a chain'],
    noEscalation: 'fail',
  },
  `${svcAdmin('ecs-tasks.amazonaws.com')}${taskDefinition}${ecsService('      EnableExecuteCommand: true\n')}${user('dev', [A('ecs:ExecuteCommand')])}`,
);
// ECS Exec reaches a task only when it runs with the feature on (aws/role-uses.ts `ecsExecRoutes`):
// before round 5 each of these three was a path (high in the chain, noEscalation fail).
add(
  'ecs ExecuteCommand near-miss (service leaves ECS Exec off)',
  { review: [], noEscalation: 'pass' },
  `${svcAdmin('ecs-tasks.amazonaws.com')}${taskDefinition}${ecsService('')}${user('dev', [A('ecs:ExecuteCommand')])}`,
);
add(
  'ecs ExecuteCommand (no service of the inputs runs the task definition)',
  {
    review: ['ecs:ExecuteCommand on a task with a task role', 'administrator access, through a chain'],
    noEscalation: 'indeterminate',
  },
  `${svcAdmin('ecs-tasks.amazonaws.com')}${taskDefinition}${user('dev', [A('ecs:ExecuteCommand')])}`,
);
add(
  'ecs ExecuteCommand (EnableExecuteCommand from a parameter)',
  {
    review: ['ecs:ExecuteCommand on a task with a task role', 'administrator access, through a chain'],
    noEscalation: 'indeterminate',
  },
  `Parameters:\n  ExecOn: { Type: String }\nResources:\n${svcAdmin('ecs-tasks.amazonaws.com')}${taskDefinition}${ecsService('      EnableExecuteCommand: !Ref ExecOn\n')}${user('dev', [A('ecs:ExecuteCommand')])}`,
);
add(
  'ecs ExecuteCommand near-miss (task definition without a task role)',
  { review: [], noEscalation: 'pass' },
  `${svcAdmin('ecs-tasks.amazonaws.com')}  Td:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: td
      ExecutionRoleArn: !GetAtt Svc.Arn
      ContainerDefinitions: [{ Name: c, Image: x }]
${user('dev', [A('ecs:ExecuteCommand')])}`,
);
add(
  'CreateServiceLinkedRole (not escalation)',
  { review: [], noEscalation: 'pass' },
  user('dev', [A('iam:CreateServiceLinkedRole')]),
);
add(
  'sts:AssumeRole chain',
  { review: [], noEscalation: 'fail' },
  `${adminRoleTrusting('{ AWS: !GetAtt Mid.Arn }')}${role('Mid', [A('sts:AssumeRole', '!GetAtt AdminRole.Arn')])}${user('dev', [A('sts:AssumeRole', '!GetAtt Mid.Arn')])}`,
);
add(
  'sts:AssumeRole chain near-miss (trust names other)',
  { review: [], noEscalation: 'pass' },
  `${adminRoleTrusting("{ AWS: 'arn:aws:iam::111122223333:user/nobody' }")}${role('Mid', [A('sts:AssumeRole', '!GetAtt AdminRole.Arn')])}${user('dev', [A('sts:AssumeRole', '!GetAtt Mid.Arn')])}`,
);
add(
  'AttachUserPolicy with iam:PermissionsBoundary condition',
  { review: ['Rhino Security Labs method 7'], noEscalation: 'fail', conditional: true },
  user('dev', [
    A(
      'iam:AttachUserPolicy',
      "'arn:aws:iam::111122223333:user/dev'",
      "{ StringEquals: { 'iam:PermissionsBoundary': 'arn:aws:iam::111122223333:policy/bound' } }",
    ),
  ]),
);
add(
  'PutUserPermissionsBoundary/DeleteUserPermissionsBoundary self',
  { review: ['iam:DeleteUserPermissionsBoundary on itself'], noEscalation: 'indeterminate' },
  user(
    'dev',
    [A('iam:DeleteUserPermissionsBoundary', "'arn:aws:iam::111122223333:user/dev'"), A('s3:*')],
    '      PermissionsBoundary: !Ref Bound\n',
  ) +
    `  Bound:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement: [{ Effect: Allow, Action: ['s3:GetObject', 'iam:DeleteUserPermissionsBoundary'], Resource: '*' }]
`,
);
add(
  'apigateway UpdateRestApiPolicy',
  { review: ['resource-policy write'], noEscalation: 'fail' },
  `  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: api
      Policy:
        Statement: [{ Effect: Allow, Principal: { AWS: 'arn:aws:iam::111122223333:user/nobody' }, Action: execute-api:Invoke, Resource: 'execute-api:/*' }]
${user('dev', [A('apigateway:UpdateRestApiPolicy'), A('apigateway:PATCH')])}`,
);

add(
  '19 near-miss (endpoint of another account name)',
  { review: [], noEscalation: 'pass' },
  `${svcAdmin('glue.amazonaws.com')}  Ep:
    Type: AWS::Glue::DevEndpoint
    Properties:
      EndpointName: ep
      RoleArn: !GetAtt Svc.Arn
${user('dev', [A('glue:UpdateDevEndpoint', "'arn:aws:glue:us-west-2:111122223333:devEndpoint/other'")])}`,
);
add(
  'ec2-instance-connect near-miss (profile unused)',
  { review: [], noEscalation: 'pass' },
  `${svcAdmin('ec2.amazonaws.com')}${instanceProfile}${user('dev', [A('ec2-instance-connect:SendSSHPublicKey')])}`,
);
add(
  'DeleteUserPermissionsBoundary near-miss (no boundary)',
  { review: [], noEscalation: 'pass' },
  user('dev', [A('iam:DeleteUserPermissionsBoundary', "'arn:aws:iam::111122223333:user/dev'"), A('s3:*')]),
);
add(
  'apigateway near-miss (UpdateRestApiPolicy on the execute-api ARN)',
  { review: [], noEscalation: 'pass' },
  `  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: api
      Policy:
        Statement: [{ Effect: Allow, Principal: { AWS: 'arn:aws:iam::111122223333:user/nobody' }, Action: execute-api:Invoke, Resource: 'execute-api:/*' }]
${user('dev', [A('apigateway:UpdateRestApiPolicy', "'arn:aws:execute-api:*:*:*'")])}`,
);

function verdicts(c: Case) {
  const engine = compileModel(modelOf(c.template, { file: 'inline.yaml', stackName: 's' }));
  const findings = [...escalationFindings(engine, [`arn:aws:iam::111122223333:${c.principal}`]).values()];
  return { findings, check: noEscalationCheck(engine, c.principal) };
}

describe('the catalogue of escalation methods: each method and its near-miss', () => {
  it('case names are unique', () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases)('$name', (c) => {
    const { findings, check } = verdicts(c);
    expect(findings.map((f) => f.detail).sort()).toEqual([...c.want.review].sort());
    if (c.want.conditional)
      for (const f of findings) expect(f.severity).toBe(conditionalSeverity(sureSeverity(f), true));
    expect(check.status).toBe(c.want.noEscalation);
  });
});

describe("apigateway:UpdateRestApiPolicy is decided on the API's apigateway ARN", () => {
  it('the write names arn:aws:apigateway:REGION::/restapis/ID', () => {
    const c = cases.find((x) => x.name === 'apigateway UpdateRestApiPolicy')!;
    const { check } = verdicts(c);
    expect(check.message).toMatch(
      /apigateway:UpdateRestApiPolicy on arn:aws:apigateway:us-west-2::\/restapis\//,
    );
  });
});

describe('Terraform: a Glue development endpoint and a SageMaker notebook instance run with their role', () => {
  const load = (resources: string) => {
    const dir = tempDir('iamspec-esc-catalogue-');
    writeFileIn(
      dir,
      'main.tf',
      `${tfServiceRole('svc', 'glue.amazonaws.com')}
resource "aws_iam_role_policy_attachment" "admin" {
  role = aws_iam_role.svc.name
  policy_arn = "${ADMIN}"
}
${resources}
resource "aws_iam_user" "dev" { name = "dev" }
`,
    );
    return compileModel(loadModelSync([dir], { account: '111122223333', region: 'us-west-2' }));
  };
  const devPolicy = (action: string) => `resource "aws_iam_user_policy" "p" {
  user = aws_iam_user.dev.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "${action}", Resource = "*" }] })
}`;

  it('glue:UpdateDevEndpoint on aws_glue_dev_endpoint: Rhino Security Labs method 19', () => {
    const engine = load(`resource "aws_glue_dev_endpoint" "ep" {
  name = "ep"
  role_arn = aws_iam_role.svc.arn
}
${devPolicy('glue:UpdateDevEndpoint')}`);
    const details = [...escalationFindings(engine, ['arn:aws:iam::111122223333:user/dev']).values()].map(
      (f) => f.detail,
    );
    expect(details).toContain('Rhino Security Labs method 19');
    expect(noEscalationCheck(engine, 'user/dev').status).toBe('fail');
  });

  it('without an endpoint, glue:UpdateDevEndpoint reaches no role', () => {
    const engine = load(devPolicy('glue:UpdateDevEndpoint'));
    expect([...escalationFindings(engine, ['arn:aws:iam::111122223333:user/dev']).keys()]).toEqual([]);
    expect(noEscalationCheck(engine, 'user/dev').status).toBe('pass');
  });
});
