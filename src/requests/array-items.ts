// The items of a request file read from its bytes: a UTF-8 JSON array of objects is split into
// its items (one pass over the bytes), and an item whose bytes equal an earlier item's (a request
// file repeats its requests) is that item: decoded, parsed, checked and decided once. The item
// that followed an item last time is compared first (a file that repeats a block of requests is
// read at the speed of comparing bytes). Only a plain array of objects within the depth limit is
// split; anything else (invalid JSON, another shape or encoding, too deep) is left to the located
// parser, which reports it with its line and column.

/** The request file's items: the distinct values, and for each item which one it is. */
export interface ArrayItems {
  /** Each distinct item's value (JSON.parse of its text), in the order of first appearance. */
  values: unknown[];
  /** Per item (file order): its index in `values`. */
  valueIndex: number[];
}

/** Spaces JSON allows between tokens. */
function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipSpaces(bytes: Uint8Array, i: number): number {
  while (i < bytes.length && isSpace(bytes[i])) i++;
  return i;
}

/**
 * The end (exclusive) of the object or array that opens at `start`, or -1 when it is not closed
 * or opens a level deeper than `maxDepth` (`depth` is the level of the value at `start`). Brackets
 * in strings do not count; whether the bytes between are valid JSON is JSON.parse's to say. In
 * UTF-8 every byte of a multi-byte character is 0x80 or more, so no byte looked at here is part of
 * one.
 */
function valueEnd(bytes: Uint8Array, start: number, depth: number, maxDepth: number): number {
  if (depth > maxDepth) return -1;
  let level = depth;
  const n = bytes.length;
  for (let i = start + 1; i < n; i++) {
    const c = bytes[i] as number;
    if (c === 0x22) {
      // A string: to the next quote that no backslash escapes.
      for (i++; i < n; i++) {
        const d = bytes[i];
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++level > maxDepth) return -1;
    } else if (c === 0x7d || c === 0x5d) {
      if (--level < depth) return i + 1;
    }
  }
  return -1;
}

/** Whether the text is UTF-8 as far as its first bytes tell (decodeJsonBytes's detection). */
function isUtf8(bytes: Uint8Array): boolean {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) return false;
  return !(bytes.length >= 2 && (b0 === 0 || b1 === 0));
}

/** One distinct item: its bytes, its value and the item that followed it last time. */
interface Distinct {
  bytes: Uint8Array;
  value: number;
  next: Distinct | undefined;
}

/**
 * The items of `bytes` when they are a UTF-8 (optionally with a byte-order mark) JSON array of
 * objects, `[ {...}, {...}, ... ]`, with spaces where JSON allows them and no deeper than
 * `maxDepth` (the array is level 1), every item parsed by JSON.parse; otherwise undefined. The
 * values are those of JSON.parse of the whole text's items: JSON.parse of an item's text is its
 * value in the array.
 */
export function readObjectItems(bytes: Uint8Array, maxDepth: number): ArrayItems | undefined {
  if (!isUtf8(bytes) || maxDepth < 2) return undefined;
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let i = skipSpaces(bytes, bom);
  if (bytes[i] !== 0x5b) return undefined;
  i = skipSpaces(bytes, i + 1);
  const out: ArrayItems = { values: [], valueIndex: [] };
  if (bytes[i] === 0x5d) return skipSpaces(bytes, i + 1) === bytes.length ? out : undefined;
  const byText = new Map<string, Distinct>();
  const decoder = new TextDecoder('utf-8');
  let previous: Distinct | undefined;
  let first: Distinct | undefined;
  for (;;) {
    if (bytes[i] !== 0x7b) return undefined;
    const guess = previous ? previous.next : first;
    let item: Distinct | undefined;
    if (guess && sameBytesAt(bytes, i, guess.bytes)) item = guess;
    else {
      const end = valueEnd(bytes, i, 2, maxDepth);
      if (end < 0) return undefined;
      const itemBytes = bytes.subarray(i, end);
      const text = decoder.decode(itemBytes);
      item = byText.get(text);
      if (!item) {
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          return undefined; // the located parser names where
        }
        item = { bytes: itemBytes, value: out.values.push(value) - 1, next: undefined };
        byText.set(text, item);
      }
    }
    out.valueIndex.push(item.value);
    if (previous) previous.next = item;
    else first = item;
    previous = item;
    i = skipSpaces(bytes, i + item.bytes.length);
    const c = bytes[i];
    if (c === 0x5d) return skipSpaces(bytes, i + 1) === bytes.length ? out : undefined;
    if (c !== 0x2c) return undefined;
    i = skipSpaces(bytes, i + 1);
  }
}

/**
 * Whether `bytes` holds `item` at `at`. The item is a whole object (its braces balanced, as
 * valueEnd found them), so the object at `at` ends where the item does: the same item.
 */
function sameBytesAt(bytes: Uint8Array, at: number, item: Uint8Array): boolean {
  const n = item.length;
  if (at + n > bytes.length) return false;
  // A loop: Buffer.compare costs more per call (a native call and a view) than it saves here.
  for (let k = 0; k < n; k++) if (bytes[at + k] !== item[k]) return false;
  return true;
}
