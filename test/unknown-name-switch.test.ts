// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} is CloudFormation syntax here.
// When the engine matches a request by the rule for names the inputs leave unknown
// (src/engine/unknown-names.ts `unknownNameCauses` `everyRequest`, `requestNamesUnknown`): every
// request in a model with an unknown-named user, group, role or resource, or a tag holding an
// unknown part; otherwise only a request one of whose ARNs (resource, principal) or context
// values holds one. A model whose only unknown name is a managed policy's decides every other
// request as it did when it matched all of them by the rule (same decision, reason and trace);
// a request whose principal ARN holds an unknown part is matched by the rule even in a model
// without unknown names (before, only its resource and context were looked at: literal, deny).
// AWS pages the rules come from:
// - IAM User Guide, "IAM JSON policy elements: Resource": "You can use wildcard characters (* and
//   ?) within any ARN segment (the parts separated by colons) ... An asterisk (*) represents any
//   combination of zero or more characters, and a question mark (?) represents any single
//   character."
// - CloudFormation Template Reference, AWS::IAM::ManagedPolicy, ManagedPolicyName: "If you don't
//   specify a name, AWS CloudFormation generates a unique physical ID and uses that ID for the
//   policy name."
// - IAM User Guide, "AWS global condition context keys", aws:PrincipalArn: "Use this key to
//   compare the Amazon Resource Name (ARN) of the principal that made the request with the ARN
//   that you specify in the policy."

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import type { Decision, Request } from '../src/engine/index.js';
import { unknownNameCauses } from '../src/engine/unknown-names.js';
import { modelOf } from './fixtures/cfn/load.js';
import { cfnBucketPolicy, cfnUser } from './helpers/cfn-templates.js';
import { managedPolicyModel, managedPolicyRequests } from './helpers/generated-policy-model.js';

/** A context key no policy reads, set to a value with an unknown part: the request takes the rule. */
const FORCE = 'test:unused';

function withoutForce(d: Decision): unknown {
  const text = JSON.stringify(d);
  return JSON.parse(text.replace(/,?"test:unused":"[^"]*"/g, ''));
}

describe('a model whose only unknown name is a managed policy', () => {
  const m = managedPolicyModel(12, false);
  it('matches only the requests naming an unknown part by the rule', () => {
    expect(m.policies[0]!.arn).toMatch(/policy\/App-Pol-\(unknown-generated-[^)]*\)$/);
    const named = unknownNameCauses(m);
    // the policy, and the stack (its id is assigned at creation: aws/stack ARNs)
    expect([...named.causes.keys()].filter((k) => !k.includes(':stack/'))).toEqual([m.policies[0]!.arn]);
    expect(named.everyRequest).toBe(false);
  });

  it('decides every request as when the rule matched them all (decision, reason, trace)', () => {
    const engine = compileModel(m);
    const requests: Request[] = managedPolicyRequests(m);
    // a concrete name the policy may have, and one it may not
    const u = m.users[0]!.arn;
    requests.push(
      {
        principal: u,
        action: 'iam:CreatePolicyVersion',
        resource: 'arn:aws:iam::111122223333:policy/App-Pol-xyz',
      },
      { principal: u, action: 'iam:CreatePolicyVersion', resource: 'arn:aws:iam::111122223333:policy/Other' },
      { principal: u, action: 'iam:CreatePolicyVersion', resource: m.policies[0]!.arn },
    );
    let indeterminate = 0;
    for (const r of requests) {
      const plain = engine.decide(r, { trace: true });
      const forced = engine.decide(
        { ...r, context: { ...(r.context ?? {}), [FORCE]: '(unknown-generated-force)' } },
        { trace: true },
      );
      expect(withoutForce(plain), `${r.action} ${r.resource}`).toEqual(withoutForce(forced));
      if (plain.decision === 'indeterminate') indeterminate++;
    }
    // the model's conditions leave some open: the comparison covers indeterminate decisions too
    expect(indeterminate).toBeGreaterThan(0);
  });
});

describe('a request whose principal ARN holds an unknown part, in a model without unknown names', () => {
  const m = modelOf(`Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: data
${cfnBucketPolicy('DataPolicy', 'Data', [
  "{Effect: Allow, Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*', Condition: {StringEquals: {'aws:PrincipalArn': 'arn:aws:iam::444455556666:role/App-Reader'}}}",
])}`);
  const decide = (principal: string) =>
    compileModel(m).decide({ principal, action: 's3:GetObject', resource: 'arn:aws:s3:::data/k' }).decision;

  it('the reproduction: a role whose name may be App-Reader might be let in (was deny)', () => {
    // no user, group, role or resource has an unknown name (only the stack's id is unknown)
    expect([...unknownNameCauses(m).causes.keys()].filter((k) => !k.includes(':stack/'))).toEqual([]);
    expect(decide('arn:aws:iam::444455556666:role/App-(unknown-generated-ab12cd)')).toBe('indeterminate');
  });

  it('known names are decided', () => {
    expect(decide('arn:aws:iam::444455556666:role/App-Reader')).toBe('allow');
    expect(decide('arn:aws:iam::444455556666:role/Other')).toBe('deny');
    expect(decide('arn:aws:iam::444455556666:role/Other-(unknown-generated-ab12cd)')).toBe('deny');
  });
});

describe('a tag holding the ARN of a managed policy whose name is unknown', () => {
  const m = modelOf(
    `Resources:
  Pol:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - {Effect: Allow, Action: 's3:ListAllMyBuckets', Resource: '*'}
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: jobs
      Tags: [{Key: pol, Value: !Ref Pol}]
${cfnUser('Dev', 'dev', 'p', ["{Effect: Allow, Action: 'sqs:SendMessage', Resource: '*', Condition: {StringEquals: {'aws:ResourceTag/pol': 'arn:aws:iam::111122223333:policy/App-Pol-xyz'}}}"], { version: true })}`,
    { stackName: 'App' },
  );

  it('every request is matched by the rule: the tag may be the value the condition names', () => {
    expect(unknownNameCauses(m).everyRequest).toBe(true);
    const d = compileModel(m).decide({
      principal: m.users[0]!.arn,
      action: 'sqs:SendMessage',
      resource: 'arn:aws:sqs:us-west-2:111122223333:jobs',
    });
    expect(d.decision).toBe('indeterminate');
  });
});
