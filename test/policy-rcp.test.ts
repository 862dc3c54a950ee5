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
import { parseAndValidatePolicy } from '../src/validation/validate-policy.js';

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
