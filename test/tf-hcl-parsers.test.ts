// The two HCL readers of the Terraform adapter, compared. iamspec reads `.tf` files with its own
// located parser (src/adapters/terraform/hcl/parser.ts: positions for every expression, the
// expression tree the evaluator walks, fast); hcl2-parser (HashiCorp's HCL v2 compiled to
// JavaScript, through hcl2json) is the reference grammar and the fallback reader for files the
// located parser rejects (config/read-hcl.ts). Every `.tf` file of the shared corpus
// (../shared/corpus/MANIFEST.tsv), of tf-example/ and of test/fixtures/ is parsed by both, and
// the block structure (types, labels, nesting, order of repeated blocks), the attribute names
// and the literal values must agree; a file one rejects the other must reject too, except the
// fallback fixture, which shows the fallback at work.
//
// hclsyntax spec (https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md), "Identifiers":
// "Identifier = ID_Start (ID_Continue | '-')*;" and "Comments and Whitespace ... are ignored
// except as described below."

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import type { Block, Body } from '../src/adapters/terraform/hcl/ast.js';
import { parseHcl } from '../src/adapters/terraform/hcl/parser.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';

const ROOT = join(import.meta.dirname, '..');
const CORPUS = join(ROOT, '..', 'shared', 'corpus');
const MANIFEST = join(CORPUS, 'MANIFEST.tsv');
const FALLBACK = 'test/fixtures/tf/hcl-fallback/main.tf';

const hcl2 = createRequire(import.meta.url)('hcl2-parser') as {
  parseToString(text: string): [string, unknown];
};

/** hcl2-parser's JSON rendering (hcl2json), or the error. */
function referenceParse(text: string): { json: unknown } | { error: string } {
  const [out, err] = hcl2.parseToString(text);
  if (err) return { error: String((err as { message?: string }).message ?? err) };
  return { json: JSON.parse(out) };
}

function locatedParse(text: string): { body: Body } | { error: string } {
  try {
    return { body: parseHcl(text) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Differences between a body of the located parser and its hcl2json rendering. In hcl2json a
 * block is `type → label → … → [body, …]` (one array entry per block, in file order) and an
 * attribute is `name → value`; literal values are JSON values, other expressions `"${…}"`.
 */
function compareBody(body: Body, json: unknown, path: string, out: string[]): void {
  if (!isRecord(json)) {
    out.push(`${path}: hcl2-parser gives ${JSON.stringify(json)?.slice(0, 60)}, not a body`);
    return;
  }
  const attrs = body.items.filter((i) => i.kind === 'attr');
  const blocks = body.items.filter((i): i is Block => i.kind === 'block');
  const names = new Set([...attrs.map((a) => a.name), ...blocks.map((b) => b.type)]);
  for (const k of Object.keys(json)) if (!names.has(k)) out.push(`${path}: only hcl2-parser has "${k}"`);
  for (const n of names) if (!(n in json)) out.push(`${path}: only iamspec's parser has "${n}"`);
  for (const a of attrs) {
    if (a.expr.k === 'lit' && a.name in json && json[a.name] !== a.expr.v) {
      out.push(`${path}.${a.name}: ${JSON.stringify(a.expr.v)} vs ${JSON.stringify(json[a.name])}`);
    }
  }
  // Blocks of one type, grouped by their labels, in file order.
  const byPath = new Map<string, Block[]>();
  for (const b of blocks) {
    const key = JSON.stringify([b.type, ...b.labels]);
    byPath.set(key, [...(byPath.get(key) ?? []), b]);
  }
  const seen = new Set<string>();
  for (const [key, list] of byPath) {
    const [type, ...labels] = JSON.parse(key) as string[];
    let node: unknown = json[type!];
    for (const l of labels) node = isRecord(node) ? node[l] : undefined;
    const where = `${path}.${[type, ...labels].join('.')}`;
    seen.add(key);
    if (!Array.isArray(node)) {
      out.push(`${where}: hcl2-parser has no block list here`);
      continue;
    }
    if (node.length !== list.length) out.push(`${where}: ${list.length} block(s) vs ${node.length}`);
    list.forEach((b, i) => {
      compareBody(b.body, node[i], `${where}[${i}]`, out);
    });
  }
  // Label paths only hcl2-parser has.
  for (const type of new Set(blocks.map((b) => b.type))) {
    const walk = (node: unknown, labels: string[]): void => {
      if (Array.isArray(node)) {
        if (!seen.has(JSON.stringify([type, ...labels])))
          out.push(`${path}.${[type, ...labels].join('.')}: only hcl2-parser has this block`);
        return;
      }
      if (isRecord(node)) for (const [l, v] of Object.entries(node)) walk(v, [...labels, l]);
    };
    walk(json[type], []);
  }
}

function tfFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === '.terraform') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...tfFilesUnder(p));
    else if (e.name.endsWith('.tf')) out.push(p);
  }
  return out.sort();
}

function corpusFiles(): string[] {
  expect(existsSync(MANIFEST), `${MANIFEST} is missing: the shared corpus is needed`).toBe(true);
  const rows = readFileSync(MANIFEST, 'utf8').trim().split('\n').slice(1);
  return rows.map((r) => r.split('\t')[0]!).filter((f) => f.endsWith('.tf'));
}

describe('the shared corpus', () => {
  it('is present and lists .tf files (../shared/corpus/MANIFEST.tsv)', () => {
    const files = corpusFiles();
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const f of files) expect(existsSync(join(CORPUS, f)), f).toBe(true);
  });
});

describe('iamspec HCL parser vs hcl2-parser', () => {
  const files = [
    ...(existsSync(MANIFEST) ? corpusFiles().map((f) => join(CORPUS, f)) : []),
    ...tfFilesUnder(join(ROOT, 'tf-example')),
    ...tfFilesUnder(join(ROOT, 'test', 'fixtures')),
  ];

  it('has files from the corpus, the example and the fixtures', () => {
    const rel = files.map((f) => relative(ROOT, f));
    expect(rel.filter((f) => f.startsWith('../shared/corpus/')).length).toBeGreaterThanOrEqual(7);
    expect(rel).toContain('tf-example/main.tf');
    expect(rel).toContain(FALLBACK);
  });

  for (const file of files) {
    const name = relative(ROOT, file);
    it(`agrees on ${name}`, () => {
      const text = readFileSync(file, 'utf8');
      const mine = locatedParse(text);
      const ref = referenceParse(text);
      if (name === FALLBACK) {
        // The one file where the readers disagree on purpose: see the fixture's comment.
        expect('error' in mine && 'json' in ref).toBe(true);
        return;
      }
      if ('error' in ref || 'error' in mine) {
        // Both reject it (the invalid-input fixtures) or the readers disagree.
        expect({ mine: 'error' in mine, reference: 'error' in ref }, JSON.stringify({ mine, ref })).toEqual({
          mine: true,
          reference: true,
        });
        return;
      }
      const diffs: string[] = [];
      compareBody(mine.body, ref.json, '', diffs);
      expect(diffs).toEqual([]);
    });
  }

  it('detects a difference (the comparison can fail)', () => {
    const mine = parseHcl('resource "a" "b" {\n  x = 1\n  inner {\n    y = "z"\n  }\n}\n');
    const diffs: string[] = [];
    compareBody(mine, { resource: { a: { b: [{ x: 2, inner: [{ w: 'z' }, {}] }] } }, extra: 1 }, '', diffs);
    expect(diffs).toEqual([
      ': only hcl2-parser has "extra"',
      '.resource.a.b[0].x: 1 vs 2',
      '.resource.a.b[0].inner: 1 block(s) vs 2',
      '.resource.a.b[0].inner[0]: only hcl2-parser has "w"',
      `.resource.a.b[0].inner[0]: only iamspec's parser has "y"`,
    ]);
  });

  it('reads identifiers with combining marks as HCL does (ID_Continue)', () => {
    const text = 'locals {\n  cafe\u0301 = 1\n  a\u203fb = 2\n}\n';
    const mine = locatedParse(text);
    const ref = referenceParse(text);
    expect('json' in ref).toBe(true);
    expect('body' in mine, JSON.stringify(mine)).toBe(true);
    if (!('body' in mine) || !('json' in ref)) return;
    const diffs: string[] = [];
    compareBody(mine.body, ref.json, '', diffs);
    expect(diffs).toEqual([]);
  });
});

describe('the hcl2-parser fallback', () => {
  it('reads a file the located parser rejects, says so, and keeps its IAM resources', () => {
    const builder = new ModelBuilder();
    loadTerraformConfig(join(ROOT, FALLBACK), builder, { account: '111122223333', region: 'eu-west-1' });
    const model = builder.build();
    const fallback = model.findings.filter((f) => f.code === 'tf/hcl-fallback');
    expect(fallback).toHaveLength(1);
    expect(fallback[0]!.source).toMatchObject({ file: join(ROOT, FALLBACK), line: 12 });
    const role = model.roles.find((r) => r.name === 'reports-reader');
    expect(role).toBeDefined();
    const engine = compileModel(model);
    const d = engine.decide({
      principal: role!.arn as string,
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::company1-reports/q1.csv',
    });
    expect(d.decision).toBe('allow');
    const other = engine.decide({
      principal: role!.arn as string,
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::company1-reports/q1.csv',
    });
    expect(other.decision).toBe('deny');
  });
});
