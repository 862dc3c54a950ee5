// Federated entry points of same-name roles (src/analysis/federated-trust.ts
// `entryPointRoleLabeller`): two roles named alike in two accounts are told apart by account in
// the review's entry-point findings and in the matrix's entry-point lines, by the one same-name
// rule (src/model/same-names.ts); a name no other role has stays as it is.
//
// IAM User Guide, "Create a role for a third-party identity provider (SAML 2.0 federation)": a
// role trusts the provider with sts:AssumeRoleWithSAML; role names are unique only within an
// account ("IAM identifiers": "names must be unique within an account").

import { describe, expect, it } from 'vitest';
import { federatedEntryPoints, listFederatedEntryPoints } from '../src/analysis/federated-trust.js';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { formatMatrixMarkdown } from '../src/report/matrix-markdown.js';
import { formatMatrixText } from '../src/report/matrix-text.js';
import { ACCOUNT_A, ACCOUNT_B, policy, statement, TestModel } from './helpers/engine-fixtures.js';

const samlTrust = (account: string) =>
  policy(
    statement('Allow', 'sts:AssumeRoleWithSAML', undefined, {
      Principal: { Federated: `arn:aws:iam::${account}:saml-provider/Okta` },
      Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
    }),
  );

function model() {
  const t = new TestModel();
  t.role('Engineers', { account: ACCOUNT_A, trust: samlTrust(ACCOUNT_A) });
  t.role('Engineers', { account: ACCOUNT_B, trust: samlTrust(ACCOUNT_B) });
  t.role('Auditors', { account: ACCOUNT_A, trust: samlTrust(ACCOUNT_A) });
  t.bucket('logs');
  return t.engine();
}

describe('entry points into same-name roles', () => {
  const engine = model();

  it('the findings say which account each same-name role is in; a unique name stays short', () => {
    const messages = federatedEntryPoints(engine).map((f) => f.message);
    expect(messages).toHaveLength(3);
    expect(messages.filter((m) => m.includes(`role Engineers (account ${ACCOUNT_A}`))).toHaveLength(1);
    expect(messages.filter((m) => m.includes(`role Engineers (account ${ACCOUNT_B}`))).toHaveLength(1);
    expect(messages.some((m) => m.includes('can assume role Auditors (sts:AssumeRoleWithSAML'))).toBe(true);
  });

  it('the matrix lines too, for roles that are not its columns', () => {
    const matrix = buildMatrix(engine, { resources: ['arn:aws:s3:::logs'] });
    const entryPoints = listFederatedEntryPoints(engine);
    for (const text of [
      formatMatrixText(matrix, { entryPoints }),
      formatMatrixMarkdown(matrix, 'Access matrix', { entryPoints }),
    ]) {
      expect(text).toContain(`role Engineers (account ${ACCOUNT_A}`);
      expect(text).toContain(`role Engineers (account ${ACCOUNT_B}`);
    }
  });
});
