// The witness search outside the inputs with an AWS managed policy whose Resource patterns make
// it incomplete (diff/outside-compare.ts `searchWitnesses`): SecurityAudit's API Gateway patterns
// (`arn:aws:apigateway:*::/apis/*/authorizers/*` and some forty more; a `*` ending an ARN field
// crosses colons, so each may match inside every API Gateway ARN format) leave each format's
// region search at its state limit. The search with the managed policy's statements is then
// discarded when the one without them is complete, so it stops at its first incomplete format:
// it went on through dozens of formats of 200,000 product states each, and `iamspec matrix
// --format json` on a user with SecurityAudit and one statement of its own ran for more than
// ten minutes. The per-test timeout is the failure signal of that hang (no timed assertion).
//
// AWS rules:
// - IAM User Guide, "IAM JSON policy elements: Resource" (reference_policies_elements_resource.html):
//   "If the * wildcard is the last character of a resource ARN segment, it can expand to match
//   beyond the colon boundaries" (why the patterns overlap every API Gateway format).
// - IAM User Guide, "Managed policies and inline policies" (access_policies_managed-vs-inline.html):
//   "AWS managed policies are standalone policies created and administered by AWS"; attached to a
//   principal they are identity-based policies like any other.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshotOf, tfAttachment, tfStates, tfUserPolicy } from './helpers/outside-states.js';

const { dir, write } = tfStates('iamspec-outside-search-stop-');
const SECURITY_AUDIT = 'arn:aws:iam::aws:policy/SecurityAudit';

const AUDITOR = write(
  'auditor',
  `resource "aws_iam_user" "dev" {
  name = "dev"
}
${tfAttachment('audit', SECURITY_AUDIT)}${tfUserPolicy('{ Effect = "Allow", Action = "lambda:InvokeFunction", Resource = "*" }')}`,
);

describe('outside witnesses with an AWS managed policy the search cannot finish', () => {
  it('a user with SecurityAudit and a statement of its own: the access snapshot is written', {
    // ~17 s of CPU; the hang it guards against ran past ten minutes, so a loaded CI machine gets room
    timeout: 180_000,
  }, async () => {
    const file = await snapshotOf(AUDITOR, join(dir, 'auditor.json'));
    const snapshot = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const text = JSON.stringify(snapshot);
    // The user's own statement is decided on the witness columns (Lambda functions outside the
    // inputs); SecurityAudit's statements are recorded, not dropped.
    expect(text).toContain('lambda:InvokeFunction');
    expect(text).toContain(SECURITY_AUDIT);
  });
});
