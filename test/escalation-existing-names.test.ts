// Pass-role requests on compute that exists already, whose name the principal does not choose
// (escalation-methods.ts `ComputeRequest.existing`: an Auto Scaling group update, an EKS cluster's
// pod identity association, a Glue development endpoint update, an ECS task definition run): a
// policy allowing them only on a named pattern (`cluster/prod-*`) does not match the probe name,
// and such a resource may or may not exist outside the inputs. It was never a silent pass (the
// graph's fallback edge was indeterminate), but the review had only the chain finding and the
// edge said "no start request allowed on a new resource". Now the start is tried on the pattern's
// names (escalation-existing-starts.ts): a direct pass-role finding and an edge, indeterminate
// "on an existing resource matching P" (the resource may not exist). The near miss (PassRole
// denied) passes.
// Pages:
// - IAM User Guide, "Grant a user permissions to pass a role to an AWS service": "To pass a role
//   (and its permissions) to an AWS service, a user must have permissions to pass the role to the
//   service."
// - Amazon EKS API Reference, CreatePodIdentityAssociation: "Creates an EKS Pod Identity
//   association between a service account in an Amazon EKS cluster and an IAM role with EKS Pod
//   Identity" (on an existing cluster).

import { describe, expect, it } from 'vitest';
import { becomeEdges } from '../src/analysis/escalation.js';
import { compileModel } from '../src/engine/index.js';
import { modelOf } from './fixtures/cfn/load.js';
import { cfnAdminRole, cfnDevUser } from './helpers/cfn-templates.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';

const DEV = 'arn:aws:iam::111122223333:user/dev';
const SVC = 'arn:aws:iam::111122223333:role/svcadmin';
const PASS = { Action: 'iam:PassRole', Resource: '*' };

type Statement = { Effect?: string; Action: string | readonly string[]; Resource: unknown };

function analyse(service: string, statements: readonly Statement[]) {
  const template = `Resources:\n${cfnAdminRole('Svc', 'svcadmin', service)}${cfnDevUser(statements)}`;
  const engine = compileModel(modelOf(template, { file: 'inline.yaml', stackName: 's' }));
  return {
    found: [...escalationFindings(engine, [DEV]).values()],
    check: noEscalationCheck(engine, 'user/dev'),
    edges: becomeEdges(engine, DEV).filter((e) => e.to === SVC),
  };
}

const CASES: [string, Statement[]][] = [
  [
    'pods.eks.amazonaws.com',
    [{ Action: 'eks:CreatePodIdentityAssociation', Resource: 'arn:aws:eks:*:*:cluster/prod-*' }],
  ],
  ['ecs-tasks.amazonaws.com', [{ Action: 'ecs:RunTask', Resource: 'arn:aws:ecs:*:*:task-definition/app-*' }]],
  [
    'glue.amazonaws.com',
    [{ Action: 'glue:UpdateDevEndpoint', Resource: 'arn:aws:glue:*:*:devEndpoint/dev-*' }],
  ],
  [
    'ec2.amazonaws.com',
    [
      { Action: 'autoscaling:CreateLaunchConfiguration', Resource: '*' },
      {
        Action: 'autoscaling:UpdateAutoScalingGroup',
        Resource: 'arn:aws:autoscaling:*:*:autoScalingGroup:*:autoScalingGroupName/web-*',
      },
    ],
  ],
];

describe('a request on existing compute allowed only on a named pattern: indeterminate, never a silent pass', () => {
  for (const [service, statements] of CASES) {
    const action = statements.at(-1)!.Action as string;
    it(`${action} (${service})`, () => {
      const r = analyse(service, [PASS, ...statements]);
      const pattern = statements.at(-1)!.Resource as string;
      expect(r.check.status).toBe('indeterminate');
      expect(r.edges.map((e) => `${e.how} ${e.access}`)).toEqual(['pass-role indeterminate']);
      expect(r.edges[0]!.via).toContain(`${action} on an existing resource matching ${pattern}`);
      const direct = r.found.filter((f) => f.detail !== 'administrator access, through a chain');
      expect(direct.length).toBeGreaterThan(0);
      for (const f of direct)
        expect(f.indeterminate?.reasons.map((x) => x.text).join(' ')).toContain(
          `on an existing resource matching ${pattern}`,
        );
    });
    it(`near miss: ${action} without iam:PassRole passes`, () => {
      const r = analyse(service, [{ Effect: 'Deny', ...PASS }, PASS, ...statements]);
      expect(r.check.status).toBe('pass');
      expect(r.edges).toEqual([]);
    });
  }
});
