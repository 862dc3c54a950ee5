// Property (issue 10, "Done when"): over generated Terraform configurations of the shapes real
// projects use (roles and users created under `count = var.x ? 1 : 0` or a for_each over a
// conditional set, inline or customer managed policies, policies chosen by a
// conditional, `dynamic "statement"` blocks over `var.x ? [1] : []`, bucket policies with public
// or cross-account statements, Deny statements), removing knowledge (a variable's value is no
// longer given) never turns a failing `onlyPrincipals`, `only` or `cannot` into a pass. What the
// inputs no longer pin down must stay in the model as unknown and make the verdict
// indeterminate, never green.
//
// The rule it guards (IAM User Guide, "Policy evaluation logic": "An explicit deny in any of
// these policies overrides the allow"; a statement that might exist might allow or deny):
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import { terraformConfigModel } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const BUCKET = 'arn:aws:s3:::company-data';
const VARS = ['a', 'b', 'c'] as const;
type Var = (typeof VARS)[number];

/**
 * How an element depends on a variable: always there, count = var.x ? 1 : 0, for_each over
 * var.x ? toset(["one"]) : toset([]), or a conditional.
 */
type GateKind = 'count' | 'for_each' | 'dynamic' | 'choose';
type Gate = { kind: 'always' } | { kind: GateKind; v: Var; negate: boolean };

interface Stmt {
  effect: 'Allow' | 'Deny';
  action: 's3:GetObject' | 's3:*' | 's3:PutObject';
  gate: Gate;
}

interface PrincipalShape {
  kind: 'role' | 'user';
  gate: Gate;
  statements: Stmt[];
  /** The policy as a customer managed policy and an attachment (else an inline policy). */
  managed: boolean;
}

interface Shape {
  principals: PrincipalShape[];
  /** The bucket policy's bucket: the bucket itself, or a conditional between it and another. */
  bucketTarget: { kind: 'direct' } | { kind: 'choose'; v: Var; negate: boolean };
  bucketStatements: (Stmt & { principal: 'public' | 'other-account' })[];
  values: Record<Var, boolean>;
}

const gate: fc.Arbitrary<Gate> = fc.oneof(
  fc.constant({ kind: 'always' } as Gate),
  fc.record({
    kind: fc.constantFrom('count', 'for_each', 'dynamic', 'choose') as fc.Arbitrary<GateKind>,
    v: fc.constantFrom(...VARS),
    negate: fc.boolean(),
  }),
);

const stmt: fc.Arbitrary<Stmt> = fc.record({
  effect: fc.constantFrom('Allow', 'Deny') as fc.Arbitrary<'Allow' | 'Deny'>,
  action: fc.constantFrom('s3:GetObject', 's3:*', 's3:PutObject') as fc.Arbitrary<Stmt['action']>,
  gate,
});

const shape: fc.Arbitrary<Shape> = fc.record({
  principals: fc.array(
    fc.record({
      kind: fc.constantFrom('role', 'user') as fc.Arbitrary<'role' | 'user'>,
      gate,
      statements: fc.array(stmt, { minLength: 1, maxLength: 3 }),
      managed: fc.boolean(),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  bucketTarget: fc.oneof(
    fc.constant({ kind: 'direct' } as Shape['bucketTarget']),
    fc.record({
      kind: fc.constant('choose' as const),
      v: fc.constantFrom(...VARS),
      negate: fc.boolean(),
    }),
  ),
  bucketStatements: fc.array(
    fc.record({
      effect: fc.constantFrom('Allow', 'Deny') as fc.Arbitrary<'Allow' | 'Deny'>,
      action: fc.constantFrom('s3:GetObject', 's3:*') as fc.Arbitrary<Stmt['action']>,
      gate,
      principal: fc.constantFrom('public', 'other-account') as fc.Arbitrary<'public' | 'other-account'>,
    }),
    { maxLength: 2 },
  ),
  values: fc.record({ a: fc.boolean(), b: fc.boolean(), c: fc.boolean() }),
});

function cond(g: Exclude<Gate, { kind: 'always' }>): string {
  return `${g.negate ? '!' : ''}var.${g.v}`;
}

function statementHcl(s: Stmt, extra = ''): string {
  return `{ Effect = "${s.effect}", Action = "${s.action}", Resource = "${BUCKET}/*"${extra} }`;
}

/** A policy document whose statements depend on their gates (conditionals and concat). */
function documentHcl(statements: Stmt[], principal?: (s: Stmt) => string): string {
  const parts = statements.map((s) => {
    const text = statementHcl(s, principal ? `, Principal = ${principal(s)}` : '');
    if (s.gate.kind === 'always' || s.gate.kind === 'count' || s.gate.kind === 'for_each') return `[${text}]`;
    // dynamic and choose gates: the statement is there only when the condition holds
    return `${cond(s.gate)} ? [${text}] : []`;
  });
  return `jsonencode({ Version = "2012-10-17", Statement = concat(${parts.join(', ')}) })`;
}

/** The principal's policy, as a data source with dynamic statements or as jsonencode. */
function principalPolicyHcl(p: PrincipalShape, i: number): string {
  const useDoc = p.statements.some((s) => s.gate.kind === 'dynamic');
  if (!useDoc) return documentHcl(p.statements);
  return `data.aws_iam_policy_document.p${i}.json`;
}

function policyDocumentDataHcl(p: PrincipalShape, i: number): string {
  const blocks = p.statements.map((s) => {
    const body = `effect = "${s.effect}"\n      actions = ["${s.action}"]\n      resources = ["${BUCKET}/*"]`;
    if (s.gate.kind === 'dynamic' || s.gate.kind === 'choose')
      return `  dynamic "statement" {\n    for_each = ${cond(s.gate)} ? [1] : []\n    content {\n      ${body}\n    }\n  }`;
    return `  statement {\n      ${body}\n  }`;
  });
  return `data "aws_iam_policy_document" "p${i}" {\n${blocks.join('\n')}\n}\n`;
}

function countHcl(g: Gate): string {
  if (g.kind === 'count') return `count = ${cond(g)} ? 1 : 0\n  `;
  if (g.kind === 'for_each') return `for_each = ${cond(g)} ? toset(["one"]) : toset([])\n  `;
  return '';
}

function indexOf(g: Gate): string {
  return g.kind === 'count' ? '[0]' : g.kind === 'for_each' ? '["one"]' : '';
}

function configHcl(s: Shape): string {
  let out = `provider "aws" {\n  region = "eu-west-1"\n  allowed_account_ids = ["${ACCOUNT}"]\n}\n`;
  for (const v of VARS) out += `variable "${v}" {\n  type = bool\n}\n`;
  out += `resource "aws_s3_bucket" "data" {\n  bucket = "company-data"\n}\n`;
  if (s.bucketStatements.length) {
    const principal = (st: Stmt & { principal?: string }) =>
      st.principal === 'public' ? '"*"' : '{ AWS = "arn:aws:iam::999988887777:root" }';
    const t = s.bucketTarget;
    const bucket =
      t.kind === 'direct' ? 'aws_s3_bucket.data.id' : `${cond(t)} ? aws_s3_bucket.data.id : "company-other"`;
    out += `resource "aws_s3_bucket_policy" "data" {\n  bucket = ${bucket}\n  policy = ${documentHcl(s.bucketStatements, principal)}\n}\n`;
  }
  s.principals.forEach((p, i) => {
    const idx = indexOf(p.gate);
    const count = countHcl(p.gate);
    if (p.managed) {
      out += `resource "aws_iam_policy" "p${i}" {\n  name = "p${i}"\n  policy = ${principalPolicyHcl(p, i)}\n}\n`;
    }
    if (p.kind === 'role') {
      out += `resource "aws_iam_role" "p${i}" {\n  ${count}name = "p${i}"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })\n}\n`;
      out += p.managed
        ? `resource "aws_iam_role_policy_attachment" "p${i}" {\n  ${count}role = aws_iam_role.p${i}${idx}.name\n  policy_arn = aws_iam_policy.p${i}.arn\n}\n`
        : `resource "aws_iam_role_policy" "p${i}" {\n  ${count}role = aws_iam_role.p${i}${idx}.id\n  policy = ${principalPolicyHcl(p, i)}\n}\n`;
    } else {
      out += `resource "aws_iam_user" "p${i}" {\n  ${count}name = "p${i}"\n}\n`;
      out += p.managed
        ? `resource "aws_iam_user_policy_attachment" "p${i}" {\n  ${count}user = aws_iam_user.p${i}${idx}.name\n  policy_arn = aws_iam_policy.p${i}.arn\n}\n`
        : `resource "aws_iam_user_policy" "p${i}" {\n  ${count}user = aws_iam_user.p${i}${idx}.name\n  policy = ${principalPolicyHcl(p, i)}\n}\n`;
    }
    if (p.statements.some((st) => st.gate.kind === 'dynamic')) out += policyDocumentDataHcl(p, i);
  });
  return out;
}

function specYaml(s: Shape): string {
  const lines = [`version: 1`, `account: "${ACCOUNT}"`, 'expect:'];
  lines.push(
    '  - id: nobody-reads',
    `    resource: "${BUCKET}/*"`,
    '    action: s3:GetObject',
    '    onlyPrincipals: []',
  );
  s.principals.forEach((p, i) => {
    lines.push(
      `  - id: p${i}-cannot-read`,
      `    principal: ${p.kind}/p${i}`,
      '    cannot:',
      `      - { action: s3:GetObject, resource: "${BUCKET}/x" }`,
      `  - id: p${i}-only-puts`,
      `    principal: ${p.kind}/p${i}`,
      '    only:',
      `      - { action: s3:PutObject, resource: "${BUCKET}/*" }`,
    );
  });
  return `${lines.join('\n')}\n`;
}

/** The status of every expectation, with the variables given as `vars` (the others have no value). */
function verdicts(s: Shape, vars: Partial<Record<Var, boolean>>): Map<string, string> {
  const given = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, String(v)]));
  const model = terraformConfigModel(configHcl(s), { vars: given, env: {} });
  const spec = parseSpec(specYaml(s), 'access.yaml');
  // a principal that exists only under some values is not in the model under the others
  // (a check about a principal that was dropped would pass vacuously: it is "missing")
  const present = new Set([...model.roles, ...model.users].map((p) => `${p.kind}/${p.name}`));
  const missing = spec.expect.filter((e) => e.principal && !present.has(e.principal)).map((e) => e.id ?? '');
  spec.expect = spec.expect.filter((e) => !e.principal || present.has(e.principal));
  const r = runSpec(model, spec, { engine: compileModel(model) });
  const out = new Map<string, string>(r.expectations.map((e) => [e.id ?? '', e.status]));
  for (const id of missing) out.set(id, 'missing');
  return out;
}

describe('removing knowledge never turns a failing check into a pass (generated Terraform)', () => {
  it('for every variable whose value is removed', { timeout: 300_000 }, () => {
    fc.assert(
      fc.property(shape, fc.constantFrom(...VARS), (s, dropped) => {
        const full = verdicts(s, s.values);
        const partial: Partial<Record<Var, boolean>> = { ...s.values };
        delete partial[dropped];
        const less = verdicts(s, partial);
        for (const [id, status] of full) {
          if (status !== 'fail') continue;
          const after = less.get(id);
          // a principal that might not exist is still checked (maybe-present), never dropped
          expect(
            ['pass', 'missing'],
            `${id}: failing with every value, then ${after} without var.${dropped}\n${configHcl(s)}`,
          ).not.toContain(after);
        }
      }),
      { numRuns: 25 },
    );
  });
});
