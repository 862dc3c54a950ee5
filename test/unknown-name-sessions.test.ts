// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} is CloudFormation syntax here.
// A role session ARN names its role without the role's path: a request made by a session of a
// role whose name is unknown (`${AWS::StackName}-role`, path `/team/`) may be a session of that
// role, whatever its path (src/engine/name-worlds.ts).
// AWS pages the rules come from:
// - IAM User Guide, "IAM identifiers", ARNs: "arn:aws:sts::account:assumed-role/role-name/role-session-name"
//   and "the ARN for an assumed-role session does not include the path"
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html
// - CloudFormation, AWS::IAM::Role, RoleName: "If you don't specify a name, AWS CloudFormation
//   generates a unique physical ID"; `${AWS::StackName}` is the stack's name, chosen at creation.

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { bindings } from '../src/engine/name-worlds.js';
import { ACCOUNT, modelOf } from './fixtures/cfn/load.js';
import { decide, verdict } from './helpers/engine-fixtures.js';

const stack = (path: string) => `Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub '\${AWS::StackName}-role'
      Path: ${path}
      AssumeRolePolicyDocument:
        Statement:
          - {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: 'sts:AssumeRole'}
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
              - {Effect: Allow, Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*'}
`;

describe('a session of a role whose name is unknown, the role with a path', () => {
  const session = `arn:aws:sts::${ACCOUNT}:assumed-role/prod-role/s`;

  it('the reproduction: with path /team/ the session may be the role: indeterminate, with its source', () => {
    const m = modelOf(stack('/team/'), { stackName: undefined });
    expect(m.roles[0]!.arn).toBe(`arn:aws:iam::${ACCOUNT}:role/team/(unknown-template-AppRole)-role`);
    const d = decide(compileModel(m), session, 's3:GetObject', 'arn:aws:s3:::reports/a', { trace: true });
    expect(d.decision).toBe('indeterminate');
    const entry = d.trace?.find((t) => t.outcome === 'unknown');
    expect(entry?.message).toContain(`${session}, which may be the element ${m.roles[0]!.arn}`);
    expect(entry?.source?.logicalId).toBe('AppRole');
  });

  it('as without a path; a session name no role name can have stays decided', () => {
    for (const path of ['/', '/team/a/']) {
      const e = compileModel(modelOf(stack(path), { stackName: undefined }));
      expect(verdict(e, session, 's3:GetObject', 'arn:aws:s3:::reports/a')).toBe('indeterminate');
      // `prod-admin` does not end in `-role`
      const other = `arn:aws:sts::${ACCOUNT}:assumed-role/prod-admin/s`;
      expect(verdict(e, other, 's3:GetObject', 'arn:aws:s3:::reports/a')).not.toBe('indeterminate');
    }
  });
});

// IAM API Reference, CreateRole, RoleName pattern `[\w+=,.@-]+` (and the name rules of S3, SQS,
// SNS, Lambda...): no name holds `(` or `)`, so a witness's name (`(any-role)`) is no element's.
describe('bindings: an unknown part never takes `/`, `:`, `(` or `)`', () => {
  it('spells names, not witnesses', () => {
    const pieces = ['arn:aws:iam::1:role/', '(unknown-x)', '-r'];
    expect(bindings(pieces, 'arn:aws:iam::1:role/prod-r', 4).map((b) => [...b.values()])).toEqual([['prod']]);
    expect(bindings(pieces, 'arn:aws:iam::1:role/(any)-r', 4)).toEqual([]);
    expect(bindings(pieces, 'arn:aws:iam::1:role/a/b-r', 4)).toEqual([]);
  });
});
