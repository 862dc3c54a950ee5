// Parity of the adapters (issue 12 item 1): the same resources written as a CloudFormation
// template, as HCL and as a Terraform plan (test/fixtures/parity) give the same model elements:
// IAM users, groups, roles and managed policies, instance profiles, S3 bucket policies, KMS key
// policies (given, and the default key policy), Lambda permissions, SQS and SNS policies. Only
// what AWS assigns at creation (a KMS key id) may differ, and the sources.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTemplateObject, parseTemplateText } from '../src/adapters/cloudformation/index.js';
import { loadTerraformConfig, loadTerraformPlan } from '../src/adapters/terraform/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model, Resource } from '../src/model/types.js';
import { isUnknown } from '../src/model/unknown.js';
import type { PolicyDocument, PrincipalSpec, Statement, ValueList } from '../src/policy/types.js';

const DIR = 'test/fixtures/parity';
const ACCOUNT = '111122223333';
const REGION = 'us-west-2';

function fromTemplate(): Model {
  const file = `${DIR}/template.yaml`;
  const { value, locate } = parseTemplateText(readFileSync(file, 'utf8'), file);
  const b = new ModelBuilder();
  loadTemplateObject(value, b, { account: ACCOUNT, region: REGION, stackName: 'parity', file, locate });
  return b.build();
}

function fromHcl(): Model {
  const b = new ModelBuilder();
  loadTerraformConfig(`${DIR}/main.tf`, b, {});
  return b.build();
}

function fromPlan(): Model {
  const b = new ModelBuilder();
  loadTerraformPlan(`${DIR}/plan.json`, b, {});
  return b.build();
}

const list = (l: ValueList | undefined) => l?.values.map((v) => (isUnknown(v) ? `(unknown)` : v)).sort();
const principal = (p: PrincipalSpec | undefined) =>
  p && { wildcard: p.wildcard, aws: list(p.aws), service: list(p.service), federated: list(p.federated) };
const statement = (s: Statement) => ({
  sid: s.sid,
  effect: s.effect,
  action: list(s.action),
  notAction: list(s.notAction),
  resource: list(s.resource),
  principal: principal(s.principal),
  conditions: s.conditions
    .map((c) => ({ operator: c.operator, key: c.key.toLowerCase(), values: c.values.map(String).sort() }))
    .sort((a, b) => `${a.operator}${a.key}`.localeCompare(`${b.operator}${b.key}`)),
});
const doc = (d: PolicyDocument | undefined) =>
  d && { unknown: d.unknown !== undefined, statements: d.statements.map(statement) };

/** A model without sources and ids AWS assigns: what must be equal across adapters. */
function essence(m: Model) {
  const resource = (r: Resource) => ({
    kind: r.kind,
    arn: r.kind === 'kms-key' ? '(assigned by KMS)' : r.arn,
    name: r.kind === 'kms-key' ? '(assigned by KMS)' : r.name,
    account: r.account,
    policy: doc(r.policy),
  });
  return {
    accounts: m.accounts.map((a) => a.id),
    users: m.users.map((u) => ({
      arn: u.arn,
      path: u.path,
      groups: u.groups,
      inline: u.inlinePolicies.length,
    })),
    groups: m.groups.map((g) => ({
      arn: g.arn,
      inline: g.inlinePolicies.map((p) => ({ name: p.name, document: doc(p.document) })),
    })),
    roles: m.roles.map((r) => ({
      arn: r.arn,
      trust: doc(r.trustPolicy),
      managed: r.managedPolicies.map((a) => a.policyArn),
      profiles: r.instanceProfiles.map((p) => ({ name: p.name, arn: p.arn })),
      usedBy: r.usedBy.map((u) => ({ kind: u.kind, arn: u.arn, service: u.service })),
    })),
    policies: m.policies.map((p) => ({ arn: p.arn, path: p.path, document: doc(p.document) })),
    resources: m.resources
      .map(resource)
      .sort((a, b) =>
        `${a.kind}${JSON.stringify(a.policy)}`.localeCompare(`${b.kind}${JSON.stringify(b.policy)}`),
      ),
  };
}

describe('the same resources from a template, HCL and a plan give the same model', () => {
  const cfn = essence(fromTemplate());
  const hcl = essence(fromHcl());
  const plan = essence(fromPlan());

  it.each(['accounts', 'users', 'groups', 'roles', 'policies'] as const)('%s', (what) => {
    expect(hcl[what]).toEqual(cfn[what]);
    expect(plan[what]).toEqual(cfn[what]);
  });

  it('resources: buckets, keys, functions, queues and topics with their policies', () => {
    expect(cfn.resources.map((r) => r.kind).sort()).toEqual([
      'kms-key',
      'kms-key',
      'lambda-function',
      's3-bucket',
      'sns-topic',
      'sqs-queue',
    ]);
    expect(hcl.resources).toEqual(cfn.resources);
    expect(plan.resources).toEqual(cfn.resources);
  });

  it('the Lambda permission is the statement AddPermission writes', () => {
    const fn = cfn.resources.find((r) => r.kind === 'lambda-function')!;
    expect(fn.policy!.statements).toEqual([
      {
        sid: 'InvokeFromBucket',
        effect: 'Allow',
        action: ['lambda:InvokeFunction'],
        notAction: undefined,
        resource: [`arn:aws:lambda:${REGION}:${ACCOUNT}:function:parity-fn`],
        principal: { wildcard: false, aws: undefined, service: ['s3.amazonaws.com'], federated: undefined },
        conditions: [
          { operator: 'ArnLike', key: 'aws:sourcearn', values: ['arn:aws:s3:::parity-data'] },
          { operator: 'StringEquals', key: 'aws:sourceaccount', values: [ACCOUNT] },
        ],
      },
    ]);
  });

  it('a key without a policy gets the default key policy in every adapter', () => {
    for (const m of [cfn, hcl, plan]) {
      const keys = m.resources.filter((r) => r.kind === 'kms-key');
      expect(keys.map((k) => k.policy!.statements[0]!.sid).sort()).toEqual([
        'Enable IAM User Permissions',
        'Owner',
      ]);
    }
  });
});
