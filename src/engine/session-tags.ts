// Session tags: which role sessions may carry principal tags the inputs do not show. A role
// session's `aws:PrincipalTag/*` are the role's tags and the session tags passed when it was
// assumed (AssumeRole `Tags`, the SAML or web identity provider's attributes, transitive tags of
// a role chain), a session tag overriding the role's tag of the same key. Passing session tags
// needs `sts:TagSession` in the role's trust policy, so a role whose trust policy may allow it
// has sessions whose principal tags are not pinned by the inputs.

import type { Role } from '../model/types.js';
import { isUnknown } from '../model/unknown.js';
import type { Statement, ValueList } from '../policy/types.js';
import { compileGlob } from '../policy/wildcard.js';

/**
 * IAM User Guide, "Passing session tags in AWS STS"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html): "Session tags are
 * key-value pair attributes that you pass when you assume an IAM role or federate a user in
 * AWS STS"; "If you pass a session tag with the same key as a tag that is already attached to the
 * role, the value of the session tag overrides the role tag with the same key"; "The
 * `sts:TagSession` action ... must be allowed in the role's trust policy" (Permissions required
 * to add session tags), for AssumeRole, AssumeRoleWithSAML, AssumeRoleWithWebIdentity and the
 * transitive tags of role chaining alike.
 */
export const SESSION_TAGS_PAGE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html';

const TAG_SESSION = 'sts:tagsession';

/** True when a list of action patterns may name `sts:TagSession` (an unknown value may). */
function mayName(list: ValueList): boolean {
  return list.values.some((v) => isUnknown(v) || compileGlob(v, true).test(TAG_SESSION));
}

/**
 * True when a trust statement may allow `sts:TagSession` to someone (conditions aside). The diff
 * keeps these statements in an acting role's dependency text (`analysis/diff/dependencies.ts`).
 */
export function mayAllowTagSession(s: Statement): boolean {
  if (s.unknown || isUnknown(s.effect)) return true;
  if (s.effect !== 'Allow') return false;
  if (s.action) return mayName(s.action);
  // NotAction: every action but those listed; an unknown value may leave TagSession out.
  if (s.notAction) return s.notAction.values.some(isUnknown) || !mayName(s.notAction);
  return false;
}

const cache = new WeakMap<Role, boolean>();

/**
 * True when sessions of the role may carry session tags: its trust policy is unknown, not in the
 * inputs, or has an Allow that may name `sts:TagSession` (whoever it names and whatever its
 * conditions: an over-approximation, so a principal tag is never taken as pinned when it might
 * not be). Such a session's `aws:PrincipalTag/*` may be any value, present or absent (the
 * analyses treat them as free; `request-context.ts` `principalKeyIsFree`).
 */
export function roleMayHaveSessionTags(role: Role): boolean {
  let v = cache.get(role);
  if (v === undefined) {
    const trust = role.trustPolicy;
    v = !trust || !!trust.unknown || trust.statements.some(mayAllowTagSession);
    cache.set(role, v);
  }
  return v;
}

/**
 * True when a context key (lowercased) is one a session tag sets: `aws:PrincipalTag/*` and
 * `aws:PrincipalTagKeys` (IAM User Guide, "Passing session tags in AWS STS": "When you use the
 * session credentials to make a subsequent request, the request context includes the
 * aws:PrincipalTag context key").
 */
export function isSessionTagKey(lowerKey: string): boolean {
  return lowerKey.startsWith('aws:principaltag/') || lowerKey === 'aws:principaltagkeys';
}

/** A session-tag key (lowercased, `isSessionTagKey`) as the policy grammar spells its prefix: `aws:PrincipalTag/team`. */
export function sessionTagKeyText(lowerKey: string): string {
  return lowerKey === 'aws:principaltagkeys'
    ? 'aws:PrincipalTagKeys'
    : `aws:PrincipalTag/${lowerKey.slice('aws:principaltag/'.length)}`;
}
