// Moving a Model to worker threads (for matrix/workers.ts). A model is plain data
// except for `Unknown` values, which are class instances: the structured clone / v8 serializer
// keeps their fields but not their class, and the engine recognises them with `instanceof`. So
// the model is serialized once into a SharedArrayBuffer (shared by every worker, not copied per
// worker) together with the paths of its Unknown values, and each worker deserializes it and
// turns the values at those paths back into `Unknown` instances (one instance per instance of the
// model, wherever it occurs: presences are compared by identity), with the marks a tag value
// carries outside its fields (`mayBeAbsentTag`, `deploymentTag` in model/types.ts: WeakSets, which
// no serializer sees) set again. The bytes can go to the workers before the Unknowns are found
// (`packModel`'s `onBytes`; `deserializeModel`, then `restoreUnknowns`): a worker deserializes
// while this thread walks the model. A worker that only decides asks for a copy without what no
// decision reads (`forDecisions`: the place of each value of a policy element, `valueSources`,
// which only validation reports), so its copy holds less.

import { deserialize, serialize } from 'node:v8';
import { builtWithoutUnknowns } from '../model/builder.js';
import {
  deploymentTag,
  type InlinePolicy,
  isDeploymentTag,
  isMayBeAbsentTag,
  mayBeAbsentTag,
  type Model,
} from '../model/types.js';
import type { Source } from '../model/source.js';
import { PartlyKnown, Unknown } from '../model/unknown.js';
import type { PolicyDocument, PrincipalSpec, Statement, ValueList } from '../policy/types.js';

/** Where an Unknown sits in the model: property names and array indexes from the root. */
export type ValuePath = (string | number)[];

export interface PackedModel extends PackedUnknowns {
  /** The model serialized with node:v8 `serialize`, in memory the workers share. */
  bytes: SharedArrayBuffer;
}

/** Where the Unknown values of a packed model are, and which they are (see `PackedModel`). */
export interface PackedUnknowns {
  /** Paths of the model's Unknown values (one per occurrence). */
  unknowns: ValuePath[];
  /**
   * Per path of `unknowns`, which distinct Unknown sits there (0, 1, ...: one number per
   * instance of the model): one instance in several places is restored as one instance, so what
   * compares presences by identity (`EvalInput.assumePresent`) decides as in this thread.
   */
  unknownIds: number[];
  /** The distinct Unknowns (numbers of `unknownIds`) marked `mayBeAbsentTag` and `deploymentTag`. */
  mayBeAbsent: number[];
  deployment: number[];
}

/**
 * Packed frozen models: a model built by ModelBuilder is deep-frozen, so its packing never changes.
 * Held weakly: a packed model is shared memory as large as the serialized model (29 MB for the
 * 5,000-principal organisation), resident for as long as it is held, and once the workers have
 * unpacked it nothing needs it; a caller building matrices of one model back to back (the access
 * diff's two passes) reuses it while it is alive.
 */
const packedModels = new WeakMap<Model, WeakRef<PackedModel>>();

/** Packings of frozen models without the values' places (`PackOptions.forDecisions`). */
const packedForDecisions = new WeakMap<Model, WeakRef<PackedModel>>();

/** Options of `packModel`. */
export interface PackOptions {
  /**
   * Packs a copy for deciding only (the matrix workers, which deserialize it `forDecisions`):
   * every `ValueList.valueSources` of the model's policy documents (inline, trust, managed,
   * resource, endpoint, SCP and RCP documents) is left out of the bytes (written as one shared
   * empty array), so no thread serializes, copies or deserializes what no worker reads. On the
   * 5,000-principal organisation of bench/matrix-scale.bench.ts they were 7.1 of the 28.2 MB
   * serialized. The Unknowns' paths are the model's: the copy has its shape, and no Unknown sits
   * in a value's place (a `Source`).
   */
  forDecisions?: boolean;
}

/**
 * Serializes `model` for `unpackModel` in another thread. A frozen model (ModelBuilder's) is
 * packed once while its packing is alive: callers that build several matrices of one model reuse it.
 * `onBytes` is called with the serialized model as soon as it is made, before the model is walked
 * for its Unknown values (a quarter to a third of the packing), so workers can deserialize it
 * meanwhile (`deserializeModel`, then `restoreUnknowns` with the packing).
 */
export function packModel(
  model: Model,
  onBytes?: (bytes: SharedArrayBuffer) => void,
  options: PackOptions = {},
): PackedModel {
  const cache = options.forDecisions ? packedForDecisions : packedModels;
  const known = cache.get(model)?.deref();
  if (known) {
    onBytes?.(known.bytes);
    return known;
  }
  const buffer = serialize(options.forDecisions ? withoutValueSources(model) : model);
  const bytes = new SharedArrayBuffer(buffer.byteLength);
  new Uint8Array(bytes).set(buffer);
  onBytes?.(bytes);
  const packed: PackedModel = { bytes, ...unknownsOf(model) };
  if (Object.isFrozen(model)) cache.set(model, new WeakRef(packed));
  return packed;
}

/**
 * A shallow copy of `model` whose policy documents' value lists have no `valueSources` (one shared
 * empty array), for `PackOptions.forDecisions`. Only what leads to a document is copied (each
 * object once, so what the model shares stays shared); the rest is the model's own objects. A
 * document elsewhere keeps its places (the worker's `deserializeModel` drops them).
 */
function withoutValueSources(model: Model): Model {
  const none: Source[] = [];
  const copies = new Map<object, object>();
  const once = <T extends object>(x: T, copy: (x: T) => T): T => {
    let c = copies.get(x) as T | undefined;
    if (!c) {
      c = copy(x);
      copies.set(x, c);
    }
    return c;
  };
  const list = (l: ValueList | undefined) => l && once(l, (v) => ({ ...v, valueSources: none }));
  const principal = (p: PrincipalSpec | undefined) =>
    p &&
    once(p, (v) =>
      withKeys(v, {
        aws: list(v.aws),
        service: list(v.service),
        federated: list(v.federated),
        canonicalUser: list(v.canonicalUser),
      }),
    );
  const statement = (st: Statement) =>
    once(st, (v) =>
      withKeys(v, {
        action: list(v.action),
        notAction: list(v.notAction),
        resource: list(v.resource),
        notResource: list(v.notResource),
        principal: principal(v.principal),
        notPrincipal: principal(v.notPrincipal),
      }),
    );
  const doc = (d: PolicyDocument | undefined) =>
    d && once(d, (v) => ({ ...v, statements: v.statements.map(statement) }));
  const inline = <T extends { inlinePolicies: readonly InlinePolicy[] }>(x: T): T =>
    x.inlinePolicies.length
      ? {
          ...x,
          inlinePolicies: x.inlinePolicies.map((p) => once(p, (v) => ({ ...v, document: doc(v.document)! }))),
        }
      : x;
  return {
    ...model,
    users: model.users.map((u) => once(u, inline)),
    groups: model.groups.map((g) => once(g, inline)),
    roles: model.roles.map((r) => once(r, (v) => withKeys(inline(v), { trustPolicy: doc(v.trustPolicy) }))),
    policies: model.policies.map((p) => once(p, (v) => ({ ...v, document: doc(v.document)! }))),
    resources: model.resources.map((r) =>
      once(r, (v) => withKeys(v, { policy: doc(v.policy), endpointPolicy: doc(v.endpointPolicy) })),
    ),
    organizations: model.organizations.map((o) =>
      once(o, (v) => ({ ...v, scps: v.scps.map((d) => doc(d)!), rcps: v.rcps.map((d) => doc(d)!) })),
    ),
  };
}

/** A copy of `x` with the given values for those of `values`' keys `x` has (no key added). */
function withKeys<T extends object>(x: T, values: Partial<T>): T {
  const out = { ...x };
  for (const k of Object.keys(values) as (keyof T)[]) if (k in x) out[k] = values[k]!;
  return out;
}

/**
 * The Unknowns of `model`. A model ModelBuilder built knows whether it holds none
 * (`builtWithoutUnknowns`, found while freezing it): then the walk (0.17–0.19 s on the
 * 5,000-principal organisation of bench/matrix-scale.bench.ts) is not made.
 */
function unknownsOf(model: Model): PackedUnknowns {
  if (builtWithoutUnknowns(model)) return { unknowns: [], unknownIds: [], mayBeAbsent: [], deployment: [] };
  const distinct: Unknown[] = [];
  const found = findUnknowns(model, distinct);
  const ids = (mark: (u: Unknown) => boolean) => distinct.flatMap((u, id) => (mark(u) ? [id] : []));
  return {
    unknowns: found.paths,
    unknownIds: found.ids,
    mayBeAbsent: ids(isMayBeAbsentTag),
    deployment: ids(isDeploymentTag),
  };
}

/** Only the Unknowns of a packing (what a worker needs after `deserializeModel`). */
export function unknownsOfPacking(packed: PackedModel): PackedUnknowns {
  const { unknowns, unknownIds, mayBeAbsent, deployment } = packed;
  return { unknowns, unknownIds, mayBeAbsent, deployment };
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
  const model = deserializeModel(packed.bytes);
  restoreUnknowns(model, packed);
  return model;
}

/** Options of `deserializeModel`. */
export interface DeserializeOptions {
  /**
   * A copy for deciding only (the matrix workers): every `ValueList.valueSources` (policy/types.ts:
   * the file place of each value of `Action`, `Resource`..., which only policy validation reports,
   * validate-policy.ts and rcp-rules.ts) is one shared empty array. On the 5,000-principal
   * organisation of bench/matrix-scale.bench.ts they are 8 of the 29 MB serialized and 17 of the
   * 55 MB of a worker's copy (and 118,000 pointer strings its string sharing hashed for nothing).
   * A place is a `Source` (file names, pointers, line numbers: never an Unknown), so no Unknown
   * path of the packing leads into one. Every other value is kept, the element's own `source`
   * (`ValueList.source`, the statement's) too: decisions and the matrix report those.
   */
  forDecisions?: boolean;
}

/** The shared empty `valueSources` of a copy `forDecisions` (frozen: nothing adds to it). */
const NO_VALUE_SOURCES: readonly never[] = Object.freeze([]);

/**
 * The model `packModel` serialized, as plain data: its Unknown values are plain objects until
 * `restoreUnknowns` (with the same packing) makes them `Unknown` instances again.
 */
export function deserializeModel(bytes: SharedArrayBuffer, options: DeserializeOptions = {}): Model {
  // v8 `deserialize` needs a Buffer view; it copies what it reads, so the shared memory is only read.
  const model = deserialize(Buffer.from(bytes)) as Model;
  // An object is at least a few bytes serialized: a quarter of the bytes is room for the walk.
  shareStrings(model, Math.max(1000, bytes.byteLength / 4), options.forDecisions ? FOR_DECISIONS : undefined);
  return model;
}

/** What `shareStrings` does besides sharing strings (see `DeserializeOptions.forDecisions`). */
export interface ShareStringsOptions {
  /**
   * Replaces the `valueSources` of every `ValueList` (an array beside an array `values`) by this
   * value, without walking it. Only that shape: a `valueSources` property of anything else (a tag
   * of that name: tags are records of strings and Unknowns, never arrays) is walked as any value.
   */
  valueSources?: unknown;
  /** Properties whose string values are left as they are (nearly all distinct: hashing them only costs). */
  distinct?: ReadonlySet<string>;
}

const FOR_DECISIONS: ShareStringsOptions = {
  valueSources: NO_VALUE_SOURCES,
  // A Source's JSON pointer names one place of one file: nearly every one is distinct.
  distinct: new Set(['pointer']),
};

/**
 * Makes equal strings of a deserialized value one string: the serializer writes a string each time
 * it occurs and the deserializer makes a new one each time, where the model built them once (a
 * file name in every Source, `Allow`, account ids). On the 5,000-principal organisation a worker's
 * copy of the model held 625,000 strings for 202,000 distinct ones: 75 MB of heap, 55 MB shared.
 * Strings have no identity, so nothing reads the model differently. The value is plain data
 * (what the serializer makes: arrays and plain objects); objects reached twice are walked twice,
 * within a budget of visits that ends the walk early on a cycle or on very heavy sharing (it only
 * saves memory). `options` replace the values' places of policy elements without walking them and
 * leave some strings unshared (`DeserializeOptions.forDecisions`).
 */
export function shareStrings(value: unknown, budget: number, options: ShareStringsOptions = {}): void {
  const { distinct } = options;
  const dropValueSources = 'valueSources' in options;
  const table = new Map<string, string>();
  const stack: object[] = [];
  let visits = 0;
  const share = (s: string): string => {
    const known = table.get(s);
    if (known !== undefined) return known;
    table.set(s, s);
    return s;
  };
  if (value !== null && typeof value === 'object') stack.push(value);
  while (stack.length && visits++ < budget) {
    const v = stack.pop() as Record<string | number, unknown>;
    // A frozen object (not what the deserializer makes) is left as it is.
    const frozen = Object.isFrozen(v);
    const keys = Array.isArray(v) ? undefined : Object.keys(v);
    const n = keys ? keys.length : (v as unknown as unknown[]).length;
    for (let i = 0; i < n; i++) {
      const k = keys ? keys[i]! : i;
      const x = v[k];
      if (
        dropValueSources &&
        k === 'valueSources' &&
        !frozen &&
        Array.isArray(x) &&
        Array.isArray((v as { values?: unknown }).values)
      )
        v[k] = options.valueSources;
      else if (typeof x === 'string') {
        if (!frozen && !(keys && distinct?.has(k as string))) v[k] = share(x);
      } else if (x !== null && typeof x === 'object') stack.push(x);
    }
  }
}

/** Turns the Unknown values of a `deserializeModel` result back into `Unknown` instances. */
export function restoreUnknowns(model: Model, packed: PackedUnknowns): void {
  const restored: Unknown[] = [];
  packed.unknowns.forEach((path, i) => {
    let container: Record<string | number, unknown> = model as unknown as Record<string, unknown>;
    for (let k = 0; k < path.length - 1; k++)
      container = container[path[k]!] as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    const id = packed.unknownIds[i]!;
    restored[id] ??= restoreUnknown(container[last] as PlainUnknown);
    container[last] = restored[id];
  });
  for (const id of packed.mayBeAbsent) mayBeAbsentTag(restored[id]!);
  for (const id of packed.deployment) deploymentTag(restored[id]!);
}

/**
 * Paths of every Unknown in `value` (every place it occurs). Objects reached twice are walked
 * once: the serializer keeps shared objects shared, so restoring the first path restores every
 * place the object appears.
 */
export function unknownPaths(value: unknown): ValuePath[] {
  return findUnknowns(value, []).paths;
}

/**
 * `unknownPaths`, and per path the number of its Unknown in `distinct` (each instance added once,
 * in the order first met). Objects whose values are all primitives (most of a model: sources,
 * lists of strings) are not remembered as walked: walking one again finds nothing either, and a
 * set of every object of a big model cost most of the walk.
 */
function findUnknowns(value: unknown, distinct: Unknown[]): { paths: ValuePath[]; ids: number[] } {
  const paths: ValuePath[] = [];
  const ids: number[] = [];
  const idOf = new Map<Unknown, number>();
  const seen = new Set<object>();
  const path: ValuePath = [];
  const walk = (v: object): void => {
    if (v instanceof Unknown) {
      let id = idOf.get(v);
      if (id === undefined) {
        id = distinct.length;
        idOf.set(v, id);
        distinct.push(v);
      }
      paths.push(path.slice());
      ids.push(id);
      return;
    }
    if (seen.has(v)) return;
    // Marked walked before its first inner object is walked (so a cycle ends there).
    let inner = false;
    const array = Array.isArray(v);
    const keys = array ? undefined : Object.keys(v);
    const n = array ? v.length : keys!.length;
    for (let i = 0; i < n; i++) {
      const key = array ? i : keys![i]!;
      const x = (v as Record<string | number, unknown>)[key];
      if (x === null || typeof x !== 'object') continue;
      if (!inner) {
        inner = true;
        seen.add(v);
      }
      path.push(key);
      walk(x);
      path.pop();
    }
  };
  if (value !== null && typeof value === 'object') walk(value);
  return { paths, ids };
}
