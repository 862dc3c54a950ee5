// The spec's `account:` is the deploying account. Inputs that do not state their account (a CDK
// stack without `env`, Terraform whose account comes from `data.aws_caller_identity`) are loaded
// into it, the same as `--account` (`deployingAccount`: an explicit account that differs from
// the spec's is an error naming both); inputs that state another account are an error naming
// both (`checkSpecAccount`), and so is a model built without any account (the adapters' stand-in
// for "this account") checked against a spec that names one: the spec's ARNs of its own roles
// would otherwise name principals outside the model, and `cannot` would pass vacuously.

import { escapePointerToken } from '../model/source.js';
import { isStandInAccount as isModelStandIn } from '../model/stand-ins.js';
import type { Model } from '../model/types.js';
import { SpecError } from './errors.js';
import { specLocation } from './parse.js';
import type { AccessSpec } from './types.js';

/**
 * Whether an account of a model is the adapters' stand-in for an account the inputs and options
 * did not name. The one place the front ends look at the stand-in value.
 */
export function isStandInAccount(id: string): boolean {
  return isModelStandIn(id);
}

/** The code of the Terraform finding that an account given for the inputs replaced the one they state. */
export const ACCOUNT_OVERRIDDEN = 'tf/account-overridden';

/**
 * The account to load the inputs with: `explicit` (e.g. `--account`), else the spec's account.
 * Throws SpecError (at the spec's `account:`) when both are given and differ; `explicitName`
 * names the explicit one in that message.
 */
export function deployingAccount(
  explicit: string | undefined,
  spec: AccessSpec,
  explicitName = '--account',
): string | undefined {
  if (explicit && spec.account && explicit !== spec.account) {
    throw new SpecError(
      `the spec's account ${spec.account} and ${explicitName} ${explicit} differ: the spec is about the deploying account; give one account`,
      specLocation(spec, '/account'),
    );
  }
  return explicit ?? spec.account;
}

/**
 * Checks that the model is of the spec's account (see the module comment). Throws SpecError at
 * the spec's `account:` naming both accounts.
 */
export function checkSpecAccount(model: Model, spec: AccessSpec): void {
  const account = spec.account;
  if (!account || !model.accounts.length) return;
  const at = () => specLocation(spec, '/account');
  const overridden = model.findings.find((f) => f.code === ACCOUNT_OVERRIDDEN);
  if (overridden) {
    throw new SpecError(
      `the spec's account ${account} is not the account the inputs state: ${overridden.message}`,
      at(),
    );
  }
  if (model.accounts.some((a) => a.id === account)) return;
  const ids = model.accounts.map((a) => a.id);
  if (ids.every(isStandInAccount)) {
    throw new SpecError(
      `the spec's account ${account} is the deploying account, but the model was built without an account (the inputs do not state one, so the stand-in ${ids.join(', ')} was used): build it with account ${account} (loadModel(inputs, { account: '${account}' }), fromApp(app, { account: '${account}' }); iamspec check does this itself)`,
      at(),
    );
  }
  throw new SpecError(
    `the spec's account ${account} is not an account of the inputs: they state ${ids.filter((id) => !isStandInAccount(id)).join(', ')}`,
    at(),
  );
}

/**
 * The organization nodes FullAWSAccess is detached from, for loading the inputs: those given
 * explicitly (`--scp-full-access-detached`) and the spec's `scpFullAccessDetached`, together.
 */
export function fullAccessDetachedLevels(
  explicit: readonly string[] | undefined,
  spec: AccessSpec,
): string[] | undefined {
  const all = [...new Set([...(explicit ?? []), ...(spec.scpFullAccessDetached ?? [])])];
  return all.length ? all : undefined;
}

/**
 * The stack roles to load the inputs with: those given explicitly (`--stack-role`) and the
 * spec's `stackRoles`, together. Throws SpecError (at the spec's entry) when both give one stack
 * different roles.
 */
export function statedStackRoles(
  explicit: Readonly<Record<string, string>> | undefined,
  spec: AccessSpec,
): Record<string, string> | undefined {
  const all: Record<string, string> = { ...(spec.stackRoles ?? {}) };
  for (const [stack, role] of Object.entries(explicit ?? {})) {
    if (Object.hasOwn(all, stack) && all[stack] !== role)
      throw new SpecError(
        `the spec's stackRoles gives stack ${stack} the role ${all[stack]}, --stack-role ${stack}=${role}: give one`,
        specLocation(spec, `/stackRoles/${escapePointerToken(stack)}`),
      );
    all[stack] = role;
  }
  return Object.keys(all).length ? all : undefined;
}
