// The CLI's loader (src/adapters/load-by-kind.ts, issue 17): it builds the same model as the
// synchronous public loader, and imports only the adapters the inputs' kinds need (a
// Terraform-only run loads no CloudFormation/SAM module and no `yaml`, and the other way round).

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadModelByKind } from '../src/adapters/load-by-kind.js';
import { loadModelWithReport } from '../src/adapters/load.js';
import { InputError } from '../src/model/input-error.js';

const F = 'test/fixtures/cli';

describe('loadModelByKind', () => {
  const cases: [string, string[]][] = [
    ['a Terraform plan with its configuration', [`${F}/tf/plan.json`, `${F}/tf/infra`]],
    ['a Terraform JSON configuration', [`${F}/tf/standalone.tf.json`]],
    ['a YAML template', [`${F}/cfn/company.yaml`]],
    ['a JSON template', [`${F}/cfn/sales.json`]],
    ['a cloud assembly', [`${F}/assembly`]],
    ['a CloudFormation template and a Terraform plan', [`${F}/cfn/sales.json`, `${F}/tf/plan.json`]],
  ];
  for (const [what, inputs] of cases) {
    it(`builds the model loadModelWithReport builds: ${what}`, async () => {
      const lazy = await loadModelByKind(inputs, { account: '111111111111' });
      const eager = loadModelWithReport(inputs, { account: '111111111111' });
      const kinds = (r: typeof eager.report) => ({
        pairs: r.pairs,
        inputs: r.inputs.map((d) => [d.path, d.kind]),
      });
      expect(kinds(lazy.report)).toEqual(kinds(eager.report));
      expect(JSON.stringify(lazy.model)).toBe(JSON.stringify(eager.model));
    });
  }

  it('rejects with the same InputError for an input that cannot be read', async () => {
    const bad = `${F}/bad/broken-yaml.template`;
    let eager: unknown;
    try {
      loadModelWithReport([bad]);
    } catch (e) {
      eager = e;
    }
    expect(eager).toBeInstanceOf(InputError);
    await expect(loadModelByKind([bad])).rejects.toThrow((eager as Error).message);
  });
});

/** Module URLs a fresh process loads while loading the inputs through loadModelByKind. */
function modulesLoadedFor(inputs: string[]): string[] {
  const script = `const { loadModelByKind } = await import('./src/adapters/load-by-kind.ts'); await loadModelByKind(${JSON.stringify(inputs)});`;
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      './test/fixtures/load-by-kind/record-loads.mjs',
      '--input-type=module',
      '-e',
      script,
    ],
    { encoding: 'utf8' },
  );
  expect(r.status, r.stderr).toBe(0);
  return r.stderr
    .split('\n')
    .filter((l) => l.startsWith('LOADED '))
    .map((l) => l.slice(7));
}

describe('loadModelByKind imports only the adapters an input needs', () => {
  const isCfn = (u: string) => u.includes('/adapters/cloudformation/') && !/\/(detect|errors)\.ts$/.test(u);
  const isTf = (u: string) => u.includes('/adapters/terraform/') && !/\/(detect|errors)\.ts$/.test(u);
  const isYaml = (u: string) => u.includes('/node_modules/yaml/');
  const isRe2 = (u: string) => u.includes('/node_modules/re2js/');

  it('Terraform only: no CloudFormation/SAM module, no yaml, and no re2js for a configuration without regex', () => {
    const loaded = modulesLoadedFor([`${F}/tf/plan.json`, `${F}/tf/infra`]);
    expect(loaded.filter(isTf).length).toBeGreaterThan(0);
    expect(loaded.filter(isCfn)).toEqual([]);
    expect(loaded.filter(isYaml)).toEqual([]);
    expect(loaded.filter(isRe2)).toEqual([]);
  }, 30_000);

  it('CloudFormation only: no Terraform module', () => {
    const loaded = modulesLoadedFor([`${F}/cfn/company.yaml`]);
    expect(loaded.filter(isCfn).length).toBeGreaterThan(0);
    expect(loaded.filter(isTf)).toEqual([]);
    // The hook does see yaml when it is loaded (the YAML template needs it), so the Terraform
    // case's "no yaml" can fail.
    expect(loaded.filter(isYaml).length).toBeGreaterThan(0);
  }, 30_000);
});
