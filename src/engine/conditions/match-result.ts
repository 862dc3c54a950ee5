// The result of matching one request value against a clause's policy values: the engine's Tri
// (../tri.ts), plus the internal BAD signal a value matcher returns when a request value cannot
// be read for its operator (not a number, not a date, ...). BAD never leaves this folder: a
// clause that sees it evaluates to NO.

import type { Tri } from '../tri.js';

/** Internal: the request value is malformed for the operator; the clause is unknown (clause.ts). */
export const BAD = 3 as const;

/** Result of matching one request value against all of a clause's policy values. */
export type MatchResult = Tri | typeof BAD;
