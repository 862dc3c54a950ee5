// A GitHub OIDC trust whose `token.actions.githubusercontent.com:sub` is tested with StringEquals
// (or StringEqualsIgnoreCase) pins that literal string, `*` included: it is no wildcard over
// repositories (src/analysis/federated-trust.ts `repositoryWildcards`). IAM User Guide, "IAM JSON
// policy elements: Condition operators"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html):
// StringEquals "Exact matching, case sensitive"; StringLike "Case-sensitive matching. The values
// can include multi-character match wildcards (*) and single-character match wildcards (?)
// anywhere in the string". Condition clauses are ANDed (IAM User Guide, "Conditions with multiple
// context keys or values": "If your policy statement has multiple condition operators, the
// condition operators are evaluated using a logical AND."), so a StringLike wildcard beside a
// StringEquals of one repository admits that repository only.
//
// Before, every value of a StringEquals clause was read as a pattern: `StringEquals sub
// "repo:acme/*"` (a string GitHub never issues) was reported as "matched with a wildcard over
// repositories", a false high/medium finding.

import { describe, expect, it } from 'vitest';
import { weakFederatedTrusts } from '../src/analysis/federated-trust.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { parsePolicy } from '../src/policy/parse.js';
import { ACCOUNT, GITHUB, role } from './federation-helpers.js';

const source = { file: 'trusts.json' };
const SUB = 'token.actions.githubusercontent.com:sub';
const AUD = { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' };

/** The weak-trust messages by role name, one role per condition block. */
function findingsOf(conditions: Record<string, Record<string, unknown>>): Map<string, string> {
  const b = new ModelBuilder();
  b.addAccount(ACCOUNT);
  for (const [name, condition] of Object.entries(conditions))
    b.addRole({
      name,
      account: ACCOUNT,
      source,
      trustPolicy: parsePolicy(
        {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Federated: GITHUB },
              Action: 'sts:AssumeRoleWithWebIdentity',
              Condition: condition,
            },
          ],
        },
        { kind: 'trust', source },
      ),
    });
  const engine = compileModel(b.build());
  return new Map(weakFederatedTrusts(engine).map((f) => [f.subject, `${f.severity} ${f.message}`]));
}

describe('GitHub sub tested with StringEquals is a literal', () => {
  const findings = findingsOf({
    EqualsStar: { StringEquals: { [SUB]: 'repo:acme/*', ...AUD } },
    EqualsIgnoreCaseStar: { StringEqualsIgnoreCase: { [SUB]: 'repo:*' }, StringEquals: AUD },
    LikeStar: { StringLike: { [SUB]: 'repo:acme/*' }, StringEquals: AUD },
    LikeBesideEquals: {
      StringLike: { [SUB]: 'repo:*' },
      StringEquals: { [SUB]: 'repo:acme/infra:ref:refs/heads/main', ...AUD },
    },
  });

  it('StringEquals / StringEqualsIgnoreCase "repo:acme/*": no wildcard finding (was one)', () => {
    expect(findings.get(role('EqualsStar'))).toBeUndefined();
    expect(findings.get(role('EqualsIgnoreCaseStar'))).toBeUndefined();
  });

  it('StringLike "repo:acme/*" stays a wildcard over repositories', () => {
    expect(findings.get(role('LikeStar'))).toContain('wildcard over repositories (repo:acme/*)');
  });

  it('a StringLike wildcard ANDed with a StringEquals of one repository admits that one only', () => {
    expect(findings.get(role('LikeBesideEquals'))).toBeUndefined();
  });
});
