// The request context as condition evaluation sees it (results are the engine's Tri, ../tri.ts).
// Keys are lowercased (condition keys are case-insensitive, tag keys included); values are
// always string arrays so single- and multivalued keys share one shape.

import type { Unknown } from '../../model/unknown.js';
import type { CreatedElements } from '../../model/created-elements.js';
import type { ValueShape } from './shapes.js';

/** Request context as the engine sees it: keys lowercased (condition keys are case-insensitive, tag keys included), values always string arrays (single-valued keys have one element). */
export interface EvalContext {
  get(lowerKey: string): readonly string[] | undefined;
  /**
   * For a key `get` has no value for: the shape of its value when the key is present but its
   * value is known only after deploy (aws:userid of a user or role session, aws:ResourceAccount
   * of a bucket outside the model). Absent or undefined: the key is absent.
   */
  shape?(lowerKey: string): ValueShape | undefined;
  /**
   * For a key `get` and `shape` have nothing for: the shape its value would have when the key may
   * be present or absent, the inputs cannot say which (a tag of an element whose tags are not all
   * known). Absent or undefined: the key is absent.
   */
  maybePresent?(lowerKey: string): ValueShape | undefined;
  /**
   * The unknown a key's value or presence comes from when the model leaves it open (a tag whose
   * value is known only after deploy, tags the inputs do not show: the Unknown naming the
   * element), for the reason of a decision it makes indeterminate. Absent or undefined: none.
   */
  unknownBehind?(lowerKey: string): Unknown | undefined;
  /**
   * The model holds elements whose name the inputs leave unknown (src/engine/unknown-names.ts):
   * a request value holding an unknown name part (aws:PrincipalArn of such a role) is compared
   * three-valued. Set per model by the engine to the model's elements created for certain
   * (`CreatedElements`: a value naming one of them exactly names no other); absent, no value is
   * looked at for one.
   */
  namesUnknown?: CreatedElements;
  /**
   * The request's resource is an element of the inputs that surely exists (or inside one), not a
   * stand-in: a pattern naming an element whose name is unknown cannot name it (names are
   * unique). Absent or false: not known to be (one that might not exist leaves its name free).
   */
  readonly resourceInModel?: boolean;
}

class RecordContext implements EvalContext {
  private readonly map: Map<string, readonly string[]>;
  constructor(map: Map<string, readonly string[]>) {
    this.map = map;
  }
  get(lowerKey: string): readonly string[] | undefined {
    return this.map.get(lowerKey);
  }
}

/**
 * Builds an EvalContext from a plain record (convenience for tests and the engine). Keys are
 * lowercased; a string value becomes a one-element array. When two keys differ only by case the
 * later one wins. Entries whose value is neither a string nor an array of strings are skipped.
 */
export function contextFromRecord(rec: Record<string, string | readonly string[]>): EvalContext {
  const map = new Map<string, readonly string[]>();
  for (const [key, value] of Object.entries(rec)) {
    if (typeof value === 'string') map.set(key.toLowerCase(), [value]);
    else if (Array.isArray(value)) {
      map.set(
        key.toLowerCase(),
        value.filter((v): v is string => typeof v === 'string'),
      );
    }
  }
  return new RecordContext(map);
}
