// The access snapshot's `dependencies` record (src/analysis/diff/dependency-record.ts) on the
// generated organisation (bench/generate-org.ts, seed 1, default size): the time to write it and
// its size next to the whole snapshot's (the matrix JSON `iamspec matrix --format json` writes).
// Run: `node bench/run.mjs snapshot-dependencies`; SNAPSHOT_DEPS_PRINCIPALS=N generates an
// organisation of N principals (resources and policies in the default proportion) instead;
// SNAPSHOT_DEPS_WORLDS=1 one whose main account and Region are unstated (stand-ins: indeterminate
// cells, as MATRIX_SCALE=worlds).

import { performance } from 'node:perf_hooks';
import { dependencyRecordOf } from '../src/analysis/diff/dependency-record.js';
import { buildMatrixParallel } from '../src/analysis/matrix/workers.js';
import { compileModel } from '../src/engine/index.js';
import { PLACEHOLDER_ACCOUNT } from '../src/model/stand-ins.js';
import { formatMatrixJson } from '../src/report/matrix-json.js';
import { DEFAULT_ORG_SIZE, generateOrg } from './generate-org.js';

const principals = Number(process.env.SNAPSHOT_DEPS_PRINCIPALS ?? DEFAULT_ORG_SIZE.principals);
const scale = principals / DEFAULT_ORG_SIZE.principals;
const { model } = generateOrg({
  principals,
  resources: Math.round(DEFAULT_ORG_SIZE.resources * scale),
  policies: Math.round(DEFAULT_ORG_SIZE.policies * scale),
  seed: 1,
  ...(process.env.SNAPSHOT_DEPS_WORLDS ? { mainAccount: PLACEHOLDER_ACCOUNT, regionStandIn: true } : {}),
});
const engine = compileModel(model);
const matrix = await buildMatrixParallel(model, { includeRoles: true, compiled: engine, workers: 1 });
const started = performance.now();
const record = dependencyRecordOf(model, matrix);
const ms = performance.now() - started;
const recordBytes = JSON.stringify(record).length;
const snapshotBytes = formatMatrixJson(matrix).length;
const rows = Object.keys(record.rows).length;
const entries = Object.values(record.rows).reduce((n, r) => n + Object.keys(r).length, 0);
console.log(
  `principals ${matrix.principals.length}, columns ${matrix.resources.length}; record: ${rows} rows (${entries} row actions), ${Object.keys(record.columns).length} columns, ${Object.keys(record.chains).length} chains; ${(recordBytes / 1e6).toFixed(2)} MB of a ${(snapshotBytes / 1e6).toFixed(1)} MB snapshot (without the record); written in ${(ms / 1000).toFixed(1)} s`,
);
