// What an event source of a SAM function works with: the event (its id, type, properties and
// their original pointers), the function it triggers (or its alias) and the execution role SAM
// generates for it (undefined when the function names its own Role), plus the helper that
// writes the AWS::Lambda::Permission each push event source implies.

import { childPointer } from '../../../model/source.js';
import type { SamContext, SamResource } from './context.js';
import { isObject } from './intrinsics.js';
import { suffixedLogicalId } from './logical-id.js';
import type { RoleDraft } from './role.js';

export interface FunctionTarget {
  /** Logical id of the generated AWS::Lambda::Function. */
  logicalId: string;
  /** What names the function in permissions and mappings (`Ref` of the function or its alias). */
  name: unknown;
  /** Its ARN (`Fn::GetAtt Fn.Arn`, or `Ref` of the alias). */
  arn: unknown;
}

export interface EventScope {
  ctx: SamContext;
  fn: SamResource;
  /** The event's key in `Events`. */
  eventId: string;
  /** `<Function><EventId>`: the prefix of the resources the event generates. */
  logicalId: string;
  type: string;
  props: Record<string, unknown>;
  /** Original pointer of the event. */
  pointer: string;
  target: FunctionTarget;
  role: RoleDraft | undefined;
}

export function eventScopes(
  ctx: SamContext,
  fn: SamResource,
  target: FunctionTarget,
  role: RoleDraft | undefined,
): EventScope[] {
  const events = fn.props.Events;
  if (events === undefined || events === null) return [];
  const eventsPointer = ctx.propPointer(fn, 'Events');
  if (!isObject(events)) {
    const why = `Events of ${fn.logicalId} is not a map of event sources the transform can read`;
    ctx.finding('sam/invalid-event', 'warning', `${why}; what they grant is unknown`, eventsPointer);
    unknownEventAccess(
      { ctx, fn, logicalId: `${fn.logicalId}Events`, pointer: eventsPointer, target, role },
      why,
    );
    return [];
  }
  const out: EventScope[] = [];
  for (const [eventId, event] of Object.entries(events)) {
    const pointer = ctx.origins.pointerOf(events, eventsPointer, eventId);
    if (!isObject(event) || typeof event.Type !== 'string') {
      const why = `event ${eventId} of ${fn.logicalId} has no Type the transform can read`;
      ctx.finding('sam/invalid-event', 'warning', `${why}; what it grants is unknown`, pointer);
      unknownEventAccess({ ctx, fn, logicalId: fn.logicalId + eventId, pointer, target, role }, why);
      continue;
    }
    const props = isObject(event.Properties) ? event.Properties : {};
    out.push({
      ctx,
      fn,
      eventId,
      logicalId: fn.logicalId + eventId,
      type: event.Type,
      props,
      pointer,
      target,
      role,
    });
  }
  return out;
}

/** Original pointer of an event property. */
/**
 * An event source the expansion cannot read may let any service invoke the function and may add
 * to the generated role: a permission whose principal is unknown, and an unknown policy on the
 * role, so decisions that depend on them are indeterminate.
 */
export function unknownEventAccess(
  s: Pick<EventScope, 'ctx' | 'fn' | 'logicalId' | 'pointer' | 'target' | 'role'>,
  why: string,
): void {
  const props = {
    Action: 'lambda:InvokeFunction',
    FunctionName: s.target.name,
    Principal: s.ctx.unknown(`the service an event source lets invoke the function (${why})`, s.pointer),
  };
  s.ctx.origins.at(props, s.pointer);
  s.ctx.emit(
    `${s.logicalId}Permission`,
    { Type: 'AWS::Lambda::Permission', Properties: props, ...s.ctx.passthrough(s.fn) },
    s.pointer,
    s.fn.logicalId,
  );
  if (!s.role) return;
  const policy = {
    PolicyName: `${s.logicalId}Policy`,
    PolicyDocument: s.ctx.unknown(`the policy of an event source (${why})`, s.pointer),
  };
  s.ctx.origins.at(policy, s.pointer);
  s.role.policies.push(policy);
}

/** What generating a resource for an event needs (an event of a function or of a state machine). */
export type EventOwner = Pick<EventScope, 'ctx' | 'fn' | 'props' | 'pointer'>;

export function eventPropPointer(s: EventOwner, ...path: (string | number)[]): string {
  return childPointer(s.pointer, 'Properties', ...path);
}

export interface PermissionOptions {
  sourceArn?: unknown;
  sourceAccount?: unknown;
  eventSourceToken?: unknown;
  /** Appended to `<prefix>Permission` (hashed when not alphanumeric). */
  suffix?: string;
  /** Defaults to `<Function><EventId>`. */
  prefix?: string;
  /** Original pointers of the values, for their positions. */
  at?: Partial<Record<'SourceArn' | 'SourceAccount' | 'EventSourceToken', string>>;
}

/** Emits the AWS::Lambda::Permission a push event source implies; returns its logical id. */
export function emitPermission(s: EventScope, principal: string, options: PermissionOptions = {}): string {
  const id = suffixedLogicalId(`${options.prefix ?? s.logicalId}Permission`, options.suffix ?? '');
  const props: Record<string, unknown> = {
    Action: 'lambda:InvokeFunction',
    FunctionName: s.target.name,
    Principal: principal,
  };
  if (options.sourceArn !== undefined) props.SourceArn = options.sourceArn;
  if (options.sourceAccount !== undefined) props.SourceAccount = options.sourceAccount;
  if (options.eventSourceToken !== undefined) props.EventSourceToken = options.eventSourceToken;
  s.ctx.origins.at(props, s.pointer);
  for (const [k, p] of Object.entries(options.at ?? {})) if (p) s.ctx.origins.keyAt(props, k, p);
  s.ctx.emit(
    id,
    { Type: 'AWS::Lambda::Permission', Properties: props, ...s.ctx.passthrough(s.fn) },
    s.pointer,
    s.fn.logicalId,
  );
  return id;
}
