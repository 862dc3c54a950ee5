// IntKeyMap (src/analysis/matrix/int-keys.ts): the keys of the matrix's caches (level rows,
// groupings, shared decisions, interned results). Its table of heads grows as keys are set; every
// key stays found by its contents, keys of different lengths or contents stay apart, and a key
// set again is found with its newest value.

import { describe, expect, it } from 'vitest';
import { IntKey, IntKeyMap } from '../src/analysis/matrix/int-keys.js';

function keyOf(values: readonly number[]): IntKey {
  const k = new IntKey();
  k.start(values[0]!);
  for (const v of values.slice(1)) k.push(v);
  return k;
}

describe('IntKeyMap', () => {
  it('finds every key by its contents after the table has grown many times', () => {
    const map = new IntKeyMap<number>();
    const keys: number[][] = [];
    for (let i = 0; i < 5000; i++) keys.push(i % 3 === 0 ? [i] : [i % 7, i, -1, i * 31]);
    for (const [i, k] of keys.entries()) map.set(keyOf(k), i);
    expect(map.size).toBe(keys.length);
    for (const [i, k] of keys.entries()) expect(map.get(keyOf(k))).toBe(i);
    // Same values in another length or order: other keys.
    expect(map.get(keyOf([3, 3]))).toBeUndefined();
    expect(map.get(keyOf([1, 1, -1]))).toBeUndefined();
    expect(map.get(keyOf([31, -1, 1, 1]))).toBeUndefined();
  });

  it('keeps keys longer than the pool and the key buffer', () => {
    const map = new IntKeyMap<string>();
    const long = Array.from({ length: 3000 }, (_, i) => i);
    map.set(keyOf(long), 'long');
    map.set(keyOf(long.slice(0, 2999)), 'shorter');
    expect(map.get(keyOf(long))).toBe('long');
    expect(map.get(keyOf(long.slice(0, 2999)))).toBe('shorter');
  });

  it('gives the newest value of a key set twice, also after growing', () => {
    const map = new IntKeyMap<string>();
    map.set(keyOf([1, 2]), 'first');
    map.set(keyOf([1, 2]), 'second');
    expect(map.get(keyOf([1, 2]))).toBe('second');
    for (let i = 0; i < 1000; i++) map.set(keyOf([i, i]), 'other');
    expect(map.get(keyOf([1, 2]))).toBe('second');
  });
});
