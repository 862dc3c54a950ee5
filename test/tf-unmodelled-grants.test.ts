// Terraform resources that grant access without a policy document, which the adapter skipped
// without a word (the coverage audit of the Terraform adapter): each is now kept as a grant of
// unknown actions to its principal on what it is about (src/aws/access-grants.ts), or shown when
// what it enables is not modelled, so a check there is indeterminate, never a pass.
//
// Pages relied on:
// - Amazon S3 Control API Reference, CreateAccessGrant: "Creates an access grant that gives a
//   grantee access to your S3 data. The grantee can be an IAM user or role or a directory user, or
//   group." AccessGrantsLocationId: "S3 Access Grants assigns the ID `default` to the default
//   location `s3://`".
//   (https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_CreateAccessGrant.html)
// - AWS Lake Formation API Reference, PutDataLakeSettings: "Sets the list of data lake
//   administrators who have admin privileges on all resources managed by Lake Formation."
//   (https://docs.aws.amazon.com/lake-formation/latest/APIReference/API_PutDataLakeSettings.html)
// - CloudWatch Observability Access Manager API Reference: "A monitoring account is a central
//   Amazon Web Services account that can view and interact with observability data generated from
//   source accounts." "The shared observability data can include metrics in Amazon CloudWatch,
//   logs in Amazon CloudWatch Logs, traces in X-Ray..."
//   (https://docs.aws.amazon.com/OAM/latest/APIReference/Welcome.html)
// - IAM API Reference, EnableOrganizationsRootSessions: "Allows the management account or
//   delegated administrator to perform privileged tasks on member accounts in your organization."
//   (https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableOrganizationsRootSessions.html)
// - Amazon S3 API Reference, TargetGrant: "Container for granting information." (the grants of
//   the server access log objects; https://docs.aws.amazon.com/AmazonS3/latest/API/API_TargetGrant.html)
// - AWS Glue API, DatabaseInput CreateTableDefaultPermissions: "Creates a set of default permissions
//   on the table for principals." (https://docs.aws.amazon.com/glue/latest/webapi/API_DatabaseInput.html)
// - AWS Service Catalog API Reference, CreatePortfolioShare: "Shares the specified portfolio with
//   the specified account or organization node."
//   (https://docs.aws.amazon.com/servicecatalog/latest/dg/API_CreatePortfolioShare.html)
// - AWS Organizations User Guide, "AWS services that you can use with AWS Organizations": a
//   delegated administrator account can administer the service for the organization's accounts.

import { describe, expect, it } from 'vitest';
import { onlyNobody } from './helpers/only-nobody.js';
import { loadTerraformFiles } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const env = { account: ACCOUNT, region: 'us-east-1' };

describe('aws_s3control_access_grant', () => {
  const m = loadTerraformFiles(
    `
resource "aws_s3_bucket" "data" { bucket = "shop-data" }
resource "aws_s3control_access_grants_instance" "i" {}
resource "aws_s3control_access_grants_location" "loc" {
  iam_role_arn   = "arn:aws:iam::${ACCOUNT}:role/grants"
  location_scope = "s3://\${aws_s3_bucket.data.bucket}/team*"
}
resource "aws_s3control_access_grant" "reader" {
  access_grants_location_id = aws_s3control_access_grants_location.loc.access_grants_location_id
  permission                = "READ"
  grantee {
    grantee_type       = "IAM"
    grantee_identifier = "arn:aws:iam::444455556666:role/reader"
  }
}
resource "aws_s3control_access_grant" "everything" {
  access_grants_location_id = "default"
  permission                = "READWRITE"
  grantee {
    grantee_type       = "DIRECTORY_USER"
    grantee_identifier = "83d43802-00b1-7054-db02-f1d683aacba5"
  }
}
`,
    env,
  );

  it('the grantee of a location on a bucket: onlyPrincipals on its objects no longer holds', () => {
    const r = onlyNobody(m, 's3:GetObject', 'arn:aws:s3:::shop-data/team-a/x.csv');
    expect(r.holds).toBe(false);
    expect(r.principals.join(' ')).toContain('444455556666');
    const f = m.findings.filter((x) => x.code === 'model/s3-access-grant');
    expect(f.map((x) => x.source?.address)).toContain('aws_s3control_access_grant.reader');
  });

  it('a directory user on the default location s3://: any bucket, any principal, indeterminate', () => {
    const r = onlyNobody(m, 's3:PutObject', 'arn:aws:s3:::elsewhere/k');
    expect(r.holds).toBe(false);
    expect(r.decisions).toEqual(new Set(['indeterminate']));
  });
});

describe('aws_lakeformation_data_lake_settings', () => {
  const m = loadTerraformFiles(
    `
resource "aws_lakeformation_data_lake_settings" "s" {
  admins = ["arn:aws:iam::${ACCOUNT}:role/lake-admin"]
  create_table_default_permissions {
    principal   = "arn:aws:iam::${ACCOUNT}:role/etl"
    permissions = ["ALL"]
  }
  create_database_default_permissions {
    principal   = "IAM_ALLOWED_PRINCIPALS"
    permissions = ["ALL"]
  }
}
`,
    env,
  );

  it('a data lake administrator: who may read any table is indeterminate, not "nobody"', () => {
    const r = onlyNobody(m, 'glue:GetTable', `arn:aws:glue:us-east-1:${ACCOUNT}:table/sales/orders`);
    expect(r.holds).toBe(false);
    expect(r.principals.join(' ')).toContain('role/lake-admin');
    expect(r.principals.join(' ')).toContain('role/etl');
    const f = m.findings.filter((x) => x.code === 'model/lake-formation-grant');
    expect(f.map((x) => x.message).join('\n')).toContain('data lake administrator');
  });
});

describe('aws_oam_link', () => {
  const m = loadTerraformFiles(
    `
resource "aws_oam_link" "to_monitoring" {
  label_template  = "$AccountName"
  resource_types  = ["AWS::Logs::LogGroup"]
  sink_identifier = "arn:aws:oam:us-east-1:444455556666:sink/abc"
}
`,
    env,
  );

  it('the monitoring account may read the source account log groups: indeterminate', () => {
    const r = onlyNobody(
      m,
      'logs:GetLogEvents',
      `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:app:log-stream:s`,
    );
    expect(r.holds).toBe(false);
    expect(r.principals.join(' ')).toContain('444455556666');
    expect(m.findings.some((x) => x.code === 'model/observability-link')).toBe(true);
  });
});

describe('aws_iam_organizations_features', () => {
  const m = loadTerraformFiles(
    `
resource "aws_iam_organizations_features" "f" {
  enabled_features = ["RootCredentialsManagement", "RootSessions"]
}
`,
    env,
  );

  it('root sessions in member accounts are shown, not skipped', () => {
    const f = m.findings.find((x) => x.code === 'tf/root-sessions');
    expect(f?.severity).toBe('warning');
    expect(f?.message).toContain('sts:AssumeRoot');
    expect(f?.source?.address).toBe('aws_iam_organizations_features.f');
  });
});

describe('aws_s3_bucket_logging target_grant', () => {
  const m = loadTerraformFiles(
    `
resource "aws_s3_bucket" "logs" { bucket = "shop-logs" }
resource "aws_s3_bucket_logging" "l" {
  bucket        = "shop-data"
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "access/"
  target_grant {
    grantee {
      type = "Group"
      uri  = "http://acs.amazonaws.com/groups/global/AllUsers"
    }
    permission = "READ"
  }
}
`,
    env,
  );

  it('a public READ on the log objects: onlyPrincipals on them no longer holds', () => {
    const r = onlyNobody(m, 's3:GetObject', 'arn:aws:s3:::shop-logs/access/2026-01-01');
    expect(r.holds).toBe(false);
  });
});

describe('aws_glue_catalog_database create_table_default_permission', () => {
  const m = loadTerraformFiles(
    `
resource "aws_glue_catalog_database" "sales" {
  name = "sales"
  create_table_default_permission {
    permissions = ["SELECT"]
    principal {
      data_lake_principal_identifier = "arn:aws:iam::444455556666:role/analyst"
    }
  }
}
`,
    env,
  );

  it('the principal of the default permissions holds them on the new tables: indeterminate there', () => {
    const r = onlyNobody(m, 'glue:GetTable', `arn:aws:glue:us-east-1:${ACCOUNT}:table/sales/orders`);
    expect(r.holds).toBe(false);
    expect(r.principals.join(' ')).toContain('444455556666');
  });
});

describe('aws_servicecatalog_portfolio_share', () => {
  const m = loadTerraformFiles(
    `
resource "aws_servicecatalog_portfolio_share" "s" {
  portfolio_id = "port-abc123example"
  principal_id = "444455556666"
  type         = "ACCOUNT"
}
`,
    env,
  );

  it('the account it is shared with may use the portfolio: indeterminate for it', () => {
    const r = onlyNobody(
      m,
      'servicecatalog:DescribePortfolio',
      `arn:aws:catalog:us-east-1:${ACCOUNT}:portfolio/port-abc123example`,
    );
    expect(r.holds).toBe(false);
    expect(r.principals.join(' ')).toContain('444455556666');
  });
});

describe('service delegated administrators', () => {
  const m = loadTerraformFiles(
    `
resource "aws_macie2_organization_admin_account" "a" { admin_account_id = "444455556666" }
resource "aws_guardduty_organization_admin_account" "g" { admin_account_id = "444455556666" }
`,
    env,
  );

  it('are shown as aws_organizations_delegated_administrator is, not skipped', () => {
    const f = m.findings.filter((x) => x.code === 'tf/org-delegation');
    expect(f.map((x) => x.source?.address).sort()).toEqual([
      'aws_guardduty_organization_admin_account.g',
      'aws_macie2_organization_admin_account.a',
    ]);
    expect(f.map((x) => x.message).join('\n')).toContain('macie.amazonaws.com');
  });
});
