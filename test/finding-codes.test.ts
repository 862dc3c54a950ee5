// Every finding code emitted anywhere in src/ is classified in the one table of
// src/model/finding-codes.ts ("could change a verdict" or informational), and every entry of the
// table is a code src/ emits. The codes are found by reading the sources: every string literal of
// the form `namespace/kebab-name` whose namespace is a finding namespace, and every such literal
// in a file that builds findings (mentions a severity), whatever its namespace, so that a code
// of a new namespace is caught too. When this test fails after adding a code: classify it in
// FINDING_CODES (see the comment on top of that file). README.md "Finding codes" lists every
// code with its impact: a code emitted and not listed there, or listed and no longer in the table,
// fails too (the failure prints the rows to add).

import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { couldChangeVerdict, FINDING_CODES, findingImpact } from '../src/model/finding-codes.js';
import { filesUnder } from './helpers/files.js';

const SRC = join(import.meta.dirname, '..', 'src');
const README = join(import.meta.dirname, '..', 'README.md');

/** String literals that look like codes, outside comments. */
function codeLiterals(text: string): string[] {
  // Comment lines (`//`, `/**`, ` * `); block comments are not parsed: a string may hold `/*`.
  const withoutComments = text.replace(/^\s*(\/\/|\/\*|\*).*$/gm, '');
  return [...withoutComments.matchAll(/(['"`])([a-z][a-z0-9]*\/[a-z0-9]+(?:-[a-z0-9]+)*)\1/g)].map(
    (m) => m[2]!,
  );
}

/** Literals of that shape that are not finding codes (names, media types, package entry points). */
const NOT_CODES = new Set(['role/iamspec-any-role', 'user/iamspec-any-user', 'application/json']);

const files = filesUnder(SRC, '.ts').filter((f) => !f.endsWith(join('model', 'finding-codes.ts')));
const namespaces = new Set(Object.keys(FINDING_CODES).map((c) => c.slice(0, c.indexOf('/'))));

function emittedCodes(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const buildsFindings = /\bseverity\b/.test(text);
    for (const lit of codeLiterals(text)) {
      if (NOT_CODES.has(lit)) continue;
      const ns = lit.slice(0, lit.indexOf('/'));
      if (!namespaces.has(ns) && !buildsFindings) continue;
      const where = relative(SRC, file);
      out.set(lit, [...(out.get(lit) ?? []), where]);
    }
  }
  return out;
}

describe('finding codes', () => {
  const emitted = emittedCodes();

  it('finds the codes of every layer (the search works)', () => {
    for (const c of [
      'cfn/unhandled-resource-type',
      'tf/unknown-instances',
      'model/imported-principal',
      'policy/unknown-action',
      'policy/invalid-effect',
      'request/resource-not-in-model',
      'load/plan-with-config',
    ]) {
      expect(emitted.has(c), c).toBe(true);
    }
    expect(emitted.size).toBeGreaterThan(80);
  });

  it('every code emitted in src/ is classified', () => {
    const missing = [...emitted.keys()]
      .filter((c) => !Object.hasOwn(FINDING_CODES, c))
      .map((c) => `${c} (${emitted.get(c)!.join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('every entry of the table is emitted somewhere in src/', () => {
    // spec/* warnings are the request layer's codes renamed (src/spec/resolve.ts `spec/${...}`).
    const derived = (c: string) => c.startsWith('spec/') && emitted.has(`request/${c.slice('spec/'.length)}`);
    const unused = Object.keys(FINDING_CODES).filter((c) => !emitted.has(c) && !derived(c));
    expect(unused).toEqual([]);
  });

  it('spec warnings: every request code has its spec/ counterpart', () => {
    // A resource pattern is a request problem only: a spec's can / cannot take patterns.
    const requestOnly = new Set(['request/resource-pattern']);
    for (const c of Object.keys(FINDING_CODES).filter(
      (x) => x.startsWith('request/') && !requestOnly.has(x),
    )) {
      expect(Object.hasOwn(FINDING_CODES, `spec/${c.slice('request/'.length)}`), c).toBe(true);
    }
  });

  it('classifies: unknowns and what is not modelled could change a verdict; lints do not', () => {
    expect(couldChangeVerdict('tf/unknown-instances')).toBe(true);
    expect(couldChangeVerdict('model/unknown-attachment-target')).toBe(true);
    expect(couldChangeVerdict('cfn/transform-not-applied')).toBe(true);
    expect(couldChangeVerdict('policy/invalid-effect')).toBe(true);
    expect(findingImpact('policy/unknown-action')).toBe('info');
    expect(findingImpact('load/plan-with-config')).toBe('info');
    // a code nobody classified is on the safe side
    expect(findingImpact('sam/not-yet-classified')).toBe('verdict');
    for (const [code, info] of Object.entries(FINDING_CODES)) {
      expect(code).toMatch(/^[a-z][a-z0-9]*\/[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(info.about.length, code).toBeGreaterThan(10);
    }
  });

  describe('README.md "Finding codes"', () => {
    /** The rows of the README's table: code → its "could change a verdict" cell. */
    function readmeRows(): Map<string, string> {
      const text = readFileSync(README, 'utf8');
      const start = text.indexOf('\n### Finding codes\n');
      expect(start, 'README.md has a "### Finding codes" section').toBeGreaterThan(0);
      const end = text.indexOf('\n#', start + 1);
      const rows = new Map<string, string>();
      for (const m of text.slice(start, end).matchAll(/^\| `([^`]+)` \| (yes|no) \|/gm)) {
        expect(rows.has(m[1]!), `${m[1]} listed twice`).toBe(false);
        rows.set(m[1]!, m[2]!);
      }
      return rows;
    }
    const rowOf = (code: string) => {
      const info = FINDING_CODES[code]!;
      return `| \`${code}\` | ${info.impact === 'verdict' ? 'yes' : 'no'} | ${info.about.replace(/\|/g, '\\|')} |`;
    };

    it('lists every code src/ emits (and the spec/ codes derived from request/ ones)', () => {
      const rows = readmeRows();
      const derived = [...emitted.keys()]
        .filter((c) => c.startsWith('request/'))
        .map((c) => `spec/${c.slice('request/'.length)}`)
        .filter((c) => Object.hasOwn(FINDING_CODES, c));
      const missing = [...new Set([...emitted.keys(), ...derived])].filter((c) => !rows.has(c)).sort();
      expect(missing.map((c) => (Object.hasOwn(FINDING_CODES, c) ? rowOf(c) : c))).toEqual([]);
    });

    it('lists no code the table no longer has, each with the impact the table gives', () => {
      const rows = readmeRows();
      expect([...rows.keys()].filter((c) => !Object.hasOwn(FINDING_CODES, c))).toEqual([]);
      const wrong = [...rows].filter(
        ([c, cell]) => Object.hasOwn(FINDING_CODES, c) && cell !== (couldChangeVerdict(c) ? 'yes' : 'no'),
      );
      expect(wrong.map(([c]) => rowOf(c))).toEqual([]);
      expect(rows.size).toBe(Object.keys(FINDING_CODES).length);
    });
  });
});
