// Regular expressions from Terraform configurations (`regex`, `regexall`, `replace` with a
// `/pattern/`) run on V8's linear-time engine (the `l` flag), never on the backtracking one: a
// configuration comes from a pull request, and a pattern such as `(a*)*b` would otherwise hang
// the run. Terraform's own engine is RE2, which is linear-time as well and, like V8's linear
// engine, has no back-references or look-around; RE2's `(?P<name>…)` groups are rewritten to
// JavaScript's `(?<name>…)`.
//
// The `l` flag exists behind V8's `--enable-experimental-regexp-engine`, which is switched on
// here once; it only adds the flag and changes no other regular expression of the process. On a
// runtime without it, a pattern cannot be evaluated safely and the call fails (the value becomes
// an evaluation error, located, like any unsupported function).

import { setFlagsFromString } from 'node:v8';

/** The flag for V8's linear-time engine (a variable: it is not in the language's grammar). */
const LINEAR = 'l';

let available: boolean | undefined;

function linearEngine(): boolean {
  if (available !== undefined) return available;
  try {
    new RegExp('', LINEAR);
    available = true;
  } catch {
    try {
      setFlagsFromString('--enable-experimental-regexp-engine');
      new RegExp('', LINEAR);
      available = true;
    } catch {
      available = false;
    }
  }
  return available;
}

export class RegexpUnsupported extends Error {}

/** Compiles a Terraform (RE2) pattern for the linear-time engine; throws RegexpUnsupported. */
export function linearRegExp(source: string, flags = ''): RegExp {
  if (!linearEngine()) {
    throw new RegexpUnsupported('regular expressions need a linear-time engine, which this runtime lacks');
  }
  const js = source.replace(/\(\?P</g, '(?<');
  try {
    return new RegExp(js, flags + LINEAR);
  } catch (e) {
    throw new RegexpUnsupported(
      `pattern ${JSON.stringify(source)} is not supported: ${(e as Error).message}`,
    );
  }
}
