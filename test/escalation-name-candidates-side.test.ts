// `withNameCandidates` (analysis/escalation.ts) tries, for a request on a resource whose name the
// inputs do not pin down (an ECS task's cluster, an EC2 launch template's id), the names the
// maker's identity Allows name (`identityResourcePatterns`); it reads no resource-based policy. That
// is sound only while no resource-based policy may grant the request: checked by
// `resourceSideMayName` (analysis/escalation-new-principal.ts): where it fails, `withNameCandidates`
// leaves the probe request open (indeterminate, with why) instead of missing a name.
//
// AWS rules pinned here: "Resource-based policies within Amazon ECS. Supports resource-based
// policies: No" (Amazon ECS Developer Guide, "How Amazon Elastic Container Service works with IAM",
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security_iam_service-with-iam.html);
// an Amazon SQS queue takes one ("Amazon SQS policies": a queue policy grants other principals).

import { describe, expect, it } from 'vitest';
import { type EdgeRequest, withNameCandidates } from '../src/analysis/escalation.js';
import { resourceSideMayName } from '../src/analysis/escalation-new-principal.js';
import { compileModel } from '../src/engine/index.js';
import { PROBE_NAME } from '../src/model/stand-ins.js';
import { parsePolicy } from '../src/policy/parse.js';
import { builderWithUser } from './helpers/inline-user.js';

const A = '111122223333';
const src = { file: 'escalation-name-candidates-side.test.ts' };
const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const TASK = `arn:aws:ecs:us-east-1:${A}:task/${PROBE_NAME}/abc`;
const TEMPLATE = `arn:aws:ec2:us-east-1:${A}:launch-template/${PROBE_NAME}`;

function setup(governing?: object) {
  const { b } = builderWithUser(
    A,
    { name: 'dev', policy: 'ops', actions: ['ecs:ExecuteCommand', 'sqs:SendMessage'] },
    src,
  );
  if (governing)
    b.addResource({
      kind: 'other',
      arn: `arn:aws:ecs:us-east-1:${A}:holder/x`,
      name: 'holder',
      account: A,
      policy: parsePolicy(governing, { kind: 'resource', source: src }),
      governs: [`arn:aws:ecs:*:${A}:*`],
      source: src,
    });
  const e = compileModel(b.build());
  return { e, dev: e.model.users[0]! };
}

const request = (action: string, resource: string): EdgeRequest => ({
  action,
  resource,
  on: 'a resource',
  more: [],
  onName: (n) => ({ action, resource: resource.replace(PROBE_NAME, n), on: 'a resource', more: [] }),
});

describe('the Allow side of withNameCandidates reads identity policies only, and says so', () => {
  it('ECS tasks and EC2 launch templates: no resource-based policy may name a name', () => {
    const { e, dev } = setup();
    expect(resourceSideMayName(e, dev, 'ecs:ExecuteCommand', TASK)).toBeUndefined();
    expect(resourceSideMayName(e, dev, 'ec2:CreateLaunchTemplateVersion', TEMPLATE)).toBeUndefined();
    expect(withNameCandidates(e, dev, [request('ecs:ExecuteCommand', TASK)]).length).toBeGreaterThan(0);
  });

  it('a kind that takes a resource-based policy, routed there, leaves the probe open rather than a missed name', () => {
    const { e, dev } = setup();
    const queue = `arn:aws:sqs:us-east-1:${A}:${PROBE_NAME}`;
    expect(resourceSideMayName(e, dev, 'sqs:SendMessage', queue)).toMatch(/takes a resource-based policy/);
    const [probe] = withNameCandidates(e, dev, [request('sqs:SendMessage', queue)]);
    expect(probe!.open?.text).toMatch(/takes a resource-based policy.*identity policies only/);
  });

  it('a known policy that may govern the resource and allow the action is one too', () => {
    const { e, dev } = setup(
      doc({
        Effect: 'Allow',
        Principal: { AWS: A },
        Action: 'ecs:ExecuteCommand',
        Resource: `arn:aws:ecs:*:${A}:task/prod/*`,
      }),
    );
    expect(resourceSideMayName(e, dev, 'ecs:ExecuteCommand', TASK)).toMatch(/may allow ecs:ExecuteCommand/);
    // A shared-resource stand-in's known policy governs any Regional resource (aws/ram.ts
    // `anySharedResource`): reachable from real inputs, so the probe is open with why, not an error.
    const [probe] = withNameCandidates(e, dev, [request('ecs:ExecuteCommand', TASK)]);
    expect(probe!.resource).toBe(TASK);
    expect(probe!.open?.text).toMatch(/may allow ecs:ExecuteCommand.*is not tried/);
  });
});
