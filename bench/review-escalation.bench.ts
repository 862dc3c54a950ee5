// The access review's escalation findings at organisation size (issue 17: the review of the
// 5,000 × 2,000 organisation): `reviewRisks(engine)` alone, every user and role, no matrix, on
// the generated organisation (bench/generate-org.ts, seed 1) as it is and with escalations reached
// only through other principals added (`escalationChains`: user → assume a role → it passes a
// role to new Lambda functions → that role writes its own policy, the pass-after-chain case; and
// user → ssm:SendCommand on an EC2 instance → its role writes its own policy). For each, the CPU
// time of the review (process.cpuUsage, median of the runs, each on a freshly compiled engine so
// no cache of a previous run helps), the findings, those through a chain, and a check that every
// added user has its finding through the chain (the bench fails otherwise). Then, for the
// outside-escalation findings, the role chains (`assumableRoles`) of each role an outside account
// may enter, cold and again (the review's function-code gains reuse a role's answer through the
// `roleEscalates` cache, counted in the review's CPU).
//
// Run: `node bench/run.mjs review-escalation`. REVIEW_ESCALATION_SIZES (default
// 5000x2000x10000) sets the organisations (principals x resources x policies),
// REVIEW_ESCALATION_CHAINS (default 50) how many of each added escalation, REVIEW_ESCALATION_RUNS
// (default 3) the runs per case.

import { cpus, loadavg } from 'node:os';
import { assumableRoles } from '../src/analysis/chains.js';
import { reviewRisks } from '../src/analysis/risks.js';
import { compileModel } from '../src/engine/index.js';
import { generateOrg, ORG_ACCOUNT } from './generate-org.js';

const SIZES = (process.env.REVIEW_ESCALATION_SIZES ?? '5000x2000x10000').split(',').map((s) => {
  const [principals, resources, policies] = s.split('x').map(Number);
  return { principals: principals!, resources: resources!, policies: policies! };
});
const CHAINS = Number(process.env.REVIEW_ESCALATION_CHAINS ?? 50);
const RUNS = Number(process.env.REVIEW_ESCALATION_RUNS ?? 3);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(
  `${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, node ${process.version}, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
let failed = false;
for (const size of SIZES) {
  for (const chains of [0, CHAINS]) {
    const { model } = generateOrg({ ...size, escalationChains: chains });
    const cpu: number[] = [];
    let findings = 0;
    let chained = 0;
    let missing = 0;
    for (let run = 0; run < RUNS; run++) {
      const engine = compileModel(model);
      const before = process.cpuUsage();
      const found = reviewRisks(engine);
      const used = process.cpuUsage(before);
      cpu.push((used.user + used.system) / 1e6);
      const escalations = found.filter((f) => f.kind === 'privilege-escalation');
      findings = found.length;
      chained = escalations.filter((f) => f.detail?.endsWith('through a chain')).length;
      missing = 0;
      for (let i = 0; i < chains; i++)
        for (const user of [`chain-user-${i}`, `chain-operator-${i}`])
          if (
            !escalations.some(
              (f) =>
                f.subject === `arn:aws:iam::${ORG_ACCOUNT}:user/${user}` &&
                f.detail?.endsWith('through a chain'),
            )
          )
            missing++;
    }
    if (missing) failed = true;
    console.log(
      `${size.principals}x${size.resources}x${size.policies} + ${chains} chains: review ${median(cpu).toFixed(2)} s CPU (runs ${cpu
        .map((c) => c.toFixed(2))
        .join(
          ', ',
        )}), ${findings} findings, ${chained} through a chain${missing ? `, ${missing} added users WITHOUT their finding` : ''}`,
    );
    // The outside-escalation findings' chains: `assumableRoles` per role an outside account may
    // enter (a cross-account finding on a role of the model), as risk-outside-escalation.ts
    // `endsOf` calls it, on a fresh engine (cold: every hop decided) and again (its cache).
    const engine = compileModel(model);
    const roles = new Set(model.roles.map((r) => r.arn));
    const found = reviewRisks(engine);
    const entries = [
      ...new Set(
        found.filter((f) => f.kind === 'cross-account-access' && roles.has(f.subject)).map((f) => f.subject),
      ),
    ];
    const fresh = compileModel(model);
    const cold = process.cpuUsage();
    let reached = 0;
    for (const role of entries) reached += assumableRoles(fresh, role).length;
    const coldUsed = process.cpuUsage(cold);
    const warm = process.cpuUsage();
    for (const role of entries) assumableRoles(fresh, role);
    const warmUsed = process.cpuUsage(warm);
    console.log(
      `  outside: ${entries.length} roles an outside account may enter, ${reached} roles their chains reach; assumableRoles ${((coldUsed.user + coldUsed.system) / 1e6).toFixed(2)} s CPU cold, ${((warmUsed.user + warmUsed.system) / 1e6).toFixed(3)} s again; ${found.filter((f) => f.kind === 'outside-escalation').length} outside-escalation findings`,
    );
  }
}
console.log(
  `load after ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
process.exit(failed ? 1 : 0);
