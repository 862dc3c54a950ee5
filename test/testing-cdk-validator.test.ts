// Tests of the CDK validation plugin (src/testing/cdk-validator.ts): an IamspecValidator
// registered on a small CDK app lets synthesis pass when the access spec holds and makes it throw,
// naming the construct path and logical id of the statements to fix, when it does not. It works
// through the stable `Validations.of(app).addPlugins`, the older `policyValidationBeta1` App
// property and `addIamspecValidator`, and reports violations in the plugin report format.
//
// The rule the failing case pins: a permissions boundary caps the identity-based permissions of a
// user, so widening the boundary widens the user's access ("An entity's permissions boundary
// allows it to perform only the actions that are allowed by both its identity-based policies and
// its permissions boundaries"):
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
// CDK policy validation at synthesis (a failing plugin report fails synthesis):
// https://docs.aws.amazon.com/cdk/v2/guide/policy-validation-synthesis.html

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type CfnElement, CfnParameter, Fn, Stack, Validations } from 'aws-cdk-lib';
import { Group, ManagedPolicy, PolicyStatement, User } from 'aws-cdk-lib/aws-iam';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/model/input-error.js';
import {
  addIamspecValidator,
  IamspecValidator,
  PASSED_RULE,
  registerValidationPlugin,
} from '../src/testing/cdk-validator.js';
import { tempDir, writeFileIn } from './helpers/temp-inputs.js';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';

interface SmallAppOptions {
  /** The intern's boundary also allows s3:GetObject on the logs (the mutation that must fail). */
  boundaryAllowsGetObject?: boolean;
  /** Environment-agnostic stack (no account / region). */
  agnostic?: boolean;
}

/**
 * A small account: a logs bucket, a Developers group that may read the logs, and an intern in
 * that group whose permissions boundary only allows s3:ListBucket on the bucket.
 */
class InternStack extends Stack {
  constructor(scope: App, id: string, options: SmallAppOptions) {
    super(scope, id, options.agnostic ? {} : { env: { account: ACCOUNT, region: REGION } });
    const logs = new Bucket(this, 'Logs', { bucketName: 'v-logs' });
    const developers = new Group(this, 'Developers', { groupName: 'Developers' });
    developers.addManagedPolicy(
      new ManagedPolicy(this, 'ReadLogs', {
        managedPolicyName: 'ReadLogs',
        statements: [
          new PolicyStatement({
            sid: 'ReadLogs',
            actions: ['s3:ListBucket', 's3:GetObject'],
            resources: [logs.bucketArn, logs.arnForObjects('*')],
          }),
        ],
      }),
    );
    const boundary = new ManagedPolicy(this, 'InternBoundary', {
      managedPolicyName: 'InternBoundary',
      statements: [
        new PolicyStatement({ sid: 'ListLogs', actions: ['s3:ListBucket'], resources: [logs.bucketArn] }),
        ...(options.boundaryAllowsGetObject
          ? [
              new PolicyStatement({
                sid: 'GetLogs',
                actions: ['s3:GetObject'],
                resources: [logs.arnForObjects('*')],
              }),
            ]
          : []),
      ],
    });
    new User(this, 'Intern', { userName: 'intern', groups: [developers], permissionsBoundary: boundary });
  }
}

/** The intended access, as a spec document: the intern lists the logs bucket and does nothing else. */
const internSpec = {
  version: 1 as const,
  expect: [
    {
      id: 'intern-lists-logs-only',
      description: 'The intern can only list the logs bucket.',
      principal: 'user/intern',
      only: [{ action: 's3:ListBucket', resource: 'arn:aws:s3:::v-logs' }],
    },
    {
      id: 'developers-read-logs',
      principal: 'group/Developers',
      can: [{ action: 's3:ListBucket', resource: 'arn:aws:s3:::v-logs' }],
    },
  ],
};

function quietApp(props: ConstructorParameters<typeof App>[0] = {}): App {
  return new App({
    outdir: tempDir(),
    builtinCloudFormationValidation: false,
    context: { 'aws:cdk:disable-stack-trace': true },
    ...props,
  });
}

function synthError(app: App): Error {
  try {
    app.synth();
  } catch (e) {
    return e as Error;
  }
  throw new Error('synthesis did not fail');
}

describe('IamspecValidator with Validations.of(app).addPlugins', () => {
  it('lets synthesis pass when the spec holds', () => {
    const app = quietApp();
    new InternStack(app, 'Small', {});
    const validator = new IamspecValidator({ spec: internSpec });
    Validations.of(app).addPlugins(validator);
    const assembly = app.synth();
    expect(assembly.getStackByName('Small').templateFile).toBe('Small.template.json');
    expect(validator.lastResult?.ok).toBe(true);
    expect(validator.lastResult?.summary).toEqual({
      expectations: 2,
      passed: 2,
      failed: 0,
      indeterminate: 0,
    });
  });

  it('fails synthesis when the boundary lets the intern read objects, naming the construct path and logical id', () => {
    const app = quietApp();
    const stack = new InternStack(app, 'Small', { boundaryAllowsGetObject: true });
    Validations.of(app).addPlugins(new IamspecValidator({ spec: internSpec }));
    const error = synthError(app);
    const boundaryId = stack.getLogicalId(
      stack.node.findChild('InternBoundary').node.defaultChild as CfnElement,
    );
    expect(error.message).toContain('intern-lists-logs-only');
    expect(error.message).toContain('user/intern can also s3:GetObject');
    // The statement to fix: the boundary's new statement, with its construct path and logical id.
    expect(error.message).toContain('Sid "GetLogs"');
    expect(error.message).toContain('Small/InternBoundary/Resource');
    expect(error.message).toContain(boundaryId);
    // The expectation that holds is not reported.
    expect(error.message).not.toContain('developers-read-logs');
  });

  it('reads the spec from a YAML file and points at the spec line of the failing expectation', () => {
    const dir = tempDir();
    const specFile = writeFileIn(
      dir,
      'access.yaml',
      [
        'version: 1',
        'expect:',
        '  - id: intern-lists-logs-only',
        '    principal: user/intern',
        '    only:',
        '      - { action: s3:ListBucket, resource: "arn:aws:s3:::v-logs" }',
        '',
      ].join('\n'),
    );
    const app = quietApp();
    new InternStack(app, 'Small', { boundaryAllowsGetObject: true });
    Validations.of(app).addPlugins(new IamspecValidator({ spec: specFile }));
    expect(synthError(app).message).toContain(`${specFile}:3:5`);
  });
});

describe('IamspecValidator through the older policyValidationBeta1 App property', () => {
  it('passes and fails like the stable registration', () => {
    const good = quietApp({ policyValidationBeta1: [new IamspecValidator({ spec: internSpec })] });
    new InternStack(good, 'Small', {});
    expect(() => good.synth()).not.toThrow();

    const bad = quietApp({ policyValidationBeta1: [new IamspecValidator({ spec: internSpec })] });
    new InternStack(bad, 'Small', { boundaryAllowsGetObject: true });
    expect(synthError(bad).message).toContain('Small/InternBoundary/Resource');
  });
});

describe('addIamspecValidator', () => {
  it('registers a validator (or its options) on the app and returns it', () => {
    const app = quietApp();
    new InternStack(app, 'Small', { boundaryAllowsGetObject: true });
    const validator = addIamspecValidator(app, { spec: internSpec, name: 'access-spec' });
    expect(validator).toBeInstanceOf(IamspecValidator);
    expect(validator.name).toBe('access-spec');
    const error = synthError(app);
    expect(error.message).toContain('(access-spec)');
    expect(validator.lastResult?.summary.failed).toBe(1);
  });
});

describe('registration on an aws-cdk-lib without Validations', () => {
  const validator = () => new IamspecValidator({ spec: internSpec });

  it('appends to the Stage policyValidationBeta1 list when it is a plain array (older aws-cdk-lib)', () => {
    const stage = { policyValidationBeta1: [] as unknown[] };
    const plugin = validator();
    registerValidationPlugin(stage, plugin, undefined);
    expect(stage.policyValidationBeta1).toEqual([plugin]);
  });

  it('refuses, rather than registering nothing, when the list is a copy', () => {
    const list: unknown[] = [];
    const stage = {
      get policyValidationBeta1() {
        return [...list];
      },
    };
    expect(() => registerValidationPlugin(stage, validator(), undefined)).toThrow(/policyValidationBeta1/);
    expect(() => registerValidationPlugin({}, validator(), undefined)).toThrow(/neither Validations/);
  });
});

describe('the plugin report', () => {
  it('lists each violating statement by logical id, template path and location in the resource', () => {
    const app = quietApp();
    const stack = new InternStack(app, 'Small', { boundaryAllowsGetObject: true });
    const assembly = app.synth(); // no plugin registered: the validator is called by hand
    const templatePath = join(assembly.directory, 'Small.template.json');
    const validator = new IamspecValidator({ spec: internSpec });
    const report = validator.validate({ templatePaths: [templatePath], appConstruct: app });
    expect(report.success).toBe(false);
    expect(report.violations.map((v) => v.ruleName)).toEqual(['intern-lists-logs-only']);
    const violation = report.violations[0]!;
    expect(violation.severity).toBe('error');
    expect(violation.description).toContain('The intern can only list the logs bucket.');
    expect(violation.fix).toMatch(/spec/);
    const boundaryId = stack.resolve(
      (stack.node.findChild('InternBoundary').node.defaultChild as CfnElement).logicalId,
    );
    // The statement to change is the violating resource (once); the boundary that now allows it
    // is named in the description as context (it caps, it grants nothing), not a violating resource.
    const readLogsId = stack.resolve(
      (stack.node.findChild('ReadLogs').node.defaultChild as CfnElement).logicalId,
    );
    const policy = violation.violatingResources.find((r) => r.resourceLogicalId === readLogsId);
    expect(policy).toBeDefined();
    expect(policy!.templatePath).toBe(templatePath);
    expect(policy!.locations.some((l) => l.startsWith('Properties/PolicyDocument/Statement/'))).toBe(true);
    expect(violation.violatingResources.some((r) => r.resourceLogicalId === boundaryId)).toBe(false);
    expect(violation.description).toMatch(/permissions boundary allows it[^\n]*InternBoundary/);
  });

  it('uses the account option for environment-agnostic stacks', () => {
    const app = quietApp();
    new InternStack(app, 'Small', { agnostic: true });
    const assembly = app.synth();
    const templatePath = join(assembly.directory, 'Small.template.json');
    const spec = {
      version: 1 as const,
      expect: [
        {
          principal: `arn:aws:iam::${ACCOUNT}:user/intern`,
          can: [{ action: 's3:ListBucket', resource: 'arn:aws:s3:::v-logs' }],
        },
      ],
    };
    const report = new IamspecValidator({ spec, account: ACCOUNT }).validate({
      templatePaths: [templatePath],
      appConstruct: app,
    });
    expect(report.success).toBe(true);
  });

  it("uses the spec's account for environment-agnostic stacks; a different account option is an error naming both", () => {
    const app = quietApp();
    new InternStack(app, 'Small', { agnostic: true });
    const assembly = app.synth();
    const templatePath = join(assembly.directory, 'Small.template.json');
    const spec = {
      version: 1 as const,
      account: ACCOUNT,
      expect: [
        {
          principal: `arn:aws:iam::${ACCOUNT}:user/intern`,
          cannot: [{ action: 's3:GetObject', resource: 'arn:aws:s3:::v-logs/x' }],
        },
      ],
    };
    const report = new IamspecValidator({ spec }).validate({
      templatePaths: [templatePath],
      appConstruct: app,
    });
    expect(report.success).toBe(true);
    expect(() => new IamspecValidator({ spec, account: '999988887777' })).toThrow(
      `the spec's account ${ACCOUNT} and the account option 999988887777 differ`,
    );
  });

  it("reports the spec's warnings in the report metadata; strict makes them errors", () => {
    const app = quietApp();
    new InternStack(app, 'Small', {});
    const templatePath = join(app.synth().directory, 'Small.template.json');
    const spec = {
      version: 1 as const,
      expect: [
        { principal: 'user/intern', cannot: [{ action: 's3:GetObject', resource: 'arn:aws:s3:::v-logz/x' }] },
      ],
    };
    const report = new IamspecValidator({ spec }).validate({
      templatePaths: [templatePath],
      appConstruct: app,
    });
    expect(report.success).toBe(true);
    expect(report.metadata?.warnings).toContain('did you mean v-logs?');
    expect(() =>
      new IamspecValidator({ spec, strict: true }).validate({
        templatePaths: [templatePath],
        appConstruct: app,
      }),
    ).toThrow(/strict: warnings are errors/);
  });
});

describe("CDK's validation report", () => {
  /** The `validation-report.json` CDK writes into the assembly. */
  function reportOf(app: App): { pluginReports: Record<string, unknown>[] } {
    return JSON.parse(readFileSync(join(app.outdir, 'validation-report.json'), 'utf8'));
  }

  it('a passing run leaves an entry: conclusion success, one info entry listing what held', () => {
    const app = quietApp();
    new InternStack(app, 'Small', {});
    Validations.of(app).addPlugins(new IamspecValidator({ spec: internSpec }));
    app.synth();
    const plugin = reportOf(app).pluginReports.find((r) => r.pluginName === 'iamspec') as {
      conclusion: string;
      violations: { ruleName: string; severity: string; description: string }[];
    };
    expect(plugin).toBeDefined();
    expect(plugin.conclusion).toBe('success');
    expect(plugin.violations).toHaveLength(1);
    expect(plugin.violations[0]!.ruleName).toBe(PASSED_RULE);
    expect(plugin.violations[0]!.severity).toBe('info');
    expect(plugin.violations[0]!.description).toContain('2 of 2 expectations passed');
    expect(plugin.violations[0]!.description).toContain('✓ intern-lists-logs-only');
  });

  it('an indeterminate result fails synthesis as an error, labelled INDETERMINATE with what is unknown', () => {
    const app = quietApp();
    const stack = new InternStack(app, 'Small', {});
    // A grant on a bucket named by a parameter without a default: known only at deploy.
    const bucket = new CfnParameter(stack, 'OtherBucket', { type: 'String' });
    new ManagedPolicy(stack, 'MaybeLogs', {
      managedPolicyName: 'MaybeLogs',
      users: [new User(stack, 'Contractor', { userName: 'contractor' })],
      statements: [
        new PolicyStatement({
          actions: ['s3:GetObject'],
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string
          resources: [Fn.sub('arn:aws:s3:::${Name}/*', { Name: bucket.valueAsString })],
        }),
      ],
    });
    const spec = {
      version: 1 as const,
      expect: [
        {
          id: 'contractor-never-reads-logs',
          principal: 'user/contractor',
          cannot: [{ action: 's3:GetObject', resource: 'arn:aws:s3:::v-logs/x' }],
        },
      ],
    };
    Validations.of(app).addPlugins(new IamspecValidator({ spec }));
    const error = synthError(app);
    expect(error.message).toContain('INDETERMINATE (an error');
    expect(error.message).toContain('contractor-never-reads-logs');
    expect(error.message).toMatch(/unknown: .*OtherBucket/);
    const plugin = reportOf(app).pluginReports.find((r) => r.pluginName === 'iamspec') as {
      conclusion: string;
      violations: { ruleName: string; severity: string }[];
    };
    expect(plugin.conclusion).toBe('failure');
    // The expectation is the one error; the unknown value itself is also listed (a warning entry).
    expect(plugin.violations.filter((v) => v.severity === 'error').map((v) => v.ruleName)).toEqual([
      'contractor-never-reads-logs',
    ]);
  });
});

describe('spec errors', () => {
  it('a spec file that does not exist fails where the validator is created, naming the file', () => {
    const missing = join(tempDir(), 'nope.yaml');
    expect(() => new IamspecValidator({ spec: missing })).toThrow(InputError);
    expect(() => new IamspecValidator({ spec: missing })).toThrow(missing);
  });

  it('a reference the model does not have fails synthesis with the spec location (a typo never passes)', () => {
    const app = quietApp();
    new InternStack(app, 'Small', {});
    const spec = {
      version: 1 as const,
      expect: [{ principal: 'user/interm', can: internSpec.expect[1]!.can }],
    };
    Validations.of(app).addPlugins(new IamspecValidator({ spec }));
    expect(() => app.synth()).toThrow(/user\/interm/);
  });
});

describe('packaging', () => {
  it('the plugin (which imports aws-cdk-lib) is reached only through iamspec/cdk, not from iamspec or iamspec/vitest', () => {
    const src = join(import.meta.dirname, '..', 'src');
    for (const file of ['index.ts', 'testing/vitest.ts', 'testing/matchers.ts', 'testing/spec-input.ts']) {
      const text = readFileSync(join(src, file), 'utf8');
      expect(text, file).not.toMatch(/from ['"]\.\/(testing\/)?cdk(-validator)?\.js['"]/);
      expect(text, file).not.toMatch(/from ['"]aws-cdk-lib/);
    }
    expect(readFileSync(join(src, 'testing', 'cdk.ts'), 'utf8')).toContain("from './cdk-validator.js'");
  });
});

describe('an error about the inputs that could change a verdict', () => {
  // A role without AssumeRolePolicyDocument: CloudFormation rejects the template
  // (cfn/invalid-resource, severity error, could change a verdict). It fails the validation
  // without strict, as `iamspec check` exits 2, though the spec's expectation holds.
  it('fails the report with an error violation at the role, strict or not', () => {
    const dir = tempDir();
    const templatePath = join(dir, 'Roles.template.json');
    const template = {
      Resources: {
        Reader: {
          Type: 'AWS::IAM::Role',
          Properties: {
            RoleName: 'reader',
            Policies: [
              {
                PolicyName: 'read',
                PolicyDocument: {
                  Version: '2012-10-17',
                  Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }],
                },
              },
            ],
          },
        },
      },
    };
    writeFileSync(templatePath, JSON.stringify(template, null, 2));
    const spec = {
      version: 1 as const,
      account: ACCOUNT,
      expect: [
        {
          principal: 'role/reader',
          can: [{ action: 'sqs:SendMessage', resource: `arn:aws:sqs:${REGION}:${ACCOUNT}:q` }],
        },
      ],
    };
    const app = quietApp();
    const report = new IamspecValidator({ spec }).validate({
      templatePaths: [templatePath],
      appConstruct: app,
    });
    expect(report.success).toBe(false);
    const violation = report.violations.find((v) => v.ruleName === 'cfn/invalid-resource');
    expect(violation?.severity).toBe('error');
    expect(violation?.description).toContain('role Reader has no AssumeRolePolicyDocument');
    expect(violation?.fix).toContain('with or without strict: true');
    expect(violation?.violatingResources.map((r) => r.resourceLogicalId)).toEqual(['Reader']);
    expect(report.metadata?.inputErrors).toBe(
      '1 error about the inputs could change a verdict, so the run fails (errors fail without strict)',
    );
    // strict says so as strict, when a warning fails it too
    const strict = new IamspecValidator({ spec, strict: true }).validate({
      templatePaths: [templatePath],
      appConstruct: app,
    });
    expect(strict.success).toBe(false);
    expect(strict.metadata?.strict).toMatch(/^strict: \d+ warnings? about the inputs could change a verdict/);
  });
});
