// The CLI progress bar (src/cli/progress.ts): drawn only on a TTY, throttled, erased at the end.

import { describe, expect, it } from 'vitest';
import { createProgress, PROGRESS_INTERVAL_MS, renderProgressLine } from '../src/cli/progress.js';

/** The members of a tty.WriteStream the progress bar uses, recording what is written. */
function fakeStream(isTTY: boolean, columns = 80): { stream: NodeJS.WriteStream; written: string[] } {
  const written: string[] = [];
  const stream = {
    isTTY,
    columns,
    write(chunk: string | Uint8Array) {
      written.push(String(chunk));
      return true;
    },
  };
  return { stream: stream as unknown as NodeJS.WriteStream, written };
}

const ERASE = '\r\x1b[2K';

describe('createProgress', () => {
  it('draws a bar on a TTY and erases it when done', () => {
    const { stream, written } = fakeStream(true);
    let t = 0;
    const p = createProgress(stream, 'matrix', () => t);
    p.update(0, 10);
    t += PROGRESS_INTERVAL_MS;
    p.update(5, 10);
    p.done();
    const text = written.join('');
    expect(text).toContain('matrix [');
    expect(text).toContain(' 50% 5/10 ');
    expect(written.at(-1)).toBe(ERASE);
    // After done(), nothing more is written.
    const n = written.length;
    p.update(10, 10);
    p.done();
    expect(written.length).toBe(n);
  });

  it('throttles redraws but always draws completion', () => {
    const { stream, written } = fakeStream(true);
    let t = 1000;
    const p = createProgress(stream, 'x', () => t);
    for (let i = 0; i < 100; i++) p.update(i, 100);
    const lines = written.filter((w) => w !== ERASE);
    expect(lines).toHaveLength(1);
    t += PROGRESS_INTERVAL_MS - 1;
    p.update(50, 100);
    expect(written.filter((w) => w !== ERASE)).toHaveLength(1);
    p.update(100, 100);
    const after = written.filter((w) => w !== ERASE);
    expect(after).toHaveLength(2);
    expect(after[1]).toContain('100% 100/100');
    t += PROGRESS_INTERVAL_MS;
    p.update(60, 100);
    expect(written.filter((w) => w !== ERASE)).toHaveLength(3);
  });

  it('does nothing when the stream is not a TTY or absent', () => {
    const { stream, written } = fakeStream(false);
    const p = createProgress(stream, 'matrix');
    p.update(1, 2);
    p.update(2, 2);
    p.done();
    expect(written).toEqual([]);
    const none = createProgress(undefined, 'matrix');
    none.update(1, 2);
    none.done();
  });

  it('writes nothing at the end when nothing was drawn', () => {
    const { stream, written } = fakeStream(true);
    createProgress(stream, 'matrix').done();
    expect(written).toEqual([]);
  });
});

describe('renderProgressLine', () => {
  it('fits the terminal width', () => {
    for (const columns of [10, 20, 40, 80, 200]) {
      const line = renderProgressLine('building matrix', 123, 5000, 4200, columns);
      expect(line.length).toBeLessThan(columns);
    }
    expect(renderProgressLine('m', 1, 4, 1500, 80)).toBe(
      `m [${'#'.repeat(10)}${'.'.repeat(30)}]  25% 1/4 1.5s`,
    );
  });

  it('clamps out-of-range counts and handles an empty total', () => {
    expect(renderProgressLine('m', 7, 4, 0, 80)).toContain('100% 4/4');
    expect(renderProgressLine('m', 0, 0, 0, 80)).toContain('  0% 0/0');
  });
});
