// The IAM resources other than users and roles whose tags are a request's `aws:ResourceTag/*`
// when one is the request's resource: customer managed policies and OIDC / SAML identity
// providers ("policy", "oidc-provider" and "saml-provider" list aws:ResourceTag/${TagKey} in the
// Service Authorization Reference, "Actions, resources, and condition keys for AWS Identity and
// Access Management (IAM)"). A model element's tags are the inputs' (`ManagedPolicy.tags`,
// `IdentityProvider.tags`); where the inputs cannot tell (no tags read, a policy or provider the
// inputs do not define: imported, AWS managed) other tags may exist (`OTHER_TAGS`), never none.
// The other IAM resource types that list the key (instance-profile, mfa, server-certificate):
// the model keeps no tags of theirs, so theirs are unknown too.
// Users and roles are engine/engine.ts `resource`'s `iamEntity`.

import { parseArn } from '../model/arns.js';
import type { Source } from '../model/source.js';
import { OTHER_TAGS, type Model, type Tags } from '../model/types.js';
import { isUnknown, Unknown } from '../model/unknown.js';

const TAGGED_TYPES = /^(policy|oidc-provider|saml-provider|instance-profile|mfa|server-certificate)\//;

/** The tags of the IAM policies and identity providers of a model, by ARN (see the module comment). */
export class IamTaggedResources {
  private readonly byArn = new Map<string, Tags>();

  constructor(model: Model) {
    for (const p of model.policies)
      this.byArn.set(p.arn, p.tags ?? notKnown(`managed policy ${p.arn}`, p.source));
    for (const p of model.identityProviders)
      if (!isUnknown(p.arn))
        this.byArn.set(p.arn, p.tags ?? notKnown(`identity provider ${p.arn}`, p.source));
  }

  /**
   * The tags `aws:ResourceTag/*` reads on `arn` when it is an IAM policy or identity provider:
   * the model's, else (one the inputs do not define, or another IAM type listing the key)
   * unknown; undefined for any other ARN.
   */
  tagsOf(arn: string): Tags | undefined {
    const known = this.byArn.get(arn);
    if (known) return known;
    const parsed = parseArn(arn);
    if (parsed?.service !== 'iam' || !TAGGED_TYPES.test(parsed.resource)) return undefined;
    return notKnown(`${arn}, which the inputs do not define,`);
  }
}

function notKnown(what: string, source?: Source): Tags {
  return { [OTHER_TAGS]: new Unknown(`the tags of ${what} are not known from the inputs`, source) };
}
