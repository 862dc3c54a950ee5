// CPU per decision on a model whose only name the inputs leave unknown is a managed policy's
// (CloudFormation generates it: `App-Pol-(unknown-generated-…)`), against the same model with the
// policy named: the engine turns on matching with unknown names only for the requests one of
// whose ARNs or values holds an unknown part (src/engine/unknown-names.ts `requestNamesUnknown`),
// so the two should cost the same, and decide the same (test/unknown-name-switch.test.ts).
// Run: `npx tsx bench/unknown-name-switch.bench.ts [users] [rounds]` or `npm run bench unknown-name`.

import { compileModel } from '../src/engine/index.js';
import type { Engine, Request } from '../src/engine/index.js';
import { managedPolicyModel, managedPolicyRequests } from '../test/helpers/generated-policy-model.js';

/** CPU microseconds spent deciding `requests` `rounds` times. */
function cpu(engine: Engine, requests: readonly Request[], rounds: number): number {
  const start = process.cpuUsage();
  for (let k = 0; k < rounds; k++) for (const r of requests) engine.decide(r);
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

/** The median CPU of `engine` deciding `requests`, interleaved with the other engines' runs. */
function measure(cases: { label: string; engine: Engine; requests: Request[] }[], rounds: number): void {
  // warm the caches (policies compile lazily per principal and resource)
  for (const c of cases) cpu(c.engine, c.requests, 2);
  const spent = cases.map(() => [] as number[]);
  // interleaved, each round in another order, so a change of the machine's load touches all alike
  for (let k = 0; k < 7; k++)
    for (const i of cases.map((_, i) => (i + k) % cases.length))
      spent[i]!.push(cpu(cases[i]!.engine, cases[i]!.requests, rounds));
  cases.forEach((c, i) => {
    const median = spent[i]!.sort((a, b) => a - b)[3]!;
    console.log(
      `${c.label}: ${(median / 1000).toFixed(1)} ms CPU per ${c.requests.length * rounds} decisions`,
    );
  });
}

function main(): void {
  const users = Number(process.argv[2] ?? 300);
  const rounds = Number(process.argv[3] ?? 20);
  const named = managedPolicyModel(users, true);
  const generated = managedPolicyModel(users, false);
  const engines = { named: compileModel(named), generated: compileModel(generated) };
  // the requests that name no policy (most of a matrix's), and those on the policy itself
  const split = (m: typeof named) => {
    const all = managedPolicyRequests(m);
    return {
      other: all.filter((r) => r.action !== 'iam:GetPolicy'),
      policy: all.filter((r) => r.action === 'iam:GetPolicy'),
    };
  };
  const rn = split(named);
  const rg = split(generated);
  measure(
    [
      { label: 'named policy, other requests       ', engine: engines.named, requests: rn.other },
      { label: 'unknown-named policy, other requests', engine: engines.generated, requests: rg.other },
      { label: 'named policy, on the policy        ', engine: engines.named, requests: rn.policy },
      { label: 'unknown-named policy, on the policy ', engine: engines.generated, requests: rg.policy },
    ],
    rounds,
  );
}

main();
