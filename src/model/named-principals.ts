// Users, groups and roles the inputs name by NAME ONLY (CloudFormation `AWS::IAM::Policy` /
// `ManagedPolicy` `Roles`/`Users`/`Groups`, `InstanceProfile` `Roles`, `UserToGroupAddition`;
// what CDK writes for `Role.fromRoleArn(this, 'L', 'arn:…:role/service-role/legacy')` + a grant:
// `Roles: ['legacy']`; Terraform `aws_iam_role_policy_attachment.role = "legacy"`) and do not
// define: the one rule of their ARN. IAM names are unique in an account whatever their path, so
// the name alone says which principal it is, but not its path: the path is the one an ARN of the
// inputs writes for that kind, account and name (`Role.fromRoleArn`'s ARN appears elsewhere in
// the template: a function's `Role`, a policy's Resource, a `Fn::Join`), when they write one;
// else it is unknown (`model/stand-ins.ts` `unknownPath`), never `/`: a request, a Principal or
// a Resource naming it with any path may be it (`engine/name-worlds.ts` decides each again in
// the world where the path is the one it spells; `requests/model-names.ts` does not report such
// an ARN as naming nothing: `engine/name-worlds.ts` `mayBeSpelled`).
//
// IAM User Guide, "IAM and AWS STS quotas", IAM name requirements: "Names of users, groups,
// roles, and instance profiles must be unique within the account. They aren't distinguished by
// case"; "IAM identifiers", Friendly names and paths: "If you use the IAM API or AWS Command Line
// Interface (AWS CLI) to create IAM resources, you can add an optional path", and the ARN holds it
// (`arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/Bob`).

import { iamArn, parseArn } from './arns.js';
import { unknownPath } from './stand-ins.js';

export type NamedPrincipalKind = 'user' | 'group' | 'role';

/** `kind\naccount\nlower-case name`: IAM names are unique in an account ignoring case. */
function keyOf(kind: string, account: string, name: string): string {
  return `${kind}\n${account}\n${name.toLowerCase()}`;
}

/**
 * An IAM user, group or role ARN the inputs spell out whole (no wildcard, no unknown or
 * unresolved piece): its kind, account, path and name; else undefined.
 */
export function principalArnParts(
  arn: string,
): { kind: NamedPrincipalKind; account: string; path: string; name: string } | undefined {
  const parsed = parseArn(arn);
  if (parsed?.service !== 'iam' || !/^\d{12}$/.test(parsed.account)) return undefined;
  const m = /^(user|group|role)(\/(?:[^/]+\/)*)([\w+=,.@-]+)$/.exec(parsed.resource);
  if (!m || /[*?()$\s]/.test(m[2]!)) return undefined;
  return { kind: m[1] as NamedPrincipalKind, account: parsed.account, path: m[2]!, name: m[3]! };
}

/** The paths the inputs write in the ARNs of users, groups and roles, by kind, account and name. */
export class PrincipalPathsInInputs {
  private readonly paths = new Map<string, Set<string>>();

  /** Notes a user, group or role ARN the inputs spell out (anything else is ignored). */
  note(arn: string): void {
    const p = principalArnParts(arn);
    if (!p) return;
    const key = keyOf(p.kind, p.account, p.name);
    const set = this.paths.get(key) ?? new Set<string>();
    set.add(p.path);
    this.paths.set(key, set);
  }

  /** The one path the inputs write for it; undefined when none, or several (one of them is wrong). */
  pathOf(kind: NamedPrincipalKind, account: string, name: string): string | undefined {
    const set = this.paths.get(keyOf(kind, account, name));
    return set?.size === 1 ? [...set][0] : undefined;
  }
}

/**
 * The ARN of the principal of `kind` named `name` in `account` that the inputs name by name only:
 * with the path an ARN of the inputs writes for it (`paths`), else an unknown path
 * (`/(unknown-path=KIND-ACCOUNT-NAME)/`, one unknown per principal).
 */
export function namedPrincipalArn(
  partition: string,
  account: string,
  kind: NamedPrincipalKind,
  name: string,
  paths: PrincipalPathsInInputs,
): { arn: string; pathKnown: boolean } {
  const path = paths.pathOf(kind, account, name);
  if (path !== undefined) return { arn: iamArn(partition, account, kind, name, path), pathKnown: true };
  return {
    arn: iamArn(partition, account, kind, name, unknownPath(`${kind}-${account}-${name}`)),
    pathKnown: false,
  };
}

/**
 * The IAM principal ARNs in a text of the inputs (a string, or a `Fn::Join` / `Fn::Sub` with its
 * unresolved pieces as `\0`): each `arn:P:iam::ACCOUNT:role|user|group/PATH/NAME`, ending where
 * the text or the name ends.
 */
export function principalArnsIn(text: string): string[] {
  if (!text.includes(':iam::')) return [];
  const out: string[] = [];
  for (const m of text.matchAll(/arn:[\w-]+:iam::\d{12}:(?:user|group|role)\/[^\s"'\0,*?()$]*/g)) {
    // a pattern (`role/app*`) or a piece left unresolved (`role/${Name}`) names no one ARN
    const next = text[m.index + m[0].length];
    if (next === undefined || !'*?$(\0'.includes(next)) out.push(m[0]);
  }
  return out;
}
