// Whether API Gateway may do what an open method's integration asks of AWS, decided with the
// engine: act as the integration's credentials role for the integration's action (the role's trust
// policy for apigateway.amazonaws.com, its identity policies, boundary, SCPs and the target's
// resource policy) on the resource the integration names (aws/apigateway-integration-targets.ts:
// a queue, state machine, topic the inputs pin; else any, the caller's choice), or invoke a Lambda function (the function's resource policy for
// apigateway.amazonaws.com from this API's `aws:SourceArn`, or the credentials role's permission).
// Owns `roleIntegrationPermission`, `functionIntegrationPermission` and
// `serviceIntegrationPermission` (an AWS integration without credentials: the target's resource
// policy for apigateway.amazonaws.com); the finding that uses them
// is risk-api-methods.ts's, what the integration is aws/apigateway-methods.ts's.
//
// Amazon API Gateway Developer Guide, "Control access to a REST API with IAM permissions"
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/permissions.html): "When an API is
// integrated with an AWS service (for example, AWS Lambda) in the back end, API Gateway must also
// have permissions to access integrated AWS resources (for example, invoking a Lambda function) on
// behalf of the API caller. To grant these permissions, create an IAM role of the AWS service for
// API Gateway type." (its trust policy names the service principal `apigateway.amazonaws.com`);
// "For API Gateway to call the integrated AWS service, you must also attach to this role
// appropriate IAM permissions policies for calling integrated AWS services."; "Note that Lambda
// supports resource-based access policy, which combines both trust and permissions policies."

import type { IntegrationResource } from '../aws/apigateway-integration-targets.js';
import { API_GATEWAY_PRINCIPAL, CALLER_CREDENTIALS } from '../aws/apigateway-methods.js';
import { actionsOfService } from '../catalog/actions.js';
import type { Engine } from '../engine/engine.js';
import type { Source } from '../model/source.js';
import type { ApiMethod } from '../model/types.js';
import { isUnknown, type Maybe, Unknown } from '../model/unknown.js';
import { routeRequestArns } from './api-route-arns.js';
import { accessRank, combineAccess } from './chains.js';
import { patternResources } from './exhaustive.js';
import { decideAnyContext, type FreeDecisionOptions } from './free-decision.js';
import type { Access, ConditionFacts, FreeDecision, StatementRef } from './types.js';

/** Whether API Gateway may make the integration's call, with the statements and why not decided. */
export interface IntegrationPermission {
  access: Access;
  conditions: string[];
  /** What the engine reports each of `conditions` is about (`FreeDecision.conditionFacts`), for the severity. */
  conditionFacts: ConditionFacts[];
  grants: StatementRef[];
  /** For `indeterminate`: why (the first unknown the decision depends on). */
  why?: Unknown;
  /**
   * The other actions of the service (fields the caller may add: `calls`) that get more access
   * than the integration's own action, when some do.
   */
  otherActions?: string[];
}

const DECIDE: Readonly<FreeDecisionOptions> = Object.freeze({ lean: true, reasons: true });

function undecided(why: Unknown): IntegrationPermission {
  return { access: 'indeterminate', conditions: [], conditionFacts: [], grants: [], why };
}

/** The permission of a decision, its first reason as the unknown when it is indeterminate. */
function permissionOf(d: FreeDecision, what: string, source: Source): IntegrationPermission {
  const reason = d.reasons?.[0];
  return {
    access: d.access,
    conditions: d.conditions,
    conditionFacts: d.conditionFacts ?? [],
    grants: d.grants,
    ...(d.access === 'indeterminate'
      ? { why: new Unknown(`${what}${reason ? `: ${reason.text}` : ''}`, reason?.source ?? source) }
      : {}),
  };
}

/** The most access of `decisions` (some call may be made with each). */
function most(decisions: readonly IntegrationPermission[]): IntegrationPermission {
  let best: IntegrationPermission | undefined;
  for (const d of decisions) if (!best || accessRank(d.access) > accessRank(best.access)) best = d;
  return best ?? { access: 'deny', conditions: [], conditionFacts: [], grants: [] };
}

/** Steps that must all succeed (assume the role, then act): `combineAccess`, conditions and grants joined. */
function both(steps: readonly IntegrationPermission[]): IntegrationPermission {
  const access = combineAccess(steps.map((s) => s.access));
  const why = steps.find((s) => s.access === 'indeterminate')?.why;
  const facts = access === 'deny' ? [] : steps.flatMap((s) => s.conditionFacts ?? []);
  return {
    access,
    conditions: access === 'deny' ? [] : [...new Set(steps.flatMap((s) => s.conditions))],
    conditionFacts: facts,
    grants: access === 'deny' ? [] : steps.flatMap((s) => s.grants),
    ...(access === 'indeterminate' && why ? { why } : {}),
  };
}

/** Whether API Gateway may assume `role` (its trust policy for apigateway.amazonaws.com). */
function assumeByApiGateway(engine: Engine, role: string, source: Source): IntegrationPermission {
  const d = decideAnyContext(
    engine,
    { principal: API_GATEWAY_PRINCIPAL, action: 'sts:AssumeRole', resource: role },
    DECIDE,
  );
  return permissionOf(d, `whether API Gateway may assume ${role}`, source);
}

/** The integration's target resource (aws/apigateway-integration-targets.ts), when read. */
export type TargetResource = IntegrationResource | Unknown | undefined;

/**
 * The most access of `decide` over the resources the call may act on: the integration's target
 * when the inputs pin it (`pinned`); else each class of resources the policies that could apply
 * tell apart (exhaustive.ts `patternResources` for `principal`), the caller (or what iamspec does
 * not read) choosing any. A target the inputs leave unknown: what any resource gets, indeterminate
 * with why unless every resource is denied.
 */
function overTargets(
  engine: Engine,
  principal: string,
  action: string,
  target: TargetResource,
  decide: (resource: string) => IntegrationPermission,
  source: Source,
): IntegrationPermission {
  if (target && !isUnknown(target) && target.kind === 'pinned') return most(target.arns.map(decide));
  const { resources, complete } = patternResources(engine, principal, action, '*');
  const decided = most(resources.map(decide));
  if (decided.access === 'deny' && !complete)
    return undecided(
      new Unknown(`the resources ${principal} may ${action} on were not all searched (search limit)`, source),
    );
  if (isUnknown(target) && decided.access !== 'deny')
    return undecided(
      new Unknown(
        `the resource the integration calls ${action} on: ${target.reason}`,
        target.source ?? source,
      ),
    );
  return decided;
}

/**
 * The most access of the calls (`calls`: the integration's own action first), naming the other
 * actions that get more than the own one (`otherActions`).
 */
function overCalls(
  list: readonly { action: string; permission: IntegrationPermission }[],
): IntegrationPermission {
  const best = most(list.map((c) => c.permission));
  const own = list[0]?.permission;
  if (!own || accessRank(best.access) <= accessRank(own.access)) return best;
  const otherActions = list
    .slice(1)
    .filter((c) => accessRank(c.permission.access) > accessRank(own.access))
    .map((c) => c.action);
  return { ...best, otherActions };
}

/**
 * The calls a request may make: `action` on `target`; when the caller may add fields of its own
 * to the request (`callerFields`, aws/apigateway-integration-targets.ts `pathStyleAction`), also
 * every other action of the service, on the resource the caller's fields name (any).
 */
function calls(
  action: string,
  target: TargetResource,
  callerFields: string | undefined,
): { action: string; target: TargetResource }[] {
  const own = [{ action, target }];
  if (!callerFields) return own;
  const lower = action.toLowerCase();
  const any: TargetResource = { kind: 'caller', why: callerFields };
  const others = actionsOfService(action.split(':')[0]!)
    .map((a) => a.name)
    .filter((name) => name.toLowerCase() !== lower)
    .map((name) => ({ action: name, target: any }));
  return [...own, ...others];
}

/**
 * Whether `role` may do `action` on the integration's target (`overTargets`), each resource
 * decided with a free request context.
 */
function roleMayAct(
  engine: Engine,
  role: string,
  action: string,
  target: TargetResource,
  source: Source,
): IntegrationPermission {
  const decide = (resource: string) =>
    permissionOf(
      decideAnyContext(engine, { principal: role, action, resource }, DECIDE),
      `whether ${role} may ${action} on ${resource}`,
      source,
    );
  return overTargets(engine, role, action, target, decide, source);
}

/**
 * Whether API Gateway, acting as the integration's credentials role `role`, may call `action` on
 * the integration's `target` (or, with `callerFields`, another action of the service: `calls`):
 * it assumes the role (trust policy) and the role must be allowed the action. A role outside the
 * inputs, or an unknown role or action: indeterminate.
 */
export function roleIntegrationPermission(
  engine: Engine,
  role: Maybe<string>,
  action: Maybe<string>,
  source: Source,
  target?: TargetResource,
  callerFields?: string,
): IntegrationPermission {
  if (isUnknown(role)) return undecided(role);
  if (!engine.model.roles.some((r) => r.arn === role))
    return undecided(
      new Unknown(`the integration role ${role} is not in the inputs: what it may do is unknown`, source),
    );
  if (isUnknown(action)) return undecided(action);
  const acts = overCalls(
    calls(action, target, callerFields).map((c) => ({
      action: c.action,
      permission: roleMayAct(engine, role, c.action, c.target, source),
    })),
  );
  const decided = both([assumeByApiGateway(engine, role, source), acts]);
  return acts.otherActions ? { ...decided, otherActions: acts.otherActions } : decided;
}

/** The `aws:SourceArn` values of a function's policy (what its permissions pin API Gateway's calls to). */
function sourceArnPatterns(engine: Engine, functionArn: string): string[] {
  const resource = engine.model.resources.find((r) => r.arn === functionArn);
  const out: string[] = [];
  for (const st of resource?.policy?.statements ?? [])
    for (const c of st.conditions ?? [])
      if (c.key.toLowerCase() === 'aws:sourcearn')
        for (const v of c.values) if (typeof v === 'string') out.push(v);
  return out;
}

/**
 * Whether API Gateway may invoke the function `functionArn` for a call of `m`'s `route`:
 * - with a credentials role: as `roleIntegrationPermission` for lambda:InvokeFunction; the caller's
 *   own credentials passed through (`arn:aws:iam::*:user/*`): indeterminate (an anonymous caller
 *   has none to pass);
 * - without one: the function's resource policy for apigateway.amazonaws.com, the request's
 *   `aws:SourceArn` being this API's execution ARN for the route (`…/stage/METHOD/path`, each
 *   stage and path the permissions name: api-route-arns.ts) and `aws:SourceAccount` the API's
 *   account. An API whose execution ARN the inputs do not give leaves `aws:SourceArn` free: a
 *   permission that pins it then cannot be matched to this API (indeterminate). A function outside
 *   the inputs has a resource policy the inputs do not show: indeterminate.
 */
export function functionIntegrationPermission(
  engine: Engine,
  m: ApiMethod,
  route: string,
  functionArn: string,
  credentials: Maybe<string> | undefined,
): IntegrationPermission {
  if (credentials !== undefined) {
    if (!isUnknown(credentials) && CALLER_CREDENTIALS.test(credentials))
      return undecided(
        new Unknown(
          `the integration passes the caller's own credentials on (${credentials}): an anonymous caller has none, so whether the call reaches ${functionArn} is not decided`,
          m.source,
        ),
      );
    return roleIntegrationPermission(engine, credentials, 'lambda:InvokeFunction', m.source);
  }
  if (!engine.model.resources.some((r) => r.arn === functionArn))
    return undecided(
      new Unknown(
        `the function ${functionArn} is not in the inputs: its permissions for API Gateway are unknown`,
        m.source,
      ),
    );
  const what = `whether the permissions of ${functionArn} let API Gateway invoke it for ${m.api} ${route}`;
  const apiArn = m.executeArn ?? m.apiArn;
  const invoke = (context: Record<string, string>) =>
    permissionOf(
      decideAnyContext(
        engine,
        { principal: API_GATEWAY_PRINCIPAL, action: 'lambda:InvokeFunction', resource: functionArn, context },
        DECIDE,
      ),
      what,
      m.source,
    );
  if (apiArn === undefined) {
    const free = invoke({ 'aws:SourceAccount': m.account });
    return free.access === 'conditional'
      ? undecided(
          new Unknown(
            `${what}: the permission is pinned (${free.conditions.join('; ')}) and the API's execution ARN is not known from the inputs`,
            m.source,
          ),
        )
      : free;
  }
  const patterns = sourceArnPatterns(engine, functionArn);
  return most(
    routeRequestArns(apiArn, route, patterns).map((sourceArn) =>
      invoke({ 'aws:SourceArn': sourceArn, 'aws:SourceAccount': m.account }),
    ),
  );
}

/**
 * Whether API Gateway, calling `action` as itself (an AWS integration without credentials: API
 * Reference, Integration.credentials: "To use resource-based permissions on supported Amazon Web
 * Services services, specify null."), is let in by some resource policy of the inputs: each class
 * of resources the policies tell apart decided for apigateway.amazonaws.com, with this API's
 * account as `aws:SourceAccount` and, when its execution ARN is known, its route's ARNs as
 * `aws:SourceArn` (else free), on the integration's `target` (`overTargets`), and with
 * `callerFields` for the other actions of the service too (`calls`).
 */
export function serviceIntegrationPermission(
  engine: Engine,
  m: ApiMethod,
  route: string,
  action: Maybe<string>,
  target?: TargetResource,
  callerFields?: string,
): IntegrationPermission {
  if (isUnknown(action)) return undecided(action);
  const apiArn = m.executeArn ?? m.apiArn;
  const sources: (string | undefined)[] = apiArn ? routeRequestArns(apiArn, route, []) : [undefined];
  const decide = (action: string) => (resource: string) =>
    most(
      sources.map((sourceArn) =>
        permissionOf(
          decideAnyContext(
            engine,
            {
              principal: API_GATEWAY_PRINCIPAL,
              action,
              resource,
              context: {
                'aws:SourceAccount': m.account,
                ...(sourceArn ? { 'aws:SourceArn': sourceArn } : {}),
              },
            },
            DECIDE,
          ),
          `whether a resource policy lets API Gateway ${action} on ${resource}`,
          m.source,
        ),
      ),
    );
  return overCalls(
    calls(action, target, callerFields).map((c) => ({
      action: c.action,
      permission: overTargets(engine, API_GATEWAY_PRINCIPAL, c.action, c.target, decide(c.action), m.source),
    })),
  );
}
