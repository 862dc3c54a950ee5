// requests/array-items.ts: the items of a request file read from its bytes, an item written again
// read once. Whatever it returns must be what JSON.parse of the whole text gives; whatever it does
// not split (another shape, invalid JSON, another encoding, too deep) it leaves to the located
// parser (undefined).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readObjectItems } from '../src/requests/array-items.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** The values of the items as readObjectItems gives them, one per item. */
function itemValues(text: string, maxDepth = 100): unknown[] | undefined {
  const items = readObjectItems(utf8(text), maxDepth);
  return items?.valueIndex.map((v) => items.values[v]);
}

const jsonSpace = fc.constantFrom('', ' ', '\n', '\r\n', '\t', '  \n  ');

describe('readObjectItems', () => {
  it('gives the items JSON.parse gives, for arrays of objects written in any layout with repeats', () => {
    const request = fc.record(
      {
        principal: fc.constantFrom('user/a', 'user/b', 'role/x', 'arn:aws:iam::111122223333:user/é'),
        action: fc.constantFrom('s3:GetObject', 's3:getobject', 'ec2:*'),
        resource: fc.string(),
        context: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.array(fc.string()))),
        sessionPolicy: fc.jsonValue(),
      },
      { requiredKeys: ['principal'] },
    );
    fc.assert(
      fc.property(
        fc.array(request, { maxLength: 8 }),
        fc.array(fc.nat(20), { maxLength: 40 }),
        jsonSpace,
        jsonSpace,
        fc.boolean(),
        (distinct, picks, before, after, indent) => {
          const items = distinct.length ? picks.map((p) => distinct[p % distinct.length]) : [];
          const texts = items.map((item, i) => JSON.stringify(item, null, indent && i % 3 ? 2 : undefined));
          const text = `${before}[${before}${texts.join(`${after},${before}`)}${after}]${after}`;
          const got = itemValues(text);
          expect(got).toEqual(JSON.parse(text));
          const read = readObjectItems(utf8(text), 100);
          // Equal text, one value: no more distinct values than distinct item texts.
          expect(read?.values.length).toBe(new Set(texts).size);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads a byte-order mark and multi-byte characters, and repeats within and across layouts', () => {
    const a = { principal: 'user/ü', action: 's3:GetObject', resource: 'arn:aws:s3:::b/κ"[{' };
    const b = { principal: 'user/b', action: 's3:GetObject', resource: 'x\\"}]' };
    const text = `\uFEFF[${JSON.stringify(a)},${JSON.stringify(b)},${JSON.stringify(a)},${JSON.stringify(a, null, 2)}]`;
    const items = readObjectItems(utf8(text), 100);
    expect(items?.valueIndex).toEqual([0, 1, 0, 2]);
    expect(items?.values).toEqual([a, b, a]);
  });

  it('the item that followed last time is a guess, checked: a different item there is read as itself', () => {
    const x = { principal: 'user/x', action: 'a:B', resource: '*' };
    const y = { principal: 'user/y', action: 'a:B', resource: '*' };
    // y follows x once; then x is followed by x, by a longer object that starts with x's text
    // (impossible in JSON, but the comparison must not rely on it) and by y again.
    const items = [x, y, x, x, { ...x, context: {} }, x, y];
    expect(itemValues(JSON.stringify(items))).toEqual(items);
  });

  it('leaves to the located parser what is not a plain UTF-8 array of objects', () => {
    for (const text of [
      '',
      '{}',
      '[1]',
      '[{}, 2]',
      '[{}, []]',
      '[{"a": 1},]',
      '[{"a": 1} {"b": 2}]',
      '[{"a": 1}',
      '[{"a": 1}] x',
      '[{"a": }]',
      '[{"a": "unterminated}]',
      '[{"a": 1}}]',
      '\uFEFF\uFEFF[{}]',
      '[\u00a0{}]',
      '[{"a": "\u0001"}]',
    ]) {
      expect(itemValues(text), text).toBeUndefined();
    }
    expect(readObjectItems(new Uint8Array([0xff, 0xfe, 0x5b, 0, 0x5d, 0]), 100)).toBeUndefined(); // UTF-16
    expect(itemValues('[]')).toEqual([]);
    expect(itemValues(' [ ] \n')).toEqual([]);
  });

  it('stops at the depth limit as the located parser does (the array is level 1)', () => {
    expect(itemValues('[{"a": {"b": []}}]', 4)).toEqual([{ a: { b: [] } }]);
    expect(itemValues('[{"a": {"b": []}}]', 3)).toBeUndefined();
    expect(itemValues('[{"a": "[[[[{{{{"}]', 2)).toEqual([{ a: '[[[[{{{{' }]);
    expect(itemValues('[{}]', 1)).toBeUndefined();
  });
});
