// The condition key filter of the catalog index (src/catalog/condition-key-filter.ts, issue 17):
// a key looked up among every service's keys that the index's summary rules out is not scanned
// for. The shortcut must never change a key's type: "Condition key names are not case-sensitive"
// (IAM User Guide, "IAM JSON policy elements: Condition",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html),
// and an OIDC provider's claims (`token.actions.githubusercontent.com:sub`) are keys of the
// provider URL that no service's table lists ("Available keys for AWS OIDC federation",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html).

import { describe, expect, it } from 'vitest';
import { catalogDataFromFiles, catalogIndex } from '../src/catalog/catalog-index.js';
import {
  candidateServices,
  type ConditionKeyFilter,
  conditionKeyFilter,
  TEMPLATE_VARIABLE,
} from '../src/catalog/condition-key-filter.js';
import { lookEverywhere, scanEveryService } from '../src/catalog/condition-keys.js';

const data = catalogDataFromFiles();
const byService = data.services.map((s): [string, string[]] => [
  s.prefix,
  [
    ...Object.values(s.conditionKeys).map((k) => k.key),
    ...Object.values(data.conditionPatterns[s.prefix] ?? {}),
  ],
]);
const serviceKeys = byService.flatMap(([, keys]) => keys);

/** Keys to look up: each catalog key, instances of the templated ones, and each under other prefixes. */
function probes(): string[] {
  const prefixes = [...new Set(serviceKeys.map((k) => k.slice(0, Math.max(0, k.indexOf(':')))))];
  const out = new Set<string>([
    'token.actions.githubusercontent.com:sub',
    'token.actions.githubusercontent.com:aud',
    'token.actions.githubusercontent.com:repository',
    'token.actions.githubusercontent.com/acme:repository',
    'token.actions.acme.ghe.com:actor',
    'agent.acme.buildkite.dev:build_branch',
    'github.com/enterprises/acme:actor',
    'accounts.google.com:sub',
    'cognito-identity.amazonaws.com:aud',
    'oidc.eks.eu-west-1.amazonaws.com/id/abc:sub',
    'unknownservice:somekey',
    'aws:requesttag/team',
    'aws:calledvia',
  ]);
  serviceKeys.forEach((key, i) => {
    const instance = key.replace(TEMPLATE_VARIABLE, 'Some-Value');
    out.add(key.toLowerCase());
    out.add(instance.toLowerCase());
    // The same key under another prefix (most are no key at all).
    const colon = instance.indexOf(':');
    if (colon > 0 && i % 3 === 0)
      out.add(`${prefixes[i % prefixes.length]}${instance.slice(colon)}`.toLowerCase());
  });
  return [...out];
}

describe('the catalog index condition key filter', () => {
  it('is what conditionKeyFilter computes from the data files (the index holds no stale summary)', () => {
    const index = catalogIndex();
    expect(index, 'a catalog index (the global setup builds one)').toBeDefined();
    const computed = conditionKeyFilter(byService);
    expect(index!.conditionKeyFilter).toEqual(computed);
    expect(Object.keys(computed.byPrefix).length).toBeGreaterThan(100);
  });

  it('types every probe key as scanning every service does; the OIDC claims are looked for in sts alone or nowhere', () => {
    const filter = catalogIndex()!.conditionKeyFilter;
    let narrowed = 0;
    for (const key of probes()) {
      const scanned = scanEveryService(key);
      expect(lookEverywhere(key), key).toBe(scanned);
      const candidates = candidateServices(filter, key);
      if (candidates && candidates.length <= 8) narrowed++;
      // Sound: a key some service's key matches names that service among the candidates.
      if (scanned !== undefined && candidates) expect(candidates.length, key).toBeGreaterThan(0);
    }
    // The shortcut is taken (the check above would hold trivially if nothing were narrowed).
    expect(candidateServices(filter, 'token.actions.githubusercontent.com:aud')).toEqual(['sts']);
    expect(candidateServices(filter, 'oidc.eks.eu-west-1.amazonaws.com/id/abc:sub')).toEqual([]);
    expect(narrowed).toBeGreaterThan(1000);
  });
});

describe('conditionKeyFilter', () => {
  const filter: ConditionKeyFilter = conditionKeyFilter([
    ['s3', ['s3:prefix', 'aws:RequestTag/<TagKey>']],
    ['sts', ['token.actions.<Domain>.ghe.com:actor', 'nocolon']],
    ['ec2', ['aws:RequestTag/<TagKey>']],
  ]);

  it('names the services of the keys whose literal head holds a colon by that prefix', () => {
    expect(candidateServices(filter, 's3:anything')).toEqual(['s3']);
    expect(candidateServices(filter, 'aws:requesttag/team')).toEqual(['ec2', 's3']);
    expect(candidateServices(filter, 'ec2:region')).toEqual([]);
  });

  it('names a key with a variable before its colon by its head and tail (each variable one character or more)', () => {
    expect(candidateServices(filter, 'token.actions.acme.ghe.com:actor')).toEqual(['sts']);
    expect(candidateServices(filter, 'token.actions..ghe.com:actor')).toEqual([]);
    expect(candidateServices(filter, 'token.actions.acme.ghe.com:sub')).toEqual([]);
  });

  it('cannot tell for a key without a colon or outside ASCII; a key outside ASCII in the data could be any key', () => {
    expect(candidateServices(filter, 'nocolon')).toBeUndefined();
    expect(candidateServices(filter, 'é:x')).toBeUndefined();
    const nonAscii = conditionKeyFilter([
      ['s3', ['s3:prefix']],
      ['x', ['é<x>:y']],
    ]);
    expect(candidateServices(nonAscii, 'ec2:region')).toEqual(['x']);
  });
});
