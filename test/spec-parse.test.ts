// The access spec parser: YAML and JSON into AccessSpec, every format error a SpecError (an
// InputError, printed by the CLI with file:line:column and exit 2) at the offending element.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/model/input-error.js';
import { SpecError } from '../src/spec/errors.js';
import { loadSpec, parseSpec, specLocation } from '../src/spec/parse.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const dir = tempDir('iamspec-spec-parse-');

const SESSION_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::company1-hr/*' }],
};
writeFileIn(dir, 'session-policy.json', JSON.stringify(SESSION_POLICY));

/** Parses and returns the SpecError it throws (fails the test if none). */
function specError(text: string, file = join(dir, 'access.yaml')): SpecError {
  try {
    parseSpec(text, file);
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    expect(e).toBeInstanceOf(InputError);
    return e as SpecError;
  }
  throw new Error(`expected a SpecError for:\n${text}`);
}

const DESIGN_EXAMPLE = `version: 1
account: "629470240201"            # default account for references
expect:
  - principal: user/Sara-intern
    only:                           # exhaustive
      - { action: s3:ListBucket, resource: arn:aws:s3:::company1-logs }
  - principal: role/Company1-Logs-Role
    can:    [ { action: s3:GetObject, resource: "arn:aws:s3:::company1-logs/*" } ]
    cannot: [ { action: s3:PutObject, resource: "arn:aws:s3:::company1-logs/*" } ]
  - principal: user/john
    via: role/JohnUploadRole        # assume the role first (trust policy checked)
    sessionPolicy: ./session-policy.json
    can: [ { action: s3:PutObject, resource: arn:aws:s3:::company1-hr/new-file.txt } ]
  - resource: "arn:aws:s3:::company1-hr/*"
    action: s3:GetObject
    onlyPrincipals: [ group/HR, group/IT, role/JohnUploadRole ]
`;

describe('parseSpec: the format of DESIGN.md', () => {
  it('reads the DESIGN.md example', () => {
    const file = join(dir, 'access.yaml');
    const spec = parseSpec(DESIGN_EXAMPLE, file);
    expect(spec.version).toBe(1);
    expect(spec.account).toBe('629470240201');
    expect(spec.file).toBe(file);
    expect(spec.expect.map((e) => e.id)).toEqual(['expect[0]', 'expect[1]', 'expect[2]', 'expect[3]']);
    const [intern, logs, john, hr] = spec.expect;
    expect(intern!.principal).toBe('user/Sara-intern');
    expect(intern!.only?.map((a) => [a.action, a.resource])).toEqual([
      ['s3:ListBucket', 'arn:aws:s3:::company1-logs'],
    ]);
    expect(intern!.only?.[0]?.location).toMatchObject({
      file,
      line: 6,
      column: 9,
      pointer: '/expect/0/only/0',
    });
    expect(intern!.can).toEqual([]);
    expect(logs!.can[0]).toMatchObject({ action: 's3:GetObject', resource: 'arn:aws:s3:::company1-logs/*' });
    expect(logs!.cannot[0]?.location.line).toBe(9);
    expect(john!.via).toEqual(['role/JohnUploadRole']);
    expect(john!.sessionPolicy).toEqual(SESSION_POLICY);
    expect(hr).toMatchObject({
      principal: undefined,
      resource: 'arn:aws:s3:::company1-hr/*',
      action: 's3:GetObject',
      onlyPrincipals: ['group/HR', 'group/IT', 'role/JohnUploadRole'],
      location: { line: 14, column: 5, pointer: '/expect/3' },
    });
    expect(specLocation(spec, '/expect/3/onlyPrincipals/1')).toMatchObject({ line: 16, column: 33 });
  });

  it('reads the same spec as JSON, with positions', () => {
    const json = JSON.stringify(
      {
        version: 1,
        expect: [
          {
            id: 'intern',
            description: 'interns list logs only',
            principal: 'user/Sara-intern',
            only: [{ action: 's3:ListBucket', resource: 'arn:aws:s3:::company1-logs' }],
          },
        ],
      },
      null,
      2,
    );
    const spec = parseSpec(json, join(dir, 'access.json'));
    expect(spec.expect[0]).toMatchObject({ id: 'intern', description: 'interns list logs only' });
    expect(spec.expect[0]!.only![0]!.location).toMatchObject({ line: 9, column: 9 });
    // Text that starts with `{` is JSON whatever the file name; if it is not JSON, a YAML flow mapping.
    expect(parseSpec(json).expect).toHaveLength(1);
    expect(parseSpec('{ version: 1, expect: [ { principal: user/john, only: [] } ] }').expect).toHaveLength(
      1,
    );
    expect(() => parseSpec('{ "version": 1, ')).toThrow(/invalid JSON/);
  });

  it('expands the compact forms: one entry instead of a list, lists of actions and resources', () => {
    const spec = parseSpec(`version: 1
expect:
  - principal: user/john
    can: { action: [s3:GetObject, s3:PutObject], resource: [a/x, b/y] }
    cannot:
      - action: s3:DeleteObject
        resource: a/x
        context: { aws:SecureTransport: false, aws:SourceIp: [10.0.0.1, 10.0.0.2] }
    via: [role/A, role/B]
    context: { aws:MultiFactorAuthPresent: true }
`);
    const e = spec.expect[0]!;
    expect(e.can.map((a) => `${a.action} ${a.resource}`)).toEqual([
      's3:GetObject a/x',
      's3:GetObject b/y',
      's3:PutObject a/x',
      's3:PutObject b/y',
    ]);
    // YAML booleans and numbers become the strings AWS compares.
    expect(e.cannot[0]!.context).toEqual({
      'aws:SecureTransport': 'false',
      'aws:SourceIp': ['10.0.0.1', '10.0.0.2'],
    });
    expect(e.context).toEqual({ 'aws:MultiFactorAuthPresent': 'true' });
    expect(e.via).toEqual(['role/A', 'role/B']);
  });

  it('takes an inline session policy, an empty `only` (nothing at all) and an empty onlyPrincipals (nobody)', () => {
    const spec = parseSpec(`version: 1
expect:
  - principal: role/R
    sessionPolicy: { Version: "2012-10-17", Statement: [] }
    only: []
  - { resource: "arn:aws:s3:::b/*", action: s3:GetObject, onlyPrincipals: [], context: { aws:SecureTransport: "false" } }
`);
    expect(spec.expect[0]!.only).toEqual([]);
    expect(spec.expect[0]!.sessionPolicy).toEqual({ Version: '2012-10-17', Statement: [] });
    expect(spec.expect[1]!.onlyPrincipals).toEqual([]);
  });

  it('loadSpec reads a file and resolves sessionPolicy next to it', () => {
    const file = writeFileIn(dir, 'loaded.yaml', DESIGN_EXAMPLE);
    const spec = loadSpec(file);
    expect(spec.file).toBe(file);
    expect(spec.expect[2]!.sessionPolicy).toEqual(SESSION_POLICY);
  });
});

describe('parseSpec: errors name file, line and column', () => {
  const file = join(dir, 'access.yaml');

  it('malformed YAML', () => {
    const e = specError('version: 1\nexpect:\n  - principal: user/john\n    can: [ { action: s3:GetObject\n');
    expect(e.file).toBe(file);
    expect(e.line).toBeGreaterThanOrEqual(4);
    expect(e.message).toMatch(/^.*access\.yaml:\d+:\d+: invalid YAML/);
  });

  it('malformed JSON', () => {
    const e = specError('{ "version": 1, "expect": [ } ', join(dir, 'access.json'));
    expect(e.message).toContain('access.json:1:');
    expect(e.reason).toMatch(/^invalid JSON/);
    expect(e.column).toBe(29);
  });

  it('an unknown key, at the key, with the close spelling', () => {
    const e = specError(
      'version: 1\nexpect:\n  - principal: user/john\n    Can: [ { action: s3:GetObject, resource: "*" } ]\n',
    );
    expect([e.line, e.column]).toEqual([4, 5]);
    expect(e.reason).toBe('unknown key "Can" in an expectation (expect[0]); did you mean "can"?');
    expect(e.message).toBe(`${file}:4:5: ${e.reason}`);
    expect(e.pointer).toBe('/expect/0/Can');
  });

  it('an unknown key in an access entry and at the top', () => {
    expect(
      specError(
        'version: 1\nexpect:\n  - principal: user/john\n    can:\n      - { action: s3:GetObject, resources: x }\n',
      ),
    ).toMatchObject({ line: 5, column: 33, reason: expect.stringContaining('unknown key "resources"') });
    expect(specError('version: 1\naccounts: "1"\nexpect: []\n')).toMatchObject({
      line: 2,
      column: 1,
      reason: 'unknown key "accounts" in the access spec; did you mean "account"?',
    });
    expect(specError('version: 1\nexpect:\n  - principal: user/john\n    cann: []\n').reason).toContain(
      'did you mean "can"?',
    );
  });

  it('a wrong type, at the value', () => {
    expect(
      specError(
        'version: 1\nexpect:\n  - principal: [user/john]\n    can: { action: s3:GetObject, resource: x }\n',
      ),
    ).toMatchObject({
      line: 3,
      column: 16,
      reason: '"principal" must be a string, not a list',
    });
    expect(specError('version: 1\nexpect: { principal: user/john }\n')).toMatchObject({ line: 2, column: 9 });
    expect(specError('version: 1\naccount: 629470240201\nexpect: []\n').reason).toContain('quote it');
    expect(
      specError(
        'version: 1\nexpect:\n  - principal: user/john\n    can: [ { action: s3:GetObject, resource: x, context: { aws:SourceIp: { a: 1 } } } ]\n',
      ),
    ).toMatchObject({ line: 4, reason: expect.stringContaining('the value of context key "aws:SourceIp"') });
    expect(
      specError(
        'version: 1\nexpect:\n  - principal: user/john\n    can: [ { action: GetObject, resource: x } ]\n',
      ).reason,
    ).toContain('"GetObject" is not an action');
  });

  it('a missing required part, at the element that lacks it', () => {
    expect(specError('expect: []\n')).toMatchObject({
      line: 1,
      column: 1,
      reason: 'the access spec needs "version: 1"',
    });
    expect(specError('version: 1\n')).toMatchObject({ reason: 'the access spec needs an "expect" list' });
    expect(
      specError('version: 1\nexpect:\n  - principal: user/john\n    can: [ { action: s3:GetObject } ]\n'),
    ).toMatchObject({
      line: 4,
      column: 12,
      reason: 'a "can" entry needs "resource"',
    });
    expect(specError('version: 1\nexpect:\n  - resource: x\n    action: s3:GetObject\n')).toMatchObject({
      line: 3,
      column: 5,
      reason: 'expect[0] needs "onlyPrincipals" (the form resource + action + onlyPrincipals)',
    });
    expect(
      specError('version: 1\nexpect:\n  - can: [ { action: s3:GetObject, resource: x } ]\n').reason,
    ).toContain('needs "principal"');
  });

  it('version other than 1', () => {
    expect(specError('version: 2\nexpect: []\n')).toMatchObject({
      line: 1,
      column: 10,
      reason: 'unsupported spec version the number 2: this iamspec reads version 1',
    });
    expect(specError('version: "1"\nexpect: []\n').line).toBe(1);
  });

  it('an expectation with both forms, or with no check', () => {
    const both = specError(
      'version: 1\nexpect:\n  - principal: user/john\n    can: [ { action: s3:GetObject, resource: x } ]\n    onlyPrincipals: [user/john]\n',
    );
    expect(both).toMatchObject({ line: 5, column: 5 });
    expect(both.reason).toContain('mixes the two forms');
    const none = specError('version: 1\nexpect:\n  - principal: user/john\n    description: nothing\n');
    expect(none).toMatchObject({ line: 3, column: 5 });
    expect(none.reason).toContain('checks nothing');
    expect(specError('version: 1\nexpect:\n  - principal: user/john\n    can: []\n').reason).toBe(
      '"can" must not be an empty list',
    );
    expect(specError('version: 1\nexpect:\n  - {}\n').reason).toContain('checks nothing');
  });

  it('an unreadable or malformed sessionPolicy file', () => {
    const missing = specError(
      'version: 1\nexpect:\n  - principal: user/john\n    via: role/R\n    sessionPolicy: ./nope.json\n    can: [ { action: s3:GetObject, resource: x } ]\n',
    );
    expect(missing).toMatchObject({ file, line: 5, column: 20 });
    expect(missing.reason).toContain(
      `cannot read sessionPolicy file ${join(dir, 'nope.json')}: no such file`,
    );
    writeFileIn(dir, 'bad-policy.json', '{\n  "Statement": [,]\n}\n');
    const bad = specError(
      'version: 1\nexpect:\n  - principal: user/john\n    via: role/R\n    sessionPolicy: bad-policy.json\n    can: [ { action: s3:GetObject, resource: x } ]\n',
    );
    expect(bad).toMatchObject({ file: join(dir, 'bad-policy.json'), line: 2, column: 17 });
    expect(bad.reason).toContain(`named at ${file}:5:20`);
  });

  it('duplicate ids and duplicate keys', () => {
    expect(
      specError(
        'version: 1\nexpect:\n  - { id: a, principal: user/john, only: [] }\n  - { id: a, principal: user/sarah, only: [] }\n',
      ),
    ).toMatchObject({ line: 4, column: 11, reason: 'duplicate expectation id "a" (also used by expect[0])' });
    expect(specError('version: 1\nversion: 1\nexpect: []\n').reason).toContain('invalid YAML');
  });

  it('an empty file, and a file that does not exist', () => {
    expect(specError('# nothing\n').reason).toBe('the access spec is empty');
    let thrown: unknown;
    try {
      loadSpec(join(dir, 'absent.yaml'));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(SpecError);
    expect((thrown as SpecError).message).toBe(
      `${join(dir, 'absent.yaml')}: cannot read the access spec: no such file`,
    );
  });
});
