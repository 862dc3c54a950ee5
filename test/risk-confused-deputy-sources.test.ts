// The source ARNs the confused-deputy finding tries (analysis/risk-confused-deputy.ts
// `sourceArnsFor`): the probe source (`arn:P:<service>:<region>:<other>:iamspec-any`) and a
// witness in the other account of each aws:SourceArn pattern of every policy that takes part in
// the service's request. Reproduction: the patterns were read from the resource policies only, so
// a resource control policy that denies the service principal unless the source is named
// `prod-*` (an RCP the organization writes against confused deputies) made the probe source
// denied and no other source tried: no finding, though another account's topic `prod-x` reaches
// the queue. Where the probe source is sound already (a Deny on `prod-*` sources, an Allow naming
// only sources in the account), the tests below prove it.
//
// Pages:
// - IAM User Guide, "The confused deputy problem", "Cross-service confused deputy prevention":
//   "We recommend using the aws:SourceArn, aws:SourceAccount, aws:SourceOrgID, or
//   aws:SourceOrgPaths global condition context keys in resource-based policies ..."
// - AWS Organizations User Guide, "Resource control policies (RCPs)": "RCPs offer central control
//   over the maximum available permissions for resources in your organization"; "Resource control
//   policy examples", "Cross-service confused deputy protection": a Deny for `"Principal": "*"`
//   where `"aws:PrincipalIsAWSService": "true"` and the source is not the organization's (an RCP
//   decides a service principal's request).
// - IAM User Guide, "Policy evaluation logic": "an explicit deny in any of these policies overrides
//   the allow".

import { describe, expect, it } from 'vitest';
import { reviewRisks } from '../src/analysis/risks.js';
import {
  ACCOUNT_A,
  allow,
  arns,
  deny,
  policy,
  RCP_FULL_AWS_ACCESS,
  TestModel,
} from './helpers/engine-fixtures.js';

const QUEUE = arns.queue('jobs');
const PROD = 'arn:aws:sns:*:*:prod-*';

function findings(
  o: { rcp?: unknown; extra?: Record<string, unknown>[]; condition?: object; governing?: unknown } = {},
) {
  const t = new TestModel();
  t.resource('sqs-queue', QUEUE, {
    name: 'jobs',
    policy: policy(
      allow('sqs:SendMessage', QUEUE, {
        Principal: { Service: 'sns.amazonaws.com' },
        ...(o.condition ? { Condition: o.condition } : {}),
      }),
      ...(o.extra ?? []),
    ),
  });
  if (o.rcp) t.rcp(ACCOUNT_A, o.rcp);
  if (o.governing) {
    // A policy kept under a stand-in ARN that may be the queue's too (`Resource.governs`: a share's).
    const shared = t.resource('sqs-queue', arns.queue('shared-stand-in'), { policy: o.governing });
    t.b.addGoverned(shared, [QUEUE]);
  }
  return reviewRisks(t.engine()).filter((f) => f.kind === 'confused-deputy');
}

const unlessProd = (op: string) =>
  deny('sqs:*', '*', {
    Principal: '*',
    Condition: { [op]: { 'aws:SourceArn': PROD }, Bool: { 'aws:PrincipalIsAWSService': 'true' } },
  });

describe('an RCP that lets the service in only for sources named prod-* (the reproduction)', () => {
  it('ArnNotLike aws:SourceArn prod-*: a finding, the prod- source of another account reaches the queue (was none)', () => {
    const f = findings({ rcp: policy(allow('*', '*', { Principal: '*' }), unlessProd('ArnNotLike')) });
    expect(f.map((x) => [x.subject, x.detail, x.severity])).toEqual([[QUEUE, 'sns.amazonaws.com', 'medium']]);
  });

  it('near-miss: the RCP pins the source account as well: no finding', () => {
    const pinned = deny('sqs:*', '*', {
      Principal: '*',
      Condition: {
        StringNotEquals: { 'aws:SourceAccount': ACCOUNT_A },
        Bool: { 'aws:PrincipalIsAWSService': 'true' },
      },
    });
    expect(
      findings({ rcp: policy(allow('*', '*', { Principal: '*' }), unlessProd('ArnNotLike'), pinned) }),
    ).toEqual([]);
  });
});

describe('where the probe source was sound already', () => {
  it('an RCP Deny only on prod-* sources: the probe source is not denied, a finding', () => {
    const f = findings({ rcp: policy(allow('*', '*', { Principal: '*' }), unlessProd('ArnLike')) });
    expect(f.map((x) => x.detail)).toEqual(['sns.amazonaws.com']);
  });

  it('the queue policy itself Denies unless prod-*: its own pattern is tried, a finding', () => {
    const own = deny('sqs:SendMessage', QUEUE, {
      Principal: '*',
      Condition: { ArnNotLike: { 'aws:SourceArn': PROD } },
    });
    expect(findings({ extra: [own] }).map((x) => x.detail)).toEqual(['sns.amazonaws.com']);
  });

  it('the default RCPFullAWSAccess alone: a finding', () => {
    expect(findings({ rcp: RCP_FULL_AWS_ACCESS }).map((x) => x.detail)).toEqual(['sns.amazonaws.com']);
  });
});

// Round 2: the patterns of every policy that takes part in the service's request (the engine's
// list, `Engine.policiesOf`: a policy governing the resource, `Resource.governs`, too), and a
// pattern with a policy variable (IAM User Guide, "IAM policy elements: Variables and tags": "you
// can use policy variables ... in the Resource element and in string comparisons in the Condition
// element"; its value is the request's, here the other account's: read as a wildcard for the
// witness). Before, a governing policy's pattern was never read and one holding a variable gave
// no witness: the probe source was denied and no other tried, no finding.
describe('patterns the resource policies did not give before', () => {
  it('a policy governing the queue Denies unless prod-*: a finding (was none)', () => {
    const governing = policy(
      allow('sqs:*', QUEUE, { Principal: '*' }),
      deny('sqs:*', QUEUE, { Principal: '*', Condition: { ArnNotLike: { 'aws:SourceArn': PROD } } }),
    );
    expect(findings({ governing }).map((x) => [x.subject, x.detail])).toEqual([[QUEUE, 'sns.amazonaws.com']]);
  });

  it('the Allow only for sources (the source account variable):prod-*: the other account\u2019s prod- topic, a finding (was none)', () => {
    const f = findings({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a policy variable
      condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:${aws:SourceAccount}:prod-*' } },
    });
    expect(f.map((x) => [x.subject, x.detail])).toEqual([[QUEUE, 'sns.amazonaws.com']]);
  });

  it('near miss: the Allow only for sources of this account named prod-*: no finding', () => {
    const f = findings({ condition: { ArnLike: { 'aws:SourceArn': `arn:aws:sns:*:${ACCOUNT_A}:prod-*` } } });
    expect(f).toEqual([]);
  });
});

// An account pattern with a wildcard (`9*`) lets in accounts outside the inputs, but the account
// the review invents for "another account" is picked to match as few of the model's patterns as it
// can (model/stand-ins.ts `unnamedAccount`), so it matched none: no finding, though account
// 9xxxxxxxxxxx's topics reach the queue. Now an account the pattern matches and the inputs do not
// name is tried too (`otherSourceAccounts`, model/stand-ins.ts `accountMatching`). IAM User Guide,
// "The confused deputy problem": "We recommend using the aws:SourceArn, aws:SourceAccount,
// aws:SourceOrgID, or aws:SourceOrgPaths global condition context keys in resource-based
// policies"; a pattern that admits accounts outside the inputs pins no source. AWS SDK for .NET,
// ConditionFactory.NewSourceArnCondition: "Each of the six colon-delimited components of the ARN
// is checked separately and each can include a wildcard" (the account field too).
describe('a source account pattern with a wildcard', () => {
  it('StringLike aws:SourceAccount 9*: a finding (was none)', () => {
    const f = findings({ condition: { StringLike: { 'aws:SourceAccount': '9*' } } });
    expect(f.map((x) => [x.subject, x.detail, x.severity])).toEqual([[QUEUE, 'sns.amazonaws.com', 'medium']]);
  });

  it('ArnLike aws:SourceArn with the account field 9*: a finding (was none)', () => {
    const f = findings({ condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:9*:*' } } });
    expect(f.map((x) => [x.subject, x.detail])).toEqual([[QUEUE, 'sns.amazonaws.com']]);
  });

  it('near miss: one other account named without a wildcard (pinned, a cross-account grant by intent): no finding', () => {
    expect(findings({ condition: { StringLike: { 'aws:SourceAccount': '999988887777' } } })).toEqual([]);
  });

  it('a pattern of 100 accounts, the inputs\u2019 one of them (1111222233??): the others, a finding', () => {
    const f = findings({ condition: { StringLike: { 'aws:SourceAccount': `${ACCOUNT_A.slice(0, 10)}??` } } });
    expect(f.map((x) => x.subject)).toEqual([QUEUE]);
  });
});
