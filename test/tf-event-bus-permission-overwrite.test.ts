// aws_cloudwatch_event_bus_policy sets an event bus's whole policy; aws_cloudwatch_event_permission
// adds one statement to it (src/adapters/terraform/handlers/resources.ts `overwritesAdditions`).
// Terraform AWS provider, aws_cloudwatch_event_bus_policy: "The EventBridge bus policy resource
// (aws_cloudwatch_event_bus_policy) is incompatible with the EventBridge permission resource
// (aws_cloudwatch_event_permission) and will overwrite permissions." So with both on one bus, the
// permission's statement may or may not be there after apply, and the bus policy's statements are.
// Before, the verdict depended on the order of the configuration: bus policy first, the
// permission's Allow was certain (a `can` passed); permission first, both became maybe-present
// (the bus policy's Deny was not credited).

import { describe, expect, it } from 'vitest';
import { checkTempFiles, statusesById } from './helpers/temp-inputs.js';

const BUS = `provider "aws" { region = "us-east-1" }
resource "aws_cloudwatch_event_bus" "b" { name = "orders" }
`;
const BUS_POLICY = `resource "aws_cloudwatch_event_bus_policy" "b" {
  event_bus_name = aws_cloudwatch_event_bus.b.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [
    { Sid = "partner", Effect = "Allow", Principal = { AWS = "arn:aws:iam::444455556666:root" }, Action = "events:PutEvents", Resource = aws_cloudwatch_event_bus.b.arn },
    { Sid = "otherOnlyFromOrg", Effect = "Deny", Principal = { AWS = "arn:aws:iam::777788889999:root" }, Action = "events:PutEvents", Resource = aws_cloudwatch_event_bus.b.arn, Condition = { StringNotEquals = { "aws:PrincipalOrgID" = "o-trusted" } } }
  ] })
}
`;
const PERMISSION = `resource "aws_cloudwatch_event_permission" "p" {
  principal = "777788889999"
  statement_id = "other"
  event_bus_name = aws_cloudwatch_event_bus.b.name
}
`;

const SPEC = `version: 1
account: "111122223333"
expect:
  - id: partner-puts
    principal: "444455556666"
    can: { action: events:PutEvents, resource: aws_cloudwatch_event_bus.b }
  - id: other-outside-org
    principal: "777788889999"
    context: { aws:PrincipalOrgID: o-evil }
    cannot: { action: events:PutEvents, resource: aws_cloudwatch_event_bus.b }
  - id: other-puts
    principal: "777788889999"
    context: { aws:PrincipalOrgID: o-trusted }
    can: { action: events:PutEvents, resource: aws_cloudwatch_event_bus.b }
  - id: other-cannot-put
    principal: "777788889999"
    context: { aws:PrincipalOrgID: o-trusted }
    cannot: { action: events:PutEvents, resource: aws_cloudwatch_event_bus.b }
`;

async function statuses(tf: string): Promise<Record<string, string>> {
  const { expectations } = await checkTempFiles({ 'main.tf': tf }, SPEC);
  return statusesById(expectations);
}

describe('aws_cloudwatch_event_bus_policy overwrites aws_cloudwatch_event_permission', () => {
  it('the permission alone grants (intended)', async () => {
    const s = await statuses(BUS + PERMISSION);
    expect(s['other-puts']).toBe('pass');
    expect(s['other-cannot-put']).toBe('fail');
  });

  it('with a bus policy, the permission’s statement may be gone; the bus policy’s stay (near miss)', async () => {
    const expected = {
      'partner-puts': 'pass',
      // the bus policy's Deny holds (it was indeterminate with the permission written first)
      'other-outside-org': 'pass',
      // the permission's Allow may be overwritten (a `can` passed with the bus policy written first)
      'other-puts': 'indeterminate',
      'other-cannot-put': 'indeterminate',
    };
    expect(await statuses(BUS + BUS_POLICY + PERMISSION)).toEqual(expected);
    // whatever the order of the configuration
    expect(await statuses(BUS + PERMISSION + BUS_POLICY)).toEqual(expected);
  });
});
