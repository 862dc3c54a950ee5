// IAM identity providers: AWS::IAM::OIDCProvider (Url, ClientIdList, ThumbprintList), CDK's
// OpenIdConnectProvider custom resource (Custom::AWSCDKOpenIdConnectProvider: Url, ClientIDList,
// ThumbprintList; aws-cdk-lib/aws-iam, also behind GithubActionsIdentityProvider constructs) and
// AWS::IAM::SAMLProvider (Name). Each becomes an IdentityProvider of the model, so trust
// policies that name it by ARN name a provider of the inputs (CloudFormation Template Reference,
// "AWS::IAM::OIDCProvider", "AWS::IAM::SAMLProvider").

import type { Maybe } from '../../../model/unknown.js';
import { Unknown } from '../../../model/unknown.js';
import { scalarString, type Value } from '../values.js';
import type { CfnResourceScope, ResourceHandler } from './scope.js';

function strings(scope: CfnResourceScope, ...names: string[]): Maybe<string>[] {
  for (const name of names) {
    const list = scope.list(name);
    if (list === undefined) continue;
    if (list instanceof Unknown) return [list];
    return list.map((v) => {
      const s = scalarString(v as Value);
      return s instanceof Unknown
        ? s
        : typeof s === 'string'
          ? s
          : new Unknown(`${name} holds a value that is not a string`, scope.sourceOf(name));
    });
  }
  return [];
}

/**
 * `tagged`: AWS::IAM::OIDCProvider has a Tags property; CDK's custom resource does not say what
 * tags its provider gets, so they stay unknown (`IdentityProvider.tags` unset).
 */
function oidcProvider(clientIds: string, thumbprints: string, tagged: boolean): ResourceHandler {
  return {
    create(scope) {
      const id = scope.ctx.identity(scope.logicalId);
      const ref = id.ref;
      const arn: Maybe<string> =
        ref instanceof Unknown || typeof ref === 'string'
          ? ref
          : new Unknown(`the ARN of ${scope.logicalId} is not known`, scope.source);
      const name: Maybe<string> =
        typeof arn === 'string' ? arn.slice(arn.indexOf(':oidc-provider/') + ':oidc-provider/'.length) : arn;
      const modelId = scope.builder.addIdentityProvider({
        kind: 'oidc',
        arn,
        name,
        account: scope.account,
        clientIds: strings(scope, clientIds),
        thumbprints: strings(scope, thumbprints),
        ...(tagged ? { tags: scope.tags() } : {}),
        source: scope.source,
      });
      scope.setModelId(modelId);
    },
  };
}

const samlProvider: ResourceHandler = {
  create(scope) {
    const id = scope.ctx.identity(scope.logicalId);
    const arn: Maybe<string> =
      id.arn ?? new Unknown(`the ARN of ${scope.logicalId} is not known`, scope.source);
    scope.reportUnresolvedName(id.nameUnresolved, 'Name', id.name ?? scope.logicalId);
    const modelId = scope.builder.addIdentityProvider({
      kind: 'saml',
      arn,
      name: id.name ?? arn,
      account: scope.account,
      clientIds: [],
      thumbprints: [],
      tags: scope.tags(),
      source: scope.source,
    });
    scope.setModelId(modelId);
  },
};

export const IDENTITY_PROVIDER_HANDLERS: Record<string, ResourceHandler> = {
  'AWS::IAM::OIDCProvider': oidcProvider('ClientIdList', 'ThumbprintList', true),
  'Custom::AWSCDKOpenIdConnectProvider': oidcProvider('ClientIDList', 'ThumbprintList', false),
  'AWS::IAM::SAMLProvider': samlProvider,
};
