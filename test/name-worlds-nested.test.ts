// Worlds within worlds of unknown names (src/engine/name-worlds.ts): a request naming
// `role/x/y` may be on any role whose name CloudFormation generates (a role named `x`, `/y`
// after it), so the engine decides it again in the world where that role is `x`; there the other
// roles' names are still unknown, so that world's engine decides it in their worlds too. Before,
// each world built its own worlds, one engine per order in which the roles were named (n! for n
// roles): a CDK template with ten roles and custom resources of unknown names (eks-fargate-cluster)
// ran out of memory. Now the worlds of one model are shared: a world is the set of names fixed,
// whichever order they were fixed in, and each is decided once per request.
// AWS page the rule comes from:
// - CloudFormation Template Reference, AWS::IAM::Role, RoleName: "If you don't specify a name,
//   AWS CloudFormation generates a unique physical ID and uses that ID for the role name."

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { ACCOUNT, modelOf } from './fixtures/cfn/load.js';
import { decide } from './helpers/engine-fixtures.js';

const ROLES = 8;

/** `ROLES` roles whose names CloudFormation generates and a user allowed `statements`. */
function stack(statements: string): string {
  const roles = Array.from(
    { length: ROLES },
    (_, i) => `  Role${i}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: 'sts:AssumeRole'}
`,
  ).join('');
  return `Resources:
${roles}  Dev:
    Type: AWS::IAM::User
    Properties:
      UserName: dev
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
${statements}
`;
}

describe('a request naming a name that each of several roles of unknown names may have', () => {
  const target = `arn:aws:iam::${ACCOUNT}:role/x/y`;
  const model = (statements: string) => {
    const m = modelOf(stack(statements), { stackName: undefined });
    expect(m.roles.filter((r) => r.arn.includes('(unknown-generated-')).length).toBe(ROLES);
    return m;
  };

  it('the reproduction: decided in the worlds of every role, within 30 s (ran out of time before)', {
    timeout: 30_000,
  }, () => {
    const m = model(`              - {Effect: Allow, Action: 'iam:GetRole', Resource: '${target}'}`);
    const d = decide(compileModel(m), `arn:aws:iam::${ACCOUNT}:user/dev`, 'iam:GetRole', target);
    expect(d.decision).toBe('allow');
  });

  it('a Deny on a pattern that may take in the request keeps it indeterminate', { timeout: 30_000 }, () => {
    const m = model(`              - {Effect: Allow, Action: 'iam:GetRole', Resource: '${target}'}
              - {Effect: Deny, Action: 'iam:GetRole', Resource: !Sub '\${Role${ROLES - 1}.Arn}/*'}`);
    const d = decide(compileModel(m), `arn:aws:iam::${ACCOUNT}:user/dev`, 'iam:GetRole', target, {
      trace: true,
    });
    expect(d.decision).toBe('indeterminate');
  });
});
