// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} is Fn::Sub syntax here.
// A CloudFormation parameter's Default read directly by policy text (`Resource: !Sub
// 'arn:aws:s3:::q-${Env}/*'`, `Env` with `Default: dev`) was decided with the default and NO
// finding, while a condition decided from a default in an `Fn::If` of a policy warns
// `cfn/condition-from-default`. Deployments pass other values (`--parameter-overrides`, a
// pipeline, a CDK `CfnParameter`), so the access decided is that of one deployment only. One
// rule for both uses (src/adapters/cloudformation/stack.ts `isPolicyText`, `takenFromDefault`,
// `valueFromDefault`): the default is used, as CloudFormation does when no value is passed
// (DESIGN.md: only a parameter without a default is unknown), and a warning says so, with the
// other values a deployer may pass (its AllowedValues) and `--parameter NAME=VALUE` to pin it.
// An SSM parameter type (CDK's `BootstrapVersion`) is read at deployment: unknown, no warning.
//
// CloudFormation User Guide, "Parameters" section syntax: Default: "A value of the appropriate
// type for the template to use if no value is specified when a stack is created";
// CloudFormation API Reference, ParameterConstraints: AllowedValues, "A list of values that are
// permitted for a parameter."

import { describe, expect, it } from 'vitest';
import { modelOfTemplate } from './fixtures/cfn/load.js';

const PAGE =
  'CloudFormation "Parameters": Default is "A value of the appropriate type for the template to use if no value is specified when a stack is created"';
const role = (policy: unknown) => ({
  Type: 'AWS::IAM::Role',
  Properties: {
    RoleName: 'reader',
    AssumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    },
    Policies: [{ PolicyName: 'read', PolicyDocument: policy }],
  },
});
const reads = (resource: unknown) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: resource }],
});

function findings(template: Record<string, unknown>, parameters?: Record<string, string>) {
  return modelOfTemplate(template, {
    account: '111122223333',
    region: 'us-east-1',
    file: 't.json',
    ...(parameters ? { parameters } : {}),
  }).findings;
}

const withEnv = (env: Record<string, unknown>, resource: unknown) => ({
  Parameters: {
    Env: { Type: 'String', ...env },
    // what CDK synthesizes in every stack
    BootstrapVersion: {
      Type: 'AWS::SSM::Parameter::Value<String>',
      Default: '/cdk-bootstrap/hnb659fds/version',
    },
  },
  Resources: { Reader: role(reads(resource)) },
});

describe(`a parameter Default read directly by a policy is reported (${PAGE})`, () => {
  it('the reproduction: Resource !Sub with Env from its Default warns, naming the AllowedValues (was: no finding)', () => {
    const f = findings(
      withEnv({ Default: 'dev', AllowedValues: ['dev', 'prod'] }, { 'Fn::Sub': 'arn:aws:s3:::q-${Env}/*' }),
    );
    const w = f.filter((x) => x.code === 'cfn/value-from-default');
    expect(w, PAGE).toHaveLength(1);
    expect(w[0]!.severity).toBe('warning');
    expect(w[0]!.message).toContain('parameter Env');
    expect(w[0]!.message).toContain('"dev"');
    expect(w[0]!.message).toContain('a deployer may pass "prod" (its AllowedValues)');
    expect(w[0]!.message).toContain('--parameter Env=VALUE');
    expect(w[0]!.source?.pointer).toBe(
      '/Resources/Reader/Properties/Policies/0/PolicyDocument/Statement/0/Resource',
    );
  });

  it('without AllowedValues, any value; a Ref and a Fn::Join read it as well', () => {
    const f = findings(
      withEnv({ Default: 'dev' }, { 'Fn::Join': ['', ['arn:aws:s3:::q-', { Ref: 'Env' }, '/*']] }),
    );
    const w = f.filter((x) => x.code === 'cfn/value-from-default');
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain('a deployer may pass any value (it has no AllowedValues)');
  });

  it('a value passed with --parameter pins it: no warning', () => {
    const f = findings(withEnv({ Default: 'dev' }, { 'Fn::Sub': 'arn:aws:s3:::q-${Env}/*' }), {
      Env: 'prod',
    });
    expect(f.filter((x) => x.code === 'cfn/value-from-default')).toEqual([]);
  });

  it("CDK's BootstrapVersion (an SSM parameter type) and a Default outside policy text give none", () => {
    const t = withEnv({ Default: 'dev' }, 'arn:aws:s3:::q/*') as Record<string, Record<string, unknown>>;
    t.Resources!.Bucket = { Type: 'AWS::S3::Bucket', Properties: { BucketName: { 'Fn::Sub': 'q-${Env}' } } };
    t.Rules = {
      CheckBootstrapVersion: {
        Assertions: [
          { Assert: { 'Fn::Not': [{ 'Fn::Contains': [['1', '2'], { Ref: 'BootstrapVersion' }] }] } },
        ],
      },
    };
    expect(findings(t).filter((x) => x.code === 'cfn/value-from-default')).toEqual([]);
  });

  it('an Fn::If on a condition over the Default keeps its own warning, and no second one', () => {
    const t = {
      ...withEnv(
        { Default: 'dev', AllowedValues: ['dev', 'prod'] },
        {
          'Fn::If': ['IsProd', 'arn:aws:s3:::prod/*', 'arn:aws:s3:::dev/*'],
        },
      ),
      Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
    };
    const f = findings(t);
    expect(f.filter((x) => x.code === 'cfn/condition-from-default')).toHaveLength(1);
    expect(f.filter((x) => x.code === 'cfn/value-from-default')).toEqual([]);
  });
});
