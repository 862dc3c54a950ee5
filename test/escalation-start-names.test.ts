// The names a principal may give the compute it starts with a passed role
// (analysis/escalation-start-names.ts `withStartNames`, over analysis/exhaustive.ts
// `patternResources`), for every start of escalation-methods.ts `PASS_ROLE_COMPUTE`, in the review
// (risk-escalation.ts) and the escalation graph (escalation.ts, the spec's `noEscalation`).
// Reproduction: the start requests were decided on the probe name only, so a policy allowing
// lambda:CreateFunction only on `function:team-*` (or a launch configuration and Auto Scaling
// group only on `team-*` names) plus iam:PassRole on an administrator role gave no pass-role
// finding, and `noEscalation` was indeterminate through the graph's fallback ("no start request
// allowed on a new resource"), though creating function team-x with that role escalates.
//
// Pages:
// - IAM User Guide, "Grant a user permissions to pass a role to an AWS service"
//   (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html): "To pass a role
//   (and its permissions) to an AWS service, a user must have permissions to pass the role to the
//   service."
// - AWS Lambda Developer Guide, "Fine-tuning the Resources and Conditions sections of policies"
//   (https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html): "For many
//   actions, you can restrict the resources that a user can modify by specifying the Amazon
//   Resource Name (ARN) of a resource, or an ARN pattern that matches multiple resources."
// - IAM User Guide, "Policy evaluation logic": "an explicit deny in any of these policies
//   overrides the allow" (a Deny on the names is respected).
// - Service Authorization Reference, "Actions, resources, and condition keys for AWS services": an
//   action without a resource type (glue:CreateDevEndpoint) "does not support specifying a
//   resource ARN in the Resource element of an IAM policy statement. To allow access ... specify
//   "Resource": "*"".

import { describe, expect, it } from 'vitest';
import { computeStarts, PASS_ROLE_COMPUTE } from '../src/analysis/escalation-methods.js';
import { cfnNotebookInstance } from './helpers/cfn-templates.js';
import { LIFECYCLE_CREATE, NOTEBOOK_RESTART } from './helpers/escalation-findings.js';
import { analyseStarts as analyse, DEV } from './helpers/pass-role-starts.js';

const ANY_LAMBDA = 'iam:PassRole to new lambda.amazonaws.com compute';
const TEAM_FN = 'arn:aws:lambda:*:*:function:team-*';
const PASS = { Action: 'iam:PassRole', Resource: '*' };

describe('lambda:CreateFunction on function:team-* + iam:PassRole (the reproduction)', () => {
  const r = analyse('lambda.amazonaws.com', [PASS, { Action: 'lambda:CreateFunction', Resource: TEAM_FN }]);

  it('the review has the pass-role finding, naming a function team-… (was none)', () => {
    const f = r.found.get(`${DEV} ${ANY_LAMBDA}`);
    expect(f, 'IAM User Guide, "Grant a user permissions to pass a role to an AWS service"').toBeDefined();
    expect(f!.message).toMatch(/role svcadmin with function team-\S+/);
    expect(f!.indeterminate).toBeFalsy();
  });

  it('noEscalation fails (was indeterminate through the fallback), the graph edge is allowed', () => {
    expect(r.check.status).toBe('fail');
    expect(r.check.message).toMatch(/with function team-/);
    expect(r.edges.map((e) => e.access)).toEqual(['allow']);
  });

  it('a function of the inputs inside team-* stands for its class: the finding says a new name treated alike', () => {
    const fn = `  Fn:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: team-web
      Runtime: python3.12
      Handler: index.h
      Code: { ZipFile: 'x' }
      Role: !GetAtt Svc.Arn
`;
    const x = analyse(
      'lambda.amazonaws.com',
      [PASS, { Action: 'lambda:CreateFunction', Resource: TEAM_FN }],
      fn,
    );
    const f = x.found.get(`${DEV} ${ANY_LAMBDA}`);
    expect(f?.message).toMatch(/with function team-\S+( \(or a new name its policies treat alike\))?/);
    if (f?.message.includes('team-web'))
      expect(f.message).toContain('(or a new name its policies treat alike)');
    expect(x.check.status).toBe('fail');
  });

  it('Rhino 15 (CreateFunction + InvokeFunction) on team-* names one function for both requests', () => {
    const x = analyse('lambda.amazonaws.com', [
      PASS,
      { Action: ['lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: TEAM_FN },
    ]);
    const f = x.found.get(`${DEV} Rhino Security Labs method 15`);
    expect(f?.message).toMatch(/with function team-/);
    expect(f?.indeterminate).toBeFalsy();
  });
});

describe('near-misses', () => {
  it('a Deny on team-* as well: no pass-role finding, no sure edge (only the fallback for starts outside the table)', () => {
    const r = analyse('lambda.amazonaws.com', [
      PASS,
      { Action: 'lambda:CreateFunction', Resource: TEAM_FN },
      { Effect: 'Deny', Action: 'lambda:CreateFunction', Resource: TEAM_FN },
    ]);
    expect(r.passFindings).toEqual([]);
    expect(r.check.status).not.toBe('fail');
    expect(r.edges.map((e) => e.access)).toEqual(['indeterminate']);
    expect(r.edges[0]!.via).toContain('on any name its policies tell apart');
  });

  it('a Deny on part of the names (team-e*): a name outside it is found', () => {
    const r = analyse('lambda.amazonaws.com', [
      PASS,
      { Action: 'lambda:CreateFunction', Resource: TEAM_FN },
      { Effect: 'Deny', Action: 'lambda:CreateFunction', Resource: 'arn:aws:lambda:*:*:function:team-e*' },
    ]);
    const f = r.found.get(`${DEV} ${ANY_LAMBDA}`);
    expect(f?.message).toMatch(/with function team-(?!e)/);
    expect(f?.indeterminate).toBeFalsy();
    expect(r.check.status).toBe('fail');
  });

  it('a Deny of iam:PassRole: nothing', () => {
    const r = analyse('lambda.amazonaws.com', [
      PASS,
      { Action: 'lambda:CreateFunction', Resource: TEAM_FN },
      { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' },
    ]);
    expect(r.passFindings).toEqual([]);
    expect(r.edges).toEqual([]);
    expect(r.check.status).toBe('pass');
  });

  it('the names allowed only under a condition: a conditional finding and edge', () => {
    const r = analyse('lambda.amazonaws.com', [
      PASS,
      {
        Action: 'lambda:CreateFunction',
        Resource: TEAM_FN,
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      },
    ]);
    const f = r.found.get(`${DEV} ${ANY_LAMBDA}`);
    expect(f?.message).toMatch(/with function team-/);
    expect(f?.message).toContain('aws:MultiFactorAuthPresent');
    expect(r.edges.map((e) => e.access)).toEqual(['conditional']);
  });

  it('glue:CreateDevEndpoint has no resource type: a policy naming devEndpoint/* does not allow it (was Rhino 18 on the probe endpoint)', () => {
    const r = analyse('glue.amazonaws.com', [
      PASS,
      { Action: 'glue:CreateDevEndpoint', Resource: 'arn:aws:glue:*:*:devEndpoint/*' },
    ]);
    expect(r.found.get(`${DEV} Rhino Security Labs method 18`)).toBeUndefined();
    expect(r.passFindings).toEqual([]);
    const star = analyse('glue.amazonaws.com', [PASS, { Action: 'glue:CreateDevEndpoint', Resource: '*' }]);
    expect(star.found.get(`${DEV} Rhino Security Labs method 18`)?.indeterminate).toBeFalsy();
    expect(star.check.status).toBe('fail');
  });

  it('names the inputs leave unknown (a parameter without a value): indeterminate, never a pass', () => {
    const r = analyse(
      'lambda.amazonaws.com',
      [
        PASS,
        {
          Action: 'lambda:CreateFunction',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string
          Resource: { 'Fn::Sub': 'arn:aws:lambda:*:*:function:${Team}-*' },
        },
      ],
      '',
      'Parameters:\n  Team:\n    Type: String\n',
    );
    const f = r.found.get(`${DEV} ${ANY_LAMBDA}`);
    expect(f?.indeterminate).toBeTruthy();
    expect(r.check.status).toBe('indeterminate');
  });
});

describe('the same class elsewhere: a SageMaker lifecycle configuration the maker creates (EscalationMethod.alsoOn)', () => {
  const [CREATE, restart] = [LIFECYCLE_CREATE, NOTEBOOK_RESTART];
  const notebook = cfnNotebookInstance('!GetAtt Svc.Arn');

  it('CreateNotebookInstanceLifecycleConfig only on team-* names: the path through a configuration team-… (was no finding)', () => {
    const r = analyse(
      'sagemaker.amazonaws.com',
      [
        { Action: restart, Resource: '*' },
        {
          Action: 'sagemaker:CreateNotebookInstanceLifecycleConfig',
          Resource: 'arn:aws:sagemaker:*:*:notebook-instance-lifecycle-config/team-*',
        },
      ],
      notebook,
    );
    const f = r.found.get(`${DEV} ${CREATE}`);
    expect(f).toBeDefined();
    expect(f!.indeterminate).toBeFalsy();
    expect(r.check.status).toBe('fail');
    expect(r.check.message).toContain('notebook-instance-lifecycle-config/team-');
  });

  it('near miss: a Deny on team-* as well: no such finding', () => {
    const team = 'arn:aws:sagemaker:*:*:notebook-instance-lifecycle-config/team-*';
    const r = analyse(
      'sagemaker.amazonaws.com',
      [
        { Action: restart, Resource: '*' },
        { Action: 'sagemaker:CreateNotebookInstanceLifecycleConfig', Resource: team },
        { Effect: 'Deny', Action: 'sagemaker:CreateNotebookInstanceLifecycleConfig', Resource: team },
      ],
      notebook,
    );
    expect(r.found.get(`${DEV} ${CREATE}`)).toBeUndefined();
  });
});

// Every start of the table whose requests name new resources the maker names (a launch
// configuration with its group create, ec2:RunInstances, a Glue job, CloudFormation, SageMaker,
// Step Functions, CodeBuild), each request allowed only on `team-*` names. The requests on a
// resource that exists already (a group update, an EKS cluster, a Glue development endpoint, a
// task definition: `ComputeRequest.existing`) are not the maker's to name: on `team-*` they are
// indeterminate, the resource may not exist (escalation-existing-names.test.ts).
const ARN_ANY = (service: string, resource: string) => `arn:aws:${service}:*:*:${resource}`;
const named = Object.keys(PASS_ROLE_COMPUTE).flatMap((service) =>
  computeStarts(service, ARN_ANY, 'team-*')
    .filter((steps) => steps.every((s) => s.names !== undefined && !s.existing))
    .map((steps) => ({ service, steps })),
);

describe('every start of PASS_ROLE_COMPUTE on team-* names only', () => {
  it('the table has the starts this covers', () => {
    expect(named.map((x) => x.steps.map((s) => s.action).join(' + '))).toEqual(
      expect.arrayContaining([
        'lambda:CreateFunction',
        'ec2:RunInstances',
        'autoscaling:CreateLaunchConfiguration + autoscaling:CreateAutoScalingGroup',
        'glue:CreateJob',
        'cloudformation:CreateStack',
        'cloudformation:CreateChangeSet',
        'sagemaker:CreateNotebookInstance',
        'sagemaker:CreateProcessingJob',
        'sagemaker:CreateTrainingJob',
        'states:CreateStateMachine',
        'codebuild:CreateProject',
      ]),
    );
  });

  it.each(named.map((x) => [`${x.service}: ${x.steps.map((s) => s.action).join(' + ')}`, x] as const))(
    '%s: a sure finding naming team-…, noEscalation fails',
    (_name, { service, steps }) => {
      const r = analyse(service, [PASS, ...steps.map((s) => ({ Action: s.action, Resource: s.resource }))]);
      const f = r.passFindings.find((x) => /with [^,]*team-/.test(x.message));
      expect(f, r.passFindings.map((x) => x.message).join('\n')).toBeDefined();
      expect(f!.indeterminate).toBeFalsy();
      expect(r.edges.map((e) => e.access)).toEqual(['allow']);
      expect(r.check.status).toBe('fail');
    },
  );
});
