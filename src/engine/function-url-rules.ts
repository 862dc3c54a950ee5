// The engine's rules of Lambda function URLs and invocation (the AWS facts: aws/lambda.ts): before
// the policies, an anonymous call through a URL that needs IAM authentication is rejected
// (`unsignedUrlCall`) and so is an anonymous direct lambda:InvokeFunction (`anonymousInvoke`);
// after them, a call through a function URL is also a lambda:InvokeFunction request through the
// URL, decided here (`urlCallInvoke`). Owns how the engine applies these rules to one request.

import {
  anonymousDirectInvoke,
  INVOKE_FUNCTION_URL,
  unsignedFunctionUrlCall,
  urlCallNeedsInvoke,
  urlCertainlyNew,
  viaUrlContext,
} from '../aws/lambda.js';
import type { RuleRequest, Verdict } from './rule-request.js';
import { MAYBE, NO, type Tri, YES } from './tri.js';
import { worldOptionsOf } from './types.js';
import { noteUnknown, noteUnknownText } from './unknowns-met.js';

/**
 * YES when Lambda rejects an anonymous `lambda:InvokeFunctionUrl` on the request's resource (its
 * URL needs IAM authentication), MAYBE when it may (`unsignedFunctionUrlCall`), with the trace's
 * sentence.
 */
export function unsignedUrlCall(rq: RuleRequest): Tri {
  const info = rq.res.info;
  const r = info.resource;
  const v = r?.kind === 'lambda-function' ? unsignedFunctionUrlCall(r.functionUrls, info.arn) : undefined;
  if (!v) return NO;
  if (v === 'rejected') {
    rq.trace?.push({
      stage: 'resource',
      message:
        'the function URL has AuthType AWS_IAM: Lambda accepts only signed requests of authenticated IAM principals, so an anonymous call is rejected whatever the function policy says (AWS Lambda Developer Guide, "Control access to Lambda function URLs")',
      outcome: 'match',
    });
    return YES;
  }
  noteUnknown(rq.trace, rq.met, () => ({
    stage: 'resource',
    message:
      'the function URL may need IAM authentication (its AuthType, alias or existence is not known): an anonymous call may be rejected whatever the function policy says',
    outcome: 'unknown',
    kind: 'unknown-value',
  }));
  return MAYBE;
}

/**
 * YES when an anonymous caller's request is a direct lambda:InvokeFunction (strict evaluation:
 * the request's context is the whole context), which it cannot make, with the trace's sentence.
 */
export function anonymousInvoke(rq: RuleRequest): Tri {
  if (
    (rq.options.conditions ?? 'strict') === 'strict' &&
    anonymousDirectInvoke(rq.actionLower, rq.request.context)
  ) {
    rq.trace?.push({
      stage: 'principal',
      message:
        'a direct lambda:InvokeFunction is a signed AWS API request, which an anonymous caller cannot make: it reaches a function only through a function URL with AuthType NONE (a call with lambda:InvokedViaFunctionUrl true; AWS Lambda Developer Guide, "Control access to Lambda function URLs")',
    });
    return YES;
  }
  return NO;
}

/**
 * The decision `url` of a request, unchanged unless it is a call through a function URL of a
 * Lambda function of the model, which is also a `lambda:InvokeFunction` request through the URL
 * (aws/lambda.ts `urlCallNeedsInvoke`), decided here with the same options and the trace's
 * sentence when it changes the decision.
 */
export function urlCallInvoke(rq: RuleRequest, url: Verdict): Verdict {
  const { request, res, trace } = rq;
  if (
    url.decision === 'deny' ||
    rq.actionLower !== INVOKE_FUNCTION_URL ||
    res.info.resource?.kind !== 'lambda-function'
  )
    return url;
  const invoke = rq.host.decideHere(
    { ...request, action: 'lambda:InvokeFunction', context: viaUrlContext(request.context) },
    worldOptionsOf(rq.options),
  );
  const isNew = urlCertainlyNew(res.info.resource.functionUrls, res.info.arn);
  const v = urlCallNeedsInvoke(url.decision, invoke.decision, isNew);
  if (!v.why) return url;
  const why = v.why;
  if (v.decision === 'deny') {
    trace?.push({ stage: 'resource', message: why, outcome: 'match' });
    return { decision: 'deny', reason: invoke.reason };
  }
  noteUnknownText(trace, rq.met, 'resource', why, 'unknown-value');
  return { decision: v.decision, reason: 'unknown-value' };
}
