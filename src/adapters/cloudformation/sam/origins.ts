// Where each element of the expanded (processed) template comes from in the SAM template the
// user wrote. Every object node of the original template is registered with its JSON pointer;
// nodes the expansion synthesizes are tagged with the pointer of the SAM property they come
// from (`at`), and scalar values placed into synthesized objects can be tagged per key. When a
// generated resource is emitted, its tree is walked once and an expanded-pointer -> original-
// pointer map is recorded; `originOf` then answers for any expanded pointer (longest mapped
// prefix: a copied original subtree keeps the remaining path, a synthesized node does not), and
// `locator` gives line:column in the original file for expanded and original pointers alike.

import { childPointer, type Locator } from '../../../model/source.js';
import { Unknown } from '../../../model/unknown.js';

interface Mapping {
  /** Original pointer. */
  pointer: string;
  /** True when the expanded subtree is the original subtree (the rest of the path carries over). */
  copy: boolean;
}

export class OriginTracker {
  /** Original object node -> its pointer in the original template. */
  private readonly originals = new WeakMap<object, string>();
  /** Synthesized object node -> the original pointer it stands for. */
  private readonly synthesized = new WeakMap<object, Mapping>();
  /** Synthesized container -> key -> original pointer of the value placed there. */
  private readonly keyOrigins = new WeakMap<object, Map<string, string>>();
  /** Expanded pointer -> origin, for emitted generated resources. */
  private readonly map = new Map<string, Mapping>();

  constructor(original: unknown) {
    this.register(original, '', 0);
  }

  private register(node: unknown, pointer: string, depth: number): void {
    if (node === null || typeof node !== 'object' || node instanceof Unknown || depth > 256) return;
    if (this.originals.has(node)) return;
    this.originals.set(node, pointer);
    if (Array.isArray(node)) {
      node.forEach((x, i) => {
        this.register(x, childPointer(pointer, i), depth + 1);
      });
    } else for (const [k, v] of Object.entries(node)) this.register(v, childPointer(pointer, k), depth + 1);
  }

  /** The original pointer of an original object node. */
  originalPointer(node: unknown): string | undefined {
    return node !== null && typeof node === 'object' ? this.originals.get(node) : undefined;
  }

  /**
   * Tags a synthesized object as standing for the original element at `pointer`; returns it.
   * With `copy`, its keys correspond to the original element's keys (a SAM resource re-emitted
   * under its own logical id): a path below it that is not tagged otherwise keeps its tail.
   */
  at<T extends object>(node: T, pointer: string, copy = false): T {
    if (!this.originals.has(node)) this.synthesized.set(node, { pointer, copy });
    return node;
  }

  /** Gives a rebuilt node the origin (and key tags) of the node it replaces. */
  inherit<T extends object>(node: T, from: unknown): T {
    const o = this.nodeOrigin(from);
    if (o) this.synthesized.set(node, o);
    const keys = from !== null && typeof from === 'object' ? this.keyOrigins.get(from) : undefined;
    if (keys) this.keyOrigins.set(node, new Map(keys));
    return node;
  }

  /** Tags the value at `key` of a synthesized container as coming from `pointer`. */
  keyAt(container: object, key: string | number, pointer: string): void {
    let m = this.keyOrigins.get(container);
    if (!m) {
      m = new Map();
      this.keyOrigins.set(container, m);
    }
    m.set(String(key), pointer);
  }

  /**
   * The original pointer of the node reached from `root` (whose own origin is `rootPointer`)
   * through `path`, following original nodes, tags and copied subtrees.
   */
  pointerOf(root: unknown, rootPointer: string, ...path: (string | number)[]): string {
    let cur: unknown = root;
    let at = this.nodeOrigin(root) ?? { pointer: rootPointer, copy: false };
    for (const t of path) {
      const key = String(t);
      const next: unknown =
        cur !== null && typeof cur === 'object' && !(cur instanceof Unknown)
          ? (cur as Record<string, unknown>)[key]
          : undefined;
      const tagged = cur !== null && typeof cur === 'object' ? this.keyOrigins.get(cur)?.get(key) : undefined;
      const own = this.nodeOrigin(next);
      if (own) at = own;
      else if (tagged !== undefined) at = { pointer: tagged, copy: true };
      else if (at.copy) at = { pointer: childPointer(at.pointer, key), copy: true };
      cur = next;
    }
    return at.pointer;
  }

  private nodeOrigin(node: unknown): Mapping | undefined {
    if (node === null || typeof node !== 'object') return undefined;
    const o = this.originals.get(node);
    if (o !== undefined) return { pointer: o, copy: true };
    return this.synthesized.get(node);
  }

  /** Records the origins of an emitted node tree placed at `pointer` of the expanded template. */
  record(node: unknown, pointer: string, inherited: Mapping, depth = 0): void {
    if (depth > 256) return;
    const own = this.nodeOrigin(node);
    if (own) {
      this.map.set(pointer, own);
      if (this.originals.has(node as object)) return; // an original subtree maps by suffix
    } else if (node !== null && typeof node === 'object' && !(node instanceof Unknown)) {
      this.map.set(pointer, inherited);
    }
    if (node === null || typeof node !== 'object' || node instanceof Unknown) return;
    const here = own ?? inherited;
    // Untagged children inherit the position of their parent (with their key when it mirrors an original element).
    const keys = this.keyOrigins.get(node);
    const entries: [string, unknown][] = Array.isArray(node)
      ? node.map((v, i) => [String(i), v] as [string, unknown])
      : Object.entries(node);
    for (const [k, v] of entries) {
      const child = childPointer(pointer, k);
      const tagged = keys?.get(k);
      if (tagged !== undefined && !this.nodeOrigin(v)) {
        this.map.set(child, { pointer: tagged, copy: true });
        if (v !== null && typeof v === 'object')
          this.record(v, child, { pointer: tagged, copy: true }, depth + 1);
        continue;
      }
      this.record(
        v,
        child,
        here.copy ? { pointer: childPointer(here.pointer, k), copy: true } : here,
        depth + 1,
      );
    }
  }

  /** The original pointer an expanded pointer comes from; undefined when it is its own origin. */
  originOf(pointer: string): string | undefined {
    let prefix = pointer;
    for (;;) {
      const m = this.map.get(prefix);
      if (m) {
        const out = m.copy ? m.pointer + pointer.slice(prefix.length) : m.pointer;
        return out === pointer ? undefined : out;
      }
      if (prefix === '') return undefined;
      const cut = prefix.lastIndexOf('/');
      prefix = cut <= 0 ? '' : prefix.slice(0, cut);
    }
  }

  /**
   * A locator over the original file for pointers of the expanded template (translated first)
   * and of the original template; an element with no position of its own gets the nearest
   * enclosing element's.
   */
  locator(original: Locator | undefined): Locator | undefined {
    if (!original) return undefined;
    return (pointer) => {
      let p = this.originOf(pointer) ?? pointer;
      for (;;) {
        const at = original(p);
        if (at) return at;
        if (p === '') return undefined;
        const cut = p.lastIndexOf('/');
        p = cut <= 0 ? '' : p.slice(0, cut);
      }
    };
  }
}
