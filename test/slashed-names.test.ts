// Names that may hold `/`: an unknown part of a secret's, an ECR repository's, an event bus's, an
// SSM parameter's or a log group's name (src/model/slashed-names.ts) may stand for text with `/`
// in it (`app/db`, `team/api`), so a pattern such as `secret:app/*` may name it: MAYBE, never NO
// (src/engine/unknown-names.ts `partMayHold`); nor does the rule "a pattern naming one element
// names no other" (`CreatedElements`) reach past a `/` of such a name. AWS pages:
// - Secrets Manager API Reference, CreateSecret, Name: "The secret name can contain ASCII
//   letters, numbers, and the following characters: /_+=.@-".
// - Amazon ECR API Reference, CreateRepository, repositoryName: "The repository name must start
//   with a letter and can only contain lowercase letters, numbers, hyphens, underscores, periods
//   and forward slashes".
// - Amazon EventBridge API Reference, CreateEventBus, Name: pattern `[/\.\-_A-Za-z0-9]+`.
// - AWS Systems Manager API Reference, PutParameter, Name: a hierarchy
//   (`/Dev/DBServer/MySQL/db-string13`).
// - Amazon CloudWatch Logs API Reference, CreateLogGroup, logGroupName: pattern `[\.\-_/#A-Za-z0-9]+`.

import { describe, expect, it } from 'vitest';
import { nameMayHoldSlash } from '../src/model/slashed-names.js';
import { compileModel } from '../src/engine/index.js';
import { bindings } from '../src/engine/name-worlds.js';
import { CreatedElements } from '../src/model/created-elements.js';
import { matchUnknownName, noteElementArn, patternTokens } from '../src/engine/unknown-names.js';
import { compileArnPattern } from '../src/policy/wildcard.js';
import { modelOf } from './fixtures/cfn/load.js';
import { verdict } from './helpers/engine-fixtures.js';
import { cfnUser } from './helpers/cfn-templates.js';

const R = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:';

function match(pattern: string, value: string, elements?: CreatedElements) {
  return matchUnknownName(patternTokens([pattern]), value, compileArnPattern(pattern).test(value), elements);
}

describe('which names may hold `/`', () => {
  it('secrets, ECR repositories, event buses, SSM parameters, log groups, KMS aliases, S3 keys', () => {
    const yes = [
      R,
      `${R}app/`,
      'arn:aws:ecr:eu-west-1:111122223333:repository/',
      'arn:aws:events:eu-west-1:111122223333:event-bus/',
      'arn:aws:ssm:eu-west-1:111122223333:parameter/',
      'arn:aws:logs:eu-west-1:111122223333:log-group:',
      'arn:aws:kms:eu-west-1:111122223333:alias/',
      'arn:aws:s3:::bucket/',
    ];
    const no = [
      'arn:aws:iam::111122223333:role/',
      'arn:aws:s3:::',
      'arn:aws:sqs:eu-west-1:111122223333:',
      'arn:aws:dynamodb:eu-west-1:111122223333:table/',
      'arn:aws:lambda:eu-west-1:111122223333:function:',
      'arn:aws:sns:eu-west-1:111122223333:',
    ];
    expect(yes.filter((p) => !nameMayHoldSlash(p))).toEqual([]);
    expect(no.filter((p) => nameMayHoldSlash(p))).toEqual([]);
  });
});

describe('matching an unknown part of a name that may hold `/`', () => {
  const s = `${R}(unknown-slash-test-S)-AbCdEf`;
  const t = `${R}(unknown-slash-test-T)-GhIjKl`;
  noteElementArn(s);
  noteElementArn(t);

  it('secret:app/* may name the secret whose name is unknown (was NO)', () => {
    expect(match(`${R}app/*`, s)).toBe(2);
    expect(match(`${R}app/db-*`, s)).toBe(2);
    // no name holds `:`
    expect(match(`${R}app:x*`, s)).toBe(0);
    // a role's name holds no `/`
    expect(
      match('arn:aws:iam::111122223333:role/app/x', 'arn:aws:iam::111122223333:role/(unknown-slash-test-R)'),
    ).toBe(0);
  });

  it("a pattern going on after one secret's name with a `/` may name the other (its name may be that and more)", () => {
    const both = new CreatedElements([s, t]);
    expect(match(`${s}/*`, t, both)).toBe(2);
    // exactly one secret's ARN still names no other
    expect(match(s, t, both)).toBe(0);
  });

  it('a request naming `app/db-…` may be on the secret: one binding holds a `/`', () => {
    const pieces = [R, '(unknown-slash-test-S)', '-AbCdEf'];
    expect(bindings(pieces, `${R}app/db-AbCdEf`, 4).map((b) => [...b.values()])).toEqual([['app/db']]);
  });
});

describe('the reproduction: a secret, a repository and an event bus named from parameters', () => {
  const m = modelOf(
    `Parameters:
  SecretName: {Type: String}
  RepoName: {Type: String}
  BusName: {Type: String}
Resources:
  S: {Type: AWS::SecretsManager::Secret, Properties: {Name: !Ref SecretName}}
  R: {Type: AWS::ECR::Repository, Properties: {RepositoryName: !Ref RepoName}}
  E: {Type: AWS::Events::EventBus, Properties: {Name: !Ref BusName}}
${cfnUser('U', 'u', 'p', [
  `{Effect: Allow, Action: 'secretsmanager:GetSecretValue', Resource: !Sub 'arn:aws:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:app/*'}`,
  `{Effect: Allow, Action: 'ecr:BatchGetImage', Resource: !Sub 'arn:aws:ecr:\${AWS::Region}:\${AWS::AccountId}:repository/team/*'}`,
  `{Effect: Allow, Action: 'events:PutEvents', Resource: !Sub 'arn:aws:events:\${AWS::Region}:\${AWS::AccountId}:event-bus/team/*'}`,
])}`,
    { stackName: undefined },
  );
  const e = compileModel(m);
  const u = m.users[0]!.arn;
  const arn = (id: string) => m.resources.find((r) => r.source.logicalId === id)!.arn;

  it('each may be named by the grant (its name may be app/… or team/…): indeterminate, was deny', () => {
    expect(arn('S')).toContain('(unknown-');
    expect(verdict(e, u, 'secretsmanager:GetSecretValue', arn('S'))).toBe('indeterminate');
    expect(verdict(e, u, 'ecr:BatchGetImage', arn('R'))).toBe('indeterminate');
    expect(verdict(e, u, 'events:PutEvents', arn('E'))).toBe('indeterminate');
  });
});
