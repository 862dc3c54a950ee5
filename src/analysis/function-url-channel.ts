// Invocations of a Lambda function through its function URL, for who-can. A call to a function
// URL is a `lambda:InvokeFunctionUrl` request and, for URLs made since October 2025, also a
// `lambda:InvokeFunction` request with `lambda:InvokedViaFunctionUrl` true; a direct Invoke has
// no such key (AWS Lambda Developer Guide, "Control access to Lambda function URLs",
// https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html). When the key is free, who-can
// decides the two ways in apart, so a grant "only through the URL" reads as such instead of as a
// condition; the review (risk-external-access.ts) counts an invoke granted only through the URL as
// the URL's access, which the `lambda:InvokeFunctionUrl` request decides (`onlyThroughUrl`).
// Owns `functionUrlChannel` and `onlyThroughUrl`.

import { INVOKE_FUNCTION, INVOKE_FUNCTION_URL, INVOKED_VIA_FUNCTION_URL_KEY } from '../aws/lambda.js';
import type { Engine } from '../engine/engine.js';
import type { Request } from '../engine/types.js';
import { decideAnyContext } from './free-decision.js';
import type { FreeDecision } from './types.js';

/** The way in that a who-can entry is limited to, with the decision of that way alone. */
export interface Channel {
  /** `through the function URL`. */
  channel: string;
  decision: FreeDecision;
}

/** True when the request's context pins `lambda:InvokedViaFunctionUrl` (any case). */
function pinned(request: Request): boolean {
  return Object.keys(request.context ?? {}).some((k) => k.toLowerCase() === INVOKED_VIA_FUNCTION_URL_KEY);
}

/**
 * Whether a `lambda:InvokeFunction` request is denied as a direct call (`lambda:InvokedViaFunctionUrl`
 * absent), so that what it is granted is granted only to a call through the function URL: every
 * such call is a `lambda:InvokeFunctionUrl` request too, which the engine decides with this one
 * (engine/function-url-rules.ts `urlCallInvoke`).
 */
export function onlyThroughUrl(engine: Engine, request: Request): boolean {
  const direct = decideAnyContext(engine, {
    ...request,
    context: { ...request.context, [INVOKED_VIA_FUNCTION_URL_KEY]: null },
  });
  return direct.access === 'deny';
}

/**
 * For a `lambda:InvokeFunction` request whose free-context decision `free` is conditional: when
 * the direct call (key absent) is denied and the call through the function URL (key `true`) is
 * not, the decision through the URL, labelled. `lambda:InvokeFunctionUrl` is always a call
 * through the URL: labelled as is. Otherwise undefined (the entry stays as decided).
 */
export function functionUrlChannel(
  engine: Engine,
  request: Request,
  free: FreeDecision,
): Channel | undefined {
  const action = request.action.toLowerCase();
  if (free.access === 'deny') return undefined;
  if (action === INVOKE_FUNCTION_URL) return { channel: 'through the function URL', decision: free };
  if (action !== INVOKE_FUNCTION || free.access !== 'conditional' || pinned(request)) return undefined;
  if (!onlyThroughUrl(engine, request)) return undefined;
  const viaUrl = decideAnyContext(engine, {
    ...request,
    context: { ...request.context, [INVOKED_VIA_FUNCTION_URL_KEY]: 'true' },
  });
  if (viaUrl.access === 'deny') return undefined;
  return { channel: 'through the function URL', decision: viaUrl };
}
