// An event bus policy or permission that names no event bus is for the account's default event
// bus (src/aws/events.ts `DEFAULT_EVENT_BUS`, the carriers' `target.whenUnset` in
// src/aws/resource-policies.ts, read by both adapters). EventBridge API Reference, PutPermission,
// EventBusName: "The name of the event bus associated with the rule. If you omit this, the default
// event bus is used." Terraform aws_cloudwatch_event_permission / aws_cloudwatch_event_bus_policy,
// event_bus_name: "If you omit this, the permissions are set on the default event bus." Before,
// Terraform dropped such a permission ("not set and cannot be linked; its policy is not applied"):
// the account it grants was denied PutEvents on the default bus, a pass where AWS allows.

import { describe, expect, it } from 'vitest';
import { loadTemplateObject } from '../src/adapters/cloudformation/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { terraformConfigModel } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const DEFAULT_BUS = `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default`;
const PARTNER = 'arn:aws:iam::444455556666:role/partner';
const ORG_MEMBER = 'arn:aws:iam::555566667777:role/member';

function fromHcl(text: string): Model {
  return terraformConfigModel(text, { account: ACCOUNT, region: 'us-east-1' });
}

function fromTemplate(resources: Record<string, unknown>, parameters?: Record<string, unknown>): Model {
  const b = new ModelBuilder();
  loadTemplateObject({ ...(parameters ? { Parameters: parameters } : {}), Resources: resources }, b, {
    account: ACCOUNT,
    region: 'us-east-1',
    stackName: 'bus',
  });
  return b.build();
}

const decide = (m: Model, principal: string, context?: Record<string, string>) =>
  compileModel(m).decide({
    principal,
    action: 'events:PutEvents',
    resource: DEFAULT_BUS,
    ...(context ? { context } : {}),
  }).decision;

describe('Terraform: aws_cloudwatch_event_permission without event_bus_name', () => {
  const m = fromHcl(`resource "aws_cloudwatch_event_permission" "partner" {
  principal    = "444455556666"
  statement_id = "partner"
}
resource "aws_cloudwatch_event_permission" "org" {
  principal    = "*"
  statement_id = "org"
  condition {
    key   = "aws:PrincipalOrgID"
    type  = "StringEquals"
    value = "o-abc"
  }
}
`);

  it('is set on the default event bus, not dropped', () => {
    expect(m.findings.filter((f) => f.code === 'tf/unresolved-reference')).toEqual([]);
    expect(decide(m, PARTNER)).toBe('allow');
    expect(decide(m, ORG_MEMBER, { 'aws:PrincipalOrgID': 'o-abc' })).toBe('allow');
    expect(decide(m, ORG_MEMBER, { 'aws:PrincipalOrgID': 'o-other' })).toBe('deny');
  });
});

describe('Terraform: aws_cloudwatch_event_bus_policy without event_bus_name', () => {
  const m = fromHcl(`resource "aws_cloudwatch_event_bus_policy" "p" {
  policy = ${JSON.stringify(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: PARTNER }, Action: 'events:PutEvents', Resource: '*' },
      ],
    }),
  )}
}
`);

  it('is the default event bus policy', () => {
    expect(decide(m, PARTNER)).toBe('allow');
    expect(decide(m, ORG_MEMBER)).toBe('deny');
  });
});

describe('CloudFormation: AWS::Events::EventBusPolicy', () => {
  it('without EventBusName is for the default event bus', () => {
    const m = fromTemplate({
      P: {
        Type: 'AWS::Events::EventBusPolicy',
        Properties: { StatementId: 'partner', Principal: '444455556666', Action: 'events:PutEvents' },
      },
    });
    expect(decide(m, PARTNER)).toBe('allow');
    expect(decide(m, ORG_MEMBER)).toBe('deny');
  });

  it('with an EventBusName known only at deployment may be any bus: not taken as the default one', () => {
    const m = fromTemplate(
      {
        P: {
          Type: 'AWS::Events::EventBusPolicy',
          Properties: {
            EventBusName: { Ref: 'Bus' },
            StatementId: 'partner',
            Principal: '444455556666',
            Action: 'events:PutEvents',
          },
        },
      },
      { Bus: { Type: 'String' } },
    );
    expect(decide(m, PARTNER)).toBe('indeterminate');
  });
});
