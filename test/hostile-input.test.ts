// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform interpolations are literal text here
// Inputs built to hurt (issue "Hostile input never hangs CI"), in small versions: each ends in a
// decision or one located input error, never a hang, an abort or an internal error. The full-size
// versions are measured by hand with the built CLI (README, "Hostile input").

import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { checkOnly } from '../src/analysis/exhaustive.js';
import { compileModel } from '../src/engine/index.js';
import { evaluate } from '../src/adapters/terraform/eval/evaluator.js';
import type { Resolver, Scope } from '../src/adapters/terraform/eval/scope.js';
import { parseHclExpression } from '../src/adapters/terraform/hcl/parser.js';
import { InputError } from '../src/model/input-error.js';
import { isUnknown, type Unknown } from '../src/model/unknown.js';
import { F, runCli } from './fixtures/cli/run.js';
import { tempDir, writeFileIn as write } from './helpers/temp-inputs.js';

const noRefs: Resolver = { moduleDir: undefined, resolve: () => undefined };
function expr(text: string): unknown {
  const scope: Scope = { vars: new Map(), resolver: noRefs, file: 'x.tf', address: undefined };
  return evaluate(parseHclExpression(text), scope);
}

describe('Terraform regular expressions run in linear time', () => {
  // Terraform "regex Function" (https://developer.hashicorp.com/terraform/language/functions/regex):
  // "Terraform uses the RE2 regular expression language", which runs in linear time.
  it('a pattern built for backtracking ends at once', () => {
    const long = 'a'.repeat(5000);
    expect(expr(`regexall("^(a*)*b$", "${long}")`)).toEqual([]);
    expect(expr(`replace("${long}c", "/(a|aa)*b/", "x")`)).toBe(`${long}c`);
  });

  it('keeps matching as before, with RE2 named groups', () => {
    expect(expr('regex("(?P<k>[a-z]+)-(?P<n>\\\\d+)", "key-42")')).toEqual({ k: 'key', n: '42' });
    // "It's not valid to mix both named and unnamed capture groups in the same pattern." (same page)
    expect(isUnknown(expr('regex("(?P<k>[a-z]+)-(\\\\d+)", "key-42")'))).toBe(true);
    expect(expr('regex("[a-z]+", "42abc")')).toBe('abc');
    expect(expr('regexall("[0-9]", "a1b2")')).toEqual(['1', '2']);
    expect(expr('replace("a-b-c", "/-/", "_")')).toBe('a_b_c');
  });

  it('a pattern the linear engine cannot run (a back-reference, as in RE2) is a located unknown', () => {
    const v = expr('regex("(a)\\\\1", "aa")');
    expect(isUnknown(v)).toBe(true);
    expect((v as Unknown).reason).toContain('regex()');
  });
});

const REQUESTS = `${F}/requests/valid.json`;

/** Runs `eval` on inputs; the run must end with exit 2 and one clear message. */
async function inputError(inputs: string[], extra: string[] = []): Promise<string> {
  const r = await runCli(['eval', ...inputs, '--requests', REQUESTS, ...extra]);
  expect(r.code).toBe(2);
  expect(r.stderr).not.toContain('internal error');
  expect(r.stderr).not.toContain('Maximum call stack');
  return r.stderr;
}

const USER_TEMPLATE = JSON.stringify({
  Resources: { U: { Type: 'AWS::IAM::User', Properties: { UserName: 'u' } } },
});

describe('bounded reading: only regular files, at most --max-input-size each', () => {
  it('a FIFO, /dev/zero or a directory given as a file is an input error, read without blocking', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    expect(await inputError([fifo])).toMatch(
      /pipe\.json: cannot read file: a FIFO \(named pipe\): iamspec reads only regular files and directories/,
    );
    expect(await inputError(['/dev/zero'])).toMatch(/a character device/);
    const tpl = write(dir, 't.json', USER_TEMPLATE);
    const r = await runCli(['eval', tpl, '--requests', '/dev/zero']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/character device/);
    const spec = await runCli(['check', tpl, '--spec', fifo]);
    expect(spec.code).toBe(2);
    expect(spec.stderr).toMatch(/FIFO/);
  });

  it('a file over the size limit names the limit and the option that raises it', async () => {
    const dir = tempDir();
    const tpl = write(dir, 't.json', USER_TEMPLATE);
    const msg = await inputError([tpl], ['--max-input-size', '64']);
    expect(msg).toMatch(
      /t\.json: cannot read file: the file is \d+ bytes, over the input size limit of 64 bytes; raise it with --max-input-size/,
    );
    const ok = await runCli(['eval', tpl, '--requests', REQUESTS, '--max-input-size', '1M']);
    expect(ok.stderr).not.toMatch(/input size limit/);
    expect((await runCli(['eval', tpl, '--requests', REQUESTS, '--max-input-size', 'lots'])).stderr).toMatch(
      /--max-input-size expects a size/,
    );
    expect(() => loadModelSync([tpl], { maxInputSize: 10 })).toThrow(InputError);
    expect(loadModelSync([tpl], { maxInputSize: 10_000 }).users).toHaveLength(1);
  });
});

describe('YAML aliases and nesting', () => {
  it('an alias bomb is an input error at the first alias, before anything is expanded', async () => {
    const lines = ['Metadata:', '  a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 6; i++)
      lines.push(
        `  a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    lines.push('Resources:', '  U:', '    Type: AWS::IAM::User');
    const file = write(tempDir(), 'bomb.yaml', `${lines.join('\n')}\n`);
    expect(await inputError([file])).toMatch(/bomb\.yaml:3:\d+: invalid YAML: aliases expand too much/);
  });

  it('YAML and JSON nested past 100 levels are located input errors', async () => {
    const dir = tempDir();
    const deep = `${'['.repeat(150)}${']'.repeat(150)}`;
    const yaml = write(
      dir,
      'deep.yaml',
      `Resources:\n  U:\n    Type: AWS::IAM::User\n    Metadata: ${deep}\n`,
    );
    expect(await inputError([yaml])).toMatch(
      /deep\.yaml:4:\d+: mappings and sequences nested more than 100 levels/,
    );
    const join = (n: number): unknown => (n === 0 ? 'x' : { 'Fn::Join': ['', [join(n - 1)]] });
    const json = write(
      dir,
      'deep.json',
      JSON.stringify({ Resources: { U: { Type: 'AWS::IAM::User', Properties: { UserName: join(60) } } } }),
    );
    expect(await inputError([json])).toMatch(
      /deep\.json:1:\d+: invalid JSON: arrays and objects nested more than 100 levels/,
    );
    const yamlDeeper = write(dir, 'deeper.yaml', `Resources: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`);
    expect(await inputError([yamlDeeper])).toMatch(
      /deeper\.yaml(:\d+:\d+)?: invalid YAML: nested too deeply|nested more than 100 levels/,
    );
  });
});

describe('deep nesting and long reference chains', () => {
  it('CloudFormation conditions chained past the evaluation limit: a located input error', async () => {
    const conditions: Record<string, unknown> = { C0: { 'Fn::Equals': ['a', 'a'] } };
    for (let i = 1; i < 450; i++) conditions[`C${i}`] = { 'Fn::Not': [{ Condition: `C${i - 1}` }] };
    const file = write(
      tempDir(),
      'chain.json',
      JSON.stringify({
        Conditions: conditions,
        Resources: { U: { Type: 'AWS::IAM::User', Condition: 'C449' } },
      }),
    );
    expect(await inputError([file])).toMatch(
      /chain\.json:1:\d+: intrinsic functions and references nested more than 400 levels deep/,
    );
  });

  it('HCL blocks or expressions nested past 100 levels: a located input error, without the fallback parser', async () => {
    const dir = tempDir();
    const expr = join(dir, 'expr');
    mkdirSync(expr);
    write(expr, 'main.tf', `locals {\n  x = ${'['.repeat(150)}1${']'.repeat(150)}\n}\n`);
    expect(await inputError([expr])).toMatch(
      /main\.tf:2:\d+: blocks and expressions nested more than 100 levels/,
    );
    const blocks = join(dir, 'blocks');
    mkdirSync(blocks);
    write(
      blocks,
      'main.tf',
      `resource "aws_iam_role" "r" {\n${'  dynamic "x" {\n'.repeat(150)}${'}\n'.repeat(151)}`,
    );
    expect(await inputError([blocks])).toMatch(
      /main\.tf:\d+:\d+: blocks and expressions nested more than 100 levels/,
    );
  });
});

describe('huge count and for_each', () => {
  it('a count over --max-instances is a located input error naming the limit and the option', async () => {
    const dir = tempDir();
    write(
      dir,
      'main.tf',
      'resource "aws_iam_user" "u" {\n  count = 100000000\n  name  = "u${count.index}"\n}\n',
    );
    expect(await inputError([dir])).toMatch(
      /main\.tf:2:\d+: count expands to 100000000 instances, over iamspec's limit of 10000 .*raise it with --max-instances/,
    );
    const small = tempDir();
    write(small, 'main.tf', 'resource "aws_iam_user" "u" {\n  count = 30\n  name  = "u${count.index}"\n}\n');
    expect(() => loadModelSync([small], { maxInstances: 20 })).toThrow(/count expands to 30 instances/);
    expect(loadModelSync([small], { maxInstances: 30 }).users).toHaveLength(30);
    const each = tempDir();
    write(
      each,
      'main.tf',
      'resource "aws_iam_user" "u" {\n  for_each = toset([for i in range(25) : "u${i}"])\n  name = each.key\n}\n',
    );
    expect(() => loadModelSync([each], { maxInstances: 20 })).toThrow(/for_each expands to 25 instances/);
  });
});

describe('big policies', () => {
  const policy = (n: number) => ({
    Version: '2012-10-17',
    Statement: Array.from({ length: n }, (_x, i) => ({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: `arn:aws:s3:::bucket-${i}/data/*`,
    })),
  });
  const template = (n: number) =>
    JSON.stringify({
      Resources: {
        U: { Type: 'AWS::IAM::User', Properties: { UserName: 'bob' } },
        P: {
          Type: 'AWS::IAM::ManagedPolicy',
          Properties: { Users: [{ Ref: 'U' }], PolicyDocument: policy(n) },
        },
      },
    });

  it("a policy over AWS's size quota is a finding; one under it is not", () => {
    // IAM and AWS STS quotas: "IAM does not count white space when calculating the size of a
    // policy against these quotas" (managed policy: 6,144 characters).
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
    const dir = tempDir();
    const big = loadModelSync([write(dir, 'big.json', template(200))], { account: '111122223333' });
    const f = big.findings.find((x) => x.code === 'policy/size-over-quota');
    expect(f?.message).toMatch(/managed policy .* over AWS's quota of 6,144/);
    const small = loadModelSync([write(dir, 'small.json', template(40))], { account: '111122223333' });
    expect(small.findings.some((x) => x.code === 'policy/size-over-quota')).toBe(false);
  });

  it('an exhaustive check over hundreds of statements on distinct buckets stays complete', () => {
    const model = loadModelSync([write(tempDir(), 'many.json', template(150))], { account: '111122223333' });
    const engine = compileModel(model);
    const r = checkOnly(
      engine,
      'arn:aws:iam::111122223333:user/bob',
      [{ action: 's3:GetObject', resource: 'arn:aws:s3:::bucket-0/*' }],
      { maxWitnesses: 1000 },
    );
    expect(r.holds).toBe(false);
    // Every other bucket's objects are a definite violation, found by the grouped search.
    expect(r.violations.some((v) => v.resource.startsWith('arn:aws:s3:::bucket-149/data/'))).toBe(true);
    expect(r.violations.every((v) => v.access !== 'indeterminate')).toBe(true);
  });
});
