// Carriers of access that are not policies (issue 9 / 10): KMS grants (Terraform aws_kms_grant;
// CloudFormation has no grant resource) and AWS RAM resource shares (aws_ram_resource_share +
// aws_ram_principal_association + aws_ram_resource_association, AWS::RAM::ResourceShare). A
// check on the key or the shared resource must not pass while a grant or a share gives access.
//
// AWS rules pinned here:
// - "When you create a grant for a KMS key, the grant allows the grantee principal to call the
//   specified grant operations on the KMS key provided that all conditions specified in the grant
//   are met." and "A grant can allow access to a KMS key, but not deny access." (AWS KMS Developer
//   Guide, "Grants in AWS KMS") https://docs.aws.amazon.com/kms/latest/developerguide/grants.html
// - "AWS KMS applies the grant constraints only to cryptographic operations that support an
//   encryption context ... Grant constraints are not applied to ... management operations, such
//   as DescribeKey or RetireGrant" (AWS KMS API Reference, "GrantConstraints")
//   https://docs.aws.amazon.com/kms/latest/APIReference/API_GrantConstraints.html
// - A resource share gives the principals it is shared with the actions of its managed
//   permission on its resources (AWS RAM User Guide, "Managed permissions in AWS RAM")
//   https://docs.aws.amazon.com/ram/latest/userguide/security-ram-permissions.html; those actions
//   are not in the inputs, so what the principals may do is indeterminate, never nothing.

import { describe, expect, it } from 'vitest';
import { loadTemplateFile } from '../src/adapters/cloudformation/index.js';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { checkOnlyPrincipals } from '../src/analysis/exhaustive.js';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';

const READER = 'arn:aws:iam::111122223333:role/reader';
const PARTNER_ROLE = 'arn:aws:iam::999988887777:role/partner';
const SUBNET = 'arn:aws:ec2:us-east-1:111122223333:subnet/subnet-0123456789abcdef0';
const EXTERNAL_KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function tf(vars: Record<string, string> = {}): Model {
  const b = new ModelBuilder();
  loadTerraformConfig('test/fixtures/terraform/access-carriers', b, { vars, env: {} });
  return b.build();
}

describe('Terraform aws_kms_grant', () => {
  const m = tf();
  const e = compileModel(m);
  const key = m.resources.find((r) => r.kind === 'kms-key' && r.source.address === 'aws_kms_key.data')!;

  it('gives its grantee the operations on the key, under the encryption context constraint', () => {
    const decrypt = { principal: READER, action: 'kms:Decrypt', resource: key.arn };
    expect(e.decide(decrypt).decision).toBe('deny');
    expect(
      e.decide({ ...decrypt, context: { 'kms:EncryptionContext:Department': 'Finance' } }).decision,
    ).toBe('allow');
    const free = decideAnyContext(e, decrypt);
    expect(free.access).toBe('conditional');
    expect(free.conditions.join(' ')).toMatch(/kms:EncryptionContext:Department/);
    // The constraint does not apply to DescribeKey.
    expect(e.decide({ principal: READER, action: 'kms:DescribeKey', resource: key.arn }).decision).toBe(
      'allow',
    );
    // What the grant does not list stays denied.
    expect(e.decide({ principal: READER, action: 'kms:Encrypt', resource: key.arn }).decision).toBe('deny');
  });

  it('a grant to another account fails onlyPrincipals on the key', () => {
    const r = checkOnlyPrincipals(e, 'kms:Encrypt', key.arn, ['arn:aws:iam::111122223333:role/key-admin']);
    expect(r.holds).toBe(false);
    expect(r.violations.some((v) => v.principal === PARTNER_ROLE && v.decision.decision === 'allow')).toBe(
      true,
    );
  });

  it('a grant on a key outside the inputs: its key policy is unknown, the grantee is indeterminate, never denied', () => {
    const ext = m.resources.find((r) => r.arn === EXTERNAL_KEY)!;
    expect(ext.policy?.unknown).toBeDefined();
    expect(e.decide({ principal: READER, action: 'kms:Decrypt', resource: EXTERNAL_KEY }).decision).toBe(
      'indeterminate',
    );
  });

  it('a grantee known only at apply time: the grant may be anyone’s, onlyPrincipals is indeterminate', () => {
    const r = checkOnlyPrincipals(e, 'kms:ReEncryptFrom', key.arn, [
      'arn:aws:iam::111122223333:role/key-admin',
    ]);
    expect(r.holds).toBe(false);
    expect(r.violations.some((v) => v.decision.decision === 'indeterminate')).toBe(true);
    const known = compileModel(tf({ grantee: READER }));
    expect(known.decide({ principal: READER, action: 'kms:ReEncryptFrom', resource: key.arn }).decision).toBe(
      'allow',
    );
  });
});

describe('AWS RAM resource shares', () => {
  it('Terraform: the shared subnet gets the share’s principals, with the managed permission’s actions unknown', () => {
    const m = tf({ grantee: READER });
    const subnet = m.resources.find((r) => r.arn === SUBNET)!;
    expect(subnet.policy?.statements.length).toBe(2);
    const e = compileModel(m);
    const d = e.decide({
      principal: 'arn:aws:iam::999988887777:root',
      action: 'ec2:RunInstances',
      resource: SUBNET,
    });
    expect(d.decision).toBe('indeterminate');
    const r = checkOnlyPrincipals(e, 'ec2:RunInstances', SUBNET, []);
    expect(r.holds).toBe(false);
    expect(r.violations.every((v) => v.decision.decision !== 'allow')).toBe(true);
    // The organization: any principal whose aws:PrincipalOrgID is o-abc123def4.
    const org = subnet.policy!.statements.find((s) =>
      s.conditions.some((c) => c.key === 'aws:PrincipalOrgID'),
    );
    expect(org).toBeDefined();
  });

  it('CloudFormation: AWS::RAM::ResourceShare, and one whose ResourceArns is unknown', () => {
    const b = new ModelBuilder();
    loadTemplateFile('test/fixtures/cloudformation/resource-share.yaml', b, {
      account: '111122223333',
      region: 'us-east-1',
    });
    const m = b.build();
    const e = compileModel(m);
    const d = e.decide({
      principal: 'arn:aws:iam::999988887777:root',
      action: 'ec2:RunInstances',
      resource: SUBNET,
    });
    expect(d.decision).toBe('indeterminate');
    // The share whose resources are unknown may share any resource: it is on the subnet too.
    const other = e.decide({
      principal: 'arn:aws:iam::444455556666:root',
      action: 'ec2:RunInstances',
      resource: SUBNET,
    });
    expect(other.decision).toBe('indeterminate');
    expect(
      m.findings.some((f) => f.code === 'model/unknown-resource-target' && f.source?.logicalId === 'Other'),
    ).toBe(true);
  });
});
