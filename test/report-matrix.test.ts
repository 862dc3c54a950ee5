// The matrix renderers (src/report/matrix-*.ts) and the HTML access review's markup
// (src/report/html/) on a hand-made matrix: the text grid and its marks, JSON as the Matrix
// contract, CSV per RFC 4180 (one record per principal x resource x level), Markdown tables,
// and HTML that is self-contained and escapes every name (names come from templates).

import { describe, expect, it } from 'vitest';
import type { Matrix } from '../src/analysis/types.js';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { cellsFromRows } from '../src/analysis/matrix/cell-store.js';
import { compileModel } from '../src/engine/index.js';
import { renderAccessReview } from '../src/report/html/access-review.js';
import { escapeHtml, jsonForScript } from '../src/report/html/escape.js';
import { decodeReviewCell, readReviewData, reviewData } from '../src/report/html/review-data.js';
import { csvField, formatMatrixCsv, MATRIX_CSV_COLUMNS } from '../src/report/matrix-csv.js';
import { statementWithSource } from '../src/report/matrix-labels.js';
import { formatMatrixJson } from '../src/report/matrix-json.js';
import { escapeMarkdown, formatMatrixMarkdown } from '../src/report/matrix-markdown.js';
import { formatMatrixText } from '../src/report/matrix-text.js';
import { modelOf } from './fixtures/cfn/load.js';
import { EVIL, LEVELS, sampleMatrix, sampleRisks, TEMP_CREDS } from './helpers/matrix-fixtures.js';

/** Parses RFC 4180 CSV (quoted fields with doubled quotes, CRLF records). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
    i++;
  }
  expect(field, 'the last record ends with CRLF').toBe('');
  return records;
}

describe('formatMatrixText', () => {
  const text = formatMatrixText(sampleMatrix());
  const lines = text.split('\n');
  const row = (label: string) => lines.find((l) => l.startsWith(`${label} `))!;
  const header = lines.find((l) => l.startsWith('principal '))!;
  const column = (name: string) => header.indexOf(name);

  it('draws one row per principal with one mark per level in each cell', () => {
    expect(lines[0]).toBe('Access matrix: 5 principals x 3 resources');
    // Sara-intern: List only on company1-logs, nothing elsewhere.
    const sara = row('user/Sara-intern');
    expect(sara.slice(column('company1-logs'), column('company1-logs') + 5)).toBe('L....');
    expect(sara.slice(column('company1-hr'), column('company1-hr') + 5)).toBe('.....');
    expect(row('user/sarah').slice(column('company1-hr'), column('company1-hr') + 5)).toBe('LRWPT');
  });

  it('marks conditional levels in lower case and lists their conditions; indeterminate as ?', () => {
    const uploader = row('user/uploader');
    expect(uploader.slice(column('company1-logs'), column('company1-logs') + 5)).toBe('..w..');
    expect(uploader.slice(column('company1-hr'), column('company1-hr') + 5)).toBe('.?...');
    expect(text).toContain('Conditions (conditional cells):');
    expect(text).toContain(
      `user/uploader on company1-logs, Write:\n    s3:PutObject (conditional): ${TEMP_CREDS}`,
    );
    expect(text).toContain('user/uploader on company1-hr, Read:\n    s3:GetObject (indeterminate)');
  });

  it('lists role chains', () => {
    expect(text).toContain('user/john → role/JohnUploadRole (allow)');
  });
});

describe('formatMatrixJson', () => {
  it('is the Matrix contract', () => {
    const m = sampleMatrix();
    expect(JSON.parse(formatMatrixJson(m))).toEqual(JSON.parse(JSON.stringify(m)));
  });
});

describe('formatMatrixCsv (RFC 4180)', () => {
  const m = sampleMatrix();
  const csv = formatMatrixCsv(m);
  const records = parseCsv(csv);

  it('has a header and one record per principal x resource x level', () => {
    expect(records[0]).toEqual([...MATRIX_CSV_COLUMNS]);
    expect(records).toHaveLength(1 + m.principals.length * m.resources.length * LEVELS.length);
    expect(csv.endsWith('\r\n')).toBe(true);
    for (const r of records) expect(r).toHaveLength(MATRIX_CSV_COLUMNS.length);
  });

  it('gives the access, actions, conditions and grants of a cell', () => {
    const at = (principal: string, resource: string, level: string) =>
      records.find((r) => r[0] === principal && r[3] === resource && r[6] === level)!;
    expect(at('user/Sara-intern', 'company1-logs', 'List').slice(7, 9)).toEqual(['allow', 's3:ListBucket']);
    expect(at('user/Sara-intern', 'company1-logs', 'List')[10]).toBe(
      'Allow identity policy "Company1-Logs-Policy", Sid "Logs" at cdk.out/Company1.template.json:42:9 (logical id LogsPolicy); ' +
        'Allow permissions boundary "InternBoundaryPolicy", Statement[0] at cdk.out/Company1.template.json:77:11 (Company1/InternBoundary)',
    );
    expect(at('user/Sara-intern', 'company1-logs', 'Read')[7]).toBe('deny');
    const w = at('user/uploader', 'company1-logs', 'Write');
    expect(w.slice(7, 10)).toEqual(['conditional', 's3:PutObject (conditional)', TEMP_CREDS]);
  });

  it('quotes fields with commas and quotes, doubling inner quotes, and round-trips them', () => {
    const name = `"${EVIL}",=cmd|x`;
    expect(csv).toContain(`"""<img src=x onerror=""alert(1)"">"",=cmd|x"`);
    expect(records.filter((r) => r[3] === name)).toHaveLength(m.principals.length * LEVELS.length);
  });

  it('defuses fields a spreadsheet would run as formulas', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a\r\nb')).toBe('"a\r\nb"');
  });
});

describe('formatMatrixMarkdown', () => {
  const md = formatMatrixMarkdown(sampleMatrix());
  const tableRows = md.split('\n').filter((l) => l.startsWith('| '));

  it('is a table of principals by resources naming the levels with access', () => {
    expect(tableRows[0]).toMatch(/^\| Principal \| company1-logs \| company1-hr \| /);
    expect(tableRows.find((l) => l.startsWith('| user/Sara-intern |'))).toBe(
      '| user/Sara-intern | List | — | — |',
    );
    expect(tableRows.find((l) => l.startsWith('| user/uploader |'))).toBe(
      '| user/uploader | Write (conditional) | Read (indeterminate) | — |',
    );
    expect(md).toContain('### Role chains');
    expect(md).toContain('- user/john → role/JohnUploadRole (allow)');
  });

  it("names another service's level on a resource: `ec2:*` gives a role `Write (ec2)`, not IAM write", () => {
    // "Actions, resources, and condition keys for Amazon EC2": AssociateEnclaveCertificateIamRole
    // takes the IAM role as a resource (role*), so ec2:* has Write on a role; read as IAM
    // write it would mislead a review. sts:AssumeRole on the role is the role's own (no mark).
    const model = modelOf(`
Resources:
  App:
    Type: AWS::IAM::Role
    Properties:
      RoleName: app
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {AWS: !Sub 'arn:aws:iam::\${AWS::AccountId}:root'}, Action: sts:AssumeRole}]
  Ops:
    Type: AWS::IAM::User
    Properties:
      UserName: ops
      Policies:
        - PolicyName: p
          PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: 'ec2:*', Resource: '*'}]}
  Dev:
    Type: AWS::IAM::User
    Properties:
      UserName: dev
      Policies:
        - PolicyName: p
          PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: sts:AssumeRole, Resource: !GetAtt App.Arn}]}
`);
    const rows = formatMatrixMarkdown(buildMatrix(compileModel(model), { includeRoles: true }))
      .split('\n')
      .filter((l) => l.startsWith('| user/'));
    expect(rows.find((l) => l.startsWith('| user/ops |'))).toContain('Write (ec2)');
    const dev = rows.find((l) => l.startsWith('| user/dev |'))!;
    expect(dev).toContain('Write');
    expect(dev).not.toContain('Write (');
  });

  it('two columns of one name (a topic in two accounts) say their kind, account and Region', () => {
    const m = sampleMatrix();
    m.resources[0] = {
      arn: 'arn:aws:sns:us-east-2:111122223333:jobs',
      name: 'jobs',
      kind: 'sns-topic',
      source: undefined,
    };
    m.resources[1] = {
      arn: 'arn:aws:sns:us-east-2:444455556666:jobs',
      name: 'jobs',
      kind: 'sns-topic',
      source: undefined,
    };
    const header = formatMatrixMarkdown(m)
      .split('\n')
      .find((l) => l.startsWith('| Principal |'))!;
    expect(header).toContain('| jobs (sns-topic, account 111122223333, us-east-2) |');
    expect(header).toContain('| jobs (sns-topic, account 444455556666, us-east-2) |');
    const csv = parseCsv(formatMatrixCsv(m));
    expect(
      new Set(
        csv
          .slice(1)
          .map((r) => r[3])
          .filter((l) => l?.startsWith('jobs')),
      ).size,
    ).toBe(2);
    // a name no other column has keeps its plain label
    expect(header).not.toMatch(/evil[^|]*\(s3/);
  });

  it('escapes names so they cannot break the table or inject HTML', () => {
    // every table row still has one cell per resource plus the principal
    for (const l of tableRows.slice(2)) expect(l.split(/(?<!\\)\|/).length - 2).toBe(4);
    expect(md).not.toContain('<img');
    expect(escapeMarkdown('a|b*c_<x>')).toBe('a\\|b\\*c\\_&lt;x&gt;');
  });
});

describe('renderAccessReview (markup)', () => {
  const html = renderAccessReview({
    matrix: sampleMatrix(),
    risks: sampleRisks(),
    title: `Review of ${EVIL}`,
    generatedAt: '2026-01-01T00:00:00.000Z',
    inputs: ['cdk.out', `${EVIL}.json`],
  });

  it('is one self-contained document: no external URL, no fetch, no external script or style', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/\bfetch\s*\(|XMLHttpRequest|import\s*\(/);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).toContain("default-src 'none'");
  });

  it('escapes every name taken from the inputs', () => {
    expect(html).not.toContain(EVIL);
    expect(html).not.toContain('<img');
    expect(html).toContain(escapeHtml(EVIL));
    // exactly the page's own three scripts: the two data blocks and the page script
    expect(html.match(/<script\b/g)).toHaveLength(3);
    expect(html.match(/<\/script>/g)).toHaveLength(3);
  });

  it('embeds the matrix as compact data that reads back to the same text', () => {
    const { core, explain } = readReviewData(html);
    expect(core.s[core.p[4 * 3]!]).toBe(`role/${EVIL}`);
    const sara = decodeReviewCell(core, explain, 0, 0);
    expect(sara[0]!.access).toBe('allow');
    expect(sara[0]!.actions).toEqual([{ action: 's3:ListBucket', access: 'allow', conditions: [] }]);
    expect(sara[0]!.grants).toEqual([
      'Allow identity policy "Company1-Logs-Policy", Sid "Logs" at cdk.out/Company1.template.json:42:9 (logical id LogsPolicy)',
      'Allow permissions boundary "InternBoundaryPolicy", Statement[0] at cdk.out/Company1.template.json:77:11 (Company1/InternBoundary)',
    ]);
    expect(core.rows[0]).toEqual([1, 0]); // Sara's row: one cell (column 0) with something to show
    expect(decodeReviewCell(core, explain, 0, 1).every((l) => l.access === 'deny' && !l.grants.length)).toBe(
      true,
    );
    expect(explain.xs).toContain(`${EVIL}.json:1:1`);
  });

  it('every cell of the matrix reads back from the data: access, actions, conditions, grants', () => {
    const matrix = sampleMatrix();
    const { core, explain } = reviewData(matrix);
    matrix.principals.forEach((_, p) => {
      matrix.resources.forEach((__, r) => {
        const want = matrix.levels.map((_level, l) => {
          const c = matrix.cells.at(p, r)[l];
          return {
            access: c?.access ?? 'deny',
            actions: c?.actions ?? [],
            grants: (c?.grants ?? []).map(statementWithSource),
          };
        });
        expect(decodeReviewCell(core, explain, p, r)).toEqual(want);
      });
    });
  });

  it('summarises the risks by kind, with statements and sources', () => {
    const admin = html.slice(
      html.indexOf('id="risk-admin-equivalent"'),
      html.indexOf('id="risk-privilege-escalation"'),
    );
    expect(admin).toContain('user/sarah');
    expect(admin).toContain('Allow identity policy &quot;AdministratorAccess&quot;, Statement[0]');
    expect(admin).toContain('sev-high');
    expect(html).toMatch(/Public access<\/a>: <strong>0<\/strong>/);
  });

  it('has a labelled table for the script to fill, and labelled controls', () => {
    // The rows and columns are drawn by the page script (the browser test checks their markup).
    expect(html).toContain('<table id="matrix" class="matrix" aria-rowcount="6" aria-colcount="4">');
    expect(html).toContain(
      '<caption class="note">Access of 5 principals to 3 resources by access level</caption>',
    );
    expect(html).toContain('<label class="text" for="filter-principal">');
    expect(html).toContain('<noscript>');
  });
});

describe('escaping helpers', () => {
  it('escapeHtml escapes the five HTML metacharacters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('jsonForScript cannot close the script element and parses back', () => {
    const value = { s: '</script><script>alert(1)</script><!-- \u2028 &' };
    const out = jsonForScript(value);
    expect(out).not.toMatch(/<|>|&/);
    expect(JSON.parse(out)).toEqual(value);
  });
});

describe('empty matrices', () => {
  const empty: Matrix = {
    levels: LEVELS,
    principals: [],
    resources: [],
    cells: cellsFromRows([]),
    chains: {},
  };
  it('render without failing', () => {
    expect(formatMatrixText(empty)).toContain('no principals or no resources');
    expect(parseCsv(formatMatrixCsv(empty))).toHaveLength(1);
    expect(renderAccessReview({ matrix: empty, risks: [] })).toContain(
      'No principal of the matrix can assume a role.',
    );
  });
});
