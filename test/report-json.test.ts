// The JSON report of `iamspec check`: the SpecResult with a fixed key order and every key
// present (undefined written as null), so scripts can rely on its shape.

import { describe, expect, it } from 'vitest';
import { renderJson } from '../src/report/json.js';
import { renderSpecResult } from '../src/report/index.js';
import { indeterminateCan, mixedResult, specResult } from './helpers/spec-results.js';

// biome-ignore lint/suspicious/noExplicitAny: parsed report documents, navigated freely in assertions
type Json = Record<string, any>;

describe('JSON report', () => {
  const result = mixedResult();
  const json = JSON.parse(renderJson(result)) as Json;

  it('has the documented keys in order', () => {
    expect(Object.keys(json)).toEqual([
      'ok',
      'strict',
      'specFile',
      'inputs',
      'summary',
      'notes',
      'warnings',
      'expectations',
    ]);
    expect(Object.keys(json.expectations[0])).toEqual(['id', 'description', 'status', 'location', 'checks']);
    expect(Object.keys(json.expectations[0].checks[0])).toEqual([
      'kind',
      'status',
      'message',
      'principal',
      'action',
      'resource',
      'location',
      'decision',
      'witnesses',
      'statements',
      'warnings',
      'indeterminate',
    ]);
    expect(Object.keys(json.expectations[0].location)).toEqual(['file', 'line', 'column', 'pointer']);
  });

  it('carries the result: counts, statuses, witnesses, decisions and sources', () => {
    expect(json.ok).toBe(false);
    expect(json.summary).toEqual({ expectations: 5, passed: 1, failed: 3, indeterminate: 1 });
    expect(json.expectations.map((e: Json) => e.status)).toEqual([
      'fail',
      'pass',
      'fail',
      'indeterminate',
      'fail',
    ]);
    const only = json.expectations[0].checks[0];
    expect(only.witnesses.map((w: Json) => [w.action, w.access])).toEqual([
      ['s3:GetObject', 'allow'],
      ['s3:PutObject', 'conditional'],
    ]);
    expect(only.statements[0].source.constructPath).toBe('Company1Stack/SaraIntern/Resource');
    const cannot = json.expectations[2].checks[1];
    expect(cannot.decision.decision).toBe('allow');
    expect(cannot.decision.trace[1].source.address).toBe('aws_s3_bucket_policy.hr');
  });

  it('writes undefined as null, so every key is present', () => {
    const e = json.expectations[3];
    expect(e.description).toBeNull();
    expect(e.checks[0].principal).toBeNull();
    const noSource = json.expectations[4].checks[0].statements[0];
    expect(noSource.source).toBeNull();
  });

  it('round-trips the values of the SpecResult', () => {
    const r = specResult([indeterminateCan]);
    const back = JSON.parse(renderSpecResult(r, 'json')) as Json;
    expect(back.expectations[0].checks[0].decision).toEqual(r.expectations[0]!.checks[0]!.decision);
    expect(back.expectations[0].checks[0].location).toEqual(r.expectations[0]!.checks[0]!.location);
  });
});
