// Which roles an Amazon Cognito identity pool's flow hands its callers (src/aws/cognito-identity-pools.ts
// `guestReach`, `userReach`): the role attachment's roles and role-mapping rules in the enhanced
// flow, any role under the classic flow, unknown while an attachment is.

import { describe, expect, it } from 'vitest';
import { guestReach, userReach } from '../src/aws/cognito-identity-pools.js';
import { ModelBuilder } from '../src/model/builder.js';
import { parsePolicy } from '../src/policy/parse.js';
import type { CognitoPoolRoles } from '../src/model/types.js';
import { Unknown } from '../src/model/unknown.js';

const ACCOUNT = '111122223333';
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const POOL = 'us-west-2:11111111-2222-3333-4444-555555555555';
const source = { file: 'pool.yaml' };

function modelWith(classic: boolean, attachment?: Partial<CognitoPoolRoles>) {
  const b = new ModelBuilder();
  b.addCognitoIdentityPool({
    id: POOL,
    name: 'app',
    account: ACCOUNT,
    allowUnauthenticated: true,
    allowClassicFlow: classic,
    providers: [],
    source,
  });
  if (attachment)
    b.addCognitoPoolRoles({
      pool: POOL,
      authenticated: role('Auth'),
      unauthenticated: role('Guest'),
      mapped: [],
      tokenMapping: false,
      source,
      ...attachment,
    });
  const model = b.build();
  return { model, pool: model.cognitoIdentityPools![0]! };
}

describe('identity pool flows', () => {
  // Amazon Cognito Developer Guide, "Using role-based access control": "You can define rules to
  // choose the role for each user based on claims in the user's ID token. You can define a
  // default role for authenticated users."
  it("enhanced flow: the users get the authenticated role and the rules' roles, not others", () => {
    const { model, pool } = modelWith(false, { mapped: [role('Admins')] });
    expect(userReach(model, pool, role('Auth')).reach).toBe('yes');
    expect(userReach(model, pool, role('Admins')).reach).toBe('yes');
    expect(userReach(model, pool, role('Other')).reach).toBe('no');
    expect(guestReach(model, pool, role('Admins')).reach).toBe('no');
  });

  it('a mapping of type Token may hand the users any role; an unknown attachment role any too', () => {
    const { model, pool } = modelWith(false, { tokenMapping: true });
    expect(userReach(model, pool, role('Other')).reach).toBe('maybe');
    const unknown = modelWith(false, { unauthenticated: new Unknown('known after apply') });
    expect(guestReach(unknown.model, unknown.pool, role('Other')).reach).toBe('maybe');
  });

  // Terraform AWS provider, aws_cognito_identity_pool: "allow_classic_flow - (Optional) Enables or
  // disables the classic / basic authentication flow. Default is false." In the basic flow the
  // caller calls AssumeRoleWithWebIdentity itself, with any role.
  it('classic flow: guests and users may get any role that trusts the pool', () => {
    const { model, pool } = modelWith(true, {});
    expect(guestReach(model, pool, role('Other')).reach).toBe('yes');
    expect(userReach(model, pool, role('Other')).reach).toBe('yes');
  });

  it('no role attachment in the inputs: which role the flow hands out is not known', () => {
    const { model, pool } = modelWith(false);
    expect(guestReach(model, pool, role('Guest'))).toMatchObject({ reach: 'maybe' });
  });
});

// A role whose name the inputs leave unknown (a generated `stack-AuthRole-(unknown-…)`, a
// Terraform `name_prefix`) may be the role an attachment names by a name the inputs spell
// (`stack-AuthRole-ABC`): the rule for unknown name parts (model/name-tokens.ts
// `principalMightBe`), never the text only; an attachment naming another role the inputs surely
// create names no other (model/created-elements.ts: "IAM user, group, role, and policy names must
// be unique within the account", IAM API Reference, CreateRole).
describe('identity pool flows and roles of unknown name', () => {
  const generated = role('app-(unknown-generated-AuthRole)');
  const other = role('app-(unknown-generated-OtherRole)');

  function withRoles(authenticated: string, presence?: Unknown) {
    const b = new ModelBuilder();
    b.addCognitoIdentityPool({
      id: POOL,
      name: 'app',
      account: ACCOUNT,
      allowUnauthenticated: true,
      allowClassicFlow: false,
      providers: [],
      source,
    });
    b.addCognitoPoolRoles({
      pool: POOL,
      authenticated,
      unauthenticated: undefined,
      mapped: [],
      tokenMapping: false,
      source,
    });
    const trustPolicy = parsePolicy({ Version: '2012-10-17', Statement: [] }, { kind: 'trust', source });
    b.addRole({ name: 'app-(unknown-generated-AuthRole)', account: ACCOUNT, source, trustPolicy });
    b.addRole({
      name: 'app-(unknown-generated-OtherRole)',
      account: ACCOUNT,
      source,
      trustPolicy,
      ...(presence ? { presence } : {}),
    });
    const model = b.build();
    return { model, pool: model.cognitoIdentityPools![0]! };
  }

  it('an attachment spelling a name the generated role may have: maybe, not no', () => {
    const { model, pool } = withRoles(role('app-AuthRole-ABC123'));
    expect(userReach(model, pool, generated).reach).toBe('maybe');
    expect(userReach(model, pool, role('web-AuthRole')).reach).toBe('no');
  });

  it('an attachment naming another surely created role exactly (its `!GetAtt`): no; one that might not exist: maybe', () => {
    const sure = withRoles(other);
    expect(userReach(sure.model, sure.pool, generated).reach).toBe('no');
    expect(userReach(sure.model, sure.pool, other).reach).toBe('yes');
    const conditional = withRoles(other, new Unknown('a condition'));
    expect(userReach(conditional.model, conditional.pool, generated).reach).toBe('maybe');
  });
});
