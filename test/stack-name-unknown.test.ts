// A CloudFormation template given alone (not a cloud assembly whose manifest names the stack, not
// `--stack-name`) is named after its file only for the reader and as the key of `--stack-role` /
// the spec's `stackRoles`: the stack AWS deploys may be named anything, so the name in the stack's
// ARN is an unknown part (adapters/cloudformation/generated-names.ts `stackNameInArn`), as
// AWS::StackName and generated names already are. Before: the file stem was a literal in the ARN
// (`stack/app/*`), so a policy granting cloudformation:UpdateStack on the real stack
// (`stack/prod-app/*`) gave no stack-role escalation edge: a silent pass.
//
// Pages:
// - AWS CloudFormation User Guide, "Get values from pseudo parameters", AWS::StackName: "Returns
//   the name of the stack as specified with the aws cloudformation create-stack command" (the
//   name is chosen at deployment, not by the template or its file).
// - AWS CloudFormation API Reference, CreateStack, StackName: "The name that's associated with the
//   stack. The name must be unique in the Region in which you are creating the stack."
// - Service Authorization Reference, AWS CloudFormation, resource type stack:
//   `arn:${Partition}:cloudformation:${Region}:${Account}:stack/${StackName}/${Id}`.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nestedStackName, stackNameInArn } from '../src/adapters/cloudformation/generated-names.js';
import { loadModelSync } from '../src/adapters/load.js';
import { stackRoleEdges } from '../src/analysis/escalation.js';
import { reviewRisks } from '../src/analysis/risks.js';
import { compileModel } from '../src/engine/index.js';
import type { Model } from '../src/model/types.js';
import { devUserResource } from './helpers/cfn-user-policy.js';
import { writeTempFiles } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const DEV = `arn:aws:iam::${ACCOUNT}:user/dev`;
const PROD_APP_STACKS = 'arn:aws:cloudformation:*:*:stack/prod-app/*';

const admin = {
  Admin: {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: 'admin',
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      },
      ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
    },
  },
};

const template = (resource: string) => ({
  Resources: { ...devUserResource(['cloudformation:UpdateStack'], resource), ...admin },
});

function edgesOfDev(m: Model) {
  return stackRoleEdges(compileModel(m), DEV);
}

describe('a template given alone: the name in its stack ARN is unknown', () => {
  it('UpdateStack on stack/prod-app/* with app.yaml: an indeterminate edge saying how to pin the name (was none)', () => {
    const dir = writeTempFiles({ 'app.json': template(PROD_APP_STACKS) });
    const m = loadModelSync([join(dir, 'app.json')], {
      account: ACCOUNT,
      region: REGION,
      stackRoles: { app: 'arn:aws:iam::111122223333:role/admin' },
    });
    const edges = edgesOfDev(m);
    expect(edges.map((e) => [e.to, e.access])).toEqual([
      [`arn:aws:iam::${ACCOUNT}:role/admin`, 'indeterminate'],
    ]);
    const why = edges[0]!.reasons?.map((r) => r.text).join(' ') ?? '';
    expect(why).toContain('--stack-name');
    // The file stem stays the label the reader sees.
    expect(edges[0]!.via).toContain('CloudFormation stack app');
  });

  it('the stated role unknown too: indeterminate onto the account’s roles, the stack name reason among the reasons', () => {
    const dir = writeTempFiles({ 'app.json': template(PROD_APP_STACKS) });
    const m = loadModelSync([join(dir, 'app.json')], { account: ACCOUNT, region: REGION });
    const edges = edgesOfDev(m);
    expect(edges.map((e) => e.access)).toEqual(['indeterminate']);
    expect(edges[0]!.reasons?.map((r) => r.text).join(' ')).toContain('--stack-name');
  });

  it('the review reports the update as an escalation whose gain is open, saying how to pin the name (was none)', () => {
    const dir = writeTempFiles({ 'app.json': template(PROD_APP_STACKS) });
    const review = (stackName?: string) =>
      reviewRisks(
        compileModel(
          loadModelSync([join(dir, 'app.json')], {
            account: ACCOUNT,
            region: REGION,
            ...(stackName ? { stackName } : {}),
          }),
        ),
      ).filter(
        (f) =>
          f.kind === 'privilege-escalation' &&
          f.subject === DEV &&
          f.detail === 'cloudformation:UpdateStack on a stack with a service role',
      );
    const alone = review();
    expect(alone).toHaveLength(1);
    expect(JSON.stringify(alone[0])).toContain('--stack-name');
    expect(review('staging-app')).toEqual([]);
  });

  it('near miss: --stack-name gives another name: no edge', () => {
    const dir = writeTempFiles({ 'app.json': template(PROD_APP_STACKS) });
    const m = loadModelSync([join(dir, 'app.json')], {
      account: ACCOUNT,
      region: REGION,
      stackName: 'staging-app',
    });
    expect(edgesOfDev(m)).toEqual([]);
  });

  it('--stack-name gives the name the policy names: an edge, exact (allowed onto the stated role)', () => {
    const dir = writeTempFiles({ 'app.json': template(PROD_APP_STACKS) });
    const m = loadModelSync([join(dir, 'app.json')], {
      account: ACCOUNT,
      region: REGION,
      stackName: 'prod-app',
      stackRoles: { 'prod-app': `arn:aws:iam::${ACCOUNT}:role/admin` },
    });
    expect(edgesOfDev(m).map((e) => [e.to, e.access])).toEqual([
      [`arn:aws:iam::${ACCOUNT}:role/admin`, 'allow'],
    ]);
  });

  it('a cloud assembly names its stack exactly: the manifest’s name, an exact edge; another name: none', () => {
    const assembly = (resource: string) =>
      writeTempFiles({
        'cdk.out/manifest.json': {
          version: '36.0.0',
          artifacts: {
            App: {
              type: 'aws:cloudformation:stack',
              environment: `aws://${ACCOUNT}/${REGION}`,
              properties: {
                templateFile: 'App.template.json',
                stackName: 'prod-app',
                cloudFormationExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/admin`,
              },
            },
          },
        },
        'cdk.out/App.template.json': template(resource),
      });
    const exact = loadModelSync([join(assembly(PROD_APP_STACKS), 'cdk.out')]);
    expect(edgesOfDev(exact).map((e) => [e.to, e.access])).toEqual([
      [`arn:aws:iam::${ACCOUNT}:role/admin`, 'allow'],
    ]);
    const other = loadModelSync([
      join(assembly('arn:aws:cloudformation:*:*:stack/staging-app/*'), 'cdk.out'),
    ]);
    expect(edgesOfDev(other)).toEqual([]);
  });

  it('the rule: the name only when known; a nested stack under an unknown root is wholly unknown', () => {
    expect(stackNameInArn({ stackName: 'prod-app', stackNameKnown: true })).toBe('prod-app');
    expect(stackNameInArn({ stackName: 'app' })).toBe('(unknown-stack-name-app)');
    const root = { partition: 'aws', account: ACCOUNT, region: REGION, stackName: 'app' };
    expect(nestedStackName(root, ['Child']).name).toMatch(/^\(unknown-generated-stack-[0-9a-f]{6}\)$/);
    expect(nestedStackName({ ...root, stackNameKnown: true }, ['Child']).name).toMatch(
      /^app-Child-\(unknown-generated-stack-[0-9a-f]{6}-1\)$/,
    );
  });
});
