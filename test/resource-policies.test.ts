// Resource policies modelled from their shared description (src/aws/resource-policies.ts), in
// both adapters (test/fixtures/resource-policies: template.yaml and main.tf write the same
// resources): each grant to account 444455556666 shows up in who-can and fails an
// `onlyPrincipals` check limited to the owning account; a VPC endpoint policy is kept but never
// used as a resource policy; a policy iamspec does not model keeps its resource with an unknown
// policy, so the check is indeterminate, never a pass.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTemplateObject, parseTemplateText } from '../src/adapters/cloudformation/index.js';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { checkOnlyPrincipals } from '../src/analysis/exhaustive.js';
import { whoCan } from '../src/analysis/who-can.js';
import { policyHolderKey } from '../src/aws/arn-formats.js';
import { STREAM_LABEL } from '../src/aws/resource-policies.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model, Resource, ResourceKind } from '../src/model/types.js';

const DIR = 'test/fixtures/resource-policies';
const ACCOUNT = '111122223333';
const PARTNER = '444455556666';
const PARTNER_ROOT = `arn:aws:iam::${PARTNER}:root`;

function fromTemplate(): Model {
  const file = `${DIR}/template.yaml`;
  const { value, locate } = parseTemplateText(readFileSync(file, 'utf8'), file);
  const b = new ModelBuilder();
  loadTemplateObject(value, b, { account: ACCOUNT, region: 'us-west-2', stackName: 'rp', file, locate });
  return b.build();
}

function fromHcl(): Model {
  const b = new ModelBuilder();
  loadTerraformConfig(`${DIR}/main.tf`, b, {});
  return b.build();
}

/** A concrete ARN under a resource, for the request (an index of a table, a stage of an API...). */
const requestArn: Partial<Record<ResourceKind, (r: Resource) => string>> = {
  'dynamodb-table': (r) => `${r.arn}/index/by-date`,
  'dynamodb-stream': (r) => r.arn.replace(STREAM_LABEL, '2024-02-12T18:57:26.492'),
  'opensearch-domain': (r) => `${r.arn}/orders/_search`,
  'apigateway-rest-api': (r) => `${r.arn}/prod/GET/orders`,
};

const cases: { kind: ResourceKind; action: string }[] = [
  { kind: 'dynamodb-table', action: 'dynamodb:GetItem' },
  { kind: 'ecr-repository', action: 'ecr:BatchGetImage' },
  { kind: 'kinesis-stream', action: 'kinesis:GetRecords' },
  { kind: 'opensearch-domain', action: 'es:ESHttpGet' },
  { kind: 'events-bus', action: 'events:PutEvents' },
  { kind: 'backup-vault', action: 'backup:CopyIntoBackupVault' },
  { kind: 'efs-file-system', action: 'elasticfilesystem:ClientMount' },
  { kind: 'apigateway-rest-api', action: 'execute-api:Invoke' },
  { kind: 'lambda-layer-version', action: 'lambda:GetLayerVersion' },
];

describe.each([
  ['CloudFormation', fromTemplate],
  ['Terraform HCL', fromHcl],
] as const)('%s', (_name, load) => {
  const model = load();
  const engine = compileModel(model);
  const one = (kind: ResourceKind) => {
    const found = model.resources.filter((r) => r.kind === kind);
    expect(found.map((r) => r.arn)).toHaveLength(1);
    return found[0]!;
  };

  it.each(cases)(
    '$kind: a grant to another account shows in who-can and fails onlyPrincipals',
    ({ kind, action }) => {
      const r = one(kind);
      expect(r.policy?.statements.length).toBeGreaterThan(0);
      const arn = requestArn[kind]?.(r) ?? r.arn;
      const who = whoCan(engine, action, arn, { direct: true });
      expect(who.entries.some((e) => e.principal === PARTNER_ROOT || e.principal.includes(PARTNER))).toBe(
        true,
      );
      const only = checkOnlyPrincipals(engine, action, arn, [ACCOUNT]);
      expect(only.holds).toBe(false);
      expect(only.violations.some((v) => v.principal.includes(PARTNER))).toBe(true);
    },
  );

  it('a DynamoDB index is governed by its table policy, a stream by its own', () => {
    const table = one('dynamodb-table');
    expect(policyHolderKey(`${table.arn}/index/i`)).toBe(table.arn);
    if (_name === 'CloudFormation') {
      const stream = one('dynamodb-stream');
      const arn = requestArn['dynamodb-stream']!(stream);
      expect(checkOnlyPrincipals(engine, 'dynamodb:GetRecords', arn, [ACCOUNT]).holds).toBe(false);
      // The table's policy does not grant the stream's actions to the partner.
      expect(checkOnlyPrincipals(engine, 'dynamodb:GetItem', arn, [ACCOUNT]).holds).toBe(true);
    }
  });

  // Amazon VPC "Control access to VPC endpoints using endpoint policies"
  // (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html): "An endpoint
  // policy does not override or replace identity-based policies or resource-based policies": it
  // only narrows requests made through the endpoint, so it is kept for review and is never the
  // resource policy of the endpoint or of what requests through it reach.
  it('a VPC endpoint policy is kept, never used as a resource policy', () => {
    const endpoint = one('vpc-endpoint');
    expect(endpoint.policy).toBeUndefined();
    expect(endpoint.endpointPolicy?.statements[0]?.principal?.wildcard).toBe(true);
    const d = engine.decide({
      principal: 'anonymous',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::orders-exports/a',
    });
    expect(d.decision).toBe('deny');
  });

  it('a policy iamspec does not model makes the check indeterminate, never a pass', () => {
    const kept = model.resources.find((r) => r.kind === 'other' && r.policy?.unknown);
    expect(kept).toBeDefined();
    const only = checkOnlyPrincipals(engine, 'codeartifact:ReadFromRepository', kept!.arn, [ACCOUNT]);
    expect(only.holds).toBe(false);
    expect(only.violations.every((v) => v.access === 'indeterminate')).toBe(true);
  });
});

describe('Terraform only', () => {
  it('aws_glue_resource_policy is the Data Catalog policy: databases and tables are under it', () => {
    const model = fromHcl();
    const engine = compileModel(model);
    const table = 'arn:aws:glue:us-west-2:111122223333:table/sales/orders';
    const only = checkOnlyPrincipals(engine, 'glue:GetTable', table, [ACCOUNT]);
    expect(only.holds).toBe(false);
    expect(only.violations.some((v) => v.principal.includes(PARTNER))).toBe(true);
  });
});

describe('CloudFormation AWS::Events::EventBusPolicy', () => {
  // Amazon EventBridge API Reference, "PutPermission": "Running PutPermission permits the specified
  // AWS account or AWS organization to put events to the specified event bus"; with a Condition
  // "to grant permissions to all the accounts in an organization".
  it('the Statement form and the Principal/Condition form both add to the bus policy', () => {
    const text = `Resources:
  Bus: {Type: AWS::Events::EventBus, Properties: {Name: b}}
  Org:
    Type: AWS::Events::EventBusPolicy
    Properties:
      EventBusName: !Ref Bus
      StatementId: org
      Action: events:PutEvents
      Principal: '*'
      Condition: {Type: StringEquals, Key: aws:PrincipalOrgID, Value: o-abc123}
  Partner:
    Type: AWS::Events::EventBusPolicy
    Properties:
      EventBusName: !Ref Bus
      StatementId: partner
      Statement:
        Sid: partner
        Effect: Allow
        Principal: {AWS: arn:aws:iam::${PARTNER}:root}
        Action: events:PutEvents
        Resource: !GetAtt Bus.Arn
`;
    const { value, locate } = parseTemplateText(text, 't.yaml');
    const b = new ModelBuilder();
    loadTemplateObject(value, b, {
      account: ACCOUNT,
      region: 'us-west-2',
      stackName: 's',
      file: 't.yaml',
      locate,
    });
    const bus = b.build().resources.find((r) => r.kind === 'events-bus')!;
    expect(bus.policy!.statements.map((s) => s.sid)).toEqual(['org', 'partner']);
    const org = bus.policy!.statements[0]!;
    expect(org.principal?.wildcard).toBe(true);
    expect(org.conditions.map((c) => [c.operator, c.key, c.values])).toEqual([
      ['StringEquals', 'aws:PrincipalOrgID', ['o-abc123']],
    ]);
    expect(org.resource?.values).toEqual([bus.arn]);
  });
});
