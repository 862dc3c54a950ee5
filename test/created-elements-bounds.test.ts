// What deploy-time code may change, bounded by a statement's Resource that is exactly the ARN of
// another user or role the inputs surely create (a `!GetAtt Other.Arn`): that one only, not a user
// or role whose name the ARN's unknown part might otherwise be (src/model/created-elements.ts, the rule the
// engine decides by; src/model/builder.ts `amongArns` with the elements, read by the principals'
// spread `spreadUnknownTargets`, `unknownPoliciesReason`, the trust rewrites `rewrittenTrust`, and
// aws/function-role-changes.ts `mayChange`). Before, these matched such a target by the broader
// rule (any name the unknown part may give): AppUser got a maybe-present unknown policy and App an
// unknown trust statement. One that might not exist keeps the broader rule: its name may be any.
// AWS pages: IAM API Reference, CreateRole, RoleName: "IAM user, group, role, and policy names must
// be unique within the account. Names are not distinguished by case."; AWS General Reference,
// "Amazon Resource Names (ARNs)": "Amazon Resource Names (ARNs) uniquely identify AWS resources."

import { describe, expect, it } from 'vitest';
import type { Model } from '../src/model/types.js';
import { modelOf } from './fixtures/cfn/load.js';
import { customResourceResources, lambdaTrust } from './helpers/custom-resource-template.js';

/**
 * Role App and user AppUser (their names parameters'), and role or user Other (its name a
 * parameter's, maybe created only under a condition); the custom resource's role may do `action`
 * on Other (`!GetAtt Other.Arn`).
 */
function template(action: string, conditional: boolean, otherType = 'AWS::IAM::Role'): Model {
  const resources = customResourceResources([action], { 'Fn::GetAtt': ['Other', 'Arn'] }) as Record<
    string,
    { Properties: Record<string, unknown> }
  >;
  resources.App!.Properties.RoleName = { Ref: 'AppName' };
  const other: Record<string, unknown> =
    otherType === 'AWS::IAM::Role'
      ? {
          Type: otherType,
          Properties: { RoleName: { Ref: 'OtherName' }, AssumeRolePolicyDocument: lambdaTrust },
        }
      : { Type: otherType, Properties: { UserName: { Ref: 'OtherName' } } };
  if (conditional) other.Condition = 'Prod';
  const t = {
    Parameters: {
      Env: { Type: 'String' },
      AppName: { Type: 'String' },
      AppUserName: { Type: 'String' },
      OtherName: { Type: 'String' },
    },
    ...(conditional ? { Conditions: { Prod: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } } } : {}),
    Resources: {
      ...resources,
      AppUser: { Type: 'AWS::IAM::User', Properties: { UserName: { Ref: 'AppUserName' } } },
      Other: other,
    },
  };
  return modelOf(JSON.stringify(t), { file: 't.json' });
}

const app = (m: Model) => m.roles.find((r) => r.source.logicalId === 'App')!;
const appUser = (m: Model) => m.users.find((u) => u.source.logicalId === 'AppUser')!;

describe('deploy-time changes bounded by the exact ARN of another surely created role', () => {
  it('policies written to user Other leave user AppUser without policies the inputs do not show', () => {
    const sure = appUser(template('iam:PutUserPolicy', false, 'AWS::IAM::User'));
    expect(sure.arn).toContain('(unknown-');
    expect([...sure.inlinePolicies, ...sure.managedPolicies]).toEqual([]);
    const maybe = appUser(template('iam:PutUserPolicy', true, 'AWS::IAM::User'));
    expect([...maybe.inlinePolicies, ...maybe.managedPolicies].length).toBeGreaterThan(0);
  });

  it("Other's trust policy rewritten leaves App's trust as written", () => {
    const sure = app(template('iam:UpdateAssumeRolePolicy', false));
    expect(sure.arn).toContain('(unknown-');
    expect(sure.trustPolicy!.statements.map((st) => !!st.unknown || !!st.presence)).toEqual([false]);
    const maybe = app(template('iam:UpdateAssumeRolePolicy', true));
    expect(maybe.trustPolicy!.statements.some((st) => st.unknown)).toBe(true);
  });
});
