// The access diff's requests on "*" (diff/resourceless-compare.ts) decide an STS request as every
// other STS cell is decided (analysis/assumed-context.ts `againContexts` / `againContextOf`): the
// default assumption `aws:SecureTransport` = `true` is no assumption for STS, which is called over
// HTTPS only, so it stays pinned when a denied request is decided again. IAM User Guide, "Calling
// the IAM API using HTTP query requests": "Because the Query API returns sensitive information
// such as security credentials, you must use HTTPS with all API requests"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/programming.html). Amazon S3 accepts HTTP
// too (Amazon S3 User Guide, "Protecting data in transit with encryption": "Amazon S3 supports
// both HTTP and HTTPS protocols for data transmission"), so an S3 request on "*" allowed only
// without TLS stays a real, conditional access.
//
// Before, the requests on "*" were decided again with every assumed key free, STS ones too: an
// Allow of sts:DecodeAuthorizationMessage only when `aws:SecureTransport` is false was reported as access
// added (conditional), which no STS request can ever use; the matrix's role cells and the chains
// already pinned it.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { DEV, diffJson, snapshotOf, tfStates, tfUser, tfUserPolicy } from './helpers/outside-states.js';

const { dir, write } = tfStates('iamspec-resourceless-sts-');

const S3_READ = '{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::other/*" }';
const ACTIONS = '["s3:ListAllMyBuckets", "sts:DecodeAuthorizationMessage"]';
const WITHOUT_TLS = `{ Effect = "Allow", Action = ${ACTIONS}, Resource = "*", Condition = { Bool = { "aws:SecureTransport" = "false" } } }`;
const ALWAYS = `{ Effect = "Allow", Action = ${ACTIONS}, Resource = "*" }`;

// An access snapshot records what its matrix assumed (TLS by default) and its requests on "*"
// decided under it; the new state is decided under the same assumption.
describe('requests on "*" allowed only without TLS, in an access snapshot', () => {
  it('an STS one is no access (STS is HTTPS only), an S3 one is conditional', async () => {
    const before = write('without-tls', tfUser(false) + tfUserPolicy(`${S3_READ}, ${WITHOUT_TLS}`));
    const after = write('always', tfUser(false) + tfUserPolicy(`${S3_READ}, ${ALWAYS}`));
    const json = await diffJson(await snapshotOf(before, join(dir, 'without-tls.json')), after);
    const star = (changes: typeof json.added) =>
      changes
        .filter((c) => c.resource === '*')
        .map((c) => `${c.principal} ${c.action} ${c.before} -> ${c.after}`);
    // was `changed` from conditional: the snapshot held sts:DecodeAuthorizationMessage as
    // granted without TLS
    expect(star(json.added)).toEqual([`${DEV} sts:DecodeAuthorizationMessage deny -> allow`]);
    expect(star(json.changed)).toEqual([`${DEV} s3:ListAllMyBuckets conditional -> allow`]);
    expect(json.notCompared).toBeUndefined();
  });
});
