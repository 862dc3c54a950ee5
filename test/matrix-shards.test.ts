// Sharding the access matrix for CI (src/analysis/matrix/shards.ts, `iamspec matrix --shard I/N`
// and `--merge`): the merged shards are exactly the unsharded matrix and risk findings (library,
// on a generated organisation; CLI, on the company1 Terraform example, byte for byte in json,
// html and text), whatever the order of the files; missing, repeated and mismatched shards are
// errors.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateOrg } from '../bench/generate-org.js';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { cellsFromRows } from '../src/analysis/matrix/cell-store.js';
import {
  type MatrixShard,
  matrixFingerprint,
  mergeShards,
  parseShardSpec,
  shardRows,
} from '../src/analysis/matrix/shards.js';
import { reviewRisks } from '../src/analysis/risks.js';
import type { Matrix, MatrixJson } from '../src/analysis/types.js';
import { compileModel } from '../src/engine/index.js';
import { runCli } from './fixtures/cli/run.js';
import { tempDir } from './helpers/temp-inputs.js';

const now = new Date('2026-11-23T00:00:00Z');

describe('shard partition', () => {
  it('parses I/N and rejects what is not a shard', () => {
    expect(parseShardSpec('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '1/0', '1', '1/2/3', 'a/b', '-1/2', '1.5/2'])
      expect(parseShardSpec(bad)).toBe(undefined);
  });

  it('deals the rows round-robin: every row in exactly one shard', () => {
    const total = 23;
    const seen = new Array<number>(total).fill(0);
    for (let i = 1; i <= 5; i++) for (const r of shardRows(total, { index: i, count: 5 })) seen[r]!++;
    expect(seen).toEqual(new Array(total).fill(1));
    expect(shardRows(7, { index: 2, count: 3 })).toEqual([1, 4]);
    expect(shardRows(2, { index: 3, count: 3 })).toEqual([]);
  });

  it('fingerprints the model and the options', () => {
    const a = generateOrg({ principals: 20, resources: 10, policies: 30, seed: 3 }).model;
    const b = generateOrg({ principals: 20, resources: 10, policies: 30, seed: 4 }).model;
    expect(matrixFingerprint(a, { x: 1 })).toBe(
      matrixFingerprint(generateOrg({ principals: 20, resources: 10, policies: 30, seed: 3 }).model, {
        x: 1,
      }),
    );
    expect(matrixFingerprint(a, { x: 1 })).not.toBe(matrixFingerprint(b, { x: 1 }));
    expect(matrixFingerprint(a, { x: 1 })).not.toBe(matrixFingerprint(a, { x: 2 }));
  });
});

describe('mergeShards', () => {
  const { model } = generateOrg({ principals: 90, resources: 40, policies: 180, seed: 17 });
  const engine = compileModel(model, { now });
  const full = buildMatrix(engine, { includeRoles: true });
  const fullRisks = reviewRisks(engine, full);
  const rows = full.principals.map((p) => p.arn);

  function throughJson(matrix: Matrix): Matrix {
    const read = JSON.parse(JSON.stringify(matrix)) as MatrixJson;
    return { ...read, cells: cellsFromRows(read.cells) };
  }

  // The shards of each count, built once for the tests below (each from its own engine, as the
  // shard runs of the CLI are separate processes); mergeShards does not change its inputs.
  const shardSets = new Map<number, readonly MatrixShard[]>();
  function shardsOf(count: number): readonly MatrixShard[] {
    let shards = shardSets.get(count);
    if (!shards) {
      shards = buildShards(count);
      shardSets.set(count, shards);
    }
    return shards;
  }

  function buildShards(count: number): MatrixShard[] {
    const out: MatrixShard[] = [];
    for (let index = 1; index <= count; index++) {
      const mine = shardRows(rows.length, { index, count });
      const matrix = buildMatrix(compileModel(model, { now }), {
        includeRoles: true,
        principals: mine.map((r) => rows[r]!),
      });
      out.push({
        name: `shard-${index}.json`,
        // through JSON, as the shard files are read (accessSnapshotOf)
        matrix: throughJson(matrix),
        risks: JSON.parse(JSON.stringify(reviewRisks(engine, matrix))),
        shard: { index, count, rows: mine, total: rows.length, fingerprint: 'f' },
      });
    }
    return out;
  }

  it('merges 1, 3 and 4 shards (in any order) into the unsharded matrix and risk findings', () => {
    expect(fullRisks.length).toBeGreaterThan(5);
    expect(Object.keys(full.chains).length).toBeGreaterThan(0);
    const expected = JSON.parse(JSON.stringify({ matrix: full, risks: fullRisks }));
    for (const count of [1, 3, 4]) {
      const shards = [...shardsOf(count)].reverse();
      const merged = mergeShards(shards);
      expect(JSON.stringify(merged)).toBe(JSON.stringify(expected));
    }
  });

  it('refuses missing, repeated and mismatched shards', () => {
    const shards = shardsOf(3);
    expect(() => mergeShards(shards.slice(0, 2))).toThrow(/missing shard 3\/3/);
    expect(() => mergeShards([...shards, shards[1]!])).toThrow(/shard 2\/3 is given twice/);
    const other = { ...shards[2]!, shard: { ...shards[2]!.shard, fingerprint: 'g' } };
    expect(() => mergeShards([shards[0]!, shards[1]!, other])).toThrow(/other inputs or options/);
    const four = shardsOf(4);
    expect(() => mergeShards([shards[0]!, shards[1]!, four[3]!])).toThrow(/shard 4\/4/);
    const moved = { ...shards[2]!, shard: { ...shards[2]!.shard, rows: shards[1]!.shard.rows } };
    expect(() => mergeShards([shards[0]!, shards[1]!, moved])).toThrow(/not those of shard 3\/3/);
  });
});

describe('iamspec matrix --shard / --merge', () => {
  const TF = ['tf-example/plan.json', 'tf-example/'];
  const dir = tempDir('iamspec-shards-');

  // Each shard file (and the whole snapshot) is written once and read by every test that needs it.
  const written = new Map<string, Promise<string>>();
  function once(file: string, write: (file: string) => Promise<void>): Promise<string> {
    let done = written.get(file);
    if (!done) {
      done = write(file).then(() => file);
      written.set(file, done);
    }
    return done;
  }

  /** The shard files `only` (default: all) of `count`, with `extra` options (tagged by `tag`). */
  async function shardFiles(count: number, extra: string[] = [], tag = '', only?: number): Promise<string[]> {
    const files: string[] = [];
    for (let i = 1; i <= count; i++) {
      if (only !== undefined && i !== only) continue;
      files.push(await once(join(dir, `shard${tag}-${i}-of-${count}.json`), (file) => writeShard(file, i)));
    }
    return files;

    async function writeShard(file: string, i: number): Promise<void> {
      const r = await runCli([
        'matrix',
        ...TF,
        ...extra,
        '--shard',
        `${i}/${count}`,
        '--format',
        'json',
        '--out',
        file,
      ]);
      expect(r.code, r.stderr).toBe(0);
    }
  }

  /** The whole matrix as an access snapshot (json), written once. */
  function wholeSnapshot(): Promise<string> {
    return once(join(dir, 'whole.json'), async (file) => {
      expect((await runCli(['matrix', ...TF, '--format', 'json', '--out', file])).code).toBe(0);
    });
  }

  it('merges the shards into exactly what one run writes (json, html, text)', async () => {
    const files = await shardFiles(3);
    const shard2 = JSON.parse(readFileSync(files[1]!, 'utf8'));
    expect(shard2.shard).toMatchObject({ index: 2, count: 3, rows: [1, 4] });
    for (const format of ['json', 'html', 'text']) {
      const one = await runCli(['matrix', ...TF, '--format', format]);
      expect(one.code).toBe(0);
      const merged = await runCli(['matrix', '--merge', files[2]!, files[0]!, files[1]!, '--format', format]);
      expect(merged.stderr).toBe('');
      expect(merged.code).toBe(0);
      // (the html review says when it was generated)
      const untimed = (text: string) => text.replace(/<time [^>]*>[^<]*<\/time>/g, '<time/>');
      expect(untimed(merged.stdout)).toBe(untimed(one.stdout));
    }
  });

  it('diff --base takes the shards of an access snapshot as the snapshot itself', async () => {
    const files = await shardFiles(2);
    const whole = await wholeSnapshot();
    // the same diff whether the base is the whole snapshot or its shards
    const fromWhole = await runCli(['diff', '--base', whole, ...TF, '--format', 'json']);
    const fromShards = await runCli([
      'diff',
      '--base',
      files[1]!,
      '--base',
      files[0]!,
      ...TF,
      '--format',
      'json',
    ]);
    expect(fromWhole.code).toBe(0);
    expect(fromShards.stderr).toBe(fromWhole.stderr);
    expect(fromShards.stdout).toBe(fromWhole.stdout);
    const partial = await runCli(['diff', '--base', files[0]!, ...TF]);
    expect(partial.code).toBe(2);
    expect(partial.stderr).toMatch(/missing shard 2\/2/);
  });

  it('says what is wrong: missing, repeated, mismatched shards, bad --shard', async () => {
    const files = await shardFiles(2);
    const missing = await runCli(['matrix', '--merge', files[0]!]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing shard 2\/2/);
    const twice = await runCli(['matrix', '--merge', files[0]!, files[0]!]);
    expect(twice.stderr).toMatch(/shard 1\/2 is given twice/);
    // built with other assumptions: another fingerprint (only its shard 2/2 is needed)
    const [other] = await shardFiles(2, ['--assume', 'none'], '-none', 2);
    const mixed = await runCli(['matrix', '--merge', files[0]!, other!]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/other inputs or options/);
    const plain = await wholeSnapshot();
    expect((await runCli(['matrix', '--merge', plain])).stderr).toMatch(/not a matrix shard/);
    for (const bad of [
      ['--shard', '3/2', '--format', 'json'],
      ['--shard', '1/2'],
    ]) {
      const r = await runCli(['matrix', ...TF, ...bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--shard/);
    }
  });
});
