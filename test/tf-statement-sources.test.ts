// Statement sources on the `.tf` line of the statement (src/adapters/terraform/statement-sources.ts):
// the element of a jsonencode Statement tuple, the `statement` block of the
// aws_iam_policy_document the attribute refers to (through a local), the `dynamic "statement"`
// block that generated a statement, in a child module too; and with a plan and its configuration,
// the .tf line rather than plan.json. Child module files are shown relative to the working
// directory.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { formatSource } from '../src/model/source.js';
import type { Model } from '../src/model/types.js';
import type { Statement } from '../src/policy/types.js';
import { parseAddress } from '../src/adapters/terraform/statement-sources.js';

const DIR = 'test/fixtures/tf-statements';

/** 1-based line of the first line of `file` containing `text` after line `after`. */
function lineOf(file: string, text: string, after = 0): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex((l, n) => n >= after && l.includes(text));
  if (i < 0) throw new Error(`${text} not in ${file}`);
  return i + 1;
}

/** The child module's role. */
function role0(model: Model) {
  return model.roles.find((r) => r.name === 'writer')!;
}

function inlineStatements(model: Model, principal: string, policy: string): Statement[] {
  const p = [...model.users, ...model.roles].find((x) => x.name === principal)!;
  return [...p.inlinePolicies.find((ip) => ip.name === policy)!.document.statements];
}

describe('Terraform statement sources', () => {
  const model = loadModelSync([DIR]);

  it('a statement block of an aws_iam_policy_document (through a local) is located at its block, by Sid', () => {
    const [list] = inlineStatements(model, 'reader', 'ReaderPolicy');
    expect(list!.sid).toBe('ListData');
    expect(list!.source.file).toBe(`${DIR}/main.tf`);
    // the `statement {` line holding sid = "ListData"
    expect(list!.source.line).toBe(lineOf(`${DIR}/main.tf`, 'sid       = "ListData"') - 1);
    expect(list!.source.address).toBe('aws_iam_user_policy.reader');
  });

  it('statements a dynamic block generates are located at the dynamic block, a trailing static block at itself', () => {
    const statements = inlineStatements(model, 'reader', 'ReaderPolicy');
    expect(statements).toHaveLength(4);
    const dynamic = lineOf(`${DIR}/main.tf`, 'dynamic "statement"');
    expect(statements[1]!.source.line).toBe(dynamic);
    expect(statements[2]!.source.line).toBe(dynamic);
    // the last statement block (s3:PutObject), after the dynamic one
    expect(statements[3]!.source.line).toBe(lineOf(`${DIR}/main.tf`, 'statement {', dynamic));
  });

  it('jsonencode elements in a child module are located at their element, shown relative to the working directory', () => {
    const [read, all] = inlineStatements(model, 'writer', 'WriterPolicy');
    const file = `${DIR}/modules/iam/main.tf`;
    expect(read!.source.line).toBe(lineOf(file, 'Sid      = "Read"') - 1);
    expect(all!.source.line).toBe(lineOf(file, 'Action   = "s3:*"') - 2);
    expect(read!.source.address).toBe('module.iam.aws_iam_role_policy.writer');
    // in the model itself, not only when displayed (issue 13 item 8): the JSON reports carry it
    expect(read!.source.file).toBe(file);
    expect(role0(model).source.file).toBe(file);
    expect(formatSource(read!.source)).toMatch(
      new RegExp(
        `^${file.replace(/[/.]/g, '\\$&')}:\\d+:\\d+ \\(module\\.iam\\.aws_iam_role_policy\\.writer\\)$`,
      ),
    );
    // the trust policy's only statement: the element of its one-element tuple
    const role = model.roles.find((r) => r.name === 'writer')!;
    expect(role.trustPolicy!.statements[0]!.source.line).toBe(lineOf(file, 'Statement = [{'));
  });

  it('a child module given by an absolute root stays absolute (the form the user gave)', () => {
    const abs = loadModelSync([resolve(DIR)]);
    const [read] = inlineStatements(abs, 'writer', 'WriterPolicy');
    expect(read!.source.file).toBe(resolve(DIR, 'modules/iam/main.tf'));
  });

  it('with a plan and its configuration, statements are on the .tf line, not in plan.json', () => {
    const withConfig = loadModelSync(['tf-example/plan.json', 'tf-example']);
    const hr = withConfig.policies.find((p) => p.name === 'HRPolicy')!;
    const read = hr.document.statements.find((s) => s.sid === 'ReadHr')!;
    expect(read.source.file).toBe('tf-example/main.tf');
    expect(read.source.line).toBe(lineOf('tf-example/main.tf', 'Sid      = "ReadHr"') - 1);
    const devs = withConfig.policies.find((p) => p.name === 'Developers_Policy')!;
    const ec2 = devs.document.statements.find((s) => s.sid === 'Ec2All')!;
    expect(ec2.source.file).toBe('tf-example/main.tf');
    expect(ec2.source.line).toBe(lineOf('tf-example/main.tf', 'sid       = "Ec2All"') - 1);
    // the plan alone has nothing better than plan.json
    const planOnly = loadModelSync(['tf-example/plan.json']);
    const alone = planOnly.policies.find((p) => p.name === 'Developers_Policy')!.document.statements[0]!;
    expect(alone.source.file).toBe('tf-example/plan.json');
  });

  it('with a plan and its configuration, a whole policy (a permissions boundary) is on its .tf attribute, not in plan.json', () => {
    // What a trace, "what would change the outcome" and a SARIF related location show for a
    // boundary that does not allow a request: the policy, not one of its statements.
    const withConfig = loadModelSync(['tf-example/plan.json', 'tf-example']);
    const boundary = withConfig.policies.find((p) => p.name === 'InternBoundaryPolicy')!.document;
    expect(boundary.source.file).toBe('tf-example/main.tf');
    expect(boundary.source.line).toBe(
      lineOf(
        'tf-example/main.tf',
        'policy = jsonencode({',
        lineOf('tf-example/main.tf', '"intern_boundary" {'),
      ),
    );
    expect(boundary.source.pointer).toBeUndefined();
    const planOnly = loadModelSync(['tf-example/plan.json']);
    const alone = planOnly.policies.find((p) => p.name === 'InternBoundaryPolicy')!.document;
    expect(alone.source.file).toBe('tf-example/plan.json');
  });

  it('a validation finding about a statement element (a misspelt action) is on the statement line too', () => {
    const file = 'test/fixtures/warnings/misspelt-tf/main.tf';
    const misspelt = loadModelSync([file.replace('/main.tf', '')]);
    const f = misspelt.findings.find((x) => x.code === 'policy/unknown-action')!;
    expect(f.source?.file).toBe(file);
    expect(f.source?.line).toBe(lineOf(file, 'Statement = [{'));
  });

  it('parses module addresses with instance keys', () => {
    expect(parseAddress('module.a["k"].module.b.aws_iam_policy.x[0]')).toEqual({
      modules: ['a', 'b'],
      key: 'aws_iam_policy.x',
    });
    expect(parseAddress('data.aws_iam_policy_document.d')).toEqual({
      modules: [],
      key: 'data.aws_iam_policy_document.d',
    });
    expect(parseAddress('not an address')).toBeUndefined();
  });
});
