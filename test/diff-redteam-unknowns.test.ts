// Red-team of `iamspec diff` (issue 16, "What does this change grant?"): changes the diff used to
// report as no change, or as access removed, where access may have been added.
// - Conditional access that an unknown value may allow without its conditions: before, the new
//   state's cell kept the same conditions (no change, `--fail-on added` exit 0); now it is
//   indeterminate (analysis/free-decision.ts), a `changed` conditional -> indeterminate that
//   widens (report/diff-groups.ts `widens`) and names why (`reasons`).
//   AWS: "When access to a resource is requested, AWS evaluates all the permissions granted by
//   the policies for at least one Allow within the same account." (IAM User Guide, Policy
//   evaluation for requests within a single account): one Allow without the conditions suffices.
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
// - A trust policy known only after apply (Terraform plan, `after_unknown`): the service the prior
//   trust named was absent from the new state's rows, so its sts:AssumeRole read allow -> deny
//   (removed); each state now decides the other's outside principals (diff/layout.ts
//   `withOtherOutside`): allow -> indeterminate.
// - An access snapshot written with `matrix --context`: its cells hold under that context only;
//   the diff compared them with the new state under every context ("No access change" where a
//   condition was dropped); it is now recorded (`context`) and refused as a base (exit 2).
// - Semantic no change: an indeterminate action whose statements were only split into two inline
//   policies "may have changed" (the dependency text kept one document per policy); inline
//   policies surely there are now joined (diff/dependencies.ts `joinedInline`).

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AccessChange } from '../src/analysis/diff/types.js';
import { runCli } from './fixtures/cli/run.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const ENV = ['--account', ACCOUNT, '--region', 'us-east-1'];
const dir = tempDir('iamspec-diff-redteam-');

type Json = Record<string, unknown>;

/** A template of user alice (tagged team=data) with `statements`, bucket `secret`, parameter Team. */
function template(statements: Json[]): Json {
  return {
    Parameters: { Team: { Type: 'String' } },
    Resources: {
      Alice: {
        Type: 'AWS::IAM::User',
        Properties: {
          UserName: 'alice',
          Tags: [{ Key: 'team', Value: 'data' }],
          Policies: [{ PolicyName: 'a', PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
        },
      },
      Secret: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'secret' } },
    },
  };
}

const fromNetwork: Json = {
  Effect: 'Allow',
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::secret/*',
  Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
};
// No network condition; applies when the Team parameter (no value) is alice's tag.
const forTeam: Json = {
  Effect: 'Allow',
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::secret/*',
  Condition: { StringEquals: { 'aws:PrincipalTag/team': { Ref: 'Team' } } },
};

const file = (name: string, statements: Json[]) =>
  writeFileIn(dir, join(name, 't.template.json'), template(statements));

interface DiffJson {
  added: AccessChange[];
  removed: AccessChange[];
  changed: AccessChange[];
}

const brief = (c: AccessChange) => `${c.principal} ${c.action} ${c.resource} ${c.before}->${c.after}`;

describe('conditional access that an unknown may allow without its conditions', () => {
  const base = file('conditional-base', [fromNetwork]);
  const next = file('conditional-next', [fromNetwork, forTeam]);

  it('is a changed conditional -> indeterminate entry with its reason, not "no change"', async () => {
    const r = await runCli(['diff', '--base', base, next, ...ENV, '--format', 'json']);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as DiffJson;
    expect(d.changed.map(brief)).toEqual([
      `arn:aws:iam::${ACCOUNT}:user/alice s3:GetObject arn:aws:s3:::secret/* conditional->indeterminate`,
    ]);
    expect(d.changed[0]!.reasons?.join('\n')).toMatch(/parameter Team has no value/);
    expect(d.added).toEqual([]);
  });

  it('--fail-on added exits 1 (the access may now hold from any network)', async () => {
    const r = await runCli(['diff', '--base', base, next, ...ENV, '--fail-on', 'added']);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/No access change/);
    expect(r.stdout).toMatch(/1 principal gains access/);
    expect(r.stderr).toMatch(/--fail-on added: access added or widened/);
  });

  it('the same statements in the other order, in a policy of another name: no access change', async () => {
    const reordered: Json = template([forTeam, fromNetwork]);
    const alice = (reordered.Resources as Json).Alice as { Properties: { Policies: Json[] } };
    alice.Properties.Policies[0]!.PolicyName = 'renamed';
    const other = writeFileIn(dir, join('conditional-reordered', 't.template.json'), reordered);
    const r = await runCli(['diff', '--base', next, other, ...ENV, '--fail-on', 'added']);
    expect(r.stdout).toMatch(/^Access diff: No access change\./);
    expect(r.code).toBe(0);
  });

  it('the same statements split into two inline policies: no access change (indeterminate on both sides, same statements)', async () => {
    const split: Json = template([forTeam]);
    const alice = (split.Resources as Json).Alice as { Properties: { Policies: Json[] } };
    alice.Properties.Policies.push({
      PolicyName: 'b',
      PolicyDocument: { Version: '2012-10-17', Statement: [fromNetwork] },
    });
    const other = writeFileIn(dir, join('conditional-split', 't.template.json'), split);
    const r = await runCli(['diff', '--base', next, other, ...ENV, '--fail-on', 'added']);
    expect(r.stdout).toMatch(/^Access diff: No access change\./);
    expect(r.code).toBe(0);
  });
});

describe('a Terraform plan whose trust policy is known only after apply', () => {
  it('the service the prior trust named: allow -> indeterminate with the reason, not removed', async () => {
    const r = await runCli(['diff', 'test/fixtures/diff/plan-trust-unknown.json', '--format', 'json']);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as DiffJson;
    const ec2 = (c: AccessChange) => c.principal === 'ec2.amazonaws.com' && c.action === 'sts:AssumeRole';
    expect(d.removed.filter(ec2)).toEqual([]);
    const changed = d.changed.filter(ec2);
    expect(changed.map(brief)).toEqual([
      `ec2.amazonaws.com sts:AssumeRole arn:aws:iam::${ACCOUNT}:role/R allow->indeterminate`,
    ]);
    expect(changed[0]!.reasons?.join('\n')).toMatch(/assume_role_policy is known only after apply/);
  });
});

describe('an access snapshot written with matrix --context', () => {
  it('records the context and is refused as a diff base (exit 2), never compared as no change', async () => {
    const base = file('context-base', [fromNetwork]);
    const next = file('context-next', [{ ...fromNetwork, Condition: undefined }]);
    const snapshot = join(dir, 'context-snapshot.json');
    const m = await runCli([
      'matrix',
      base,
      ...ENV,
      '--context',
      'aws:SourceIp=10.1.1.1',
      '--format',
      'json',
      '--out',
      snapshot,
    ]);
    expect(m.code).toBe(0);
    const r = await runCli(['diff', '--base', snapshot, next, ...ENV, '--fail-on', 'added']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/written with matrix --context \(aws:SourceIp\)/);
    expect(r.stdout).not.toMatch(/No access change/);
  });
});
