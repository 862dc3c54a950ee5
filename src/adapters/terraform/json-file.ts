// Reading JSON input files: byte-order marks (UTF-8, UTF-16LE/BE, as `terraform show -json`
// redirected by PowerShell produces) and syntax errors reported as InputError with line:column.

import type { Locator } from '../../model/source.js';
import { decodeJsonBytes, LocatedSyntaxError, parseLocatedJson } from '../../policy/located-json.js';
import { InputError } from './errors.js';
import { readInputFile } from '../../model/read-input.js';
import { distinctFromStandIns, readAsInput } from '../../model/stand-ins.js';

/** Reads a JSON file's text, decoding UTF-8 (with or without BOM) and UTF-16 with a BOM. */
export function readJsonFileWithBom(file: string): { text: string } {
  let bytes: Uint8Array;
  try {
    bytes = readInputFile(file);
  } catch (e) {
    throw new InputError(`cannot read file: ${(e as Error).message}`, file);
  }
  return { text: distinctFromStandIns(decodeJsonBytes(bytes), file) };
}

/** Parses JSON text; throws InputError naming file, line and column on a syntax error. */
export function parseJsonInput(text: string, file: string): { value: unknown; locate: Locator } {
  try {
    return parseLocatedJson(text, file);
  } catch (e) {
    if (e instanceof LocatedSyntaxError)
      throw new InputError(`invalid JSON: ${e.reason}`, file, e.line, e.column);
    throw new InputError(`invalid JSON: ${(e as Error).message}`, file);
  }
}

export function readJsonInput(file: string): { value: unknown; locate: Locator } {
  const parsed = parseJsonInput(readJsonFileWithBom(file).text, file);
  readAsInput(parsed.value);
  return parsed;
}
