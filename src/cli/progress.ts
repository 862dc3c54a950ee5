// Progress bar for long CLI runs (owned by H7): drawn on a stream only when it is a TTY, redrawn
// at most every `PROGRESS_INTERVAL_MS`, and erased when done so that the command's own output
// starts on a clean line. Anywhere else (pipes, CI logs, files, no stream) it does nothing.
//
//   createProgress(stream: NodeJS.WriteStream | undefined, label: string):
//     { update(done: number, total: number): void; done(): void }
//
// Usage: `const progress = createProgress(process.stderr, 'matrix'); ...
// progress.update(i, n); ... progress.done();`

export interface Progress {
  /** Reports `done` of `total` units; redraws when the throttle allows or the run is complete. */
  update(done: number, total: number): void;
  /** Erases the bar. Further updates are ignored. */
  done(): void;
}

/** Minimum time between two redraws. */
export const PROGRESS_INTERVAL_MS = 100;

const NO_PROGRESS: Progress = { update() {}, done() {} };

/** Creates a progress bar on `stream` (normally process.stderr) if it is a TTY; a no-op otherwise. */
export function createProgress(
  stream: NodeJS.WriteStream | undefined,
  label: string,
  now: () => number = Date.now,
): Progress {
  if (stream?.isTTY !== true) return NO_PROGRESS;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let drawn = false;
  let finished = false;
  const started = now();
  const clear = () => {
    // CR + "erase in line" (ECMA-48 EL, CSI 2 K).
    stream.write('\r\x1b[2K');
  };
  return {
    update(done: number, total: number) {
      if (finished) return;
      const t = now();
      const complete = total > 0 && done >= total;
      if (!complete && t - lastDraw < PROGRESS_INTERVAL_MS) return;
      lastDraw = t;
      const line = renderProgressLine(label, done, total, t - started, stream.columns ?? 80);
      clear();
      stream.write(line);
      drawn = true;
    },
    done() {
      if (finished) return;
      finished = true;
      if (drawn) clear();
    },
  };
}

/** One line: `label [#####.....] 42% 420/1000 3.1s`, fitted to `columns`. */
export function renderProgressLine(
  label: string,
  done: number,
  total: number,
  elapsedMs: number,
  columns: number,
): string {
  const clamped = Math.max(0, Math.min(done, total));
  const ratio = total > 0 ? clamped / total : 0;
  const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
  const tail = ` ${percent} ${clamped}/${total} ${(elapsedMs / 1000).toFixed(1)}s`;
  const room = Math.max(0, columns - 1 - label.length - tail.length - 3);
  const width = Math.min(40, room);
  if (width < 5) return `${label}${tail}`.slice(0, Math.max(0, columns - 1));
  const filled = Math.round(ratio * width);
  return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}]${tail}`;
}
