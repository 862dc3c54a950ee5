// Built-in functions given a region that is not given: the deploying region's stand-in
// (`PLACEHOLDER_REGION`, no --region and no provider region) or an aliased provider
// configuration's unknown region (`UNKNOWN_REGION`), src/model/stand-ins.ts, which
// `data.aws_region.current.name` / `.region` and the ARNs the adapter builds hold. The stand-in is
// not a region code, so a function that reads its characters (`replace(region, "-", "")`,
// `substr(region, 0, 2)`, `upper`, `md5`, `startswith`) would give a concrete string (or
// number, bool) that is no value any region gives. Owns when such a call keeps its result:
// - a function that only places its arguments (`join`, `format("%s")`, `jsonencode`: as for an
//   unknown name, functions.ts `PLACES_NAMES`), or `lower` / `trimspace` / `chomp` (AWS region
//   codes are lower-case letters, digits and hyphens: AWS General Reference, "AWS Regions"),
//   when no map key holds the region: the result, with the region in it;
// - `split` by a separator no region code holds a character of (`split(":", arn)`): the pieces;
// - `join(sep, split(sep, s))`: `s` again (`RegionPieces`), as CloudFormation's
//   `!Join ['-', !Split ['-', !Ref AWS::Region]]` is the Region;
// - any other function: its result when it is the same function of the region for every region
//   of `REGION_PROBES` (each put in place of the stand-in: `length`, `keys`), else unknown with
//   the reason (`REGION_TRANSFORMED`). A function reading a file the region names is unknown.

import { PLACEHOLDER_REGION, UNKNOWN_REGION } from '../../../model/stand-ins.js';
import { Unknown } from '../../../model/unknown.js';
import { type Scope, unknownAt } from './scope.js';
import type { Pos } from '../hcl/ast.js';
import { EncodedJson, isObject, tfEquals } from './values.js';

/** Why the result of a function of a region that is not given is unknown. */
export const REGION_TRANSFORMED =
  'it compares or transforms a region that is not given (the deploying region: pass --region; or an unknown provider region), and its result differs from region to region';

/**
 * Region codes put in place of the stand-in to see whether a result depends on which region it
 * is: the Regions of the AWS General Reference ("AWS Regions": commercial, AWS GovCloud (US),
 * China, the European Sovereign Cloud, the ISO partitions) and one code of their shape that no
 * Region has yet (`zz-unlisted-9`), for a Region added later.
 */
const REGION_PROBES: readonly string[] = [
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

/** Functions that keep a region as it is: region codes are lower case, without spaces or newlines. */
const KEEP_REGION = new Set(['lower', 'trimspace', 'chomp']);

/** Functions that read files: a path naming the region names a file per region. */
const READS_FILES = new Set([
  'file',
  'filebase64',
  'filebase64sha256',
  'filebase64sha512',
  'fileexists',
  'filemd5',
  'fileset',
  'filesha1',
  'filesha256',
  'filesha512',
  'templatefile',
  'abspath',
  'pathexpand',
]);

/** Functions with their own rule for the region (`lookup`: keyedByStandInRegion) or none to check. */
const OWN_RULE = new Set(['lookup', 'templatestring']);

/**
 * `split(separator, whole)` where `whole` holds a region that is not given: its pieces depend on
 * which region it is (`us-gov-west-1` has four), so the list is unknown; `join(separator, …)` of
 * it with the same separator is `whole` again.
 */
export class RegionPieces extends Unknown {
  constructor(
    readonly separator: string,
    readonly whole: string,
    why: Unknown,
  ) {
    super(why.reason, why.source);
  }
}

const STAND_INS = [PLACEHOLDER_REGION, UNKNOWN_REGION];

function holdsText(s: string): boolean {
  return s.includes(PLACEHOLDER_REGION) || s.includes(UNKNOWN_REGION);
}

/** Does `v` hold a region that is not given, in a string or a map key (plain data; not in an Unknown)? */
export function holdsRegionStandIn(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return holdsText(v);
  if (v === null || typeof v !== 'object' || depth > 32) return false;
  if (Array.isArray(v)) return v.some((x) => holdsRegionStandIn(x, depth + 1));
  if (v instanceof EncodedJson) return holdsRegionStandIn(v.value, depth + 1);
  if (!isObject(v)) return false;
  for (const k in v) if (holdsText(k) || holdsRegionStandIn(v[k], depth + 1)) return true;
  return false;
}

function keyHoldsRegion(v: unknown, depth = 0): boolean {
  if (v === null || typeof v !== 'object' || depth > 32) return false;
  if (Array.isArray(v)) return v.some((x) => keyHoldsRegion(x, depth + 1));
  if (!isObject(v)) return false;
  return Object.entries(v).some(([k, x]) => holdsText(k) || keyHoldsRegion(x, depth + 1));
}

/** What `substitute` gives for a value holding an object that is not plain data. */
const OPAQUE = Symbol('opaque');

/** `v` with every stand-in region replaced by `region` (map keys too); OPAQUE for non-plain data. */
function substitute(v: unknown, region: string, depth = 0): unknown {
  if (typeof v === 'string') {
    if (!holdsText(v)) return v;
    let out = v;
    for (const s of STAND_INS) out = out.split(s).join(region);
    return out;
  }
  if (v === null || typeof v !== 'object') return v;
  // an unknown stays what it is (its text is not the region's)
  if (v instanceof Unknown) return v;
  if (depth > 32) return OPAQUE;
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const x of v) {
      const y = substitute(x, region, depth + 1);
      if (y === OPAQUE) return OPAQUE;
      out.push(y);
    }
    return out;
  }
  if (!isObject(v)) return OPAQUE;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const y = substitute(x, region, depth + 1);
    if (y === OPAQUE) return OPAQUE;
    out[substitute(k, region) as string] = y;
  }
  return out;
}

/**
 * Does the call only place its arguments' text, so that the region stays as it is? `places`: the
 * function places names as they are (functions.ts `PLACES_NAMES`, format verbs included).
 */
function placesRegion(base: string, args: readonly unknown[], places: boolean): boolean {
  if (!places && !KEEP_REGION.has(base)) return false;
  // a map keyed by the region: which entries merge, and their order, depend on the region
  return !args.some((a) => keyHoldsRegion(a));
}

/** Characters no region code (nor stand-in) holds: a separator made of them never cuts one. */
function apartFromRegions(sep: unknown): boolean {
  return typeof sep === 'string' && sep !== '' && !/[a-z0-9-]/.test(sep);
}

/** Same value, sets compared as sets (`toset` gives a sorted list: the order may differ by region). */
function sameResult(base: string, a: unknown, b: unknown): boolean {
  if (base === 'toset' && Array.isArray(a) && Array.isArray(b)) {
    const key = (x: unknown) => JSON.stringify(x);
    return tfEquals(
      [...a].sort((x, y) => key(x).localeCompare(key(y))),
      [...b].sort((x, y) => key(x).localeCompare(key(y))),
    );
  }
  return tfEquals(a, b);
}

/** The answer of `regionCall`: the call's value, or `undefined`: call the function as usual. */
export type RegionAnswer = { value: unknown } | undefined;

/**
 * `join(sep, split(sep, s))` with `s` holding a region that is not given: `s`. Runs before the
 * checks for unknown arguments (the pieces are an Unknown).
 */
export function joinOfRegionPieces(base: string, args: readonly unknown[]): RegionAnswer {
  if (base !== 'join' || args.length !== 2) return undefined;
  const [sep, pieces] = args;
  return pieces instanceof RegionPieces && sep === pieces.separator ? { value: pieces.whole } : undefined;
}

/**
 * A call of `base` on `args` that hold a region that is not given (`holdsRegionStandIn`): see the
 * module comment. `call` calls the function on other arguments (it may throw).
 */
export function regionCall(
  base: string,
  name: string,
  args: readonly unknown[],
  call: (args: unknown[]) => unknown,
  places: boolean,
  scope: Scope,
  pos: Pos | undefined,
): RegionAnswer {
  if (OWN_RULE.has(base) || placesRegion(base, args, places)) return undefined;
  if (base === 'split' && apartFromRegions(args[0])) return undefined;
  const unknown = () => unknownAt(scope, pos, `${name}(): ${REGION_TRANSFORMED}`);
  const fileArgs = base === 'templatefile' ? args.slice(0, 1) : args;
  if (READS_FILES.has(base))
    return fileArgs.some((a) => holdsRegionStandIn(a)) ? { value: unknown() } : undefined;
  const same = (): boolean => {
    let out: unknown;
    try {
      out = call([...args]);
    } catch {
      return false;
    }
    for (const region of REGION_PROBES) {
      const probeArgs = args.map((a) => substitute(a, region));
      if (probeArgs.includes(OPAQUE)) return false;
      let expected: unknown;
      try {
        expected = call(probeArgs);
      } catch {
        return false;
      }
      const got = substitute(out, region);
      if (got === OPAQUE || !sameResult(base, expected, got)) return false;
    }
    return true;
  };
  if (same()) return undefined;
  if (base === 'split' && typeof args[0] === 'string' && typeof args[1] === 'string')
    return { value: new RegionPieces(args[0], args[1], unknown()) };
  return { value: unknown() };
}
