// A transform iamspec does not expand (src/adapters/cloudformation/unexpanded-transform.ts): a
// template-level macro (`Transform: ExecutionRoleBuilder`, the corpus's
// execution-role-builder-macro example) or `Fn::Transform` AWS::Include in place of resources.
// CloudFormation deploys the processed template, which may differ from the template as written
// in any way, so checks that depend on the stack's contents are indeterminate, never a pass. They
// passed: the macro example's role reads `mygreatbucket1` once processed, yet `onlyPrincipals: []`
// on that bucket and `cannot s3:GetObject` for the role held (exit 0, one warning).
//
// CloudFormation User Guide, "Perform custom processing on CloudFormation templates with template
// macros", https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-macros.html:
// "Macros enable you to perform custom processing on templates, from simple actions like
// find-and-replace operations to extensive transformations of entire templates." "AWS::Include
// transform", https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/transform-aws-include.html:
// "Use the AWS::Include transform ... to insert boilerplate content into your templates"; it may
// stand in the Resources section (`'Fn::Transform': {Name: 'AWS::Include', Parameters: {Location}}`).

import { describe, expect, it } from 'vitest';
import { loadTemplateObject } from '../src/adapters/cloudformation/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';

const PAGE =
  'CloudFormation User Guide, "template macros": "Macros enable you to perform custom processing on templates, from simple actions like find-and-replace operations to extensive transformations of entire templates"';
const ACCOUNT = '123456789012';

/** The corpus example (aws-cloudformation-templates, ExecutionRoleBuilder/example.yaml), as an object. */
const MACRO_EXAMPLE = {
  AWSTemplateFormatVersion: '2010-09-09',
  Parameters: { PermissionBoundaryArn: { Type: 'String', Default: `arn:aws:iam::${ACCOUNT}:policy/pb` } },
  Transform: 'ExecutionRoleBuilder',
  Resources: {
    ExecutionRoleBuilderMacroTestRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        Type: 'Lambda',
        Name: 'ExecutionRoleForAppA',
        Path: '/boundedexecroles/',
        PermissionsBoundary: { Ref: 'PermissionBoundaryArn' },
        Permissions: [{ ReadOnly: 'arn:aws:s3:::mygreatbucket1' }],
      },
    },
  },
};

const plainUser = {
  Type: 'AWS::IAM::User',
  Properties: {
    UserName: 'v',
    Policies: [
      {
        PolicyName: 'p',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::logs' }],
        },
      },
    ],
  },
};

function check(template: Record<string, unknown>, spec: string) {
  const b = new ModelBuilder();
  loadTemplateObject(template, b, { account: ACCOUNT, region: 'us-west-2', file: 't.yaml' });
  const model = b.build();
  const r = runSpec(model, parseSpec(spec), { engine: compileModel(model) });
  return { model, status: Object.fromEntries(r.expectations.map((e) => [e.id, e.status])) };
}

const SPEC = `version: 1
expect:
  - id: nobody-reads
    resource: "arn:aws:s3:::mygreatbucket1/*"
    action: s3:GetObject
    onlyPrincipals: []
  - id: v-cannot
    principal: user/v
    cannot: [ { action: s3:GetObject, resource: "arn:aws:s3:::mygreatbucket1/x" } ]
  - id: v-can
    principal: user/v
    can: [ { action: s3:ListBucket, resource: "arn:aws:s3:::logs" } ]
`;

describe(`transforms iamspec does not expand (${PAGE})`, () => {
  it('a template-level macro: checks on the stack are indeterminate (were: pass), one warning says why', () => {
    const { model, status } = check(
      { ...MACRO_EXAMPLE, Resources: { ...MACRO_EXAMPLE.Resources, V: plainUser } },
      SPEC,
    );
    expect(status, PAGE).toEqual({
      'nobody-reads': 'indeterminate',
      'v-cannot': 'indeterminate',
      'v-can': 'indeterminate',
    });
    const transform = model.findings.filter((f) => f.code === 'cfn/transform-not-applied');
    expect(transform).toHaveLength(1);
    expect(transform[0]!.message).toContain('ExecutionRoleBuilder');
    expect(transform[0]!.message).toContain('--template-stage Processed');
    // the unknown targets it adds are said by that one warning, not by one warning each
    expect(model.findings.some((f) => f.code === 'model/unknown-resource-target')).toBe(false);
    expect(model.findings.some((f) => f.code === 'model/unknown-attachment-target')).toBe(false);
  });

  it('Fn::Transform AWS::Include in Resources: not an invalid resource, and the checks are indeterminate', () => {
    const { model, status } = check(
      {
        Resources: {
          V: plainUser,
          'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://bucket/more.yaml' } },
        },
      },
      SPEC,
    );
    expect(status).toEqual({
      'nobody-reads': 'indeterminate',
      'v-cannot': 'indeterminate',
      'v-can': 'indeterminate',
    });
    expect(model.findings.some((f) => f.code === 'cfn/invalid-resource')).toBe(false);
    expect(model.findings.map((f) => f.code)).toContain('cfn/transform-not-applied');
  });

  it('without a transform the same template is decided', () => {
    const { status } = check({ Resources: { V: plainUser } }, SPEC);
    expect(status).toEqual({ 'nobody-reads': 'pass', 'v-cannot': 'pass', 'v-can': 'pass' });
  });

  it('AWS::LanguageExtensions and the SAM transform are expanded: no unknowns from them', () => {
    const { model, status } = check(
      { Transform: ['AWS::LanguageExtensions', 'AWS::Serverless-2016-10-31'], Resources: { V: plainUser } },
      SPEC,
    );
    expect(status).toEqual({ 'nobody-reads': 'pass', 'v-cannot': 'pass', 'v-can': 'pass' });
    expect(model.findings.some((f) => f.code === 'cfn/transform-not-applied')).toBe(false);
  });

  it("a role's trust policy may differ once processed: who may assume it is indeterminate (was: pass)", () => {
    const role = {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'app',
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        },
      },
    };
    const spec = `version: 1
expect:
  - id: only-ec2
    resource: role/app
    action: sts:AssumeRole
    onlyPrincipals: [ec2.amazonaws.com]
`;
    const include = { Name: 'AWS::Include', Parameters: { Location: 's3://bucket/more.yaml' } };
    expect(check({ Resources: { R: role, 'Fn::Transform': include } }, spec).status).toEqual({
      'only-ec2': 'indeterminate',
    });
    expect(check({ Resources: { R: role } }, spec).status).toEqual({ 'only-ec2': 'pass' });
  });
});
