// biome-ignore-all lint/suspicious/noTemplateCurlyInString: test names quote CloudFormation ${AWS::Region}.
// A region the inputs do not pin down (src/model/region-substitution.ts, src/engine/region-worlds.ts):
// the stand-in region in ARNs (`PLACEHOLDER_REGION` when no region is given, `UNKNOWN_REGION` for
// a Terraform provider alias whose region is unknown) is neither equal nor unequal to a region a
// policy names: a decision that would differ were the stand-in that region is indeterminate, with
// a reason naming --region (or the provider configuration's region). Comparisons of the stand-in
// with itself (`Fn::GetAtt Queue.Arn`, `${AWS::Region}`, a Terraform resource's own `arn`) stay
// decided, and giving the region makes every decision decided again.
//
// AWS rules pinned here (IAM User Guide):
// - ARN format, "IAM identifiers": "region – The Region code. For example, us-east-2 for US East
//   (Ohio)." — the region is a field of the ARN a Resource element matches.
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
// - aws:RequestedRegion: "Use this key to compare the AWS Region that was called in the request
//   with the Region that you specify in the policy."
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requestedregion
// - Policy evaluation logic: "An explicit deny in any of these policies overrides the allow."
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LoadOptions, loadModelSync } from '../src/adapters/load.js';
import { checkOnly, checkOnlyPrincipals } from '../src/analysis/exhaustive.js';
import { decideAnyContext } from '../src/analysis/free-decision.js';
import { ACCESS_LEVELS, buildMatrix } from '../src/analysis/matrix/build.js';
import { buildMatrixParallel } from '../src/analysis/matrix/workers.js';
import { whoCan } from '../src/analysis/who-can.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { namedRegions, regionAlternatives } from '../src/model/region-substitution.js';
import { PLACEHOLDER_REGION, UNKNOWN_REGION } from '../src/model/stand-ins.js';
import type { Model } from '../src/model/types.js';
import { parsePolicy } from '../src/policy/parse.js';
import { runCli } from './fixtures/cli/run.js';

const ACCOUNT = '123456789012';
const CFN = 'test/fixtures/region-worlds/cfn/no-region.json';
const TF = 'test/fixtures/region-worlds/tf';
const DEV = `arn:aws:iam::${ACCOUNT}:user/dev`;
const source = { file: 'region-worlds.test.ts' };

function load(input: string, options: LoadOptions = {}) {
  const model = loadModelSync([input], { account: ACCOUNT, ...options });
  const queue = model.resources.find((r) => r.kind === 'sqs-queue')!;
  return { model, engine: compileModel(model), queue: queue.arn };
}

describe('CloudFormation without a region: the stand-in stands for the deploying region', () => {
  it('the queue ARN holds the stand-in, and the account is marked', () => {
    const { model, queue } = load(CFN);
    expect(queue).toBe(`arn:aws:sqs:${PLACEHOLDER_REGION}:${ACCOUNT}:jobs`);
    expect(model.accounts.find((a) => a.id === ACCOUNT)?.regionIsStandIn).toBe(true);
  });

  it('an Allow naming eu-west-1 and a Deny naming eu-west-1: indeterminate, the reason naming --region', () => {
    const { engine, queue } = load(CFN);
    for (const action of ['sqs:SendMessage', 'sqs:DeleteMessage']) {
      const d = engine.decide({ principal: DEV, action, resource: queue }, { trace: true });
      expect(d.decision).toBe('indeterminate');
      const entry = d.trace!.find((t) => t.message.includes('--region'));
      expect(entry?.message).toContain('eu-west-1');
      expect(entry?.outcome).toBe('unknown');
      expect(entry?.cause?.reason).toContain('--region');
    }
  });

  it('comparisons of the stand-in with itself (GetAtt, ${AWS::Region}) stay decided', () => {
    const { engine, queue } = load(CFN);
    expect(engine.decide({ principal: DEV, action: 'sqs:ReceiveMessage', resource: queue }).decision).toBe(
      'allow',
    );
    expect(engine.decide({ principal: DEV, action: 'sqs:PurgeQueue', resource: queue }).decision).toBe(
      'allow',
    );
  });

  it('--region makes it decided: eu-west-1 allows the send and denies the delete, us-west-2 the reverse', () => {
    const ie = load(CFN, { region: 'eu-west-1' });
    expect(ie.queue).toBe(`arn:aws:sqs:eu-west-1:${ACCOUNT}:jobs`);
    const or = load(CFN, { region: 'us-west-2' });
    const d = (x: typeof ie, action: string) =>
      x.engine.decide({ principal: DEV, action, resource: x.queue }).decision;
    expect([d(ie, 'sqs:SendMessage'), d(ie, 'sqs:DeleteMessage'), d(ie, 'sqs:ReceiveMessage')]).toEqual([
      'allow',
      'deny',
      'allow',
    ]);
    expect([d(or, 'sqs:SendMessage'), d(or, 'sqs:DeleteMessage'), d(or, 'sqs:ReceiveMessage')]).toEqual([
      'deny',
      'allow',
      'allow',
    ]);
  });

  it('a request naming a region the policies compare with the stand-in (${AWS::Region}): indeterminate', () => {
    // PurgeThisRegion allows `arn:aws:sqs:${AWS::Region}:ACCOUNT:*`: a queue in eu-west-1 is
    // covered exactly when the stack deploys there.
    const { engine } = load(CFN);
    const other = `arn:aws:sqs:eu-central-1:${ACCOUNT}:elsewhere`;
    expect(engine.decide({ principal: DEV, action: 'sqs:PurgeQueue', resource: other }).decision).toBe(
      'indeterminate',
    );
  });
});

describe('Terraform: a provider alias whose region is a variable without a value', () => {
  it('the queue ARN holds "unknown-region", with a tf/unknown-region warning', () => {
    const { model, queue } = load(TF);
    expect(queue).toBe(`arn:aws:sqs:${UNKNOWN_REGION}:${ACCOUNT}:dr-jobs`);
    expect(model.findings.some((f) => f.code === 'tf/unknown-region')).toBe(true);
  });

  it('an Allow naming eu-west-1: indeterminate, the reason naming the provider configuration', () => {
    const { engine, queue } = load(TF);
    const d = engine.decide({ principal: DEV, action: 'sqs:SendMessage', resource: queue }, { trace: true });
    expect(d.decision).toBe('indeterminate');
    const entry = d.trace!.find((t) => t.cause?.reason.includes('tf/unknown-region'));
    expect(entry?.message).toContain('eu-west-1');
    expect(entry?.message).toContain('--var');
  });

  it("the queue's own ARN (aws_sqs_queue.dr_jobs.arn) compares with itself: decided", () => {
    const { engine, queue } = load(TF);
    expect(engine.decide({ principal: DEV, action: 'sqs:ReceiveMessage', resource: queue }).decision).toBe(
      'allow',
    );
  });

  it('aws:RequestedRegion of a resource in the unknown region is unknown: a Deny on it is indeterminate', () => {
    const { engine, queue } = load(TF);
    expect(engine.decide({ principal: DEV, action: 'sqs:DeleteMessage', resource: queue }).decision).toBe(
      'indeterminate',
    );
  });

  it('--var dr_region=… makes it decided', () => {
    const ie = load(TF, { vars: { dr_region: 'eu-west-1' } });
    const or = load(TF, { vars: { dr_region: 'us-west-2' } });
    expect(ie.queue).toBe(`arn:aws:sqs:eu-west-1:${ACCOUNT}:dr-jobs`);
    const d = (x: typeof ie, action: string) =>
      x.engine.decide({ principal: DEV, action, resource: x.queue }).decision;
    expect([d(ie, 'sqs:SendMessage'), d(ie, 'sqs:ReceiveMessage'), d(ie, 'sqs:DeleteMessage')]).toEqual([
      'allow',
      'allow',
      'deny',
    ]);
    expect([d(or, 'sqs:SendMessage'), d(or, 'sqs:ReceiveMessage'), d(or, 'sqs:DeleteMessage')]).toEqual([
      'deny',
      'allow',
      'allow',
    ]);
  });
});

describe('every analysis goes through the region worlds', () => {
  it('exhaustive only: the send to the queue is a violation, indeterminate (never a pass)', () => {
    const { engine, queue } = load(CFN);
    const r = checkOnly(engine, DEV, [
      { action: 'sqs:ReceiveMessage', resource: queue },
      { action: 'sqs:PurgeQueue', resource: '*' },
      { action: 'sqs:DeleteMessage', resource: '*' },
      { action: 'sts:AssumeRole', resource: '*' },
    ]);
    expect(r.holds).toBe(false);
    expect(r.violations.map((v) => [v.action, v.resource, v.access])).toContainEqual([
      'sqs:SendMessage',
      queue,
      'indeterminate',
    ]);
  });

  it('exhaustive onlyPrincipals and who-can: dev (directly) and Worker (and dev through it) are indeterminate', () => {
    const { engine, queue } = load(CFN);
    const send = checkOnlyPrincipals(engine, 'sqs:SendMessage', queue, []);
    expect(send.holds).toBe(false);
    expect(send.violations.map((v) => [v.principal, v.access])).toContainEqual([DEV, 'indeterminate']);
    const worker = `arn:aws:iam::${ACCOUNT}:role/Worker`;
    const vis = whoCan(engine, 'sqs:ChangeMessageVisibility', queue);
    expect(vis.entries.filter((e) => e.principal === worker).map((e) => e.access)).toEqual(['indeterminate']);
    const viaRole = vis.entries.find((e) => e.principal === DEV && e.path.length > 0);
    expect(viaRole?.access).toBe('indeterminate');
  });

  for (const [name, input] of [
    ['CloudFormation', CFN],
    ['Terraform', TF],
  ] as const)
    it(`the matrix agrees with deciding each action one by one, indeterminate cells included (${name})`, () => {
      const { engine, queue } = load(input);
      const m = buildMatrix(engine);
      const ri = m.resources.findIndex((r) => r.arn === queue);
      m.principals.forEach((p, pi) => {
        for (const cell of m.cells.at(pi, ri))
          for (const a of cell.actions) {
            const d = decideAnyContext(engine, { principal: p.arn, action: a.action, resource: queue });
            expect([p.name, a.action, a.access]).toEqual([p.name, a.action, d.access]);
          }
      });
      const dev = m.principals.findIndex((p) => p.arn === DEV);
      const write = m.cells.at(dev, ri)[ACCESS_LEVELS.indexOf('Write')]!;
      expect(write.actions.find((a) => a.action === 'sqs:SendMessage')?.access).toBe('indeterminate');
    });
});

describe('the matrix in worker threads', () => {
  it('equals the one built here: the workers decide in the same region worlds', async () => {
    const model = loadModelSync([TF], { account: ACCOUNT });
    const here = buildMatrix(compileModel(model));
    const there = await buildMatrixParallel(model, { workers: 2 });
    expect(there).toEqual(here);
    expect(JSON.stringify(there.cells)).toContain('indeterminate');
  });
});

/** A user `dev` with `identity` statements and a queue `q`, in an account whose region is a stand-in. */
function standInModel(identity: unknown[]): Model {
  const b = new ModelBuilder();
  b.addAccount(ACCOUNT, PLACEHOLDER_REGION);
  b.markRegionStandIn(ACCOUNT);
  const user = b.addUser({ name: 'dev', account: ACCOUNT, source });
  b.addInlinePolicy(user, {
    name: 'p',
    document: parsePolicy({ Version: '2012-10-17', Statement: identity }, { kind: 'identity', source }),
    source,
  });
  b.addResource({
    kind: 'sqs-queue',
    name: 'q',
    arn: `arn:aws:sqs:${PLACEHOLDER_REGION}:${ACCOUNT}:q`,
    account: ACCOUNT,
    region: PLACEHOLDER_REGION,
    source,
  });
  return b.build();
}

describe('the worlds', () => {
  it('a region pattern the stand-in does not match (us-*, eu-*) gets a world inside; one it matches (*-*), a world outside the others', () => {
    const names = namedRegions(
      standInModel([
        { Effect: 'Deny', Action: 'sqs:*', Resource: 'arn:aws:sqs:us-*:*:*' },
        { Effect: 'Allow', Action: 'sqs:*', Resource: 'arn:aws:sqs:eu-*:*:*' },
      ]),
    );
    const worlds = regionAlternatives(names, PLACEHOLDER_REGION, [PLACEHOLDER_REGION]);
    expect(worlds.some((r) => r.startsWith('eu-'))).toBe(true);
    expect(worlds.some((r) => r.startsWith('us-'))).toBe(true);
    // The stand-in (not a region code) matches `*-*`: a world of a region no other pattern names.
    const wide = namedRegions(
      standInModel([
        { Effect: 'Deny', Action: 'sqs:*', Resource: 'arn:aws:sqs:*-*:*:*' },
        { Effect: 'Allow', Action: 'sqs:*', Resource: 'arn:aws:sqs:us-*:*:*' },
      ]),
    );
    const outside = regionAlternatives(wide, PLACEHOLDER_REGION, [PLACEHOLDER_REGION]);
    expect(outside.some((r) => !r.startsWith('us-'))).toBe(true);
    const engine = compileModel(
      standInModel([
        { Effect: 'Allow', Action: 'sqs:*', Resource: '*' },
        { Effect: 'Deny', Action: 'sqs:*', Resource: 'arn:aws:sqs:us-*:*:*' },
      ]),
    );
    // Denied were the stack deployed in a us-* region, not elsewhere: indeterminate.
    const q = `arn:aws:sqs:${PLACEHOLDER_REGION}:${ACCOUNT}:q`;
    expect(engine.decide({ principal: DEV, action: 'sqs:SendMessage', resource: q }).decision).toBe(
      'indeterminate',
    );
  });

  it('an SCP naming us-east-1 stays us-east-1 in every world: a global-service request stays decided', () => {
    // aws:RequestedRegion of IAM is us-east-1 (its endpoint's Region) wherever the stack deploys;
    // the SCP's us-east-1 is that Region itself, not the stand-in.
    const m = standInModel([
      { Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' },
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:q` },
    ]);
    const scp = (statement: unknown) =>
      parsePolicy({ Version: '2012-10-17', Statement: [statement] }, { kind: 'scp', source });
    const b = new ModelBuilder();
    b.addAccount(ACCOUNT, PLACEHOLDER_REGION);
    b.addScp(ACCOUNT, scp({ Effect: 'Allow', Action: '*', Resource: '*' }));
    b.addScp(
      ACCOUNT,
      scp({
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1'] } },
      }),
    );
    const engine = compileModel({ ...m, organizations: b.build().organizations });
    expect(engine.decide({ principal: DEV, action: 'iam:GetUser', resource: DEV }).decision).toBe('allow');
  });

  it('a provider configuration of unknown region may be in the (unstated) deploying region', () => {
    // The policy names the deploying region (data.aws_region.current: the stand-in);
    // the queue is of a provider configuration whose region is unknown: were both the same
    // region, the policy would name the queue.
    const b = new ModelBuilder();
    b.addAccount(ACCOUNT, PLACEHOLDER_REGION);
    b.markRegionStandIn(ACCOUNT);
    const user = b.addUser({ name: 'dev', account: ACCOUNT, source });
    b.addInlinePolicy(user, {
      name: 'p',
      document: parsePolicy(
        {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'sqs:SendMessage',
              Resource: `arn:aws:sqs:${PLACEHOLDER_REGION}:${ACCOUNT}:*`,
            },
          ],
        },
        { kind: 'identity', source },
      ),
      source,
    });
    const q = `arn:aws:sqs:${UNKNOWN_REGION}:${ACCOUNT}:dr`;
    b.addResource({
      kind: 'sqs-queue',
      name: 'dr',
      arn: q,
      account: ACCOUNT,
      region: UNKNOWN_REGION,
      source,
    });
    const engine = compileModel(b.build());
    expect(engine.decide({ principal: DEV, action: 'sqs:SendMessage', resource: q }).decision).toBe(
      'indeterminate',
    );
  });

  it('a model whose region is stated has no worlds: the same policy decides', () => {
    const b = new ModelBuilder();
    b.addAccount(ACCOUNT, 'us-west-2');
    const user = b.addUser({ name: 'dev', account: ACCOUNT, source });
    b.addInlinePolicy(user, {
      name: 'p',
      document: parsePolicy(
        {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: 'arn:aws:sqs:eu-west-1:*:*' }],
        },
        { kind: 'identity', source },
      ),
      source,
    });
    const engine = compileModel(b.build());
    expect(engine.worldsMayMatter()).toBe(false);
    const q = `arn:aws:sqs:us-west-2:${ACCOUNT}:q`;
    expect(engine.decide({ principal: DEV, action: 'sqs:SendMessage', resource: q }).decision).toBe('deny');
  });

  it('property: a region a policy names is never decided equal or unequal to the stand-in', () => {
    const region = fc
      .tuple(
        fc.constantFrom('eu', 'ap', 'sa', 'ca', 'me', 'af', 'il'),
        fc.constantFrom('west', 'south', 'central'),
      )
      .chain(([a, b]) => fc.integer({ min: 1, max: 9 }).map((n) => `${a}-${b}-${n}`));
    fc.assert(
      fc.property(region, fc.constantFrom('allow-arn', 'deny-arn', 'deny-sourcearn'), (named, form) => {
        const identity =
          form === 'allow-arn'
            ? [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:${named}:${ACCOUNT}:q` }]
            : form === 'deny-arn'
              ? [
                  { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' },
                  { Effect: 'Deny', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:${named}:*:*` },
                ]
              : [
                  { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' },
                  {
                    Effect: 'Deny',
                    Action: 'sqs:SendMessage',
                    Resource: '*',
                    Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:sns:${named}:${ACCOUNT}:*` } },
                  },
                ];
        const engine = compileModel(standInModel(identity));
        const q = `arn:aws:sqs:${PLACEHOLDER_REGION}:${ACCOUNT}:q`;
        const context =
          form === 'deny-sourcearn'
            ? { context: { 'aws:SourceArn': `arn:aws:sns:${PLACEHOLDER_REGION}:${ACCOUNT}:topic` } }
            : {};
        expect(
          engine.decide({ principal: DEV, action: 'sqs:SendMessage', resource: q, ...context }).decision,
        ).toBe('indeterminate');
      }),
      { numRuns: 40 },
    );
  });
});

describe('the CLI', () => {
  it('explain names --region; with --region the answer is decided', async () => {
    const args = [
      'explain',
      CFN,
      '--account',
      ACCOUNT,
      '--principal',
      'user/dev',
      '--action',
      'sqs:SendMessage',
      '--resource',
    ];
    // The stack's own queue (its ARN holds the stand-in): allowed were it deployed to eu-west-1.
    const unknown = await runCli([...args, `arn:aws:sqs:${PLACEHOLDER_REGION}:${ACCOUNT}:jobs`]);
    expect(unknown.stdout).toContain('INDETERMINATE');
    expect(unknown.stdout).toContain('--region');
    // A queue named in us-east-1 itself is in us-east-1 wherever the stack deploys: denied.
    const literal = await runCli([...args, `arn:aws:sqs:us-east-1:${ACCOUNT}:jobs`]);
    expect(literal.stdout).toContain('DENY');
    const known = await runCli([...args, `arn:aws:sqs:eu-west-1:${ACCOUNT}:jobs`, '--region', 'eu-west-1']);
    expect(known.stdout).toContain('ALLOW');
  });
});
