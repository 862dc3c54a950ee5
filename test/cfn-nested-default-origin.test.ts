// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} is Fn::Sub syntax here.
// A parent stack passing its own parameter's Default into a nested stack (`Parameters: { Env: !Ref
// Env }`, the parent's Env with `Default: dev` and no value passed) decides the nested template's
// policy text and conditions with that default, as the parent's own would be; the nested stack
// gave neither `cfn/value-from-default` nor `cfn/condition-from-default`, since its parameter has a
// value (the parent's). The default-origin now follows the value through nested stacks
// (src/adapters/cloudformation/stack.ts `defaultOriginsOf`, the one place it is recorded).
//
// CloudFormation User Guide, "Parameters": Default: "A value of the appropriate type for the
// template to use if no value is specified when a stack is created"; "AWS::CloudFormation::Stack",
// Parameters: "The set value pairs that represent the parameters passed to CloudFormation when
// this nested stack is created."

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import type { Finding } from '../src/model/finding.js';
import { writeTempFiles } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';

/** A nested stack `Child` of `parent.json` whose template is `child.json`, passed `passed`. */
function nestedStack(passed: Record<string, unknown>) {
  return {
    Type: 'AWS::CloudFormation::Stack',
    Properties: { TemplateURL: 'https://s3.amazonaws.com/templates/child.json', Parameters: passed },
  };
}

/** The nested template: Env in a Resource (Fn::Sub) and in a condition an Fn::If of a policy takes. */
const CHILD = {
  Parameters: { Env: { Type: 'String' } },
  Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
  Resources: {
    Reader: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'reader',
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        },
        Policies: [
          {
            PolicyName: 'read',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: { 'Fn::If': ['IsProd', 's3:GetObject', 's3:*'] },
                  Resource: { 'Fn::Sub': 'arn:aws:s3:::data-${Env}/*' },
                },
              ],
            },
          },
        ],
      },
    },
  },
};

function load(files: Record<string, object>, parameters?: Record<string, string>): readonly Finding[] {
  return loadModelSync([join(writeTempFiles(files), 'parent.json')], {
    account: ACCOUNT,
    region: 'us-east-1',
    ...(parameters ? { parameters } : {}),
  }).findings;
}

const codes = (fs: readonly Finding[], code: string) => fs.filter((f) => f.code === code);

describe('a parent parameter Default passed into a nested stack', () => {
  const parent = (passed: Record<string, unknown>) => ({
    Parameters: { Env: { Type: 'String', Default: 'dev', AllowedValues: ['dev', 'prod'] } },
    Resources: { Child: nestedStack(passed) },
  });

  it('policy text of the nested template reads it: cfn/value-from-default naming the parent parameter', () => {
    const fs = load({ 'parent.json': parent({ Env: { Ref: 'Env' } }), 'child.json': CHILD });
    const [f, ...more] = codes(fs, 'cfn/value-from-default');
    expect(more).toEqual([]);
    expect(f!.message).toContain(
      'reads parameter Env, which the parent stack passes from the Default of parameter Env of stack parent ("dev")',
    );
    expect(f!.message).toContain('pin it with --parameter Env=VALUE for stack parent');
    expect(f!.source!.pointer).toBe(
      '/Resources/Reader/Properties/Policies/0/PolicyDocument/Statement/0/Resource',
    );
    expect(f!.source!.file).toMatch(/child\.json$/);
  });

  it('a condition of the nested template decided by it: cfn/condition-from-default', () => {
    const fs = load({ 'parent.json': parent({ Env: { Ref: 'Env' } }), 'child.json': CHILD });
    const [f, ...more] = codes(fs, 'cfn/condition-from-default');
    expect(more).toEqual([]);
    expect(f!.message).toContain(
      'condition IsProd is false only because of the Default of parameter Env of stack parent',
    );
    expect(f!.message).toContain('this Fn::If takes its second (false) branch');
  });

  it('through Fn::Sub in the parent, and through a stack in between', () => {
    const middle = {
      Parameters: { Env: { Type: 'String' } },
      Resources: {
        Child: {
          Type: 'AWS::CloudFormation::Stack',
          Properties: {
            TemplateURL: 'https://s3.amazonaws.com/templates/child.json',
            Parameters: { Env: { Ref: 'Env' } },
          },
        },
      },
    };
    const fs = load({
      'parent.json': {
        Parameters: { Env: { Type: 'String', Default: 'dev' } },
        Resources: {
          Middle: {
            Type: 'AWS::CloudFormation::Stack',
            Properties: {
              TemplateURL: 'https://s3.amazonaws.com/templates/middle.json',
              Parameters: { Env: { 'Fn::Sub': '${Env}' } },
            },
          },
        },
      },
      'middle.json': middle,
      'child.json': CHILD,
    });
    expect(codes(fs, 'cfn/value-from-default').map((f) => f.message)).toEqual([
      expect.stringContaining('the Default of parameter Env of stack parent ("dev")'),
    ]);
    expect(codes(fs, 'cfn/condition-from-default')).toHaveLength(1);
  });

  it('a literal passed, or the parent parameter pinned with --parameter: no warning', () => {
    expect(
      codes(load({ 'parent.json': parent({ Env: 'prod' }), 'child.json': CHILD }), 'cfn/value-from-default'),
    ).toEqual([]);
    const pinned = load(
      { 'parent.json': parent({ Env: { Ref: 'Env' } }), 'child.json': CHILD },
      { Env: 'prod' },
    );
    expect(codes(pinned, 'cfn/value-from-default')).toEqual([]);
    expect(codes(pinned, 'cfn/condition-from-default')).toEqual([]);
  });

  it("the nested template's own Default, no value passed: as before", () => {
    const own = { ...CHILD, Parameters: { Env: { Type: 'String', Default: 'dev' } } };
    const fs = load({ 'parent.json': { Resources: { Child: nestedStack({}) } }, 'child.json': own });
    const [f] = codes(fs, 'cfn/value-from-default');
    expect(f!.message).toContain('whose value is its Default "dev" only because no value is passed');
    expect(f!.message).toContain('the parent stack passes no value for it');
  });
});
