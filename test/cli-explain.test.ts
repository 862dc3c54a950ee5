// `iamspec explain`: a readable trace a person can act on: the decision in one line, each
// statement that mattered with its source (file:line:column, logical id, Terraform address),
// and what would change the outcome.

import { describe, expect, it } from 'vitest';
import { ACCOUNT, F, lineOf, runCli } from './fixtures/cli/run.js';

const COMPANY = `${F}/cfn/company.yaml`;

/** The arguments of a request of `principal` in the company template (account ACCOUNT), then `extra`. */
const companyRequest = (principal: string, action: string, resource: string, ...extra: string[]) => [
  COMPANY,
  '--account',
  ACCOUNT,
  '--principal',
  principal,
  '--action',
  action,
  '--resource',
  resource,
  ...extra,
];

/** Runs explain; stderr must be empty (--region: the template does not say its region). */
async function explain(args: string[]) {
  const r = await runCli(['explain', ...args, ...(args.includes(COMPANY) ? ['--region', 'us-east-1'] : [])]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

describe('explain', () => {
  it('a boundary-capped deny names the granting statement, the boundary and their lines', async () => {
    // IAM User Guide, "Permissions boundaries for IAM entities": the effective permissions are
    // the intersection of the identity-based policies and the boundary.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
    const out = await explain(companyRequest('user/Sara-intern', 's3:GetObject', 'LogsBucket/app.log'));
    const [first] = out.split('\n');
    expect(first).toBe(
      'DENY (implicit deny (no applicable policy allows it)): user/Sara-intern s3:GetObject arn:aws:s3:::company1-logs/app.log',
    );
    const readLogs = await lineOf(COMPANY, 'Sid: ReadLogs');
    expect(out).toContain('Sid "ReadLogs"');
    expect(out).toContain(`at ${COMPANY}:${readLogs}:`);
    expect(out).toMatch(/\[permissions boundary\] the permissions boundary InternBoundaryPolicy/);
    // the boundary document is located inside the InternBoundary resource of the template
    const from = await lineOf(COMPANY, '  InternBoundary:');
    const to = await lineOf(COMPANY, '  SaraIntern:');
    const at = /company\.yaml:(\d+):\d+ \(logical id InternBoundary\)/.exec(out);
    expect(Number(at?.[1])).toBeGreaterThan(from);
    expect(Number(at?.[1])).toBeLessThan(to);
    const advice = out.slice(out.indexOf('What would change the outcome'));
    expect(advice).toContain(
      'allow s3:GetObject on arn:aws:s3:::company1-logs/app.log in InternBoundaryPolicy',
    );
    expect(advice).toContain('Sid "ReadLogs"');
  });

  it('an explicit deny names the Deny statement, its line, and says to remove or narrow it', async () => {
    const out = await explain(companyRequest('John', 'ec2:StopInstances', '*'));
    expect(out.split('\n')[0]).toBe('DENY (explicit deny): user/john ec2:StopInstances *');
    const noStopping = await lineOf(COMPANY, 'Sid: NoStopping');
    expect(out).toContain(`[identity-based policy] Deny applies`);
    expect(out).toContain(`Sid "NoStopping"`);
    expect(out).toContain(`${COMPANY}:${noStopping}:`);
    expect(out).toMatch(/- remove or narrow the Deny .*Sid "NoStopping"/);
    expect(out).toContain(`defined at ${COMPANY}:`);
  });

  it('an allow lists the statements that grant it', async () => {
    const out = await explain([
      COMPANY,
      `${F}/cfn/sales.json`,
      '--account',
      ACCOUNT,
      '--principal',
      'user/john',
      '--action',
      's3:GetObject',
      '--resource',
      'SalesBucket/q1.csv',
    ]);
    expect(out.split('\n')[0]).toBe(
      'ALLOW (allowed): user/john s3:GetObject arn:aws:s3:::company1-sales/q1.csv',
    );
    // the statement object starts on the line before its Sid
    const sid = await lineOf(`${F}/cfn/sales.json`, '"Sid": "JohnReadsSales"');
    expect(out).toContain('[resource-based policy] Allow applies');
    expect(out).toContain(`at ${F}/cfn/sales.json:${sid - 1}:13 (logical id SalesBucketPolicy)`);
    expect(out).toMatch(/to deny it: remove or narrow .*Sid "JohnReadsSales"/);
  });

  it('SCP files: an allow list that does not allow says another SCP of its level may; two give indeterminate', async () => {
    // AWS Organizations User Guide, "SCP evaluation" (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html):
    // "there must be an explicit Allow statement at every level from the root through each OU in
    // the direct path to the account (including the target account itself)". An --scp file does
    // not say its level, so two allow lists may share one (both services) or not (neither).
    const base = [COMPANY, `${F}/cfn/sales.json`, '--account', ACCOUNT, '--principal', 'user/john'];
    const request = ['--action', 's3:GetObject', '--resource', 'SalesBucket/q1.csv'];
    const ec2 = `${F}/policies/allow-ec2-only.scp.json`;
    const s3 = `${F}/policies/allow-s3-only.scp.json`;
    // FullAWSAccess shown detached where each file is attached: the files are the only Allows
    // (without that, it may remain there: below).
    const one = await explain([...base, '--scp', ec2, '--scp-full-access-detached', ec2, ...request]);
    expect(one.split('\n')[0]).toMatch(/^DENY \(implicit deny/);
    const advice = one.slice(one.indexOf('What would change the outcome'));
    expect(advice).toContain(
      'or in another SCP attached at the same level: at every level (the root, each OU, the account) one SCP must allow',
    );
    const two = await runCli([
      'explain',
      ...base,
      '--scp',
      ec2,
      '--scp',
      s3,
      '--scp-full-access-detached',
      ec2,
      '--scp-full-access-detached',
      s3,
      ...request,
      '--region',
      'us-east-1',
    ]);
    expect(two.stdout.split('\n')[0]).toMatch(/^INDETERMINATE/);
    expect(two.stdout).toContain('are attached, which is not known (');
    expect(two.stdout).toContain('allow-ec2-only.scp.json does not say at which level');
    // Not shown detached: attaching the file's policy did not detach FullAWSAccess (DetachPolicy:
    // "you must attach the replacement SCP before you can remove the default SCP").
    const kept = await runCli(['explain', ...base, '--scp', ec2, ...request]);
    expect(kept.stdout.split('\n')[0]).toMatch(/^INDETERMINATE/);
    expect(kept.stdout).toContain('FullAWSAccess may still be attached where');
  });

  it('a group is explained member by member (allowed only if every member is)', async () => {
    const out = await explain(companyRequest('group/Developers', 'ec2:StartInstances', '*'));
    // john may start instances; Sara-intern's boundary only allows s3:ListBucket
    expect(out.split('\n')[0]).toBe(
      'DENY (implicit deny (no applicable policy allows it)): group/Developers (2 members) ec2:StartInstances *',
    );
    const sara = out.slice(
      out.indexOf('=== member user/Sara-intern ==='),
      out.indexOf('=== member user/john ==='),
    );
    const john = out.slice(out.indexOf('=== member user/john ==='));
    expect(sara).toContain('DENY (implicit deny');
    expect(sara).toContain('[permissions boundary]');
    expect(john).toContain('ALLOW (allowed): user/john ec2:StartInstances *');
    expect(john).toContain('Sid "Ec2"');
  });

  it('an indeterminate decision names the Terraform address, the warning, and says how to resolve it', async () => {
    const r = await runCli([
      'explain',
      `${F}/tf/plan.json`,
      '--account',
      ACCOUNT,
      '--principal',
      'aws_iam_role.reader',
      '--action',
      's3:GetObject',
      '--resource',
      'aws_s3_bucket.reports/x',
    ]);
    expect(r.code).toBe(0);
    // what iamspec could not pin down, on stderr; the verdict names it
    expect(r.stderr).toMatch(
      /^iamspec: the inputs have 1 warning \(it could change a verdict\): 1 model\/unknown-value\n/,
    );
    const out = r.stdout;
    expect(out).toContain(
      `see the warning about the inputs model/unknown-value at ${F}/tf/plan.json#/resource_changes/2/change/after/policy (aws_iam_role_policy.read_reports): aws_iam_role_policy.read_reports.policy is known only after apply`,
    );
    expect(out.split('\n')[0]).toMatch(
      /^INDETERMINATE .*: role\/reader s3:GetObject arn:aws:s3:::acme-reports\/x$/,
    );
    expect(out).toContain('aws_iam_role_policy.read_reports');
    expect(out).toContain('pass the Terraform configuration directory together with the plan');
  });

  it('--session-policy and --context are part of the request', async () => {
    const base = companyRequest('LogsRole', 's3:GetObject', 'LogsBucket/app.log');
    expect((await explain(base)).split('\n')[0]).toMatch(/^ALLOW/);
    const out = await explain([
      ...base,
      '--session-policy',
      `${F}/policies/session-put-only.json`,
      '--context',
      'aws:SourceIp=10.0.0.1',
      '--context',
      'aws:TagKeys=a',
      '--context',
      'aws:TagKeys=b',
    ]);
    expect(out.split('\n')[0]).toMatch(/^DENY/);
    expect(out).toContain('context    aws:SourceIp = 10.0.0.1');
    expect(out).toContain('context    aws:TagKeys = [a, b]');
    expect(out).toContain('[session policy] the session policy does not allow s3:GetObject');
  });

  it('--format json prints the eval entry with its trace', async () => {
    const out = await explain(
      companyRequest('user/Sara-intern', 's3:ListBucket', 'LogsBucket', '--format', 'json'),
    );
    const d = JSON.parse(out) as { decision: string; reason: string; trace: unknown[] };
    expect(Object.keys(d)).toEqual(['decision', 'reason', 'trace']);
    expect([d.decision, d.reason]).toEqual(['deny', 'implicit-deny']);
  });

  it('a principal not in the model and not external is said: a warning on stderr and in the JSON', async () => {
    const args = [
      'explain',
      COMPANY,
      '--account',
      ACCOUNT,
      '--principal',
      `arn:aws:iam::${ACCOUNT}:role/Auditor`,
      '--action',
      's3:GetObject',
      '--resource',
      'LogsBucket/app.log',
    ];
    const warning = `principal "arn:aws:iam::${ACCOUNT}:role/Auditor" names no role of account ${ACCOUNT} in the model`;
    const text = await runCli(args);
    expect(text.code).toBe(0);
    expect(text.stderr).toContain(`iamspec: warning: ${warning}`);
    expect(text.stdout).toMatch(/^DENY/);
    const json = await runCli([...args, '--format', 'json']);
    const d = JSON.parse(json.stdout) as { decision: string; warnings: string[] };
    expect(d.decision).toBe('deny');
    expect(d.warnings).toEqual([expect.stringContaining(warning)]);
  });
});
