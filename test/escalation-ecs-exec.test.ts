// ECS Exec (ecs:ExecuteCommand) reaches a task's role only when the task runs with the feature
// turned on. Before round 5 the escalation table's ECS Exec row (escalation-methods.ts) was a path
// onto the task role of every task definition: an ECS service that leaves it off still gave a
// finding and a failed `noEscalation`, and a task definition no service of the inputs runs was a
// certain path. Now the ECS service's EnableExecuteCommand / enable_execute_command decides it
// (aws/role-uses.ts `ecsExecRoutes`): on, a path; off (or left out, the default), no path; unknown or
// no service of the inputs, indeterminate with why. The CloudFormation cases are in
// escalation-catalogue.test.ts; these are the Terraform adapter's.
//
// Pages:
// - Amazon ECS API Reference, CreateService, enableExecuteCommand: "Determines whether the execute
//   command functionality is turned on for the service. If true, this enables execute command
//   functionality on all containers in the service tasks",
//   https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html
// - Terraform AWS provider, aws_ecs_service, enable_execute_command: "Whether to enable Amazon ECS
//   Exec for the tasks within the service",
//   https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecs_service

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { compileModel } from '../src/engine/index.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';
import { tfAdminEcsTaskDefinition } from './helpers/terraform-roles.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const PAGE = {
  api: 'Amazon ECS API Reference, CreateService, enableExecuteCommand: "If true, this enables execute command functionality on all containers in the service tasks"',
  tf: 'Terraform aws_ecs_service, enable_execute_command: "Whether to enable Amazon ECS Exec for the tasks within the service"',
};

const DEV = 'arn:aws:iam::111122223333:user/dev';
const DETAIL = 'ecs:ExecuteCommand on a task with a task role';

/** An administrator task role, a task definition with it, dev with ecs:ExecuteCommand, and `service`. */
function load(service: string, actions: readonly string[] = ['ecs:ExecuteCommand']) {
  const dir = tempDir('iamspec-ecs-exec-');
  writeFileIn(
    dir,
    'main.tf',
    `${tfAdminEcsTaskDefinition()}
variable "exec_on" { type = bool }
${service}
resource "aws_iam_user" "dev" { name = "dev" }
resource "aws_iam_user_policy" "p" {
  user = aws_iam_user.dev.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ${JSON.stringify(actions)}, Resource = "*" }] })
}
`,
  );
  const engine = compileModel(loadModelSync([dir], { account: '111122223333', region: 'us-west-2' }));
  const found = [...escalationFindings(engine, [DEV]).values()].filter((f) => f.detail === DETAIL);
  return { found, check: noEscalationCheck(engine, 'user/dev') };
}

const service = (exec: string) => `resource "aws_ecs_service" "web" {
  name = "web"
  task_definition = aws_ecs_task_definition.td.arn
${exec}
}`;

describe(`Terraform: ECS Exec needs enable_execute_command (${PAGE.api}; ${PAGE.tf})`, () => {
  it('enable_execute_command = true: a path onto the task role (medium, noEscalation fails)', () => {
    const r = load(service('  enable_execute_command = true'));
    expect(r.found.map((f) => f.severity)).toEqual(['medium']);
    expect(r.check.status).toBe('fail');
  });

  it('near-miss, enable_execute_command left out (false): no path (before: a finding and a fail)', () => {
    const r = load(service(''));
    expect(r.found).toEqual([]);
    expect(r.check.status).toBe('pass');
  });

  it('left out, but dev may also ecs:UpdateService: turning Exec on for the service is a path (medium, noEscalation fails)', () => {
    // Amazon ECS API Reference, Service, enableExecuteCommand: "Determines whether the execute
    // command functionality is turned on for the service. If true, the execute command
    // functionality is turned on for all containers in tasks as part of the service": an
    // UpdateService that sets it starts the service's tasks with ECS Exec on.
    const r = load(service(''), ['ecs:ExecuteCommand', 'ecs:UpdateService']);
    expect(r.found.map((f) => f.severity)).toEqual(['medium']);
    expect(r.check.status).toBe('fail');
  });

  it('enable_execute_command from a variable: indeterminate, with why (before: a certain path)', () => {
    const r = load(service('  enable_execute_command = var.exec_on'));
    expect(r.found).toHaveLength(1);
    expect(r.found[0]!.severity).toBe('medium');
    expect(r.found[0]!.message).toContain('turns ECS Exec on is not known');
    expect(r.check.status).toBe('indeterminate');
  });

  it('no service of the inputs runs the task definition: indeterminate, with why', () => {
    const r = load('');
    expect(r.found).toHaveLength(1);
    expect(r.found[0]!.message).toContain('no ECS service of the inputs runs ECS task definition');
    expect(r.check.status).toBe('indeterminate');
  });
});
