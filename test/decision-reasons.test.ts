// One vocabulary of reasons (src/analysis/decision-reasons.ts): the engine writes each unknown's
// kind on its trace entry (`TraceEntry.kind`, eval's JSON), and every report that says why a
// decision is indeterminate words the same reason with one formatter (`reasonLine`): the matrix's
// cells, the federated entry points (their CSV records' `reasons` column, empty before, and their
// lines: the review's finding, the matrix's text), the review's findings and who-can's open lines. Here a role whose trust statement might not exist
// (`count` known only after apply) makes a SAML entry point indeterminate; the entry point, its
// CSV record and the traced decision must give the same reason.
//
// The rule behind the verdict (a statement the inputs may not create might apply: indeterminate)
// is DESIGN.md "Semantics"; test/analysis-presence.test.ts quotes AWS for it. This file checks
// only that every output names that unknown alike.

import { describe, expect, it } from 'vitest';
import { reasonLine, reasonOfEntry, reasonsOfDecision } from '../src/analysis/decision-reasons.js';
import { federatedEntryPoints, listFederatedEntryPoints } from '../src/analysis/federated-trust.js';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { ModelBuilder } from '../src/model/builder.js';
import { compileModel } from '../src/engine/index.js';
import { Unknown } from '../src/model/unknown.js';
import { parsePolicy } from '../src/policy/parse.js';
import { formatMatrixCsv, MATRIX_CSV_COLUMNS } from '../src/report/matrix-csv.js';
import { formatMatrixText } from '../src/report/matrix-text.js';

const ACCOUNT = '111122223333';
const OKTA = `arn:aws:iam::${ACCOUNT}:saml-provider/Okta`;
const COUNT_AT = { file: 'main.tf', line: 7, address: 'aws_iam_role.engineers' };

function engine() {
  const b = new ModelBuilder();
  b.addAccount(ACCOUNT, 'us-east-1');
  const trust = parsePolicy(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: OKTA },
          Action: 'sts:AssumeRoleWithSAML',
          Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
        },
      ],
    },
    { kind: 'trust', source: { file: 'main.tf', line: 1, address: 'aws_iam_role.engineers' } },
  );
  const presence = new Unknown('count = var.sso ? 1 : 0 is known only after apply', COUNT_AT);
  trust.statements[0]!.presence = presence;
  b.addRole({
    name: 'Engineers',
    account: ACCOUNT,
    source: { file: 'main.tf', line: 1 },
    trustPolicy: trust,
  });
  b.addBucket({ bucketName: 'logs', account: ACCOUNT, source: { file: 'main.tf', line: 20 } });
  return compileModel(b.build());
}

describe('one reason, worded alike everywhere', () => {
  const e = engine();
  const role = `arn:aws:iam::${ACCOUNT}:role/Engineers`;
  const traced = e.decide(
    { principal: OKTA, action: 'sts:AssumeRoleWithSAML', resource: role },
    { conditions: 'optimistic', trace: true },
  );

  it("the trace's unknown entry says its kind (eval's JSON)", () => {
    expect(traced.decision).toBe('indeterminate');
    const unknown = traced.trace!.filter((t) => t.outcome === 'unknown');
    expect(unknown.map((t) => t.kind)).toEqual(['maybe-present']);
  });

  it('an untraced decision notes the same unknown, worded only when asked', () => {
    const lean = e.decide(
      { principal: OKTA, action: 'sts:AssumeRoleWithSAML', resource: role },
      { conditions: 'optimistic', unknowns: true },
    );
    expect(lean.trace).toBeUndefined();
    expect(lean.unknowns).toHaveLength(1);
    expect(reasonsOfDecision(lean)).toEqual(reasonsOfDecision(traced));
  });

  it("the entry point carries the reason, and its CSV record's reasons column says it", () => {
    const [entry] = listFederatedEntryPoints(e);
    expect(entry).toMatchObject({ caller: OKTA, role, access: 'indeterminate' });
    const reason = reasonOfEntry(traced.trace!.find((t) => t.outcome === 'unknown')!);
    expect(entry!.reasons).toEqual([reason]);
    expect(reason).toMatchObject({ kind: 'maybe-present', source: COUNT_AT });
    // the review's finding keeps it (snapshots and `matrix` from a snapshot read it back)
    expect(federatedEntryPoints(e)[0]!.entry!.reasons).toEqual([reason]);

    const matrix = buildMatrix(e, { resources: ['arn:aws:s3:::logs'] });
    const csv = formatMatrixCsv(matrix, { entryPoints: [entry!] });
    const record = csv.split('\r\n').find((line) => line.startsWith('SAML'))!;
    expect(record).toBeDefined();
    const line = reasonLine(reason);
    expect(line).toBe(
      'statement might not exist: Allow might apply: it might not exist (count = var.sso ? 1 : 0 is known only after apply) if SAML:aud is "https://signin.aws.amazon.com/saml" (StringEquals) (free context) (at main.tf:7 (aws_iam_role.engineers); statement at main.tf#/Statement/0 (aws_iam_role.engineers))',
    );
    // the last column, quoted (it holds commas)
    expect(MATRIX_CSV_COLUMNS.at(-1)).toBe('reasons');
    expect(record.endsWith(`"${line.replace(/"/g, '""')}"`)).toBe(true);
    // the review's finding (JSON, SARIF, the HTML review) and the matrix's entry-point lines say it alike
    expect(federatedEntryPoints(e)[0]!.message).toContain(`(sts:AssumeRoleWithSAML, indeterminate)`);
    expect(federatedEntryPoints(e)[0]!.message.endsWith(`; why: ${line}`)).toBe(true);
    expect(formatMatrixText(matrix, { entryPoints: [entry!] })).toContain(`; why: ${line}`);
  });

  it('an entry point that is not indeterminate has no reasons', () => {
    const b = new ModelBuilder();
    b.addAccount(ACCOUNT, 'us-east-1');
    const trust = parsePolicy(
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Federated: OKTA }, Action: 'sts:AssumeRoleWithSAML' }],
      },
      { kind: 'trust', source: { file: 'main.tf', line: 1 } },
    );
    b.addRole({ name: 'Open', account: ACCOUNT, source: { file: 'main.tf', line: 1 }, trustPolicy: trust });
    const [entry] = listFederatedEntryPoints(compileModel(b.build()));
    expect(entry!.access).toBe('allow');
    expect(entry!.reasons).toBeUndefined();
  });
});
