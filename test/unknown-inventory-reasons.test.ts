// The unknown inventory (src/model/unknown-inventory.ts) lists each distinct reason of an
// element: a warning about a part inside an unknown's location (the CanonicalUser grantee of an
// ACL) does not hide the unknown itself (the ACL's e-mail grantee, whose account's canonical user
// the inputs do not show: Amazon S3 User Guide, "Access control list (ACL) overview", grantee by
// e-mail address, https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#specifying-grantee),
// while a warning about the whole element still explains what is inside it.

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { unknownValueFindings } from '../src/model/unknown-inventory.js';
import { runCli } from './fixtures/cli/run.js';

const PLAN = 'test/fixtures/terraform/acl-grants/plan.json';

describe('the unknown inventory', () => {
  it('lists the e-mail grantee of an ACL beside the CanonicalUser warning of the same ACL', async () => {
    const model = loadModelSync([PLAN]);
    const logs = model.findings.filter((f) => f.source?.address === 'aws_s3_bucket_acl.logs');
    expect(logs.map((f) => f.code).sort()).toEqual([
      'model/unknown-value',
      'policy/principal-canonical-user',
    ]);
    expect(logs.find((f) => f.code === 'model/unknown-value')!.message).toContain(
      'e-mail address audit@example.com',
    );
    const r = await runCli(['matrix', PLAN, '--show-warnings']);
    expect(r.stderr).toContain('e-mail address audit@example.com');
    expect(r.stderr).toContain('be2fe74dc7e8125d8f8fae89d90e6dfde9eabf8a1e69d55e94b009f900fd95a9');
  });

  it('a warning about the whole element still explains an unknown inside it', () => {
    const model = loadModelSync([PLAN]);
    const unknown = model.findings.find(
      (f) => f.code === 'model/unknown-value' && f.source?.address === 'aws_s3_bucket_acl.logs',
    )!;
    const whole = {
      code: 'tf/unknown-instances' as const,
      severity: 'warning' as const,
      message: 'the instances of aws_s3_bucket_acl.logs are not known',
      source: {
        file: unknown.source!.file,
        pointer: '/resource_changes/6',
        address: 'aws_s3_bucket_acl.logs',
      },
    };
    const without = unknownValueFindings(model, []);
    const withWhole = unknownValueFindings(model, [whole]);
    expect(without.some((f) => f.message === unknown.message)).toBe(true);
    expect(withWhole.some((f) => f.message === unknown.message)).toBe(false);
  });
});
