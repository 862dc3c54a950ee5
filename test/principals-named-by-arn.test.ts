// SILENT PASS (red-team hcdk16): a same-account IAM role or user that a policy names by its exact
// ARN in a Principal element (a bucket policy `{"AWS": "arn:aws:iam::111122223333:role/byname"}`,
// a KMS key policy, a role trust policy) but that the inputs do not define was taken not to exist
// under the closed-accounts reading: a request as it was a plain DENY ("no IAM role … in the
// model") and `onlyPrincipals: [role/app]` on the bucket PASSED although role/byname can read it.
// AWS rejects such a policy when the principal does not exist, so the inputs prove it exists:
// it is now an imported principal of the model (identity policies, boundary, trust unknown),
// decided by the same rules, tried by onlyPrincipals, listed by who-can, met by role chains
// (src/model/principals-named-by-arn.ts, at `ModelBuilder.build`).

import { describe, expect, it } from 'vitest';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { checkOnlyPrincipals } from '../src/analysis/exhaustive.js';
import { whoCan } from '../src/analysis/who-can.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { principalProblem } from '../src/requests/model-names.js';
import { modelOfTemplate } from './fixtures/cfn/load.js';
import { dataBucketWithPolicy } from './helpers/bucket-policy-resources.js';

const SAVED =
  'AWS re:Post Knowledge Center, "Invalid principal in policy": "You receive the Error: Invalid principal in policy message when the value of a Principal in your bucket policy isn\'t valid. ... If the Principal is an AWS Identity and Access Management (IAM) user or role, then confirm that the user or role wasn\'t deleted."';
const TRUST_SAVED =
  'IAM User Guide, "AWS JSON policy elements: Principal": "If your Principal element in a role trust policy contains an ARN that points to a specific IAM role, then that ARN transforms to the role\'s unique principal ID when you save the policy."';
const SAME =
  'IAM User Guide, "Policy evaluation for requests within a single account": "If either the identity-based policy or the resource-based policy within the same account allows the request and the other doesn\'t, the request is still allowed."';
const KMS =
  'AWS KMS Developer Guide, "Key policies in AWS KMS": "Unless the key policy explicitly allows it, you cannot use IAM policies to allow access to a KMS key."';

const ACCOUNT = '111122223333';
const iam = (rest: string) => `arn:aws:iam::${ACCOUNT}:${rest}`;
const APP = iam('role/app');
const BYNAME = iam('role/byname');
const GET = (principal: string) => ({ principal, action: 's3:GetObject', resource: 'arn:aws:s3:::data/x' });
const TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'lambda.amazonaws.com' } }],
};
// what CDK writes for a principal of the stack's account: `Role.fromRoleName(s, 'X', 'byname',
// { mutable: false, addGrantsToResources: true })` + `bucket.grantRead(role)`
const roleArnOfStackAccount = (name: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, `:role/${name}`]],
});

function loadCfn(resources: Record<string, unknown>) {
  const model = modelOfTemplate(
    { Resources: resources },
    { account: ACCOUNT, region: 'us-east-1', file: 't.json' },
  );
  return { model, engine: compileModel(model) };
}

/** The CDK shape: a bucket policy granting role app (created) and role byname (fromRoleName). */
function cdkShape() {
  return loadCfn({
    App: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'app', AssumeRolePolicyDocument: TRUST } },
    ...dataBucketWithPolicy('data', [
      {
        Effect: 'Allow',
        Action: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'],
        Principal: { AWS: [{ 'Fn::GetAtt': ['App', 'Arn'] }, roleArnOfStackAccount('byname')] },
        Resource: [
          { 'Fn::GetAtt': ['Data', 'Arn'] },
          { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Data', 'Arn'] }, '/*']] },
        ],
      },
    ]),
  });
}

describe(`a same-account role named by exact ARN in a bucket policy, not defined by the inputs, exists (${SAVED})`, () => {
  const { model, engine } = cdkShape();

  it('is an imported role of the model, and the warning says why', () => {
    const byname = model.roles.find((r) => r.arn === BYNAME);
    expect(byname?.imported, SAVED).toBeDefined();
    const w = model.findings.find((f) => f.code === 'model/imported-principal' && f.message.includes(BYNAME));
    expect(w?.message).toContain('Invalid principal in policy');
  });

  it('a request as it is decided by the bucket policy (was: deny, "no IAM role … in the model")', () => {
    const d = engine.decide(GET(BYNAME));
    expect(d.decision, SAME).not.toBe('deny');
    expect(d.decision).not.toBe('error');
  });

  it('onlyPrincipals [role/app] on the bucket fails with role/byname a violator (was: it held)', () => {
    const r = checkOnlyPrincipals(engine, 's3:GetObject', 'arn:aws:s3:::data/x', [APP]);
    expect(r.holds).toBe(false);
    expect(r.violations.map((v) => v.principal)).toContain(BYNAME);
    expect(checkOnlyPrincipals(engine, 's3:GetObject', 'arn:aws:s3:::data/x', [APP, BYNAME]).holds).toBe(
      true,
    );
  });

  it('the request readers take its ARN as that role, not as naming nothing (was: fatal)', () => {
    expect(principalProblem(model, engine.principalDirectory, BYNAME)).toBeUndefined();
    expect(principalProblem(model, engine.principalDirectory, iam('role/other'))?.fatal).toBe(true);
  });

  it('who-can lists it', () => {
    const entries = whoCan(engine, 's3:GetObject', 'arn:aws:s3:::data/x').entries;
    expect(entries.map((e) => e.principal)).toContain(BYNAME);
  });
});

describe('a Deny with NotPrincipal exempting an undefined same-account user', () => {
  const { model } = loadCfn({
    ...dataBucketWithPolicy('data', [
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Resource: 'arn:aws:s3:::data/*',
      },
      {
        Effect: 'Deny',
        Action: 's3:GetObject',
        NotPrincipal: { AWS: [iam('user/ann'), `arn:aws:iam::${ACCOUNT}:root`] },
        Resource: 'arn:aws:s3:::data/*',
      },
    ]),
  });

  it('the user a NotPrincipal names exists too (AWS checks NotPrincipal values when the policy is saved)', () => {
    expect(model.users.find((u) => u.arn === iam('user/ann'))?.imported, SAVED).toBeDefined();
  });
});

describe('a pattern, a condition, another account: no principal proven (closed accounts stay)', () => {
  const { model } = loadCfn({
    ...dataBucketWithPolicy('data', [
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Principal: '*',
        Resource: 'arn:aws:s3:::data/*',
        Condition: { ArnEquals: { 'aws:PrincipalArn': iam('role/in-condition') } },
      },
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Principal: { AWS: ['arn:aws:iam::444455556666:role/other-account', iam('user/ann')] },
        Resource: 'arn:aws:s3:::data/*',
      },
    ]),
  });

  it('only the exact same-account ARN in the Principal element becomes a principal', () => {
    expect(model.roles.map((r) => r.arn)).toEqual([]);
    expect(model.users.map((u) => u.arn)).toEqual([iam('user/ann')]);
  });
});

describe(`a KMS key policy naming an undefined same-account user (${KMS})`, () => {
  const { engine } = loadCfn({
    Key: {
      Type: 'AWS::KMS::Key',
      Properties: {
        KeyPolicy: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Principal: { AWS: iam('user/ann') } },
          ],
        },
      },
    },
  });

  it('the user may decrypt: who-can lists it (was: no one)', () => {
    const key = engine.model.resources.find((r) => r.kind === 'kms-key')!.arn;
    expect(
      engine.decide({ principal: iam('user/ann'), action: 'kms:Decrypt', resource: key }).decision,
    ).not.toBe('deny');
    expect(whoCan(engine, 'kms:Decrypt', key).entries.map((e) => e.principal)).toContain(iam('user/ann'));
  });
});

describe(`a trust policy naming an undefined same-account role: the role chain appears (${TRUST_SAVED})`, () => {
  const { engine } = loadCfn({
    Admin: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'admin',
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: roleArnOfStackAccount('ci') } },
          ],
        },
        Policies: [
          {
            PolicyName: 'all',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
            },
          },
        ],
      },
    },
    Data: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'data' } },
  });

  it('the role named in the trust policy may assume admin and reach the bucket through it (was: no path)', () => {
    const ci = iam('role/ci');
    expect(
      engine.decide({ principal: ci, action: 'sts:AssumeRole', resource: iam('role/admin') }).decision,
    ).not.toBe('deny');
    const entries = whoCan(engine, 's3:PutObject', 'arn:aws:s3:::data/x').entries;
    const viaAdmin = entries.find((e) => e.principal === ci && e.path.length > 0);
    expect(viaAdmin, TRUST_SAVED).toBeDefined();
  });
});

describe('Terraform: a bucket policy naming a literal role ARN and a data source role ARN', () => {
  const b = new ModelBuilder();
  loadTerraformConfig('test/fixtures/terraform/principals-named-by-arn', b, { account: ACCOUNT });
  const model = b.build();
  const engine = compileModel(model);

  it('both roles exist in the model; requests as them are not plain denies; onlyPrincipals [app] fails', () => {
    const literal = iam('role/literal');
    expect(model.roles.find((r) => r.arn === literal)?.imported, SAVED).toBeDefined();
    expect(engine.decide(GET(literal)).decision, SAME).not.toBe('deny');
    const r = checkOnlyPrincipals(engine, 's3:GetObject', 'arn:aws:s3:::data/x', [APP]);
    expect(r.holds).toBe(false);
    const violators = new Set(r.violations.map((v) => v.principal));
    expect(violators.has(literal)).toBe(true);
    // the data source's role: its name known, its path not (IAM names are unique in an account)
    const byname = iam('role/(unknown-path=data.aws_iam_role.byname)/byname');
    expect(model.roles.find((r) => r.arn === byname)?.imported).toBeDefined();
    expect(violators.has(byname)).toBe(true);
    expect(engine.decide(GET(iam('role/byname'))).decision).not.toBe('deny');
  });
});

const ENDPOINT =
  'AWS PrivateLink Guide, "Control access to VPC endpoints using endpoint policies": "An endpoint policy does not override or replace identity-based policies or resource-based policies." Considerations: "It must contain a Principal element. The size of an endpoint policy cannot exceed 20,480 characters, including white space." (no check that the principals it names exist)';

describe(`a VPC endpoint policy naming an undefined same-account role proves no principal (${ENDPOINT})`, () => {
  const endpointPolicy = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: '*',
        Principal: { AWS: iam('role/through-endpoint') },
      },
    ],
  };

  it('CloudFormation AWS::EC2::VPCEndpoint PolicyDocument: the policy is kept, the role is not added', () => {
    const { model } = loadCfn({
      Endpoint: {
        Type: 'AWS::EC2::VPCEndpoint',
        Properties: {
          VpcId: 'vpc-1',
          ServiceName: 'com.amazonaws.us-east-1.s3',
          PolicyDocument: endpointPolicy,
        },
      },
    });
    expect(model.resources.some((r) => r.endpointPolicy)).toBe(true);
    expect(model.roles.map((r) => r.arn)).toEqual([]);
  });
});

const GENERATED =
  'AWS CloudFormation Template Reference, "CloudFormation resource custom naming": "By default, CloudFormation generates a unique physical ID to name a resource. For example, CloudFormation might name an Amazon S3 bucket with the following physical ID MyStack-MyBucket-abcdefghijk1"';

describe(`a role named by ARN beside a role whose name CloudFormation generates (${GENERATED})`, () => {
  // role/legacy, named by the bucket policy, exists; AppRole has no RoleName, so its name is
  // generated: `<stack>-AppRole-<random>` (src/adapters/cloudformation/generated-names.ts)
  function load(stackName?: string) {
    const model = modelOfTemplate(
      {
        Resources: {
          AppRole: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: TRUST } },
          ...dataBucketWithPolicy('data', [
            {
              Effect: 'Allow',
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::data/*',
              Principal: { AWS: iam('role/legacy') },
            },
          ]),
        },
      },
      { account: ACCOUNT, region: 'us-east-1', file: 't.json', ...(stackName ? { stackName } : {}) },
    );
    const engine = compileModel(model);
    const generated = model.roles.find((r) => r.arn.includes('AppRole'))!;
    return { model, engine, generated };
  }

  it('the stack name known: `legacy` cannot be `MyStack-AppRole-<random>`, so the bucket policy does not name the generated role', () => {
    const { model, engine, generated } = load('MyStack');
    expect(generated.arn).toMatch(/role\/MyStack-AppRole-\(unknown-generated-/);
    expect(model.roles.find((r) => r.arn === iam('role/legacy'))?.imported).toBeDefined();
    expect(engine.decide(GET(generated.arn)).decision).toBe('deny');
    expect(
      checkOnlyPrincipals(engine, 's3:GetObject', 'arn:aws:s3:::data/x', [iam('role/legacy')]).holds,
    ).toBe(true);
  });

  it('the stack name not given: the whole generated name is unknown (it may be cut to its limit, in no documented way), so it may be `legacy`', () => {
    const { engine, generated } = load();
    expect(generated.arn).toMatch(/role\/\(unknown-generated-AppRole/);
    expect(engine.decide(GET(generated.arn)).decision).toBe('indeterminate');
    const r = checkOnlyPrincipals(engine, 's3:GetObject', 'arn:aws:s3:::data/x', [iam('role/legacy')]);
    expect(r.holds).toBe(false);
    expect(r.violations.map((v) => v.principal)).toEqual([generated.arn]);
  });
});
