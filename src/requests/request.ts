// One request, from what a front end wrote to what the engine decides: a raw request
// (`{ principal, action, resource, context?, sessionPolicy? }` from a request file, the command
// line or a matcher) is checked (one action, a context mapping, a policy document) and its
// references resolved against the model (references.ts); what it names that the model or the
// catalog does not have is listed as problems (model-names.ts, actions.ts). A reference that
// names nothing at all throws an InputError naming where it is, and so does a session policy given
// to a principal that cannot carry one (an IAM user, a group's members, a service...: the engine's
// rule, engine/request-policies.ts `carriesSessionPolicy`).

import type { Engine } from '../engine/engine.js';
import { type PrincipalType, resolveRequestPrincipal } from '../engine/principal.js';
import { carriesSessionPolicy } from '../engine/request-policies.js';
import type { RequestContext } from '../engine/types.js';
import { InputError, type InputLocation } from '../model/input-error.js';
import { actionProblem, actionSyntaxProblem } from './actions.js';
import { readContext } from './context.js';
import {
  principalProblem,
  resourcePatternProblem,
  resourceProblem,
  unresolvedVariableProblem,
} from './model-names.js';
import type { RequestProblem } from './problems.js';
import {
  ModelReferenceError,
  type PrincipalResolution,
  type ReferenceOptions,
  type ResolvedPrincipal,
  type ResourceResolution,
  type ResourceInput,
  resolvePrincipalRef,
  resolveResourceRef,
} from './references.js';
import type { ReferenceInput } from './app-values.js';

export interface ResolvedRequest {
  /** 0-based position in the request file (0 for a request from the command line or a matcher). */
  index: number;
  principal: PrincipalResolution;
  resource: ResourceResolution;
  action: string;
  context: RequestContext | undefined;
  sessionPolicy: unknown;
  /** What the request names that the model or the catalog does not have (see problems.ts). */
  problems: RequestProblem[];
}

/**
 * A raw request as written in the file, assembled from command-line options or given to a
 * matcher (where principal and resource may be CDK constructs or tokens, see app-values.ts).
 */
export interface RawRequest {
  principal: ReferenceInput;
  action: string;
  resource: ResourceInput;
  /** A context mapping as written (checked here). */
  context?: unknown;
  sessionPolicy?: unknown;
}

/** Where a field of a request is, for error messages: file, line, column and a label. */
export interface RequestOrigin {
  /** `request [3]` in a file; `--principal` style labels on the command line. */
  label: (...path: string[]) => string;
  at: (...path: string[]) => InputLocation;
}

/** `user/NAME` / `role/NAME` for a principal of the model, else the request principal itself. */
export function principalLabel(p: ResolvedPrincipal): string {
  if (p.element) return `${p.element.kind}/${p.element.name}`;
  if (p.caller) return p.caller.ref;
  return p.principal;
}

function referenceError(e: unknown, origin: RequestOrigin, field: 'principal' | 'resource'): never {
  if (e instanceof ModelReferenceError) {
    throw new InputError(`${origin.label(field)}: ${e.message}`, origin.at(field), { cause: e });
  }
  throw e;
}

/**
 * Checks a raw request and resolves its references against the engine's model. Throws
 * InputError (naming where the field is) for a malformed field or a reference that names
 * nothing; the request's problems are returned for the front end to show or refuse.
 */
export function resolveRequest(
  engine: Engine,
  raw: RawRequest,
  index: number,
  origin: RequestOrigin,
  refOptions: ReferenceOptions,
): ResolvedRequest {
  const model = engine.model;
  const memo = memoOf(engine, refOptions);
  const syntax = memo.actionSyntax(raw.action);
  if (syntax) throw new InputError(`${origin.label('action')}: ${syntax}`, origin.at('action'));
  const context =
    raw.context === undefined
      ? undefined
      : readContext(raw.context, (message, path) => {
          throw new InputError(
            `${origin.label('context', ...path)}: ${message}`,
            origin.at('context', ...path),
          );
        });
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
    principal = memo.principal(raw.principal, () => resolvePrincipalRef(model, raw.principal, refOptions));
  } catch (e) {
    referenceError(e, origin, 'principal');
  }
  if (principal.kind === 'group' && principal.principals.length === 0) {
    throw new InputError(
      `${origin.label('principal')}: group "${principal.ref}" has no members in the model; a group reference stands for its members`,
      origin.at('principal'),
    );
  }
  if (raw.sessionPolicy !== undefined) {
    for (const p of principal.principals) {
      const misfit = memo.sessionPolicyMisfit(p.principal);
      if (misfit) {
        throw new InputError(
          `${origin.label('sessionPolicy')}: ${sessionPolicyMisfitMessage(principal, p, misfit)}`,
          origin.at('sessionPolicy'),
        );
      }
    }
  }
  let resource: ResourceResolution;
  try {
    resource = memo.resource(raw.resource, () => resolveResourceRef(model, raw.resource, refOptions));
  } catch (e) {
    referenceError(e, origin, 'resource');
  }
  const problems: RequestProblem[] = [];
  const add = (p: RequestProblem | undefined) => {
    if (p) problems.push(p);
  };
  for (const p of principal.principals) add(memo.principalProblem(p.principal));
  add(memo.actionProblem(raw.action));
  add(
    resource.element
      ? unresolvedVariableProblem('resource', resource.arn)
      : memo.resourceProblem(resource.arn),
  );
  add(resourcePatternProblem(resource.arn));
  return {
    index,
    principal,
    resource,
    action: raw.action,
    context,
    sessionPolicy: raw.sessionPolicy,
    problems,
  };
}

/** What each principal type that cannot carry a session policy is, in words. */
const NO_SESSION: Readonly<Record<Exclude<PrincipalType, 'role-session' | 'federated-user'>, string>> = {
  user: 'an IAM user',
  root: "an account's root user",
  service: 'a service principal',
  anonymous: 'an anonymous caller',
  federated:
    'an identity provider (the caller of AssumeRoleWithWebIdentity / AssumeRoleWithSAML, not the role session it gets)',
  'canonical-user': 'an S3 canonical user',
  'unique-id': 'an IAM user named by its unique id (AIDA…)',
};

/**
 * Why a request of `principal` cannot carry a session policy (what it is, in words), or undefined
 * when it can: the engine's rule (engine/request-policies.ts `carriesSessionPolicy`), the one the
 * spec runner applies to a spec's `sessionPolicy`.
 */
function sessionPolicyMisfitOf(engine: Engine, principal: string): string | undefined {
  const p = resolveRequestPrincipal(principal, engine.principalDirectory);
  if (carriesSessionPolicy(p)) return undefined;
  if (p.error) return `no principal (${p.error})`;
  return NO_SESSION[p.type as keyof typeof NO_SESSION] ?? `a ${p.type} principal`;
}

/**
 * The error for a request that gives a session policy to a principal that cannot carry one. AWS
 * STS API Reference, "PolicyDescriptorType": a managed policy ARN "that is passed as a session
 * policy for a role session or a federated user session"; session policies are parameters of
 * AssumeRole, AssumeRoleWithSAML, AssumeRoleWithWebIdentity and GetFederationToken only (IAM User
 * Guide, "Session policies").
 */
function sessionPolicyMisfitMessage(
  resolution: PrincipalResolution,
  member: ResolvedPrincipal,
  misfit: string,
): string {
  const who =
    resolution.kind === 'group'
      ? `${resolution.ref} stands for its members, and ${principalLabel(member)} is ${misfit}`
      : `${principalLabel(member)} is ${misfit}`;
  return (
    `"sessionPolicy" applies to a role session or a federated user session, and ${who}: ` +
    'a session policy is passed when AWS STS creates a session (AssumeRole, AssumeRoleWithSAML, ' +
    'AssumeRoleWithWebIdentity, GetFederationToken); name a role (role/NAME, a role ARN or an ' +
    'assumed-role session ARN) or a federated user session ARN, or leave out the session policy'
  );
}

// ---------------------------------------------------------------------------------------
// Per-string memo: a request file repeats its principals, actions and resources (20,000 requests
// name a few dozen distinct strings), and each resolution and check depends only on the string,
// the engine's model and the reference options. A reference that throws is not kept (it throws
// again, naming the new request's place). Results are shared between requests: read-only.

interface RequestMemo {
  actionSyntax(action: string): string | undefined;
  actionProblem(action: string): RequestProblem | undefined;
  principal(ref: ReferenceInput, resolve: () => PrincipalResolution): PrincipalResolution;
  resource(ref: ResourceInput, resolve: () => ResourceResolution): ResourceResolution;
  principalProblem(principal: string): RequestProblem | undefined;
  resourceProblem(arn: string): RequestProblem | undefined;
  /** `sessionPolicyMisfitOf` the request principal string. */
  sessionPolicyMisfit(principal: string): string | undefined;
}

/** Entries kept per map before it starts over (a file of distinct strings stays bounded). */
const MEMO_LIMIT = 10_000;

function memoized<T>(): (key: string, compute: () => T) => T {
  const map = new Map<string, T>();
  return (key, compute) => {
    if (map.has(key)) return map.get(key) as T;
    const value = compute();
    if (map.size >= MEMO_LIMIT) map.clear();
    map.set(key, value);
    return value;
  };
}

const memos = new WeakMap<Engine, Map<string, RequestMemo>>();

function memoOf(engine: Engine, refOptions: ReferenceOptions): RequestMemo {
  let byOptions = memos.get(engine);
  if (!byOptions) {
    byOptions = new Map();
    memos.set(engine, byOptions);
  }
  const optionsKey = `${refOptions.account ?? ''}\0${refOptions.claimPatterns ? 1 : 0}`;
  let memo = byOptions.get(optionsKey);
  if (!memo) {
    memo = newMemo(engine);
    byOptions.set(optionsKey, memo);
  }
  return memo;
}

function newMemo(engine: Engine): RequestMemo {
  const model = engine.model;
  const syntax = memoized<string | undefined>();
  const action = memoized<RequestProblem | undefined>();
  const principals = memoized<PrincipalResolution>();
  const resources = memoized<ResourceResolution>();
  const principalProblems = memoized<RequestProblem | undefined>();
  const resourceProblems = memoized<RequestProblem | undefined>();
  const sessionMisfits = memoized<string | undefined>();
  return {
    actionSyntax: (a) => syntax(a, () => actionSyntaxProblem(a)),
    actionProblem: (a) => action(a, () => actionProblem(a)),
    // Only plain strings are kept: an app value (a CDK construct) is resolved each time.
    principal: (ref, resolve) => (typeof ref === 'string' ? principals(ref, resolve) : resolve()),
    resource: (ref, resolve) => (typeof ref === 'string' ? resources(ref, resolve) : resolve()),
    principalProblem: (p) =>
      principalProblems(p, () => principalProblem(model, engine.principalDirectory, p)),
    resourceProblem: (arn) => resourceProblems(arn, () => resourceProblem(model, arn)),
    sessionPolicyMisfit: (p) => sessionMisfits(p, () => sessionPolicyMisfitOf(engine, p)),
  };
}
