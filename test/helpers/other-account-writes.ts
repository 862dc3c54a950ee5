// The models the tests of writes on another account's resource policies share
// (deploy-time-cross-account-writes, deploy-time-target-account): the other account's template
// (OTHER, stack `other`), then what a test adds, such as our stack (OURS, stack `ours`) holding a
// Lambda-backed custom resource, or our Terraform configuration running `aws lambda add-permission`
// in a local-exec provisioner.

import { loadTemplateObject } from '../../src/adapters/cloudformation/index.js';
import { deployTimeRoleReach } from '../../src/analysis/deploy-time-reach.js';
import { ModelBuilder } from '../../src/model/builder.js';
import type { Model } from '../../src/model/types.js';
import { customResourceResources } from './custom-resource-template.js';

export const OURS = '111122223333';
export const OTHER = '444455556666';
/** A principal outside the model. */
export const PARTNER = 'arn:aws:iam::999988887777:root';

/** `template` loaded in the other account, then what `load` adds. */
export function withOtherTemplate(template: unknown, load: (b: ModelBuilder) => void): Model {
  const b = new ModelBuilder({ roleReach: deployTimeRoleReach });
  loadTemplateObject(template, b, { account: OTHER, region: 'us-east-1', stackName: 'other' });
  load(b);
  return b.build();
}

/** `template` in the other account and our stack: a custom resource whose function role may do `actions` on `resource`. */
export const withOurCustomResource = (template: unknown, actions: string[], resource: unknown) =>
  withOtherTemplate(template, (b) =>
    loadTemplateObject({ Resources: customResourceResources(actions, resource) }, b, {
      account: OURS,
      region: 'us-east-1',
      stackName: 'ours',
    }),
  );

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
