// The SARIF report of `iamspec check`: valid against the SARIF 2.1.0 JSON schema, one rule per
// check kind, one result per failing (error) or indeterminate (warning) check, located at the
// statement to fix (file relative to the working directory, line and column, construct path /
// logical id / Terraform address as logical locations) with the spec element as a related
// location, or at the spec element when no statement has a source.
// SARIF 2.1.0: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { Options, ValidateFunction } from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { artifactUri, renderSarif, toSarif } from '../src/report/sarif.js';
import { allPassResult, failingCannot, mixedResult, passing, specResult } from './helpers/spec-results.js';

// The SARIF 2.1.0 schema (rtm.5, as published on SchemaStore) shipped by @microsoft/jest-sarif.
const require = createRequire(import.meta.url);
// CommonJS modules whose default export TypeScript's NodeNext interop types awkwardly: required directly.
const Ajv = require('ajv-draft-04') as new (
  options: Options,
) => { compile(schema: object): ValidateFunction };
const addFormats = require('ajv-formats') as (ajv: unknown) => void;
const SCHEMA_FILE = join(
  resolve(require.resolve('@microsoft/jest-sarif/package.json'), '..'),
  'lib/schemas/sarif-2.1.0-rtm.5.json',
);

function validator() {
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
  // unicodeRegExp: false because the schema's `language` pattern has a stray `]` that is a syntax
  // error in a /u regular expression (JavaScript's non-unicode syntax reads it as a literal).
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

// biome-ignore lint/suspicious/noExplicitAny: parsed report documents, navigated freely in assertions
type Json = Record<string, any>;

const CWD = process.cwd();

describe('SARIF report', () => {
  const validate = validator();

  it('is valid against the SARIF 2.1.0 schema (a failing, a passing and an empty run)', () => {
    for (const r of [mixedResult(), allPassResult(), specResult([])]) {
      const log = JSON.parse(renderSarif(r, { cwd: CWD }));
      const ok = validate(log);
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it("the spec's warnings are results of the spec-warning rule at the spec element, and still valid SARIF", () => {
    const warning = {
      code: 'spec/resource-not-in-model',
      severity: 'warning' as const,
      message:
        'resource "arn:aws:s3:::company1-logz" names the bucket "company1-logz", which is not in the model',
      candidates: ['company1-logs'],
      location: { file: 'cdk-example/access.yaml', line: 12, column: 9, pointer: '/expect/0/only/0' },
    };
    const log = toSarif(specResult([passing], [], [warning]), { cwd: CWD }) as Json;
    expect(validate(log)).toBe(true);
    const rules = log.runs[0].tool.driver.rules as Json[];
    const [r] = log.runs[0].results as Json[];
    expect(r).toMatchObject({
      ruleId: 'spec-warning',
      level: 'warning',
      message: { text: `${warning.message} (cdk-example/access.yaml:12:9)` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'cdk-example/access.yaml' },
            region: { startLine: 12 },
          },
        },
      ],
      properties: { code: 'spec/resource-not-in-model', candidates: ['company1-logs'] },
    });
    expect(rules[r.ruleIndex].id).toBe('spec-warning');
  });

  it('the validator rejects what is not SARIF (the test can fail)', () => {
    const log = toSarif(mixedResult(), { cwd: CWD }) as Json;
    expect(validate({ ...log, version: '2.0.0' })).toBe(false);
    const broken = structuredClone(log);
    broken.runs[0].results[0].level = 'fatal';
    expect(validate(broken)).toBe(false);
    const noTool = structuredClone(log);
    delete noTool.runs[0].tool;
    expect(validate(noTool)).toBe(false);
  });

  it('names the tool and has one rule per check kind with help text', () => {
    const log = toSarif(mixedResult(), { cwd: CWD, toolVersion: '9.8.7' }) as Json;
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    const driver = log.runs[0].tool.driver;
    expect(driver.name).toBe('iamspec');
    expect(driver.version).toBe('9.8.7');
    expect(driver.rules.map((r: Json) => r.id)).toEqual([
      'can',
      'cannot',
      'only',
      'onlyPrincipals',
      'via',
      'cannotBecome',
      'noEscalation',
    ]);
    for (const r of driver.rules) {
      expect(r.help.text.length).toBeGreaterThan(50);
      expect(r.shortDescription.text).toBeTruthy();
    }
  });

  it('defaults the tool version to the package version', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const log = toSarif(allPassResult(), { cwd: CWD }) as Json;
    expect(log.runs[0].tool.driver.version).toBe(pkg.version);
  });

  it('has one result per failing (error) or indeterminate (warning) check, none for passing checks', () => {
    const log = toSarif(mixedResult(), { cwd: CWD }) as Json;
    const results = log.runs[0].results as Json[];
    expect(results.map((r) => [r.ruleId, r.level])).toEqual([
      ['only', 'error'],
      ['cannot', 'error'],
      ['can', 'warning'],
      ['onlyPrincipals', 'error'],
    ]);
    const rules = log.runs[0].tool.driver.rules as Json[];
    for (const r of results) expect(rules[r.ruleIndex].id).toBe(r.ruleId);
    expect((toSarif(allPassResult(), { cwd: CWD }) as Json).runs[0].results).toEqual([]);
  });

  it('locates a result at the statement to fix, with the CDK construct path and logical id', () => {
    const [only] = (toSarif(mixedResult(), { cwd: CWD }) as Json).runs[0].results as Json[];
    const loc = only!.locations[0];
    expect(loc.physicalLocation).toEqual({
      artifactLocation: { uri: 'cdk-example/cdk.out/Company1Stack.template.json' },
      region: { startLine: 42, startColumn: 17 },
    });
    expect(loc.logicalLocations).toEqual([
      { name: 'Resource', fullyQualifiedName: 'Company1Stack/SaraIntern/Resource', kind: 'resource' },
      { name: 'SaraInternABC123', fullyQualifiedName: 'Company1Stack/SaraInternABC123', kind: 'resource' },
    ]);
    expect(only!.message.text).toContain(
      'user/Sara-intern can also s3:GetObject on arn:aws:s3:::company1-logs/x',
    );
    expect(only!.message.text).toContain('witnesses (2 requests)');
    // the spec element is a related location
    expect(only!.relatedLocations).toEqual([
      expect.objectContaining({
        id: 1,
        physicalLocation: {
          artifactLocation: { uri: 'cdk-example/access.yaml' },
          region: { startLine: 5, startColumn: 7 },
        },
      }),
    ]);
    expect(only!.properties.witnesses).toHaveLength(2);
  });

  it('locates a Terraform statement at the .tf file with its address', () => {
    const results = (toSarif(mixedResult(), { cwd: CWD }) as Json).runs[0].results as Json[];
    const cannot = results.find((r) => r.ruleId === 'cannot')!;
    expect(cannot.locations[0].physicalLocation.artifactLocation.uri).toBe('tf-example/main.tf');
    expect(cannot.locations[0].physicalLocation.region).toEqual({ startLine: 88, startColumn: 3 });
    expect(cannot.locations[0].logicalLocations).toEqual([
      { name: 'aws_s3_bucket_policy.hr', fullyQualifiedName: 'aws_s3_bucket_policy.hr', kind: 'resource' },
    ]);
  });

  it('locates a result without a statement source at the spec element', () => {
    const results = (toSarif(mixedResult(), { cwd: CWD }) as Json).runs[0].results as Json[];
    const who = results.find((r) => r.ruleId === 'onlyPrincipals')!;
    expect(who.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'cdk-example/access.yaml' },
      region: { startLine: 42, startColumn: 21 },
    });
    expect(who.relatedLocations).toBeUndefined();
    expect(who.message.text).toContain('AWS managed policy AmazonS3ReadOnlyAccess, Statement[0]');
  });

  it('makes artifact URIs relative to the working directory, forward slashes, percent-encoded', () => {
    expect(artifactUri('/repo/infra/main.tf', '/repo')).toBe('infra/main.tf');
    expect(artifactUri('infra/my plan.json', '/repo')).toBe('infra/my%20plan.json');
    expect(artifactUri('/other/x.json', '/repo')).toBe('../other/x.json');
    const abs = specResult([
      {
        ...failingCannot,
        checks: failingCannot.checks.map((c) => ({
          ...c,
          statements: c.statements.map((s) => ({
            ...s,
            source: { ...s.source!, file: `${CWD}/tf-example/main.tf` },
          })),
        })),
      },
    ]);
    const r = (toSarif(abs, { cwd: CWD }) as Json).runs[0].results[0];
    expect(r.locations[0].physicalLocation.artifactLocation.uri).toBe('tf-example/main.tf');
  });

  it('gives each result a stable fingerprint that differs between checks', () => {
    const a = (toSarif(mixedResult(), { cwd: CWD }) as Json).runs[0].results as Json[];
    const b = (toSarif(mixedResult(), { cwd: CWD }) as Json).runs[0].results as Json[];
    const prints = a.map((r) => r.partialFingerprints['iamspecCheck/v1']);
    expect(prints).toEqual(b.map((r) => r.partialFingerprints['iamspecCheck/v1']));
    expect(new Set(prints).size).toBe(prints.length);
  });

  it('reports the notes once as tool notifications', () => {
    const log = toSarif(mixedResult(), { cwd: CWD }) as Json;
    expect(log.runs[0].invocations[0].toolExecutionNotifications).toHaveLength(1);
  });
});
