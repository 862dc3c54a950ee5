// The AWS::LanguageExtensions transform's Fn::ForEach, expanded before a stack is read, as the
// transform does ("Fn::ForEach ... takes a collection and a fragment, and applies the items in the
// collection to the identifier in the provided fragment"; it may appear in the Conditions,
// Outputs and Resources sections, resource properties included; CloudFormation Template
// Reference, "Fn::ForEach",
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-foreach.html).
// `"Fn::ForEach::Name": [Identifier, Collection, {OutputKey: OutputValue}]` becomes one
// `OutputKey` entry per item, with `${Identifier}` and `{"Ref": Identifier}` replaced by the item
// and `&{Identifier}` by the item without its non-alphanumeric characters. The other functions
// of the transform (Fn::Length, Fn::ToJsonString, Fn::FindInMap's DefaultValue, intrinsics in
// Ref and Fn::GetAtt) are evaluated by intrinsics.ts.
//
// A collection that is unknown (a parameter without a value) generates one stand-in entry whose
// identifier is unknown (`{"Ref": HOLE}`, evaluated to an Unknown by the stack): what it creates
// is kept, maybe-present, never dropped. A generated entry's pointer is virtual (its key); the
// origins map it back to the fragment it was copied from, for line:column.

import { Unknown } from '../../model/unknown.js';
import { childPointer } from '../../model/source.js';
import { isRecord, type Resolved } from './values.js';

/** `Ref` target standing for the item of a loop whose collection is unknown. */
export const FOREACH_HOLE_PREFIX = 'iamspec::ForEach::';

const FOREACH = 'Fn::ForEach::';
const MAX_DEPTH = 64;
const MAX_GENERATED = 10_000;

export interface ForEachExpansion {
  template: Record<string, unknown>;
  /** Virtual pointer of each generated entry → pointer of the fragment it came from. */
  origins: Map<string, string>;
  /** Logical ids of resources generated from an unknown collection → why they might not exist. */
  maybePresent: Map<string, { loop: string; why: Unknown }>;
  /** Hole name (`iamspec::ForEach::Loop`) → why the item is unknown. */
  holes: Map<string, Unknown>;
  errors: { pointer: string; message: string }[];
}

/** Evaluates a collection node (a list, or a Ref to a CommaDelimitedList parameter). */
export type CollectionEvaluator = (node: unknown, pointer: string) => Resolved;

/** True when the template declares the AWS::LanguageExtensions transform. */
export function usesLanguageExtensions(template: Record<string, unknown>): boolean {
  const t = template.Transform;
  const list = Array.isArray(t) ? t : [t];
  return list.some((x) => x === 'AWS::LanguageExtensions');
}

type Item = { kind: 'value'; value: string } | { kind: 'hole'; hole: string };

interface Walk {
  out: ForEachExpansion;
  evaluate: CollectionEvaluator;
  generated: number;
}

export function expandForEach(
  template: Record<string, unknown>,
  evaluate: CollectionEvaluator,
): ForEachExpansion {
  const out: ForEachExpansion = {
    template: { ...template },
    origins: new Map(),
    maybePresent: new Map(),
    holes: new Map(),
    errors: [],
  };
  const walk: Walk = { out, evaluate, generated: 0 };
  for (const section of ['Conditions', 'Resources', 'Outputs']) {
    const node = template[section];
    if (!isRecord(node)) continue;
    out.template[section] = expandObject(
      walk,
      node,
      `/${section}`,
      `/${section}`,
      0,
      section === 'Resources',
    );
  }
  return out;
}

function expandNode(walk: Walk, node: unknown, virtual: string, original: string, depth: number): unknown {
  if (depth > MAX_DEPTH) return node;
  if (Array.isArray(node))
    return node.map((x, i) =>
      expandNode(walk, x, childPointer(virtual, i), childPointer(original, i), depth + 1),
    );
  if (isRecord(node)) return expandObject(walk, node, virtual, original, depth, false);
  return node;
}

function expandObject(
  walk: Walk,
  node: Record<string, unknown>,
  virtual: string,
  original: string,
  depth: number,
  resources: boolean,
  /** Set inside an outer loop over an unknown collection. */
  outer?: Unknown,
): Record<string, unknown> {
  if (!Object.keys(node).some((k) => k.startsWith(FOREACH))) {
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node))
      copy[k] = expandNode(walk, v, childPointer(virtual, k), childPointer(original, k), depth + 1);
    return copy;
  }
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    const keyOriginal = childPointer(original, key);
    if (!key.startsWith(FOREACH)) {
      result[key] = expandNode(walk, value, childPointer(virtual, key), keyOriginal, depth + 1);
      continue;
    }
    const loop = key.slice(FOREACH.length);
    if (!Array.isArray(value) || value.length !== 3 || typeof value[0] !== 'string' || !isRecord(value[2])) {
      walk.out.errors.push({
        pointer: keyOriginal,
        message: `${key} expects [Identifier, Collection, {OutputKey: OutputValue}]`,
      });
      continue;
    }
    const [identifier, collectionNode, fragment] = value as [string, unknown, Record<string, unknown>];
    const items = collectionItems(walk, loop, collectionNode, childPointer(keyOriginal, 1));
    const presence = items.presence ?? outer;
    for (const item of items.items) {
      for (const [outputKey, outputValue] of Object.entries(fragment)) {
        if (++walk.generated > MAX_GENERATED) {
          walk.out.errors.push({
            pointer: keyOriginal,
            message: `${key} generates more than ${MAX_GENERATED} entries`,
          });
          return result;
        }
        const generatedKey = substituteKey(outputKey, identifier, item);
        const fragmentPointer = childPointer(keyOriginal, 2, outputKey);
        if (generatedKey.startsWith(FOREACH)) {
          // A nested loop: it generates entries of this same object.
          const inner = { [generatedKey]: substitute(outputValue, identifier, item, false, 0) };
          Object.assign(
            result,
            expandObject(walk, inner, virtual, childPointer(keyOriginal, 2), depth + 1, resources, presence),
          );
          continue;
        }
        const generatedPointer = childPointer(virtual, generatedKey);
        walk.out.origins.set(generatedPointer, fragmentPointer);
        if (resources && items.presence)
          walk.out.maybePresent.set(generatedKey, { loop, why: items.presence });
        // Substitute first (the identifier may name nested loops' collections), then expand.
        const substituted = substitute(outputValue, identifier, item, false, 0);
        result[generatedKey] = expandNode(walk, substituted, generatedPointer, fragmentPointer, depth + 1);
      }
    }
  }
  return result;
}

function collectionItems(
  walk: Walk,
  loop: string,
  node: unknown,
  pointer: string,
): { items: Item[]; presence: Unknown | undefined } {
  const v = walk.evaluate(node, pointer);
  const hole = (why: Unknown): Item => {
    const name = `${FOREACH_HOLE_PREFIX}${loop}`;
    walk.out.holes.set(name, why);
    return { kind: 'hole', hole: name };
  };
  if (v instanceof Unknown) {
    // An Unknown collection: one stand-in item for however many there are, maybe-present.
    return { items: [hole(v)], presence: v };
  }
  if (!Array.isArray(v)) {
    walk.out.errors.push({ pointer, message: `the collection of Fn::ForEach::${loop} is not a list` });
    return { items: [], presence: undefined };
  }
  const items: Item[] = [];
  for (const x of v) {
    if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean')
      items.push({ kind: 'value', value: String(x) });
    else if (x instanceof Unknown) items.push(hole(x));
  }
  return { items, presence: undefined };
}

function alphanumeric(s: string): string {
  return s.replace(/[^A-Za-z0-9]/g, '');
}

function substituteKey(key: string, identifier: string, item: Item): string {
  const value = item.kind === 'value' ? item.value : 'Each';
  return key.split(`\${${identifier}}`).join(value).split(`&{${identifier}}`).join(alphanumeric(value));
}

/**
 * The fragment with the identifier replaced. For a hole, strings that mention the identifier
 * become `Fn::Sub`s of the hole (inside an `Fn::Sub` template, `${hole}` in place), and
 * `{"Ref": Identifier}` a Ref to the hole.
 */
function substitute(node: unknown, identifier: string, item: Item, inSub: boolean, depth: number): unknown {
  if (depth > MAX_DEPTH) return node;
  if (typeof node === 'string') return substituteString(node, identifier, item, inSub);
  if (Array.isArray(node)) return node.map((x) => substitute(x, identifier, item, inSub, depth + 1));
  if (!isRecord(node)) return node;
  const keys = Object.keys(node);
  if (keys.length === 1 && keys[0] === 'Ref' && node.Ref === identifier)
    return item.kind === 'value' ? item.value : { Ref: item.hole };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    const key = typeof k === 'string' ? substituteKey(k, identifier, item) : k;
    if (k === 'Fn::Sub' && keys.length === 1) {
      // The template string of Fn::Sub: substituted textually.
      out[key] = Array.isArray(v)
        ? v.map((x, i) => substitute(x, identifier, item, i === 0, depth + 1))
        : substitute(v, identifier, item, true, depth + 1);
      continue;
    }
    out[key] = substitute(v, identifier, item, false, depth + 1);
  }
  return out;
}

function substituteString(s: string, identifier: string, item: Item, inSub: boolean): unknown {
  const dollar = `\${${identifier}}`;
  const amp = `&{${identifier}}`;
  if (!s.includes(dollar) && !s.includes(amp)) return s;
  if (item.kind === 'value')
    return s.split(dollar).join(item.value).split(amp).join(alphanumeric(item.value));
  if (inSub) return s.split(dollar).join(`\${${item.hole}}`).split(amp).join(`\${${item.hole}}`);
  // A literal `${...}` elsewhere in a plain string must stay literal inside Fn::Sub: `${!...}`.
  const escaped = s
    .split(dollar)
    .map((part) =>
      part
        .split(amp)
        .map((p) => p.replace(/\$\{/g, '${!'))
        .join(`\${${item.hole}}`),
    )
    .join(`\${${item.hole}}`);
  return { 'Fn::Sub': escaped };
}
