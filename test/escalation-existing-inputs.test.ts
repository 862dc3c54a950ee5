// Follow-ups of the pass-role and update-code starts on compute that exists already
// (escalation-methods.ts `ComputeRequest.existing`, decided by escalation-existing-starts.ts):
// - a SageMaker lifecycle configuration rewritten (UpdateNotebookInstanceLifecycleConfig) names
//   one that exists already: on a pattern of the policies it stays open, "on an existing resource
//   matching P", as every other existing-resource start (was: decided on the probe name only, so a
//   policy allowing it on `notebook-instance-lifecycle-config/team-*` gave no finding and
//   noEscalation passed);
// - the inputs' compute is matched with its Region: a use whose Region the inputs do not pin down
//   (a Glue development endpoint of a template deployed in another Region than the account's
//   first) is no sure start on the ARN of the account's Region (was: sure);
// - an EKS cluster of the inputs (model `eksClusters`) is a resource of the inputs: a pod identity
//   association on it is a sure start (was: indeterminate, "it may not exist").
//
// Pages:
// - Amazon SageMaker AI API Reference, UpdateNotebookInstanceLifecycleConfig: "Updates a notebook
//   instance lifecycle configuration created with the CreateNotebookInstanceLifecycleConfig API"
//   (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_UpdateNotebookInstanceLifecycleConfig.html).
// - Amazon EKS API Reference, CreatePodIdentityAssociation: "Creates an EKS Pod Identity
//   association between a service account in an Amazon EKS cluster and an IAM role with EKS Pod
//   Identity" (https://docs.aws.amazon.com/eks/latest/APIReference/API_CreatePodIdentityAssociation.html).
// - AWS General Reference, "Amazon Resource Names (ARNs)": "region: The Region code ... For
//   example, us-east-2 for US East (Ohio)": a resource's ARN holds its Region, and the same name
//   in another Region is another resource.

import { describe, expect, it } from 'vitest';
import { parseTemplateText } from '../src/adapters/cloudformation/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { modelOf, modelOfTemplate } from './fixtures/cfn/load.js';
import {
  CFN_GLUE_DEV_ENDPOINT,
  cfnAdminRole,
  cfnDevUser,
  cfnEcsService,
  cfnLowRole,
  cfnNotebookInstance,
  cfnTaskDefinition,
} from './helpers/cfn-templates.js';
import { LIFECYCLE_UPDATE, NOTEBOOK_RESTART } from './helpers/escalation-findings.js';
import {
  type DevStatement as Statement,
  devAndAdminEngine,
  devEscalations as review,
} from './helpers/pass-role-starts.js';

const PASS = { Action: 'iam:PassRole', Resource: '*' };

describe('SageMaker: rewriting an existing lifecycle configuration', () => {
  const [UPDATE, RESTART] = [LIFECYCLE_UPDATE, NOTEBOOK_RESTART];
  const TEAM = 'arn:aws:sagemaker:*:111122223333:notebook-instance-lifecycle-config/team-*';
  const load = (statements: readonly Statement[]) =>
    review(
      compileModel(
        modelOf(
          `Resources:
${cfnAdminRole('NbRole', 'nbadmin', 'sagemaker.amazonaws.com')}${cfnNotebookInstance('!GetAtt NbRole.Arn')}${cfnDevUser(statements)}`,
          { file: 'inline.yaml', stackName: 's' },
        ),
      ),
    );

  it('allowed only on team-* configurations: indeterminate, naming the pattern (was: no finding, pass)', () => {
    const r = load([
      { Action: RESTART, Resource: '*' },
      { Action: 'sagemaker:UpdateNotebookInstanceLifecycleConfig', Resource: TEAM },
    ]);
    expect(r.of(UPDATE)).toBeDefined();
    expect(r.why(UPDATE)).toContain(
      `sagemaker:UpdateNotebookInstanceLifecycleConfig on an existing resource matching ${TEAM}`,
    );
    expect(r.check.status).toBe('indeterminate');
  });

  it('near miss: the rewrite denied on team-*: no finding, pass', () => {
    const r = load([
      { Action: RESTART, Resource: '*' },
      { Action: 'sagemaker:UpdateNotebookInstanceLifecycleConfig', Resource: TEAM },
      { Effect: 'Deny', Action: 'sagemaker:UpdateNotebookInstanceLifecycleConfig', Resource: '*' },
    ]);
    expect(r.of(UPDATE)).toBeUndefined();
    expect(r.check.status).toBe('pass');
  });
});

describe('the inputs\u2019 compute matched with its Region', () => {
  const ENDPOINT = CFN_GLUE_DEV_ENDPOINT;
  const ANY_GLUE = 'iam:PassRole to new glue.amazonaws.com compute';

  /** dev and the administrator role in a us-east-1 stack, the endpoint in a stack of `region`. */
  function analyse(resource: string, region: string) {
    const builder = new ModelBuilder();
    const load = (text: string, file: string, r: string) => {
      const { value, locate } = parseTemplateText(text, file);
      return modelOfTemplate(
        value,
        { account: '111122223333', region: r, stackName: file, file, locate },
        builder,
      );
    };
    load(
      `Resources:\n${cfnAdminRole('Svc', 'svcadmin', 'glue.amazonaws.com')}${cfnDevUser([PASS, { Action: 'glue:UpdateDevEndpoint', Resource: resource }])}`,
      'dev.yaml',
      'us-east-1',
    );
    return review(compileModel(load(`Resources:\n${ENDPOINT}`, 'endpoint.yaml', region)));
  }

  it('an endpoint of a stack in eu-west-1, the request allowed on us-east-1 dev-1 only: indeterminate (was: sure)', () => {
    const r = analyse('arn:aws:glue:us-east-1:111122223333:devEndpoint/dev-1', 'eu-west-1');
    expect(r.of(ANY_GLUE)).toBeDefined();
    expect(r.why(ANY_GLUE)).toContain('glue:UpdateDevEndpoint on an existing resource matching');
    expect(r.check.status).toBe('indeterminate');
  });

  it('every stack in us-east-1: the endpoint of the inputs, a sure start', () => {
    const r = analyse('arn:aws:glue:us-east-1:111122223333:devEndpoint/dev-1', 'us-east-1');
    expect(r.of(ANY_GLUE)?.indeterminate).toBeFalsy();
    expect(r.check.status).toBe('fail');
  });
});

describe('an EKS cluster of the inputs', () => {
  const ANY_PODS = 'iam:PassRole to new pods.eks.amazonaws.com compute';
  const CLUSTER = `  Prod:
    Type: AWS::EKS::Cluster
    Properties:
      Name: prod
      RoleArn: arn:aws:iam::111122223333:role/eks-cluster
      ResourcesVpcConfig: { SubnetIds: [subnet-1, subnet-2] }
`;
  const load = (resource: string, cluster = CLUSTER) =>
    review(
      devAndAdminEngine(
        'pods.eks.amazonaws.com',
        [PASS, { Action: 'eks:CreatePodIdentityAssociation', Resource: resource }],
        cluster,
      ),
    );

  it('CreatePodIdentityAssociation on cluster/prod, a cluster of the inputs: sure (was: indeterminate)', () => {
    const r = load('arn:aws:eks:*:111122223333:cluster/prod');
    expect(r.of(ANY_PODS)?.indeterminate).toBeFalsy();
    expect(r.of(ANY_PODS)?.message).toContain('prod');
    expect(r.check.status).toBe('fail');
  });

  it('near miss: allowed on cluster/staging only: indeterminate (staging may exist), not sure', () => {
    const r = load('arn:aws:eks:*:111122223333:cluster/staging');
    expect(r.why(ANY_PODS)).toContain(
      'on an existing resource matching arn:aws:eks:*:111122223333:cluster/staging',
    );
    expect(r.check.status).toBe('indeterminate');
  });
});

// Amazon ECS API Reference, UpdateService, taskDefinition: "The family and revision
// (family:revision) or full ARN of the task definition to run in your service. ... If you modify
// the task definition with UpdateService, Amazon ECS spawns a task with the new version of the task
// definition" (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html);
// Amazon ECS Developer Guide, "Amazon ECS task IAM role": the task role is what the application
// code on the container uses; IAM User Guide, "Grant a user permissions to pass a role to an AWS
// service": "To pass a role (and its permissions) to an AWS service, a user must have permissions
// to pass the role to the service."
describe('ecs:UpdateService: a service of the inputs switched to a revision running as the passed role', () => {
  const ANY_ECS = 'iam:PassRole to new ecs-tasks.amazonaws.com compute';
  const SERVICE = `${cfnLowRole('ecs-tasks.amazonaws.com')}${cfnTaskDefinition()}${cfnEcsService(
    'main',
    '      ServiceName: web\n',
  )}`;
  const load = (statements: readonly Statement[]) =>
    review(devAndAdminEngine('ecs-tasks.amazonaws.com', statements, SERVICE));

  it('on service main/web of the inputs: sure (was: no pass-role finding)', () => {
    const r = load([
      PASS,
      { Action: 'ecs:UpdateService', Resource: 'arn:aws:ecs:*:111122223333:service/main/web' },
    ]);
    expect(r.of(ANY_ECS)).toBeDefined();
    expect(r.of(ANY_ECS)?.indeterminate).toBeFalsy();
    expect(r.check.status).toBe('fail');
  });

  it('on service/main/team-* (no such service in the inputs): indeterminate, naming the pattern', () => {
    const pattern = 'arn:aws:ecs:*:111122223333:service/main/team-*';
    const r = load([PASS, { Action: 'ecs:UpdateService', Resource: pattern }]);
    expect(r.why(ANY_ECS)).toContain(`ecs:UpdateService on an existing resource matching ${pattern}`);
    expect(r.check.status).toBe('indeterminate');
  });

  it('near miss: no iam:PassRole: no finding, pass', () => {
    const r = load([{ Action: 'ecs:UpdateService', Resource: '*' }]);
    expect(r.of(ANY_ECS)).toBeUndefined();
    expect(r.check.status).toBe('pass');
  });
});

// Amazon SageMaker AI API Reference, UpdateNotebookInstance, RoleArn: "The Amazon Resource Name
// (ARN) of the IAM role that SageMaker AI can assume to access the notebook instance ... To be able
// to pass this role to SageMaker AI, the caller of this API must have the iam:PassRole permission"
// (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_UpdateNotebookInstance.html).
describe('sagemaker:UpdateNotebookInstance giving an existing notebook instance another role', () => {
  const ANY_SAGEMAKER = 'iam:PassRole to new sagemaker.amazonaws.com compute';
  const NOTEBOOK = `${cfnLowRole('sagemaker.amazonaws.com')}${cfnNotebookInstance('!GetAtt Low.Arn')}`;
  const load = (statements: readonly Statement[]) =>
    review(devAndAdminEngine('sagemaker.amazonaws.com', statements, NOTEBOOK));

  it('on notebook instance nb of the inputs: sure (was: no pass-role finding)', () => {
    const r = load([
      PASS,
      {
        Action: 'sagemaker:UpdateNotebookInstance',
        Resource: 'arn:aws:sagemaker:*:111122223333:notebook-instance/nb',
      },
    ]);
    expect(r.of(ANY_SAGEMAKER)).toBeDefined();
    expect(r.of(ANY_SAGEMAKER)?.indeterminate).toBeFalsy();
    expect(r.check.status).toBe('fail');
  });

  it('on notebook-instance/team-*: indeterminate, naming the pattern', () => {
    const pattern = 'arn:aws:sagemaker:*:111122223333:notebook-instance/team-*';
    const r = load([PASS, { Action: 'sagemaker:UpdateNotebookInstance', Resource: pattern }]);
    expect(r.why(ANY_SAGEMAKER)).toContain(
      `sagemaker:UpdateNotebookInstance on an existing resource matching ${pattern}`,
    );
    expect(r.check.status).toBe('indeterminate');
  });

  it('near miss: no iam:PassRole: no finding, pass', () => {
    const r = load([{ Action: 'sagemaker:UpdateNotebookInstance', Resource: '*' }]);
    expect(r.of(ANY_SAGEMAKER)).toBeUndefined();
    expect(r.check.status).toBe('pass');
  });
});
