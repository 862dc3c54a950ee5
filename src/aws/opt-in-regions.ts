// The AWS Regions that are disabled by default (opt-in Regions): a request or a start allowed only
// in one of them may fail, since the account may not have enabled it; the inputs do not say which
// Regions an account enabled (the Region the inputs deploy to is enabled). Owns `OPT_IN_REGIONS`,
// `isOptInRegion` and `optInRegionWhy`.
//
// AWS Account Management Reference Guide, "Enable or disable AWS Regions in your account"
// (https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html): "Default
// Regions – Regions launched before March 20, 2019 are enabled by default"; "Opt-in Regions –
// Regions launched after March 20, 2019 are disabled by default". AWS General Reference,
// "Managing AWS Regions": "If a Region is disabled by default, you must enable it before you can
// create and manage resources." The list: the Regions of the commercial partition launched after
// that date (AWS Regions and Availability Zones, "AWS Regions", the "Opt-in status" column).

/** The opt-in Regions of the `aws` partition. */
export const OPT_IN_REGIONS: ReadonlySet<string> = new Set([
  'af-south-1', // Africa (Cape Town)
  'ap-east-1', // Asia Pacific (Hong Kong)
  'ap-east-2', // Asia Pacific (Taipei)
  'ap-south-2', // Asia Pacific (Hyderabad)
  'ap-southeast-3', // Asia Pacific (Jakarta)
  'ap-southeast-4', // Asia Pacific (Melbourne)
  'ap-southeast-5', // Asia Pacific (Malaysia)
  'ap-southeast-6', // Asia Pacific (New Zealand)
  'ap-southeast-7', // Asia Pacific (Thailand)
  'ca-west-1', // Canada West (Calgary)
  'eu-central-2', // Europe (Zurich)
  'eu-south-1', // Europe (Milan)
  'eu-south-2', // Europe (Spain)
  'il-central-1', // Israel (Tel Aviv)
  'me-central-1', // Middle East (UAE)
  'me-south-1', // Middle East (Bahrain)
  'mx-central-1', // Mexico (Central)
]);

/** Whether `region` is disabled by default (an opt-in Region). */
export function isOptInRegion(region: string | undefined): boolean {
  return region !== undefined && OPT_IN_REGIONS.has(region);
}

/** Why a request in opt-in Region `region` may fail. */
export function optInRegionWhy(region: string): string {
  return `${region} is an opt-in Region (disabled by default; "you must enable it before you can create and manage resources"), and the inputs do not say the account enabled it`;
}
