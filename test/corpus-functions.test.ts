// Corpus functions: every CloudFormation intrinsic function and Terraform function the real-world
// corpus (../shared/corpus, read in place; the test fails when it is missing) calls, and the
// Terraform expression forms it writes, are listed; none may be decided silently. A function
// iamspec evaluates must leave no trace of itself in the model (an intrinsic left as an object,
// an interpolation left as text), and one it does not know must give an unknown value with a
// finding (`cfn/unknown-intrinsic`, `tf/unknown-function`). Every configuration must be read by
// the real HCL parser (no `tf/hcl-fallback`), so that no expression form is skipped.
//
// Pages these come from:
// - AWS CloudFormation Template Reference, "Intrinsic function reference": "CloudFormation
//   provides several built-in functions that help you manage your stacks. Use intrinsic functions
//   in your templates to assign values to properties that are not available until runtime."
//   https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html
// - Terraform language, "Functions": "The Terraform language includes a number of built-in
//   functions that you can call from within expressions to transform and combine values."
//   https://developer.hashicorp.com/terraform/language/functions

import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTemplateText } from '../src/adapters/cloudformation/index.js';
import { BUILTIN_FUNCTIONS } from '../src/adapters/terraform/eval/functions.js';
import { loadModelSync } from '../src/adapters/load.js';
import type { Model } from '../src/model/types.js';
import { Unknown } from '../src/model/unknown.js';
import { filesUnder } from './helpers/files.js';

const CORPUS = join(import.meta.dirname, '../../shared/corpus');
const present = existsSync(join(CORPUS, 'MANIFEST.tsv'));

/** Every key of `value` at any depth, with how often. */
function keysOf(value: unknown, out = new Map<string, number>()): Map<string, number> {
  if (Array.isArray(value)) for (const x of value) keysOf(x, out);
  else if (value !== null && typeof value === 'object')
    for (const [k, x] of Object.entries(value)) {
      out.set(k, (out.get(k) ?? 0) + 1);
      keysOf(x, out);
    }
  return out;
}

/** Object keys and strings anywhere in the model (not in findings), Unknowns skipped. */
function modelKeysAndStrings(model: Model): { keys: Set<string>; strings: string[] } {
  const keys = new Set<string>();
  const strings: string[] = [];
  const seen = new Set<object>();
  const walk = (v: unknown, depth: number): void => {
    if (typeof v === 'string') strings.push(v);
    if (v === null || typeof v !== 'object' || v instanceof Unknown || seen.has(v) || depth > 60) return;
    seen.add(v);
    if (Array.isArray(v)) for (const x of v) walk(x, depth + 1);
    else
      for (const [k, x] of Object.entries(v)) {
        if (k === 'source' || k === 'valueSources') continue;
        keys.add(k);
        walk(x, depth + 1);
      }
  };
  walk({ ...model, findings: [] }, 0);
  return { keys, strings };
}

/** The intrinsic functions of the Template Reference (the condition functions included). */
const CFN_INTRINSICS = new Set([
  'Fn::And',
  'Fn::Base64',
  'Fn::Cidr',
  'Fn::Contains',
  'Fn::Equals',
  'Fn::FindInMap',
  'Fn::ForEach',
  'Fn::GetAtt',
  'Fn::GetAZs',
  'Fn::GetStackOutput',
  'Fn::If',
  'Fn::ImportValue',
  'Fn::Join',
  'Fn::Length',
  'Fn::Not',
  'Fn::Or',
  'Fn::Select',
  'Fn::Split',
  'Fn::Sub',
  'Fn::ToJsonString',
  'Fn::Transform',
]);

describe('corpus functions: none is decided silently', () => {
  it('finds the corpus', () => {
    expect(present, `${CORPUS} is missing`).toBe(true);
  });

  it('CloudFormation: every intrinsic is evaluated (no trace left in the model) or unknown with a finding', () => {
    const files = filesUnder(join(CORPUS, 'cfn')).filter(
      (f) => /\.(json|ya?ml|template)$/.test(f) && !/(manifest|tree|assets)\.json$/.test(f),
    );
    const used = new Map<string, number>();
    const problems: string[] = [];
    for (const f of files) {
      let value: unknown;
      try {
        value = parseTemplateText(readFileSync(f, 'utf8'), f).value;
      } catch {
        continue;
      }
      const names = [...keysOf(value)].filter(([k]) => k.startsWith('Fn::') || k === 'Ref');
      if (!names.length) continue;
      for (const [k, n] of names) used.set(k, (used.get(k) ?? 0) + n);
      const model = loadModelSync([f]);
      const { keys } = modelKeysAndStrings(model);
      const name = relative(CORPUS, f);
      for (const [k] of names) {
        if (k === 'Ref' || CFN_INTRINSICS.has(k)) {
          if (keys.has(k)) problems.push(`${name}: ${k} left unevaluated in the model`);
        } else if (!model.findings.some((x) => x.code === 'cfn/unknown-intrinsic' && x.message.includes(k)))
          problems.push(`${name}: ${k} is no intrinsic iamspec knows, and no finding says so`);
      }
    }
    console.log(
      `CloudFormation intrinsics in the corpus: ${[...used]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`,
    );
    expect(used.size).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });

  it('Terraform configurations: every function is a built-in iamspec evaluates or unknown with a finding; every file is parsed', () => {
    const files = filesUnder(join(CORPUS, 'tfconfig'));
    const used = new Map<string, number>();
    const forms = new Map<string, number>();
    const problems: string[] = [];
    const FORMS: [string, RegExp][] = [
      ['for expression', /\[\s*for\s+\w+(\s*,\s*\w+)?\s+in\b|\{\s*for\s+\w+(\s*,\s*\w+)?\s+in\b/g],
      ['conditional', /\?[^:\n]+:/g],
      ['splat', /\[\*\]|\.\*\./g],
      ['dynamic block', /\bdynamic\s+"/g],
      ['count', /^\s*count\s*=/gm],
      ['for_each', /^\s*for_each\s*=/gm],
      ['template directive', /%\{/g],
      ['heredoc', /<<-?[A-Z]+/g],
      ['interpolation', /\$\{/g],
    ];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      // Calls: `name(` in .tf, `${name(` in the strings of .tf.json; not keywords or block types.
      const calls = [...text.matchAll(/(?<![\w.])([a-z][a-z0-9_]*(?:::[a-z0-9_]+)*)\s*\(/g)]
        .map((m) => m[1]!)
        .filter((n) => !['if', 'for', 'in', 'function'].includes(n));
      for (const c of calls) used.set(c, (used.get(c) ?? 0) + 1);
      for (const [form, re] of FORMS) {
        const n = text.match(re)?.length ?? 0;
        if (n) forms.set(form, (forms.get(form) ?? 0) + n);
      }
      const model = loadModelSync([f]);
      const name = relative(CORPUS, f);
      for (const c of new Set(calls)) {
        if (BUILTIN_FUNCTIONS.includes(c)) continue;
        if (!model.findings.some((x) => x.code === 'tf/unknown-function' && x.message.includes(`${c}(`)))
          problems.push(`${name}: ${c}() is no function iamspec knows, and no finding says so`);
      }
      if (model.findings.some((x) => x.code === 'tf/hcl-fallback'))
        problems.push(`${name}: read by the fallback parser (expressions not evaluated)`);
      // No interpolation left as text (IAM policy variables such as ${aws:username} are text).
      for (const s of modelKeysAndStrings(model).strings)
        if (/\$\{(?![\w-]+:[\w/-]+\})/.test(s)) problems.push(`${name}: "${s}" holds an interpolation`);
    }
    console.log(
      `Terraform functions in the corpus: ${[...used]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k} ${n}`)
        .join(
          ', ',
        )}\nTerraform expression forms in the corpus: ${[...forms].map(([k, n]) => `${k} ${n}`).join(', ')}`,
    );
    expect(used.size).toBeGreaterThan(5);
    expect(problems).toEqual([]);
  });
});
