// Terraform aws_organizations_policy_attachment: each SCP records the level it is attached at
// (its target_id), and the engine combines the SCPs' Allows per level (src/engine/org-levels.ts).
// AWS Organizations User Guide, "SCP evaluation"
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html):
// "For a permission to be allowed for a specific account, there must be an explicit Allow
// statement at every level from the root through each OU in the direct path to the account
// (including the target account itself)."
import { fullAccessCompletion } from '../src/aws/org-managed-policies.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { loadOptionsOf, parseCommandLine } from '../src/cli/options.js';
import { UsageError } from '../src/cli/usage-error.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { ORG_DEFAULT_LEVEL } from '../src/model/types.js';
import { Unknown } from '../src/model/unknown.js';

const FX = join(import.meta.dirname, 'fixtures', 'terraform', 'org-levels');
const ACCOUNT = '111111111111';

describe('aws_organizations_policy_attachment levels', () => {
  const b = new ModelBuilder({ completeOrgLevels: fullAccessCompletion() });
  loadTerraformConfig(FX, b, { env: {}, account: ACCOUNT });
  const model = b.build();
  const engine = compileModel(model);
  const decide = (action: string, resource: string) =>
    engine.decide({ principal: `arn:aws:iam::${ACCOUNT}:user/alice`, action, resource }, { trace: true });

  it('records target_id as the level; an unknown target as an unknown level; the default as its own', () => {
    const org = model.organizations.find((o) => o.account === ACCOUNT)!;
    const levels = org.scps.map((d) => (d.orgLevel instanceof Unknown ? 'unknown' : d.orgLevel));
    // ... and FullAWSAccess, maybe-present, at each level with an allow list of the inputs, the
    // unknown one included (the same Unknown level): attaching one does not detach it
    // (aws/org-managed-policies.ts fullAccessMaybeAttached).
    expect(levels).toEqual([
      ORG_DEFAULT_LEVEL,
      ACCOUNT,
      ACCOUNT,
      'ou-ab12-11111111',
      'unknown',
      ACCOUNT,
      'ou-ab12-11111111',
      'unknown',
    ]);
    expect(org.scps.slice(5).map((d) => [d.name, d.presence?.reason.split(':')[0]])).toEqual([
      ['FullAWSAccess', `FullAWSAccess may still be attached at ${ACCOUNT}`],
      ['FullAWSAccess', 'FullAWSAccess may still be attached at ou-ab12-11111111'],
      [
        'FullAWSAccess',
        `FullAWSAccess may still be attached where ${org.scps[4]!.name} is attached (${(org.scps[4]!.orgLevel as Unknown).reason.split(':')[0]}`,
      ],
    ]);
    expect(org.scps[7]!.orgLevel).toBe(org.scps[4]!.orgLevel);
    expect((org.scps[4]!.orgLevel as Unknown).reason).toContain(
      'aws_organizations_policy_attachment.s3_new_ou',
    );
  });

  it('two allow lists at the account allow both services; an unknown-level allow list makes the other indeterminate', () => {
    // s3: allowed at the account (one of its SCPs), the OU, and by the unknown-level s3 list.
    expect(decide('s3:GetObject', 'arn:aws:s3:::b/k').decision).toBe('allow');
    // ec2: allowed if the s3 list of unknown target shares a level with an ec2 Allow, denied if
    // it stands at a level of its own.
    const ec2 = decide('ec2:StartInstances', `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-1`);
    expect(ec2.decision).toBe('indeterminate');
    // (the s3 list's OU is known only after apply, and the inputs do not place the account in
    // the organization: under that OU or not, org-members.ts `deployingAccountReach`)
    expect(JSON.stringify(ec2.trace)).toContain(
      'may or may not be under aws_organizations_organizational_unit.workloads',
    );
    // Neither list allows iam: denied in every reading of the levels; but the account deploys the
    // SCPs and may be the management account, which they do not affect
    // (aws/org-management-account.ts): indeterminate, with that reason.
    const iam = decide('iam:CreateUser', `arn:aws:iam::${ACCOUNT}:user/x`);
    expect(iam.decision).toBe('indeterminate');
    expect(JSON.stringify(iam.trace)).toContain('may be its management account');
  });
});

describe('--scp-full-access-detached: the levels the inputs show FullAWSAccess detached from', () => {
  // AWS Organizations API Reference, DetachPolicy: "you must attach the replacement SCP before you
  // can remove the default SCP": the detachment is its own call, which the option states.
  const remaining = (detached?: string[]) =>
    loadModelSync([FX], { account: ACCOUNT, ...(detached ? { scpFullAccessDetached: detached } : {}) })
      .organizations.find((o) => o.account === ACCOUNT)!
      .scps.filter((d) => d.name === 'FullAWSAccess' && d.presence)
      .map((d) => d.orgLevel);

  it('is read from the command line (repeatable) and keeps FullAWSAccess only where not named', () => {
    const { values } = parseCommandLine(
      'check',
      ['--scp-full-access-detached', 'ou-ab12-11111111', '--scp-full-access-detached', ACCOUNT],
      {},
    );
    const options = loadOptionsOf(values, 'check');
    expect(options.scpFullAccessDetached).toEqual(['ou-ab12-11111111', ACCOUNT]);
    const unknownLevel = (l: unknown) => (l instanceof Unknown ? 'unknown' : l);
    expect(remaining().map(unknownLevel)).toEqual([ACCOUNT, 'ou-ab12-11111111', 'unknown']);
    expect(remaining(['ou-ab12-11111111']).map(unknownLevel)).toEqual([ACCOUNT, 'unknown']);
    // (the unknown target's level is none of the ids named: FullAWSAccess may remain there)
    expect(remaining(options.scpFullAccessDetached).map(unknownLevel)).toEqual(['unknown']);
  });

  it('takes only root, OU and account ids', () => {
    const { values } = parseCommandLine('check', ['--scp-full-access-detached', 'prod'], {});
    expect(() => loadOptionsOf(values, 'check')).toThrow(UsageError);
  });
});
