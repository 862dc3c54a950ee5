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
// - `join(sep, split(sep, s))`: `s` again (`StandInPieces`), as CloudFormation's
//   `!Join ['-', !Split ['-', !Ref AWS::Region]]` is the Region;
// - any other function: its result when it is the same function of the region for every region
//   (`sameForEveryRegion`: `length`, `keys`), else unknown with the reason (`REGION_TRANSFORMED`).
//   A function reading a file the region names is unknown.
// The probing and the pieces are the rule CloudFormation's intrinsics apply too
// (src/adapters/stand-in-functions.ts); this module owns which Terraform functions place, keep or
// read the region.

import {
  apartFromRegions,
  holdsRegionText,
  REGION_TRANSFORMED,
  sameForEveryRegion,
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
import { keyedByStandInRegion, tfEquals } from './values.js';

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

/** Does `v` hold a region that is not given, in a string or a map key (plain data; not in an Unknown)? */
export function holdsRegionStandIn(v: unknown): boolean {
  return holdsStandIn(v, holdsRegionText);
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

/**
 * `join(sep, split(sep, s))` with `s` holding a region that is not given: `s`. Runs before the
 * checks for unknown arguments (the pieces are an Unknown).
 */
export function joinOfRegionPieces(base: string, args: readonly unknown[]): StandInAnswer {
  if (base !== 'join' || args.length !== 2) return undefined;
  const [sep, pieces] = args;
  return pieces instanceof StandInPieces && sep === pieces.separator ? { value: pieces.whole } : undefined;
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
): StandInAnswer {
  if (OWN_RULE.has(base) || placesStandIn(base, args, places, KEEP_REGION, holdsRegionText)) return undefined;
  if (base === 'split' && apartFromRegions(args[0])) return undefined;
  const unknown = () => transformedStandIn(scope, pos, name, REGION_TRANSFORMED);
  const fileArgs = base === 'templatefile' ? args.slice(0, 1) : args;
  if (READS_FILES.has(base))
    return fileArgs.some((a) => holdsRegionStandIn(a)) ? { value: unknown() } : undefined;
  const same = (): boolean =>
    sameForEveryRegion(args, call, (expected, got) => sameResult(base, expected, got));
  if (same()) return undefined;
  if (base === 'split' && typeof args[0] === 'string' && typeof args[1] === 'string')
    return { value: new StandInPieces(args[0], args[1], unknown()) };
  return { value: unknown() };
}

/** Why a read of a map keyed by a region that is not given is unknown. */
export const REGION_KEYED_READ =
  'it reads a map keyed by a region that is not given (a key or the map key built from the deploying region: pass --region; or an unknown provider region), and the entry differs from region to region';

/** A map read that finds no entry (and has no default): a miss. */
class Miss extends Error {}

/**
 * `m[key]` or `lookup(m, key, default)` (`fallback`: the default, undefined for none) where `key`
 * or a key of `m` holds a region that is not given (`{ (data.aws_region.current.name) = 1,
 * "us-east-1" = 2 }`, `var.by_region[local.region]`): which entry is read depends on the region
 * (in us-east-1 the two keys above are one, the later entry wins). The entry when the read is the
 * same for every region (`sameForEveryRegion`); a key holding the region read from a map keyed
 * by region codes: each entry (and the default) a possibility, the value when they agree
 * (values.ts `keyedByStandInRegion`); else unknown with the reason, never one arbitrary entry.
 * Undefined when neither holds the region: read as usual.
 */
export function regionKeyedRead(
  m: Record<string, unknown>,
  key: string,
  fallback: unknown,
  scope: Scope,
  pos: Pos | undefined,
): StandInAnswer {
  const keyed = keyedByStandIn(m, key, holdsRegionText)?.mapKeyed;
  if (keyed === undefined) return undefined;
  const read = ([map, k, d]: unknown[]): unknown => {
    const o = map as Record<string, unknown>;
    if (Object.hasOwn(o, k as string)) return o[k as string];
    if (d !== undefined) return d;
    throw new Miss();
  };
  const args = [m, key, fallback];
  if (sameForEveryRegion(args, read, tfEquals)) return { value: read(args) };
  if (!keyed)
    return {
      value: keyedByStandInRegion(
        fallback === undefined ? Object.values(m) : [...Object.values(m), fallback],
        scope,
        pos,
      ),
    };
  return { value: unknownAt(scope, pos, REGION_KEYED_READ) };
}
