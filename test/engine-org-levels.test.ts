// SCP and RCP Allows combine per level of the organization (src/engine/org-levels.ts): OR within
// one level, AND across levels; a policy whose level the inputs do not give makes a verdict that
// depends on it indeterminate.
//
// AWS Organizations User Guide, "SCP evaluation"
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html):
// "For a permission to be allowed for a specific account, there must be an explicit Allow
// statement at every level from the root through each OU in the direct path to the account
// (including the target account itself)." / "If an allow statement is not present in the SCPs at
// any of the levels such as Root, Production OU or Account B, the access is denied." / "For a
// permission to be denied for a specific account, any SCP from the root through each OU in the
// direct path to the account (including the target account itself) can deny that permission."
// "RCP evaluation" (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html):
// "any RCP from the root through each OU in the direct path to the account (including the target
// account itself) can deny that permission."
import { describe, expect, it } from 'vitest';
import { fullAccessMaybeAttached } from '../src/aws/org-managed-policies.js';
import { type OrgLevelEntry, orgLevelAllow } from '../src/engine/org-levels.js';
import type { OrgLevelCompletion } from '../src/model/builder.js';
import { MAYBE, NO, YES } from '../src/engine/tri.js';
import { ORG_DEFAULT_LEVEL } from '../src/model/types.js';
import { Unknown } from '../src/model/unknown.js';
import {
  ACCOUNT_A,
  allow,
  arns,
  decide,
  deny,
  FULL_AWS_ACCESS,
  policy,
  RCP_FULL_AWS_ACCESS,
  TestModel,
  verdict,
} from './helpers/engine-fixtures.js';

const OU = 'ou-ab12-prod0001';
const ROOT = 'r-ab12';
const admin = policy(allow('*', '*'));
const s3List = policy(allow('s3:*', '*'));
const ec2List = policy(allow('ec2:*', '*'));
const OBJECT = 'arn:aws:s3:::logs/k';
const INSTANCE = `arn:aws:ec2:us-east-1:${ACCOUNT_A}:instance/i-1`;

/**
 * An admin under `scps`, each at its level. The inputs show FullAWSAccess detached from each
 * known level they attach an SCP to (`--scp-full-access-detached`), so these tests read the
 * level rule alone; "FullAWSAccess may still be attached" below reads the levels without it.
 */
function withScps(...scps: [unknown, string | Unknown | undefined][]) {
  const detached = scps.flatMap(([, l]) => (typeof l === 'string' && l !== ORG_DEFAULT_LEVEL ? [l] : []));
  // ... and from each unknown level (as `--scp-full-access-detached FILE` says of an --scp file):
  // the completion sees only the known levels.
  const knownOnly: OrgLevelCompletion = (docs, shown) =>
    fullAccessMaybeAttached(
      docs.filter((d) => typeof d.orgLevel === 'string'),
      new Set([...detached, ...shown]),
    );
  return withScpsDetached(detached, knownOnly, ...scps);
}

function withScpsDetached(
  detached: readonly string[],
  completeOrgLevels: OrgLevelCompletion | undefined,
  ...scps: [unknown, string | Unknown | undefined][]
) {
  const m = new TestModel({
    scpFullAccessDetached: detached,
    ...(completeOrgLevels ? { completeOrgLevels } : {}),
  });
  const a = m.user('admin', { inline: [admin] });
  for (const [doc, level] of scps) m.scp(ACCOUNT_A, doc, level);
  return { e: m.engine(), a };
}

describe('SCP Allows: OR within a level, AND across levels', () => {
  it('two allow-list SCPs attached to the account itself allow both services', () => {
    // The SCP size limit is why allow lists are split over several SCPs at one level: an Allow
    // in any SCP of the level is that level's Allow.
    const { e, a } = withScps([s3List, ACCOUNT_A], [ec2List, ACCOUNT_A]);
    expect(verdict(e, a, 's3:GetObject', OBJECT)).toBe('allow');
    expect(verdict(e, a, 'ec2:StartInstances', INSTANCE)).toBe('allow');
    expect(decide(e, a, 'iam:CreateUser', arns.user('x'))).toMatchObject({
      decision: 'deny',
      reason: 'implicit-deny',
    });
  });

  it('two allow-list SCPs attached to one OU allow both services', () => {
    const { e, a } = withScps([s3List, OU], [ec2List, OU]);
    expect(verdict(e, a, 's3:GetObject', OBJECT)).toBe('allow');
    expect(verdict(e, a, 'ec2:StartInstances', INSTANCE)).toBe('allow');
  });

  it('allow lists at the root and at the account: only what both levels allow (the intersection)', () => {
    const both = policy(allow(['s3:*', 'ec2:*'], '*'));
    const { e, a } = withScps([both, ROOT], [s3List, ACCOUNT_A]);
    expect(verdict(e, a, 's3:GetObject', OBJECT)).toBe('allow');
    const d = decide(e, a, 'ec2:StartInstances', INSTANCE, { trace: true });
    expect(d).toMatchObject({ decision: 'deny', reason: 'implicit-deny' });
    // The trace names the level that does not allow, and only the policy that matters there.
    const scp = d
      .trace!.filter((t) => t.stage === 'scp' && t.message.includes('does not allow'))
      .map((t) => t.message);
    expect(scp).toEqual([
      `${e.scpsOf(ACCOUNT_A)[1]!.name} does not allow ec2:StartInstances (attached at ${ACCOUNT_A})`,
    ]);
  });

  it('a level whose other SCP allows is not named as the reason', () => {
    const { e, a } = withScps([s3List, ACCOUNT_A], [ec2List, ACCOUNT_A], [ec2List, ROOT]);
    expect(verdict(e, a, 'ec2:StartInstances', INSTANCE)).toBe('allow');
    const d = decide(e, a, 's3:GetObject', OBJECT, { trace: true });
    expect(d.decision).toBe('deny');
    const scp = d
      .trace!.filter((t) => t.stage === 'scp' && t.message.includes('does not allow'))
      .map((t) => t.message);
    expect(scp).toEqual([
      `${e.scpsOf(ACCOUNT_A)[2]!.name} does not allow s3:GetObject (attached at ${ROOT})`,
    ]);
  });

  it('a Deny in any SCP of any level denies, whatever the levels allow', () => {
    const { e, a } = withScps(
      [FULL_AWS_ACCESS, ROOT],
      [policy(deny('s3:DeleteBucket', '*')), OU],
      [s3List, OU],
    );
    expect(verdict(e, a, 's3:GetObject', OBJECT)).toBe('allow');
    expect(decide(e, a, 's3:DeleteBucket', 'arn:aws:s3:::logs')).toMatchObject({
      decision: 'deny',
      reason: 'explicit-deny',
    });
  });

  it('the default FullAWSAccess with one allow list at the account: the allow list is effective', () => {
    // The adapters assume FullAWSAccess at the levels the inputs attach nothing to
    // (ORG_DEFAULT_LEVEL); where the inputs attach an allow list and show FullAWSAccess detached
    // (withScps), the allow list replaced it.
    const { e, a } = withScps([FULL_AWS_ACCESS, ORG_DEFAULT_LEVEL], [s3List, ACCOUNT_A]);
    expect(verdict(e, a, 's3:GetObject', OBJECT)).toBe('allow');
    expect(verdict(e, a, 'ec2:StartInstances', INSTANCE)).toBe('deny');
    // An allow list whose level is unknown (FullAWSAccess shown detached there) does not join the
    // default's level either.
    const why = new Unknown('the target is known only after apply');
    const u = withScps([FULL_AWS_ACCESS, ORG_DEFAULT_LEVEL], [s3List, why]);
    expect(verdict(u.e, u.a, 's3:GetObject', OBJECT)).toBe('allow');
    expect(verdict(u.e, u.a, 'ec2:StartInstances', INSTANCE)).toBe('deny');
  });
});

describe('FullAWSAccess may still be attached where the inputs attach an allow list', () => {
  // AWS Organizations API Reference, DetachPolicy
  // (https://docs.aws.amazon.com/organizations/latest/APIReference/API_DetachPolicy.html):
  // "Every root, OU, and account must have at least one SCP attached. If you want to replace the
  // default FullAWSAccess policy with an SCP that limits the permissions that can be delegated,
  // you must attach the replacement SCP before you can remove the default SCP. This is the
  // authorization strategy of an "allow list"." Attaching the allow list does not detach
  // FullAWSAccess; the inputs rarely show the detachment (a separate call), so it may remain.
  it('an allow list at an OU: what it does not allow is indeterminate, naming the level', () => {
    const { e, a } = withScpsDetached([], undefined, [FULL_AWS_ACCESS, ORG_DEFAULT_LEVEL], [s3List, OU]);
    expect(verdict(e, a, 's3:GetObject', OBJECT)).toBe('allow');
    const d = decide(e, a, 'ec2:StartInstances', INSTANCE, { trace: true });
    expect(d.decision).toBe('indeterminate');
    const unknown = d.trace!.find((t) => t.stage === 'scp' && t.outcome === 'unknown');
    expect(unknown?.message).toContain(`FullAWSAccess may still be attached at ${OU}`);
    // One maybe-present FullAWSAccess at the OU, none at the assumed default's levels.
    expect(e.scpsOf(ACCOUNT_A).map((p) => [p.name, p.orgLevel, !!p.presence])).toEqual([
      [e.scpsOf(ACCOUNT_A)[0]!.name, ORG_DEFAULT_LEVEL, false],
      [e.scpsOf(ACCOUNT_A)[1]!.name, OU, false],
      [`SCP "FullAWSAccess" of account ${ACCOUNT_A}`, OU, true],
    ]);
  });

  it("shown detached (--scp-full-access-detached), the allow list is the level's only Allow: deny", () => {
    const { e, a } = withScpsDetached([OU], undefined, [FULL_AWS_ACCESS, ORG_DEFAULT_LEVEL], [s3List, OU]);
    expect(decide(e, a, 'ec2:StartInstances', INSTANCE)).toMatchObject({
      decision: 'deny',
      reason: 'implicit-deny',
    });
  });

  it('detached at one level only: the other level of the inputs still may have it', () => {
    const both = policy(allow(['s3:*', 'ec2:*'], '*'));
    const atRoot = withScpsDetached([ROOT], undefined, [both, ROOT], [s3List, ACCOUNT_A]);
    expect(verdict(atRoot.e, atRoot.a, 'ec2:StartInstances', INSTANCE)).toBe('indeterminate');
    // What the root's allow list does not allow is denied whatever the account's level holds.
    expect(verdict(atRoot.e, atRoot.a, 'iam:CreateUser', arns.user('x'))).toBe('deny');
    const atAccount = withScpsDetached([ACCOUNT_A], undefined, [both, ROOT], [s3List, ACCOUNT_A]);
    expect(verdict(atAccount.e, atAccount.a, 'ec2:StartInstances', INSTANCE)).toBe('deny');
  });

  it("a deny list adds none (FullAWSAccess is its level's Allow anyway), and Denies still deny", () => {
    const { e, a } = withScpsDetached([], undefined, [policy(deny('s3:DeleteBucket', '*')), OU]);
    expect(e.scpsOf(ACCOUNT_A)).toHaveLength(1);
    expect(verdict(e, a, 's3:GetObject', OBJECT)).toBe('allow');
    expect(verdict(e, a, 's3:DeleteBucket', 'arn:aws:s3:::logs')).toBe('deny');
  });
});

describe('SCPs whose level is not known', () => {
  const why = new Unknown('the --scp file ec2.json does not say at which level it is attached');

  it('one known and one unknown level that differ for the request: indeterminate, naming the policy', () => {
    // At the account's level the two allow both services; at two levels only their intersection.
    const { e, a } = withScps([s3List, ACCOUNT_A], [ec2List, why]);
    for (const [action, resource] of [
      ['s3:GetObject', OBJECT],
      ['ec2:StartInstances', INSTANCE],
    ] as const) {
      const d = decide(e, a, action, resource, { trace: true });
      expect(d.decision).toBe('indeterminate');
      const unknown = d.trace!.find((t) => t.stage === 'scp' && t.outcome === 'unknown');
      expect(unknown?.message).toContain(e.scpsOf(ACCOUNT_A)[1]!.name);
      expect(unknown?.message).toContain(`is attached, which is not known (${why.reason})`);
      expect(unknown?.cause?.reason).toBe(why.reason);
    }
    // What neither allows is denied in every reading.
    expect(decide(e, a, 'iam:CreateUser', arns.user('x'))).toMatchObject({ decision: 'deny' });
  });

  it('readings that agree give a definite verdict', () => {
    const both = policy(allow(['s3:*', 'ec2:*'], '*'));
    const { e, a } = withScps([s3List, ACCOUNT_A], [both, why]);
    expect(verdict(e, a, 's3:GetObject', OBJECT)).toBe('allow');
    expect(verdict(e, a, 'ec2:StartInstances', INSTANCE)).toBe('indeterminate');
    // An unrecorded level (a model built without one) is read as unknown too.
    const u = withScps([s3List, undefined], [ec2List, undefined]);
    expect(verdict(u.e, u.a, 's3:GetObject', OBJECT)).toBe('indeterminate');
    // A single policy of unknown level: there is nothing to share a level with.
    const one = withScps([s3List, why]);
    expect(verdict(one.e, one.a, 's3:GetObject', OBJECT)).toBe('allow');
    expect(verdict(one.e, one.a, 'ec2:StartInstances', INSTANCE)).toBe('deny');
  });
});

describe('FullAWSAccess may still be attached where an SCP of unknown level is attached', () => {
  // AWS Organizations API Reference, DetachPolicy: "Every root, OU, and account must have at least
  // one SCP attached. If you want to replace the default FullAWSAccess policy with an SCP that
  // limits the permissions that can be delegated, you must attach the replacement SCP before you
  // can remove the default SCP. This is the authorization strategy of an "allow list"." An SCP
  // whose target is known only after apply (or an --scp file) is attached at some level of the
  // account's path, beside the FullAWSAccess that may still be there.
  const why = new Unknown('the target of aws_organizations_policy_attachment.x is known only after apply');

  it('an allow list alone at an unknown level: what it does not list is indeterminate, not denied', () => {
    const { e, a } = withScpsDetached([], undefined, [s3List, why]);
    expect(verdict(e, a, 's3:GetObject', OBJECT)).toBe('allow');
    const d = decide(e, a, 'ec2:StartInstances', INSTANCE, { trace: true });
    expect(d.decision).toBe('indeterminate');
    const unknown = d.trace!.find((t) => t.stage === 'scp' && t.outcome === 'unknown');
    expect(unknown?.message).toContain('FullAWSAccess may still be attached where');
    // The FullAWSAccess shares the allow list's unknown level (the same Unknown object).
    const remains = e.scpsOf(ACCOUNT_A).filter((p) => p.name?.includes('FullAWSAccess'));
    expect(remains.map((p) => p.orgLevel)).toEqual([why]);
  });

  it("beside the assumed default's FullAWSAccess: still indeterminate where the list does not allow", () => {
    // The allow list does not join the default's levels, and FullAWSAccess may remain at its own.
    const { e, a } = withScpsDetached([], undefined, [FULL_AWS_ACCESS, ORG_DEFAULT_LEVEL], [s3List, why]);
    expect(verdict(e, a, 's3:GetObject', OBJECT)).toBe('allow');
    expect(verdict(e, a, 'ec2:StartInstances', INSTANCE)).toBe('indeterminate');
    // A Deny still denies wherever it is attached.
    const d = withScpsDetached([], undefined, [policy(deny('s3:DeleteBucket', '*')), why], [s3List, why]);
    expect(verdict(d.e, d.a, 's3:DeleteBucket', 'arn:aws:s3:::logs')).toBe('deny');
  });

  it('entries of one unknown level stand together (orgLevelAllow)', () => {
    const level = new Unknown('unknown target');
    const list: OrgLevelEntry = { level, ifPresent: NO, maybeAbsent: false };
    const fullAccess: OrgLevelEntry = { level, ifPresent: YES, maybeAbsent: true, presence: {} };
    const r = orgLevelAllow([list, fullAccess]);
    expect([r.lower, r.upper, r.allow, r.levelUnknown]).toEqual([NO, YES, MAYBE, false]);
    // Two distinct unknown levels are read apart: each may be its own level.
    const apart = orgLevelAllow([list, { ...fullAccess, level: new Unknown('another target') }]);
    expect([apart.lower, apart.upper]).toEqual([NO, YES]);
    // With FullAWSAccess surely detached there, the allow list is the level's only Allow.
    expect(orgLevelAllow([list]).allow).toBe(NO);
  });
});

describe('RCPs combine per level too', () => {
  it('a Deny in an RCP at any level denies; RCPFullAWSAccess at every level allows', () => {
    const m = new TestModel();
    const a = m.user('admin', { inline: [admin] });
    m.rcp(ACCOUNT_A, RCP_FULL_AWS_ACCESS, ORG_DEFAULT_LEVEL);
    m.rcp(ACCOUNT_A, policy(deny('s3:DeleteObject', '*', { Principal: '*' })), OU);
    const e = m.engine();
    expect(verdict(e, a, 's3:GetObject', OBJECT)).toBe('allow');
    expect(decide(e, a, 's3:DeleteObject', OBJECT)).toMatchObject({
      decision: 'deny',
      reason: 'explicit-deny',
    });
  });
});

describe('orgLevelAllow', () => {
  const e = (level: string | undefined, ifPresent: 0 | 1 | 2, maybeAbsent = false): OrgLevelEntry => ({
    level,
    ifPresent,
    maybeAbsent,
  });

  it('ORs within a level and ANDs across levels', () => {
    expect(orgLevelAllow([e('a', NO), e('a', YES)]).allow).toBe(YES);
    expect(orgLevelAllow([e('a', NO), e('b', YES)]).allow).toBe(NO);
    expect(orgLevelAllow([e('a', MAYBE), e('a', NO), e('b', YES)]).allow).toBe(MAYBE);
    expect(orgLevelAllow([]).allow).toBe(YES);
  });

  it('a policy that might not exist may be absent (its level then has what stays)', () => {
    // Alone at its level: absent leaves FullAWSAccess (YES); present, its own Allow.
    expect(orgLevelAllow([e('a', NO, true)]).allow).toBe(MAYBE);
    expect(orgLevelAllow([e('a', YES, true)]).allow).toBe(YES);
    // Next to a present policy that allows: the level allows either way.
    expect(orgLevelAllow([e('a', YES), e('a', NO, true)]).allow).toBe(YES);
    // Next to one that does not: it allows only if it exists.
    const r = orgLevelAllow([e('a', NO), e('a', YES, true)]);
    expect(r.allow).toBe(MAYBE);
    expect(r.levelUnknown).toBe(false);
  });

  it('unknown levels: each alone (lower) or joining the level it helps (upper); one policy lifts one level', () => {
    const r = orgLevelAllow([e('a', NO), e(undefined, YES)]);
    expect([r.lower, r.upper, r.allow, r.levelUnknown]).toEqual([NO, YES, MAYBE, true]);
    // Two levels that do not allow and one unknown-level policy: no reading allows.
    expect(orgLevelAllow([e('a', NO), e('b', NO), e(undefined, YES)]).allow).toBe(NO);
    expect(orgLevelAllow([e('a', NO), e('b', NO), e(undefined, YES), e(undefined, YES)]).allow).toBe(MAYBE);
    // Only unknown levels: they may all share one.
    expect(orgLevelAllow([e(undefined, NO), e(undefined, YES)]).allow).toBe(MAYBE);
    expect(orgLevelAllow([e(undefined, NO), e(undefined, NO)]).allow).toBe(NO);
    // Not the assumed default's level.
    expect(orgLevelAllow([e(ORG_DEFAULT_LEVEL, YES), e(undefined, NO)]).allow).toBe(NO);
  });
});
