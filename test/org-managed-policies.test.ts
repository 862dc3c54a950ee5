// The AWS managed organization policies (src/aws/org-managed-policies.ts): an attachment that
// names `p-FullAWSAccess` or `p-RCPFullAWSAccess` is that known policy at that level, not a policy
// outside the inputs; RCP Allows never restrict, because RCPFullAWSAccess cannot be detached
// (src/engine/org-levels.ts `orgAllowsCanRestrict`); and `explain` never tells a person to remove
// the default FullAWSAccess the inputs do not hold, nor an RCP Allow.
//
// AWS rules pinned here:
// - AWS Organizations API Reference, AttachPolicy: "AWS Organizations attaches a default SCP
//   named "FullAWSAccess" to every root, OU, and account. This default SCP allows all services and
//   actions". https://docs.aws.amazon.com/organizations/latest/APIReference/API_AttachPolicy.html
// - AWS Organizations User Guide, "SCP evaluation": "For a permission to be allowed for a specific
//   account, there must be an explicit Allow statement at every level from the root through each
//   OU in the direct path to the account (including the target account itself)" — an Allow of any
//   SCP of a level is that level's Allow, so FullAWSAccess next to an allow list allows everything.
//   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
// - AWS Organizations User Guide, "RCP evaluation": "The RCPFullAWSAccess policy is an AWS managed
//   policy. It is automatically attached to the root, every OU, and every account in your
//   organization, when you enable resource control policies (RCPs). You cannot detach this policy."
//   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import {
  FULL_AWS_ACCESS,
  RCP_FULL_AWS_ACCESS,
  awsManagedOrgPolicy,
  fullAccessMaybeAttached,
} from '../src/aws/org-managed-policies.js';
import { compileModel } from '../src/engine/index.js';
import { orgAllowsCanRestrict } from '../src/engine/org-levels.js';
import { ModelBuilder } from '../src/model/builder.js';
import { Unknown } from '../src/model/unknown.js';
import { parsePolicy } from '../src/policy/parse.js';
import { runCli } from './fixtures/cli/run.js';
import { orgManagedTerraform } from './helpers/org-managed-terraform.js';
import { loadOptionsOf, parseCommandLine } from '../src/cli/options.js';
import { UsageError } from '../src/cli/usage-error.js';

const FX = 'test/fixtures/org-managed';
const ROLE = 'arn:aws:iam::111122223333:role/app';
const put = { principal: ROLE, action: 's3:PutObject', resource: 'arn:aws:s3:::b/k' };
const get = { ...put, action: 's3:GetObject' };

describe('an attachment of p-FullAWSAccess / p-RCPFullAWSAccess (Terraform)', () => {
  const model = loadModelSync([orgManagedTerraform('allow list beside FullAWSAccess')]);

  it('is the known managed policy at its level, not an unknown SCP and RCP', () => {
    expect(model.findings.filter((f) => f.code === 'tf/unresolved-reference')).toEqual([]);
    const org = model.organizations.find((o) => o.account === '111122223333')!;
    const explicit = org.scps.filter((d) => d.name === 'FullAWSAccess' && d.orgLevel === '111122223333');
    // The attachment of the inputs, and (as it is only maybe-present) the default that may remain
    // beside the allow list (aws/org-managed-policies.ts fullAccessMaybeAttached).
    expect(explicit.map((d) => d.source.address ?? d.source.builtIn)).toEqual([
      'aws_organizations_policy_attachment.full',
      'the AWS Organizations default FullAWSAccess policy, which may still be attached at 111122223333 (not in the inputs)',
    ]);
    expect(org.rcps.some((d) => d.name === 'RCPFullAWSAccess' && d.orgLevel === '111122223333')).toBe(true);
    expect(org.scps.concat(org.rcps).some((d) => d.unknown)).toBe(false);
    // Attached to the deploying account itself, which may be the management account that SCPs and
    // RCPs do not affect (aws/org-management-account.ts): maybe-present, for that reason only.
    for (const d of org.scps
      .concat(org.rcps)
      .filter((x) => x.orgLevel === '111122223333' && !x.source.builtIn))
      expect(d.presence?.reason).toContain('may be its management account');
  });

  it('FullAWSAccess next to an allow list at the same level allows everything (OR within a level)', () => {
    const engine = compileModel(model);
    expect(engine.decide(put).decision).toBe('allow');
    expect(engine.decide(get).decision).toBe('allow');
    // Without it, the allow list is the level's only Allow if FullAWSAccess was detached there.
    const allowList = compileModel(loadModelSync([orgManagedTerraform('allow list')]));
    // (denied if it applies and FullAWSAccess is gone; neither is known: indeterminate)
    expect(allowList.decide(put).decision).toBe('indeterminate');
    expect(allowList.decide(get).decision).toBe('allow');
  });

  it('the ids are the managed policies of AWS, any other id is not', () => {
    expect(awsManagedOrgPolicy('p-FullAWSAccess')).toBe(FULL_AWS_ACCESS);
    expect(awsManagedOrgPolicy('p-RCPFullAWSAccess')).toBe(RCP_FULL_AWS_ACCESS);
    expect(awsManagedOrgPolicy('p-fullawsaccess')).toBeUndefined();
    expect(awsManagedOrgPolicy('p-12345678')).toBeUndefined();
    expect(FULL_AWS_ACCESS.detachable).toBe(true);
    expect(RCP_FULL_AWS_ACCESS.detachable).toBe(false);
  });
});

describe('RCP Allows never restrict: RCPFullAWSAccess is at every level and cannot be detached', () => {
  const source = { file: 'org-managed-policies.test.ts' };
  function withRcp(statements: unknown[]) {
    const b = new ModelBuilder();
    b.addAccount('111122223333');
    const role = b.addRole({
      name: 'app',
      account: '111122223333',
      trustPolicy: parsePolicy({ Version: '2012-10-17', Statement: [] }, { kind: 'trust', source }),
      source,
    });
    b.addInlinePolicy(role, {
      name: 's3',
      document: parsePolicy(
        { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] },
        { kind: 'identity', source },
      ),
      source,
    });
    b.addRcp(
      '111122223333',
      {
        ...parsePolicy({ Version: '2012-10-17', Statement: statements }, { kind: 'rcp', source }),
        name: 'mine',
      },
      '111122223333',
    );
    return compileModel(b.build());
  }

  it('an RCP Allow of one action at the account level does not deny the others', () => {
    expect(orgAllowsCanRestrict('rcp')).toBe(false);
    expect(orgAllowsCanRestrict('scp')).toBe(true);
    const engine = withRcp([{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }]);
    expect(engine.decide(put).decision).toBe('allow');
    expect(engine.decide(get).decision).toBe('allow');
  });

  it('an RCP Deny still denies', () => {
    const engine = withRcp([{ Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: '*' }]);
    expect(engine.decide(put).decision).toBe('deny');
    expect(engine.decide(get).decision).toBe('allow');
  });
});

describe('explain does not advise removing the default FullAWSAccess nor an RCP Allow', () => {
  it('a deny-list organization: the advice names the grant, not the built-in default', async () => {
    const r = await runCli([
      'explain',
      orgManagedTerraform('deny list'),
      '--principal',
      'role/app',
      '--action',
      's3:PutObject',
      '--resource',
      'arn:aws:s3:::b/k',
    ]);
    expect(r.stdout).toMatch(/^ALLOW/);
    const advice = r.stdout.slice(r.stdout.indexOf('What would change the outcome'));
    expect(advice).toContain('remove or narrow inline policy s3 of role app');
    expect(advice).not.toContain('FullAWSAccess');
  });

  it('an explicit FullAWSAccess attachment may be removed (it is in the inputs); RCPFullAWSAccess not', async () => {
    const r = await runCli([
      'explain',
      orgManagedTerraform('allow list beside FullAWSAccess'),
      '--principal',
      'role/app',
      '--action',
      's3:PutObject',
      '--resource',
      'arn:aws:s3:::b/k',
    ]);
    const advice = r.stdout.slice(r.stdout.indexOf('What would change the outcome'));
    // (the attachment is maybe-present now, the account may be the management account: the
    // advice need not name it, but never the built-in defaults)
    expect(advice).not.toContain('RCPFullAWSAccess');
    expect(advice).not.toContain('AWS Organizations default');
  });
});

describe('FullAWSAccess beside the allow lists of the inputs (fullAccessMaybeAttached)', () => {
  // DetachPolicy: "you must attach the replacement SCP before you can remove the default SCP".
  const OU = 'ou-ab12-prod0001';
  const scp = (statement: object, name?: string, level: string = OU) => ({
    ...parsePolicy(
      { Version: '2012-10-17', Statement: [statement] },
      { kind: 'scp', source: { file: 'scp.json' } },
    ),
    ...(name ? { name } : {}),
    orgLevel: level,
  });
  const s3List = scp({ Effect: 'Allow', Action: 's3:*', Resource: '*' });

  it('none where the inputs surely attach FullAWSAccess themselves, or show it detached', () => {
    const own = scp({ Effect: 'Allow', Action: '*', Resource: '*' }, 'FullAWSAccess');
    expect(fullAccessMaybeAttached([s3List, own], new Set())).toEqual([]);
    expect(fullAccessMaybeAttached([s3List], new Set([OU]))).toEqual([]);
  });

  it('one where an SCP of the inputs only bears the name, or might not exist', () => {
    const narrow = scp({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }, 'FullAWSAccess');
    expect(fullAccessMaybeAttached([s3List, narrow], new Set()).map((d) => d.orgLevel)).toEqual([OU]);
    const maybe = {
      ...scp({ Effect: 'Allow', Action: '*', Resource: '*' }, 'FullAWSAccess'),
      presence: new Unknown('count is known only after apply'),
    };
    const [remains] = fullAccessMaybeAttached([s3List, maybe], new Set());
    expect(remains?.presence?.reason).toContain(`FullAWSAccess may still be attached at ${OU}`);
    expect(remains?.source.builtIn).toContain('may still be attached');
  });
});

describe('an allow-list SCP given as an --scp file: FullAWSAccess may still be attached at its level', () => {
  // AWS Organizations API Reference, DetachPolicy: "Every root, OU, and account must have at least
  // one SCP attached. If you want to replace the default FullAWSAccess policy with an SCP that
  // limits the permissions that can be delegated, you must attach the replacement SCP before you
  // can remove the default SCP. This is the authorization strategy of an "allow list"." Attaching
  // the file's policy does not detach FullAWSAccess; only the user can say it was detached there.
  const FILE = `${FX}/get-only.scp.json`;
  const engineWith = (detached?: string[]) =>
    compileModel(
      loadModelSync([orgManagedTerraform('role only')], {
        scp: [FILE],
        ...(detached ? { scpFullAccessDetached: detached } : {}),
      }),
    );

  it('an action outside the list is indeterminate (it was a plain deny), naming the detachment', () => {
    const engine = engineWith();
    expect(engine.decide(get).decision).toBe('allow');
    const d = engine.decide(put, { trace: true });
    expect(d.decision).toBe('indeterminate');
    const unknown = d.trace!.find((t) => t.stage === 'scp' && t.outcome === 'unknown');
    expect(unknown?.message).toContain('FullAWSAccess may still be attached where');
    expect(unknown?.message).toContain(`--scp-full-access-detached ${FILE}`);
  });

  it('shown detached where the file is attached (--scp-full-access-detached FILE): the list is the only Allow', () => {
    const engine = engineWith([FILE]);
    expect(engine.decide(get).decision).toBe('allow');
    expect(engine.decide(put).decision).toBe('deny');
    // An id does not name the file's level (which is unknown): FullAWSAccess may remain.
    expect(engineWith(['111122223333']).decide(put).decision).toBe('indeterminate');
  });

  it('the command line takes a file given to --scp, and no other file', () => {
    const read = (argv: string[]) => loadOptionsOf(parseCommandLine('check', argv, {}).values, 'check');
    expect(read(['--scp', FILE, '--scp-full-access-detached', FILE]).scpFullAccessDetached).toEqual([FILE]);
    expect(() => read(['--scp-full-access-detached', FILE])).toThrow(UsageError);
  });
});
