// An API Gateway method open to anyone whose AWS integration calls Step Functions StartExecution
// as its credentials role starts a state machine, which runs as its own role: the anonymous caller
// makes it run (with the input it sends), as a public function URL makes a function run. Before:
// the outside-escalation analysis stopped at the credentials role (whose own ways start with no
// states:StartExecution) and said nothing. Now: an entry into the role of each state machine of
// the inputs the credentials role may start, undecided with why (which state machine the
// integration's request names is not read) (analysis/risk-outside-escalation.ts
// `stateMachineEntryPoints`).
// Pages:
// - AWS Step Functions API Reference, StartExecution: "Starts a state machine execution."
// - AWS Step Functions Developer Guide, "How Step Functions works with IAM" / CreateStateMachine
//   roleArn: "The Amazon Resource Name (ARN) of the IAM role to use for this state machine."

import { describe, expect, it } from 'vitest';
import { reviewRisks } from '../src/analysis/risks.js';
import type { RiskFinding } from '../src/analysis/types.js';
import { compileModel } from '../src/engine/index.js';
import { ACCOUNT, apiTemplateModel, rootPathResource } from './helpers/apigateway-templates.js';

const outside = (risks: readonly RiskFinding[]) => risks.filter((f) => f.kind === 'outside-escalation');

const role = (name: string, service: string, statements: object[]) => ({
  Type: 'AWS::IAM::Role',
  Properties: {
    RoleName: name,
    AssumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
    },
    Policies: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
  },
});

function review(startAction: string) {
  return reviewRisks(
    compileModel(
      apiTemplateModel({
        Resources: {
          ApiRole: role('api-role', 'apigateway.amazonaws.com', [
            { Effect: 'Allow', Action: startAction, Resource: '*' },
          ]),
          SmRole: role('sm-role', 'states.amazonaws.com', [{ Effect: 'Allow', Action: '*', Resource: '*' }]),
          Sm: {
            Type: 'AWS::StepFunctions::StateMachine',
            Properties: {
              StateMachineName: 'flow',
              RoleArn: { 'Fn::GetAtt': ['SmRole', 'Arn'] },
              DefinitionString: '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}',
            },
          },
          Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'shop' } },
          X: rootPathResource('x'),
          Post: {
            Type: 'AWS::ApiGateway::Method',
            Properties: {
              RestApiId: { Ref: 'Api' },
              ResourceId: { Ref: 'X' },
              HttpMethod: 'POST',
              AuthorizationType: 'NONE',
              Integration: {
                Type: 'AWS',
                IntegrationHttpMethod: 'POST',
                Uri: 'arn:aws:apigateway:us-east-1:states:action/StartExecution',
                Credentials: { 'Fn::GetAtt': ['ApiRole', 'Arn'] },
              },
            },
          },
        },
      }),
    ),
  );
}

describe('an API Gateway integration that starts a state machine', () => {
  it('an outside escalation into the state machine role, undecided with why (was: none)', () => {
    const found = outside(review('states:StartExecution')).filter(
      (f) => f.subject === `arn:aws:iam::${ACCOUNT}:role/sm-role`,
    );
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.message).toContain('state machine flow');
    expect(f.indeterminate).toBeDefined();
    expect(JSON.stringify(f.indeterminate)).toContain('which state machine');
  });

  it('near miss: the credentials role may not start executions: no such finding', () => {
    const found = outside(review('states:DescribeExecution')).filter(
      (f) => f.subject === `arn:aws:iam::${ACCOUNT}:role/sm-role`,
    );
    expect(found).toEqual([]);
  });
});
