// SageMaker notebook instance lifecycle configurations of the inputs (aws/plain-resources.ts,
// model `plainResources`): rewriting one (sagemaker:UpdateNotebookInstanceLifecycleConfig, the
// escalation table's lifecycle row) names a configuration that exists already. Before, the
// inputs' configurations were not in the model, so the request stayed indeterminate even on one
// the inputs define ("the inputs define none it names: it may not exist"). Now a configuration of
// the inputs is a resource of the inputs: allowed on it, a sure path (noEscalation fails); on a
// name the inputs do not define, still indeterminate.
//
// Pages:
// - Service Authorization Reference, Amazon SageMaker AI, resource type
//   notebook-instance-lifecycle-config:
//   `arn:${Partition}:sagemaker:${Region}:${Account}:notebook-instance-lifecycle-config/${NotebookInstanceLifecycleConfigName}`
//   (checked against the catalog below).
// - Amazon SageMaker AI API Reference, UpdateNotebookInstanceLifecycleConfig: "Updates a notebook
//   instance lifecycle configuration created with the CreateNotebookInstanceLifecycleConfig API".

import { describe, expect, it } from 'vitest';
import { getResourceType } from '../src/catalog/index.js';
import { compileModel } from '../src/engine/index.js';
import type { Engine } from '../src/engine/engine.js';
import { modelOf } from './fixtures/cfn/load.js';
import { cfnAdminRole, cfnDevUser } from './helpers/cfn-templates.js';
import { LIFECYCLE_UPDATE, NOTEBOOK_RESTART } from './helpers/escalation-findings.js';
import { devEscalations } from './helpers/pass-role-starts.js';
import { tfAdminServiceRole, tfDevUserStatements } from './helpers/terraform-roles.js';
import { loadTerraformFiles } from './helpers/temp-inputs.js';

const [UPDATE, RESTART] = [LIFECYCLE_UPDATE, NOTEBOOK_RESTART];
const statements = (resource: string) => [
  { Action: RESTART, Resource: '*' },
  { Action: 'sagemaker:UpdateNotebookInstanceLifecycleConfig', Resource: resource },
];

function review(engine: Engine) {
  const r = devEscalations(engine);
  return { f: r.of(UPDATE), check: r.check };
}

it('the catalog\u2019s ARN format of a lifecycle configuration', () => {
  expect(getResourceType('sagemaker', 'notebook-instance-lifecycle-config')?.arns).toEqual([
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the catalog's ARN template
    'arn:${Partition}:sagemaker:${Region}:${Account}:notebook-instance-lifecycle-config/${NotebookInstanceLifecycleConfigName}',
  ]);
});

describe('CloudFormation: AWS::SageMaker::NotebookInstanceLifecycleConfig of the inputs', () => {
  const load = (resource: string, name = '      NotebookInstanceLifecycleConfigName: lc\n') =>
    review(
      compileModel(
        modelOf(
          `Resources:
${cfnAdminRole('NbRole', 'nbadmin', 'sagemaker.amazonaws.com')}  Nb:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      NotebookInstanceName: nb
      InstanceType: ml.t3.medium
      RoleArn: !GetAtt NbRole.Arn
  Lc:
    Type: AWS::SageMaker::NotebookInstanceLifecycleConfig
    Properties:
${name}      OnStart: [{ Content: ZWNobw== }]
${cfnDevUser(statements(resource))}`,
          { file: 'inline.yaml', stackName: 's' },
        ),
      ),
    );

  it('the rewrite allowed on configuration lc of the inputs: a sure path (was: indeterminate)', () => {
    const r = load('arn:aws:sagemaker:*:111122223333:notebook-instance-lifecycle-config/lc');
    expect(r.f).toBeDefined();
    expect(r.f?.indeterminate).toBeFalsy();
    expect(r.check.status).toBe('fail');
  });

  it('near miss: allowed on configuration other (not in the inputs): indeterminate, it may not exist', () => {
    const r = load('arn:aws:sagemaker:*:111122223333:notebook-instance-lifecycle-config/other');
    expect(r.f?.indeterminate).toBeTruthy();
    expect(r.check.status).toBe('indeterminate');
  });

  it('a configuration without a name (CloudFormation\u2019s), the rewrite allowed on any: a sure path', () => {
    const r = load('arn:aws:sagemaker:*:111122223333:notebook-instance-lifecycle-config/*', '');
    expect(r.f?.indeterminate).toBeFalsy();
    expect(r.check.status).toBe('fail');
  });
});

describe('Terraform: aws_sagemaker_notebook_instance_lifecycle_configuration of the inputs', () => {
  it('the rewrite allowed on configuration lc of the inputs: a sure path (was: indeterminate)', () => {
    const main = `${tfAdminServiceRole('nbadmin', 'sagemaker.amazonaws.com')}
resource "aws_sagemaker_notebook_instance" "nb" {
  name = "nb"
  instance_type = "ml.t3.medium"
  role_arn = aws_iam_role.nbadmin.arn
}
resource "aws_sagemaker_notebook_instance_lifecycle_configuration" "lc" {
  name = "lc"
  on_start = "ZWNobw=="
}
${tfDevUserStatements(statements('arn:aws:sagemaker:*:111122223333:notebook-instance-lifecycle-config/lc'))}
`;
    const r = review(
      compileModel(loadTerraformFiles(main, { account: '111122223333', region: 'us-west-2' })),
    );
    expect(r.f).toBeDefined();
    expect(r.f?.indeterminate).toBeFalsy();
    expect(r.check.status).toBe('fail');
  });
});
