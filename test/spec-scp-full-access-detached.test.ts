// The spec's `scpFullAccessDetached:` states, as `--scp-full-access-detached` does, the roots, OUs
// and accounts FullAWSAccess has been detached from (src/spec/parse.ts, spec/account.ts
// `fullAccessDetachedLevels`, aws/org-managed-policies.ts `fullAccessMaybeAttached`).
//
// AWS Organizations API Reference, DetachPolicy: "Every root, OU, and account must have at least
// one SCP attached. If you want to replace the default FullAWSAccess policy with an SCP that limits
// the permissions that can be delegated, you must attach the replacement SCP before you can remove
// the default SCP. This is the authorization strategy of an "allow list"." Only where it is shown
// detached is an allow list the level's only Allow.

import { describe, expect, it } from 'vitest';
import { fullAccessDetachedLevels } from '../src/spec/account.js';
import { SpecError } from '../src/spec/errors.js';
import { parseSpec } from '../src/spec/parse.js';
import { runCli } from './fixtures/cli/run.js';
import { orgManagedTerraform } from './helpers/org-managed-terraform.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const EXPECT =
  'expect:\n  - principal: role/app\n    cannot: [ { action: s3:PutObject, resource: "arn:aws:s3:::b/k" } ]\n';

describe('scpFullAccessDetached in the spec', () => {
  it('takes one id or a list of root, OU and account ids', () => {
    expect(
      parseSpec(`version: 1\nscpFullAccessDetached: ou-ab12-11111111\n${EXPECT}`).scpFullAccessDetached,
    ).toEqual(['ou-ab12-11111111']);
    const spec = parseSpec(`version: 1\nscpFullAccessDetached: ["111122223333", r-ab12]\n${EXPECT}`);
    expect(spec.scpFullAccessDetached).toEqual(['111122223333', 'r-ab12']);
    expect(parseSpec(`version: 1\n${EXPECT}`).scpFullAccessDetached).toBeUndefined();
  });

  it('rejects what is not a root, OU or account id, at its place', () => {
    try {
      parseSpec(`version: 1\nscpFullAccessDetached: ["111122223333", prod]\n${EXPECT}`);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SpecError);
      expect((e as SpecError).message).toContain('not "prod"');
      expect((e as SpecError).pointer).toBe('/scpFullAccessDetached/1');
    }
  });

  it('adds to the levels given on the command line', () => {
    const spec = parseSpec(`version: 1\nscpFullAccessDetached: ["111122223333"]\n${EXPECT}`);
    expect(fullAccessDetachedLevels(['r-ab12', '111122223333'], spec)).toEqual(['r-ab12', '111122223333']);
    expect(fullAccessDetachedLevels(undefined, parseSpec(`version: 1\n${EXPECT}`))).toBeUndefined();
  });

  it('iamspec check reads the allow list as the only Allow there, as --scp-full-access-detached does', async () => {
    const config = orgManagedTerraform('allow list');
    const specs = tempDir('iamspec-scp-detached-');
    const run = async (field: string, extra: string[] = []) => {
      const file = writeFileIn(
        specs,
        `spec-${field.length}-${extra.length}.yaml`,
        `version: 1\n${field}${EXPECT}`,
      );
      return runCli(['check', config, '--spec', file, ...extra]);
    };
    const remains = 'FullAWSAccess may still be attached at 111122223333';
    expect((await run('')).stderr).toContain(remains);
    expect((await run('scpFullAccessDetached: ["111122223333"]\n')).stderr).not.toContain(remains);
    expect((await run('', ['--scp-full-access-detached', '111122223333'])).stderr).not.toContain(remains);
  });
});
