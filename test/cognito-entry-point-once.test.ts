// A Cognito trust is one federated-entry-point finding, naming every way in it allows: the trust's
// principal (`cognito-identity.amazonaws.com`, the token of any identity pool its conditions
// admit) and the identity pools of the inputs whose guests or signed-in users it lets in
// (analysis/federated-trust.ts `federatedEntryPoints`). Before, a guest role had two findings for
// its one trust statement ("Amazon Cognito identity pools ... can assume role GuestRole" and
// "anonymous internet users (guests of ...) can assume role GuestRole"), counted twice in the
// review's summary; the matrix listings still list each caller (`entryPointsOfRisks`).
//
// Amazon Cognito Developer Guide, "Identity pools authentication flow": "Amazon Cognito has two
// different flows for authentication with public providers: enhanced and basic." Both end in
// sts:AssumeRoleWithWebIdentity on the one trust statement, so one finding says both callers.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTemplateObject, parseTemplateText } from '../src/adapters/cloudformation/index.js';
import { entryPointsOfRisks } from '../src/analysis/federated-trust.js';
import { reviewRisks } from '../src/analysis/risks.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';

const ACCOUNT = '111122223333';
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const file = 'test/fixtures/cognito-eks/template.yaml';

function review() {
  const { value, locate } = parseTemplateText(readFileSync(file, 'utf8'), file);
  const b = new ModelBuilder();
  loadTemplateObject(value, b, { account: ACCOUNT, region: 'us-west-2', stackName: 'ce', file, locate });
  return reviewRisks(compileModel(b.build()));
}

describe('a Cognito trust statement: one federated-entry-point finding', () => {
  const risks = review();
  const entries = (r: string) =>
    risks.filter((f) => f.kind === 'federated-entry-point' && f.subject === role(r));

  it.each(['GuestRole', 'ClassicGuestRole', 'UserRole'])(
    '%s: one finding naming the trust and the pool callers',
    (name) => {
      const fs = entries(name);
      expect(fs).toHaveLength(1);
      const [f] = fs;
      expect(f!.message).toMatch(
        /^Amazon Cognito identity pools \(cognito-identity\.amazonaws\.com\) can assume role /,
      );
      expect(f!.message).toContain('; through the identity pools of the inputs: ');
      expect(f!.message).toMatch(
        /anonymous internet users \(guests of|users of Amazon Cognito identity pool/,
      );
      expect(f!.callers?.length).toBe(1);
    },
  );

  it('the guest role: the guests of the pool are named in the one finding', () => {
    const [f] = entries('GuestRole');
    expect(f!.message).toContain('anonymous internet users (guests of Amazon Cognito identity pool guests');
  });

  it('the matrix listing still has a row for the trust principal and one for each pool caller', () => {
    const listed = entryPointsOfRisks(risks, new Set([role('GuestRole')]));
    expect(listed.map((e) => e.callerLabel)).toEqual([
      'Amazon Cognito identity pools (cognito-identity.amazonaws.com)',
      expect.stringContaining('anonymous internet users (guests of'),
    ]);
  });
});
