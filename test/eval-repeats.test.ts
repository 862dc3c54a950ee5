// `iamspec eval` answers a request written again in the request file (the same bytes) with the
// answer of its first occurrence (requests/array-items.ts, cli/commands/eval.ts). These tests
// would fail if that reuse reached a request that differs in anything the engine reads: the
// context (values, keys, key case), the session policy, the action, the resource or the
// principal. Each request of a shuffled, repeated file must answer exactly as it does alone.

import { describe, expect, it } from 'vitest';
import { runCli, tempJson } from './fixtures/cli/run.js';

const MODEL = [
  'test/fixtures/eval-repeats/conditions.json',
  '--account',
  '111122223333',
  '--region',
  'us-east-1',
];
const OBJECT = 'arn:aws:s3:::reports/a.csv';
const OFFICE = { 'aws:SourceIp': '10.1.2.3' };

/** Requests that differ in one thing the engine reads (most decide differently). */
const VARIANTS: Record<string, unknown>[] = [
  { principal: 'user/reader', action: 's3:GetObject', resource: OBJECT, context: OFFICE },
  {
    principal: 'user/reader',
    action: 's3:GetObject',
    resource: OBJECT,
    context: { 'aws:SourceIp': '192.168.0.1' },
  },
  {
    principal: 'user/reader',
    action: 's3:GetObject',
    resource: OBJECT,
    context: { ...OFFICE, 'aws:SecureTransport': 'false' },
  },
  { principal: 'user/reader', action: 's3:GetObject', resource: OBJECT },
  {
    principal: 'user/reader',
    action: 's3:GetObject',
    resource: OBJECT,
    context: { 'AWS:SOURCEIP': '10.1.2.3' },
  },
  {
    principal: 'user/reader',
    action: 's3:GetObject',
    resource: OBJECT,
    context: { 'aws:SourceIp': ['10.1.2.3'] },
  },
  {
    principal: 'role/reader-role',
    action: 's3:GetObject',
    resource: OBJECT,
    context: OFFICE,
    sessionPolicy: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }],
    },
  },
  {
    principal: 'role/reader-role',
    action: 's3:GetObject',
    resource: OBJECT,
    context: OFFICE,
    sessionPolicy: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
    },
  },
  { principal: 'user/reader', action: 's3:PutObject', resource: OBJECT, context: OFFICE },
  { principal: 'user/reader', action: 's3:putobject', resource: OBJECT, context: OFFICE },
  { principal: 'user/reader', action: 's3:GetObject', resource: 'arn:aws:s3:::other/a.csv', context: OFFICE },
  { principal: 'user/reader', action: 's3:ListBucket', resource: 'arn:aws:s3:::reports' },
  {
    principal: 'arn:aws:iam::111122223333:user/nobody',
    action: 's3:ListBucket',
    resource: 'arn:aws:s3:::reports',
  },
];

/** The file's text: each variant three times, shuffled differently each round, in two layouts. */
function repeatedFileText(): { text: string; order: number[] } {
  const order: number[] = [];
  for (const step of [1, 5, 7])
    for (let k = 0; k < VARIANTS.length; k++) order.push((k * step + step) % VARIANTS.length);
  const items = order.map((v, i) =>
    i % 2 ? JSON.stringify(VARIANTS[v]) : JSON.stringify(VARIANTS[v], null, 2),
  );
  return { text: `[\n${items.join(',\n')}\n]\n`, order };
}

async function evalOut(file: string, extra: string[] = []): Promise<string> {
  const r = await runCli(['eval', ...MODEL, '--requests', file, ...extra]);
  expect(r.code).toBe(0);
  return r.stdout;
}

describe('eval: a request written again reuses its first answer, and only that', () => {
  for (const extra of [[], ['--trace']]) {
    it(`answers each request of a repeated, shuffled file as alone (json${extra.length ? ', --trace' : ''})`, async () => {
      const alone: unknown[] = [];
      for (const v of VARIANTS) {
        alone.push((JSON.parse(await evalOut(await tempJson('one.json', [v]), extra)) as unknown[])[0]);
      }
      // The variants decide differently, so an answer reused across them would show.
      expect(new Set(alone.map((a) => JSON.stringify(a))).size).toBeGreaterThanOrEqual(5);
      const { text, order } = repeatedFileText();
      const stdout = await evalOut(await tempJson('repeated.json', text), extra);
      const out = JSON.parse(stdout) as unknown[];
      expect(stdout).toBe(`${JSON.stringify(out, null, 2)}\n`);
      expect(out).toEqual(order.map((v) => alone[v]));
    });
  }

  it('the text format: each line names its own index with the answer of the request alone', async () => {
    const alone: string[] = [];
    for (const v of VARIANTS) {
      alone.push(await evalOut(await tempJson('one.json', [v]), ['--format', 'text', '--trace']));
    }
    const { text, order } = repeatedFileText();
    const stdout = await evalOut(await tempJson('repeated.json', text), ['--format', 'text', '--trace']);
    const expected = order.map((v, i) => (alone[v] as string).replace(/^\[0\]/, `[${i}]`)).join('');
    expect(stdout).toBe(expected);
  });
});
