// Lambda permissions on a version or alias (AWS::Lambda::Permission on an alias or version ARN,
// `FunctionName: !Ref Alias`; aws_lambda_permission `qualifier`), and deploy-time code that writes
// such a permission. AWS Lambda Developer Guide, "Using Lambda aliases in event sources and
// permissions policies" (https://docs.aws.amazon.com/lambda/latest/dg/using-aliases.html): "The
// scope of that permission depends on whether you apply it to an alias, a version, or the entire
// function. For example, if you use an alias name (such as helloworld:PROD), the permission allows
// you to invoke the helloworld function using the alias ARN (helloworld:PROD). If you attempt to
// invoke the function without an alias or a specific version, then you get a permission error.
// This permission error still occurs even if you attempt to directly invoke the function version
// associated with the alias." AddPermission, Qualifier (Lambda API Reference): "If the qualifier is
// not specified, the permission is valid only when requests is made using unqualified function
// ARN."

import { describe, expect, it } from 'vitest';
import { loadTemplateObject } from '../src/adapters/cloudformation/index.js';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { deployTimeRoleReach } from '../src/analysis/deploy-time-reach.js';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { reviewRisks } from '../src/analysis/risks.js';
import { narrowAccessChange, accessChangeOf } from '../src/aws/access-changes.js';
import { functionPolicyPatterns, qualifiedFunctionArns } from '../src/aws/lambda.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { ACCOUNT, modelOf, REGION } from './fixtures/cfn/load.js';
import { customResourceResources, lambdaTrust } from './helpers/custom-resource-template.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const fn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:web`;
const OTHER = 'arn:aws:iam::999988887777:root';

/** The model of a template, with the role-chain reach the loaders give (analysis/deploy-time-reach.ts). */
function loaded(template: unknown) {
  const b = new ModelBuilder({ roleReach: deployTimeRoleReach });
  loadTemplateObject(template, b, { account: ACCOUNT, region: REGION, stackName: 'test', file: 't.json' });
  return b.build();
}

/** The function `web`, its role `web-role` allowed `action` on every resource. */
function webFunction(action: string): Record<string, unknown> {
  return {
    Web: {
      Type: 'AWS::Lambda::Function',
      Properties: { FunctionName: 'web', Role: { 'Fn::GetAtt': ['WebRole', 'Arn'] }, Code: { ZipFile: 'x' } },
    },
    WebRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'web-role',
        AssumeRolePolicyDocument: lambdaTrust,
        Policies: [
          {
            PolicyName: 'p',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }],
            },
          },
        ],
      },
    },
  };
}

describe('a permission on an alias or version applies to requests on that ARN only', () => {
  const template = {
    Resources: {
      ...webFunction('logs:PutLogEvents'),
      Ver: { Type: 'AWS::Lambda::Version', Properties: { FunctionName: { Ref: 'Web' } } },
      Live: {
        Type: 'AWS::Lambda::Alias',
        Properties: { FunctionName: { Ref: 'Web' }, FunctionVersion: '1', Name: 'live' },
      },
      OnAlias: {
        Type: 'AWS::Lambda::Permission',
        Properties: {
          FunctionName: { Ref: 'Live' },
          Action: 'lambda:InvokeFunction',
          Principal: '999988887777',
        },
      },
      OnVersion: {
        Type: 'AWS::Lambda::Permission',
        Properties: { FunctionName: `${fn}:7`, Action: 'lambda:InvokeFunction', Principal: '444455556666' },
      },
      OnFunction: {
        Type: 'AWS::Lambda::Permission',
        Properties: {
          FunctionName: { Ref: 'Web' },
          Action: 'lambda:InvokeFunction',
          Principal: '777788889999',
        },
      },
    },
  };
  const engine = compileModel(modelOf(JSON.stringify(template)));
  const invoke = (principal: string, resource: string) =>
    engine.decide({ principal, action: 'lambda:InvokeFunction', resource }).decision;

  it('FunctionName !Ref Alias: the alias ARN only, not the function nor the version it points to', () => {
    expect(invoke(OTHER, `${fn}:live`)).toBe('allow');
    expect(invoke(OTHER, fn)).toBe('deny');
    expect(invoke(OTHER, `${fn}:1`)).toBe('deny');
  });

  it('a version ARN: that version only', () => {
    const p = 'arn:aws:iam::444455556666:root';
    expect(invoke(p, `${fn}:7`)).toBe('allow');
    expect(invoke(p, fn)).toBe('deny');
    expect(invoke(p, `${fn}:live`)).toBe('deny');
  });

  it('the unqualified function: the unqualified ARN only', () => {
    const p = 'arn:aws:iam::777788889999:root';
    expect(invoke(p, fn)).toBe('allow');
    expect(invoke(p, `${fn}:live`)).toBe('deny');
    expect(invoke(p, `${fn}:7`)).toBe('deny');
  });

  it('Terraform aws_lambda_permission qualifier: the same rule', () => {
    const dir = tempDir('iamspec-lambda-qualifier-');
    writeFileIn(
      dir,
      'main.tf',
      `provider "aws" { region = "${REGION}" }
resource "aws_lambda_function" "web" {
  function_name = "web"
  role          = "arn:aws:iam::${ACCOUNT}:role/web-role"
}
resource "aws_lambda_permission" "alias" {
  function_name = aws_lambda_function.web.function_name
  qualifier     = "live"
  action        = "lambda:InvokeFunction"
  principal     = "999988887777"
}
`,
    );
    const b = new ModelBuilder();
    loadTerraformConfig(dir, b, { account: ACCOUNT });
    const e = compileModel(b.build());
    const call = (resource: string) =>
      e.decide({ principal: OTHER, action: 'lambda:InvokeFunction', resource }).decision;
    expect(call(`${fn}:live`)).toBe('allow');
    expect(call(fn)).toBe('deny');
  });
});

describe('the review and the matrix: requests on the versions and aliases a function policy or URL names', () => {
  // "If you use an alias name (such as helloworld:PROD), the permission allows you to invoke the
  // helloworld function using the alias ARN (helloworld:PROD)" ("Using Lambda aliases in event
  // sources and permissions policies"): a grant on the alias is access the function's own ARN
  // does not show.
  const template = `Resources:
  Fn: {Type: AWS::Lambda::Function, Properties: {FunctionName: web, Role: arn:aws:iam::${ACCOUNT}:role/x, Code: {ZipFile: x}}}
  Live: {Type: AWS::Lambda::Alias, Properties: {FunctionName: !Ref Fn, FunctionVersion: '1', Name: live}}
  OnAlias: {Type: AWS::Lambda::Permission, Properties: {FunctionName: !Ref Live, Action: lambda:InvokeFunction, Principal: '999988887777'}}
  Url: {Type: AWS::Lambda::Url, Properties: {TargetFunctionArn: !Ref Fn, Qualifier: prod, AuthType: NONE}}
  UrlPublic: {Type: AWS::Lambda::Permission, Properties: {FunctionName: !Sub '\${Fn.Arn}:prod', Action: lambda:InvokeFunctionUrl, Principal: '*', FunctionUrlAuthType: NONE}}
  UrlInvoke: {Type: AWS::Lambda::Permission, Properties: {FunctionName: !Sub '\${Fn.Arn}:prod', Action: lambda:InvokeFunction, Principal: '*', InvokedViaFunctionUrl: true}}
`;
  const model = modelOf(template);
  const engine = compileModel(model);

  it('qualifiedFunctionArns: the alias of a permission and the alias of a URL', () => {
    const web = model.resources.find((r) => r.arn === fn)!;
    expect(qualifiedFunctionArns(web)).toEqual([`${fn}:live`, `${fn}:prod`]);
  });

  it('the matrix has a column for each (none before)', () => {
    const arns = buildMatrix(engine).resources.map((r) => r.arn);
    expect(arns).toEqual(expect.arrayContaining([fn, `${fn}:live`, `${fn}:prod`]));
  });

  it('the review reports the cross-account grant on the alias and the public URL of the alias (silent before)', () => {
    const risks = reviewRisks(engine);
    const live = risks.find((f) => f.kind === 'cross-account-access' && f.subject === `${fn}:live`);
    expect(live?.message).toContain('999988887777');
    const prod = risks.find((f) => f.kind === 'public-access' && f.subject === `${fn}:prod`);
    expect(prod?.severity).toBe('high');
    // the URL of the alias is the one without authentication (the function's own has none)
    expect(prod?.message).toContain('through its function URL (AuthType NONE)');
    // the unqualified function is granted nothing
    expect(risks.some((f) => f.subject === fn)).toBe(false);
  });
});

describe('SAM AutoPublishAlias with a public FunctionUrlConfig: the URL and its permissions are on the alias', () => {
  // AWS SAM, AWS::Serverless::Function FunctionUrlConfig: SAM makes the URL of the function, or of
  // its alias when AutoPublishAlias is set, and the public permissions of AuthType NONE on it.
  it('the review reports the alias as open to anyone through its URL (no finding before)', () => {
    const model = modelOf(`Transform: AWS::Serverless-2016-10-31
Resources:
  Web:
    Type: AWS::Serverless::Function
    Properties: {FunctionName: web, Runtime: nodejs20.x, Handler: index.handler, InlineCode: x, AutoPublishAlias: live, FunctionUrlConfig: {AuthType: NONE}}
`);
    const open = reviewRisks(compileModel(model)).filter((f) => f.kind === 'public-access');
    expect(open.map((f) => [f.subject, f.severity])).toEqual([[`${fn}:live`, 'high']]);
    expect(open[0]!.message).toContain('through its function URL (AuthType NONE)');
  });
});

describe('deploy-time code allowed lambda:AddPermission on an alias writes its function policy', () => {
  it('functionPolicyPatterns: a qualified ARN is its function; a wildcard in the name is cut there', () => {
    expect(functionPolicyPatterns(`${fn}:live`)).toEqual([`${fn}:live`, fn]);
    expect(functionPolicyPatterns(`${fn}:*`)).toEqual([`${fn}:*`, fn]);
    expect(functionPolicyPatterns(fn)).toEqual([fn]);
    // `w*e` matches web:live (whose function is web) but not web itself
    const head = `arn:aws:lambda:*:*:function:`;
    expect(functionPolicyPatterns(`${head}w*e`)).toEqual([`${head}w*e`, `${head}w*`]);
    expect(functionPolicyPatterns('arn:aws:s3:::bucket/*')).toEqual(['arn:aws:s3:::bucket/*']);
    const change = narrowAccessChange('lambda:AddPermission', accessChangeOf('lambda:AddPermission')!, [
      `${fn}:live`,
    ]);
    expect(change.resourceArns).toEqual([`${fn}:live`, fn]);
  });

  it("Resource the alias ARN: web's policy may get statements, so web:live's callers are indeterminate (denied before)", () => {
    const t = {
      Resources: {
        ...webFunction('logs:PutLogEvents'),
        ...customResourceResources(['lambda:AddPermission'], `${fn}:live`),
      },
    };
    const engine = compileModel(loaded(t));
    const d = engine.decide({ principal: OTHER, action: 'lambda:InvokeFunction', resource: `${fn}:live` });
    expect(d.decision).toBe('indeterminate');
  });
});

describe('deploy-time code that may call a function through its public URL is bounded by that function', () => {
  // "NONE – Lambda doesn't perform any authentication before invoking your function. However,
  // your function's resource-based policy is always in effect and must grant public access before
  // your function URL can receive requests." (AWS Lambda Developer Guide, "Control access to Lambda
  // function URLs"). The public statements allow the custom resource's role too: its code may run
  // web's code, which acts as web-role, and nothing else.
  const url = {
    Type: 'AWS::Lambda::Url',
    Properties: { TargetFunctionArn: { 'Fn::GetAtt': ['Web', 'Arn'] }, AuthType: 'NONE' },
  };
  const urlPermission = {
    Type: 'AWS::Lambda::Permission',
    Properties: {
      FunctionName: { Ref: 'Web' },
      Action: 'lambda:InvokeFunctionUrl',
      Principal: '*',
      FunctionUrlAuthType: 'NONE',
    },
  };
  const invokePermission = {
    Type: 'AWS::Lambda::Permission',
    Properties: {
      FunctionName: { Ref: 'Web' },
      Action: 'lambda:InvokeFunction',
      Principal: '*',
      InvokedViaFunctionUrl: true,
    },
  };
  const bucket = { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'data' } };
  const getObject = (webAction: string, permissions: Record<string, unknown>) => {
    const t = {
      Resources: {
        ...webFunction(webAction),
        Url: url,
        B: bucket,
        ...permissions,
        ...customResourceResources(['sqs:SetQueueAttributes'], '*'),
      },
    };
    const model = loaded(t);
    return {
      decision: compileModel(model).decide({
        principal: OTHER,
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::data/x',
      }).decision,
      message: model.findings.find((f) => f.code === 'cfn/custom-resource-changes-access')?.message ?? '',
    };
  };

  it("web's role narrow: the bucket's policy stays as the template writes it (it was unbounded before)", () => {
    const r = getObject('logs:PutLogEvents', { Perm: urlPermission, Invoke: invokePermission });
    expect(r.decision).toBe('deny');
    // web's code runs as web-role, which changes no access: only the custom resource's own reach
    expect(r.message).not.toContain("users' and roles' policies");
    expect(r.message).toContain('the policies of sqs-queue resources');
  });

  it("only lambda:InvokeFunctionUrl granted, web's role may write bucket policies: indeterminate (denied before)", () => {
    // a URL made before October 2025 needs lambda:InvokeFunctionUrl alone
    const r = getObject('s3:PutBucketPolicy', { Perm: urlPermission });
    expect(r.decision).toBe('indeterminate');
    expect(r.message).toContain(`is allowed lambda:InvokeFunctionUrl by the policy of ${fn}`);
  });
});
