// Models of the federation fixtures (test/fixtures/federation): the CloudFormation template and
// its Terraform twin, built once per test file.

import { readFileSync } from 'node:fs';
import { loadTemplateObject, parseTemplateText } from '../src/adapters/cloudformation/index.js';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { deployTimeRoleReach } from '../src/analysis/deploy-time-reach.js';
import { ModelBuilder } from '../src/model/builder.js';
import type { Model } from '../src/model/types.js';

export const ACCOUNT = '111122223333';
export const GITHUB = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
export const EKS = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABCDEF0123456789`;
export const SAML = `arn:aws:iam::${ACCOUNT}:saml-provider/corp-idp`;
export const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

export function cfnFederationModel(): Model {
  const file = 'test/fixtures/federation/federation.yaml';
  const { value, locate } = parseTemplateText(readFileSync(file, 'utf8'), file);
  // The role chains the loaders follow (adapters/load.ts), so the bound of CDK's provider function
  // (its role may write identity providers only) is decided as a user's load decides it.
  const b = new ModelBuilder({ roleReach: deployTimeRoleReach });
  loadTemplateObject(value, b, { account: ACCOUNT, region: 'us-west-2', stackName: 'fed', file, locate });
  return b.build();
}

export function tfFederationModel(): Model {
  const b = new ModelBuilder();
  loadTerraformConfig('test/fixtures/federation/tf', b, {});
  return b.build();
}
