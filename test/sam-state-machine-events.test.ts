// SAM state machine events that are not expanded, and SAM listed before AWS::LanguageExtensions
// (issue 10 leftover 6): each gives one clear finding with its code and location, and what the
// event would grant stays in the model as unknown, never silently nothing.
//
// Pages relied on:
// - AWS SAM, AWS::Serverless::StateMachine, Events
//   (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-statemachine-statemachineeventsource.html):
//   an event source has a required `Type` ("The event type. Required: Yes"), and for each event
//   SAM generates an IAM role the event source uses to call states:StartExecution.
// - AWS CloudFormation User Guide, "CloudFormation template Transform section"
//   (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/transform-section-structure.html):
//   "CloudFormation executes macros in the order that they're specified." ... "CloudFormation
//   treats these transforms the same as any macros you create in terms of execution order and
//   scope."

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { compileModel } from '../src/engine/index.js';

const options = { account: '111122223333', region: 'us-east-1' };

describe('state machine events SAM cannot expand', () => {
  const m = loadModelSync(['test/fixtures/sam/state-machine-events-invalid.yaml'], options);

  it('an event without Type: a finding with code and line, and the caller role kept with an unknown service', () => {
    const f = m.findings.find((x) => x.code === 'sam/invalid-event');
    expect(f?.message).toContain('Nightly');
    expect(f?.message).toContain('no Type');
    expect(f?.source?.line).toBe(17); // the event's body
    const role = m.roles.find((r) => r.name.includes('OrderWorkflowNightlyRole'));
    expect(role, m.roles.map((r) => r.name).join(', ')).toBeDefined();
    expect(JSON.stringify(role!.trustPolicy)).toContain('unknown');
  });

  it('an event type SAM state machines do not have: the same, under sam/unsupported-event', () => {
    const f = m.findings.find((x) => x.code === 'sam/unsupported-event');
    expect(f?.message).toContain('S3');
    expect(m.roles.some((r) => r.name.includes('OrderWorkflowOnUploadRole'))).toBe(true);
  });

  it('may the unknown caller start executions? indeterminate, never a silent no', () => {
    const e = compileModel(m);
    const role = m.roles.find((r) => r.name.includes('OrderWorkflowNightlyRole'))!;
    const sm = 'arn:aws:states:us-east-1:111122223333:stateMachine:order-workflow';
    expect(e.decide({ principal: role.arn, action: 'states:StartExecution', resource: sm }).decision).toBe(
      'allow',
    );
    const assume = e.decide({
      principal: 'events.amazonaws.com',
      action: 'sts:AssumeRole',
      resource: role.arn,
    }).decision;
    expect(assume).toBe('indeterminate');
  });
});

describe('SAM listed before AWS::LanguageExtensions', () => {
  it('one cfn/transform-order finding at Transform naming the loop', () => {
    const m = loadModelSync(['test/fixtures/transform-order/sam-then-le.yaml'], options);
    const f = m.findings.filter((x) => x.code === 'cfn/transform-order');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain('Fn::ForEach::Workers');
    expect(f[0]!.source?.line).toBe(5); // the Transform list
  });

  it('listed after: no such finding', () => {
    const m = loadModelSync(['test/fixtures/transform-order/le-then-sam.yaml'], options);
    expect(m.findings.some((x) => x.code === 'cfn/transform-order')).toBe(false);
  });
});
