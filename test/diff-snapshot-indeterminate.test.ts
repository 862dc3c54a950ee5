// `iamspec diff --base SNAPSHOT` where cells and role chains are indeterminate on both sides (a
// permissions boundary ARN known only after apply). A team keeps its approved access as a snapshot
// (`iamspec matrix --format json --out access.json`); a pull request widens the policy the
// boundary may name. Before the fix the snapshot recorded nothing of what indeterminate cells
// depend on, so indeterminate → indeterminate read as no change and `--fail-on added` passed
// silently; role chains indeterminate on both sides read as no change in every diff. The snapshot
// now records digests of what they depend on (`dependencies`, src/analysis/diff/dependency-record.ts);
// a rename, reorder or re-synthesis is still no change; an older snapshot cannot tell (may have
// changed, with a note).
// Pages the rules come from:
// - AWS IAM User Guide, "Permissions boundaries for IAM entities": "An entity's permissions
//   boundary allows it to perform only the actions that are allowed by both its identity-based
//   policies and its permissions boundaries." (an unknown boundary: any of the account's managed
//   policies may be the one it names).
// - AWS IAM User Guide, "Roles terms and concepts": "Role chaining is when you use a role to
//   assume a second role." (each hop is decided by the caller's permissions and the next role's
//   trust policy, so a chain depends on every role's).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTerraformPlan } from '../src/adapters/terraform/index.js';
import { diffModels } from '../src/analysis/diff/access-diff.js';
import { ModelBuilder } from '../src/model/builder.js';
import { runCli, tempJson } from './fixtures/cli/run.js';
import { ACCOUNT, ACCOUNT_ID, hopChain, interns, LIST, READ } from './helpers/unknown-boundary-plans.js';

interface Change {
  principal: string;
  resource: string;
  action: string;
  before: string;
  after: string;
  via?: string[];
}

/** Writes the snapshot of a plan (`matrix --format json --out`) and returns its path. */
async function snapshotOf(p: object): Promise<string> {
  const file = await tempJson('base.json', p);
  const out = `${file}.access.json`;
  const r = await runCli(['matrix', file, ...ACCOUNT, '--format', 'json', '--out', out]);
  expect(r.code).toBe(0);
  return out;
}

async function diffAgainst(snapshot: string, p: object) {
  const next = await tempJson('pr-plan.json', p);
  const r = await runCli([
    'diff',
    '--base',
    snapshot,
    next,
    ...ACCOUNT,
    '--format',
    'json',
    '--fail-on',
    'added',
  ]);
  return {
    code: r.code,
    diff: JSON.parse(r.stdout) as { changed: Change[]; added: Change[]; notes: string[] },
  };
}

const WIDER_HOP = { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' };
const deployRole = `arn:aws:iam::${ACCOUNT_ID}:role/deploy`;

describe('diff --base SNAPSHOT: cells indeterminate on both sides', () => {
  it('the pull request widens the boundary policy: may have changed, --fail-on added exits 1', async () => {
    const snapshot = await snapshotOf(interns({ boundary: [LIST] }));
    const { code, diff } = await diffAgainst(snapshot, interns({ boundary: [LIST, READ] }));
    expect(code).toBe(1);
    const get = diff.changed.filter(
      (c) => c.action === 's3:GetObject' && c.principal.endsWith(':user/intern'),
    );
    expect(get.map((c) => [c.resource, c.before, c.after])).toEqual([
      ['arn:aws:s3:::iamspec-data/*', 'indeterminate', 'indeterminate'],
    ]);
    // Only the statements that apply to an action count: s3:PutObject's are the same.
    expect(diff.changed.filter((c) => c.action === 's3:PutObject')).toEqual([]);
  });

  it('the same plan renamed and reordered (policy names, Sids, statement and resource order): no change', async () => {
    const snapshot = await snapshotOf(interns({ boundary: [LIST, READ] }));
    const { code, diff } = await diffAgainst(snapshot, interns({ boundary: [LIST, READ], rename: true }));
    expect(diff.changed).toEqual([]);
    expect(diff.added).toEqual([]);
    expect(code).toBe(0);
  });

  it('a snapshot without the record (older) cannot tell: may have changed, with a note', async () => {
    const snapshot = await snapshotOf(interns({ boundary: [LIST, READ] }));
    const { dependencies: _, ...older } = JSON.parse(readFileSync(snapshot, 'utf8'));
    const old = await tempJson('old-access.json', older);
    const { code, diff } = await diffAgainst(old, interns({ boundary: [LIST, READ] }));
    expect(diff.changed.some((c) => c.before === 'indeterminate' && c.after === 'indeterminate')).toBe(true);
    expect(diff.notes.join('\n')).toContain('the snapshot cannot tell');
    expect(code).toBe(1);
  });
});

/**
 * A CloudFormation template: a role with a generated name whose boundary is a parameter with no
 * value (its cells indeterminate), reading the objects of a bucket with a generated name, and one
 * managed policy the boundary may name; `ids`: the logical ids (re-synthesis: other ones).
 */
function generatedTemplate(opts: { ids: [string, string, string]; read?: boolean; reorder?: boolean }) {
  const [role, policy, bucket] = opts.ids;
  const limits = [
    { Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' },
    ...(opts.read ? [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] : []),
  ];
  const statements = (list: object[]) => ({
    Version: '2012-10-17',
    Statement: opts.reorder ? [...list].reverse() : list,
  });
  return {
    Parameters: { BoundaryArn: { Type: 'String' } },
    Resources: {
      [bucket]: { Type: 'AWS::S3::Bucket' },
      [role]: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: statements([
            { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ]),
          PermissionsBoundary: { Ref: 'BoundaryArn' },
          Policies: [
            {
              PolicyName: `p${role}`,
              PolicyDocument: statements([
                {
                  Effect: 'Allow',
                  Action: ['s3:GetObject', 's3:PutObject'],
                  Resource: { 'Fn::Sub': `\${${bucket}.Arn}/*` },
                },
              ]),
            },
          ],
        },
      },
      [policy]: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: statements(limits) } },
    },
  };
}

describe('diff --base SNAPSHOT of a CloudFormation template: re-synthesis', () => {
  it('other logical ids (generated names) and statement order: no change; a widened boundary policy: may have changed', async () => {
    const snapshot = await snapshotOf(generatedTemplate({ ids: ['AppRole', 'Limits', 'Data'] }));
    const resynthesized = await diffAgainst(
      snapshot,
      generatedTemplate({ ids: ['AppRoleV2', 'LimitsV2', 'DataV2'], reorder: true }),
    );
    expect(resynthesized.diff.changed).toEqual([]);
    expect(resynthesized.code).toBe(0);
    const wider = await diffAgainst(
      snapshot,
      generatedTemplate({ ids: ['AppRoleV2', 'LimitsV2', 'DataV2'], read: true }),
    );
    expect(wider.diff.changed.map((c) => [c.action, c.before, c.after])).toEqual([
      ['s3:GetObject', 'indeterminate', 'indeterminate'],
    ]);
    expect(wider.code).toBe(1);
  });
});

describe('diff: role chains indeterminate on both sides', () => {
  it('against a snapshot: the boundary of the middle role widened, the chain may have changed', async () => {
    const snapshot = await snapshotOf(hopChain({ boundary: [] }));
    const { code, diff } = await diffAgainst(snapshot, hopChain({ boundary: [WIDER_HOP] }));
    const chain = diff.changed.filter((c) => c.resource === deployRole && c.principal.endsWith(':user/dev'));
    expect(chain.map((c) => [c.action, c.before, c.after, c.via?.length])).toEqual([
      ['sts:AssumeRole', 'indeterminate', 'indeterminate', 1],
    ]);
    expect(code).toBe(1);
    const same = await diffAgainst(snapshot, hopChain({ boundary: [], rename: true }));
    expect(same.diff.changed).toEqual([]);
    expect(same.code).toBe(0);
  });

  it('two plans: the same reading', async () => {
    const model = async (p: object) => {
      const b = new ModelBuilder();
      loadTerraformPlan(await tempJson('plan.json', p), b, { account: ACCOUNT_ID, region: 'eu-west-1' });
      return b.build();
    };
    const base = await model(hopChain({ boundary: [] }));
    const wider = await diffModels(base, await model(hopChain({ boundary: [WIDER_HOP] })));
    const chain = wider.changed.filter((c) => c.resource === deployRole && c.principal.endsWith(':user/dev'));
    expect(chain.map((c) => [c.before, c.after])).toEqual([['indeterminate', 'indeterminate']]);
    const same = await diffModels(base, await model(hopChain({ boundary: [], rename: true })));
    expect(same.changed).toEqual([]);
  });
});
