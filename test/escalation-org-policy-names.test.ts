// The Organizations requests by which a delegated principal may relax the SCPs/RCPs governing its
// account are decided on the ids the inputs give and, for the others, on unknown name parts and the
// names the principal's policies tell apart (src/aws/org-delegation.ts `orgPolicyChangeRequests`,
// analysis/escalation-writes.ts `orgPolicyChanges`). Before, they were decided on made-up ids
// (`p-iamspec-any`, `r-iamspec-any`, `o-iamspec-any`): an identity policy allowing UpdatePolicy /
// AttachPolicy only on `policy/o-*/service_control_policy/p-abc*` matched none, so the review had
// no finding and noEscalation passed where the role may rewrite the SCP governing it.
// Pages the rules come from:
// - Service Authorization Reference, AWS Organizations, resource types: policy
//   `arn:${Partition}:organizations::${Account}:policy/o-${OrganizationId}/${PolicyType}/p-${PolicyId}`,
//   root `arn:${Partition}:organizations::${Account}:root/o-${OrganizationId}/r-${RootId}`.
// - AWS Organizations API Reference, UpdatePolicy: "Updates an existing policy with a new name,
//   description, or content"; PolicyId "The unique identifier (ID) of the policy that you want to
//   update. The regex pattern for a policy ID string requires "p-" followed by from 8 to 128
//   lowercase or uppercase letters, digits, or the underscore character (_)."
// - AttachPolicy: "Attaches a policy to a root, an organizational unit (OU), or an individual
//   account"; PolicyId "The unique identifier (ID) of the policy that you want to attach to the
//   target." The ids are assigned by Organizations: the inputs do not give them.

import { describe, expect, it } from 'vitest';
import { reviewRisks } from '../src/analysis/risks.js';
import type { Engine } from '../src/engine/engine.js';
import { orgDelegationGoverns } from '../src/aws/org-delegation.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import {
  ACCOUNT_A,
  ACCOUNT_B,
  allow,
  arns,
  deny,
  FULL_AWS_ACCESS,
  parse,
  policy,
  TestModel,
  testSource,
} from './helpers/engine-fixtures.js';

const PAGE = {
  arn: 'Service Authorization Reference, AWS Organizations: policy arn:PARTITION:organizations::ACCOUNT:policy/o-ORGANIZATIONID/POLICYTYPE/p-POLICYID',
  update:
    'AWS Organizations API Reference, UpdatePolicy: PolicyId "The unique identifier (ID) of the policy that you want to update"',
};
const MANAGEMENT = ACCOUNT_B;
const ADMIN = arns.role('org-admin');
const DETAIL = 'organization policy change';
const CHANGES = ['organizations:UpdatePolicy', 'organizations:AttachPolicy'];

/** Member account ACCOUNT_A under an SCP, a delegation of MANAGEMENT letting it change policies, role org-admin with `statements`. */
function engineWith(
  statements: object[],
  delegationArn = `arn:aws:organizations::${MANAGEMENT}:resourcepolicy/o-abcdefghij/rp-1`,
): Engine {
  const t = new TestModel();
  t.scp(ACCOUNT_A, policy(deny('iam:CreateUser', '*')), 'r-ab12');
  t.scp(ACCOUNT_A, FULL_AWS_ACCESS, 'r-ab12');
  t.role('org-admin', { inline: [policy(...(statements as never[]))] });
  t.b.addResource({
    kind: 'other',
    arn: delegationArn,
    name: 'delegate',
    account: MANAGEMENT,
    region: undefined,
    policy: parse(
      'resource',
      policy(allow('organizations:*', '*', { Principal: { AWS: arns.root(ACCOUNT_A) } })),
      'delegate',
    ),
    source: testSource('delegate'),
    // the adapters' rule: the management account's Organizations resources
    governs: orgDelegationGoverns('aws', MANAGEMENT),
  });
  return t.engine();
}

const findings = (e: Engine) => reviewRisks(e).filter((f) => f.detail === DETAIL && f.subject === ADMIN);
function noEscalation(e: Engine) {
  const r = runSpec(
    e.model,
    parseSpec(`version: 1\nexpect:\n  - { id: e, principal: "${ADMIN}", noEscalation: true }\n`),
    { engine: e },
  );
  return r.expectations[0]!;
}

const NAMED = 'arn:aws:organizations::*:policy/o-*/service_control_policy/p-abc*';

describe(`a delegated role allowed to change only some policy ids (${PAGE.arn})`, () => {
  it('UpdatePolicy/AttachPolicy on p-abc*: indeterminate, the ids unknown (was: no finding, noEscalation pass)', () => {
    const e = engineWith([allow(CHANGES, NAMED)]);
    const f = findings(e);
    expect(f, PAGE.update).toHaveLength(1);
    expect(f[0]!.indeterminate?.reasons.map((r) => r.text).join(' ')).toMatch(
      /the policy id, p-…, and the root id, r-…; the organization id.* are assigned by AWS Organizations/,
    );
    expect(f[0]!.message).not.toContain('iamspec-any');
    const x = noEscalation(e);
    expect(x.status, PAGE.update).toBe('indeterminate');
  });

  it('on every policy (policy/*): a sure finding, whatever the ids', () => {
    const e = engineWith([allow(CHANGES, 'arn:aws:organizations::*:policy/*')]);
    const f = findings(e);
    expect(f).toHaveLength(1);
    expect(f[0]!.indeterminate).toBeUndefined();
    expect(f[0]!.severity).toBe('high');
  });

  it('near miss: a Deny on the same pattern: no finding, noEscalation passes', () => {
    const e = engineWith([allow(CHANGES, NAMED), deny(CHANGES, NAMED)]);
    expect(findings(e)).toEqual([]);
    expect(noEscalation(e).status).toBe('pass');
  });

  it('near miss: a pattern no SCP or RCP can match (tag policies): no finding, noEscalation passes', () => {
    const e = engineWith([allow(CHANGES, 'arn:aws:organizations::*:policy/o-*/tag_policy/p-abc*')]);
    expect(findings(e)).toEqual([]);
    expect(noEscalation(e).status).toBe('pass');
  });

  it('a delegation whose ARN names no organization: an allow on one organization id is indeterminate, on o-* sure', () => {
    const unnamed = `arn:aws:organizations::${MANAGEMENT}:resourcepolicy/delegate`;
    const one = engineWith(
      [allow(CHANGES, 'arn:aws:organizations::*:policy/o-abcdefghij/service_control_policy/*')],
      unnamed,
    );
    expect(findings(one)).toHaveLength(1);
    expect(
      findings(one)[0]!
        .indeterminate?.reasons.map((r) => r.text)
        .join(' '),
    ).toMatch(/are assigned by AWS Organizations and are not in the inputs/);
    const every = engineWith(
      [allow(CHANGES, 'arn:aws:organizations::*:policy/o-*/service_control_policy/*')],
      unnamed,
    );
    expect(findings(every)[0]!.indeterminate).toBeUndefined();
  });
});
