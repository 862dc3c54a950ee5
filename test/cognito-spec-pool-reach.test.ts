// A spec's can / cannot of an Amazon Cognito identity (`cognito:POOL@unauthenticated`) is decided
// as the identity pool's flow hands out roles (src/aws/cognito-identity-pools.ts
// `requestPoolReach`, joined by src/analysis/cognito-request-decision.ts), as the review decides
// its entry points: a pool that cannot hand the role denies, one that may is indeterminate with
// the reason, one that does leaves the trust policy's decision. Before, the trust policy alone
// decided: the guests of a pool that allows none "could" assume a role trusting them, and a
// `cannot` on a role the enhanced flow never hands out failed.

import { describe, expect, it } from 'vitest';
import { poolProviderLabels, userReach } from '../src/aws/cognito-identity-pools.js';
import { ModelBuilder } from '../src/model/builder.js';
import { parseFederatedRef } from '../src/requests/federated.js';
import { runCli } from './fixtures/cli/run.js';

const TEMPLATE = 'test/fixtures/cognito-eks/template.yaml';
const SPEC = 'test/fixtures/cognito-eks/pool-reach.access.yaml';
const UNKNOWN = 'test/fixtures/cognito-eks/unknown-settings';

interface JsonCheck {
  id?: string;
  status: string;
  checks: { message: string }[];
}

async function check(input: string, spec: string): Promise<Map<string, JsonCheck>> {
  const r = await runCli(['check', input, '--spec', spec, '--region', 'us-west-2', '--format', 'json']);
  const result = JSON.parse(r.stdout) as { expectations: JsonCheck[] };
  return new Map(result.expectations.map((e) => [e.id!, e]));
}

describe('spec checks of Cognito identities follow the identity pool', () => {
  it('decides by the pool flow, naming pools of the inputs by logical id', async () => {
    const by = await check(TEMPLATE, SPEC);
    // Amazon Cognito Developer Guide, "IAM roles": "You can specify default IAM roles for
    // authenticated and unauthenticated users." AWS Mobile blog, "Understanding Amazon Cognito
    // Authentication Part 4: Enhanced Flow": "When calling GetCredentialsForIdentity, Amazon
    // Cognito is actually making the call to AssumeRoleWithWebIdentity on your behalf. In order to
    // do so, Amazon Cognito must have an association between your identity pool and the roles the
    // identities in that pool can assume."
    expect(by.get('guests-get-the-attached-role')?.status).toBe('pass');
    expect(by.get('users-get-the-authenticated-role')?.status).toBe('pass');
    // The trust admits the pool's guests, but the enhanced flow (classic flow off: Terraform AWS
    // provider, aws_cognito_identity_pool: "allow_classic_flow - (Optional) Enables or disables
    // the classic / basic authentication flow. Default is false.") hands them GuestRole only.
    expect(by.get('guests-do-not-get-another-role')?.status).toBe('pass');
    // "Remember that unauthenticated identities will be assumed by users who do not log in to
    // your app": a pool that allows no unauthenticated identities has no guests.
    expect(by.get('no-guests-of-a-private-pool')?.status).toBe('pass');
    // In the classic flow the guest calls AssumeRoleWithWebIdentity itself, with any role.
    expect(by.get('classic-flow-guests-name-any-trusting-role')?.status).toBe('pass');
  });

  it('a pool setting known only at deployment makes the check indeterminate, saying which', async () => {
    const by = await check(`${UNKNOWN}/template.yaml`, `${UNKNOWN}/pool-reach.access.yaml`);
    const e = by.get('guests-may-get-the-role')!;
    expect(e.status).toBe('indeterminate');
    expect(e.checks[0]!.message).toContain('may hand this role to the caller');
    expect(e.checks[0]!.message).toContain('parameter GuestAccess has no value');
  });
});

describe('explain decides a Cognito identity as the spec does', () => {
  const explain = (principal: string, role: string) =>
    runCli([
      'explain',
      TEMPLATE,
      '--region',
      'us-west-2',
      '--principal',
      principal,
      '--action',
      'sts:AssumeRoleWithWebIdentity',
      '--resource',
      `role/${role}`,
    ]);

  it('a role the enhanced flow hands the guests another: denied, saying why', async () => {
    const stray = await explain('cognito:GuestPool@unauthenticated', 'StrayGuestRole');
    expect(stray.stdout).toMatch(/^DENY/);
    expect(stray.stdout).toContain('does not hand this role to the caller');
    expect((await explain('cognito:GuestPool@unauthenticated', 'GuestRole')).stdout).toMatch(/^ALLOW/);
  });
});

describe('cognito:POOL names a pool of the inputs', () => {
  const b = new ModelBuilder();
  const pool = (id: string, source: { logicalId?: string; address?: string }) =>
    b.addCognitoIdentityPool({
      id,
      name: 'app',
      account: '111122223333',
      allowUnauthenticated: true,
      allowClassicFlow: false,
      providers: [],
      source: { file: 'pools', ...source },
    });
  pool('us-west-2:(unknown-a)', { logicalId: 'PoolA' });
  pool('us-west-2:(unknown-b)', { address: 'aws_cognito_identity_pool.b' });
  const model = b.build();
  const aud = (ref: string) => parseFederatedRef(model, ref).claims['cognito-identity.amazonaws.com:aud'];

  it('by logical id or Terraform address: its id; an id as written', () => {
    expect(aud('cognito:PoolA@unauthenticated')).toBe('us-west-2:(unknown-a)');
    expect(aud('cognito:aws_cognito_identity_pool.b')).toBe('us-west-2:(unknown-b)');
    expect(aud('cognito:us-west-2:11111111-2222-3333-4444-555555555555')).toBe(
      'us-west-2:11111111-2222-3333-4444-555555555555',
    );
  });

  it('a name two pools share is an error, not a pool id nothing has', () => {
    expect(() => parseFederatedRef(model, 'cognito:app@unauthenticated')).toThrow(/names 2 identity pools/);
  });

  // Amazon Cognito Federated Identities API Reference, IdentityPoolShortDescription:
  // "IdentityPoolId: An identity pool ID in the format REGION:GUID. ... Pattern: [\w-]+:[0-9a-f-]+".
  // Taken as an id, a misspelt logical id would match no trust, and every `cannot` would pass.
  it('a name of no pool that is not written as a pool id is an error, not an id nothing has', () => {
    expect(() => parseFederatedRef(model, 'cognito:PoolAA@unauthenticated')).toThrow(
      /"PoolAA" is no identity pool of the inputs .* not an identity pool id \(REGION:GUID\)/,
    );
    expect(() => parseFederatedRef(model, 'cognito:us-west-2:my-pool')).toThrow(/not an identity pool id/);
    expect(aud('cognito:eu-west-1:0a1b2c3d-4e5f-6789-abcd-ef0123456789')).toBe(
      'eu-west-1:0a1b2c3d-4e5f-6789-abcd-ef0123456789',
    );
  });
});

// Amazon Cognito Developer Guide, "Developer-authenticated identities": "The
// GetOpenIdTokenForDeveloperIdentity API operation can initiate developer authentication for both
// enhanced and basic authentication." The backend gets the token and may call
// AssumeRoleWithWebIdentity itself, naming the role; the classic-flow setting is not documented to
// stop it, so a role the enhanced flow would not hand out stays possible.
describe('signed-in users of a pool with a developer provider', () => {
  const POOL = 'us-west-2:11111111-2222-3333-4444-555555555555';
  const role = (name: string) => `arn:aws:iam::111122223333:role/${name}`;
  const reachOf = (developer: string | undefined) => {
    const b = new ModelBuilder();
    b.addCognitoIdentityPool({
      id: POOL,
      name: 'app',
      account: '111122223333',
      allowUnauthenticated: false,
      allowClassicFlow: false,
      providers: poolProviderLabels({ userPools: [], social: [], oidc: [], saml: [], developer }),
      source: { file: 'pool.yaml' },
    });
    b.addCognitoPoolRoles({
      pool: POOL,
      authenticated: role('Auth'),
      unauthenticated: undefined,
      mapped: [],
      tokenMapping: false,
      source: { file: 'pool.yaml' },
    });
    const model = b.build();
    return userReach(model, model.cognitoIdentityPools![0]!, role('Other'));
  };

  it('may get another role than the enhanced flow hands out', () => {
    expect(reachOf(undefined).reach).toBe('no');
    const r = reachOf('login.app');
    expect(r.reach).toBe('maybe');
    expect(r.why).toContain('developer provider');
  });
});
