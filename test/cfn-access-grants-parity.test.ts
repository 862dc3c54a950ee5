// The CloudFormation side of the grants the Terraform adapter models through aws/access-grants.ts
// (aws_oam_link, aws_glue_catalog_database create_table_default_permission,
// aws_s3control_access_grant, aws_servicecatalog_portfolio_share): the same rule for the same
// grant. Before, AWS::Oam::Link and AWS::Glue::Database's default permissions were skipped
// without a word (a request by the grantee there was denied: a pass where access may exist), and
// AWS::S3::AccessGrant / AWS::ServiceCatalog::PortfolioShare were kept only as an unknown policy
// naming no grantee.
//
// Pages relied on:
// - CloudFormation Template Reference, AWS::Oam::Link: "Creates a link between a source account
//   and a sink that you have created in a monitoring account." SinkIdentifier: "The ARN of the
//   sink in the monitoring account that you want to link to." ResourceTypes: "An array of strings
//   that define which types of data that the source account shares with the monitoring account."
// - AWS::Glue::Database DatabaseInput, CreateTableDefaultPermissions: "Creates a set of default
//   permissions on the table for principals." PrincipalPrivileges: "the permissions granted to a
//   principal".
// - AWS::S3::AccessGrant: "creates an access grant that gives a grantee access to your S3 data."
//   AWS::S3::AccessGrantsLocation: "The location can be one of the following: The default S3
//   location s3:// - A bucket - S3://<bucket-name> - A bucket and prefix".
// - AWS::ServiceCatalog::PortfolioShare: "Shares a portfolio with the specified account."

import { describe, expect, it } from 'vitest';
import { checkOnlyPrincipals } from '../src/analysis/exhaustive.js';
import { compileModel } from '../src/engine/index.js';
import { ACCOUNT, findingsOf, modelOf } from './fixtures/cfn/load.js';

const OTHER = '444455556666';

function nobodyMay(template: string, action: string, resource: string) {
  const m = modelOf(template);
  const r = checkOnlyPrincipals(compileModel(m), action, resource, []);
  return { m, holds: r.holds, principals: r.violations.map((v) => v.principal).join(' ') };
}

describe('AWS::Oam::Link', () => {
  it('the monitoring account may read the shared log groups: onlyPrincipals no longer holds', () => {
    const { m, holds, principals } = nobodyMay(
      `
Resources:
  Link:
    Type: AWS::Oam::Link
    Properties:
      ResourceTypes: [AWS::Logs::LogGroup]
      SinkIdentifier: arn:aws:oam:us-west-2:${OTHER}:sink/abc
`,
      'logs:GetLogEvents',
      `arn:aws:logs:us-west-2:${ACCOUNT}:log-group:app:log-stream:s`,
    );
    expect(holds).toBe(false);
    expect(principals).toContain(OTHER);
    expect(findingsOf(m, 'model/observability-link')).toHaveLength(1);
  });
});

describe('AWS::Glue::Database CreateTableDefaultPermissions', () => {
  const template = (principal: string) => `
Resources:
  Sales:
    Type: AWS::Glue::Database
    Properties:
      CatalogId: !Ref AWS::AccountId
      DatabaseInput:
        Name: sales
        CreateTableDefaultPermissions:
          - Principal: {DataLakePrincipalIdentifier: ${principal}}
            Permissions: [ALL]
`;

  it('the principal holds the permissions on the new tables: indeterminate for it', () => {
    const { m, holds, principals } = nobodyMay(
      template(`arn:aws:iam::${OTHER}:role/analyst`),
      'glue:GetTable',
      `arn:aws:glue:us-west-2:${ACCOUNT}:table/sales/orders`,
    );
    expect(holds).toBe(false);
    expect(principals).toContain(`${OTHER}:role/analyst`);
    expect(findingsOf(m, 'model/lake-formation-grant')).toHaveLength(1);
  });

  it('IAM_ALLOWED_PRINCIPALS adds nothing (IAM alone decides)', () => {
    const m = modelOf(template('IAM_ALLOWED_PRINCIPALS'));
    expect(findingsOf(m, 'model/lake-formation-grant')).toHaveLength(0);
  });
});

describe('AWS::S3::AccessGrant', () => {
  it('the grantee of a location on a bucket: named on its objects, not elsewhere', () => {
    const { m, holds, principals } = nobodyMay(
      `
Resources:
  Location:
    Type: AWS::S3::AccessGrantsLocation
    Properties:
      IamRoleArn: arn:aws:iam::${ACCOUNT}:role/grants
      LocationScope: s3://shop-data/team*
  Reader:
    Type: AWS::S3::AccessGrant
    Properties:
      AccessGrantsLocationId: !GetAtt Location.AccessGrantsLocationId
      Permission: READ
      Grantee: {GranteeType: IAM, GranteeIdentifier: 'arn:aws:iam::${OTHER}:role/reader'}
`,
      's3:GetObject',
      'arn:aws:s3:::shop-data/team-a/x.csv',
    );
    expect(holds).toBe(false);
    expect(principals).toContain(`${OTHER}:role/reader`);
    expect(findingsOf(m, 'model/s3-access-grant')).toHaveLength(1);
    // the location's scope bounds it: another bucket is not reached
    const elsewhere = checkOnlyPrincipals(compileModel(m), 's3:GetObject', 'arn:aws:s3:::other/k', []);
    expect(elsewhere.holds).toBe(true);
  });

  it('the default location s3:// is every bucket', () => {
    const { holds } = nobodyMay(
      `
Resources:
  Everything:
    Type: AWS::S3::AccessGrant
    Properties:
      AccessGrantsLocationId: default
      Permission: READWRITE
      Grantee: {GranteeType: DIRECTORY_USER, GranteeIdentifier: 83d43802-00b1-7054-db02-f1d683aacba5}
`,
      's3:PutObject',
      'arn:aws:s3:::elsewhere/k',
    );
    expect(holds).toBe(false);
  });
});

describe('AWS::ServiceCatalog::PortfolioShare', () => {
  it('the account it is shared with may use the portfolio: indeterminate for it', () => {
    const { m, holds, principals } = nobodyMay(
      `
Resources:
  Share:
    Type: AWS::ServiceCatalog::PortfolioShare
    Properties:
      PortfolioId: port-abc123example
      AccountId: "${OTHER}"
`,
      'servicecatalog:DescribePortfolio',
      `arn:aws:catalog:us-west-2:${ACCOUNT}:portfolio/port-abc123example`,
    );
    expect(holds).toBe(false);
    expect(principals).toContain(OTHER);
    expect(findingsOf(m, 'model/service-catalog-association')).toHaveLength(1);
  });
});
