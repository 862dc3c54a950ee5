// A Resource pattern built from an element's unknown name (`!Sub '…:role/${App}-admin'`, App's
// RoleName `!Sub 'app-${Env}'`: `role/app-(unknown-…)-admin`) is not that element's ARN: with
// Env=prod it names role app-prod-admin, another element of the inputs. Before, the engine took any
// pattern holding an unknown part to name no element of the inputs that surely exists
// (compile-policy.ts `rest`: NO under `resourceInModel`), so dev's iam:PutRolePolicy on
// app-prod-admin was a plain deny where it may be allowed; and `amongArns` (model/builder.ts, the
// bounds of deploy-time writes) read an unknown part of the pattern literally, so a write bounded
// to such a text never reached a role of a known name, even one that might not exist, which the
// engine decided MAYBE. Now one rule for both: only a pattern naming exactly an element created
// for certain (its ARN, a `!GetAtt`/`Ref` of it) names no other (model/created-elements.ts
// `CreatedElements.namesOther`); any other pattern with an unknown part may name a known name
// (model/name-tokens.ts `mightBeNamed`).
//
// Pages:
// - IAM API Reference, CreateRole, RoleName: "Role names are not distinguished by case" and must
//   be unique within the account (two created roles are two names).
// - AWS CloudFormation User Guide, "Parameters": a parameter's value is given at deployment
//   (here Env, no default: the role name app-${Env} is not known).
// - IAM User Guide, "IAM JSON policy elements: Resource": a Resource ARN names the resources it
//   matches; `role/app-prod-admin` is the ARN of role app-prod-admin.

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { amongArns } from '../src/model/builder.js';
import { CreatedElements } from '../src/model/created-elements.js';
import { modelOf } from './fixtures/cfn/load.js';

const A = '111122223333';
const role = (name: string) => `arn:aws:iam::${A}:role/${name}`;
const TRUST = `AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: sts:AssumeRole }] }`;

function decide(resource: string, target: string) {
  const template = `Parameters:
  Env: { Type: String }
Conditions:
  Prod: !Equals [!Ref Env, prod]
Resources:
  App:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub 'app-\${Env}'
      ${TRUST}
  Admin:
    Type: AWS::IAM::Role
    Properties:
      RoleName: app-prod-admin
      ${TRUST}
  Ops:
    Type: AWS::IAM::Role
    Condition: Prod
    Properties:
      RoleName: app-prod-ops
      ${TRUST}
  Dev:
    Type: AWS::IAM::User
    Properties:
      UserName: dev
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement: [{ Effect: Allow, Action: iam:PutRolePolicy, Resource: ${resource} }]
`;
  const engine = compileModel(modelOf(template, { file: 'inline.yaml', stackName: 's' }));
  return engine.decide({
    principal: `arn:aws:iam::${A}:user/dev`,
    action: 'iam:PutRolePolicy',
    resource: role(target),
  }).decision;
}

describe('the engine: a pattern built from an element\u2019s unknown name', () => {
  it('role/(App)-admin may name role app-prod-admin, which surely exists: indeterminate (was deny)', () => {
    expect(decide(`!Sub 'arn:aws:iam::\${AWS::AccountId}:role/\${App}-admin'`, 'app-prod-admin')).toBe(
      'indeterminate',
    );
  });

  it('near miss: a name it cannot be (other): deny', () => {
    expect(decide(`!Sub 'arn:aws:iam::\${AWS::AccountId}:role/\${App}-admin'`, 'other')).toBe('deny');
  });

  it('near miss: !GetAtt App.Arn names App only, not role app-prod-admin (two created roles are two names)', () => {
    expect(decide('!GetAtt App.Arn', 'app-prod-admin')).toBe('deny');
  });

  it('!GetAtt App.Arn and role app-prod-ops, which might not exist: indeterminate, as before', () => {
    expect(decide('!GetAtt App.Arn', 'app-prod-ops')).toBe('indeterminate');
  });
});

describe('amongArns (the bounds of deploy-time writes), the engine\u2019s rule', () => {
  const APP = role('app-(unknown-s-App)');
  const created = new CreatedElements([APP, role('app-prod-admin')]);

  it('a text built from App\u2019s name reaches app-prod-admin, created or not (was: never)', () => {
    expect(amongArns([`${APP}-admin`], role('app-prod-admin'), created)).toBe(true);
    expect(amongArns([`${APP}-admin`], role('app-dev-admin'), created)).toBe(true);
  });

  it('App\u2019s own ARN reaches a role that might not exist, not one created for certain', () => {
    expect(amongArns([APP], role('app-prod-ops'), created)).toBe(true);
    expect(amongArns([APP], role('app-prod-admin'), created)).toBe(false);
    expect(amongArns([APP], APP, created)).toBe(true);
  });

  it('near miss: a name the pattern cannot give', () => {
    expect(amongArns([`${APP}-admin`], role('other'), created)).toBe(false);
  });
});
