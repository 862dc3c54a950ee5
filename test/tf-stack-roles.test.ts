// `--stack-role` (the `stackRoles` load option, the spec's `stackRoles:`) for Terraform
// aws_cloudformation_stack, and the name of a Terraform stack whose `name` is known only after
// apply (src/adapters/terraform/handlers/deployments.ts, src/adapters/load-core.ts). Before,
// `--stack-role App=...` with only a Terraform configuration was an input error ("the inputs hold
// no CloudFormation template"), a stack whose iam_role_arn is unknown could not be pinned, and a
// stack of unknown name was read by the CloudFormation adapter under its Terraform address, its
// AWS::StackName said to be "named after its template file".
//
// Terraform AWS provider, "Resource: aws_cloudformation_stack": "name - (Required) Stack name.";
// "iam_role_arn - (Optional) The ARN of an IAM role that AWS CloudFormation assumes to create the
// stack. If you don't specify a value, AWS CloudFormation uses the role that was previously
// associated with the stack. If no role is available, AWS CloudFormation uses a temporary session
// that is generated from your user credentials." AWS CloudFormation User Guide, "CloudFormation
// service role": "Other users that have permissions to perform operations on this stack are able
// to use this role, regardless of whether those users have the iam:PassRole permission or not."

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadModelSync } from '../src/adapters/load.js';
import { splitStackRole, stackRoleProblem } from '../src/aws/stack-roles.js';
import { compileModel } from '../src/engine/index.js';
import type { Model } from '../src/model/types.js';
import { isUnknown } from '../src/model/unknown.js';
import { snapshotOptionsFrom, snapshotOptionsOf } from '../src/analysis/diff/snapshot-options.js';
import { reviewRisks } from '../src/analysis/risks.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import { runCli } from './fixtures/cli/run.js';
import { writeTempFiles } from './helpers/temp-inputs.js';
import { tfStackAdminAndDev } from './helpers/terraform-roles.js';

const ACCOUNT = '111122223333';
const ADMIN = `arn:aws:iam::${ACCOUNT}:role/admin`;
const DEPLOYER = `arn:aws:iam::${ACCOUNT}:role/deployer`;
const APP_STACKS = 'arn:aws:cloudformation:*:*:stack/*';

/** An admin role CloudFormation may assume, user dev allowed UpdateStack on `stacks`, and stack `app` with `stack` lines. */
function tf(stack: string, stacks = APP_STACKS): Record<string, string> {
  return {
    'main.tf': `provider "aws" {
  region              = "us-west-2"
  allowed_account_ids = ["${ACCOUNT}"]
}
data "aws_ssm_parameter" "p" { name = "/deploy/value" }
${tfStackAdminAndDev(stacks)}
resource "aws_cloudformation_stack" "app" {
  template_body = jsonencode({ Resources = { Topic = { Type = "AWS::SNS::Topic" } }, Outputs = { Name = { Value = { Ref = "AWS::StackName" } } } })
  ${stack}
}`,
  };
}

function load(stack: string, stackRoles?: Record<string, string>, stacks?: string): Model {
  return loadModelSync([writeTempFiles(tf(stack, stacks))], stackRoles ? { stackRoles } : {});
}

function cannotBecomeAdmin(m: Model) {
  const r = runSpec(
    m,
    parseSpec('version: 1\nexpect:\n  - { id: d, principal: user/dev, cannotBecome: role/admin }\n'),
    { engine: compileModel(m) },
  );
  return r.expectations[0]!.checks[0]!;
}

describe('--stack-role for a Terraform aws_cloudformation_stack', () => {
  it('no iam_role_arn: the role the run states for the stack name runs its updates (was an input error)', () => {
    const m = load('name = "App"', { App: ADMIN });
    const c = cannotBecomeAdmin(m);
    expect(c.status).toBe('fail');
    expect(c.message).toContain('cloudformation:UpdateStack on CloudFormation stack App');
  });

  it('an unknown iam_role_arn: indeterminate, saying --stack-role pins it; stated none: no stack-role edge', () => {
    const unknown = load('name = "App"\n  iam_role_arn = data.aws_ssm_parameter.p.value');
    expect(m(unknown).stackRoles[0]!.role).toBeTypeOf('object');
    expect(String(m(unknown).stackRoles[0]!.role)).toContain('--stack-role App=ROLE_ARN|none');
    expect(cannotBecomeAdmin(unknown).status).toBe('indeterminate');
    const none = load('name = "App"\n  iam_role_arn = data.aws_ssm_parameter.p.value', { App: 'none' });
    expect(none.stackRoles ?? []).toEqual([]);
    expect(cannotBecomeAdmin(none).status).toBe('pass');
  });

  it('a name no stack of the inputs has is an input error', () => {
    expect(() => load('name = "App"', { Other: ADMIN })).toThrow(/--stack-role names stack Other/);
  });
});

// A stack whose `name` is known only after apply has no name to state its role by: --stack-role
// names it by its Terraform address (`aws_cloudformation_stack.app`, `module.m.…["key"]`). Before,
// the address was a malformed stack name (an input error) and the message said the role "cannot be
// stated with --stack-role".
describe('--stack-role naming a Terraform stack by its address', () => {
  const UNKNOWN_NAME = 'name = data.aws_ssm_parameter.p.value';
  it('a stack of unknown name: the role stated for its address runs its updates (was an input error)', () => {
    const unknown = load(UNKNOWN_NAME);
    const why = String(m(unknown).stackRoles[0]!.role);
    expect(why).toContain('--stack-role aws_cloudformation_stack.app=ROLE_ARN|none');
    expect(why).not.toContain('cannot be stated');
    expect(cannotBecomeAdmin(unknown).status).toBe('indeterminate');
    // stated: the role is that one (what stays unknown is only which stack ARN it has, which
    // dev's stack/* names whatever it is: see the next describe)
    const stated = load(UNKNOWN_NAME, { 'aws_cloudformation_stack.app': ADMIN });
    expect(m(stated).stackRoles[0]!.role).toBe(ADMIN);
    expect(cannotBecomeAdmin(stated).status).toBe('fail');
    const none = load(UNKNOWN_NAME, { 'aws_cloudformation_stack.app': 'none' });
    expect(none.stackRoles ?? []).toEqual([]);
    expect(cannotBecomeAdmin(none).status).toBe('pass');
  });

  it('an unknown iam_role_arn of a stack of unknown name: the message names the address', () => {
    const unknown = load(`${UNKNOWN_NAME}
  iam_role_arn = data.aws_ssm_parameter.p.value`);
    expect(String(m(unknown).stackRoles[0]!.role)).toContain(
      '--stack-role aws_cloudformation_stack.app=ROLE_ARN|none',
    );
    const stated = load(
      `${UNKNOWN_NAME}
  iam_role_arn = data.aws_ssm_parameter.p.value`,
      {
        'aws_cloudformation_stack.app': 'none',
      },
    );
    expect(cannotBecomeAdmin(stated).status).toBe('pass');
  });

  it('a stack of known name by its address too; an address no stack has is an input error naming both forms', () => {
    expect(cannotBecomeAdmin(load('name = "App"', { 'aws_cloudformation_stack.app': 'none' })).status).toBe(
      'pass',
    );
    expect(() => load('name = "App"', { 'aws_cloudformation_stack.other': ADMIN })).toThrow(
      /--stack-role names stack aws_cloudformation_stack\.other.*its Terraform address/,
    );
  });

  it('addresses are valid STACK keys (modules, count and for_each keys); a role split from an address at the first = outside brackets', () => {
    for (const stack of [
      'aws_cloudformation_stack.app',
      'module.net.aws_cloudformation_stack.app[0]',
      'module.a["x"].module.b.aws_cloudformation_stack.app["k=v"]',
    ])
      expect(stackRoleProblem(stack, ADMIN)).toBeUndefined();
    for (const stack of [
      'aws_iam_role.app',
      'aws_cloudformation_stack.',
      'module.aws_cloudformation_stack.app',
    ])
      expect(stackRoleProblem(stack, ADMIN)).toMatch(/Terraform address/);
    expect(splitStackRole(`aws_cloudformation_stack.app["k=v"]=${ADMIN}`)).toEqual([
      'aws_cloudformation_stack.app["k=v"]',
      ADMIN,
    ]);
    expect(splitStackRole('App=none')).toEqual(['App', 'none']);
    expect(splitStackRole('App')).toBeUndefined();
    // the access snapshot's record and the spec's stackRoles read the same keys
    const key = 'module.m.aws_cloudformation_stack.app["k=v"]';
    const run = snapshotOptionsOf({ stackRoles: { [key]: 'none' } });
    const fail = (why: string): never => {
      throw new Error(why);
    };
    expect(snapshotOptionsFrom(JSON.parse(JSON.stringify(run)), fail)).toEqual(run);
    const spec = `version: 1\nstackRoles: { '${key}': none }\nexpect:\n  - { id: d, principal: user/dev, cannotBecome: role/admin }\n`;
    expect(parseSpec(spec).stackRoles).toEqual({ [key]: 'none' });
  });

  it('iamspec check --stack-role ADDRESS=none', async () => {
    const dir = writeTempFiles({
      ...tf(UNKNOWN_NAME),
      'spec.yaml': 'version: 1\nexpect:\n  - { id: d, principal: user/dev, cannotBecome: role/admin }\n',
    });
    const args = ['check', dir, '--spec', join(dir, 'spec.yaml')];
    expect((await runCli(args)).code).toBe(1);
    expect((await runCli([...args, '--stack-role', 'aws_cloudformation_stack.app=none'])).code).toBe(0);
  });
});

describe('a Terraform stack whose name is known only after apply', () => {
  const UNKNOWN_NAME = `name = data.aws_ssm_parameter.p.value\n  iam_role_arn = "${ADMIN}"`;
  it('its stack name is unknown, with the Terraform reason, never its address', () => {
    const m = load(UNKNOWN_NAME, undefined, 'arn:aws:cloudformation:*:*:stack/app-*');
    const role = m.stackRoles![0]!;
    // the name in the stack ARN is an unknown part (the address only labels it), never a literal
    expect(role.requests[0]![0]!.resource).toMatch(
      /:stack\/\(unknown-stack-name-[^)]*\)\/\(unknown-stack-id-[^)]*\)$/,
    );
    expect(role.nameUnknown?.reason).toMatch(
      /name of the stack aws_cloudformation_stack\.app deploys is not known/,
    );
    expect(role.nameUnknown?.reason).not.toContain('template file');
    // dev may update stacks named app-…: the stack may or may not be one, indeterminate with why
    const c = cannotBecomeAdmin(m);
    expect(c.status).toBe('indeterminate');
    const reasons = c.indeterminate?.reasons.map((r) => r.text).join('\n') ?? '';
    expect(reasons).toMatch(/name of the stack aws_cloudformation_stack\.app deploys is not known/);
    expect(reasons).not.toMatch(/earlier deployment/);
  });

  // The engine's rule for unknown name parts (src/engine/unknown-names.ts): a pattern matching
  // every name the stack may have, or none, decides; IAM User Guide, "IAM JSON policy elements:
  // Resource": "An asterisk (*) represents any combination of zero or more characters". Service
  // Authorization Reference, AWS CloudFormation, resource type stack:
  // `arn:${Partition}:cloudformation:${Region}:${Account}:stack/${StackName}/${Id}`, so
  // `stack/*` names every stack whatever its name and id. Before, the escalation analyses added
  // the stack's unknown name as a reason of their own whatever the engine decided: `stack/*`
  // stayed indeterminate "on the name alone" (src/analysis/escalation.ts `stackRoleUses`,
  // risk-escalation.ts `stackRoleAlternatives`).
  it('UpdateStack on stack/* names it whatever its name: decided (was indeterminate on the name alone)', () => {
    for (const stated of [undefined, { 'aws_cloudformation_stack.app': ADMIN }]) {
      const m = stated ? load('name = data.aws_ssm_parameter.p.value', stated) : load(UNKNOWN_NAME);
      const c = cannotBecomeAdmin(m);
      expect(c.status).toBe('fail');
      expect(c.message).toContain(
        'cloudformation:UpdateStack on CloudFormation stack aws_cloudformation_stack.app',
      );
    }
    const review = reviewRisks(compileModel(load(UNKNOWN_NAME))).filter(
      (f) => f.detail === 'cloudformation:UpdateStack on a stack with a service role',
    );
    expect(review.map((f) => [f.subject, f.indeterminate ?? null])).toEqual([
      [`arn:aws:iam::${ACCOUNT}:user/dev`, null],
    ]);
  });

  it('near misses: a pattern naming no stack name decides deny; one naming some stays indeterminate', () => {
    // `stack/app/*` can be no stack of this one's names? It can (the name may be app): open
    expect(
      cannotBecomeAdmin(load(UNKNOWN_NAME, undefined, 'arn:aws:cloudformation:*:*:stack/app/*')).status,
    ).toBe('indeterminate');
    // a stack ARN of another account or Region, or a stack set: none of its names
    for (const other of [
      'arn:aws:cloudformation:*:444455556666:stack/*',
      'arn:aws:cloudformation:eu-west-1:*:stack/*',
      'arn:aws:cloudformation:*:*:stackset/*',
    ])
      expect(cannotBecomeAdmin(load(UNKNOWN_NAME, undefined, other)).status).toBe('pass');
  });
});

// The stack id in a stack's ARN is assigned by CloudFormation when it creates the stack; Service
// Authorization Reference, AWS CloudFormation, resource type stack:
// `arn:${Partition}:cloudformation:${Region}:${Account}:stack/${StackName}/${Id}`; CloudFormation
// API Reference, CreateStack response: "StackId - Unique identifier of the stack." The inputs never
// know it, so it is an unknown name part of the stack ARN (src/aws/stack-roles.ts `stackArn`).
// Before, a literal `*` stood for it: a policy allowing UpdateStack on the stack's ARN with its id
// did not match, and user dev passed `cannotBecome` the admin role the stack runs with.
describe('the stack id in a stack ARN is unknown', () => {
  const KNOWN = `name = "App"\n  iam_role_arn = "${ADMIN}"`;
  const onId = (stacks: string) => cannotBecomeAdmin(load(KNOWN, undefined, stacks));
  it('UpdateStack on the stack ARN with one id: indeterminate, saying the id is unknown (was pass)', () => {
    const c = onId(
      `arn:aws:cloudformation:us-west-2:${ACCOUNT}:stack/App/4f3a8e10-1b2c-11ef-9c7d-0a1b2c3d4e5f`,
    );
    expect(c.status).toBe('indeterminate');
    expect(c.indeterminate?.reasons.map((r) => r.text).join('\n')).toContain('its stack id');
  });
  it('stack/App/* names it whatever its id; another stack name none', () => {
    expect(onId(`arn:aws:cloudformation:us-west-2:${ACCOUNT}:stack/App/*`).status).toBe('fail');
    expect(onId(`arn:aws:cloudformation:us-west-2:${ACCOUNT}:stack/Other/*`).status).toBe('pass');
    expect(onId(`arn:aws:cloudformation:us-west-2:${ACCOUNT}:stack/Other/4f3a8e10`).status).toBe('pass');
  });
});

// Terraform AWS provider, "Resource: aws_cloudformation_stack": "iam_role_arn - (Optional) The ARN
// of an IAM role that AWS CloudFormation assumes to create the stack. If you don't specify a value,
// AWS CloudFormation uses the role that was previously associated with the stack." Before, an unset
// iam_role_arn was taken for no role whatever the stack's history: a stack that exists may keep the
// role an earlier deployment gave it, and user dev passed `cannotBecome` the admin role
// (src/aws/stack-roles.ts `unsetStackRole`).
describe('aws_cloudformation_stack without iam_role_arn: none only for a stack the plan creates', () => {
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'cloudformation:UpdateStack', Resource: APP_STACKS }],
  });
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'cloudformation.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ],
  });
  const stack = {
    name: 'App',
    template_body: JSON.stringify({ Resources: { T: { Type: 'AWS::SNS::Topic' } } }),
  };
  const change = (type: string, name: string, after: object, actions = ['create'], before = after) => ({
    address: `${type}.${name}`,
    mode: 'managed',
    type,
    name,
    change: { actions, before: actions[0] === 'create' ? null : before, after, after_unknown: {} },
  });
  /** `prior`: the stack's iam_role_arn before the plan (its `change.before`, the prior state's). */
  const plan = (
    actions: string[],
    stackRoles?: Record<string, string>,
    prior?: string | null,
    body = stack.template_body,
  ): Model => {
    const app =
      prior === undefined
        ? change('aws_cloudformation_stack', 'app', { ...stack, template_body: body }, actions)
        : change(
            'aws_cloudformation_stack',
            'app',
            { ...stack, template_body: body, iam_role_arn: null },
            actions,
            { ...stack, template_body: body, iam_role_arn: prior },
          );
    const dir = writeTempFiles({
      'plan.json': JSON.stringify({
        format_version: '1.2',
        resource_changes: [
          change('aws_iam_role', 'admin', {
            name: 'admin',
            arn: ADMIN,
            assume_role_policy: trust,
            managed_policy_arns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
          }),
          // a service role with no permissions: running a template as it creates nothing
          change('aws_iam_role', 'deployer', { name: 'deployer', arn: DEPLOYER, assume_role_policy: trust }),
          change('aws_iam_user', 'dev', { name: 'dev', arn: `arn:aws:iam::${ACCOUNT}:user/dev` }),
          change('aws_iam_user_policy', 'dev', { name: 'dev', user: 'dev', policy }),
          app,
        ],
      }),
    });
    return loadModelSync([join(dir, 'plan.json')], {
      account: ACCOUNT,
      region: 'us-west-2',
      ...(stackRoles ? { stackRoles } : {}),
    });
  };

  it('a stack the plan creates (or replaces) has no role: no stack-role edge, pass', () => {
    for (const actions of [['create'], ['delete', 'create']]) {
      const created = plan(actions);
      expect(created.stackRoles ?? []).toEqual([]);
      expect(cannotBecomeAdmin(created).status).toBe('pass');
    }
  });

  it('a stack the plan updates or leaves: its earlier role unknown, indeterminate, saying how to pin it (was pass)', () => {
    for (const actions of [['update'], ['no-op']]) {
      const existing = plan(actions);
      const role = existing.stackRoles?.[0]?.role;
      expect(isUnknown(role)).toBe(true);
      expect(isUnknown(role) && role.reason).toContain('uses the role previously associated with the stack');
      expect(isUnknown(role) && role.reason).toContain('--stack-role App=ROLE_ARN|none');
      expect(cannotBecomeAdmin(existing).status).toBe('indeterminate');
      // stated: pinned either way
      expect(cannotBecomeAdmin(plan(actions, { App: 'none' })).status).toBe('pass');
      expect(cannotBecomeAdmin(plan(actions, { App: ADMIN })).status).toBe('fail');
    }
  });

  // The plan's prior state (`change.before`, Terraform "JSON Output Format": "prior_state" is "a
  // representation of the state before the planned changes") holds the stack's iam_role_arn as the
  // provider read it from the stack (the provider's read sets it from DescribeStacks' Stack
  // `RoleARN`: "The Amazon Resource Name (ARN) of an IAM role that's associated with the stack";
  // the provider schema has it Optional, not Computed, so a configuration without it plans null
  // while the prior state keeps the role). CloudFormation API Reference,
  // UpdateStack `RoleARN`: "If you don't specify a value, CloudFormation uses the role that was
  // previously associated with the stack. If no role is available, CloudFormation uses a temporary
  // session that is generated from your user credentials."; User Guide, "CloudFormation service
  // role": "It is not possible to remove a service role attached to a stack after the stack is
  // created." So the known earlier role is the role the stack keeps. Before, it was unknown
  // (indeterminate) whatever the prior state showed.
  it('a stack the plan updates or leaves, whose prior iam_role_arn is known: that role runs its updates (was indeterminate)', () => {
    for (const actions of [['update'], ['no-op']]) {
      const admin = plan(actions, undefined, ADMIN);
      expect(admin.stackRoles?.[0]?.role).toBe(ADMIN);
      expect(admin.stackRoles?.[0]?.what).toContain('prior state');
      expect(admin.stackRoles?.[0]?.source.pointer).toBe('/resource_changes/4/change/before/iam_role_arn');
      expect(cannotBecomeAdmin(admin).status).toBe('fail');
      const deployer = plan(actions, undefined, DEPLOYER);
      expect(deployer.stackRoles?.[0]?.role).toBe(DEPLOYER);
      expect(cannotBecomeAdmin(deployer).status).toBe('pass');
    }
    // a stack the plan replaces is created anew: no earlier role
    expect(plan(['delete', 'create'], undefined, ADMIN).stackRoles ?? []).toEqual([]);
  });

  // A prior state whose iam_role_arn is null: the stack has no role. Terraform "JSON Output Format":
  // a change's "before" and "after" are "representations of the object value both before and after
  // the action", the before of an update or no-op the prior state's (the stack as the provider's read
  // of it refreshed it: the provider sets iam_role_arn from DescribeStacks' Stack `RoleARN`, "The
  // Amazon Resource Name (ARN) of an IAM role that's associated with the stack", absent for a stack
  // without one, written null). CloudFormation API Reference, UpdateStack `RoleARN`: "If no role is
  // available, CloudFormation uses a temporary session that is generated from your user
  // credentials." The plan JSON does not record whether the plan refreshed the state (its top-level
  // fields: format_version, terraform_version, variables, planned_values, resource_drift,
  // resource_changes, output_changes, prior_state, configuration, relevant_attributes, checks,
  // timestamp, applyable, complete, errored), and Terraform "Command: show": "If you are viewing a
  // plan, it must be created without -refresh=false." So null is taken for no role, with a warning
  // that a plan made with -refresh=false may show a stale state. Before, it was unknown
  // (indeterminate) like an absent attribute, which stays unknown: the plan cannot tell.
  it('a prior iam_role_arn that is null (or empty): no role, with a warning about -refresh=false (was indeterminate)', () => {
    for (const actions of [['update'], ['no-op']])
      for (const prior of [null, '']) {
        const m = plan(actions, undefined, prior);
        expect(m.stackRoles ?? []).toEqual([]);
        expect(cannotBecomeAdmin(m).status).toBe('pass');
        const f = m.findings.find((x) => x.code === 'tf/stack-role-prior-none');
        expect(f?.severity).toBe('warning');
        expect(f?.message).toContain('-refresh=false');
        expect(f?.message).toContain('--stack-role App=ROLE_ARN');
        expect(f?.source?.pointer).toBe('/resource_changes/4/change/before/iam_role_arn');
      }
    // a role stated for it is taken (the prior state may be stale), without the warning
    const stated = plan(['update'], { App: ADMIN }, null);
    expect(cannotBecomeAdmin(stated).status).toBe('fail');
    expect(stated.findings.map((x) => x.code)).not.toContain('tf/stack-role-prior-none');
    // the attribute absent from the prior state: the plan cannot tell, unknown as before
    const absent = plan(['update']);
    expect(isUnknown(absent.stackRoles?.[0]?.role)).toBe(true);
    expect(absent.findings.map((x) => x.code)).not.toContain('tf/stack-role-prior-none');
    // created anew: none, no warning
    expect(plan(['delete', 'create'], undefined, null).findings.map((x) => x.code)).not.toContain(
      'tf/stack-role-prior-none',
    );
  });

  // The known prior role is read from the same prior state as the null above: a plan made with
  // -refresh=false shows it as last stored (Terraform "Command: show": "If you are viewing a plan,
  // it must be created without -refresh=false."), and a stack's role can be changed by an update
  // outside Terraform (CloudFormation API Reference, UpdateStack `RoleARN`: "The Amazon Resource
  // Name (ARN) of an IAM role that CloudFormation assumes to update the stack."). Before, the
  // known role was taken with no caveat, unlike the null case.
  it('a known prior iam_role_arn is taken with the same -refresh=false caveat, at the prior state (was silent)', () => {
    for (const actions of [['update'], ['no-op']]) {
      const m = plan(actions, undefined, ADMIN);
      const f = m.findings.filter((x) => x.code === 'tf/stack-role-prior-role');
      expect(f).toHaveLength(1);
      expect(f[0]?.severity).toBe('warning');
      expect(f[0]?.message).toContain('-refresh=false');
      expect(f[0]?.message).toContain(ADMIN);
      expect(f[0]?.source?.pointer).toBe('/resource_changes/4/change/before/iam_role_arn');
    }
    // the same role stated: the run confirms it, no caveat
    expect(plan(['update'], { App: ADMIN }, ADMIN).findings.map((x) => x.code)).not.toContain(
      'tf/stack-role-prior-role',
    );
    // created anew, or no prior role: no caveat of this code
    for (const m of [plan(['delete', 'create'], undefined, ADMIN), plan(['update'], undefined, null)])
      expect(m.findings.map((x) => x.code)).not.toContain('tf/stack-role-prior-role');
  });

  // A template_body that is no template: the stack is modelled as unread, and its service role was
  // asked for twice (once by the reader, once for the unread stack), each prior-state warning
  // written twice. Now once.
  it('a template that cannot be read: each prior-state warning once (was twice)', () => {
    const codes = (m: Model) => m.findings.map((x) => x.code);
    const count = (m: Model, code: string) => codes(m).filter((c) => c === code).length;
    const none = plan(['update'], undefined, null, 'not a template');
    expect(codes(none)).toContain('tf/unmodelled-deployment');
    expect(count(none, 'tf/stack-role-prior-none')).toBe(1);
    expect(cannotBecomeAdmin(none).status).not.toBe('fail');
    const known = plan(['update'], { App: 'none' }, ADMIN, 'not a template');
    expect(count(known, 'tf/stack-role-prior-state')).toBe(1);
    expect(count(known, 'tf/stack-role-prior-role')).toBe(1);
    expect(cannotBecomeAdmin(known).status).not.toBe('pass');
  });

  it('the prior state outweighs a --stack-role that says otherwise, with a warning', () => {
    const m = plan(['update'], { App: 'none' }, ADMIN);
    expect(m.stackRoles?.[0]?.role).toBe(ADMIN);
    expect(cannotBecomeAdmin(m).status).toBe('fail');
    const f = m.findings.find((x) => x.code === 'tf/stack-role-prior-state');
    expect(f?.message).toMatch(/--stack-role App=none.*prior state.*arn:aws:iam::111122223333:role\/admin/);
    // the same role stated: no warning
    expect(plan(['update'], { App: ADMIN }, ADMIN).findings.map((x) => x.code)).not.toContain(
      'tf/stack-role-prior-state',
    );
  });

  it('a configuration read alone may update a stack that exists: unknown (was none)', () => {
    const role = load('name = "App"').stackRoles?.[0]?.role;
    expect(isUnknown(role) && role.reason).toContain('read without a plan or state');
    expect(cannotBecomeAdmin(load('name = "App"')).status).toBe('indeterminate');
  });
});

const m = (x: Model) => x as Model & { stackRoles: NonNullable<Model['stackRoles']> };
