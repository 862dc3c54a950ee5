// The role-chain reach the deploy-time bounds follow (aws/function-role-changes.ts: what
// deploy-time code may change, bounded by the roles its role may become), as a dependency given
// to the `ModelBuilder` that decides them (its `roleReach` option, or `useRoleReach`), so the
// model and aws layers, below the engine, get the chains the engine decides without importing it.
// The rule lives in analysis/chains.ts (`assumableRoles`, each hop `decideHop`); the reach itself
// is analysis/deploy-time-reach.ts `deployTimeRoleReach`, which the loaders pass to every builder
// they make (adapters/load.ts, adapters/load-by-kind.ts: `Adapters.roleReach`, required) and the
// CDK / CDKTF helpers to theirs (testing/cdk.ts, testing/cdktf.ts). A builder made by hand
// without one decides the bounds as if every role of the model were reachable (`everyRoleReach`):
// sound, coarser.

import type { Model } from './types.js';

/** The ARNs of the roles of a model a role (`roleArn`) may reach; see `RoleReach`. */
export type ReachOf = (roleArn: string) => readonly string[];

/**
 * Over `model`, the ARNs of the roles of the model `roleArn` may reach through chains of
 * sts:AssumeRole, each hop not denied (allowed, conditional or indeterminate). `earlier`, when
 * given, is what the same RoleReach returned over an earlier model of the same builder that has
 * the same principals and policies and differs at most in the roles' trust policies (the rounds
 * of the deploy-time fixpoint): a reach may keep the hops it decided there into roles whose trust
 * is unchanged.
 */
export type RoleReach = (model: Model, earlier?: ReachOf) => ReachOf;

/**
 * The reach of a builder given none: every role of the model but the role itself (the chains'
 * reach is among the roles of the model, so this holds it whatever the hops decide).
 */
export const everyRoleReach: RoleReach = (model) => (roleArn) =>
  model.roles.map((r) => r.arn).filter((arn) => arn !== roleArn);
