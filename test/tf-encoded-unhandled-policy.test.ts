// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} is Terraform syntax here.
// A Terraform resource type iamspec does not model keeps its policy as an unknown policy
// (src/adapters/terraform/handlers/index.ts `carriedPolicies`, `tf/unhandled-resource-type`),
// whatever form the configuration writes it in. A `jsonencode(...)` whose document holds a value
// known only after apply (`"${aws_s3_access_point.ap.arn}/object/*"`) is neither JSON text nor an
// unknown but the document being written (`EncodedJson`): it was skipped, so an access point
// policy granting another account was dropped and a request through the access point was denied
// (a pass where AWS allows: Amazon S3 User Guide, "Configuring IAM policies for using access
// points": "Amazon S3 access points support AWS Identity and Access Management (IAM) resource
// policies that allow you to control the use of the access point by resource, user, or other
// conditions").

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { terraformConfigModel } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const PARTNER = 'arn:aws:iam::444455556666:role/partner';

function load(text: string) {
  return terraformConfigModel(text, { account: ACCOUNT, region: 'us-east-1' });
}

const grant = (resource: string) =>
  `jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "${PARTNER}" }, Action = "s3:GetObject", Resource = ${resource} }] })`;

describe('a policy of an unmodelled type written with jsonencode around a value known after apply', () => {
  it('an access point policy (aws_s3control_access_point_policy) is kept, not dropped: not deny', () => {
    // S3 access points are modelled now (src/aws/s3-access-points.ts, test/s3-access-points.test.ts):
    // the access point's ARN is known, so the document is read; the bucket delegates to the
    // account's access points, so the partner's request through the access point is not denied.
    const m = load(`resource "aws_s3_bucket" "b" {
  bucket = "data"
}
resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "*", Resource = "\${aws_s3_bucket.b.arn}/*", Condition = { StringEquals = { "s3:DataAccessPointAccount" = "${ACCOUNT}" } } }] })
}
resource "aws_s3_access_point" "ap" {
  bucket = aws_s3_bucket.b.id
  name   = "ap"
}
resource "aws_s3control_access_point_policy" "ap" {
  access_point_arn = aws_s3_access_point.ap.arn
  policy           = ${grant('"${aws_s3_access_point.ap.arn}/object/*"')}
}
`);
    expect(m.findings.filter((f) => f.code === 'tf/unhandled-resource-type')).toEqual([]);
    const d = compileModel(m).decide({
      principal: PARTNER,
      action: 's3:GetObject',
      resource: `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/ap/object/report.csv`,
    });
    expect(d.decision).not.toBe('deny');
  });

  it('a Multi-Region Access Point policy in a nested block (details { policy }) too', () => {
    const m = load(`resource "aws_s3_bucket" "b" {
  bucket = "data"
}
resource "aws_s3control_multi_region_access_point" "m" {
  details {
    name = "mrap"
    region {
      bucket = aws_s3_bucket.b.id
    }
  }
}
resource "aws_s3control_multi_region_access_point_policy" "m" {
  details {
    name   = "mrap"
    policy = ${grant(`"arn:aws:s3::${ACCOUNT}:accesspoint/\${aws_s3control_multi_region_access_point.m.alias}/object/*"`)}
  }
}
`);
    expect(m.findings.filter((f) => f.code === 'tf/unhandled-resource-type').map((f) => f.message)).toEqual([
      expect.stringContaining('carries a policy (details.policy)'),
    ]);
    const d = compileModel(m).decide({
      principal: PARTNER,
      action: 's3:GetObject',
      resource: `arn:aws:s3::${ACCOUNT}:accesspoint/mfzwi23gnjvgw.mrap/object/k`,
    });
    expect(d.decision).toBe('indeterminate');
  });

  it('a jsonencode that holds no document (a list of names with an unknown) is no policy', () => {
    const m = load(`resource "aws_s3_bucket" "b" {
  bucket = "data"
}
resource "aws_s3_access_point" "ap" {
  bucket = aws_s3_bucket.b.id
  name   = "ap"
  tags = { names = jsonencode([aws_s3_bucket.b.arn]) }
}
`);
    expect(m.findings.filter((f) => f.code === 'tf/unhandled-resource-type')).toEqual([]);
  });
});
