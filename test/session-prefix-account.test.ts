// A Principal naming a role session by ARN whose account is unknown (a parameter without a
// value: a partly known value) or "this account" (no --account): a request as the role stands
// for a session of any name, so it may be the session named (was: deny for the partly known one).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTemplateObject, parseTemplateText } from '../src/adapters/cloudformation/index.js';
import { compileModel } from '../src/engine/index.js';
import { couldBeSessionOf } from '../src/policy/partly-known.js';
import { ModelBuilder } from '../src/model/builder.js';
import { PLACEHOLDER_ACCOUNT } from '../src/model/stand-ins.js';
import { PartlyKnown, Unknown } from '../src/model/unknown.js';

const DOC =
  'IAM User Guide, "AWS JSON policy elements: Principal", Role session principals: "arn:aws:sts::AWS-account-ID:assumed-role/role-name/role-session-name", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#sts-session-principals';

const FILE = 'test/fixtures/principal-forms/session-account.yaml';

function engine() {
  const { value, locate } = parseTemplateText(readFileSync(FILE, 'utf8'), FILE);
  const b = new ModelBuilder();
  loadTemplateObject(value, b, { region: 'us-west-2', stackName: 's', file: FILE, locate });
  return compileModel(b.build());
}

describe('role-session principals whose account is unknown (DOC)', () => {
  it('a partly known session ARN may be a session of the role', () => {
    const acct = new Unknown('parameter Other has no value');
    const v = new PartlyKnown(['arn:aws:sts::', acct, ':assumed-role/ci/deploy'], acct);
    const own = `arn:aws:sts::${PLACEHOLDER_ACCOUNT}:assumed-role/ci/`;
    expect(couldBeSessionOf(v, own), DOC).toBe(true);
    expect(couldBeSessionOf(v, `arn:aws:sts::${PLACEHOLDER_ACCOUNT}:assumed-role/other/`)).toBe(false);
    // the session name unknown too: any completion starting with the prefix
    expect(
      couldBeSessionOf(new PartlyKnown(['arn:aws:sts::', acct, ':assumed-role/ci/', acct], acct), own),
    ).toBe(true);
  });

  it('a request as the role may be the session named: indeterminate (was: deny)', () => {
    const e = engine();
    const d = (resource: string, principal = 'arn:aws:iam::000000000000:role/ci') =>
      e.decide({ principal, action: 's3:GetObject', resource }).decision;
    // "this account" (no --account)
    expect(d('arn:aws:s3:::data-bkt/a/x'), DOC).toBe('indeterminate');
    // the account a parameter without a value
    expect(d('arn:aws:s3:::data-bkt/b/x'), DOC).toBe('indeterminate');
    // the session itself, and another session
    expect(d('arn:aws:s3:::data-bkt/a/x', 'arn:aws:sts::000000000000:assumed-role/ci/deploy')).toBe('allow');
    expect(d('arn:aws:s3:::data-bkt/a/x', 'arn:aws:sts::000000000000:assumed-role/ci/other')).toBe('deny');
  });
});
