// The assumed request context (TLS: aws:SecureTransport = "true") settles conditions but never
// hides access (src/analysis/assumed-context.ts): two holes it had.
//
// (b) A statement can use an assumed key through a policy variable, not only a Condition clause on
// it. IAM User Guide, "IAM policy elements: Variables and tags": "When the policy is evaluated,
// the policy variables are replaced with values that come from the conditional context keys
// passed in the request" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).
// `assumptionMayHide` looked only at clause keys, so a model whose only use of
// aws:SecureTransport was `${aws:SecureTransport}` (in a Resource, or in a condition value) was
// never decided again: the matrix showed deny where plain HTTP gives access (who-can, which
// always decides again, listed it). Amazon S3 User Guide, "Protecting data in transit with
// encryption": "Amazon S3 supports both HTTP and HTTPS protocols for data transmission. ... While
// HTTP traffic is accepted" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingEncryptionInTransit.html).
//
// (a) The programmatic access review (`accessReviewHtml`) took only `context`, which pins: a TLS
// value given there hides an HTTP-only grant, and there was no way to assume it as `iamspec
// matrix` does. It takes `assumed` now, as `buildMatrix` and `whoCan` do.

import { describe, expect, it } from 'vitest';
import { generateOrg } from '../bench/generate-org.js';
import { assumptionMayHide } from '../src/analysis/assumed-context.js';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import type { Access } from '../src/analysis/types.js';
import { whoCan } from '../src/analysis/who-can.js';
import { ACCESS_CODES, type ReviewCore } from '../src/report/html/review-data.js';
import { accessReviewHtml } from '../src/report/html/review-api.js';
import { allow, arns, deny, policy, TestModel } from './helpers/engine-fixtures.js';

const TLS = { 'aws:SecureTransport': 'true' };
const BUCKET = 'arn:aws:s3:::data';
const OBJECT = `${BUCKET}/false/report.csv`;

/** User `dev` allowed s3:GetObject on `data/${aws:SecureTransport}/*`: over HTTP, `data/false/*`. */
function resourceVariable(): TestModel {
  const t = new TestModel();
  t.bucket('data');
  t.user('dev', { inline: [policy(allow('s3:GetObject', `${BUCKET}/\${aws:SecureTransport}/*`))] });
  return t;
}

/**
 * User `dev`, tagged transport=false, allowed s3:GetObject on the bucket's objects, and a Deny
 * unless its tag equals `${aws:SecureTransport}`: under TLS the Deny applies, over HTTP it does not.
 */
function conditionValueVariable(): TestModel {
  const t = new TestModel();
  t.bucket('data');
  t.user('dev', {
    tags: { transport: 'false' },
    inline: [
      policy(
        allow('s3:GetObject', `${BUCKET}/*`),
        deny('s3:GetObject', `${BUCKET}/*`, {
          Condition: { StringNotEquals: { 'aws:PrincipalTag/transport': `\${aws:SecureTransport}` } },
        }),
      ),
    ],
  });
  return t;
}

describe('a policy variable on an assumed key counts as a use of it (the re-decision is made)', () => {
  it('in a condition value: the model may hide access under the assumption', () => {
    expect(assumptionMayHide(conditionValueVariable().engine().model, TLS)).toBe(true);
  });

  it('in a Resource: the matrix shows the access plain HTTP gives, as who-can does', () => {
    const engine = resourceVariable().engine();
    expect(assumptionMayHide(engine.model, TLS)).toBe(true);
    const m = buildMatrix(engine, { assumed: TLS, resources: [BUCKET] });
    const read = m.cells.row(0)[0]![1]!; // the Read level
    expect(read.access).toBe('conditional');
    expect(read.actions.map((a) => a.action)).toContain('s3:GetObject');
    // who-can, which decides every denied request again, agrees
    const who = whoCan(engine, 's3:GetObject', OBJECT, { assumed: TLS, direct: true });
    expect(who.entries.find((e) => e.principal === arns.user('dev'))?.access).toBe('conditional');
    // pinned, the request uses TLS: denied
    const pinned = buildMatrix(engine, { context: TLS, assumed: TLS, resources: [BUCKET] });
    expect(pinned.cells.row(0)[0]![1]!.access).toBe('deny');
  });

  it('a variable on another key does not switch the re-decision on, nor does the bench organisation', () => {
    const t = new TestModel();
    t.bucket('data');
    t.user('dev', { inline: [policy(allow('s3:GetObject', `${BUCKET}/\${aws:username}/*`))] });
    expect(assumptionMayHide(t.engine().model, TLS)).toBe(false);
    // the generator of the bench organisation (TLS-only Denies, Allows on TLS): decided once
    const { model } = generateOrg({ principals: 200, resources: 100, policies: 120, seed: 1 });
    expect(assumptionMayHide(model, TLS)).toBe(false);
  });
});

/** The access of each level of the review page's cell (`principal`, `resource`), from its data. */
function pageCell(html: string, principal: string, resource: string): Access[] {
  const json = /<script type="application\/json" id="review-data">(.*?)<\/script>/s.exec(html)![1]!;
  const core = JSON.parse(json) as ReviewCore;
  const index = (list: number[], arn: string) => {
    for (let i = 0; i < list.length / 4; i++) if (core.s[list[i * 4 + 1]!] === arn) return i;
    throw new Error(`${arn} not on the page`);
  };
  const p = index(core.p, principal);
  const r = index(core.r, resource);
  const pairs = core.rows[p]!;
  const n = core.levels.length;
  let column = -1;
  for (let i = 0; i < pairs.length; i += 2) {
    column += pairs[i]!;
    if (column !== r) continue;
    const shape = pairs[i + 1]!;
    return core.shapes.slice(shape * n, shape * n + n).map((lx) => ACCESS_CODES[core.lx[lx * 2]!]!);
  }
  return Array(n).fill('deny');
}

describe('accessReviewHtml: `assumed` assumes (as --assume), `context` pins (as --context)', () => {
  /** User `qa` allowed s3:* on qa-bucket only over HTTP; bucket `tls` denies anything without TLS. */
  function model(): TestModel {
    const t = new TestModel();
    t.bucket('qa-bucket');
    t.bucket('tls', {
      policy: policy(
        deny('s3:*', ['arn:aws:s3:::tls', 'arn:aws:s3:::tls/*'], {
          Principal: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      ),
    });
    t.user('qa', {
      inline: [
        policy(
          allow('s3:*', ['arn:aws:s3:::qa-bucket', 'arn:aws:s3:::qa-bucket/*'], {
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          allow('s3:GetObject', 'arn:aws:s3:::tls/*'),
        ),
      ],
    });
    return t;
  }
  const qa = arns.user('qa');

  it('assumed TLS: stated on the page, settles the TLS-only Deny and still shows the HTTP-only grant', () => {
    const html = accessReviewHtml(model().engine(), { assumed: TLS, generatedAt: 'now' });
    expect(html).toContain(
      '<p class="assumed" id="assumed">assumed: requests use TLS (aws:SecureTransport=true',
    );
    expect(pageCell(html, qa, 'arn:aws:s3:::tls')[1]).toBe('allow');
    expect(pageCell(html, qa, 'arn:aws:s3:::qa-bucket')[1]).toBe('conditional');
  });

  it('context TLS pins it: the HTTP-only grant is out (the request uses TLS); nothing: both conditional', () => {
    const pinned = accessReviewHtml(model().engine(), { context: TLS, generatedAt: 'now' });
    expect(pageCell(pinned, qa, 'arn:aws:s3:::qa-bucket')[1]).toBe('deny');
    expect(pageCell(pinned, qa, 'arn:aws:s3:::tls')[1]).toBe('allow');
    const free = accessReviewHtml(model().engine(), { generatedAt: 'now' });
    expect(free).not.toContain('id="assumed"');
    expect(pageCell(free, qa, 'arn:aws:s3:::tls')[1]).toBe('conditional');
    expect(pageCell(free, qa, 'arn:aws:s3:::qa-bucket')[1]).toBe('conditional');
  });
});
