// The slot through which whole-model rules run at build (aws/function-role-changes.ts: what
// deploy-time code may change, bounded by the roles its role may become) get the role chains the
// engine decides, without importing the engine (the layers: model and aws sit below it). The
// rule itself lives in analysis/chains.ts (`assumableRoles`, each hop `decideHop`);
// analysis/deploy-time-reach.ts registers it, and every entry point that loads inputs imports
// that module (src/index.ts, cli/options.ts, testing/cdk.ts, testing/cdktf.ts,
// testing/cdk-validator.ts). With none registered a rule must stay sound without chains (treat
// any role it may become as unknown).

import type { Model } from './types.js';

/**
 * Over `model`, the ARNs of the roles of the model `roleArn` may reach through chains of
 * sts:AssumeRole, each hop not denied (allowed, conditional or indeterminate).
 */
export type RoleReach = (model: Model) => (roleArn: string) => readonly string[];

const SLOT = Symbol.for('iamspec.roleReach');

/** Registers the role-chain reach (analysis/deploy-time-reach.ts). */
export function registerRoleReach(reach: RoleReach): void {
  (globalThis as { [SLOT]?: RoleReach })[SLOT] = reach;
}

/** The registered role-chain reach; undefined when no entry point registered it. */
export function registeredRoleReach(): RoleReach | undefined {
  return (globalThis as { [SLOT]?: RoleReach })[SLOT];
}
