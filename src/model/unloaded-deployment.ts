// The principals a deployment the inputs do not show may create in an account: a Terraform module
// that is not loaded, a nested stack whose template is not found, a StackSet's stack instances, a
// CloudFormation stack Terraform deploys, a Service Catalog product, an AWS SAM application of the
// Serverless Application Repository (which resource types deploy templates: aws/template-deployments.ts).
// Such a deployment may create any user and any role, which anyone may be trusted to become and
// which may hold any policy, or none: one stand-in role and one stand-in user of the account,
// maybe-present, with unknown trust and identity policies, keep every decision that depends on
// them indeterminate (`onlyPrincipals` and `who-can` on a resource that grants the account, an
// access review row), instead of the "closed accounts" reading leaving them out silently.
// One rule for both adapters.

import { parsePolicy } from '../policy/parse.js';
import type { ModelBuilder } from './builder.js';
import type { Source } from './source.js';
import { standInPrincipalName, unknownPath } from './stand-ins.js';
import { Unknown } from './unknown.js';

export interface UnloadedDeployment {
  /** The account it deploys into. */
  account: string;
  /** A readable hint that names the stand-ins (`module.app`, a logical id). */
  hint: string;
  /** Why what it creates is unknown (the reason every dependent verdict shows). */
  reason: string;
  source: Source;
  /** The deployment itself might not exist (a condition, a count): combined with "may create none". */
  presence?: Unknown | undefined;
}

/** Adds the stand-in role and user; returns their model ids. */
export function addUnloadedDeploymentPrincipals(
  builder: ModelBuilder,
  d: UnloadedDeployment,
): { role: string; user: string } {
  const { source } = d;
  const mayCreate = new Unknown(`${d.reason}, so what it creates and grants is unknown`, source);
  const presence = d.presence
    ? new Unknown(`${d.presence.reason}; and ${mayCreate.reason}`, source)
    : mayCreate;
  const unknownDoc = (kind: 'identity' | 'trust') =>
    parsePolicy(new Unknown(mayCreate.reason, source), { kind, source });
  const name = standInPrincipalName(d.hint);
  const path = unknownPath(d.hint);
  const policyName = `(unknown) policies of ${d.hint}`;
  const role = builder.addRole({
    name,
    path,
    account: d.account,
    source,
    presence,
    trustPolicy: unknownDoc('trust'),
  });
  builder.addInlinePolicy(role, { name: policyName, document: unknownDoc('identity'), source });
  const user = builder.addUser({ name, path, account: d.account, source, presence });
  builder.addInlinePolicy(user, { name: policyName, document: unknownDoc('identity'), source });
  return { role, user };
}

/**
 * The principals and resources a deployment is passed (a Terraform module's arguments, a nested
 * stack's Parameters) may get policies from it: an unknown policy, maybe-present, on each principal
 * (user, group, role) and an unknown statement, maybe-present, in each resource's policy. Other
 * ids are left alone.
 */
export function addUnloadedDeploymentGrants(
  builder: ModelBuilder,
  d: { ids: Iterable<string>; hint: string; reason: string; source: Source; presence?: Unknown | undefined },
): void {
  const { source } = d;
  const why = new Unknown(`${d.reason}, so what it grants is unknown`, source);
  const presence = d.presence ? new Unknown(`${d.presence.reason}; and ${why.reason}`, source) : why;
  for (const id of d.ids) {
    if (builder.getUser(id) || builder.getGroup(id) || builder.getRole(id)) {
      builder.addInlinePolicy(id, {
        name: `(unknown) policies ${d.hint} may attach`,
        document: parsePolicy(new Unknown(why.reason, source), { kind: 'identity', source }),
        source,
        presence,
      });
    } else if (builder.getResource(id)) {
      const doc = parsePolicy(
        { Version: '2012-10-17', Statement: [new Unknown(why.reason, source)] },
        { kind: 'resource', source },
      );
      for (const st of doc.statements) st.presence = presence;
      builder.addResourcePolicy(id, doc);
    }
  }
}
