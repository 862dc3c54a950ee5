// The request file of `iamspec eval`: a JSON array of `{ principal, action, resource, context?,
// sessionPolicy? }`, read with positions so that every error names the file, line, column and
// request index; each request is resolved like any other (request.ts).

import { existsSync } from 'node:fs';
import { readInputFile } from '../model/read-input.js';
import type { Engine } from '../engine/engine.js';
import { InputError, type InputLocation } from '../model/input-error.js';
import { childPointer, type Locator } from '../model/source.js';
import { decodeJsonBytes, LocatedSyntaxError, parseLocatedJson } from '../policy/located-json.js';
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

function readJson(file: string): { value: unknown; locate: Locator } {
  if (!existsSync(file)) throw new InputError('no such request file', { file });
  let text: string;
  try {
    text = decodeJsonBytes(readInputFile(file));
  } catch (e) {
    throw new InputError(`cannot read the request file: ${(e as Error).message}`, { file });
  }
  try {
    return parseLocatedJson(text, file);
  } catch (e) {
    if (e instanceof LocatedSyntaxError) {
      throw new InputError(`invalid JSON: ${e.reason}`, { file, line: e.line, column: e.column });
    }
    throw e;
  }
}

export interface RequestFile {
  requests: ResolvedRequest[];
  /** Per request (same order): its problems as warnings, each prefixed with where the field is. */
  warnings: string[][];
}

/** Reads and resolves a request file. Throws InputError (file, line, column, request index). */
export function readRequestFile(file: string, engine: Engine, refOptions: ReferenceOptions): RequestFile {
  const { value, locate } = readJson(file);
  if (!Array.isArray(value)) {
    const at = locate('');
    throw new InputError(
      'a request file holds a JSON array of requests: [{ "principal", "action", "resource", "context"?, "sessionPolicy"? }]',
      { file, line: at?.line, column: at?.column },
    );
  }
  const requests: ResolvedRequest[] = [];
  const warnings: string[][] = [];
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
  value.forEach((item: unknown, index) => {
    const origin = new FileOrigin(file, locate, index);
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
        throw new InputError(
          `${origin.label(field)}: "${field}" must be a non-empty string`,
          origin.at(field),
        );
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
    const resolved = resolveRequest(engine, raw, index, origin, refOptions);
    requests.push(resolved);
    warnings.push(
      resolved.problems.length
        ? resolved.problems.map(
            (p) => `${requestPlace(file, resolved, origin, fieldOf(p.code))}: ${p.message}`,
          )
        : noWarnings,
    );
  });
  return { requests, warnings };
}

/** The request field a problem is about. */
export function fieldOf(code: string): 'principal' | 'action' | 'resource' {
  if (code.includes('action') || code.includes('service')) return 'action';
  if (code.includes('resource')) return 'resource';
  return 'principal';
}
