// Amazon Cognito scopes down the credentials of unauthenticated (guest) identities it hands out in
// the enhanced flow: AWS Managed Policy Reference, AmazonCognitoUnAuthedIdentitiesSessionPolicy:
// "Do not attach this policy to any roles, as Cognito Identity Service will automatically include
// it as a scoped down policy when creating credentials. The privileges to temporarily access other
// AWS resources through the enhanced flow will now be defined by the intersection of the role
// associated with the identity of the unauthenticated user provided by a service, and the
// privileges given in this managed policy that is owned by Cognito." Its list (v4): rum:PutRumEvents,
// sagemaker:InvokeEndpoint, polly:*, comprehend:*, translate:*, transcribe:*, rekognition:*,
// mobiletargeting:*, firehose:*, personalize:*, geo:GetMap*, geo:ListMaps, geo:SearchPlaceIndex*,
// geo:GetPlace, geo:CalculateRoute*, geo:*Geofence, geo:*Geofences, geo:*DevicePosition*, and
// kms:Encrypt, Decrypt, ReEncryptTo, ReEncryptFrom, GenerateDataKey, GenerateDataKeyPair,
// GenerateDataKeyPairWithoutPlaintext, GenerateDataKeyWithoutPlaintext. The basic (classic) flow
// applies none, so the scope-down holds only for a pool whose classic flow is off.
//
// And AllowClassicFlow: an explicit false stops the basic flow ("if an identity's parent pool has
// `AllowClassicFlow = false`, `get-open-id-token` will return the below error as expected: ...
// Basic (classic) flow is not enabled, please use enhanced flow."), but "if a pool is created
// without an explicit `AllowClassicFlow` value, `get-open-id-token` will allow the operation and
// return a token" (aws/aws-cli#7652). Terraform always sends it (default false); a CloudFormation
// pool that leaves it out may have the basic flow on. Before, such a pool was read as classic flow
// off: a `cannot` on a role the attachment does not name passed.

import { describe, expect, it } from 'vitest';
import { guestReach, guestSessionPolicy } from '../src/aws/cognito-identity-pools.js';
import {
  GUEST_SESSION_ACTIONS,
  GUEST_SESSION_POLICY,
  GUEST_SESSION_POLICY_ARN,
} from '../src/aws/cognito-guest-session-policy.js';
import { whoCan } from '../src/analysis/who-can.js';
import { getAwsManagedPolicy } from '../src/catalog/managed-policies.js';
import { compileModel } from '../src/engine/index.js';
import {
  ACCOUNT,
  checkById,
  GUEST_DIR as DIR,
  guestContext,
  guestTemplateModel,
} from './helpers/cognito-guests.js';

const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

const model = guestTemplateModel(`${DIR}/template.yaml`, 'gs');
const poolNamed = (name: string) => model.cognitoIdentityPools!.find((p) => p.name === name)!;
const guestOf = (name: string) => guestContext(model, name);

describe("the guests' session policy", () => {
  it('is the managed policy of the catalog, action for action', () => {
    const managed = getAwsManagedPolicy(GUEST_SESSION_POLICY_ARN);
    expect(managed).toBeDefined();
    const doc = managed!.document as { Statement: { Effect: string; Action: string[]; Resource: string }[] };
    expect(doc.Statement).toHaveLength(1);
    expect(doc.Statement[0]!.Effect).toBe('Allow');
    expect(doc.Statement[0]!.Resource).toBe('*');
    expect(doc.Statement[0]!.Action).toEqual([...GUEST_SESSION_ACTIONS]);
  });

  it('holds for the guests of a pool whose classic flow is off, not for a signed-in user nor a maybe-classic pool', () => {
    const enhanced = guestOf('enhanced');
    expect(guestSessionPolicy(model, 'cognito-identity.amazonaws.com', enhanced)).toBe(GUEST_SESSION_POLICY);
    expect(
      guestSessionPolicy(model, 'cognito-identity.amazonaws.com', {
        ...enhanced,
        'cognito-identity.amazonaws.com:amr': ['authenticated'],
      }),
    ).toBeUndefined();
    expect(
      guestSessionPolicy(model, 'cognito-identity.amazonaws.com', guestOf('maybe-classic')),
    ).toBeUndefined();
  });
});

describe('AllowClassicFlow left out of a CloudFormation pool', () => {
  it('may be on: a role its attachment does not name is maybe, not no, with the reason', () => {
    const pool = poolNamed('maybe-classic');
    const r = guestReach(model, pool, role('StrayRole'));
    expect(r.reach).toBe('maybe');
    expect(r.why).toContain('AllowClassicFlow of MaybeClassicPool is not set');
    expect(guestReach(model, poolNamed('enhanced'), role('StrayRole')).reach).toBe('no');
  });
});

describe('spec checks of guests through their role', () => {
  it('the enhanced flow scopes the guests down; a maybe-classic pool does not, and its strays are open', async () => {
    const by = await checkById(`${DIR}/template.yaml`, `${DIR}/guests.access.yaml`);
    expect(by.get('enhanced-guests-use-polly')?.status).toBe('pass');
    // The role grants s3:GetObject, but s3 is not in the scope-down.
    expect(by.get('enhanced-guests-cannot-read-s3')?.status).toBe('pass');
    expect(by.get('enhanced-guests-only-polly')?.status).toBe('pass');
    expect(by.get('maybe-classic-guests-read-s3')?.status).toBe('pass');
    const stray = by.get('maybe-classic-guests-and-a-stray-role')!;
    expect(stray.status).toBe('indeterminate');
    expect(stray.checks[0]!.message).toContain('AllowClassicFlow of MaybeClassicPool is not set');
  }, 120_000);
});

describe('who-can of a guest token', () => {
  const engine = compileModel(model);
  const cognitoEntries = (action: string, resource: string, pool: string) =>
    whoCan(engine, action, resource, { context: guestOf(pool) }).entries.filter(
      (e) => e.principal === 'cognito-identity.amazonaws.com',
    );

  it('goes through the scope-down of the enhanced flow', () => {
    expect(cognitoEntries('s3:GetObject', 'arn:aws:s3:::reports/q1.csv', 'enhanced')).toEqual([]);
    expect(cognitoEntries('polly:SynthesizeSpeech', '*', 'enhanced').map((e) => e.access)).toEqual(['allow']);
    expect(
      cognitoEntries('s3:GetObject', 'arn:aws:s3:::reports/q1.csv', 'maybe-classic').length,
    ).toBeGreaterThan(0);
  });
});
