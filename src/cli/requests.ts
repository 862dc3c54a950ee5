// Requests for `eval` and `explain`: reading and checking the request file (a JSON array of
// `{ principal, action, resource, context?, sessionPolicy? }`), resolving model references
// (user/NAME, logical ids, Terraform addresses...) to ARNs, and deciding a request whose
// principal is a group (each member is decided; the group is allowed only if every member is).

import { existsSync, readFileSync } from 'node:fs';
import { actionsOfService, getAction } from '../catalog/actions.js';
import { serviceExists } from '../catalog/services.js';
import type { Engine } from '../engine/index.js';
import type { ContextValue, Decision, Request, RequestContext, TraceEntry } from '../engine/types.js';
import { InputError, type InputLocation } from '../model/input-error.js';
import {
  ModelReferenceError,
  type PrincipalResolution,
  type ReferenceOptions,
  type ResolvedPrincipal,
  type ResourceResolution,
  resolvePrincipalRef,
  resolveResourceRef,
} from '../model/references.js';
import { childPointer, type Locator } from '../model/source.js';
import type { Model } from '../model/types.js';
import { decodeJsonBytes, LocatedSyntaxError, parseLocatedJson } from '../policy/located-json.js';

export interface ResolvedRequest {
  /** 0-based position in the request file (0 for a request from the command line). */
  index: number;
  principal: PrincipalResolution;
  resource: ResourceResolution;
  action: string;
  context: RequestContext | undefined;
  sessionPolicy: unknown;
}

/** A raw request as written in the file or assembled from command-line options. */
export interface RawRequest {
  principal: string;
  action: string;
  resource: string;
  context?: RequestContext;
  sessionPolicy?: unknown;
}

/** Where a field of a request is, for error messages: file, line, column and a label. */
export interface RequestOrigin {
  /** `request [3]` in a file; `--principal` style labels on the command line. */
  label: (...path: string[]) => string;
  at: (...path: string[]) => InputLocation;
}

export function principalLabel(p: ResolvedPrincipal): string {
  if (p.element) return `${p.element.kind}/${p.element.name}`;
  return p.principal;
}

// ---------------------------------------------------------------------------------------
// Checking and resolving one request

/** Warnings about a request that is valid but probably not what was meant (unknown action). */
export function actionWarning(action: string): string | undefined {
  const colon = action.indexOf(':');
  const service = action.slice(0, colon);
  if (!serviceExists(service)) return `action ${action}: no AWS service has the prefix "${service}"`;
  if (getAction(action)) return undefined;
  const name = action.slice(colon + 1).toLowerCase();
  const close = actionsOfService(service)
    .map((a) => a.name)
    .filter((n) => {
      const other = n.slice(colon + 1).toLowerCase();
      return other.startsWith(name.slice(0, Math.max(3, name.length - 2))) || name.startsWith(other);
    })
    .slice(0, 3);
  return `action ${action} is not in the action catalog${close.length ? `; did you mean ${close.join(', ')}?` : ''}`;
}

function checkAction(action: string, origin: RequestOrigin): void {
  if (!/^[A-Za-z0-9-]+:[A-Za-z0-9_.-]+$/.test(action)) {
    const why = /[*?]/.test(action)
      ? 'a request names one action; wildcards belong in policies'
      : 'expected SERVICE:Action, e.g. s3:GetObject';
    throw new InputError(
      `${origin.label('action')}: "${action}" is not an action (${why})`,
      origin.at('action'),
    );
  }
}

function contextOf(value: unknown, origin: RequestOrigin): RequestContext | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(
      `${origin.label('context')}: "context" must be an object of condition keys to a string or an array of strings`,
      origin.at('context'),
    );
  }
  const out: Record<string, ContextValue> = {};
  const scalar = (v: unknown): string | undefined =>
    typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  for (const [key, v] of Object.entries(value)) {
    const s = scalar(v);
    if (s !== undefined) {
      out[key] = s;
      continue;
    }
    const list = Array.isArray(v) ? v.map(scalar) : undefined;
    if (!list || list.some((x) => x === undefined)) {
      throw new InputError(
        `${origin.label('context', key)}: the value of context key "${key}" must be a string or an array of strings`,
        origin.at('context', key),
      );
    }
    out[key] = list as string[];
  }
  return out;
}

/** Checks a raw request and resolves its references. Throws InputError naming where it is. */
export function resolveRequest(
  model: Model,
  raw: RawRequest,
  index: number,
  origin: RequestOrigin,
  refOptions: ReferenceOptions,
): ResolvedRequest {
  checkAction(raw.action, origin);
  const context = contextOf(raw.context, origin);
  if (
    raw.sessionPolicy !== undefined &&
    (typeof raw.sessionPolicy !== 'object' || raw.sessionPolicy === null || Array.isArray(raw.sessionPolicy))
  ) {
    throw new InputError(
      `${origin.label('sessionPolicy')}: "sessionPolicy" must be a policy document (a JSON object)`,
      origin.at('sessionPolicy'),
    );
  }
  let principal: PrincipalResolution;
  try {
    principal = resolvePrincipalRef(model, raw.principal, refOptions);
  } catch (e) {
    if (e instanceof ModelReferenceError) {
      throw new InputError(`${origin.label('principal')}: ${e.message}`, origin.at('principal'), {
        cause: e,
      });
    }
    throw e;
  }
  if (principal.kind === 'group' && principal.principals.length === 0) {
    throw new InputError(
      `${origin.label('principal')}: group "${raw.principal}" has no members in the model; a group reference stands for its members`,
      origin.at('principal'),
    );
  }
  let resource: ResourceResolution;
  try {
    resource = resolveResourceRef(model, raw.resource, refOptions);
  } catch (e) {
    if (e instanceof ModelReferenceError) {
      throw new InputError(`${origin.label('resource')}: ${e.message}`, origin.at('resource'), { cause: e });
    }
    throw e;
  }
  return { index, principal, resource, action: raw.action, context, sessionPolicy: raw.sessionPolicy };
}

// ---------------------------------------------------------------------------------------
// The request file

function fileOrigin(file: string, locate: Locator, index: number): RequestOrigin {
  return {
    label: () => `request [${index}]`,
    at: (...path) => {
      const pointer = childPointer('', index, ...path);
      const pos = locate(pointer) ?? locate(childPointer('', index));
      return { file, line: pos?.line, column: pos?.column };
    },
  };
}

/** Reads and parses a request file. Throws InputError (file, line, column, request index). */
export function readRequestFile(
  file: string,
  model: Model,
  refOptions: ReferenceOptions,
): { requests: ResolvedRequest[]; warnings: string[] } {
  if (!existsSync(file)) throw new InputError('no such request file', { file });
  let text: string;
  try {
    text = decodeJsonBytes(readFileSync(file));
  } catch (e) {
    throw new InputError(`cannot read the request file: ${(e as Error).message}`, { file });
  }
  let value: unknown;
  let locate: Locator;
  try {
    ({ value, locate } = parseLocatedJson(text, file));
  } catch (e) {
    if (e instanceof LocatedSyntaxError) {
      throw new InputError(`invalid JSON: ${e.reason}`, { file, line: e.line, column: e.column });
    }
    throw e;
  }
  if (!Array.isArray(value)) {
    const at = locate('');
    throw new InputError(
      'a request file holds a JSON array of requests: [{ "principal", "action", "resource", "context"?, "sessionPolicy"? }]',
      { file, line: at?.line, column: at?.column },
    );
  }
  const requests: ResolvedRequest[] = [];
  const warnings: string[] = [];
  value.forEach((item: unknown, index) => {
    const origin = fileOrigin(file, locate, index);
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new InputError(
        `${origin.label()}: a request is an object with "principal", "action" and "resource"`,
        origin.at(),
      );
    }
    const r = item as Record<string, unknown>;
    for (const field of ['principal', 'action', 'resource'] as const) {
      if (r[field] === undefined) {
        throw new InputError(`${origin.label()}: missing "${field}"`, origin.at());
      }
      if (typeof r[field] !== 'string' || r[field] === '') {
        throw new InputError(
          `${origin.label(field)}: "${field}" must be a non-empty string`,
          origin.at(field),
        );
      }
    }
    const known = new Set(['principal', 'action', 'resource', 'context', 'sessionPolicy']);
    const extra = Object.keys(r).filter((k) => !known.has(k));
    if (extra.length) {
      throw new InputError(
        `${origin.label(extra[0])}: unknown field "${extra[0]}" (a request has principal, action, resource, context, sessionPolicy)`,
        origin.at(extra[0]),
      );
    }
    const resolved = resolveRequest(
      model,
      {
        principal: r.principal as string,
        action: r.action as string,
        resource: r.resource as string,
        context: r.context as RequestContext | undefined,
        sessionPolicy: r.sessionPolicy,
      },
      index,
      origin,
      refOptions,
    );
    const w = actionWarning(resolved.action);
    if (w) {
      const at = origin.at('action');
      warnings.push(`${file}:${at.line ?? 1}:${at.column ?? 1}: request [${index}]: ${w}`);
    }
    requests.push(resolved);
  });
  return { requests, warnings };
}

// ---------------------------------------------------------------------------------------
// Deciding

export interface MemberDecision {
  principal: ResolvedPrincipal;
  request: Request;
  decision: Decision;
}

export interface RequestDecision {
  decision: Decision;
  /** One per principal the reference stands for (a group's members). */
  members: MemberDecision[];
}

export function engineRequests(r: ResolvedRequest): { principal: ResolvedPrincipal; request: Request }[] {
  return r.principal.principals.map((p) => {
    const request: Request = { principal: p.principal, action: r.action, resource: r.resource.arn };
    if (r.context) request.context = r.context;
    if (r.sessionPolicy !== undefined) request.sessionPolicy = r.sessionPolicy;
    return { principal: p, request };
  });
}

/**
 * Decides a resolved request. A group reference is decided for each member: allowed only if
 * every member is allowed; denied if any member is denied (explicit deny first); otherwise
 * indeterminate. The trace then holds each member's trace after a line naming the member.
 */
export function decideRequest(engine: Engine, r: ResolvedRequest, trace: boolean): RequestDecision {
  const members: MemberDecision[] = engineRequests(r).map(({ principal, request }) => ({
    principal,
    request,
    decision: engine.decide(request, { trace }),
  }));
  if (r.principal.kind !== 'group') return { decision: members[0]!.decision, members };
  const pick =
    members.find((m) => m.decision.reason === 'explicit-deny') ??
    members.find((m) => m.decision.decision === 'deny') ??
    members.find((m) => m.decision.decision === 'indeterminate') ??
    members[0]!;
  const decision: Decision = { decision: pick.decision.decision, reason: pick.decision.reason };
  if (members.some((m) => m.decision.external)) decision.external = true;
  if (trace) {
    const entries: TraceEntry[] = [];
    for (const m of members) {
      entries.push({
        stage: 'principal',
        message: `member ${principalLabel(m.principal)} of ${r.principal.ref}: ${m.decision.decision} (${m.decision.reason})`,
      });
      entries.push(...(m.decision.trace ?? []));
    }
    decision.trace = entries;
  }
  return { decision, members };
}
