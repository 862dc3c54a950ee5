// API Gateway methods as a way in: who on the internet makes AWS act through an API method
// (src/aws/apigateway-methods.ts, src/analysis/risk-api-methods.ts, the method and route handlers
// of both adapters), on test/fixtures/apigateway (the shapes CDK synthesizes for apigateway.RestApi
// with AwsIntegration / LambdaIntegration, and an HTTP API route) and its Terraform twin, and on a
// CDK-synthesized template of the corpus.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTemplateObject, parseTemplateText } from '../src/adapters/cloudformation/index.js';
import { loadTerraformConfig, loadTerraformConfigObject } from '../src/adapters/terraform/index.js';
import { integrationResource } from '../src/aws/apigateway-integration-targets.js';
import { integrationTarget, invokeArns, methodCallers } from '../src/aws/apigateway-methods.js';
import { apiMethodFindings } from '../src/analysis/risk-api-methods.js';
import { reviewRisks } from '../src/analysis/risks.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import {
  ACCOUNT,
  apiTemplateFindings,
  apiTemplateModel,
  lambdaProxyGet,
  proxyFunction,
  rootPathResource,
} from './helpers/apigateway-templates.js';
import { modelUnknowns } from '../src/model/unknown-inventory.js';
import { isUnknown, PartlyKnown, Unknown } from '../src/model/unknown.js';

const SOURCE = { file: 't' };

function cfnModel(
  file = 'test/fixtures/apigateway/template.yaml',
  region: string | undefined = 'us-east-1',
): Model {
  const { value, locate } = parseTemplateText(readFileSync(file, 'utf8'), file);
  const b = new ModelBuilder();
  loadTemplateObject(value, b, {
    account: ACCOUNT,
    ...(region ? { region } : {}),
    stackName: 's',
    file,
    locate,
  });
  return b.build();
}

function tfModel(): Model {
  const b = new ModelBuilder();
  loadTerraformConfig('test/fixtures/apigateway/tf', b, {});
  return b.build();
}

describe('the API Gateway rules (aws/apigateway-methods.ts)', () => {
  it('authorization NONE is open access, AWS_IAM needs IAM permissions, authorizers are not anonymous', () => {
    // x-amazon-apigateway-auth: "Specify "NONE" for open access. Specify "AWS_IAM" to use IAM
    // permissions. Values are case insensitive."
    expect(methodCallers('NONE')).toBe('anyone');
    expect(methodCallers('none')).toBe('anyone');
    expect(methodCallers('AWS_IAM')).toBe('aws-iam');
    // CDK AuthorizationType: "CUSTOM | Use a custom authorizer.", "COGNITO | Use an AWS Cognito user pool."
    expect(methodCallers('CUSTOM')).toBe('authorizer');
    expect(methodCallers('COGNITO_USER_POOLS')).toBe('authorizer');
    expect(methodCallers('JWT')).toBe('authorizer');
    // an unknown or undocumented type might be open
    expect(isUnknown(methodCallers(new Unknown('param')))).toBe(true);
    expect(isUnknown(methodCallers('OPEN'))).toBe(true);
  });

  it('an AWS integration with a role acts as the role for the URI action; the caller-identity and no-role forms do not', () => {
    // Integration.credentials: "For AWS integrations, three options are available. To specify an
    // IAM Role for API Gateway to assume, use the role's Amazon Resource Name (ARN). To require
    // that the caller's identity be passed through from the request, specify the string
    // arn:aws:iam::\*:user/\*. To use resource-based permissions on supported Amazon Web Services
    // services, specify null."
    const role = 'arn:aws:iam::111122223333:role/r';
    const uri = 'arn:aws:apigateway:us-east-1:sqs:action/SendMessage';
    expect(integrationTarget({ type: 'AWS', uri, credentials: role, source: SOURCE })).toMatchObject({
      kind: 'role',
      role,
      action: 'sqs:SendMessage',
    });
    expect(
      integrationTarget({ type: 'AWS', uri, credentials: 'arn:aws:iam::*:user/*', source: SOURCE }),
    ).toEqual({ kind: 'none' });
    // no credentials: API Gateway calls as itself, let in only by the target's resource policy
    expect(integrationTarget({ type: 'AWS', uri, credentials: undefined, source: SOURCE })).toMatchObject({
      kind: 'service',
      action: 'sqs:SendMessage',
    });
    expect(
      integrationTarget({ type: 'HTTP_PROXY', uri: 'https://x', credentials: role, source: SOURCE }),
    ).toEqual({
      kind: 'none',
    });
    // CDK AwsIntegrationProps: "path: ... For example, for S3 GET, you can set path to bucket/key":
    // which S3 action depends on the integration's HTTP method: unknown
    const s3 = integrationTarget({
      type: 'AWS',
      uri: 'arn:aws:apigateway:us-east-1:s3:path/bucket/{key}',
      credentials: role,
      source: SOURCE,
    });
    expect(s3).toMatchObject({ kind: 'role', role });
    expect(isUnknown((s3 as { action: unknown }).action)).toBe(true);
    // HTTP APIs: the subtype names the action
    expect(
      integrationTarget({
        type: 'AWS_PROXY',
        subtype: 'StepFunctions-StartExecution',
        credentials: role,
        uri: undefined,
        source: SOURCE,
      }),
    ).toEqual({ kind: 'role', role, action: 'states:StartExecution' });
  });

  it('a Lambda proxy runs the function; a partly known URI still names it, an unknown one keeps it unknown', () => {
    // "For lambda, you can set path to 2015-03-31/functions/${function-arn}/invocations"
    const fn = 'arn:aws:lambda:us-east-1:111122223333:function:f';
    const region = new Unknown('the Region');
    const uri = new PartlyKnown(
      ['arn:aws:apigateway:', region, `:lambda:path/2015-03-31/functions/${fn}/invocations`],
      region,
    );
    expect(integrationTarget({ type: 'AWS_PROXY', uri, credentials: undefined, source: SOURCE })).toEqual({
      kind: 'function',
      function: fn,
    });
    const unknownUri = new Unknown('from a parameter');
    expect(
      integrationTarget({ type: 'AWS_PROXY', uri: unknownUri, credentials: undefined, source: SOURCE }),
    ).toEqual({
      kind: 'function',
      function: unknownUri,
    });
    // an AWS integration of unknown URI and no role may be a Lambda function's: unknown, not none
    expect(integrationTarget({ type: 'AWS', uri: unknownUri, credentials: undefined, source: SOURCE })).toBe(
      unknownUri,
    );
  });

  it('decides a method on every stage and method the resource policy names, and one it does not', () => {
    const api = 'arn:aws:execute-api:us-east-1:1:abc';
    expect(invokeArns(api, 'POST /jobs', [`${api}/prod/*`, '*']).sort()).toEqual([
      `${api}/(stage)/POST/jobs`,
      `${api}/prod/POST/jobs`,
    ]);
    expect(invokeArns(api, 'ANY /x', [`${api}/*/GET/*`]).sort()).toEqual([
      `${api}/(stage)/(method)/x`,
      `${api}/(stage)/GET/x`,
    ]);
  });
});

describe.each([
  ['CloudFormation', () => cfnModel()],
  ['Terraform', tfModel],
])('API Gateway methods as a way in (%s)', (_name, load) => {
  const model = load();
  const engine = compileModel(model);
  const findings = reviewRisks(engine).filter((f) => f.kind === 'public-access');
  const about = (text: string) => findings.filter((f) => f.message.includes(text));

  it('models every method and route', () => {
    const routes = (model.apiMethods ?? []).map((m) => `${m.api} ${String(m.route)}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        'jobs-api POST /jobs',
        'jobs-api PUT /jobs',
        'jobs-api DELETE /jobs',
        'jobs-api GET /hello',
        'private-api POST /',
        'events-api POST /send',
        'events-api POST /send-signed-in',
      ]),
    );
  });

  it('anyone on the internet acts as the integration role of a NONE method (high: a Write action)', () => {
    const [f] = about('method POST /jobs of jobs-api');
    expect(f).toMatchObject({ kind: 'public-access', severity: 'high' });
    expect(f!.message).toContain(
      'anyone on the internet (no AWS credentials) acts as role api-sqs for sqs:SendMessage',
    );
    expect(f!.indeterminate).toBeUndefined();
  });

  it('the HTTP API route without authorization acts as its credentials role for its subtype action', () => {
    const [f] = about('method POST /send of events-api');
    expect(f).toMatchObject({ severity: 'high' });
    expect(f!.message).toContain('acts as role api-sqs for sqs:SendMessage');
  });

  it('a Lambda proxy method of authorization NONE: the function is open to anyone, as a public function URL is', () => {
    const [f] = about('method GET /hello of jobs-api');
    expect(f!.message).toMatch(
      /^lambda-function handler is open to anyone \(anonymous callers or any AWS account\) through API Gateway method GET \/hello of jobs-api \(authorization NONE\): lambda:InvokeFunction$/,
    );
    expect(f!.severity).toBe('high');
  });

  it('near misses: AWS_IAM, Cognito / JWT authorizers, a private API, a mock integration make no finding', () => {
    expect(about('PUT /jobs')).toEqual([]);
    expect(about('GET /jobs')).toEqual([]);
    expect(about('/send-signed-in')).toEqual([]);
    expect(about('private-api')).toEqual([]);
    expect(about('OPTIONS /hello')).toEqual([]);
  });

  it('an authorization type from a parameter or variable: an indeterminate finding with its reason and source', () => {
    const [f] = about('method DELETE /jobs of jobs-api');
    expect(f).toMatchObject({ severity: 'medium' });
    expect(f!.message).toContain('might act as role api-sqs for sqs:PurgeQueue');
    const reason = f!.indeterminate!.reasons[0]!;
    expect(reason.text).toMatch(/AuthType|auth_type/);
    expect(reason.source).toBeDefined();
    // and the unknown is in the model's unknown summary
    expect(modelUnknowns(model).some((u) => /AuthType|auth_type/.test(u.reason))).toBe(true);
  });
});

describe('API Gateway resource policies (CloudFormation)', () => {
  const findings = apiMethodFindings(compileModel(cfnModel()));
  const about = (text: string) => findings.filter((f) => f.message.includes(text));

  it('a policy that allows anonymous callers only from some addresses (on one stage): low, with the condition', () => {
    // "API Gateway resource policy only": "Evaluation of the policy involves seeking an explicit
    // allow based on the inbound criteria of the caller."
    const [f] = about('partner-api');
    expect(f).toMatchObject({ severity: 'low' });
    expect(f!.message).toContain('(conditional: aws:SourceIp');
  });

  it('a policy that allows only another account: "An implicit denial or any explicit denial results in denying the caller"', () => {
    expect(about('closed-api')).toEqual([]);
  });
});

describe('a resource policy naming concrete paths of a route with path parameters', () => {
  // Developer Guide, "Resource format of permissions for executing API in API Gateway": the
  // resource is `execute-api:/stage/METHOD/path`, the path a call is made on: a call of
  // GET /orders/{id} names /orders/123, which a policy on that path lets in, though the route's
  // template path `/orders/{id}` matches no statement (before: no finding, a silent pass).
  const template = (policyPath: string) => ({
    Resources: {
      Fn: proxyFunction('orders-fn', 'arn:aws:iam::111122223333:role/r'),
      Api: {
        Type: 'AWS::ApiGateway::RestApi',
        Properties: {
          Name: 'orders-api',
          Policy: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: policyPath },
            ],
          },
        },
      },
      Orders: rootPathResource('orders'),
      Order: {
        Type: 'AWS::ApiGateway::Resource',
        Properties: { RestApiId: { Ref: 'Api' }, ParentId: { Ref: 'Orders' }, PathPart: '{id}' },
      },
      Get: lambdaProxyGet('Order'),
    },
  });
  const findingsOf = (policyPath: string) => apiTemplateFindings(template(policyPath), 't.json');

  it('a policy letting anyone call /orders/123 only: GET /orders/{id} is open to anyone on that path', () => {
    expect(findingsOf('execute-api:/prod/GET/orders/123').map((f) => f.detail)).toEqual([
      'orders-api GET /orders/{id}',
    ]);
  });

  it('near miss: a policy on another path (/users/123) lets no call of the route in', () => {
    expect(findingsOf('execute-api:/prod/GET/users/123')).toEqual([]);
  });
});

describe('a CDK-synthesized RestApi of the corpus', () => {
  it('each LambdaRestApi method of authorization NONE opens the function to anyone', () => {
    const model = cfnModel(
      '../shared/corpus/cfn/aws__aws-sam-cli__cdk-synth-rest-api.template.yaml',
      undefined,
    );
    const findings = apiMethodFindings(compileModel(model));
    expect(findings.map((f) => f.detail)).toEqual([
      'api GET /v1',
      'api ANY /anyandall',
      'api GET /proxypath/{proxy+}',
    ]);
    for (const f of findings) expect(f.message).toContain('is open to anyone');
  });

  it('Cognito user pool authorizers: no finding', () => {
    const model = cfnModel(
      '../shared/corpus/cfn/awslabs__aws-solutions-constructs__restaurant-manager-stack.template.json',
      undefined,
    );
    expect(model.apiMethods?.length).toBeGreaterThan(0);
    expect(apiMethodFindings(compileModel(model))).toEqual([]);
  });
});

describe('SAM: function Api and HttpApi events (the OpenAPI body SAM writes)', () => {
  const model = cfnModel('test/fixtures/apigateway/sam.yaml');
  const findings = apiMethodFindings(compileModel(model));

  it('models each event as a method of its API with the authorization SAM gives it', () => {
    const methods = (model.apiMethods ?? []).map(
      (m) => `${m.api} ${String(m.route)} ${String(m.authorization)}`,
    );
    expect(methods.sort()).toEqual([
      'JwtApi GET /account JWT',
      'ServerlessHttpApi GET /ping NONE',
      'ServerlessRestApi GET /hello NONE',
      'ServerlessRestApi POST /signed AWS_IAM',
      'users-api GET /me COGNITO_USER_POOLS',
      'users-api GET /status NONE',
    ]);
  });

  it('an event without authorization, or opting out of the DefaultAuthorizer (Authorizer: NONE), opens its function', () => {
    expect(findings.map((f) => f.message).sort()).toEqual([
      'lambda-function http-fn is open to anyone (anonymous callers or any AWS account) through API Gateway method GET /ping of ServerlessHttpApi (authorization NONE): lambda:InvokeFunction',
      'lambda-function public-fn is open to anyone (anonymous callers or any AWS account) through API Gateway method GET /hello of ServerlessRestApi (authorization NONE): lambda:InvokeFunction',
      'lambda-function users-fn is open to anyone (anonymous callers or any AWS account) through API Gateway method GET /status of users-api (authorization NONE): lambda:InvokeFunction',
    ]);
  });
});

describe('an OpenAPI definition outside the inputs', () => {
  it('makes the API indeterminate (its methods may be open), never none', () => {
    const [f] = apiTemplateFindings({
      Resources: {
        Api: {
          Type: 'AWS::ApiGateway::RestApi',
          Properties: { Name: 'spec-api', BodyS3Location: { Bucket: 'b', Key: 'openapi.yaml' } },
        },
      },
    });
    expect(f).toMatchObject({ kind: 'public-access', severity: 'medium' });
    expect(f!.indeterminate!.reasons[0]!.text).toContain('is not in the inputs (BodyS3Location');
  });
});

describe('an HTTP API made by quick create', () => {
  it('has a $default route without authorization to its Target: the function (outside the inputs) might be open to anyone', () => {
    const [f] = apiTemplateFindings({
      Resources: {
        Api: {
          Type: 'AWS::ApiGatewayV2::Api',
          Properties: {
            Name: 'quick',
            ProtocolType: 'HTTP',
            Target: 'arn:aws:lambda:us-east-1:111122223333:function:quick-fn',
          },
        },
      },
    });
    // the function's permissions for API Gateway are not in the inputs: indeterminate, not dropped
    expect(f!.message).toBe(
      'lambda-function quick-fn might be open to anyone (anonymous callers or any AWS account) through API Gateway method $default of quick (authorization NONE): lambda:InvokeFunction (indeterminate: the function arn:aws:lambda:us-east-1:111122223333:function:quick-fn is not in the inputs: its permissions for API Gateway are unknown)',
    );
  });
});

describe('Terraform: the methods of an aws_api_gateway_rest_api body', () => {
  it('an open method of the body might act as its credentials role (outside the inputs); the AWS_IAM one does not', () => {
    const b = new ModelBuilder();
    loadTerraformConfig('test/fixtures/apigateway/tf-body', b, {});
    const findings = apiMethodFindings(compileModel(b.build()));
    expect(findings.map((f) => f.message)).toEqual([
      "anyone on the internet (no AWS credentials) might act as role arn:aws:iam::111122223333:role/orders-writer for dynamodb:PutItem through API Gateway method POST /orders of spec-api (authorization NONE), the role being the integration's credentials (indeterminate: the integration role arn:aws:iam::111122223333:role/orders-writer is not in the inputs: what it may do is unknown)",
    ]);
  });
});

describe('Terraform: a body written in YAML', () => {
  // API Reference, ImportRestApi: "Currently, only OpenAPI definition JSON/YAML files are
  // supported." Before, a YAML body was an unknown method (indeterminate) and its routes unread.
  it('reads its methods: the open one acts as its credentials role, the AWS_IAM one does not', () => {
    const b = new ModelBuilder();
    loadTerraformConfig('test/fixtures/apigateway/tf-yaml-body', b, {
      account: ACCOUNT,
      region: 'us-east-1',
    });
    const model = b.build();
    expect(
      (model.apiMethods ?? []).map((m) => `${String(m.route)} ${String(m.authorization)}`).sort(),
    ).toEqual(['GET /orders AWS_IAM', 'POST /orders NONE']);
    const findings = apiMethodFindings(compileModel(model));
    expect(findings.map((f) => f.message)).toEqual([
      "anyone on the internet (no AWS credentials) acts as role orders-writer for dynamodb:PutItem through API Gateway method POST /orders of yaml-api (authorization NONE), the role being the integration's credentials",
    ]);
    expect(findings[0]!.indeterminate).toBeUndefined();
  });
});

describe('SAM: a state machine Api event (the StartExecution integration SAM writes)', () => {
  // SAM, AWS::Serverless::StateMachine Api event: SAM generates the caller role (trust
  // apigateway.amazonaws.com, states:StartExecution on the state machine) and writes the route
  // into the API's body as an `aws` integration of
  // `arn:${AWS::Partition}:apigateway:${AWS::Region}:states:action/StartExecution` whose
  // credentials are that role (samtranslator stepfunctions/events.py `_add_swagger_integration`).
  // Before, the source template's route had no integration: no method, no finding (a silent pass
  // beside the processed template's finding).
  const messages = (file: string) =>
    apiMethodFindings(compileModel(cfnModel(file))).map((f) => `${f.severity} ${f.message}`);

  it('the route without authorization: anyone starts executions as the event role, as in the processed template', () => {
    const expected = [
      "high anyone on the internet (no AWS credentials) acts as role OrderStateMachineStartApiRole for states:StartExecution through API Gateway method POST /start of ServerlessRestApi (authorization NONE), the role being the integration's credentials",
    ];
    expect(
      messages('test/fixtures/sam/state-machine.yaml').map((m) =>
        m.replace(/role \S+StartApiRole\S*/, 'role OrderStateMachineStartApiRole'),
      ),
    ).toEqual(expected);
    expect(
      messages('test/fixtures/sam/state-machine.processed.yaml').map((m) =>
        m.replace(/role \S+StartApiRole\S*/, 'role OrderStateMachineStartApiRole'),
      ),
    ).toEqual(expected);
  });

  it("the request template SAM writes names the state machine; the caller's body may pass through instead", () => {
    // samtranslator stepfunctions/events.py `_generate_request_template`: `{"input":
    // "$util.escapeJavaScript($input.json('$'))", "stateMachineArn": "${<StateMachine>}"}` (the
    // translator test output state_machine_with_api.json: `requestTemplates` and no
    // `passthroughBehavior`). Developer Guide, "Method request behavior for payloads without
    // mapping templates for REST APIs": WHEN_NO_MATCH, the default, lets "the method request body
    // to pass through the integration request to the backend without transformation when the
    // method request content type does not match any content types associated with the mapping
    // templates": a caller sending another content type names the state machine, so
    // StartExecution is decided on any state machine, which the role SAM generates allows on this
    // one only (the finding above, decided). Before: no template in the model.
    for (const file of [
      'test/fixtures/sam/state-machine.yaml',
      'test/fixtures/sam/state-machine.processed.yaml',
    ]) {
      const model = cfnModel(file);
      const [m] = model.apiMethods ?? [];
      const integration = m!.integration as Exclude<typeof m.integration, Unknown | undefined>;
      const machine = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:order-flow`;
      expect(integration.requestTemplates).toEqual({
        'application/json': `{"input": "$util.escapeJavaScript($input.json('$'))", "stateMachineArn": "${machine}"}`,
      });
      expect(integration.passthroughBehavior).toBeUndefined();
      expect(integrationResource(integration, 'states:StartExecution', ACCOUNT)).toMatchObject({
        kind: 'caller',
        why: "the caller's request body passes through to the integration (WHEN_NO_MATCH)",
      });
      // with passthrough NEVER, the template alone would name it (the role SAM writes aside)
      expect(
        integrationResource(
          { ...integration, passthroughBehavior: 'NEVER' },
          'states:StartExecution',
          ACCOUNT,
        ),
      ).toEqual({ kind: 'pinned', arns: [machine] });
    }
  });
});

describe('SAM: a state machine Api event with UnescapeMappingTemplate', () => {
  it('writes the unescaped form of the template (state_machine_with_api.json of the translator tests)', () => {
    const model = apiTemplateModel({
      Transform: 'AWS::Serverless-2016-10-31',
      Resources: {
        Post: {
          Type: 'AWS::Serverless::StateMachine',
          Properties: {
            Name: 'post',
            Definition: { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
            Events: {
              Echo: {
                Type: 'Api',
                Properties: { Path: '/echo', Method: 'post', UnescapeMappingTemplate: true },
              },
            },
          },
        },
      },
    });
    const integration = model.apiMethods![0]!.integration as { requestTemplates?: unknown };
    expect(integration.requestTemplates).toEqual({
      'application/json': `{"input": "$util.escapeJavaScript($input.json('$')).replaceAll("\\\\'","'")", "stateMachineArn": "arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:post"}`,
    });
  });
});

describe('SAM: Auth.InvokeRole of an AWS_IAM event', () => {
  // SAM specification, "ApiFunctionAuth": "InvokeRole: Specifies the InvokeRole to use for
  // AWS_IAM authorization." "Default: CALLER_CREDENTIALS" "CALLER_CREDENTIALS maps to
  // arn:aws:iam::*:user/*, which uses the caller credentials to invoke the endpoint."
  const credentialsOf = (auth: Record<string, unknown>) => {
    const model = apiTemplateModel({
      Transform: 'AWS::Serverless-2016-10-31',
      Resources: {
        Fn: {
          Type: 'AWS::Serverless::Function',
          Properties: {
            Runtime: 'nodejs20.x',
            Handler: 'i.h',
            InlineCode: 'x',
            Events: {
              Signed: { Type: 'Api', Properties: { Path: '/signed', Method: 'post', Auth: auth } },
            },
          },
        },
      },
    });
    const [m] = model.apiMethods ?? [];
    const integration = m!.integration as { credentials?: unknown };
    return integration.credentials;
  };

  it('the caller credentials by default and for CALLER_CREDENTIALS; the role named; none for NONE', () => {
    expect(credentialsOf({ Authorizer: 'AWS_IAM' })).toBe('arn:aws:iam::*:user/*');
    expect(credentialsOf({ Authorizer: 'AWS_IAM', InvokeRole: 'CALLER_CREDENTIALS' })).toBe(
      'arn:aws:iam::*:user/*',
    );
    expect(
      credentialsOf({ Authorizer: 'AWS_IAM', InvokeRole: 'arn:aws:iam::111122223333:role/invoker' }),
    ).toBe('arn:aws:iam::111122223333:role/invoker');
    expect(credentialsOf({ Authorizer: 'AWS_IAM', InvokeRole: 'NONE' })).toBeUndefined();
    // not AWS_IAM: SAM writes no credentials
    expect(
      credentialsOf({ Authorizer: 'NONE', InvokeRole: 'arn:aws:iam::111122223333:role/invoker' }),
    ).toBeUndefined();
  });
});

describe("an AWS integration's target resource (aws/apigateway-integration-targets.ts)", () => {
  // Developer Guide, "Method request behavior for payloads without mapping templates": with NEVER,
  // "the method request with a payload and content type that doesn't match any defined mapping
  // template will be rejected": the templates write the whole request.
  const rest = (action: string, template: string, extra: Record<string, unknown> = {}) => ({
    type: 'AWS',
    uri: `arn:aws:apigateway:eu-west-1:${action.split(':')[0]}:action/${action.split(':')[1]}`,
    credentials: undefined,
    requestTemplates: { 'application/json': template },
    passthroughBehavior: 'NEVER',
    source: SOURCE,
    ...extra,
  });
  const resourceOf = (action: string, template: string, extra?: Record<string, unknown>) =>
    integrationResource(rest(action, template, extra), action, ACCOUNT);

  it('a literal in the template: the topic ARN, the table in the URI region and the API account', () => {
    expect(
      resourceOf(
        'sns:Publish',
        'Action=Publish&TopicArn=arn%3Aaws%3Asns%3Aeu-west-1%3A111122223333%3Aalerts&Message=$util.urlEncode($input.body)',
      ),
    ).toEqual({
      kind: 'pinned',
      arns: ['arn:aws:sns:eu-west-1:111122223333:alerts'],
    });
    expect(resourceOf('dynamodb:PutItem', '{"TableName": "orders", "Item": $input.json(\'$\')}')).toEqual({
      kind: 'pinned',
      arns: ['arn:aws:dynamodb:eu-west-1:111122223333:table/orders'],
    });
  });

  it("the caller's value, a body that passes through: the caller names it; a stage variable: unknown", () => {
    expect(resourceOf('sns:Publish', "Action=Publish&TopicArn=$input.params('topic')")).toMatchObject({
      kind: 'caller',
    });
    expect(
      resourceOf('dynamodb:PutItem', '{"TableName": "orders"}', { passthroughBehavior: undefined }),
    ).toMatchObject({ kind: 'caller' });
    expect(isUnknown(resourceOf('dynamodb:PutItem', '{"TableName": "$stageVariables.table"}'))).toBe(true);
    // an action whose target iamspec does not read: any resource stands for it
    expect(resourceOf('ec2:DescribeInstances', '{}')).toBeUndefined();
  });

  it("an HTTP API subtype's name: in the API's account and Region, or its Region parameter's", () => {
    // "Integration subtype reference": Kinesis-PutRecord StreamName, EventBridge-PutEvents
    // EventBusName (optional: "If you omit this, the default event bus is used", PutEvents), and
    // an optional Region for every subtype.
    const http = (subtype: string, requestParameters: Record<string, string>) => ({
      type: 'AWS_PROXY',
      uri: undefined,
      subtype,
      credentials: undefined,
      requestParameters,
      source: SOURCE,
    });
    const api = `arn:aws:execute-api:eu-west-1:${ACCOUNT}:a1b2c3`;
    const stream = http('Kinesis-PutRecord', { StreamName: 'clicks', Data: '$request.body' });
    expect(integrationResource(stream, 'kinesis:PutRecord', ACCOUNT, api)).toEqual({
      kind: 'pinned',
      arns: [`arn:aws:kinesis:eu-west-1:${ACCOUNT}:stream/clicks`],
    });
    const bus = http('EventBridge-PutEvents', { Detail: '$request.body', DetailType: 't', Source: 's' });
    expect(integrationResource(bus, 'events:PutEvents', ACCOUNT, api)).toEqual({
      kind: 'pinned',
      arns: [`arn:aws:events:eu-west-1:${ACCOUNT}:event-bus/default`],
    });
    const elsewhere = http('Kinesis-PutRecord', { StreamName: 'clicks', Region: 'us-west-2' });
    expect(integrationResource(elsewhere, 'kinesis:PutRecord', ACCOUNT, api)).toEqual({
      kind: 'pinned',
      arns: [`arn:aws:kinesis:us-west-2:${ACCOUNT}:stream/clicks`],
    });
    const staged = http('Kinesis-PutRecord', { StreamName: 'clicks', Region: '$stageVariables.region' });
    expect(isUnknown(integrationResource(staged, 'kinesis:PutRecord', ACCOUNT, api))).toBe(true);
    // the API's Region not known (no execution ARN, or one in an unknown Region): any stream
    expect(integrationResource(stream, 'kinesis:PutRecord', ACCOUNT)).toBeUndefined();
    expect(
      integrationResource(
        stream,
        'kinesis:PutRecord',
        ACCOUNT,
        `arn:aws:execute-api:unknown-region:${ACCOUNT}:a`,
      ),
    ).toBeUndefined();
  });
});

describe('WebSocket APIs: a route is reached through $connect', () => {
  // Developer Guide, "Manage connected users and client apps: $connect and $disconnect routes":
  // "Because the WebSocket connection is a stateful connection, you can configure authorization on
  // the $connect route only. AuthN/AuthZ will be performed only at connection time." A connected
  // client sends to every route: a route is as open as $connect, whatever its own type.
  // Before: a route marked CUSTOM behind an open $connect made no finding (a silent pass); a route
  // marked NONE behind an AWS_IAM $connect was a finding (open to anyone, when only callers allowed
  // execute-api:Invoke on $connect reach it).
  const cfn = (connectAuth: string, sendAuth = 'CUSTOM') =>
    apiTemplateModel({
      Resources: {
        Ws: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'chat', ProtocolType: 'WEBSOCKET' } },
        Connect: {
          Type: 'AWS::ApiGatewayV2::Route',
          Properties: { ApiId: { Ref: 'Ws' }, RouteKey: '$connect', AuthorizationType: connectAuth },
        },
        Send: {
          Type: 'AWS::ApiGatewayV2::Route',
          Properties: {
            ApiId: { Ref: 'Ws' },
            RouteKey: 'send',
            AuthorizationType: sendAuth,
            Target: { 'Fn::Join': ['', ['integrations/', { Ref: 'SendIntegration' }]] },
          },
        },
        SendIntegration: {
          Type: 'AWS::ApiGatewayV2::Integration',
          Properties: {
            ApiId: { Ref: 'Ws' },
            IntegrationType: 'AWS_PROXY',
            IntegrationUri:
              'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:111122223333:function:send/invocations',
          },
        },
      },
    });
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform interpolation
  const API_ID = '${aws_apigatewayv2_api.ws.id}';
  const tf = (connectAuth: string, sendAuth = 'CUSTOM') => {
    const b = new ModelBuilder();
    loadTerraformConfigObject(
      {
        provider: { aws: [{ region: 'us-east-1', allowed_account_ids: [ACCOUNT] }] },
        resource: {
          aws_apigatewayv2_api: { ws: { name: 'chat', protocol_type: 'WEBSOCKET' } },
          aws_apigatewayv2_route: {
            connect: {
              api_id: API_ID,
              route_key: '$connect',
              authorization_type: connectAuth,
            },
            send: {
              api_id: API_ID,
              route_key: 'send',
              authorization_type: sendAuth,
            },
          },
        },
      },
      b,
    );
    return b.build();
  };
  const authOf = (model: Model, route: string) =>
    (model.apiMethods ?? []).find((m) => m.route === route)?.authorization;

  it.each([
    ['CloudFormation', cfn],
    ['Terraform', tf],
  ])('%s: a route is authorized as its $connect route, whatever its own type', (_n, load) => {
    expect(authOf(load('NONE'), 'send')).toBe('NONE');
    expect(authOf(load('AWS_IAM'), 'send')).toBe('AWS_IAM');
    expect(authOf(load('AWS_IAM', 'NONE'), 'send')).toBe('AWS_IAM');
    expect(authOf(load('CUSTOM', 'NONE'), 'send')).toBe('CUSTOM');
    expect(authOf(load('AWS_IAM'), '$connect')).toBe('AWS_IAM');
  });

  it('a NONE route behind an AWS_IAM $connect is not open to anyone: no finding (before: public-access)', () => {
    expect(apiMethodFindings(compileModel(cfn('AWS_IAM', 'NONE')))).toEqual([]);
    expect(apiMethodFindings(compileModel(tf('AWS_IAM', 'NONE')))).toEqual([]);
  });

  it('the route behind an open $connect is a finding', () => {
    const [f] = apiMethodFindings(compileModel(cfn('NONE')));
    expect(f!.message).toContain('through API Gateway method send of chat (authorization NONE)');
  });
});
