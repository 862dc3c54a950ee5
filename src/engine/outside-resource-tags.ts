// The tags `aws:ResourceTag/*` (and `iam:ResourceTag/*`) read on a request's resource when that
// resource is neither a resource of the model nor one of its users or roles: the one rule of the
// engine's tag lookup for them (engine/request-context.ts `resourceTags`).
//
// - IAM customer managed policies and OIDC / SAML identity providers of the model: their tags
//   ("policy", "oidc-provider" and "saml-provider" list aws:ResourceTag/${TagKey} in the Service
//   Authorization Reference, "Actions, resources, and condition keys for AWS Identity and Access
//   Management (IAM)"): the inputs' (`ManagedPolicy.tags`, `IdentityProvider.tags`); where the
//   inputs cannot tell (no tags read) other tags may exist (`OTHER_TAGS`), never none.
// - Any other resource (one the inputs never define, in a model account or another: an S3 bucket
//   or object, a queue, a table, a function, an imported or AWS managed policy, a user or role
//   outside the inputs): its tags are not known, so each tag key may be present with any value
//   or absent (`OTHER_TAGS`, an Unknown naming the resource); the request's own context keys,
//   when it gives them, override this (request-context.ts `get`). Except where AWS never puts a
//   resource tag into the request context: the IAM resource types that do not list the key
//   (group, assumed-role, federated-user...; instance-profile, mfa, server-certificate do, and
//   user and role) and the services whose catalog entry lists no aws:ResourceTag/${TagKey}
//   (catalog/condition-keys.ts `serviceMayCarryResourceTags`: Route 53, DAX...). There, and for
//   a resource that is no ARN (`*`), undefined: no tags.
// - iam:ResourceTag/*: "Filters access by the tags attached to an IAM entity (user or role)", so
//   only a user's or role's (`iamResourceTagsApply`).

import { serviceMayCarryResourceTags } from '../catalog/condition-keys.js';
import { parseArn } from '../model/arns.js';
import type { Source } from '../model/source.js';
import { OTHER_TAGS, type Model, type Tags } from '../model/types.js';
import { isUnknown, Unknown } from '../model/unknown.js';

/** The IAM resource types whose tags are a request's aws:ResourceTag/* (Service Authorization Reference). */
const TAGGED_IAM_TYPES =
  /^(user|role|policy|oidc-provider|saml-provider|instance-profile|mfa|server-certificate)\//;

/** The IAM resource types whose tags are a request's iam:ResourceTag/*. */
const IAM_ENTITY_TYPES = /^(user|role)\//;

/** The tags of the resources outside the model's resources, users and roles (see the module comment). */
export class OutsideResourceTags {
  private readonly byArn = new Map<string, Tags>();

  constructor(model: Model) {
    for (const p of model.policies)
      this.byArn.set(p.arn, p.tags ?? notKnown(`managed policy ${p.arn}`, p.source));
    for (const p of model.identityProviders)
      if (!isUnknown(p.arn))
        this.byArn.set(p.arn, p.tags ?? notKnown(`identity provider ${p.arn}`, p.source));
  }

  /**
   * The tags `aws:ResourceTag/*` reads on `arn`, which is no resource, user or role of the model:
   * a model IAM policy's or identity provider's, else unknown, or undefined where AWS carries
   * none (see the module comment).
   */
  tagsOf(arn: string): Tags | undefined {
    const known = this.byArn.get(arn);
    if (known) return known;
    const parsed = parseArn(arn);
    if (!parsed) return undefined;
    if (
      parsed.service === 'iam'
        ? !TAGGED_IAM_TYPES.test(parsed.resource)
        : !serviceMayCarryResourceTags(parsed.service)
    )
      return undefined;
    return notKnown(`${arn}, which the inputs do not define,`);
  }
}

/** True when `arn` is an IAM user or role, whose tags iam:ResourceTag/* reads too. */
export function iamResourceTagsApply(arn: string): boolean {
  const parsed = parseArn(arn);
  return parsed?.service === 'iam' && IAM_ENTITY_TYPES.test(parsed.resource);
}

function notKnown(what: string, source?: Source): Tags {
  return { [OTHER_TAGS]: new Unknown(`the tags of ${what} are not known from the inputs`, source) };
}
