// Existing compute that runs as a role the inputs name by a known ARN but do not define
// (`Role: arn:aws:iam::111122223333:role/existing-admin`, `Model.outsideRoleUses`): a principal
// that may run code there (replace a function's code, start a build with its own buildspec, …)
// acts with that role's permissions, which the inputs do not show. Before: no edge (the role is
// not the model's), no review finding for the kinds other than Lambda, and `noEscalation` passed.
// Now: an indeterminate escalation naming the compute and saying its role is outside the inputs,
// with the source where the role is written (analysis/escalation.ts `outsideRoleEdges`).
//
// Pages:
// - AWS Lambda Developer Guide, "Defining Lambda function permissions with an execution role": "A
//   Lambda function's execution role is an AWS Identity and Access Management (IAM) role that
//   grants the function permission to access AWS services and resources."
// - AWS CodeBuild API Reference, StartBuild, buildspecOverride: "A buildspec file declaration that
//   overrides the latest one defined in the build project, for this build only."
// - Amazon SageMaker AI API Reference, CreatePresignedNotebookInstanceUrl: "Returns a URL that you
//   can use to connect to the Jupyter server from a notebook instance".

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { modelOf } from './fixtures/cfn/load.js';
import { cfnDevUser, cfnNotebookInstance } from './helpers/cfn-templates.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import { tfDevUser } from './helpers/terraform-roles.js';
import { loadTerraformFiles } from './helpers/temp-inputs.js';

const EXISTING = 'arn:aws:iam::111122223333:role/existing-admin';
const OUTSIDE = `its role ${EXISTING} is outside the inputs`;

const FUNCTION = `  Fn:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: web
      Role: ${EXISTING}
      Runtime: nodejs22.x
      Handler: i.h
      Code: { ZipFile: x }
`;
const PROJECT = `  Build:
    Type: AWS::CodeBuild::Project
    Properties:
      Name: build
      ServiceRole: ${EXISTING}
      Artifacts: { Type: NO_ARTIFACTS }
      Environment: { Type: LINUX_CONTAINER, ComputeType: BUILD_GENERAL1_SMALL, Image: x }
      Source: { Type: NO_SOURCE, BuildSpec: x }
`;

function load(resources: string, actions: readonly string[]) {
  const template = `Resources:\n${resources}${cfnDevUser([{ Action: actions, Resource: '*' }])}`;
  return compileModel(modelOf(template, { file: 'inline.yaml', stackName: 's' }));
}

describe('compute whose role is a known ARN outside the inputs: an indeterminate escalation', () => {
  it('lambda:UpdateFunctionCode on the function: noEscalation indeterminate, naming the role and its source (was: pass)', () => {
    const check = noEscalationCheck(load(FUNCTION, ['lambda:UpdateFunctionCode']), 'user/dev');
    expect(check.status).toBe('indeterminate');
    expect(check.message).toContain('lambda:UpdateFunctionCode');
    const why = check.indeterminate!.reasons.find((r) => r.text.includes(OUTSIDE));
    expect(why).toBeDefined();
    expect(why!.text).toContain('Lambda function web');
    expect(why!.source).toMatchObject({ pointer: '/Resources/Fn/Properties/Role' });
  });

  it('codebuild:StartBuild on the project: noEscalation indeterminate and a review finding (was: neither)', () => {
    const engine = load(PROJECT, ['codebuild:StartBuild']);
    const check = noEscalationCheck(engine, 'user/dev');
    expect(check.status).toBe('indeterminate');
    expect(check.indeterminate!.reasons.some((r) => r.text.includes(OUTSIDE))).toBe(true);
    const found = [...escalationFindings(engine, ['arn:aws:iam::111122223333:user/dev']).values()];
    const f = found.find((x) => x.message.includes('codebuild:StartBuild'));
    expect(f).toBeDefined();
    expect(f!.indeterminate).toBeDefined();
    expect(JSON.stringify(f!.indeterminate)).toContain(OUTSIDE);
  });

  it('sagemaker:CreatePresignedNotebookInstanceUrl on a notebook instance: noEscalation indeterminate (was: pass)', () => {
    const check = noEscalationCheck(
      load(cfnNotebookInstance(EXISTING), ['sagemaker:CreatePresignedNotebookInstanceUrl']),
      'user/dev',
    );
    expect(check.status).toBe('indeterminate');
    expect(check.indeterminate!.reasons.some((r) => r.text.includes(OUTSIDE))).toBe(true);
  });

  it('cannotBecome a role of the inputs: indeterminate through the outside role (it may become any principal of its account)', () => {
    const template = `Resources:
${FUNCTION}  Target:
    Type: AWS::IAM::Role
    Properties:
      RoleName: target
      AssumeRolePolicyDocument:
        Statement: [{ Effect: Allow, Principal: { AWS: arn:aws:iam::111122223333:root }, Action: sts:AssumeRole }]
${cfnDevUser([{ Action: ['lambda:UpdateFunctionCode'], Resource: '*' }])}`;
    const engine = compileModel(modelOf(template, { file: 'inline.yaml', stackName: 's' }));
    const r = runSpec(
      engine.model,
      parseSpec('version: 1\nexpect:\n  - { id: e, principal: user/dev, cannotBecome: [role/target] }\n'),
      { engine },
    );
    const check = r.expectations[0]!.checks[0]!;
    expect(check.status).toBe('indeterminate');
    expect(check.indeterminate!.reasons.some((x) => x.text.includes(OUTSIDE))).toBe(true);
  });

  it('each other update-code kind: a state machine, a Glue development endpoint, an ECS task role (was: pass)', () => {
    const machine = `  Sm:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      StateMachineName: flow
      RoleArn: ${EXISTING}
      DefinitionString: '{}'
`;
    const endpoint = `  Dev:
    Type: AWS::Glue::DevEndpoint
    Properties:
      EndpointName: dev-1
      RoleArn: ${EXISTING}
`;
    const task = `  Td:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: app
      TaskRoleArn: ${EXISTING}
      ContainerDefinitions: [{ Name: c, Image: x }]
`;
    for (const [resources, actions] of [
      [machine, ['states:UpdateStateMachine', 'states:StartExecution']],
      [endpoint, ['glue:UpdateDevEndpoint']],
      [task, ['ecs:ExecuteCommand', 'ecs:UpdateService']],
    ] as const) {
      const check = noEscalationCheck(load(resources, actions), 'user/dev');
      expect(check.status).toBe('indeterminate');
      expect(check.indeterminate!.reasons.some((r) => r.text.includes(OUTSIDE))).toBe(true);
    }
  });

  it('near miss: the request not allowed: noEscalation passes', () => {
    expect(noEscalationCheck(load(FUNCTION, ['lambda:GetFunction']), 'user/dev').status).toBe('pass');
    expect(noEscalationCheck(load(PROJECT, ['codebuild:BatchGetProjects']), 'user/dev').status).toBe('pass');
  });
});

describe('a Glue job whose role is outside the inputs (glue:UpdateJob + glue:StartJobRun)', () => {
  const JOB = `  Job:
    Type: AWS::Glue::Job
    Properties:
      Name: etl
      Role: ${EXISTING}
      Command: { Name: glueetl, ScriptLocation: 's3://scripts/etl.py' }
`;
  it('both requests: noEscalation indeterminate naming the job (was: pass); UpdateJob alone: pass', () => {
    const check = noEscalationCheck(load(JOB, ['glue:UpdateJob', 'glue:StartJobRun']), 'user/dev');
    expect(check.status).toBe('indeterminate');
    expect(check.indeterminate!.reasons.some((r) => r.text.includes(`Glue job etl: ${OUTSIDE}`))).toBe(true);
    expect(noEscalationCheck(load(JOB, ['glue:UpdateJob']), 'user/dev').status).toBe('pass');
  });
});

// Amazon EC2 User Guide, "IAM roles for Amazon EC2": "an instance profile [...] contains the role
// and enables programs that are running on the EC2 instance to get temporary credentials";
// AWS Systems Manager API Reference, SendCommand: "Runs commands on one or more managed nodes".
// A profile whose role the inputs name but do not define: the commands run as a role whose
// permissions are unknown. Before: the instances were not linked to any role, no edge, a pass.
describe('an EC2 instance whose instance profile holds a role outside the inputs', () => {
  const INSTANCE = `  Profile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      InstanceProfileName: web-profile
      Roles: [existing-admin]
  Web:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      IamInstanceProfile: !Ref Profile
`;
  it('ssm:SendCommand: noEscalation indeterminate naming the profile and the role (was: pass); without an instance: pass', () => {
    const check = noEscalationCheck(load(INSTANCE, ['ssm:SendCommand']), 'user/dev');
    expect(check.status).toBe('indeterminate');
    expect(check.message).toContain('ssm:SendCommand');
    expect(
      check.indeterminate!.reasons.some((r) => r.text.includes(`instance profile web-profile: ${OUTSIDE}`)),
    ).toBe(true);
    const profileOnly = INSTANCE.slice(0, INSTANCE.indexOf('  Web:'));
    expect(noEscalationCheck(load(profileOnly, ['ssm:SendCommand']), 'user/dev').status).toBe('pass');
  });

  it('the review: an ssm:SendCommand finding, open with why (was: none)', () => {
    const engine = load(INSTANCE, ['ssm:SendCommand']);
    const found = [...escalationFindings(engine, ['arn:aws:iam::111122223333:user/dev']).values()];
    const f = found.find((x) => x.message.includes('ssm:SendCommand'));
    expect(f?.indeterminate).toBeDefined();
    expect(JSON.stringify(f!.indeterminate)).toContain(OUTSIDE);
  });

  it('Terraform: a profile naming a role the inputs do not create links it as a principal named outside them: not a pass', () => {
    const main = `resource "aws_iam_instance_profile" "web" {
  name = "web-profile"
  role = "existing-admin"
}
resource "aws_instance" "web" {
  ami = "ami-1"
  instance_type = "t3.micro"
  iam_instance_profile = aws_iam_instance_profile.web.name
}
${tfDevUser(['ssm:SendCommand'])}
`;
    const engine = compileModel(loadTerraformFiles(main, { account: '111122223333', region: 'us-west-2' }));
    expect(noEscalationCheck(engine, 'user/dev').status).not.toBe('pass');
  });
});
