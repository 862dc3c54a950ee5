// Reads the text of a spec (YAML or JSON) into plain data plus the 1-based line:column of every
// value and every mapping key, addressed by JSON pointer. YAML goes through the `yaml` package
// (node ranges + LineCounter); JSON through the project's located JSON parser. Syntax errors
// become SpecErrors at the place the parser reports.

import { isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { MAX_DOCUMENT_DEPTH } from '../model/read-input.js';
import { LocatedSyntaxError, parseLocatedJson } from '../policy/located-json.js';
import { escapePointerToken } from '../model/source.js';
import { SpecError } from './errors.js';
import type { SpecLocation } from './types.js';

export interface Position {
  line: number;
  column: number;
}

export interface LocatedDocument {
  value: unknown;
  file: string | undefined;
  /** Position of the value at `pointer`. */
  valueAt(pointer: string): Position | undefined;
  /** Position of the key of the member at `pointer` (falls back to its value). */
  keyAt(pointer: string): Position | undefined;
}

/** The location of the value at `pointer` (or of its key), falling back to the nearest parent. */
export function locationOf(doc: LocatedDocument, pointer: string, key = false): SpecLocation {
  let p = pointer;
  let at = key ? doc.keyAt(p) : doc.valueAt(p);
  while (!at && p) {
    p = p.slice(0, p.lastIndexOf('/'));
    at = doc.valueAt(p);
  }
  return { file: doc.file, line: at?.line, column: at?.column, pointer };
}

/**
 * A `.json` file is JSON; other text is YAML, except text starting with `{`, which is read as
 * JSON first (exact positions from the JSON scanner) and as YAML (a flow mapping) if that fails.
 */
export function readLocatedDocument(text: string, file: string | undefined): LocatedDocument {
  if (file?.toLowerCase().endsWith('.json')) return readJson(text, file);
  if (!/^\uFEFF?\s*\{/.test(text)) return readYaml(text, file);
  try {
    return readJson(text, file);
  } catch (jsonError) {
    try {
      return readYaml(text, file);
    } catch {
      throw jsonError;
    }
  }
}

function readJson(text: string, file: string | undefined): LocatedDocument {
  try {
    const { value, locate } = parseLocatedJson(text, file);
    return { value, file, valueAt: locate, keyAt: locate };
  } catch (e) {
    if (e instanceof LocatedSyntaxError) {
      throw new SpecError(
        `invalid JSON: ${e.reason}`,
        { file, line: e.line, column: e.column, pointer: '' },
        { cause: e },
      );
    }
    throw e;
  }
}

function readYaml(text: string, file: string | undefined): LocatedDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    const reason = first.message.split('\n')[0]!;
    throw new SpecError(
      reason.includes('Maximum call stack size exceeded')
        ? `invalid YAML: nested too deeply to be parsed (iamspec reads documents up to ${MAX_DOCUMENT_DEPTH} levels deep)`
        : `invalid YAML: ${reason}`,
      { file, line: pos.line, column: pos.col, pointer: '' },
      { cause: first },
    );
  }
  const values = new Map<string, Position>();
  const keys = new Map<string, Position>();
  const pos = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const walk = (node: unknown, pointer: string, depth: number): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as Node;
    if (depth > MAX_DOCUMENT_DEPTH) {
      const at = pos(n.range?.[0] ?? 0);
      throw new SpecError(
        `mappings and sequences nested more than ${MAX_DOCUMENT_DEPTH} levels deep (iamspec's limit for a document)`,
        { file, line: at.line, column: at.column, pointer },
      );
    }
    if (n.range) values.set(pointer, pos(n.range[0]));
    if (isAlias(node)) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        const keyNode = pair.key;
        const keyValue = isScalar(keyNode) ? keyNode.value : keyNode;
        const child = `${pointer}/${escapePointerToken(String(keyValue))}`;
        if (isScalar(keyNode) && keyNode.range) keys.set(child, pos(keyNode.range[0]));
        if (pair.value) walk(pair.value, child, depth + 1);
        else if (isScalar(keyNode) && keyNode.range) values.set(child, pos(keyNode.range[0]));
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        walk(item, `${pointer}/${i}`, depth + 1);
      });
    }
  };
  walk(doc.contents, '', 0);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new SpecError(
      `invalid YAML: ${(e as Error).message}`,
      { file, line: 1, column: 1, pointer: '' },
      { cause: e },
    );
  }
  return {
    value,
    file,
    valueAt: (p) => values.get(p),
    keyAt: (p) => keys.get(p) ?? values.get(p),
  };
}
