// A delegated administrator's requests decided on the names its policies tell apart, not on one
// probe name (src/aws/stack-roles.ts `DELEGATED`, analysis/escalation-start-names.ts
// `withStartNames`). Before, the StackSets requests were decided on `stackset/iamspec-probe:*`
// only, so a policy allowing CreateStackSet + CreateStackInstances only on `stackset/allowed-*`
// gave no finding (cannotBecome and noEscalation passed); the Identity Center requests on made-up
// ids (`ssoins-iamspecprobe0000`, `ps-iamspecprobe00000`), so a policy naming the real
// instance's ids gave none either.
// Pages the rules come from:
// - AWS CloudFormation API Reference, CreateStackSet `CallAs`: "To create a StackSet with
//   service-managed permissions while signed in to a delegated administrator account, specify
//   DELEGATED_ADMIN. Your Amazon Web Services account must be registered as a delegated admin in
//   the management account. For more information, see Register a delegated administrator in the
//   CloudFormation User Guide." and "StackSets with service-managed permissions are created in the
//   management account, including StackSets that are created by delegated administrators."
// - Service Authorization Reference, AWS CloudFormation, resource type stackset (the catalog's
//   cloudformation resource type `stackset`):
//   `arn:${Partition}:cloudformation:${Region}:${Account}:stackset/${StackSetName}:${Id}` (the
//   name the caller chooses, the id CloudFormation assigns).
// - Service Authorization Reference, AWS IAM Identity Center: `Instance`
//   `arn:${Partition}:sso:::instance/${InstanceId}`, `PermissionSet`
//   `arn:${Partition}:sso:::permissionSet/${InstanceId}/${PermissionSetId}` (ids AWS assigns: the
//   instance exists outside the inputs, the permission set's id is given at creation).

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { reviewRisks } from '../src/analysis/risks.js';
import { compileModel } from '../src/engine/index.js';
import type { Model } from '../src/model/types.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import { DELEGATED, delegatedAdminConfig, MEMBER, REGION } from './helpers/delegated-admin.js';
import { writeTempFiles } from './helpers/temp-inputs.js';

const OPS = `arn:aws:iam::${DELEGATED}:user/ops`;

/** The plan of a delegated administrator of `service` whose user ops has `statements`. */
function model(service: string, statements: readonly object[]): Model {
  return loadModelSync([
    writeTempFiles({ 'main.tf': delegatedAdminConfig({ service, label: 'd', statements }) }),
  ]);
}

function check(m: Model, expectation: string) {
  const r = runSpec(m, parseSpec(`version: 1\nexpect:\n  - ${expectation}\n`), { engine: compileModel(m) });
  return r.expectations[0]!.checks[0]!;
}

const becomeMember = (m: Model) =>
  check(m, `{ id: d, principal: "${OPS}", cannotBecome: "arn:aws:iam::${MEMBER}:role/member-admin" }`);

const reviewDetails = (m: Model) =>
  reviewRisks(compileModel(m))
    .filter((f) => f.kind === 'privilege-escalation' && f.subject === OPS)
    .map((f) => f.detail);

describe('StackSets delegated administrator: the StackSet names its policies tell apart', () => {
  const SERVICE = 'member.org.stacksets.cloudformation.amazonaws.com';
  const AT = `arn:aws:cloudformation:${REGION}:${DELEGATED}:stackset/`;
  const ALLOWED = `${AT}allowed-*`;
  // CreateStackSet has no resource type (Service Authorization Reference: such an action "does not
  // support specifying a resource ARN in the Resource element"): allowed on `*`.
  const CREATE = { Effect: 'Allow', Action: 'cloudformation:CreateStackSet', Resource: '*' };
  const INSTANCES = (resource: unknown) => ({
    Effect: 'Allow',
    Action: 'cloudformation:CreateStackInstances',
    Resource: resource,
  });

  it('CreateStackInstances only on stackset/allowed-*: may become a member account role (was a pass), and the review reports it', () => {
    const m = model(SERVICE, [CREATE, INSTANCES(ALLOWED)]);
    const c = becomeMember(m);
    expect(c.status).toBe('indeterminate');
    expect(c.message).toContain('cloudformation:CreateStackSet + cloudformation:CreateStackInstances');
    expect(c.message).toContain('with stackset allowed-');
    expect(reviewDetails(m)).toContain(
      'cloudformation:CreateStackSet as a StackSets delegated administrator',
    );
  });

  it('near misses: a Deny on the pattern; CreateStackSet allowed only on a StackSet ARN (it has no resource type)', () => {
    const denied = model(SERVICE, [
      CREATE,
      INSTANCES(ALLOWED),
      { Effect: 'Deny', Action: 'cloudformation:CreateStackInstances', Resource: ALLOWED },
    ]);
    expect(becomeMember(denied).status).toBe('pass');
    expect(reviewDetails(denied)).not.toContain(
      'cloudformation:CreateStackSet as a StackSets delegated administrator',
    );
    const named = model(SERVICE, [{ ...CREATE, Resource: ALLOWED }, INSTANCES(ALLOWED)]);
    expect(becomeMember(named).status).toBe('pass');
  });

  it('CreateStackInstances on 24 patterns: never a pass (a name found, or the search cut short: indeterminate)', () => {
    const many = Array.from({ length: 24 }, (_, i) => `${AT}team${String(i).padStart(2, '0')}-*`);
    const c = becomeMember(model(SERVICE, [CREATE, INSTANCES(many)]));
    expect(c.status).toBe('indeterminate');
    expect(c.message).toMatch(/with stackset team|search limit/);
  });
});

describe('Identity Center delegated administrator: the instance and permission set ids are not the inputs’', () => {
  const SERVICE = 'sso.amazonaws.com';
  const ALL = [
    'sso:CreatePermissionSet',
    'sso:PutInlinePolicyToPermissionSet',
    'sso:CreateAccountAssignment',
  ];

  it('allowed only on the ids a policy names: indeterminate (may be the instance), not a pass', () => {
    const m = model(SERVICE, [
      {
        Effect: 'Allow',
        Action: ALL,
        Resource: [
          'arn:aws:sso:::instance/ssoins-abc*',
          'arn:aws:sso:::permissionSet/ssoins-abc*/ps-*',
          'arn:aws:sso:::account/*',
        ],
      },
    ]);
    const c = becomeMember(m);
    expect(c.status).toBe('indeterminate');
    expect(c.indeterminate?.reasons.map((r) => r.text).join(' ')).toContain(
      'the IAM Identity Center instance id (an instance the inputs do not hold)',
    );
  });

  it('near miss: a Deny of every instance', () => {
    const m = model(SERVICE, [
      { Effect: 'Allow', Action: ALL, Resource: '*' },
      { Effect: 'Deny', Action: 'sso:CreatePermissionSet', Resource: 'arn:aws:sso:::instance/*' },
    ]);
    expect(becomeMember(m).status).toBe('pass');
  });
});
