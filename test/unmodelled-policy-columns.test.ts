// Matrix columns of resources iamspec keeps only for a policy it does not model (an unmodelled
// resource type carrying a policy: AWS::CodeArtifact::Domain's PermissionsPolicyDocument, an
// S3 Tables bucket policy... in the public-access corpus template) show one honest state, "policy
// not modelled: might be open", for every principal, as the review's public-access finding says
// "might be open": not the actions of the stand-in ARN's service (cloudformation:DescribeStacks),
// and not "—" where a Terraform stand-in's service has no actions; the CSV says it in its reasons.

import { describe, expect, it } from 'vitest';
import { runCli } from './fixtures/cli/run.js';

const CFN =
  '../shared/corpus/cfn/awslabs__aws-cloudformation-iam-policy-validator__public-access.template.yaml';
const PLAN = '../shared/corpus/tfplan/awslabs__terraform-iam-policy-validator__public-access.tfplan.json';

async function matrix(input: string, format: string) {
  const r = await runCli(['matrix', input, '--format', format]);
  expect(r.code).toBe(0);
  return r.stdout;
}

describe('columns of resources whose policy is not modelled', () => {
  // (the Terraform stand-in's service, `terraform`, has no actions: no cell of the evaluated
  // matrix says "might be open", the review's finding says it all the same)
  for (const [name, input, column] of [
    ['CloudFormation', CFN, 'MyCodeArtifactDomain'],
    ['Terraform', PLAN, 'aws_codeartifact_domain_permissions_policy.example'],
  ] as const)
    it(`${name}: one state in every cell, flagged in the JSON, the finding says might be open`, async () => {
      const json = JSON.parse(await matrix(input, 'json'));
      const ri = json.resources.findIndex((r: { name: string }) => r.name === column);
      expect(ri).toBeGreaterThanOrEqual(0);
      expect(json.resources[ri].policyNotModelled).toBe(true);
      expect(
        json.risks.some(
          (f: { subject: string; message: string }) =>
            f.subject === json.resources[ri].arn && f.message.includes('might be open'),
        ),
      ).toBe(true);
      const md = (await matrix(input, 'markdown')).split('\n');
      const header = md.find((l) => l.startsWith('| Principal |'))!.split(' | ');
      const ci = header.findIndex((h) => h.replace(/\\_/g, '_') === column);
      expect(ci).toBeGreaterThan(0);
      const rows = md.filter((l) => /^\| (role|user)\//.test(l));
      expect(rows.length).toBeGreaterThan(0);
      // (with the footnotes of the reasons of its indeterminate levels, if any)
      for (const row of rows)
        expect(row.split(' | ')[ci]).toMatch(/^policy not modelled: might be open( \[\d+\](, \[\d+\])*)?$/);
      // The CSV says it too: indeterminate at every level, no actions, the state first in `reasons`.
      const csv = (await matrix(input, 'csv')).split('\r\n').slice(1, -1);
      const arn = json.resources[ri].arn as string;
      const records = csv.filter((l) => l.includes(`,${arn},`));
      expect(records.length).toBe(json.principals.length * json.levels.length);
      for (const l of records) {
        expect(l).toContain(',indeterminate,,');
        expect(l).toMatch(/,"?policy not modelled: might be open/);
      }
      const text = await matrix(input, 'text');
      expect(text).not.toMatch(/cloudformation:DescribeStacks/);
      expect(text).toContain(`: policy not modelled: might be open`);
    });
});
