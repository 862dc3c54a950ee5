// The STS actions that name IAM resources are the trust actions: those the engine decides
// against the role's trust policy (engine/engine.ts `TRUST_ACTIONS`). The Markdown matrix reads
// them as the role's own actions (no "(sts)" mark, report/matrix-markdown.ts `otherServices`), and
// the matrix columns of IAM ARNs decide them through `servicesActingOn`; if the catalog gave STS
// another action on an IAM resource, that reading would need a rule of its own.
//
// AWS: "Actions, resources, and condition keys for AWS Security Token Service"
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecuritytokenservice.html):
// AssumeRole, AssumeRoleWithSAML, AssumeRoleWithWebIdentity, SetContext, SetSourceIdentity and
// TagSession take the resource type `role` (`arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}`);
// no other STS action takes an IAM resource type.

import { describe, expect, it } from 'vitest';
import { actionListFor, servicesActingOn } from '../src/analysis/matrix/action-lists.js';
import { TRUST_ACTIONS } from '../src/engine/engine.js';

const IAM_ARNS = [
  'arn:aws:iam::111122223333:role/app',
  'arn:aws:iam::111122223333:role/path/app',
  'arn:aws:iam::111122223333:user/dev',
  'arn:aws:iam::111122223333:group/devs',
  'arn:aws:iam::111122223333:policy/p',
  'arn:aws:iam::111122223333:instance-profile/ip',
  'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
  'arn:aws:iam::111122223333:saml-provider/idp',
  'arn:aws:iam::111122223333:server-certificate/c',
  'arn:aws:iam::111122223333:mfa/m',
];

describe('STS actions on IAM resources are the trust actions', () => {
  it('STS acts on IAM resources (servicesActingOn)', () => {
    expect(servicesActingOn('iam')).toContain('sts');
  });

  it('on a role: exactly TRUST_ACTIONS; on every other IAM resource: none', () => {
    for (const arn of IAM_ARNS) {
      const sts = actionListFor(arn, servicesActingOn('iam'))
        .actions.filter((a) => a.service === 'sts')
        .map((a) => a.lower)
        .sort();
      expect(sts, arn).toEqual(arn.includes(':role/') ? [...TRUST_ACTIONS].sort() : []);
    }
  });
});
