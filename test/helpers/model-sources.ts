// Every source a model holds, by file: the sources of its elements and policy statements (what
// the model knows), of its unknown values and of its findings (what it says it does not know).
// The corpus accounting test (test/corpus-accounting.test.ts) checks that each thing an input
// holds that can grant or restrict access is found here.

import { resolve } from 'node:path';
import { couldChangeVerdict } from '../../src/model/finding-codes.js';
import type { Source } from '../../src/model/source.js';
import type { Model } from '../../src/model/types.js';
import { Unknown } from '../../src/model/unknown.js';

/** How a source is held: by a model element or statement, an unknown value, or a finding. */
export type Holder = 'element' | 'unknown' | 'finding';

export interface HeldSource {
  source: Source;
  holder: Holder;
  /** For a finding: its code. */
  code?: string;
}

/**
 * Informational findings that account for what they name: the same statements set twice on one
 * resource are one policy, kept once (src/adapters/terraform/handlers/resources.ts).
 */
const ACCOUNTING_INFO = new Set(['tf/same-resource-policy']);

const counts = (code: string) => couldChangeVerdict(code) || ACCOUNTING_INFO.has(code);

export class ModelSources {
  readonly all: HeldSource[] = [];
  private readonly byFile = new Map<string, HeldSource[]>();

  constructor(model: Model) {
    const seen = new Set<object>();
    const note = (source: Source | undefined, holder: Holder, code?: string) => {
      if (!source || typeof source !== 'object') return;
      const held: HeldSource = { source, holder, ...(code ? { code } : {}) };
      this.all.push(held);
      const key = source.file ? resolve(source.file) : '';
      const list = this.byFile.get(key) ?? [];
      list.push(held);
      this.byFile.set(key, list);
    };
    const walk = (v: unknown, depth: number): void => {
      if (v === null || typeof v !== 'object' || seen.has(v) || depth > 60) return;
      seen.add(v);
      if (v instanceof Unknown) {
        note(v.source, 'unknown');
        return;
      }
      if (Array.isArray(v)) {
        for (const x of v) walk(x, depth + 1);
        return;
      }
      for (const [k, x] of Object.entries(v)) {
        if (k === 'source') note(x as Source, 'element');
        else if (k === 'valueSources' && x && typeof x === 'object')
          for (const s of Object.values(x)) note(s as Source, 'element');
        else walk(x, depth + 1);
      }
    };
    walk({ ...model, findings: [] }, 0);
    for (const f of model.findings) note(f.source, 'finding', f.code);
  }

  /** The sources in `file`. */
  inFile(file: string): HeldSource[] {
    return this.byFile.get(resolve(file)) ?? [];
  }

  /**
   * How the model accounts for what `file` holds at `pointer`: an element or statement at it or
   * below it; else an unknown value or a finding that could change a verdict at it, below it or
   * at a place that holds it (a whole policy document left unknown); else undefined.
   */
  account(file: string, pointer: string, logicalId?: string): Holder | undefined {
    const within = (p: string | undefined) =>
      p !== undefined && (p === pointer || p.startsWith(`${pointer}/`));
    const holds = (p: string | undefined) =>
      p !== undefined && (pointer === p || pointer.startsWith(`${p}/`));
    const here = this.inFile(file);
    if (here.some((h) => h.holder === 'element' && within(h.source.pointer))) return 'element';
    for (const h of here) {
      if (h.holder === 'element') continue;
      if (h.holder === 'finding' && !counts(h.code!)) continue;
      if (within(h.source.pointer) || holds(h.source.pointer)) return h.holder;
      // A finding on a resource named by its logical id only (no pointer).
      if (logicalId && !h.source.pointer && h.source.logicalId === logicalId) return h.holder;
    }
    return undefined;
  }

  /**
   * How the model accounts for the Terraform resource or module at `address` (instances
   * `address[…]` and, for a module, what it declares `address.…` included): an element or
   * statement of it, else an unknown value or a finding that could change a verdict naming it.
   */
  accountAddress(address: string): Holder | undefined {
    const of = (a: string | undefined) =>
      a !== undefined && (a === address || a.startsWith(`${address}[`) || a.startsWith(`${address}.`));
    if (this.all.some((h) => h.holder === 'element' && of(h.source.address))) return 'element';
    const other = this.all.find(
      (h) => h.holder !== 'element' && of(h.source.address) && (h.holder === 'unknown' || counts(h.code!)),
    );
    return other?.holder;
  }
}
