// `iamspec diff --base access.json`: the access snapshot records the principals outside its rows
// (services a trust names, other accounts, federated/OIDC callers, anonymous: `outside`), so the
// snapshot diff reports what the two-input diff reports for them; an older snapshot without that
// record says which principals were not compared, everywhere (text, markdown, JSON, SARIF,
// stderr), and `--fail-on added` does not pass on it.
//
// AWS rules the expected entries follow (IAM User Guide, IAM JSON policy elements: Principal):
// - "In a role trust policy ... you can specify AWS services" (service principals such as
//   lambda.amazonaws.com): adding one to a trust lets that service assume the role.
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
// - "Principal": "*" in a resource-based policy grants "anonymous users ... and all principals":
//   a bucket policy opened to * gives access to principals outside any account's users and roles.
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCompany1App } from '../cdk-example/lib/app.js';
import type { Company1Mutations } from '../cdk-example/lib/company1-stack.js';
import type { AccessChange } from '../src/analysis/diff/types.js';
import { runCli } from './fixtures/cli/run.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const dir = tempDir('iamspec-snapshot-outside-');

// Each app is synthesized once, and each diff run once, for every test that reads it (the same
// mutation is diffed by more than one test).
const synthesized = new Map<string, string>();
function synth(name: string, mutations?: Company1Mutations): string {
  let outdir = synthesized.get(name);
  if (!outdir) {
    outdir = join(dir, name);
    createCompany1App({ outdir, mutations }).app.synth();
    synthesized.set(name, outdir);
  }
  return outdir;
}

const BASE = synth('base');
const LAMBDA = synth('lambda', { lambdaTrustsLogsRole: true });
const LAMBDA_ROLE = 'arn:aws:iam::629470240201:role/Company1-Logs-Role';

interface DiffJson {
  added: AccessChange[];
  changed: AccessChange[];
  notes: string[];
  notCompared?: { reason: string; principals: string[]; rows?: string[]; outside?: unknown[] };
}

const diffs = new Map<string, Promise<DiffJson>>();
function diffJson(base: string[], next: string): Promise<DiffJson> {
  const argv = ['diff', ...base.flatMap((b) => ['--base', b]), next, '--format', 'json'];
  let diff = diffs.get(argv.join('\0'));
  if (!diff) {
    diff = runCli(argv).then((r) => {
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout) as DiffJson;
    });
    diffs.set(argv.join('\0'), diff);
  }
  return diff;
}

// What the entry says and why (the access level aside: the snapshot diff evaluates under what the
// snapshot assumed, TLS by default, which makes some `conditional` cells `allow`).
const key = (c: AccessChange) =>
  `${c.principal} ${c.action} ${c.resource} ${c.before} ${c.grants.map((g) => `${g.policy} ${g.statement}`).join(';')}${c.via ? ` via ${c.via.join(',')}` : ''}`;

let snapshotFile: string | undefined;
async function snapshot(): Promise<string> {
  if (!snapshotFile) {
    snapshotFile = join(dir, 'access.json');
    const r = await runCli(['matrix', BASE, '--format', 'json', '--out', snapshotFile]);
    expect(r.code).toBe(0);
  }
  return snapshotFile;
}

/** The snapshot as iamspec wrote it before it recorded the principals outside its rows. */
async function olderSnapshot(): Promise<string> {
  const value = JSON.parse(readFileSync(await snapshot(), 'utf8')) as Record<string, unknown>;
  delete value.outside;
  return writeFileIn(dir, 'older.json', value);
}

describe('an access snapshot records the principals outside its rows', () => {
  it('matrix --format json writes them: the services, OIDC provider and others the policies name', async () => {
    const value = JSON.parse(readFileSync(await snapshot(), 'utf8'));
    const outside = value.outside.principals.map((p: { arn: string }) => p.arn);
    expect(outside).toEqual(expect.arrayContaining(['ec2.amazonaws.com']));
    expect(value.outside.cells).toHaveLength(outside.length);
    for (const row of value.outside.cells) expect(row).toHaveLength(value.resources.length);
    // Not rows of the matrix itself (its rows are the users and roles).
    expect(
      value.principals
        .map((p: { kind: string }) => p.kind)
        .every((k: string) => k === 'user' || k === 'role'),
    ).toBe(true);
  });

  it('a service added to a trust: the snapshot diff reports it as the two-input diff does, and --fail-on added fails', async () => {
    const fromSnapshot = await diffJson([await snapshot()], LAMBDA);
    const fromModels = await diffJson([BASE], LAMBDA);
    expect(
      fromSnapshot.added.map((c) => `${c.principal} ${c.action} ${c.resource} ${c.before}->${c.after}`),
    ).toEqual([`lambda.amazonaws.com sts:AssumeRole ${LAMBDA_ROLE} deny->allow`]);
    expect(fromSnapshot.added).toEqual(fromModels.added);
    expect(fromSnapshot.notCompared).toBeUndefined();
    const r = await runCli(['diff', '--base', await snapshot(), LAMBDA, '--fail-on', 'added']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/lambda\.amazonaws\.com \(service\): \+1/);
    expect(r.stdout).not.toMatch(/No access change/);
  });

  it.each([
    'publicSalesBucket',
    'ec2RoleWithS3ReadOnly',
    'githubDeployWithoutSub',
  ] as (keyof Company1Mutations)[])(
    '%s: the same added and changed entries as the two-input diff',
    async (m) => {
      const next = synth(m, { [m]: true });
      const fromSnapshot = await diffJson([await snapshot()], next);
      const fromModels = await diffJson([BASE], next);
      expect(fromSnapshot.added.length + fromSnapshot.changed.length).toBeGreaterThan(0);
      // ec2RoleWithS3ReadOnly: AmazonS3ReadOnlyAccess (its statement read from the catalog) adds
      // access outside the inputs, compared on the witness columns by both; its actions requested
      // on `*` (s3:ListAllMyBuckets) are decided by the two-input diff, not against this snapshot
      // (it records the `*` requests of the actions its own statements name): there the statement
      // is reported not compared, saying why. No principal outside the rows is.
      const onStar = (c: AccessChange) => m === 'ec2RoleWithS3ReadOnly' && c.resource === '*';
      expect(fromSnapshot.added.map(key)).toEqual(fromModels.added.filter((c) => !onStar(c)).map(key));
      expect(fromSnapshot.changed.map(key)).toEqual(fromModels.changed.map(key));
      expect(fromModels.notCompared).toBeUndefined();
      expect(fromSnapshot.notCompared?.rows).toBeUndefined();
      if (m === 'ec2RoleWithS3ReadOnly') {
        expect(fromModels.added.some(onStar)).toBe(true);
        expect(fromSnapshot.added.some((c) => c.resource === 'arn:aws:s3:::*/*')).toBe(true);
        expect(
          ((fromSnapshot.notCompared?.outside ?? []) as { policy: string; why: string }[]).map((g) => [
            g.policy,
            g.why,
          ]),
        ).toEqual([
          [
            'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
            'it names actions requested on "*" (without resource types), not decided against this base',
          ],
        ]);
      } else expect(fromSnapshot.notCompared).toBeUndefined();
    },
  );

  it('a GitHub trust without the sub claim: the OIDC provider (outside the rows) has access under other conditions', async () => {
    const next = synth('githubDeployWithoutSub', { githubDeployWithoutSub: true });
    const changed = (await diffJson([await snapshot()], next)).changed;
    expect(changed.map((c) => `${c.principal} ${c.action}`)).toEqual([
      'arn:aws:iam::629470240201:oidc-provider/token.actions.githubusercontent.com sts:AssumeRoleWithWebIdentity',
    ]);
  });

  it('a bucket policy opened to *: principals outside the rows (anonymous callers, other accounts) gain access through the snapshot diff too', async () => {
    const next = synth('publicSalesBucket', { publicSalesBucket: true });
    const added = (await diffJson([await snapshot()], next)).added;
    const kinds = new Set(added.map((c) => c.principal));
    expect(kinds.has('anonymous')).toBe(true);
  });

  it('the unchanged state against its own snapshot: no change, --fail-on added passes', async () => {
    const r = await runCli(['diff', '--base', await snapshot(), BASE, '--fail-on', 'added']);
    expect(r.stdout).toMatch(/^Access diff: No access change\.$/m);
    expect(r.code).toBe(0);
  });

  it('merged shards record them too (the first shard holds them)', async () => {
    const shards = [1, 2].map((i) => join(dir, `shard-${i}.json`));
    for (const [i, file] of shards.entries()) {
      const r = await runCli(['matrix', BASE, '--shard', `${i + 1}/2`, '--format', 'json', '--out', file]);
      expect(r.code).toBe(0);
    }
    const fromShards = await diffJson(shards, LAMBDA);
    expect(fromShards.added.map((c) => c.principal)).toEqual(['lambda.amazonaws.com']);
    const merged = join(dir, 'merged.json');
    expect((await runCli(['matrix', '--merge', ...shards, '--format', 'json', '--out', merged])).code).toBe(
      0,
    );
    expect(JSON.parse(readFileSync(merged, 'utf8')).outside).toEqual(
      JSON.parse(readFileSync(await snapshot(), 'utf8')).outside,
    );
  });
});

describe('an older snapshot without them', () => {
  it('says which principals were not compared in every format, and --fail-on added fails with that reason', async () => {
    const older = await olderSnapshot();
    const json = await diffJson([older], LAMBDA);
    expect(json.added).toEqual([]);
    expect(json.notCompared?.reason).toBe('this snapshot does not record principals outside its rows');
    expect(json.notCompared?.principals).toEqual(
      expect.arrayContaining(['lambda.amazonaws.com', 'ec2.amazonaws.com']),
    );
    expect(json.notes.join('\n')).toMatch(/principals of the new state with some access were not compared/);

    const text = await runCli(['diff', '--base', older, LAMBDA, '--fail-on', 'added']);
    expect(text.code).toBe(1);
    expect(text.stdout).not.toMatch(/^Access diff: No access change\.$/m);
    expect(text.stdout).toMatch(
      /No access change among the principals compared; \d+ principals not compared/,
    );
    expect(text.stdout).toMatch(/lambda\.amazonaws\.com/);
    expect(text.stderr).toMatch(/note: this snapshot does not record principals outside its rows/);
    expect(text.stderr).toMatch(/--fail-on added: access of \d+ principals not compared, not verified/);

    const md = await runCli(['diff', '--base', older, LAMBDA, '--format', 'markdown']);
    expect(md.stdout).toMatch(/principals not compared/);
    expect(md.stdout).toMatch(/lambda\.amazonaws\.com/);

    const sarif = JSON.parse((await runCli(['diff', '--base', older, LAMBDA, '--format', 'sarif'])).stdout);
    const notifications = sarif.runs[0].invocations[0].toolExecutionNotifications;
    expect(notifications[0].descriptor.id).toBe('principals-not-compared');
    expect(notifications[0].message.text).toMatch(/lambda\.amazonaws\.com/);
    expect(sarif.runs[0].properties.summary.notCompared).toBe(json.notCompared?.principals.length);

    // Without --fail-on the run itself succeeds (it said what it could not compare).
    expect((await runCli(['diff', '--base', older, LAMBDA])).code).toBe(0);
  });
});
