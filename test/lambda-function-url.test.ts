// Lambda function URLs: AWS::Lambda::Url / aws_lambda_function_url, the permission properties
// FunctionUrlAuthType / InvokedViaFunctionUrl (function_url_auth_type / invoked_via_function_url)
// and the request context of a call through a URL. AWS Lambda Developer Guide, "Control access to
// Lambda function URLs" (https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html): "Starting
// in October 2025, new function URLs will require both lambda:InvokeFunctionUrl and
// lambda:InvokeFunction permissions", and "NONE – Lambda doesn't perform any authentication before
// invoking your function. However, your function's resource-based policy is always in effect and
// must grant public access before your function URL can receive requests."

import { describe, expect, it } from 'vitest';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { reviewRisks } from '../src/analysis/risks.js';
import { whoCan } from '../src/analysis/who-can.js';
import {
  functionUrlAuthTypeOf,
  lambdaPermissionDocument,
  unsignedFunctionUrlCall,
  urlCertainlyNew,
} from '../src/aws/lambda.js';
import { Unknown } from '../src/model/unknown.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { terraformPlanModel } from './helpers/temp-inputs.js';
import { ACCOUNT, modelOf, REGION } from './fixtures/cfn/load.js';

const fnArn = (name: string, region = REGION, account = ACCOUNT) =>
  `arn:aws:lambda:${region}:${account}:function:${name}`;

const template = `Resources:
  Fn: {Type: AWS::Lambda::Function, Properties: {FunctionName: web, Role: arn:aws:iam::${ACCOUNT}:role/x, Code: {ZipFile: x}}}
  Url: {Type: AWS::Lambda::Url, Properties: {TargetFunctionArn: !GetAtt Fn.Arn, AuthType: NONE}}
  PublicUrl: {Type: AWS::Lambda::Permission, Properties: {FunctionName: !Ref Fn, Action: lambda:InvokeFunctionUrl, Principal: '*', FunctionUrlAuthType: NONE}}
  ViaUrl: {Type: AWS::Lambda::Permission, Properties: {FunctionName: !Ref Fn, Action: lambda:InvokeFunction, Principal: '*', InvokedViaFunctionUrl: true}}
  Iam: {Type: AWS::Lambda::Function, Properties: {FunctionName: iam, Role: arn:aws:iam::${ACCOUNT}:role/x, Code: {ZipFile: x}}}
  IamUrl: {Type: AWS::Lambda::Url, Properties: {TargetFunctionArn: !Ref Iam, AuthType: AWS_IAM}}
  IamPublic: {Type: AWS::Lambda::Permission, Properties: {FunctionName: !Ref Iam, Action: lambda:InvokeFunctionUrl, Principal: '*', FunctionUrlAuthType: NONE}}
  NoUrl: {Type: AWS::Lambda::Function, Properties: {FunctionName: nourl, Role: arn:aws:iam::${ACCOUNT}:role/x, Code: {ZipFile: x}}}
  NoUrlPublic: {Type: AWS::Lambda::Permission, Properties: {FunctionName: !Ref NoUrl, Action: lambda:InvokeFunctionUrl, Principal: '*', FunctionUrlAuthType: NONE}}`;

describe('CloudFormation: AWS::Lambda::Url and the URL permissions', () => {
  const model = modelOf(template);
  const engine = compileModel(model);

  it('models the URL on its function, with its AuthType (no unmodelled-type finding)', () => {
    const web = model.resources.find((r) => r.arn === fnArn('web'))!;
    expect(web.functionUrls?.map((u) => [u.qualifier, u.authType])).toEqual([[undefined, 'NONE']]);
    expect(model.findings.map((f) => f.message).join('\n')).not.toContain('AWS::Lambda::Url');
  });

  it('InvokedViaFunctionUrl: anonymous callers may invoke only through the URL, never directly', () => {
    // "InvokedViaFunctionUrl: Indicates whether the permission applies when the function is
    // invoked through a function URL" (CloudFormation Template Reference, AWS::Lambda::Permission).
    const direct = engine.decide({
      principal: 'anonymous',
      action: 'lambda:InvokeFunction',
      resource: fnArn('web'),
    });
    expect(direct.decision).toBe('deny');
    const viaUrl = engine.decide({
      principal: 'anonymous',
      action: 'lambda:InvokeFunction',
      resource: fnArn('web'),
      context: { 'lambda:InvokedViaFunctionUrl': 'true' },
    });
    expect(viaUrl.decision).toBe('allow');
  });

  it('lambda:FunctionUrlAuthType is the AuthType of the URL the call goes through', () => {
    // "This adds a condition to your permission that only applies when your function URL's
    // AuthType matches the specified FunctionUrlAuthType" (AWS::Lambda::Permission).
    const call = (name: string) =>
      engine.decide({ principal: 'anonymous', action: 'lambda:InvokeFunctionUrl', resource: fnArn(name) })
        .decision;
    expect(call('web')).toBe('allow');
    // the URL requires IAM authentication: the NONE permission never applies
    expect(call('iam')).toBe('deny');
    const free = (name: string) =>
      whoCan(engine, 'lambda:InvokeFunctionUrl', fnArn(name)).entries.find((e) => e.kind === 'anonymous')
        ?.access;
    expect(free('web')).toBe('allow');
    expect(free('iam')).toBeUndefined();
    // no URL in the inputs (one may be made outside them): the AuthType stays free, and no
    // lambda:InvokeFunction is granted, which a URL made since October 2025 needs too (see
    // "a call through a function URL also needs lambda:InvokeFunction" below): indeterminate
    expect(free('nourl')).toBe('indeterminate');
  });

  it('who-can: anyone, through the function URL', () => {
    const r = whoCan(engine, 'lambda:InvokeFunction', fnArn('web'));
    const anyone = r.entries.find((e) => e.kind === 'anonymous')!;
    expect([anyone.access, anyone.channel]).toEqual(['allow', 'through the function URL']);
  });

  it('a public function URL is a public-access finding of the review', () => {
    const risks = reviewRisks(engine).filter((f) => f.kind === 'public-access');
    const web = risks.find((f) => f.subject === fnArn('web'))!;
    expect(web.severity).toBe('high');
    expect(web.message).toContain('through its function URL (AuthType NONE)');
    expect(risks.find((f) => f.subject === fnArn('iam'))?.message ?? '').not.toContain('function URL');
  });
});

describe('Terraform: aws_lambda_function_url and invoked_via_function_url', () => {
  const b = new ModelBuilder();
  loadTerraformConfig('test/fixtures/tf/function-url', b, {});
  const model = b.build();
  const engine = compileModel(model);
  const arn = (name: string) => fnArn(name, 'eu-west-1');
  const anonymous = (name: string, action: string, context?: Record<string, string>) =>
    engine.decide({ principal: 'anonymous', action, resource: arn(name), ...(context ? { context } : {}) })
      .decision;

  it('invoked_via_function_url = true: the direct call is denied (the condition was dropped before)', () => {
    expect(anonymous('site', 'lambda:InvokeFunction')).toBe('deny');
    expect(anonymous('site', 'lambda:InvokeFunction', { 'lambda:InvokedViaFunctionUrl': 'true' })).toBe(
      'allow',
    );
  });

  it('authorization_type NONE: the provider adds FunctionURLAllowPublicAccess, and maybe FunctionURLAllowInvokeAction', () => {
    const web = model.resources.find((r) => r.arn === arn('web'))!;
    expect(web.policy?.statements.map((s) => [s.sid, s.presence !== undefined])).toEqual([
      ['FunctionURLAllowPublicAccess', false],
      ['FunctionURLAllowInvokeAction', true],
    ]);
    // the URL call also needs FunctionURLAllowInvokeAction (URLs made since October 2025)
    expect(anonymous('web', 'lambda:InvokeFunctionUrl')).toBe('indeterminate');
    expect(anonymous('web', 'lambda:InvokeFunction')).toBe('deny');
    // the second statement depends on the provider version: indeterminate, never allow or deny
    expect(anonymous('web', 'lambda:InvokeFunction', { 'lambda:InvokedViaFunctionUrl': 'true' })).toBe(
      'indeterminate',
    );
  });

  it('authorization_type AWS_IAM: no public statement, and function_url_auth_type NONE never applies', () => {
    const internal = model.resources.find((r) => r.arn === arn('internal'))!;
    expect(functionUrlAuthTypeOf(internal.functionUrls, arn('internal'))).toBe('AWS_IAM');
    expect(anonymous('internal', 'lambda:InvokeFunctionUrl')).toBe('deny');
  });

  it('who-can: anyone, through the function URL', () => {
    const anyone = whoCan(engine, 'lambda:InvokeFunction', arn('site')).entries.find(
      (e) => e.kind === 'anonymous',
    )!;
    expect([anyone.access, anyone.channel]).toEqual(['allow', 'through the function URL']);
  });
});

describe('the Lambda permission statement is built in one place (src/aws/lambda.ts)', () => {
  it('InvokedViaFunctionUrl and FunctionUrlAuthType become Bool / StringEquals conditions', () => {
    const { document } = lambdaPermissionDocument(
      {
        principal: '*',
        action: 'lambda:InvokeFunction',
        resource: fnArn('web'),
        invokedViaFunctionUrl: 'true',
      },
      'aws',
    );
    expect((document.Statement as Record<string, unknown>[])[0]!.Condition).toEqual({
      Bool: { 'lambda:InvokedViaFunctionUrl': 'true' },
    });
    const url = lambdaPermissionDocument(
      {
        principal: '*',
        action: 'lambda:InvokeFunctionUrl',
        resource: fnArn('web'),
        functionUrlAuthType: 'NONE',
      },
      'aws',
    );
    expect((url.document.Statement as Record<string, unknown>[])[0]!.Condition).toEqual({
      StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' },
    });
  });

  it('a URL of an alias pins the AuthType only for requests on that alias', () => {
    const urls = [{ qualifier: 'live', authType: 'NONE', source: { file: 't' } }];
    expect(functionUrlAuthTypeOf(urls, `${fnArn('web')}:live`)).toBe('NONE');
    expect(functionUrlAuthTypeOf(urls, fnArn('web'))).toBeUndefined();
  });
});

describe('an anonymous call to an AWS_IAM function URL is rejected whatever the function policy says', () => {
  // "AWS_IAM – Lambda uses AWS Identity and Access Management (IAM) to authenticate and authorize
  // requests ... Choose this option if you want only authenticated users and roles to invoke your
  // function via the function URL." "NONE – Lambda doesn't perform any authentication before
  // invoking your function." (AWS Lambda Developer Guide, "Control access to Lambda function
  // URLs", https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html)
  const fn = (id: string, url: string) => `
  ${id}: {Type: AWS::Lambda::Function, Properties: {FunctionName: ${id.toLowerCase()}, Role: arn:aws:iam::${ACCOUNT}:role/x, Code: {ZipFile: x}}}
  ${id}Any: {Type: AWS::Lambda::Permission, Properties: {FunctionName: !Ref ${id}, Action: lambda:InvokeFunctionUrl, Principal: '*'}}${url ? `\n  ${id}Url: {Type: AWS::Lambda::Url, Properties: {TargetFunctionArn: !GetAtt ${id}.Arn${url}}}` : ''}`;
  const engine = compileModel(
    modelOf(`Parameters:
  Auth: {Type: String}
Resources:${fn('Signed', ', AuthType: AWS_IAM')}${fn('Open', ', AuthType: NONE')}${fn('Unpinned', ', AuthType: !Ref Auth')}${fn('Bare', '')}
  Caller: {Type: AWS::IAM::User, Properties: {UserName: caller, Policies: [{PolicyName: p, PolicyDocument: {Statement: [{Effect: Allow, Action: [lambda:InvokeFunctionUrl, lambda:InvokeFunction], Resource: '*'}]}}]}}`),
  );
  const call = (principal: string, name: string) =>
    engine.decide({ principal, action: 'lambda:InvokeFunctionUrl', resource: fnArn(name) }).decision;

  it('AWS_IAM: anonymous is denied (it was allowed by the Principal * permission before)', () => {
    expect(call('anonymous', 'signed')).toBe('deny');
    const trace = engine.decide(
      { principal: 'anonymous', action: 'lambda:InvokeFunctionUrl', resource: fnArn('signed') },
      { trace: true },
    ).trace;
    expect(trace?.map((t) => t.message).join('\n')).toContain('AuthType AWS_IAM');
    // an authenticated caller is still decided by the policies
    expect(call(`arn:aws:iam::${ACCOUNT}:user/caller`, 'signed')).toBe('allow');
    expect(
      whoCan(engine, 'lambda:InvokeFunctionUrl', fnArn('signed')).entries.some((e) => e.kind === 'anonymous'),
    ).toBe(false);
  });

  it('NONE and no URL in the inputs: the policies decide (only lambda:InvokeFunctionUrl granted: indeterminate)', () => {
    // the permissions grant lambda:InvokeFunctionUrl only: possible through a URL made before
    // October 2025 alone (see below)
    expect(call('anonymous', 'open')).toBe('indeterminate');
    expect(call('anonymous', 'bare')).toBe('indeterminate');
    expect(call('anonymous', 'open')).not.toBe('deny');
  });

  it('an AuthType known only at deployment: indeterminate, never allow or deny', () => {
    expect(call('anonymous', 'unpinned')).toBe('indeterminate');
  });

  it('the rule reads the URL of the alias the request names, and a URL that might not exist', () => {
    const url = (over: object) => [
      { qualifier: undefined, authType: 'AWS_IAM', source: { file: 't' }, ...over },
    ];
    expect(unsignedFunctionUrlCall(url({}), fnArn('web'))).toBe('rejected');
    expect(unsignedFunctionUrlCall(url({}), `${fnArn('web')}:live`)).toBeUndefined();
    expect(unsignedFunctionUrlCall(url({ authType: 'NONE' }), fnArn('web'))).toBeUndefined();
    expect(
      unsignedFunctionUrlCall(url({ presence: new Unknown('count unknown', { file: 't' }) }), fnArn('web')),
    ).toBe('maybe');
    expect(
      unsignedFunctionUrlCall(url({ qualifier: new Unknown('alias unknown', { file: 't' }) }), fnArn('web')),
    ).toBe('maybe');
  });
});

describe('a call through a function URL also needs lambda:InvokeFunction (URLs made since October 2025)', () => {
  // "Starting in October 2025, new function URLs will require both lambda:InvokeFunctionUrl and
  // lambda:InvokeFunction permissions" (AWS Lambda Developer Guide, "Control access to Lambda
  // function URLs", https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html). The inputs do
  // not say when a URL was made: granted lambda:InvokeFunctionUrl alone, the call is possible
  // only through an older URL (indeterminate, never allow or deny); granted both, allowed.
  const PAGE =
    'AWS Lambda Developer Guide, "Control access to Lambda function URLs": "Starting in October 2025, new function URLs will require both lambda:InvokeFunctionUrl and lambda:InvokeFunction permissions"';
  const fn = (id: string, extra = '') => `
  ${id}: {Type: AWS::Lambda::Function, Properties: {FunctionName: ${id.toLowerCase()}, Role: arn:aws:iam::${ACCOUNT}:role/x, Code: {ZipFile: x}}}
  ${id}Url: {Type: AWS::Lambda::Url, Properties: {TargetFunctionArn: !GetAtt ${id}.Arn, AuthType: NONE}}
  ${id}Public: {Type: AWS::Lambda::Permission, Properties: {FunctionName: !Ref ${id}, Action: lambda:InvokeFunctionUrl, Principal: '*', FunctionUrlAuthType: NONE}}${extra}`;
  const engine = compileModel(
    modelOf(
      `Resources:${fn('UrlOnly')}${fn(
        'Both',
        `\n  BothInvoke: {Type: AWS::Lambda::Permission, Properties: {FunctionName: !Ref Both, Action: lambda:InvokeFunction, Principal: '*', InvokedViaFunctionUrl: true}}`,
      )}`,
    ),
  );
  const call = (name: string) =>
    engine.decide(
      { principal: 'anonymous', action: 'lambda:InvokeFunctionUrl', resource: fnArn(name) },
      { trace: true },
    );

  it('only lambda:InvokeFunctionUrl granted to everyone: indeterminate, the trace quoting the page', () => {
    const d = call('urlonly');
    expect(d.decision, PAGE).toBe('indeterminate');
    expect(d.trace!.map((t) => t.message).join('\n')).toContain('made before October 2025');
  });

  it('both granted (InvokeFunction through the URL): allowed', () => {
    expect(call('both').decision, PAGE).toBe('allow');
  });

  it('the review: medium "might be open ... through its function URL", saying why; high with both', () => {
    const risks = reviewRisks(engine).filter((f) => f.kind === 'public-access');
    const only = risks.find((f) => f.subject === fnArn('urlonly'))!;
    expect([only.severity, only.message.includes('might be open')], PAGE).toEqual(['medium', true]);
    expect(only.message).toContain('through its function URL (AuthType NONE)');
    expect(only.message).toContain('lambda:InvokeFunction');
    expect(only.message).toContain('before October 2025');
    expect(risks.find((f) => f.subject === fnArn('both'))?.severity).toBe('high');
  });
});

describe('an anonymous caller cannot call the Invoke API directly, only through a function URL', () => {
  // An AWS API request is signed ("When you send API requests to AWS, you sign the requests so
  // that AWS can identify who sent them", IAM User Guide, "AWS Signature Version 4 for API
  // requests"); "NONE – Lambda doesn't perform any authentication before invoking your function"
  // (AWS Lambda Developer Guide, "Control access to Lambda function URLs"): anonymous callers reach
  // a function only through a NONE URL, whose call carries lambda:InvokedViaFunctionUrl true.
  const PAGE =
    'IAM User Guide, "AWS Signature Version 4 for API requests": "When you send API requests to AWS, you sign the requests so that AWS can identify who sent them"';
  const engine = compileModel(
    modelOf(`Resources:
  Fn: {Type: AWS::Lambda::Function, Properties: {FunctionName: anyone, Role: arn:aws:iam::${ACCOUNT}:role/x, Code: {ZipFile: x}}}
  Any: {Type: AWS::Lambda::Permission, Properties: {FunctionName: !Ref Fn, Action: lambda:InvokeFunction, Principal: '*'}}`),
  );
  const invoke = (principal: string, context?: Record<string, string>) =>
    engine.decide({
      principal,
      action: 'lambda:InvokeFunction',
      resource: fnArn('anyone'),
      ...(context ? { context } : {}),
    }).decision;

  it('Principal * lambda:InvokeFunction: anonymous direct call denied, through a URL allowed', () => {
    expect(invoke('anonymous'), PAGE).toBe('deny');
    expect(invoke('anonymous', { 'lambda:InvokedViaFunctionUrl': 'true' })).toBe('allow');
  });

  it('a principal of another account (signed) is decided by the policies: allowed', () => {
    expect(invoke('arn:aws:iam::999988887777:user/someone')).toBe('allow');
  });

  it('the review still reports the function as open to anyone (any AWS account may invoke it)', () => {
    const f = reviewRisks(engine).find((x) => x.kind === 'public-access' && x.subject === fnArn('anyone'));
    expect(f?.message).toContain('lambda:InvokeFunction');
  });
});

describe('a function URL that a Terraform plan creates is new: a call through it needs lambda:InvokeFunction', () => {
  // "Starting in October 2025, new function URLs will require both lambda:InvokeFunctionUrl and
  // lambda:InvokeFunction permissions" (AWS Lambda Developer Guide, "Control access to Lambda
  // function URLs", https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html). A plan's
  // resource_changes entry with actions ["create"] and no `before` ("JSON Output Format",
  // https://developer.hashicorp.com/terraform/internals/json-format: "actions are the actions that
  // will be taken on the object selected by the properties below") makes the URL now; a no-op or
  // an update keeps the one that exists, which may be older.
  const ACC = '111122223333';
  const fnArnIn = (name: string) => `arn:aws:lambda:eu-west-1:${ACC}:function:${name}`;
  function planWith(urlActions: string[]) {
    const change = (address: string, type: string, after: object, actions = ['create']) => ({
      address,
      mode: 'managed',
      type,
      name: address.split('.')[1],
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: {
        actions,
        before: actions.join() === 'create' ? null : after,
        after,
        after_unknown: {},
      },
    });
    const userPolicy = (name: string, actions: string[]) =>
      change(`aws_iam_user_policy.${name}`, 'aws_iam_user_policy', {
        name,
        user: name,
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
        }),
      });
    const plan = {
      format_version: '1.2',
      terraform_version: '1.9.5',
      planned_values: { root_module: {} },
      resource_changes: [
        change('aws_lambda_function.app', 'aws_lambda_function', {
          function_name: 'app',
          arn: fnArnIn('app'),
          role: `arn:aws:iam::${ACC}:role/app-exec`,
        }),
        change(
          'aws_lambda_function_url.app',
          'aws_lambda_function_url',
          { function_name: 'app', authorization_type: 'AWS_IAM' },
          urlActions,
        ),
        change('aws_iam_user.urlonly', 'aws_iam_user', { name: 'urlonly', path: '/' }),
        change('aws_iam_user.both', 'aws_iam_user', { name: 'both', path: '/' }),
        userPolicy('urlonly', ['lambda:InvokeFunctionUrl']),
        userPolicy('both', ['lambda:InvokeFunctionUrl', 'lambda:InvokeFunction']),
      ],
      configuration: {
        provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'eu-west-1' } } } },
        root_module: {},
      },
    };
    const model = terraformPlanModel(plan, { account: ACC });
    const engine = compileModel(model);
    const call = (user: string) =>
      engine.decide(
        {
          principal: `arn:aws:iam::${ACC}:user/${user}`,
          action: 'lambda:InvokeFunctionUrl',
          resource: fnArnIn('app'),
        },
        { trace: true },
      );
    return { model, call };
  }

  it('actions ["create"]: the URL is marked created, and InvokeFunctionUrl alone is denied (it was indeterminate)', () => {
    const { model, call } = planWith(['create']);
    const app = model.resources.find((r) => r.arn === fnArnIn('app'))!;
    expect(app.functionUrls?.map((u) => u.created)).toEqual([true]);
    const d = call('urlonly');
    expect(d.decision).toBe('deny');
    expect(d.trace!.map((t) => t.message).join('\n')).toContain('this Terraform plan creates it');
    expect(call('both').decision).toBe('allow');
  });

  it('actions ["delete","create"] or ["create","delete"] (a replace): the URL is made anew, as a created one', () => {
    // A replace deletes the old URL and creates another: the URL the call goes to after apply is
    // one made now. It was modelled as possibly older (indeterminate) before.
    for (const actions of [
      ['delete', 'create'],
      ['create', 'delete'],
    ]) {
      const { model, call } = planWith(actions);
      const app = model.resources.find((r) => r.arn === fnArnIn('app'))!;
      expect(
        app.functionUrls?.map((u) => u.created),
        actions.join(),
      ).toEqual([true]);
      expect(call('urlonly').decision, actions.join()).toBe('deny');
      expect(call('both').decision).toBe('allow');
    }
  });

  it('actions ["no-op"] or ["update"]: the URL may be older than October 2025, indeterminate as before', () => {
    for (const actions of [['no-op'], ['update']]) {
      const { model, call } = planWith(actions);
      const app = model.resources.find((r) => r.arn === fnArnIn('app'))!;
      expect(app.functionUrls?.map((u) => u.created)).toEqual([undefined]);
      expect(call('urlonly').decision, actions[0]).toBe('indeterminate');
      expect(call('both').decision).toBe('allow');
    }
  });

  it('urlCertainlyNew: only one URL of the target that certainly exists; a maybe-present or unknown-qualifier URL is not', () => {
    const src = { file: 't' };
    const arn = fnArnIn('app');
    expect(
      urlCertainlyNew([{ qualifier: undefined, authType: 'NONE', created: true, source: src }], arn),
    ).toBe(true);
    expect(
      urlCertainlyNew(
        [
          {
            qualifier: undefined,
            authType: 'NONE',
            created: true,
            source: src,
            presence: new Unknown('count', src),
          },
        ],
        arn,
      ),
    ).toBe(false);
    expect(
      urlCertainlyNew(
        [
          { qualifier: undefined, authType: 'NONE', created: true, source: src },
          { qualifier: new Unknown('q', src), authType: 'NONE', source: src },
        ],
        arn,
      ),
    ).toBe(false);
    expect(urlCertainlyNew([{ qualifier: undefined, authType: 'NONE', source: src }], arn)).toBe(false);
  });
});
