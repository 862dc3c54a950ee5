// Bad input and bad usage (DESIGN.md "Errors and bad input"; issue 3 and 4 "Bad input"): one
// clear message naming the file and line:column, exit 2, no stack trace (IAMSPEC_DEBUG=1 shows
// it). Commands that later issues deliver say so and exit 2.

import { describe, expect, it } from 'vitest';
import { ACCOUNT, F, positionOf, runCli, tempJson } from './fixtures/cli/run.js';
import { writeTempFile } from './helpers/temp-inputs.js';

const COMPANY = `${F}/cfn/company.yaml`;
const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

async function fails(argv: string[], env: Record<string, string> = {}) {
  const r = await runCli(argv, env);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  if (!env.IAMSPEC_DEBUG) expect(r.stderr).not.toMatch(STACK_LINE);
  return r.stderr;
}

describe('unreadable inputs: exit 2 with file:line:column', () => {
  const requests = `${F}/requests/valid.json`;
  it.each([
    [
      'truncated JSON',
      `${F}/bad/truncated.template`,
      /^iamspec: test\/fixtures\/cli\/bad\/truncated\.template:4:15: invalid JSON: /,
    ],
    [
      'malformed YAML',
      `${F}/bad/broken-yaml.template`,
      /^iamspec: test\/fixtures\/cli\/bad\/broken-yaml\.template:\d+:\d+: invalid YAML: /,
    ],
    [
      'an HCL syntax error (directory)',
      `${F}/bad/hcl-error`,
      /^iamspec: test\/fixtures\/cli\/bad\/hcl-error\/main\.tf:5:10: HCL syntax error: /,
    ],
    [
      'an HCL syntax error (file)',
      `${F}/bad/hcl-error/main.tf`,
      /^iamspec: test\/fixtures\/cli\/bad\/hcl-error\/main\.tf:5:10: HCL syntax error: /,
    ],
    [
      'valid JSON that is no input',
      `${F}/bad/neither.json`,
      /^iamspec: test\/fixtures\/cli\/bad\/neither\.json: not an input iamspec can read: expected a CloudFormation template/,
    ],
    [
      'a missing path',
      `${F}/bad/no-such.json`,
      /^iamspec: test\/fixtures\/cli\/bad\/no-such\.json: no such file or directory$/m,
    ],
    [
      'a directory with nothing readable',
      `${F}/bad/nothing-here`,
      /^iamspec: test\/fixtures\/cli\/bad\/nothing-here: nothing iamspec can read in this directory/,
    ],
  ])('%s', async (_name, input, message) => {
    for (const command of [
      ['eval', input, '--requests', requests],
      ['explain', input, '--principal', 'user/john', '--action', 's3:GetObject', '--resource', '*'],
    ]) {
      const err = await fails(command);
      expect(err).toMatch(message);
      expect(err.trim().split('\n')).toHaveLength(1);
    }
  });

  it('a truncated plan JSON (written by an interrupted terraform show -json)', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(`${F}/tf/plan.json`, 'utf8');
    const file = await tempJson('plan.json', text.slice(0, text.indexOf('"resource_changes"') + 40));
    const err = await fails(['eval', file, '--requests', requests]);
    expect(err).toMatch(/^iamspec: .*plan\.json:\d+:\d+: invalid JSON: /);
    expect(err.trim().split('\n')).toHaveLength(1);
  });

  it('a bad input among good ones still fails, naming the bad one', async () => {
    const err = await fails(['eval', COMPANY, `${F}/bad/truncated.template`, '--requests', requests]);
    expect(err).toContain('bad/truncated.template:4:15');
  });

  it('IAMSPEC_DEBUG=1 adds the stack trace', async () => {
    const err = await fails(['eval', `${F}/bad/truncated.template`, '--requests', requests], {
      IAMSPEC_DEBUG: '1',
    });
    expect(err).toMatch(/^iamspec: test\/fixtures\/cli\/bad\/truncated\.template:4:15: invalid JSON/);
    expect(err).toMatch(STACK_LINE);
  });

  it('a bad SCP file, session policy file or variable file names the file', async () => {
    const scp = await fails([
      'eval',
      COMPANY,
      '--scp',
      `${F}/bad/truncated.template`,
      '--requests',
      requests,
    ]);
    expect(scp).toMatch(/^iamspec: test\/fixtures\/cli\/bad\/truncated\.template:4:15: invalid JSON/);
    const session = await fails([
      'explain',
      COMPANY,
      '--principal',
      'user/john',
      '--action',
      's3:GetObject',
      '--resource',
      '*',
      '--session-policy',
      `${F}/bad/truncated.template`,
    ]);
    expect(session).toMatch(/^iamspec: test\/fixtures\/cli\/bad\/truncated\.template:4:15: invalid JSON/);
    const varFile = await fails([
      'eval',
      `${F}/tf/infra`,
      '--var-file',
      `${F}/none.tfvars`,
      '--requests',
      requests,
    ]);
    expect(varFile).toContain(`${F}/none.tfvars`);
  });
});

describe('request file errors: exit 2 with the file, line:column and request index', () => {
  const run = (file: string) => fails(['eval', COMPANY, '--account', ACCOUNT, '--requests', file]);

  it('not JSON', async () => {
    const file = await tempJson(
      'requests.json',
      '[\n  { "principal": "user/john", "action": "s3:GetObject",\n',
    );
    expect(await run(file)).toMatch(
      new RegExp(`^iamspec: ${file.replace(/[.\\/]/g, '\\$&')}:2:3: invalid JSON: `),
    );
  });

  it('not an array', async () => {
    expect(await run(`${F}/requests/not-array.json`)).toMatch(
      /^iamspec: test\/fixtures\/cli\/requests\/not-array\.json:1:1: a request file holds a JSON array/,
    );
  });

  it('a missing field (at the request object)', async () => {
    const file = `${F}/requests/missing-action.json`;
    const at = await positionOf(file, '{ "principal": "user/john", "resource"');
    expect(await run(file)).toBe(`iamspec: ${file}:${at}: request [1]: missing "action"\n`);
  });

  it('a principal that matches nothing, with a suggestion (at the principal value)', async () => {
    const file = `${F}/requests/unknown-principal.json`;
    const at = await positionOf(file, '"user/Sara-intren"');
    expect(await run(file)).toBe(
      `iamspec: ${file}:${at}: request [1]: unknown principal "user/Sara-intren": it matches no user, role or group of the model and is not an ARN; did you mean user/Sara-intern?\n`,
    );
  });

  it('a resource that matches nothing, with a suggestion that keeps the suffix', async () => {
    const file = `${F}/requests/unknown-resource.json`;
    const at = await positionOf(file, '"LogBucket/app.log"');
    const err = await run(file);
    expect(err.startsWith(`iamspec: ${file}:${at}: request [0]: unknown resource "LogBucket/app.log"`)).toBe(
      true,
    );
    expect(err).toContain('did you mean LogsBucket/app.log?');
  });

  it('a malformed ARN', async () => {
    const file = `${F}/requests/bad-arn.json`;
    const at = await positionOf(file, '"arn:aws:iam:user/john"');
    expect(await run(file)).toContain(
      `iamspec: ${file}:${at}: request [0]: principal "arn:aws:iam:user/john" is not a valid ARN`,
    );
  });

  it.each([
    [
      { principal: 'user/john', action: 's3:*', resource: '*' },
      'request [0]: "s3:*" is not an action (a request names one action',
    ],
    [
      { principal: 'user/john', action: 'GetObject', resource: '*' },
      'is not an action (expected SERVICE:Action',
    ],
    [
      { principal: 'user/john', action: 's3:GetObject', resource: '*', context: ['x'] },
      '"context" must be an object',
    ],
    [
      {
        principal: 'user/john',
        action: 's3:GetObject',
        resource: '*',
        context: { 'aws:PrincipalTag/team': { a: 1 } },
      },
      'the value of context key "aws:PrincipalTag/team" must be a string, a list of strings or null (absent)',
    ],
    [
      { principal: 'user/john', action: 's3:GetObject', resource: '*', sessionPolicy: 'x' },
      '"sessionPolicy" must be a policy document',
    ],
    [
      { principal: 'user/john', action: 's3:GetObject', resource: 7 },
      '"resource" must be a non-empty string',
    ],
    [
      { principal: 'user/john', action: 's3:GetObject', resource: '*', Principal: 'x' },
      'unknown field "Principal"',
    ],
    [
      { principal: 'group/Nobody', action: 's3:GetObject', resource: '*' },
      'unknown principal "group/Nobody"',
    ],
    [
      { principal: 'LogsBucket', action: 's3:GetObject', resource: '*' },
      'names a resource (arn:aws:s3:::company1-logs), not a user, role or group',
    ],
    ['just a string', 'request [0]: a request is an object'],
  ])('%j', async (request, message) => {
    const file = await tempJson('requests.json', `[\n  ${JSON.stringify(request)}\n]`);
    const err = await run(file);
    expect(err).toContain(message);
    expect(err.startsWith(`iamspec: ${file}:2:`)).toBe(true);
  });

  it('a group without members', async () => {
    const template = writeTempFile(
      'empty-group.yaml',
      'Resources:\n  Nobody:\n    Type: AWS::IAM::Group\n    Properties: {GroupName: Nobody}\n',
    );
    const file = await tempJson('requests.json', [
      { principal: 'group/Nobody', action: 's3:GetObject', resource: '*' },
    ]);
    const err = await fails(['eval', template, '--requests', file]);
    expect(err).toContain('group "group/Nobody" has no members in the model');
  });

  it('a principal reference given to explain that matches nothing', async () => {
    const err = await fails([
      'explain',
      COMPANY,
      '--principal',
      'user/sara',
      '--action',
      's3:GetObject',
      '--resource',
      '*',
    ]);
    expect(err).toMatch(/^iamspec: --principal: unknown principal "user\/sara"/);
  });
});

describe('usage errors: exit 2 and a pointer to --help', () => {
  it.each([
    [['eval', COMPANY], '--requests FILE is required'],
    [['eval', '--requests', 'x.json'], 'no INPUT given'],
    [['eval', COMPANY, '--requests'], 'option --requests needs a value'],
    [['eval', COMPANY, '--requests', 'r.json', '--bogus'], 'unknown option --bogus'],
    [
      ['check', COMPANY, '--spec', 's.yaml', '--acount', '111122223333'],
      'unknown option --acount; did you mean --account?',
    ],
    [
      ['matrix', COMPANY, '--principle', 'user/john'],
      'unknown option --principle; did you mean --principal?',
    ],
    [['who-can', COMPANY, '--action=s3:GetObject', '--resouce', '*'], 'did you mean --resource?'],
    [['eval', COMPANY, '--requests', 'r.json', '--format', 'xml'], '--format expects json or text'],
    [
      ['eval', COMPANY, '--requests', 'r.json', '--account', '12'],
      '--account expects a 12-digit AWS account id',
    ],
    [['eval', COMPANY, '--requests', 'r.json', '--now', 'yesterday'], '--now expects an ISO-8601 date-time'],
    [['eval', COMPANY, '--requests', 'r.json', '--parameter', 'novalue'], '--parameter expects KEY=VALUE'],
    [['eval', COMPANY, '--requests', 'r.json', '--region', 'mars'], '--region expects an AWS region'],
    [['explain', COMPANY, '--principal', 'user/john'], '--action, --resource required'],
    [
      [
        'explain',
        COMPANY,
        '--principal',
        'user/john',
        '--action',
        'a:b',
        '--resource',
        '*',
        '--context',
        'x',
      ],
      '--context expects KEY=VALUE',
    ],
  ])('%j', async (argv, message) => {
    const err = await fails(argv);
    expect(err).toContain(message);
    expect(err).toContain(`Run 'iamspec ${argv[0]} --help' for usage.`);
  });

  it('an unknown command, and no command at all', async () => {
    expect(await fails(['evaluate'])).toContain('unknown command "evaluate"');
    expect(await fails([])).toContain('Usage: iamspec <command>');
  });
});

describe('help', () => {
  it('--help prints usage and exits 0, for iamspec and each command', async () => {
    const main = await runCli(['--help']);
    expect(main.code).toBe(0);
    expect(main.stdout).toContain('eval');
    for (const command of ['eval', 'explain', 'check', 'who-can', 'matrix']) {
      const r = await runCli([command, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: iamspec ${command} INPUT\\.\\.\\.`));
      expect(r.stdout).toContain('--account ID');
    }
  });
});
