// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} is Terraform syntax here.
// `data "aws_elb_service_account"` in a known Region is the Elastic Load Balancing account of
// that Region (src/aws/elb-log-delivery.ts), so a bucket policy for a load balancer's access logs
// grants that account, not an unknown principal; in a Region not known offline it stays unknown.
// AWS, Elastic Load Balancing User Guide, "Attach a policy to your S3 bucket": "Your S3 bucket
// must have a bucket policy that grants Elastic Load Balancing permission to write the access
// logs to the bucket" (the policy names the elb-account-id of the Region: "US East (N. Virginia)
// – 127311923021", "Europe (Ireland) – 156460612806"); Regions launched in August 2022 or later
// grant the service principal logdelivery.elasticloadbalancing.amazonaws.com instead. Terraform
// AWS provider, data source aws_elb_service_account: "Use this data source to get the Account ID
// of the AWS Elastic Load Balancing Service Account in a given region for the purpose of
// permitting in S3 bucket policy"; "arn - ARN of the AWS ELB service account in the selected
// Region"; "region - (Optional) Name of the region whose AWS ELB account ID is desired. Defaults
// to the region from the AWS provider configuration".

import { describe, expect, it } from 'vitest';
import { elbAccountOfRegion, ELB_LOG_DELIVERY_SERVICE } from '../src/aws/elb-log-delivery.js';
import { compileModel } from '../src/engine/index.js';
import type { Model } from '../src/model/types.js';
import { verdict } from './helpers/engine-fixtures.js';
import { terraformConfigModel } from './helpers/temp-inputs.js';
import { ACCOUNT } from './fixtures/cfn/load.js';

/** An ALB access-log bucket whose policy grants the ELB account of `data`'s Region PutObject. */
function albLogs(providerRegion: string | undefined, dataArgs = ''): Model {
  return terraformConfigModel(
    `
${providerRegion ? `provider "aws" {\n  region = "${providerRegion}"\n}` : ''}
data "aws_elb_service_account" "main" {
  ${dataArgs}
}
resource "aws_s3_bucket" "logs" {
  bucket = "alb-logs"
}
data "aws_iam_policy_document" "logs" {
  statement {
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["\${aws_s3_bucket.logs.arn}/AWSLogs/*"]
    principals {
      type        = "AWS"
      identifiers = [data.aws_elb_service_account.main.arn]
    }
  }
}
resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = data.aws_iam_policy_document.logs.json
}
`,
    { account: ACCOUNT },
  );
}

const put = (m: Model, account: string) =>
  verdict(
    compileModel(m),
    `arn:aws:iam::${account}:root`,
    's3:PutObject',
    `arn:aws:s3:::alb-logs/AWSLogs/${ACCOUNT}/x`,
  );

describe('data "aws_elb_service_account": the ELB account of a known Region', () => {
  it('the table: US East (N. Virginia) 127311923021, Europe (Ireland) 156460612806; a Region without one (me-central-1) none', () => {
    expect(elbAccountOfRegion('us-east-1')).toBe('127311923021');
    expect(elbAccountOfRegion('eu-west-1')).toBe('156460612806');
    expect(elbAccountOfRegion('me-central-1')).toBeUndefined();
    expect(elbAccountOfRegion('toString')).toBeUndefined();
    expect(ELB_LOG_DELIVERY_SERVICE).toBe('logdelivery.elasticloadbalancing.amazonaws.com');
  });

  it("the provider's Region (eu-west-1): the bucket policy grants 156460612806, no other account (was indeterminate)", () => {
    const m = albLogs('eu-west-1');
    expect(put(m, '156460612806')).toBe('allow');
    expect(put(m, '127311923021')).toBe('deny');
  });

  it('the region argument overrides the provider (us-east-1: 127311923021)', () => {
    const m = albLogs('eu-west-1', 'region = "us-east-1"');
    expect(put(m, '127311923021')).toBe('allow');
    expect(put(m, '156460612806')).toBe('deny');
  });

  it('a Region not known offline (no provider region, no --region): unknown, so another account is indeterminate', () => {
    const m = albLogs(undefined);
    expect(put(m, '127311923021')).toBe('indeterminate');
  });

  it('a Region without an ELB account (the provider fails there): unknown', () => {
    const m = albLogs('me-central-1');
    expect(put(m, '127311923021')).toBe('indeterminate');
  });
});
