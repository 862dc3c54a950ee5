// Policies whose targets the inputs do not pin down govern the real ARNs (Resource.governs,
// src/aws/governed-arns.ts, the engine's `governedBy`): an OpenSearch Serverless data access
// policy (kept unmodelled under a stand-in ARN) and a DynamoDB global table replica in a Region
// given by a parameter without a value. A decision on the real collection or table ARN depends on
// them: indeterminate, never decided on the identity policy alone (issue 10).
//
// AWS rules pinned here:
// - "Access policies limit access to collections and the resources within them, and allow a user
//   to access that data irrespective of the access mechanism or network source." (OpenSearch
//   Serverless API Reference, CreateAccessPolicy)
//   https://docs.aws.amazon.com/opensearch-service/latest/ServerlessAPIReference/API_CreateAccessPolicy.html
// - AWS::DynamoDB::GlobalTable ReplicaSpecification ResourcePolicy: "A resource-based policy
//   document that contains permissions to add to the specified replica of a DynamoDB global table."
//   https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-dynamodb-globaltable-replicaspecification.html
// - Policy evaluation logic: within an account an identity-based or a resource-based allow
//   suffices; an explicit deny in either overrides it.
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { checkOnlyPrincipals } from '../src/analysis/exhaustive.js';
import { servicePrefixOfType, mayGovernPatterns } from '../src/aws/governed-arns.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { parsePolicy } from '../src/policy/parse.js';
import { runCli } from './fixtures/cli/run.js';

const F = 'test/fixtures/governed-arns';
const ACCOUNT = '111122223333';
const stated = { account: ACCOUNT, region: 'us-east-1' };
const COLLECTION = `arn:aws:aoss:us-east-1:${ACCOUNT}:collection/k2l3m4`;

describe('OpenSearch Serverless data access policies govern the collections', () => {
  for (const input of ['aoss.yaml', 'tf'])
    it(`a request on the real collection ARN depends on the access policy (${input})`, () => {
      const m = loadModelSync([`${F}/${input}`], input === 'tf' ? {} : stated);
      const e = compileModel(m);
      // Another account's principal: only the access policy could grant it.
      const d = e.decide({
        principal: 'arn:aws:iam::444455556666:root',
        action: 'aoss:APIAccessAll',
        resource: COLLECTION,
      });
      expect(d.decision).toBe('indeterminate');
      // Another service's resource of the account is not governed by it.
      const other = e.decide({
        principal: 'arn:aws:iam::444455556666:root',
        action: 'sqs:SendMessage',
        resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:q`,
      });
      expect(other.decision).not.toBe('indeterminate');
    });

  for (const input of ['aoss.yaml', 'tf'])
    it(`onlyPrincipals: [] on the real collection ARN does not hold (${input})`, () => {
      const m = loadModelSync([`${F}/${input}`], input === 'tf' ? {} : stated);
      const r = checkOnlyPrincipals(compileModel(m), 'aoss:APIAccessAll', COLLECTION, []);
      expect(r.holds).toBe(false);
    });

  it('who-can on the real collection ARN is indeterminate, not empty', async () => {
    const r = await runCli([
      'who-can',
      `${F}/aoss.yaml`,
      '--account',
      ACCOUNT,
      '--action',
      'aoss:APIAccessAll',
      '--resource',
      COLLECTION,
      '--format',
      'json',
    ]);
    expect(r.stdout).toContain('indeterminate');
  });
});

describe('a global table replica in an unknown Region', () => {
  it("its policy may be that of the table in any Region (and of the table's stream)", () => {
    const e = compileModel(loadModelSync([`${F}/global-table.yaml`], stated));
    for (const resource of [
      `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders`,
      `arn:aws:dynamodb:ap-south-1:${ACCOUNT}:table/orders/stream/2026-01-01T00:00:00.000`,
    ]) {
      const d = e.decide({
        principal: 'arn:aws:iam::444455556666:root',
        action: 'dynamodb:GetItem',
        resource,
      });
      expect(d.decision).toBe('indeterminate');
    }
    // Another table is not governed by it.
    const d = e.decide({
      principal: 'arn:aws:iam::444455556666:root',
      action: 'dynamodb:GetItem',
      resource: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/customers`,
    });
    expect(d.decision).not.toBe('indeterminate');
  });
});

describe('Resource.governs in the engine', () => {
  const source = { file: 'governed-arns.test.ts' };
  const model = (effect: 'Allow' | 'Deny') => {
    const b = new ModelBuilder();
    b.addAccount(ACCOUNT, 'us-east-1');
    const user = b.addUser({ name: 'dev', account: ACCOUNT, source });
    b.addInlinePolicy(user, {
      name: 'p',
      document: parsePolicy(
        { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }] },
        { kind: 'identity', source },
      ),
      source,
    });
    b.addResource({
      kind: 'other',
      arn: `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/s/Holder`,
      name: 'Holder',
      account: ACCOUNT,
      region: 'us-east-1',
      policy: parsePolicy(
        {
          Version: '2012-10-17',
          Statement: [{ Effect: effect, Principal: '*', Action: 'sqs:SendMessage', Resource: '*' }],
        },
        { kind: 'resource', source },
      ),
      governs: [`arn:aws:sqs:*:${ACCOUNT}:jobs-*`],
      source,
    });
    return compileModel(b.build());
  };
  const send = (resource: string) => ({
    principal: `arn:aws:iam::${ACCOUNT}:user/dev`,
    action: 'sqs:SendMessage',
    resource,
  });

  it('a governing Deny applies to matching ARNs only', () => {
    const e = model('Deny');
    expect(e.decide(send(`arn:aws:sqs:eu-west-1:${ACCOUNT}:jobs-a`)).decision).toBe('deny');
    expect(e.decide(send(`arn:aws:sqs:eu-west-1:${ACCOUNT}:other`)).decision).toBe('allow');
  });

  it('a governing Allow grants anonymous callers on matching ARNs', () => {
    const e = model('Allow');
    const req = { principal: 'anonymous', action: 'sqs:SendMessage' };
    expect(e.decide({ ...req, resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:jobs-a` }).decision).toBe('allow');
    expect(e.decide({ ...req, resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:other` }).decision).toBe('deny');
  });

  it('service prefixes of resource types', () => {
    expect(servicePrefixOfType('AWS::OpenSearchServerless::AccessPolicy')).toBe('aoss');
    expect(servicePrefixOfType('aws_opensearchserverless_access_policy')).toBe('aoss');
    expect(servicePrefixOfType('AWS::SQS::Queue')).toBe('sqs');
    expect(servicePrefixOfType('AWS::NoSuchService::Thing')).toBeUndefined();
    // An unknown service: the policy may govern any resource of the account.
    expect(mayGovernPatterns('aws', ACCOUNT, 'AWS::NoSuchService::Thing')).toContain(
      `arn:aws:*:*:${ACCOUNT}:*`,
    );
  });
});
