// Fn::GetStackOutput names the stack whose output it reads by the stack's name, which a template
// given alone does not carry: the stack is named at deployment, and the file stem iamspec shows
// it by is a guess (adapters/cloudformation/generated-names.ts `stackNameInArn`). So the output of
// a loaded template is the value only when that stack's name is known (a cloud assembly's
// manifest, `--stack-name`), in the Region and account the function reads from; otherwise the
// value is unknown, with why (src/adapters/cloudformation/session.ts `stackOutput`). Before, a
// template `shared.json` answered `StackName: shared` as if it were that stack, and a stack of
// the name in another Region answered when none was in the right one (and Fn::ImportValue took an
// export of another Region or account when its own had none).
//
// CloudFormation Template Reference, "Fn::GetStackOutput": "The intrinsic function
// Fn::GetStackOutput returns the value of an output from another stack. Unlike Fn::ImportValue,
// this function does not require the referenced stack to explicitly export the output value. It
// also supports cross-account and cross-region references."; StackName: "The name of the stack
// that contains the output you want to reference."; Region: "The AWS Region of the referenced
// stack. Defaults to the Region of the stack being created or updated."; RoleArn: "Defaults to the
// current stack's execution role. Use this parameter when referencing stacks in different AWS
// accounts." "Pseudo parameters reference": "AWS::StackName Returns the name of the stack as
// specified with the aws cloudformation create-stack command". "Fn::ImportValue": "For each AWS
// account, Export names must be unique within a Region. You can't create cross-stack references
// across Regions. You can use the intrinsic function Fn::ImportValue to import only values that
// have been exported within the same Region."

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { Unknown } from '../src/model/unknown.js';
import type { Model } from '../src/model/types.js';
import { writeTempFiles } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';

const producer = (bucket: string) => ({
  Resources: { B: { Type: 'AWS::SNS::Topic' } },
  Outputs: { BucketArn: { Value: `arn:aws:s3:::${bucket}` } },
});

/** A template whose user u may s3:GetObject on `resource`. */
const reader = (resource: unknown) => ({
  Resources: {
    U: {
      Type: 'AWS::IAM::User',
      Properties: {
        UserName: 'u',
        Policies: [
          {
            PolicyName: 'p',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: 's3:GetObject',
                  Resource: resource,
                },
              ],
            },
          },
        ],
      },
    },
  },
});

const consumer = (getStackOutput: Record<string, unknown>) =>
  reader({ 'Fn::GetStackOutput': getStackOutput });

function load(files: Record<string, unknown>, options: Parameters<typeof loadModelSync>[1] = {}): Model {
  const dir = writeTempFiles(files as Record<string, object>);
  return loadModelSync(
    Object.keys(files).map((f) => join(dir, f)),
    { account: ACCOUNT, region: 'us-east-1', ...options },
  );
}

function resourceOf(m: Model): unknown {
  return m.users.find((u) => u.name === 'u')!.inlinePolicies[0]!.document.statements[0]!.resource!.values[0];
}

describe('Fn::GetStackOutput and the names of the stacks of the inputs', () => {
  it('a template named only after its file is not the stack of that name: unknown, with why', () => {
    const m = load({
      'shared.json': producer('guessed-bucket'),
      'app.json': consumer({ StackName: 'shared', OutputName: 'BucketArn' }),
    });
    const v = resourceOf(m);
    expect(v).not.toBe('arn:aws:s3:::guessed-bucket');
    expect(v).toBeInstanceOf(Unknown);
    const f = m.findings.find((x) => x.code === 'cfn/import-not-found');
    expect(f?.message).toMatch(/shared of the inputs is named after its file.*--stack-name/);
  });

  it('a stack of that name in another Region does not answer for the Region read', () => {
    const m = load({
      'shared.json': producer('other-region-bucket'),
      'app.json': consumer({ StackName: 'shared', OutputName: 'BucketArn', Region: 'eu-west-1' }),
    });
    expect(resourceOf(m)).not.toBe('arn:aws:s3:::other-region-bucket');
  });

  /** A cloud assembly of stacks named `Shared` in two accounts and `App` reading with `roleArn`. */
  function assembly(getStackOutput: Record<string, unknown>): Model {
    const stack = (name: string, env: string) => ({
      type: 'aws:cloudformation:stack',
      environment: env,
      properties: { templateFile: `${name}.template.json`, stackName: name.replace(/[AB]$/, '') },
    });
    const dir = writeTempFiles({
      'manifest.json': {
        version: '36.0.0',
        artifacts: {
          SharedA: stack('SharedA', `aws://${ACCOUNT}/us-east-1`),
          SharedB: stack('SharedB', 'aws://444455556666/us-east-1'),
          App: stack('App', `aws://${ACCOUNT}/us-east-1`),
        },
      },
      'SharedA.template.json': producer('bucket-a'),
      'SharedB.template.json': producer('bucket-b'),
      'App.template.json': consumer(getStackOutput),
    });
    return loadModelSync([dir], {});
  }

  it("a stack whose name is known answers, in the account of RoleArn (else the reading stack's own)", () => {
    expect(resourceOf(assembly({ StackName: 'Shared', OutputName: 'BucketArn' }))).toBe(
      'arn:aws:s3:::bucket-a',
    );
    const other = {
      StackName: 'Shared',
      OutputName: 'BucketArn',
      RoleArn: 'arn:aws:iam::444455556666:role/r',
    };
    expect(resourceOf(assembly(other))).toBe('arn:aws:s3:::bucket-b');
  });

  it('a RoleArn whose account is not known, with the name in two accounts: unknown, with why', () => {
    const unknownRole = assembly({
      StackName: 'Shared',
      OutputName: 'BucketArn',
      RoleArn: { 'Fn::ImportValue': 'reader-role-arn' },
    });
    const v = resourceOf(unknownRole);
    expect(v).toBeInstanceOf(Unknown);
    expect(String(v)).toMatch(/accounts 111122223333, 444455556666.*RoleArn is not known/);
  });

  // RoleArn: "Use this parameter when referencing stacks in different AWS accounts": a role whose
  // account is not known may be in any account, and a stack of that name in an account the inputs
  // do not hold may have any output. Before, the one stack of the name among the inputs answered.
  it("a RoleArn whose account is not known, with the name in one account only: unknown, with why (was that stack's output)", () => {
    /** The assembly without stack SharedB: `Shared` is in account 111122223333 only. */
    const oneAccount = (roleArn: unknown, parameters?: object): Model => {
      const dir = writeTempFiles({
        'manifest.json': {
          version: '36.0.0',
          artifacts: Object.fromEntries(
            ['SharedA', 'App'].map((n) => [
              n,
              {
                type: 'aws:cloudformation:stack',
                environment: `aws://${ACCOUNT}/us-east-1`,
                properties: { templateFile: `${n}.template.json`, stackName: n.replace(/A$/, '') },
              },
            ]),
          ),
        },
        'SharedA.template.json': producer('bucket-a'),
        'App.template.json': {
          ...(parameters ? { Parameters: parameters } : {}),
          ...consumer({ StackName: 'Shared', OutputName: 'BucketArn', RoleArn: roleArn }),
        },
      });
      return loadModelSync([dir], {});
    };
    const v = resourceOf(oneAccount({ 'Fn::ImportValue': 'reader-role-arn' }));
    expect(v).not.toBe('arn:aws:s3:::bucket-a');
    expect(v).toBeInstanceOf(Unknown);
    expect(String(v)).toMatch(
      /stack named Shared in account 111122223333.*RoleArn is not known.*any account/,
    );
    // the account pinned though the role's name is not: that account's stack answers
    const pinned = oneAccount(
      { 'Fn::Sub': `arn:aws:iam::${ACCOUNT}:role/\${Reader}` },
      { Reader: { Type: 'String' } },
    );
    expect(resourceOf(pinned)).toBe('arn:aws:s3:::bucket-a');
    const elsewhere = oneAccount(
      { 'Fn::Sub': `arn:aws:iam::444455556666:role/\${Reader}` },
      { Reader: { Type: 'String' } },
    );
    expect(resourceOf(elsewhere)).toBeInstanceOf(Unknown);
  });

  it('Fn::ImportValue reads the exports of its own account and Region only', () => {
    const exporter = {
      Resources: { B: { Type: 'AWS::SNS::Topic' } },
      Outputs: { BucketArn: { Value: 'arn:aws:s3:::exported-bucket', Export: { Name: 'bucket-arn' } } },
    };
    const dir = writeTempFiles({
      'manifest.json': {
        version: '36.0.0',
        artifacts: {
          Exporter: {
            type: 'aws:cloudformation:stack',
            environment: `aws://${ACCOUNT}/eu-west-1`,
            properties: { templateFile: 'Exporter.template.json', stackName: 'Exporter' },
          },
          App: {
            type: 'aws:cloudformation:stack',
            environment: `aws://${ACCOUNT}/us-east-1`,
            properties: { templateFile: 'App.template.json', stackName: 'App' },
          },
        },
      },
      'Exporter.template.json': exporter,
      'App.template.json': reader({ 'Fn::ImportValue': 'bucket-arn' }),
    });
    const v = resourceOf(loadModelSync([dir], {}));
    expect(v).toBeInstanceOf(Unknown);
    expect(String(v)).toMatch(/only in account 111122223333 eu-west-1.*own account and Region/);
  });
});
