// Matching a policy's Resource pattern against the ARN of an element whose name the inputs leave
// (partly) unknown: the ARN holds `(unknown-…)` parts (src/model/stand-ins.ts,
// `unknownNamePart`), each standing for any run of characters. Three-valued, one rule: YES when
// the pattern matches every name the element could have, NO when it matches none, else MAYBE
// (IAM User Guide, "IAM JSON policy elements: Resource": `*` matches any combination of
// characters and `?` any single character). An unknown path part (a stand-in's
// `/(unknown-path=…)/`, src/model/stand-ins.ts `unknownPath`) is one such run that may hold `/`
// too, as is an unknown part of a name of a type whose names may hold `/` (a secret, an SSM
// parameter: src/model/slashed-names.ts). Two elements the inputs create are never one resource,
// so a pattern naming one of them exactly names no other, nor a Principal value naming one user,
// role or role session another: that rule is src/model/created-elements.ts `CreatedElements`'s,
// read here through `Engine.surelyCreated`. Owns `matchUnknownName`.

import {
  fillCharsParts,
  hasGeneratedNamePart,
  hasUnknownNamePart,
  isUnknownPathPart,
  unknownPartWords,
} from '../model/stand-ins.js';
import { isOrgDelegationArn, orgIdsUnknown, orgPolicyChangeRequests } from '../aws/org-delegation.js';
import { generatedStackNameUnknown } from '../aws/stack-roles.js';
import { OWN_ARN_ONLY } from './compute-id-causes.js';
import {
  covers,
  intersect,
  isName,
  isRun,
  mightBeNamed,
  noteElementArn,
  patternTokens,
  valueTokens,
} from '../model/name-tokens.js';
import type { CreatedElements } from '../model/created-elements.js';
import { nameWorldOrigin } from '../model/name-world-model.js';
import type { Source } from '../model/source.js';
import type { Model, Tags } from '../model/types.js';
import type { Matcher } from '../policy/wildcard.js';
import { Unknown } from '../model/unknown.js';
import type { RequestPrincipal } from './principal.js';
import type { Tri } from './tri.js';
import { MAYBE, NO, YES } from './tri.js';

export {
  lowerKeepingParts,
  mightBeNamed,
  noteElementArn,
  patternTokens,
  principalMightBe,
  unknownPartMayHoldColon,
  unknownPartMayHoldSlash,
  valueTokens,
} from '../model/name-tokens.js';

/**
 * How a pattern (tokens from `patternTokens`) matches a value with unknown name parts (an ARN,
 * or a condition key's value): YES when it matches every value the unknown parts could give, NO
 * when it matches none, MAYBE otherwise. `asWritten`: the policy's own matcher accepts the value
 * as written (its field rules, which the tokens do not model, hold: with the unknown parts as
 * written, which hold no `:` or `/`, the fields are those of every completion).
 */
export function matchUnknownName(
  pattern: number[],
  value: string,
  asWritten: boolean,
  elements?: CreatedElements,
): Tri {
  const n = valueTokens(value);
  if (asWritten && covers(pattern, n)) return YES;
  if (!intersect(pattern, n)) return NO;
  return elements?.namesOther(pattern, value) ? NO : MAYBE;
}

/**
 * Whether a Resource pattern as written (`*`, `?`, policy variables) may name `arn`, an ARN with
 * an unknown name part, by the rule here (not literally): for analyses that pick the statements
 * or targets worth deciding before the engine decides them.
 */
export function patternMayNameUnknown(pattern: string, arn: string): boolean {
  return hasUnknownNamePart(arn) && mightBeNamed(patternTokens([pattern]), arn);
}

/**
 * Whether a Resource pattern as written names every name `arn` may have: `arn` holds no unknown
 * name part and the pattern matches it, or it holds some and the pattern matches every name they
 * may give (`matchUnknownName` YES), not only the marker text. For analyses that take a request
 * as covered by a pattern of their own (an `only` check's allowed entries): a pattern that only
 * may name it (`app-data-*-*` for `app-data-(unknown-…)`) does not cover it.
 */
export function patternNamesEvery(pattern: Matcher, arn: string): boolean {
  if (!hasUnknownNamePart(arn)) return pattern.test(arn);
  // as the engine's Resource matching (compile-policy.ts `unknownNameMatchers`): the pattern's
  // own matcher on the ARN as written or with its parts of a fixed length filled (a `?` takes one
  // character of them: `db-creds-??????` names every name of a secret, whose last six characters
  // the marker text is not), then every name the parts may give
  const filled = fillCharsParts(arn);
  const asWritten = pattern.test(arn) || (filled !== arn && pattern.test(filled));
  return matchUnknownName(patternTokens([pattern.pattern]), arn, asWritten) === YES;
}

/**
 * Pattern `pattern` with each unknown name part that `keep` (the covering pattern) does not hold
 * written `*`: it matches every name the parts may give, so a pattern containing it (glob
 * containment) names every such name, not only the marker text (`app-data-*-*` contains
 * `app-data-(unknown-…)` as text, not `app-data-*`). A part `keep` holds too stays: the same text
 * is the same unknown on both sides. For analyses that compare two patterns
 * (analysis/escalation-gain.ts `valueCovers`).
 */
export function unknownPartsAsRuns(pattern: string, keep: string): string {
  if (!hasUnknownNamePart(pattern)) return pattern;
  return pattern.replace(/\(unknown-[^)]*\)\/?/g, (m) => {
    const part = m.endsWith('/') ? m.slice(0, -1) : m;
    if (keep.includes(part)) return m;
    // an unknown path part with its closing `/` is one run: nothing, or a path ending with `/`
    return isUnknownPathPart(part) && m.endsWith('/') ? '*' : m.endsWith('/') ? '*/' : '*';
  });
}

/** Why a verdict about the element with ARN `arn` (its name unknown) is open, at its source. */
export function unknownNameCause(arn: string, source: Source | undefined): Unknown {
  if (hasGeneratedNamePart(arn)) return generatedNameCause(arn, source);
  if (!valueTokens(arn).some((t) => isRun(t) && isName(t)))
    return new Unknown(
      `the ARN ${arn} ends in characters AWS assigns at creation (its (unknown-N-chars=…) part: N characters no input knows), so whether the policy names it is unknown`,
      source,
    );
  return new Unknown(
    `the name of ${arn} is not known (${unknownPartWords()}), so whether the policy names it is unknown`,
    source,
  );
}

/**
 * The cause for an element whose name CloudFormation generates (a role without RoleName): what
 * of the name is known, and the resource it comes from (logical id, construct path).
 */
function generatedNameCause(arn: string, source: Source | undefined): Unknown {
  const from = [
    source?.logicalId && `logical id ${source.logicalId}`,
    source?.stack && `stack ${source.stack}`,
    source?.constructPath && `construct ${source.constructPath}`,
  ].filter(Boolean);
  const whole = /[/:]\(unknown-generated-[^)]*\)(\.fifo|-\(unknown-\d+-chars=[^)]*\))?$/.test(arn);
  const what = whole
    ? 'none of it is known before deploy (the stack name is not given, or the name may be cut to fit its length limit)'
    : 'it is the text before its (unknown-generated-…) part, then a random string';
  return new Unknown(
    `the name of ${arn} is generated by CloudFormation${from.length ? ` (${from.join(', ')})` : ''}: ${what}, so whether the policy names it is unknown`,
    source,
  );
}

/**
 * Every ARN the model holds with an unknown name part, with why it is open (`unknownNameCause`, at
 * its source): its users, groups, roles and resources, its managed policies (a name
 * CloudFormation generates, a Terraform `name_prefix`), identity providers, and the stacks of its
 * stack roles (why: `StackRole.nameUnknown`, a template's; aws/stack-roles.ts
 * `generatedStackNameUnknown`, a nested stack's), the organization ids the requests of a delegated
 * principal name (aws/org-delegation.ts `orgPolicyChangeRequests`, why: `orgIdsUnknown`). `elements` says whether one of
 * them is a user, group, role or resource: only those are told apart by `CreatedElements` and
 * decided again by name-worlds.ts. A managed policy, identity provider or stack needs no world:
 * the engine reads nothing of one by a request's ARN (no resource policy, tags or trust), so the
 * only change where a concrete name is its (`policy/App-Pol-xyz`) is in the values naming it by
 * its unknown part, which match such a name MAYBE already (compile-policy.ts `resourceMatcher`,
 * `principalValues` for a Federated provider, `withUnknownNames`): indeterminate
 * (test/unknown-name-shortcuts.test.ts).
 *
 * `everyRequest`: every request is matched by the rule here (`elements`, or a tag of the model,
 * which a request's context may read, holds an unknown part); otherwise only a request one of
 * whose own ARNs or values holds one (`requestNamesUnknown`). Sound: with no element's ARN holding
 * an unknown part, `CreatedElements` holds no such ARN, so it tells apart only a pattern and a value
 * that no string matches both (two known ARNs, each a prefix before a `/`, `:` or the end, with as
 * many delimiters, are one), which the matching finds on its own; and a request value holds an
 * unknown part only if it comes from the request (its ARNs, its context) or from the model's tags.
 */
export function unknownNameCauses(model: Model): {
  causes: Map<string, Unknown>;
  elements: boolean;
  everyRequest: boolean;
} {
  const causes = new Map<string, Unknown>();
  // a name world's model (model/name-world-model.ts) holds most of its base's ARNs as they are
  const origin = nameWorldOrigin(model);
  const base = origin && NAME_CAUSES.get(origin.base);
  const own = new Map<string, { source: Source | undefined; why: Unknown }>();
  NAME_CAUSES.set(model, own);
  const note = (arn: unknown, source: Source | undefined, why?: Unknown) => {
    if (typeof arn !== 'string' || !hasUnknownNamePart(arn) || causes.has(arn)) return;
    if (why) {
      causes.set(arn, why);
      noteElementArn(arn);
      return;
    }
    const had = base?.get(arn);
    // the same ARN and source: the same cause, and its tokens noted already (`noteElementArn`)
    if (had && had.source === source) {
      causes.set(arn, had.why);
      own.set(arn, had);
      return;
    }
    const made = unknownNameCause(arn, source);
    causes.set(arn, made);
    own.set(arn, { source, why: made });
    noteElementArn(arn);
  };
  for (const e of [...model.users, ...model.roles, ...model.groups, ...model.resources])
    note(e.arn, e.source);
  const elements = causes.size > 0;
  for (const p of model.policies) note(p.arn, p.source);
  for (const p of model.identityProviders) note(p.arn, p.source);
  for (const s of model.stackRoles ?? [])
    for (const alt of s.requests)
      for (const r of alt) note(r.resource, s.source, s.nameUnknown ?? generatedStackNameUnknown(s));
  // The organization's policy and root ids a delegated principal's requests name (aws/org-delegation.ts).
  for (const r of model.resources)
    if (isOrgDelegationArn(r.arn))
      for (const q of orgPolicyChangeRequests(r)) note(q.resource, r.source, orgIdsUnknown(r));
  const tagged: { tags?: Tags }[] = [
    ...model.users,
    ...model.roles,
    ...model.resources,
    ...model.policies,
    ...model.identityProviders,
  ];
  const everyRequest = elements || tagged.some((e) => tagsNameUnknown(e.tags));
  return { causes, elements, everyRequest };
}

/**
 * Per model, the causes `unknownNameCauses` made by `unknownNameCause` (not those given), with their
 * sources: a name world's engine takes its base's for every ARN and source the world keeps (the
 * engines of worlds are built per world; their decisions, not their traces, are read).
 */
const NAME_CAUSES = new WeakMap<Model, Map<string, { source: Source | undefined; why: Unknown }>>();

/** Whether a tag value holds an unknown name part (a tag set to a `Ref` of such an element). */
function tagsNameUnknown(tags: Tags | undefined): boolean {
  if (!tags) return false;
  for (const k in tags) {
    const v = tags[k];
    if (typeof v === 'string' && hasUnknownNamePart(v)) return true;
  }
  return false;
}

/**
 * Whether a request names an unknown part: its resource ARN, one of its principal's ARNs (a role
 * session's and its role's, a federated provider's, a federated user's caller) or one of its
 * context values holds an unknown name part. Such a request is matched by the rule here whatever
 * the model holds (no allocation on the way).
 */
export function requestNamesUnknown(
  resource: string,
  context: Readonly<Record<string, unknown>> | undefined,
  principal?: PrincipalArns,
): boolean {
  if (hasUnknownNamePart(resource) || (principal && principalNamesUnknown(principal))) return true;
  if (!context) return false;
  for (const k in context) {
    const v = context[k];
    if (typeof v === 'string') {
      if (hasUnknownNamePart(v)) return true;
    } else if (Array.isArray(v)) {
      for (const x of v) if (typeof x === 'string' && hasUnknownNamePart(x)) return true;
    }
  }
  return false;
}

/** The ARNs of a request's principal (engine/principal.ts `RequestPrincipal`). */
export type PrincipalArns = Pick<RequestPrincipal, 'arn' | 'sessionArn' | 'roleArn' | 'callerArn'>;

/** True when one of a principal's ARNs holds a name the inputs leave unknown. */
export function principalNamesUnknown(p: PrincipalArns): boolean {
  return (
    (p.arn !== undefined && hasUnknownNamePart(p.arn)) ||
    (p.sessionArn !== undefined && hasUnknownNamePart(p.sessionArn)) ||
    (p.roleArn !== undefined && hasUnknownNamePart(p.roleArn)) ||
    (p.callerArn !== undefined && hasUnknownNamePart(p.callerArn))
  );
}

/**
 * The cause for an ARN with unknown name parts from the engine's map of such ARNs
 * (`unknownNameCauses`): its own; an element's it is inside of (a key of an S3 bucket, a
 * function's version: after a `/` or `:`); else one holding the same unknown part (the same text
 * is the same unknown); else, an ARN the model does not hold (a request's), the part's own
 * cause, with no source. Undefined when `arn` holds no unknown name part.
 */
export function causeOfUnknownName(
  map: ReadonlyMap<string, Unknown> | undefined,
  arn: string | undefined,
): Unknown | undefined {
  if (!arn || !hasUnknownNamePart(arn)) return undefined;
  const own = map?.get(arn);
  if (own) return own;
  if (map) {
    for (const [k, u] of map)
      if (!OWN_ARN_ONLY.has(u) && arn.startsWith(k) && (arn[k.length] === '/' || arn[k.length] === ':'))
        return u;
    const parts = arn.match(/\(unknown-[^)]*\)/g) ?? [];
    for (const [k, u] of map) if (!OWN_ARN_ONLY.has(u) && parts.some((part) => k.includes(part))) return u;
  }
  return unknownNameCause(arn, undefined);
}
