// `iamspec eval`: the JSON contract of DESIGN.md ("Contracts": an array in the request order of
// { decision, reason, external?, trace? }), the text format, model references in requests,
// several inputs merged, and a Terraform plan given with its configuration directory.

import { describe, expect, it } from 'vitest';
import { ACCOUNT, F, runCli, tempJson } from './fixtures/cli/run.js';

// --region: the templates do not say theirs (without it, the cfn/assumed-region warning is on stderr).
const COMPANY = [
  `${F}/cfn/company.yaml`,
  `${F}/cfn/sales.json`,
  '--account',
  ACCOUNT,
  '--region',
  'us-east-1',
];

/** Runs eval and parses its JSON; stderr must be `stderr` (default: nothing). */
async function evalJson(args: string[], stderr = ''): Promise<Record<string, unknown>[]> {
  const r = await runCli(['eval', ...args]);
  expect(r.stderr).toBe(stderr);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>[];
}

describe('eval --format json (the contract)', () => {
  it('streams exactly the text JSON.stringify(entries, null, 2) writes, also for no requests', async () => {
    for (const [file, n] of [
      [`${F}/requests/valid.json`, 0],
      [await tempJson('none.json', []), 0],
      [
        await tempJson(
          'many.json',
          Array.from({ length: 3000 }, () => ({
            principal: `arn:aws:iam::${ACCOUNT}:user/Sara-intern`,
            action: 's3:ListBucket',
            resource: 'arn:aws:s3:::company1-logs',
          })),
        ),
        3000,
      ],
    ] as const) {
      const r = await runCli(['eval', ...COMPANY, '--requests', file, '--trace']);
      expect(r.code).toBe(0);
      const parsed = JSON.parse(r.stdout) as unknown[];
      if (n) expect(parsed).toHaveLength(n);
      expect(r.stdout).toBe(`${JSON.stringify(parsed, null, 2)}\n`);
    }
  });

  it('repeated requests (resolved and formatted once per distinct string) answer as each alone, each warning at its own request', async () => {
    const distinct = [
      { principal: `arn:aws:iam::${ACCOUNT}:user/jhon`, action: 's3:GetObject', resource: '*' },
      { principal: 'user/john', action: 's3:GetObject', resource: 'arn:aws:s3:::company1-logs/x' },
      {
        principal: 'role/Company1-Logs-Role',
        action: 's3:ListBucket',
        resource: 'arn:aws:s3:::company1-logs',
        sessionPolicy: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }],
        },
      },
      { principal: 'ec2.amazonaws.com', action: 's3:GetObject', resource: 'arn:aws:s3:::company1-hr/x' },
    ];
    const alone: unknown[] = [];
    for (const request of distinct) {
      const r = await runCli(['eval', ...COMPANY, '--requests', await tempJson('one.json', [request])]);
      alone.push((JSON.parse(r.stdout) as unknown[])[0]);
    }
    const file = await tempJson(
      'repeated.json',
      Array.from({ length: 40 }, (_, i) => distinct[i % distinct.length]),
    );
    const r = await runCli(['eval', ...COMPANY, '--requests', file]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as unknown[];
    expect(r.stdout).toBe(`${JSON.stringify(out, null, 2)}\n`);
    expect(out).toEqual(Array.from({ length: 40 }, (_, i) => alone[i % distinct.length]));
    // The misspelt principal of requests 0, 4, ..., 36: one warning each, at its own place.
    const warned = r.stderr.split('\n').filter((l) => l.includes('user/jhon'));
    expect(warned.map((l) => /request \[(\d+)\]/.exec(l)?.[1])).toEqual(
      Array.from({ length: 10 }, (_, k) => String(4 * k)),
    );
    expect(new Set(warned.map((l) => /:(\d+:\d+): request/.exec(l)?.[1])).size).toBe(10);
  });

  it('answers every request in order with exactly decision, reason and external when external', async () => {
    const out = await evalJson([...COMPANY, '--requests', `${F}/requests/valid.json`]);
    expect(out).toEqual([
      // Sara-intern: the boundary allows ListBucket but no identity policy does.
      { decision: 'deny', reason: 'implicit-deny' },
      // IAM User Guide, "Permissions boundaries for IAM entities": the Developers group allows
      // s3:GetObject, the boundary does not, so the effective permission is denied.
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
      { decision: 'deny', reason: 'implicit-deny' },
      // IAM User Guide, "Policy evaluation logic": an explicit Deny (NoStopping) overrides the
      // Allow of ec2:*, for every member of the group.
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
      { decision: 'deny', reason: 'explicit-deny' },
      // same account: the bucket policy naming the user ARN is enough on its own
      { decision: 'allow', reason: 'allowed' },
      { decision: 'allow', reason: 'allowed' },
      // an account outside the model: only the bucket policy decides, and it names john only
      { decision: 'deny', reason: 'implicit-deny', external: true },
      // the trust policy allows ec2.amazonaws.com to assume the role
      { decision: 'allow', reason: 'allowed' },
      // IAM User Guide, "Session policies": the session policy (PutObject only) caps the role session
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
      { decision: 'deny', reason: 'implicit-deny' },
    ]);
  });

  it('keeps the order of the file (reversed file, reversed answers)', async () => {
    const { readFileSync } = await import('node:fs');
    const requests = JSON.parse(readFileSync(`${F}/requests/valid.json`, 'utf8')) as unknown[];
    const reversed = await tempJson('reversed.json', [...requests].reverse());
    const forward = await evalJson([...COMPANY, '--requests', `${F}/requests/valid.json`]);
    const backward = await evalJson([...COMPANY, '--requests', reversed]);
    expect(backward).toEqual([...forward].reverse());
  });

  it('--trace adds the trace of each decision', async () => {
    const out = await evalJson([...COMPANY, '--requests', `${F}/requests/valid.json`, '--trace']);
    expect(out).toHaveLength(8);
    for (const d of out) {
      expect(Object.keys(d).filter((k) => k !== 'external')).toEqual(['decision', 'reason', 'trace']);
      expect(Array.isArray(d.trace)).toBe(true);
    }
    const deny = out[2]!.trace as {
      stage: string;
      effect?: string;
      statement?: string;
      source?: { line?: number };
    }[];
    const hit = deny.find((e) => e.effect === 'Deny');
    expect(hit?.statement).toBe('Sid "NoStopping"');
    expect(hit?.source?.line).toBeGreaterThan(0);
  });

  it('an empty request file gives an empty array', async () => {
    const file = await tempJson('empty.json', []);
    expect(await evalJson([...COMPANY, '--requests', file])).toEqual([]);
  });
});

describe('eval --format text', () => {
  it('prints one line per request, in order, with the resolved resource ARN', async () => {
    const r = await runCli([
      'eval',
      ...COMPANY,
      '--requests',
      `${F}/requests/valid.json`,
      '--format',
      'text',
    ]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(8);
    expect(lines[1]).toBe(
      '[1] DENY implicit-deny  user/Sara-intern s3:GetObject arn:aws:s3:::company1-logs/app.log',
    );
    expect(lines[2]).toMatch(/^\[2\] DENY explicit-deny {2}group\/Developers ec2:StopInstances \*$/);
    expect(lines[5]).toContain('external');
  });
});

describe('Terraform inputs', () => {
  const request = [
    { principal: 'role/reader', action: 's3:GetObject', resource: 'aws_s3_bucket.reports/2025/report.csv' },
    { principal: 'aws_iam_role.reader', action: 's3:PutObject', resource: 'arn:aws:s3:::acme-reports/x' },
  ];
  const requestsFile = () => tempJson('requests.json', request);

  it('a plan alone: a policy known only after apply makes the decision indeterminate, naming the warning', async () => {
    const unknown = {
      code: 'model/unknown-value',
      severity: 'warning',
      message:
        'aws_iam_role_policy.read_reports.policy is known only after apply; the plan records only what its expression refers to (aws_s3_bucket.reports.arn), not the expression: give the configuration directory next to the plan to compute it',
      source: {
        file: `${F}/tf/plan.json`,
        pointer: '/resource_changes/2/change/after/policy',
        address: 'aws_iam_role_policy.read_reports',
      },
    };
    const out = await evalJson(
      [`${F}/tf/plan.json`, '--account', ACCOUNT, '--requests', await requestsFile()],
      [
        'iamspec: the inputs have 1 warning (it could change a verdict): 1 model/unknown-value',
        `  ${F}/tf/plan.json#/resource_changes/2/change/after/policy (aws_iam_role_policy.read_reports): warning: ${unknown.message} [model/unknown-value]`,
        '',
      ].join('\n'),
    );
    expect(out.map((d) => d.decision)).toEqual(['indeterminate', 'indeterminate']);
    expect(out[0]!.reason).toBe('unknown-value');
    // each indeterminate decision names the warning that explains it
    expect(out.map((d) => d.dependsOn)).toEqual([[unknown], [unknown]]);
  });

  it('the plan and its configuration directory together decide it (one Terraform root)', async () => {
    const file = await requestsFile();
    const out = await evalJson([
      `${F}/tf/plan.json`,
      `${F}/tf/infra`,
      '--account',
      ACCOUNT,
      '--requests',
      file,
    ]);
    expect(out).toEqual([
      { decision: 'allow', reason: 'allowed' },
      { decision: 'deny', reason: 'implicit-deny' },
    ]);
    // the order of the inputs does not matter
    const swapped = await evalJson([
      `${F}/tf/infra`,
      `${F}/tf/plan.json`,
      '--account',
      ACCOUNT,
      '--requests',
      file,
    ]);
    expect(swapped).toEqual(out);
  });

  it('merges CloudFormation and Terraform inputs into one model', async () => {
    const file = await tempJson('requests.json', [
      { principal: 'role/reader', action: 's3:GetObject', resource: 'aws_s3_bucket.reports/a' },
      { principal: 'user/john', action: 's3:GetObject', resource: 'SalesBucket/a' },
      { principal: 'user/deployer', action: 'lambda:UpdateFunctionCode', resource: '*' },
      {
        principal: 'Audit/Auditor',
        action: 'iam:GetUser',
        resource: 'arn:aws:iam::222233334444:user/auditor',
      },
    ]);
    const out = await evalJson([
      `${F}/tf/plan.json`,
      `${F}/cfn/company.yaml`,
      `${F}/tf/infra`,
      `${F}/cfn/sales.json`,
      `${F}/cdktf.out`,
      `${F}/assembly`,
      '--account',
      ACCOUNT,
      '--region',
      'us-east-1',
      '--requests',
      file,
    ]);
    // the auditor (cdk.out, account 222233334444) has AWS managed SecurityAudit, which allows iam:Get*
    expect(out.map((d) => d.decision)).toEqual(['allow', 'allow', 'allow', 'allow']);
  });
});

describe('common options', () => {
  it('--scp applies the policy: its explicit Deny denies what identity policies allow', async () => {
    const file = await tempJson('requests.json', [
      { principal: 'role/Company1-Logs-Role', action: 's3:GetObject', resource: 'LogsBucket/a' },
      { principal: 'role/Company1-Logs-Role', action: 's3:DeleteObject', resource: 'LogsBucket/a' },
    ]);
    const without = await evalJson([...COMPANY, '--requests', file]);
    expect(without.map((d) => d.reason)).toEqual(['allowed', 'implicit-deny']);
    // IAM User Guide, "Policy evaluation logic": a Deny in an SCP applies to the account's principals.
    const withScp = await evalJson([
      ...COMPANY,
      '--requests',
      file,
      '--scp',
      `${F}/policies/deny-s3-delete.scp.json`,
    ]);
    expect(withScp.map((d) => d.reason)).toEqual(['allowed', 'explicit-deny']);
    // A deny-list SCP (no Allow) sits next to FullAWSAccess: it denies only what it names.
    // AWS Organizations User Guide, "SCP evaluation" (FullAWSAccess attached by default)
    // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
    const denyList = await evalJson([
      ...COMPANY,
      '--requests',
      file,
      '--scp',
      `${F}/policies/deny-only.scp.json`,
    ]);
    expect(denyList.map((d) => d.reason)).toEqual(['allowed', 'implicit-deny']);
  });

  it('--parameter and --var reach the adapters', async () => {
    const file = await tempJson('requests.json', [
      { principal: 'user/bob', action: 'sqs:SendMessage', resource: 'Jobs' },
    ]);
    const r = await runCli([
      'eval',
      `${F}/cfn/params.yaml`,
      `${F}/tf/standalone.tf.json`,
      '--account',
      ACCOUNT,
      '--region',
      'eu-west-1',
      '--parameter',
      'QueueName=jobs',
      '--var',
      'user_name=bob',
      '--requests',
      file,
      '--format',
      'text',
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`user/bob sqs:SendMessage arn:aws:sqs:eu-west-1:${ACCOUNT}:jobs`);
  });
});

describe('model findings', () => {
  it('errors in the inputs are summarised on stderr and eval still runs', async () => {
    const file = await tempJson('requests.json', [
      { principal: 'user/tester', action: 's3:GetObject', resource: '*' },
    ]);
    const r = await runCli(['eval', `${F}/cfn/invalid-policy.yaml`, '--requests', file]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveLength(1);
    expect(r.stderr).toMatch(/^iamspec: the inputs have 1 error and \d+ warnings? \(/);
    expect(r.stderr).toContain(`${F}/cfn/invalid-policy.yaml:11:`);
    expect(r.stderr).toContain('[policy/invalid-effect]');
  });

  it('an action missing from the catalog is a warning with a suggestion', async () => {
    const file = await tempJson('requests.json', [
      { principal: 'user/john', action: 's3:GetObjects', resource: '*' },
    ]);
    const r = await runCli(['eval', ...COMPANY, '--requests', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'unknown action "s3:GetObjects": it is not in the action catalog; did you mean s3:GetObject',
    );
  });

  it('a principal not in the model and not external is a warning on stderr and in the JSON entry', async () => {
    // A user ARN of the model's account that the model does not have: the engine has nothing to
    // decide for it (deny), which must not pass silently.
    const file = await tempJson('requests.json', [
      { principal: `arn:aws:iam::${ACCOUNT}:user/jhon`, action: 's3:GetObject', resource: '*' },
      { principal: 'user/john', action: 's3:GetObject', resource: 'arn:aws:s3:::company1-logs/x' },
      { principal: `arn:aws:iam::${ACCOUNT}:instance-profile/web`, action: 's3:GetObject', resource: '*' },
    ]);
    const r = await runCli(['eval', ...COMPANY, '--requests', file]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const typo = `principal "arn:aws:iam::${ACCOUNT}:user/jhon" names no user of account ${ACCOUNT} in the model; ${ACCOUNT} is an account of the inputs, so no principal outside them can be it; did you mean user/john?`;
    expect(out[0]).toEqual({ decision: 'deny', reason: 'implicit-deny', warnings: [typo] });
    expect(out[1]).not.toHaveProperty('warnings');
    expect(out[2].warnings[0]).toContain('is not a principal ARN');
    expect(r.stderr).toContain(`iamspec: warning: ${file}:1:15: request [0]: ${typo}`);
    expect(r.stderr).toMatch(/request \[2\]: principal "arn:aws:iam::111122223333:instance-profile\/web"/);
  });
});
