// The names tried for a passed role's new compute (analysis/escalation-start-names.ts
// `withStartNames`) are capped at 16 per resource; the witness search splits the names by every
// account the model names where a `*` may span `:`. Before, those account splits came first, so
// with many accounts a class of names a policy allows (`function:very-long-team-name-*`) was cut:
// the review had no pass-role finding (its search-limit fallback was not made indeterminate) and
// noEscalation was indeterminate only through the graph's fallback edge. Now every class is tried
// first (`classesFirst`), and where the cap still cuts, the review's finding is indeterminate
// with why, as the graph's edge is (never a silent nothing).
// Pages:
// - IAM User Guide, "Grant a user permissions to pass a role to an AWS service": "To pass a role
//   (and its permissions) to an AWS service, a user must have permissions to pass the role to the
//   service." https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
// - AWS Lambda Developer Guide, "Fine-tuning the Resources and Conditions sections of policies":
//   "For many actions, you can restrict the resources that a user can modify by specifying the
//   Amazon Resource Name (ARN) of a resource, or an ARN pattern that matches multiple resources."

import { describe, expect, it } from 'vitest';
import { classesFirst, withStartNames } from '../src/analysis/escalation-start-names.js';
import { allow, arns, deny, policy, TestModel } from './helpers/engine-fixtures.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';

const PAGE =
  'IAM User Guide, "Grant a user permissions to pass a role to an AWS service": "a user must have permissions to pass the role to the service"';
const DEV = arns.user('dev');
const ANY_LAMBDA = 'iam:PassRole to new lambda.amazonaws.com compute';
const LAMBDA_TRUST = policy(
  allow('sts:AssumeRole', undefined, { Principal: { Service: 'lambda.amazonaws.com' } }),
);

function engineWith(accounts: number, statements: object[], more: object[][] = []) {
  const t = new TestModel();
  for (let i = 0; i < accounts; i++) t.b.addAccount(String(900000000000 + i), 'us-east-1');
  t.role('svcadmin', { trust: LAMBDA_TRUST, inline: [policy(allow('*', '*'))] });
  t.user('dev', {
    // the policies of `more` first
    inline: [
      ...more.map((m) => policy(...(m as never[]))),
      policy(allow('iam:PassRole', '*'), ...(statements as never[])),
    ],
  });
  return t.engine();
}

describe(`a class of names past the account splits (${PAGE})`, () => {
  // Names in another Region than the accounts': the searched witnesses list the account splits
  // (`function:900000000000:` ...) before the class `very-long-team-name-`.
  const e = engineWith(6, [
    allow('lambda:CreateFunction', 'arn:aws:lambda:*:*:function:very-long-team-name-*'),
  ]);
  const FN = 'arn:aws:lambda:us-east-1:111122223333:function:';

  it('withStartNames tries the class within its 16 names (was: cut, the allowed name never tried)', () => {
    const named = withStartNames(
      e,
      DEV,
      [{ steps: [{ action: 'lambda:CreateFunction', resource: `${FN}iamspec-any`, names: `${FN}*` }] }],
      () => false,
    );
    const tried = named.alternatives.map((a) => a.steps[0]!.resource);
    expect(
      tried.some((r) => r.startsWith(`${FN}very-long-team-name-`)),
      PAGE,
    ).toBe(true);
    // account splits were cut: not every name was tried
    expect(named.complete).toBe(false);
  });

  it('classesFirst: names without an account id first, in their order', () => {
    expect(
      classesFirst(
        ['arn:x:function::', 'arn:x:function:111122223333:', 'arn:x:function:a-', 'arn:x:function:1:2'],
        'arn:x:function:*',
      ),
    ).toEqual([
      'arn:x:function::',
      'arn:x:function:a-',
      'arn:x:function:1:2',
      'arn:x:function:111122223333:',
    ]);
  });
});

describe('more classes than the cap: the review is indeterminate with why, never nothing', () => {
  // 24 names a Deny tells apart (each its own policy), the one allowed class past them.
  const denies = Array.from({ length: 24 }, (_, i) => [
    deny('lambda:CreateFunction', `arn:aws:lambda:*:*:function:d${String(i).padStart(2, '0')}`),
  ]);
  const e = engineWith(
    0,
    [allow('lambda:CreateFunction', 'arn:aws:lambda:*:*:function:zzzz-very-long-team-name-*')],
    denies,
  );

  it('the review finding is indeterminate, saying a name was not tried (was: no finding)', () => {
    const f = escalationFindings(e, [DEV]).get(`${DEV} ${ANY_LAMBDA}`);
    expect(f).toBeDefined();
    expect(f!.indeterminate?.reasons.map((r) => r.text).join(' ')).toMatch(
      /not every name of the new lambda.amazonaws.com compute, of those its policies tell apart, was tried/,
    );
    expect(noEscalationCheck(e, 'user/dev').status).toBe('indeterminate');
  });
});
