// Decisions over the corpus (../shared/corpus, MANIFEST.tsv), to compare two versions of iamspec
// (issue 19: "the share of who-can / matrix decisions that are indeterminate before and after,
// and no decision that was allow or deny before changes, except those each named with the rule
// that corrects it").
//
//   npx tsx scripts/corpus-decisions.ts > after.tsv           (decisions of this checkout)
//   npx tsx scripts/corpus-decisions.ts --compare before.tsv after.tsv
//
// Decisions: every matrix cell action (model users and roles, anonymous and a user of an account
// outside the inputs, by every model resource and role, per action), and who-can on each model
// resource for one representative action of its kind. Only public APIs are used, so the script
// runs unchanged on an older checkout (copy it there) to produce the "before" file.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModelWithReport } from '../src/adapters/load.js';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { whoCan } from '../src/analysis/who-can.js';
import { compileModel } from '../src/engine/index.js';

const CORPUS = join(import.meta.dirname, '../../shared/corpus');
const OUTSIDER = 'arn:aws:iam::999999999999:user/outsider';

/** One representative action per resource kind for who-can (the resource ARN, or a key under it). */
const WHO_CAN: Record<string, { action: string; suffix?: string }> = {
  's3-bucket': { action: 's3:GetObject', suffix: '/key' },
  'sqs-queue': { action: 'sqs:SendMessage' },
  'sns-topic': { action: 'sns:Publish' },
  'kms-key': { action: 'kms:Decrypt' },
  'lambda-function': { action: 'lambda:InvokeFunction' },
  'secretsmanager-secret': { action: 'secretsmanager:GetSecretValue' },
  'dynamodb-table': { action: 'dynamodb:GetItem' },
};

function inputsOf(): string[] {
  const rows = readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  const files = rows.map((l) => l.split('\t')[0]!);
  return [...new Set(files.map((f) => /^(cfn\/nested\/[^/]+)\//.exec(f)?.[1] ?? f))];
}

function decisions(): void {
  for (const input of inputsOf()) {
    let model: ReturnType<typeof loadModelWithReport>['model'];
    try {
      model = loadModelWithReport([join(CORPUS, input)]).model;
    } catch (e) {
      process.stdout.write(`${input}\terror\t-\t-\t${String(e).split('\n')[0]}\n`);
      continue;
    }
    const engine = compileModel(model, { now: new Date('2026-01-01T00:00:00Z') });
    const principals = [
      ...model.users.map((u) => u.arn),
      ...model.roles.map((r) => r.arn),
      'anonymous',
      OUTSIDER,
    ];
    const m = buildMatrix(engine, { principals, includeRoles: true, chains: false });
    m.principals.forEach((p, pi) => {
      m.resources.forEach((r, ri) => {
        for (const cell of m.cells[pi]?.[ri] ?? [])
          for (const a of cell.actions)
            process.stdout.write(`${input}\tmatrix\t${p.arn}\t${r.arn}|${a.action}\t${a.access}\n`);
      });
    });
    for (const r of model.resources) {
      const w = WHO_CAN[r.kind];
      if (!w) continue;
      const target = `${r.arn}${w.suffix ?? ''}`;
      for (const e of whoCan(engine, w.action, target, { direct: true }).entries)
        process.stdout.write(`${input}\twho-can\t${e.principal}\t${target}|${w.action}\t${e.access}\n`);
    }
  }
}

/** Compares two decision files: indeterminate shares, and every allow/deny that changed. */
function compare(beforeFile: string, afterFile: string): void {
  const read = (f: string) => {
    const out = new Map<string, string>();
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      const [input, kind, principal, what, access] = line.split('\t');
      if (!access || kind === 'error') continue;
      out.set(`${input}\t${kind}\t${principal}\t${what}`, access);
    }
    return out;
  };
  const before = read(beforeFile);
  const after = read(afterFile);
  const share = (m: Map<string, string>, kind: string) => {
    let n = 0;
    let ind = 0;
    for (const [k, v] of m) {
      if (k.split('\t')[1] !== kind) continue;
      n++;
      if (v === 'indeterminate') ind++;
    }
    return { n, ind, pct: n ? ((100 * ind) / n).toFixed(2) : '-' };
  };
  for (const kind of ['matrix', 'who-can']) {
    const b = share(before, kind);
    const a = share(after, kind);
    console.log(
      `${kind}: indeterminate ${b.ind}/${b.n} (${b.pct}%) before, ${a.ind}/${a.n} (${a.pct}%) after`,
    );
  }
  const changed: string[] = [];
  const transitions = new Map<string, number>();
  for (const [k, v] of before) {
    const w = after.get(k) ?? 'deny (not listed)';
    if (v === w) continue;
    const t = `${v} -> ${w}`;
    transitions.set(t, (transitions.get(t) ?? 0) + 1);
    if (v === 'allow' || v === 'deny') changed.push(`${t}\t${k}`);
  }
  for (const [k, w] of after)
    if (!before.has(k)) transitions.set(`(new) ${w}`, (transitions.get(`(new) ${w}`) ?? 0) + 1);
  console.log('changes:');
  for (const [t, n] of [...transitions].sort()) console.log(`  ${t}: ${n}`);
  console.log(`allow/deny decisions that changed: ${changed.length}`);
  for (const c of changed) console.log(`  ${c}`);
}

const args = process.argv.slice(2);
if (args[0] === '--compare' && args.length === 3) compare(args[1]!, args[2]!);
else decisions();
