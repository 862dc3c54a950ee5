// Lake Formation permissions and Service Catalog portfolio associations (issue 10 leftovers 4 and
// 5): grants made outside IAM policies are read, never silently nothing. iamspec does not map them
// to IAM actions: each keeps its principal as allowed unknown actions on what it is about, so
// who-can and onlyPrincipals there are indeterminate, and a finding names the grant.
//
// Pages relied on:
// - AWS CloudFormation, AWS::LakeFormation::PrincipalPermissions
//   (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lakeformation-principalpermissions.html):
//   "The AWS::LakeFormation::PrincipalPermissions resource represents the permissions that a
//   principal has on a Data Catalog resource (such as AWS Glue databases or AWS Glue tables)."
// - AWS Lake Formation Developer Guide, "Lake Formation permissions reference"
//   (https://docs.aws.amazon.com/lake-formation/latest/dg/lf-permissions-reference.html): DATA_LOCATION_ACCESS
//   on an Amazon S3 location lets the principal create Data Catalog resources that point there.
// - AWS Service Catalog API Reference, AssociatePrincipalWithPortfolio
//   (https://docs.aws.amazon.com/servicecatalog/latest/dg/API_AssociatePrincipalWithPortfolio.html):
//   "Associates the specified principal ARN with the specified portfolio." and PrincipalType
//   "IAM_PATTERN if you use an ARN with no accountID, with or without wildcard characters"
//   (API_Principal.html).

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { onlyNobody } from './helpers/only-nobody.js';

const ACCOUNT = '111122223333';
const G = `arn:aws:glue:us-east-1:${ACCOUNT}:`;
const PORTFOLIO = `arn:aws:catalog:us-east-1:${ACCOUNT}:portfolio/port-abc123example`;

describe('CloudFormation', () => {
  const m = loadModelSync(['test/fixtures/access-grants/template.yaml'], {
    account: ACCOUNT,
    region: 'us-east-1',
  });

  it('a SELECT on a table: who may read the table is indeterminate for the analyst, not "nobody"', () => {
    const r = onlyNobody(m, 'glue:GetTable', `${G}table/sales/orders`);
    expect(r.holds).toBe(false);
    expect(r.decisions).toEqual(new Set(['indeterminate']));
    expect(r.principals.join(' ')).toContain('role/analyst');
    const f = m.findings.filter((x) => x.code === 'model/lake-formation-grant');
    expect(f.map((x) => x.message).join('\n')).toContain('AnalystSelect');
    expect(f.find((x) => x.message.includes('AnalystSelect'))?.source?.line).toBeGreaterThan(0);
  });

  it('DATA_LOCATION_ACCESS on the raw bucket: onlyPrincipals on its objects is indeterminate', () => {
    const r = onlyNobody(m, 's3:GetObject', 'arn:aws:s3:::shop-raw/landing/x.json');
    expect(r.holds).toBe(false);
    expect(r.principals.join(' ')).toContain('role/etl');
  });

  it('an LF-tag grant to another account may be on any table', () => {
    const r = onlyNobody(m, 'glue:GetTable', `${G}table/finance/ledger`);
    expect(r.holds).toBe(false);
    expect(r.principals.join(' ')).toContain('444455556666');
  });

  it('a grant to IAM_ALLOWED_PRINCIPALS adds nothing (IAM alone decides) and no finding', () => {
    expect(m.findings.some((x) => x.message.includes('IamOnly'))).toBe(false);
  });

  it('a portfolio association: the developer is indeterminate on the portfolio and its products, with a finding', () => {
    const r = onlyNobody(
      m,
      'servicecatalog:ProvisionProduct',
      `arn:aws:catalog:us-east-1:${ACCOUNT}:product/prod-xyz`,
    );
    expect(r.holds).toBe(false);
    expect(r.principals.join(' ')).toContain('role/developer');
    expect(onlyNobody(m, 'servicecatalog:DescribePortfolio', PORTFOLIO).holds).toBe(false);
    const f = m.findings.find((x) => x.code === 'model/service-catalog-association');
    expect(f?.message).toContain('launch roles');
    expect(
      m.findings.some(
        (x) => x.code === 'cfn/unhandled-resource-type' && x.message.includes('DeveloperAccess'),
      ),
    ).toBe(false);
  });
});

describe('Terraform', () => {
  const m = loadModelSync(['test/fixtures/access-grants/tf'], {});

  it('aws_lakeformation_permissions on a table: indeterminate for the analyst', () => {
    const r = onlyNobody(m, 'glue:GetTable', `${G}table/sales/orders`);
    expect(r.holds).toBe(false);
    expect(r.principals.join(' ')).toContain('role/analyst');
  });

  it('a principal from a variable without a value: any principal may hold the grant', () => {
    const r = onlyNobody(m, 'glue:GetDatabase', `${G}database/sales`);
    expect(r.holds).toBe(false);
    expect(r.decisions).toEqual(new Set(['indeterminate']));
    const f = m.findings.find(
      (x) => x.code === 'model/lake-formation-grant' && x.message.includes('consumer'),
    );
    expect(f?.message).toContain('unknown principal');
  });

  it('IAM_PATTERN association: roles matching the pattern, in any account', () => {
    const r = onlyNobody(m, 'servicecatalog:DescribePortfolio', PORTFOLIO);
    expect(r.holds).toBe(false);
    expect(m.findings.some((x) => x.code === 'model/service-catalog-association')).toBe(true);
  });
});
