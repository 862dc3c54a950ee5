// The RCP grammar (src/policy/rcp-rules.ts with parse.ts): invalid RCPs are validation findings
// like any invalid policy (issue 9, item 8).
//
// AWS Organizations User Guide, "RCP syntax",
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html:
// "The effect of Allow is only supported for the RCPFullAWSAccess policy"; "You can only specify
// "*" in the Principal element of an RCP"; "You cannot use "*" in the Action element of a
// customer managed RCP and have to specify the abbreviation for the service"; "The following
// elements are not supported in RCPs: NotPrincipal, NotAction"; "Every RCP must include a Version
// element with the value "2012-10-17"".
// "Resource control policies (RCPs)", "List of AWS services that support RCPs",
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html#rcp-supported-services.

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { parsePolicy } from '../src/policy/parse.js';
import { rcpGovernsService } from '../src/policy/rcp-rules.js';
import { parseAndValidatePolicy } from '../src/validation/validate-policy.js';
import { accountKeyPolicy } from './helpers/cfn-resources.js';

const source = { file: 'rcp.json' };
const codes = (doc: unknown) =>
  parseAndValidatePolicy(doc, { kind: 'rcp', source })
    .findings.filter((f) => f.severity !== 'info')
    .map((f) => `${f.severity} ${f.code}`);
const rcp = (...statements: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement: statements });
const denyS3 = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' };

describe('RCP syntax', () => {
  it('accepts a Deny on supported services and the RCPFullAWSAccess policy', () => {
    expect(
      codes(rcp(denyS3, { ...denyS3, Action: ['sts:AssumeRole', 'kms:Decrypt', 'sqs:SendMessage'] })),
    ).toEqual([]);
    expect(codes(rcp({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }))).toEqual([]);
  });

  it('rejects "Action": "*" in an RCP you write', () => {
    expect(codes(rcp({ ...denyS3, Action: '*' }))).toContain('error policy/rcp-action-wildcard');
  });

  it('rejects an Allow other than RCPFullAWSAccess', () => {
    expect(codes(rcp({ ...denyS3, Effect: 'Allow' }))).toContain('error policy/rcp-allow');
    expect(
      codes(
        rcp({
          Effect: 'Allow',
          Principal: '*',
          Action: '*',
          Resource: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'true' } },
        }),
      ),
    ).toContain('error policy/rcp-allow');
    // RCPFullAWSAccess next to a Deny: the Allow is not the whole default policy.
    expect(codes(rcp({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }, denyS3))).toContain(
      'error policy/rcp-allow',
    );
  });

  it('warns about actions of services RCPs do not apply to (they restrict nothing)', () => {
    expect(codes(rcp({ ...denyS3, Action: 'ec2:TerminateInstances' }))).toContain(
      'warning policy/rcp-unsupported-service',
    );
    expect(codes(rcp({ ...denyS3, Action: 'iam:*' }))).toContain('warning policy/rcp-unsupported-service');
    expect(codes(rcp({ ...denyS3, Action: 's?s:*' }))).not.toContain(
      'warning policy/rcp-unsupported-service',
    );
  });

  it('keeps the grammar rules parse.ts checks: Principal "*", no NotPrincipal, no NotAction, Version', () => {
    expect(codes(rcp({ ...denyS3, Principal: { AWS: '111122223333' } }))).toContain(
      'error policy/invalid-principal',
    );
    const { Principal: _p, ...noPrincipal } = denyS3;
    expect(codes(rcp({ ...noPrincipal, NotPrincipal: { AWS: '111122223333' } }))).toContain(
      'error policy/unsupported-element',
    );
    const { Action: _a, ...noAction } = denyS3;
    expect(codes(rcp({ ...noAction, NotAction: 's3:GetObject' }))).toContain(
      'error policy/unsupported-element',
    );
    expect(codes({ Statement: [denyS3] })).toContain('error policy/rcp-missing-version');
  });
});

describe('RCPs apply only to the services that support them (engine.ts orgSide, rcp-rules.ts rcpGovernsService)', () => {
  // "Resource control policies (RCPs)": "RCPs offer central control over the maximum available
  // permissions for resources in your organization", for the services of "List of AWS services
  // that support RCPs" (rcp-supported-services); validation says of another service's action
  // "RCPs do not apply to actions of ...: this statement restricts nothing". Before the fix the
  // engine denied lambda:InvokeFunction on an RCP Deny of "lambda:*" (and a spec expecting deny
  // passed) while AWS lets the request through.
  const account = '111122223333';
  const src = { file: 'model.json' };
  function withRcp(actions: string[]) {
    const b = new ModelBuilder();
    b.addAccount(account);
    const user = b.addUser({ name: 'alice', account, source: src });
    b.addInlinePolicy(user, {
      name: 'all',
      document: parsePolicy(
        { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
        { kind: 'identity', source: src },
      ),
      source: src,
    });
    b.addRcp(
      account,
      {
        ...parsePolicy(rcp({ ...denyS3, Action: actions }), { kind: 'rcp', source: src }),
        name: 'deny-some',
      },
      account,
    );
    return compileModel(b.build());
  }
  const decide = (engine: ReturnType<typeof withRcp>, action: string, resource: string) =>
    engine.decide({ principal: `arn:aws:iam::${account}:user/alice`, action, resource }, { trace: true });

  it('an RCP Deny of an unsupported service restricts nothing; of a supported one it denies', () => {
    expect(rcpGovernsService('lambda')).toBe(false);
    expect(rcpGovernsService('s3')).toBe(true);
    const engine = withRcp(['lambda:*', 'sns:Publish', 's3:*']);
    const lambda = decide(engine, 'lambda:InvokeFunction', `arn:aws:lambda:us-east-1:${account}:function:f`);
    expect(lambda.decision).toBe('allow');
    expect(JSON.stringify(lambda.trace)).toContain('lambda is not among the AWS services that support RCPs');
    expect(decide(engine, 'sns:Publish', `arn:aws:sns:us-east-1:${account}:t`).decision).toBe('allow');
    expect(decide(engine, 's3:GetObject', 'arn:aws:s3:::b/k').decision).toBe('deny');
  });
});

describe('RCPs and AWS managed KMS keys (engine.ts orgSide)', () => {
  // AWS KMS Developer Guide, "Resource control policies in AWS KMS": "Resource control policies
  // in your organization do not apply to AWS managed keys." A key the inputs do not define may be
  // an AWS managed key (aws/s3, aws/ebs...), whose ARN looks like any other key's: an RCP Deny of
  // kms:* made kms:Decrypt on it a plain deny before the fix (a `cannot` passed). A key the
  // inputs create is customer managed: the Deny applies.
  const account = '111122223333';
  const src = { file: 'model.json' };
  const mine = `arn:aws:kms:us-east-1:${account}:key/mine`;
  const engine = (() => {
    const b = new ModelBuilder();
    b.addAccount(account, 'us-east-1');
    const user = b.addUser({ name: 'alice', account, source: src });
    b.addInlinePolicy(user, {
      name: 'all',
      document: parsePolicy(
        { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
        { kind: 'identity', source: src },
      ),
      source: src,
    });
    b.addResource({
      kind: 'kms-key',
      arn: mine,
      name: 'mine',
      account,
      region: 'us-east-1',
      policy: parsePolicy(accountKeyPolicy(account), { kind: 'resource', source: src }),
      source: src,
    });
    b.addRcp(
      account,
      { ...parsePolicy(rcp({ ...denyS3, Action: 'kms:*' }), { kind: 'rcp', source: src }), name: 'deny-kms' },
      account,
    );
    return compileModel(b.build());
  })();
  const decide = (resource: string) =>
    engine.decide(
      { principal: `arn:aws:iam::${account}:user/alice`, action: 'kms:Decrypt', resource },
      { trace: true },
    );

  it('a key outside the inputs: indeterminate, saying why; a key of the inputs: denied', () => {
    const outside = decide(`arn:aws:kms:us-east-1:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`);
    expect(outside.decision).toBe('indeterminate');
    expect(JSON.stringify(outside.trace)).toContain('RCPs do not apply to AWS managed keys');
    expect(decide(mine).decision).toBe('deny');
  });
});
