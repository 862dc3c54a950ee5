// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${...} in plain strings.
// Micro-benchmark of condition evaluation (the engine's hot path): compiled Condition blocks
// evaluated against a prepared request context. Run: npx tsx bench/conditions.bench.ts

import { Bench } from 'tinybench';
import { compileConditions, contextFromRecord } from '../src/engine/conditions/index.js';
import { clausesOf, type ConditionBlock } from '../test/engine-conditions-helpers.js';
import { printThroughput } from './throughput-table.js';

const ctx = contextFromRecord({
  'aws:SecureTransport': 'true',
  'aws:SourceIp': '203.0.113.42',
  'aws:CurrentTime': '2025-06-01T12:00:00Z',
  'aws:username': 'ana',
  'aws:PrincipalTag/team': 'platform',
  'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/ana',
  'aws:SourceArn': 'arn:aws:sns:us-east-1:111122223333:alerts',
  's3:prefix': 'home/ana/reports/2025/',
  'aws:TagKeys': ['env', 'team', 'cost-center'],
});

const blocks: Record<string, ConditionBlock> = {
  'empty block': {},
  'Bool aws:SecureTransport': { Bool: { 'aws:SecureTransport': 'false' } },
  'StringEquals 3 values': { StringEquals: { 'aws:PrincipalTag/team': ['data', 'platform', 'security'] } },
  'IpAddress 2 CIDRs (v4+v6)': { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] } },
  'DateLessThan aws:CurrentTime': { DateLessThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' } },
  'ArnLike aws:SourceArn': { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:111122223333:*' } },
  'StringLike with ${aws:username}': { StringLike: { 's3:prefix': ['', 'home/', 'home/${aws:username}/*'] } },
  'ForAnyValue:StringLike aws:TagKeys': { 'ForAnyValue:StringLike': { 'aws:TagKeys': ['team', 'owner*'] } },
  'StringNotEquals, key absent': { StringNotEquals: { 'aws:PrincipalTag/dept': 'hr' } },
  '4 clauses (Bool, Ip, Date, StringEquals)': {
    Bool: { 'aws:SecureTransport': 'true' },
    IpAddress: { 'aws:SourceIp': '203.0.113.0/24' },
    DateLessThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' },
    StringEquals: { 'aws:PrincipalTag/team': 'platform' },
  },
};

const bench = new Bench({ time: 400, warmupTime: 100 });
let sink = 0;
for (const [name, block] of Object.entries(blocks)) {
  const fn = compileConditions(clausesOf(block));
  bench.add(`evaluate: ${name}`, () => {
    sink += fn(ctx);
  });
}
const typical = clausesOf(blocks['4 clauses (Bool, Ip, Date, StringEquals)']!);
bench.add('compile: 4 clauses', () => {
  compileConditions(typical);
});

await bench.run();
printThroughput(bench, 'ns');
if (sink < 0) console.log(sink);
