// The request file of `iamspec eval`: a JSON array of `{ principal, action, resource, context?,
// sessionPolicy? }`, read so that every error names the file, line, column and request index
// (positions computed only then); each request is resolved like any other (request.ts), a request
// written again (the same text) once.

import { distinctAsInputsOf, spelledStandInsOf } from '../model/stand-ins.js';
import type { Model } from '../model/types.js';
import { existsSync } from 'node:fs';
import { MAX_DOCUMENT_DEPTH, readInputFile } from '../model/read-input.js';
import type { Engine } from '../engine/engine.js';
import { InputError, type InputLocation } from '../model/input-error.js';
import { childPointer, type Locator } from '../model/source.js';
import {
  decodeJsonBytes,
  LocatedSyntaxError,
  lazyLocator,
  parseLocatedJson,
} from '../policy/located-json.js';
import { type ArrayItems, readObjectItems } from './array-items.js';
import type { ReferenceOptions } from './references.js';
import { type RawRequest, type RequestOrigin, type ResolvedRequest, resolveRequest } from './request.js';

const FIELDS: ReadonlySet<string> = new Set(['principal', 'action', 'resource', 'context', 'sessionPolicy']);
const REQUIRED = ['principal', 'action', 'resource'] as const;

/** Where request `index` of the file is: computed only when something is reported. */
class FileOrigin implements RequestOrigin {
  constructor(
    private readonly file: string,
    private readonly locate: Locator,
    private readonly index: number,
  ) {}
  label(..._path: string[]): string {
    return `request [${this.index}]`;
  }
  at(...path: string[]): InputLocation {
    const pointer = childPointer('', this.index, ...path);
    const pos = this.locate(pointer) ?? this.locate(childPointer('', this.index));
    return { file: this.file, line: pos?.line, column: pos?.column };
  }
}

/** Where a request's field is, as `file:line:column: request [i]`, for its warnings. */
export function requestPlace(file: string, r: ResolvedRequest, origin: RequestOrigin, field: string): string {
  const at = origin.at(field);
  return `${file}:${at.line ?? 1}:${at.column ?? 1}: request [${r.index}]`;
}

function readBytes(file: string): Uint8Array {
  if (!existsSync(file)) throw new InputError('no such request file', { file });
  try {
    return readInputFile(file);
  } catch (e) {
    throw new InputError(`cannot read the request file: ${(e as Error).message}`, { file });
  }
}

/** The request file's items: the distinct values, and for each request which one it is. */
interface FileItems extends ArrayItems {
  locate: Locator;
}

/**
 * Parses the request file. A UTF-8 array of objects is split into items (array-items.ts), each
 * distinct item parsed once: equal text is an equal value. Anything else, or an item that does
 * not parse, goes through the located parser, which throws naming the line and column. Positions
 * are computed only when something is reported.
 */
function readItems(file: string, model: Model): FileItems {
  const bytes = readBytes(file);
  // The model's inputs spelled a stand-in themselves: the file is read as they were
  // (stand-ins.ts `distinctAsInputsOf`), through the whole-file parser (a rare case).
  const asInputs = spelledStandInsOf(model).length > 0;
  const items = asInputs ? undefined : readObjectItems(bytes, MAX_DOCUMENT_DEPTH);
  let text: string | undefined;
  const decoded = (): string => {
    text ??= asInputs ? distinctAsInputsOf(model, decodeJsonBytes(bytes)) : decodeJsonBytes(bytes);
    return text;
  };
  if (items) {
    let locate: Locator | undefined;
    const locateLazily: Locator = (pointer) => {
      locate ??= lazyLocator(decoded());
      return locate(pointer);
    };
    return { ...items, locate: locateLazily };
  }
  let located: { value: unknown; locate: Locator };
  try {
    located = parseLocatedJson(decoded(), file);
  } catch (e) {
    if (e instanceof LocatedSyntaxError) {
      throw new InputError(`invalid JSON: ${e.reason}`, { file, line: e.line, column: e.column });
    }
    throw e;
  }
  const { value, locate } = located;
  if (!Array.isArray(value)) {
    const at = locate('');
    throw new InputError(
      'a request file holds a JSON array of requests: [{ "principal", "action", "resource", "context"?, "sessionPolicy"? }]',
      { file, line: at?.line, column: at?.column },
    );
  }
  return { values: value, valueIndex: value.map((_, i) => i), locate };
}

export interface RequestFile {
  requests: ResolvedRequest[];
  /** Per request (same order): its problems as warnings, each prefixed with where the field is. */
  warnings: string[][];
  /**
   * Per request: the index of the first request written with the same text (its own index when
   * it is the first). Such requests are the same request (same resolution, same decision); only
   * their index and the places of their warnings differ.
   */
  firstOf: number[];
}

/** Reads and resolves a request file. Throws InputError (file, line, column, request index). */
export function readRequestFile(file: string, engine: Engine, refOptions: ReferenceOptions): RequestFile {
  const { values, valueIndex, locate } = readItems(file, engine.model);
  const requests: ResolvedRequest[] = [];
  const warnings: string[][] = [];
  const firstOf: number[] = new Array(valueIndex.length);
  /** Per distinct value: the first request that holds it. */
  const firstRequest: number[] = new Array(values.length).fill(-1);
  // Requests with the same session policy share one object, so the engine compiles it once (it
  // caches per object); the values come from JSON.parse, so equal JSON text is an equal policy.
  const sessionPolicies = new Map<string, unknown>();
  const sharedSessionPolicy = (policy: unknown): unknown => {
    const text = JSON.stringify(policy);
    const first = sessionPolicies.get(text);
    if (first !== undefined) return first;
    sessionPolicies.set(text, policy);
    return policy;
  };
  const noWarnings: string[] = [];
  valueIndex.forEach((v, index) => {
    const first = firstRequest[v] as number;
    let resolved: ResolvedRequest;
    if (first >= 0) {
      resolved = { ...(requests[first] as ResolvedRequest), index };
      firstOf[index] = first;
    } else {
      const origin = new FileOrigin(file, locate, index);
      resolved = resolveItem(values[v], index, origin, engine, refOptions, sharedSessionPolicy);
      firstRequest[v] = index;
      firstOf[index] = index;
    }
    requests.push(resolved);
    if (!resolved.problems.length) {
      warnings.push(noWarnings);
      return;
    }
    const origin = new FileOrigin(file, locate, index);
    warnings.push(
      resolved.problems.map((p) => `${requestPlace(file, resolved, origin, fieldOf(p.code))}: ${p.message}`),
    );
  });
  return { requests, warnings, firstOf };
}

/** Checks one item of the file (an object of the request fields) and resolves it. */
function resolveItem(
  item: unknown,
  index: number,
  origin: FileOrigin,
  engine: Engine,
  refOptions: ReferenceOptions,
  sharedSessionPolicy: (policy: unknown) => unknown,
): ResolvedRequest {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new InputError(
      `${origin.label()}: a request is an object with "principal", "action" and "resource"`,
      origin.at(),
    );
  }
  const r = item as Record<string, unknown>;
  for (const field of REQUIRED) {
    if (r[field] === undefined) throw new InputError(`${origin.label()}: missing "${field}"`, origin.at());
    if (typeof r[field] !== 'string' || r[field] === '') {
      throw new InputError(`${origin.label(field)}: "${field}" must be a non-empty string`, origin.at(field));
    }
  }
  for (const key in r) {
    if (FIELDS.has(key) || !Object.hasOwn(r, key)) continue;
    throw new InputError(
      `${origin.label(key)}: unknown field "${key}" (a request has principal, action, resource, context, sessionPolicy)`,
      origin.at(key),
    );
  }
  const raw: RawRequest = {
    principal: r.principal as string,
    action: r.action as string,
    resource: r.resource as string,
  };
  if (r.context !== undefined) raw.context = r.context;
  if (r.sessionPolicy !== undefined) raw.sessionPolicy = sharedSessionPolicy(r.sessionPolicy);
  return resolveRequest(engine, raw, index, origin, refOptions);
}

/** The request field a problem is about. */
export function fieldOf(code: string): 'principal' | 'action' | 'resource' {
  if (code.includes('action') || code.includes('service')) return 'action';
  if (code.includes('resource')) return 'resource';
  return 'principal';
}
