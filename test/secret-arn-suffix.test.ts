// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} is CloudFormation and Terraform syntax here.
// A Secrets Manager secret's ARN ends in six random characters even when the inputs name the
// secret: the model writes them as one unknown part of exactly six characters
// (src/aws/arn-formats.ts `ARN.secretOfName`, src/model/stand-ins.ts `unknownCharsPart`), never
// invented ones, so a policy's pattern decides a match only where every six characters agree.
// The same for what other services assign (a KMS key id, a CloudFront distribution id...), below.
// AWS pages the rules come from:
// - Secrets Manager API Reference, CreateSecret, Name
//   (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html):
//   "Do not end your secret name with a hyphen followed by six characters. If you do so, you risk
//   confusion and unexpected results when searching for a secret by partial ARN. Secrets Manager
//   automatically adds a hyphen and six random characters after the secret name at the end of
//   the ARN." CreateSecret, ARN: "The ARN includes the name of the secret followed by six random
//   characters."
// - CloudFormation Template Reference, AWS::SecretsManager::Secret, Return values: "Ref ... returns
//   the ARN of the secret"; Terraform aws_secretsmanager_secret exports `arn`.
// - IAM User Guide, "IAM JSON policy elements: Resource": `*` matches any combination of
//   characters, `?` any single character.

import { describe, expect, it } from 'vitest';
import { loadTerraformConfigObject } from '../src/adapters/terraform/index.js';
import { secretNameOfArn } from '../src/aws/arn-formats.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { ACCOUNT, modelOf } from './fixtures/cfn/load.js';
import { cfnUser } from './helpers/cfn-templates.js';
import { decide, verdict } from './helpers/engine-fixtures.js';

const PREFIX = `arn:aws:secretsmanager:us-west-2:${ACCOUNT}:secret:`;

/** A secret named db-creds, a user allowed GetSecretValue on `resource`, another user `other`. */
function template(resource: string): string {
  return `Resources:
  Creds:
    Type: AWS::SecretsManager::Secret
    Properties: {Name: db-creds}
  CredsPolicy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: !Ref Creds
      ResourcePolicy:
        Version: '2012-10-17'
        Statement:
          - {Effect: Allow, Principal: {AWS: !GetAtt Other.Arn}, Action: secretsmanager:GetSecretValue, Resource: '*'}
  Other: {Type: AWS::IAM::User, Properties: {UserName: other}}
${cfnUser('Dev', 'dev', 'p', [`{Effect: Allow, Action: secretsmanager:GetSecretValue, Resource: ${resource}}`], { version: true })}`;
}

/** A Terraform configuration (us-west-2, account ACCOUNT): `resources`, and user dev allowed `action` on `resource`. */
function tfUserModel(resources: Record<string, unknown>, action: string, resource: string): Model {
  const b = new ModelBuilder();
  loadTerraformConfigObject(
    {
      provider: { aws: [{ region: 'us-west-2', allowed_account_ids: [ACCOUNT] }] },
      resource: {
        ...resources,
        aws_iam_user: { dev: { name: 'dev' } },
        aws_iam_user_policy: {
          p: {
            user: '${aws_iam_user.dev.name}',
            policy: JSON.stringify({
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: action, Resource: resource }],
            }),
          },
        },
      },
    },
    b,
  );
  return b.build();
}

function secretOf(m: Model) {
  return m.resources.find((r) => r.kind === 'secretsmanager-secret')!;
}

function devVerdict(resource: string) {
  const m = modelOf(template(resource), { stackName: 'app' });
  const dev = m.users.find((u) => u.name === 'dev')!;
  return verdict(compileModel(m), dev.arn, 'secretsmanager:GetSecretValue', secretOf(m).arn);
}

describe('CloudFormation: a secret named db-creds has the ARN db-creds-XXXXXX, six unknown characters', () => {
  it('the ARN is the name, a hyphen and an unknown part of six characters (no invented suffix)', () => {
    const m = modelOf(template("'*'"), { stackName: 'app' });
    const s = secretOf(m);
    expect(s.name).toBe('db-creds');
    expect(s.arn).toMatch(
      /^arn:aws:secretsmanager:us-west-2:111122223333:secret:db-creds-\(unknown-6-chars=[^)]+\)$/,
    );
    expect(secretNameOfArn(s.arn)).toBe('db-creds');
    expect(secretNameOfArn(`${PREFIX}db-creds-AbCdEf`)).toBe('db-creds');
  });

  it('the reproduction: a policy naming secret:db-creds exactly names no secret (the real ARN has the suffix)', () => {
    expect(devVerdict(`'${PREFIX}db-creds'`)).toBe('deny');
  });

  it('secret:db-creds-?????? and secret:db-creds* name it whatever the six characters are', () => {
    expect(devVerdict(`'${PREFIX}db-creds-??????'`)).toBe('allow');
    expect(devVerdict(`'${PREFIX}db-creds*'`)).toBe('allow');
    expect(devVerdict(`'${PREFIX}db-creds-*'`)).toBe('allow');
    // the ARN `!Ref` returns is the secret's own
    expect(devVerdict('!Ref Creds')).toBe('allow');
  });

  it('five or seven `?` name no secret: the suffix is exactly six characters', () => {
    expect(devVerdict(`'${PREFIX}db-creds-?????'`)).toBe('deny');
    expect(devVerdict(`'${PREFIX}db-creds-???????'`)).toBe('deny');
  });

  it('a pattern on the six characters themselves is open: indeterminate, with the reason', () => {
    expect(devVerdict(`'${PREFIX}db-creds-Ab*'`)).toBe('indeterminate');
    expect(devVerdict(`'${PREFIX}db-creds-AbCdEf'`)).toBe('indeterminate');
    const m = modelOf(template(`'${PREFIX}db-creds-AbCdEf'`), { stackName: 'app' });
    const dev = m.users.find((u) => u.name === 'dev')!;
    const d = decide(compileModel(m), dev.arn, 'secretsmanager:GetSecretValue', secretOf(m).arn, {
      trace: true,
    });
    expect(JSON.stringify(d)).toContain('ends in characters AWS assigns at creation');
  });

  it('a request naming a deployed ARN db-creds-AbCdEf may be on the secret; db-creds-AbCdEfG cannot', () => {
    // `other` is allowed by the secret's resource policy alone (same account)
    const m = modelOf(template("'*'"), { stackName: 'app' });
    const other = m.users.find((u) => u.name === 'other')!;
    const engine = compileModel(m);
    expect(verdict(engine, other.arn, 'secretsmanager:GetSecretValue', secretOf(m).arn)).toBe('allow');
    expect(verdict(engine, other.arn, 'secretsmanager:GetSecretValue', `${PREFIX}db-creds-AbCdEf`)).not.toBe(
      'deny',
    );
    expect(verdict(engine, other.arn, 'secretsmanager:GetSecretValue', `${PREFIX}db-creds-AbCdEfG`)).toBe(
      'deny',
    );
    expect(verdict(engine, other.arn, 'secretsmanager:GetSecretValue', `${PREFIX}db-creds`)).toBe('deny');
  });
});

describe('Terraform: aws_secretsmanager_secret.arn ends in six unknown characters', () => {
  const tfModel = (resource: string): Model =>
    tfUserModel(
      { aws_secretsmanager_secret: { s: { name: 'db-creds' } } },
      'secretsmanager:GetSecretValue',
      resource,
    );
  const tfVerdict = (resource: string) => {
    const m = tfModel(resource);
    return verdict(compileModel(m), m.users[0]!.arn, 'secretsmanager:GetSecretValue', secretOf(m).arn);
  };

  it('the ARN is the name, a hyphen and an unknown part of six characters', () => {
    expect(secretOf(tfModel('*')).arn).toBe(
      `${PREFIX}db-creds-(unknown-6-chars=aws_secretsmanager_secret.s-suffix)`,
    );
  });

  it('secret:db-creds names nothing; db-creds-?????? and the resource’s own arn name it; db-creds-Ab* is open', () => {
    expect(tfVerdict(`${PREFIX}db-creds`)).toBe('deny');
    expect(tfVerdict(`${PREFIX}db-creds-??????`)).toBe('allow');
    expect(tfVerdict('${aws_secretsmanager_secret.s.arn}')).toBe('allow');
    // before, the suffix was the literal `??????`, which no policy naming real characters matched
    expect(tfVerdict(`${PREFIX}db-creds-AbCdEf`)).toBe('indeterminate');
    expect(tfVerdict(`${PREFIX}db-creds-Ab*`)).toBe('indeterminate');
  });
});

// The same class: a KMS key's id, which KMS assigns at creation (AWS KMS Developer Guide, "Key
// identifiers (KeyId)": "Key ID: A key identifier that uniquely identifies a KMS key within an
// account and Region", e.g. 1234abcd-12ab-34cd-56ef-1234567890ab): 36 unknown characters, never
// an invented UUID a policy naming a deployed key's id could be decided against.
describe('CloudFormation: a KMS key id is 36 unknown characters', () => {
  const KEY_PREFIX = `arn:aws:kms:us-west-2:${ACCOUNT}:key/`;
  function keyVerdict(resource: string) {
    const m = modelOf(
      `Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: '2012-10-17'
        Statement:
          - {Effect: Allow, Principal: {AWS: !Sub 'arn:aws:iam::\${AWS::AccountId}:root'}, Action: 'kms:*', Resource: '*'}
  Alias: {Type: AWS::KMS::Alias, Properties: {AliasName: alias/app, TargetKeyId: !Ref Key}}
${cfnUser('Dev', 'dev', 'p', [`{Effect: Allow, Action: kms:Decrypt, Resource: ${resource}}`], { version: true })}`,
      { stackName: 'app' },
    );
    const key = m.resources.find((r) => r.kind === 'kms-key')!;
    return { key, v: verdict(compileModel(m), m.users[0]!.arn, 'kms:Decrypt', key.arn) };
  }

  it('the key ARN ends in the unknown id; key/* and the GetAtt Arn name it', () => {
    const { key, v } = keyVerdict("'*'");
    expect(key.arn).toMatch(
      /^arn:aws:kms:us-west-2:111122223333:key\/\(unknown-36-chars=Key-[0-9a-f]{6}-key-id\)$/,
    );
    expect(v).toBe('allow');
    expect(keyVerdict(`'${KEY_PREFIX}*'`).v).toBe('allow');
    expect(keyVerdict('!GetAtt Key.Arn').v).toBe('allow');
    // the model does not keep where the id's hyphens are (any 36 characters): a pattern spelling
    // them is open, a known loss of precision
    expect(keyVerdict(`'${KEY_PREFIX}????????-????-????-????-????????????'`).v).toBe('indeterminate');
    expect(keyVerdict(`'${KEY_PREFIX}${'?'.repeat(36)}'`).v).toBe('allow');
  });

  it("a deployed key's id may be this key's: indeterminate; an id of another length is not", () => {
    expect(keyVerdict(`'${KEY_PREFIX}1234abcd-12ab-34cd-56ef-1234567890ab'`).v).toBe('indeterminate');
    expect(keyVerdict(`'${KEY_PREFIX}1234abcd'`).v).toBe('deny');
  });
});

// Ids a service assigns at creation (a CloudFront distribution's, an API's, a VPC endpoint's, a
// file system's, an instance's): an unknown part after the documented prefix (`vpce-`, `fs-`,
// `i-`), never an invented id. CloudFront Developer Guide, "Restricting access to an Amazon S3
// origin": the bucket policy's condition names the distribution,
// `"AWS:SourceArn": "arn:aws:cloudfront::111122223333:distribution/<CloudFront distribution ID>"`,
// an id known only once the distribution exists.
describe('CloudFormation: ids AWS assigns are unknown parts', () => {
  const m = modelOf(
    `Resources:
  Dist: {Type: AWS::CloudFront::Distribution, Properties: {DistributionConfig: {Enabled: true}}}
  Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: api}}
  Endpoint: {Type: AWS::EC2::VPCEndpoint, Properties: {ServiceName: com.amazonaws.us-west-2.s3, VpcId: vpc-1}}
  Files: {Type: AWS::EFS::FileSystem}
  Probe:
    Type: AWS::IAM::User
    Properties:
      UserName: probe
      Tags:
        - {Key: dist, Value: !Ref Dist}
        - {Key: domain, Value: !GetAtt Dist.DomainName}
        - {Key: api, Value: !Ref Api}
        - {Key: vpce, Value: !Ref Endpoint}
        - {Key: fs, Value: !Ref Files}
`,
    { stackName: 'app' },
  );
  const tags = m.users.find((u) => u.name === 'probe')!.tags;

  it('each is its prefix and an unknown part, the distribution domain its own part', () => {
    expect(tags.dist).toMatch(/^\(unknown-Dist-distribution-id-[0-9a-f]{6}\)$/);
    expect(tags.domain).toMatch(/^\(unknown-Dist-domain-[0-9a-f]{6}\)\.cloudfront\.net$/);
    expect(tags.api).toMatch(/^\(unknown-Api-api-id-[0-9a-f]{6}\)$/);
    expect(tags.vpce).toMatch(/^vpce-\(unknown-Endpoint-endpoint-id-[0-9a-f]{6}\)$/);
    expect(tags.fs).toMatch(/^fs-\(unknown-Files-file-system-id-[0-9a-f]{6}\)$/);
  });
});

describe('Terraform: aws_kms_key ids are 36 unknown characters too', () => {
  it("a policy naming a deployed key's id may name the key: indeterminate, not deny", () => {
    const verdictOn = (resource: string) => {
      const m = tfUserModel({ aws_kms_key: { k: { description: 'k' } } }, 'kms:Decrypt', resource);
      const key = m.resources.find((r) => r.kind === 'kms-key')!;
      expect(key.arn).toBe(`arn:aws:kms:us-west-2:${ACCOUNT}:key/(unknown-36-chars=aws_kms_key.k-key-id)`);
      return verdict(compileModel(m), m.users[0]!.arn, 'kms:Decrypt', key.arn);
    };
    const keys = `arn:aws:kms:us-west-2:${ACCOUNT}:key/`;
    expect(verdictOn(`${keys}1234abcd-12ab-34cd-56ef-1234567890ab`)).toBe('indeterminate');
    expect(verdictOn(`${keys}*`)).toBe('allow');
    expect(verdictOn('${aws_kms_key.k.arn}')).toBe('allow');
  });
});

// Lambda API Reference, PublishLayerVersion: "Each time you call PublishLayerVersion with the same
// layer name, a new version is created": the number is known only once published.
describe('CloudFormation: a layer version number is unknown', () => {
  const layerVerdict = (resource: string) => {
    const m = modelOf(
      `Resources:
  Lib: {Type: AWS::Lambda::LayerVersion, Properties: {LayerName: lib, Content: {S3Bucket: b, S3Key: k}}}
${cfnUser('Dev', 'dev', 'p', [`{Effect: Allow, Action: lambda:GetLayerVersion, Resource: ${resource}}`], { version: true })}`,
      { stackName: 'app' },
    );
    const layer = m.resources.find((r) => r.kind === 'lambda-layer-version')!;
    expect(layer.arn).toBe(`arn:aws:lambda:us-west-2:${ACCOUNT}:layer:lib:(unknown-layer-version)`);
    return verdict(compileModel(m), m.users[0]!.arn, 'lambda:GetLayerVersion', layer.arn);
  };
  const LAYERS = `arn:aws:lambda:us-west-2:${ACCOUNT}:layer:`;

  it('layer:lib:1 may be it (indeterminate, not deny); layer:lib:* and the Ref are it; layer:other:1 is not', () => {
    expect(layerVerdict(`'${LAYERS}lib:1'`)).toBe('indeterminate');
    expect(layerVerdict(`'${LAYERS}lib:*'`)).toBe('allow');
    expect(layerVerdict('!Ref Lib')).toBe('allow');
    expect(layerVerdict(`'${LAYERS}other:1'`)).toBe('deny');
  });
});
