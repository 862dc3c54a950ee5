// A template with AWS::Serverless::* resources and no `Transform: AWS::Serverless-2016-10-31`
// (src/adapters/cloudformation/session.ts `reportSamTypesWithoutTransform`). AWS SAM Developer
// Guide, "AWS SAM template anatomy": "The declaration Transform: AWS::Serverless-2016-10-31 is
// required for AWS SAM template files. This declaration identifies an CloudFormation template file
// as an AWS SAM template file." Without it CloudFormation rejects the template ("Template format
// error: Unrecognized resource types: [AWS::Serverless::Function]"). Before, the resources were
// only "a type iamspec does not model" (cfn/unhandled-resource-type), which hid that the template
// cannot deploy; iamspec still does not expand them as if the transform were declared.

import { describe, expect, it } from 'vitest';
import { loadTemplateObject } from '../src/adapters/cloudformation/index.js';
import { ModelBuilder } from '../src/model/builder.js';

const functionResource = {
  Type: 'AWS::Serverless::Function',
  Properties: {
    Handler: 'index.handler',
    Runtime: 'python3.12',
    CodeUri: 's3://code/fn.zip',
    Policies: ['AmazonS3FullAccess'],
  },
};

function load(template: Record<string, unknown>) {
  const builder = new ModelBuilder();
  loadTemplateObject(template, builder, { file: 'app.yaml', account: '123456789012', region: 'eu-west-1' });
  return builder.build();
}

describe('AWS::Serverless resources without the SAM transform', () => {
  it('an error at the first such resource, naming each, and nothing expanded', () => {
    const model = load({
      Resources: {
        Bucket: { Type: 'AWS::S3::Bucket' },
        Fn: functionResource,
        Table: { Type: 'AWS::Serverless::SimpleTable' },
      },
    });
    const errors = model.findings.filter((f) => f.code === 'cfn/sam-transform-missing');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.severity).toBe('error');
    expect(errors[0]!.source?.pointer).toBe('/Resources/Fn');
    expect(errors[0]!.message).toContain('Fn, Table are AWS::Serverless resources');
    expect(errors[0]!.message).toContain('Transform: AWS::Serverless-2016-10-31');
    // not transformed silently: no role SAM would generate
    expect(model.roles.some((r) => (r.source.generatedLogicalId ?? r.source.logicalId) === 'FnRole')).toBe(
      false,
    );
    // and not dropped: the function's policies stay unknown
    expect(
      model.findings.some((f) => f.code === 'cfn/unhandled-resource-type' && f.source?.logicalId === 'Fn'),
    ).toBe(true);
  });

  it('with the transform declared, no such error (the resources are expanded)', () => {
    const model = load({ Transform: 'AWS::Serverless-2016-10-31', Resources: { Fn: functionResource } });
    expect(model.findings.filter((f) => f.code === 'cfn/sam-transform-missing')).toEqual([]);
    expect(model.roles.some((r) => (r.source.generatedLogicalId ?? r.source.logicalId) === 'FnRole')).toBe(
      true,
    );
  });
});
