// `eval` / `explain` (and the matchers, through the same request layer: requests/request.ts) refuse a
// session policy given to a principal that cannot carry one, as the spec runner does: one rule,
// engine/request-policies.ts `carriesSessionPolicy`. Before, the engine intersected the session
// policy with an IAM user's policies and answered a request AWS cannot receive.
//
// AWS rules pinned here:
// - AWS STS API Reference, "PolicyDescriptorType": "A reference to the IAM managed policy that is
//   passed as a session policy for a role session or a federated user session."
//   https://docs.aws.amazon.com/STS/latest/APIReference/API_PolicyDescriptorType.html
// - IAM User Guide, "Permissions for AssumeRole, AssumeRoleWithSAML, and AssumeRoleWithWebIdentity":
//   "Optionally, you can pass inline or managed session policies as parameters of the AssumeRole,
//   AssumeRoleWithSAML, or AssumeRoleWithWebIdentity API operations."; "Permissions for
//   GetFederationToken": "When you create an AWS STS federated user session and pass session
//   policies, the resulting session's permissions are the intersection of the user's
//   identity-based policy and the session policies."
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_assumerole.html

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { InputError } from '../src/model/input-error.js';
import { resolveRequest } from '../src/requests/request.js';
import { ACCOUNT, F, positionOf, runCli, tempJson } from './fixtures/cli/run.js';

const COMPANY = [`${F}/cfn/company.yaml`, '--account', ACCOUNT, '--region', 'us-east-1'];
const PUT_ONLY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }],
};
const READ = { action: 's3:GetObject', resource: 'LogsBucket/app.log' };

/** A request file whose request [1] gives `principal` the session policy (request [0] is fine). */
async function fileWith(principal: string): Promise<string> {
  const text = `[\n  ${JSON.stringify({ principal: 'LogsRole', ...READ })},\n  ${JSON.stringify({
    principal,
    ...READ,
    sessionPolicy: PUT_ONLY,
  })}\n]\n`;
  return tempJson('requests.json', text);
}

describe('eval: a session policy only for a role or federated user session', () => {
  it.each([
    ['user/john', 'user/john is an IAM user'],
    [`arn:aws:iam::${ACCOUNT}:user/john`, 'user/john is an IAM user'],
    ['group/Developers', 'group/Developers stands for its members, and user/'],
    [ACCOUNT, "is an account's root user"],
    ['ec2.amazonaws.com', 'ec2.amazonaws.com is a service principal'],
    ['anonymous', 'anonymous is an anonymous caller'],
  ])('%s: exit 2 naming the request, its line and why', async (principal, why) => {
    const file = await fileWith(principal);
    const r = await runCli(['eval', ...COMPANY, '--requests', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const at = await positionOf(file, '{"Version"');
    expect(r.stderr).toMatch(
      new RegExp(`^iamspec: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${at}: request \\[1\\]: `),
    );
    expect(r.stderr).toContain('"sessionPolicy" applies to a role session or a federated user session');
    expect(r.stderr).toContain(why);
    expect(r.stderr).toContain(
      'AssumeRole, AssumeRoleWithSAML, AssumeRoleWithWebIdentity, GetFederationToken',
    );
  });

  it.each([
    'LogsRole',
    'role/Company1-Logs-Role',
    `arn:aws:iam::${ACCOUNT}:role/Company1-Logs-Role`,
    `arn:aws:sts::${ACCOUNT}:assumed-role/Company1-Logs-Role/s1`,
    `arn:aws:sts::${ACCOUNT}:federated-user/bob`,
  ])('%s: a session takes it and is capped by it', async (principal) => {
    const r = await runCli(['eval', ...COMPANY, '--requests', await fileWith(principal)]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { decision: string }[];
    expect(out).toHaveLength(2);
    // The session policy allows s3:PutObject only: s3:GetObject is not allowed.
    expect(out[1]!.decision).not.toBe('allow');
  });
});

describe('explain and the matchers read the same rule', () => {
  it('explain --session-policy with an IAM user: exit 2 naming the option', async () => {
    const r = await runCli([
      'explain',
      ...COMPANY,
      '--principal',
      'user/john',
      '--action',
      READ.action,
      '--resource',
      READ.resource,
      '--session-policy',
      `${F}/policies/session-put-only.json`,
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^iamspec: --session-policy: "sessionPolicy" applies to a role session or a federated user session, and user\/john is an IAM user/,
    );
  });

  it('the request layer throws an InputError for a user (matchers and front ends alike)', async () => {
    const { loadModelSync } = await import('../src/adapters/load.js');
    const engine = compileModel(
      loadModelSync([`${F}/cfn/company.yaml`], { account: ACCOUNT, region: 'us-east-1' }),
    );
    const origin = { label: () => 'the request', at: () => ({}) };
    const raw = { principal: 'user/john', ...READ, sessionPolicy: PUT_ONLY };
    expect(() => resolveRequest(engine, raw, 0, origin, {})).toThrow(InputError);
    expect(() => resolveRequest(engine, { ...raw, principal: 'LogsRole' }, 0, origin, {})).not.toThrow();
  });
});
