// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} is CloudFormation syntax here.
// An `only` check's allowed entries against witnesses whose name the inputs leave partly unknown,
// by the engine's rule for such names (src/engine/unknown-names.ts): an entry covers a witness
// when it names every name the witness may have (`patternNamesEvery`), and is used when it may
// name a witness the principal can reach (`patternMayNameUnknown`), so it is not reported unused.
// - The reproduction: an entry naming every name a secret may have (`db-creds-??????`: Secrets
//   Manager adds six random characters) did not cover the secret's ARN, whose last part is the
//   `(unknown-6-chars=…)` marker: the entry was matched against the marker text first, so the
//   check failed on access the entry allows (the engine's matching fills the part first).
// - Held already: an entry that only may name the witness (`app-data-x*/*` for a bucket named
//   `app-data-(unknown-generated-…)`) is not reported unused, also when the bucket's own policy
//   grants, and after a scan stopped at its witness limit: the witness search splits the
//   resources by the entry, and the engine decides a concrete name inside it as one the bucket
//   may have (indeterminate), which uses the entry.
// AWS pages the rules come from:
// - IAM User Guide, "IAM JSON policy elements: Resource": "You can use wildcard characters (* and
//   ?) within any ARN segment (the parts separated by colons) ... An asterisk (*) represents any
//   combination of zero or more characters, and a question mark (?) represents any single
//   character."
// - Secrets Manager User Guide, "Permissions policy examples": "Secrets Manager appends a hyphen
//   and six random characters to the secret name ... use the wildcard ?????? to match the
//   random characters".
// - CloudFormation Template Reference, AWS::S3::Bucket, BucketName: "If you don't specify a name,
//   AWS CloudFormation generates a unique ID and uses that ID for the bucket name."

import { describe, expect, it } from 'vitest';
import { checkOnly } from '../src/analysis/exhaustive.js';
import { WitnessResources } from '../src/analysis/witness-resources.js';
import { compileModel } from '../src/engine/index.js';
import { modelOf } from './fixtures/cfn/load.js';
import { cfnBucketPolicy, cfnUser } from './helpers/cfn-templates.js';

describe('an only entry that may name a bucket whose name CloudFormation generates', () => {
  const m = modelOf(
    `Resources:
  Data:
    Type: AWS::S3::Bucket
${cfnUser('Dev', 'dev', 'p', [])}              - {Effect: Allow, Action: 's3:GetObject', Resource: !Sub '\${Data.Arn}/*'}
`,
    { stackName: 'App' },
  );
  const only = (resource: string) =>
    checkOnly(compileModel(m), m.users[0]!.arn, [{ action: 's3:GetObject', resource }]);

  it('the entry is not reported unused (it may be the one the access needs)', () => {
    const r = only('arn:aws:s3:::app-data-x*/*');
    expect(r.holds).toBe(false);
    expect(r.unused).toEqual([]);
  });

  it('an entry that cannot name it is unused', () => {
    const r = only('arn:aws:s3:::other-*/*');
    expect(r.holds).toBe(false);
    expect(r.unused.map((e) => e.resource)).toEqual(['arn:aws:s3:::other-*/*']);
  });

  it('an entry naming every name it may have covers it and is used', () => {
    const r = only('arn:aws:s3:::app-data-*/*');
    expect(r.holds).toBe(true);
    expect(r.unused).toEqual([]);
  });
});

describe('an only entry that may name a bucket whose policy alone grants', () => {
  // the grant is the bucket's own policy: a concrete name inside the entry is another bucket
  const m = modelOf(
    `Resources:
  Data:
    Type: AWS::S3::Bucket
${cfnBucketPolicy('DataPolicy', 'Data', [
  "{Effect: Allow, Principal: {AWS: !GetAtt Dev.Arn}, Action: 's3:GetObject', Resource: !Sub '${Data.Arn}/*'}",
])}${cfnUser('Dev', 'dev', 'p', [])}              - {Effect: Allow, Action: 'sqs:ListQueues', Resource: '*'}
`,
    { stackName: 'App' },
  );
  const only = (resource: string) =>
    checkOnly(compileModel(m), m.users[0]!.arn, [
      { action: 's3:GetObject', resource },
      { action: 'sqs:ListQueues', resource: '*' },
    ]);

  it('the entry is not reported unused (it may name the bucket)', () => {
    const r = only('arn:aws:s3:::app-data-x*/*');
    expect(r.holds).toBe(false);
    // the bucket (whose name the entry may or may not cover)
    expect(r.violations.map((v) => v.resource)).toContainEqual(
      expect.stringMatching(/app-data-\(unknown-generated-/),
    );
    expect(r.unused).toEqual([]);
  });

  it('an entry that cannot name it is unused', () => {
    const r = only('arn:aws:s3:::other-*/*');
    expect(r.unused.map((e) => e.resource)).toEqual(['arn:aws:s3:::other-*/*']);
  });

  it('the bucket itself is the witness: no name it may have is shown besides (was: arn:aws:s3:::app-data-/z)', () => {
    // A request on a name the bucket may have is allowed only where that name is the bucket's:
    // the bucket's own witness stands for it (a class of such names made a CDK app's toOnlyAllow
    // of its own constructs indeterminate: test/testing-cdk-references.test.ts).
    const r = only('arn:aws:s3:::app-data-x*/*');
    expect(r.violations.filter((v) => !v.resource.includes('(unknown-'))).toEqual([]);
    expect(r.violations.map((v) => v.resource)).not.toContainEqual(expect.stringMatching(/app-data-\//));
  });
});

describe("a policy pattern whose searched witness leaves the bucket name's unknown part empty (witness-resources.ts `filledRuns`)", () => {
  // The user's pattern `app-data-*/*` may name the objects of the bucket `app-data-(unknown-…)`;
  // the search's shortest witness of one of its classes took the bucket's unknown part as the
  // empty run (`arn:aws:s3:::app-data-/…`), a name no one would give. `filledRuns` shows another
  // member of the same class instead: the decision is the same, only the example changes.
  const m = modelOf(
    `Resources:
  Data:
    Type: AWS::S3::Bucket
${cfnUser('Dev', 'dev', 'p', [])}              - {Effect: Allow, Action: 's3:GetObject', Resource: 'arn:aws:s3:::app-data-*/*'}
`,
    { stackName: 'App' },
  );
  const witnesses = new WitnessResources(m).forAction({
    action: 's3:GetObject',
    patterns: ['arn:aws:s3:::app-data-*/*'],
    principalAccount: '111122223333',
  }).resources;
  const decide = (resource: string) =>
    compileModel(m).decide({ principal: m.users[0]!.arn, action: 's3:GetObject', resource }).decision;

  it('the reproduction: the witness is shown with the part filled (was: arn:aws:s3:::app-data-/:111122223333:)', () => {
    expect(witnesses).toContain('arn:aws:s3:::app-data-example/:111122223333:');
    expect(witnesses).not.toContainEqual(expect.stringMatching(/app-data-\//));
  });

  it('the filled witness is decided as the empty one (the same class)', () => {
    expect(decide('arn:aws:s3:::app-data-example/:111122223333:')).toBe(
      decide('arn:aws:s3:::app-data-/:111122223333:'),
    );
  });
});

describe('an only entry naming a secret with ?????? for the six characters AWS adds', () => {
  const m = modelOf(`Resources:
  Creds:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: db-creds
${cfnUser('Dev', 'dev', 'p', [])}              - {Effect: Allow, Action: 'secretsmanager:GetSecretValue', Resource: !Ref Creds}
`);
  const only = (resource: string) =>
    checkOnly(compileModel(m), m.users[0]!.arn, [{ action: 'secretsmanager:GetSecretValue', resource }]);

  it('the secret ARN ends in the six unknown characters', () => {
    expect(m.resources.map((r) => r.arn)).toEqual([
      expect.stringMatching(/:secret:db-creds-\(unknown-6-chars=/),
    ]);
  });

  it('the reproduction: the entry covers the secret (was: a violation, the entry matched against the marker text)', () => {
    const r = only('arn:aws:secretsmanager:us-west-2:111122223333:secret:db-creds-??????');
    expect(r.violations).toEqual([]);
    expect(r.holds).toBe(true);
    expect(r.unused).toEqual([]);
  });

  it('five characters do not cover it, nor are they used', () => {
    const r = only('arn:aws:secretsmanager:us-west-2:111122223333:secret:db-creds-?????');
    expect(r.holds).toBe(false);
    expect(r.unused.length).toBe(1);
  });

  it('after a scan stopped at its witness limit, the entry is used', () => {
    const two = modelOf(`Resources:
  Creds:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: db-creds
${cfnUser('Dev', 'dev', 'p', [])}              - {Effect: Allow, Action: 'sqs:SendMessage', Resource: '*'}
              - {Effect: Allow, Action: 'secretsmanager:GetSecretValue', Resource: !Ref Creds}
`);
    const r = checkOnly(
      compileModel(two),
      two.users[0]!.arn,
      [
        {
          action: 'secretsmanager:GetSecretValue',
          resource: 'arn:aws:secretsmanager:us-west-2:111122223333:secret:db-creds-??????',
        },
      ],
      { maxWitnesses: 1 },
    );
    expect(r.violations.map((v) => v.action)).toEqual(['sqs:SendMessage']);
    expect(r.unused).toEqual([]);
  });
});
