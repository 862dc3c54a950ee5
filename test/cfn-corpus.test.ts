// Real-world corpus: every CloudFormation template and cloud assembly under
// ../shared/corpus/cfn loads without a crash. For each input the test prints how many values
// stayed unknown in the model and which resource types were not modelled, and it pins concrete
// facts on a few files. The corpus is read in place, never copied.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type CfnLoadReport,
  countUnknowns,
  loadCloudFormationInputs,
} from '../src/adapters/cloudformation/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';

const CORPUS = join(import.meta.dirname, '../../shared/corpus/cfn');
const haveCorpus = existsSync(CORPUS);

function load(paths: string[], options = {}): { model: Model; report: CfnLoadReport } {
  const builder = new ModelBuilder();
  const report = loadCloudFormationInputs(paths, builder, options);
  return { model: builder.build(), report };
}

function summarize(name: string, model: Model, report: CfnLoadReport): string {
  const unknowns = countUnknowns({
    users: model.users,
    groups: model.groups,
    roles: model.roles,
    policies: model.policies,
    resources: model.resources,
    organizations: model.organizations,
  });
  const policyTypes = [...new Set(report.stacks.flatMap((s) => s.unhandledPolicyTypes))].sort();
  const otherTypes = [...new Set(report.stacks.flatMap((s) => s.unmodelledTypes))].sort();
  return [
    `${name}: ${report.stacks.length} stack(s), ${model.users.length} users, ${model.groups.length} groups, ${model.roles.length} roles, ${model.policies.length} managed policies, ${model.resources.length} resources; ${unknowns} unknown value(s)`,
    `  unhandled types with a policy: ${policyTypes.join(', ') || '-'}`,
    `  other unmodelled types: ${otherTypes.join(', ') || '-'}`,
  ].join('\n');
}

const path = (name: string) => join(CORPUS, name);

// The corpus is required: without it the tests fail (never skip).
describe('CloudFormation corpus', () => {
  const topLevel = haveCorpus
    ? readdirSync(CORPUS)
        .filter((n) => statSync(path(n)).isFile())
        .sort()
    : [];
  const groups = haveCorpus ? readdirSync(path('nested')).sort() : [];

  it('finds the corpus', () => {
    expect(haveCorpus, `${CORPUS} is missing`).toBe(true);
    expect(topLevel.length).toBeGreaterThan(30);
    expect(groups.length).toBeGreaterThanOrEqual(3);
  });

  it('loads every template on its own without a crash', () => {
    const lines: string[] = [];
    for (const name of topLevel) {
      const { model, report } = load([path(name)]);
      expect(report.stacks.length, name).toBeGreaterThan(0);
      expect(
        model.findings.filter((f) => f.code === 'cfn/internal-error'),
        name,
      ).toEqual([]);
      lines.push(summarize(name, model, report));
    }
    console.log(lines.join('\n'));
  });

  it('loads every nested stack group, and each of its files on its own', () => {
    const lines: string[] = [];
    for (const g of groups) {
      const dir = join(path('nested'), g);
      const { model, report } = load([dir]);
      expect(
        model.findings.filter((f) => f.code === 'cfn/internal-error'),
        g,
      ).toEqual([]);
      lines.push(summarize(`nested/${g}`, model, report));
      for (const f of readdirSync(dir).filter(
        (n) => /\.(json|ya?ml)$/.test(n) && !/(manifest|tree|assets)\.json$/.test(n),
      )) {
        const single = load([join(dir, f)]);
        expect(
          single.model.findings.filter((x) => x.code === 'cfn/internal-error'),
          f,
        ).toEqual([]);
      }
    }
    console.log(lines.join('\n'));
  });

  it('loads producer/consumer pairs together and resolves their imports', () => {
    const pairs = [
      [
        'aws__aws-cdk__iam-imported-role-producer.template.json',
        'aws__aws-cdk__iam-imported-role-consumer.template.json',
      ],
      [
        'aws__aws-cdk__s3-bucket-sharing-producer.template.json',
        'aws__aws-cdk__s3-bucket-sharing-consumer.template.json',
      ],
      [
        'awslabs__aws-solutions-constructs__restaurant-shared-stack.template.json',
        'awslabs__aws-solutions-constructs__restaurant-manager-stack.template.json',
      ],
    ];
    const lines: string[] = [];
    for (const pair of pairs) {
      const alone = load([path(pair[1]!)]).model.findings.filter(
        (f) => f.code === 'cfn/import-not-found',
      ).length;
      const { model, report } = load(pair.map(path));
      const together = model.findings.filter((f) => f.code === 'cfn/import-not-found').length;
      expect(together, pair[1]).toBeLessThan(alone);
      lines.push(summarize(pair.join(' + '), model, report));
    }
    console.log(lines.join('\n'));
  });

  // Concrete facts.

  it('iam-users-and-groups: five users, each in both groups; the group policy grants iam:* on the other group', () => {
    const { model } = load([path('aws__aws-cdk__iam-users-and-groups.template.json')]);
    expect(model.users).toHaveLength(5);
    expect(model.groups).toHaveLength(2);
    const groupIds = model.groups.map((g) => g.id).sort();
    for (const u of model.users) expect([...u.groups].sort()).toEqual(groupIds);
    const my = model.groups.find((g) => g.source.logicalId === 'MyGroupCBA54B1B')!;
    const your = model.groups.find((g) => g.source.logicalId === 'YourGroup1005140B')!;
    const st = my.inlinePolicies[0]!.document.statements[0]!;
    expect(st.action!.values).toEqual(['iam:*']);
    expect(st.resource!.values).toEqual([your.arn]);
  });

  it('regula cfn-intrinsics (YAML short tags): !Sub and !Join name the functions the permissions apply to', () => {
    const { model } = load([path('fugue__regula__cfn-intrinsics.template.yaml')], {
      account: '111122223333',
      region: 'eu-west-1',
    });
    const fns = model.resources.filter((r) => r.kind === 'lambda-function');
    expect(fns.map((f) => f.name).sort()).toContain('function-eu-west-1');
    expect(model.findings.filter((f) => f.code === 'cfn/external-resource')).toEqual([]);
    const byName = Object.fromEntries(fns.map((f) => [f.name, f]));
    const viaJoin = byName['function-eu-west-1']!.policy!.statements[0]!;
    expect(viaJoin.resource!.values).toEqual([
      'arn:aws:lambda:eu-west-1:111122223333:function:function-eu-west-1:v2',
    ]);
    expect(viaJoin.source.logicalId).toBe('FunctionPermissionByNameAndAliasUsingFunctions');
    for (const f of fns) expect(f.policy?.statements.length, f.name).toBeGreaterThanOrEqual(1);
  });

  it('cfn-lint Fn::If + AWS::NoValue statement: the conditional statement is evaluated, not dropped silently', () => {
    const { model } = load([
      path('aws-cloudformation__cfn-lint__managed-policy-fn-if-novalue-statement.template.yaml'),
    ]);
    expect(model.policies).toHaveLength(1);
    expect(model.policies[0]!.document.statements.length).toBeGreaterThan(0);
  });

  it('nested groups: the VPC flow logs parent loads its child templates by file name, as its conditions say', () => {
    const dir = join(path('nested'), 'aws-cloudformation__aws-cloudformation-templates__vpc-flow-logs');
    const both = load([dir], {
      parameters: { CreateVPCFlowLogsToCloudWatch: 'Yes', CreateVPCFlowLogsToS3: 'Yes' },
    }).report;
    const children = both.stacks.filter((s) => s.nestedIn).map((s) => s.file!.split('/').pop());
    expect(children.sort()).toEqual(['VPCFlowLogsCloudWatch.cfn.yaml', 'VPCFlowLogsS3.cfn.yaml']);
    expect(both.stacks).toHaveLength(3);
    // With the defaults (No, No) neither nested stack is created, and the child files given in the
    // same directory are not loaded as stacks of their own either.
    const none = load([dir]);
    expect(none.report.stacks.map((s) => s.stackName)).toEqual(['VPCFlowLogs-main-cfn']);
    expect(none.model.findings.filter((f) => f.code === 'cfn/nested-template-input')).toHaveLength(2);
  });

  it('nested groups: the CDK v1 chain follows aws:asset:path three levels down to the leaf role', () => {
    const { model, report } = load([join(path('nested'), 'aws__aws-sam-cli__cdk-v1-nested-chain')]);
    expect(report.stacks.map((s) => s.nestedIn === undefined)).toEqual([true, false, false]);
    expect(model.roles).toHaveLength(1);
    expect(relative(CORPUS, model.roles[0]!.source.file!)).toBe(
      'nested/aws__aws-sam-cli__cdk-v1-nested-chain/cdk_v1_synthesized_template_level3_nested_zip_functions.json',
    );
  });

  it('nested assembly: queue policy conditions name the topics of the nested stack (Outputs through GetAtt)', () => {
    const { model } = load([join(path('nested'), 'aws__aws-cdk__integ-nested-stack-assembly')]);
    const queue = model.resources.find((r) => r.kind === 'sqs-queue')!;
    const topics = model.resources.filter(
      (r) => r.kind === 'sns-topic' && r.source.stack?.includes('NestedStack1'),
    );
    const sourceArns = queue.policy!.statements.map((s) => s.conditions[0]!.values[0]);
    expect(sourceArns.sort()).toEqual(topics.map((t) => t.arn).sort());
    const fnRole = model.roles[0]!;
    expect(fnRole.source.constructPath).toBe('nested-stacks-test/NestedStack1/fn/ServiceRole/Resource');
  });

  it('SAM templates (Transform: AWS::Serverless-2016-10-31) expand without errors, and what they expand is reported', () => {
    // Every corpus file whose text declares the SAM transform, found by content; MANIFEST.tsv
    // notes must agree (a SAM template there says so), so a SAM template cannot go untested.
    const files = listFiles(CORPUS).filter((f) => /\.(json|ya?ml|template)$/.test(f));
    const sam = files.filter((f) => readFileSync(f, 'utf8').includes('AWS::Serverless-2016-10-31'));
    const manifest = readFileSync(join(CORPUS, '../MANIFEST.tsv'), 'utf8')
      .split('\n')
      .filter((l) => /Serverless|\bSAM\b transform/i.test(l) && l.startsWith('cfn/'));
    expect(sam.length, 'SAM templates in the corpus vs MANIFEST.tsv rows that name them').toBe(
      manifest.length,
    );
    const lines: string[] = [`SAM templates in the corpus: ${sam.length}`];
    for (const file of sam) {
      const { model, report } = load([file]);
      const name = relative(CORPUS, file);
      expect(
        model.findings.filter((f) => f.code === 'cfn/internal-error' || f.code === 'sam/internal-error'),
        name,
      ).toEqual([]);
      expect(
        model.findings.filter((f) => f.code === 'cfn/transform-not-applied'),
        name,
      ).toEqual([]);
      const expanded = model.findings.find((f) => f.code === 'sam/expanded');
      expect(expanded, name).toBeDefined();
      const warnings = model.findings.filter((f) => f.code.startsWith('sam/') && f.severity !== 'info');
      lines.push(
        summarize(name, model, report),
        `  ${expanded!.message}`,
        `  sam warnings: ${warnings.map((w) => w.code).join(', ') || '-'}`,
      );
    }
    console.log(lines.join('\n'));
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}
