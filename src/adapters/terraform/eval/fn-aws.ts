// The AWS provider's own functions (Terraform 1.8+, `provider::aws::NAME(...)`), as the Terraform
// AWS provider documents them: `arn_build` ("Builds an ARN from its constituent parts."),
// `arn_parse` ("Parses an ARN into its constituent parts.": an object of `partition`, `service`,
// `region`, `account_id`, `resource`) and `trim_iam_role_path` ("Trims the path prefix from an IAM
// role Amazon Resource Name (ARN). This function can be used when services require role ARNs to be
// passed without a path."). A text that is no ARN (or no role ARN) makes the provider fail; here
// the result is unknown instead, never an error try() would move past. Other provider functions
// stay unknown with a `tf/unknown-function` warning (functions.ts `callFunction`).

import { FnUnknown, str } from './fn-core.js';

type Fn = (args: unknown[]) => unknown;

/** `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE` (the resource may hold colons). */
const ARN_PARTS = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.+)$/s;

function arity(name: string, args: unknown[], n: number): void {
  if (args.length !== n) throw new FnUnknown(`${name}() takes ${n} arguments, not ${args.length}`);
}

export const AWS_PROVIDER_FUNCTIONS: Readonly<Record<string, Fn>> = {
  'provider::aws::arn_build': (args) => {
    arity('arn_build', args, 5);
    return `arn:${args.map((a, i) => str(a, ['partition', 'service', 'region', 'account_id', 'resource'][i])).join(':')}`;
  },
  'provider::aws::arn_parse': (args) => {
    arity('arn_parse', args, 1);
    const m = ARN_PARTS.exec(str(args[0], 'arn'));
    if (!m)
      throw new FnUnknown(`arn_parse(): "${String(args[0])}" is not an ARN, which the provider rejects`);
    return { partition: m[1], service: m[2], region: m[3], account_id: m[4], resource: m[5] };
  },
  'provider::aws::trim_iam_role_path': (args) => {
    arity('trim_iam_role_path', args, 1);
    const arn = str(args[0], 'arn');
    const m = ARN_PARTS.exec(arn);
    if (m?.[2] !== 'iam' || !m[5]!.startsWith('role/'))
      throw new FnUnknown(
        `trim_iam_role_path(): "${arn}" is not an IAM role ARN, which the provider rejects`,
      );
    const name = m[5]!.slice(m[5]!.lastIndexOf('/') + 1);
    return `arn:${m[1]}:${m[2]}:${m[3]}:${m[4]}:role/${name}`;
  },
};

/** The provider functions that only place their arguments (as `format` does). */
export const AWS_PROVIDER_PLACES: readonly string[] = ['provider::aws::arn_build'];
