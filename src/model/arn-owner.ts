// Which account and Region a resource belongs to, read from its ARN: a resource is in the account
// and Region its ARN names (a Kinesis stream consumer's are its stream's, whatever stack or provider
// registers it); the account or Region the inputs deploy to only where the ARN names none (an S3
// bucket's ARN names neither). Applied to every resource by `ModelBuilder.addResource`.

import { parseArn } from './arns.js';
import { isRegionCode } from './region-substitution.js';
import { PLACEHOLDER_REGION, UNKNOWN_REGION } from './stand-ins.js';

/**
 * The account and Region `arn` names: each undefined when the ARN names none (an empty field) or
 * not one id (an unknown part, a wildcard); the caller's then decide.
 */
export function ownerOfArn(arn: string): { account?: string; region?: string } {
  const p = parseArn(arn);
  if (!p) return {};
  const region = p.region;
  return {
    ...(/^\d{12}$/.test(p.account) ? { account: p.account } : {}),
    ...(isRegionCode(region) || region === PLACEHOLDER_REGION || region === UNKNOWN_REGION ? { region } : {}),
  };
}
