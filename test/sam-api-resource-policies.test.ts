// REST API resource policies of SAM templates and of the CloudFormation they become, compared
// with what the SAM translator generates (aws/serverless-application-model, Apache-2.0:
// samtranslator/model/api/api_generator.py passes `Policy` to the RestApi's `Policy`;
// samtranslator/swagger/swagger.py appends the Auth.ResourcePolicy statements to the
// `x-amazon-apigateway-policy` of the OpenAPI body; tests/translator/output/
// api_custom_domain_private_endpoint_without_policy.json, api_with_source_vpc_whitelist.json,
// explicit_http_api_default_path.json show the outputs these tests pin).

import { describe, expect, it } from 'vitest';
import { loadTerraformConfigObject } from '../src/adapters/terraform/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { findingsOf, loadFixture, whoCanLines } from './helpers/sam.js';

const sam = loadFixture('api-policies.yaml');
const plain = loadFixture('rest-api-bodies.yaml');

function api(model: Model, logicalId: string) {
  return model.resources.find((r) => r.kind === 'apigateway-rest-api' && r.source.logicalId === logicalId)!;
}
const invoke = (model: Model, logicalId: string) =>
  whoCanLines(model, 'execute-api:Invoke', `${api(model, logicalId).arn}/Prod/GET/items`);

describe('AWS::Serverless::Api resource policies', () => {
  it('the Api`s own Policy is the RestApi`s Policy: a private API open to its VPC endpoint is not closed to everyone', () => {
    // SAM specification, AWS::Serverless::Api, Policy: "A policy document that contains the
    // permissions for the API." (passed to the Policy of AWS::ApiGateway::RestApi). Before,
    // the property was dropped and nobody outside the account could invoke the API.
    const conditions = api(sam, 'PrivateApi').policy!.statements.flatMap((s) =>
      s.conditions.map((c) => `${String(s.effect)} ${c.operator} ${c.key} ${c.values.join(',')}`),
    );
    expect(conditions).toEqual(['Deny StringNotEquals aws:SourceVpce vpce-0abc']);
    expect(invoke(sam, 'PrivateApi')).toContain('anonymous conditional');
  });

  it('a private custom domain`s Policy: SAM makes an AWS::ApiGateway::DomainNameV2 carrying it, kept (unknown policy)', () => {
    // samtranslator/model/api/api_generator.py `_construct_api_domain_v2` (PRIVATE endpoints)
    // names it `ApiGatewayDomainNameV2` + the hash of the domain name and sets `Policy` from
    // `Domain.Policy`. Before, the domain and its policy were dropped.
    const m = loadFixture('api-private-domain.yaml');
    const domain = m.resources.find((r) => r.source.generatedLogicalId?.startsWith('ApiGatewayDomainNameV2'));
    expect(domain?.source.pointer).toBe('/Resources/PrivateApi/Properties/Domain');
    expect(domain?.policy?.unknown?.reason).toContain('AWS::ApiGateway::DomainNameV2');
  });

  it('a DefinitionBody carrying x-amazon-apigateway-policy keeps its statements, SAM`s are appended', () => {
    const statements = api(sam, 'PartnerApi').policy!.statements;
    expect(statements.map((s) => String(s.effect))).toEqual(['Allow', 'Allow', 'Deny']);
    expect(statements[0]!.principal?.aws?.values).toEqual(['arn:aws:iam::444455556666:root']);
    expect(invoke(sam, 'PartnerApi')).toContain('arn:aws:iam::444455556666:root conditional');
  });

  it('SourceVpcWhitelist naming a parameter: its value is in the Deny condition, not dropped', () => {
    // The translator resolves the parameter and writes `StringNotEquals aws:SourceVpc
    // [vpc-1234, vpc-5678]` (api_with_source_vpc_whitelist); dropping the entry denied callers
    // from that VPC.
    const deny = api(sam, 'VpcApi').policy!.statements.find((s) => String(s.effect) === 'Deny')!;
    expect(deny.conditions.map((c) => [c.operator, c.key, c.values])).toEqual([
      ['StringNotEquals', 'aws:SourceVpc', ['vpc-1111', 'vpc-2222']],
    ]);
  });

  it('an entry known only at deployment leaves the statements unknown: indeterminate, with a warning', () => {
    const [f] = findingsOf(sam, 'sam/unresolved-resource-policy');
    expect(f!.source?.pointer).toBe(
      '/Resources/LaterVpcApi/Properties/Auth/ResourcePolicy/SourceVpcWhitelist',
    );
    expect(invoke(sam, 'LaterVpcApi')).toContain('anonymous indeterminate');
  });

  it('HttpApi ANY /$default: the permission`s SourceArn is `<api>/<stage>/$default`, as SAM writes it', () => {
    // samtranslator/model/eventsources/push.py (HttpApi): "when the Method is "ANY" and the path
    // is '/$default' ... the generated ARN for permissions ends with /*/*/$default which causes
    // the path to be invalid", so SAM writes the path without a method.
    const fn = sam.resources.find((r) => r.kind === 'lambda-function')!;
    const arns = fn.policy!.statements.flatMap((s) => s.conditions.flatMap((c) => c.values.map(String)));
    const http = arns.find((a) => a.endsWith('$default'))!;
    expect(http).toMatch(/\(unknown-Http-api-id-[0-9a-f]+\)\/\*\/\$default$/);
    const lines = whoCanLines(sam, 'lambda:InvokeFunction', fn.arn);
    expect(lines).toContain('apigateway.amazonaws.com conditional');
  });
});

describe('AWS::ApiGateway::RestApi: the policy of its OpenAPI definition', () => {
  // "x-amazon-apigateway-policy: Specifies a resource policy for a REST API." (Amazon API Gateway
  // Developer Guide, https://docs.aws.amazon.com/apigateway/latest/developerguide/openapi-extensions-policy.html)
  it('an inline Body`s x-amazon-apigateway-policy is the API`s resource policy', () => {
    // Before, the policy in the body was ignored: no one outside the account could invoke it.
    expect(invoke(plain, 'InlineBody')).toContain('anonymous allow');
  });

  it('a definition in S3 may carry a policy: indeterminate, with a warning at BodyS3Location', () => {
    const f = findingsOf(plain, 'cfn/rest-api-policy-unknown').find((x) => x.message.includes('InS3'));
    expect(f!.source?.pointer).toBe('/Resources/InS3/Properties/BodyS3Location');
    expect(invoke(plain, 'InS3')).toContain('anonymous indeterminate');
  });

  it('Policy and a body policy both: which one the API keeps is unknown; Policy alone decides', () => {
    expect(invoke(plain, 'Both')).toContain('anonymous indeterminate');
    expect(invoke(plain, 'PolicyOnly')).toContain('arn:aws:iam::444455556666:root allow');
    expect(invoke(plain, 'PolicyOnly').some((l) => l.startsWith('anonymous'))).toBe(false);
  });
});

describe('aws_api_gateway_rest_api: the policy of its OpenAPI body', () => {
  // Terraform AWS provider, aws_api_gateway_rest_api, `policy`: "If importing an OpenAPI
  // specification via the `body` argument, this corresponds to the x-amazon-apigateway-policy
  // extension. If the argument value is provided and is different than the OpenAPI value, the
  // argument value will override the OpenAPI value."
  const open = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
    ],
  };
  const partner = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::444455556666:root' },
        Action: 'execute-api:Invoke',
        Resource: 'execute-api:/*',
      },
    ],
  };
  function tf(api: Record<string, unknown>): Model {
    const b = new ModelBuilder();
    loadTerraformConfigObject(
      {
        provider: { aws: [{ region: 'eu-west-1', allowed_account_ids: ['123456789012'] }] },
        resource: { aws_api_gateway_rest_api: { api: { name: 'api', ...api } } },
      },
      b,
    );
    return b.build();
  }
  const lines = (m: Model) => {
    const r = m.resources.find((x) => x.kind === 'apigateway-rest-api')!;
    return whoCanLines(m, 'execute-api:Invoke', `${r.arn}/prod/GET/items`);
  };
  const body = (policy: unknown) =>
    JSON.stringify({
      swagger: '2.0',
      info: { title: 'api' },
      paths: {},
      'x-amazon-apigateway-policy': policy,
    });

  it('the body`s policy is the API`s resource policy', () => {
    expect(lines(tf({ body: body(open) }))).toContain('anonymous allow');
  });

  it('`policy` overrides the body`s', () => {
    const m = tf({ body: body(open), policy: JSON.stringify(partner) });
    expect(lines(m).some((l) => l.startsWith('anonymous'))).toBe(false);
    expect(lines(m)).toContain('arn:aws:iam::444455556666:root allow');
  });

  it('a YAML body is read as API Gateway imports it ("only OpenAPI definition JSON/YAML files are supported")', () => {
    const yaml = `swagger: "2.0"\ninfo: { title: api }\npaths: {}\nx-amazon-apigateway-policy: ${JSON.stringify(open)}\n`;
    expect(lines(tf({ body: yaml }))).toContain('anonymous allow');
  });

  it('a body that is neither JSON nor YAML may carry a policy: indeterminate, with a warning', () => {
    const m = tf({ body: 'swagger: "2.0"\n  bad: [\n' });
    expect(lines(m)).toContain('anonymous indeterminate');
    expect(m.findings.some((f) => f.code === 'tf/rest-api-policy-unknown')).toBe(true);
  });
});
