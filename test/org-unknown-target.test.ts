// An SCP whose target is known only after apply (CloudFormation TargetIds from a value the inputs
// do not give) may be attached at any level of an account's path, and FullAWSAccess may still be
// attached beside it there (aws/org-managed-policies.ts `fullAccessMaybeAttached`: the same
// Unknown level; engine/org-levels.ts reads them as one level).
//
// AWS Organizations API Reference, DetachPolicy: "Every root, OU, and account must have at least
// one SCP attached. If you want to replace the default FullAWSAccess policy with an SCP that limits
// the permissions that can be delegated, you must attach the replacement SCP before you can remove
// the default SCP. This is the authorization strategy of an "allow list"."
// AWS Organizations User Guide, "SCP evaluation": "For a permission to be denied for a specific
// account, any SCP from the root through each OU in the direct path to the account (including the
// target account itself) can deny that permission."

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { Unknown } from '../src/model/unknown.js';
import { ACCOUNT, modelOf } from './fixtures/cfn/load.js';

const template = (content: string) => `Parameters:
  Target: {Type: String}
Resources:
  U: {Type: AWS::IAM::User, Properties: {UserName: u, Policies: [{PolicyName: all, PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: '*', Resource: '*'}]}}]}}
  Scp:
    Type: AWS::Organizations::Policy
    Properties: {Name: scp, Type: SERVICE_CONTROL_POLICY, TargetIds: [!Ref Target], Content: ${content}}`;

describe('CloudFormation TargetIds known only after apply', () => {
  const user = `arn:aws:iam::${ACCOUNT}:user/u`;

  it('an allow list: FullAWSAccess maybe-present at its unknown level; what it leaves out is indeterminate', () => {
    const m = modelOf(
      template("{Version: '2012-10-17', Statement: [{Effect: Allow, Action: 's3:*', Resource: '*'}]}"),
    );
    const scps = m.organizations.find((o) => o.account === ACCOUNT)!.scps;
    const list = scps.find((d) => d.name === 'scp')!;
    const full = scps.find((d) => d.name === 'FullAWSAccess' && d.orgLevel instanceof Unknown);
    expect(list.orgLevel).toBeInstanceOf(Unknown);
    expect(full?.orgLevel).toBe(list.orgLevel);
    expect(full?.presence?.reason).toContain('FullAWSAccess may still be attached where');
    const e = compileModel(m);
    expect(e.decide({ principal: user, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }).decision).toBe(
      'allow',
    );
    expect(
      e.decide({
        principal: user,
        action: 'ec2:StartInstances',
        resource: `arn:aws:ec2:us-west-2:${ACCOUNT}:instance/i-1`,
      }).decision,
    ).toBe('indeterminate');
  });

  it('a Deny may apply wherever it is attached: indeterminate, never allowed', () => {
    const m = modelOf(
      template(
        "{Version: '2012-10-17', Statement: [{Effect: Deny, Action: 's3:DeleteObject', Resource: '*'}]}",
      ),
    );
    const e = compileModel(m);
    expect(
      e.decide({ principal: user, action: 's3:DeleteObject', resource: 'arn:aws:s3:::b/k' }).decision,
    ).toBe('indeterminate');
    expect(e.decide({ principal: user, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }).decision).toBe(
      'allow',
    );
  });
});
