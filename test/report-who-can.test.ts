// The who-can renderers (src/report/who-can-text.ts, who-can-json.ts) on a hand-made answer:
// each principal with its path (every hop, the statements along it with their sources), the
// final request's statements, conditional access marked with its conditions, services with how
// they get the role.

import { describe, expect, it } from 'vitest';
import { formatWhoCanJson } from '../src/report/who-can-json.js';
import { formatWhoCanText, whoCanPathLabel } from '../src/report/who-can-text.js';
import { ModelBuilder } from '../src/model/builder.js';
import { unnamedAccount } from '../src/model/stand-ins.js';
import { principalLabel } from '../src/report/matrix-labels.js';
import { ACCOUNT, sampleWhoCan, TLS } from './helpers/matrix-fixtures.js';

function block(text: string, head: string): string {
  const start = text.indexOf(`\n${head}`);
  expect(start, `no block starting with ${head}`).toBeGreaterThan(0);
  const end = text.indexOf('\n\n', start + 1);
  return text.slice(start + 1, end < 0 ? undefined : end);
}

describe('formatWhoCanText', () => {
  const text = formatWhoCanText(sampleWhoCan());

  it('names the request and counts the paths by access', () => {
    expect(text.split('\n')[0]).toBe('Who can s3:GetObject on arn:aws:s3:::company1-hr/x');
    expect(text.split('\n')[1]).toBe('3 paths (2 allow, 1 conditional)');
  });

  it('lists allowed entries before conditional ones', () => {
    expect(text.indexOf('user/sarah: allow')).toBeLessThan(text.indexOf('user/john → role/JohnUploadRole'));
  });

  it('shows a role chain hop by hop with the statements and sources along it', () => {
    const john = block(text, 'user/john → role/JohnUploadRole: conditional');
    expect(john).toContain(`principal: arn:aws:iam::${ACCOUNT}:user/john (user)`);
    expect(john).toContain('1. user/john assumes role/JohnUploadRole: allow');
    expect(john).toContain(
      'Allow trust policy "trust policy of role JohnUploadRole", Sid "JohnAssumesRole" at tf-example/plan.json:1171:5 (aws_iam_role.john_upload)',
    );
    expect(john).toContain('request as role/JohnUploadRole: conditional');
    expect(john).toContain(
      'Allow identity policy "SessionPolicy-UploadFile", Sid "UploadFile" at tf-example/plan.json:1154:21 (aws_iam_policy.upload_file)',
    );
    // the hop comes before the final request
    expect(john.indexOf('assumes')).toBeLessThan(john.indexOf('request as'));
  });

  it('marks conditional access with its conditions', () => {
    const john = block(text, 'user/john → role/JohnUploadRole: conditional');
    expect(john).toContain('conditional, only when:');
    expect(john).toContain(`- ${TLS}`);
  });

  it('says how a service gets the role', () => {
    const ec2 = block(text, 'ec2.amazonaws.com → role/Company1-Logs-Role: allow');
    expect(ec2).toContain('via: EC2 instance log-processor through instance profile LogsProfile');
    expect(ec2).toContain('1. ec2.amazonaws.com assumes role/Company1-Logs-Role: allow');
  });

  it('a direct grant has no path and names its statement', () => {
    const sarah = block(text, 'user/sarah: allow');
    expect(sarah).not.toContain('path:');
    expect(sarah).toContain('request as the principal: allow');
    expect(sarah).toContain(
      'Allow identity policy "AdministratorAccess", Statement[0] at AWS managed policy#/Statement/0',
    );
  });

  it('says when nobody can', () => {
    const empty = formatWhoCanText({ action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', entries: [] });
    expect(empty).toContain('Nobody');
  });
});

describe('formatWhoCanJson', () => {
  it('is the WhoCanResult with a label per entry', () => {
    const result = sampleWhoCan();
    const parsed = JSON.parse(formatWhoCanJson(result)) as {
      action: string;
      entries: (Record<string, unknown> & { label: string })[];
    };
    expect(parsed.action).toBe('s3:GetObject');
    expect(parsed.entries.map((e) => e.label)).toEqual(result.entries.map((e) => whoCanPathLabel(e)));
    const { label: _label, ...first } = parsed.entries[0]!;
    expect(first).toEqual(JSON.parse(JSON.stringify(result.entries[0])));
  });
});

describe('principalLabel', () => {
  // The account the analyses invent for "some other account" (chosen per model).
  const other = unnamedAccount(new ModelBuilder().addAccount(ACCOUNT).build());
  it.each([
    [`arn:aws:iam::${ACCOUNT}:user/john`, 'user/john'],
    [`arn:aws:iam::${ACCOUNT}:role/team/a/Deployer`, 'role/Deployer'],
    [`arn:aws:sts::${ACCOUNT}:assumed-role/R/session`, 'assumed-role/R/session'],
    ['arn:aws:iam::444455556666:root', 'account 444455556666'],
    ['444455556666', 'account 444455556666'],
    [`arn:aws:iam::${other}:root`, 'any other account'],
    ['arn:aws:iam::000000000000:root', 'account 000000000000'],
    ['arn:aws:iam::444455556666:user/(any-user)', 'any user of account 444455556666'],
    [`arn:aws:iam::${other}:role/(any-role)`, 'any role of any other account'],
    ['ec2.amazonaws.com', 'ec2.amazonaws.com'],
    ['anonymous', 'anonymous (*)'],
  ])('%s → %s', (arn, label) => {
    expect(principalLabel(arn)).toBe(label);
  });
});
