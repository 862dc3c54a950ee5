// The role SAM generates for a state machine's ScheduleV2 event (src/adapters/cloudformation/sam/
// state-machine.ts `scheduleV2Role`), as the translator builds it (aws/serverless-application-model
// samtranslator/model/eventsources/scheduler.py `_construct_execution_role`: "if dlq_queue_arn:
// policies.append(IAMRolePolicies.sqs_send_message_role_policy(dlq_queue_arn, self.logical_id))",
// "if permissions_boundary: execution_role.PermissionsBoundary = permissions_boundary" with the
// event's `PermissionsBoundary`; tests/translator/output/state_machine_with_schedule_dlq_retry_policy.json
// `StateMachineScheduleEventV2SQSPolicy`). Before, the role had no sqs:SendMessage on the
// dead-letter queue (a deny where the scheduler's role may send) and carried the state machine's
// boundary instead of the event's (a boundary SAM does not set narrowed the role).

import { describe, expect, it } from 'vitest';
import { loadTemplateObject } from '../src/adapters/cloudformation/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';

const ACCOUNT = '111122223333';
const boundaryArn = `arn:aws:iam::${ACCOUNT}:policy/state-machine-boundary`;

function load() {
  const builder = new ModelBuilder();
  loadTemplateObject(
    {
      Transform: 'AWS::Serverless-2016-10-31',
      Resources: {
        StateMachine: {
          Type: 'AWS::Serverless::StateMachine',
          Properties: {
            Definition: { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
            PermissionsBoundary: boundaryArn,
            Events: {
              Nightly: {
                Type: 'ScheduleV2',
                Properties: {
                  ScheduleExpression: 'rate(1 day)',
                  DeadLetterConfig: { Arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:schedule-dlq` },
                },
              },
            },
          },
        },
      },
    },
    builder,
    { file: 'app.yaml', stackName: 'app', account: ACCOUNT, region: 'us-east-1' },
  );
  return builder.build();
}

describe('a state machine ScheduleV2 event with a dead-letter queue', () => {
  const model = load();
  const role = model.roles.find((r) => r.source.generatedLogicalId?.startsWith('StateMachineNightlyRole'))!;

  it('its role may send to the dead-letter queue (was deny)', () => {
    const d = compileModel(model).decide({
      principal: role.arn,
      action: 'sqs:SendMessage',
      resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:schedule-dlq`,
    });
    expect(d.decision).toBe('allow');
  });

  it('it has the event`s boundary (none here), not the state machine`s', () => {
    expect(role.permissionsBoundary).toBeUndefined();
  });
});
