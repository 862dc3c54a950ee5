// CDK precreated roles (src/adapters/cloudformation/precreated-roles.ts, added by session.ts
// `addPrecreatedRoles`). aws-cdk-lib `CustomizeRolesOptions.usePrecreatedRoles`: "A list of
// precreated IAM roles to substitute for roles that CDK is creating." (preventSynthesis, default
// true: "Whether or not to synthesize the resource into the CFN template.") The templates then
// hold no AWS::IAM::Role and no policy for it, but the role exists when the stacks deploy, named
// in the assembly's iam-policy-report.json: an imported principal whose trust and policies are
// outside the inputs. Before the fix the role was absent from the model: a request as it was a
// plain deny (and in a closed account no principal outside the inputs could be it).

import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import type { Model } from '../src/model/types.js';
import { fromApp, fromAssembly } from '../src/testing/cdk.js';
import { tempDir } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const env = { account: ACCOUNT, region: 'eu-west-1' };

function buildApp(preventSynthesis: boolean) {
  const outdir = tempDir('iamspec-precreated-');
  const app = new App({ outdir, context: { 'aws:cdk:disable-stack-trace': true } });
  const stack = new Stack(app, 'Ingest', { env });
  Role.customizeRoles(stack, { usePrecreatedRoles: { 'Ingest/Loader': 'ingest-loader' }, preventSynthesis });
  const loader = new Role(stack, 'Loader', {
    roleName: 'ingest-loader',
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
  });
  new Bucket(stack, 'Landing', { bucketName: 'landing-bkt' }).grantRead(loader);
  return { app, outdir };
}

const loaderArn = `arn:aws:iam::${ACCOUNT}:role/ingest-loader`;
const verdict = (model: Model, action: string, resource: string) =>
  compileModel(model).decide({ principal: loaderArn, action, resource }).decision;

describe('Role.customizeRoles with usePrecreatedRoles', () => {
  const { app, outdir } = buildApp(true);
  const inProcess = fromApp(app);
  const fromDir = fromAssembly(outdir);

  it('the precreated role is an imported principal of its stack account, with a model/imported-principal warning', () => {
    for (const model of [inProcess, fromDir]) {
      const role = model.roles.find((r) => r.name === 'ingest-loader');
      expect(role?.imported).toBeDefined();
      const warning = model.findings.find((f) => f.code === 'model/imported-principal');
      expect(warning?.message).toContain('Role.customizeRoles');
      expect(warning?.source?.file).toBe(join(outdir, 'iam-policy-report.json'));
      expect(warning?.source?.constructPath).toBe('Ingest/Loader');
    }
  });

  it('what it may do is indeterminate (was deny: the role was not in the model)', () => {
    // the role's path is unknown (below): a request naming it with path `/` is one world of it
    expect(verdict(inProcess, 's3:GetObject', 'arn:aws:s3:::landing-bkt/k')).toBe('indeterminate');
    expect(verdict(fromDir, 's3:DeleteObject', 'arn:aws:s3:::landing-bkt/k')).toBe('indeterminate');
  });
});

describe('Role.customizeRoles with preventSynthesis: false', () => {
  // CDK then writes the role into the template (its report marks it `missing`) but keeps its
  // policies in the report only: the deployed role has no policy from this app.
  it('the template creates the role: it is the model role, not an imported one', () => {
    const { app } = buildApp(false);
    const model = fromApp(app);
    const roles = model.roles.filter((r) => r.arn === loaderArn);
    expect(roles).toHaveLength(1);
    expect(roles[0]!.imported).toBeUndefined();
    expect(model.findings.filter((f) => f.code === 'model/imported-principal')).toEqual([]);
    expect(verdict(model, 's3:GetObject', 'arn:aws:s3:::landing-bkt/k')).toBe('deny');
  });
});

// The path of a precreated role. CDK writes its ARN with no path: the Role constructor, with
// customizeRoles enabled, takes `formatArn({ region: '', service: 'iam', resource: 'role',
// resourceName: precreatedRoleName })` (aws-cdk-lib aws-iam/lib/role.js), whatever the Role's
// `path`, and the policy report holds `roleName` but no path. The role is created by an
// administrator, who gives it its path: "you can add an optional path" (IAM User Guide, "IAM
// identifiers", Friendly names and paths). So the path is the one an ARN of the templates writes
// for it (src/model/named-principals.ts), else unknown, never `/` by default. Before the fix the
// role was modelled at `role/NAME` (path `/`): a request or policy naming it at `/app/` was
// decided as naming another role (deny).
describe('the path of a precreated role', () => {
  function app(withFunction: boolean) {
    const outdir = tempDir('iamspec-precreated-path-');
    const a = new App({ outdir, context: { 'aws:cdk:disable-stack-trace': true } });
    const stack = new Stack(a, 'Ingest', { env });
    Role.customizeRoles(stack, { usePrecreatedRoles: { 'Ingest/Loader': 'ingest-loader' } });
    const loader = new Role(stack, 'Loader', {
      path: '/app/',
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    });
    new Bucket(stack, 'Landing', { bucketName: 'landing-bkt' }).grantRead(loader);
    if (withFunction)
      new LambdaFunction(stack, 'Fn', {
        runtime: Runtime.NODEJS_22_X,
        handler: 'index.handler',
        code: Code.fromInline('exports.handler = async () => {}'),
        role: loader,
      });
    return fromApp(a);
  }
  const atApp = `arn:aws:iam::${ACCOUNT}:role/app/ingest-loader`;

  it('no ARN of it in the templates: its path is unknown, a request naming it at /app/ may be it', () => {
    const model = app(false);
    const role = model.roles.find((r) => r.name === 'ingest-loader');
    expect(role?.path).toMatch(/^\/\(unknown-path=/);
    expect(role?.arn).not.toBe(loaderArn);
    const d = compileModel(model).decide({
      principal: atApp,
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::landing-bkt/k',
    });
    expect(d.decision).toBe('indeterminate');
  });

  it("a function's Role writes CDK's ARN (no path): the role is at `/`, as the template names it", () => {
    const model = app(true);
    const role = model.roles.find((r) => r.name === 'ingest-loader');
    expect(role?.path).toBe('/');
    expect(role?.arn).toBe(loaderArn);
  });
});
