// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables such as ${aws:username} are literal text here
// HCL reading and expression evaluation of the Terraform adapter.
// Terraform language docs: "Syntax: Configuration Syntax" and "Expressions" pages
// (https://developer.hashicorp.com/terraform/language/syntax/configuration,
// https://developer.hashicorp.com/terraform/language/expressions), "Functions"
// (https://developer.hashicorp.com/terraform/language/functions), "Input Variables"
// (https://developer.hashicorp.com/terraform/language/values/variables), "The count
// Meta-Argument" and "The for_each Meta-Argument", "JSON Configuration Syntax"
// (https://developer.hashicorp.com/terraform/language/syntax/json).

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUnknown, Unknown } from '../src/model/unknown.js';
import { ModelBuilder } from '../src/model/builder.js';
import {
  InputError,
  loadTerraformConfig,
  loadTerraformConfigObject,
  readTerraformConfig,
} from '../src/adapters/terraform/index.js';
import { ConfigEvaluator } from '../src/adapters/terraform/config/world.js';
import { evaluate } from '../src/adapters/terraform/eval/evaluator.js';
import type { Resolver, Scope } from '../src/adapters/terraform/eval/scope.js';
import { EncodedJson } from '../src/adapters/terraform/eval/values.js';
import { HclSyntaxError, parseHcl, parseHclExpression } from '../src/adapters/terraform/hcl/parser.js';
import { tempDir, writeFileIn, writeTempFiles } from './helpers/temp-inputs.js';

const env = { partition: 'aws', account: '111122223333', region: 'eu-west-1' };

function dirWith(files: Record<string, string>): string {
  return writeTempFiles(files, 'iamspec-tf-');
}

/** Evaluates local values of a configuration. */
function locals(tf: string, opts: { vars?: Record<string, string>; files?: Record<string, string> } = {}) {
  const dir = dirWith({ 'main.tf': tf, ...(opts.files ?? {}) });
  const config = readTerraformConfig(dir, { vars: opts.vars });
  const world = new ConfigEvaluator(
    config.roots[0]!,
    config.varValues,
    env,
    undefined,
    config.workspaces.get(config.roots[0]!)!,
  );
  return (name: string) => {
    const expr = parseHclExpression(`local.${name}`);
    return world.evalRoot(expr, join(dir, 'main.tf'));
  };
}

const noRefs: Resolver = { moduleDir: undefined, resolve: () => undefined };
function expr(text: string): unknown {
  const scope: Scope = { vars: new Map(), resolver: noRefs, file: 'x.tf', address: undefined };
  return evaluate(parseHclExpression(text), scope);
}

describe('HCL native syntax', () => {
  it('parses blocks, labels and attributes with their positions', () => {
    const body = parseHcl(
      'resource "aws_iam_role" "r" {\n  name = "x"\n  inline_policy {\n    name = "p"\n  }\n}\n',
    );
    const block = body.items[0]!;
    expect(block.kind).toBe('block');
    if (block.kind !== 'block') return;
    expect(block.labels).toEqual(['aws_iam_role', 'r']);
    expect(block.pos).toEqual({ line: 1, column: 1 });
    const attr = block.body.items[0]!;
    expect(attr.kind === 'attr' && attr.name).toBe('name');
    expect(attr.pos).toEqual({ line: 2, column: 3 });
    expect(block.body.items[1]!.kind).toBe('block');
  });

  it('reads comments, heredocs (indented), escapes and template directives', () => {
    expect(expr('"a\\tb\\u0041"')).toBe('a\tbA');
    expect(expr('"$${literal}"')).toBe('${literal}');
    expect(expr('"%{ if true }yes%{ else }no%{ endif }"')).toBe('yes');
    expect(expr('"%{ for x in ["a", "b"] }${x}-%{ endfor }"')).toBe('a-b-');
    const body = parseHcl('# c\n// c\n/* c */\nx = <<-EOT\n    {\n      "a": 1\n    }\n  EOT\n');
    const attr = body.items[0]!;
    if (attr.kind !== 'attr') throw new Error('attr expected');
    const scope: Scope = { vars: new Map(), resolver: noRefs, file: 'x.tf', address: undefined };
    expect(evaluate(attr.expr, scope)).toBe('{\n  "a": 1\n}\n');
  });

  it('reports a syntax error with its line and column', () => {
    expect(() => parseHcl('resource "a" "b" {\n  x = \n}\n')).toThrow(HclSyntaxError);
    try {
      parseHcl('locals {\n  a = [1, 2\n}\n');
    } catch (e) {
      expect(e).toBeInstanceOf(HclSyntaxError);
      expect((e as HclSyntaxError).line).toBe(3);
    }
  });

  it('turns a syntax error in a .tf file into an InputError naming file and line', () => {
    const dir = dirWith({
      'main.tf': 'resource "aws_iam_role" "r" {\n  name = "x"\n  policy = jsonencode({\n}\n',
    });
    let err: unknown;
    try {
      loadTerraformConfig(dir, new ModelBuilder());
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const ie = err as InputError;
    expect(ie.file).toBe(join(dir, 'main.tf'));
    expect(ie.line).toBeGreaterThan(0);
    expect(ie.message).toContain('main.tf:');
  });
});

describe('expressions', () => {
  it('evaluates operators, conditionals, for expressions and splats', () => {
    expect(expr('1 + 2 * 3')).toBe(7);
    expect(expr('!(1 < 2) || 3 >= 3')).toBe(true);
    expect(expr('"a" == "a" ? "y" : "n"')).toBe('y');
    expect(expr('[for s in ["a", "b"] : upper(s)]')).toEqual(['A', 'B']);
    expect(expr('{ for k, v in { a = 1, b = 2 } : k => v * 10 if v > 1 }')).toEqual({ b: 20 });
    expect(expr('[{ n = 1 }, { n = 2 }][*].n')).toEqual([1, 2]);
    expect(expr('{ a = [1, 2] }.a[1]')).toBe(2);
  });

  it('supports the functions IAM configurations use', () => {
    expect(expr('format("arn:aws:s3:::%s/*", "b")')).toBe('arn:aws:s3:::b/*');
    expect(expr('join(",", concat(["a"], ["b"]))')).toBe('a,b');
    expect(expr('merge({ a = 1 }, { b = 2 })')).toEqual({ a: 1, b: 2 });
    expect(expr('flatten([["a"], ["b", ["c"]]])')).toEqual(['a', 'b', 'c']);
    expect(expr('toset(["b", "a", "b"])')).toEqual(['a', 'b']);
    expect(expr('lookup({ a = "x" }, "b", "d")')).toBe('d');
    expect(expr('replace("a-b", "-", "_")')).toBe('a_b');
    expect(expr('jsondecode("{\\"a\\": [1]}")')).toEqual({ a: [1] });
    expect(expr('try(local_missing.x, "fallback")')).toBe('fallback');
    expect(expr('coalesce("", "b")')).toBe('b');
    // jsonencode: compact, keys sorted (Terraform "jsonencode Function")
    expect(expr('jsonencode({ b = 1, a = ["x"] })')).toBe('{"a":["x"],"b":1}');
  });

  it('makes an unsupported function or a bad reference an Unknown with its location, never an exception', () => {
    const v = expr('nosuchfunction(1)');
    expect(isUnknown(v)).toBe(true);
    expect((v as Unknown).reason).toContain('nosuchfunction');
    expect((v as Unknown).source?.line).toBe(1);
    expect(isUnknown(expr('var'))).toBe(true);
  });

  it('keeps the structure of jsonencode when part of it is unknown', () => {
    const l = locals(
      'resource "aws_s3_bucket" "b" {\n  bucket_prefix = "x"\n}\nlocals {\n  doc = jsonencode({ Statement = [{ Resource = aws_s3_bucket.b.hosted_zone_id, Action = "s3:GetObject" }] })\n}\n',
    );
    const v = l('doc');
    expect(v).toBeInstanceOf(EncodedJson);
    const st = ((v as EncodedJson).value as { Statement: Record<string, unknown>[] }).Statement[0]!;
    expect(st.Action).toBe('s3:GetObject');
    expect(isUnknown(st.Resource)).toBe(true);
    expect((st.Resource as Unknown).reason).toContain('aws_s3_bucket.b.hosted_zone_id');
  });
});

describe('references, variables, count and for_each', () => {
  const tf = `
variable "name" {
  default = "app"
}
variable "list" {
  type    = list(string)
  default = ["a"]
}
variable "nodefault" {}
data "aws_caller_identity" "me" {}
data "aws_partition" "p" {}
resource "aws_iam_role" "r" {
  name = "\${var.name}-role"
  path = "/svc/"
}
resource "aws_iam_user" "u" {
  count = 2
  name  = "u\${count.index}"
}
resource "aws_s3_bucket" "b" {
  for_each = toset(var.list)
  bucket   = "b-\${each.key}"
}
locals {
  role_arn  = aws_iam_role.r.arn
  role_id   = aws_iam_role.r.id
  users     = aws_iam_user.u[*].arn
  bucket    = aws_s3_bucket.b["a"].arn
  account   = data.aws_caller_identity.me.account_id
  partition = data.aws_partition.p.partition
  nodefault = var.nodefault
  chained   = "\${local.role_arn}/x"
}
`;

  it('resolves references between resources, data sources and locals, with ARNs from documented formats', () => {
    const l = locals(tf);
    // IAM User Guide, "IAM identifiers": arn:aws:iam::account:role/path/name
    expect(l('role_arn')).toBe('arn:aws:iam::111122223333:role/svc/app-role');
    expect(l('role_id')).toBe('app-role');
    expect(l('users')).toEqual(['arn:aws:iam::111122223333:user/u0', 'arn:aws:iam::111122223333:user/u1']);
    expect(l('bucket')).toBe('arn:aws:s3:::b-a');
    expect(l('account')).toBe('111122223333');
    expect(l('partition')).toBe('aws');
    expect(l('chained')).toBe('arn:aws:iam::111122223333:role/svc/app-role/x');
  });

  it('uses variable defaults, --var overrides and var files, and leaves a variable without value unknown', () => {
    expect(locals(tf)('nodefault')).toBeInstanceOf(Unknown);
    const withVars = locals(tf, { vars: { name: 'web', list: '["x", "y"]', nodefault: 'z' } });
    expect(withVars('role_arn')).toBe('arn:aws:iam::111122223333:role/svc/web-role');
    expect(withVars('nodefault')).toBe('z');
    expect(isUnknown(withVars('bucket'))).toBe(true); // no bucket "a" any more
    const withFile = locals(tf, { files: { 'terraform.tfvars': 'name = "fromfile"\n' } });
    expect(withFile('role_arn')).toBe('arn:aws:iam::111122223333:role/svc/fromfile-role');
  });

  it('expands count and for_each into instance addresses', () => {
    const dir = dirWith({ 'main.tf': tf });
    const b = new ModelBuilder();
    loadTerraformConfig(dir, b, { account: '111122223333', vars: { nodefault: 'x' } });
    const m = b.build();
    expect(m.users.map((u) => u.source.address).sort()).toEqual(['aws_iam_user.u[0]', 'aws_iam_user.u[1]']);
    expect(m.resources.map((r) => r.source.address)).toEqual(['aws_s3_bucket.b["a"]']);
    expect(m.users[0]!.source.line).toBe(16); // the `resource "aws_iam_user" "u"` line
  });

  it('reads JSON configuration strings as templates (.tf.json)', () => {
    const dir = dirWith({
      'main.tf.json': JSON.stringify({
        variable: { n: { default: 'j' } },
        resource: {
          aws_iam_role: { r: { name: '${var.n}-role', assume_role_policy: '{"Statement":[]}' } },
          aws_iam_role_policy: {
            p: {
              role: '${aws_iam_role.r.name}',
              name: 'p',
              policy:
                '${jsonencode({Statement = [{Effect = "Allow", Action = "s3:*", Resource = aws_iam_role.r.arn}]})}',
            },
          },
        },
      }),
    });
    const b = new ModelBuilder();
    loadTerraformConfig(dir, b, { account: '111122223333' });
    const role = b.build().roles[0]!;
    expect(role.name).toBe('j-role');
    const st = role.inlinePolicies[0]!.document.statements[0]!;
    expect(st.resource?.values).toEqual(['arn:aws:iam::111122223333:role/j-role']);
  });
});

describe('CDKTF output', () => {
  const synth = {
    '//': { metadata: { stackName: 'app', version: '0.21.0' } },
    provider: { aws: [{ region: 'us-west-2' }] },
    resource: {
      aws_iam_role: {
        r: {
          '//': { metadata: { path: 'app/r' } },
          name: 'cdktf-role',
          assume_role_policy: '${data.aws_iam_policy_document.trust.json}',
        },
      },
    },
    data: {
      aws_iam_policy_document: {
        trust: {
          statement: [
            {
              actions: ['sts:AssumeRole'],
              principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }],
            },
          ],
        },
      },
    },
  };

  it('loads an in-memory synth (Testing.synth output, as text or parsed)', () => {
    for (const input of [synth, JSON.stringify(synth)]) {
      const b = new ModelBuilder();
      loadTerraformConfigObject(input, b, { account: '111122223333' });
      const m = b.build();
      expect(m.roles[0]!.arn).toBe('arn:aws:iam::111122223333:role/cdktf-role');
      expect(m.roles[0]!.trustPolicy!.statements[0]!.principal?.service?.values).toEqual([
        'lambda.amazonaws.com',
      ]);
      expect(m.accounts[0]!.region).toBe('us-west-2');
    }
    expect(() => loadTerraformConfigObject({ Resources: {} }, new ModelBuilder())).toThrow(InputError);
  });

  it('loads every stack of a cdktf.out directory', () => {
    const dir = tempDir('iamspec-cdktf-');
    for (const stack of ['one', 'two']) {
      const s = structuredClone(synth);
      s.resource.aws_iam_role.r.name = `role-${stack}`;
      writeFileIn(dir, `stacks/${stack}/cdk.tf.json`, s);
    }
    const b = new ModelBuilder();
    loadTerraformConfig(dir, b, { account: '111122223333' });
    expect(
      b
        .build()
        .roles.map((r) => r.name)
        .sort(),
    ).toEqual(['role-one', 'role-two']);
  });
});
