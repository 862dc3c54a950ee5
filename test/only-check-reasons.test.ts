// Why an exhaustive check (`only`, `onlyPrincipals`) is indeterminate: its reasons are the engine's
// (the unknowns its witness decisions met: analysis/decision-reasons.ts), never the generic
// "the verdict depends on this statement" that a check falls back to when no decision names its
// unknown. Its witnesses are decided with a trace (free-decision.ts), so those name theirs; a
// witness no engine run decided (the claims of a federated caller too many to try, a witness
// search cut short: exhaustive.ts) states its unknown in the same way
// (`statedUnknownDecision`), so the check says what was not tried. Before, such a check said only
// that it depends on the trust statement.
// IAM User Guide, "Available keys for AWS web identity federation": "amr ... contains login
// information about the user" and "aud ... the application ID"; a trust that lets callers in by
// their claims is decided once per combination of the claim values its conditions tell apart
// (claim-witnesses.ts), at most 4096.

import { describe, expect, it } from 'vitest';
import { runCli, tempJson } from './fixtures/cli/run.js';

const ACCOUNT = '111122223333';
const values = (prefix: string) => Array.from({ length: 10 }, (_, i) => `${prefix}-${i}`);

async function checkJson(template: object, spec: string, ...extra: string[]) {
  const file = await tempJson('template.json', JSON.stringify(template, null, 2));
  const specFile = await tempJson('access.yaml', spec);
  const run = await runCli([
    'check',
    file,
    '--spec',
    specFile,
    '--account',
    ACCOUNT,
    '--format',
    'json',
    ...extra,
  ]);
  return JSON.parse(run.stdout).expectations[0].checks[0];
}

const GENERIC = 'the verdict depends on this statement';

describe("exhaustive checks: the reasons of an indeterminate verdict are the engine's", () => {
  it('onlyPrincipals with more claim combinations than it tries: the reason says which claims, not the statement', async () => {
    const template = {
      Resources: {
        Web: {
          Type: 'AWS::IAM::Role',
          Properties: {
            RoleName: 'web',
            AssumeRolePolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: { Federated: 'cognito-identity.amazonaws.com' },
                  Action: 'sts:AssumeRoleWithWebIdentity',
                  Condition: {
                    StringEquals: {
                      'cognito-identity.amazonaws.com:aud': values('us-east-1:pool'),
                      'cognito-identity.amazonaws.com:sub': values('us-east-1:id'),
                    },
                    'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': values('amr') },
                  },
                },
              ],
            },
          },
        },
      },
    };
    const spec = [
      'version: 1',
      'expect:',
      '  - id: nobody-enters',
      `    resource: arn:aws:iam::${ACCOUNT}:role/web`,
      '    action: sts:AssumeRoleWithWebIdentity',
      '    onlyPrincipals: []',
      '',
    ].join('\n');
    const check = await checkJson(template, spec);
    expect(check.status).toBe('indeterminate');
    const texts = (check.indeterminate.reasons as { text: string }[]).map((r) => r.text);
    expect(texts.join('\n')).not.toContain(GENERIC);
    expect(texts).toContainEqual(
      expect.stringMatching(
        /^the conditions on the claims of cognito-identity\.amazonaws\.com \(.*cognito-identity\.amazonaws\.com:amr\) give \d+ combinations to try, more than 4096$/,
      ),
    );
  });

  it('only: each indeterminate witness names its unknown (the parameter at its place), never the statement alone', async () => {
    const template = {
      Parameters: { Target: { Type: 'String' } },
      Resources: {
        Dev: {
          Type: 'AWS::IAM::User',
          Properties: {
            UserName: 'dev',
            Policies: [
              {
                PolicyName: 'dev',
                PolicyDocument: {
                  Version: '2012-10-17',
                  Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: { Ref: 'Target' } }],
                },
              },
            ],
          },
        },
      },
    };
    const spec = [
      'version: 1',
      'expect:',
      '  - id: dev-reads-only',
      '    principal: user/dev',
      '    only:',
      '      - { action: s3:GetObject, resource: "*" }',
      '',
    ].join('\n');
    const check = await checkJson(template, spec);
    expect(check.status).toBe('indeterminate');
    const reasons = check.indeterminate.reasons as {
      kind: string;
      text: string;
      source?: { line?: number };
    }[];
    expect(reasons.map((r) => r.text).join('\n')).not.toContain(GENERIC);
    expect(reasons).toContainEqual(
      expect.objectContaining({
        kind: 'unknown-resource',
        text: expect.stringContaining('parameter Target has no value'),
        source: expect.objectContaining({ line: expect.any(Number) }),
      }),
    );
    // pinned: decided, no reasons
    const pinned = await checkJson(template, spec, '--parameter', `Target=arn:aws:iam::${ACCOUNT}:role/app`);
    expect(pinned.status).toBe('fail');
    expect(pinned.indeterminate).toBeNull();
  });
});
