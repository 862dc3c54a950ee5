// The fixpoint rounds of the deploy-time bounds (src/aws/function-role-changes.ts `decideRuns`,
// the role reach of src/analysis/deploy-time-reach.ts): a Lambda-backed custom resource whose
// role may rewrite the trust of the first of LINKS roles, each allowed to rewrite the trust of the
// next (one link settles per round: LINKS + 1 rounds, past 64 the cap), beside OTHERS roles of the
// same account that trust the account, the function's role may assume the first and each the
// next (a ring: all are reached, and every hop from each to the others is decided, the k² hops of
// a round). For each case, the CPU time of `ModelBuilder.build()` (which decides
// the bounds), median of the runs, and the rounds' reach calls.
//
// Run: `node bench/run.mjs deploy-time-rounds`. DEPLOY_TIME_ROUNDS_CASES (default
// 8x0,8x100,66x0,30x100: LINKS x OTHERS), DEPLOY_TIME_ROUNDS_RUNS (default 3).

import { cpus, loadavg } from 'node:os';
import { deployTimeRoleReach } from '../src/analysis/deploy-time-reach.js';
import type { RoleReach } from '../src/model/role-reach.js';
import { CHAIN_ACCOUNT, oneStatement, roleChain } from '../test/helpers/role-chain.js';
import { runSetupFunctionAs } from '../test/helpers/setup-function-run.js';

const CASES = (process.env.DEPLOY_TIME_ROUNDS_CASES ?? '8x0,8x100,66x0,30x100').split(',').map((c) => {
  const [links, others] = c.split('x').map(Number);
  return { links: links!, others: others! };
});
const RUNS = Number(process.env.DEPLOY_TIME_ROUNDS_RUNS ?? 3);

/** Builds the case's model; returns the build's CPU seconds and how many reaches were made. */
function buildCase(links: number, others: number): { cpu: number; rounds: number; change: string } {
  let rounds = 0;
  const counted: RoleReach = (model, earlier) => {
    rounds++;
    return deployTimeRoleReach(model, earlier);
  };
  const { builder: b, functionRole: fnRole } = roleChain(links, counted);
  for (let i = 0; i < others; i++) {
    const r = b.addRole({
      name: `other-${i}`,
      account: CHAIN_ACCOUNT,
      source: {},
      trustPolicy: oneStatement(
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${CHAIN_ACCOUNT}:root` },
          Action: 'sts:AssumeRole',
        },
        'trust',
      ),
    });
    b.addInlinePolicy(r, {
      name: 'assume',
      source: {},
      document: oneStatement(
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Resource: `arn:aws:iam::${CHAIN_ACCOUNT}:role/other-${(i + 1) % others}`,
        },
        'identity',
      ),
    });
  }
  if (others)
    b.addInlinePolicy(fnRole, {
      name: 'enter',
      source: {},
      document: oneStatement(
        { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${CHAIN_ACCOUNT}:role/other-0` },
        'identity',
      ),
    });
  let change = '';
  runSetupFunctionAs(b, fnRole, CHAIN_ACCOUNT, (c, why) => {
    change = c.trust ? `trust of ${c.trustArns?.length ?? 'any'} roles` : why;
  });
  const before = process.cpuUsage();
  b.build();
  const used = process.cpuUsage(before);
  return { cpu: (used.user + used.system) / 1e6, rounds, change };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, node ${process.version}, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log('| links × others | build CPU (median) | runs | reach rounds | bound |');
console.log('|---|---|---|---|---|');
for (const { links, others } of CASES) {
  const runs = Array.from({ length: RUNS }, () => buildCase(links, others));
  const cpu = runs.map((r) => r.cpu);
  console.log(
    `| ${links} × ${others} | ${median(cpu).toFixed(2)} s | ${cpu.map((c) => c.toFixed(2)).join(' / ')} | ${runs[0]!.rounds} | ${runs[0]!.change.slice(0, 60)} |`,
  );
}
