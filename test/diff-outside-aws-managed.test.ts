// AWS managed policies in the access diff's comparison outside the inputs (issue 16): the
// statements of an attached AWS managed policy the catalog holds (catalog/managed-policies.ts, the
// documents the engine decides with) are outside statements like the inputs' own
// (analysis/outside-grants.ts), compared on the witness columns (diff/outside-compare.ts): a newly
// attached AmazonS3ReadOnlyAccess shows its access added on the S3 ARN formats, the same policy on
// both sides (another attachment name) is no change, an ARN the catalog does not hold stays "not
// compared" with why, and an access snapshot written before (its key `managed ARN`) never holds
// the statements as they are: compared on the witnesses it records, else reported.
//
// AWS rules:
// - IAM User Guide, "Managed policies and inline policies" (access_policies_managed-vs-inline.html):
//   "AWS managed policies are standalone policies created and administered by AWS"; attached to a
//   principal they are identity-based policies like any other ("Standalone policy means that the
//   policy has its own Amazon Resource Name (ARN) that includes the policy name").
// - IAM User Guide, "Policy evaluation logic" (reference_policies_evaluation-logic.html): an
//   identity-based policy's Allow grants the request unless a Deny, a boundary or an SCP/RCP
//   says otherwise (AmazonS3ReadOnlyAccess allows `s3:Get*`, `s3:List*` on `*`: objects and buckets
//   of every account, not s3:PutObject).

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outsideGrants } from '../src/analysis/outside-grants.js';
import { loadModel } from '../src/index.js';
import {
  DEV,
  type DiffJson,
  diffJson,
  failOn,
  snapshotOf as writeSnapshot,
  tfAttachment,
  tfStates,
  tfUserPolicy,
} from './helpers/outside-states.js';

const { dir, write } = tfStates('iamspec-outside-aws-managed-');
const S3_READ_ONLY = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';

/** dev with the managed policies `attachments` (attachment id → ARN) and an `inline` policy. */
function state(name: string, attachments: Record<string, string>, inline = ''): string {
  const attached = Object.entries(attachments).map(([id, arn]) => tfAttachment(id, arn));
  return write(
    name,
    `resource "aws_iam_user" "dev" {
  name = "dev"
}
${attached.join('')}${inline ? tfUserPolicy(inline) : ''}`,
  );
}

const S3_READ = '{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::other/*" }';
const BASE = state('base', {});
const READ_ONLY = state('s3-read-only', { s3: S3_READ_ONLY });
// The same policy attached under another resource name: the same access.
const READ_ONLY_AGAIN = state('s3-read-only-again', { reader: S3_READ_ONLY });
const NOT_IN_CATALOG = state('not-in-catalog', { x: 'arn:aws:iam::aws:policy/NoSuchPolicyIamspecTest' });
const WIDE_BASE = state('wide-base', {}, S3_READ);
const WIDE = state('wide', { ro: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }, S3_READ);

/** `action on resource` of the added entries of a principal. */
const addedOf = (d: DiffJson, principal = DEV) =>
  d.added.filter((c) => c.principal === principal).map((c) => `${c.action} on ${c.resource}`);

describe('an AWS managed policy the catalog holds: its statements compared outside the inputs', () => {
  it('newly attached AmazonS3ReadOnlyAccess: its reads added on the S3 ARN formats, nothing not compared', async () => {
    const d = await diffJson(BASE, READ_ONLY);
    expect(d.notCompared).toBeUndefined();
    const added = addedOf(d);
    expect(added).toContain('s3:GetObject on arn:aws:s3:::*/*');
    expect(added).toContain('s3:GetBucketPolicy on arn:aws:s3:::*');
    // Requested on "*" (no resource type): decided there (diff/resourceless-compare.ts).
    expect(added).toContain('s3:ListAllMyBuckets on *');
    // Not what the policy does not allow.
    expect(added.filter((a) => /^s3:(Put|Delete)/.test(a))).toEqual([]);
    const get = d.added.find((c) => c.action === 's3:GetObject');
    expect(get?.grants.map((g) => g.policy)).toEqual([`AmazonS3ReadOnlyAccess (${S3_READ_ONLY})`]);
    expect(d.removed).toEqual([]);
    expect(await failOn(BASE, READ_ONLY)).toBe(1);
    // And removed the other way.
    const back = await diffJson(READ_ONLY, BASE);
    expect(back.notCompared).toBeUndefined();
    expect(back.removed.map((c) => `${c.action} on ${c.resource}`)).toContain(
      's3:GetObject on arn:aws:s3:::*/*',
    );
  });

  it('the same policy on both sides (another attachment): no access change, --fail-on added passes', async () => {
    const d = await diffJson(READ_ONLY, READ_ONLY_AGAIN);
    expect([d.added, d.removed, d.changed]).toEqual([[], [], []]);
    expect(d.notCompared).toBeUndefined();
    expect(await failOn(READ_ONLY, READ_ONLY_AGAIN)).toBe(0);
  });

  it('an AWS managed ARN the catalog does not hold: not compared, saying why; --fail-on added fails', async () => {
    const d = await diffJson(BASE, NOT_IN_CATALOG);
    expect(d.notCompared?.outside?.map((g) => [g.statement, g.why])).toEqual([
      [
        'the managed policy arn:aws:iam::aws:policy/NoSuchPolicyIamspecTest',
        'an AWS managed policy the catalog does not hold (its document is unknown)',
      ],
    ]);
    expect(await failOn(BASE, NOT_IN_CATALOG)).toBe(1);
  });

  it("ReadOnlyAccess (hundreds of services): the inputs' own statement still compared, its statements not compared with why", async () => {
    const d = await diffJson(WIDE_BASE, WIDE);
    const open = d.notCompared?.outside ?? [];
    expect(open.length).toBeGreaterThan(0);
    expect(new Set(open.map((g) => g.policy))).toEqual(new Set(['arn:aws:iam::aws:policy/ReadOnlyAccess']));
    for (const g of open) expect(g.why).toMatch(/not complete with the AWS managed policies' statements/);
    expect(await failOn(WIDE_BASE, WIDE)).toBe(1);
    // The same on both sides: nothing (held as it is, what else decides it the same).
    const same = await diffJson(WIDE, WIDE);
    expect(same.notCompared).toBeUndefined();
    expect(same.added).toEqual([]);
  });

  it('outsideGrants: one grant per statement, the policy its holder; the access summary keeps the ARN', async () => {
    const model = await loadModel([READ_ONLY], { account: '123456789012' });
    const grants = outsideGrants(model);
    expect(grants.map((g) => [g.policy, g.statement])).toEqual([
      [S3_READ_ONLY, expect.stringMatching(/^Allow .*s3:Get\*.*s3:List\* on \*$/)],
    ]);
    expect(grants[0]!.key).not.toMatch(/^managed /);
    expect(outsideGrants(model, undefined, { awsManaged: 'policy' }).map((g) => g.key)).toEqual([
      `managed ${S3_READ_ONLY}`,
    ]);
  });
});

describe('against an access snapshot', () => {
  const snapshotOf = (input: string, name: string) => writeSnapshot(input, join(dir, `${name}.json`));

  /** The snapshot as iamspec wrote it before it read AWS managed policies: the attachment's key. */
  function older(file: string, keepWitnesses: boolean): string {
    const value = JSON.parse(readFileSync(file, 'utf8')) as {
      outsideGrants: { principal: string; key: string; context?: string }[];
      outsideWitnesses?: unknown;
    };
    value.outsideGrants = value.outsideGrants.map((g) =>
      g.principal === DEV ? { ...g, key: `managed ${S3_READ_ONLY}` } : g,
    );
    if (!keepWitnesses) delete value.outsideWitnesses;
    const out = file.replace(/\.json$/, `-older-${keepWitnesses}.json`);
    writeFileSync(out, JSON.stringify(value));
    return out;
  }

  it('a snapshot holds the statements: the same state is no change; a base with no outside access reports them', async () => {
    const snap = await snapshotOf(READ_ONLY, 'read-only');
    const keys = (JSON.parse(readFileSync(snap, 'utf8')).outsideGrants as { key: string }[]).map(
      (g) => g.key,
    );
    expect(keys.some((k) => k.includes('s3:Get*'))).toBe(true);
    const same = await diffJson(snap, READ_ONLY);
    expect([same.added, same.removed, same.changed, same.notCompared]).toEqual([[], [], [], undefined]);
    // The base records no witness cells (no principal of it reaches outside the inputs): the new
    // statement is reported, as an inline one would be.
    const fromBase = await diffJson(await snapshotOf(BASE, 'base'), READ_ONLY);
    expect(fromBase.notCompared?.outside?.map((g) => g.policy)).toEqual([S3_READ_ONLY]);
  });

  it('an older snapshot (key `managed ARN`): compared on the witnesses it records, else reported, never passed silently', async () => {
    const snap = await snapshotOf(READ_ONLY, 'read-only-2');
    // Its witness cells decide the same access: no change, and nothing is taken as held.
    const withWitnesses = await diffJson(older(snap, true), READ_ONLY);
    expect(withWitnesses.added).toEqual([]);
    expect(withWitnesses.notCompared).toBeUndefined();
    // Without them: the statement is not held as it is, so it is reported and --fail-on added fails.
    const bare = older(snap, false);
    const d = await diffJson(bare, READ_ONLY);
    expect(d.notCompared?.outside?.map((g) => g.policy)).toEqual([S3_READ_ONLY]);
    expect(await failOn(bare, READ_ONLY)).toBe(1);
  });
});
