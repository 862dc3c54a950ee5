// Who Elastic Load Balancing writes access logs as, per Region: the one table of the AWS account
// an S3 bucket policy grants for a load balancer's access logs (`data "aws_elb_service_account"`
// in Terraform reads it), and the service principal of the Regions that have none.
//
// AWS, Elastic Load Balancing User Guide, "Attach a policy to your S3 bucket"
// (https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/enable-access-logs.html#attach-bucket-policy,
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html):
// "Your S3 bucket must have a bucket policy that grants Elastic Load Balancing permission to
// write the access logs to the bucket"; the policy names the `elb-account-id` of the load
// balancer's Region (the table below, as the Terraform AWS provider's
// internal/service/elb/service_account_data_source.go `accountIDPerRegionMap` copies it, which
// is what the data source returns); Regions launched in August 2022 or later grant the service
// principal `logdelivery.elasticloadbalancing.amazonaws.com` instead. Terraform AWS provider,
// data source aws_elb_service_account: "Use this data source to get the Account ID of the AWS
// Elastic Load Balancing Service Account in a given region for the purpose of permitting in S3
// bucket policy"; "arn - ARN of the AWS ELB service account in the selected Region"; for a
// Region outside the table the provider fails ("unsupported AWS Region").

/** The Elastic Load Balancing account of each Region that has one. */
const ELB_ACCOUNT_BY_REGION: Readonly<Record<string, string>> = {
  'af-south-1': '098369216593',
  'ap-east-1': '754344448648',
  'ap-northeast-1': '582318560864',
  'ap-northeast-2': '600734575887',
  'ap-northeast-3': '383597477331',
  'ap-south-1': '718504428378',
  'ap-southeast-1': '114774131450',
  'ap-southeast-2': '783225319266',
  'ap-southeast-3': '589379963580',
  'ca-central-1': '985666609251',
  'cn-north-1': '638102146993',
  'cn-northwest-1': '037604701340',
  'eu-central-1': '054676820928',
  'eu-north-1': '897822967062',
  'eu-south-1': '635631232127',
  'eu-west-1': '156460612806',
  'eu-west-2': '652711504416',
  'eu-west-3': '009996457667',
  'me-south-1': '076674570225',
  'sa-east-1': '507241528517',
  'us-east-1': '127311923021',
  'us-east-2': '033677994240',
  'us-gov-east-1': '190560391635',
  'us-gov-west-1': '048591011584',
  'us-west-1': '027434742980',
  'us-west-2': '797873946194',
};

/** The service principal newer Regions grant for access logs instead of an account. */
export const ELB_LOG_DELIVERY_SERVICE = 'logdelivery.elasticloadbalancing.amazonaws.com';

/** The Elastic Load Balancing account of a Region; undefined for a Region without one (it uses the service principal). */
export function elbAccountOfRegion(region: string): string | undefined {
  return Object.hasOwn(ELB_ACCOUNT_BY_REGION, region) ? ELB_ACCOUNT_BY_REGION[region] : undefined;
}
