// Red team of the access snapshot (`expect(model).toMatchAccessSnapshot()`, the summary of
// src/analysis/access-summary.ts written by src/report/access-summary.ts): does every access
// change change it, and does what is no access change keep it? The mutations of the access diff's
// tests (statement added, boundary removed, trust widened, group membership: access-snapshot.test.ts)
// and: a condition loosened, allow -> indeterminate, and access indeterminate before and after
// that depends on other inputs. Before the fix the summary wrote an indeterminate target as
// `(indeterminate)` alone: a pull request widening the managed policy a boundary known only after
// apply may name (every cell stays indeterminate) kept the snapshot, a silent pass. An
// indeterminate target now carries its reasons and a digest of what it depends on (the texts of
// src/analysis/diff/dependencies.ts, without names, sources or order), so that change fails the
// test while renaming and reordering, or moving a statement from an inline policy to a managed
// one, still keeps it.
// The rule behind the boundary case (IAM User Guide, "Permissions boundaries for IAM entities"):
// "An entity's permissions boundary allows it to perform only the actions that are allowed by both
// its identity-based policies and its permissions boundaries."
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html

import { describe, expect, it } from 'vitest';
import { loadTerraformPlan } from '../src/adapters/terraform/index.js';
import { accessSummary } from '../src/analysis/access-summary.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';
import { formatAccessSummary } from '../src/report/access-summary.js';
import { DEFAULT_ASSUMED } from '../src/report/assumed.js';
import { tempJson } from './fixtures/cli/run.js';
import { diffModel } from './helpers/diff-fixtures.js';
import { loadTemplate } from './helpers/temp-inputs.js';
import { hopChain, interns, LIST, READ } from './helpers/unknown-boundary-plans.js';

const summaryOf = (model: Model) =>
  formatAccessSummary(accessSummary(compileModel(model), { context: DEFAULT_ASSUMED }));

async function planModel(plan: object): Promise<Model> {
  const b = new ModelBuilder();
  loadTerraformPlan(await tempJson('plan.json', plan), b, { account: '111122223333', region: 'eu-west-1' });
  return b.build();
}

const TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};
// biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string
const IMPORTED = { 'Fn::Sub': ['arn:aws:s3:::acme-${B}/*', { B: { 'Fn::ImportValue': 'shared-bucket' } }] };

function appTemplate(resource: unknown, where: 'inline' | 'managed' = 'inline') {
  const document = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: resource }],
  };
  return {
    Resources: {
      Data: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'acme-data' } },
      App: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: 'App',
          AssumeRolePolicyDocument: TRUST,
          ...(where === 'inline' ? { Policies: [{ PolicyName: 'AppData', PolicyDocument: document }] } : {}),
        },
      },
      ...(where === 'managed'
        ? {
            AppDataPolicy: {
              Type: 'AWS::IAM::ManagedPolicy',
              Properties: { Roles: [{ Ref: 'App' }], PolicyDocument: document },
            },
          }
        : {}),
    },
  };
}

describe('the access snapshot changes with every access change', () => {
  it('indeterminate before and after, the boundary policy it may name widened: the snapshot changes', async () => {
    const narrow = summaryOf(await planModel(interns({ boundary: [LIST] })));
    const wide = summaryOf(await planModel(interns({ boundary: [LIST, READ] })));
    expect(narrow).toContain('(indeterminate)');
    expect(wide).not.toBe(narrow);
    // The reasons are in the snapshot too.
    expect(wide).toMatch(/unknown: .*permissions_boundary/);
  });

  it('the same plans renamed and reordered keep it', async () => {
    const a = summaryOf(await planModel(interns({ boundary: [LIST, READ] })));
    const b = summaryOf(await planModel(interns({ boundary: [LIST, READ], rename: true })));
    expect(b).toBe(a);
  });

  it('a role chain indeterminate before and after, the boundary policy of a hop widened: the snapshot changes', async () => {
    const assume = { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' };
    const none = summaryOf(await planModel(hopChain({ boundary: [LIST] })));
    const wide = summaryOf(await planModel(hopChain({ boundary: [LIST, assume] })));
    expect(none).toMatch(/via .*hop.*\(indeterminate\)/);
    expect(wide).not.toBe(none);
    expect(summaryOf(await planModel(hopChain({ boundary: [LIST, assume], rename: true })))).toBe(wide);
  });

  it('a condition loosened changes it', () => {
    const tight = summaryOf(diffModel({ deployerFromNetwork: '10.0.0.0/8' }));
    const loose = summaryOf(diffModel({ deployerFromNetwork: '0.0.0.0/0' }));
    expect(tight).toContain('10.0.0.0/8');
    expect(loose).not.toBe(tight);
  });

  it('allow -> indeterminate changes it; a statement with an unknown moved from inline to managed keeps it', () => {
    const known = summaryOf(
      loadTemplate(appTemplate('arn:aws:s3:::acme-data/*'), { account: '111122223333' }),
    );
    const unknown = summaryOf(loadTemplate(appTemplate(IMPORTED), { account: '111122223333' }));
    expect(unknown).not.toBe(known);
    expect(unknown).toContain('(indeterminate)');
    expect(unknown).toMatch(/unknown: .*shared-bucket/);
    const moved = summaryOf(loadTemplate(appTemplate(IMPORTED, 'managed'), { account: '111122223333' }));
    expect(moved).toBe(unknown);
  });
});
