// The request layer (src/requests) and the one "did you mean" (src/text/suggest.ts):
// - the layering it exists for: nothing under src/testing imports src/cli; the request layer
//   imports no front end and no analysis; src/text imports nothing; and the edit distance is
//   written once in src/;
// - suggestions: one edit distance, one ranking (equal ignoring case, a prefix, or a small edit
//   distance), used for spec keys, actions, references and bucket names alike;
// - the context reader every front end uses (a key pinned absent with null);
// - what a request names that the model does not have: a principal of an account of the model
//   that the model lacks (fatal), a bucket outside the model (a warning, with the close names).

import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { actionProblem, catalogActionsOf, closeActions } from '../src/requests/actions.js';
import { contextFromPairs, describeContext, readContext } from '../src/requests/context.js';
import { principalProblem, resourcePatternProblem, resourceProblem } from '../src/requests/model-names.js';
import { closest, didYouMean, editDistance, rankByCloseness } from '../src/text/suggest.js';
import { ACCOUNT, buildCompany1 } from './helpers/company1.js';
import { filesUnder } from './helpers/files.js';

const SRC = join(import.meta.dirname, '..', 'src');

/** The `src/` folders a file imports from (static and dynamic imports of relative paths). */
function importedFolders(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out = new Set<string>();
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)['"](\.[^'"]+)['"]/g)) {
    const target = relative(SRC, join(file, '..', m[1]!));
    out.add(target.split(/[\\/]/)[0]!);
  }
  return [...out];
}

function importers(folder: string, forbidden: string[]): string[] {
  return filesUnder(join(SRC, folder), '.ts').flatMap((f) =>
    importedFolders(f)
      .filter((d) => forbidden.includes(d))
      .map((d) => `${relative(SRC, f)} imports ${d}/`),
  );
}

describe('layering', () => {
  it('no file under src/testing imports from src/cli', () => {
    expect(filesUnder(join(SRC, 'testing'), '.ts').length).toBeGreaterThan(3);
    expect(importers('testing', ['cli'])).toEqual([]);
  });

  it('the request layer imports no front end and no analysis; src/text imports nothing', () => {
    expect(importers('requests', ['analysis', 'spec', 'report', 'cli', 'testing', 'adapters'])).toEqual([]);
    for (const f of filesUnder(join(SRC, 'text'), '.ts')) expect(importedFolders(f)).toEqual([]);
  });

  it('the edit distance is written once, in src/text/suggest.ts', () => {
    const definitions = filesUnder(SRC, '.ts').filter((f) =>
      /function\s+(levenshtein|editDistance|distance)\s*\(/i.test(readFileSync(f, 'utf8')),
    );
    expect(definitions.map((f) => relative(SRC, f))).toEqual([join('text', 'suggest.ts')]);
  });
});

describe('suggestions', () => {
  it('editDistance counts insertions, deletions and substitutions, and stops past the limit', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });

  it('ranks equal-ignoring-case first, then prefixes and small distances by distance', () => {
    expect(closest('CAN', ['cannot', 'can', 'only'])).toEqual(['can', 'cannot']);
    // "cann": one edit from can, a prefix two characters short of cannot.
    expect(closest('cann', ['cannot', 'can'], 1)).toEqual(['can']);
    expect(closest('accounts', ['account', 'expect', 'version'])).toEqual(['account']);
    expect(closest('x', ['id', 'can'])).toEqual([]);
    expect(closest('expectations', ['expect', 'version'])).toEqual(['expect']);
    const ranked = rankByCloseness('user/john', ['role/john', 'user/jon'], (n) => n, {
      near: (w, h) => w.split('/')[1] === h.split('/')[1],
    });
    expect(ranked.map((r) => [r.item, r.score])).toEqual([
      ['role/john', 1],
      ['user/jon', 3],
    ]);
    expect(didYouMean(['a', 'b'])).toBe('did you mean a, b?');
    expect(didYouMean(['a'], true)).toBe('did you mean "a"?');
    expect(didYouMean([])).toBeUndefined();
  });

  it('actions: the close actions of the same service', () => {
    expect(closeActions('s3:GetObjet')[0]).toBe('s3:GetObject');
    expect(closeActions('s3:getobject')[0]).toBe('s3:GetObject');
    expect(actionProblem('s3:GetObject')).toBeUndefined();
    expect(actionProblem('s3:GetObjects')).toMatchObject({
      code: 'request/unknown-action',
      message: 'unknown action "s3:GetObjects": it is not in the action catalog; did you mean s3:GetObject?',
      fatal: true,
    });
    expect(actionProblem('s4:GetObject')).toMatchObject({
      code: 'request/unknown-service',
      message: expect.stringContaining('no AWS service has the prefix "s4"; did you mean s3:GetObject'),
    });
    expect(catalogActionsOf('s3:Get*').actions.length).toBeGreaterThan(10);
    expect(catalogActionsOf('s3:Nope*').problem).toBe(
      'action pattern "s3:Nope*" matches no action of the catalog',
    );
  });
});

describe('context', () => {
  const fail = (message: string, path: readonly string[], atKey?: boolean): never => {
    throw new Error(`${path.join('.')}${atKey ? ' (key)' : ''}: ${message}`);
  };

  it('reads strings, numbers and booleans as strings, lists, and null as a key pinned absent', () => {
    const c = readContext(
      {
        'aws:SourceIp': '10.0.0.1',
        'aws:MultiFactorAuthAge': 300,
        'aws:SecureTransport': true,
        'aws:TagKeys': ['a', 'b'],
        'aws:TokenIssueTime': null,
      },
      fail,
    );
    expect(c).toEqual({
      'aws:SourceIp': '10.0.0.1',
      'aws:MultiFactorAuthAge': '300',
      'aws:SecureTransport': 'true',
      'aws:TagKeys': ['a', 'b'],
      'aws:TokenIssueTime': null,
    });
    expect(describeContext(c)).toBe(
      'aws:SourceIp=10.0.0.1, aws:MultiFactorAuthAge=300, aws:SecureTransport=true, aws:TagKeys=[a, b], aws:TokenIssueTime absent',
    );
  });

  it('fails at the key or value that is wrong', () => {
    expect(() => readContext(['x'], fail)).toThrow(': "context" must be an object (a mapping)');
    expect(() => readContext({ SourceIp: 'x' }, fail)).toThrow(
      'SourceIp (key): "SourceIp" is not a condition key',
    );
    expect(() => readContext({ 'aws:SourceIp': { a: 1 } }, fail)).toThrow(
      'aws:SourceIp: the value of context key "aws:SourceIp" must be a string, a list of strings or null (absent), not a mapping',
    );
    expect(() => readContext({ 'aws:TagKeys': ['a', null] }, fail)).toThrow('aws:TagKeys.1: ');
  });

  it('KEY=VALUE pairs: a repeated key collects its values, a value may hold "="', () => {
    expect(contextFromPairs(['aws:TagKeys=a', 'aws:TagKeys=b', 's3:prefix=x=y'], (m) => fail(m, []))).toEqual(
      {
        'aws:TagKeys': ['a', 'b'],
        's3:prefix': 'x=y',
      },
    );
    expect(() => contextFromPairs(['novalue'], (m) => fail(m, []))).toThrow(
      'expects KEY=VALUE, got "novalue"',
    );
  });
});

describe('names the model does not have', () => {
  const model = buildCompany1();
  const engine = compileModel(model);

  it('a principal of an account of the model that the model lacks is fatal, with the closest names', () => {
    expect(
      principalProblem(model, engine.principalDirectory, `arn:aws:iam::${ACCOUNT}:role/JohnUpload`),
    ).toEqual({
      code: 'request/principal-not-in-model',
      message: `principal "arn:aws:iam::${ACCOUNT}:role/JohnUpload" names no role of account ${ACCOUNT} in the model; ${ACCOUNT} is an account of the inputs, so no principal outside them can be it; did you mean role/JohnUploadRole?`,
      candidates: ['role/JohnUploadRole'],
      fatal: true,
    });
    expect(
      principalProblem(model, engine.principalDirectory, `arn:aws:iam::${ACCOUNT}:user/john`),
    ).toBeUndefined();
    expect(
      principalProblem(model, engine.principalDirectory, 'arn:aws:iam::999988887777:user/x'),
    ).toBeUndefined();
    expect(principalProblem(model, engine.principalDirectory, 'ec2.amazonaws.com')).toBeUndefined();
    expect(
      principalProblem(model, engine.principalDirectory, `arn:aws:iam::${ACCOUNT}:policy/X`),
    ).toMatchObject({
      code: 'request/not-a-principal',
      fatal: true,
    });
  });

  // IAM User Guide, "IAM and AWS STS quotas" (names of users and roles: alphanumeric and
  // `+=,.@_-`), https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html: no
  // user, role or session name holds `*` or `?`, so such an ARN names no principal; a check on it
  // would hold vacuously (an Allow for role/x never matches the name `*`).
  it('a user, role or session ARN whose account or name holds * or ? is no principal (fatal)', () => {
    const problem = (p: string) => principalProblem(model, engine.principalDirectory, p);
    for (const p of [
      'arn:aws:iam::999988887777:role/*',
      'arn:aws:iam::999988887777:user/a?',
      'arn:aws:sts::999988887777:assumed-role/r/*',
      'arn:aws:sts::999988887777:assumed-role/r*/s',
      'arn:aws:iam::*:role/x',
    ]) {
      expect(problem(p), p).toMatchObject({ code: 'request/not-a-principal', fatal: true });
      expect(problem(p)?.message, p).toMatch(/holds "\*" or "\?".*names none/);
    }
    // a path segment may hold `*` (IAM paths take any printable character); the names are plain
    expect(problem('arn:aws:iam::999988887777:role/a*/x')).toBeUndefined();
    expect(problem('arn:aws:iam::999988887777:role/x')).toBeUndefined();
  });

  it('a bucket outside the model is a warning, with the close bucket names', () => {
    expect(resourceProblem(model, 'arn:aws:s3:::company1-logs/x')).toBeUndefined();
    const typo = resourceProblem(model, 'arn:aws:s3:::company1-log/*');
    expect(typo).toMatchObject({ code: 'request/resource-not-in-model', fatal: false });
    expect(typo?.candidates[0]).toBe('company1-logs');
    expect(typo?.message).toMatch(/; did you mean company1-logs(, |\?)/);
    expect(resourceProblem(model, 'arn:aws:s3:::central-logs')?.candidates).toEqual([]);
    expect(resourceProblem(model, 'arn:aws:s3:::company1-*/x')).toBeUndefined();
    expect(resourceProblem(model, `arn:aws:iam::${ACCOUNT}:role/Nope`)).toMatchObject({ fatal: true });
    expect(resourceProblem(model, 'arn:aws:iam::999988887777:role/Nope')).toBeUndefined();
  });

  it('a principal or resource with $-brace text is fatal: nothing substitutes it in a request', () => {
    const region = '$' + '{Region}';
    const p = resourceProblem(model, `arn:aws:sqs:${region}:${ACCOUNT}:jobs`);
    expect(p).toMatchObject({ code: 'request/unresolved-variable', fatal: true });
    expect(p?.message).toContain(`holds "${region}"`);
    const who = principalProblem(
      model,
      compileModel(model).principalDirectory,
      `arn:aws:iam::$` + `{Acct}:role/r`,
    );
    expect(who).toMatchObject({ code: 'request/unresolved-variable', fatal: true });
    expect(resourceProblem(model, `arn:aws:s3:::company1-hr/$` + '{aws:username}/*')?.code).toBe(
      'request/unresolved-variable',
    );
    expect(resourceProblem(model, `arn:aws:sqs:us-west-2:${ACCOUNT}:jobs`)).toBeUndefined();
  });

  it('a resource with * or ? is a problem: a request names one resource, never a pattern', () => {
    // a warning of eval / explain; specs and matchers decide the pattern on every matching resource
    expect(resourcePatternProblem('arn:aws:s3:::company1-*/x')).toMatchObject({
      code: 'request/resource-pattern',
      fatal: false,
    });
    expect(resourcePatternProblem('arn:aws:s3:::company1-hr/a?.csv')?.code).toBe('request/resource-pattern');
    expect(resourcePatternProblem('arn:aws:s3:::company1-hr/payroll.csv')).toBeUndefined();
    // `*` alone: the resource of an action without resource types (s3:ListAllMyBuckets).
    expect(resourcePatternProblem('*')).toBeUndefined();
  });
});
