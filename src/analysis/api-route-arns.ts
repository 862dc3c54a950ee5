// The request ARNs a call of an API Gateway route may name (`execute-api:/stage/METHOD/path`),
// for deciding a route against policies that name concrete stages, methods and paths: the API's
// resource policy (risk-api-methods.ts) and the `aws:SourceArn` of a Lambda function's permission
// for API Gateway (api-integration-permission.ts). Owns `routeRequestArns`; the stage and method
// spread is aws/apigateway-methods.ts `invokeArns`.

import { invokeArns } from '../aws/apigateway-methods.js';
import { intersectionWitness } from './glob-witness.js';

/**
 * For a route with path parameters (`GET /orders/{id}`, `ANY /{proxy+}`): a request ARN of each
 * pattern of `patterns` some call of the route may name (`…/GET/orders/123` for a policy on
 * `execute-api:/prod/GET/orders/123`). A call names the path it is made on, not the template
 * (Developer Guide, "Resource format of permissions for executing API in API Gateway":
 * `execute-api:/stage/METHOD/path`), so a policy naming concrete paths may let callers in on some
 * of them while the template's literal path matches none. Each parameter stands for any string
 * (over-approximating one path segment): a witness may name a path no call makes, never miss one
 * (glob-witness.ts `intersectionWitness`).
 */
export function pathParameterWitnesses(apiArn: string, route: string, patterns: readonly string[]): string[] {
  const [method = 'ANY', path = '/'] = route.split(' ');
  if (!path.includes('{')) return [];
  const verb = method.toUpperCase() === 'ANY' ? '*' : method.toUpperCase();
  const routeGlob = `${apiArn}/*/${verb}${path.replace(/\{[^}]*\}/g, '*')}`;
  const out = new Set<string>();
  for (const r of patterns) {
    const w = intersectionWitness(routeGlob, r);
    if (w !== undefined) out.add(w);
  }
  return [...out];
}

/**
 * The request ARNs to decide a call of `route` on the API `apiArn` with, against policies whose
 * ARN patterns are `patterns`: one per stage and method the patterns name and one they do not
 * (`invokeArns`), and for a route with path parameters the concrete paths they name
 * (`pathParameterWitnesses`). Access on any of them is access some call of the route may have.
 */
export function routeRequestArns(apiArn: string, route: string, patterns: readonly string[]): string[] {
  const arns = [...invokeArns(apiArn, route, patterns), ...pathParameterWitnesses(apiArn, route, patterns)];
  if (route.includes(' ')) return arns;
  // A route key without a method and path (`$default`, a WebSocket `$connect`) is named as is
  // after the stage: `…/prod/$default`.
  const stages = new Set(arns.map((a) => a.slice(apiArn.length + 1).split('/')[0]!));
  return [...arns, ...[...stages].map((stage) => `${apiArn}/${stage}/${route}`)];
}
