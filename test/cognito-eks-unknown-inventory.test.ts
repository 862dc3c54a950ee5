// The unknown inventory (src/model/unknown-inventory.ts) lists the unknown settings of Amazon
// Cognito identity pools, their role attachments and EKS Pod Identity associations, as it lists
// every other unknown value: a parameter or variable without a value that decides whether a
// pool allows guests (AllowUnauthenticatedIdentities / allow_unauthenticated_identities), its
// classic flow, the pool a role attachment names or a Pod Identity association's namespace
// appears in the stderr summary and the JSON warnings, with its source, not only inside the
// reasons of the findings that depend on it.

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { runCli } from './fixtures/cli/run.js';

const ACCOUNT = '111122223333';
const DIR = 'test/fixtures/cognito-eks/unknown-settings';
const TEMPLATE = `${DIR}/template.yaml`;
const TERRAFORM = `${DIR}/tf`;

interface JsonWarning {
  code: string;
  message: string;
  source?: { address?: string; pointer?: string };
}

async function summaryAndJson(input: string) {
  const text = await runCli(['matrix', input, '--account', ACCOUNT]);
  const json = await runCli(['matrix', input, '--account', ACCOUNT, '--format', 'json']);
  const warnings = (JSON.parse(json.stdout) as { warnings: JsonWarning[] }).warnings.filter(
    (w) => w.code === 'model/unknown-value',
  );
  return { stderr: text.stderr, warnings };
}

describe('unknown identity-pool and Pod Identity settings in the unknown inventory', () => {
  it('CloudFormation: each parameter without a value, at the parameter', async () => {
    const { stderr, warnings } = await summaryAndJson(TEMPLATE);
    const byParameter = (name: string) => warnings.find((w) => w.source?.pointer === `/Parameters/${name}`);
    for (const name of ['GuestAccess', 'ClassicFlow', 'PoolId', 'GuestRoleArn', 'Namespace']) {
      expect(byParameter(name)?.message).toContain(`parameter ${name} has no value`);
      expect(stderr).toContain(`parameter ${name} has no value`);
    }
  });

  it('CloudFormation: a setting that is no boolean names the pool and the property', () => {
    const model = loadModelSync([`${DIR}/not-boolean.yaml`], { account: ACCOUNT });
    const listed = model.findings.filter((f) => f.code === 'model/unknown-value');
    expect(listed.map((f) => [f.message, f.source?.pointer])).toEqual([
      [
        'AllowUnauthenticatedIdentities of Pool is not a known boolean',
        '/Resources/Pool/Properties/AllowUnauthenticatedIdentities',
      ],
      // AllowClassicFlow left out: "if a pool is created without an explicit `AllowClassicFlow`
      // value, `get-open-id-token` will allow the operation and return a token" (aws/aws-cli#7652).
      [
        'AllowClassicFlow of Pool is not set: a pool created without it was reported to serve GetOpenIdToken (the basic flow), aws/aws-cli#7652',
        '/Resources/Pool',
      ],
    ]);
  });

  it('Terraform: each variable without a value, at the address that uses it', async () => {
    const { stderr, warnings } = await summaryAndJson(TERRAFORM);
    const at = (variable: string) => warnings.find((w) => w.message.includes(`"${variable}" has no value`));
    expect(at('guest_access')?.source?.address).toBe('aws_cognito_identity_pool.pool');
    expect(at('classic_flow')?.source?.address).toBe('aws_cognito_identity_pool.pool');
    expect(at('pool_id')?.source?.address).toBe('aws_cognito_identity_pool_roles_attachment.roles');
    expect(at('namespace')?.source?.address).toBe('aws_eks_pod_identity_association.pods');
    expect(stderr).toMatch(
      /\(aws_cognito_identity_pool\.pool\): warning: input variable "guest_access" has no value/,
    );
  });
});
