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

/**
 * A map keyed by `IntKey` contents: the keys kept in one growing pool, chained per hash from the
 * buckets of an open table of heads (a power of two, at least twice the keys: no `Map` of
 * hashes, and no view made per key kept).
 */
export class IntKeyMap<V> {
  private pool = new Int32Array(1024);
  private used = 0;
  /** Per bucket (hash & mask), its last key's entry + 1 (0: none). */
  private heads = new Int32Array(256);
  private mask = 255;
  private readonly hashes: number[] = [];
  private readonly starts: number[] = [];
  private readonly lengths: number[] = [];
  private readonly next: number[] = [];
  private readonly values: V[] = [];

  /** Number of keys set. */
  get size(): number {
    return this.values.length;
  }

  get(key: IntKey): V | undefined {
    const h = key.hash();
    for (let e = this.heads[h & this.mask]! - 1; e >= 0; e = this.next[e]!)
      if (this.hashes[e] === h && this.equals(e, key)) return this.values[e];
    return undefined;
  }

  set(key: IntKey, value: V): void {
    const h = key.hash();
    const n = key.length;
    while (this.used + n > this.pool.length) {
      const grown = new Int32Array(this.pool.length * 2);
      grown.set(this.pool);
      this.pool = grown;
    }
    const pool = this.pool;
    const from = key.values;
    const at = this.used;
    for (let i = 0; i < n; i++) pool[at + i] = from[i]!;
    const e = this.values.length;
    this.hashes.push(h);
    this.starts.push(at);
    this.lengths.push(n);
    this.values.push(value);
    this.used += n;
    if (2 * (e + 1) > this.heads.length) this.rehash();
    else {
      this.next.push(this.heads[h & this.mask]! - 1);
      this.heads[h & this.mask] = e + 1;
    }
  }

  /** Doubles the table of heads and chains every entry again (the newest of a bucket first). */
  private rehash(): void {
    this.heads = new Int32Array(this.heads.length * 2);
    this.mask = this.heads.length - 1;
    this.next.length = 0;
    for (let e = 0; e < this.values.length; e++) {
      const b = this.hashes[e]! & this.mask;
      this.next.push(this.heads[b]! - 1);
      this.heads[b] = e + 1;
    }
  }

  private equals(e: number, key: IntKey): boolean {
    if (this.lengths[e] !== key.length) return false;
    const s = this.starts[e]!;
    for (let i = 0; i < key.length; i++) if (this.pool[s + i] !== key.values[i]) return false;
    return true;
  }
}
