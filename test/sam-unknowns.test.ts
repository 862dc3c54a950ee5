// What the SAM expansion cannot pin down stays in the model as unknown, with a `sam/...` warning
// located at the SAM template line, and the decisions that depend on it are indeterminate: an
// unknown policy template, a template lacking a parameter, a managed policy name SAM resolves in
// the account, a policy ARN from a parameter without a value, Tracing from such a parameter, an
// application of the Serverless Application Repository, a SAM type iamspec does not expand.

import { describe, expect, it } from 'vitest';
import { ACCOUNT, findingsOf, loadFixture, REGION, whoCanLines } from './helpers/sam.js';

const base = loadFixture('unknowns.yaml');
/** The ARN of the role SAM generates for function `name` (`<name>Role`, its name generated). */
const role = (name: string) =>
  base.roles.find((r) => (r.source.generatedLogicalId ?? r.source.logicalId) === `${name}Role`)!.arn;
const anyTable = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/anything`;

describe('unknowns in SAM templates', () => {
  const model = base;

  it('the roles SAM generates are named by CloudFormation: stack, logical id, an unknown part', () => {
    expect(role('UnknownTemplate')).toMatch(
      new RegExp(
        `^arn:aws:iam::${ACCOUNT}:role/app-UnknownTemplateRole-\\(unknown-generated-[0-9a-f]{6}\\)$`,
      ),
    );
  });

  it('an unknown policy template: warning at its line, an unknown policy on the role, indeterminate decisions', () => {
    const [f] = findingsOf(model, 'sam/unknown-policy-template');
    expect(f!.severity).toBe('warning');
    expect(f!.source).toMatchObject({
      logicalId: 'UnknownTemplate',
      pointer: '/Resources/UnknownTemplate/Properties/Policies/0/DynamoDBCrudPolicyV9',
      line: 21,
    });
    const r = model.roles.find((x) => x.arn === role('UnknownTemplate'))!;
    expect(r.inlinePolicies[0]!.document.unknown?.reason).toContain('DynamoDBCrudPolicyV9');
    expect(whoCanLines(model, 'dynamodb:DeleteTable', anyTable)).toContain(
      `${role('UnknownTemplate')} indeterminate`,
    );
  });

  it('a policy template lacking a parameter stays unknown', () => {
    expect(findingsOf(model, 'sam/policy-template-parameters')[0]!.message).toContain('BucketName');
    expect(whoCanLines(model, 's3:GetObject', 'arn:aws:s3:::reports/a')).toContain(
      `${role('MissingParameter')} indeterminate`,
    );
  });

  it('a managed policy name iamspec does not know, and an ARN from a parameter without a value, stay unknown', () => {
    expect(findingsOf(model, 'sam/unknown-managed-policy')[0]!.message).toContain('TeamSharedPolicy');
    const r = model.roles.find((x) => x.arn === role('UnknownManaged'))!;
    // Two from the SAM template; a third, maybe-present, from the application FromRepository,
    // whose template is not read and may attach a policy to any role of the account
    // (aws/template-deployments.ts `addUnreadTemplateDeployment`).
    const unknownArns = r.managedPolicies.filter((p) => typeof p.policyArn !== 'string');
    expect(unknownArns.filter((p) => p.source.logicalId !== 'FromRepository')).toHaveLength(2);
    expect(unknownArns.filter((p) => p.source.logicalId === 'FromRepository')).toHaveLength(1);
    expect(whoCanLines(model, 'iam:CreateUser', `arn:aws:iam::${ACCOUNT}:user/x`)).toContain(
      `${role('UnknownManaged')} indeterminate`,
    );
  });

  it('Tracing from a parameter without a value: whether the X-Ray policy is attached is unknown; with a value it is decided', () => {
    expect(findingsOf(model, 'sam/unresolved-parameter')[0]!.message).toContain('TracingMode');
    expect(whoCanLines(model, 'xray:PutTraceSegments', '*')).toContain(
      `${role('TracingFromParameter')} indeterminate`,
    );
    const active = loadFixture('unknowns.yaml', {
      parameters: { TracingMode: 'Active', SharedPolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
    });
    // With a value the X-Ray policy is attached for certain (the decision stays indeterminate
    // only through the application FromRepository, whose template may attach any policy).
    const xray = (m: typeof active) =>
      m.roles
        .find((x) => x.arn === role('TracingFromParameter'))!
        .managedPolicies.filter((p) => p.policyArn === 'arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess')
        .map((p) => p.presence === undefined);
    expect(xray(active)).toEqual([true]);
    expect(whoCanLines(active, 'xray:PutTraceSegments', '*')).toContain(
      `${role('TracingFromParameter')} indeterminate`,
    );
    const disabled = loadFixture('unknowns.yaml', {
      parameters: { TracingMode: 'Disabled', SharedPolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
    });
    // The role itself no longer holds it (what FromRepository may attach stays unknown).
    expect(xray(disabled)).toEqual([]);
    expect(whoCanLines(disabled, 'xray:PutTraceSegments', '*')).not.toContain(
      `${role('TracingFromParameter')} allow`,
    );
  });

  it('an event source the expansion does not know: anyone might invoke the function, the role might hold more', () => {
    expect(findingsOf(model, 'sam/unsupported-event')[0]!.message).toContain('SomeFutureEventSource');
    const fn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:future-events`;
    const lines = whoCanLines(model, 'lambda:InvokeFunction', fn);
    expect(lines.some((l) => l.endsWith('indeterminate') && !l.includes('role/'))).toBe(true);
    expect(whoCanLines(model, 'sqs:DeleteQueue', `arn:aws:sqs:${REGION}:${ACCOUNT}:q`)).toContain(
      `${role('FutureEvents')} indeterminate`,
    );
  });

  it('an application from the Serverless Application Repository and an unexpanded SAM type: reported, with stand-in roles', () => {
    expect(findingsOf(model, 'sam/application-not-expanded')[0]).toMatchObject({
      severity: 'warning',
      source: { logicalId: 'FromRepository', pointer: '/Resources/FromRepository/Properties/Location' },
    });
    expect(findingsOf(model, 'sam/unsupported-resource')[0]!.message).toContain(
      'AWS::Serverless::GraphQLApi Graph',
    );
  });

  it('the repository application is reported once: its missing template is not reported again as a nested stack', () => {
    const nested = findingsOf(model, 'cfn/nested-template-not-found').map((f) => f.source?.logicalId);
    expect(nested).not.toContain('FromRepository');
    // Its stand-in principals stay (the deployment may create any user or role).
    const fn = `arn:aws:s3:::some-bucket/k`;
    expect(whoCanLines(model, 's3:GetObject', fn).some((l) => l.includes('(unknown-FromRepository)'))).toBe(
      true,
    );
  });
});
