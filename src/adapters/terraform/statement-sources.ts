// Statement sources on the `.tf` line of the statement. Policy statements a Terraform resource
// holds come out of its policy attribute (a JSON string once evaluated), so their sources name
// the attribute (`policy = ...`) or, for a plan, an element of the plan JSON. With the
// configuration at hand this module moves each statement's source onto the code that wrote it:
// the element of a `jsonencode({ Statement = [...] })` tuple, the `statement` block of the
// `data "aws_iam_policy_document"` the attribute refers to (through `local.x` too), the
// `dynamic "statement"` block that generated it, in the resource's own module (child modules
// included). A statement is matched by its Sid, else by its index; what cannot be matched keeps
// the attribute's location (in the configuration when the plan had it only in `plan.json`). A
// document read from a plan moves onto its attribute in the configuration too (what a trace
// shows for a whole policy, a permissions boundary that does not allow a request).

import type { Source } from '../../model/source.js';
import type { PolicyDocument } from '../../policy/types.js';
import type { ModuleConfig, ResourceConfig } from './config/types.js';
import { type Attribute, type Block, type Body, bodyBlocks, type Expr, type Pos } from './hcl/ast.js';

interface Place {
  file: string;
  pos: Pos;
}

/** `module.a["k"].module.b.aws_iam_policy.x[0]` → module names and the resource key. */
export function parseAddress(address: string): { modules: string[]; key: string } | undefined {
  const modules: string[] = [];
  let rest = address;
  for (;;) {
    const m = /^module\.([A-Za-z0-9_-]+)(\[(?:"(?:[^"\\]|\\.)*"|\d+)\])?\./.exec(rest);
    if (!m) break;
    modules.push(m[1]!);
    rest = rest.slice(m[0].length);
  }
  const r = /^((?:data\.)?[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)(\[(?:"(?:[^"\\]|\\.)*"|\d+)\])?$/.exec(rest);
  return r ? { modules, key: r[1]! } : undefined;
}

function moduleAt(root: ModuleConfig, modules: string[]): ModuleConfig | undefined {
  let mod: ModuleConfig | undefined = root;
  for (const name of modules) mod = mod?.moduleCalls.get(name)?.module;
  return mod;
}

/** Every attribute of a body and its nested blocks whose name mentions a policy. */
function policyAttributes(body: Body): Attribute[] {
  const out: Attribute[] = [];
  for (const it of body.items) {
    if (it.kind === 'attr') {
      if (/policy/.test(it.name)) out.push(it);
    } else out.push(...policyAttributes(it.body));
  }
  return out;
}

/** The policy attribute a statement came from: by position, by the plan pointer's name, or the only one. */
function attributeOf(
  rc: ResourceConfig,
  src: Source,
  attrFromPointer: string | undefined,
): Attribute | undefined {
  const attrs = policyAttributes(rc.body);
  const at = attrs.find(
    (a) => src.file === rc.at.file && a.pos.line === src.line && a.pos.column === src.column,
  );
  if (at) return at;
  if (attrFromPointer) {
    const named = attrs.filter((a) => a.name === attrFromPointer);
    if (named.length === 1) return named[0];
  }
  return attrs.length === 1 ? attrs[0] : undefined;
}

function keyName(e: Expr): string | undefined {
  if (e.k === 'var') return e.name;
  if (e.k === 'lit' && typeof e.v === 'string') return e.v;
  if (e.k === 'tmpl' && e.parts.length === 1 && e.parts[0]!.k === 'str') return e.parts[0]!.v;
  return undefined;
}

function literalString(e: Expr | undefined): string | undefined {
  if (!e) return undefined;
  if (e.k === 'lit' && typeof e.v === 'string') return e.v;
  if (e.k === 'tmpl' && e.parts.every((p) => p.k === 'str'))
    return e.parts.map((p) => (p as { v: string }).v).join('');
  return undefined;
}

function objectField(e: Expr, name: string): Expr | undefined {
  if (e.k !== 'object') return undefined;
  return e.items.find((i) => keyName(i.key)?.toLowerCase() === name.toLowerCase())?.value;
}

/** A reference `data.aws_iam_policy_document.NAME[...].json` → NAME. */
function policyDocumentRef(e: Expr): string | undefined {
  let x: Expr = e;
  if (x.k === 'attr' && x.name === 'json') x = x.obj;
  else return undefined;
  while (x.k === 'index' || x.k === 'splat') x = x.obj;
  if (x.k === 'attr' && x.obj.k === 'attr' && x.obj.name === 'aws_iam_policy_document') {
    const d = x.obj.obj;
    if (d.k === 'var' && d.name === 'data') return x.name;
  }
  return undefined;
}

function localRef(e: Expr): string | undefined {
  return e.k === 'attr' && e.obj.k === 'var' && e.obj.name === 'local' ? e.name : undefined;
}

interface Want {
  index: number;
  sid: string | undefined;
  /** Statements in the document (to count trailing static statements after a dynamic block). */
  total: number;
}

/** Items of a statement list in written order: a tuple, concat(...) of tuples. */
function statementItems(e: Expr): Expr[] | undefined {
  if (e.k === 'paren') return statementItems(e.e);
  if (e.k === 'tuple') return e.items;
  if (e.k === 'object') return [e];
  if (e.k === 'call' && e.name === 'concat') {
    const out: Expr[] = [];
    for (const a of e.args) {
      const items = statementItems(a);
      if (!items) return undefined;
      out.push(...items);
    }
    return out;
  }
  return undefined;
}

/** One statement among written items (object literals; others count as one of unknown size). */
function pick<T>(
  items: T[],
  sidOf: (t: T) => string | undefined,
  fixed: (t: T) => boolean,
  posOf: (t: T) => Pos,
  want: Want,
): Pos | undefined {
  if (want.sid) {
    const bySid = items.filter((t) => sidOf(t) === want.sid);
    if (bySid.length === 1) return posOf(bySid[0]!);
  }
  // By index: fixed items before the first variable one count from the start, those after the
  // last one from the end; a statement in between comes from a variable item (one: that one).
  const firstVar = items.findIndex((t) => !fixed(t));
  if (firstVar < 0) return want.index < items.length ? posOf(items[want.index]!) : undefined;
  if (want.index < firstVar) return posOf(items[want.index]!);
  let lastVar = items.length - 1;
  while (fixed(items[lastVar]!)) lastVar--;
  const trailing = items.length - 1 - lastVar;
  const fromEnd = want.total - 1 - want.index;
  if (fromEnd < trailing) return posOf(items[items.length - 1 - fromEnd]!);
  const variable = items.filter((t) => !fixed(t));
  return variable.length === 1 ? posOf(variable[0]!) : undefined;
}

function inDocumentValue(e: Expr, want: Want): Pos | undefined {
  if (e.k === 'paren') return inDocumentValue(e.e, want);
  const list = objectField(e, 'Statement');
  if (!list) return undefined;
  const items = statementItems(list);
  if (!items) return list.pos;
  return pick(
    items,
    (i) => literalString(objectField(i, 'Sid')),
    (i) => i.k === 'object',
    (i) => i.pos,
    want,
  );
}

function blockSid(b: Block): string | undefined {
  const body = b.type === 'dynamic' ? bodyBlocks(b.body, 'content')[0]?.body : b.body;
  const sid = body?.items.find((i): i is Attribute => i.kind === 'attr' && i.name === 'sid');
  return literalString(sid?.expr);
}

function inPolicyDocument(data: ResourceConfig, want: Want): Place | undefined {
  const blocks = data.body.items.filter(
    (i): i is Block =>
      i.kind === 'block' && (i.type === 'statement' || (i.type === 'dynamic' && i.labels[0] === 'statement')),
  );
  if (!blocks.length) return undefined;
  // Documents merged in (source / override policy documents) make indexes unreliable: Sid only.
  const merged = data.body.items.some(
    (i) =>
      i.kind === 'attr' && (i.name === 'source_policy_documents' || i.name === 'override_policy_documents'),
  );
  const pos = pick(
    blocks,
    blockSid,
    (b) => b.type === 'statement' && !merged,
    (b) => b.pos,
    want,
  );
  return pos ? { file: data.at.file, pos } : undefined;
}

/** Where the statement is written, following the attribute's expression. */
function locateIn(e: Expr, file: string, mod: ModuleConfig, want: Want, depth = 0): Place | undefined {
  if (depth > 8) return undefined;
  if (e.k === 'paren') return locateIn(e.e, file, mod, want, depth + 1);
  if (e.k === 'tmpl' && e.parts.length === 1 && e.parts[0]!.k === 'interp')
    return locateIn(e.parts[0]!.e, file, mod, want, depth + 1);
  if (e.k === 'call' && e.name === 'jsonencode' && e.args[0]) {
    const pos = inDocumentValue(e.args[0], want);
    return pos ? { file, pos } : undefined;
  }
  const doc = policyDocumentRef(e);
  if (doc) {
    const data = mod.resources.get(`data.aws_iam_policy_document.${doc}`);
    return data ? inPolicyDocument(data, want) : undefined;
  }
  const local = localRef(e);
  if (local) {
    const l = mod.locals.get(local);
    return l ? locateIn(l.expr, l.at.file, mod, want, depth + 1) : undefined;
  }
  if (e.k === 'cond' && want.sid) {
    return (
      locateIn(e.whenTrue, file, mod, want, depth + 1) ?? locateIn(e.whenFalse, file, mod, want, depth + 1)
    );
  }
  return undefined;
}

/** `/resource_changes/3/change/after/policy/Statement/1` → `policy`. */
function attributeFromPointer(pointer: string | undefined): string | undefined {
  return pointer ? /\/(?:after|values)\/([^/]+)\/Statement(?:\/|$)/.exec(pointer)?.[1] : undefined;
}

/**
 * A document read from a plan names its policy attribute in `plan.json`; what a trace or a SARIF
 * related location shows for the whole policy (a permissions boundary that does not allow a
 * request) is then the attribute in the configuration (`policy = jsonencode(...)`), as for its
 * statements. A document already in the configuration stays where it is.
 */
function placeDocumentSource(doc: PolicyDocument, root: ModuleConfig, files: ReadonlySet<string>): void {
  const src = doc.source;
  if (!src?.address || !src.file || !files.has(src.file) || src.pointer === undefined) return;
  const parsed = parseAddress(src.address);
  const mod = parsed && moduleAt(root, parsed.modules);
  const rc = parsed && mod?.resources.get(parsed.key);
  if (!rc?.at.pos || src.file === rc.at.file) return;
  const attr = attributeOf(rc, src, attributeFromPointer(`${src.pointer}/Statement`));
  if (!attr) return;
  const { pointer: _planPointer, ...rest } = src;
  (doc as { source: Source }).source = {
    ...rest,
    file: rc.at.file,
    line: attr.pos.line,
    column: attr.pos.column,
  };
}

/**
 * Moves the sources of the statements of `documents` that a Terraform resource of `root` (or
 * of a child module) holds onto the `.tf` code that wrote them (see the module comment).
 * `files`: the files whose statements may be moved (the plan file, the configuration's files).
 */
export function placeStatementSources(
  documents: readonly PolicyDocument[],
  root: ModuleConfig,
  files: ReadonlySet<string>,
): void {
  for (const doc of documents) {
    placeDocumentSource(doc, root, files);
    const total = doc.statements.length;
    for (const st of doc.statements) {
      const src = st.source;
      if (!src?.address || !src.file || !files.has(src.file)) continue;
      const parsed = parseAddress(src.address);
      const mod = parsed && moduleAt(root, parsed.modules);
      const rc = parsed && mod?.resources.get(parsed.key);
      if (!mod || !rc?.at.pos) continue;
      const attr = attributeOf(rc, src, attributeFromPointer(src.pointer));
      const want: Want = { index: st.index, sid: st.sid, total };
      const place = attr
        ? (locateIn(attr.expr, rc.at.file, mod, want) ?? { file: rc.at.file, pos: attr.pos })
        : undefined;
      const at = place ?? { file: rc.at.file, pos: rc.at.pos };
      const moved = (old: Source): Source =>
        old.file === src.file && old.line === src.line && old.column === src.column
          ? { ...old, file: at.file, line: at.pos.line, column: at.pos.column }
          : old;
      (st as { source: Source }).source = {
        ...src,
        file: at.file,
        line: at.pos.line,
        column: at.pos.column,
        pointer: `/Statement/${st.index}`,
      };
      // The statement's elements located no better than the attribute (what validation findings
      // point at: a misspelt action) move with it.
      for (const list of [st.action, st.notAction, st.resource, st.notResource]) {
        if (!list) continue;
        (list as { source: Source }).source = moved(list.source);
        list.valueSources.forEach((v, i) => {
          list.valueSources[i] = moved(v);
        });
      }
      for (const c of st.conditions) (c as { source: Source }).source = moved(c.source);
    }
  }
}
