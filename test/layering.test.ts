// The layer order of src/ (ARCHITECTURE.md, "Layers"), pinned by reading every import of every
// src/**/*.ts file (static imports, re-exports, `import type`, dynamic `import('...')`). A file
// may import files of its own layer and of the layers listed before it, never one after it, and
// never a sibling of the same rank (adapters and engine know nothing of each other; testing and
// cli neither). A new folder must be given a place in LAYERS before it can land.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');

interface Layer {
  name: string;
  /** Paths relative to the repository (a folder ends with '/'); the longest match wins. */
  paths: string[];
}

/**
 * Lowest first; the entries of one inner array have the same rank and may not import each
 * other. Files at the root of src/ other than index.ts are foundations (they import nothing of
 * src/); src/index.ts is the package's API and sits on top.
 */
const LAYERS: (Layer | Layer[])[] = [
  { name: 'foundations', paths: ['src/text/', 'src/*.ts'] },
  {
    // The model's vocabulary that the policy grammar needs too: findings, sources, unknown
    // values, input errors and bounded reading. Everything else in model/ is above policy/.
    name: 'model primitives',
    paths: [
      'src/model/finding.ts',
      'src/model/source.ts',
      'src/model/unknown.ts',
      'src/model/input-error.ts',
      'src/model/read-input.ts',
    ],
  },
  { name: 'policy', paths: ['src/policy/'] },
  { name: 'catalog', paths: ['src/catalog/'] },
  { name: 'model', paths: ['src/model/'] },
  {
    // Checks of policies and the model against the catalog, and the size quotas.
    name: 'validation',
    paths: ['src/validation/'],
  },
  { name: 'aws', paths: ['src/aws/'] },
  [
    { name: 'adapters', paths: ['src/adapters/'] },
    { name: 'engine', paths: ['src/engine/'] },
  ],
  { name: 'requests', paths: ['src/requests/'] },
  { name: 'analysis', paths: ['src/analysis/'] },
  {
    // The loaders: adapters, their load pipeline (adapters/load-core.ts) and the role chains the
    // deploy-time bounds follow (analysis/deploy-time-reach.ts), given to every builder they make.
    name: 'loaders',
    paths: ['src/adapters/load.ts', 'src/adapters/load-by-kind.ts'],
  },
  { name: 'spec', paths: ['src/spec/'] },
  { name: 'report', paths: ['src/report/'] },
  [
    { name: 'testing', paths: ['src/testing/'] },
    { name: 'cli', paths: ['src/cli/'] },
  ],
  { name: 'package API', paths: ['src/index.ts'] },
];

interface Placed {
  name: string;
  rank: number;
}

function layerOf(file: string, layers = LAYERS): Placed | undefined {
  let best: { placed: Placed; length: number } | undefined;
  layers.forEach((entry, rank) => {
    for (const layer of Array.isArray(entry) ? entry : [entry]) {
      for (const p of layer.paths) {
        const hit = p.endsWith('/*.ts')
          ? dirname(file) === p.slice(0, -'/*.ts'.length) && file.endsWith('.ts')
          : p.endsWith('/')
            ? file.startsWith(p)
            : file === p;
        // A listed file beats a folder; the root pattern is the weakest.
        const length = p.endsWith('/*.ts') ? 0 : p.length;
        if (hit && (!best || length > best.length)) best = { placed: { name: layer.name, rank }, length };
      }
    }
  });
  return best?.placed;
}

interface ImportEdge {
  from: string;
  to: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out.sort();
}

/** Every relative module specifier of a file, with whether only types are imported. */
function importsOf(file: string, text: string): { specifier: string; typeOnly: boolean }[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: { specifier: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name &&
            !!clause.namedBindings &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      out.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      out.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments.length === 1 &&
      ts.isStringLiteralLike(node.arguments[0] as ts.Expression)
    ) {
      out.push({ specifier: (node.arguments[0] as ts.StringLiteral).text, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const lit = node.argument.literal;
      if (ts.isStringLiteral(lit)) out.push({ specifier: lit.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out.filter((i) => i.specifier.startsWith('.'));
}

/** The imported file, relative to the repository: `./x.js` names the source `./x.ts`. */
function targetOf(from: string, specifier: string): string {
  const abs = resolve(dirname(join(ROOT, from)), specifier).replace(/\.js$/, '.ts');
  return relative(ROOT, abs).split('\\').join('/');
}

function edges(): ImportEdge[] {
  const out: ImportEdge[] = [];
  for (const abs of sourceFiles(SRC)) {
    const from = relative(ROOT, abs).split('\\').join('/');
    for (const i of importsOf(abs, readFileSync(abs, 'utf8'))) {
      out.push({ from, to: targetOf(from, i.specifier), typeOnly: i.typeOnly });
    }
  }
  return out;
}

/** Imports that run from a lower layer to a higher one or between siblings of one rank. */
function violations(list: ImportEdge[], layers = LAYERS): string[] {
  const out: string[] = [];
  for (const e of list) {
    const a = layerOf(e.from, layers);
    const b = layerOf(e.to, layers);
    if (!a || !b || a.name === b.name) continue;
    if (b.rank < a.rank) continue;
    const why = b.rank === a.rank ? 'siblings' : 'lower imports higher';
    out.push(`${e.from} (${a.name}) imports ${e.typeOnly ? 'types of ' : ''}${e.to} (${b.name}): ${why}`);
  }
  return out;
}

describe('layering of src/', () => {
  const all = edges();

  it('reads the imports (sanity: known edges are seen, type-only ones told apart)', () => {
    expect(all.length).toBeGreaterThan(500);
    expect(all.some((e) => e.from === 'src/engine/engine.ts' && e.to === 'src/model/types.ts')).toBe(true);
    expect(
      all.some((e) => e.from === 'src/model/types.ts' && e.to === 'src/policy/types.ts' && e.typeOnly),
    ).toBe(true);
  });

  it('places every source file in a layer', () => {
    const unplaced = sourceFiles(SRC)
      .map((f) => relative(ROOT, f).split('\\').join('/'))
      .filter((f) => !layerOf(f));
    expect(unplaced, 'give the new folder a place in LAYERS (and in ARCHITECTURE.md)').toEqual([]);
  });

  it('resolves every relative import to a source file', () => {
    const files = new Set(sourceFiles(SRC).map((f) => relative(ROOT, f).split('\\').join('/')));
    const dangling = all.filter(
      (e) =>
        e.to.startsWith('src/') && !files.has(e.to) && !files.has(`${e.to.replace(/\.ts$/, '')}/index.ts`),
    );
    // JSON and other data files are not modules of a layer.
    expect(dangling.filter((e) => e.to.endsWith('.ts')).map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  it('has no import from a lower layer to a higher one, nor between siblings', () => {
    expect(violations(all)).toEqual([]);
  });

  it('testing/ imports no cli/ file', () => {
    const bad = all.filter((e) => e.from.startsWith('src/testing/') && e.to.startsWith('src/cli/'));
    expect(bad.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  it('flags an upward import and a sibling import (the check can fail)', () => {
    const found = violations([
      { from: 'src/policy/parse.ts', to: 'src/catalog/index.ts', typeOnly: false },
      { from: 'src/model/unknown.ts', to: 'src/policy/types.ts', typeOnly: true },
      { from: 'src/adapters/load-core.ts', to: 'src/engine/engine.ts', typeOnly: false },
      { from: 'src/testing/matchers.ts', to: 'src/cli/main.ts', typeOnly: false },
      { from: 'src/engine/engine.ts', to: 'src/model/types.ts', typeOnly: false },
      { from: 'src/validation/validate-policy.ts', to: 'src/catalog/index.ts', typeOnly: false },
    ]);
    expect(found).toEqual([
      'src/policy/parse.ts (policy) imports src/catalog/index.ts (catalog): lower imports higher',
      'src/model/unknown.ts (model primitives) imports types of src/policy/types.ts (policy): lower imports higher',
      'src/adapters/load-core.ts (adapters) imports src/engine/engine.ts (engine): siblings',
      'src/testing/matchers.ts (testing) imports src/cli/main.ts (cli): siblings',
    ]);
  });
});
