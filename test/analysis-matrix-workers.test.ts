// buildMatrixParallel (src/analysis/matrix/workers.ts): the matrix built in worker threads is the
// matrix buildMatrix builds in one thread; the model crosses to the workers with its Unknown
// values intact (src/analysis/model-transfer.ts).

import { describe, expect, it, vi } from 'vitest';
import { generateOrg } from '../bench/generate-org.js';
import { buildMatrix, createMatrixInterner } from '../src/analysis/matrix/build.js';
import { DENY_CELL, DENY_LEVELS } from '../src/analysis/matrix/interner.js';
import { encodeMatrixSlice, MatrixSliceEncoder, MatrixSliceMerger } from '../src/analysis/matrix/slices.js';
import { buildMatrixParallel, defaultMatrixWorkers } from '../src/analysis/matrix/workers.js';
import { actionListOf } from '../src/analysis/matrix/action-lists.js';
import {
  ownWitnessList,
  ownWitnessRecipe,
  useWitnessRecipes,
  witnessArnsOf,
} from '../src/analysis/matrix/columns.js';
import {
  deserializeModel,
  packModel,
  restoreUnknowns,
  shareStrings,
  unknownPaths,
  unknownsOfPacking,
  unpackModel,
} from '../src/analysis/model-transfer.js';
import type { Matrix } from '../src/analysis/types.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { withOpenAccounts } from '../src/model/open-accounts.js';
import type { Model } from '../src/model/types.js';
import { isUnknown, Unknown } from '../src/model/unknown.js';
import { parsePolicy } from '../src/policy/parse.js';
import { ACCOUNT, arn, buildCompany1 } from './helpers/company1.js';

const now = new Date('2026-11-23T00:00:00Z');
const single = (model: Model, options: Parameters<typeof buildMatrix>[1] = {}) =>
  buildMatrix(compileModel(model, { now }), options);

/** A model with Unknown values where they change decisions (DESIGN.md "Semantics": unknown
 * values make dependent decisions indeterminate). */
function modelWithUnknowns(): Model {
  const b = new ModelBuilder();
  const src = { file: 'main.tf' };
  const later = (what: string) =>
    new Unknown(`${what} known only after apply`, { file: 'main.tf', address: what });
  b.addBucket({ bucketName: 'logs', account: ACCOUNT, source: src });
  b.addBucket({ bucketName: 'data', account: ACCOUNT, source: src });
  const reader = b.addUser({ name: 'reader', account: ACCOUNT, source: src });
  b.addInlinePolicy(reader, {
    name: 'read',
    source: src,
    document: parsePolicy(
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 's3:GetObject', Resource: later('aws_s3_bucket.logs.arn') },
          { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::data' },
        ],
      },
      { kind: 'identity', source: src },
    ),
  });
  const attached = b.addUser({ name: 'attached', account: ACCOUNT, source: src });
  b.attachManagedPolicy(attached, { policyArn: later('aws_iam_policy.p.arn'), source: src });
  const member = b.addUser({ name: 'member', account: ACCOUNT, source: src });
  b.addUserToGroup(member, later('aws_iam_group.g.name'), src);
  return b.build();
}

describe('buildMatrixParallel', () => {
  it('builds the company1 matrix in worker threads, identical to buildMatrix', async () => {
    const model = buildCompany1();
    const reasons: string[] = [];
    const parallel = await buildMatrixParallel(model, {
      workers: 2,
      engine: { now },
      onFallback: (r) => reasons.push(r),
    });
    expect(reasons).toEqual([]);
    expect(parallel).toEqual(single(model));
    // Sanity: the matrix is not trivially empty (IT's sarah has AdministratorAccess).
    const sarah = parallel.principals.findIndex((p) => p.arn === arn.user('sarah'));
    expect(parallel.cells.row(sarah).some((levels) => levels.some((c) => c.access === 'allow'))).toBe(true);
  });

  it('builds the company1 matrix with the open-account stand-ins in worker threads, identical', async () => {
    // The stand-ins (model/open-accounts.ts) are marked by a plain field and hold Unknowns: both
    // must reach the workers as they are, or rows and columns would differ.
    const model = withOpenAccounts(buildCompany1());
    const reasons: string[] = [];
    const parallel = await buildMatrixParallel(model, {
      workers: 2,
      includeRoles: true,
      engine: { now },
      onFallback: (r) => reasons.push(r),
    });
    expect(reasons).toEqual([]);
    expect(parallel).toEqual(single(model, { includeRoles: true }));
    expect(parallel.principals.some((p) => p.arn.includes('outside-the-inputs'))).toBe(true);
    expect(parallel.resources.some((r) => r.arn.includes('outside-the-inputs'))).toBe(false);
  });

  it('builds the company1 matrix in worker threads only (buildInThisThread: false), identical', async () => {
    const model = buildCompany1();
    const reasons: string[] = [];
    const parallel = await buildMatrixParallel(model, {
      workers: 2,
      buildInThisThread: false,
      engine: { now },
      onFallback: (r) => reasons.push(r),
    });
    expect(reasons).toEqual([]);
    expect(parallel).toEqual(single(model));
  });

  it('builds a generated organisation with 2 and 3 threads, with and without this thread, identical to buildMatrix', async () => {
    const { model } = generateOrg({ principals: 150, resources: 60, policies: 300, seed: 11 });
    const expected = single(model);
    for (const [workers, buildInThisThread] of [
      [2, true],
      [3, true],
      [2, false],
    ] as const) {
      const reasons: string[] = [];
      const parallel = await buildMatrixParallel(model, {
        workers,
        buildInThisThread,
        engine: { now },
        onFallback: (r) => reasons.push(r),
      });
      expect(reasons).toEqual([]);
      // Exactly, grants order included: a row built in a worker's slice equals the row of the
      // whole matrix, and the rows of slices cut in likeness order (slice-plan.ts) come back at
      // their indexes: the JSON is the same, byte for byte.
      expect(parallel).toEqual(expected);
      expect(JSON.stringify(parallel)).toBe(JSON.stringify(expected));
    }
    expect(Object.keys(expected.chains).length).toBeGreaterThan(0);
  });

  it('passes principal references, resources and context through', async () => {
    const model = buildCompany1();
    const options = {
      principals: ['group/Developers', 'user/john', 'role/JohnUploadRole', 'user/sarah', 'ec2.amazonaws.com'],
      resources: [arn.bucket('company1-hr'), arn.bucket('company1-logs'), arn.bucket('company1-sales')],
      context: { 'aws:SecureTransport': 'true' },
    };
    const expected = single(model, options);
    expect(expected.principals.map((p) => p.arn)).toContain(arn.user('Sara-intern'));
    for (const buildInThisThread of [true, false]) {
      const parallel = await buildMatrixParallel(model, {
        ...options,
        workers: 2,
        buildInThisThread,
        engine: { now },
      });
      expect(parallel).toEqual(expected);
    }
  });

  it('keeps Unknown values: their rows are the same as in one thread', async () => {
    const model = modelWithUnknowns();
    const expected = single(model);
    const accesses = expected.cells
      .toJSON()
      .flat(2)
      .map((c) => c.access);
    expect(accesses).toContain('indeterminate');
    expect(await buildMatrixParallel(model, { workers: 3, engine: { now } })).toEqual(expected);
    expect(
      await buildMatrixParallel(model, { workers: 2, buildInThisThread: false, engine: { now } }),
    ).toEqual(expected);
  });

  it('keeps one Unknown in several places one instance in the workers: the same cells as one thread', async () => {
    // A maybe-present boundary whose statements share its presence: allow in one thread (the
    // boundary is evaluated as written); a worker that restored several instances said
    // indeterminate.
    const model = modelWithSharedPresence();
    const expected = single(model);
    for (const buildInThisThread of [true, false]) {
      const parallel = await buildMatrixParallel(model, { workers: 2, buildInThisThread, engine: { now } });
      expect(JSON.stringify(parallel)).toBe(JSON.stringify(expected));
    }
  });

  it('reports progress for every row', async () => {
    const { model } = generateOrg({ principals: 40, resources: 20, policies: 80, seed: 2 });
    const seen: [number, number][] = [];
    for (const buildInThisThread of [true, false]) {
      seen.length = 0;
      await buildMatrixParallel(model, {
        workers: 2,
        buildInThisThread,
        engine: { now },
        onProgress: (d, t) => seen.push([d, t]),
      });
      expect(seen.map(([d]) => d)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect(seen.every(([, t]) => t === 40)).toBe(true);
    }
  });

  it('falls back to this thread, with the reason, when the worker entry is missing', async () => {
    const model = buildCompany1();
    const reasons: string[] = [];
    const m = await buildMatrixParallel(model, {
      workers: 2,
      engine: { now },
      workerUrl: new URL('./no-such-matrix-worker.js', import.meta.url),
      onFallback: (r) => reasons.push(r),
    });
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toContain('no-such-matrix-worker.js');
    expect(m).toEqual(single(model));
  });

  it('builds the slices of workers that run out of memory in this thread', async () => {
    const { model } = generateOrg({ principals: 40, resources: 20, policies: 80, seed: 4 });
    const seen: number[] = [];
    const reasons: string[] = [];
    const m = await buildMatrixParallel(model, {
      workers: 2,
      engine: { now },
      // Far too small for the model: every worker dies with ERR_WORKER_OUT_OF_MEMORY.
      workerHeapMb: 1,
      onProgress: (d) => seen.push(d),
      onFallback: (r) => reasons.push(r),
    });
    expect(reasons).toEqual([expect.stringContaining('ran out of memory (workerHeapMb 1)')]);
    expect(m).toEqual(single(model));
    expect(seen.at(-1)).toBe(40);
    expect(seen.every((d, i) => i === 0 || d > seen[i - 1]!)).toBe(true);
    // Only worker threads, all out of memory: every slice is left to this thread.
    reasons.length = 0;
    const alone = await buildMatrixParallel(model, {
      workers: 2,
      buildInThisThread: false,
      engine: { now },
      workerHeapMb: 1,
      onFallback: (r) => reasons.push(r),
    });
    expect(reasons).toEqual([
      expect.stringMatching(
        /^(\d+) of \1 slices built in this thread: .*ran out of memory \(workerHeapMb 1\)/,
      ),
    ]);
    expect(alone).toEqual(single(model));
  });

  it('defaults to min(cores, 4) workers, and to this thread on 2 cores or fewer', () => {
    expect([1, 2, 3, 4, 8, 64].map((n) => defaultMatrixWorkers(n))).toEqual([1, 1, 3, 4, 4, 4]);
  });

  it('builds in this thread for workers: 1 and for small matrices by default', async () => {
    const model = buildCompany1();
    const reasons: string[] = [];
    expect(
      await buildMatrixParallel(model, { workers: 1, engine: { now }, onFallback: (r) => reasons.push(r) }),
    ).toEqual(single(model));
    expect(await buildMatrixParallel(model, { engine: { now }, onFallback: (r) => reasons.push(r) })).toEqual(
      single(model),
    );
    expect(reasons).toEqual([]);
  });

  it('builds in this thread with the compiled engine it is given', async () => {
    const model = buildCompany1();
    const compiled = compileModel(model, { now });
    const decide = vi.spyOn(compiled, 'decide');
    const m = await buildMatrixParallel(model, { workers: 1, engine: { now }, compiled });
    expect(decide).toHaveBeenCalled();
    expect(m).toEqual(single(model));
  });
});

/**
 * A user allowed s3:* under a permissions boundary that might not exist (count unknown), whose
 * statements carry the document's presence (one Unknown instance in three places).
 */
function modelWithSharedPresence(): Model {
  const b = new ModelBuilder();
  const src = { file: 'main.tf' };
  b.addBucket({ bucketName: 'logs', account: ACCOUNT, source: src });
  const user = b.addUser({ name: 'bounded', account: ACCOUNT, source: src });
  const policy = (kind: 'identity' | 'boundary', statements: object[]) =>
    parsePolicy({ Version: '2012-10-17', Statement: statements }, { kind, source: src });
  b.addInlinePolicy(user, {
    name: 'all',
    source: src,
    document: policy('identity', [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]),
  });
  const presence = new Unknown('count known only after apply', {
    file: 'main.tf',
    address: 'aws_iam_policy.b',
  });
  const doc = policy('boundary', [
    { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
    { Effect: 'Deny', Action: 's3:PutObject', Resource: '*' },
  ]);
  const policyArn = `arn:aws:iam::${ACCOUNT}:policy/b`;
  b.addManagedPolicy({
    name: 'b',
    account: ACCOUNT,
    arn: policyArn,
    source: src,
    document: { ...doc, presence, statements: doc.statements.map((st) => ({ ...st, presence })) },
  });
  b.setPermissionsBoundary(user, { policyArn, source: src });
  return b.build();
}

describe('MatrixSliceEncoder / MatrixSliceMerger', () => {
  it('decodes slices added in any order into the rows of the whole matrix, chains shifted', () => {
    const model = buildCompany1();
    const engine = compileModel(model, { now });
    const all = buildMatrix(engine);
    const rows = all.principals.map((p) => p.arn);
    const parts = [rows.slice(0, 2), rows.slice(2, 3), rows.slice(3)].map((principals) =>
      encodeMatrixSlice(buildMatrix(engine, { principals })),
    );
    const merger = new MatrixSliceMerger();
    for (const i of [2, 0, 1]) merger.add(i, parts[i]!);
    const merged = merger.result();
    expect(merged).toEqual(all);
    // john (row 0) reaches JohnUploadRole through sts:AssumeRole; later rows keep their indexes.
    expect(Object.keys(merged.chains).length).toBeGreaterThan(0);
    expect(Object.keys(merged.chains)).toEqual(Object.keys(all.chains));
  });

  it("carries each action's own statements (actionGrants) through the encoding", () => {
    const { model } = generateOrg({ principals: 60, resources: 30, policies: 120, seed: 5 });
    const engine = compileModel(model, { now });
    const all = buildMatrix(engine, { actionGrants: true, includeRoles: true });
    expect(
      all.cells
        .toJSON()
        .flat(2)
        .some((c) => c.actionGrants),
    ).toBe(true);
    const rows = all.principals.map((p) => p.arn);
    const encoder = new MatrixSliceEncoder();
    const merger = new MatrixSliceMerger();
    for (let i = 0; i * 20 < rows.length; i++)
      merger.add(
        i,
        encoder.encode(
          buildMatrix(engine, {
            actionGrants: true,
            includeRoles: true,
            principals: rows.slice(i * 20, i * 20 + 20),
          }),
        ),
        'one encoder',
      );
    expect(merger.result()).toEqual(all);
  });

  it('sends only the non-deny columns of each row, with their level-row ids', () => {
    const { model } = generateOrg({ principals: 60, resources: 30, policies: 120, seed: 5 });
    const engine = compileModel(model, { now });
    const all = buildMatrix(engine);
    const rows = all.principals.map((p) => p.arn);
    const encoded = encodeMatrixSlice(buildMatrix(engine, { principals: rows }));
    const granted: number[][] = rows.map((_, p) => {
      const cols: number[] = [];
      all.cells.forEachGranted(p, (c) => cols.push(c));
      return cols;
    });
    expect(granted.flat().length).toBeGreaterThan(0);
    expect(granted.flat().length).toBeLessThan(rows.length * all.resources.length);
    expect(encoded.rowStarts.length).toBe(rows.length + 1);
    expect(encoded.cols.length).toBe(granted.flat().length);
    expect(encoded.rowIds.length).toBe(encoded.cols.length);
    for (let p = 0; p < rows.length; p++)
      expect(Array.from(encoded.cols.subarray(encoded.rowStarts[p], encoded.rowStarts[p + 1]))).toEqual(
        granted[p],
      );
    const merger = new MatrixSliceMerger();
    merger.add(0, encoded);
    expect(merger.result()).toEqual(all);
  });

  it('decodes deny cells as the shared DENY_CELL, as one thread builds them (not copies)', () => {
    const { model } = generateOrg({ principals: 60, resources: 30, policies: 120, seed: 5 });
    const engine = compileModel(model, { now });
    const all = buildMatrix(engine);
    const rows = all.principals.map((p) => p.arn);
    const merger = new MatrixSliceMerger();
    for (let i = 0; i * 20 < rows.length; i++)
      merger.add(i, encodeMatrixSlice(buildMatrix(engine, { principals: rows.slice(i * 20, i * 20 + 20) })));
    const merged = merger.result();
    expect(merged).toEqual(all);
    let denyCells = 0;
    for (let p = 0; p < rows.length; p++) {
      const one = all.cells.row(p);
      const two = merged.cells.row(p);
      for (let r = 0; r < one.length; r++) {
        expect(two[r] === DENY_LEVELS).toBe(one[r] === DENY_LEVELS);
        one[r]!.forEach((c, l) => {
          expect(two[r]![l] === DENY_CELL).toBe(c === DENY_CELL);
          if (c === DENY_CELL && one[r] !== DENY_LEVELS) denyCells++;
        });
      }
    }
    // Granted level rows with a deny level: the case copies of DENY_CELL came from.
    expect(denyCells).toBeGreaterThan(0);
  });

  it('shares identical cells and level rows across slices', () => {
    const { model } = generateOrg({ principals: 60, resources: 30, policies: 120, seed: 5 });
    const engine = compileModel(model, { now });
    const all = buildMatrix(engine);
    const rows = all.principals.map((p) => p.arn);
    const merger = new MatrixSliceMerger();
    for (let i = 0; i * 10 < rows.length; i++)
      merger.add(i, encodeMatrixSlice(buildMatrix(engine, { principals: rows.slice(i * 10, i * 10 + 10) })));
    const merged = merger.result();
    expect(merged).toEqual(all);
    const distinct = (m: Matrix) => new Set(m.cells.toJSON().flat()).size;
    expect(distinct(merged)).toBeLessThanOrEqual(distinct(all));
  });

  it('sends each entry, ref, cell and level row once per encoder (workers with a shared interner)', () => {
    const { model } = generateOrg({ principals: 80, resources: 30, policies: 160, seed: 9 });
    const all = buildMatrix(compileModel(model, { now }));
    const rows = all.principals.map((p) => p.arn);
    // two sources, as two workers: each its own engine, interner and encoder; slices interleave
    const sources = [0, 1].map(() => ({
      engine: compileModel(model, { now }),
      interner: createMatrixInterner(),
      encoder: new MatrixSliceEncoder(),
    }));
    const merger = new MatrixSliceMerger();
    const sent: number[] = [];
    for (let i = 0; i * 10 < rows.length; i++) {
      const src = sources[i % 2]!;
      const m = buildMatrix(src.engine, {
        principals: rows.slice(i * 10, i * 10 + 10),
        interner: src.interner,
      });
      const encoded = src.encoder.encode(m);
      expect(!!encoded.head).toBe(i < 2);
      sent.push(encoded.entries.length);
      merger.add(i, encoded, i % 2);
    }
    expect(merger.result()).toEqual(all);
    // later slices of a source send only what it had not sent
    expect(sent.slice(2).reduce((a, b) => a + b, 0)).toBeLessThan(sent[0]! + sent[1]!);
  });

  it('after forgetObjects (a worker that dropped its interner) sends no cell or level row again', () => {
    const { model } = generateOrg({ principals: 60, resources: 30, policies: 120, seed: 5 });
    const engine = compileModel(model, { now });
    const all = buildMatrix(engine);
    const rows = all.principals.map((p) => p.arn);
    const encoder = new MatrixSliceEncoder();
    const merger = new MatrixSliceMerger();
    const first = encoder.encode(buildMatrix(engine, { principals: rows, interner: createMatrixInterner() }));
    expect(first.cells.length).toBeGreaterThan(0);
    merger.add(0, first, 'worker');
    encoder.forgetObjects();
    // the same rows again with new cell objects (a new interner and engine): known by content
    const again = encoder.encode(
      buildMatrix(compileModel(model, { now }), { principals: rows, interner: createMatrixInterner() }),
    );
    expect(again.cells.length).toBe(0);
    expect(again.levelRows.length).toBe(0);
    merger.add(1, again, 'worker');
    const merged = merger.result();
    expect(merged.principals.length).toBe(2 * rows.length);
    expect(merged.cells.toJSON()).toEqual([...all.cells.toJSON(), ...all.cells.toJSON()]);
  });

  it("merges this thread's slices (addMatrix) with workers' encoded slices", () => {
    const { model } = generateOrg({ principals: 60, resources: 30, policies: 120, seed: 7 });
    const engine = compileModel(model, { now });
    const all = buildMatrix(engine);
    const rows = all.principals.map((p) => p.arn);
    const here = createMatrixInterner();
    const worker = {
      engine: compileModel(model, { now }),
      interner: createMatrixInterner(),
      encoder: new MatrixSliceEncoder(),
    };
    const merger = new MatrixSliceMerger();
    // slices 1 and 3 from a worker (encoded), 0 and 2 built here, added out of order
    for (const i of [1, 0, 3, 2]) {
      const principals = rows.slice(i * 15, i * 15 + 15);
      if (i % 2 === 0) merger.addMatrix(i, buildMatrix(engine, { principals, interner: here }));
      else
        merger.add(
          i,
          worker.encoder.encode(buildMatrix(worker.engine, { principals, interner: worker.interner })),
          0,
        );
    }
    expect([0, 1, 2, 3].every((i) => merger.has(i))).toBe(true);
    expect(merger.has(4)).toBe(false);
    expect(merger.result()).toEqual(all);
  });

  it('reports a missing slice', () => {
    const engine = compileModel(buildCompany1(), { now });
    const merger = new MatrixSliceMerger();
    merger.add(1, encodeMatrixSlice(buildMatrix(engine, { principals: ['user/john'] })));
    expect(() => merger.result()).toThrow('slice 0 is missing');
  });
});

describe("witness recipes (the columns' action lists a worker is given)", () => {
  it('makes from a recipe the list this thread makes from the ARN, and reads the recipes given', () => {
    const sqs = 'arn:aws:sqs:us-east-1:111122223333:q';
    const bucket = 'arn:aws:s3:::b';
    for (const arn of [bucket, 'arn:aws:s3:::b/iamspec-object', 'arn:aws:iam::111122223333:role/r', sqs])
      expect(actionListOf(ownWitnessRecipe(arn))).toBe(ownWitnessList(arn));
    expect(witnessArnsOf(sqs, undefined, undefined)).toEqual([sqs]);
    // A recipe given for an ARN is what ownWitnessList reads (the worker does not match the ARN).
    useWitnessRecipes([sqs], Int32Array.of(0), [ownWitnessRecipe(bucket)]);
    expect(ownWitnessList(sqs)).toBe(ownWitnessList(bucket));
    useWitnessRecipes([], new Int32Array(0), []);
    expect(ownWitnessList(sqs)).not.toBe(ownWitnessList(bucket));
  });
});

describe('packModel / unpackModel', () => {
  it('restores Unknown instances where they were and everything else as plain data', () => {
    const model = modelWithUnknowns();
    const packed = packModel(model);
    expect(packed.unknowns.length).toBe(3);
    const copy = unpackModel(packed);
    expect(copy).not.toBe(model);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(model));
    expect(unknownPaths(copy)).toEqual(unknownPaths(model));
    const member = copy.users.find((u) => u.name === 'member')!;
    expect(isUnknown(member.unknownGroups[0]!.policyArn)).toBe(true);
    expect((member.unknownGroups[0]!.policyArn as Unknown).source).toEqual({
      file: 'main.tf',
      address: 'aws_iam_group.g.name',
    });
  });

  it('restores one Unknown in several places as one instance (presences compare by identity)', () => {
    const model = modelWithSharedPresence();
    const copy = unpackModel(packModel(model));
    const doc = copy.policies[0]!.document;
    expect(doc.presence).toBeInstanceOf(Unknown);
    for (const st of doc.statements) expect(st.presence).toBe(doc.presence);
    // A boundary that might not exist is evaluated as written (EvalInput.assumePresent, compared
    // by identity with its statements' presence): GetObject is allowed whether or not it exists.
    // Restored as separate instances, the statements were "might not exist" inside the boundary
    // too, and the worker's cell was indeterminate where this thread's is allow.
    const expected = single(model);
    expect(expected.cells.at(0, 0)[1]!.actions.find((e) => e.action === 's3:GetObject')?.access).toBe(
      'allow',
    );
    expect(single(copy)).toEqual(expected);
  });

  it('gives the bytes before the Unknowns are found, and restores the same model from the two parts', () => {
    // A worker deserializes the bytes while the main thread walks the model for its Unknowns
    // (workers.ts), then restores them: the model must be the one unpackModel gives, with one
    // instance per Unknown instance (presences compare by identity).
    const model = modelWithSharedPresence();
    const seen: SharedArrayBuffer[] = [];
    const packed = packModel(model, (bytes) => seen.push(bytes));
    expect(seen).toEqual([packed.bytes]);
    const copy = deserializeModel(seen[0]!);
    expect(copy.policies[0]!.document.presence).not.toBeInstanceOf(Unknown);
    restoreUnknowns(copy, unknownsOfPacking(packed));
    const doc = copy.policies[0]!.document;
    expect(doc.presence).toBeInstanceOf(Unknown);
    for (const st of doc.statements) expect(st.presence).toBe(doc.presence);
    expect(single(copy)).toEqual(single(model));
    expect(JSON.stringify(copy)).toBe(JSON.stringify(unpackModel(packed)));
    // A packing held (cached) gives its bytes too.
    const again: SharedArrayBuffer[] = [];
    expect(packModel(model, (b) => again.push(b))).toBe(packed);
    expect(again).toEqual([packed.bytes]);
  });

  it("packs a copy for deciding without the values' places: the model a worker deserializes from the whole packing", () => {
    // workers.ts packs `forDecisions`: the bytes leave out every ValueList.valueSources of the
    // policy documents, which the worker's deserializeModel({ forDecisions }) dropped anyway.
    for (const model of [modelWithSharedPresence(), modelWithUnknowns()]) {
      const whole = packModel(model);
      const lean = packModel(model, undefined, { forDecisions: true });
      expect(lean).not.toBe(whole);
      expect(lean.bytes.byteLength).toBeLessThan(whole.bytes.byteLength);
      expect(packModel(model, undefined, { forDecisions: true })).toBe(lean);
      expect(unknownsOfPacking(lean)).toEqual(unknownsOfPacking(whole));
      const copy = deserializeModel(lean.bytes, { forDecisions: true });
      restoreUnknowns(copy, unknownsOfPacking(lean));
      const expected = deserializeModel(whole.bytes, { forDecisions: true });
      restoreUnknowns(expected, unknownsOfPacking(whole));
      expect(JSON.stringify(copy)).toBe(JSON.stringify(expected));
      expect(single(copy)).toEqual(single(model));
    }
    const copy = deserializeModel(
      packModel(modelWithSharedPresence(), undefined, { forDecisions: true }).bytes,
    );
    const statements = copy.policies[0]!.document.statements;
    expect(statements.length).toBeGreaterThan(0);
    for (const st of statements) expect(st.action?.valueSources ?? []).toEqual([]);
  });

  it('packs a frozen model once while its packing is held, and a model that is not frozen each time', () => {
    const model = modelWithUnknowns();
    expect(Object.isFrozen(model)).toBe(true);
    const packed = packModel(model);
    expect(packModel(model)).toBe(packed);
    const open = { ...model };
    expect(packModel(open)).not.toBe(packModel(open));
  });

  it('shares equal strings of a deserialized model without changing any value, and ends on a cycle', () => {
    const model = modelWithUnknowns();
    const copy = unpackModel(packModel(model));
    // unpackModel shares the strings (deserializeModel): still the same model, value for value.
    expect(JSON.stringify(copy)).toBe(JSON.stringify(model));
    expect(single(copy)).toEqual(single(model));
    const a: Record<string, unknown> = { name: 'x'.repeat(3), list: ['xxx', 'y', 'xxx'] };
    a.self = a;
    a.frozen = Object.freeze({ name: 'xxx' });
    shareStrings(a, 100);
    expect(a.name).toBe('xxx');
    expect(a.list).toEqual(['xxx', 'y', 'xxx']);
    expect(a.self).toBe(a);
  });

  it('finds Unknown values shared by several places once per place', () => {
    const u = new Unknown('x');
    const shared = { v: u };
    expect(unknownPaths({ a: [u, shared], b: shared })).toEqual([
      ['a', 0],
      ['a', 1, 'v'],
    ]);
  });
});
