// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${...} in plain strings.
// The access matrix: cells per access level, the actions and statements behind them, role chains,
// filters, slicing, and — the pruning and grouping must never change an answer — agreement with
// deciding every catalog action of every cell one by one.

import { describe, expect, it } from 'vitest';
import { loadTemplateObject } from '../src/adapters/cloudformation/index.js';
import { loadModelSync } from '../src/adapters/load.js';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import { ACCESS_LEVELS, buildMatrix } from '../src/analysis/matrix/build.js';
import type { Matrix, MatrixCell } from '../src/analysis/types.js';
import type { Engine } from '../src/engine/engine.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { PLACEHOLDER_REGION } from '../src/model/stand-ins.js';
import { parsePolicy } from '../src/policy/parse.js';
import { arn as c1, buildCompany1 } from './helpers/company1.js';
import { decidedOneByOne, matrixAnswers, nonDenyAnswers } from './helpers/matrix-oracle.js';
import {
  ACCOUNT_A,
  ACCOUNT_B,
  allow,
  arns,
  deny,
  EXTERNAL_ACCOUNT,
  FULL_AWS_ACCESS,
  policy,
  TestModel,
} from './helpers/engine-fixtures.js';

const DOC = {
  levels:
    'Service Authorization Reference, "Actions, resources, and condition keys for AWS services" (access levels List, Read, Write, Permissions management, Tagging; resource types per action), https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html',
  boundaries:
    'IAM User Guide, "Permissions boundaries for IAM entities", https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html',
  s3Resources:
    'Amazon S3 User Guide, "Policy resources for Amazon S3" (bucket ARN vs object ARN bucket/key), https://docs.aws.amazon.com/AmazonS3/latest/userguide/security_iam_service-with-iam.html#security_iam_service-with-iam-id-based-policies-resources',
  methods:
    'IAM User Guide, "Methods to assume a role", https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage-assume.html',
  governs:
    'OpenSearch Serverless API Reference, CreateAccessPolicy: "Access policies limit access to collections and the resources within them, and allow a user to access that data irrespective of the access mechanism or network source.", https://docs.aws.amazon.com/opensearch-service/latest/ServerlessAPIReference/API_CreateAccessPolicy.html',
  variables:
    'IAM User Guide, "IAM policy elements: Variables and tags" (${aws:username} in a Resource), https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html',
};

const row = (m: Matrix, name: string) => m.principals.findIndex((p) => p.name === name);
const col = (m: Matrix, name: string) => m.resources.findIndex((r) => r.name === name);
const cellOf = (m: Matrix, p: string, r: string, level: string): MatrixCell =>
  m.cells.at(row(m, p), col(m, r))[ACCESS_LEVELS.indexOf(level as (typeof ACCESS_LEVELS)[number])]!;
const actionsOf = (c: MatrixCell) => c.actions.map((a) => a.action);

function expectSameAsBruteForce(engine: Engine, m: Matrix) {
  const expected = nonDenyAnswers(decidedOneByOne(engine, m));
  expect(Object.fromEntries([...matrixAnswers(m)].sort())).toEqual(expected);
  return Object.keys(expected).length;
}

describe('buildMatrix on company1', () => {
  const engine = compileModel(buildCompany1());
  const m = buildMatrix(engine);

  it('rows are the model users then roles; columns the model resources; levels the catalog access levels', () => {
    // DOC.levels.
    expect(m.levels, DOC.levels).toEqual(['List', 'Read', 'Write', 'Permissions management', 'Tagging']);
    expect(m.principals.map((p) => `${p.kind} ${p.name}`)).toEqual([
      'user john',
      'user sarah',
      'user Sara-intern',
      'user uploader',
      'role Company1-Logs-Role',
      'role JohnUploadRole',
    ]);
    expect(m.resources.map((r) => r.name)).toEqual([
      'company1-hr',
      'company1-logs',
      'company1-sales',
      'company1-uploads',
    ]);
  });

  it('Sara-intern is limited to s3:ListBucket on company1-logs (her boundary: DOC.boundaries)', () => {
    const i = row(m, 'Sara-intern');
    m.resources.forEach((r, ri) => {
      m.levels.forEach((level, li) => {
        const cell = m.cells.at(i, ri)[li]!;
        if (r.name === 'company1-logs' && level === 'List') {
          expect(cell.access, DOC.boundaries).toBe('allow');
          expect(actionsOf(cell)).toEqual(['s3:ListBucket']);
          // The group's policy grants it; the boundary allows it too.
          expect(cell.grants.map((g) => `${g.stage} ${g.policy}`)).toEqual([
            expect.stringMatching(/^identity Company1-Logs-Policy/),
            expect.stringMatching(/^boundary InternBoundaryPolicy/),
          ]);
        } else expect(cell.access).toBe('deny');
      });
    });
  });

  it('john reads company1-hr only over TLS (conditional), through HRPolicy; JohnUploadRole may also write there', () => {
    const list = cellOf(m, 'john', 'company1-hr', 'List');
    expect([list.access, actionsOf(list)]).toEqual(['conditional', ['s3:ListBucket']]);
    expect(list.actions[0]!.conditions.join(' ')).toContain('aws:SecureTransport');
    expect(cellOf(m, 'john', 'company1-hr', 'Read').access).toBe('conditional');
    expect(cellOf(m, 'john', 'company1-hr', 'Write').access).toBe('deny');
    const write = cellOf(m, 'JohnUploadRole', 'company1-hr', 'Write');
    expect([write.access, actionsOf(write)]).toEqual(['conditional', ['s3:PutObject']]);
  });

  it('sarah (AdministratorAccess) can do everything on every bucket: all bucket and object actions', () => {
    const read = cellOf(m, 'sarah', 'company1-logs', 'Read');
    expect(read.access).toBe('allow');
    expect(actionsOf(read)).toContain('s3:GetObject');
    expect(actionsOf(read)).toContain('s3:GetBucketPolicy');
    expect(cellOf(m, 'sarah', 'company1-logs', 'Permissions management').access).toBe('allow');
  });

  it('chains: john reaches JohnUploadRole (DOC.methods)', () => {
    expect(
      m.chains[row(m, 'john')]?.map((c) => c.role),
      DOC.methods,
    ).toEqual([c1.role('JohnUploadRole')]);
    expect(m.chains[row(m, 'sarah')]).toBeUndefined();
  });

  it('agrees with deciding every action of every cell one by one', () => {
    expect(expectSameAsBruteForce(engine, m)).toBeGreaterThan(100);
  });

  it('agrees on the mutations too, with roles as resources', () => {
    for (const mutation of [
      { internBoundaryGetObject: true },
      { removeInternBoundary: true },
      { ec2RoleWithS3ReadOnly: true },
      { publicSalesBucket: true },
      { lambdaTrustsLogsRole: true },
    ]) {
      const e = compileModel(buildCompany1(mutation));
      expectSameAsBruteForce(e, buildMatrix(e, { includeRoles: true }));
    }
  });
});

describe('buildMatrix options', () => {
  const engine = compileModel(buildCompany1());

  it('is sliceable by principals: rows computed apart equal the full matrix', () => {
    const full = buildMatrix(engine);
    const arnsOf = full.principals.map((p) => p.arn);
    const a = buildMatrix(engine, { principals: arnsOf.slice(0, 3) });
    const b = buildMatrix(engine, { principals: arnsOf.slice(3) });
    expect(JSON.stringify([...a.cells, ...b.cells])).toBe(JSON.stringify(full.cells));
    expect([...a.principals, ...b.principals]).toEqual(full.principals);
  });

  it("a cell's grants do not depend on the rows built before it: any order or slicing gives the same rows", () => {
    // `reader` holds two managed policies, each the only grant of one Read action on `data`, so
    // its Read cell merges two decisions; `versions-only` meets one of them first when built
    // before it.
    const t = new TestModel();
    t.bucket('data');
    const objects = t.managedPolicy('ReadObjects', policy(allow('s3:GetObject', 'arn:aws:s3:::data/*')));
    const versions = t.managedPolicy(
      'ReadVersions',
      policy(allow('s3:GetObjectVersion', 'arn:aws:s3:::data/*')),
    );
    t.user('versions-only', { managed: [versions] });
    t.user('reader', { managed: [objects, versions] });
    const engine = t.engine();
    const full = buildMatrix(engine);
    expect(full.principals.map((p) => p.name)).toEqual(['versions-only', 'reader']);
    const read = cellOf(full, 'reader', 'data', 'Read');
    expect(actionsOf(read)).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
    // Canonical order (by stage, then policy), although `versions-only` met ReadVersions first.
    expect(read.grants.map((g) => g.policy?.split(' ')[0])).toEqual(['ReadObjects', 'ReadVersions']);
    const [first, second] = full.principals.map((p) => p.arn) as [string, string];
    const alone = [
      buildMatrix(engine, { principals: [first] }),
      buildMatrix(engine, { principals: [second] }),
    ];
    expect([...alone[0]!.cells, ...alone[1]!.cells]).toEqual(full.cells);
    const reversed = buildMatrix(engine, { principals: [second, first] });
    expect(reversed.principals.map((p) => p.arn)).toEqual([second, first]);
    expect([...reversed.cells].reverse()).toEqual(full.cells);
  });

  it('filters by principal references and resource ARNs; resources outside the model are evaluated as given', () => {
    const m = buildMatrix(engine, {
      principals: ['user/Sara-intern', 'group/HR'],
      resources: [c1.bucket('company1-logs'), 'arn:aws:s3:::elsewhere'],
    });
    expect(m.principals.map((p) => p.name)).toEqual(['Sara-intern', 'john']);
    expect(m.resources.map((r) => r.arn)).toEqual([c1.bucket('company1-logs'), 'arn:aws:s3:::elsewhere']);
    // john's Developers policy allows s3:GetObject only on company1-sales and company1-logs.
    expect(m.cells.at(1, 1).every((c) => c.access === 'deny')).toBe(true);
  });

  it('reports progress per principal', () => {
    const calls: [number, number][] = [];
    buildMatrix(engine, { onProgress: (done, total) => calls.push([done, total]) });
    expect(calls).toEqual([1, 2, 3, 4, 5, 6].map((i) => [i, 6]));
  });

  it('includeRoles: sts:AssumeRole is decided against the trust policy', () => {
    const m = buildMatrix(engine, { includeRoles: true });
    // The ec2 actions whose resource types include `role` (Service Authorization Reference,
    // Amazon EC2: AssociateEnclaveCertificateIamRole names `role`), allowed by john's ec2 grants.
    expect(actionsOf(cellOf(m, 'john', 'JohnUploadRole', 'Write'))).toEqual([
      'ec2:AssociateEnclaveCertificateIamRole',
      'ec2:DisassociateEnclaveCertificateIamRole',
      'sts:AssumeRole',
    ]);
    // sarah may manage the role (iam:*) but its trust policy does not name her.
    expect(actionsOf(cellOf(m, 'sarah', 'JohnUploadRole', 'Permissions management'))).toContain(
      'iam:UpdateAssumeRolePolicy',
    );
    const sarahWrite = actionsOf(cellOf(m, 'sarah', 'JohnUploadRole', 'Write'));
    expect(sarahWrite).toContain('iam:DeleteRole');
    expect(sarahWrite).not.toContain('sts:AssumeRole');
  });
});

describe('buildMatrix on small models', () => {
  it('a grant on part of the objects is conditional on the objects it names (DOC.s3Resources)', () => {
    const t = new TestModel();
    t.bucket('data');
    t.user('reporter', { inline: [policy(allow('s3:GetObject', 'arn:aws:s3:::data/reports/*'))] });
    const engine = t.engine();
    const m = buildMatrix(engine);
    const read = cellOf(m, 'reporter', 'data', 'Read');
    expect(read.access, DOC.s3Resources).toBe('conditional');
    expect(read.actions).toEqual([
      {
        action: 's3:GetObject',
        access: 'conditional',
        conditions: ['only objects matching arn:aws:s3:::data/reports/*'],
      },
    ]);
  });

  it("a home-folder grant (${aws:username}) is conditional on the user's own folder (DOC.variables)", () => {
    const t = new TestModel();
    t.bucket('home');
    t.user('alice', {
      inline: [policy(allow('s3:PutObject', 'arn:aws:s3:::home/${aws:username}/*'))],
    });
    const m = buildMatrix(t.engine());
    const write = cellOf(m, 'alice', 'home', 'Write');
    expect(write.access, DOC.variables).toBe('conditional');
    expect(write.actions[0]).toEqual({
      action: 's3:PutObject',
      access: 'conditional',
      conditions: ['only objects matching arn:aws:s3:::home/alice/*'],
    });
  });

  it('agrees with one-by-one decisions on deny statements, NotAction, boundaries, SCPs, resource and key policies', () => {
    const t = new TestModel();
    t.scp(ACCOUNT_A, FULL_AWS_ACCESS);
    t.scp(ACCOUNT_A, policy(deny('s3:DeleteBucket', '*')));
    t.bucket('shared', {
      policy: policy(
        allow('s3:GetObject', 'arn:aws:s3:::shared/*', { Principal: { AWS: arns.role('Reader') } }),
        allow('s3:ListBucket', 'arn:aws:s3:::shared', {
          Principal: { AWS: `arn:aws:iam::${EXTERNAL_ACCOUNT}:root` },
        }),
        allow('s3:PutObject', 'arn:aws:s3:::shared/*', {
          Principal: '*',
          Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } },
        }),
      ),
    });
    t.resource('kms-key', arns.key('k1'), {
      policy: policy(
        allow('kms:*', '*', { Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:root` } }),
        allow('kms:Decrypt', '*', { Principal: { AWS: arns.user('ops') } }),
      ),
    });
    t.resource('sqs-queue', arns.queue('q'));
    t.user('ops', {
      inline: [policy(allow('s3:*', '*'), deny('s3:Put*', '*'), allow(['sqs:Send*', 'kms:Encrypt'], '*'))],
    });
    t.user('everything-but-iam', {
      inline: [policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })],
    });
    t.user('bounded', {
      inline: [policy(allow('*', '*'))],
      boundary: policy(allow(['sqs:*', 's3:List*'], '*')),
    });
    t.role('Reader', {
      trust: policy(allow('sts:AssumeRole', undefined, { Principal: { Service: 'ec2.amazonaws.com' } })),
    });
    const engine = t.engine();
    const m = buildMatrix(engine, {
      principals: [
        arns.user('ops'),
        arns.user('everything-but-iam'),
        arns.user('bounded'),
        arns.role('Reader'),
        `arn:aws:iam::${EXTERNAL_ACCOUNT}:user/partner`,
        'anonymous',
        ACCOUNT_A,
      ],
    });
    expect(expectSameAsBruteForce(engine, m)).toBeGreaterThan(100);
    // Spot checks: the Reader role reads shared/* through the bucket policy alone.
    expect(actionsOf(cellOf(m, 'Reader', 'shared', 'Read'))).toEqual(['s3:GetObject']);
    // The external account lists the bucket (its identity side is assumed to allow).
    expect(actionsOf(cellOf(m, `arn:aws:iam::${EXTERNAL_ACCOUNT}:user/partner`, 'shared', 'List'))).toEqual([
      's3:ListBucket',
    ]);
    // Anyone may put objects from the VPC endpoint: conditional.
    expect(cellOf(m, 'anonymous', 'shared', 'Write').access).toBe('conditional');
  });
});

describe('buildMatrix shares cells between rows only where nothing reads the principal', () => {
  // Rows of one kind and account share the decisions of a witness when the same statements
  // apply and none reads the principal (shared-decisions.ts); a Principal naming one user, a
  // principal tag, a policy variable, a boundary or another account must keep rows apart.
  const t = new TestModel();
  t.bucket('org', {
    policy: policy(
      allow('s3:GetObject', 'arn:aws:s3:::org/*', {
        Principal: '*',
        Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT_A } },
      }),
    ),
  });
  t.bucket('tagged', {
    policy: policy(
      allow('s3:GetObject', 'arn:aws:s3:::tagged/*', {
        Principal: '*',
        Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red' } },
      }),
    ),
  });
  t.bucket('named', {
    policy: policy(
      allow('s3:ListBucket', 'arn:aws:s3:::named', { Principal: '*' }),
      deny('s3:ListBucket', 'arn:aws:s3:::named', { Principal: { AWS: arns.user('bob') } }),
    ),
  });
  t.bucket('homes', {
    policy: policy(allow('s3:PutObject', 'arn:aws:s3:::homes/${aws:username}/*', { Principal: '*' })),
  });
  t.resource('kms-key', arns.key('k1'), {
    policy: policy(allow('kms:*', '*', { Principal: { AWS: arns.root(ACCOUNT_A) } })),
  });
  t.resource('sqs-queue', arns.queue('q'), {
    policy: policy(allow('sqs:SendMessage', arns.queue('q'), { Principal: { AWS: ACCOUNT_A } })),
  });
  const readAll = t.managedPolicy('ReadAll', policy(allow(['s3:Get*', 's3:List*', 'kms:Decrypt'], '*')));
  const redOnly = t.managedPolicy(
    'RedOnly',
    policy(allow('sqs:*', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red' } } })),
  );
  const orgWrite = t.managedPolicy('OrgWrite', policy(allow('s3:PutObject', 'arn:aws:s3:::org/*')));
  const alice = t.user('alice', { tags: { team: 'red' } });
  const bob = t.user('bob', { tags: { team: 'blue' } });
  t.user('carol', { tags: { team: 'red' }, boundary: policy(allow('s3:List*', '*')) });
  t.user('ivan', { tags: { team: 'red' } });
  t.user('dave', { account: ACCOUNT_B, tags: { team: 'red' } });
  t.user('erin', { managed: [readAll, redOnly], tags: { team: 'red' } });
  t.user('frank', { managed: [readAll, redOnly], tags: { team: 'blue' } });
  t.user('gina', { managed: [readAll] });
  t.user('hank', { managed: [readAll] });
  t.group('writers', [alice, bob], { managed: [orgWrite] });
  t.role('r1', { tags: { team: 'red' } });
  t.role('r2', { tags: { team: 'blue' } });
  const engine = t.engine();
  const m = buildMatrix(engine);

  it('agrees with deciding every action of every cell one by one', () => {
    // (The one-by-one oracle does not try the narrower object patterns: homes is checked below.)
    const columns = m.resources.filter((r) => r.name !== 'homes').map((r) => r.arn);
    expect(expectSameAsBruteForce(engine, buildMatrix(engine, { resources: columns }))).toBeGreaterThan(50);
  });

  it('rows built alone equal the rows built after others', () => {
    m.principals.forEach((p, i) => {
      const alone = buildMatrix(engine, { principals: [p.arn] });
      expect(JSON.stringify(alone.cells.row(0)), p.name).toBe(JSON.stringify(m.cells.row(i)));
    });
  });

  it('keeps apart what the principal decides: tags, a Principal naming one user, its own folder', () => {
    expect(cellOf(m, 'alice', 'tagged', 'Read').access).toBe('allow');
    expect(cellOf(m, 'bob', 'tagged', 'Read').access).toBe('deny');
    expect(cellOf(m, 'alice', 'named', 'List').access).toBe('allow');
    expect(cellOf(m, 'bob', 'named', 'List').access).toBe('deny');
    expect(cellOf(m, 'alice', 'homes', 'Write').actions[0]?.conditions).toEqual([
      'only objects matching arn:aws:s3:::homes/alice/*',
    ]);
    expect(cellOf(m, 'bob', 'homes', 'Write').actions[0]?.conditions).toEqual([
      'only objects matching arn:aws:s3:::homes/bob/*',
    ]);
    // The same managed policies, but RedOnly's condition reads the principal's tag.
    expect(cellOf(m, 'erin', 'q', 'Write').actions.map((a) => a.action)).toContain('sqs:DeleteMessage');
    expect(cellOf(m, 'frank', 'q', 'Write').access).toBe('deny');
    // Another account: the bucket policy's aws:PrincipalAccount does not match.
    expect(cellOf(m, 'ivan', 'org', 'Read').access).toBe('allow');
    expect(cellOf(m, 'dave', 'org', 'Read').access).toBe('deny');
  });
});

describe('buildMatrix reads every resource-based policy the engine decides with', () => {
  // DOC.governs: a data access policy (unmodelled: kept under a stand-in ARN, `Resource.governs`)
  // may be the policy of any collection of the account. Only it could grant another account's
  // principal, so the pruning must not skip the column for rows no identity policy reaches it from.
  const COLLECTION = 'arn:aws:aoss:us-east-1:111122223333:collection/k2l3m4';
  for (const input of ['aoss.yaml', 'tf'])
    it(`a policy that may govern the column makes its cells indeterminate, as decide does (${input})`, () => {
      const model = loadModelSync(
        [`test/fixtures/governed-arns/${input}`],
        input === 'tf' ? {} : { account: '111122223333', region: 'us-east-1' },
      );
      const engine = compileModel(model);
      const m = buildMatrix(engine, {
        principals: ['arn:aws:iam::444455556666:root', ...model.roles.map((r) => r.arn)],
        resources: [COLLECTION],
      });
      expectSameAsBruteForce(engine, m);
      const cell = m.cells.at(0, 0).find((c) => c.actions.some((a) => a.action === 'aoss:APIAccessAll'));
      expect(cell?.access).toBe('indeterminate');
    });
});

describe('buildMatrix agrees with decide where other worlds decide (an unstated account or region)', () => {
  // src/engine/account-worlds.ts, src/engine/region-worlds.ts: a statement naming another
  // account or region may apply in some world, so the pruning must not skip it; the cells come
  // out indeterminate as decide's answers do. IAM User Guide, "IAM identifiers": the ARN's
  // "region" and "account-id" fields are what a Resource element matches,
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
  for (const [input, options] of [
    ['test/fixtures/region-worlds/cfn/no-region.json', { account: '123456789012' }],
    ['test/fixtures/region-worlds/tf', { account: '123456789012' }],
    ['test/fixtures/region-worlds/cfn/no-region.json', {}],
  ] as const)
    it(`every cell as deciding each action one by one (${input} ${JSON.stringify(options)})`, () => {
      const engine = compileModel(loadModelSync([input], options));
      const m = buildMatrix(engine);
      expectSameAsBruteForce(engine, m);
      const cells = m.cells.toJSON().flat(2);
      expect(cells.some((c) => c.access === 'indeterminate')).toBe(true);
    });

  it('a column naming another region than the stand-in: rows of one class are not shared there', () => {
    // `ann` may send to every queue of "this region" (the stand-in), `bob` to none: a queue in
    // eu-west-1 is ann's were the stack deployed there, never bob's.
    const b = new ModelBuilder();
    b.addAccount('111122223333', PLACEHOLDER_REGION);
    b.markRegionStandIn('111122223333');
    const source = { file: 'matrix.test.ts' };
    const doc = (statements: unknown[]) =>
      parsePolicy({ Version: '2012-10-17', Statement: statements }, { kind: 'identity', source });
    // One managed policy with Resource `*` (the rows' class), and ann's own specific Resource.
    const common = b.addManagedPolicy({
      name: 'common',
      account: '111122223333',
      document: doc([{ Effect: 'Allow', Action: 'sqs:GetQueueUrl', Resource: '*' }]),
      source,
    });
    for (const [name, extra] of [
      ['bob', []],
      [
        'ann',
        [
          {
            Effect: 'Allow',
            Action: 'sqs:SendMessage',
            Resource: `arn:aws:sqs:${PLACEHOLDER_REGION}:111122223333:*`,
          },
        ],
      ],
    ] as const) {
      const u = b.addUser({ name, account: '111122223333', source });
      b.attachManagedPolicy(u, { policyArn: common, source });
      if (extra.length) b.addInlinePolicy(u, { name: 'p', document: doc([...extra]), source });
    }
    const engine = compileModel(b.build());
    const m = buildMatrix(engine, {
      principals: ['arn:aws:iam::111122223333:user/bob', 'arn:aws:iam::111122223333:user/ann'],
      resources: ['arn:aws:sqs:eu-west-1:111122223333:elsewhere'],
    });
    expectSameAsBruteForce(engine, m);
    const send = m.cells
      .at(1, 0)
      .flatMap((c) => c.actions)
      .find((a) => a.action === 'sqs:SendMessage');
    expect(send?.access).toBe('indeterminate');
  });

  it('a policy naming another account while the deploying account is unstated', () => {
    const template = {
      Resources: {
        Jobs: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'jobs' } },
        Dev: {
          Type: 'AWS::IAM::User',
          Properties: {
            UserName: 'dev',
            Policies: [
              {
                PolicyName: 'named',
                PolicyDocument: {
                  Version: '2012-10-17',
                  Statement: [allow('sqs:SendMessage', 'arn:aws:sqs:eu-west-1:111122223333:jobs')],
                },
              },
            ],
          },
        },
      },
    };
    const b = new ModelBuilder();
    loadTemplateObject(template, b, { file: 'named.json' });
    const engine = compileModel(b.build());
    const m = buildMatrix(engine);
    expectSameAsBruteForce(engine, m);
    const send = m.cells
      .at(0, col(m, 'jobs'))
      .flatMap((c) => c.actions)
      .find((a) => a.action === 'sqs:SendMessage');
    expect(send?.access).toBe('indeterminate');
  });
});

describe('buildMatrix with actionGrants', () => {
  const refKeys = (refs: readonly { stage: string; policy?: string; statement?: string }[]) =>
    [...new Set(refs.map((r) => `${r.stage}|${r.policy}|${r.statement}`))].sort();

  /** Every action's statements in the matrix are those a decision of that action alone names. */
  function expectActionGrantsAsDecided(engine: Engine, m: Matrix): number {
    let checked = 0;
    for (const [pi, p] of m.principals.entries())
      for (const [ri, r] of m.resources.entries())
        for (const cell of m.cells.at(pi, ri))
          for (const [i, a] of cell.actions.entries()) {
            // Object actions on an S3 bucket are decided on `BUCKET/*`; access found only on a
            // narrower object pattern is decided there (its conditions say which).
            if (a.conditions.some((c) => c.startsWith('only objects matching'))) continue;
            const objects = r.kind === 's3-bucket' && !a.action.toLowerCase().includes('bucket');
            const resource = objects ? `${r.arn}/*` : r.arn;
            const d = decideAnyContext(
              engine,
              { principal: p.arn, action: a.action, resource },
              { trace: true },
            );
            if (d.access !== a.access) continue; // an action on both witnesses: the bucket's result shows
            expect(refKeys(cell.actionGrants?.[i] ?? cell.grants), `${p.name} ${a.action} ${r.name}`).toEqual(
              refKeys(d.grants),
            );
            checked++;
          }
    return checked;
  }

  it("records each action's own statements, as deciding that action names them; the rest of the matrix is unchanged", () => {
    for (const mutation of [{}, { removeInternBoundary: true }, { publicSalesBucket: true }]) {
      const e = compileModel(buildCompany1(mutation));
      const plain = buildMatrix(e, { includeRoles: true });
      const m = buildMatrix(e, { includeRoles: true, actionGrants: true });
      expect(expectActionGrantsAsDecided(e, m)).toBeGreaterThan(50);
      // Some level is granted by more than one decision, and only such cells carry per-action lists.
      expect(
        m.cells
          .toJSON()
          .flat(2)
          .some((c) => c.actionGrants),
      ).toBe(true);
      const strip = (x: Matrix) =>
        JSON.parse(JSON.stringify(x, (k, v) => (k === 'actionGrants' ? undefined : v))) as unknown;
      expect(strip(m)).toEqual(strip(plain));
      expect(
        plain.cells
          .toJSON()
          .flat(2)
          .some((c) => c.actionGrants),
      ).toBe(false);
    }
  });
});
