// A condition whose words hold `aws:SecureTransport` but that is about another key is a real
// condition: risk-severity.ts weighs each condition by the keys its producer reports, never by its
// words. Before, a condition no decision reported keys of was matched in its words
// (`TRANSPORT_WORDS`): a public bucket letting anyone in only from a referer whose value held the
// text, an API Gateway method whose API policy did, were high (as if unconditional) instead of
// low; and the condition a session-tag choice adds (escalation-caller-choices.ts, a tag key that
// holds the text) read as transport-only. Now the matrix cells carry the engine's facts
// (matrix/build.ts `matrixConditionFacts`), the API method's decisions theirs
// (risk-api-methods.ts), and a caller's choice the keys it meets (`CallerChoice.conditionFacts`).
// Likewise whether a federated trust lets every user of its provider in (federated-trust.ts
// `opensToAnyone`) asks whether a condition is a Deny's by the engine's report
// (`ConditionFacts.deny`), not by `(Deny of ` in its words: a GitHub Actions trust with no `sub`
// whose `aud` value held that text was weighed as limited (medium) instead of open (high).
//
// Pages:
// - IAM User Guide, "AWS global condition context keys", aws:SecureTransport: "Use this key to
//   check whether the request was sent using TLS." (aws:Referer is another key: who links to the
//   bucket, a real limit).
// - GitHub Docs, "Configuring OpenID Connect in Amazon Web Services": "AWS Identity and Access
//   Management (IAM) recommends that users evaluate the IAM condition key,
//   token.actions.githubusercontent.com:sub, in the trust policy of any role that trusts GitHub's
//   OIDC identity provider (IdP)." (without it, any repository's workflow gets in).
// - IAM User Guide, "Passing session tags in AWS STS": "When you use the session credentials to
//   make a subsequent request, the request context includes the aws:PrincipalTag context key".

import { describe, expect, it } from 'vitest';
import { endTagChoice } from '../src/analysis/escalation-caller-choices.js';
import { reviewRisks } from '../src/analysis/risks.js';
import { compileModel } from '../src/engine/index.js';
import { modelOf } from './fixtures/cfn/load.js';
import { transportOnly } from '../src/analysis/risk-severity.js';
import { allow, arns, ACCOUNT_A, policy, TestModel } from './helpers/engine-fixtures.js';
import { apiTemplateFindings, helloApiTemplate } from './helpers/apigateway-templates.js';

/** A value holding the text `aws:SecureTransport`: about the referer, not the transport. */
const REFERER = { StringLike: { 'aws:Referer': 'https://shop.example.com/aws:SecureTransport/*' } };

describe('a condition whose words name aws:SecureTransport but whose key is another', () => {
  it('a public bucket open only to a referer: low (was high)', () => {
    const t = new TestModel();
    t.bucket('ref', {
      policy: policy(
        allow('s3:GetObject', `${arns.bucket('ref')}/*`, { Principal: '*', Condition: REFERER }),
      ),
    });
    const f = reviewRisks(t.engine()).find(
      (x) => x.kind === 'public-access' && x.subject === arns.bucket('ref'),
    );
    expect(f?.message).toContain('aws:SecureTransport');
    expect(f?.severity).toBe('low');
  });

  it('an API Gateway method whose API policy lets anyone in only from a referer: low (was high)', () => {
    const [f] = apiTemplateFindings(
      helloApiTemplate([
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: 'execute-api:/*',
          Condition: REFERER,
        },
      ]),
    );
    expect(f?.message).toContain('aws:SecureTransport');
    expect(f?.severity).toBe('low');
  });

  it('a session tag the caller sets, its key holding the text: a real condition (was transport-only)', () => {
    const t = new TestModel();
    const user = t.user('dev', { inline: [policy(allow(['sts:AssumeRole', 'sts:TagSession'], '*'))] });
    const role = t.role('admin', {
      trust: policy(
        allow(['sts:AssumeRole', 'sts:TagSession'], '*', { Principal: { AWS: arns.root(ACCOUNT_A) } }),
      ),
    });
    const hop = { from: user, role, access: 'allow' as const, conditions: [], grants: [] };
    const choice = endTagChoice(t.engine(), hop, ['aws:principaltag/mode-aws:securetransport']);
    expect(choice?.conditions).toEqual([
      'session tag aws:PrincipalTag/mode-aws:securetransport may be set by the caller (sts:TagSession)',
    ]);
    expect(transportOnly(choice!.conditions, choice!.conditionFacts)).toBe(false);
  });
});

describe('a federated trust open to every user of its provider, whatever its values say', () => {
  it('GitHub Actions without sub, an aud value holding "(Deny of ": high, the trust open to any repository (was medium)', () => {
    const gh = 'token.actions.githubusercontent.com';
    const role = {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'deploy',
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${gh}` },
              Action: 'sts:AssumeRoleWithWebIdentity',
              Condition: { StringEquals: { [`${gh}:aud`]: 'sts.amazonaws.com (Deny of none)' } },
            },
          ],
        },
        ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
      },
    };
    const risks = reviewRisks(
      compileModel(modelOf(JSON.stringify({ Resources: { Deploy: role } }), { file: 'deploy.json' })),
    );
    const f = risks.find((x) => x.kind === 'outside-escalation');
    expect(f?.message).toContain('(Deny of none)');
    expect(f?.severity).toBe('high');
  });
});
