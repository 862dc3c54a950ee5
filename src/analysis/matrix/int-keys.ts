// Keys of small integers for the matrix's caches (level rows, groupings, decisions shared between
// rows): built in place in a reused `IntKey` and kept in one pool per `IntKeyMap`, instead of
// strings concatenated per cell or witness (cons strings that the caches retained, hashed and
// compared piece by piece: garbage and CPU time of every cell of a big matrix).

/**
 * A key of small integers built in place (`start`, `push`), reused from lookup to lookup: the
 * level rows' keys were strings concatenated per cell, garbage of every cell of a big matrix.
 */
export class IntKey {
  values = new Int32Array(64);
  length = 0;

  start(first: number): void {
    this.values[0] = first;
    this.length = 1;
  }

  /** Appends the values of `other`. */
  pushKey(other: IntKey): void {
    for (let i = 0; i < other.length; i++) this.push(other.values[i]!);
  }

  push(v: number): void {
    if (this.length === this.values.length) {
      const grown = new Int32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = v;
  }

  hash(): number {
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < this.length; i++) h = Math.imul(h ^ this.values[i]!, 0x01000193);
    return h & 0x3fffffff;
  }
}

/** A map keyed by `IntKey` contents: the keys kept in one growing pool, chained per hash. */
export class IntKeyMap<V> {
  private pool = new Int32Array(1024);
  private used = 0;
  private readonly heads = new Map<number, number>();
  private readonly starts: number[] = [];
  private readonly lengths: number[] = [];
  private readonly next: number[] = [];
  private readonly values: V[] = [];

  /** Number of keys set. */
  get size(): number {
    return this.values.length;
  }

  get(key: IntKey): V | undefined {
    for (let e = this.heads.get(key.hash()) ?? -1; e >= 0; e = this.next[e]!)
      if (this.equals(e, key)) return this.values[e];
    return undefined;
  }

  set(key: IntKey, value: V): void {
    const h = key.hash();
    while (this.used + key.length > this.pool.length) {
      const grown = new Int32Array(this.pool.length * 2);
      grown.set(this.pool);
      this.pool = grown;
    }
    this.pool.set(key.values.subarray(0, key.length), this.used);
    const e = this.values.length;
    this.starts.push(this.used);
    this.lengths.push(key.length);
    this.next.push(this.heads.get(h) ?? -1);
    this.values.push(value);
    this.heads.set(h, e);
    this.used += key.length;
  }

  private equals(e: number, key: IntKey): boolean {
    if (this.lengths[e] !== key.length) return false;
    const s = this.starts[e]!;
    for (let i = 0; i < key.length; i++) if (this.pool[s + i] !== key.values[i]) return false;
    return true;
  }
}
