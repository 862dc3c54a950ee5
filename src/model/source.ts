// Source locations: where a model element or policy element came from (file, JSON pointer,
// line:column, CloudFormation logical id, CDK construct path, Terraform address).

import { isAbsolute, relative, sep } from 'node:path';

export interface Source {
  /** File path as the user gave it (relative paths stay relative). */
  file?: string;
  /** RFC 6901 JSON pointer inside the file, e.g. `/Resources/Role/Properties/Policies/0`. */
  pointer?: string;
  /** 1-based line and column of the element, when the file was parsed with positions. */
  line?: number;
  column?: number;
  /** CloudFormation logical id of the resource that declared the element. */
  logicalId?: string;
  /**
   * For an element a transform generated (the SAM transform's `<Function>Role`): the logical id
   * of the generated resource in the processed template; `logicalId` names the resource written.
   */
  generatedLogicalId?: string;
  /** CDK construct path (`aws:cdk:path` metadata or tree.json). */
  constructPath?: string;
  /** CloudFormation stack name (cloud assemblies) */
  stack?: string;
  /** Terraform resource address, e.g. `module.iam.aws_iam_role.this["a"]`. */
  address?: string;
  /**
   * For an element no input holds, which iamspec adds because AWS does (the AWS Organizations
   * default FullAWSAccess policy): what it is, as reports print it. Such a source has no file
   * and no pointer, and its children (the policy's statements) are the same source.
   */
  builtIn?: string;
}

/** Maps a JSON pointer inside a file to its 1-based line and column. */
export type Locator = (pointer: string) => { line: number; column: number } | undefined;

/** Escapes one JSON pointer reference token (RFC 6901). */
export function escapePointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Appends reference tokens to a JSON pointer. */
export function childPointer(pointer: string | undefined, ...tokens: (string | number)[]): string {
  let out = pointer ?? '';
  for (const t of tokens) out += '/' + escapePointerToken(t);
  return out;
}

/** A source for a child element: same file and owners, a deeper pointer, located if possible. */
export function childSource(
  base: Source,
  locate: Locator | undefined,
  ...tokens: (string | number)[]
): Source {
  if (base.builtIn !== undefined) return base;
  const pointer = childPointer(base.pointer, ...tokens);
  const at = locate?.(pointer);
  const out: Source = { ...base, pointer };
  if (at) {
    out.line = at.line;
    out.column = at.column;
  } else {
    delete out.line;
    delete out.column;
  }
  return out;
}

/**
 * A file as reports show it: an absolute path inside the working directory (a Terraform child
 * module, a file a tool resolved) relative to it, as the user's own paths are; others unchanged.
 */
export function displayFile(file: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : file;
}

/**
 * Human-readable one-line rendering: `file:line:col (construct path / logical id / address)`; a
 * built-in element's description.
 */
export function formatSource(s: Source | undefined): string {
  if (!s) return '(unknown source)';
  if (s.builtIn !== undefined) return s.builtIn;
  const parts: string[] = [];
  let where = s.file ? displayFile(s.file) : '';
  if (s.line !== undefined) where += `:${s.line}${s.column !== undefined ? `:${s.column}` : ''}`;
  else if (s.pointer) where += (where ? '#' : '') + s.pointer;
  if (where) parts.push(where);
  const owners: string[] = [];
  if (s.constructPath) owners.push(s.constructPath);
  if (s.generatedLogicalId) owners.push(`logical id ${s.generatedLogicalId}, generated from ${s.logicalId}`);
  else if (s.logicalId) owners.push(`logical id ${s.logicalId}`);
  if (s.address) owners.push(s.address);
  if (owners.length) parts.push(`(${owners.join(', ')})`);
  return parts.join(' ') || '(unknown source)';
}
