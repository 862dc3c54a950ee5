// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform JSON interpolations such as ${aws_iam_role.exec.arn} are literal text here
// A Lambda function's execution role recorded on the role (Role.usedBy), from CloudFormation,
// Terraform plans and configurations, and CDKTF JSON. AWS Lambda Developer Guide, "Defining Lambda
// function permissions with an execution role"
// (https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html): Lambda assumes
// the function's execution role when the function is invoked. CloudFormation Template Reference,
// AWS::Lambda::Function
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html):
// `Role` (required) is the ARN of the function's execution role. Terraform AWS provider,
// aws_lambda_function (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function):
// `role` (required) is the ARN of the function's execution role.

import { describe, expect, it } from 'vitest';
import { loadTerraformConfig, loadTerraformConfigObject } from '../src/adapters/terraform/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model, Role } from '../src/model/types.js';
import { Unknown } from '../src/model/unknown.js';
import { terraformPlanModel } from './helpers/temp-inputs.js';
import { ACCOUNT, findingsOf, modelOf } from './fixtures/cfn/load.js';

const TRUST_LAMBDA = `{Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}`;
const TRUST_LAMBDA_JSON = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

function role(m: Model, name: string): Role {
  const r = m.roles.find((x) => x.name === name);
  if (!r) throw new Error(`no role ${name}; have ${m.roles.map((x) => x.name).join(', ')}`);
  return r;
}
const uses = (r: Role) => r.usedBy.map((u) => [u.kind, u.name, u.arn, u.service]);

describe('ModelBuilder.linkRoleUse', () => {
  const source = { file: 'x.yaml', pointer: '/Resources/Fn/Properties/Role' };
  const use = {
    kind: 'lambda-function' as const,
    name: 'fn',
    arn: 'arn:aws:lambda:us-east-1:111122223333:function:fn',
    service: 'lambda.amazonaws.com',
    source,
  };

  it('records the use on the role named by ARN (or by account and name when the path differs), once', () => {
    const b = new ModelBuilder();
    const id = b.addRole({ name: 'exec', path: '/service/', account: '111122223333', source: {} });
    expect(b.linkRoleUse(id, use)).toBe(id);
    expect(b.linkRoleUse('arn:aws:iam::111122223333:role/exec', use)).toBe(id);
    const m = b.build();
    expect(uses(m.roles[0]!)).toEqual([['lambda-function', 'fn', use.arn, 'lambda.amazonaws.com']]);
    expect(m.findings).toEqual([]);
  });

  it('an unknown role ARN or one outside the model is a warning at the use, never dropped silently', () => {
    const b = new ModelBuilder();
    b.addRole({ name: 'exec', account: '111122223333', source: {} });
    expect(b.linkRoleUse(new Unknown('known after apply'), use)).toBeUndefined();
    expect(b.linkRoleUse('arn:aws:iam::444455556666:role/exec', use)).toBeUndefined();
    const m = b.build();
    expect(m.roles[0]!.usedBy).toEqual([]);
    const f = findingsOf(m, 'model/unlinked-role-use');
    expect(f.map((x) => [x.severity, x.source])).toEqual([
      ['warning', source],
      ['warning', source],
    ]);
    expect(f[0]!.message).toContain('Lambda function fn');
    expect(f[0]!.message).toContain('known after apply');
    expect(f[1]!.message).toContain('arn:aws:iam::444455556666:role/exec');
  });

  it('roles start with no uses', () => {
    const b = new ModelBuilder();
    b.addRole({ name: 'r', account: '111122223333', source: {} });
    expect(b.build().roles[0]!.usedBy).toEqual([]);
  });
});

describe('CloudFormation AWS::Lambda::Function Role', () => {
  const m = modelOf(`Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: thumbnailer
      Role: !GetAtt ExecRole.Arn
      Handler: index.handler
      Runtime: nodejs20.x
      Code: {ZipFile: "exports.handler = async () => {}"}
  ExecRole: {Type: AWS::IAM::Role, Properties: {RoleName: exec, Path: /service/, AssumeRolePolicyDocument: ${TRUST_LAMBDA}}}
  Generated: {Type: AWS::Lambda::Function, Properties: {Role: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/service/exec", Code: {ZipFile: x}}}
  Imported: {Type: AWS::Lambda::Function, Properties: {FunctionName: imported, Role: !ImportValue shared-role, Code: {ZipFile: x}}}
  External: {Type: AWS::Lambda::Function, Properties: {FunctionName: external, Role: arn:aws:iam::444455556666:role/other, Code: {ZipFile: x}}}
  NoRole: {Type: AWS::Lambda::Function, Properties: {FunctionName: norole, Code: {ZipFile: x}}}`);

  it('records each function whose Role is a role of the template (GetAtt, or its ARN as text), wherever the role is declared', () => {
    const exec = role(m, 'exec');
    expect(uses(exec)).toEqual([
      [
        'lambda-function',
        'thumbnailer',
        `arn:aws:lambda:us-west-2:${ACCOUNT}:function:thumbnailer`,
        'lambda.amazonaws.com',
      ],
      [
        'lambda-function',
        'test-Generated-(unknown-generated-4c1b38)',
        `arn:aws:lambda:us-west-2:${ACCOUNT}:function:test-Generated-(unknown-generated-4c1b38)`,
        'lambda.amazonaws.com',
      ],
    ]);
    // the use points at the function's Role property
    expect(exec.usedBy[0]!.source).toMatchObject({
      file: 'template.yaml',
      pointer: '/Resources/Fn/Properties/Role',
      line: 6,
      logicalId: 'Fn',
    });
  });

  it('an imported (unknown) or external role is a warning naming the function; a missing Role is an error', () => {
    const f = findingsOf(m, 'model/unlinked-role-use');
    expect(f.map((x) => x.source?.logicalId)).toEqual(['Imported', 'External']);
    expect(f[0]!.message).toContain('Lambda function imported');
    expect(f[1]!.message).toContain('arn:aws:iam::444455556666:role/other');
    const missing = findingsOf(m, 'cfn/invalid-resource').filter((x) => x.source?.logicalId === 'NoRole');
    expect(missing).toHaveLength(1);
    expect(missing[0]!.severity).toBe('error');
  });
});

describe('Terraform aws_lambda_function.role', () => {
  it('HCL configuration: role = aws_iam_role.app.arn (test/fixtures/tf/handlers)', () => {
    const b = new ModelBuilder();
    loadTerraformConfig('test/fixtures/tf/handlers', b, {});
    const m = b.build();
    const app = role(m, 'acme-app');
    expect(uses(app)).toEqual([
      [
        'lambda-function',
        'acme-handler',
        'arn:aws:lambda:eu-west-1:111122223333:function:acme-handler',
        'lambda.amazonaws.com',
      ],
    ]);
    expect(app.usedBy[0]!.source).toMatchObject({ address: 'aws_lambda_function.f', line: 253 });
    expect(findingsOf(m, 'model/unlinked-role-use')).toEqual([]);
  });

  it('CDKTF JSON configuration: role = "${aws_iam_role.exec.arn}"', () => {
    const b = new ModelBuilder();
    loadTerraformConfigObject(
      {
        provider: { aws: [{ region: 'eu-west-1', allowed_account_ids: ['111122223333'] }] },
        resource: {
          aws_lambda_function: {
            fn: {
              function_name: 'cdktf-fn',
              role: '${aws_iam_role.exec.arn}',
              handler: 'h',
              runtime: 'nodejs20.x',
            },
          },
          aws_iam_role: { exec: { name: 'cdktf-exec', assume_role_policy: TRUST_LAMBDA_JSON } },
        },
      },
      b,
    );
    const m = b.build();
    expect(uses(role(m, 'cdktf-exec'))).toEqual([
      [
        'lambda-function',
        'cdktf-fn',
        'arn:aws:lambda:eu-west-1:111122223333:function:cdktf-fn',
        'lambda.amazonaws.com',
      ],
    ]);
  });

  // Terraform "JSON Output Format" (https://developer.hashicorp.com/terraform/internals/json-format):
  // a value known only after apply is listed in after_unknown; the configuration's expressions
  // list the references it is built from.
  function planWith(functions: { name: string; role?: string; roleRefs?: string[] }[]): Model {
    const change = (address: string, type: string, after: object, afterUnknown: object) => ({
      address,
      mode: 'managed',
      type,
      name: address.split('.')[1],
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: { actions: ['create'], before: null, after, after_unknown: afterUnknown },
    });
    const plan = {
      format_version: '1.2',
      terraform_version: '1.9.5',
      planned_values: { root_module: {} },
      resource_changes: [
        ...functions.map((f) =>
          change(
            `aws_lambda_function.${f.name}`,
            'aws_lambda_function',
            { function_name: f.name, ...(f.role !== undefined ? { role: f.role } : {}) },
            { arn: true, ...(f.role !== undefined ? {} : { role: true }) },
          ),
        ),
        change(
          'aws_iam_role.exec',
          'aws_iam_role',
          { name: 'plan-exec', path: '/', assume_role_policy: TRUST_LAMBDA_JSON },
          { arn: true, id: true },
        ),
      ],
      configuration: {
        provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'eu-west-1' } } } },
        root_module: {
          resources: functions.map((f) => ({
            address: `aws_lambda_function.${f.name}`,
            mode: 'managed',
            type: 'aws_lambda_function',
            name: f.name,
            expressions: f.roleRefs ? { role: { references: f.roleRefs } } : {},
          })),
        },
      },
    };
    return terraformPlanModel(plan, { account: '111122223333' });
  }

  it('plan read alone: a known role ARN links directly; an unknown one is not linked through the configuration reference', () => {
    // the plan records that the expression refers to aws_iam_role.exec, not the expression
    // (plan/references.ts): the role the function runs as is unknown, with a warning at the function
    const m = planWith([
      { name: 'known', role: 'arn:aws:iam::111122223333:role/plan-exec' },
      { name: 'after_apply', roleRefs: ['aws_iam_role.exec.arn', 'aws_iam_role.exec'] },
    ]);
    expect(role(m, 'plan-exec').usedBy.map((u) => u.name)).toEqual(['known']);
    expect(findingsOf(m, 'model/unlinked-role-use').map((f) => f.source?.address)).toEqual([
      'aws_lambda_function.after_apply',
    ]);
    expect(findingsOf(m, 'tf/plan-value-unpinned')[0]?.message).toContain(
      'aws_lambda_function.after_apply.role (refers to aws_iam_role.exec.arn)',
    );
  });

  it('plan read alone: an empty role is a warning, with a configuration reference or not', () => {
    const m = planWith([
      { name: 'empty_ref', role: '', roleRefs: ['aws_iam_role.exec'] },
      { name: 'empty', role: '' },
    ]);
    expect(role(m, 'plan-exec').usedBy).toEqual([]);
    const f = findingsOf(m, 'tf/unresolved-reference').filter((x) => x.message.includes('execution role'));
    expect(f.map((x) => x.source?.address).sort()).toEqual([
      'aws_lambda_function.empty',
      'aws_lambda_function.empty_ref',
    ]);
  });

  it('plan: an unknown role the configuration does not name is a warning at the function', () => {
    const m = planWith([{ name: 'lost' }]);
    expect(role(m, 'plan-exec').usedBy).toEqual([]);
    const f = findingsOf(m, 'model/unlinked-role-use');
    expect(f).toHaveLength(1);
    expect(f[0]!.source?.address).toBe('aws_lambda_function.lost');
    expect(f[0]!.message).toContain('Lambda function lost');
  });
});
