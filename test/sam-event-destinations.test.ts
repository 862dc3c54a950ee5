// EventInvokeConfig destinations written `!If [C, !Ref AWS::NoValue, arn]`: SAM creates the topic
// or queue under the condition that picks the empty branch and lets the execution role send to
// it (aws/serverless-application-model, Apache-2.0, samtranslator/model/sam_resources.py
// `_get_or_make_condition`: "Only create the Queue/Topic if the condition is true ... Only create
// the Queue/Topic if the condition is false"; tests/translator/output/function_with_event_dest.json).
// Before, the `!If` was kept as the Resource: with the empty branch chosen the statement had no
// Resource and the role's grant on the topic SAM creates was lost.

import { describe, expect, it } from 'vitest';
import type { Model } from '../src/model/types.js';
import { loadFixture, whoCanLines } from './helpers/sam.js';

const roleLines = (m: Model, action: string, arn: string) =>
  whoCanLines(m, action, arn).filter((l) => l.startsWith('arn:aws:iam::123456789012:role/app-WorkerRole-'));
const created = (m: Model, kind: string) => m.resources.find((r) => r.kind === kind)?.arn;

describe('EventInvokeConfig destinations with an empty Fn::If branch', () => {
  it('the condition picks the empty branch: SAM creates the topic and queue, the role may send to them', () => {
    const m = loadFixture('event-destinations.yaml', {
      parameters: { CreateTopic: 'true', UseExistingQueue: 'false' },
    });
    const topic = created(m, 'sns-topic')!;
    const queue = created(m, 'sqs-queue')!;
    expect(topic).toMatch(/:app-WorkerEventInvokeConfigOnFailureTopic-/);
    expect(queue).toMatch(/:app-WorkerEventInvokeConfigOnSuccessQueue-/);
    expect(roleLines(m, 'sns:Publish', topic)).toEqual([expect.stringMatching(/ allow$/)]);
    expect(roleLines(m, 'sqs:SendMessage', queue)).toEqual([expect.stringMatching(/ allow$/)]);
  });

  it('the other branch: no topic or queue, the role sends to the ARN given', () => {
    const m = loadFixture('event-destinations.yaml', {
      parameters: { CreateTopic: 'false', UseExistingQueue: 'true' },
    });
    expect(created(m, 'sns-topic')).toBeUndefined();
    expect(roleLines(m, 'sns:Publish', 'arn:aws:sns:eu-west-1:123456789012:existing-topic')).toEqual([
      expect.stringMatching(/ allow$/),
    ]);
  });

  it('an undecided condition: the topic may exist and the role may send to it, indeterminate', () => {
    const m = loadFixture('event-destinations.yaml');
    expect(roleLines(m, 'sns:Publish', created(m, 'sns-topic')!)).toEqual([
      expect.stringMatching(/ indeterminate$/),
    ]);
  });
});
