// Session tags (src/engine/session-tags.ts): a role session's aws:PrincipalTag/* are the role's
// tags plus the session tags passed when it was assumed, a session tag overriding the role's tag
// of the same key; passing them needs sts:TagSession in the role's trust policy. The checks took
// the role's tags as the session's: a `cannot` on an ABAC grant (`aws:PrincipalTag/team = admin`)
// passed for a role whose trust lets its caller tag the session `team=admin`, and a Deny on the
// role's own tag value was taken as certain although a session tag can override it.
//
// IAM User Guide, "Passing session tags in AWS STS",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html:
// - "Session tags are key-value pair attributes that you pass when you assume an IAM role or
//   federate a user in AWS STS."
// - "If you pass a session tag with the same key as a tag that is already attached to the role,
//   the value of the session tag overrides the role tag with the same key."
// - Permissions required to add session tags: the role's trust policy must allow sts:TagSession.

import { describe, expect, it } from 'vitest';
import { checkOnly, checkOnlyPrincipals } from '../src/analysis/exhaustive.js';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import { whoCan } from '../src/analysis/who-can.js';
import { roleMayHaveSessionTags } from '../src/engine/session-tags.js';
import { Unknown } from '../src/model/unknown.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import {
  ACCOUNT_A,
  allow,
  arns,
  deny,
  parse,
  policy,
  TestModel,
  verdict,
} from './helpers/engine-fixtures.js';
import { addAbacRole, addTaggingDev, addTeamAdminRole } from './helpers/session-tag-roles.js';

const PAGE =
  'IAM User Guide, "Passing session tags in AWS STS": "If you pass a session tag with the same key as a tag that is already attached to the role, the value of the session tag overrides the role tag with the same key", https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html';

const OBJECT = 'arn:aws:s3:::data/x';

/** An ABAC role tagged team=dev: reads need team=admin, writes are denied to team=dev. */
function abac(trustActions: unknown, trustStatement: Record<string, unknown> = {}) {
  const t = new TestModel();
  const dev = addTaggingDev(t);
  addAbacRole(
    t,
    [
      policy(
        allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'admin' } } }),
        allow('s3:PutObject', '*'),
        deny('s3:PutObject', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'dev' } } }),
      ),
    ],
    { ...(trustActions === undefined ? {} : { Action: trustActions }), ...trustStatement },
  );
  return { engine: t.engine(), dev, role: arns.role('abac') };
}

describe(`session tags (${PAGE})`, () => {
  it('a role whose trust allows sts:TagSession: a grant on a principal tag is conditional, not denied (was: cannot held)', () => {
    const { engine, role } = abac(['sts:AssumeRole', 'sts:TagSession']);
    const read = decideAnyContext(engine, { principal: role, action: 's3:GetObject', resource: OBJECT });
    expect(read.access, PAGE).toBe('conditional');
    expect(read.conditions.join(' ')).toContain('aws:PrincipalTag/team');
    // the role's own tag team=dev does not hold the Deny for every session: it can be overridden
    const write = decideAnyContext(engine, { principal: role, action: 's3:PutObject', resource: OBJECT });
    expect(write.access, PAGE).toBe('conditional');
  });

  it('without sts:TagSession in the trust policy the role tags are the session tags: decided as before', () => {
    const { engine, role } = abac('sts:AssumeRole');
    expect(
      decideAnyContext(engine, { principal: role, action: 's3:GetObject', resource: OBJECT }).access,
    ).toBe('deny');
    expect(
      decideAnyContext(engine, { principal: role, action: 's3:PutObject', resource: OBJECT }).access,
    ).toBe('deny');
  });

  it('eval of one request keeps the role tags (a session without session tags); a pinned tag decides', () => {
    const { engine, role } = abac(['sts:AssumeRole', 'sts:TagSession']);
    expect(verdict(engine, role, 's3:GetObject', OBJECT)).toBe('deny');
    const pinned = decideAnyContext(engine, {
      principal: role,
      action: 's3:GetObject',
      resource: OBJECT,
      context: { 'aws:PrincipalTag/team': 'admin' },
    });
    expect(pinned.access).toBe('allow');
  });

  it('only, onlyPrincipals and who-can see the access a session tag gives', () => {
    const { engine, role } = abac(['sts:AssumeRole', 'sts:TagSession']);
    const only = checkOnly(engine, role, [{ action: 's3:PutObject', resource: '*' }]);
    expect(only.holds, PAGE).toBe(false);
    expect(only.violations.map((v) => v.action)).toContain('s3:GetObject');
    expect(checkOnlyPrincipals(engine, 's3:GetObject', OBJECT, []).holds).toBe(false);
    const entry = whoCan(engine, 's3:GetObject', OBJECT).entries.find((e) => e.principal === role);
    expect(entry?.access).toBe('conditional');
  });

  // A guard (held before this round too: `principalKeyIsFree`): the spec's checks never take a
  // session's principal tags as the role's alone where its trust may allow sts:TagSession, whether
  // the tag is read by a condition of the role's own policy, as a policy variable in a Resource, or
  // by another role's trust policy the session is to assume (the caller's aws:PrincipalTag).
  it('spec checks: cannot, via and cannotBecome on a session tag fail as conditional, never pass', () => {
    const t = new TestModel();
    addTaggingDev(t);
    addAbacRole(t, [
      policy(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
        allow('s3:GetObject', 'arn:aws:s3:::b/${aws:PrincipalTag/team}/*'),
        allow('sqs:SendMessage', '*', {
          Condition: { StringEquals: { 'aws:PrincipalTag/team': 'admin' } },
        }),
        allow('sts:AssumeRole', '*'),
      ),
    ]);
    addTeamAdminRole(t);
    const spec = `version: 1
account: "${ACCOUNT_A}"
expect:
  - { id: var, principal: role/abac, cannot: [ { action: "s3:GetObject", resource: "arn:aws:s3:::b/admin/x" } ] }
  - { id: cond, principal: role/abac, cannot: [ { action: "sqs:SendMessage", resource: "arn:aws:sqs:us-west-2:${ACCOUNT_A}:q" } ] }
  - { id: via, principal: user/dev, via: role/abac, cannot: [ { action: "sqs:SendMessage", resource: "arn:aws:sqs:us-west-2:${ACCOUNT_A}:q" } ] }
  - { id: become, principal: role/abac, cannotBecome: role/admin }
  - { id: noesc, principal: role/abac, noEscalation: true }
`;
    const r = runSpec(t.model(), parseSpec(spec));
    for (const x of r.expectations) {
      expect(x.status, `${x.id}: ${PAGE}`).toBe('fail');
      expect(x.checks.at(-1)!.message).toContain('aws:PrincipalTag/team');
    }
  });

  it('which trust policies may allow sts:TagSession: wildcards, NotAction, unknown values and documents', () => {
    const role = (trust: unknown) => {
      const t = new TestModel();
      t.role('r', { trust });
      return t.model().roles[0]!;
    };
    const stmt = (s: Record<string, unknown>) =>
      policy({ Effect: 'Allow', Principal: { AWS: ACCOUNT_A }, ...s });
    expect(roleMayHaveSessionTags(role(stmt({ Action: 'sts:AssumeRole' })))).toBe(false);
    expect(roleMayHaveSessionTags(role(stmt({ Action: 'sts:TagSession' })))).toBe(true);
    expect(roleMayHaveSessionTags(role(stmt({ Action: 'STS:tag*' })))).toBe(true);
    expect(roleMayHaveSessionTags(role(stmt({ Action: 'sts:*' })))).toBe(true);
    expect(roleMayHaveSessionTags(role(stmt({ NotAction: 'sts:AssumeRoleWithSAML' })))).toBe(true);
    expect(roleMayHaveSessionTags(role(stmt({ NotAction: 'sts:TagSession' })))).toBe(false);
    expect(roleMayHaveSessionTags(role(stmt({ Action: new Unknown('var.actions has no value') })))).toBe(
      true,
    );
    // a Deny grants nothing
    expect(
      roleMayHaveSessionTags(role(policy({ Effect: 'Deny', Principal: '*', Action: 'sts:TagSession' }))),
    ).toBe(false);
    // a trust policy the inputs do not give, or an unknown document
    expect(roleMayHaveSessionTags(role(undefined))).toBe(true);
    expect(roleMayHaveSessionTags(role(new Unknown('jsonencode(var.trust) is known after apply')))).toBe(
      true,
    );
    expect(parse('trust', new Unknown('x')).unknown).toBeDefined();
  });
});
