// The condition key index (src/catalog/condition-keys.ts, issue 17): templated keys are compiled
// only for keys that start with their literal head, and every service's keys are indexed once.
// Each templated key of the catalog still matches its instances, case-insensitively ("Condition
// key names are not case-sensitive", IAM User Guide, "IAM JSON policy elements: Condition",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html),
// whether found through its own service or through the index of every service.

import { describe, expect, it } from 'vitest';
import { conditionKeyType } from '../src/catalog/condition-keys.js';
import { rawConditionKeys } from '../src/catalog/service-data.js';
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
