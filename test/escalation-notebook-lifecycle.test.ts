// A SageMaker notebook instance's lifecycle configuration runs its script on the instance, with the
// instance's execution role: a principal that may create (or rewrite) a lifecycle configuration,
// attach it to an existing notebook instance (sagemaker:UpdateNotebookInstance) and restart the
// instance (Stop + StartNotebookInstance) runs code as that role without iam:PassRole. Before
// round 6 the escalation table had no such row: no finding, and `noEscalation` passed for a
// developer who could become the notebook's administrator role (escalation-methods.ts, the two
// `…NotebookInstanceLifecycleConfig + UpdateNotebookInstance` rows; the lifecycle configuration
// is a request on a resource of its own, `EscalationMethod.alsoOn`, escalation.ts `edgeRequests`).
//
// Pages (Amazon SageMaker AI API Reference):
// - CreateNotebookInstanceLifecycleConfig: "Creates a lifecycle configuration that you can
//   associate with a notebook instance. A lifecycle configuration is a collection of shell scripts
//   that run when you create or start a notebook instance"; OnStart: "A shell script that runs
//   every time you start a notebook instance, including when you create the notebook instance",
//   https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateNotebookInstanceLifecycleConfig.html
// - UpdateNotebookInstance, LifecycleConfigName: "The name of a lifecycle configuration to
//   associate with the notebook instance",
//   https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_UpdateNotebookInstance.html
// - Service Authorization Reference, Amazon SageMaker AI: CreateNotebookInstanceLifecycleConfig and
//   UpdateNotebookInstanceLifecycleConfig on `notebook-instance-lifecycle-config/${NotebookInstanceLifecycleConfigName}`;
//   UpdateNotebookInstance, StopNotebookInstance, StartNotebookInstance on
//   `notebook-instance/${NotebookInstanceName}`.

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { modelOf } from './fixtures/cfn/load.js';
import { cfnAdminRole, cfnDevUser, cfnNotebookInstance } from './helpers/cfn-templates.js';
import {
  escalationFindings,
  LIFECYCLE_CREATE,
  LIFECYCLE_UPDATE,
  NOTEBOOK_RESTART,
  noEscalationCheck,
} from './helpers/escalation-findings.js';

const DEV = 'arn:aws:iam::111122223333:user/dev';
const [CREATE, UPDATE, RESTART] = [LIFECYCLE_CREATE, LIFECYCLE_UPDATE, NOTEBOOK_RESTART];
const NOTEBOOK = 'arn:aws:sagemaker:us-west-2:111122223333:notebook-instance/nb';

/** An administrator notebook role, notebook instance nb running with it, dev allowed `statements`. */
function load(statements: readonly { Action: readonly string[]; Resource: string }[]) {
  const template = `Resources:
${cfnAdminRole('NbRole', 'nbadmin', 'sagemaker.amazonaws.com')}${cfnNotebookInstance('!GetAtt NbRole.Arn')}${cfnDevUser(statements)}`;
  const engine = compileModel(modelOf(template, { file: 'inline.yaml', stackName: 's' }));
  const found = [...escalationFindings(engine, [DEV]).values()];
  return {
    details: found.map((f) => f.detail).sort(),
    of: (detail: string) => found.find((f) => f.detail === detail),
    check: noEscalationCheck(engine, 'user/dev'),
  };
}

describe('SageMaker notebook lifecycle configuration runs with the notebook instance\u2019s role', () => {
  it('Create + Update + Stop + Start on notebook nb: a path onto its role (medium; noEscalation fails; before: no finding, pass)', () => {
    const r = load([
      { Action: [...RESTART, 'sagemaker:CreateNotebookInstanceLifecycleConfig'], Resource: '*' },
    ]);
    expect(r.details).toEqual([CREATE, 'administrator access, through a chain'].sort());
    expect(r.of(CREATE)!.severity).toBe('medium');
    expect(r.check.status).toBe('fail');
  });

  it('rewriting an existing lifecycle configuration (UpdateNotebookInstanceLifecycleConfig) instead: the same path, open (the inputs define no configuration: one may not exist)', () => {
    const r = load([
      { Action: [...RESTART, 'sagemaker:UpdateNotebookInstanceLifecycleConfig'], Resource: '*' },
    ]);
    expect(r.details).toContain(UPDATE);
    expect(r.details).not.toContain(CREATE);
    expect(
      r
        .of(UPDATE)!
        .indeterminate?.reasons.map((x) => x.text)
        .join(' '),
    ).toContain('sagemaker:UpdateNotebookInstanceLifecycleConfig on an existing resource matching *');
    expect(r.check.status).toBe('indeterminate');
  });

  it('each request scoped to its resource (the notebook, a lifecycle configuration of its own): a path', () => {
    const r = load([
      { Action: RESTART, Resource: NOTEBOOK },
      {
        Action: ['sagemaker:CreateNotebookInstanceLifecycleConfig'],
        Resource: 'arn:aws:sagemaker:*:111122223333:notebook-instance-lifecycle-config/*',
      },
    ]);
    expect(r.details).toContain(CREATE);
    expect(r.check.status).toBe('fail');
  });

  it('near-miss: no sagemaker:StartNotebookInstance (the script never runs): no path', () => {
    const r = load([
      {
        Action: [
          'sagemaker:UpdateNotebookInstance',
          'sagemaker:StopNotebookInstance',
          'sagemaker:CreateNotebookInstanceLifecycleConfig',
        ],
        Resource: '*',
      },
    ]);
    expect(r.details).toEqual([]);
    expect(r.check.status).toBe('pass');
  });

  it('near-miss: no lifecycle configuration request (restarting alone runs nothing of its own): no path', () => {
    const r = load([{ Action: RESTART, Resource: '*' }]);
    expect(r.details).toEqual([]);
    expect(r.check.status).toBe('pass');
  });

  it('near-miss: the restart requests allowed on another notebook instance only: no path', () => {
    const r = load([
      { Action: RESTART, Resource: 'arn:aws:sagemaker:*:111122223333:notebook-instance/other' },
      { Action: ['sagemaker:CreateNotebookInstanceLifecycleConfig'], Resource: '*' },
    ]);
    expect(r.details).toEqual([]);
    expect(r.check.status).toBe('pass');
  });
});
