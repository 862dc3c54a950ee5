// Pass-role starts on compute that exists already (escalation-methods.ts `ComputeRequest.existing`,
// decided by analysis/escalation-existing-starts.ts through escalation-start-names.ts
// `withStartNames`): lambda:UpdateFunctionConfiguration giving a function another execution role,
// ec2:AssociateIamInstanceProfile / ReplaceIamInstanceProfileAssociation on an instance. On a
// resource the inputs define the start is sure; on a pattern of the policies that may match
// resources outside the inputs it is indeterminate, "on an existing resource matching P".
// Reproduction (old code): lambda:UpdateFunctionConfiguration on a function of the inputs plus
// iam:PassRole on an administrator role Lambda may assume gave no pass-role finding and only the
// graph's fallback edge (indeterminate, worded "no start request allowed on a new resource"):
// UpdateFunctionConfiguration was no start of the table at all.
//
// Pages:
// - IAM User Guide, "Grant a user permissions to pass a role to an AWS service"
//   (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html): "To pass a role
//   (and its permissions) to an AWS service, a user must have permissions to pass the role to the
//   service."
// - AWS Lambda Developer Guide, "Viewing and updating permissions in the execution role"
//   (https://docs.aws.amazon.com/lambda/latest/dg/permissions-executionrole-update.html): "You can
//   add or remove permissions from a function's execution role at any time, or configure your
//   function to use a different role."
// - Amazon EC2 API Reference, ReplaceIamInstanceProfileAssociation: "Replaces an IAM instance
//   profile for the specified running instance. You can use this action to change the IAM
//   instance profile that's associated with an instance without having to disassociate the
//   existing IAM instance profile first."
// - IAM User Guide, "Policy evaluation logic": "an explicit deny in any of these policies
//   overrides the allow"; Service Authorization Reference, IAM condition keys,
//   iam:PassedToService: "Filters access by the AWS service to which this role is passed".

import { describe, expect, it } from 'vitest';
import { CFN_GLUE_DEV_ENDPOINT, cfnLowRole } from './helpers/cfn-templates.js';
import { analyseStarts as analyse, DEV } from './helpers/pass-role-starts.js';

const ANY_LAMBDA = 'iam:PassRole to new lambda.amazonaws.com compute';
const ANY_EC2 = 'iam:PassRole to new ec2.amazonaws.com compute';
const UPDATE = 'lambda:UpdateFunctionConfiguration';
const WEB_FN = 'arn:aws:lambda:us-west-2:111122223333:function:web';
const TEAM_FN = 'arn:aws:lambda:*:*:function:team-*';
const PASS = { Action: 'iam:PassRole', Resource: '*' };

/** A function `web` of the inputs running with a role of no permissions (`low`). */
const FUNCTION = `${cfnLowRole('lambda.amazonaws.com')}  Fn:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: web
      Runtime: python3.12
      Handler: index.h
      Code: { ZipFile: 'x' }
      Role: !GetAtt Low.Arn
`;

describe('lambda:UpdateFunctionConfiguration + iam:PassRole (the reproduction)', () => {
  it('on a function of the inputs: a sure pass-role finding and edge, noEscalation fails', () => {
    const r = analyse('lambda.amazonaws.com', [PASS, { Action: UPDATE, Resource: WEB_FN }], FUNCTION);
    const f = r.found.get(`${DEV} ${ANY_LAMBDA}`);
    expect(f, 'Lambda Developer Guide: "configure your function to use a different role"').toBeDefined();
    expect(f!.indeterminate).toBeFalsy();
    expect(f!.message).toContain('existing function web');
    expect(r.edges.map((e) => e.access)).toEqual(['allow']);
    expect(r.edges[0]!.via).toContain(UPDATE);
    expect(r.check.status).toBe('fail');
  });

  it('on function:team-* only (no such function in the inputs): indeterminate, naming the pattern', () => {
    const r = analyse('lambda.amazonaws.com', [PASS, { Action: UPDATE, Resource: TEAM_FN }], FUNCTION);
    const f = r.found.get(`${DEV} ${ANY_LAMBDA}`);
    expect(f).toBeDefined();
    expect(f!.indeterminate?.reasons.map((x) => x.text).join(' ')).toContain(
      `on an existing resource matching ${TEAM_FN}`,
    );
    expect(r.edges.map((e) => e.access)).toEqual(['indeterminate']);
    expect(r.edges[0]!.via).toContain(`on an existing resource matching ${TEAM_FN}`);
    expect(r.edges[0]!.why?.join(' ')).toContain('it may not exist');
    expect(r.check.status).toBe('indeterminate');
  });

  it('on *: the function of the inputs makes it sure', () => {
    const r = analyse('lambda.amazonaws.com', [PASS, { Action: UPDATE, Resource: '*' }], FUNCTION);
    expect(r.found.get(`${DEV} ${ANY_LAMBDA}`)?.indeterminate).toBeFalsy();
    expect(r.edges.map((e) => e.access)).toEqual(['allow']);
  });

  it('on * with no function in the inputs: indeterminate (a function may exist), not a pass', () => {
    const r = analyse('lambda.amazonaws.com', [PASS, { Action: UPDATE, Resource: '*' }]);
    const f = r.found.get(`${DEV} ${ANY_LAMBDA}`);
    expect(f?.indeterminate?.reasons.map((x) => x.text).join(' ')).toContain(
      'on an existing resource matching *',
    );
    expect(r.check.status).toBe('indeterminate');
  });
});

describe('near-misses', () => {
  it('a Deny on UpdateFunctionConfiguration: no pass-role finding, only the fallback edge', () => {
    const r = analyse(
      'lambda.amazonaws.com',
      [PASS, { Action: UPDATE, Resource: '*' }, { Effect: 'Deny', Action: UPDATE, Resource: '*' }],
      FUNCTION,
    );
    expect(r.passFindings).toEqual([]);
    expect(r.edges.map((e) => e.access)).toEqual(['indeterminate']);
    expect(r.edges[0]!.via).toContain(
      `no start request allowed on a new resource: lambda:CreateFunction; nor on an existing resource: ${UPDATE}`,
    );
    expect(r.edges[0]!.via).toContain('on a new resource: lambda:CreateFunction');
  });

  it('iam:PassRole only to another service (iam:PassedToService): no pass-role edge to the Lambda role', () => {
    const r = analyse(
      'lambda.amazonaws.com',
      [
        { ...PASS, Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } },
        { Action: UPDATE, Resource: WEB_FN },
      ],
      FUNCTION,
    );
    expect(r.passFindings).toEqual([]);
    expect(r.edges).toEqual([]);
    expect(r.check.status).toBe('pass');
  });
});

describe('EC2: an instance profile associated with an existing instance', () => {
  for (const action of ['ec2:AssociateIamInstanceProfile', 'ec2:ReplaceIamInstanceProfileAssociation'])
    it(`${action} on instance/*: indeterminate (the inputs define no instance), never silent`, () => {
      const r = analyse('ec2.amazonaws.com', [
        PASS,
        { Action: action, Resource: 'arn:aws:ec2:*:*:instance/*' },
      ]);
      const f = r.found.get(`${DEV} ${ANY_EC2}`);
      expect(f?.indeterminate?.reasons.map((x) => x.text).join(' ')).toContain(
        `${action} on an existing resource matching arn:aws:ec2:*:*:instance/*`,
      );
      expect(r.edges.map((e) => e.access)).toEqual(['indeterminate']);
      expect(r.check.status).toBe('indeterminate');
    });
});

describe('the other existing-compute starts: sure on a resource of the inputs', () => {
  it('glue:UpdateDevEndpoint on a development endpoint of the inputs (running with another role): sure', () => {
    const endpoint = CFN_GLUE_DEV_ENDPOINT;
    const r = analyse(
      'glue.amazonaws.com',
      [PASS, { Action: 'glue:UpdateDevEndpoint', Resource: 'arn:aws:glue:*:*:devEndpoint/dev-*' }],
      endpoint,
    );
    const f = r.found.get(`${DEV} iam:PassRole to new glue.amazonaws.com compute`);
    expect(f?.indeterminate).toBeFalsy();
    expect(f?.message).toContain('existing devEndpoint dev-1');
    expect(r.edges.map((e) => e.access)).toEqual(['allow']);
    expect(r.check.status).toBe('fail');
  });
});
