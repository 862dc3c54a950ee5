// Policy documents found in templates: evaluated (intrinsics resolved, Unknown kept) and handed
// to the policy grammar with the document's JSON pointer and a locator that follows evaluated
// values back to their line:column in the template (through Fn::If, Fn::Sub, AWS::NoValue...).

import { childPointer } from '../../model/source.js';
import { parsePolicy } from '../../policy/parse.js';
import type { PolicyDocument, PolicyKind } from '../../policy/types.js';
import type { StackContext } from './stack.js';
import { Unknown } from '../../model/unknown.js';
import { alternatives, bothPresent, isUndecided, listAlternatives, MAX_CHOICES } from './branches.js';
import { commonStatement } from '../../policy/common-statement.js';
import { isRecord, NO_VALUE, type Value } from './values.js';

/**
 * Reads the policy document at `Properties/<path>` of a resource. Undefined when the property is
 * absent (or `AWS::NoValue`).
 */
export function resourcePolicy(
  ctx: StackContext,
  logicalId: string,
  path: (string | number)[],
  kind: PolicyKind,
): PolicyDocument | undefined {
  const r = ctx.resources.get(logicalId);
  if (!r) return undefined;
  let node: unknown = r.properties;
  for (const t of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[t as string];
  }
  if (node === undefined) return undefined;
  const pointer = childPointer(r.pointer, 'Properties', ...path);
  const value = ctx.valueAt(pointer, node);
  if (value === undefined || value === NO_VALUE) return undefined;
  return documentAt(ctx, value, pointer, kind, logicalId);
}

/**
 * Parses an evaluated document whose template position is `pointer`. Undecided `Fn::If`s (see
 * branches.ts) around the document or around statements keep every branch: a statement that
 * exists only in one branch is a maybe-present statement (`Statement.presence`), and a document
 * that exists only in one branch a maybe-present document (`PolicyDocument.presence`).
 */
export function documentAt(
  ctx: StackContext,
  value: Value,
  pointer: string,
  kind: PolicyKind,
  logicalId: string,
): PolicyDocument {
  const source = ctx.sourceAt(pointer, logicalId);
  const expanded = expandBranches(ctx, value, pointer);
  const doc = expanded?.value ?? value;
  const locate = ctx.origins.locatorFor(doc, pointer, pointer, ctx.locate);
  const parsed = parsePolicy(doc, { kind, source, locate });
  if (!expanded) return parsed;
  for (const [i, presence] of expanded.statements) {
    const st = parsed.statements[i];
    if (st) st.presence = presence;
  }
  if (expanded.document) parsed.presence = expanded.document;
  return parsed;
}

interface ExpandedDocument {
  value: Value;
  /** Presence of the whole document (it exists in one branch only). */
  document: Unknown | undefined;
  /** Presence by statement index. */
  statements: Map<number, Unknown>;
}

/**
 * Rewrites a document value whose statements (or itself) are undecided `Fn::If`s into a plain
 * document with every branch's statements, and says which statement exists when. Undefined when
 * nothing is undecided (or when an alternative is not a readable document: it stays unknown).
 */
function expandBranches(ctx: StackContext, value: Value, pointer: string): ExpandedDocument | undefined {
  const docs = alternatives(value).filter((a) => a.value !== NO_VALUE);
  if (docs.length === 0) return undefined;
  if (!docs.every((d) => isRecord(d.value))) return undefined;
  const single = docs.length === 1;
  const statements = new Map<number, Unknown>();
  const list: Value[] = [];
  const children = new Map<string, string>();
  let changed = !single || docs[0]!.presence !== undefined;
  for (const d of docs) {
    const body = d.value as Record<string, Value>;
    const own = single ? undefined : d.presence;
    const raw = body.Statement;
    if (raw === undefined) continue;
    const items =
      isUndecided(raw) || Array.isArray(raw) ? listAlternatives(raw) : [{ value: raw, presence: undefined }];
    if (isUndecided(raw) || items.some((x) => x.presence)) changed = true;
    for (const item of items) {
      const origin = isRecord(item.value) ? ctx.origins.get(item.value)?.self : undefined;
      const options = statementChoices(ctx, item.value);
      if (options.length > 1 || options[0]!.presence || options[0]!.value !== item.value) changed = true;
      for (const option of options) {
        const p = bothPresent(bothPresent(own, item.presence), option.presence);
        if (p) statements.set(list.length, p);
        if (origin) children.set(String(list.length), origin);
        list.push(option.value);
      }
    }
  }
  if (!changed) return undefined;
  const first = docs[0]!.value as Record<string, Value>;
  const rewritten: Record<string, Value> = { ...first, Statement: list };
  const firstOrigin = ctx.origins.get(first)?.self ?? pointer;
  ctx.origins.record(rewritten, firstOrigin, ctx.locate);
  ctx.origins.record(list, childPointer(firstOrigin, 'Statement'), ctx.locate, children);
  return { value: rewritten, document: single ? docs[0]!.presence : undefined, statements };
}

/**
 * The statements a statement is, one per choice of the undecided values inside it (`Principal:
 * {AWS: !FindInMap [Roles, !Ref Env, Arn]}`, `Resource: !If [IsProd, a, b]`, an `Effect` or a
 * `Condition` value in `Fn::If`), each present only when its choice is taken (for an Allow and a
 * Deny alike: the request one choice's statement covers may be covered, one no choice covers is
 * not); an `AWS::NoValue` choice removes its property or list element. Beside them, the certain
 * statement that covers what every choice covers (policy/common-statement.ts), so a request every
 * choice covers is decided. The statement itself when it holds none; when the choices are more
 * than MAX_CHOICES, the statement with each undecided value one unknown value whose reason says so.
 */
function statementChoices(
  ctx: StackContext,
  statement: Value,
): { value: Value; presence: Unknown | undefined }[] {
  const whole = [{ value: statement, presence: undefined }];
  if (!isRecord(statement)) return whole;
  const out: { value: Value; presence: Unknown | undefined }[] = [];
  const pending: { value: Value; presence: Unknown | undefined }[] = [...whole];
  while (pending.length) {
    const s = pending.pop()!;
    const found = firstUndecided(s.value);
    if (!found) {
      out.push(s);
      continue;
    }
    for (const a of alternatives(found))
      pending.push({
        value: replaced(ctx, s.value, found, a.value),
        presence: bothPresent(s.presence, a.presence),
      });
    if (out.length + pending.length > MAX_CHOICES)
      return [{ value: tooManyChoices(ctx, statement), presence: undefined }];
  }
  out.reverse();
  const common = commonStatement(
    out.map((o) => o.value),
    (copy, like) => {
      const origin = ctx.origins.get(like);
      if (origin) ctx.origins.record(copy, origin.self, origin.locate, origin.children);
    },
  );
  return common === undefined ? out : [{ value: common, presence: undefined }, ...out];
}

/** `statement` with each undecided value in it replaced by an Unknown saying there are too many. */
function tooManyChoices(ctx: StackContext, statement: Value): Value {
  let v = statement;
  for (let found = firstUndecided(v); found; found = firstUndecided(v))
    v = replaced(
      ctx,
      v,
      found,
      new Unknown(
        `${found.reason}; the statement's undecided values make more than ${MAX_CHOICES} combinations, which iamspec does not expand`,
        found.source,
      ),
    );
  return v;
}

/** The first undecided `Fn::If` or `UndecidedChoice` inside a statement's objects and lists. */
function firstUndecided(v: unknown): Unknown | undefined {
  if (isUndecided(v)) return v;
  if (v === null || typeof v !== 'object' || v instanceof Unknown) return undefined;
  for (const x of Array.isArray(v) ? v : Object.values(v)) {
    const found = firstUndecided(x);
    if (found) return found;
  }
  return undefined;
}

/**
 * `v` with the undecided value `at` (that object) replaced by `choice` (`AWS::NoValue`: the
 * property or element removed); each copied container keeps the template position of the one it
 * copies, so findings still point into the template.
 */
function replaced(ctx: StackContext, v: Value, at: Unknown, choice: Value | typeof NO_VALUE): Value {
  if (v === null || typeof v !== 'object' || v instanceof Unknown) return v;
  let copy: Value;
  if (Array.isArray(v)) {
    copy = v.flatMap((x) => {
      if (x !== at) return [replaced(ctx, x, at, choice)];
      return choice === NO_VALUE ? [] : [choice];
    });
  } else {
    const out: Record<string, Value> = {};
    for (const [k, x] of Object.entries(v as Record<string, Value>)) {
      if (x !== at) out[k] = replaced(ctx, x, at, choice);
      else if (choice !== NO_VALUE) out[k] = choice;
    }
    copy = out;
  }
  const origin = ctx.origins.get(v as object);
  if (origin) ctx.origins.record(copy as object, origin.self, origin.locate, origin.children);
  return copy;
}

/**
 * Parses a document the adapter builds itself (a Lambda permission's statement, a default key
 * policy). `origins` maps pointers inside the built document to template pointers.
 */
export function synthesizedDocument(
  ctx: StackContext,
  value: Value,
  basePointer: string,
  origins: Record<string, string>,
  kind: PolicyKind,
  logicalId: string,
): PolicyDocument {
  const source = ctx.sourceAt(basePointer, logicalId);
  const fileLocate = ctx.locate;
  const locate = (pointer: string) => {
    if (!fileLocate) return undefined;
    if (pointer === basePointer) return fileLocate(basePointer);
    if (!pointer.startsWith(basePointer + '/')) return fileLocate(pointer);
    const rest = pointer.slice(basePointer.length);
    // Longest mapped prefix wins.
    let best: string | undefined;
    for (const k of Object.keys(origins)) {
      if ((rest === k || rest.startsWith(k + '/')) && (best === undefined || k.length > best.length))
        best = k;
    }
    return fileLocate(best !== undefined ? origins[best]! : basePointer);
  };
  return parsePolicy(value, { kind, source, locate });
}
