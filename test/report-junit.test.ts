// The JUnit XML report of `iamspec check`, parsed back: one <testsuite> per spec, one
// <testcase> per expectation (classname = spec file, name = id + description), <failure> with
// the text details for failing and (type="indeterminate") indeterminate expectations, and
// text that needs escaping survives the round trip.

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderJunit, xmlEscape } from '../src/report/junit.js';
import { allPassResult, mixedResult, ROOT_NOTE, SPEC, specResult } from './helpers/spec-results.js';

// biome-ignore lint/suspicious/noExplicitAny: parsed report documents, navigated freely in assertions
type Json = Record<string, any>;

function parse(xml: string): Json {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    textNodeName: '#text',
    isArray: (name) => ['testsuite', 'testcase', 'property', 'failure'].includes(name),
    processEntities: true,
    htmlEntities: true,
  });
  return parser.parse(xml) as Json;
}

describe('JUnit report', () => {
  const doc = parse(renderJunit(mixedResult()));
  const suites = doc.testsuites;
  const suite = suites.testsuite[0];
  const cases = suite.testcase as Json[];

  it('has one testsuite for the spec with the counts', () => {
    expect(suites.testsuite).toHaveLength(1);
    expect(suite.name).toBe(SPEC);
    expect(suite.tests).toBe('5');
    expect(suite.failures).toBe('4');
    expect(suite.errors).toBe('0');
    expect(suite.skipped).toBe('0');
    expect(suites.tests).toBe('5');
    expect(suites.failures).toBe('4');
  });

  it('has one testcase per expectation, classname = spec file, name = id and description', () => {
    expect(cases.map((c) => c.name)).toEqual([
      'interns-list-logs-only: Interns may only list company1-logs',
      'ec2-role-reads-logs: The EC2 role may read company1-logs',
      'hr-bucket-closed: Nobody reads <HR> data & "secrets" | `raw`',
      'temp-creds',
      'hr-readers: HR readers',
    ]);
    for (const c of cases) {
      expect(c.classname).toBe(SPEC);
      expect(c.file).toBe(SPEC);
    }
    expect(cases.map((c) => c.line)).toEqual(['3', '10', '20', '30', '40']);
  });

  it('gives a passing expectation no failure, a failing one a failure with the details', () => {
    expect(cases[1]!.failure).toBeUndefined();
    const f = cases[0]!.failure[0];
    expect(f.type).toBe('fail');
    expect(f.message).toBe('user/Sara-intern can also s3:GetObject on arn:aws:s3:::company1-logs/x');
    expect(f['#text']).toContain('witnesses (2 requests):');
    expect(f['#text']).toContain('granted by inline policy InternPolicy of user Sara-intern, Sid "ReadLogs"');
    expect(f['#text']).toContain('at cdk-example/cdk.out/Company1Stack.template.json:42:17');
    const cannot = cases[2]!.failure[0];
    expect(cannot.message).toContain('user/Sales-user can s3:GetObject');
    expect(cannot['#text']).toContain('[resource-based policy] Allow applies (Principal "*")');
    expect(cannot['#text']).toContain('at tf-example/main.tf:88:3 (aws_s3_bucket_policy.hr)');
  });

  it('reports an indeterminate expectation as a failure of type indeterminate, not as skipped', () => {
    const f = cases[3]!.failure[0];
    expect(f.type).toBe('indeterminate');
    expect(f['#text']).toContain('INDETERMINATE');
    expect(cases[3]!.skipped).toBeUndefined();
  });

  it('keeps inputs and notes as properties', () => {
    const props = suite.properties.property as Json[];
    expect(props).toEqual([
      { name: 'input', value: 'cdk-example/cdk.out' },
      { name: 'note', value: ROOT_NOTE },
    ]);
  });

  it('a passing run has no failures', () => {
    const s = parse(renderJunit(allPassResult())).testsuites.testsuite[0];
    expect(s.failures).toBe('0');
    expect(s.testcase).toHaveLength(1);
    const empty = parse(renderJunit(specResult([]))).testsuites.testsuite[0];
    expect(empty.tests).toBe('0');
  });

  it('escapes XML and replaces characters XML 1.0 forbids', () => {
    expect(xmlEscape(`a<b>&"c"'d'`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;');
    expect(xmlEscape('bell\u0007 nul\u0000')).toBe('bell\uFFFD nul\uFFFD');
    expect(xmlEscape('emoji 🙂')).toBe('emoji 🙂');
    const nasty = specResult([
      {
        ...mixedResult().expectations[0]!,
        id: 'x]]><y/>',
        description: 'ctl\u0001 & <tag attr="v">',
      },
    ]);
    const xml = renderJunit(nasty);
    const c = parse(xml).testsuites.testsuite[0].testcase[0];
    expect(c.name).toBe('x]]><y/>: ctl\uFFFD & <tag attr="v">');
  });
});
