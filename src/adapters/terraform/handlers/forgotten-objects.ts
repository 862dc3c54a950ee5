// `removed` blocks that keep the object (`lifecycle { destroy = false }`, Terraform 1.7) in a
// configuration read without a plan: "To remove a resource from Terraform state without
// destroying it, replace the resource block with a removed block ... When you remove a resource
// from state, Terraform no longer manages that infrastructure's lifecycle." The object stays
// deployed with what it had, which the configuration no longer shows, so it is kept as unknown
// (a plan shows it as a `forget` change with its prior values, read as they are):
// - an IAM role, user or group, or a module: the stand-in role and user of a deployment that is
//   not read (model/unloaded-deployment.ts), with unknown trust and policies; a module may also
//   have left policies on principals and resources of the inputs (what it was passed is no
//   longer in the configuration), so it gets both of the following, for every kind;
// - an identity policy, attachment or membership: an unknown policy, maybe-present, on any
//   principal of its kind in the account (and a stand-in);
// - a resource policy (src/aws/resource-policies.ts): an unknown policy, maybe-present, on any
//   resource of its kind in the account (and a stand-in);
// and a `tf/removed-not-destroyed` warning names the address. Anything else grants nothing.

import type { Source } from '../../../model/source.js';
import { addUnloadedDeploymentPrincipals } from '../../../model/unloaded-deployment.js';
import { Unknown } from '../../../model/unknown.js';
import { parsePolicy } from '../../../policy/parse.js';
import {
  RESOURCE_POLICIES,
  type ResourcePolicyDescription,
  tfCarriers,
} from '../../../aws/resource-policies.js';
import type { ModuleInstance } from '../config/world.js';
import type { RemovedConfig } from '../config/types.js';
import type { TfLoadState } from './context.js';

/** The principal kinds an identity policy, attachment or membership type reaches. */
const IDENTITY_TYPES: Readonly<Record<string, readonly ('user' | 'group' | 'role')[]>> = {
  aws_iam_role_policy: ['role'],
  aws_iam_role_policy_attachment: ['role'],
  aws_iam_user_policy: ['user'],
  aws_iam_user_policy_attachment: ['user'],
  aws_iam_user_group_membership: ['user'],
  aws_iam_group_membership: ['user'],
  aws_iam_group_policy: ['group'],
  aws_iam_group_policy_attachment: ['group'],
  aws_iam_policy_attachment: ['user', 'group', 'role'],
};

const PRINCIPAL_TYPES = new Set(['aws_iam_role', 'aws_iam_user', 'aws_iam_group']);

/** Models the objects the `removed` blocks of every module instance leave deployed. */
export function modelForgottenObjects(ctx: TfLoadState, modules: readonly ModuleInstance[]): void {
  for (const mi of modules) for (const r of mi.config.removed) if (r.destroy !== true) forgotten(ctx, mi, r);
}

function forgotten(ctx: TfLoadState, mi: ModuleInstance, r: RemovedConfig): void {
  const address = `${mi.address ? `${mi.address}.` : ''}${r.from}`;
  const source: Source = { file: r.at.file, address };
  if (r.at.pos) {
    source.line = r.at.pos.line;
    source.column = r.at.pos.column;
  }
  const kept =
    r.destroy === false
      ? 'with lifecycle destroy = false: it stays deployed'
      : 'with a lifecycle destroy that is not a literal: it may stay deployed';
  const why = `${address} is removed from the Terraform state ${kept}, as it was, which the configuration no longer shows`;
  const reason = new Unknown(why, source);
  const presence = r.destroy === false ? undefined : reason;
  const type = r.from.startsWith('module.') ? 'module' : r.from.split('.')[0]!;
  let modelled = 'what it grants is unknown';
  const identity = (kinds: readonly ('user' | 'group' | 'role')[]) => {
    for (const kind of kinds)
      ctx.builder.attachToUnknownPrincipal({
        kind,
        account: ctx.env.account,
        policy: {
          inline: {
            name: `(unknown) ${address}`,
            document: parsePolicy(new Unknown(why, source), { kind: 'identity', source }),
            source,
            presence: reason,
          },
        },
        reason,
        hint: address,
        source,
        quiet: true,
      });
  };
  const resource = (d: ResourcePolicyDescription, replaces: boolean) => {
    const env = { partition: ctx.env.partition, region: ctx.env.region, account: ctx.env.account };
    const policy = parsePolicy(new Unknown(why, source), { kind: 'resource', source });
    ctx.builder.attachToUnknownResource({
      kind: d.kind,
      account: ctx.env.account,
      policy: {
        ...policy,
        statements: policy.statements.map((st) => ({ ...st, presence: st.presence ?? reason })),
      },
      replaces,
      reason,
      arnOf: (name) => d.arn(env, name),
      ...(d.kind === 's3-bucket' ? {} : { region: env.region }),
      what: d.what,
      hint: address,
      source,
      quiet: true,
    });
  };
  if (type === 'module' || PRINCIPAL_TYPES.has(type)) {
    addUnloadedDeploymentPrincipals(ctx.builder, {
      account: ctx.env.account,
      hint: address,
      reason: why,
      source,
      presence,
    });
    modelled = 'a stand-in role and user with unknown trust and policies stand for what it holds';
    if (type === 'module') {
      identity(['user', 'group', 'role']);
      for (const d of RESOURCE_POLICIES)
        if (d.tf.length)
          resource(
            d,
            d.tf.some((c) => !c.adds),
          );
      modelled +=
        ', and an unknown policy may be on any user, group, role and resource of the account (what it was given is no longer in the configuration)';
    }
  } else if (IDENTITY_TYPES[type]) {
    identity(IDENTITY_TYPES[type]!);
    modelled = `an unknown policy may be on any ${IDENTITY_TYPES[type]!.join(', ')} of the account`;
  } else if (tfCarriers(type).length) {
    for (const { description: d, carrier } of tfCarriers(type)) resource(d, !carrier.adds);
    modelled = 'an unknown policy may be on any resource of its kind in the account';
  } else modelled = 'iamspec models no access it carries';
  ctx.finding({
    code: 'tf/removed-not-destroyed',
    severity: 'warning',
    message: `${why}; ${modelled}`,
    source,
  });
}
