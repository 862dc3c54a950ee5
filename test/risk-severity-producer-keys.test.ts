// Every producer of a condition a finding's severity weighs carries the keys it is about, so the
// severity never depends on how describe.ts words a clause. With every clause described in words
// that never name its key (`describeClause` replaced), a public bucket and an API Gateway method
// whose access holds only under a TLS-only Deny are still high: the matrix cells' conditions carry
// the engine's facts (matrix/build.ts `matrixConditionFacts`), as the API method's decisions do
// (risk-api-methods.ts). Before, risk-severity.ts read these by their words
// (`TRANSPORT_WORDS`), and under other words they were low, as under a real condition. The Deny
// is written `BoolIfExists` with the key in another case: "Context key names are not
// case-sensitive. For example, including the aws:SourceIP context key is equivalent to testing
// for AWS:SourceIp." (IAM User Guide, "IAM JSON policy elements: Condition").
//
// Page: IAM User Guide, "AWS global condition context keys", aws:SecureTransport: "Use this key
// to check whether the request was sent using TLS."
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html

import { describe, expect, it, vi } from 'vitest';
import { reviewRisks } from '../src/analysis/risks.js';
import { allow, arns, deny, policy, TestModel } from './helpers/engine-fixtures.js';
import { apiTemplateFindings, helloApiTemplate } from './helpers/apigateway-templates.js';

vi.mock('../src/engine/conditions/describe.js', () => ({
  describeClause: (c: { operator: string }) => `a condition of the policy (${c.operator})`,
}));

const PAGE =
  'IAM User Guide, "AWS global condition context keys", aws:SecureTransport: "Use this key to check whether the request was sent using TLS"';

/** A TLS-only Deny for anyone, its key in another case and `BoolIfExists`. */
const tlsOnlyDeny = (action: string, resource: string) =>
  deny(action, resource, {
    Principal: '*',
    Condition: { BoolIfExists: { 'AWS:SECURETRANSPORT': 'false' } },
  });

describe(`outside access weighed by the keys of its matrix cells (${PAGE})`, () => {
  it('a public bucket under a TLS-only Deny: high whatever the words (was low)', () => {
    const t = new TestModel();
    t.bucket('tls', {
      policy: policy(
        allow('s3:GetObject', `${arns.bucket('tls')}/*`, { Principal: '*' }),
        tlsOnlyDeny('s3:*', `${arns.bucket('tls')}/*`),
      ),
    });
    const f = reviewRisks(t.engine()).find(
      (x) => x.kind === 'public-access' && x.subject === arns.bucket('tls'),
    );
    expect(f?.message).toContain('a condition of the policy');
    expect(f?.severity, PAGE).toBe('high');
  });

  it('near miss: a public bucket under aws:SourceIp: low', () => {
    const t = new TestModel();
    t.bucket('ip', {
      policy: policy(
        allow('s3:GetObject', `${arns.bucket('ip')}/*`, {
          Principal: '*',
          Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
        }),
      ),
    });
    const f = reviewRisks(t.engine()).find(
      (x) => x.kind === 'public-access' && x.subject === arns.bucket('ip'),
    );
    expect(f?.severity).toBe('low');
  });
});

/** A REST API whose resource policy lets anyone invoke, but for `extra`, running a function API Gateway may invoke. */
function openApi(extra: Record<string, unknown>[]) {
  return helloApiTemplate([
    { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
    ...extra,
  ]);
}

describe(`API Gateway methods weighed by the keys of their decisions (${PAGE})`, () => {
  it('an open method whose API policy has a TLS-only Deny: high whatever the words (was low)', () => {
    const [f] = apiTemplateFindings(openApi([tlsOnlyDeny('execute-api:Invoke', 'execute-api:/*')]));
    expect(f?.message).toContain('a condition of the policy');
    expect(f?.severity, PAGE).toBe('high');
  });

  it('near miss: an API policy letting anyone in only from some addresses: low', () => {
    const [f] = apiTemplateFindings(
      openApi([
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: 'execute-api:/*',
          Condition: { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
        },
      ]),
    );
    expect(f?.severity).toBe('low');
  });
});
