// Whether API Gateway may make the call an open method's integration asks for
// (src/analysis/api-integration-permission.ts, used by src/analysis/risk-api-methods.ts): the
// integration's credentials role must trust API Gateway and be allowed the action; a Lambda proxy
// integration without a role needs a function permission for apigateway.amazonaws.com from this API.
//
// Amazon API Gateway Developer Guide, "Control access to a REST API with IAM permissions": "When
// an API is integrated with an AWS service (for example, AWS Lambda) in the back end, API Gateway
// must also have permissions to access integrated AWS resources (for example, invoking a Lambda
// function) on behalf of the API caller. To grant these permissions, create an IAM role of the AWS
// service for API Gateway type."; "For API Gateway to call the integrated AWS service, you must
// also attach to this role appropriate IAM permissions policies for calling integrated AWS
// services."; "Note that Lambda supports resource-based access policy, which combines both trust
// and permissions policies."

import { describe, expect, it } from 'vitest';
import { loadTemplateObject } from '../src/adapters/cloudformation/index.js';
import { apiMethodFindings } from '../src/analysis/risk-api-methods.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';

const ACCOUNT = '111122223333';

function findings(resources: Record<string, unknown>, parameters?: Record<string, unknown>) {
  const b = new ModelBuilder();
  loadTemplateObject({ ...(parameters ? { Parameters: parameters } : {}), Resources: resources }, b, {
    account: ACCOUNT,
    region: 'us-east-1',
    stackName: 's',
    file: 't.json',
  });
  return apiMethodFindings(compileModel(b.build()));
}

const TRUST_API_GATEWAY = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
};

/** A queue, a role allowed `statements`, and a REST API POST / method sending to SQS as the role. */
function sqsApi(
  statements: unknown[],
  extra: { role?: Record<string, unknown>; resources?: Record<string, unknown>; queuePolicy?: unknown } = {},
) {
  return {
    Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'jobs' } },
    ...(extra.queuePolicy
      ? {
          QueuePolicy: {
            Type: 'AWS::SQS::QueuePolicy',
            Properties: { Queues: [{ Ref: 'Queue' }], PolicyDocument: extra.queuePolicy },
          },
        }
      : {}),
    Role: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'api-sqs',
        AssumeRolePolicyDocument: TRUST_API_GATEWAY,
        Policies: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
        ...extra.role,
      },
    },
    Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'jobs-api' } },
    Post: {
      Type: 'AWS::ApiGateway::Method',
      Properties: {
        RestApiId: { Ref: 'Api' },
        ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] },
        HttpMethod: 'POST',
        AuthorizationType: 'NONE',
        Integration: {
          Type: 'AWS',
          IntegrationHttpMethod: 'POST',
          Uri: 'arn:aws:apigateway:us-east-1:sqs:action/SendMessage',
          Credentials: { 'Fn::GetAtt': ['Role', 'Arn'] },
        },
      },
    },
    ...extra.resources,
  };
}

const SEND_TO_QUEUE = {
  Effect: 'Allow',
  Action: 'sqs:SendMessage',
  Resource: { 'Fn::GetAtt': ['Queue', 'Arn'] },
};

describe('the integration role must be allowed the integration action (the role finding)', () => {
  it('allowed: anyone on the internet acts as the role (high: a Write action)', () => {
    const [f] = findings(sqsApi([SEND_TO_QUEUE]));
    expect(f).toMatchObject({ severity: 'high' });
    expect(f!.message).toContain('acts as role api-sqs for sqs:SendMessage');
    expect(f!.indeterminate).toBeUndefined();
  });

  it('a role not allowed the action: API Gateway cannot make the call, no finding (before: high)', () => {
    expect(findings(sqsApi([{ Effect: 'Allow', Action: 'sqs:ReceiveMessage', Resource: '*' }]))).toEqual([]);
  });

  it('a permissions boundary that does not allow the action: no finding', () => {
    const boundary = {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sqs:ReceiveMessage', Resource: '*' }],
        },
      },
    };
    expect(
      findings(
        sqsApi([SEND_TO_QUEUE], {
          role: { PermissionsBoundary: { Ref: 'Boundary' } },
          resources: { Boundary: boundary },
        }),
      ),
    ).toEqual([]);
  });

  it("the target's resource policy denying the role: no finding", () => {
    const queuePolicy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: '*' }],
    };
    expect(findings(sqsApi([SEND_TO_QUEUE], { queuePolicy }))).toEqual([]);
  });

  it('a role whose trust policy does not name API Gateway: API Gateway cannot assume it, no finding', () => {
    const trust = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    };
    expect(findings(sqsApi([SEND_TO_QUEUE], { role: { AssumeRolePolicyDocument: trust } }))).toEqual([]);
  });

  it('an allow under a condition: the finding says it (medium)', () => {
    const [f] = findings(
      sqsApi([{ ...SEND_TO_QUEUE, Condition: { StringEquals: { 'aws:ResourceTag/team': 'jobs' } } }]),
    );
    expect(f!.message).toContain('acts as role api-sqs for sqs:SendMessage');
    expect(f!.message).toContain('aws:ResourceTag/team');
    expect(f!.severity).toBe('low');
  });

  it('an allow that depends on a parameter: indeterminate with the reason and its source (never dropped)', () => {
    const [f] = findings(sqsApi([{ Effect: 'Allow', Action: { Ref: 'Action' }, Resource: '*' }]), {
      Action: { Type: 'String' },
    });
    expect(f).toMatchObject({ severity: 'medium' });
    expect(f!.message).toContain('might act as role api-sqs for sqs:SendMessage');
    expect(f!.indeterminate!.reasons[0]!.text).toMatch(/api-sqs may sqs:SendMessage/);
  });

  it('a role outside the inputs: indeterminate, its policies being unknown', () => {
    const resources = sqsApi([SEND_TO_QUEUE]);
    (resources.Post.Properties.Integration as Record<string, unknown>).Credentials =
      'arn:aws:iam::111122223333:role/elsewhere';
    const [f] = findings(resources);
    expect(f!.indeterminate!.reasons[0]!.text).toContain('role/elsewhere is not in the inputs');
  });
});

/** A function, a REST API GET /hello Lambda proxy method on it, and the `permission` given (if any). */
function lambdaApi(permission?: Record<string, unknown>, integration: Record<string, unknown> = {}) {
  return {
    Fn: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        FunctionName: 'hello-fn',
        Role: 'arn:aws:iam::111122223333:role/exec',
        Runtime: 'nodejs22.x',
        Handler: 'i.h',
        Code: { ZipFile: 'x' },
      },
    },
    Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'hello-api' } },
    Hello: {
      Type: 'AWS::ApiGateway::Resource',
      Properties: {
        RestApiId: { Ref: 'Api' },
        ParentId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] },
        PathPart: 'hello',
      },
    },
    Get: {
      Type: 'AWS::ApiGateway::Method',
      Properties: {
        RestApiId: { Ref: 'Api' },
        ResourceId: { Ref: 'Hello' },
        HttpMethod: 'GET',
        AuthorizationType: 'NONE',
        Integration: {
          Type: 'AWS_PROXY',
          IntegrationHttpMethod: 'POST',
          Uri: {
            'Fn::Sub':
              // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string
              'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations',
          },
          ...integration,
        },
      },
    },
    ...(permission
      ? {
          Permission: {
            Type: 'AWS::Lambda::Permission',
            Properties: {
              Action: 'lambda:InvokeFunction',
              FunctionName: { Ref: 'Fn' },
              Principal: 'apigateway.amazonaws.com',
              ...permission,
            },
          },
        }
      : {}),
  };
}

describe('a Lambda proxy method needs a function permission for API Gateway from this API', () => {
  it('a permission pinned to this API (SourceArn …/*/GET/hello): open to anyone, high', () => {
    const [f] = findings(
      lambdaApi({
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string
        SourceArn: { 'Fn::Sub': 'arn:aws:execute-api:us-east-1:111122223333:${Api}/*/GET/hello' },
      }),
    );
    expect(f).toMatchObject({ severity: 'high' });
    expect(f!.message).toBe(
      'lambda-function hello-fn is open to anyone (anonymous callers or any AWS account) through API Gateway method GET /hello of hello-api (authorization NONE): lambda:InvokeFunction',
    );
  });

  it('a permission for API Gateway without a source: any API may invoke, this one included (high)', () => {
    const [f] = findings(lambdaApi({}));
    expect(f).toMatchObject({ severity: 'high' });
    expect(f!.indeterminate).toBeUndefined();
  });

  it('no permission in the inputs: kept, downgraded to low and worded so (before: high, as if invocable)', () => {
    const [f] = findings(lambdaApi());
    expect(f).toMatchObject({ severity: 'low' });
    expect(f!.message).toContain(
      'no permission in the inputs lets API Gateway (apigateway.amazonaws.com) invoke the function',
    );
  });

  it("a permission pinned to another API's method only: as no permission (low)", () => {
    const [f] = findings(
      lambdaApi({
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string
        SourceArn: { 'Fn::Sub': 'arn:aws:execute-api:us-east-1:111122223333:${Api}/*/POST/other' },
      }),
    );
    expect(f).toMatchObject({ severity: 'low' });
    expect(f!.message).toContain('no permission in the inputs');
  });

  it('a permission whose SourceArn comes from a parameter: indeterminate, not pinned down', () => {
    const b = new ModelBuilder();
    loadTemplateObject(
      {
        Parameters: { Source: { Type: 'String' } },
        Resources: lambdaApi({ SourceArn: { Ref: 'Source' } }),
      },
      b,
      { account: ACCOUNT, region: 'us-east-1', stackName: 's', file: 't.json' },
    );
    const [f] = apiMethodFindings(compileModel(b.build()));
    expect(f!.indeterminate).toBeDefined();
    expect(f!.severity).toBe('medium');
  });

  it('with a credentials role: the role must be allowed lambda:InvokeFunction (a role without it: no finding)', () => {
    const role = (statements: unknown[]) => ({
      Exec: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: 'invoker',
          AssumeRolePolicyDocument: TRUST_API_GATEWAY,
          Policies: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
        },
      },
    });
    const withRole = (statements: unknown[]) =>
      findings({
        ...lambdaApi(undefined, { Credentials: { 'Fn::GetAtt': ['Exec', 'Arn'] } }),
        ...role(statements),
      });
    const [allowed] = withRole([{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: '*' }]);
    expect(allowed).toMatchObject({ severity: 'high' });
    expect(allowed!.message).not.toContain('no permission in the inputs');
    const denied = withRole([{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }]);
    expect(denied).toEqual([]);
  });
});

describe('an AWS integration without credentials: API Gateway calls as itself, by the target resource policy', () => {
  // API Reference, Integration.credentials: "To use resource-based permissions on supported Amazon
  // Web Services services, specify null." Before: no finding at all (read as nothing in AWS), a
  // silent pass when a queue policy lets API Gateway send.
  const api = (queuePolicy?: unknown) => {
    const resources = sqsApi([SEND_TO_QUEUE], queuePolicy ? { queuePolicy } : {});
    delete (resources.Post.Properties.Integration as Record<string, unknown>).Credentials;
    return findings(resources);
  };

  it('a queue policy letting apigateway.amazonaws.com send: anyone makes API Gateway send (high)', () => {
    const [f] = api({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'apigateway.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: { 'Fn::GetAtt': ['Queue', 'Arn'] },
        },
      ],
    });
    expect(f).toMatchObject({ severity: 'high' });
    expect(f!.message).toContain(
      'anyone on the internet (no AWS credentials) makes API Gateway (apigateway.amazonaws.com) call sqs:SendMessage through API Gateway method POST / of jobs-api',
    );
    expect(f!.statements.length).toBeGreaterThan(0);
  });

  it('no resource policy of the inputs lets API Gateway in: kept, low and worded so', () => {
    const [f] = api();
    expect(f).toMatchObject({ severity: 'low' });
    expect(f!.message).toContain('no resource policy in the inputs lets API Gateway');
  });
});
