// The legend of the stand-ins a report shows: the texts the model writes where the inputs leave a
// name, an account or a region open until deploy (src/model/stand-ins.ts: `(unknown-…)` name
// parts, account 000000000000, `deploying-region`, `unknown-region`). A reviewer reading
// `role/(unknown-generated-AppRole-1a2b3c)` or `arn:aws:sqs:deploying-region:000000000000:jobs`
// is told what each stands for and how to pin it down. Owns the wording; which texts are
// stand-ins is stand-ins.ts's.

import {
  GENERATED_NAME_HINT,
  isStandInAccount,
  PLACEHOLDER_ACCOUNT,
  PLACEHOLDER_REGION,
  UNKNOWN_NAME_PART_OPEN,
  UNKNOWN_PATH_PART_OPEN,
  UNKNOWN_REGION,
} from '../model/stand-ins.js';

/** One line of the legend: the stand-in as shown, and what it means. */
export interface StandInLegendLine {
  shown: string;
  meaning: string;
}

const GENERATED = `${UNKNOWN_NAME_PART_OPEN}${GENERATED_NAME_HINT}-`;
const ACCOUNT = new RegExp(`(^|[^0-9])${PLACEHOLDER_ACCOUNT}([^0-9]|$)`);
/** The other stand-in accounts (`standInAccountId` 1 and up). */
const OTHER_ACCOUNTS = /(?<![0-9])0{11}[1-9](?![0-9])/g;

/**
 * The legend lines of the stand-ins that occur in `texts` (labels, ARNs, finding messages), in a
 * fixed order; none when no text holds one.
 */
export function standInLegend(texts: Iterable<string>): StandInLegendLine[] {
  let generated = false;
  let other = false;
  let path = false;
  let account = false;
  const others = new Set<string>();
  let region = false;
  let unknownRegion = false;
  for (const t of texts) {
    if (t.includes(UNKNOWN_NAME_PART_OPEN)) {
      let rest = t;
      for (
        let at = rest.indexOf(UNKNOWN_NAME_PART_OPEN);
        at >= 0;
        at = rest.indexOf(UNKNOWN_NAME_PART_OPEN)
      ) {
        rest = rest.slice(at);
        if (rest.startsWith(GENERATED)) generated = true;
        else if (rest.startsWith(UNKNOWN_PATH_PART_OPEN)) path = true;
        else other = true;
        rest = rest.slice(UNKNOWN_NAME_PART_OPEN.length);
      }
    }
    if (!account && ACCOUNT.test(t)) account = true;
    if (t.includes('00000000000'))
      for (const m of t.matchAll(OTHER_ACCOUNTS)) if (isStandInAccount(m[0])) others.add(m[0]);
    if (t.includes(`:${PLACEHOLDER_REGION}:`)) region = true;
    if (t.includes(`:${UNKNOWN_REGION}:`)) unknownRegion = true;
  }
  const out: StandInLegendLine[] = [];
  if (generated)
    out.push({
      shown: `${GENERATED}…)`,
      meaning:
        'a name CloudFormation generates at deploy because the template sets none (from the stack name, the logical id and a random suffix); unknown until then, it is matched against policy patterns as any name it could be, and a verdict that depends on it is indeterminate (--stack-name pins the stack part)',
    });
  if (other)
    out.push({
      shown: `${UNKNOWN_NAME_PART_OPEN}…)`,
      meaning:
        'a part of a name or id the inputs leave unknown until deploy (the text after "unknown-" says whose; "N-chars=" marks exactly N characters): it is matched against policy patterns as any text it could be, and a verdict that depends on it is indeterminate',
    });
  if (path)
    out.push({
      shown: `${UNKNOWN_PATH_PART_OPEN}…)`,
      meaning:
        'an IAM path the inputs leave unknown until deploy: a verdict that depends on it is indeterminate',
    });
  if (account)
    out.push({
      shown: PLACEHOLDER_ACCOUNT,
      meaning:
        'an account whose id the inputs do not state: the deploying account (pass --account), or an account a Terraform provider configuration deploys into that the inputs do not pin down (tf/provider-other-account, tf/org-new-account); a verdict that would differ were it another account the inputs name is indeterminate',
    });
  if (others.size)
    out.push({
      shown: [...others].sort().join(', '),
      meaning:
        'another account whose id the inputs do not state, each id one account: an account a Terraform provider configuration deploys into that the inputs do not pin down (tf/provider-other-account), a member account a plan creates (tf/org-new-account); a verdict that would differ were it another account the inputs name, or the same account as another of these, is indeterminate',
    });
  if (region)
    out.push({
      shown: PLACEHOLDER_REGION,
      meaning: 'the deploying region, which the inputs do not state (pass --region)',
    });
  if (unknownRegion)
    out.push({
      shown: UNKNOWN_REGION,
      meaning: 'a region the inputs leave unknown (a provider region from a variable: pass --var)',
    });
  return out;
}

/** The texts of a matrix and its findings in which a stand-in may show. */
export function reviewTexts(
  matrix: {
    principals: readonly { arn: string; name: string }[];
    resources: readonly { arn: string; name: string }[];
  },
  risks: readonly { message: string }[] = [],
): string[] {
  return [
    ...matrix.principals.flatMap((p) => [p.arn, p.name]),
    ...matrix.resources.flatMap((r) => [r.arn, r.name]),
    ...risks.map((r) => r.message),
  ];
}
