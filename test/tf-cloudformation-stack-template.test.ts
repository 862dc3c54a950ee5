// A CloudFormation stack deployed by Terraform (`aws_cloudformation_stack`) whose template_body is
// known is read through the CloudFormation adapter (model/deployed-template.ts,
// adapters/cloudformation/load.ts `loadDeployedTemplate`, adapters/terraform/handlers/deployments.ts
// `readDeployedStack`), in the provider's account and Region, with the `parameters` given.
// Terraform AWS provider, "Resource: aws_cloudformation_stack": "template_body - (Optional)
// Structure containing the template body (max size: 51,200 bytes)."; "template_url - (Optional)
// Location of a file containing the template body"; "parameters - (Optional) A map of Parameter
// structures that specify input parameters for the stack." Before, every such stack was a
// tf/unmodelled-deployment with stand-ins: a CDK bootstrap stack deployed by Terraform left
// `cannotBecome` indeterminate where the trusted account can become the execution role.

import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { compileModel } from '../src/engine/index.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import { runCli } from './fixtures/cli/run.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const PIPELINE = '999988887777';
const EXEC = `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-us-west-2`;
const PIPELINE_ROLE = `arn:aws:iam::${PIPELINE}:role/pipeline`;
const SPEC = `version: 1\nexpect:\n  - { id: e, principal: ${PIPELINE_ROLE}, cannotBecome: [ ${EXEC} ] }\n`;

/** A configuration directory deploying the CDK bootstrap template with `body` and `parameters`. */
function config(body: string, parameters: string): string {
  const dir = tempDir('iamspec-tf-cfn-');
  copyFileSync('test/fixtures/cloudformation/cdk-bootstrap-template.yaml', join(dir, 'bootstrap.yaml'));
  writeFileIn(
    dir,
    'main.tf',
    `provider "aws" {\n  region = "us-west-2"\n}\n\nvariable "trusted" {\n  type = string\n}\n\nresource "aws_cloudformation_stack" "bootstrap" {\n  name          = "CDKToolkit"\n  template_body = ${body}\n  parameters    = ${parameters}\n}\n`,
  );
  return dir;
}

const ADMIN = '"arn:aws:iam::aws:policy/AdministratorAccess"';
const TRUSTED = `{ TrustedAccounts = "${PIPELINE}", CloudFormationExecutionPolicies = ${ADMIN} }`;

function verdict(dir: string, vars: Record<string, string> = {}): string {
  const model = loadModelSync([dir], { account: ACCOUNT, vars });
  const engine = compileModel(model);
  return runSpec(model, parseSpec(SPEC), { engine }).expectations[0]!.status;
}

describe('aws_cloudformation_stack with a known template_body', () => {
  it('file("bootstrap.yaml") with --trust parameters: the trusted account can become the execution role (was indeterminate)', () => {
    const dir = config(`file("$\{path.module}/bootstrap.yaml")`, TRUSTED);
    expect(verdict(dir)).toBe('fail');
    // read as a stack: the roles are in the model, their sources in the template file
    const model = loadModelSync([dir], { account: ACCOUNT });
    const exec = model.roles.find((r) => r.arn === EXEC);
    expect(exec?.source?.file).toBe(join(dir, 'bootstrap.yaml'));
    expect(exec?.source?.logicalId).toBe('CloudFormationExecutionRole');
    expect(model.findings.some((f) => f.code === 'tf/unmodelled-deployment')).toBe(false);
  });

  it('near miss: without TrustedAccounts the pipeline account cannot become the execution role', () => {
    const dir = config('file("bootstrap.yaml")', `{ CloudFormationExecutionPolicies = ${ADMIN} }`);
    expect(verdict(dir)).toBe('pass');
  });

  it('a parameter known only from an unset variable is unknown, never its Default', () => {
    const dir = config(
      'file("bootstrap.yaml")',
      `{ TrustedAccounts = var.trusted, CloudFormationExecutionPolicies = ${ADMIN} }`,
    );
    expect(verdict(dir)).toBe('indeterminate');
    expect(verdict(dir, { trusted: PIPELINE })).toBe('fail');
  });

  it('a template_url (in S3) stays unread: stand-ins and the warning, indeterminate as before', () => {
    const dir = config('null\n  template_url  = "https://s3.amazonaws.com/b/bootstrap.yaml"', TRUSTED);
    const model = loadModelSync([dir], { account: ACCOUNT });
    expect(model.findings.some((f) => f.code === 'tf/unmodelled-deployment')).toBe(true);
    expect(model.roles.some((r) => r.arn === EXEC)).toBe(false);
  });

  it('a literal heredoc body: its sources are lines of the .tf file', async () => {
    const dir = config(
      `<<EOT\nResources:\n  Open:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: open\n      AssumeRolePolicyDocument:\n        Statement:\n          - { Effect: Allow, Principal: { AWS: "${PIPELINE}" }, Action: sts:AssumeRole }\nEOT`,
      '{}',
    );
    const model = loadModelSync([dir], { account: ACCOUNT });
    const open = model.roles.find((r) => r.arn === `arn:aws:iam::${ACCOUNT}:role/open`);
    expect(open?.source?.file).toBe(join(dir, 'main.tf'));
    expect(open?.source?.line).toBe(14); // `  Open:` in main.tf
  });

  it('the CLI (which imports the CloudFormation adapter only when needed) reads it too', async () => {
    const dir = config('file("bootstrap.yaml")', TRUSTED);
    const spec = writeFileIn(dir, 'spec.yaml', SPEC);
    const r = await runCli(['check', dir, '--spec', spec, '--account', ACCOUNT, '--format', 'json']);
    expect(JSON.parse(r.stdout).expectations[0].status).toBe('fail');
  });
});
