// The role-chain reach the deploy-time bounds follow (model/role-reach.ts): the roles a role may
// become by chains of sts:AssumeRole, each hop decided by the engine as every role chain is
// (analysis/chains.ts `assumableRoles`; a hop not denied counts, an indeterminate one too), over
// the model recorded when the bounds are decided (`ModelBuilder.provisionalModel`). Given to every
// builder the loaders and the CDK / CDKTF helpers make (`ModelBuilder` option `roleReach`).

import { compileModel } from '../engine/index.js';
import type { RoleReach } from '../model/role-reach.js';
import { assumableRoles } from './chains.js';

export const deployTimeRoleReach: RoleReach = (model) => {
  const engine = compileModel(model);
  // No depth cap: every role the chains may reach bounds the code (a cycle ends a path).
  const maxDepth = Math.max(1, model.roles.length);
  return (roleArn) => assumableRoles(engine, roleArn, { maxDepth }).map((r) => r.role);
};
