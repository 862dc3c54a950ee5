// A full garbage collection on demand, for a phase boundary of a parallel matrix build where much
// of the thread's heap has just become garbage (workers.ts: this thread once the model is packed
// and posted). V8 sizes a heap by what was live at its last full collection, so a collection
// there keeps the heap smaller for the rest of the build. `gc` is exposed with V8's `--expose-gc`
// flag (process-wide; it only adds the `gc` function to contexts created afterwards, here one
// `vm` context); the function is looked up once.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null | undefined;

/** Collects garbage now (a full, blocking collection of this thread's heap); false if V8 cannot. */
export function collectGarbage(): boolean {
  if (collect === undefined) {
    try {
      const exposed = (globalThis as { gc?: () => void }).gc;
      if (typeof exposed === 'function') collect = exposed;
      else {
        setFlagsFromString('--expose-gc');
        const gc = runInNewContext('gc') as unknown;
        collect = typeof gc === 'function' ? (gc as () => void) : null;
      }
    } catch {
      collect = null;
    }
  }
  if (!collect) return false;
  collect();
  return true;
}
