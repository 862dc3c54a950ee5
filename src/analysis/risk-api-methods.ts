// The review's public-access findings for API Gateway methods open to anyone on the internet:
// a method of authorization NONE, on an API that is not private, whose resource policy (if any)
// lets anonymous callers invoke it, makes AWS act for whoever calls it: with the integration's
// credentials role for the integration's action, or by running a Lambda function (with its own
// execution role), or as API Gateway itself by the target's resource policy. Whether API Gateway
// may make that call is decided by api-integration-permission.ts: a role that may not is no
// finding; a function (or AWS target) no permission of the inputs lets API Gateway in on stays,
// low. Owns `apiMethodFindings` (and `apiMethodCalls`, each finding with what its integration
// makes AWS do, for the outside-escalation findings); what the method's values mean is aws/apigateway-methods.ts's,
// the wording risk-messages.ts's.
//
// Amazon API Gateway Developer Guide, "How API Gateway resource policies affect authorization
// workflow" (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html),
// "API Gateway resource policy only": "Evaluation of the policy involves seeking an explicit allow
// based on the inbound criteria of the caller. An implicit denial or any explicit denial results
// in denying the caller." Without a resource policy, a method of authorization NONE is open
// ("Specify \"NONE\" for open access"). "Private REST APIs in API Gateway"
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-apis.html): "A
// private API is a REST API that is only callable from within an Amazon VPC."

import { integrationResource } from '../aws/apigateway-integration-targets.js';
import { type IntegrationTarget, integrationTarget, methodCallers } from '../aws/apigateway-methods.js';
import {
  functionIntegrationPermission,
  type IntegrationPermission,
  roleIntegrationPermission,
  serviceIntegrationPermission,
} from './api-integration-permission.js';
import { routeRequestArns } from './api-route-arns.js';
import { accessLevelOf } from '../catalog/actions.js';
import type { Engine } from '../engine/engine.js';
import type { Source } from '../model/source.js';
import type { ApiMethod } from '../model/types.js';
import { isUnknown, type Maybe, Unknown } from '../model/unknown.js';
import { accessRank, combineAccess, mergeStatementRefs } from './chains.js';
import { decideAnyContext, LEAN } from './free-decision.js';
import { indeterminateField } from './indeterminate.js';
import {
  apiMethodNote,
  apiMethodRoleMessage,
  apiMethodServiceMessage,
  NO_INVOKE_PERMISSION_NOTE,
  NO_SERVICE_PERMISSION_NOTE,
  publicMessage,
} from './risk-messages.js';
import { riskSeverity } from './risk-severity.js';
import type { Access, ConditionFacts, RiskFinding, StatementRef } from './types.js';

/** Whether anonymous callers get through the API's resource policy, with the statements that decide. */
interface Reach {
  access: Access;
  conditions: string[];
  /** What the engine reports each of `conditions` is about (`FreeDecision.conditionFacts`). */
  conditionFacts: ConditionFacts[];
  grants: StatementRef[];
  /** For indeterminate reach: why. */
  why?: Unknown;
}

const OPEN: Reach = { access: 'allow', conditions: [], conditionFacts: [], grants: [] };

/** The first Unknown of `values`, if any. */
function firstUnknown(values: readonly unknown[]): Unknown | undefined {
  return values.find((v): v is Unknown => isUnknown(v));
}

/**
 * Whether an anonymous caller gets through `m`'s API resource policy: open without one; else the
 * worst decision of an anonymous `execute-api:Invoke` on the method over the stages and methods
 * the policy names (aws/apigateway-methods.ts `invokeArns`). A policy that might not exist leaves
 * the method open when it would deny. A REST API the inputs do not hold may have a policy of
 * either kind: unknown.
 */
function resourcePolicyReach(engine: Engine, m: ApiMethod, route: string): Reach {
  if (m.protocol === 'http') return OPEN; // HTTP APIs have no resource policies
  if (!m.apiArn) {
    return {
      ...OPEN,
      access: 'indeterminate',
      why: unknownOf(m, `the REST API of ${m.api} is not in the inputs: its resource policy is unknown`),
    };
  }
  const api = engine.model.resources.find((r) => r.arn === m.apiArn);
  const policy = api?.policy;
  if (!policy) return OPEN;
  const resources = policy.statements.flatMap((st) =>
    [...(st.resource?.values ?? []), ...(st.notResource?.values ?? [])].filter(
      (v): v is string => typeof v === 'string',
    ),
  );
  let worst: Reach | undefined;
  for (const resource of routeRequestArns(m.apiArn, route, resources)) {
    const d = decideAnyContext(
      engine,
      { principal: 'anonymous', action: 'execute-api:Invoke', resource },
      LEAN,
    );
    if (!worst || accessRank(d.access) > accessRank(worst.access))
      worst = {
        access: d.access,
        conditions: d.conditions,
        conditionFacts: d.conditionFacts ?? [],
        grants: d.grants,
      };
  }
  const reach = worst ?? OPEN;
  if (reach.access === 'deny' && policy.presence)
    return { ...OPEN, access: 'indeterminate', why: policy.presence };
  if (reach.access === 'indeterminate')
    return {
      ...reach,
      why: unknownOf(
        m,
        `the resource policy of ${m.api} decides anonymous execute-api:Invoke only at deployment`,
      ),
    };
  return reach;
}

function unknownOf(m: ApiMethod, reason: string): Unknown {
  return new Unknown(reason, m.source);
}

/** The severity of acting as a role for `action`: by the action's access level (worst if unknown). */
function actionSeverity(action: Maybe<string>): RiskFinding['severity'] {
  if (isUnknown(action)) return 'high';
  const level = accessLevelOf(action);
  return level === 'Read' || level === 'List' ? 'medium' : 'high';
}

/**
 * `base` lowered for access that is not plainly allowed (as risk-external-access.ts
 * `outsideSeverity`), its conditions weighed by what the engine reports they are about (`facts`).
 */
function severityOf(
  access: Access,
  conditions: string[],
  facts: readonly ConditionFacts[],
  base: RiskFinding['severity'],
): RiskFinding['severity'] {
  return riskSeverity(base, access, conditions, false, facts);
}

/**
 * The action of a finding's message: the integration's, and the other actions of its service that
 * fields the caller may add name and that get more (api-integration-permission.ts `otherActions`).
 */
function actionText(action: Maybe<string>, granted: IntegrationPermission | undefined): string {
  const others = granted?.otherActions;
  if (!others?.length) return shown(action);
  const listed =
    others.length > 3 ? `${others.slice(0, 3).join(', ')} and ${others.length - 3} more` : others.join(', ');
  return `${shown(action)} (or, by fields the caller may add to the request, ${listed})`;
}

/** The severity of a call: the worst of the integration's action and the `otherActions` granted. */
function callSeverity(
  action: Maybe<string>,
  granted: IntegrationPermission | undefined,
): RiskFinding['severity'] {
  const all = [actionSeverity(action), ...(granted?.otherActions ?? []).map((a) => actionSeverity(a))];
  return all.includes('high') ? 'high' : all.includes('medium') ? 'medium' : all[0]!;
}

/** The text of a Maybe value for a message: the value, or `(unknown: why)`. */
function shown(v: Maybe<string>): string {
  return isUnknown(v) ? `(unknown: ${v.reason})` : v;
}

/** `role NAME` for a role of the model, else `role ARN` (or its unknown). */
function roleLabel(engine: Engine, role: Maybe<string>): string {
  if (isUnknown(role)) return `role ${shown(role)}`;
  const held = engine.model.roles.find((r) => r.arn === role);
  return `role ${held?.name ?? role}`;
}

/**
 * What API Gateway may do for the call (api-integration-permission.ts): act as the integration's
 * role for its action on the resource the integration names (aws/apigateway-integration-targets.ts),
 * or invoke the function; undefined when the target itself is unknown.
 */
function permissionOf(
  engine: Engine,
  m: ApiMethod,
  route: string,
  target: Maybe<IntegrationTarget>,
): IntegrationPermission | undefined {
  if (isUnknown(target) || target.kind === 'none') return undefined;
  const resource =
    (target.kind === 'role' || target.kind === 'service') && m.integration && !isUnknown(m.integration)
      ? integrationResource(m.integration, target.action, m.account, m.executeArn ?? m.apiArn)
      : undefined;
  if (target.kind === 'role')
    return roleIntegrationPermission(
      engine,
      target.role,
      target.action,
      m.source,
      resource,
      target.callerFields,
    );
  if (target.kind === 'service')
    return serviceIntegrationPermission(engine, m, route, target.action, resource, target.callerFields);
  if (isUnknown(target.function)) return undefined;
  return functionIntegrationPermission(engine, m, route, target.function, target.credentials);
}

/**
 * An open method's finding with what its integration makes AWS do, which the outside-escalation
 * findings join to the role it acts as (risk-outside-escalation.ts).
 */
export interface ApiMethodCall {
  finding: RiskFinding;
  /** The method in words: `API Gateway method GET /x of Shop`. */
  method: string;
  /** What its integration makes AWS do (aws/apigateway-methods.ts `integrationTarget`). */
  target: Maybe<IntegrationTarget>;
  /** Whether an anonymous caller gets API Gateway to make the call, and on what conditions. */
  access: Access;
  conditions: readonly string[];
  /** What the engine reports each of `conditions` is about (`FreeDecision.conditionFacts`), for severities. */
  conditionFacts: readonly ConditionFacts[];
  /**
   * For an integration acting as a role: the actions API Gateway may call as it (the
   * integration's, then those fields the caller adds may name, api-integration-permission.ts
   * `otherActions`); an Unknown when the inputs do not pin the action down.
   */
  actions: readonly Maybe<string>[];
}

/**
 * The finding of one method, if it is open to anyone (see the module comment), with its call.
 * Long because: one method's reading in order (who may call it, through which resource policy,
 * what API Gateway may do for the call, what stays unknown), then its finding by target kind.
 */
function methodFinding(engine: Engine, m: ApiMethod): ApiMethodCall | undefined {
  const callers = methodCallers(m.authorization, m.source);
  if (callers !== 'anyone' && !isUnknown(callers)) return undefined;
  if (m.privateEndpoint === true) return undefined;
  const target = integrationTarget(m.integration);
  if (!isUnknown(target) && target.kind === 'none') return undefined;
  const route = isUnknown(m.route) ? 'ANY /(unknown path)' : m.route;
  const reach = resourcePolicyReach(engine, m, route);
  if (reach.access === 'deny') return undefined;
  const permission = permissionOf(engine, m, route, target);
  // A role API Gateway may not assume, or that may not call the action (or invoke the function):
  // the call fails.
  const asRole =
    !isUnknown(target) &&
    (target.kind === 'role' || (target.kind === 'function' && target.credentials !== undefined));
  if (permission?.access === 'deny' && asRole) return undefined;
  // A function no permission of the inputs lets API Gateway invoke: kept (one may be added
  // outside the inputs), downgraded and worded so.
  const noPermission = permission?.access === 'deny';
  const granted = permission && !noPermission ? permission : undefined;
  const unknowns: Unknown[] = [
    m.presence,
    isUnknown(callers) ? callers : undefined,
    isUnknown(m.privateEndpoint) ? m.privateEndpoint : undefined,
    isUnknown(target) ? target : undefined,
    reach.why,
    granted?.why,
  ].filter((u): u is Unknown => u !== undefined);
  const open = firstUnknown(unknowns);
  const access: Access = open ? 'indeterminate' : combineAccess([reach.access, granted?.access ?? 'allow']);
  const conditions = [...new Set([...reach.conditions, ...(granted?.conditions ?? [])])];
  const facts = [...(reach.conditionFacts ?? []), ...(granted?.conditionFacts ?? [])];
  const hits = { access, conditions, facts, why: open?.reason };
  const note = apiMethodNote(m.api, route, shown(m.authorization));
  const source: Source = open?.source ?? m.source;
  const indeterminate = indeterminateField(access, undefined, {
    text: `API Gateway method ${route} of ${m.api}: ${open?.reason ?? ''}`,
    source,
  });
  const statements = mergeStatementRefs([...reach.grants, ...(granted?.grants ?? [])]);
  const place = { place: { source: m.source, text: `API Gateway method ${route} of ${m.api} is defined` } };
  const action = isUnknown(target) ? target : target.kind === 'role' ? target.action : undefined;
  const done = (finding: RiskFinding): ApiMethodCall => ({
    finding,
    method: `API Gateway method ${route} of ${m.api}`,
    target,
    access,
    conditions,
    conditionFacts: facts,
    actions: action === undefined ? [] : [action, ...(granted?.otherActions ?? [])],
  });
  if (!isUnknown(target) && target.kind === 'service') {
    // No resource policy of the inputs lets API Gateway in: kept (the target may be outside
    // them), low and worded so, as a function without a permission.
    const message = apiMethodServiceMessage(note, actionText(target.action, granted), hits);
    return done({
      kind: 'public-access',
      severity: severityOf(
        access,
        conditions,
        facts,
        noPermission ? 'low' : callSeverity(target.action, granted),
      ),
      subject: m.apiArn ?? m.api,
      detail: route,
      message: noPermission ? `${message}${NO_SERVICE_PERMISSION_NOTE}` : message,
      statements,
      ...place,
      ...indeterminate,
    });
  }
  if (isUnknown(target) || target.kind === 'role') {
    const role = isUnknown(target) ? target : target.role;
    const action = isUnknown(target) ? target : target.action;
    return done({
      kind: 'public-access',
      severity: severityOf(access, conditions, facts, callSeverity(action, granted)),
      subject: m.apiArn ?? m.api,
      detail: route,
      message: apiMethodRoleMessage(note, roleLabel(engine, role), actionText(action, granted), hits),
      statements,
      ...place,
      ...indeterminate,
    });
  }
  return done(
    functionFinding(engine, m, target.function, route, {
      note,
      hits,
      noPermission,
      statements,
      place,
      indeterminate,
    }),
  );
}

/** The finding of an open method whose integration runs function `fn` (see `methodFinding`). */
function functionFinding(
  engine: Engine,
  m: ApiMethod,
  fn: Maybe<string>,
  route: string,
  found: {
    note: string;
    hits: { access: Access; conditions: string[]; facts: ConditionFacts[]; why: string | undefined };
    noPermission: boolean;
    statements: RiskFinding['statements'];
    place: Pick<RiskFinding, 'place'>;
    indeterminate: Partial<RiskFinding>;
  },
): RiskFinding {
  const { note, hits, noPermission, statements, place, indeterminate } = found;
  const held = isUnknown(fn) ? undefined : engine.model.resources.find((r) => r.arn === fn);
  const name = isUnknown(fn) ? `(unknown: ${fn.reason})` : (held?.name ?? fn.split(':')[6] ?? fn);
  const message = publicMessage({ kind: 'lambda-function', name }, note, {
    ...hits,
    actions: 'lambda:InvokeFunction',
  });
  return {
    kind: 'public-access',
    severity: severityOf(hits.access, hits.conditions, hits.facts, noPermission ? 'low' : 'high'),
    subject: isUnknown(fn) ? (m.apiArn ?? m.api) : fn,
    detail: `${m.api} ${route}`,
    message: noPermission ? `${message}${NO_INVOKE_PERMISSION_NOTE}` : message,
    statements,
    ...place,
    ...indeterminate,
  };
}

/**
 * The public-access findings of the model's API Gateway methods (see the module comment): one per
 * method open to anyone whose integration acts with a role or runs a function.
 */
export function apiMethodFindings(engine: Engine): RiskFinding[] {
  return apiMethodCalls(engine).map((c) => c.finding);
}

/** `apiMethodFindings`, each with what its method makes AWS do (`ApiMethodCall`). */
export function apiMethodCalls(engine: Engine): ApiMethodCall[] {
  const out: ApiMethodCall[] = [];
  for (const m of engine.model.apiMethods ?? []) {
    const f = methodFinding(engine, m);
    if (f) out.push(f);
  }
  return out;
}
