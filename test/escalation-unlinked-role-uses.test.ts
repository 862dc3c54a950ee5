// A SageMaker notebook instance whose execution role the inputs do not pin down (RoleArn from
// Fn::ImportValue, a Terraform variable) may run as any role SageMaker may assume: the SageMaker
// methods onto each such role are indeterminate with why, as a Lambda function whose role is not
// linked already was (escalation.ts `unlinkedUsesFor`, `Model.unlinkedRoleUses`). Before round 7
// the notebook was dropped from the escalation targets: no finding and `noEscalation` passed.
//
// Pages:
// - Amazon SageMaker AI Developer Guide, "How to use SageMaker AI execution roles";
//   AWS::SageMaker::NotebookInstance RoleArn: "When you send any requests to AWS resources from
//   the notebook instance, SageMaker AI assumes this role to perform tasks on your behalf",
//   https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-notebookinstance.html
// - Amazon SageMaker AI API Reference, CreatePresignedNotebookInstanceUrl: "Returns a URL that you
//   can use to connect to the Jupyter server from a notebook instance",
//   https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreatePresignedNotebookInstanceUrl.html
// - IAM User Guide, "Terms and concepts for roles", service role: "An IAM role that a service
//   assumes to perform actions on your behalf" (only a role trusting sagemaker.amazonaws.com).

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { compileModel } from '../src/engine/index.js';
import { modelOf } from './fixtures/cfn/load.js';
import { cfnAdminRole, cfnDevUser, cfnNotebookInstance } from './helpers/cfn-templates.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';
import { tfAdminServiceRole, tfDevUser } from './helpers/terraform-roles.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const DEV = 'arn:aws:iam::111122223333:user/dev';
const URL = 'sagemaker:CreatePresignedNotebookInstanceUrl on a notebook instance with a role';

/** An administrator role `service` may assume and notebook nb whose RoleArn is imported. */
function load(service: string, actions: readonly string[]) {
  const template = `Resources:
${cfnAdminRole('Admin', 'nbadmin', service)}${cfnNotebookInstance('!ImportValue notebook-role')}${cfnDevUser([{ Action: actions, Resource: '*' }])}`;
  const engine = compileModel(modelOf(template, { file: 'inline.yaml', stackName: 's' }));
  return { found: escalationFindings(engine, [DEV]), check: noEscalationCheck(engine, 'user/dev') };
}

describe('a notebook instance whose role is unknown is an indeterminate target of the SageMaker methods', () => {
  it('CreatePresignedNotebookInstanceUrl: indeterminate with why (before: no finding, noEscalation passed)', () => {
    const r = load('sagemaker.amazonaws.com', ['sagemaker:CreatePresignedNotebookInstanceUrl']);
    const f = r.found.get(`${DEV} ${URL}`);
    expect(f).toBeDefined();
    expect(f!.message).toContain('the role of SageMaker notebook instance nb is not pinned down');
    expect(r.check.status).toBe('indeterminate');
  });

  it('near-miss: the only administrator role trusts another service (SageMaker cannot assume it): no path', () => {
    const r = load('ec2.amazonaws.com', ['sagemaker:CreatePresignedNotebookInstanceUrl']);
    expect(r.found.get(`${DEV} ${URL}`)).toBeUndefined();
    expect(r.check.status).toBe('pass');
  });

  it('near-miss: the request not allowed: no path', () => {
    const r = load('sagemaker.amazonaws.com', ['sagemaker:DescribeNotebookInstance']);
    expect(r.found.get(`${DEV} ${URL}`)).toBeUndefined();
    expect(r.check.status).toBe('pass');
  });

  it('Terraform: aws_sagemaker_notebook_instance role_arn from a variable: indeterminate (before: pass)', () => {
    const dir = tempDir('iamspec-unlinked-notebook-');
    writeFileIn(
      dir,
      'main.tf',
      `${tfAdminServiceRole('nb', 'sagemaker.amazonaws.com')}
variable "notebook_role" { type = string }
resource "aws_sagemaker_notebook_instance" "nb" {
  name = "nb"
  instance_type = "ml.t3.medium"
  role_arn = var.notebook_role
}
${tfDevUser(['sagemaker:CreatePresignedNotebookInstanceUrl'])}
`,
    );
    const engine = compileModel(loadModelSync([dir], { account: '111122223333', region: 'us-west-2' }));
    expect(escalationFindings(engine, [DEV]).get(`${DEV} ${URL}`)).toBeDefined();
    expect(noEscalationCheck(engine, 'user/dev').status).toBe('indeterminate');
  });
});
