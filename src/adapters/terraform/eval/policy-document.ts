// Renders `data.aws_iam_policy_document` the way the AWS provider does (Terraform registry,
// "Data Source: aws_iam_policy_document"): statements with sid/effect/actions/not_actions/
// resources/not_resources/principals/not_principals/condition; `source_policy_documents`
// merged first (their Sids must be unique), then the document's own statements, then
// `override_policy_documents`, where a statement with the same non-empty Sid replaces the
// earlier one. Sets are de-duplicated; a one-element set renders as a string and larger sets
// in reverse lexical order; `&{...}` becomes `${...}` in resources, principals and condition
// values. Values that are unknown stay in place: the result is then an EncodedJson structure
// instead of a JSON string; a partly known set (`resources = flatten(["arn:aws:s3:::a",
// var.more])`, eval/partial-list.ts) keeps its known elements and one unknown for the rest.

import { concatMaybe, isPartlyKnown, isUnknown, Unknown } from '../../../model/unknown.js';
import { Alternatives, alternatives, MaybeElement } from './branches.js';
import { listValues, PartlyKnownList } from './partial-list.js';
import { asList, deepUnknown, EncodedJson, isObject, type TfObject } from './values.js';

type Doc = { Version?: unknown; Id?: unknown; Statement: unknown[] };

export interface RenderResult {
  /** A JSON string when fully known, else an EncodedJson structure with Unknowns inside. */
  json: string | EncodedJson | Unknown;
  /** Problems the provider would reject (duplicate Sids), for findings. */
  problems: string[];
}

/**
 * `&{...}` written as `${...}` ("In order to use AWS policy variables with this data source, use
 * &{...} notation for interpolations that should be processed by AWS rather than by Terraform",
 * Data Source: aws_iam_policy_document). In a partly known string (`"arn:aws:s3:::&{aws:username}-${var.env}"`) the known
 * text is converted too, so the engine reads the policy variable; a known text ending in `&`
 * before an unknown part may start `&{` with it, so that `&` joins the unknown part (it may be
 * `$`): the result's known text is only what every completion of the unknown parts renders.
 */
function replaceVars(v: unknown): unknown {
  if (typeof v === 'string') return v.replace(/&\{/g, '${');
  if (!isPartlyKnown(v)) return v;
  const parts: (string | Unknown)[] = v.parts.map((p, i) => {
    if (typeof p !== 'string') return p;
    const text = p.replace(/&\{/g, '${');
    return text.endsWith('&') && i + 1 < v.parts.length ? text.slice(0, -1) : text;
  });
  return concatMaybe(parts.filter((p) => p !== ''));
}

/** A set of strings rendered as the provider does; unknown elements are kept in order. */
function renderSet(values: unknown, vars: boolean): unknown {
  // one of several sets (`identifiers = var.f ? [a] : [b]`): one of their renderings
  if (values instanceof Alternatives)
    return alternatives(
      values.options.map((o) => renderSet(o, vars)),
      values.cause,
    );
  if (isUnknown(values) && !(values instanceof PartlyKnownList)) return values;
  let items: unknown[] = setItems(values).filter((x) => x !== null && x !== undefined);
  if (vars) items = items.map(replaceVars);
  if (items.some(isUnknown)) return items.length === 1 ? items[0] : items;
  const uniq: string[] = [];
  for (const x of items) if (!uniq.includes(String(x))) uniq.push(String(x));
  if (uniq.length === 1) return uniq[0];
  return uniq.sort().reverse();
}

/**
 * The elements of a set argument: a partly known list (`flatten(["arn:aws:s3:::a", var.more])`)
 * gives its known elements and one unknown for the rest (eval/partial-list.ts `listValues`).
 */
function setItems(v: unknown): unknown[] {
  return v instanceof PartlyKnownList ? listValues(v) : asList(v);
}

function nonEmpty(v: unknown): boolean {
  if (isUnknown(v)) return true;
  return asList(v).filter((x) => x !== null && x !== undefined).length > 0;
}

function renderPrincipals(blocks: unknown): unknown {
  if (isUnknown(blocks)) return blocks;
  const list = asList(blocks).filter((b) => b !== null && b !== undefined);
  if (list.some(isUnknown)) return list.find(isUnknown);
  const objs = list.filter(isObject);
  if (objs.length === 1) {
    const only = objs[0]!;
    const ids = renderSet(only.identifiers, true);
    if (only.type === '*' && (ids === '*' || (Array.isArray(ids) && ids.length === 1 && ids[0] === '*')))
      return '*';
  }
  const raw: Record<string, unknown> = {};
  for (const p of objs) {
    const type = p.type;
    if (isUnknown(type)) return type;
    const key = String(type);
    const ids = renderSet(p.identifiers, true);
    const prev = raw[key];
    if (Array.isArray(ids) || isUnknown(ids)) {
      const add = Array.isArray(ids) ? ids : [ids];
      raw[key] = prev === undefined ? [...add] : [...(Array.isArray(prev) ? prev : [prev]), ...add];
    } else if (prev === undefined) raw[key] = ids;
    else raw[key] = [...(Array.isArray(prev) ? prev : [prev]), ids];
  }
  return sortObject(raw);
}

/**
 * The Condition element. Blocks with the same test and variable add their values to one list
 * (the provider's IAMPolicyStatementConditionSet.MarshalJSON appends each block's values to
 * `raw[c.Test][c.Variable]`, then "flatten entries with a single item to match AWS IAM
 * syntax"), so a later block never replaces an earlier one's values: the values are ORed.
 */
function renderConditions(blocks: unknown): unknown {
  if (isUnknown(blocks)) return blocks;
  const list = asList(blocks).filter((b) => b !== null && b !== undefined);
  if (list.some(isUnknown)) return list.find(isUnknown);
  const raw: Record<string, Record<string, unknown[]>> = {};
  for (const c of list.filter(isObject)) {
    if (isUnknown(c.test)) return c.test;
    if (isUnknown(c.variable)) return c.variable;
    const test = String(c.test);
    const variable = String(c.variable);
    raw[test] ??= {};
    const values =
      isUnknown(c.values) && !(c.values instanceof PartlyKnownList)
        ? [c.values]
        : setItems(c.values).map((v) => (v === null ? '' : replaceVars(v)));
    raw[test]![variable] = [...(raw[test]![variable] ?? []), ...values];
  }
  const out: Record<string, unknown> = {};
  for (const t of Object.keys(raw).sort()) {
    const byVariable: Record<string, unknown> = {};
    for (const [variable, values] of Object.entries(raw[t]!))
      byVariable[variable] = values.length === 1 ? values[0] : values;
    out[t] = sortObject(byVariable);
  }
  return out;
}

function sortObject(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
}

function renderStatement(s: unknown): unknown {
  // a statement block that might not exist (a dynamic block over an undecided collection)
  if (s instanceof MaybeElement) return new MaybeElement(renderStatement(s.value), s.presence);
  if (isUnknown(s) || !isObject(s)) return s;
  const out: TfObject = {};
  out.Sid = s.sid ?? '';
  const effect = s.effect;
  out.Effect = effect === null || effect === undefined || effect === '' ? 'Allow' : effect;
  if (nonEmpty(s.actions)) out.Action = renderSet(s.actions, false);
  if (nonEmpty(s.not_actions)) out.NotAction = renderSet(s.not_actions, false);
  if (nonEmpty(s.resources)) out.Resource = renderSet(s.resources, true);
  if (nonEmpty(s.not_resources)) out.NotResource = renderSet(s.not_resources, true);
  if (nonEmpty(s.principals)) out.Principal = renderPrincipals(s.principals);
  if (nonEmpty(s.not_principals)) out.NotPrincipal = renderPrincipals(s.not_principals);
  if (nonEmpty(s.condition)) out.Condition = renderConditions(s.condition);
  return out;
}

function sidOf(stmt: unknown): string {
  if (stmt instanceof MaybeElement) return sidOf(stmt.value);
  if (!isObject(stmt)) return '';
  const sid = stmt.Sid;
  return typeof sid === 'string' ? sid : '';
}

/**
 * A statement whose Sid is unknown (a whole unknown statement or document, or `sid = var.x`)
 * may replace any of the first `upTo` statements that have a Sid: each becomes maybe-present. An
 * unknown override document may thus remove a Deny of the statement blocks ("statements with
 * non-blank sids will override statements with the same sid from earlier documents").
 */
function mayReplaceSids(into: Doc, upTo: number, why: Unknown): void {
  for (let i = 0; i < upTo; i++) {
    const old = into.Statement[i];
    const sid = sidOf(old);
    if (!sid || old instanceof MaybeElement) continue;
    into.Statement[i] = new MaybeElement(
      old,
      new Unknown(
        `a statement whose Sid is not known may replace the one with Sid "${sid}" (${why.reason})`,
        why.source,
      ),
    );
  }
}

/** The unknown a statement's Sid is, when it may be any Sid (see `mayReplaceSids`). */
function unknownSid(st: unknown): Unknown | undefined {
  if (st instanceof MaybeElement) return unknownSid(st.value);
  if (isUnknown(st)) return st;
  return isObject(st) && isUnknown(st.Sid) ? st.Sid : undefined;
}

/** IAMPolicyDoc.Merge: Id and Version adopted, statements with the same Sid replaced. */
function merge(into: Doc, add: Doc): void {
  if (add.Id !== undefined && add.Id !== null && add.Id !== '') into.Id = add.Id;
  if (typeof add.Version === 'string' && (typeof into.Version !== 'string' || add.Version > into.Version)) {
    into.Version = add.Version;
  }
  const before = into.Statement.length;
  for (const st of add.Statement) {
    const sid = sidOf(st);
    if (!sid) {
      const why = unknownSid(st);
      if (why) mayReplaceSids(into, before, why);
      into.Statement.push(st);
      continue;
    }
    const at = into.Statement.findIndex((x) => sidOf(x) === sid);
    if (at < 0) into.Statement.push(st);
    else if (st instanceof MaybeElement) {
      // the replacement might not exist: then the earlier statement stays; both might
      const old = into.Statement[at];
      into.Statement[at] = old instanceof MaybeElement ? old : new MaybeElement(old, st.presence);
      into.Statement.push(st);
    } else into.Statement[at] = st;
  }
}

/** A source/override document (JSON string or EncodedJson structure) as a Doc. */
function readDoc(v: unknown): Doc | Unknown {
  if (isUnknown(v)) return v;
  let value: unknown = v;
  if (v instanceof EncodedJson) value = v.value;
  else if (typeof v === 'string') {
    try {
      value = JSON.parse(v);
    } catch {
      return new Unknown('a policy document given to aws_iam_policy_document is not valid JSON');
    }
  }
  if (!isObject(value))
    return new Unknown('a policy document given to aws_iam_policy_document is not an object');
  const st = value.Statement;
  const statements = isUnknown(st) ? [st] : Array.isArray(st) ? [...st] : st === undefined ? [] : [st];
  const doc: Doc = { Statement: statements };
  if (value.Version !== undefined) doc.Version = value.Version;
  if (value.Id !== undefined) doc.Id = value.Id;
  return doc;
}

/** Renders the `json` attribute from the data source's arguments (plan `after` or evaluated config). */
export function renderPolicyDocument(args: TfObject): RenderResult {
  const problems: string[] = [];
  const merged: Doc = { Statement: [] };
  const sources = [...setItems(args.source_policy_documents)];
  if (args.source_json !== undefined && args.source_json !== null && args.source_json !== '') {
    sources.unshift(args.source_json);
  }
  const seen = new Set<string>();
  for (const src of sources) {
    if (src === null || src === undefined) continue;
    const doc = readDoc(src);
    if (isUnknown(doc)) {
      merged.Statement.push(doc);
      continue;
    }
    for (const st of doc.Statement) {
      const sid = sidOf(st);
      if (sid && seen.has(sid)) problems.push(`duplicate Sid (${sid}) in source_policy_documents`);
      if (sid) seen.add(sid);
    }
    merge(merged, doc);
  }
  const version =
    args.version === null || args.version === undefined || args.version === '' ? '2012-10-17' : args.version;
  const own: Doc = { Version: version, Statement: [] };
  if (args.policy_id !== null && args.policy_id !== undefined && args.policy_id !== '')
    own.Id = args.policy_id;
  const statements = isUnknown(args.statement) ? [args.statement] : asList(args.statement);
  const ownSids = new Set<string>();
  for (const s of statements) {
    const r = renderStatement(s);
    const sid = sidOf(r);
    if (sid && ownSids.has(sid)) problems.push(`duplicate Sid (${sid}) in statement blocks`);
    if (sid) ownSids.add(sid);
    own.Statement.push(r);
  }
  merge(merged, own);
  const overrides = [...setItems(args.override_policy_documents)];
  if (args.override_json !== undefined && args.override_json !== null && args.override_json !== '') {
    overrides.push(args.override_json);
  }
  for (const o of overrides) {
    if (o === null || o === undefined) continue;
    const doc = readDoc(o);
    if (isUnknown(doc)) {
      mayReplaceSids(merged, merged.Statement.length, doc);
      merged.Statement.push(doc);
    } else merge(merged, doc);
  }
  const out: TfObject = {};
  if (merged.Version !== undefined) out.Version = merged.Version;
  if (merged.Id !== undefined) out.Id = merged.Id;
  out.Statement = merged.Statement;
  if (deepUnknown(out)) return { json: new EncodedJson(out), problems };
  return { json: JSON.stringify(out, null, 2), problems };
}
