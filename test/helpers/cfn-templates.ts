// CloudFormation template text several tests build alike (YAML, for `modelOf` of
// test/fixtures/cfn/load.ts): a bucket whose policy statement might exist, bucket policies, users
// with an inline policy, administrator roles a service may assume, the role of compute of the
// inputs, a notebook instance.

/**
 * A template with the bucket `maybe-open` whose policy statement letting `principal` (YAML: `'*'`,
 * `{ AWS: !GetAtt Reader.Arn }`) call s3:GetObject on its objects exists only when the parameter
 * Open (no default) is "yes": that access is indeterminate. `resources`: more resources (YAML
 * text at the indent of the template's resources), written before the bucket.
 */
export function maybeOpenBucket(principal: string, resources = ''): string {
  return `
Parameters:
  Open:
    Type: String
Conditions:
  IsOpen: !Equals [!Ref Open, 'yes']
Resources:
${resources}  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: maybe-open
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - !If
            - IsOpen
            - Effect: Allow
              Principal: ${principal}
              Action: s3:GetObject
              Resource: arn:aws:s3:::maybe-open/*
            - !Ref AWS::NoValue
`;
}

/**
 * A user `name` (logical id `id`) with one inline policy `policy` whose statements are
 * `statements` (each one YAML flow mapping), as text at the indent of a template's resources.
 * `version`: the document says `Version: '2012-10-17'` (without it, the 2008 language).
 */
export function cfnUser(
  id: string,
  name: string,
  policy: string,
  statements: readonly string[],
  options: { version?: boolean } = {},
): string {
  return `  ${id}:
    Type: AWS::IAM::User
    Properties:
      UserName: ${name}
      Policies:
        - PolicyName: ${policy}
          PolicyDocument:
${options.version ? "            Version: '2012-10-17'\n" : ''}            Statement:
${statements.map((s) => `              - ${s}\n`).join('')}`;
}

/**
 * The bucket policy `id` of the bucket of logical id `bucket` (`Bucket: !Ref`), its document's
 * statements `statements` (each one YAML flow mapping), as text at the indent of a template's
 * resources.
 */
export function cfnBucketPolicy(id: string, bucket: string, statements: readonly string[]): string {
  return `  ${id}:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref ${bucket}
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
${statements.map((s) => `          - ${s}\n`).join('')}`;
}

/**
 * The user dev (logical id `dev`) with one inline policy `p` allowing each of `statements` (an
 * `Effect` of its own, such as Deny, wins), as text at the indent of a template's resources.
 */
export function cfnDevUser(statements: readonly object[]): string {
  return cfnUser(
    'dev',
    'dev',
    'p',
    statements.map((s) => JSON.stringify({ Effect: 'Allow', ...s })),
  );
}

/**
 * A role `name` (logical id `id`) that the service principal `service` may assume, with the AWS
 * managed policy AdministratorAccess attached, as text at the indent of a template's resources.
 */
export function cfnAdminRole(id: string, name: string, service: string): string {
  return `  ${id}:
    Type: AWS::IAM::Role
    Properties:
      RoleName: ${name}
      AssumeRolePolicyDocument:
        Statement: [{ Effect: Allow, Principal: { Service: ${service} }, Action: sts:AssumeRole }]
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
`;
}

/**
 * `cfnAdminRole('Svc', 'svcadmin', 'ec2.amazonaws.com')` and the instance profile `web` (logical
 * id Profile) holding it: the administrator role EC2 instances of a launch template or launch
 * configuration run with, as text at the indent of a template's resources.
 */
export function cfnAdminInstanceProfile(): string {
  return `${cfnAdminRole('Svc', 'svcadmin', 'ec2.amazonaws.com')}  Profile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      InstanceProfileName: web
      Roles: [!Ref Svc]
`;
}

/**
 * Launch template web (logical id Lt) whose instances run with the instance profile of logical id
 * Profile (`cfnAdminInstanceProfile`), as text at the indent of a template's resources.
 */
export function cfnProfileLaunchTemplate(): string {
  return `  Lt:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateName: web
      LaunchTemplateData:
        IamInstanceProfile: { Name: !Ref Profile }
`;
}

/**
 * Auto Scaling group `name` (logical id Asg, one to `maxSize` instances) launching template Lt by
 * id, at `version` (YAML text; left out: the template's $Default), as text at the indent of a
 * template's resources.
 */
export function cfnLaunchTemplateGroup(name: string, maxSize: string, version?: string): string {
  return `  Asg:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      AutoScalingGroupName: ${name}
      MinSize: '1'
      MaxSize: '${maxSize}'
      LaunchTemplate:
        LaunchTemplateId: !Ref Lt
${version === undefined ? '' : `        Version: ${version}\n`}`;
}

/**
 * Role `low` (logical id Low), of no permissions, that the service principal `service` may assume,
 * as text at the indent of a template's resources: the role of compute of the inputs that an
 * existing-compute start gives another role.
 */
export function cfnLowRole(service: string): string {
  return `  Low:
    Type: AWS::IAM::Role
    Properties:
      RoleName: low
      AssumeRolePolicyDocument:
        Statement: [{ Effect: Allow, Principal: { Service: ${service} }, Action: sts:AssumeRole }]
`;
}

/**
 * ECS task definition `family` (logical id Td) whose tasks run as the role of logical id `role`
 * (`cfnLowRole`, `cfnAdminRole`), as text at the indent of a template's resources.
 */
export function cfnTaskDefinition(role = 'Low', family = 'app'): string {
  return `  Td:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: ${family}
      TaskRoleArn: !GetAtt ${role}.Arn
      ContainerDefinitions: [{ Name: c, Image: x }]
`;
}

/**
 * ECS service (logical id EcsService) in cluster `cluster` (YAML text) running task definition Td,
 * with the properties `lines` (YAML text at the properties' indent: ServiceName,
 * EnableExecuteCommand), as text at the indent of a template's resources.
 */
export function cfnEcsService(cluster: string, lines = ''): string {
  return `  EcsService:
    Type: AWS::ECS::Service
    Properties:
      Cluster: ${cluster}
${lines}      TaskDefinition: !Ref Td
`;
}

/**
 * SageMaker notebook instance nb (logical id Nb, ml.t3.medium) running with the role `roleArn`
 * (YAML text: `!GetAtt Svc.Arn`, `!ImportValue notebook-role`), as text at the indent of a
 * template's resources.
 */
export function cfnNotebookInstance(roleArn: string): string {
  return `  Nb:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      NotebookInstanceName: nb
      InstanceType: ml.t3.medium
      RoleArn: ${roleArn}
`;
}

/**
 * Template resources (indented under `Resources:`): role `low`, which Glue may assume, and the Glue
 * development endpoint `dev-1` running with it (an existing-compute start: glue:UpdateDevEndpoint).
 */
export const CFN_GLUE_DEV_ENDPOINT = `${cfnLowRole('glue.amazonaws.com')}  Dev:
    Type: AWS::Glue::DevEndpoint
    Properties:
      EndpointName: dev-1
      RoleArn: !GetAtt Low.Arn
`;
