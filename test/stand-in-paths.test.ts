// The paths of stand-in elements (src/model/stand-ins.ts `unknownPath`): the users and roles a
// Terraform module outside the inputs or a SAM resource iamspec does not expand may create, the
// principal a policy with an unknown target attaches to, the member of a group outside the inputs.
// Their paths are as unknown as their names: `role/(unknown-path=HINT)/(unknown-HINT)`, matched by
// the engine as any path (src/engine/unknown-names.ts): YES only where a pattern matches whatever
// the path and name (`role/*`), NO where none could match (`user/*` for a role), else MAYBE
// (`role/service-role/*`, `role/teams/*`), never as if the path were `/`.
// AWS pages the rules come from:
// - IAM User Guide, "IAM identifiers", Friendly names and paths: "you might use a path that
//   corresponds to a company's organizational structure ... /division_abc/subdivision_xyz/
//   product_1234/engineering/"; the ARN is `arn:aws:iam::account:role/PATH/NAME`.
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html
// - IAM API Reference, CreateRole, Path: "This parameter allows (through its regex pattern) a
//   string of characters consisting of either a forward slash (/) by itself or a string that must
//   begin and end with forward slashes. In addition, it can contain any ASCII character from the
//   ! (\u0021) through the DEL character (\u007F)".
//   https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
// - IAM User Guide, "IAM JSON policy elements: Resource": "An asterisk (*) represents any
//   combination of zero or more characters, and a question mark (?) represents any single
//   character." https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
// - IAM User Guide, "Using service-linked roles": "The ARN for a service-linked role includes a
//   service principal" (`role/aws-service-role/SERVICE-NAME.amazonaws.com/ROLE-NAME`).
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html

import { describe, expect, it } from 'vitest';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { compileModel } from '../src/engine/index.js';
import { bindings } from '../src/engine/name-worlds.js';
import { MAYBE, NO, YES } from '../src/engine/tri.js';
import { matchUnknownName, patternTokens } from '../src/engine/unknown-names.js';
import { ModelBuilder } from '../src/model/builder.js';
import { addServiceLinkedRole } from '../src/model/service-linked-role.js';
import { isStandInPrincipalArn, unknownPath, unknownPrincipalArn } from '../src/model/stand-ins.js';
import { Unknown } from '../src/model/unknown.js';
import { ACCOUNT, modelOf } from './fixtures/cfn/load.js';
import { testSource, verdict } from './helpers/engine-fixtures.js';
import { cfnUser } from './helpers/cfn-templates.js';

const FX = 'test/fixtures/unknown-name/stand-in-path';
const match = (pattern: string, arn: string) => matchUnknownName(patternTokens([pattern]), arn, true);

describe('the roles a missing Terraform module or an unknown attachment target may create', () => {
  const b = new ModelBuilder();
  loadTerraformConfig(FX, b, { account: ACCOUNT });
  const m = b.build();
  const e = compileModel(m);
  const dev = m.users.find((u) => u.name === 'dev')!.arn;
  // the model's stand-ins, found by name (their ARNs are checked below)
  const moduleRole = m.roles.find((r) => r.name === '(unknown-module.app)')!.arn;
  const targetRole = m.roles.find((r) => r.name === '(unknown-aws_iam_role_policy.target)')!.arn;

  it('their paths are unknown as their names; their names stay the text after the last /', () => {
    // (aws_iam_role.named is named by an unknown part too, but its path is the inputs': `/`)
    const standIns = m.roles.filter((r) => isStandInPrincipalArn(r.arn) && r.path !== '/');
    expect(standIns.map((r) => r.arn).sort()).toEqual([
      `arn:aws:iam::${ACCOUNT}:role/(unknown-path=aws_iam_role_policy.target)/(unknown-aws_iam_role_policy.target)`,
      `arn:aws:iam::${ACCOUNT}:role/(unknown-path=module.app)/(unknown-module.app)`,
    ]);
    const role = standIns.find((r) => r.arn === moduleRole)!;
    expect(role.name).toBe('(unknown-module.app)');
    expect(role.path).toBe('/(unknown-path=module.app)/');
    expect(m.users.find((u) => isStandInPrincipalArn(u.arn))!.arn).toBe(
      `arn:aws:iam::${ACCOUNT}:user/(unknown-path=module.app)/(unknown-module.app)`,
    );
    expect(targetRole).toBe(unknownPrincipalArn('aws', ACCOUNT, 'role', 'aws_iam_role_policy.target'));
  });

  it('the reproduction: role/service-role/* and role/teams/* may name them (was deny): indeterminate', () => {
    for (const role of [moduleRole, targetRole]) {
      expect(verdict(e, dev, 'iam:PassRole', role)).toBe('indeterminate');
      expect(verdict(e, dev, 'iam:ListRoleTags', role)).toBe('indeterminate');
    }
  });

  it('role/* names every path and name: allow; user/* names no role: deny', () => {
    for (const role of [moduleRole, targetRole]) {
      expect(verdict(e, dev, 'iam:GetRole', role)).toBe('allow');
      expect(verdict(e, dev, 'iam:TagRole', role)).toBe('deny');
    }
  });

  it('a role the inputs create keeps its own path (/): role/service-role/* does not name it', () => {
    const named = m.roles.find((r) => r.arn.endsWith('role/(unknown-aws_iam_role.named)'))!;
    expect(verdict(e, dev, 'iam:PassRole', named.arn)).toBe('deny');
  });

  it('a request naming a role under a path may be a stand-in (was deny for role/teams/x)', () => {
    const q = `arn:aws:sqs:us-east-1:${ACCOUNT}:q`;
    for (const name of ['role/teams/x', 'role/a/b/x', 'role/x'])
      expect(verdict(e, `arn:aws:iam::${ACCOUNT}:${name}`, 'sqs:SendMessage', q)).toBe('indeterminate');
  });
});

describe('matching the unknown path: one rule, three values', () => {
  const role = unknownPrincipalArn('aws', ACCOUNT, 'role', 'module.x');
  const user = unknownPrincipalArn('aws', ACCOUNT, 'user', 'module.x');

  it('YES only for a pattern matching every path and name', () => {
    expect(match('arn:aws:iam::*:role/*', role)).toBe(YES);
    expect(match(`arn:aws:iam::${ACCOUNT}:role*`, role)).toBe(YES);
    expect(match('arn:aws:iam::*:*', user)).toBe(YES);
  });

  it('MAYBE for a pattern some path or name matches', () => {
    for (const p of ['role/service-role/*', 'role/teams/*', 'role/a/b/c', 'role/app-*', 'role/?*'])
      expect(match(`arn:aws:iam::*:${p}`, role)).toBe(MAYBE);
    expect(match('arn:aws:iam::*:user/ops/*', user)).toBe(MAYBE);
  });

  it('NO where no path or name could match: another kind, another account, a path without its /', () => {
    expect(match('arn:aws:iam::*:user/*', role)).toBe(NO);
    expect(match('arn:aws:iam::444455556666:role/*', role)).toBe(NO);
    expect(match('arn:aws:iam::*:group/*', user)).toBe(NO);
  });

  it('a request ARN binds the path to nothing or a run ending with /', () => {
    const pieces = ['arn:aws:iam::1:role/', '(unknown-path=x)/', '(unknown-x)'];
    const one = (s: string) => bindings(pieces, s, 4).map((b) => [...b.values()]);
    expect(one('arn:aws:iam::1:role/r')).toEqual([['', 'r']]);
    // (the shorter bindings name `role/a` or `role/a/b` with more after: an object inside one)
    expect(one('arn:aws:iam::1:role/a/b/r')).toContainEqual(['a/b/', 'r']);
    expect(one('arn:aws:iam::1:user/r')).toEqual([]);
  });
});

describe('the role a SAM resource iamspec does not expand may create', () => {
  const m = modelOf(`Transform: AWS::Serverless-2016-10-31
Resources:
  Graph:
    Type: AWS::Serverless::GraphQLApi
    Properties: {SchemaInline: 'type Query { a: String }', Auth: {Type: AWS_IAM}}
${cfnUser('Dev', 'dev', 'p', [`{Effect: Allow, Action: 'iam:PassRole', Resource: 'arn:aws:iam::*:role/service-role/*'}`])}`);
  const e = compileModel(m);

  it('the reproduction: role/service-role/* may name it (was deny): indeterminate', () => {
    const standIn = m.roles.find((r) => isStandInPrincipalArn(r.arn))!;
    expect(standIn.path).toBe(unknownPath('Graph'));
    const dev = m.users.find((u) => u.name === 'dev')!.arn;
    expect(verdict(e, dev, 'iam:PassRole', standIn.arn)).toBe('indeterminate');
  });
});

describe('the member of a group outside the inputs', () => {
  it('its path is unknown: user/ops/* may name it (was no)', () => {
    const b = new ModelBuilder();
    b.addImportedPrincipal({
      kind: 'group',
      arn: `arn:aws:iam::${ACCOUNT}:group/devs`,
      reason: 'imported',
      source: testSource('g'),
    });
    const member = b.build().users.find((u) => isStandInPrincipalArn(u.arn))!;
    expect(member.arn).toBe(
      `arn:aws:iam::${ACCOUNT}:user${unknownPath('member-of-devs')}(unknown-member-of-devs)`,
    );
    expect(match('arn:aws:iam::*:user/ops/*', member.arn)).toBe(MAYBE);
    expect(match('arn:aws:iam::*:user/*', member.arn)).toBe(YES);
  });
});

describe('a service-linked role of an unknown service', () => {
  it('the service in its path is unknown: aws-service-role/elasticbeanstalk.amazonaws.com/* may name it (was no)', () => {
    const b = new ModelBuilder();
    const id = addServiceLinkedRole(b, {
      account: ACCOUNT,
      service: new Unknown('a parameter without a default', testSource('slr')),
      hint: 'Slr',
      source: testSource('slr'),
    });
    const arn = b.build().roles.find((r) => r.id === id)!.arn;
    expect(arn).toBe(
      `arn:aws:iam::${ACCOUNT}:role/aws-service-role/(unknown-service-of-Slr)/(unknown-AWSServiceRoleFor-Slr)`,
    );
    expect(match('arn:aws:iam::*:role/aws-service-role/elasticbeanstalk.amazonaws.com/*', arn)).toBe(MAYBE);
    expect(match('arn:aws:iam::*:role/aws-service-role/*', arn)).toBe(YES);
    expect(match('arn:aws:iam::*:role/service-role/*', arn)).toBe(NO);
  });
});

describe('tf/unknown-name says why the name is unknown', () => {
  it('a variable with no value (was "not known before apply")', () => {
    const b = new ModelBuilder();
    loadTerraformConfig(FX, b, { account: ACCOUNT });
    const f = b
      .build()
      .findings.find((x) => x.code === 'tf/unknown-name' && x.message.includes('aws_iam_role.named'));
    expect(f?.message).toContain('is not known (input variable "role_name" has no value');
    expect(f?.message).toContain('the model calls it "(unknown-aws_iam_role.named)"');
  });
});
