// The model of a world where some unknown name parts (`(unknown-…)`, src/model/stand-ins.ts
// `partlyKnownName`) have values (src/engine/name-worlds.ts): the base model with each such part
// replaced by its value everywhere (sources and findings kept), built copy-on-write. Only the
// objects that hold a string with one of the parts fixed (and the objects above them) are copied;
// every other object is the base model's own, so what is derived from it by content (compiled
// policies, caches keyed by a policy or an element) is shared by the worlds. The content is what
// `substituteStrings` over the whole model gives (`fullNameWorldModel`, kept for the tests that
// compare the two). Also records each world's base and values (`nameWorldOrigin`), for what can
// be derived from the base's (src/model/stand-ins.ts `accountNamesOf`). Owns `nameWorldModel`.

import { modelInAccount, SKIP, substituteInString, substituteStrings } from './account-substitution.js';
import { UNKNOWN_NAME_PART_OPEN } from './stand-ins.js';
import type { Model } from './types.js';

/** A world's base model and the parts it fixes, by the world's model. */
const ORIGIN = new WeakMap<Model, { base: Model; binding: ReadonlyMap<string, string> }>();

/** The base model and the values of the parts of a world's model made by `nameWorldModel`. */
export function nameWorldOrigin(
  model: Model,
): { base: Model; binding: ReadonlyMap<string, string> } | undefined {
  return ORIGIN.get(model);
}

/** The map of a string into the world where `binding`'s parts have its values (every part, longest first). */
export function nameWorldReplacer(binding: ReadonlyMap<string, string>): (s: string) => string {
  // A part and the same part with its closing `/` (an unknown path) are both parts: the longer
  // is replaced first, as a world within the world fixing the longer does.
  const parts = [...binding].sort((a, b) => b[0].length - a[0].length);
  return (x) => {
    if (!x.includes(UNKNOWN_NAME_PART_OPEN)) return x;
    let out = x;
    for (const [part, value] of parts) out = out.replaceAll(part, value);
    return out;
  };
}

/** `model` with `binding`'s parts replaced by copying every object (the reference build). */
export function fullNameWorldModel(model: Model, binding: ReadonlyMap<string, string>): Model {
  return substituteStrings(model, nameWorldReplacer(binding));
}

/**
 * Per base model, the unknown part texts (`(unknown-…)`, up to the first `)` after it: every
 * occurrence of a part a world fixes is one) in the strings below each
 * object that holds one (keys included; not below `SKIP`'s properties, which are kept as they
 * are); an object absent holds none. Null when the model's objects form a cycle (then worlds are
 * copied whole).
 */
const PARTS_BELOW = new WeakMap<Model, PartsBelow | null>();

interface PartsBelow {
  /** The part texts below each object that holds one. */
  below: Map<object, ReadonlySet<string>>;
  /** Every string value holding an unknown part. */
  strings: ReadonlySet<string>;
  /** Does an object key hold an unknown part? */
  keyHoldsPart: boolean;
}

function partsIn(s: string, into: Set<string>): void {
  let at = s.indexOf(UNKNOWN_NAME_PART_OPEN);
  while (at >= 0) {
    const close = s.indexOf(')', at);
    if (close < 0) {
      // an open part without its `)`: the rest of the string stands for it
      into.add(s.slice(at));
      return;
    }
    into.add(s.slice(at, close + 1));
    // from the next character: a part text met inside another's (`(unknown-a(unknown-b)`) too
    at = s.indexOf(UNKNOWN_NAME_PART_OPEN, at + 1);
  }
}

/** Whether `x` is copied by `substituteStrings` (else kept as it is). */
function isCopied(x: unknown): x is object {
  return (
    x !== null &&
    typeof x === 'object' &&
    !(x instanceof Map || x instanceof Set || x instanceof Date || x instanceof RegExp)
  );
}

/**
 * The parts below each object of `model` (see `PARTS_BELOW`): one walk, children before their
 * parent (iterative: no depth limit).
 */
function partsBelow(model: Model): PartsBelow | null {
  const known = PARTS_BELOW.get(model);
  if (known !== undefined) return known;
  const out = new Map<object, ReadonlySet<string>>();
  const strings = new Set<string>();
  let keyHoldsPart = false;
  const done = new Set<object>();
  const open = new Set<object>();
  const stack: { x: object; children: unknown[]; keys: string[] }[] = [];
  const enter = (x: object) => {
    open.add(x);
    if (Array.isArray(x)) {
      stack.push({ x, children: [...x], keys: [] });
      return;
    }
    const keys = Object.keys(x);
    stack.push({
      x,
      children: keys.filter((k) => !SKIP.has(k)).map((k) => (x as Record<string, unknown>)[k]),
      keys,
    });
  };
  let cyclic = false;
  enter(model);
  while (stack.length && !cyclic) {
    const top = stack[stack.length - 1]!;
    const next = top.children.pop();
    if (next !== undefined || top.children.length) {
      if (isCopied(next) && !done.has(next)) {
        if (open.has(next)) cyclic = true;
        else enter(next);
      }
      continue;
    }
    stack.pop();
    open.delete(top.x);
    done.add(top.x);
    const found = new Set<string>();
    for (const k of top.keys) partsIn(k, found);
    if (found.size) keyHoldsPart = true;
    const values = Array.isArray(top.x)
      ? top.x
      : top.keys.filter((k) => !SKIP.has(k)).map((k) => (top.x as Record<string, unknown>)[k]);
    for (const v of values) {
      if (typeof v === 'string') {
        partsIn(v, found);
        if (v.includes(UNKNOWN_NAME_PART_OPEN)) strings.add(v);
      } else if (isCopied(v)) for (const p of out.get(v) ?? []) found.add(p);
    }
    if (found.size) out.set(top.x, found);
  }
  const result = cyclic ? null : { below: out, strings, keyHoldsPart };
  PARTS_BELOW.set(model, result);
  return result;
}

/**
 * `model` with each unknown part of `binding` replaced by its value everywhere (see the module
 * comment): the objects holding none of the parts are the base model's.
 */
export function nameWorldModel(model: Model, binding: ReadonlyMap<string, string>): Model {
  const below = partsBelow(model)?.below;
  const replace = nameWorldReplacer(binding);
  // the part texts the walk looks for: a path part's `/` after its `)` is not in `PARTS_BELOW`
  const fixed = [...binding.keys()].map((p) => (p.endsWith(')/') ? p.slice(0, -1) : p));
  const touched = (x: object) => {
    if (!below) return true;
    const parts = below.get(x);
    return !!parts && fixed.some((p) => parts.has(p));
  };
  const root = substituteStrings(model, replace, SKIP, touched);
  const world = root === model ? { ...model } : root;
  ORIGIN.set(world, { base: model, binding });
  return world;
}

/** Per model, its models in other accounts (`accountWorldModel`), by `from>to`. */
const IN_ACCOUNT = new WeakMap<Model, Map<string, Model>>();

/** A run of 12 digits: text the account substitution may change. */
const DIGIT_RUN = /\d{12}/;

/**
 * Does the world of `binding` over `base` in the account `to` (the stand-in `from` replaced:
 * account-substitution.ts) give the same model whichever substitution comes first? When no part
 * holds a run of 12 digits (replacing a run then neither makes nor breaks a part, nor a part a
 * run outside the strings holding it), no object key holds a part (keys are replaced alike), and
 * each string holding one of the parts comes out the same both ways (a value may make or break a
 * run next to its part: an empty path between two digits).
 */
function commutesWithAccounts(
  base: Model,
  binding: ReadonlyMap<string, string>,
  to: string,
  from: string,
): boolean {
  const walked = partsBelow(base);
  if (!walked || walked.keyHoldsPart) return false;
  const parts = [...binding.keys()];
  if (parts.some((p) => DIGIT_RUN.test(p))) return false;
  const names = nameWorldReplacer(binding);
  for (const s of walked.strings)
    if (
      parts.some((p) => s.includes(p)) &&
      substituteInString(names(s), to, from) !== names(substituteInString(s, to, from))
    )
      return false;
  return true;
}

/**
 * The model `model` would be if the stand-in account `from` were `to` (account-substitution.ts
 * `modelInAccount`), kept per model; for a name world's model, when the two substitutions commute
 * (`commutesWithAccounts`), the name world of its base's model in that account (copy-on-write:
 * the objects holding none of the parts are that model's).
 */
export function accountWorldModel(model: Model, to: string, from: string): Model {
  let byKey = IN_ACCOUNT.get(model);
  if (!byKey) {
    byKey = new Map();
    IN_ACCOUNT.set(model, byKey);
  }
  const key = `${from}>${to}`;
  let out = byKey.get(key);
  if (!out) {
    const origin = ORIGIN.get(model);
    out =
      origin && commutesWithAccounts(origin.base, origin.binding, to, from)
        ? nameWorldModel(accountWorldModel(origin.base, to, from), origin.binding)
        : modelInAccount(model, to, from);
    byKey.set(key, out);
  }
  return out;
}
