// A pass-role start allowed only in an opt-in Region: the Region may not be enabled in the
// account, so the path is at most indeterminate with that reason (never dropped). Before, a user
// allowed lambda:CreateFunction only on af-south-1's functions had a sure path ("in af-south-1")
// and noEscalation failed as if sure. Now (aws/opt-in-regions.ts, escalation-start-names.ts
// `withStartNames`) the alternative is open with why; an alternative in a default Region, or in the
// opt-in Region the inputs deploy to (enabled), stays sure.
//
// AWS Account Management Reference Guide, "Enable or disable AWS Regions in your account":
// "Default Regions – Regions launched before March 20, 2019 are enabled by default"; "Opt-in
// Regions – Regions launched after March 20, 2019 are disabled by default". AWS General
// Reference, "Managing AWS Regions": "If a Region is disabled by default, you must enable it
// before you can create and manage resources."

import { describe, expect, it } from 'vitest';
import { isOptInRegion } from '../src/aws/opt-in-regions.js';
import { devAndAdminEngine, devEscalations } from './helpers/pass-role-starts.js';

const LAMBDA = 'iam:PassRole to new lambda.amazonaws.com compute';
const PASS = { Action: 'iam:PassRole', Resource: '*' };

function review(createOn: string | string[], region?: string) {
  const create = { Action: 'lambda:CreateFunction', Resource: createOn };
  const r = devEscalations(devAndAdminEngine('lambda.amazonaws.com', [PASS, create], '', '', region));
  return { of: r.of(LAMBDA), why: r.why(LAMBDA), check: r.check };
}

it('the opt-in Regions: af-south-1, ap-east-1, me-south-1, eu-south-1 are; us-east-1, eu-west-1, eu-north-1 are not', () => {
  for (const r of ['af-south-1', 'ap-east-1', 'me-south-1', 'eu-south-1'])
    expect(isOptInRegion(r), r).toBe(true);
  for (const r of ['us-east-1', 'eu-west-1', 'eu-north-1', 'ap-northeast-3'])
    expect(isOptInRegion(r), r).toBe(false);
});

describe('pass-role starts only in an opt-in Region', () => {
  it('lambda:CreateFunction only on af-south-1: indeterminate, the Region may not be enabled (was: a sure path)', () => {
    const r = review('arn:aws:lambda:af-south-1:111122223333:function:*');
    expect(r.of).toBeDefined();
    expect(r.of?.indeterminate).toBeTruthy();
    expect(r.why).toContain('af-south-1 is an opt-in Region');
    expect(r.check.status).toBe('indeterminate');
  });

  it('near miss: also allowed in eu-west-1 (a default Region): a sure path', () => {
    const r = review([
      'arn:aws:lambda:af-south-1:111122223333:function:*',
      'arn:aws:lambda:eu-west-1:111122223333:function:*',
    ]);
    expect(r.of?.indeterminate).toBeFalsy();
    expect(r.check.status).toBe('fail');
  });

  it('near miss: the inputs deploy to af-south-1 (enabled there): a sure path', () => {
    const r = review('arn:aws:lambda:af-south-1:111122223333:function:*', 'af-south-1');
    expect(r.of?.indeterminate).toBeFalsy();
    expect(r.check.status).toBe('fail');
  });
});
