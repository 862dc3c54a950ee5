// Test helper: the Cognito guest fixtures of test/fixtures/cognito-eks/guest-scope-down (account
// 111122223333, us-west-2): a template of it loaded with the CloudFormation adapter, the request
// context of a pool's guest (unauthenticated) token, and `iamspec check … --format json` on a
// template and spec, its expectations by id.

import { readFileSync } from 'node:fs';
import { loadTemplateObject, parseTemplateText } from '../../src/adapters/cloudformation/index.js';
import { ModelBuilder } from '../../src/model/builder.js';
import type { Model } from '../../src/model/types.js';
import { runCli } from '../fixtures/cli/run.js';

export const ACCOUNT = '111122223333';
export const GUEST_DIR = 'test/fixtures/cognito-eks/guest-scope-down';

/** The template `file` loaded as stack `stackName` of ACCOUNT in us-west-2. */
export function guestTemplateModel(file: string, stackName: string): Model {
  const { value, locate } = parseTemplateText(readFileSync(file, 'utf8'), file);
  const b = new ModelBuilder();
  loadTemplateObject(value, b, { account: ACCOUNT, region: 'us-west-2', stackName, file, locate });
  return b.build();
}

/** The context of a guest token of the identity pool named `name` of the model. */
export const guestContext = (model: Model, name: string) => ({
  'cognito-identity.amazonaws.com:aud': model.cognitoIdentityPools!.find((p) => p.name === name)!.id,
  'cognito-identity.amazonaws.com:amr': ['unauthenticated'],
});

/** An expectation of the JSON report of `iamspec check`, with its checks. */
export interface JsonExpectation {
  id?: string;
  status: string;
  checks: { kind: string; status: string; message: string }[];
}

/** `iamspec check TEMPLATE --spec SPEC --region us-west-2 --format json`: the expectations by id. */
export async function checkById(template: string, spec: string): Promise<Map<string, JsonExpectation>> {
  const r = await runCli(['check', template, '--spec', spec, '--region', 'us-west-2', '--format', 'json']);
  return new Map(
    (JSON.parse(r.stdout) as { expectations: JsonExpectation[] }).expectations.map((e) => [e.id!, e]),
  );
}
