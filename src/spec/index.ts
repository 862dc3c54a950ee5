// The access spec's public face: parse or load a spec (YAML / JSON), run it against a model, and
// the SpecError every spec problem is reported with (an InputError: file:line:column, exit 2).

export { SpecError } from './errors.js';
export { loadSpec, parseSpec, specLocation } from './parse.js';
export {
  checkSpecFile,
  OPEN_ACCOUNTS_NOTE,
  OWN_ACCOUNT_PRINCIPALS_NOTE,
  ROOT_USER_NOTE,
  type RunSpecOptions,
  runSpec,
  statementsToFix,
} from './run.js';
export type * from './types.js';
