// The privilege-escalation methods the access review checks, as a plain data table: the method's
// number in Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation"
// (https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/), what it does,
// the requests it needs, which targets it is tried on, who can use it and its severity. risks.ts
// resolves the targets against the model and decides the requests; nothing here knows a model.

import type { RiskFinding } from './types.js';

/** One request of an escalation: an action on a resource. */
export interface EscalationStep {
  action: string;
  resource: string;
}

/** Builds an ARN of the principal's account and Region: `arn(service, resource)`. */
export type ArnOf = (service: string, resource: string) => string;

/**
 * Which targets a method is tried on. One-request methods call `actions[0]` on each target;
 * `pass-role` passes each role `service` is trusted to assume, then makes the `start` requests.
 */
export type EscalationTargets =
  | { kind: 'attached-customer-policies' }
  | { kind: 'self' }
  | { kind: 'own-groups' }
  | { kind: 'other-groups' }
  | { kind: 'other-users' }
  | { kind: 'other-roles' }
  | { kind: 'lambda-functions' }
  | { kind: 'pass-role'; service: string; start: (arn: ArnOf, probe: string) => EscalationStep[] };

export interface EscalationMethod {
  /** Rhino Security Labs method number. */
  rhino: string;
  describe: string;
  /** Every action some alternative needs (a principal none of whose statements match one is skipped). */
  actions: readonly string[];
  targets: EscalationTargets;
  /** Which principals can use it (a user's own policies and groups, a role's own policies). */
  appliesTo: 'user' | 'role' | 'any';
  severity: RiskFinding['severity'];
}

const selfMethod = (
  rhino: string,
  action: string,
  describe: string,
  appliesTo: 'user' | 'role',
  targets: EscalationTargets = { kind: 'self' },
): EscalationMethod => ({ rhino, describe, actions: [action], targets, appliesTo, severity: 'high' });

export const ESCALATION_METHODS: readonly EscalationMethod[] = [
  {
    rhino: '1',
    describe: 'create a new default version of a managed policy attached to itself (iam:CreatePolicyVersion)',
    actions: ['iam:CreatePolicyVersion'],
    targets: { kind: 'attached-customer-policies' },
    appliesTo: 'any',
    severity: 'high',
  },
  {
    rhino: '2',
    describe:
      'switch the default version of a managed policy attached to itself (iam:SetDefaultPolicyVersion)',
    actions: ['iam:SetDefaultPolicyVersion'],
    targets: { kind: 'attached-customer-policies' },
    appliesTo: 'any',
    severity: 'medium',
  },
  selfMethod(
    '7',
    'iam:AttachUserPolicy',
    'attach any managed policy to itself (iam:AttachUserPolicy)',
    'user',
  ),
  selfMethod('10', 'iam:PutUserPolicy', 'write an inline policy on itself (iam:PutUserPolicy)', 'user'),
  selfMethod(
    '8',
    'iam:AttachGroupPolicy',
    'attach any managed policy to a group it is in (iam:AttachGroupPolicy)',
    'user',
    { kind: 'own-groups' },
  ),
  selfMethod(
    '11',
    'iam:PutGroupPolicy',
    'write an inline policy on a group it is in (iam:PutGroupPolicy)',
    'user',
    {
      kind: 'own-groups',
    },
  ),
  selfMethod('13', 'iam:AddUserToGroup', 'add itself to another group (iam:AddUserToGroup)', 'user', {
    kind: 'other-groups',
  }),
  selfMethod(
    '9',
    'iam:AttachRolePolicy',
    'attach any managed policy to its own role (iam:AttachRolePolicy)',
    'role',
  ),
  selfMethod('12', 'iam:PutRolePolicy', 'write an inline policy on its own role (iam:PutRolePolicy)', 'role'),
  {
    rhino: '4',
    describe: 'create access keys for other users and act as them (iam:CreateAccessKey)',
    actions: ['iam:CreateAccessKey'],
    targets: { kind: 'other-users' },
    appliesTo: 'any',
    severity: 'high',
  },
  {
    rhino: '5',
    describe: 'create a console password for other users (iam:CreateLoginProfile)',
    actions: ['iam:CreateLoginProfile'],
    targets: { kind: 'other-users' },
    appliesTo: 'any',
    severity: 'high',
  },
  {
    rhino: '6',
    describe: "change other users' console passwords (iam:UpdateLoginProfile)",
    actions: ['iam:UpdateLoginProfile'],
    targets: { kind: 'other-users' },
    appliesTo: 'any',
    severity: 'high',
  },
  {
    rhino: '14',
    describe: "rewrite another role's trust policy to let itself assume it (iam:UpdateAssumeRolePolicy)",
    actions: ['iam:UpdateAssumeRolePolicy'],
    targets: { kind: 'other-roles' },
    appliesTo: 'any',
    severity: 'high',
  },
  {
    rhino: '3',
    describe: 'pass a role to a new EC2 instance it launches (iam:PassRole + ec2:RunInstances)',
    actions: ['iam:PassRole', 'ec2:RunInstances'],
    targets: {
      kind: 'pass-role',
      service: 'ec2.amazonaws.com',
      start: (arn, probe) => [{ action: 'ec2:RunInstances', resource: arn('ec2', `instance/i-0${probe}`) }],
    },
    appliesTo: 'any',
    severity: 'medium',
  },
  {
    rhino: '15',
    describe:
      'pass a role to a new Lambda function and invoke it (iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction)',
    actions: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'],
    targets: {
      kind: 'pass-role',
      service: 'lambda.amazonaws.com',
      start: (arn, probe) => [
        { action: 'lambda:CreateFunction', resource: arn('lambda', `function:${probe}-fn`) },
        { action: 'lambda:InvokeFunction', resource: arn('lambda', `function:${probe}-fn`) },
      ],
    },
    appliesTo: 'any',
    severity: 'medium',
  },
  {
    rhino: '16',
    describe:
      'pass a role to a new Lambda function triggered by an event source (iam:PassRole + lambda:CreateFunction + lambda:CreateEventSourceMapping)',
    actions: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:CreateEventSourceMapping'],
    targets: {
      kind: 'pass-role',
      service: 'lambda.amazonaws.com',
      start: (arn, probe) => [
        { action: 'lambda:CreateFunction', resource: arn('lambda', `function:${probe}-fn`) },
        { action: 'lambda:CreateEventSourceMapping', resource: '*' },
      ],
    },
    appliesTo: 'any',
    severity: 'medium',
  },
  {
    rhino: '17',
    describe:
      'replace the code of an existing Lambda function and run with its role (lambda:UpdateFunctionCode)',
    actions: ['lambda:UpdateFunctionCode'],
    targets: { kind: 'lambda-functions' },
    appliesTo: 'any',
    severity: 'medium',
  },
  {
    rhino: '18',
    describe: 'pass a role to a new Glue development endpoint (iam:PassRole + glue:CreateDevEndpoint)',
    actions: ['iam:PassRole', 'glue:CreateDevEndpoint'],
    targets: {
      kind: 'pass-role',
      service: 'glue.amazonaws.com',
      start: (arn, probe) => [
        { action: 'glue:CreateDevEndpoint', resource: arn('glue', `devEndpoint/${probe}`) },
      ],
    },
    appliesTo: 'any',
    severity: 'medium',
  },
  {
    rhino: '20',
    describe: 'pass a role to a new CloudFormation stack (iam:PassRole + cloudformation:CreateStack)',
    actions: ['iam:PassRole', 'cloudformation:CreateStack'],
    targets: {
      kind: 'pass-role',
      service: 'cloudformation.amazonaws.com',
      start: (arn, probe) => [
        { action: 'cloudformation:CreateStack', resource: arn('cloudformation', `stack/${probe}/*`) },
      ],
    },
    appliesTo: 'any',
    severity: 'medium',
  },
  {
    rhino: '21',
    describe:
      'pass a role to a new Data Pipeline (iam:PassRole + datapipeline:CreatePipeline + datapipeline:PutPipelineDefinition)',
    actions: ['iam:PassRole', 'datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition'],
    targets: {
      kind: 'pass-role',
      service: 'datapipeline.amazonaws.com',
      start: () => [
        { action: 'datapipeline:CreatePipeline', resource: '*' },
        { action: 'datapipeline:PutPipelineDefinition', resource: '*' },
      ],
    },
    appliesTo: 'any',
    severity: 'medium',
  },
];
