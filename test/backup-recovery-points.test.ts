// A Backup vault's access policy governs the recovery points in the vault, whose ARNs do not name
// it (hqa11): a request on a recovery point is decided with the policy of every vault of its
// account and Region as maybe applying (src/aws/arn-formats.ts `containedResourcePatterns`).
// Before, such a request was decided without any vault policy: "Nobody" could delete a recovery
// point that a vault policy let a role of the account delete, and a vault's Deny never applied.
//
// AWS Backup Developer Guide, "Vault access policies"
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault-access-policy.html):
// "With AWS Backup, you can assign policies to backup vaults and the resources they contain.
// Assigning policies allows you to do things like grant access to users to create backup plans and
// on-demand backups, but limit their ability to delete recovery points after they're created."
// Recovery point ARNs ("AWS Backup resource ARNs"): `arn:aws:backup:REGION:ACCOUNT:recovery-point:ID`,
// EBS `arn:aws:ec2:REGION::snapshot/ID`.

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { parsePolicy } from '../src/policy/parse.js';

const source = { file: 'backup-recovery-points.test.ts' };
const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/ops`;
const point = (region = REGION) => `arn:aws:backup:${region}:${ACCOUNT}:recovery-point:abc-123`;

function engineWith(vaultStatement: Record<string, unknown>, identity?: Record<string, unknown>) {
  const b = new ModelBuilder();
  b.addAccount(ACCOUNT, REGION);
  const trust = parsePolicy(
    {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    },
    { kind: 'trust', source },
  );
  const role = b.addRole({ name: 'ops', account: ACCOUNT, trustPolicy: trust, source });
  if (identity)
    b.addInlinePolicy(role, {
      name: 'p',
      document: parsePolicy({ Version: '2012-10-17', Statement: [identity] }, { kind: 'identity', source }),
      source,
    });
  b.addResource({
    kind: 'backup-vault',
    arn: `arn:aws:backup:${REGION}:${ACCOUNT}:backup-vault:vault`,
    name: 'vault',
    account: ACCOUNT,
    region: REGION,
    source,
    policy: parsePolicy({ Version: '2012-10-17', Statement: [vaultStatement] }, { kind: 'resource', source }),
  });
  return compileModel(b.build());
}

const del = (resource: string) => ({ principal: ROLE, action: 'backup:DeleteRecoveryPoint', resource });

describe("a Backup vault's policy and the recovery points it may hold", () => {
  it('an Allow of the vault policy to a role of the account: indeterminate, not "nobody"', () => {
    const e = engineWith({
      Effect: 'Allow',
      Principal: { AWS: ROLE },
      Action: 'backup:DeleteRecoveryPoint',
      Resource: '*',
    });
    expect(e.decide(del(point())).decision).toBe('indeterminate');
    expect(e.decide(del(`arn:aws:ec2:${REGION}::snapshot/snap-0abc`)).decision).toBe('indeterminate');
    // A recovery point of another Region is in none of the vaults of the inputs.
    expect(e.decide(del(point('eu-west-1'))).decision).toBe('deny');
  });

  it("the vault policy's Deny may apply: indeterminate, not allow", () => {
    const e = engineWith(
      { Effect: 'Deny', Principal: '*', Action: 'backup:DeleteRecoveryPoint', Resource: '*' },
      { Effect: 'Allow', Action: 'backup:*', Resource: '*' },
    );
    expect(e.decide(del(point())).decision).toBe('indeterminate');
    expect(e.decide(del(point('eu-west-1'))).decision).toBe('allow');
  });

  it('the vault itself is decided with its policy as before', () => {
    const e = engineWith({
      Effect: 'Allow',
      Principal: { AWS: ROLE },
      Action: 'backup:DeleteBackupVault',
      Resource: '*',
    });
    const vault = `arn:aws:backup:${REGION}:${ACCOUNT}:backup-vault:vault`;
    expect(e.decide({ principal: ROLE, action: 'backup:DeleteBackupVault', resource: vault }).decision).toBe(
      'allow',
    );
  });
});
