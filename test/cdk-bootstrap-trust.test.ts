// The CDK bootstrap's cross-account deploy roles (`cdk bootstrap --trust ACCOUNT
// --cloudformation-execution-policies ARN`), on the real bootstrap template
// (test/fixtures/cloudformation/cdk-bootstrap-template.yaml, from aws/aws-cdk-cli): the trusted
// (pipeline) account assumes cdk-<qualifier>-deploy-role, which may pass
// cdk-<qualifier>-cfn-exec-role to CloudFormation and create or change stacks, so the trusted
// account can do whatever the execution role can (AdministratorAccess by default). Spec
// `cannotBecome` / `noEscalation` and the review must say so; without --trust, they must not.
//
// Pages:
// - AWS CDK Developer Guide, "cdk bootstrap" (ref-cli-cmd-bootstrap): `--trust`: "The AWS
//   account IDs that should be trusted to perform deployments into this environment"; "The modern
//   bootstrap template effectively grants the permissions implied by the
//   `--cloudformation-execution-policies` to any AWS account in the `--trust` list";
//   `--cloudformation-execution-policies`: "The managed IAM policy ARNs that should be attached to
//   the deployment role assumed by AWS CloudFormation during deployment of your stacks".
// - AWS CloudFormation API Reference, CreateChangeSet: "To create a change set for a stack that
//   doesn't exist, for the ChangeSetType parameter, specify CREATE"; "When you are satisfied with
//   the changes the change set will make, execute the change set by using the ExecuteChangeSet
//   action"; RoleARN: the role CloudFormation assumes to execute it. Before this file a principal
//   with iam:PassRole + CreateChangeSet + ExecuteChangeSet (no CreateStack) was only
//   indeterminate under `noEscalation` ("no start request allowed"): CreateChangeSet was no start
//   of a CloudFormation stack (analysis/escalation-methods.ts PASS_ROLE_COMPUTE).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import { modelOf } from './fixtures/cfn/load.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';

const ACCOUNT = '111122223333';
const PIPELINE = '999988887777';
const TEMPLATE = readFileSync('test/fixtures/cloudformation/cdk-bootstrap-template.yaml', 'utf8');
const DEPLOY = `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-deploy-role-${ACCOUNT}-us-west-2`;
const EXEC = `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-us-west-2`;
const PIPELINE_ROLE = `arn:aws:iam::${PIPELINE}:role/pipeline`;

function bootstrap(parameters: Record<string, string>) {
  return compileModel(modelOf(TEMPLATE, { parameters, file: 'cdk-bootstrap-template.yaml' }));
}

/** The verdict of one spec expectation (`pass`, `fail`, `indeterminate`). */
function verdict(engine: ReturnType<typeof bootstrap>, expectation: string): string {
  const r = runSpec(engine.model, parseSpec(`version: 1\nexpect:\n  - ${expectation}\n`), { engine });
  return r.expectations[0]!.status;
}

const cannotBecomeExec = `{ id: e, principal: ${PIPELINE_ROLE}, cannotBecome: [ ${EXEC} ] }`;

describe('cdk bootstrap --trust: the trusted account can become the execution role', () => {
  const trusted = bootstrap({
    TrustedAccounts: PIPELINE,
    CloudFormationExecutionPolicies: 'arn:aws:iam::aws:policy/AdministratorAccess',
  });

  it('the pipeline account assumes the deploy role and passes the execution role to CloudFormation', () => {
    expect(verdict(trusted, cannotBecomeExec)).toBe('fail');
    const check = noEscalationCheck(trusted, DEPLOY);
    expect(check.status).toBe('fail');
    expect(check.message).toMatch(/administrator-equivalent/);
    expect(check.message).toContain(EXEC);
  });

  it('the review names the deploy role an escalating principal through the execution role', () => {
    const findings = escalationFindings(trusted, [DEPLOY]);
    const passRole = findings.get(`${DEPLOY} Rhino Security Labs method 20`);
    expect(passRole?.message).toContain('role cdk-hnb659fds-cfn-exec-role-');
    expect(findings.get(`${DEPLOY} administrator access, through a chain`)).toBeDefined();
  });

  it('near miss: without --trust the pipeline account cannot assume the deploy role', () => {
    const own = bootstrap({});
    expect(verdict(own, cannotBecomeExec)).toBe('pass');
    // The deploy role itself still can (the account's own deployments).
    expect(noEscalationCheck(own, DEPLOY).status).toBe('fail');
  });

  it('near miss: an execution role with no policy (--trust without --cloudformation-execution-policies) gives nothing more', () => {
    const bare = bootstrap({ TrustedAccounts: PIPELINE });
    expect(noEscalationCheck(bare, DEPLOY).message).not.toContain(EXEC);
  });

  it('an execution policy outside the inputs: what the execution role can do is unknown, never nothing', () => {
    const custom = bootstrap({
      TrustedAccounts: PIPELINE,
      CloudFormationExecutionPolicies: `arn:aws:iam::${ACCOUNT}:policy/cdk-deploy-policy`,
    });
    expect(noEscalationCheck(custom, DEPLOY).status).not.toBe('pass');
  });
});

describe('a deploy role with change sets only (iam:PassRole + CreateChangeSet + ExecuteChangeSet)', () => {
  const template = (actions: string) => `
Resources:
  ExecRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: exec
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - { Effect: Allow, Principal: { Service: cloudformation.amazonaws.com }, Action: sts:AssumeRole }
      ManagedPolicyArns: [ arn:aws:iam::aws:policy/AdministratorAccess ]
  DeployRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: deploy
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - { Effect: Allow, Principal: { AWS: "${PIPELINE}" }, Action: sts:AssumeRole }
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - { Effect: Allow, Action: [ ${actions} ], Resource: "*" }
              - { Effect: Allow, Action: iam:PassRole, Resource: !GetAtt ExecRole.Arn }
`;

  it('escalates to the execution role (was indeterminate: CreateChangeSet was no start of a stack)', () => {
    const e = compileModel(
      modelOf(template('cloudformation:CreateChangeSet, cloudformation:ExecuteChangeSet')),
    );
    const check = noEscalationCheck(e, 'role/deploy');
    expect(check.status).toBe('fail');
    expect(check.message).toMatch(/cloudformation:CreateChangeSet/);
    expect(verdict(e, `{ id: e, principal: ${PIPELINE_ROLE}, cannotBecome: [ role/exec ] }`)).toBe('fail');
  });

  it('near miss: the change-set actions without iam:PassRole: no pass-role escalation, only the existing stack’s own role (unknown)', () => {
    const e = compileModel(
      modelOf(
        template('cloudformation:CreateChangeSet, cloudformation:ExecuteChangeSet').replace(
          'Action: iam:PassRole',
          'Action: iam:GetRole',
        ),
      ),
    );
    // A change set on the template's own stack runs with the service role it was deployed with,
    // which a template does not name (aws/stack-roles.ts): indeterminate, not a pass-role fail.
    const check = noEscalationCheck(e, 'role/deploy');
    expect(check.status).toBe('indeterminate');
    expect(check.message).not.toMatch(/iam:PassRole/);
    expect(check.message).toMatch(
      /CreateChangeSet \+ cloudformation:ExecuteChangeSet on CloudFormation stack test/,
    );
  });
});
