// A resource whose handler failed (an internal error) is not dropped: what it might grant or deny
// stays in the model as unknown, and an error finding shows the failure. A principal it created
// gets an unknown policy; an identity policy whose principal is not known may attach to any user
// or role of the account (ModelBuilder.attachToUnknownPrincipal); a resource it created gets an
// unknown resource policy; an organization policy becomes an unknown SCP/RCP of every account.

import { Unknown } from '../../../model/unknown.js';
import { parsePolicy } from '../../../policy/parse.js';
import type { CfnResourceScope } from './scope.js';

/** Types whose failure may leave a principal's identity policies unknown. */
const IDENTITY_TYPES = new Set([
  'AWS::IAM::User',
  'AWS::IAM::Group',
  'AWS::IAM::Role',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::Policy',
  'AWS::IAM::RolePolicy',
  'AWS::IAM::UserPolicy',
  'AWS::IAM::GroupPolicy',
  'AWS::IAM::UserToGroupAddition',
]);

export function modelFailedResource(scope: CfnResourceScope, phase: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  scope.finding(
    'cfn/internal-error',
    'error',
    `could not model ${scope.logicalId} (${scope.resource.type}, ${phase} phase): ${message}; what it grants or denies is unknown`,
  );
  const why = new Unknown(
    `${scope.resource.type} ${scope.logicalId} could not be modelled (${message})`,
    scope.source,
  );
  const b = scope.builder;
  const id = scope.modelId();
  try {
    if (id && (b.getUser(id) || b.getRole(id) || b.getGroup(id))) {
      b.attachManagedPolicy(id, { policyArn: why, source: scope.source });
    } else if (id && b.getResource(id)) {
      b.addResourcePolicy(id, parsePolicy(why, { kind: 'resource', source: scope.source }));
    } else if (IDENTITY_TYPES.has(scope.resource.type)) {
      for (const kind of ['user', 'role'] as const) {
        b.attachToUnknownPrincipal({
          kind,
          account: scope.account,
          policy: { managed: { policyArn: why, source: scope.source } },
          reason: why,
          hint: scope.logicalId,
          source: scope.source,
        });
      }
    } else if (scope.resource.type === 'AWS::Organizations::Policy') {
      for (const a of scope.registry.accounts) {
        b.addScp(a, parsePolicy(why, { kind: 'scp', source: scope.source }));
      }
    }
  } catch {
    // The error finding above already says the resource is not modelled.
  }
}
