// AWS::Lambda::Permission with `FunctionName: !Ref SomeVersion` (an AWS::Lambda::Version) or an
// alias whose name the inputs leave unknown: the permission is on that function, with a qualifier
// (src/adapters/cloudformation/resource-identity.ts `qualifiedFunction`; the qualifier read by
// src/aws/lambda.ts `parseFunctionName`), not an unknown target kept maybe-present on every
// function (a follow-up, hmisc17, found a principal allowed to invoke one version read as perhaps
// invoking every function of the template).
//
// - AWS::Lambda::Version, Return values: "When you pass the logical ID of this resource to the
//   intrinsic Ref function, Ref returns the ARN of the version, such as
//   arn:aws:lambda:us-west-2:123456789012:function:helloworld:1." (CloudFormation Template
//   Reference, https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-version.html)
// - AWS::Lambda::Alias, Return values: Ref returns the ARN of the alias (CloudFormation Template
//   Reference, AWS::Lambda::Alias).
// - "If you use an alias name (such as helloworld:PROD), the permission allows you to invoke the
//   helloworld function using the alias ARN (helloworld:PROD). If you attempt to invoke the
//   function without an alias or a specific version, then you get a permission error." (AWS Lambda
//   Developer Guide, "Using Lambda aliases in event sources and permissions policies")

import { describe, expect, it } from 'vitest';
import { qualifiedFunctionArns } from '../src/aws/lambda.js';
import { compileModel } from '../src/engine/index.js';
import { ACCOUNT, findingsOf, modelOf, REGION } from './fixtures/cfn/load.js';

const web = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:web`;
const other = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:other`;
const CALLER = 'arn:aws:iam::999988887777:root';

function fn(name: string) {
  return {
    Type: 'AWS::Lambda::Function',
    Properties: {
      FunctionName: name,
      Role: `arn:aws:iam::${ACCOUNT}:role/r`,
      Code: { ZipFile: 'x' },
    },
  };
}

function load(extra: Record<string, unknown>, functionName: unknown) {
  const template = {
    Parameters: { AliasName: { Type: 'String' } },
    Resources: {
      Web: fn('web'),
      Other: fn('other'),
      ...extra,
      Perm: {
        Type: 'AWS::Lambda::Permission',
        Properties: {
          FunctionName: functionName,
          Action: 'lambda:InvokeFunction',
          Principal: '999988887777',
        },
      },
    },
  };
  const m = modelOf(JSON.stringify(template));
  const engine = compileModel(m);
  const invoke = (resource: string) =>
    engine.decide({ principal: CALLER, action: 'lambda:InvokeFunction', resource }).decision;
  return { m, invoke };
}

describe('a Lambda permission on !Ref of a version', () => {
  const { m, invoke } = load(
    { Ver: { Type: 'AWS::Lambda::Version', Properties: { FunctionName: { Ref: 'Web' } } } },
    { Ref: 'Ver' },
  );

  it('is on that function only, not an unknown target on every function', () => {
    // Old: Ref of an AWS::Lambda::Version was unknown: `cfn/unresolved-target`, and the statement
    // kept maybe-present on every function (other's unqualified ARN: indeterminate, not deny).
    expect(findingsOf(m, 'cfn/unresolved-target')).toHaveLength(0);
    expect(invoke(other)).toBe('deny');
    expect(invoke(`${other}:1`)).toBe('deny');
    expect(m.resources.find((r) => r.arn === other)?.policy).toBeUndefined();
  });

  it('its unqualified ARN is not granted; some version of it may be (its number is unknown)', () => {
    expect(invoke(web)).toBe('deny');
    expect(invoke(`${web}:1`)).toBe('indeterminate');
  });

  it('the matrix evaluates a stand-in qualified ARN of it (qualifiedFunctionArns): indeterminate there', () => {
    const r = m.resources.find((x) => x.arn === web)!;
    const arns = qualifiedFunctionArns(r);
    expect(arns).toEqual([`${web}:(unknown-qualifier)`]);
    expect(invoke(arns[0]!)).toBe('indeterminate');
  });
});

describe('a Lambda permission on !Ref of an alias', () => {
  it('a known alias name: that alias ARN only', () => {
    const { invoke } = load(
      {
        Live: {
          Type: 'AWS::Lambda::Alias',
          Properties: { FunctionName: { Ref: 'Web' }, FunctionVersion: '1', Name: 'live' },
        },
      },
      { Ref: 'Live' },
    );
    expect(invoke(`${web}:live`)).toBe('allow');
    expect(invoke(web)).toBe('deny');
    expect(invoke(other)).toBe('deny');
  });

  it('an alias name from a parameter without a default: that function, some qualifier', () => {
    const { m, invoke } = load(
      {
        Live: {
          Type: 'AWS::Lambda::Alias',
          Properties: { FunctionName: { Ref: 'Web' }, FunctionVersion: '1', Name: { Ref: 'AliasName' } },
        },
      },
      { Ref: 'Live' },
    );
    // Old: the alias ARN was unknown as a whole: kept on every function (other: indeterminate).
    expect(findingsOf(m, 'cfn/unresolved-target')).toHaveLength(0);
    expect(invoke(other)).toBe('deny');
    expect(invoke(web)).toBe('deny');
    expect(invoke(`${web}:live`)).toBe('indeterminate');
  });

  it('a version of a function the inputs leave unknown stays an unknown target (every function, maybe)', () => {
    const { m, invoke } = load(
      { Ver: { Type: 'AWS::Lambda::Version', Properties: { FunctionName: { Ref: 'AliasName' } } } },
      { Ref: 'Ver' },
    );
    expect(findingsOf(m, 'cfn/unresolved-target').length).toBeGreaterThan(0);
    expect(invoke(other)).toBe('indeterminate');
  });
});
