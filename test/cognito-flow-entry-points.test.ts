// Every front end decides a Cognito identity's sts:AssumeRoleWithWebIdentity as the identity
// pool's flow hands out roles, through the one join of src/analysis/cognito-flow.ts (called by
// analysis/free-decision.ts `decideAnyContext`, and for via's hops by
// requests/cognito-pool-decision.ts): a spec's via, only and onlyPrincipals, who-can, and the
// toAllow / toDeny matchers. Before, these decided the token on the trust policy alone, while
// can / cannot / eval / explain followed the pool: a guest "could" go through a role the
// enhanced flow never hands out.
//
// Amazon Cognito Developer Guide, "IAM roles": "You can specify default IAM roles for
// authenticated and unauthenticated users." AWS Mobile blog, "Understanding Amazon Cognito
// Authentication Part 4: Enhanced Flow": "When calling GetCredentialsForIdentity, Amazon Cognito
// is actually making the call to AssumeRoleWithWebIdentity on your behalf. In order to do so,
// Amazon Cognito must have an association between your identity pool and the roles the identities
// in that pool can assume." Amazon Cognito Developer Guide, "Role trust and permissions": the
// trust "restricts the aud of the token, in this case the identity pool ID, to match the identity
// pool": a trust naming only pools of the inputs admits only their tokens.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import '../src/testing/vitest.js';
import { loadTemplateObject, parseTemplateText } from '../src/adapters/cloudformation/index.js';
import { COGNITO_AMR, COGNITO_AUD } from '../src/aws/cognito-identity-pools.js';
import { whoCan } from '../src/analysis/who-can.js';
import { compileModel } from '../src/engine/index.js';
import type { RequestContext } from '../src/engine/types.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { runCli } from './fixtures/cli/run.js';

const ACCOUNT = '111122223333';
const TEMPLATE = 'test/fixtures/cognito-eks/template.yaml';
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const COGNITO = 'cognito-identity.amazonaws.com';

function templateModel(file = TEMPLATE): Model {
  const { value, locate } = parseTemplateText(readFileSync(file, 'utf8'), file);
  const b = new ModelBuilder();
  loadTemplateObject(value, b, { account: ACCOUNT, region: 'us-west-2', stackName: 'ce', file, locate });
  return b.build();
}

const model = templateModel();
const guestPool = model.cognitoIdentityPools!.find((p) => p.name === 'guests')!.id;
const guestToken = { [COGNITO_AUD]: guestPool, [COGNITO_AMR]: ['unauthenticated'] };

describe('spec via / only / onlyPrincipals of a Cognito identity follow the pool', () => {
  interface JsonExpectation {
    id?: string;
    status: string;
    checks: { kind: string; status: string; message: string }[];
  }
  const run = async () => {
    const r = await runCli([
      'check',
      TEMPLATE,
      '--spec',
      'test/fixtures/cognito-eks/flow-entry-points.access.yaml',
      '--region',
      'us-west-2',
      '--format',
      'json',
    ]);
    const result = JSON.parse(r.stdout) as { expectations: JsonExpectation[] };
    return new Map(result.expectations.map((e) => [e.id!, e]));
  };

  it('via: a hop into a role the enhanced flow never hands the guests fails, saying why', async () => {
    const by = await run();
    expect(by.get('guests-go-through-the-attached-role')?.status).toBe('pass');
    const stray = by.get('guests-do-not-read-through-the-stray-role')!;
    expect(stray.status).toBe('fail');
    const via = stray.checks.find((c) => c.kind === 'via')!;
    expect(via.message).toContain('cannot assume arn:aws:iam::111122223333:role/StrayGuestRole');
    expect(via.message).toContain("the pool's role attachment gives its guests other roles");
    // only: the guests assume no role but the attached one (StrayGuestRole trusts them too).
    expect(by.get('guests-assume-only-the-attached-role')?.status).toBe('pass');
    // onlyPrincipals: GuestPool's guests are no witness on StrayGuestRole; what is left is a
    // token of a pool outside the inputs whose id may be GuestPool's (an id known only after
    // deployment), which stays indeterminate.
    const only = by.get('nobody-assumes-the-stray-role')!;
    expect(only.status).toBe('indeterminate');
    expect(only.checks[0]!.message).not.toContain('unknown-GuestPool');
  }, 120_000);
});

describe('who-can of a Cognito identity follows the pool', () => {
  const engine = compileModel(model);

  it('a guest token pinned by the context: no path into the stray role, the attached role kept', () => {
    const stray = whoCan(engine, 'sts:AssumeRoleWithWebIdentity', role('StrayGuestRole'), {
      context: guestToken,
    });
    expect(stray.entries.filter((e) => e.principal === COGNITO)).toEqual([]);
    const guest = whoCan(engine, 'sts:AssumeRoleWithWebIdentity', role('GuestRole'), { context: guestToken });
    expect(guest.entries.filter((e) => e.principal === COGNITO).map((e) => e.access)).toEqual(['allow']);
  });

  it('a free token: a trust naming only pools of the inputs none of which hands the role out admits nobody', () => {
    const r = whoCan(engine, 's3:GetObject', 'arn:aws:s3:::reports/q1.csv');
    const into = (name: string) =>
      r.entries.filter((e) => e.principal === COGNITO && e.path.some((h) => h.role === role(name)));
    expect(into('StrayGuestRole')).toEqual([]);
    expect(into('GuestRole').length).toBeGreaterThan(0);
  });
});

describe('toAllow / toDeny of a Cognito identity follow the pool', () => {
  const request = (name: string, context?: RequestContext) => ({
    principal: COGNITO,
    action: 'sts:AssumeRoleWithWebIdentity',
    resource: role(name),
    ...(context ? { context } : {}),
  });

  it('guests of a pool whose enhanced flow hands them another role are denied', () => {
    expect(model).toDeny(request('StrayGuestRole', guestToken));
    expect(model).toAllow(request('GuestRole', guestToken));
    // Any token: the trust admits GuestPool's only, and the pool hands the role to nobody.
    expect(model).toDeny(request('StrayGuestRole'));
    expect(model).toDeny(request('UnattachedRole'));
  });

  // A trust statement whose Federated value is a parameter may be Cognito's, with any pool: the
  // pools the other statement names are not the only way in.
  it('a trust that may admit any pool is left to the trust policy', () => {
    const other = templateModel('test/fixtures/cognito-eks/guest-scope-down/template.yaml');
    expect(() => expect(other).toDeny(request('ParamProviderRole'))).toThrow();
  });

  it('a pool setting known only at deployment: neither allowed nor denied', () => {
    const unknown = templateModel('test/fixtures/cognito-eks/unknown-settings/template.yaml');
    const pool = unknown.cognitoIdentityPools![0]!.id;
    const token = { [COGNITO_AUD]: pool, [COGNITO_AMR]: ['unauthenticated'] };
    expect(() => expect(unknown).toDeny(request('GuestRole', token))).toThrow(/may hand this role/);
    expect(() => expect(unknown).toAllow(request('GuestRole', token))).toThrow(/may hand this role/);
  });
});
