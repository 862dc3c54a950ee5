// re2js (RE2 regular expressions, linear-time matching as Terraform's Go regexp), required on the
// first call that needs it (regex, regexall, replace with a /pattern/, fileset): its 260 KB
// module is not worth loading at start-up for the configurations that use none.

import { createRequire } from 'node:module';

let re2Module: typeof import('re2js') | undefined;

/** The RE2JS class of re2js, loaded on first use. */
export function re2(): typeof import('re2js').RE2JS {
  re2Module ??= createRequire(import.meta.url)('re2js') as typeof import('re2js');
  return re2Module.RE2JS;
}
