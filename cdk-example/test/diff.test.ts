// `iamspec diff` on the company1 CDK app: the base synthesized as is, the "pull request" with
// three mutations of SCENARIO.md (the intern's boundary also allows s3:GetObject on the logs,
// Lambda joins Company1-Logs-Role's trust, the GitHub deploy role's trust loses its `sub`
// condition). The markdown is the README's example, byte for byte (paths as a CI job in the
// directory of base.out and pr.out sees them), and `--fail-on risk` fails on the weak trust.
//
// AWS rules behind the entries (IAM User Guide):
// - a permissions boundary "sets the maximum permissions that an identity-based policy can grant
//   to an IAM entity": https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
// - GitHub's OIDC token names the repository and branch in its `sub` claim, which the role's trust
//   policy must test (the weak-federated-trust risk; the rule and its quote are in
//   test/federation-risks.test.ts): https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/fixtures/cli/run.js';
import { createCompany1App } from '../lib/app.js';
import { parseMutations } from '../lib/company1-stack.js';

const dir = mkdtempSync(join(tmpdir(), 'iamspec-company1-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MUTATIONS = 'internBoundaryAllowsGetObject,lambdaTrustsLogsRole,githubDeployWithoutSub';

function synth(name: string, mutate?: string): string {
  const outdir = join(dir, name);
  createCompany1App({ outdir, mutations: parseMutations(mutate) }).app.synth();
  return outdir;
}

/** The README's markdown example (the ````markdown block of the diff section). */
function readmeExample(): string {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## What a change grants: `iamspec diff`'));
  const m = /````markdown\n([\s\S]*?)\n````/.exec(section);
  expect(m, 'the README has a markdown example in its diff section').not.toBeNull();
  return m![1]!;
}

describe('iamspec diff of the company1 app and a pull request with three mutations', () => {
  const base = synth('base.out');
  const pr = synth('pr.out', MUTATIONS);

  it('prints the markdown of the README, and --fail-on risk exits 1 on the new weak trust', async () => {
    const r = await runCli(['diff', '--base', base, pr, '--format', 'markdown', '--fail-on', 'risk']);
    expect(r.code, r.stderr).toBe(1);
    const markdown = r.stdout.split(`${dir}/`).join('').trimEnd();
    expect(markdown).toContain(
      '**2 principals gain access, 1 has access under other conditions; 1 new risk finding**',
    );
    expect(markdown).toMatch(/user\/Sara-intern.*gains access/);
    expect(markdown).toMatch(/no token\.actions\.githubusercontent\.com:sub condition/);
    expect(markdown).toBe(readmeExample());
  });
});
