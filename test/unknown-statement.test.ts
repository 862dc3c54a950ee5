// A statement that cannot be read at all (an import or a variable without a value in place of
// it) might allow or deny any action on any resource to any principal: every verdict it could
// change is indeterminate, never a pass because the statement "names no action". Both adapters,
// identity and resource-based policies; exhaustive checks (only, onlyPrincipals) and cannot.
//
// AWS rule (IAM User Guide, "Policy evaluation logic"): "An explicit deny in any of these
// policies overrides the allow." and "By default, all requests are implicitly denied" unless an
// applicable policy allows them: a statement whose effect and scope are unknown may do either.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html

import { describe, expect, it } from 'vitest';
import { runCli } from './fixtures/cli/run.js';

const FX = 'test/fixtures/unknown-statement';

describe('a wholly unknown statement makes the checks it could change indeterminate', () => {
  for (const [name, input, spec, extra] of [
    ['CloudFormation', `${FX}/template.yaml`, `${FX}/access.yaml`, ['--account', '111122223333']],
    ['Terraform', `${FX}/tf`, `${FX}/tf/access.yaml`, []],
  ] as const) {
    it(name, async () => {
      const r = await runCli(['check', input, '--spec', spec, '--format', 'json', ...extra]);
      const out = JSON.parse(r.stdout) as { expectations: { id: string; status: string }[] };
      expect(Object.fromEntries(out.expectations.map((e) => [e.id, e.status]))).toEqual({
        'nobody-reads': 'indeterminate',
        'r-only-puts': 'indeterminate',
        'r-cannot': 'indeterminate',
      });
      expect(r.code).toBe(1);
      const who = await runCli([
        'explain',
        input,
        ...extra,
        '--principal',
        'role/r',
        '--action',
        's3:GetObject',
        '--resource',
        'arn:aws:s3:::company-data/x',
      ]);
      expect(who.stdout).toMatch(/^INDETERMINATE/m);
    });
  }
});
