// Stand-in elements (src/model/stand-ins.ts `standInPrincipalName`): the principals a Terraform
// module that is not in the inputs or a SAM resource iamspec does not expand may create, the
// principal or resource a policy with an unknown target may attach to. Their names are unknown,
// so each is named by one unknown name part (`(unknown-module.app)`) and a policy's pattern
// decides a match with it as with any element whose name is unknown (src/engine/unknown-names.ts):
// YES when the pattern matches every name, NO when it matches none, else MAYBE. Never as written.
// AWS pages the rules come from:
// - IAM User Guide, "IAM JSON policy elements: Resource": "You can use wildcard characters (* and ?)
//   within any ARN segment ... An asterisk (*) represents any combination of zero or more
//   characters, and a question mark (?) represents any single character."
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
// - IAM User Guide, "IAM JSON policy elements: Condition operators", ArnNotLike: "Negated match
//   for ARN"; ArnLike: "Case-sensitive match of each part of the ARN".
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// - Terraform, "Module Sources": a registry module is fetched by `terraform init`; what it creates
//   (any role name) is not in the inputs. AWS SAM: a resource type iamspec does not expand may
//   create roles whose names SAM generates.
// - IAM API Reference, CreateRole, RoleName pattern `[\w+=,.@-]+`: no `(` or `)`, so no deployed
//   role has a stand-in's name.

import { describe, expect, it } from 'vitest';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { candidatePrincipals } from '../src/analysis/principals.js';
import { standInProviders } from '../src/model/federation.js';
import {
  ANY_OIDC_PROVIDER_NAME,
  ANY_SAML_PROVIDER_NAME,
  hasUnknownNamePart,
  isStandInPrincipalArn,
} from '../src/model/stand-ins.js';
import { ACCOUNT, modelOf } from './fixtures/cfn/load.js';
import { runCli } from './fixtures/cli/run.js';
import { cfnUser } from './helpers/cfn-templates.js';
import { decide, verdict } from './helpers/engine-fixtures.js';

const FX = 'test/fixtures/unknown-name/stand-in';

describe('the roles a Terraform module outside the inputs may create', () => {
  const b = new ModelBuilder();
  loadTerraformConfig(FX, b, { account: ACCOUNT });
  const m = b.build();
  const e = compileModel(m);
  const dev = m.users.find((u) => u.name === 'dev')!.arn;
  const standIn = m.roles.find((r) => r.presence && isStandInPrincipalArn(r.arn))!;

  it('the stand-in role is named by one unknown part, under an unknown path', () => {
    expect(standIn.arn).toBe(`arn:aws:iam::${ACCOUNT}:role/(unknown-path=module.app)/(unknown-module.app)`);
  });

  it('the reproduction: role/app-* may name the module role (was deny): indeterminate', () => {
    const d = decide(e, dev, 'iam:PassRole', standIn.arn, { trace: true });
    expect(d.decision).toBe('indeterminate');
    expect(d.trace?.some((t) => t.message.includes('might be an element whose name is unknown'))).toBe(true);
  });

  it('explain shows it indeterminate with the reason and the source of the stand-in', async () => {
    const r = await runCli([
      'explain',
      FX,
      '--account',
      ACCOUNT,
      '--principal',
      'user/dev',
      '--action',
      'iam:PassRole',
      '--resource',
      standIn.arn,
    ]);
    expect(r.stdout).toMatch(/^INDETERMINATE/m);
    expect(r.stdout).toContain('might be an element whose name is unknown');
    expect(r.stdout).toContain(
      'tf/module-not-loaded at test/fixtures/unknown-name/stand-in/main.tf:7:1 (module.app)',
    );
  });

  it('a pattern matching every role name allows; one naming no role denies', () => {
    expect(verdict(e, dev, 'iam:GetRole', standIn.arn)).toBe('allow');
    expect(verdict(e, dev, 'iam:TagRole', standIn.arn)).toBe('deny');
  });

  it('a condition on aws:PrincipalArn with a pattern some names match is open (was deny)', () => {
    expect(verdict(e, standIn.arn, 's3:GetObject', 'arn:aws:s3:::company-data/k')).toBe('indeterminate');
  });

  it('who-can shows it indeterminate with the source', async () => {
    const r = await runCli([
      'who-can',
      FX,
      '--account',
      ACCOUNT,
      '--action',
      'iam:PassRole',
      '--resource',
      standIn.arn,
    ]);
    expect(r.stdout).toContain('user/dev: indeterminate');
    expect(r.stdout + r.stderr).toContain('module.app');
  });
});

describe('check and matrix show the stand-in verdict indeterminate, with the reason and source', () => {
  const stand = `arn:aws:iam::${ACCOUNT}:role/(unknown-path=module.app)/(unknown-module.app)`;

  it('check', async () => {
    const r = await runCli(['check', FX, '--account', ACCOUNT, '--spec', `${FX}-spec.yaml`]);
    const out = r.stdout + r.stderr;
    expect(out).toContain('0 passed, 0 failed, 1 indeterminate');
    expect(out).toContain('might be an element whose name is unknown');
    expect(out).toContain('at test/fixtures/unknown-name/stand-in/main.tf:7:1 (module.app)');
  });

  it('matrix', async () => {
    const r = await runCli([
      'matrix',
      FX,
      '--account',
      ACCOUNT,
      '--principal',
      'user/dev',
      '--resource',
      stand,
    ]);
    expect(r.stdout).toContain('iam:PassRole');
    expect(r.stdout).toMatch(
      /user\/dev on \(unknown-module\.app\), Write: \(why: \[\d\](, \[\d\])*\)\n\s+iam:PassRole/,
    );
    // the footnotes say why: the module's unknown content and the name the statement might match
    expect(r.stdout).toContain('policy content is unknown: module "app"');
    expect(r.stdout).toMatch(
      /resource unknown: Allow might apply: its resource might be an element whose name is unknown/,
    );
    expect(r.stdout + r.stderr).toContain('main.tf:7:1 (module.app)');
  });
});

describe('the role a SAM resource iamspec does not expand may create', () => {
  const m = modelOf(`Transform: AWS::Serverless-2016-10-31
Resources:
  Graph:
    Type: AWS::Serverless::GraphQLApi
    Properties: {SchemaInline: 'type Query { a: String }', Auth: {Type: AWS_IAM}}
${cfnUser('Dev', 'dev', 'p', [
  "{Effect: Allow, Action: 'iam:PassRole', Resource: 'arn:aws:iam::*:role/app-*'}",
  "{Effect: Allow, Action: 'iam:GetRole', Resource: 'arn:aws:iam::*:role/*'}",
])}`);
  const e = compileModel(m);
  const dev = m.users.find((u) => u.name === 'dev')!.arn;

  it('the reproduction: role/app-* may name it (was deny): indeterminate; role/* allows', () => {
    const standIn = m.roles.find((r) => isStandInPrincipalArn(r.arn))!;
    expect(standIn.name).toBe('(unknown-Graph)');
    expect(verdict(e, dev, 'iam:PassRole', standIn.arn)).toBe('indeterminate');
    expect(verdict(e, dev, 'iam:GetRole', standIn.arn)).toBe('allow');
  });
});

// The identity providers probed where a trust policy lets any principal in (src/model/federation.ts
// `standInProviders`) are witnesses, not elements whose names are unknown: they stand for the
// providers no policy names (each provider a policy names is probed by its own ARN), as the
// witnesses `(any-user)`, `(any-role)` and the unnamed account do. So they are spelled as
// witnesses (`(any-oidc-provider)`, `(any-saml-provider)`), never `(unknown-…)`, which a pattern
// may match. IAM API Reference, CreateSAMLProvider, Name: `[\w._-]+`; CreateOpenIDConnectProvider,
// Url: a host name (and path): no `(` or `)`, so no real provider has these ARNs.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateSAMLProvider.html
describe('the witness identity providers of an account', () => {
  const m = modelOf(`Resources:
  Gh:
    Type: AWS::IAM::Role
    Properties:
      RoleName: gh
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Federated: 'arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com'}
            Action: 'sts:AssumeRoleWithWebIdentity'
  Open:
    Type: AWS::IAM::Role
    Properties:
      RoleName: open
      AssumeRolePolicyDocument:
        Statement:
          - {Effect: Allow, Principal: '*', Action: 'sts:AssumeRoleWithWebIdentity'}
`);
  const e = compileModel(m);
  const [oidc, saml] = standInProviders('aws', ACCOUNT);

  it('are spelled as witnesses, not as unknown names', () => {
    expect(oidc).toBe(`arn:aws:iam::${ACCOUNT}:oidc-provider/${ANY_OIDC_PROVIDER_NAME}`);
    expect(saml).toBe(`arn:aws:iam::${ACCOUNT}:saml-provider/${ANY_SAML_PROVIDER_NAME}`);
    expect(hasUnknownNamePart(oidc!) || hasUnknownNamePart(saml!)).toBe(false);
  });

  it('a trust policy naming a provider does not let the witness in (decided: another provider)', () => {
    expect(verdict(e, oidc!, 'sts:AssumeRoleWithWebIdentity', `arn:aws:iam::${ACCOUNT}:role/gh`)).toBe(
      'deny',
    );
  });

  it('a trust policy letting any principal in does; who-can probes the witnesses', () => {
    expect(verdict(e, oidc!, 'sts:AssumeRoleWithWebIdentity', `arn:aws:iam::${ACCOUNT}:role/open`)).toBe(
      'allow',
    );
    expect(candidatePrincipals(m).map((c) => c.principal)).toEqual(expect.arrayContaining([oidc, saml]));
  });
});
