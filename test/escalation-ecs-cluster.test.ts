// ECS Exec (ecs:ExecuteCommand, and ecs:UpdateService turning it on) is decided on a task of the
// cluster the ECS service running the task definition runs in (aws/role-uses.ts `ecsExecRoutes`).
// Before round 6 the requests named a task and a service of a probe cluster (`task/iamspec-probe/…`),
// so a policy limited to one cluster's tasks (`…:task/prod/*`) read as not covering them: no
// finding and a passing `noEscalation` where the developer could run commands as the task role.
// Now the service's cluster (CloudFormation Cluster, Terraform cluster: a name, an ARN, a reference
// to the configuration's cluster; left out, the default cluster) is the cluster of the request;
// a cluster the inputs do not pin down is indeterminate with why, never a silent "no path".
//
// Pages:
// - Amazon ECS API Reference, CreateService, cluster: "The short name or full Amazon Resource Name
//   (ARN) of the cluster that you run your service on. If you do not specify a cluster, the default
//   cluster is assumed", https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html
// - Service Authorization Reference, Amazon ECS, resource types: task
//   `arn:${Partition}:ecs:${Region}:${Account}:task/${ClusterName}/${TaskId}`, service
//   `arn:${Partition}:ecs:${Region}:${Account}:service/${ClusterName}/${ServiceName}`,
//   https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html
// - AWS CloudFormation, AWS::ECS::Cluster ClusterName: "If you don't specify a name, AWS
//   CloudFormation generates a unique physical ID for the name"; Ref: "returns the resource name".
// - Terraform AWS provider, aws_ecs_service, cluster: "ARN of an ECS cluster".

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { compileModel } from '../src/engine/index.js';
import { modelOf } from './fixtures/cfn/load.js';
import { cfnAdminRole, cfnTaskDefinition, cfnUser } from './helpers/cfn-templates.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';
import { tfAdminEcsTaskDefinition } from './helpers/terraform-roles.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const DEV = 'arn:aws:iam::111122223333:user/dev';
const DETAIL = 'ecs:ExecuteCommand on a task with a task role';
const PROD_TASKS = 'arn:aws:ecs:*:111122223333:task/prod/*';

interface Statement {
  actions: readonly string[];
  resource: string;
}

/** An administrator task role, its task definition, cluster `cluster` and service `service`, dev with `allow`. */
function loadTf(cluster: string, service: string, allow: readonly Statement[]) {
  const dir = tempDir('iamspec-ecs-cluster-');
  const statements = allow.map((s) => ({ Effect: 'Allow', Action: s.actions, Resource: s.resource }));
  writeFileIn(
    dir,
    'main.tf',
    `${tfAdminEcsTaskDefinition()}
variable "cluster" { type = string }
${cluster}
${service}
resource "aws_iam_user" "dev" { name = "dev" }
resource "aws_iam_user_policy" "p" {
  user = aws_iam_user.dev.name
  policy = ${JSON.stringify(JSON.stringify({ Version: '2012-10-17', Statement: statements }))}
}
`,
  );
  const engine = compileModel(loadModelSync([dir], { account: '111122223333', region: 'us-west-2' }));
  return results(engine);
}

function results(engine: ReturnType<typeof compileModel>) {
  const found = [...escalationFindings(engine, [DEV]).values()].filter((f) => f.detail === DETAIL);
  return { found, check: noEscalationCheck(engine, 'user/dev') };
}

const prodCluster = 'resource "aws_ecs_cluster" "prod" { name = "prod" }';
const tfService = (cluster: string, exec = 'true') => `resource "aws_ecs_service" "web" {
  name = "web"
  task_definition = aws_ecs_task_definition.td.arn
  enable_execute_command = ${exec}
${cluster}
}`;

describe('Terraform: ECS Exec on the tasks of the service\u2019s cluster (Amazon ECS API Reference, CreateService cluster)', () => {
  it('cluster = aws_ecs_cluster.prod.arn, dev allowed ExecuteCommand on task/prod/*: a path (before: no finding, noEscalation passed)', () => {
    const r = loadTf(prodCluster, tfService('  cluster = aws_ecs_cluster.prod.arn'), [
      { actions: ['ecs:ExecuteCommand'], resource: PROD_TASKS },
    ]);
    expect(r.found.map((f) => f.severity)).toEqual(['medium']);
    expect(r.check.status).toBe('fail');
  });

  it('near-miss: dev allowed ExecuteCommand on another cluster\u2019s tasks only: no path', () => {
    const r = loadTf(prodCluster, tfService('  cluster = aws_ecs_cluster.prod.arn'), [
      { actions: ['ecs:ExecuteCommand'], resource: 'arn:aws:ecs:*:111122223333:task/staging/*' },
    ]);
    expect(r.found).toEqual([]);
    expect(r.check.status).toBe('pass');
  });

  it('cluster given by ARN: its name', () => {
    const r = loadTf('', tfService('  cluster = "arn:aws:ecs:us-west-2:111122223333:cluster/prod"'), [
      { actions: ['ecs:ExecuteCommand'], resource: PROD_TASKS },
    ]);
    expect(r.found.map((f) => f.severity)).toEqual(['medium']);
  });

  it('cluster left out: the default cluster (a policy on task/prod/* does not cover it, one on task/default/* does)', () => {
    const off = loadTf('', tfService(''), [{ actions: ['ecs:ExecuteCommand'], resource: PROD_TASKS }]);
    expect(off.found).toEqual([]);
    expect(off.check.status).toBe('pass');
    const on = loadTf('', tfService(''), [
      { actions: ['ecs:ExecuteCommand'], resource: 'arn:aws:ecs:*:111122223333:task/default/*' },
    ]);
    expect(on.found.map((f) => f.severity)).toEqual(['medium']);
  });

  it('ECS Exec off, dev also allowed ecs:UpdateService on service/prod/web: a path through the service of that cluster', () => {
    const r = loadTf(prodCluster, tfService('  cluster = aws_ecs_cluster.prod.arn', 'false'), [
      { actions: ['ecs:ExecuteCommand'], resource: PROD_TASKS },
      { actions: ['ecs:UpdateService'], resource: 'arn:aws:ecs:*:111122223333:service/prod/web' },
    ]);
    expect(r.found.map((f) => f.severity)).toEqual(['medium']);
    expect(r.check.status).toBe('fail');
  });

  it('cluster from a variable: indeterminate with why, never a silent pass', () => {
    const r = loadTf('', tfService('  cluster = var.cluster'), [
      { actions: ['ecs:ExecuteCommand'], resource: PROD_TASKS },
    ]);
    expect(r.found).toHaveLength(1);
    expect(r.found[0]!.severity).toBe('medium');
    expect(r.found[0]!.message).toContain('the cluster of ECS service web');
    expect(r.check.status).toBe('indeterminate');
  });
});

const taskStack = (cluster: string, serviceCluster: string) => `Resources:
${cfnAdminRole('TaskRole', 'task', 'ecs-tasks.amazonaws.com')}${cfnTaskDefinition('TaskRole', 'td')}${cluster}  Web:
    Type: AWS::ECS::Service
    Properties:
      ServiceName: web
      TaskDefinition: !Ref Td
      EnableExecuteCommand: true
${serviceCluster}${cfnUser('dev', 'dev', 'p', [`{ Effect: Allow, Action: ecs:ExecuteCommand, Resource: '${PROD_TASKS}' }`])}`;
const cfnCluster = (name: string) => `  Prod:
    Type: AWS::ECS::Cluster
    Properties: {${name}}
`;

describe('CloudFormation: ECS Exec on the tasks of the service\u2019s Cluster', () => {
  const load = (cluster: string, serviceCluster: string) =>
    results(
      compileModel(modelOf(taskStack(cluster, serviceCluster), { file: 'inline.yaml', stackName: 's' })),
    );

  it('Cluster: !Ref Prod, ClusterName prod: a path (before: no finding, noEscalation passed)', () => {
    const r = load(cfnCluster(' ClusterName: prod '), '      Cluster: !Ref Prod\n');
    expect(r.found.map((f) => f.severity)).toEqual(['medium']);
    expect(r.check.status).toBe('fail');
  });

  it('Cluster: !GetAtt Prod.Arn: the same cluster', () => {
    const r = load(cfnCluster(' ClusterName: prod '), '      Cluster: !GetAtt Prod.Arn\n');
    expect(r.found.map((f) => f.severity)).toEqual(['medium']);
  });

  it('near-miss: the service runs in cluster staging: no path', () => {
    const r = load(cfnCluster(' ClusterName: staging '), '      Cluster: !Ref Prod\n');
    expect(r.found).toEqual([]);
    expect(r.check.status).toBe('pass');
  });

  it('a cluster without ClusterName (a generated name): indeterminate with why', () => {
    const r = load(cfnCluster(''), '      Cluster: !Ref Prod\n');
    expect(r.found).toHaveLength(1);
    expect(r.found[0]!.severity).toBe('medium');
    expect(r.found[0]!.message).toContain('CloudFormation generates its name');
    expect(r.check.status).toBe('indeterminate');
  });
});
