// Moving a Model to worker threads (for matrix/workers.ts). A model is plain data
// except for `Unknown` values, which are class instances: the structured clone / v8 serializer
// keeps their fields but not their class, and the engine recognises them with `instanceof`. So
// the model is serialized once into a SharedArrayBuffer (shared by every worker, not copied per
// worker) together with the paths of its Unknown values, and each worker deserializes it and
// turns the values at those paths back into `Unknown` instances, with the marks a tag value
// carries outside its fields (`mayBeAbsentTag`, `deploymentTag` in model/types.ts: WeakSets, which
// no serializer sees) set again.

import { deserialize, serialize } from 'node:v8';
import {
  deploymentTag,
  isDeploymentTag,
  isMayBeAbsentTag,
  mayBeAbsentTag,
  type Model,
} from '../model/types.js';
import { PartlyKnown, Unknown } from '../model/unknown.js';

/** Where an Unknown sits in the model: property names and array indexes from the root. */
export type ValuePath = (string | number)[];

export interface PackedModel {
  /** The model serialized with node:v8 `serialize`, in memory the workers share. */
  bytes: SharedArrayBuffer;
  /** Paths of the model's Unknown values (one per occurrence). */
  unknowns: ValuePath[];
  /** Paths (of `unknowns`) of tag values marked `mayBeAbsentTag` and `deploymentTag`. */
  mayBeAbsent: ValuePath[];
  deployment: ValuePath[];
}

/** Packed frozen models: a model built by ModelBuilder is deep-frozen, so its packing never changes. */
const packedModels = new WeakMap<Model, PackedModel>();

/**
 * Serializes `model` for `unpackModel` in another thread. A frozen model (ModelBuilder's) is
 * packed once: callers that build several matrices of one model (the access diff) reuse it.
 */
export function packModel(model: Model): PackedModel {
  const known = packedModels.get(model);
  if (known) return known;
  const packed = packNow(model);
  if (Object.isFrozen(model)) packedModels.set(model, packed);
  return packed;
}

function packNow(model: Model): PackedModel {
  const buffer = serialize(model);
  const bytes = new SharedArrayBuffer(buffer.byteLength);
  new Uint8Array(bytes).set(buffer);
  const unknowns = unknownPaths(model);
  const at = (path: ValuePath) =>
    path.reduce<unknown>((x, k) => (x as Record<string | number, unknown>)[k], model);
  return {
    bytes,
    unknowns,
    mayBeAbsent: unknowns.filter((p) => isMayBeAbsentTag(at(p))),
    deployment: unknowns.filter((p) => isDeploymentTag(at(p))),
  };
}

type PlainUnknown = { reason: string; source: Unknown['source']; parts?: (string | PlainUnknown)[] };

/** An Unknown from its serialized fields; a partly known one keeps its parts. */
function restoreUnknown(plain: PlainUnknown): Unknown {
  const u = new Unknown(plain.reason, plain.source);
  if (!Array.isArray(plain.parts)) return u;
  const parts = plain.parts.map((p) => (typeof p === 'string' ? p : restoreUnknown(p)));
  return new PartlyKnown(parts, u);
}

/** The model `packModel` serialized, with its Unknown values restored as `Unknown` instances. */
export function unpackModel(packed: PackedModel): Model {
  // v8 `deserialize` needs a Buffer view; it copies what it reads, so the shared memory is only read.
  const model = deserialize(Buffer.from(packed.bytes)) as Model;
  for (const path of packed.unknowns) {
    let container: Record<string | number, unknown> = model as unknown as Record<string, unknown>;
    for (let i = 0; i < path.length - 1; i++)
      container = container[path[i]!] as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    container[last] = restoreUnknown(container[last] as PlainUnknown);
  }
  const at = (path: ValuePath) =>
    path.reduce<unknown>((x, k) => (x as Record<string | number, unknown>)[k], model) as Unknown;
  for (const path of packed.mayBeAbsent) mayBeAbsentTag(at(path));
  for (const path of packed.deployment) deploymentTag(at(path));
  return model;
}

/**
 * Paths of every Unknown in `value`. Objects reached twice are walked once: the serializer keeps
 * shared objects shared, so restoring the first path restores every place the object appears.
 */
export function unknownPaths(value: unknown): ValuePath[] {
  const out: ValuePath[] = [];
  const seen = new Set<object>();
  const path: ValuePath = [];
  const walk = (v: unknown) => {
    if (v === null || typeof v !== 'object') return;
    if (v instanceof Unknown) {
      out.push([...path]);
      return;
    }
    if (seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        walk(v[i]);
        path.pop();
      }
      return;
    }
    for (const key of Object.keys(v)) {
      path.push(key);
      walk((v as Record<string, unknown>)[key]);
      path.pop();
    }
  };
  walk(value);
  return out;
}
