// The guest-role finding reads whether a resource policy names the guest role's session
// (analysis/cognito-guests.ts `namedBySession`): IAM User Guide, "Session policies": "Permissions
// for a resource-based policy that specifies the ARN of the session are not limited by session
// policy." A session ARN naming the role in other letter case may name it (IAM API Reference,
// CreateRole: "Names are not distinguished by case"; engine/compile-policy.ts `caseVariantOf`).
// Before, such a name was "not named": the finding said Cognito's scope-down leaves the guests
// nothing (low) although the bucket policy may grant their sessions S3 beyond it.

import { describe, expect, it } from 'vitest';
import { weakFederatedTrusts } from '../src/analysis/federated-trust.js';
import { compileModel } from '../src/engine/index.js';
import { ACCOUNT, GUEST_DIR, guestTemplateModel } from './helpers/cognito-guests.js';

describe('a resource policy naming the guest role session in other letter case', () => {
  it('is not read as leaving the guests nothing beyond the scope-down', () => {
    const findings = weakFederatedTrusts(
      compileModel(guestTemplateModel(`${GUEST_DIR}/session-case.yaml`, 'sc')),
    );
    const [f] = findings.filter((x) => x.subject === `arn:aws:iam::${ACCOUNT}:role/S3GuestRole`);
    expect(f).toBeDefined();
    expect(f?.message).not.toContain('allows none of the actions the role');
    expect(f?.severity).not.toBe('low');
  });
});
