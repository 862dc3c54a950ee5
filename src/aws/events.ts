// EventBridge facts both adapters share: the statement PutPermission adds to an event bus policy.

import { isUnknown, type Maybe } from '../model/unknown.js';
import { permissionPrincipal } from './lambda.js';

/**
 * The event bus a bus policy or permission is for when it names none: the account's default
 * event bus (EventBridge API Reference, PutPermission, EventBusName: "The name of the event bus
 * associated with the rule. If you omit this, the default event bus is used."; Terraform
 * aws_cloudwatch_event_bus_policy and aws_cloudwatch_event_permission, `event_bus_name`: "If you
 * omit this, the permissions are set on the default event bus."; CloudFormation
 * AWS::Events::EventBusPolicy `EventBusName`: "If you omit this, the default event bus is used.").
 */
export const DEFAULT_EVENT_BUS = 'default';

export interface EventBusPermissionInput {
  statementId?: Maybe<string>;
  /** An account id, or `*` for every account (then a condition is expected). */
  principal: Maybe<string>;
  /** `events:PutEvents` when not given. */
  action?: Maybe<string>;
  /** The bus's ARN; Unknown when the bus a policy is for is not known. */
  busArn: Maybe<string>;
  /** `{Type, Key, Value}`: `StringEquals` on `aws:PrincipalOrgID` is the only documented form. */
  condition?: { type: Maybe<string>; key: Maybe<string>; value: Maybe<string> };
}

/**
 * The statement PutPermission (and CloudFormation's AWS::Events::EventBusPolicy without a
 * Statement, Terraform's aws_cloudwatch_event_permission) adds to an event bus policy: Allow
 * `events:PutEvents` on the bus for an account or everyone, with the condition given
 * (Amazon EventBridge API Reference, "PutPermission",
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutPermission.html: "Running
 * PutPermission permits the specified AWS account or AWS organization to put events to the
 * specified event bus").
 */
export function eventBusPermissionDocument(
  input: EventBusPermissionInput,
  partition: string,
): Record<string, unknown> {
  const statement: Record<string, unknown> = {};
  if (input.statementId !== undefined) statement.Sid = input.statementId;
  statement.Effect = 'Allow';
  statement.Principal = permissionPrincipal(input.principal, partition);
  statement.Action = input.action ?? 'events:PutEvents';
  statement.Resource = input.busArn;
  const c = input.condition;
  // A condition whose operator or key is unknown is an unknown Condition element.
  if (c)
    statement.Condition = isUnknown(c.type)
      ? c.type
      : isUnknown(c.key)
        ? c.key
        : { [c.type]: { [c.key]: c.value } };
  return { Version: '2012-10-17', Statement: [statement] };
}
