// A user, group or role the inputs name by NAME ONLY and do not define: CDK
// `Role.fromRoleArn(this, 'L', 'arn:aws:iam::111122223333:role/service-role/legacy')` + a grant
// writes `Roles: ['legacy']` (AWS::IAM::Policy, ManagedPolicy, InstanceProfile take names);
// Terraform `aws_iam_role_policy_attachment.role = "legacy"`. It was modelled with the path `/`,
// so a request as `arn:aws:iam::111122223333:role/service-role/legacy` was a plain DENY ("no IAM
// role … in the model") although the attached policy grants it, a `cannot` on it passed, and
// the request readers called that ARN one naming nothing. Now its path is the one an ARN of the
// inputs writes for it (a function's `Role`, a `Fn::Join`), else unknown: a request naming it
// with any path may be it (src/model/named-principals.ts, src/engine/name-worlds.ts
// `mayBeSpelled`, src/requests/model-names.ts).
//
// IAM User Guide, "IAM and AWS STS quotas", IAM name requirements: "Names of users, groups, roles,
// and instance profiles must be unique within the account. They aren't distinguished by case",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html; "IAM identifiers",
// Friendly names and paths: "If you use the IAM API or AWS Command Line Interface (AWS CLI) to
// create IAM resources, you can add an optional path", and the ARN holds it
// (`arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/Bob`),
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html.
// CloudFormation Template Reference, AWS::IAM::Policy: "Roles: The name of the role to associate
// the policy with."

import { describe, expect, it } from 'vitest';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { principalArnsIn } from '../src/model/named-principals.js';
import { principalProblem } from '../src/requests/model-names.js';
import { resolvePrincipalRef } from '../src/requests/references.js';
import { modelOfTemplate } from './fixtures/cfn/load.js';

const QUOTAS =
  'IAM User Guide, IAM name requirements: "Names of users, groups, roles, and instance profiles must be unique within the account"';
const ACCOUNT = '111122223333';
const iam = (rest: string) => `arn:aws:iam::${ACCOUNT}:${rest}`;
const PUT = { principal: '', action: 's3:PutObject', resource: 'arn:aws:s3:::data/x' };

function load(extra: Record<string, unknown> = {}) {
  const model = modelOfTemplate(
    {
      Resources: {
        Data: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'data' } },
        // what CDK writes for Role.fromRoleArn(...'role/service-role/legacy') + bucket.grantPut(role)
        Put: {
          Type: 'AWS::IAM::Policy',
          Properties: {
            PolicyName: 'Put',
            Roles: ['legacy'],
            Groups: ['ops'],
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::data/*' }],
            },
          },
        },
        ...extra,
      },
    },
    { account: ACCOUNT, region: 'us-east-1', file: 't.json' },
  );
  return { model, engine: compileModel(model) };
}

describe(`a role named by name only, no ARN of it in the template: its path is unknown (${QUOTAS})`, () => {
  const { model, engine } = load();
  const legacy = model.roles.find((r) => r.name === 'legacy')!;

  it('is modelled with an unknown path, never /, and the warning says so', () => {
    expect(legacy.arn).toBe(iam('role/(unknown-path=role-111122223333-legacy)/legacy'));
    const w = model.findings.find(
      (f) => f.code === 'model/imported-principal' && f.message.includes('legacy'),
    );
    expect(w?.message).toContain('its path is not known');
    // a group named by name only: the same rule
    expect(model.groups.find((g) => g.name === 'ops')!.arn).toBe(
      iam('group/(unknown-path=group-111122223333-ops)/ops'),
    );
  });

  it('the reproduction: a request as role/service-role/legacy is not a plain DENY (was: deny, "no IAM role")', () => {
    const d = engine.decide({ ...PUT, principal: iam('role/service-role/legacy') }, { trace: true });
    expect(d.decision, QUOTAS).toBe('indeterminate');
    expect(JSON.stringify(d.trace)).toContain('its path is not known');
    // so is one as role/legacy, and the role's sessions (their ARN holds no path)
    expect(engine.decide({ ...PUT, principal: iam('role/legacy') }).decision).toBe('indeterminate');
    expect(
      engine.decide({ ...PUT, principal: `arn:aws:sts::${ACCOUNT}:assumed-role/legacy/s` }).decision,
    ).toBe('indeterminate');
    // another name is another role: none of the model
    expect(engine.decide({ ...PUT, principal: iam('role/service-role/other') }).decision).toBe('deny');
  });

  it('the request readers resolve the ARN to that role, not to "names no role" (was: fatal)', () => {
    expect(
      principalProblem(model, engine.principalDirectory, iam('role/service-role/legacy')),
    ).toBeUndefined();
    const r = resolvePrincipalRef(model, iam('role/service-role/legacy'));
    expect(r.principals[0]!.principal).toBe(iam('role/service-role/legacy'));
    expect(r.principals[0]!.element).toBe(legacy);
    expect(principalProblem(model, engine.principalDirectory, iam('role/service-role/other'))?.fatal).toBe(
      true,
    );
  });
});

describe('a role named by name only whose ARN the template writes elsewhere: the path is that ARN’s', () => {
  // Role.fromRoleArn's ARN, used as a function's role, in the form CDK writes it
  const fn = {
    Type: 'AWS::Lambda::Function',
    Properties: {
      Role: {
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':iam::',
            { Ref: 'AWS::AccountId' },
            ':role/service-role/legacy',
          ],
        ],
      },
    },
  };
  const { model, engine } = load({ Fn: fn });

  it('the role has the path of the ARN', () => {
    expect(model.roles.find((r) => r.name === 'legacy')!.arn).toBe(iam('role/service-role/legacy'));
  });

  it('a request as that ARN is the role; one with another path names no role, and the reader says which it is', () => {
    const d = engine.decide({ ...PUT, principal: iam('role/service-role/legacy') }, { trace: true });
    expect(d.decision).toBe('indeterminate');
    expect(JSON.stringify(d)).toContain('outside the inputs');
    expect(engine.decide({ ...PUT, principal: iam('role/legacy') }).decision).toBe('deny');
    const p = principalProblem(model, engine.principalDirectory, iam('role/legacy'));
    expect(p?.fatal).toBe(true);
    expect(p?.message).toContain(`its role named legacy is ${iam('role/service-role/legacy')}`);
  });

  it('two paths written for one name pin none; a pattern or an unresolved piece names no ARN', () => {
    const both = load({
      Fn: fn,
      Other: { Type: 'AWS::Lambda::Function', Properties: { Role: iam('role/legacy') } },
    });
    expect(both.model.roles.find((r) => r.name === 'legacy')!.arn).toContain('(unknown-path=');
    expect(principalArnsIn(`${iam('role/legacy')}*`)).toEqual([]);
    expect(principalArnsIn(`${iam('role/app/')}\0`)).toEqual([]);
    expect(principalArnsIn(`x ${iam('role/a/b')}, y`)).toEqual([iam('role/a/b')]);
  });
});

describe('Terraform: an attachment naming a role or group by name only', () => {
  const b = new ModelBuilder();
  loadTerraformConfig('test/fixtures/terraform/named-principals', b, { account: ACCOUNT });
  const model = b.build();
  const engine = compileModel(model);

  it('models them with unknown paths; a request as the role with any path is not a plain DENY (was: deny)', () => {
    expect(model.roles.find((r) => r.name === 'legacy')!.arn).toBe(
      iam('role/(unknown-path=role-111122223333-legacy)/legacy'),
    );
    expect(model.groups.find((g) => g.name === 'ops')!.arn).toContain('(unknown-path=');
    expect(engine.decide({ ...PUT, principal: iam('role/service-role/legacy') }).decision, QUOTAS).toBe(
      'indeterminate',
    );
    expect(
      principalProblem(model, engine.principalDirectory, iam('role/service-role/legacy')),
    ).toBeUndefined();
  });

  it('one whose ARN the configuration writes (a policy Resource) has that path', () => {
    expect(model.roles.find((r) => r.name === 'pinned')!.arn).toBe(iam('role/service-role/pinned'));
  });
});

describe('the same class: a role whose name CloudFormation generates', () => {
  const model = modelOfTemplate(
    {
      Resources: {
        Worker: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
              ],
            },
          },
        },
      },
    },
    { account: ACCOUNT, region: 'us-east-1', file: 't.json', stackName: 'shop' },
  );
  const engine = compileModel(model);

  it('a request ARN or session ARN it may have is not one naming nothing (was: fatal)', () => {
    expect(model.roles[0]!.name).toContain('(unknown-generated');
    expect(
      principalProblem(model, engine.principalDirectory, iam('role/shop-Worker-1A2B3C4D5E6F')),
    ).toBeUndefined();
    expect(
      principalProblem(
        model,
        engine.principalDirectory,
        `arn:aws:sts::${ACCOUNT}:assumed-role/shop-Worker-1A2B3C4D5E6F/s`,
      ),
    ).toBeUndefined();
    // a name it cannot have (another prefix) still names nothing
    expect(principalProblem(model, engine.principalDirectory, iam('role/other-Worker-1A2B'))?.fatal).toBe(
      true,
    );
  });
});
