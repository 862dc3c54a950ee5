// The assumed context (`--assume`, TLS by default) in role chains: the matrix's chains and
// who-can's paths decided each sts:AssumeRole hop with the assumed keys pinned and never again,
// so under `--assume aws:RequestedRegion=us-east-1` a role whose trust policy (or the caller's
// own policy) allows sts:AssumeRole only in eu-west-1 was left out of the chains, and the access
// reached through it was hidden: the matrix had no chain for the caller and who-can listed
// nobody. A hop now follows the rule of the cells (src/analysis/assumed-context.ts `hopContexts`,
// decided in one place: chains.ts `decideHop`): denied under the assumption, it is decided again
// with the assumed keys free and the chain is conditional on them.
//
// One assumed key is a fact for a hop: STS is called over HTTPS only (IAM User Guide, "Calling
// the IAM API using HTTP query requests", https://docs.aws.amazon.com/IAM/latest/UserGuide/programming.html:
// "You can access the IAM and AWS STS services programmatically using the Query API. Query API
// requests are HTTPS requests ..."; "Because the Query API returns sensitive information such as
// security credentials, you must use HTTPS with all API requests"), so `aws:SecureTransport` =
// `true` stays pinned for a hop and a trust policy allowing sts:AssumeRole only over plain HTTP is
// never satisfied (and the default assumption decides no hop twice).

import { describe, expect, it } from 'vitest';
import { generateOrg } from '../bench/generate-org.js';
import { assumptionMayHide, hopContexts } from '../src/analysis/assumed-context.js';
import { pathAccess } from '../src/analysis/chains.js';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { whoCan } from '../src/analysis/who-can.js';
import type { RequestContext } from '../src/engine/types.js';
import { DEFAULT_ASSUMED } from '../src/report/assumed.js';
import { ACCOUNT_A, allow, arns, policy, TestModel } from './helpers/engine-fixtures.js';

const STS_HTTPS =
  'IAM User Guide, "Calling the IAM API using HTTP query requests": "Because the Query API returns sensitive information such as security credentials, you must use HTTPS with all API requests", https://docs.aws.amazon.com/IAM/latest/UserGuide/programming.html';

const TLS = { 'aws:SecureTransport': 'true' };
const TLS_US_EAST_1 = { ...TLS, 'aws:RequestedRegion': 'us-east-1' };
const EU_ONLY = { Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } };
const HTTP_ONLY = { Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
const OBJECT = 'arn:aws:s3:::data/report.csv';

const trustAccount = (extra: Record<string, unknown> = {}) =>
  policy(allow('sts:AssumeRole', undefined, { Principal: { AWS: arns.root(ACCOUNT_A) }, ...extra }));

/**
 * User dev may assume role Reader (its own policy allows sts:AssumeRole on it, the trust policy
 * names the account), under `trustExtra` / `callerExtra`; Reader reads bucket data.
 */
function readerModel(trustExtra: Record<string, unknown>, callerExtra: Record<string, unknown> = {}) {
  const t = new TestModel();
  t.bucket('data');
  t.user('dev', { inline: [policy(allow('sts:AssumeRole', arns.role('Reader'), callerExtra))] });
  t.role('Reader', {
    trust: trustAccount(trustExtra),
    inline: [policy(allow('s3:GetObject', 'arn:aws:s3:::data/*'))],
  });
  return t;
}

function matrixChainOf(t: TestModel, assumed: RequestContext) {
  const m = buildMatrix(t.engine(), { principals: [arns.user('dev')], assumed });
  return m.chains[0]?.find((r) => r.role === arns.role('Reader'));
}

function whoCanThroughReader(t: TestModel, assumed: RequestContext) {
  return whoCan(t.engine(), 's3:GetObject', OBJECT, { assumed }).entries.find(
    (e) => e.principal === arns.user('dev') && e.path.some((h) => h.role === arns.role('Reader')),
  );
}

describe('role chains under an assumed context other than TLS: the assumption never hides a hop', () => {
  it('a trust policy allowing sts:AssumeRole only in another region: the matrix keeps the chain, conditional on it', () => {
    const chain = matrixChainOf(readerModel(EU_ONLY), TLS_US_EAST_1);
    expect(chain).toBeDefined();
    const { access, conditions } = pathAccess(chain!.path);
    expect(access).toBe('conditional');
    expect(conditions.join(' ')).toContain('aws:RequestedRegion');
  });

  it('who-can lists the caller through that role, conditional (it listed nobody)', () => {
    const entry = whoCanThroughReader(readerModel(EU_ONLY), TLS_US_EAST_1);
    expect(entry?.access).toBe('conditional');
    expect(entry?.conditions.join(' ')).toContain('aws:RequestedRegion');
  });

  it("the caller's own policy allowing sts:AssumeRole only in another region: the same", () => {
    const t = readerModel({}, EU_ONLY);
    expect(pathAccess(matrixChainOf(t, TLS_US_EAST_1)!.path).access).toBe('conditional');
    expect(whoCanThroughReader(t, TLS_US_EAST_1)?.access).toBe('conditional');
  });

  it('the assumption still settles a hop: allowed under the assumed region, not conditional', () => {
    const t = readerModel({ Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } });
    expect(pathAccess(matrixChainOf(t, TLS_US_EAST_1)!.path).access).toBe('allow');
    expect(whoCanThroughReader(t, TLS_US_EAST_1)?.access).toBe('allow');
  });

  it('a hop denied with the assumed keys free too stays out of the chains', () => {
    const t = readerModel({ Condition: { StringEquals: { 'aws:PrincipalAccount': '999988887777' } } });
    expect(matrixChainOf(t, TLS_US_EAST_1)).toBeUndefined();
    expect(whoCanThroughReader(t, TLS_US_EAST_1)).toBeUndefined();
  });
});

describe(`a hop is an STS request, made over HTTPS only (${STS_HTTPS})`, () => {
  it('a trust policy allowing sts:AssumeRole only over plain HTTP is never satisfied under TLS: no chain', () => {
    const t = readerModel(HTTP_ONLY);
    // the model has a statement the assumption could hide for a cell (an S3 request over HTTP) ...
    expect(assumptionMayHide(t.model(), DEFAULT_ASSUMED)).toBe(true);
    // ... but not for a hop: aws:SecureTransport is "true" for every STS request
    const contexts = hopContexts(t.model(), undefined, DEFAULT_ASSUMED);
    expect(contexts).toEqual({ assumed: TLS, free: TLS, again: false });
    expect(matrixChainOf(t, DEFAULT_ASSUMED)).toBeUndefined();
    expect(whoCanThroughReader(t, DEFAULT_ASSUMED)).toBeUndefined();
    // with TLS pinned together with another assumed key, the hop is decided again with only that key free
    expect(matrixChainOf(t, TLS_US_EAST_1)).toBeUndefined();
  });

  it('hopContexts: the TLS fact stays pinned in the free context, the other assumed keys go free', () => {
    const t = readerModel(EU_ONLY);
    expect(hopContexts(t.model(), { 'aws:sourceip': '10.0.0.1' }, TLS_US_EAST_1)).toEqual({
      assumed: { ...TLS_US_EAST_1, 'aws:sourceip': '10.0.0.1' },
      free: { ...TLS, 'aws:sourceip': '10.0.0.1' },
      again: true,
    });
    // an assumed aws:SecureTransport "false" is no STS fact: free for the hop
    expect(
      hopContexts(t.model(), undefined, {
        'aws:SecureTransport': 'false',
        'aws:RequestedRegion': 'us-east-1',
      }).free,
    ).toBeUndefined();
    // a key the request pins is not assumed: nothing to decide again
    expect(hopContexts(t.model(), { 'aws:RequestedRegion': 'eu-west-1' }, TLS_US_EAST_1).again).toBe(false);
  });

  it('decides again only where a statement could grant more with the other assumed keys free', () => {
    // no statement names aws:RequestedRegion: the bench organisation's case, one decision per hop
    expect(hopContexts(readerModel({}).model(), undefined, TLS_US_EAST_1).again).toBe(false);
    expect(hopContexts(readerModel(EU_ONLY).model(), undefined, TLS_US_EAST_1).again).toBe(true);
    // the bench organisation under the default assumption: every hop decided once
    const { model } = generateOrg({ principals: 200, resources: 100, policies: 120, seed: 1 });
    expect(hopContexts(model, undefined, DEFAULT_ASSUMED).again).toBe(false);
  });
});

describe(`a role column's sts:AssumeRole cell is an STS request too (${STS_HTTPS})`, () => {
  // The matrix decided a role column's cells with every assumed key free again, so a trust policy
  // allowing sts:AssumeRole only over plain HTTP showed a conditional cell on `aws:SecureTransport
  // is "false"` while the chains (rightly) had no hop: the cell now follows `hopContexts` too
  // (assumed-context.ts `againContexts`, `againContextOf`).
  function cellOf(t: TestModel, assumed: RequestContext) {
    const m = buildMatrix(t.engine(), {
      principals: [arns.user('dev')],
      resources: [arns.role('Reader')],
      includeRoles: true,
      assumed,
    });
    const levels = m.cells.row(0)[0]!;
    return levels.flatMap((c) => c.actions).find((a) => a.action === 'sts:AssumeRole');
  }

  it('a trust policy allowing sts:AssumeRole only over plain HTTP: denied, not conditional (as the chains)', () => {
    const t = readerModel(HTTP_ONLY);
    expect(cellOf(t, DEFAULT_ASSUMED)).toBeUndefined();
    expect(matrixChainOf(t, DEFAULT_ASSUMED)).toBeUndefined();
    // who-can on the role the same (it listed dev, conditional)
    const who = whoCan(t.engine(), 'sts:AssumeRole', arns.role('Reader'), { assumed: DEFAULT_ASSUMED });
    expect(who.entries.filter((e) => e.principal === arns.user('dev'))).toEqual([]);
  });

  it('another assumed key the trust policy conditions on still decides the cell again (conditional)', () => {
    const t = readerModel(EU_ONLY);
    expect(cellOf(t, TLS_US_EAST_1)?.access).toBe('conditional');
    expect(matrixChainOf(t, TLS_US_EAST_1)).toBeDefined();
  });

  it('an S3 request over plain HTTP is still decided again: its cell stays conditional', () => {
    const t = readerModel(HTTP_ONLY, {});
    t.user('web', { inline: [policy(allow('s3:GetObject', 'arn:aws:s3:::data/*', HTTP_ONLY))] });
    const m = buildMatrix(t.engine(), {
      principals: [arns.user('web')],
      resources: ['arn:aws:s3:::data'],
      assumed: DEFAULT_ASSUMED,
    });
    const actions = m.cells.row(0)[0]!.flatMap((c) => c.actions);
    expect(actions.find((a) => a.action === 's3:GetObject')?.access).toBe('conditional');
  });
});
