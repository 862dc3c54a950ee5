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
import { loadTerraformConfigObject } from '../src/adapters/terraform/index.js';
import { apiMethodFindings } from '../src/analysis/risk-api-methods.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import {
  ACCOUNT,
  apiTemplateFindings,
  lambdaProxyGet,
  proxyFunction,
  rootPathResource,
  tfRestApiPost,
} from './helpers/apigateway-templates.js';

function findings(resources: Record<string, unknown>, parameters?: Record<string, unknown>) {
  return apiTemplateFindings(
    { ...(parameters ? { Parameters: parameters } : {}), Resources: resources },
    't.json',
  );
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
  extra: {
    role?: Record<string, unknown>;
    resources?: Record<string, unknown>;
    queuePolicy?: unknown;
    /** Integration properties written over the POST method's (Uri, RequestParameters, ...). */
    integration?: Record<string, unknown>;
  } = {},
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
          ...extra.integration,
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
    // placed at the method it goes through (report/finding-places.ts lists it first)
    expect(f!.place).toMatchObject({
      text: 'API Gateway method POST / of jobs-api is defined',
      source: { file: 't.json', logicalId: 'Post' },
    });
  });

  it('a role not allowed the action: API Gateway cannot make the call, no finding (before: high)', () => {
    // the request pinned (PINNED, below): the caller adds no field naming another action
    expect(
      findings(
        sqsApi([{ Effect: 'Allow', Action: 'sqs:ReceiveMessage', Resource: '*' }], { integration: PINNED }),
      ),
    ).toEqual([]);
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
    Fn: proxyFunction('hello-fn', 'arn:aws:iam::111122223333:role/exec'),
    Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'hello-api' } },
    Hello: rootPathResource('hello'),
    Get: lambdaProxyGet('Hello', integration),
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
    const [f] = findings(lambdaApi({ SourceArn: { Ref: 'Source' } }), { Source: { Type: 'String' } });
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

// The resource the integration acts on (aws/apigateway-integration-targets.ts). Before, the
// credentials role's action was decided over any resource: a role allowed sqs:SendMessage on
// another queue only made a high finding for a method sending to this one.
const JOBS_URL = 'https://sqs.us-east-1.amazonaws.com/111122223333/jobs';
const SEND_TO_OTHER = {
  Effect: 'Allow',
  Action: 'sqs:SendMessage',
  Resource: 'arn:aws:sqs:us-east-1:111122223333:other',
};
/**
 * "Method request behavior for payloads without mapping templates for REST APIs": NEVER "If a
 * template is defined when this option is selected, the method request with a payload and content
 * type that doesn't match any defined mapping template will be rejected"; WHEN_NO_MATCH (the
 * default) lets "the method request body to pass through the integration request to the backend
 * without transformation when the method request content type does not match any content types
 * associated with the mapping templates": the caller then writes the request, queue included.
 */
const PINNED = {
  RequestParameters: { 'integration.request.querystring.QueueUrl': `'${JOBS_URL}'` },
  RequestTemplates: { 'application/json': 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)' },
  PassthroughBehavior: 'NEVER',
};

describe("the integration's target resource: a queue, state machine the integration names", () => {
  it('QueueUrl a static request parameter: a role allowed only on another queue makes no finding (before: high)', () => {
    expect(findings(sqsApi([SEND_TO_OTHER], { integration: PINNED }))).toEqual([]);
    const [f] = findings(sqsApi([SEND_TO_QUEUE], { integration: PINNED }));
    expect(f).toMatchObject({ severity: 'high' });
    expect(f!.message).toContain('acts as role api-sqs for sqs:SendMessage');
  });

  it('a path-style SQS URI names the queue (…:sqs:path/ACCOUNT/QUEUE), the template its Action', () => {
    const integration = {
      Uri: 'arn:aws:apigateway:us-east-1:sqs:path/111122223333/jobs',
      RequestTemplates: PINNED.RequestTemplates,
      PassthroughBehavior: 'NEVER',
    };
    expect(findings(sqsApi([SEND_TO_OTHER], { integration }))).toEqual([]);
    const [f] = findings(sqsApi([SEND_TO_QUEUE], { integration }));
    expect(f!.message).toContain('acts as role api-sqs for sqs:SendMessage');
    expect(f!.indeterminate).toBeUndefined();
  });

  it("the caller names the queue (its request's parameter, a body passing through): any queue, the finding stays", () => {
    const byQuery = {
      ...PINNED,
      RequestParameters: { 'integration.request.querystring.QueueUrl': 'method.request.querystring.queue' },
    };
    expect(findings(sqsApi([SEND_TO_OTHER], { integration: byQuery }))).toHaveLength(1);
    const passthrough = { ...PINNED, PassthroughBehavior: 'WHEN_NO_MATCH' };
    expect(findings(sqsApi([SEND_TO_OTHER], { integration: passthrough }))).toHaveLength(1);
    // the caller's input unescaped in a form template may add a QueueUrl field
    const raw = {
      ...PINNED,
      RequestTemplates: { 'application/json': 'Action=SendMessage&MessageBody=$input.body' },
    };
    expect(findings(sqsApi([SEND_TO_OTHER], { integration: raw }))).toHaveLength(1);
  });

  it('a queue URL from a parameter: indeterminate with why; denied on every queue: no finding', () => {
    const byParameter = {
      ...PINNED,
      RequestParameters: {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string
        'integration.request.querystring.QueueUrl': { 'Fn::Sub': "'${QueueUrl}'" },
      },
    };
    const [f] = findings(sqsApi([SEND_TO_OTHER], { integration: byParameter }), {
      QueueUrl: { Type: 'String' },
    });
    expect(f!.indeterminate!.reasons[0]!.text).toContain(
      'the resource the integration calls sqs:SendMessage on',
    );
    const receiveOnly = { Effect: 'Allow', Action: 'sqs:ReceiveMessage', Resource: '*' };
    expect(
      findings(sqsApi([receiveOnly], { integration: byParameter }), { QueueUrl: { Type: 'String' } }),
    ).toEqual([]);
  });

  it('Step Functions StartExecution: the stateMachineArn of the mapping template', () => {
    const machine = 'arn:aws:states:us-east-1:111122223333:stateMachine:orders';
    const integration = {
      Uri: 'arn:aws:apigateway:us-east-1:states:action/StartExecution',
      RequestTemplates: {
        'application/json': `{"input": "$util.escapeJavaScript($input.json('$'))", "stateMachineArn": "${machine}"}`,
      },
      PassthroughBehavior: 'NEVER',
    };
    const start = (Resource: string) => [{ Effect: 'Allow', Action: 'states:StartExecution', Resource }];
    expect(findings(sqsApi(start(`${machine}-other`), { integration }))).toEqual([]);
    const [f] = findings(sqsApi(start(machine), { integration }));
    expect(f!.message).toContain('acts as role api-sqs for states:StartExecution');
  });
});

/** An HTTP API route POST /jobs to an SQS-SendMessage integration with `integration` written over it. */
function httpSqsApi(statements: unknown[], integration: Record<string, unknown>, queuePolicy?: unknown) {
  const { Queue, Role, QueuePolicy } = sqsApi(statements, queuePolicy ? { queuePolicy } : {}) as Record<
    string,
    unknown
  >;
  return {
    Queue,
    Role,
    ...(QueuePolicy ? { QueuePolicy } : {}),
    Http: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'jobs-http', ProtocolType: 'HTTP' } },
    Route: {
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: {
        ApiId: { Ref: 'Http' },
        RouteKey: 'POST /jobs',
        Target: { 'Fn::Join': ['', ['integrations/', { Ref: 'Send' }]] },
      },
    },
    Send: {
      Type: 'AWS::ApiGatewayV2::Integration',
      Properties: {
        ApiId: { Ref: 'Http' },
        IntegrationType: 'AWS_PROXY',
        IntegrationSubtype: 'SQS-SendMessage',
        PayloadFormatVersion: '1.0',
        CredentialsArn: { 'Fn::GetAtt': ['Role', 'Arn'] },
        ...integration,
      },
    },
  };
}

describe('HTTP API integration subtypes: the target from RequestParameters', () => {
  // "Create AWS service integrations for HTTP APIs": "You can use static values or map parameters
  // that are dynamically evaluated at runtime"; "Integration subtype reference", SQS-SendMessage:
  // QueueUrl (required), MessageBody.
  const params = (QueueUrl: string) => ({ RequestParameters: { QueueUrl, MessageBody: '$request.body' } });

  it('a static QueueUrl: the role allowed only on another queue makes no finding (before: high)', () => {
    expect(findings(httpSqsApi([SEND_TO_OTHER], params(JOBS_URL)))).toEqual([]);
    const [f] = findings(httpSqsApi([SEND_TO_QUEUE], params(JOBS_URL)));
    expect(f!.message).toContain(
      'acts as role api-sqs for sqs:SendMessage through API Gateway method POST /jobs',
    );
  });

  it('a QueueUrl mapped from the request ($request.body.queue): any queue, the finding stays', () => {
    expect(findings(httpSqsApi([SEND_TO_OTHER], params('$request.body.queue')))).toHaveLength(1);
  });

  it('no CredentialsArn: API Gateway calls as itself, by the target queue policy', () => {
    // CreateApi CredentialsArn (API Gateway V2 reference): "To use resource-based permissions on
    // supported AWS services, specify null." The subtypes take no other form: no role needed.
    const letIn = (Resource: unknown) => ({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'apigateway.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource,
        },
      ],
    });
    const noRole = { ...params(JOBS_URL), CredentialsArn: { Ref: 'AWS::NoValue' } };
    const [open] = findings(httpSqsApi([], noRole, letIn({ 'Fn::GetAtt': ['Queue', 'Arn'] })));
    expect(open).toMatchObject({ severity: 'high' });
    expect(open!.message).toContain('makes API Gateway (apigateway.amazonaws.com) call sqs:SendMessage');
    // a queue policy letting API Gateway into another queue: none lets it into this one (low)
    const [other] = findings(httpSqsApi([], noRole, letIn('arn:aws:sqs:us-east-1:111122223333:other')));
    expect(other).toMatchObject({ severity: 'low' });
  });
});

describe('Terraform: request_parameters, request_templates, passthrough_behavior, integration_subtype', () => {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform interpolation
  const ROLE = '${aws_iam_role.api.arn}';
  const tfFindings = (
    queue: string,
    integrations: Record<string, unknown>,
    statement: Record<string, unknown> = {
      ...SEND_TO_OTHER,
      Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:${queue}`,
    },
  ) => {
    const b = new ModelBuilder();
    loadTerraformConfigObject(
      {
        provider: { aws: [{ region: 'us-east-1', allowed_account_ids: [ACCOUNT] }] },
        resource: {
          aws_iam_role: {
            api: {
              name: 'api-sqs',
              assume_role_policy: JSON.stringify(TRUST_API_GATEWAY),
              inline_policy: [
                {
                  name: 'p',
                  policy: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }),
                },
              ],
            },
          },
          ...integrations,
        },
      },
      b,
    );
    return apiMethodFindings(compileModel(b.build()));
  };
  const ref = (address: string) => `\${${address}}`;
  const HTTP = ref('aws_apigatewayv2_api.h.id');
  const rest = tfRestApiPost('jobs-api', {
    uri: 'arn:aws:apigateway:us-east-1:sqs:action/SendMessage',
    credentials: ROLE,
    request_parameters: PINNED.RequestParameters,
    request_templates: PINNED.RequestTemplates,
    passthrough_behavior: 'NEVER',
  });
  const http = {
    aws_apigatewayv2_api: { h: { name: 'jobs-http', protocol_type: 'HTTP' } },
    aws_apigatewayv2_route: { post: { api_id: HTTP, route_key: 'POST /jobs' } },
    aws_apigatewayv2_integration: {
      send: {
        api_id: HTTP,
        integration_type: 'AWS_PROXY',
        integration_subtype: 'SQS-SendMessage',
        credentials_arn: ROLE,
        request_parameters: { QueueUrl: JOBS_URL, MessageBody: '$request.body' },
      },
    },
  };

  it.each([
    ['aws_api_gateway_integration', rest],
    ['aws_apigatewayv2_integration', http],
  ])('%s: a role allowed only on another queue makes no finding; on this one, a finding', (_n, resources) => {
    expect(tfFindings('other', resources)).toEqual([]);
    const [f] = tfFindings('jobs', resources);
    expect(f!.place!.text).toMatch(/^API Gateway method POST \/(jobs)? of jobs-(api|http) is defined$/);
    expect(f!.place!.source.address).toMatch(/^aws_(api_gateway_method|apigatewayv2_route)\.post$/);
  });

  it('aws_apigatewayv2_integration Kinesis-PutRecord: the stream name in the API account and Region (before: any stream)', () => {
    // "Integration subtype reference", Kinesis-PutRecord: StreamName, Data, PartitionKey, Region.
    const kinesis = {
      ...http,
      aws_apigatewayv2_integration: {
        send: {
          ...http.aws_apigatewayv2_integration.send,
          integration_subtype: 'Kinesis-PutRecord',
          request_parameters: {
            StreamName: 'clicks',
            Data: '$request.body',
            PartitionKey: '$request.header.u',
          },
        },
      },
    };
    const putOn = (name: string) => ({
      Effect: 'Allow',
      Action: 'kinesis:PutRecord',
      Resource: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}`,
    });
    expect(tfFindings('', kinesis, putOn('other'))).toEqual([]);
    expect(tfFindings('', kinesis, putOn('clicks'))).toHaveLength(1);
  });
});

// hapi23: targets decided over any resource before (an over-report: a role allowed only on another
// bus, stream or queue made a high finding), or an action left unknown (indeterminate).
const BUS = (name: string) => `arn:aws:events:us-east-1:111122223333:event-bus/${name}`;
const putEventsOn = (name: string) => [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: BUS(name) }];

describe('EventBridge PutEvents: the bus the integration names, the default bus when it names none', () => {
  // "Integration subtype reference", EventBridge-PutEvents: Detail, DetailType, Source (required),
  // Time, EventBusName, Resources, Region (optional). EventBridge API Reference,
  // PutEventsRequestEntry, EventBusName: "The name or ARN of the event bus to receive the event.
  // Only the rules that are associated with this event bus are used to match the event. If you
  // omit this, the default event bus is used."
  const http = (statements: unknown[], params: Record<string, string>) =>
    findings(
      httpSqsApi(statements, {
        IntegrationSubtype: 'EventBridge-PutEvents',
        RequestParameters: { Detail: '$request.body.Detail', DetailType: 'order', Source: 'shop', ...params },
      }),
    );

  it('HTTP API EventBusName orders: a role allowed only on another bus makes no finding (before: high)', () => {
    expect(http(putEventsOn('other'), { EventBusName: 'orders' })).toEqual([]);
    const [f] = http(putEventsOn('orders'), { EventBusName: 'orders' });
    expect(f).toMatchObject({ severity: 'high' });
    expect(f!.message).toContain('acts as role api-sqs for events:PutEvents');
    // an ARN as written
    expect(http(putEventsOn('other'), { EventBusName: BUS('orders') })).toEqual([]);
  });

  it('no EventBusName: the default bus (a role allowed on default only makes the finding, on orders only none)', () => {
    expect(http(putEventsOn('orders'), {})).toEqual([]);
    expect(http(putEventsOn('default'), {})).toHaveLength(1);
  });

  it('the caller names the bus ($request.body.bus) or the Region: any bus, the finding stays', () => {
    expect(http(putEventsOn('other'), { EventBusName: '$request.body.bus' })).toHaveLength(1);
    expect(
      http(putEventsOn('other'), { EventBusName: 'orders', Region: '$request.header.region' }),
    ).toHaveLength(1);
  });

  it('REST events:action/PutEvents: the EventBusName of the mapping template, the default bus without one', () => {
    const rest = (statements: unknown[], entry: string) =>
      findings(
        sqsApi(statements, {
          integration: {
            Uri: 'arn:aws:apigateway:us-east-1:events:action/PutEvents',
            RequestTemplates: {
              'application/json': `{"Entries": [{"Source": "shop", "DetailType": "order", "Detail": "$util.escapeJavaScript($input.body)"${entry}}]}`,
            },
            PassthroughBehavior: 'NEVER',
          },
        }),
      );
    expect(rest(putEventsOn('other'), ', "EventBusName": "orders"')).toEqual([]);
    expect(rest(putEventsOn('orders'), ', "EventBusName": "orders"')).toHaveLength(1);
    expect(rest(putEventsOn('orders'), '')).toEqual([]);
    expect(rest(putEventsOn('default'), '')).toHaveLength(1);
    // a request parameter does not write into an entry of the JSON body: still the default bus
    const withParam = findings(
      sqsApi(putEventsOn('orders'), {
        integration: {
          Uri: 'arn:aws:apigateway:us-east-1:events:action/PutEvents',
          RequestParameters: { 'integration.request.querystring.EventBusName': "'orders'" },
          RequestTemplates: {
            'application/json': '{"Entries": [{"Source": "shop", "DetailType": "order", "Detail": "{}"}]}',
          },
          PassthroughBehavior: 'NEVER',
        },
      }),
    );
    expect(withParam).toEqual([]);
  });

  it("entries the caller's JSON supplies ($input.json as a value) may name any bus: the finding stays", () => {
    const [f] = findings(
      sqsApi(putEventsOn('other'), {
        integration: {
          Uri: 'arn:aws:apigateway:us-east-1:events:action/PutEvents',
          RequestTemplates: { 'application/json': `{"Entries": $input.json('$.entries')}` },
          PassthroughBehavior: 'NEVER',
        },
      }),
    );
    expect(f!.message).toContain('acts as role api-sqs for events:PutEvents');
  });
});

describe('HTTP API subtypes naming a stream without a Region: in the API account and Region', () => {
  // "Integration subtype reference", Kinesis-PutRecord: StreamName, Data, PartitionKey (required),
  // Region (optional): a name, in the Region the parameter names, else the API's.
  const STREAM = (region: string, name: string) => `arn:aws:kinesis:${region}:111122223333:stream/${name}`;
  const put = (region: string, name: string) => [
    { Effect: 'Allow', Action: 'kinesis:PutRecord', Resource: STREAM(region, name) },
  ];
  const http = (statements: unknown[], params: Record<string, string> = {}) =>
    findings(
      httpSqsApi(statements, {
        IntegrationSubtype: 'Kinesis-PutRecord',
        RequestParameters: {
          StreamName: 'clicks',
          Data: '$request.body',
          PartitionKey: '$request.header.user',
          ...params,
        },
      }),
    );

  it('StreamName clicks: a role allowed only on another stream makes no finding (before: high)', () => {
    expect(http(put('us-east-1', 'other'))).toEqual([]);
    const [f] = http(put('us-east-1', 'clicks'));
    expect(f!.message).toContain('acts as role api-sqs for kinesis:PutRecord');
  });

  it('a Region parameter names the Region of the stream', () => {
    expect(http(put('us-east-1', 'clicks'), { Region: 'eu-west-1' })).toEqual([]);
    expect(http(put('eu-west-1', 'clicks'), { Region: 'eu-west-1' })).toHaveLength(1);
  });
});

describe("a path-style SQS URI whose template writes the caller's body unescaped (MessageBody=$input.body)", () => {
  // re:Post Knowledge Center, "How do I integrate an API Gateway REST API with Amazon SQS and
  // resolve common errors?": "For Action Type, choose Use path override. For Path override
  // (optional), enter your account ID and SQS queue name in the following format:
  // example-account-id/example-sqs-queue-name"; the mapping template writes the request as a form
  // (`Action=SendMessage&MessageBody=…`, Content-Type 'application/x-www-form-urlencoded'). The
  // path names the queue and the template the action; the caller's body written unescaped may add
  // fields of its own (`&Action=…`, `&QueueUrl=…`), and which of two such fields SQS takes is
  // documented nowhere: the call is SendMessage or any other SQS action, on any queue, decided
  // for each. Before: the action unknown, every such method indeterminate.
  const raw = {
    Uri: 'arn:aws:apigateway:us-east-1:sqs:path/111122223333/jobs',
    RequestParameters: { 'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'" },
    RequestTemplates: { 'application/json': 'Action=SendMessage&MessageBody=$input.body' },
    PassthroughBehavior: 'NEVER',
  };

  it('a role allowed only SendMessage on the queue: decided, high (before: indeterminate)', () => {
    const [f] = findings(sqsApi([SEND_TO_QUEUE], { integration: raw }));
    expect(f).toMatchObject({ severity: 'high' });
    expect(f!.message).toContain('acts as role api-sqs for sqs:SendMessage');
    expect(f!.indeterminate).toBeUndefined();
  });

  it('a role allowed no SQS action: no finding; another action on another queue: the finding stays', () => {
    expect(
      findings(sqsApi([{ Effect: 'Allow', Action: 'sns:Publish', Resource: '*' }], { integration: raw })),
    ).toEqual([]);
    // the caller's fields may name ReceiveMessage and another queue
    expect(
      findings(sqsApi([{ ...SEND_TO_OTHER, Action: 'sqs:ReceiveMessage' }], { integration: raw })),
    ).toHaveLength(1);
  });

  it("an action-style URI (…:sqs:action/SendMessage) whose caller's body passes through (the default WHEN_NO_MATCH): another action too", () => {
    // The URI names SendMessage; a form body of the caller's may name another Action after it.
    // Before: decided on SendMessage alone, a role allowed only ReceiveMessage made no finding.
    const receiveOnly = [{ Effect: 'Allow', Action: 'sqs:ReceiveMessage', Resource: '*' }];
    const [f] = findings(sqsApi(receiveOnly));
    expect(f!.message).toContain(
      'acts as role api-sqs for sqs:SendMessage (or, by fields the caller may add to the request, sqs:ReceiveMessage)',
    );
    expect(f!.severity).toBe('high');
    expect(findings(sqsApi(receiveOnly, { integration: PINNED }))).toEqual([]);
  });

  it('the body url-encoded: only SendMessage on the path queue (a role allowed on another queue only: none)', () => {
    const encoded = {
      ...raw,
      RequestTemplates: { 'application/json': 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)' },
    };
    expect(findings(sqsApi([{ ...SEND_TO_OTHER, Action: 'sqs:*' }], { integration: encoded }))).toEqual([]);
  });
});
