// Rhino Security Labs 13 (iam:AddUserToGroup, "add itself to another group") gains the user only
// what the group's policies give it. Before, the review reported adding oneself to any other group
// as high and the spec's `noEscalation` failed, even for a group whose policies the user has
// already (ReadOnlyAccess on both) or that only denies: an over-report. Both now leave out a group
// that surely adds no Allow the user lacks (analysis/escalation-gain.ts, then `groupGivesNothingNew`,
// one rule for the review and the spec), and keep every other group, unknown policies included.
// Round 4: the rule is what the group's policies give (`groupGain`), not only which managed
// policies both hold: a group whose every Allow an unconditional Allow of the user covers gives
// nothing (before: a high finding and a failed noEscalation for dev with s3:* joining a group
// with s3:GetObject); a group whose policy the inputs do not pin down is indeterminate with why
// (before: high and fail, as if it surely gave more).
//
// Round 5: an Allow of the group the user's own Allows do not cover is decided by the engine on
// the user's own request, not counted as a gain unseen: explicitly denied to the user in every
// context, it gives nothing ("an explicit deny in any of these policies overrides the allow",
// IAM User Guide, "Policy evaluation logic", policy_eval_denyallow); not known, indeterminate with
// the decision's reasons; otherwise the gain is that request (`GroupGain.gain`). Before: high and
// a failed noEscalation for each.
//
// Pages:
// - Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation", method 13:
//   "An attacker with the iam:AddUserToGroup permission can use it to add themselves to an
//   existing IAM Group in the AWS account",
//   https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/
// - IAM API Reference, AddUserToGroup: "Adds the specified user to the specified group",
//   https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html
// - IAM User Guide, "IAM user groups": "An IAM user group is a collection of IAM users. User groups
//   let you specify permissions for multiple users",
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html

import { describe, expect, it } from 'vitest';
import { groupGain, valueCovers } from '../src/analysis/escalation-gain.js';
import { Unknown } from '../src/model/unknown.js';
import { parsePolicy } from '../src/policy/parse.js';
import { ACCOUNT_A, allow, arns, deny, policy, TestModel } from './helpers/engine-fixtures.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';

const PAGE = {
  rhino:
    'Rhino Security Labs, method 13: "An attacker with the iam:AddUserToGroup permission can use it to add themselves to an existing IAM Group in the AWS account"',
  groups:
    'IAM User Guide, "IAM user groups": "An IAM user group is a collection of IAM users. User groups let you specify permissions for multiple users"',
};

const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const DETAIL = 'Rhino Security Labs method 13';
const TEAM = `arn:aws:iam::${ACCOUNT_A}:group/team`;

/** dev has ReadOnlyAccess (and `own`) and may add itself to group `team`, set up by `group`. */
function verdicts(group: (t: TestModel) => void, own: Record<string, unknown>[] = []) {
  const t = new TestModel();
  t.user('dev', {
    managed: [READ_ONLY],
    inline: [policy(allow('iam:AddUserToGroup', TEAM), ...own)],
  });
  group(t);
  const engine = t.engine();
  const found = [...escalationFindings(engine).values()].filter(
    (f) => f.subject === arns.user('dev') && f.detail?.startsWith(DETAIL),
  );
  return { findings: found, check: noEscalationCheck(engine, 'user/dev').status };
}

describe(`iam:AddUserToGroup counts only for a group that gives something (${PAGE.rhino}; ${PAGE.groups})`, () => {
  it('a group with ReadOnlyAccess only, which dev has: no finding, noEscalation passes', () => {
    const r = verdicts((t) => t.group('team', [], { managed: [READ_ONLY] }));
    expect(r.findings).toEqual([]);
    expect(r.check).toBe('pass');
  });

  it('a group whose inline policy only denies: no finding, noEscalation passes', () => {
    const r = verdicts((t) => t.group('team', [], { inline: [policy(deny('s3:*', '*'))] }));
    expect(r.findings).toEqual([]);
    expect(r.check).toBe('pass');
  });

  it('near-miss: a group that allows s3:PutObject (dev lacks it): high, noEscalation fails', () => {
    const r = verdicts((t) => t.group('team', [], { inline: [policy(allow('s3:PutObject', '*'))] }));
    expect(r.findings.map((f) => f.severity)).toEqual(['high']);
    expect(r.check).toBe('fail');
  });

  it('near-miss: a group with AdministratorAccess: high', () => {
    const r = verdicts((t) =>
      t.group('team', [], { managed: ['arn:aws:iam::aws:policy/AdministratorAccess'] }),
    );
    expect(r.findings.map((f) => f.severity)).toEqual(['high']);
    expect(r.check).toBe('fail');
  });
});

describe(`iam:AddUserToGroup: what the group's policies give, not which policies it holds (${PAGE.groups})`, () => {
  it('a group allowing s3:GetObject on one bucket, dev holding s3:* on *: no finding, noEscalation passes', () => {
    const r = verdicts(
      (t) => t.group('team', [], { inline: [policy(allow('s3:GetObject', 'arn:aws:s3:::data/*'))] }),
      [allow('s3:*', '*')],
    );
    expect(r.findings).toEqual([]);
    expect(r.check).toBe('pass');
  });

  it('near-miss: the group also allows iam:PassRole, which dev lacks: high, noEscalation fails', () => {
    const r = verdicts(
      (t) =>
        t.group('team', [], {
          inline: [policy(allow('s3:GetObject', 'arn:aws:s3:::data/*'), allow('iam:PassRole', '*'))],
        }),
      [allow('s3:*', '*')],
    );
    expect(r.findings.map((f) => f.severity)).toEqual(['high']);
    expect(r.check).toBe('fail');
  });

  it("a group's managed policy whose ARN the inputs leave unknown: indeterminate with why, never a pass", () => {
    const r = verdicts((t) => t.group('team', [], { managed: [new Unknown('from parameter TeamPolicy')] }));
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.severity).toBe('medium');
    expect(r.findings[0]!.message).toContain(
      'a managed policy of group team has an ARN the inputs do not pin down',
    );
    expect(r.check).toBe('indeterminate');
  });

  // Round 5: containment is glob-witness.ts `patternCovers` (exact, the engine's matching), not a
  // regex of its own. "Each part of an ARN is separated by a colon"; "You can use wildcard
  // characters (* and ?) within any ARN segment" (IAM User Guide, "IAM JSON policy elements:
  // Resource"): a wildcard of the first five fields stays in its field.
  it('valueCovers: a wildcard covers what it matches, never more (exact containment)', () => {
    expect(valueCovers('s3:*', 's3:get*', true)).toBe(true);
    expect(valueCovers('s3:Get*', 's3:*')).toBe(false);
    expect(valueCovers('arn:aws:s3:::data/*', 'arn:aws:s3:::data/a?c')).toBe(true);
    expect(valueCovers('arn:aws:s3:::data/a?c', 'arn:aws:s3:::data/a*c')).toBe(false);
    expect(valueCovers('arn:aws:s3:::d.ta', 'arn:aws:s3:::data')).toBe(false);
    // `*?` and `?*` both match one character or more (the old regex said "not shown").
    expect(valueCovers('arn:aws:s3:::data/*?', 'arn:aws:s3:::data/?*')).toBe(true);
    // A `*` inside the account field does not reach across a colon (the old regex's `.*` did);
    // only "a `*` that ends a field" may (src/policy/wildcard.ts).
    expect(
      valueCovers('arn:aws:lambda:us-east-1:1*2:function:fn', 'arn:aws:lambda:us-east-1:1:x:2:function:fn'),
    ).toBe(false);
  });
});

describe('iam:AddUserToGroup: the gain of an Allow the user lacks, decided by the engine (round 5)', () => {
  const PUT = 'arn:aws:s3:::data/report';
  const withPut = (t: TestModel) => t.group('team', [], { inline: [policy(allow('s3:PutObject', PUT))] });

  it('the gain is the request the group allows and dev cannot make', () => {
    const t = new TestModel();
    t.user('dev', { managed: [READ_ONLY], inline: [policy(allow('iam:AddUserToGroup', TEAM))] });
    withPut(t);
    const engine = t.engine();
    const dev = engine.model.users.find((u) => u.name === 'dev')!;
    const team = engine.model.groups.find((g) => g.name === 'team')!;
    expect(groupGain(engine, dev, team)).toEqual({
      gives: 'more',
      gain: { action: 's3:PutObject', resource: PUT },
    });
  });

  it("dev's own explicit Deny of the request: no finding, noEscalation passes (before: high, fail)", () => {
    const r = verdicts(withPut, [deny('s3:PutObject', '*')]);
    expect(r.findings).toEqual([]);
    expect(r.check).toBe('pass');
  });

  it('near-miss, the Deny names another object: high, noEscalation fails', () => {
    const r = verdicts(withPut, [deny('s3:PutObject', 'arn:aws:s3:::data/other')]);
    expect(r.findings.map((f) => f.severity)).toEqual(['high']);
    expect(r.check).toBe('fail');
  });

  it('a Deny whose Resource the inputs do not pin down: indeterminate with why (before: high, fail)', () => {
    const r = verdicts(withPut, [deny('s3:PutObject', new Unknown('from parameter DeniedObjects'))]);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.severity).toBe('medium');
    expect(r.findings[0]!.message).toContain('whether the user can already make s3:PutObject');
    expect(r.check).toBe('indeterminate');
  });
});

// Round 6: the user's own Allows that cover a group's are those `decide` reads, from the engine's
// one gathering (Engine.principalSideOf), surely present. Before, userGroupGains gathered the
// user's documents itself and took a customer managed policy that might not exist (its own
// presence, the attachment certain) as the user's: a group granting what that policy grants was
// "nothing new", no finding and noEscalation passed, though without the policy joining the group
// gives dev s3:PutObject. A policy that might not exist covers nothing for sure ("A policy that
// might not exist", src/model/types.ts `presence`): the gain is decided (indeterminate with why).
describe('iam:AddUserToGroup: an own Allow of a policy that might not exist covers nothing', () => {
  it('a managed policy of dev that might not exist allows what the group allows: indeterminate, never a pass', () => {
    const r = verdicts((t) => {
      const maybe = t.b.addManagedPolicy({
        name: 'maybe-writer',
        account: ACCOUNT_A,
        document: parsePolicy(policy(allow('s3:PutObject', '*')), {
          kind: 'identity',
          source: { file: 'maybe.json' },
        }),
        source: { file: 'maybe.json' },
        presence: new Unknown('condition CreateWriter'),
      });
      t.b.attachManagedPolicy(arns.user('dev'), { policyArn: maybe, source: { file: 'maybe.json' } });
      t.group('team', [], { inline: [policy(allow('s3:PutObject', '*'))] });
    });
    expect(r.findings).toHaveLength(1);
    expect(r.check).not.toBe('pass');
  });

  it('near-miss: the same policy surely present covers the group: no finding, noEscalation passes', () => {
    const r = verdicts((t) => {
      const sure = t.managedPolicy('writer', policy(allow('s3:PutObject', '*')));
      t.b.attachManagedPolicy(arns.user('dev'), { policyArn: sure, source: { file: 'writer.json' } });
      t.group('team', [], { inline: [policy(allow('s3:PutObject', '*'))] });
    });
    expect(r.findings).toEqual([]);
    expect(r.check).toBe('pass');
  });
});
