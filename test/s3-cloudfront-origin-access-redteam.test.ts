// Red team: S3 bucket policies for CloudFront origins. Origin access control (CDK
// `S3BucketOrigin.withOriginAccessControl`, Terraform `aws_cloudfront_origin_access_control` with
// the documented bucket policy) grants the CloudFront service principal under `AWS:SourceArn` of
// one distribution; the legacy origin access identity (OAI) is named by its IAM-style ARN or its
// S3 canonical user id. Checked: the intended read, and the near misses (another account's
// distribution, no SourceArn, another OAI). No verdict here was wrong at the time of writing; the
// cases pin them down.
//
// Amazon CloudFront Developer Guide, "Restrict access to an Amazon S3 origin": the OAC bucket
// policy is `"Principal": {"Service": "cloudfront.amazonaws.com"}` with `"Condition":
// {"StringEquals": {"AWS:SourceArn":
// "arn:aws:cloudfront::111122223333:distribution/<CloudFront distribution ID>"}}`; for an OAI,
// `"Principal": {"AWS": "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity <origin
// access identity ID>"}` or `{"CanonicalUser": "<S3 canonical user ID>"}`. IAM User Guide, "The
// confused deputy problem": "We recommend using the aws:SourceArn, aws:SourceAccount ... global
// condition context keys in resource-based policies to limit the permissions that the service
// gives another service to the resource."

import { describe, expect, it } from 'vitest';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import { reviewRisks } from '../src/analysis/risks.js';
import { compileModel } from '../src/engine/index.js';
import type { Model } from '../src/model/types.js';
import { loadTemplate, terraformConfigModel, terraformPlanModel } from './helpers/temp-inputs.js';

const A = '111122223333';
const OTHER = '444455556666';
const OBJECT = 'arn:aws:s3:::site-bucket/index.html';
const OAI = 'arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL';

/** The CDK S3BucketOrigin.withOriginAccessControl shape (synthesized CloudFormation). */
const cdkTemplate = (condition: unknown, principal: unknown = { Service: 'cloudfront.amazonaws.com' }) => ({
  Resources: {
    Site: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'site-bucket' } },
    Dist: { Type: 'AWS::CloudFront::Distribution', Properties: { DistributionConfig: { Enabled: true } } },
    SitePolicy: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: { Ref: 'Site' },
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: principal,
              Action: 's3:GetObject',
              Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Site', 'Arn'] }, '/*']] },
              ...(condition ? { Condition: condition } : {}),
            },
          ],
        },
      },
    },
  },
});
const ownDistribution = {
  StringEquals: {
    'AWS:SourceArn': {
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':cloudfront::',
          { Ref: 'AWS::AccountId' },
          ':distribution/',
          { Ref: 'Dist' },
        ],
      ],
    },
  },
};

/** The SourceArn value the bucket policy holds (the distribution's id is assigned at deploy). */
function sourceArnOf(m: Model): string {
  const st = m.resources.find((r) => r.name === 'site-bucket')?.policy?.statements[0];
  const v = st?.conditions.find((c) => c.key.toLowerCase() === 'aws:sourcearn')?.values[0];
  if (typeof v !== 'string') throw new Error('no SourceArn');
  return v;
}

const fromCloudFront = (sourceArn?: string) => ({
  principal: 'cloudfront.amazonaws.com',
  action: 's3:GetObject',
  resource: OBJECT,
  ...(sourceArn ? { context: { 'aws:SourceArn': sourceArn } } : {}),
});

describe('CDK origin access control', () => {
  const m = loadTemplate(cdkTemplate(ownDistribution), { account: A, region: 'us-east-1' });
  const engine = compileModel(m);

  it('the distribution of the stack reads the objects; the id it is assigned stays unknown', () => {
    const own = sourceArnOf(m);
    expect(own).toMatch(new RegExp(`^arn:aws:cloudfront::${A}:distribution/\\(unknown-`));
    expect(engine.decide(fromCloudFront(own)).decision).toBe('allow');
    // a distribution id of the account the inputs do not rule out: it may be this one
    expect(engine.decide(fromCloudFront(`arn:aws:cloudfront::${A}:distribution/EXAMPLE`)).decision).toBe(
      'indeterminate',
    );
  });

  it("near misses: another account's distribution, no SourceArn, anonymous: denied", () => {
    expect(engine.decide(fromCloudFront(`arn:aws:cloudfront::${OTHER}:distribution/EXAMPLE`)).decision).toBe(
      'deny',
    );
    expect(engine.decide(fromCloudFront()).decision).toBe('deny');
    expect(engine.decide({ principal: 'anonymous', action: 's3:GetObject', resource: OBJECT }).decision).toBe(
      'deny',
    );
    // under a free context (who-can, the matrix): conditional, never a plain allow
    expect(decideAnyContext(engine, fromCloudFront()).access).toBe('conditional');
  });

  it('pinned by SourceArn: no confused-deputy finding', () => {
    expect(reviewRisks(engine).filter((r) => r.kind === 'confused-deputy')).toEqual([]);
  });

  it('no SourceArn: any distribution reads (allowed), and the review reports a confused deputy', () => {
    const open = compileModel(loadTemplate(cdkTemplate(undefined), { account: A, region: 'us-east-1' }));
    expect(open.decide(fromCloudFront(`arn:aws:cloudfront::${OTHER}:distribution/EXAMPLE`)).decision).toBe(
      'allow',
    );
    expect(reviewRisks(open).some((r) => r.kind === 'confused-deputy')).toBe(true);
  });
});

describe('legacy origin access identity', () => {
  it('the OAI ARN: that OAI reads, another is denied; a cross-account finding names it', () => {
    const engine = compileModel(
      loadTemplate(cdkTemplate(undefined, { AWS: OAI }), { account: A, region: 'us-east-1' }),
    );
    const read = (principal: string) =>
      engine.decide({ principal, action: 's3:GetObject', resource: OBJECT }).decision;
    expect(read(OAI)).toBe('allow');
    expect(read('arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E999')).toBe('deny');
    expect(read('cloudfront.amazonaws.com')).toBe('deny');
    expect(reviewRisks(engine).some((r) => r.kind === 'cross-account-access')).toBe(true);
  });

  it('a canonical user id: an OAI may be that canonical user (indeterminate, never allow)', () => {
    const engine = compileModel(
      loadTemplate(cdkTemplate(undefined, { CanonicalUser: 'a'.repeat(64) }), {
        account: A,
        region: 'us-east-1',
      }),
    );
    expect(engine.decide({ principal: OAI, action: 's3:GetObject', resource: OBJECT }).decision).toBe(
      'indeterminate',
    );
  });
});

describe('Terraform aws_cloudfront_origin_access_control with the documented bucket policy', () => {
  const hcl = (sourceArn: string) => `
provider "aws" { region = "us-east-1" }
resource "aws_s3_bucket" "site" { bucket = "site-bucket" }
resource "aws_cloudfront_origin_access_control" "oac" {
  name                              = "site"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}
resource "aws_cloudfront_distribution" "site" {
  enabled = true
  origin {
    domain_name              = aws_s3_bucket.site.bucket_regional_domain_name
    origin_id                = "site"
    origin_access_control_id = aws_cloudfront_origin_access_control.oac.id
  }
  default_cache_behavior {
    target_origin_id       = "site"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }
  restrictions {
    geo_restriction { restriction_type = "none" }
  }
  viewer_certificate { cloudfront_default_certificate = true }
}
resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "cloudfront.amazonaws.com" }
      Action    = "s3:GetObject"
      Resource  = "\${aws_s3_bucket.site.arn}/*"
      Condition = { StringEquals = { "AWS:SourceArn" = ${sourceArn} } }
    }]
  })
}
`;

  // Amazon CloudFront API Reference, DistributionSummary, ARN: "The ARN (Amazon Resource Name) for
  // the distribution. For example: arn:aws:cloudfront::123456789012:distribution/EDFDVBD632BHDS5,
  // where 123456789012 is your Amazon Web Services account ID." The id is known only after apply;
  // the account is the provider's (was: the whole ARN unknown, another account's distribution
  // indeterminate).
  it("the distribution's ARN (id known after apply): another account's distribution denied, one of the account indeterminate", () => {
    const m = terraformConfigModel(hcl('aws_cloudfront_distribution.site.arn'), { account: A });
    expect(sourceArnOf(m)).toMatch(new RegExp(`^arn:aws:cloudfront::${A}:distribution/\\(unknown-`));
    const engine = compileModel(m);
    expect(engine.decide(fromCloudFront(`arn:aws:cloudfront::${OTHER}:distribution/EXAMPLE`)).decision).toBe(
      'deny',
    );
    // a distribution of the account: it may be the one the configuration creates
    expect(engine.decide(fromCloudFront(`arn:aws:cloudfront::${A}:distribution/EXAMPLE`)).decision).toBe(
      'indeterminate',
    );
    // the distribution itself (its ARN as the configuration names it) reads
    expect(engine.decide(fromCloudFront(sourceArnOf(m))).decision).toBe('allow');
    expect(engine.decide(fromCloudFront()).decision).toBe('deny');
    // pinned by SourceArn: no confused-deputy finding
    expect(reviewRisks(engine).filter((r) => r.kind === 'confused-deputy')).toEqual([]);
  });

  it('the ARN built from the id and the caller identity is the same ARN', () => {
    const built =
      `"arn:aws:cloudfront::\${data.aws_caller_identity.me.account_id}` +
      `:distribution/\${aws_cloudfront_distribution.site.id}"`;
    const m = terraformConfigModel(`data "aws_caller_identity" "me" {}\n${hcl(built)}`, { account: A });
    const byArn = terraformConfigModel(hcl('aws_cloudfront_distribution.site.arn'), { account: A });
    expect(sourceArnOf(m)).toBe(sourceArnOf(byArn));
    expect(
      compileModel(m).decide(fromCloudFront(`arn:aws:cloudfront::${OTHER}:distribution/EXAMPLE`)).decision,
    ).toBe('deny');
  });

  // The same in a plan. Terraform, "JSON Output Format": `after_unknown` is "An object value with
  // similar structure to "after", but with all unknown leaf values replaced with true", and a
  // planned value left unknown is absent from `planned_values`: a new distribution has neither
  // `id` nor `arn`, the bucket policy's `policy` (which names the distribution's `arn`) is unknown
  // too, decided through the configuration beside the plan (its `references` list both the
  // attribute and the resource, as Terraform writes them). The entries follow the corpus plans
  // (`../shared/corpus/tfplan/fugue__regula__resource-view-02-unknown-policy.tfplan.json`).
  it("a plan: the distribution's arn known after apply is the provider account's (another account's distribution denied)", () => {
    const AWS = 'registry.terraform.io/hashicorp/aws';
    const entry = (type: string, name: string, after: Record<string, unknown>, afterUnknown: object) => ({
      planned: {
        address: `${type}.${name}`,
        mode: 'managed',
        type,
        name,
        provider_name: AWS,
        schema_version: 0,
        values: after,
      },
      change: {
        address: `${type}.${name}`,
        mode: 'managed',
        type,
        name,
        provider_name: AWS,
        change: { actions: ['create'], before: null, after, after_unknown: afterUnknown },
      },
    });
    const entries = [
      entry(
        'aws_s3_bucket',
        'site',
        { bucket: 'site-bucket', force_destroy: false, tags: null, timeouts: null },
        {
          arn: true,
          bucket_domain_name: true,
          bucket_regional_domain_name: true,
          id: true,
          region: true,
          tags_all: true,
        },
      ),
      entry(
        'aws_cloudfront_origin_access_control',
        'oac',
        {
          description: 'Managed by Terraform',
          name: 'site',
          origin_access_control_origin_type: 's3',
          signing_behavior: 'always',
          signing_protocol: 'sigv4',
        },
        { arn: true, etag: true, id: true },
      ),
      entry(
        'aws_cloudfront_distribution',
        'site',
        { enabled: true, retain_on_delete: false, wait_for_deployment: true },
        {
          arn: true,
          caller_reference: true,
          domain_name: true,
          etag: true,
          hosted_zone_id: true,
          id: true,
          origin: true,
          status: true,
          tags_all: true,
        },
      ),
      entry('aws_s3_bucket_policy', 'site', {}, { bucket: true, id: true, policy: true }),
    ];
    const plan = {
      format_version: '1.2',
      terraform_version: '1.9.5',
      planned_values: { root_module: { resources: entries.map((e) => e.planned) } },
      resource_changes: entries.map((e) => e.change),
      configuration: {
        provider_config: {
          aws: { name: 'aws', full_name: AWS, expressions: { region: { constant_value: 'us-east-1' } } },
        },
        root_module: {
          resources: [
            {
              address: 'aws_s3_bucket_policy.site',
              mode: 'managed',
              type: 'aws_s3_bucket_policy',
              name: 'site',
              provider_config_key: 'aws',
              expressions: {
                bucket: { references: ['aws_s3_bucket.site.id', 'aws_s3_bucket.site'] },
                policy: {
                  references: [
                    'aws_s3_bucket.site.arn',
                    'aws_s3_bucket.site',
                    'aws_cloudfront_distribution.site.arn',
                    'aws_cloudfront_distribution.site',
                  ],
                },
              },
              schema_version: 0,
            },
          ],
        },
      },
    };
    const m = terraformPlanModel(
      plan,
      { account: A },
      { 'main.tf': hcl('aws_cloudfront_distribution.site.arn') },
    );
    const own = sourceArnOf(m);
    expect(own).toMatch(new RegExp(`^arn:aws:cloudfront::${A}:distribution/\\(unknown-`));
    // the same ARN as the configuration alone derives
    expect(own).toBe(
      sourceArnOf(terraformConfigModel(hcl('aws_cloudfront_distribution.site.arn'), { account: A })),
    );
    const engine = compileModel(m);
    expect(engine.decide(fromCloudFront(`arn:aws:cloudfront::${OTHER}:distribution/EXAMPLE`)).decision).toBe(
      'deny',
    );
    expect(engine.decide(fromCloudFront(`arn:aws:cloudfront::${A}:distribution/EXAMPLE`)).decision).toBe(
      'indeterminate',
    );
    expect(engine.decide(fromCloudFront(own)).decision).toBe('allow');
  });

  it('a distribution of another account named in SourceArn: only that one reads', () => {
    const theirs = `arn:aws:cloudfront::${OTHER}:distribution/EDFDVBD6EXAMPLE`;
    const engine = compileModel(terraformConfigModel(hcl(`"${theirs}"`), { account: A }));
    expect(engine.decide(fromCloudFront(theirs)).decision).toBe('allow');
    expect(engine.decide(fromCloudFront(`arn:aws:cloudfront::${OTHER}:distribution/OTHER`)).decision).toBe(
      'deny',
    );
  });
});

// The same class of computed ARN for the CloudTrail log bucket policy (CloudTrail User Guide,
// "Amazon S3 bucket policy for CloudTrail": `"Principal": {"Service": "cloudtrail.amazonaws.com"}`
// with `"aws:SourceArn": "arn:aws:cloudtrail:region:myAccountID:trail/trailName"`). IAM Access
// Analyzer API Reference, Trail, cloudTrailArn: "The format of a trail ARN is
// arn:aws:cloudtrail:us-east-2:123456789012:trail/MyTrail." Was: the configuration left the
// trail's whole ARN unknown, so another account's trail was indeterminate.
describe('Terraform aws_cloudtrail: its arn from its name, in the provider account and Region', () => {
  const hcl = `
provider "aws" { region = "us-east-1" }
resource "aws_s3_bucket" "logs" { bucket = "trail-logs" }
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.logs.id
}
resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = "s3:PutObject"
      Resource  = "\${aws_s3_bucket.logs.arn}/AWSLogs/*"
      Condition = { StringEquals = { "aws:SourceArn" = aws_cloudtrail.main.arn } }
    }]
  })
}
`;
  const engine = compileModel(terraformConfigModel(hcl, { account: A }));
  const put = (sourceArn: string) =>
    engine.decide({
      principal: 'cloudtrail.amazonaws.com',
      action: 's3:PutObject',
      resource: `arn:aws:s3:::trail-logs/AWSLogs/${A}/x.json.gz`,
      context: { 'aws:SourceArn': sourceArn },
    }).decision;

  it("the trail itself writes; another account's trail, or another trail, is denied (was indeterminate)", () => {
    expect(put(`arn:aws:cloudtrail:us-east-1:${A}:trail/main`)).toBe('allow');
    expect(put(`arn:aws:cloudtrail:us-east-1:${OTHER}:trail/main`)).toBe('deny');
    expect(put(`arn:aws:cloudtrail:us-east-1:${A}:trail/other`)).toBe('deny');
  });
});
