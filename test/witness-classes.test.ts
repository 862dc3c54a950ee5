// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} is CloudFormation syntax here.
// The witness resources of an exhaustive check (src/analysis/witness-resources.ts) keep one
// resource per class (`classKey`: which split patterns match it, which model resource it is):
// sound only if every two resources of one class are decided alike. Here every resource the
// engine treats apart is in the model (a queue whose name CloudFormation generates, one with a
// tag a condition reads, one with a queue policy, one in another account), with ARNs outside it
// (names the generated one may have, other names, another account and Region): within each
// class, every decision is the same.
// AWS pages the rules come from:
// - IAM User Guide, "IAM JSON policy elements: Resource": "You can use wildcard characters (* and
//   ?) within any ARN segment (the parts separated by colons) ... An asterisk (*) represents any
//   combination of zero or more characters, and a question mark (?) represents any single
//   character."
// - IAM User Guide, "AWS global condition context keys", aws:ResourceTag/tag-key: "Use this key to
//   compare the tag key-value pair that you specify in the policy with the key-value pair attached
//   to the resource."
// - CloudFormation Template Reference, AWS::SQS::Queue, QueueName: "If you don't specify a name,
//   AWS CloudFormation generates a unique physical ID and uses that ID for the queue name."

import { describe, expect, it } from 'vitest';
import { WitnessResources, type WitnessQuery } from '../src/analysis/witness-resources.js';
import { compileModel } from '../src/engine/index.js';
import type { Resource } from '../src/model/types.js';
import { ACCOUNT, modelOf } from './fixtures/cfn/load.js';
import { cfnUser } from './helpers/cfn-templates.js';

const OTHER = '444455556666';
const q = (account: string, name: string, region = 'us-west-2') => `arn:aws:sqs:${region}:${account}:${name}`;

/** Resource patterns of the user's statements: the query's patterns. */
const PATTERNS = [q(ACCOUNT, 'App-Gen-abc*'), q('*', '*'), q(ACCOUNT, 'open'), q(OTHER, 'shared')];

const m = modelOf(
  `Resources:
  Plain:
    Type: AWS::SQS::Queue
    Properties: {QueueName: plain}
  Gen:
    Type: AWS::SQS::Queue
  Tagged:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: tagged
      Tags: [{Key: team, Value: blue}]
  Open:
    Type: AWS::SQS::Queue
    Properties: {QueueName: open}
  OpenPolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Open]
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - {Effect: Allow, Principal: {AWS: !GetAtt Dev.Arn}, Action: 'sqs:SendMessage', Resource: '*'}
${cfnUser(
  'Dev',
  'dev',
  'p',
  [
    `{Effect: Allow, Action: 'sqs:SendMessage', Resource: '${PATTERNS[0]}'}`,
    `{Effect: Allow, Action: 'sqs:SendMessage', Resource: '${PATTERNS[1]}', Condition: {StringEquals: {'aws:ResourceTag/team': blue}}}`,
    `{Effect: Allow, Action: 'sqs:SendMessage', Resource: '${PATTERNS[3]}'}`,
  ],
  { version: true },
)}`,
  { stackName: 'App' },
);

describe('witness classes of sqs:SendMessage', () => {
  const engine = compileModel(m);
  const dev = m.users[0]!.arn;
  const witnesses = new WitnessResources(m);
  const query: WitnessQuery = { action: 'sqs:SendMessage', patterns: PATTERNS, principalAccount: ACCOUNT };
  const gen = m.resources.find((r) => r.arn.includes('unknown-generated'))!;
  // the private class rule, read as the witness search reads it
  const inner = witnesses as unknown as {
    splitPatterns(q: WitnessQuery, trust: boolean): { split: Set<string>; splitResources: Set<Resource> };
    classKey(s: string, patterns: readonly string[], split: ReadonlySet<Resource>, trust: boolean): string;
  };
  const { split, splitResources } = inner.splitPatterns(query, false);
  const classOf = (s: string) => inner.classKey(s, [...split], splitResources, false);
  const decide = (resource: string) =>
    engine.decide({ principal: dev, action: 'sqs:SendMessage', resource }).decision;

  it('the model holds each kind of resource the engine tells apart', () => {
    expect(gen.arn).toMatch(/:App-Gen-\(unknown-generated-[^)]*\)$/);
    expect(m.resources.map((r) => r.arn.split(':').pop())).toContain('tagged');
  });

  it('two resources of one class are decided alike', () => {
    const probes = [
      ...witnesses.forAction(query).resources,
      ...m.resources.map((r) => r.arn),
      q(ACCOUNT, 'App-Gen-abcdef'),
      q(ACCOUNT, 'App-Gen-xyz'),
      q(ACCOUNT, 'other'),
      q(ACCOUNT, 'other', 'eu-west-1'),
      q(OTHER, 'shared'),
      q(OTHER, 'other'),
    ];
    const byClass = new Map<string, { resource: string; decision: string }[]>();
    for (const resource of probes) {
      const k = classOf(resource);
      byClass.set(k, [...(byClass.get(k) ?? []), { resource, decision: decide(resource) }]);
    }
    for (const members of byClass.values())
      expect(new Set(members.map((x) => x.decision)).size, JSON.stringify(members)).toBe(1);
    // the resources told apart are in classes of their own
    const seen = new Set(m.resources.map((r) => classOf(r.arn)));
    expect(seen.size).toBe(m.resources.length);
  });

  it('the witnesses hold a resource of each decision the probes have', () => {
    const decisions = new Set(witnesses.forAction(query).resources.map(decide));
    expect([...decisions].sort()).toEqual(['allow', 'deny', 'indeterminate']);
  });
});
