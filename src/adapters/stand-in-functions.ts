// Functions of a stand-in the inputs leave unknown, for both adapters: the deploying Region
// (`PLACEHOLDER_REGION` when no --region and no provider region; a Terraform aliased provider's
// `UNKNOWN_REGION`) and the accounts whose ids are not given (`isStandInAccount`), src/model/stand-ins.ts.
// A stand-in is no value AWS gives (`deploying-region` is no region code), so a function reading
// its characters (a split at `-`, a substring, a hash) gives a concrete value that no Region or
// account gives. Owns the rule that says when such a function keeps its result:
// - the same function of every Region (`sameForEveryRegion`): each Region of `REGION_PROBES` put
//   in place of the stand-in gives the result with that Region in place of the stand-in (a
//   `split(":", arn)`, a length of such a list): kept;
// - a split at a separator that cuts no stand-in (`splitKeepsStandIns`): the pieces, with the
//   stand-in whole in one of them; else the pieces are unknown (`StandInPieces`), and joining them
//   back with the same separator is the string split (`!Join ['-', !Split ['-', !Ref
//   AWS::Region]]` is the Region);
// - anything else: unknown, with `REGION_TRANSFORMED` / `ACCOUNT_TRANSFORMED` as the reason.
// The Region has a list of every value it can take (the AWS General Reference) and one more of its
// shape, so probing decides; an account id is any of 10^12, so for the account only structural
// rules keep a result: a separator or a pattern without a digit (an account id is 12 digits), and
// for what compares whole strings (`==`, a set, a map key), `compareWithAccount`: two strings are
// equal for every account, for none, or maybe (then the result is unknown), read position by
// position with the account's 12 characters as "some digit".
// Callers: src/adapters/terraform/eval/fn-region.ts (Terraform functions),
// src/adapters/cloudformation/intrinsics.ts (Fn::Split, Fn::Join, Fn::Base64, Fn::Equals...).

import { holdsStandInAccount, PLACEHOLDER_REGION, UNKNOWN_REGION } from '../model/stand-ins.js';
import { Unknown } from '../model/unknown.js';

/** Why the result of a function of a region that is not given is unknown. */
export const REGION_TRANSFORMED =
  'it compares or transforms a region that is not given (the deploying region: pass --region; or an unknown provider region), and its result differs from region to region';

/** Why the result of a function of an account that is not given is unknown. */
export const ACCOUNT_TRANSFORMED =
  'it compares or transforms the deploying account, which is not given (pass --account), and its result differs from account to account';

/**
 * Region codes put in place of the stand-in to see whether a result depends on which region it
 * is: the Regions of the AWS General Reference ("AWS Regions": commercial, AWS GovCloud (US),
 * China, the European Sovereign Cloud, the ISO partitions) and one code of their shape that no
 * Region has yet (`zz-unlisted-9`), for a Region added later.
 */
export const REGION_PROBES: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-1',
  'ap-south-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  'sa-east-1',
  'us-gov-east-1',
  'us-gov-west-1',
  'cn-north-1',
  'cn-northwest-1',
  'eusc-de-east-1',
  'us-iso-east-1',
  'us-iso-west-1',
  'us-isob-east-1',
  'zz-unlisted-9',
];

/** The stand-ins of a region that is not given. */
export const REGION_STAND_INS: readonly string[] = [PLACEHOLDER_REGION, UNKNOWN_REGION];

/** Does `s` hold a region that is not given? */
export function holdsRegionText(s: string): boolean {
  return s.includes(PLACEHOLDER_REGION) || s.includes(UNKNOWN_REGION);
}

/** Does `s` hold an account that is not given (the deploying one, or another: `isStandInAccount`)? */
export function holdsAccountText(s: string): boolean {
  return holdsStandInAccount(s);
}

/**
 * The stand-ins `v` holds, in strings and map keys of plain data (not inside an Unknown), as
 * `region` / `account`.
 */
export function standInsHeld(v: unknown, depth = 0): { region: boolean; account: boolean } {
  const out = { region: false, account: false };
  const walk = (x: unknown, d: number): void => {
    if (typeof x === 'string') {
      if (holdsRegionText(x)) out.region = true;
      if (holdsAccountText(x)) out.account = true;
      return;
    }
    if (x === null || typeof x !== 'object' || d > 32 || x instanceof Unknown) return;
    if (Array.isArray(x)) {
      for (const y of x) walk(y, d + 1);
      return;
    }
    for (const [k, y] of Object.entries(x)) {
      walk(k, d + 1);
      walk(y, d + 1);
    }
  };
  walk(v, depth);
  return out;
}

/** What `substituteRegion` gives for a value holding an object that is not plain data. */
export const OPAQUE: unique symbol = Symbol('opaque');

function isPlain(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** `v` with every stand-in region replaced by `region` (map keys too); OPAQUE for non-plain data. */
export function substituteRegion(v: unknown, region: string, depth = 0): unknown {
  if (typeof v === 'string') {
    if (!holdsRegionText(v)) return v;
    let out = v;
    for (const s of REGION_STAND_INS) out = out.split(s).join(region);
    return out;
  }
  if (v === null || typeof v !== 'object') return v;
  // an unknown stays what it is (its text is not the region's)
  if (v instanceof Unknown) return v;
  if (depth > 32) return OPAQUE;
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const x of v) {
      const y = substituteRegion(x, region, depth + 1);
      if (y === OPAQUE) return OPAQUE;
      out.push(y);
    }
    return out;
  }
  if (!isPlain(v)) return OPAQUE;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const y = substituteRegion(x, region, depth + 1);
    if (y === OPAQUE) return OPAQUE;
    out[substituteRegion(k, region) as string] = y;
  }
  return out;
}

/**
 * Is `call(args)` the same function of the region for every Region (`REGION_PROBES`)? `call` with
 * each Region in place of the stand-in gives `call(args)` with that Region in place of the
 * stand-in (`equals` compares). False when a call throws or a value is not plain data.
 */
export function sameForEveryRegion(
  args: readonly unknown[],
  call: (args: unknown[]) => unknown,
  equals: (a: unknown, b: unknown) => boolean,
): boolean {
  let out: unknown;
  try {
    out = call([...args]);
  } catch {
    return false;
  }
  for (const region of REGION_PROBES) {
    const probeArgs = args.map((a) => substituteRegion(a, region));
    if (probeArgs.includes(OPAQUE)) return false;
    let expected: unknown;
    try {
      expected = call(probeArgs);
    } catch {
      return false;
    }
    const got = substituteRegion(out, region);
    if (got === OPAQUE || !equals(expected, got)) return false;
  }
  return true;
}

/** Characters no region code (nor stand-in) holds: a separator made of them never cuts one. */
export function apartFromRegions(sep: unknown): boolean {
  return typeof sep === 'string' && sep !== '' && !/[a-z0-9-]/.test(sep);
}

/**
 * Does splitting `whole` at `separator` give the same pieces, stand-ins in place, whatever the
 * Region and account are? For the Region: a separator apart from region codes, or the same split
 * for every Region (`sameForEveryRegion`); for the account: a separator without a digit (an
 * account id is 12 digits).
 */
export function splitKeepsStandIns(separator: string, whole: string): boolean {
  if (holdsAccountText(whole) && (separator === '' || /[0-9]/.test(separator))) return false;
  if (!holdsRegionText(whole) || apartFromRegions(separator)) return true;
  return sameForEveryRegion(
    [separator, whole],
    ([sep, s]) => (s as string).split(sep as string),
    (a, b) => JSON.stringify(a) === JSON.stringify(b),
  );
}

/**
 * The pieces of `whole` split at `separator` where `whole` holds a stand-in the split may cut
 * (`us-gov-west-1` has four pieces at `-`): unknown; joined with the same separator they are
 * `whole` again.
 */
export class StandInPieces extends Unknown {
  constructor(
    readonly separator: string,
    readonly whole: string,
    why: Unknown,
  ) {
    super(why.reason, why.source);
  }
}

/** The length of every AWS account id: 12 digits (AWS Account Management Reference Guide, "View AWS account identifiers"). */
export const ACCOUNT_ID_LENGTH = 12;

/** A stand-in account id in a string (src/model/stand-ins.ts `standInAccountId`). */
const STAND_IN_RUN = /(?<!\d)0{11}\d(?!\d)/g;

/**
 * `s` as character codes, each character of an account stand-in as `-(12 n + k + 1)`, k its
 * place in the account id and n the stand-in's number (one stand-in is one account: the same k
 * of the same stand-in is the same digit; two stand-ins may be any two accounts).
 */
function accountItems(s: string): number[] {
  const out: number[] = [];
  let at = 0;
  const text = (to: number) => {
    for (let j = at; j < to; j++) out.push(s.charCodeAt(j));
  };
  if (holdsStandInAccount(s))
    for (const m of s.matchAll(STAND_IN_RUN)) {
      text(m.index);
      const n = Number(m[0][ACCOUNT_ID_LENGTH - 1]);
      for (let k = 0; k < ACCOUNT_ID_LENGTH; k++) out.push(-(n * ACCOUNT_ID_LENGTH + k + 1));
      at = m.index + m[0].length;
    }
  text(s.length);
  return out;
}

const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;

/** How two strings compare whatever 12-digit id the account stand-in in them is. */
export interface AccountComparison {
  /** equal for every account, for none, or for some only */
  readonly equal: 'always' | 'never' | 'maybe';
  /** their order (by character) is the same for every account */
  readonly orderFixed: boolean;
}

/**
 * `a` and `b` (either may hold account stand-ins, `isStandInAccount`) compared for every
 * account: a character of the account is some digit, so it differs from every other character
 * than a digit; two places of the account hold the same digit only if they are the same place.
 * An account id has as many characters as the stand-in, so strings of different lengths stay so.
 */
export function compareWithAccount(a: string, b: string): AccountComparison {
  if (a === b) return { equal: 'always', orderFixed: true };
  const x = accountItems(a);
  const y = accountItems(b);
  let never = x.length !== y.length;
  let first = -1;
  let firstApart = false;
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const p = x[i]!;
    const q = y[i]!;
    if (p === q) continue;
    const apart =
      (p >= 0 && q >= 0) || (p < 0 && q >= 0 && !isDigitCode(q)) || (q < 0 && p >= 0 && !isDigitCode(p));
    if (first < 0) {
      first = i;
      firstApart = apart;
    }
    if (apart) {
      never = true;
      break;
    }
  }
  if (first < 0) return { equal: never ? 'never' : 'always', orderFixed: true };
  return { equal: never ? 'never' : 'maybe', orderFixed: firstApart };
}

/** More string pairs than this: not compared, the result is unknown. */
const MAX_ACCOUNT_PAIRS = 250_000;

/**
 * Do the strings in `values` (strings, numbers as Terraform converts them, map keys; plain data)
 * compare the same way for every account: no two, one holding the account stand-in, are equal for
 * some accounts only (`toset([account_id, "123456789012"])` has one element or two), and with
 * `order` their order is fixed too (`sort`, `keys`)? The rule for a function that compares whole
 * strings and never reads their characters.
 */
export function accountComparesKeep(values: readonly unknown[], order: boolean): boolean {
  const strings = new Set<string>();
  const walk = (v: unknown, d: number): void => {
    if (typeof v === 'string') strings.add(v);
    else if (typeof v === 'number') strings.add(String(v));
    else if (v === null || typeof v !== 'object' || d > 32 || v instanceof Unknown) return;
    else if (Array.isArray(v)) for (const y of v) walk(y, d + 1);
    else
      for (const [k, y] of Object.entries(v)) {
        strings.add(k);
        walk(y, d + 1);
      }
  };
  for (const v of values) walk(v, 0);
  const all = [...strings];
  const held = all.filter(holdsAccountText);
  if (!held.length) return true;
  if (held.length * all.length > MAX_ACCOUNT_PAIRS) return false;
  for (const a of held)
    for (const b of all) {
      if (a === b) continue;
      const c = compareWithAccount(a, b);
      if (c.equal === 'maybe' || (order && !c.orderFixed)) return false;
    }
  return true;
}

/**
 * Does a function that matches `patterns` literally in a string holding the account
 * (`replace(arn, "/", "_")`, `trimprefix(arn, "arn:aws:iam::")`, `startswith`) act the same for
 * every account? Yes when no pattern holds a digit (nor the account) and none is empty: such a
 * pattern never matches a character of the account, and the rest of the string is the same.
 */
export function digitFreePatterns(patterns: readonly unknown[]): boolean {
  return patterns.every((p) => typeof p === 'string' && p !== '' && !/[0-9]/.test(p));
}

/** The reason for an unknown function of the stand-ins in `v` (`standInsHeld`). */
export function transformedReason(held: { region: boolean; account: boolean }): string {
  return held.region ? REGION_TRANSFORMED : ACCOUNT_TRANSFORMED;
}
