// Actions of requests and specs: the syntax of one action, and whether the action catalog knows
// it, with the close actions of its service when it does not ("did you mean").

import { actionsOfService, getAction, matchActions } from '../catalog/actions.js';
import { allServicePrefixes, serviceExists } from '../catalog/services.js';
import type { CatalogAction } from '../catalog/types.js';
import { hasWildcard } from '../policy/wildcard.js';
import { closest, didYouMean } from '../text/suggest.js';
import type { RequestProblem } from './problems.js';

/** `SERVICE:Action` without wildcards. */
export const ONE_ACTION = /^[A-Za-z0-9-]+:[A-Za-z0-9_.-]+$/;

/** Why `action` is not one action (`s3:*`, `GetObject`), or undefined when it is. */
export function actionSyntaxProblem(action: string): string | undefined {
  if (ONE_ACTION.test(action)) return undefined;
  const why = /[*?]/.test(action)
    ? 'a request names one action; wildcards belong in policies'
    : 'expected SERVICE:Action, e.g. s3:GetObject';
  return `"${action}" is not an action (${why})`;
}

/** The catalog actions whose names are close to `action` (same service), best first. */
export function closeActions(action: string, limit = 3): string[] {
  const colon = action.indexOf(':');
  const service = action.slice(0, colon).toLowerCase();
  const names = actionsOfService(service).map((a) => a.name);
  const byName = new Map(names.map((n) => [n.slice(n.indexOf(':') + 1), n]));
  return closest(action.slice(colon + 1), byName.keys(), limit).map((n) => byName.get(n)!);
}

/**
 * An action (without wildcards) the catalog does not know: unknown service or unknown action.
 * Fatal: a check on an action AWS does not have checks nothing.
 */
export function actionProblem(action: string): RequestProblem | undefined {
  if (getAction(action)) return undefined;
  const colon = action.indexOf(':');
  const service = action.slice(0, colon);
  if (!serviceExists(service.toLowerCase())) {
    const services = closest(service, allServicePrefixes());
    const hint = didYouMean(services.map((s) => `${s}:${action.slice(colon + 1)}`));
    return {
      code: 'request/unknown-service',
      message: `unknown action "${action}": no AWS service has the prefix "${service}"${hint ? `; ${hint}` : ''}`,
      candidates: services,
      fatal: true,
    };
  }
  const candidates = closeActions(action);
  const hint = didYouMean(candidates);
  return {
    code: 'request/unknown-action',
    message: `unknown action "${action}": it is not in the action catalog${hint ? `; ${hint}` : ''}`,
    candidates,
    fatal: true,
  };
}

/**
 * The catalog actions an action or action pattern (`s3:Get*`) of a check stands for, or why it
 * stands for none (an unknown action, a pattern that matches nothing).
 */
export function catalogActionsOf(action: string): { actions: CatalogAction[]; problem: string | undefined } {
  if (hasWildcard(action)) {
    const actions = matchActions(action);
    return {
      actions,
      problem: actions.length ? undefined : `action pattern "${action}" matches no action of the catalog`,
    };
  }
  const known = getAction(action);
  if (known) return { actions: [known], problem: undefined };
  return { actions: [], problem: actionProblem(action)?.message ?? `unknown action "${action}"` };
}
