// Which policies take part in a request's decision: one list, the engine's (`Engine.policiesOf`,
// src/engine/request-policies.ts), which `decide` evaluates and the escalation's Deny patterns
// (escalation-new-principal.ts `denyResourcePatterns`, read by escalation.ts `withNameCandidates`)
// derive from. Before, `denyResourcePatterns` gathered its own list (identity policies, boundary,
// SCPs of the principal's account, RCPs of the resource's account): it missed the resource's own
// and governing policies, and read RCPs where the engine does not apply them (services that do not
// support RCPs), making a sure path indeterminate.
//
// Pages:
// - IAM User Guide, "How AWS enforcement code logic evaluates requests to allow or deny access"
//   (linked from "Policy evaluation logic", section "Determining whether a request is allowed or
//   denied within an account"): "The AWS enforcement code evaluates all policies within the account
//   that apply to the request. These include AWS Organizations SCPs and RCPs, resource-based
//   policies, identity-based policies, IAM permissions boundaries, and session policies",
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
// - Same page: SCPs apply to "principals of the account" they are attached to, RCPs to "resources
//   of the account".
// - IAM User Guide, "Cross-account policy evaluation logic": "The principal's identity-based policy
//   must allow the requested access to the resource in the trusting service" (the principal's side
//   and the resource's side each take part),
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
// - AWS Organizations User Guide, "Resource control policies (RCPs)": RCPs apply only to the
//   services of "List of AWS services that support RCPs" (Amazon EC2 is not among them); "SCPs
//   don't affect service-linked roles".

import { describe, expect, it } from 'vitest';
import { denyResourcePatterns } from '../src/analysis/escalation-new-principal.js';
import type { Engine } from '../src/engine/engine.js';
import { compileModel } from '../src/engine/index.js';
import { modelOf } from './fixtures/cfn/load.js';
import {
  cfnAdminInstanceProfile,
  cfnLaunchTemplateGroup,
  cfnProfileLaunchTemplate,
  cfnUser,
} from './helpers/cfn-templates.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';

const DEV = 'arn:aws:iam::111122223333:user/dev';
const DETAIL = 'ec2:CreateLaunchTemplateVersion + ModifyLaunchTemplate on a launch template with a role';
const BOTH = ['ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate'];
const LT_ABC = 'arn:aws:ec2:*:111122223333:launch-template/lt-0abc';

/** An organization policy of `type` on this account denying BOTH on template lt-0abc. */
const orgDeny = (type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY') => `  Org:
    Type: AWS::Organizations::Policy
    Properties:
      Name: deny-lt
      Type: ${type}
      TargetIds: ['111122223333']
      Content:
        Version: '2012-10-17'
        Statement:
          - { Effect: Allow, ${type === 'RESOURCE_CONTROL_POLICY' ? 'Principal: "*", ' : ''}Action: '*', Resource: '*' }
          - { Effect: Deny, ${type === 'RESOURCE_CONTROL_POLICY' ? 'Principal: "*", ' : ''}Action: ${JSON.stringify(BOTH)}, Resource: '${LT_ABC}' }
`;

/**
 * Launch template web (its instance profile holds an administrator role) launched at $Default by
 * Auto Scaling group web-asg, user dev allowed both requests on any resource, and `more`.
 */
function engineWith(more: string): Engine {
  const template = `Resources:
${cfnAdminInstanceProfile()}${cfnProfileLaunchTemplate()}${cfnLaunchTemplateGroup('web-asg', '2')}${cfnUser('dev', 'dev', 'p', [`{ Effect: Allow, Action: ${JSON.stringify(BOTH)}, Resource: '*' }`])}${more}`;
  return compileModel(modelOf(template, { file: 'inline.yaml', stackName: 's' }));
}

function devEscalations(engine: Engine) {
  const found = [...escalationFindings(engine, [DEV]).values()].filter((f) => f.detail === DETAIL);
  return { found, check: noEscalationCheck(engine, 'user/dev') };
}

describe('the escalation reads the Deny statements of the policies the engine applies', () => {
  // Reproduction: the old list read the RCPs of the resource's account for every action; Amazon
  // EC2 does not support RCPs, so the engine never applies this Deny, and the path is sure.
  it('an RCP denying one launch template id: EC2 does not support RCPs, a sure path (was indeterminate)', () => {
    const r = devEscalations(engineWith(orgDeny('RESOURCE_CONTROL_POLICY')));
    expect(r.found).toHaveLength(1);
    expect(r.found[0]!.message).not.toContain('a Deny of the policies names');
    expect(r.check.status).toBe('fail');
  });

  it('near-miss: an SCP denying that id applies to dev: indeterminate with why', () => {
    const r = devEscalations(engineWith(orgDeny('SERVICE_CONTROL_POLICY')));
    expect(r.found).toHaveLength(1);
    expect(r.found[0]!.message).toContain('a Deny of the policies names lt-0abc');
    expect(r.check.status).toBe('indeterminate');
  });
});

/** A bucket whose policy denies every principal s3:GetObject on its secret objects, user dev, an SCP and an RCP. */
const BUCKET = `${cfnUser('dev', 'dev', 'p', ["{ Effect: Allow, Action: 's3:*', Resource: '*' }"])}  B:
    Type: AWS::S3::Bucket
    Properties: { BucketName: data }
  BP:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref B
      PolicyDocument:
        Statement: [{ Effect: Deny, Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/secret-*' }]
${orgDeny('SERVICE_CONTROL_POLICY')}${orgDeny('RESOURCE_CONTROL_POLICY').replace('Org:', 'Rcp:').replace('deny-lt', 'rcp')}`;

describe('Engine.policiesOf: the policies of one request, as decide gathers them', () => {
  const engine = compileModel(modelOf(`Resources:\n${BUCKET}`, { file: 'inline.yaml', stackName: 's' }));
  // The stages in order, each once (the SCPs are the one attached and FullAWSAccess, maybe-present).
  const stages = (action: string, resource: string, sessionPolicy?: unknown) => [
    ...new Set(
      engine
        .policiesOf({ principal: DEV, action, resource, ...(sessionPolicy ? { sessionPolicy } : {}) })
        .policies.map((u) => u.stage),
    ),
  ];

  it('identity, the resource policy, SCPs, and RCPs for a service that supports them (S3)', () => {
    expect(stages('s3:GetObject', 'arn:aws:s3:::data/secret-1')).toEqual([
      'identity',
      'resource',
      'scp',
      'rcp',
    ]);
  });

  it('no RCP for a service that does not support RCPs (EC2)', () => {
    expect(
      stages('ec2:ModifyLaunchTemplate', 'arn:aws:ec2:us-east-1:111122223333:launch-template/lt-1'),
    ).toEqual(['identity', 'scp']);
  });

  it('a session policy takes part', () => {
    const session = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
    expect(stages('s3:GetObject', 'arn:aws:s3:::data/x', session)).toContain('session');
  });

  // Reproduction: the old list had no resource-based policy, so the bucket policy's Deny naming
  // the secret objects was not among the patterns.
  it('denyResourcePatterns reads the resource policy\u2019s Deny (was missed)', () => {
    const dev = engine.model.users.find((u) => u.name === 'dev')!;
    expect(denyResourcePatterns(engine, dev, 's3:GetObject', 'arn:aws:s3:::data/secret-1')).toContain(
      'arn:aws:s3:::data/secret-*',
    );
  });

  it('a principal it cannot resolve: no policy', () => {
    expect(
      engine.policiesOf({ principal: 'nobody', action: 's3:GetObject', resource: '*' }).policies,
    ).toEqual([]);
  });
});
