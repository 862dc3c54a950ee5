// Filesystem functions: file, filebase64, fileexists, fileset, the file hash functions,
// templatefile and the path functions. Relative paths are relative to the directory Terraform
// runs in (the root module's), as the Terraform language says of `file`: "Relative paths are
// interpreted relative to the current working directory" (configurations write
// "${path.module}/..." to name a module's own files).
// https://developer.hashicorp.com/terraform/language/functions/file
// https://developer.hashicorp.com/terraform/language/functions/fileset

import { createHash } from '../../../lazy-builtins.js';
import { type Dirent, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve as resolvePath } from 'node:path';
import type { RE2JS } from 're2js';
import { readInputFile } from '../../../model/read-input.js';
import { distinctFromStandIns } from '../../../model/stand-ins.js';
import { re2 } from './re2.js';
import { FnError, FnUnknown } from './fn-core.js';

/** Most files fileset() looks at (a bound on hostile inputs: a directory tree is not a data set). */
const MAX_FILES = 20_000;

/** Reads a file relative to `workDir` (bounded: regular files within the input size limit). */
export function readBytes(path: string, workDir: string): Buffer {
  const full = isAbsolute(path) ? path : resolvePath(workDir, path);
  try {
    return readInputFile(full);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new FnError(`no file exists at ${JSON.stringify(path)} (looked in ${workDir})`);
    if (code === 'EISDIR') throw new FnError(`${JSON.stringify(path)} is a directory, not a file`);
    throw new FnError(`file ${JSON.stringify(path)} cannot be read: ${(e as Error).message}`);
  }
}

/** file(): the contents as UTF-8 text ("contents of file is not valid UTF-8; use filebase64"). */
export function readText(path: string, workDir: string): string {
  const bytes = readBytes(path, workDir);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new FnError(
      `contents of ${path} are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents`,
    );
  }
  // A policy read with file() or templatefile() is input text like any other (stand-ins.ts).
  return distinctFromStandIns(text, isAbsolute(path) ? path : resolvePath(workDir, path));
}

export function fileExists(path: string, workDir: string): boolean {
  const full = isAbsolute(path) ? path : resolvePath(workDir, path);
  try {
    const st = statSync(full);
    if (st.isFile()) return true;
    throw new FnError(`${JSON.stringify(path)} is not a regular file`);
  } catch (e) {
    if (e instanceof FnError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new FnError(`cannot stat ${path}: ${(e as Error).message}`);
  }
}

export function hash(
  algorithm: 'md5' | 'sha1' | 'sha256' | 'sha512',
  data: string | Buffer,
  encoding: 'hex' | 'base64',
): string {
  return createHash(algorithm).update(data).digest(encoding);
}

/**
 * A fileset pattern as an RE2 pattern: `*` any run of characters but `/`, `**` any run
 * (directories included), `?` one character, `[...]` a class, `{a,b}` alternatives, `\` escapes.
 */
function globPattern(glob: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '\\' && i + 1 < glob.length) {
      out += re2().quote(glob[++i]!);
    } else if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          out += '(?:.*/)?';
        } else out += '.*';
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) throw new FnError(`invalid pattern ${JSON.stringify(glob)}: unclosed [`);
      let cls = glob.slice(i + 1, end);
      if (cls.startsWith('!')) cls = `^${cls.slice(1)}`;
      out += `[${cls.replace(/\\(?=[^\]\-^\\])/g, '')}]`;
      i = end;
    } else if (c === '{') {
      depth++;
      out += '(?:';
    } else if (c === '}' && depth > 0) {
      depth--;
      out += ')';
    } else if (c === ',' && depth > 0) out += '|';
    else out += re2().quote(c);
  }
  if (depth) throw new FnError(`invalid pattern ${JSON.stringify(glob)}: unclosed {`);
  return `^${out}$`;
}

/** fileset(path, pattern): regular files under path matching pattern, relative to path, sorted. */
export function fileset(path: string, pattern: string, workDir: string): string[] {
  const base = isAbsolute(path) ? path : resolvePath(workDir, path);
  let re: RE2JS;
  try {
    re = re2().compile(globPattern(pattern));
  } catch (e) {
    if (e instanceof FnError) throw e;
    throw new FnError(`invalid pattern ${JSON.stringify(pattern)}: ${(e as Error).message}`);
  }
  const out: string[] = [];
  let seen = 0;
  const walk = (dir: string, rel: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (++seen > MAX_FILES) throw new FnUnknown(`fileset: more than ${MAX_FILES} files under ${path}`);
      const r = rel ? `${rel}/${e.name}` : e.name;
      const full = join(dir, e.name);
      let isFile = e.isFile();
      let isDir = e.isDirectory();
      if (e.isSymbolicLink()) {
        try {
          const st = statSync(full);
          isFile = st.isFile();
          isDir = false; // links to directories are not followed
        } catch {
          continue;
        }
      }
      if (isFile && re.matches(r)) out.push(r);
      else if (isDir) walk(full, r);
    }
  };
  walk(base, '');
  return out.sort();
}

/** Go's path.Base on "/"-separated paths. */
export function basename(p: string): string {
  if (p === '') return '.';
  const s = p.replace(/\/+$/, '');
  if (s === '') return '/';
  return s.slice(s.lastIndexOf('/') + 1);
}

/** Go's filepath.Dir on "/"-separated paths. */
export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  const dir = i < 0 ? '' : p.slice(0, i + 1);
  return clean(dir === '' ? '.' : dir);
}

/** Go's path.Clean. */
function clean(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length && parts[parts.length - 1] !== '..') parts.pop();
      else if (!rooted) parts.push('..');
      continue;
    }
    parts.push(seg);
  }
  const out = (rooted ? '/' : '') + parts.join('/');
  return out === '' ? '.' : out;
}

/** abspath(): absolute, relative to the working directory, "/"-separated. */
export function abspath(p: string, workDir: string): string {
  return resolvePath(workDir, p).split('\\').join('/');
}

/** pathexpand(): "~" is the home directory of whoever runs Terraform, which the inputs do not say. */
export function pathexpand(p: string): string {
  if (p === '~' || p.startsWith('~/')) {
    throw new FnUnknown(
      `pathexpand(${JSON.stringify(p)}): the home directory of the user running Terraform is not in the inputs`,
    );
  }
  return p;
}
