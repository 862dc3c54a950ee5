// Same-name labels (src/model/same-names.ts): two elements of one name in different accounts or
// Regions (`my-table` and `my-topic-with-policy` in two accounts of the public-access corpus plan)
// read apart in every review label: risk findings, who-can paths, matrix rows and role chains,
// and the access diff; a name no other element has keeps its plain label.

import { describe, expect, it } from 'vitest';
import type { AccessDiff } from '../src/analysis/diff/types.js';
import type { WhoCanResult } from '../src/analysis/types.js';
import { qualifiedLabel, sameNameLabeller, sharedLabels } from '../src/model/same-names.js';
import { principalLabelOf, resourceLabel } from '../src/report/diff-groups.js';
import { principalLabel } from '../src/report/matrix-labels.js';
import { formatMatrixMarkdown } from '../src/report/matrix-markdown.js';
import { formatMatrixText } from '../src/report/matrix-text.js';
import { formatWhoCanJson } from '../src/report/who-can-json.js';
import { formatWhoCanText } from '../src/report/who-can-text.js';
import { runCli } from './fixtures/cli/run.js';
import { ACCOUNT, hop, sampleMatrix, sampleWhoCan } from './helpers/matrix-fixtures.js';

const PLAN = '../shared/corpus/tfplan/awslabs__terraform-iam-policy-validator__public-access.tfplan.json';

describe('the same-name rule', () => {
  it('finds the labels of distinct keys only, and says where an element is', () => {
    const items = ['arn:a:1:x', 'arn:b:2:x', 'arn:a:1:x', 'arn:c:3:y'];
    expect([
      ...sharedLabels(
        items,
        (a) => a.split(':')[3]!,
        (a) => a,
      ),
    ]).toEqual(['x']);
    expect([
      ...sharedLabels(
        ['k', 'k'],
        () => 'same',
        (a) => a,
      ),
    ]).toEqual([]);
    expect(
      qualifiedLabel('my-table', 'arn:aws:dynamodb:us-east-1:111122223333:table/my-table', 'dynamodb-table'),
    ).toBe('my-table (dynamodb-table, account 111122223333, us-east-1)');
    expect(qualifiedLabel('role/x', 'arn:aws:iam::111122223333:role/x')).toBe(
      'role/x (account 111122223333)',
    );
    const label = sameNameLabeller(
      [
        'arn:aws:iam::111122223333:role/x',
        'arn:aws:iam::444455556666:role/x',
        'arn:aws:iam::111122223333:role/y',
      ],
      principalLabel,
    );
    expect(label('arn:aws:iam::444455556666:role/x')).toBe('role/x (account 444455556666)');
    expect(label('arn:aws:iam::111122223333:role/y')).toBe('role/y');
  });
});

describe('risk findings of the public-access corpus plan', () => {
  it('name my-table and my-topic-with-policy with their account and Region', async () => {
    const r = await runCli(['matrix', PLAN, '--format', 'json']);
    expect(r.code).toBe(0);
    const messages: string[] = JSON.parse(r.stdout).risks.map((f: { message: string }) => f.message);
    const topics = messages.filter((m) => m.startsWith('sns-topic my-topic-with-policy'));
    expect(topics).toHaveLength(2);
    expect(
      topics.some((m) =>
        m.startsWith('sns-topic my-topic-with-policy (account 000000000000, us-east-2) might be open'),
      ),
    ).toBe(true);
    expect(
      topics.some((m) =>
        m.startsWith('sns-topic my-topic-with-policy (account 123456789012, us-east-2) is open'),
      ),
    ).toBe(true);
    // the other my-table (account 000000000000) has no finding, yet this one says which it is
    expect(
      messages.some((m) => m.startsWith('dynamodb-table my-table (account 1234567890, us-east-1) is open')),
    ).toBe(true);
    // a name no other element has stays plain
    expect(messages.some((m) => m.startsWith('s3-bucket my-tf-test-bucket is open'))).toBe(true);
  });
});

describe('who-can', () => {
  it('two roles of one name in two accounts say their account in paths and hops', () => {
    const result: WhoCanResult = sampleWhoCan();
    const other = 'arn:aws:iam::444455556666:role/JohnUploadRole';
    result.entries.push({
      ...result.entries[0]!,
      principal: 'arn:aws:iam::444455556666:user/jane',
      path: [{ ...hop, from: 'arn:aws:iam::444455556666:user/jane', role: other }],
    });
    const text = formatWhoCanText(result);
    expect(text).toContain(`user/john → role/JohnUploadRole (account ${ACCOUNT}): conditional`);
    expect(text).toContain('user/jane → role/JohnUploadRole (account 444455556666): conditional');
    expect(text).toContain('1. user/jane assumes role/JohnUploadRole (account 444455556666)');
    expect(text).toContain('request as role/JohnUploadRole (account 444455556666)');
    expect(text).toContain('user/sarah: allow'); // no other sarah
    const labels = JSON.parse(formatWhoCanJson(result)).entries.map((e: { label: string }) => e.label);
    expect(labels).toContain('user/jane → role/JohnUploadRole (account 444455556666)');
  });
});

describe('matrix rows and role chains', () => {
  it('two rows of one name say their account, in the grid and the chains', () => {
    const m = sampleMatrix();
    // john's chain reaches JohnUploadRole of ACCOUNT; a role of that name in another account is a row
    m.principals[3] = {
      id: 'p3',
      arn: 'arn:aws:iam::444455556666:role/JohnUploadRole',
      kind: 'role',
      name: 'JohnUploadRole',
      source: undefined,
    };
    m.principals[2] = { ...m.principals[2]!, arn: 'arn:aws:iam::444455556666:user/john', name: 'john' };
    const md = formatMatrixMarkdown(m);
    expect(md).toContain('| user/john (account 444455556666) |');
    expect(md).toContain(`| user/john (account ${ACCOUNT}) |`);
    expect(md).toContain(
      `- user/john (account ${ACCOUNT}) → role/JohnUploadRole (account ${ACCOUNT}) (allow)`,
    );
    const text = formatMatrixText(m);
    expect(text).toContain(
      `user/john (account ${ACCOUNT}) → role/JohnUploadRole (account ${ACCOUNT}) (allow)`,
    );
    expect(text).toContain('role/JohnUploadRole (account 444455556666)');
  });
});

describe('access diff labels', () => {
  it('two resources or principals of one name say where each is', () => {
    const diff = {
      labels: {
        principals: {
          'arn:aws:iam::111122223333:role/deploy': { kind: 'role', name: 'deploy' },
          'arn:aws:iam::444455556666:role/deploy': { kind: 'role', name: 'deploy' },
          'arn:aws:iam::111122223333:user/alice': { kind: 'user', name: 'alice' },
        },
        resources: {
          'arn:aws:dynamodb:us-east-1:111122223333:table/my-table': {
            kind: 'dynamodb-table',
            name: 'my-table',
          },
          'arn:aws:dynamodb:us-east-2:111122223333:table/my-table': {
            kind: 'dynamodb-table',
            name: 'my-table',
          },
          'arn:aws:s3:::logs': { kind: 's3-bucket', name: 'logs' },
        },
      },
    } as unknown as AccessDiff;
    expect(resourceLabel(diff, 'arn:aws:dynamodb:us-east-2:111122223333:table/my-table')).toBe(
      'my-table (dynamodb-table, account 111122223333, us-east-2)',
    );
    expect(resourceLabel(diff, 'arn:aws:s3:::logs')).toBe('logs');
    expect(principalLabelOf(diff, 'arn:aws:iam::444455556666:role/deploy')).toBe(
      'role/deploy (account 444455556666)',
    );
    expect(principalLabelOf(diff, 'arn:aws:iam::111122223333:user/alice')).toBe('user/alice');
  });
});
