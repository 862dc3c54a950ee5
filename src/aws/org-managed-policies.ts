// The AWS managed policies of AWS Organizations that take part in access decisions: the
// FullAWSAccess SCP and the RCPFullAWSAccess RCP. Owns their ids (`p-FullAWSAccess`,
// `p-RCPFullAWSAccess`), names, documents and whether they can be detached; the adapters read an
// attachment that names one of them as that policy (not as a policy outside the inputs), and the
// Terraform adapter's assumed default is the same document.
//
// AWS Organizations User Guide / API Reference:
// - AttachPolicy: "AWS Organizations attaches a default SCP named "FullAWSAccess" to every root,
//   OU, and account. This default SCP allows all services and actions" — its policy id is
//   `p-FullAWSAccess` (ListPolicies; the Terraform docs of aws_organizations_policy_attachment
//   attach it as `policy_id = "p-FullAWSAccess"`).
//   https://docs.aws.amazon.com/organizations/latest/APIReference/API_AttachPolicy.html
// - DetachPolicy: "Every root, OU, and account must have at least one SCP attached. If you want
//   to replace the default FullAWSAccess policy with an SCP that limits the permissions that can
//   be delegated, you must attach the replacement SCP before you can remove the default SCP."
//   https://docs.aws.amazon.com/organizations/latest/APIReference/API_DetachPolicy.html
// - "RCP evaluation": "The RCPFullAWSAccess policy is an AWS managed policy. It is automatically
//   attached to the root, every OU, and every account in your organization, when you enable
//   resource control policies (RCPs). You cannot detach this policy." — id `p-RCPFullAWSAccess`.
//   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html
// Also owns where FullAWSAccess may still be attached beside the SCPs of the inputs
// (`fullAccessMaybeAttached`), which the loaders give every ModelBuilder they make
// (`fullAccessCompletion`, the builder's `OrgLevelCompletion`) and apply to the --scp files.

import type { OrgLevelCompletion } from '../model/builder.js';
import { formatSource, type Source } from '../model/source.js';
import { ORG_DEFAULT_LEVEL } from '../model/types.js';
import { Unknown } from '../model/unknown.js';
import { parsePolicy } from '../policy/parse.js';
import type { PolicyDocument } from '../policy/types.js';

/** One AWS managed organization policy. */
export interface AwsManagedOrgPolicy {
  /** The policy id AttachPolicy takes (`p-FullAWSAccess`). */
  id: string;
  /** Its name, as traces print it. */
  name: string;
  kind: 'scp' | 'rcp';
  /** The policy document (JSON value, parsed by the caller with `parsePolicy`). */
  document: unknown;
  /** False when AWS does not let it be detached (RCPFullAWSAccess). */
  detachable: boolean;
}

export const FULL_AWS_ACCESS: AwsManagedOrgPolicy = Object.freeze({
  id: 'p-FullAWSAccess',
  name: 'FullAWSAccess',
  kind: 'scp',
  document: Object.freeze({
    Version: '2012-10-17',
    Statement: [Object.freeze({ Effect: 'Allow', Action: '*', Resource: '*' })],
  }),
  detachable: true,
});

export const RCP_FULL_AWS_ACCESS: AwsManagedOrgPolicy = Object.freeze({
  id: 'p-RCPFullAWSAccess',
  name: 'RCPFullAWSAccess',
  kind: 'rcp',
  document: Object.freeze({
    Version: '2012-10-17',
    Statement: [Object.freeze({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' })],
  }),
  detachable: false,
});

/** The default managed policy of each kind (what AWS attaches by default). */
export function orgDefaultPolicy(kind: 'scp' | 'rcp'): AwsManagedOrgPolicy {
  return kind === 'scp' ? FULL_AWS_ACCESS : RCP_FULL_AWS_ACCESS;
}

/** Whether `id` names an organization node an SCP can be attached to: a root (`r-…`), an OU (`ou-…`) or an account (12 digits). */
export function isOrgNodeId(id: string): boolean {
  return /^(r-.+|ou-.+|\d{12})$/.test(id);
}

/** The AWS managed organization policy with policy id `id`, if it is one. */
export function awsManagedOrgPolicy(id: unknown): AwsManagedOrgPolicy | undefined {
  if (id === FULL_AWS_ACCESS.id) return FULL_AWS_ACCESS;
  if (id === RCP_FULL_AWS_ACCESS.id) return RCP_FULL_AWS_ACCESS;
  return undefined;
}

/**
 * The completion the loaders give every ModelBuilder (`OrgLevelCompletion`): `fullAccessMaybeAttached`
 * with the levels the user shows FullAWSAccess detached from (`--scp-full-access-detached`, the
 * spec's `scpFullAccessDetached`) and those the inputs show (a plan destroying its attachment).
 */
export function fullAccessCompletion(detached: readonly string[] = []): OrgLevelCompletion {
  return (scps, shownDetached) =>
    fullAccessMaybeAttached(scps, detached.length ? new Set([...detached, ...shownDetached]) : shownDetached);
}

/**
 * The FullAWSAccess SCPs that may still be attached beside the Allow-bearing SCPs of the inputs:
 * one, maybe-present (`presence`), at each level where the inputs attach an SCP with an Allow,
 * unless the inputs attach FullAWSAccess there themselves or show it detached (`detached`: the
 * levels of `--scp-full-access-detached`, the spec's `scpFullAccessDetached`, the attachments a
 * plan destroys). A level is a known node (root, OU, account id) or an unknown one (an `Unknown`
 * `orgLevel`: an --scp file, a target known only after apply): the FullAWSAccess beside the SCPs
 * of an unknown level gets the same `Unknown` object as its level, so it stands wherever they
 * stand (engine/org-levels.ts reads entries with the same unknown level as one level).
 *
 * Attaching an SCP does not detach FullAWSAccess. DetachPolicy: "If you want to replace the
 * default FullAWSAccess policy with an SCP that limits the permissions that can be delegated, you
 * must attach the replacement SCP before you can remove the default SCP. This is the
 * authorization strategy of an "allow list"." The detachment is a separate call the inputs
 * rarely show, so an allow list of the inputs is its level's only Allow only when they show it.
 * A level where an SCP of the inputs surely allows everything (their own FullAWSAccess) needs
 * none. A level the
 * inputs attach nothing to keeps the assumed default (`ORG_DEFAULT_LEVEL`); a policy whose level
 * is not even an unknown value (unset) gets none.
 */
export function fullAccessMaybeAttached(
  scps: readonly PolicyDocument[],
  detached: ReadonlySet<string>,
): PolicyDocument[] {
  const withAllow = new Map<string | Unknown, PolicyDocument>();
  const fullAccessAt = new Set<string | Unknown>();
  for (const d of scps) {
    const level = d.orgLevel;
    if (level === undefined || level === ORG_DEFAULT_LEVEL) continue;
    if (allowsEverything(d)) fullAccessAt.add(level);
    else if (!withAllow.has(level) && d.statements.some((s) => s.effect === 'Allow')) withAllow.set(level, d);
  }
  const out: PolicyDocument[] = [];
  for (const [level, first] of withAllow) {
    if (fullAccessAt.has(level) || (typeof level === 'string' && detached.has(level))) continue;
    const where =
      typeof level === 'string'
        ? `at ${level}`
        : `where ${first.name ?? formatSource(first.source)} is attached (${level.reason})`;
    const shown =
      typeof level === 'string'
        ? `--scp-full-access-detached ${level}`
        : first.source.file && !first.source.address && !first.source.logicalId
          ? `--scp-full-access-detached ${first.source.file}`
          : 'a level the inputs name';
    const presence = new Unknown(
      `FullAWSAccess may still be attached ${where}: attaching an SCP there does not detach it (AWS Organizations: "you must attach the replacement SCP before you can remove the default SCP"), and the inputs do not show it detached (${shown})`,
      first.source,
    );
    const source: Source = {
      builtIn: `the AWS Organizations default FullAWSAccess policy, which may still be attached ${typeof level === 'string' ? `at ${level}` : `where ${first.name ?? formatSource(first.source)} is attached`} (not in the inputs)`,
    };
    out.push({
      ...parsePolicy(FULL_AWS_ACCESS.document, { kind: 'scp', source }),
      name: FULL_AWS_ACCESS.name,
      orgLevel: level,
      presence,
    });
  }
  return out;
}

/**
 * An SCP of the inputs that surely allows every action on every resource at its level (their
 * own attachment of `p-FullAWSAccess`, or a file with the same Allow beside its Denies): its
 * level needs no FullAWSAccess beside it.
 */
function allowsEverything(d: PolicyDocument): boolean {
  const only = (l: { values: readonly unknown[] } | undefined) =>
    l?.values.length === 1 && l.values[0] === '*';
  return (
    !d.presence &&
    d.statements.some(
      (s) =>
        s.effect === 'Allow' &&
        !s.presence &&
        !s.conditions.length &&
        !s.notAction &&
        !s.notResource &&
        only(s.action) &&
        only(s.resource),
    )
  );
}
