// The review's guest-role finding weighs Cognito's scope-down of enhanced-flow guests
// (analysis/cognito-guests.ts `guestWeaknesses`, the guests' sessions decided with
// aws/cognito-guest-session-policy.ts `GUEST_SESSION_POLICY`). Before, a guest role the scope-down leaves nothing of was a high finding,
// like one whose permissions the guests keep.
//
// AWS Managed Policy Reference, AmazonCognitoUnAuthedIdentitiesSessionPolicy: "Do not attach this
// policy to any roles, as Cognito Identity Service will automatically include it as a scoped down
// policy when creating credentials. The privileges to temporarily access other AWS resources
// through the enhanced flow will now be defined by the intersection of the role associated with
// the identity of the unauthenticated user provided by a service, and the privileges given in this
// managed policy that is owned by Cognito." (the basic flow applies none). IAM User Guide,
// "Session policies": "The resulting session's permissions are the intersection of the
// identity-based policy of the IAM entity used to create the session and the session policies."
// "IAM JSON policy elements: Action": action names are case insensitive.

import { describe, expect, it } from 'vitest';
import { weakFederatedTrusts } from '../src/analysis/federated-trust.js';
import { whoCan } from '../src/analysis/who-can.js';
import { compileModel } from '../src/engine/index.js';
import { ACCOUNT, checkById, GUEST_DIR, guestContext, guestTemplateModel } from './helpers/cognito-guests.js';

const file = `${GUEST_DIR}/review.yaml`;

describe('the guest-role finding', () => {
  const findings = weakFederatedTrusts(compileModel(guestTemplateModel(file, 'gr')));
  const of = (role: string) => findings.filter((f) => f.subject === `arn:aws:iam::${ACCOUNT}:role/${role}`);

  it('is low when the scope-down allows none of the actions the role grants (S3 and DynamoDB only)', () => {
    const [f] = of('S3GuestRole');
    expect(f?.severity).toBe('low');
    expect(f?.message).toContain('anonymous internet users (guests of Amazon Cognito identity pool s3-only');
    expect(f?.message).toContain(
      "but Cognito's scope-down of enhanced-flow guests (AmazonCognitoUnAuthedIdentitiesSessionPolicy) allows none of the actions the role's policies grant",
    );
  });

  it('stays high when the guests keep some of it (Polly), and says they are limited to the scope-down', () => {
    const [f] = of('PollyGuestRole');
    expect(f?.severity).toBe('high');
    expect(f?.message).toContain(
      "their credentials are limited to what the role grants within Cognito's scope-down",
    );
  });

  it('the basic flow applies no scope-down: high, without it', () => {
    const [f] = of('ClassicGuestRole');
    expect(f?.severity).toBe('high');
    expect(f?.message).not.toContain('scope-down');
  });
});

describe("a guest's chain on from its role", () => {
  // Before, a chain of more than one role was decided without the scope-down: the enhanced-flow
  // guests' via through GuestRole to BackendRole passed.
  it('is stopped by the scope-down in the enhanced flow (no sts:AssumeRole in it); the basic flow goes on', async () => {
    const by = await checkById(`${GUEST_DIR}/chain.yaml`, `${GUEST_DIR}/chain.access.yaml`);
    const enhanced = by.get('enhanced-guests-chain')!;
    expect(enhanced.status).toBe('fail');
    expect(enhanced.checks[0]!.message).toContain('the session policy does not allow sts:AssumeRole');
    expect(by.get('classic-guests-chain')?.status).toBe('pass');
  }, 120_000);
});

describe('who-can of a guest token through a chain', () => {
  const model = guestTemplateModel(`${GUEST_DIR}/chain.yaml`, 'gc');
  const engine = compileModel(model);
  const guestOf = (name: string) => guestContext(model, name);
  const cognitoPaths = (pool: string) =>
    whoCan(engine, 's3:GetObject', 'arn:aws:s3:::reports/q1.csv', { context: guestOf(pool) })
      .entries.filter((e) => e.principal === 'cognito-identity.amazonaws.com')
      .map((e) => e.path.map((h) => h.role.split('/').pop()));

  // Before, only a one-role path carried the scope-down: the enhanced-flow guests reached
  // BackendRole through GuestRole.
  it('stops at the scope-down in the enhanced flow, not in the basic one', () => {
    expect(cognitoPaths('enhanced')).toEqual([]);
    expect(cognitoPaths('classic')).toEqual([['GuestRole', 'BackendRole']]);
  });
});
