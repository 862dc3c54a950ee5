// What code run at deployment time may do to an account's access when the inputs do not show the
// result (a CDK AwsCustomResource call, a Lambda-backed custom resource, `aws_lambda_invocation`,
// a `local-exec` AWS CLI command, an unexpanded CloudFormation macro): the one way both adapters
// model it (what each action may change: aws/access-changes.ts).
// - principals: any user or role of the account may get a policy the inputs do not show, and one
//   they do not name may be created (`ModelBuilder.attachToUnknownPrincipal`, an unknown policy,
//   maybe-present: it may allow or deny, so checks that depend on them are indeterminate);
// - trust: the trust policy of any role of the account may be rewritten
//   (`ModelBuilder.mayRewriteTrust`: who may assume it is indeterminate);
// - resources: any resource of the account with a resource-based policy (of the kinds the change
//   names) may get statements the inputs do not show, and one they do not name may be created
//   (`attachToUnknownResource`); a function may get a URL of unknown AuthType and qualifier
//   (`AccessChange.functionUrls`: a function URL write, or anything).
// Each reach bounded by ARN patterns (`AccessChange.principalArns`, `trustArns`, `resourceArns`)
// reaches only the elements whose ARN they match, and a stand-in for one outside the inputs when a
// pattern is a wildcard or names no element of the inputs (`among` of the builder's calls).
// A resource policy written may be another account's resource where the API that writes it takes
// an ARN naming the account and works across accounts (a Lambda permission, an SNS topic policy, a
// secret's or file system's policy, a KMS grant: aws/access-changes.ts `writesElsewhere`): the
// account a bounding pattern names, else any account (`ModelBuilder.attachToUnknownResource`
// `anyAccount`), by the rule of a policy resource whose target is unknown
// (aws/resource-policies.ts `targetAccountOf`, `patternAccountOf`); a queue's, bucket's or key's
// policy stays in the deploying account. Unlike a policy resource CloudFormation or Terraform
// writes with the stack's or provider's credentials (aws/cross-account-writes.ts), the code's
// credentials are not pinned (a local-exec runs with the machine's, code may assume a role of the
// other account), so another account's resource whose own policy shuts our account out still gets
// the write.
// Where the code's credentials themselves are not pinned down (`DeployTimeChange.anyAccount`: a
// Terraform local-exec runs with those of the machine running Terraform, a profile or environment
// the inputs do not show; a remote-exec on a host whose role does not bound it), the account the
// change is made in is not known either: its IAM writes (policies on users and roles, trust
// rewrites) reach every account of the model, those of the inputs and the stand-in accounts
// (`ModelBuilder.forEveryAccount`), and every resource policy write any account; a bounding pattern
// whose account is the deploying one (built from a name alone: `--role-name admin`) names that
// element in any account. Code whose credentials are pinned (a CloudFormation stack's, a Terraform
// provider's, a function's or instance's role: aws/function-role-changes.ts follows its role
// chains into other accounts) changes its own account.
// The caller reports it with a finding of its own naming the source.

import type { ModelBuilder } from '../model/builder.js';
import type { Source } from '../model/source.js';
import type { Unknown } from '../model/unknown.js';
import { parsePolicy } from '../policy/parse.js';
import type { ResourceKind } from '../model/types.js';
import { type AccessChange, writesElsewhere } from './access-changes.js';
import { patternAccountOf, RESOURCE_POLICIES, targetAccountOf } from './resource-policies.js';

export interface DeployTimeChange {
  account: string;
  partition: string;
  region: string;
  /** Why (the reason of every maybe-present element it adds). */
  why: Unknown;
  /** A readable hint for the stand-ins' names (logical id, Terraform address). */
  hint: string;
  source: Source;
  change: AccessChange;
  /**
   * The code's credentials are not pinned down (see the module comment): the change may be made in
   * any account of the model, `account` being only the one the inputs deploy to.
   */
  anyAccount?: boolean;
}

/** Models a deploy-time change of access (see the module comment). */
export function addDeployTimeChange(builder: ModelBuilder, d: DeployTimeChange): void {
  const { why, hint, source, account } = d;
  const change = d.anyAccount ? anyAccountChange(d.change, account) : d.change;
  addIamChanges(builder, d, change, account);
  if (d.anyAccount)
    builder.forEveryAccount((other) => {
      if (other !== account) addIamChanges(builder, d, change, other);
    });
  if (!change.resources) return;
  for (const desc of RESOURCE_POLICIES) {
    if (desc.narrowsOnly) continue;
    if (change.resourceKinds && !change.resourceKinds.includes(desc.kind)) continue;
    for (const [where, among] of targetAccounts(desc.kind, change, account, d.anyAccount === true)) {
      const env = { partition: d.partition, account: where === 'any' ? account : where, region: d.region };
      builder.attachToUnknownResource({
        kind: desc.kind,
        account: env.account,
        policy: parsePolicy(why, { kind: 'resource', source }),
        replaces: false,
        reason: why,
        ...(where === 'any' ? { anyAccount: true } : {}),
        arnOf: (name, inAccount) => desc.arn({ ...env, account: inAccount }, name),
        ...(desc.kind === 's3-bucket' ? {} : { region: d.region }),
        ...(desc.kind === 'lambda-function' && change.functionUrls
          ? { functionUrl: { qualifier: why, authType: why, source, presence: why } }
          : {}),
        what: desc.what,
        hint,
        source,
        quiet: true,
        ...(among ? { among } : {}),
      });
    }
  }
}

/**
 * The accounts whose resources of `kind` the change may write the policies of, each with the ARN
 * patterns bounding it there (undefined: any resource): without patterns, the deploying account's,
 * or any account's when the write may name another account's resource (`writesElsewhere`); with
 * patterns, the account each names (`patternAccountOf`).
 */
function targetAccounts(
  kind: ResourceKind,
  change: AccessChange,
  deploying: string,
  anyAccount: boolean,
): [string, readonly string[] | undefined][] {
  const elsewhere = anyAccount
    ? 'the code’s credentials are not pinned down: they may be any account’s'
    : writesElsewhere(change, kind);
  if (!change.resourceArns) return [[targetAccountOf(kind, '', deploying, elsewhere), undefined]];
  const byAccount = new Map<string, string[]>();
  for (const pattern of change.resourceArns) {
    const where = patternAccountOf(kind, pattern, deploying, elsewhere);
    byAccount.set(where, [...(byAccount.get(where) ?? []), pattern]);
  }
  return [...byAccount];
}

/** The principals' and trust changes of `d` in `account` (see the module comment). */
function addIamChanges(
  builder: ModelBuilder,
  d: DeployTimeChange,
  change: AccessChange,
  account: string,
): void {
  const { why, hint, source } = d;
  if (change.principals)
    for (const kind of ['user', 'role'] as const)
      builder.attachToUnknownPrincipal({
        kind,
        account,
        policy: { managed: { policyArn: why, source } },
        reason: why,
        hint,
        source,
        quiet: true,
        ...(change.principalArns ? { among: change.principalArns } : {}),
      });
  if (change.trust)
    builder.mayRewriteTrust({
      account,
      reason: why,
      source,
      ...(change.trustArns ? { among: change.trustArns } : {}),
    });
}

/**
 * `change` made with credentials that are not pinned down: a bounding ARN pattern whose account
 * field is the deploying account (the account a name alone was taken in) names any account (`*`).
 */
function anyAccountChange(change: AccessChange, deploying: string): AccessChange {
  const anyAccount = (patterns: readonly string[] | undefined) =>
    patterns?.map((p) => {
      const parts = p.split(':');
      return p.startsWith('arn:') && parts[4] === deploying
        ? [...parts.slice(0, 4), '*', ...parts.slice(5)].join(':')
        : p;
    });
  const principalArns = anyAccount(change.principalArns);
  const trustArns = anyAccount(change.trustArns);
  const resourceArns = anyAccount(change.resourceArns);
  return {
    ...change,
    ...(principalArns ? { principalArns } : {}),
    ...(trustArns ? { trustArns } : {}),
    ...(resourceArns ? { resourceArns } : {}),
  };
}
