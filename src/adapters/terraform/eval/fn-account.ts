// Built-in functions, `==` / `!=` and map reads given the deploying account when no account is
// given: the stand-in `PLACEHOLDER_ACCOUNT` (`000000000000`, "this account, id unknown",
// src/model/stand-ins.ts), which `data.aws_caller_identity.current.account_id` and the ARNs the
// adapter builds hold. The stand-in is no account AWS gives, so a function reading its digits
// (`substr(account_id, 0, 4)` was "0000", `replace(account_id, "0", "x")` "xxxxxxxxxxxx") or
// comparing it with an account id (`account_id == "123456789012"` was false) gave a value no real
// account gives. Owns which Terraform functions keep such a result:
// - a function that only places its arguments (functions.ts `PLACES_NAMES`: `format("%s")`,
//   `join`, `jsonencode`, `concat`), or `tostring` / `lower` / `upper` / `trimspace` / `chomp`
//   (an account id is 12 digits: no case, no space), when no map key holds the account;
// - `split` at a separator without a digit: the pieces (`split(":", arn)`); else the pieces are
//   unknown, and `join` of them with the same separator is the string split (fn-region.ts
//   `joinOfRegionPieces`);
// - `replace` (not a /regex/), `trimprefix`, `trimsuffix`, `trim`, `startswith`, `endswith`,
//   `strcontains` with patterns without a digit (`digitFreePatterns`): the result;
// - `length`, and what compares whole strings (`toset`, `distinct`, `contains`, `index`, the set
//   functions; `sort` and `keys` with their order): the result when no two strings compare
//   differently from account to account (`accountComparesKeep`); a set is compared as a set, its
//   order taken as the stand-in's, as for the Region;
// - anything else: unknown, with the reason naming the function (`ACCOUNT_TRANSFORMED`).
// `+`, `<` and the other operators that read the account as a number: unknown.
// `==` with the account: its value when the two sides are equal for every account or for none
// (`compareWithAccount`: `account_id == "prod"` is false), else unknown. A map read whose key or
// map keys hold the account: the entry when one entry is that key for every account, else each
// entry the key may be (and the default) a possibility: the value when they agree, else unknown.
// The comparison rule is the shared one (src/adapters/stand-in-functions.ts).

import {
  ACCOUNT_TRANSFORMED,
  accountComparesKeep,
  compareWithAccount,
  digitFreePatterns,
  holdsAccountText,
  splitKeepsStandIns,
  StandInPieces,
} from '../../stand-in-functions.js';
import type { Pos } from '../hcl/ast.js';
import { type Scope, unknownAt } from './scope.js';
import {
  holdsStandIn,
  keyedByStandIn,
  OWN_RULE,
  placesStandIn,
  type StandInAnswer,
  transformedStandIn,
} from './stand-in-calls.js';
import { isObject, tfEquals } from './values.js';

/** Functions that keep the account as it is: an account id has no letter and no space. */
const KEEP_ACCOUNT = new Set(['tostring', 'lower', 'upper', 'trimspace', 'chomp']);

/** Functions matching their other arguments literally in the first (`replace`: see below). */
const LITERAL_MATCH = new Set(['trimprefix', 'trimsuffix', 'trim', 'startswith', 'endswith', 'strcontains']);

/** Functions that compare whole values and never read a string's characters: order kept or not. */
const COMPARES_WHOLE = new Map<string, boolean>([
  ['length', false],
  ['toset', false],
  ['distinct', false],
  ['contains', false],
  ['index', false],
  ['setunion', false],
  ['setintersection', false],
  ['setsubtract', false],
  ['setproduct', false],
  ['values', false],
  ['merge', false],
  ['tomap', false],
  ['zipmap', false],
  ['matchkeys', false],
  ['compact', false],
  ['coalesce', false],
  ['coalescelist', false],
  ['concat', false],
  ['flatten', false],
  ['tolist', false],
  ['jsonencode', false],
  ['yamlencode', false],
  ['sort', true],
  ['keys', true],
]);

/** Does `v` hold the account stand-in, in a string or a map key (plain data; not in an Unknown)? */
export function holdsAccountStandIn(v: unknown): boolean {
  return holdsStandIn(v, holdsAccountText);
}

/** Is `sub` a /regex/ for `replace` (Terraform: "If substring is wrapped in forward slashes")? */
const isRegex = (sub: unknown): boolean =>
  typeof sub === 'string' && sub.length > 1 && sub.startsWith('/') && sub.endsWith('/');

/** Does the call of `base` on `args` (holding the account stand-in) keep its result? */
function keepsAccount(base: string, args: readonly unknown[], places: boolean): boolean {
  if (placesStandIn(base, args, places, KEEP_ACCOUNT, holdsAccountText)) return true;
  if (base === 'replace')
    return (
      !isRegex(args[1]) &&
      digitFreePatterns([args[1]]) &&
      typeof args[2] === 'string' &&
      !/[0-9]/.test(args[2])
    );
  if (LITERAL_MATCH.has(base)) return digitFreePatterns(args.slice(1));
  const order = COMPARES_WHOLE.get(base);
  return order !== undefined && accountComparesKeep(args, order);
}

/**
 * A call of `base` on `args` that hold the account stand-in (`holdsAccountStandIn`): see the
 * module comment. `places`: the function only places its arguments (functions.ts).
 */
export function accountCall(
  base: string,
  name: string,
  args: readonly unknown[],
  places: boolean,
  scope: Scope,
  pos: Pos | undefined,
): StandInAnswer {
  if (OWN_RULE.has(base)) return undefined;
  if (base === 'split' && typeof args[0] === 'string' && typeof args[1] === 'string') {
    if (splitKeepsStandIns(args[0], args[1])) return undefined;
    return {
      value: new StandInPieces(args[0], args[1], transformedStandIn(scope, pos, name, ACCOUNT_TRANSFORMED)),
    };
  }
  if (keepsAccount(base, args, places)) return undefined;
  return { value: transformedStandIn(scope, pos, name, ACCOUNT_TRANSFORMED) };
}

/** Why `==` / `!=` with the account stand-in is unknown. */
export const ACCOUNT_COMPARED =
  'it compares the deploying account, which is not given (pass --account), with a value it may or may not be';

/** May `l` and `r` (plain data) be equal for some accounts and not for others? */
function equalDependsOnAccount(l: unknown, r: unknown, depth = 0): boolean {
  if (depth > 32) return true;
  if (typeof l === 'string' && typeof r === 'string') return compareWithAccount(l, r).equal === 'maybe';
  if (Array.isArray(l) && Array.isArray(r))
    return l.length === r.length && l.some((x, i) => equalDependsOnAccount(x, r[i], depth + 1));
  if (isObject(l) && isObject(r)) {
    const lk = Object.keys(l);
    const rk = Object.keys(r);
    if (lk.some(holdsAccountText) || rk.some(holdsAccountText)) return true;
    if (lk.length !== rk.length || lk.some((k) => !Object.hasOwn(r, k))) return false;
    return lk.some((k) => equalDependsOnAccount(l[k], r[k], depth + 1));
  }
  return holdsAccountStandIn(l) || holdsAccountStandIn(r) ? !tfEquals(l, r) && typeof l === typeof r : false;
}

/**
 * `l == r` (`eq`: as computed on the stand-in) where a side holds the account stand-in: unknown
 * when it holds for some accounts only (`account_id == "123456789012"`), else undefined: `eq`.
 */
export function accountEquality(
  l: unknown,
  r: unknown,
  scope: Scope,
  pos: Pos,
): { value: unknown } | undefined {
  if (!holdsAccountStandIn(l) && !holdsAccountStandIn(r)) return undefined;
  if (!equalDependsOnAccount(l, r)) return undefined;
  return { value: unknownAt(scope, pos, ACCOUNT_COMPARED) };
}

/**
 * `l OP r` for an arithmetic or ordering operator where a side holds the account stand-in: Terraform
 * converts the string to a number (`account_id + 1`, `account_id > 5`), which differs from account
 * to account: unknown. Undefined otherwise.
 */
export function accountArithmetic(
  op: string,
  l: unknown,
  r: unknown,
  scope: Scope,
  pos: Pos,
): { value: unknown } | undefined {
  if (!(typeof l === 'string' && holdsAccountText(l)) && !(typeof r === 'string' && holdsAccountText(r)))
    return undefined;
  return { value: unknownAt(scope, pos, `${op}: ${ACCOUNT_TRANSFORMED}`) };
}

/** Why a read of a map by a key holding the account, or keyed by it, is unknown. */
export const ACCOUNT_KEYED_READ =
  'it reads a map by the deploying account, which is not given (pass --account), and the entry differs from account to account';

/**
 * `m[key]` or `lookup(m, key, default)` (`fallback`: undefined for none) where `key` or a key of
 * `m` holds the account stand-in (`var.by_account[account_id]`): the entry when one key is `key`
 * for every account and no other may be; else each entry whose key may be `key` (and the default,
 * or for none nothing: a miss fails the plan) a possibility, the value when they agree, else
 * unknown. Undefined when the read is the same for every account: read as usual.
 */
export function accountKeyedRead(
  m: Record<string, unknown>,
  key: string,
  fallback: unknown,
  scope: Scope,
  pos: Pos | undefined,
): StandInAnswer {
  if (!keyedByStandIn(m, key, holdsAccountText)) return undefined;
  let always = false;
  const maybe: unknown[] = [];
  for (const k in m) {
    const c = compareWithAccount(key, k).equal;
    if (c === 'always') always = true;
    else if (c === 'maybe') maybe.push(m[k]);
  }
  if (!maybe.length) return undefined;
  const candidates = always ? [m[key], ...maybe] : fallback === undefined ? maybe : [...maybe, fallback];
  const first = candidates[0];
  if (candidates.every((c) => tfEquals(c, first))) return { value: first };
  return { value: unknownAt(scope, pos, ACCOUNT_KEYED_READ) };
}
