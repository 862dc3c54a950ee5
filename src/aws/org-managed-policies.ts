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
// (`fullAccessMaybeAttached`, which the model builder applies to the models it builds).

import type { Source } from '../model/source.js';
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

/** The AWS managed organization policy with policy id `id`, if it is one. */
export function awsManagedOrgPolicy(id: unknown): AwsManagedOrgPolicy | undefined {
  if (id === FULL_AWS_ACCESS.id) return FULL_AWS_ACCESS;
  if (id === RCP_FULL_AWS_ACCESS.id) return RCP_FULL_AWS_ACCESS;
  return undefined;
}

/**
 * The FullAWSAccess SCPs that may still be attached beside the Allow-bearing SCPs of the inputs:
 * one, maybe-present (`presence`), at each known level (root, OU, account) where the inputs attach
 * an SCP with an Allow, unless the inputs attach FullAWSAccess there themselves or show it
 * detached (`detached`: the levels of `--scp-full-access-detached`).
 *
 * Attaching an SCP does not detach FullAWSAccess. DetachPolicy: "If you want to replace the
 * default FullAWSAccess policy with an SCP that limits the permissions that can be delegated, you
 * must attach the replacement SCP before you can remove the default SCP. This is the
 * authorization strategy of an "allow list"." The detachment is a separate call the inputs
 * rarely show, so an allow list of the inputs is its level's only Allow only when they show it.
 * FullAWSAccess the inputs surely attach there themselves needs no second copy. A level the inputs attach nothing to keeps the assumed default (`ORG_DEFAULT_LEVEL`); a level
 * the inputs do not give (an --scp file) is not a known level and gets none.
 */
export function fullAccessMaybeAttached(
  scps: readonly PolicyDocument[],
  detached: ReadonlySet<string>,
): PolicyDocument[] {
  const withAllow = new Map<string, PolicyDocument>();
  const fullAccessAt = new Set<string>();
  for (const d of scps) {
    const level = d.orgLevel;
    if (typeof level !== 'string' || level === ORG_DEFAULT_LEVEL) continue;
    if (isFullAccess(d)) fullAccessAt.add(level);
    else if (!withAllow.has(level) && d.statements.some((s) => s.effect === 'Allow')) withAllow.set(level, d);
  }
  const out: PolicyDocument[] = [];
  for (const [level, first] of withAllow) {
    if (fullAccessAt.has(level) || detached.has(level)) continue;
    const presence = new Unknown(
      `FullAWSAccess may still be attached at ${level}: attaching an SCP there does not detach it (AWS Organizations: "you must attach the replacement SCP before you can remove the default SCP"), and the inputs do not show it detached (--scp-full-access-detached ${level})`,
      first.source,
    );
    const source: Source = {
      builtIn: `the AWS Organizations default FullAWSAccess policy, which may still be attached at ${level} (not in the inputs)`,
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

/** The inputs' own, sure attachment of FullAWSAccess (`p-FullAWSAccess`): its name and its one Allow of everything. */
function isFullAccess(d: PolicyDocument): boolean {
  const [s, ...more] = d.statements;
  const only = (l: { values: readonly unknown[] } | undefined) =>
    l?.values.length === 1 && l.values[0] === '*';
  return (
    d.name === FULL_AWS_ACCESS.name &&
    !d.presence &&
    !more.length &&
    s !== undefined &&
    s.effect === 'Allow' &&
    !s.presence &&
    !s.conditions.length &&
    !s.notAction &&
    !s.notResource &&
    only(s.action) &&
    only(s.resource)
  );
}
