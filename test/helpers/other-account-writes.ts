// The models the tests of writes on another account's resource policies share
// (deploy-time-cross-account-writes, deploy-time-target-account): the other account's template
// (OTHER, stack `other`; its functions and topics), then what a test adds, such as our stack (OURS, stack `ours`) holding a
// Lambda-backed custom resource, or our Terraform configuration running `aws lambda add-permission`
// in a local-exec provisioner.

import { loadTemplateObject } from '../../src/adapters/cloudformation/index.js';
import { deployTimeRoleReach } from '../../src/analysis/deploy-time-reach.js';
import { ModelBuilder } from '../../src/model/builder.js';
import type { Model } from '../../src/model/types.js';
import { customResourceResources, lambdaFunction } from './custom-resource-template.js';

export const OURS = '111122223333';
export const OTHER = '444455556666';
/** A principal outside the model. */
export const PARTNER = 'arn:aws:iam::999988887777:root';

/**
 * Resources of the other account's template: a Lambda function (role f-role) per logical id of
 * `names` (its name), and a permission (`WRITABLE`Permission) letting our account call
 * lambda:AddPermission on the function of logical id `writable`.
 */
export function otherFunctions(names: Record<string, string>, writable: string): Record<string, unknown> {
  const functions = Object.entries(names).map(([id, name]) => [
    id,
    lambdaFunction(name, `arn:aws:iam::${OTHER}:role/f-role`),
  ]);
  return {
    ...Object.fromEntries(functions),
    [`${writable}Permission`]: {
      Type: 'AWS::Lambda::Permission',
      Properties: { FunctionName: { Ref: writable }, Action: 'lambda:AddPermission', Principal: OURS },
    },
  };
}

/** Resources: the topic `name` (logical id `id`) and its topic policy `document` (`ID`Policy). */
export const topicWithPolicy = (id: string, name: string, document: unknown) => ({
  [id]: { Type: 'AWS::SNS::Topic', Properties: { TopicName: name } },
  [`${id}Policy`]: {
    Type: 'AWS::SNS::TopicPolicy',
    Properties: { Topics: [{ Ref: id }], PolicyDocument: document },
  },
});

/**
 * The models of the other account's `template`: `withOther`, the template, then what `load` adds;
 * `customResource`, the template and our stack: a custom resource whose function role may do
 * `actions` on `resource`.
 */
export function otherAccount(template: unknown) {
  const withOther = (load: (b: ModelBuilder) => void): Model => {
    const b = new ModelBuilder({ roleReach: deployTimeRoleReach });
    loadTemplateObject(template, b, { account: OTHER, region: 'us-east-1', stackName: 'other' });
    load(b);
    return b.build();
  };
  const customResource = (actions: string[], resource: unknown) =>
    withOther((b) =>
      loadTemplateObject({ Resources: customResourceResources(actions, resource) }, b, {
        account: OURS,
        region: 'us-east-1',
        stackName: 'ours',
      }),
    );
  return { withOther, customResource };
}

/**
 * Our Terraform configuration (OURS, us-east-1): a local-exec provisioner running `aws lambda
 * add-permission` (lambda:InvokeFunction for `*`) on each function of `functionArns`.
 */
export const localExecAddPermissions = (...functionArns: string[]) => ({
  provider: { aws: [{ region: 'us-east-1', allowed_account_ids: [OURS] }] },
  resource: {
    terraform_data: {
      setup: {
        provisioner: functionArns.map((arn) => ({
          'local-exec': {
            command: `aws lambda add-permission --function-name ${arn} --statement-id s --action lambda:InvokeFunction --principal '*'`,
          },
        })),
      },
    },
  },
});
