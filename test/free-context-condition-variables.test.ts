// Under a free request context (the matrix, who-can, the exhaustive checks, the review), a
// condition clause whose values name a free key in a policy variable depends on that key as much
// as a clause on it does. IAM User Guide, "IAM policy elements: Variables and tags"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html): "When the
// policy is evaluated, the policy variables are replaced with values that come from the
// conditional context keys passed in the request." The engine's free-context mode
// (src/engine/compile-policy.ts `clausesAssuming`) looked only at the clause's own key: the
// variable of a free key resolved to no value, so an Allow on `aws:PrincipalTag/project` equal to
// `${aws:RequestTag/project}` never held (denied, though a request tagged like the user is
// allowed), and a Deny unless a tag equals `${aws:SecureTransport}` always applied (denied,
// though plain HTTP passes). Now such a clause is assumed to hold (optimistic) or fail
// (pessimistic) like a clause on a free key: conditional, with the clause as its condition.

import { describe, expect, it } from 'vitest';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { whoCan } from '../src/analysis/who-can.js';
import { allow, arns, deny, policy, TestModel } from './helpers/engine-fixtures.js';

const INSTANCE = 'arn:aws:ec2:us-east-1:111122223333:instance/*';
const TLS = { 'aws:SecureTransport': 'true' };
const BUCKET = 'arn:aws:s3:::data';

/** User `dev` (project blue) may run instances tagged with its own project, written the other way round. */
function abac(): TestModel {
  const t = new TestModel();
  t.user('dev', {
    tags: { project: 'blue' },
    inline: [
      policy(
        allow('ec2:RunInstances', '*', {
          Condition: { StringEquals: { 'aws:PrincipalTag/project': `\${aws:RequestTag/project}` } },
        }),
      ),
    ],
  });
  return t;
}

describe('a policy variable on a free key in a condition value makes the clause free', () => {
  it('Allow: conditional under a free context, decided when the request pins the key', () => {
    const engine = abac().engine();
    const request = (context?: Record<string, string>) => ({
      principal: arns.user('dev'),
      action: 'ec2:RunInstances',
      resource: INSTANCE,
      ...(context ? { context } : {}),
    });
    const free = decideAnyContext(engine, request(), { trace: true });
    expect(free.access).toBe('conditional');
    expect(free.conditions.join(' ')).toContain('aws:RequestTag/project');
    expect(decideAnyContext(engine, request({ 'aws:RequestTag/project': 'blue' })).access).toBe('allow');
    expect(decideAnyContext(engine, request({ 'aws:RequestTag/project': 'red' })).access).toBe('deny');
    // the lean path (the matrix's) decides the same
    expect(decideAnyContext(engine, request(), { lean: true }).access).toBe('conditional');
  });

  it('Deny unless a tag equals the aws:SecureTransport variable: conditional in the matrix under TLS, as in who-can', () => {
    const t = new TestModel();
    t.bucket('data');
    t.user('dev', {
      tags: { transport: 'false' },
      inline: [
        policy(
          allow('s3:GetObject', `${BUCKET}/*`),
          deny('s3:GetObject', `${BUCKET}/*`, {
            Condition: { StringNotEquals: { 'aws:PrincipalTag/transport': `\${aws:SecureTransport}` } },
          }),
        ),
      ],
    });
    const engine = t.engine();
    const m = buildMatrix(engine, { assumed: TLS, resources: [BUCKET] });
    expect(m.cells.row(0)[0]![1]!.access).toBe('conditional');
    const who = whoCan(engine, 's3:GetObject', `${BUCKET}/x`, { assumed: TLS, direct: true });
    expect(who.entries.find((e) => e.principal === arns.user('dev'))?.access).toBe('conditional');
    // over TLS (pinned) the Deny applies
    const pinned = buildMatrix(engine, { context: TLS, resources: [BUCKET] });
    expect(pinned.cells.row(0)[0]![1]!.access).toBe('deny');
  });

  it('a variable on a key the model determines stays decided (the user name)', () => {
    const t = new TestModel();
    t.user('dev', {
      inline: [
        policy(
          allow('ec2:RunInstances', '*', {
            Condition: { StringEquals: { 'aws:PrincipalTag/owner': `\${aws:username}` } },
          }),
        ),
      ],
    });
    const d = decideAnyContext(t.engine(), {
      principal: arns.user('dev'),
      action: 'ec2:RunInstances',
      resource: INSTANCE,
    });
    expect(d.access).toBe('deny'); // dev has no owner tag: the condition fails whatever the request
  });
});
