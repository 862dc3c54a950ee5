// A pass-role start in another Region than the principal's: IAM is global (a role is passed to
// compute in any Region), the start service is Regional, and a principal acts in any Region its
// policies allow. Before, the start requests named new compute only in the role's account's Region
// (us-west-2 here): a user allowed lambda:CreateFunction only on eu-west-1's functions got no
// pass-role finding and noEscalation stayed indeterminate ("a request outside the table may start
// it"). Now the names a start may take are searched in every Region (escalation-methods.ts
// `computeStep`: the pattern's Region `*`), so the witness search of the maker's policies
// (analysis/exhaustive.ts `patternResources`) tries eu-west-1's: a sure start there.
//
// Pages:
// - IAM User Guide, "Global services" / "IAM identifiers": IAM is a global service; a role's ARN
//   has no Region (`arn:aws:iam::account:role/name`).
// - AWS Lambda Developer Guide, "Lambda execution role": "You provide this role when you create a
//   function" (CreateFunction, Role parameter; the function is created in the Region the request
//   is sent to).
// - Service Authorization Reference, AWS Lambda, resource type function:
//   `arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}`.

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { modelOf } from './fixtures/cfn/load.js';
import { cfnAdminRole, cfnDevUser } from './helpers/cfn-templates.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';

const DEV = 'arn:aws:iam::111122223333:user/dev';
const LAMBDA = 'iam:PassRole to new lambda.amazonaws.com compute';
const PASS = { Action: 'iam:PassRole', Resource: '*' };

function review(createOn: string) {
  const engine = compileModel(
    modelOf(
      `Resources:\n${cfnAdminRole('Fn', 'fnadmin', 'lambda.amazonaws.com')}${cfnDevUser([
        PASS,
        { Action: 'lambda:CreateFunction', Resource: createOn },
      ])}`,
      { file: 'inline.yaml', stackName: 's' },
    ),
  );
  const found = [...escalationFindings(engine, [DEV]).values()];
  return { of: found.find((f) => f.detail === LAMBDA), check: noEscalationCheck(engine, 'user/dev') };
}

describe('pass-role starts in another Region than the principal’s', () => {
  it('lambda:CreateFunction only on eu-west-1: a sure start there (was: no finding, indeterminate)', () => {
    const r = review('arn:aws:lambda:eu-west-1:111122223333:function:*');
    expect(r.of).toBeDefined();
    expect(r.of?.indeterminate).toBeFalsy();
    expect(r.of?.message).toContain('in eu-west-1');
    expect(r.check.status).toBe('fail');
  });

  it('in the principal’s own Region: a sure start, as before', () => {
    const r = review('arn:aws:lambda:us-west-2:111122223333:function:*');
    expect(r.of?.indeterminate).toBeFalsy();
    expect(r.check.status).toBe('fail');
  });

  it('near miss: only in another account: no sure start', () => {
    const r = review('arn:aws:lambda:eu-west-1:444455556666:function:*');
    expect(r.of?.indeterminate ?? true).toBeTruthy();
    expect(r.check.status).not.toBe('fail');
  });
});
