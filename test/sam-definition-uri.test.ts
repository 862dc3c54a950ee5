// AWS::Serverless::Api `DefinitionUri` naming a local OpenAPI file (src/adapters/cloudformation/
// local-artifacts.ts, sam/api.ts `localDefinition`). AWS SAM Developer Guide, AWS::Serverless::Api,
// DefinitionUri: "Amazon S3 Uri, local file path, or location object of the the OpenAPI document
// defining the API ... If a local file path is provided, the template must go through the
// workflow that includes the `sam deploy` or `sam package` command"; the AWS CLI,
// `cloudformation package`: "This command can upload local artifacts referenced in the following
// places: ... DefinitionUri property for the AWS::Serverless::Api resource", "The relative path is
// a location that is relative to your template's location." The uploaded file is the API's body,
// so its `x-amazon-apigateway-policy` ("Specifies a resource policy for a REST API", API Gateway
// Developer Guide) is the API's resource policy. Before, every such API was left with an unknown
// policy (BodyS3Location): who may invoke it was indeterminate even with the file beside the
// template.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTemplateObject, readTemplateFile } from '../src/adapters/cloudformation/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { findingsOf, loadFixture, SAM_FIXTURES, whoCanLines } from './helpers/sam.js';

const model = loadFixture('definition-uri/template.yaml');

function api(m: Model, logicalId: string) {
  return m.resources.find((r) => r.kind === 'apigateway-rest-api' && r.source.logicalId === logicalId)!;
}
const invoke = (logicalId: string) =>
  whoCanLines(model, 'execute-api:Invoke', `${api(model, logicalId).arn}/Prod/GET/items`);

describe('DefinitionUri naming a local OpenAPI file', () => {
  it('the file`s x-amazon-apigateway-policy is the API`s resource policy (was unknown)', () => {
    const policy = api(model, 'LocalApi').policy!;
    expect(policy.unknown).toBeUndefined();
    expect(policy.statements.map((s) => s.principal?.aws?.values)).toEqual([
      ['arn:aws:iam::444455556666:root'],
    ]);
    const lines = invoke('LocalApi');
    expect(lines).toContain('arn:aws:iam::444455556666:root allow');
    expect(lines.some((l) => l.startsWith('anonymous'))).toBe(false);
  });

  it('a JSON file in a subdirectory, relative to the template: open to anyone', () => {
    expect(invoke('JsonApi')).toContain('anonymous allow');
  });

  it('an event`s Auth.ResourcePolicy is not added: SAM edits only a DefinitionBody', () => {
    // samtranslator/model/eventsources/push.py `_add_swagger_integration`: `swagger_body =
    // api.get("DefinitionBody")`, `if swagger_body is None: return`. Adding the event's
    // AwsAccountBlacklist Deny would hide the access the file's policy grants 444455556666.
    expect(api(model, 'LocalApi').policy!.statements.some((s) => String(s.effect) === 'Deny')).toBe(false);
  });

  it('a file that is not there, an S3 URI, a file writing an intrinsic: the policy stays unknown', () => {
    for (const id of ['MissingApi', 'S3Api', 'IntrinsicApi'])
      expect(api(model, id).policy?.unknown, id).toBeDefined();
    const notRead = findingsOf(model, 'sam/definition-not-read');
    expect(notRead.map((f) => f.source?.pointer).sort()).toEqual([
      '/Resources/IntrinsicApi/Properties/DefinitionUri',
      '/Resources/MissingApi/Properties/DefinitionUri',
    ]);
    // "Intrinsic functions are not supported in external OpenApi files referenced by DefinitionUri"
    expect(notRead.find((f) => f.source?.pointer?.includes('IntrinsicApi'))?.message).toContain('Fn::Sub');
  });

  it('Auth with DefinitionUri, which SAM rejects: a warning, the policy unknown', () => {
    // samtranslator/model/api/api_generator.py `_add_auth`: "Auth works only with inline Swagger
    // specified in 'DefinitionBody' property."
    expect(api(model, 'AuthApi').policy?.unknown).toBeDefined();
    const f = findingsOf(model, 'sam/invalid-property').find((x) => x.source?.pointer?.includes('AuthApi'));
    expect(f?.message).toContain('DefinitionBody');
  });
});

describe('CloudFormation BodyS3Location naming a local file', () => {
  // The AWS CLI, `cloudformation package`: "This command can upload local artifacts referenced in
  // the following places: BodyS3Location property for the AWS::ApiGateway::RestApi resource".
  const cfn = loadFixture('definition-uri/cfn-template.yaml');

  it('the file`s x-amazon-apigateway-policy is the API`s resource policy (was unknown)', () => {
    const policy = api(cfn, 'LocalBody').policy!;
    expect(policy.unknown).toBeUndefined();
    expect(policy.statements[0]!.resource?.values).toEqual([`${api(cfn, 'LocalBody').arn}/*`]);
    expect(policy.statements[0]!.source?.pointer).toMatch(
      /^\/Resources\/LocalBody\/Properties\/BodyS3Location\//,
    );
  });

  it('an absent file, or a Policy besides the file`s policy (which one the API keeps is not documented): unknown', () => {
    expect(api(cfn, 'MissingBody').policy?.unknown?.reason).toContain('not found');
    expect(api(cfn, 'BothPolicies').policy?.unknown).toBeDefined();
  });
});

describe('Fn::Transform AWS::Include of a local file', () => {
  // The AWS CLI, `cloudformation package`: it uploads the "Location parameter for the
  // AWS::Include transform"; AWS::Include "inserts the contents of the specified file at the
  // location of the transform in the template"; "Macros are evaluated in order, based on their
  // location in the template, from the most deeply nested outward to the most general"
  // (CloudFormation User Guide, "Macro evaluation order"): SAM reads the included DefinitionBody.
  // Before, the include was not applied: the API's policy unknown, every resource maybe-present.
  const included = loadFixture('definition-uri/include-template.yaml');

  it('an included DefinitionBody is the body SAM edits: its policy, its intrinsics resolved, SAM`s Deny appended', () => {
    const policy = api(included, 'IncludedApi').policy!;
    expect(policy.unknown).toBeUndefined();
    expect(policy.statements.map((s) => String(s.effect))).toEqual(['Allow', 'Deny']);
    expect(policy.statements[0]!.resource?.values).toEqual([`${api(included, 'IncludedApi').arn}/*`]);
    const lines = whoCanLines(
      included,
      'execute-api:Invoke',
      `${api(included, 'IncludedApi').arn}/Prod/GET/items`,
    );
    expect(lines).toContain('anonymous allow');
    expect(lines.some((l) => l.startsWith('arn:aws:iam::444455556666:root'))).toBe(false);
  });

  it('resources included in Resources are the stack`s, and the stack is not left unexpanded', () => {
    const auditor = included.roles.find((r) => r.name === 'included-auditor');
    expect(auditor?.presence).toBeUndefined();
    expect(findingsOf(included, 'cfn/transform-not-applied')).toEqual([]);
  });

  it('an include of a file that is not there stays unexpanded', () => {
    const m = loadFixture('definition-uri/missing-include.yaml');
    expect(findingsOf(m, 'cfn/transform-not-applied')).toHaveLength(1);
  });
});

describe('the directory local paths are relative to', () => {
  // "The relative path is a location that is relative to your template's location": the
  // template file's own directory, even when it is loaded from another one (a nested template).
  it('reads the file beside the template file, not beside the directory it was loaded from', () => {
    const file = join(SAM_FIXTURES, 'definition-uri/nested/child.yaml');
    const parsed = readTemplateFile(file);
    const builder = new ModelBuilder();
    loadTemplateObject(parsed.value, builder, {
      file,
      baseDir: SAM_FIXTURES,
      stackName: 'child',
      account: '123456789012',
      region: 'eu-west-1',
    });
    const policy = api(builder.build(), 'ChildApi').policy!;
    expect(policy.unknown).toBeUndefined();
    expect(policy.statements[0]!.principal?.aws?.values).toEqual(['arn:aws:iam::444455556666:root']);
  });
});

describe('AWS::Serverless::HttpApi with DefinitionUri and Auth', () => {
  // samtranslator/model/api/http_api_generator.py `_add_auth`: "Auth works only with inline
  // OpenApi specified in the 'DefinitionBody' property." Before, the template was taken as valid.
  function load(props: Record<string, unknown>) {
    const builder = new ModelBuilder();
    loadTemplateObject(
      {
        Transform: 'AWS::Serverless-2016-10-31',
        Resources: { Http: { Type: 'AWS::Serverless::HttpApi', Properties: props } },
      },
      builder,
      { stackName: 'app', account: '123456789012', region: 'eu-west-1' },
    );
    return findingsOf(builder.build(), 'sam/invalid-property');
  }
  const auth = { Authorizers: { A: { FunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:a' } } };

  it('is a template SAM rejects, reported at Auth', () => {
    const found = load({ DefinitionUri: 's3://bucket/api.yaml', Auth: auth });
    expect(found.map((f) => f.source?.pointer)).toEqual(['/Resources/Http/Properties/Auth']);
  });

  it('Auth with an inline DefinitionBody is not', () => {
    expect(load({ DefinitionBody: { openapi: '3.0.1', paths: {} }, Auth: auth })).toEqual([]);
  });
});
