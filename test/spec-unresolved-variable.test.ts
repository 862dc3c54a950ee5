// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the spec text under test holds ${...} literally.
// A spec (or a matcher) naming a principal or resource with `${...}` text (`${AWS::Region}`,
// `${Region}`, `${AWS::AccountId}`): nothing substitutes it, so the text stays literal and names a
// principal or resource no deployment has. A `cannot` or `onlyPrincipals` on it held whatever the
// policies allow (only a warning said so): it is now an input error at the spec element (exit 2),
// and `eval` still decides the request, with the warning (src/requests/model-names.ts).
//
// AWS rule: "The format of the ARN depends on the AWS service and the specific resource you're
// referring to" and an ARN identifies one resource (IAM User Guide, "IAM JSON policy elements:
// Resource"); a request is on one concrete resource. `${...}` is substituted only in policies
// ("When the policy is evaluated, the policy variables are replaced with values that come from
// the context of the request itself", IAM User Guide, "IAM policy elements: Variables and tags")
// and, in templates, by CloudFormation's Fn::Sub, never in a request.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html

import { describe, expect, it } from 'vitest';
import '../src/testing/vitest.js';
import { loadModelSync } from '../src/adapters/load.js';
import { runCli } from './fixtures/cli/run.js';

const FX = 'test/fixtures/spec-unresolved-variable';
const TEMPLATE = `${FX}/template.yaml`;
const OPTIONS = ['--account', '111122223333', '--region', 'us-east-1'];

async function check(spec: string) {
  return runCli(['check', TEMPLATE, '--spec', `${FX}/${spec}.access.yaml`, '--format', 'json', ...OPTIONS]);
}

describe('a spec reference with ${...} text is an input error, never a vacuous pass', () => {
  for (const [spec, line, text] of [
    ['cannot-resource', 7, '${AWS::Region}'],
    ['only-principals', 5, '${Region}'],
    ['cannot-principal', 5, '${AWS::AccountId}'],
  ] as const) {
    it(`${spec}: exit 2 at the spec element, naming the text`, async () => {
      const r = await check(spec);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`${spec}.access.yaml:${line}:`);
      expect(r.stderr).toContain(`holds "${text}", which nothing substitutes`);
    });
  }

  it('the same check with the values written: it runs, and the role can send (fails)', async () => {
    // The control: the policy grants the real queue, so the literal ARN above was a vacuous pass.
    const r = await check('resolved');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { expectations: { id: string; status: string }[] };
    expect(out.expectations).toMatchObject([{ id: 'worker-never-sends', status: 'fail' }]);
  });

  it('eval still decides the request, with the warning in JSON and on stderr', async () => {
    const r = await runCli(['eval', TEMPLATE, '--requests', `${FX}/requests.json`, ...OPTIONS]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { decision: string; warnings?: string[] }[];
    expect(out[0]!.decision).toBe('deny');
    expect(out[0]!.warnings?.[0]).toContain('holds "${AWS::Region}"');
    expect(r.stderr).toContain('holds "${AWS::Region}"');
  });

  it('matchers: toDeny on a resource with ${...} text throws instead of passing', () => {
    const model = loadModelSync([TEMPLATE], { account: '111122223333', region: 'us-east-1' });
    const request = {
      principal: 'role/worker',
      action: 'sqs:SendMessage',
      resource: 'arn:aws:sqs:${AWS::Region}:111122223333:jobs',
    };
    expect(() => expect(model).toDeny(request)).toThrow(/holds "\$\{AWS::Region\}"/);
    expect(model).toAllow({ ...request, resource: 'arn:aws:sqs:us-east-1:111122223333:jobs' });
  });
});

describe('who-can and matrix: a reference with ${...} text is an input error (exit 2), as in a spec', () => {
  // "Nobody" (who-can) or a row of denies (matrix) about a principal or resource no deployment has
  // would be as vacuous as a passing `cannot`.
  for (const [name, args, option, text] of [
    [
      'who-can --resource (an ARN)',
      [
        'who-can',
        '--action',
        'sqs:SendMessage',
        '--resource',
        'arn:aws:sqs:${AWS::Region}:111122223333:jobs',
      ],
      '--resource',
      '${AWS::Region}',
    ],
    [
      'who-can --resource (a model reference)',
      ['who-can', '--action', 's3:GetObject', '--resource', 'Reports/${aws:username}/x'],
      '--resource',
      '${aws:username}',
    ],
    [
      'matrix --principal',
      ['matrix', '--principal', 'arn:aws:iam::${AWS::AccountId}:role/worker'],
      '--principal',
      '${AWS::AccountId}',
    ],
    [
      'matrix --resource',
      ['matrix', '--resource', 'arn:aws:sqs:${Region}:111122223333:jobs'],
      '--resource',
      '${Region}',
    ],
  ] as const)
    it(`${name}: exit 2, naming the option and the text`, async () => {
      const r = await runCli([args[0], TEMPLATE, ...args.slice(1), ...OPTIONS, '--format', 'json']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`${option}: `);
      expect(r.stderr).toContain(`holds "${text}", which nothing substitutes`);
    });

  it('the same with the values written: who-can names the role, the matrix row allows the send', async () => {
    const queue = 'arn:aws:sqs:us-east-1:111122223333:jobs';
    const who = await runCli([
      'who-can',
      TEMPLATE,
      '--action',
      'sqs:SendMessage',
      '--resource',
      queue,
      ...OPTIONS,
      '--format',
      'json',
    ]);
    expect(who.code).toBe(0);
    expect(who.stdout).toContain('arn:aws:iam::111122223333:role/worker');
    const m = await runCli([
      'matrix',
      TEMPLATE,
      '--principal',
      'role/worker',
      '--resource',
      queue,
      ...OPTIONS,
      '--format',
      'json',
    ]);
    expect(m.code).toBe(0);
    const cells = JSON.parse(m.stdout).cells as { actions: { action: string; access: string }[] }[][][];
    const send = cells
      .flat(2)
      .flatMap((c) => c.actions)
      .find((a) => a.action === 'sqs:SendMessage');
    expect(send?.access).toBe('allow');
  });
});

describe('a model element named with ${...} text after it (a bucket and a literal key)', () => {
  // `LogsBucket/${aws:username}/x` resolves to the bucket, but the key is literal text: a check on
  // it held vacuously however the policies grant the bucket's objects.
  it('a spec: the error at the element, by reference and by ARN', async () => {
    const r = await check('bucket-key');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bucket-key.access.yaml:7:');
    expect(r.stderr).toContain('holds "${aws:username}"');
  });

  it('a matcher: toDeny throws', () => {
    const model = loadModelSync([TEMPLATE], { account: '111122223333', region: 'us-east-1' });
    expect(() =>
      expect(model).toDeny({
        principal: 'role/worker',
        action: 's3:GetObject',
        resource: 'Reports/${aws:username}/x',
      }),
    ).toThrow(/holds "\$\{aws:username\}"/);
  });
});
