// The headline of `iamspec diff` (text, markdown, HTML) for access that becomes indeterminate:
// a role allowed s3:GetObject on a bucket in the base; the pull request writes the statement's
// resource from an import of another stack, so the access is indeterminate after it. Before the
// fix every format said the role "loses access" (allow ranks above indeterminate), although the
// unknown may allow it as before: the access is undecided, it may have changed either way. The
// categories come from one rule, `categoryOf` in src/report/diff-groups.ts, read by the headline,
// the markdown summary and every format's lines.

import { describe, expect, it } from 'vitest';
import { categoryOf } from '../src/report/diff-groups.js';
import { runCli, tempJson } from './fixtures/cli/run.js';
import { lambdaRoleReading } from './helpers/cfn-user-policy.js';

const ACCOUNT = ['--account', '111122223333', '--region', 'eu-west-1'];

function template(resource: unknown) {
  return {
    Resources: {
      Data: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'acme-data' } },
      App: lambdaRoleReading('App', 'AppData', resource),
    },
  };
}

const KNOWN = 'arn:aws:s3:::acme-data/*';
// biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string
const IMPORTED = { 'Fn::Sub': ['arn:aws:s3:::acme-${B}/*', { B: { 'Fn::ImportValue': 'shared-bucket' } }] };

describe('diff headline: allow -> indeterminate is undecided, not a loss', () => {
  it('the one rule: allow -> indeterminate is undecided; deny -> indeterminate gains; allow -> deny loses', () => {
    expect(categoryOf({ before: 'allow', after: 'indeterminate' })).toBe('undecided');
    // The unknown may allow it without its conditions: a possible gain (--fail-on added fails).
    expect(categoryOf({ before: 'conditional', after: 'indeterminate' })).toBe('gains');
    expect(categoryOf({ before: 'indeterminate', after: 'indeterminate' })).toBe('undecided');
    expect(categoryOf({ before: 'deny', after: 'indeterminate' })).toBe('gains');
    expect(categoryOf({ before: 'allow', after: 'deny' })).toBe('loses');
    expect(categoryOf({ before: 'allow', after: 'conditional' })).toBe('loses');
    expect(categoryOf({ before: 'conditional', after: 'conditional' })).toBe('reconditioned');
  });

  it('text, markdown and HTML say the access may have changed, and no format says it is lost', async () => {
    const base = await tempJson('base.json', template(KNOWN));
    const pr = await tempJson('pr.json', template(IMPORTED));
    const json = JSON.parse(
      (await runCli(['diff', '--base', base, pr, ...ACCOUNT, '--format', 'json'])).stdout,
    );
    expect(
      json.changed
        .filter((c: { action: string }) => c.action === 's3:GetObject')
        .map((c: { before: string; after: string }) => [c.before, c.after]),
    ).toEqual([['allow', 'indeterminate']]);
    const text = (await runCli(['diff', '--base', base, pr, ...ACCOUNT])).stdout;
    const headline = text.split('\n')[0]!;
    expect(headline).toContain("1 principal's access may have changed");
    expect(headline).not.toMatch(/lose/);
    expect(text).toContain('allow → indeterminate, may have changed');
    const md = (await runCli(['diff', '--base', base, pr, ...ACCOUNT, '--format', 'markdown'])).stdout;
    expect(md).toContain("1 principal's access may have changed");
    expect(md).toContain('access may have changed:');
    expect(md).not.toMatch(/lose/);
    const html = (await runCli(['diff', '--base', base, pr, ...ACCOUNT, '--format', 'html'])).stdout;
    expect(html).toContain('access may have changed');
    expect(html).not.toMatch(/principals? loses?/);
  });
});
