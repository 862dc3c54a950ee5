// Reads CloudFormation template text (JSON, or YAML with the short-form intrinsic tags) into a
// plain JSON-like value plus a Locator that maps every JSON pointer to its line:column.
// YAML short tags become the long form (`!Ref X` → `{ "Ref": "X" }`, `!GetAtt a.b` →
// `{ "Fn::GetAtt": ["a", "b"] }`, `!Sub s` → `{ "Fn::Sub": s }`), so the evaluator sees one form.
// Malformed input throws InputError with the file, line and column.

import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  visit,
} from 'yaml';
import { MAX_DOCUMENT_DEPTH, readInputFile } from '../../model/read-input.js';
import { distinctFromStandIns } from '../../model/stand-ins.js';
import type { Locator } from '../../model/source.js';
import { childPointer } from '../../model/source.js';
import { decodeJsonBytes, LocatedSyntaxError, parseLocatedJson } from '../../policy/located-json.js';
import { InputError } from './errors.js';

export interface ParsedTemplate {
  value: unknown;
  locate: Locator;
  format: 'json' | 'yaml';
}

/** Reads and parses a template file. Throws InputError when it cannot be read or parsed. */
export function readTemplateFile(file: string): ParsedTemplate {
  let bytes: Uint8Array;
  try {
    bytes = readInputFile(file);
  } catch (e) {
    throw new InputError(file, `cannot read file: ${(e as Error).message}`);
  }
  return parseTemplateText(distinctFromStandIns(decodeJsonBytes(bytes), file), file);
}

/** Parses template text; JSON when it starts with `{` or `[`, YAML otherwise. */
export function parseTemplateText(text: string, file = '<input>'): ParsedTemplate {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = body.trimStart()[0];
  if (first === '{' || first === '[') {
    try {
      const { value, locate } = parseLocatedJson(body, file);
      return { value, locate, format: 'json' };
    } catch (e) {
      if (e instanceof LocatedSyntaxError) throw new InputError(file, `invalid JSON: ${e.reason}`, e);
      throw new InputError(file, `invalid JSON: ${(e as Error).message}`);
    }
  }
  return parseYamlTemplate(body, file);
}

/** Tags whose long form is not `Fn::<Name>`. */
const SPECIAL_TAGS: Record<string, string> = { Ref: 'Ref', Condition: 'Condition' };

const TOO_DEEP = `invalid YAML: nested too deeply to be parsed (iamspec reads documents up to ${MAX_DOCUMENT_DEPTH} levels deep)`;

/** The yaml parser is recursive: a document nested thousands deep exhausts the stack. */
function isStackOverflow(message: string): boolean {
  return message.includes('Maximum call stack size exceeded');
}

function parseYamlTemplate(text: string, file: string): ParsedTemplate {
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, strict: false });
  } catch (e) {
    if (isStackOverflow((e as Error).message)) throw new InputError(file, TOO_DEEP);
    throw new InputError(file, `invalid YAML: ${(e as Error).message}`);
  }
  const err = doc.errors[0];
  if (err) {
    const at = err.linePos?.[0] ?? (err.pos ? lineCounter.linePos(err.pos[0]) : undefined);
    const reason = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    if (isStackOverflow(reason))
      throw new InputError(file, TOO_DEEP, at ? { line: at.line, column: at.col } : undefined);
    throw new InputError(file, `invalid YAML: ${reason}`, at ? { line: at.line, column: at.col } : undefined);
  }
  checkAliases(doc, file, lineCounter);
  const offsets = new Map<string, number>();
  const converter = new YamlConverter(text, doc, offsets, (reason, offset) => {
    const at = lineCounter.linePos(offset);
    return new InputError(file, reason, { line: at.line, column: at.col });
  });
  const value = doc.contents ? converter.convert(doc.contents as Node, '', 0) : null;
  const locate: Locator = (pointer) => {
    const off = offsets.get(pointer);
    if (off === undefined) return undefined;
    const pos = lineCounter.linePos(off);
    return { line: pos.line, column: pos.col };
  };
  return { value, locate, format: 'yaml' };
}

/**
 * Aliases that would expand exponentially ("billion laughs": each level of anchors repeating the
 * one below) are an input error, checked by the yaml package's own limit before anything is
 * expanded (its `maxAliasCount`, at its default of 100).
 */
const MAX_ALIAS_COUNT = 100;

function checkAliases(doc: Document.Parsed, file: string, lineCounter: LineCounter): void {
  let first: Node | undefined;
  visit(doc, {
    Alias(_key, node) {
      first = node;
      return visit.BREAK;
    },
  });
  if (!first) return;
  try {
    doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    if (!(e instanceof ReferenceError)) return; // an unresolved alias: reported while converting
    const at = first.range ? lineCounter.linePos(first.range[0]) : undefined;
    throw new InputError(
      file,
      `invalid YAML: aliases expand too much (over ${MAX_ALIAS_COUNT} alias expansions per anchor, the limit against alias bombs)`,
      at ? { line: at.line, column: at.col } : undefined,
    );
  }
}

/** Nodes the converter may produce per character of text (aliases copy their anchor's nodes). */
const EXPANSION_PER_CHAR = 4;

class YamlConverter {
  private produced = 0;
  private readonly budget: number;
  constructor(
    private readonly text: string,
    private readonly doc: Document.Parsed,
    private readonly offsets: Map<string, number>,
    private readonly error: (reason: string, offset: number) => InputError,
  ) {
    this.budget = 10_000 + EXPANSION_PER_CHAR * text.length;
  }

  convert(node: Node, pointer: string, depth: number): unknown {
    if (depth > MAX_DOCUMENT_DEPTH) {
      throw this.error(
        `mappings and sequences nested more than ${MAX_DOCUMENT_DEPTH} levels deep (iamspec's limit for a document)`,
        node.range?.[0] ?? 0,
      );
    }
    if (++this.produced > this.budget) {
      throw this.error('invalid YAML: aliases expand too much (an alias bomb?)', node.range?.[0] ?? 0);
    }
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) return null;
      const start = node.range?.[0];
      const v = this.convert(target as Node, pointer, depth + 1);
      if (start !== undefined) this.offsets.set(pointer, start);
      return v;
    }
    const start = node.range?.[0] ?? 0;
    const tag = node.tag;
    if (tag?.startsWith('!') && !tag.startsWith('!!'))
      return this.convertTagged(node, tag.slice(1), pointer, depth);
    this.offsets.set(pointer, start);
    return this.convertPlain(node, pointer, depth);
  }

  private convertPlain(node: Node, pointer: string, depth: number): unknown {
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        const keyNode = pair.key as Node | null;
        const key = keyNode && isScalar(keyNode) ? String(keyNode.value) : String(keyNode ?? '');
        const child = childPointer(pointer, key);
        out[key] = pair.value ? this.convert(pair.value as Node, child, depth + 1) : null;
        if (!pair.value && keyNode?.range) this.offsets.set(child, keyNode.range[0]);
      }
      return out;
    }
    if (isSeq(node)) {
      return node.items.map((item, i) => {
        const child = childPointer(pointer, i);
        if (item === null || item === undefined) return null;
        return this.convert(item as Node, child, depth + 1);
      });
    }
    if (isScalar(node)) return this.scalarValue(node);
    return null;
  }

  /** Keeps the source text of numbers that would lose digits (`012345678901`, `1.10`). */
  private scalarValue(node: Node): unknown {
    if (!isScalar(node)) return null;
    const v = node.value;
    if (typeof v === 'number' && node.type === 'PLAIN' && node.range) {
      const src = this.text.slice(node.range[0], node.range[1]).trim();
      if (src !== String(v)) return src;
    }
    if (typeof v === 'bigint') return String(v);
    return v;
  }

  private convertTagged(node: Node, name: string, pointer: string, depth: number): unknown {
    const start = node.range?.[0] ?? 0;
    const tagAt = this.text.lastIndexOf(`!${name}`, start);
    this.offsets.set(pointer, tagAt >= 0 && start - tagAt < 200 ? tagAt : start);
    if (name === 'GetAtt' && isScalar(node)) {
      const raw = String(node.value ?? '');
      const dot = raw.indexOf('.');
      const inner = childPointer(pointer, 'Fn::GetAtt');
      this.offsets.set(inner, start);
      this.offsets.set(childPointer(inner, 0), start);
      this.offsets.set(childPointer(inner, 1), start + (dot >= 0 ? dot + 1 : 0));
      return { 'Fn::GetAtt': dot >= 0 ? [raw.slice(0, dot), raw.slice(dot + 1)] : [raw] };
    }
    const key = SPECIAL_TAGS[name] ?? `Fn::${name}`;
    const inner = childPointer(pointer, key);
    this.offsets.set(inner, start);
    return { [key]: this.convertPlainAt(node, inner, depth) };
  }

  /** Converts a tagged node's content (its own tag already consumed). */
  private convertPlainAt(node: Node, pointer: string, depth: number): unknown {
    return this.convertPlain(node, pointer, depth + 1);
  }
}
