// Terraform's built-in functions (src/adapters/terraform/eval/functions.ts and fn-*.ts), table-
// driven on the examples of each function's page in the Terraform language reference,
// https://developer.hashicorp.com/terraform/language/functions/NAME (for example
// https://developer.hashicorp.com/terraform/language/functions/setproduct): every row is an
// expression from the page's "Examples" section and the result the page shows. Then the
// offline limits: what cannot be known is an unknown value (not an error that try() skips),
// provider-defined functions are unknown, and a call Terraform rejects is an evaluation error.

import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/adapters/terraform/eval/evaluator.js';
import { BUILTIN_FUNCTIONS } from '../src/adapters/terraform/eval/functions.js';
import { EvalFailure, type Scope } from '../src/adapters/terraform/eval/scope.js';
import { EncodedJson } from '../src/adapters/terraform/eval/values.js';
import { parseHclExpression } from '../src/adapters/terraform/hcl/parser.js';
import { Unknown } from '../src/model/unknown.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const dir = tempDir('iamspec-fn-');
writeFileIn(dir, 'hello.txt', 'Hello World');
writeFileIn(dir, 'files/a.txt', 'a');
writeFileIn(dir, 'files/b.txt', 'b');
writeFileIn(dir, 'files/c.json', '{}');
writeFileIn(dir, 'files/sub/d.txt', 'd');
writeFileIn(
  dir,
  'backends.tftpl',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL template syntax, not JavaScript
  '%{ for addr in ip_addrs ~}\nbackend ${addr}:${port}\n%{ endfor ~}\n',
);
writeFileIn(
  dir,
  'policy.json.tftpl',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL template syntax, not JavaScript
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::${bucket}/*"}]}',
);

function scope(): Scope {
  return {
    vars: new Map(),
    resolver: { moduleDir: dir, workDir: dir, resolve: () => undefined },
    file: 'test.tf',
    address: undefined,
  };
}

function ev(text: string): unknown {
  return evaluate(parseHclExpression(text), scope());
}

// [expression, the result the Terraform page shows]
const EXAMPLES: [string, unknown][] = [
  // numeric
  ['abs(23)', 23],
  ['abs(0)', 0],
  ['abs(-12.4)', 12.4],
  ['ceil(5)', 5],
  ['ceil(5.1)', 6],
  ['floor(4.9)', 4],
  ['log(16, 2)', 4],
  ['ceil(log(15, 2))', 4],
  ['ceil(log(17, 2))', 5],
  ['max(12, 54, 3)', 54],
  ['max([12, 54, 3]...)', 54],
  ['min(12, 54, 3)', 3],
  ['parseint("100", 10)', 100],
  ['parseint("FF", 16)', 255],
  ['parseint("-10", 16)', -16],
  ['parseint("1011111011101111", 2)', 48879],
  ['parseint("aA", 62)', 656],
  ['pow(3, 2)', 9],
  ['pow(4, 0)', 1],
  ['signum(-13)', -1],
  ['signum(0)', 0],
  ['signum(344)', 1],
  // string
  ['chomp("hello\\n")', 'hello'],
  ['chomp("hello\\r\\n")', 'hello'],
  ['chomp("hello\\n\\n")', 'hello'],
  ['endswith("hello world", "world")', true],
  ['endswith("hello world", "hello")', false],
  ['format("Hello, %s!", "Ander")', 'Hello, Ander!'],
  ['format("There are %d lights", 4)', 'There are 4 lights'],
  ['format("%#v", "hello")', '"hello"'],
  ['format("%#v", true)', 'true'],
  ['format("%#v", 1)', '1'],
  ['format("%#v", {a = 1})', '{"a":1}'],
  ['format("%#v", [true])', '[true]'],
  ['format("%#v", null)', 'null'],
  ['format("%.2f", 3.14159)', '3.14'],
  ['format("%9.2f", 3.14159)', '     3.14'],
  ['format("%03d", 7)', '007'],
  ['format("%-5s|", "ab")', 'ab   |'],
  ['format("%x", 255)', 'ff'],
  ['format("%q", "hi")', '"hi"'],
  ['format("%[2]s %[1]s", "a", "b")', 'b a'],
  [
    'formatlist("Hello, %s!", ["Valentina", "Ander", "Olivia", "Sam"])',
    ['Hello, Valentina!', 'Hello, Ander!', 'Hello, Olivia!', 'Hello, Sam!'],
  ],
  [
    'formatlist("%s, %s!", "Salutations", ["Valentina", "Ander", "Olivia", "Sam"])',
    ['Salutations, Valentina!', 'Salutations, Ander!', 'Salutations, Olivia!', 'Salutations, Sam!'],
  ],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL template syntax, not JavaScript
  ['"  items: ${indent(2, "[\\n  foo,\\n  bar,\\n]\\n")}"', '  items: [\n    foo,\n    bar,\n  ]\n  '],
  ['join("-", ["foo", "bar", "baz"])', 'foo-bar-baz'],
  ['join(", ", ["foo", "bar", "baz"])', 'foo, bar, baz'],
  ['join(", ", ["foo"])', 'foo'],
  ['lower("HELLO")', 'hello'],
  ['lower("АЛЛО!")', 'алло!'],
  ['regex("[a-z]+", "53453453.345345aaabbbccc23454")', 'aaabbbccc'],
  ['regex("(\\\\d\\\\d\\\\d\\\\d)-(\\\\d\\\\d)-(\\\\d\\\\d)", "2019-02-01")', ['2019', '02', '01']],
  [
    'regex("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?", "https://terraform.io/docs/")',
    { authority: 'terraform.io', scheme: 'https' },
  ],
  ['regexall("[a-z]+", "1234abcd5678efgh9")', ['abcd', 'efgh']],
  ['length(regexall("[a-z]+", "1234abcd5678efgh9"))', 2],
  ['length(regexall("[a-z]+", "123456789")) > 0', false],
  ['regex("(?i)HELLO", "say hello")', 'hello'],
  ['replace("1 + 2 + 3", "+", "-")', '1 - 2 - 3'],
  ['replace("hello world", "/w.*d/", "everybody")', 'hello everybody'],
  ['replace("hello world", "/(h)(e)/", "$2$1")', 'ehllo world'],
  ['split(",", "foo,bar,baz")', ['foo', 'bar', 'baz']],
  ['split(",", "foo")', ['foo']],
  ['split(",", "")', ['']],
  ['startswith("hello world", "hello")', true],
  ['startswith("hello world", "world")', false],
  ['strcontains("hello world", "wor")', true],
  ['strcontains("hello world", "wod")', false],
  ['strrev("hello")', 'olleh'],
  ['strrev("a ☃")', '☃ a'],
  ['substr("hello world", 1, 4)', 'ello'],
  ['substr("🤔🤷", 0, 1)', '🤔'],
  ['substr("hello world", -5, -1)', 'world'],
  ['substr("hello world", 6, 10)', 'world'],
  ['title("hello world")', 'Hello World'],
  ['trim("?!hello?!", "!?")', 'hello'],
  ['trim("foobar", "far")', 'oob'],
  ['trim("   hello! world.!  ", "! ")', 'hello! world.'],
  ['trimprefix("helloworld", "hello")', 'world'],
  ['trimprefix("helloworld", "cat")', 'helloworld'],
  ['trimsuffix("helloworld", "world")', 'hello'],
  ['trimspace("  hello\\n\\n")', 'hello'],
  ['upper("hello")', 'HELLO'],
  ['upper("алло!")', 'АЛЛО!'],
  // collection
  ['alltrue(["true", true])', true],
  ['alltrue([true, false])', false],
  ['anytrue(["true"])', true],
  ['anytrue([true, false])', true],
  ['anytrue([])', false],
  ['chunklist(["a", "b", "c", "d", "e"], 2)', [['a', 'b'], ['c', 'd'], ['e']]],
  ['chunklist(["a", "b", "c", "d", "e"], 1)', [['a'], ['b'], ['c'], ['d'], ['e']]],
  ['coalesce("a", "b")', 'a'],
  ['coalesce("", "b")', 'b'],
  ['coalesce(1,2)', 1],
  ['coalesce(["", "b"]...)', 'b'],
  ['coalesce(1, "hello")', '1'],
  ['coalesce(true, "hello")', 'true'],
  ['coalescelist(["a", "b"], ["c", "d"])', ['a', 'b']],
  ['coalescelist([], ["c", "d"])', ['c', 'd']],
  ['compact(["a", "", "b", "c"])', ['a', 'b', 'c']],
  ['concat(["a", ""], ["b", "c"])', ['a', '', 'b', 'c']],
  ['contains(["a", "b", "c"], "a")', true],
  ['contains(["a", "b", "c"], "d")', false],
  ['distinct(["a", "b", "a", "c", "d", "b"])', ['a', 'b', 'c', 'd']],
  ['element(["a", "b", "c"], 1)', 'b'],
  ['element(["a", "b", "c"], 3)', 'a'],
  ['element(["a", "b", "c"], -1)', 'c'],
  ['flatten([["a", "b"], [], ["c"]])', ['a', 'b', 'c']],
  ['flatten([[["a", "b"], []], ["c"]])', ['a', 'b', 'c']],
  ['index(["a", "b", "c"], "b")', 1],
  ['keys({a=1, c=2, d=3})', ['a', 'c', 'd']],
  ['length([])', 0],
  ['length(["a", "b"])', 2],
  ['length({"a" = "b"})', 1],
  ['length("hello")', 5],
  ['length("👾🕹️")', 2],
  ['lookup({a="ay", b="bee"}, "a", "what?")', 'ay'],
  ['lookup({a="ay", b="bee"}, "c", "what?")', 'what?'],
  [
    'matchkeys(["i-123", "i-abc", "i-def"], ["us-west", "us-east", "us-east"], ["us-east"])',
    ['i-abc', 'i-def'],
  ],
  ['merge({a="b", c="d"}, {e="f", c="z"})', { a: 'b', c: 'z', e: 'f' }],
  ['merge({a="b"}, {a=[1,2], c="z"}, {d=3})', { a: [1, 2], c: 'z', d: 3 }],
  ['one([])', null],
  ['one(["hello"])', 'hello'],
  ['range(3)', [0, 1, 2]],
  ['range(1, 4)', [1, 2, 3]],
  ['range(1, 8, 2)', [1, 3, 5, 7]],
  ['range(1, 4, 0.5)', [1, 1.5, 2, 2.5, 3, 3.5]],
  ['range(4, 1)', [4, 3, 2]],
  ['range(10, 5, -2)', [10, 8, 6]],
  ['reverse([1, 2, 3])', [3, 2, 1]],
  ['setintersection(["a", "b"], ["b", "c"], ["b", "d"])', ['b']],
  [
    'setproduct(["development", "staging", "production"], ["app1", "app2"])',
    [
      ['development', 'app1'],
      ['development', 'app2'],
      ['staging', 'app1'],
      ['staging', 'app2'],
      ['production', 'app1'],
      ['production', 'app2'],
    ],
  ],
  ['setproduct(["development", "staging", "production"], [])', []],
  ['setproduct(["a"], ["b"])', [['a', 'b']]],
  ['setsubtract(["a", "b", "c"], ["a", "c"])', ['b']],
  ['setunion(["a", "b"], ["b", "c"], ["d"])', ['a', 'b', 'c', 'd']],
  ['slice(["a", "b", "c", "d"], 1, 3)', ['b', 'c']],
  ['sort(["e", "d", "a", "x"])', ['a', 'd', 'e', 'x']],
  ['sum([10, 13, 6, 4.5])', 33.5],
  ['transpose({"a" = ["1", "2"], "b" = ["2", "3"]})', { '1': ['a'], '2': ['a', 'b'], '3': ['b'] }],
  ['values({a=3, c=2, d=1})', [3, 2, 1]],
  ['zipmap(["a", "b"], [1, 2])', { a: 1, b: 2 }],
  // encoding
  ['base64decode("SGVsbG8gV29ybGQ=")', 'Hello World'],
  ['base64encode("Hello World")', 'SGVsbG8gV29ybGQ='],
  [
    'csvdecode("a,b,c\\n1,2,3\\n4,5,6")',
    [
      { a: '1', b: '2', c: '3' },
      { a: '4', b: '5', c: '6' },
    ],
  ],
  ['jsondecode("{\\"hello\\": \\"world\\"}")', { hello: 'world' }],
  ['jsondecode("true")', true],
  ['jsonencode({"hello"="world"})', '{"hello":"world"}'],
  ['textencodebase64("Hello World", "UTF-16LE")', 'SABlAGwAbABvACAAVwBvAHIAbABkAA=='],
  ['textdecodebase64("SABlAGwAbABvACAAVwBvAHIAbABkAA==", "UTF-16LE")', 'Hello World'],
  ['urlencode("Hello World!")', 'Hello+World%21'],
  ['urlencode("☃")', '%E2%98%83'],
  [
    // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL template syntax, not JavaScript
    '"http://example.com/search?q=${urlencode("terraform urlencode")}"',
    'http://example.com/search?q=terraform+urlencode',
  ],
  ['yamldecode("hello: world")', { hello: 'world' }],
  ['yamldecode("true")', true],
  ['yamldecode("{a: &foo [1, 2, 3], b: *foo}")', { a: [1, 2, 3], b: [1, 2, 3] }],
  // filesystem (relative to the working directory)
  ['basename("foo/bar/baz.txt")', 'baz.txt'],
  ['dirname("foo/bar/baz.txt")', 'foo/bar'],
  ['dirname("foo")', '.'],
  ['file("hello.txt")', 'Hello World'],
  ['filebase64("hello.txt")', 'SGVsbG8gV29ybGQ='],
  ['fileexists("hello.txt")', true],
  ['fileexists("nope.txt")', false],
  ['fileset(".", "files/*.txt")', ['files/a.txt', 'files/b.txt']],
  ['fileset(".", "files/{a,c}.*")', ['files/a.txt', 'files/c.json']],
  ['fileset("files", "**")', ['a.txt', 'b.txt', 'c.json', 'sub/d.txt']],
  ['fileset(".", "files/**/*.txt")', ['files/a.txt', 'files/b.txt', 'files/sub/d.txt']],
  ['filemd5("hello.txt")', 'b10a8db164e0754105b7a99be72e3fe5'],
  ['filesha1("hello.txt")', '0a4d55a8d778e5022fab701977c5d840bbc486d0'],
  [
    'templatefile("backends.tftpl", { port = 8080, ip_addrs = ["10.0.0.1", "10.0.0.2"] })',
    'backend 10.0.0.1:8080\nbackend 10.0.0.2:8080\n',
  ],
  [
    'jsondecode(templatefile("policy.json.tftpl", { bucket = "logs" })).Statement[0].Resource',
    'arn:aws:s3:::logs/*',
  ],
  // date and time
  ['formatdate("DD MMM YYYY hh:mm ZZZ", "2018-01-02T23:12:01Z")', '02 Jan 2018 23:12 UTC'],
  ['formatdate("EEEE, DD-MMM-YY hh:mm:ss ZZZ", "2018-01-02T23:12:01Z")', 'Tuesday, 02-Jan-18 23:12:01 UTC'],
  [
    'formatdate("EEE, DD MMM YYYY hh:mm:ss ZZZ", "2018-01-02T23:12:01-08:00")',
    'Tue, 02 Jan 2018 23:12:01 -0800',
  ],
  ['formatdate("MMM DD, YYYY", "2018-01-02T23:12:01Z")', 'Jan 02, 2018'],
  ['formatdate("HH:mmaa", "2018-01-02T23:12:01Z")', '11:12pm'],
  ['timeadd("2017-11-22T00:00:00Z", "10m")', '2017-11-22T00:10:00Z'],
  ['timecmp("2017-11-22T00:00:00Z", "2017-11-22T00:00:00Z")', 0],
  ['timecmp("2017-11-22T00:00:00Z", "2017-11-22T01:00:00Z")', -1],
  ['timecmp("2017-11-22T01:00:00Z", "2017-11-22T00:00:00Z")', 1],
  ['timecmp("2017-11-22T01:00:00Z", "2017-11-22T00:00:00-01:00")', 0],
  // hash
  ['base64sha256("hello world")', 'uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek='],
  [
    'base64sha512("hello world")',
    'MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw==',
  ],
  ['md5("hello world")', '5eb63bbbe01eeed093cb22bb8f5acdc3'],
  ['sha1("hello world")', '2aae6c35c94fcfb415dbe95f408b9ce91ee846ed'],
  ['sha256("hello world")', 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9'],
  [
    'sha512("hello world")',
    '309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f',
  ],
  ['uuidv5("dns", "www.terraform.io")', 'a5008fae-b28c-5ba5-96cd-82b4c53552d6'],
  ['uuidv5("url", "https://www.terraform.io/")', '9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5'],
  ['uuidv5("oid", "1.3.6.1.4")', 'af9d40a5-7a36-5c07-b23a-851cd99fbfa5'],
  ['uuidv5("x500", "CN=Example,C=GB")', '84e09961-4aa4-57f8-95b7-03edb1073253'],
  [
    'uuidv5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.terraform.io")',
    'a5008fae-b28c-5ba5-96cd-82b4c53552d6',
  ],
  [
    'uuidv5("743ac3c0-3bf7-4a5b-9e6c-59360447c757", "LIBS:diskfont.library")',
    'ede1a974-df7e-5f17-84b9-76208818b2c8',
  ],
  // IP network
  ['cidrhost("10.12.112.0/20", 16)', '10.12.112.16'],
  ['cidrhost("10.12.112.0/20", 268)', '10.12.113.12'],
  ['cidrhost("fd00:fd12:3456:7890:00a2::/72", 34)', 'fd00:fd12:3456:7890::22'],
  ['cidrnetmask("172.16.0.0/12")', '255.240.0.0'],
  ['cidrsubnet("172.16.0.0/12", 4, 2)', '172.18.0.0/16'],
  ['cidrsubnet("10.1.2.0/24", 4, 15)', '10.1.2.240/28'],
  ['cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)', 'fd00:fd12:3456:7800:a200::/72'],
  ['cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)', ['10.1.0.0/20', '10.1.16.0/20', '10.1.32.0/24', '10.1.48.0/20']],
  [
    'cidrsubnets("fd00:fd12:3456:7890::/56", 16, 16, 16, 32)',
    [
      'fd00:fd12:3456:7800::/72',
      'fd00:fd12:3456:7800:100::/72',
      'fd00:fd12:3456:7800:200::/72',
      'fd00:fd12:3456:7800:300::/88',
    ],
  ],
  // type conversion
  ['can(regex("^ami-", "ami-123"))', true],
  ['can(regex("^ami-", "img-123"))', false],
  ['try(tonumber("x"), 7)', 7],
  ['tobool(true)', true],
  ['tobool("true")', true],
  ['tobool(null)', null],
  ['tolist(["a", "b", "c"])', ['a', 'b', 'c']],
  ['tomap({"a" = 1, "b" = 2})', { a: 1, b: 2 }],
  ['tonumber(1)', 1],
  ['tonumber("1")', 1],
  ['tonumber(null)', null],
  ['toset(["a", "b", "c", "b"])', ['a', 'b', 'c']],
  ['tostring("hello")', 'hello'],
  ['tostring(1)', '1'],
  ['tostring(true)', 'true'],
  ['tostring(null)', null],
  ['nonsensitive(sensitive("x"))', 'x'],
  ['core::upper("a")', 'A'],
  ['convert("true", bool)', true],
  ['convert({}, object({ name = optional(string, "Terraform") }))', { name: 'Terraform' }],
];

describe('Terraform built-in functions: the examples of the language reference', () => {
  it.each(EXAMPLES)('%s', (expr, want) => {
    const got = ev(expr);
    if (got instanceof Unknown) throw new Error(`${expr}: ${got.reason}`);
    expect(got).toEqual(want);
  });

  it('templatestring renders a template held by a reference with the given variables only', () => {
    // "The templatestring function takes a string from elsewhere in the module and renders its
    // content as a template using a supplied set of template variables."
    const s = { ...scope(), vars: new Map([['t', 'Hello, $' + '{name}!']]) };
    expect(evaluate(parseHclExpression('templatestring(t, { name = "Ander" })'), s)).toBe('Hello, Ander!');
    expect(evaluate(parseHclExpression('templatestring(t, {})'), s)).toBeInstanceOf(EvalFailure);
  });

  it('jsonencode keeps a value with unknowns as structure (for policies)', () => {
    const v = evaluate(parseHclExpression('jsonencode({ Statement = [x] })'), {
      ...scope(),
      vars: new Map([['x', new Unknown('known after apply')]]),
    });
    expect(v).toBeInstanceOf(EncodedJson);
  });

  it('has every function of the reference', () => {
    // https://developer.hashicorp.com/terraform/language/functions (the list on the left)
    const reference =
      `abs ceil floor log max min parseint pow signum chomp endswith format formatlist indent join
      lower regex regexall replace split startswith strcontains strrev substr templatestring title trim trimprefix
      trimsuffix trimspace upper alltrue anytrue chunklist coalesce coalescelist compact concat contains distinct
      element flatten index keys length lookup matchkeys merge one range reverse setintersection setproduct
      setsubtract setunion slice sort sum transpose values zipmap base64decode base64encode base64gzip csvdecode
      jsondecode jsonencode textdecodebase64 textencodebase64 urlencode yamldecode yamlencode abspath dirname
      pathexpand basename file fileexists fileset filebase64 templatefile formatdate plantimestamp timeadd timecmp
      timestamp base64sha256 base64sha512 bcrypt filebase64sha256 filebase64sha512 filemd5 filesha1 filesha256
      filesha512 md5 rsadecrypt sha1 sha256 sha512 uuid uuidv5 cidrhost cidrnetmask cidrsubnet cidrsubnets can
      ephemeralasnull issensitive nonsensitive sensitive tobool tolist tomap tonumber toset tostring try type convert`
        .split(/\s+/)
        .filter(Boolean);
    expect(reference.filter((f) => !BUILTIN_FUNCTIONS.includes(f))).toEqual([]);
  });
});

describe('what cannot be known offline is unknown, never an error try() would skip', () => {
  it.each([
    'timestamp()',
    'uuid()',
    'bcrypt("x")',
    'plantimestamp()',
    'base64gzip("x")',
    'provider::time::rfc3339_parse("2024-01-01T00:00:00Z")',
    'not_a_function(1)',
    'pathexpand("~/.ssh/id_rsa")',
  ])('%s', (expr) => {
    const v = ev(expr);
    expect(v).toBeInstanceOf(Unknown);
    expect(v).not.toBeInstanceOf(EvalFailure);
    expect(ev(`try(${expr}, "fallback")`)).toBeInstanceOf(Unknown);
  });
});

describe('calls Terraform rejects are evaluation errors', () => {
  it.each([
    'parseint("12", 2)',
    'regex("[a-z]+", "123")',
    'element([], 0)',
    'file("missing.txt")',
    'cidrsubnet("10.0.0.0/30", 4, 1)',
    'coalesce({}, "hello")',
    'list("a")',
    'regex("(a)(?P<n>b)", "ab")',
    'templatefile("backends.tftpl", { port = 1 })',
  ])('%s', (expr) => {
    expect(ev(expr)).toBeInstanceOf(EvalFailure);
    expect(ev(`try(${expr}, "fallback")`)).toBe('fallback');
  });

  it('regular expressions are RE2 (linear time): a pattern that makes backtracking engines hang returns', () => {
    expect(ev(`can(regex("(a*)*b", "${'a'.repeat(5000)}"))`)).toBe(false);
  });
});

describe('try() and can() find an error however deep it is nested', () => {
  // "try evaluates all of its argument expressions in turn and returns the result of the first
  // one that does not produce any errors." (Terraform language, "try Function")
  // https://developer.hashicorp.com/terraform/language/functions/try
  for (const depth of [3, 70, 95]) {
    const nested = `${'['.repeat(depth)}tonumber("x")${']'.repeat(depth)}`;
    it(`an error ${depth} lists deep: try() moves on, can() is false`, () => {
      expect(ev(`try(${nested}, "fallback")`)).toBe('fallback');
      expect(ev(`can(${nested})`)).toBe(false);
      const fine = `${'['.repeat(depth)}tonumber("1")${']'.repeat(depth)}`;
      expect(ev(`can(${fine})`)).toBe(true);
    });
  }
});
