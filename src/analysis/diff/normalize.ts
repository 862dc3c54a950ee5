// Semantic serializations of model elements for the access diff: what a principal's, a
// resource's and the account's decisions depend on, written so that what cannot change a
// decision does not change the text (sources, policy names, Sids, statement and value order).
// Two uses: fingerprints (equal text → equal decisions: rows and columns whose text did not
// change need not be evaluated again) and signatures (the same text with the names CloudFormation
// or Terraform generate from logical ids / addresses masked, to recognise an element that was
// only re-synthesized under a new logical id).

import {
  type Group,
  groupIdsOf,
  isDeploymentTag,
  isMayBeAbsentTag,
  type Model,
  type PolicyAttachment,
  type Resource,
  type Role,
  type Tags,
  type User,
} from '../../model/types.js';
import { modelReadsTags } from '../../model/tag-reads.js';
import { isPartlyKnown, isUnknown, type Maybe } from '../../model/unknown.js';
import type {
  ConditionClause,
  PolicyDocument,
  PrincipalSpec,
  Statement,
  ValueList,
} from '../../policy/types.js';

/** Rewrites every string before it is written (identity for fingerprints; masking for signatures). */
export type TextMap = (text: string) => string;

const same: TextMap = (t) => t;

/**
 * A value: its text, or an unknown's reason; a partly known one with its known parts too
 * (`arn:aws:s3:::acme-${?}/*` and `arn:aws:s3:::acme-${?}/in/*` decide differently).
 */
export function maybe(v: Maybe<string> | undefined, map: TextMap): string {
  if (v === undefined) return '';
  if (!isUnknown(v)) return map(v);
  if (isPartlyKnown(v))
    return `?${JSON.stringify(v.parts.map((p) => (typeof p === 'string' ? map(p) : `?${map(p.reason)}`)))}`;
  return `?${map(v.reason)}`;
}

function values(list: ValueList | undefined, map: TextMap): string[] | undefined {
  if (!list) return undefined;
  return [...new Set(list.values.map((v) => maybe(v, map)))].sort();
}

function principalSpec(p: PrincipalSpec | undefined, map: TextMap): unknown {
  if (!p) return undefined;
  return {
    w: p.wildcard,
    a: values(p.aws, map),
    s: values(p.service, map),
    f: values(p.federated, map),
    c: values(p.canonicalUser, map),
  };
}

function clause(c: ConditionClause, map: TextMap): string {
  return JSON.stringify([
    c.operator,
    c.key.toLowerCase(),
    [...new Set(c.values.map((v) => maybe(v, map)))].sort(),
  ]);
}

/** One statement, without its Sid, position and source. */
export function statementText(s: Statement, map: TextMap = same): string {
  return JSON.stringify({
    e: maybe(s.effect, map),
    a: values(s.action, map),
    na: values(s.notAction, map),
    r: values(s.resource, map),
    nr: values(s.notResource, map),
    p: principalSpec(s.principal, map),
    np: principalSpec(s.notPrincipal, map),
    c: s.conditions.map((c) => clause(c, map)).sort(),
    u: s.unknown ? map(s.unknown.reason) : undefined,
    m: s.presence ? map(s.presence.reason) : undefined,
  });
}

// Fingerprints of documents (models are frozen: a document's text never changes). A managed policy
// attached to many principals is written once.
// The texts of documents, per TextMap (every TextMap is a pure function of its text): a document
// attached to many principals, or projected once per action (dependencies.ts), is written once.
const documentTexts = new WeakMap<TextMap, WeakMap<PolicyDocument, string>>();

/** A policy document: its statements as a sorted set, and whether it (or it all) is unknown. */
export function documentText(d: PolicyDocument | undefined, map: TextMap = same): string {
  if (!d) return '-';
  let texts = documentTexts.get(map);
  if (!texts) {
    texts = new WeakMap();
    documentTexts.set(map, texts);
  }
  let text = texts.get(d);
  if (text === undefined) {
    text = writeDocument(d, map);
    texts.set(d, text);
  }
  return text;
}

function writeDocument(d: PolicyDocument, map: TextMap): string {
  return JSON.stringify({
    k: d.kind,
    u: d.unknown ? map(d.unknown.reason) : undefined,
    m: d.presence ? map(d.presence.reason) : undefined,
    s: [...new Set(d.statements.map((s) => statementText(s, map)))].sort(),
  });
}

/**
 * A tag the deployment decides (`deploymentTag`: a CloudFormation stack tag or an
 * `aws:cloudformation:*` tag) is written without its reason: the reason names the value it may have
 * (the logical id, the stack name), which no decision reads (the key is present with an unknown
 * value, or absent), and a re-synthesized element has another logical id.
 */
function tagsText(tags: Tags, map: TextMap): string[] {
  return Object.entries(tags)
    .map(([k, v]) =>
      isDeploymentTag(v)
        ? `${map(k)}=?deployment${isMayBeAbsentTag(v) ? ' (may be absent)' : ''}`
        : `${map(k)}=${maybe(v, map)}`,
    )
    .sort();
}

/** Resolves customer managed policies by ARN (AWS managed ones are the catalog's: the ARN says all). */
export type ManagedLookup = (arn: string) => PolicyDocument | undefined;

export function managedLookupOf(model: Model): ManagedLookup {
  const byArn = new Map(model.policies.map((p) => [p.arn, p]));
  return (arn) => {
    const p = byArn.get(arn);
    if (!p) return undefined;
    // A managed policy that might not exist makes its statements maybe-present.
    return p.presence ? { ...p.document, presence: p.document.presence ?? p.presence } : p.document;
  };
}

// Fingerprints of what a lookup resolves (a managed policy attached to many principals, a group
// of many users), written once per lookup (one per model and layout: the same group object may
// resolve other documents in another model).
interface LookupTexts {
  attachments: Map<string, string>;
  groups: Map<Group, string>;
}
// Per lookup and TextMap (both pure functions).
const lookupTexts = new WeakMap<ManagedLookup, WeakMap<TextMap, LookupTexts>>();

function textsOf(lookup: ManagedLookup, map: TextMap): LookupTexts {
  let byMap = lookupTexts.get(lookup);
  if (!byMap) {
    byMap = new WeakMap();
    lookupTexts.set(lookup, byMap);
  }
  let t = byMap.get(map);
  if (!t) {
    t = { attachments: new Map(), groups: new Map() };
    byMap.set(map, t);
  }
  return t;
}

function attachmentText(a: PolicyAttachment | undefined, lookup: ManagedLookup, map: TextMap): string {
  if (!a) return '-';
  const arn = isUnknown(a.policyArn) ? undefined : a.policyArn;
  // The fingerprint of an attachment that surely exists depends only on its ARN.
  const cache = arn !== undefined && !a.presence ? textsOf(lookup, map).attachments : undefined;
  const hit = cache?.get(arn!);
  if (hit !== undefined) return hit;
  const text = JSON.stringify({
    arn: maybe(a.policyArn, map),
    d: arn ? documentText(lookup(arn), map) : undefined,
    m: a.presence ? map(a.presence.reason) : undefined,
  });
  cache?.set(arn!, text);
  return text;
}

function groupText(g: Group | undefined, lookup: ManagedLookup, map: TextMap): string {
  if (!g) return '-';
  const cache = textsOf(lookup, map).groups;
  let text = cache.get(g);
  if (text === undefined) {
    text = writeGroup(g, lookup, map);
    cache.set(g, text);
  }
  return text;
}

function writeGroup(g: Group, lookup: ManagedLookup, map: TextMap): string {
  return JSON.stringify({
    arn: map(g.arn),
    m: g.presence ? map(g.presence.reason) : undefined,
    i: g.imported ? map(g.imported.reason) : undefined,
    inline: g.inlinePolicies
      .map((p) => `${documentText(p.document, map)}${p.presence ? `?${map(p.presence.reason)}` : ''}`)
      .sort(),
    managed: g.managedPolicies.map((a) => attachmentText(a, lookup, map)).sort(),
  });
}

// The texts of documents, attachments and groups in fingerprints (`map` = `same`), numbered: a
// principal's fingerprint names them by number rather than embedding them (a user's embedded every
// document of its groups and managed policies, escaped again at each level of JSON). Equal texts
// have one number in one numbering, so two fingerprints made with the same numbering are equal
// exactly when the texts they would embed are: a diff numbers both of its sides with one
// (`textNumbering()`, made per diff, so a long-lived process keeps no text after the diff).

/** Numbers texts in the order they are first seen; one per diff (both sides share it). */
export function textNumbering(): (text: string) => string {
  const numbers = new Map<string, number>();
  return (text) => {
    let n = numbers.get(text);
    if (n === undefined) {
      n = numbers.size;
      numbers.set(text, n);
    }
    return `#${n}`;
  };
}

/** A user's or role's own identity in the texts of this module and outside-context.ts. */
export function principalIdentityFields(p: User | Role, map: TextMap = same) {
  return {
    k: p.kind,
    arn: map(p.arn),
    acct: p.account,
    tags: tagsText(p.tags, map),
    m: p.presence ? map(p.presence.reason) : undefined,
    i: p.imported ? map(p.imported.reason) : undefined,
  };
}

/**
 * What a user's or role's own decisions depend on: its ARN, tags, presence, identity policies
 * (inline, managed with their documents, its groups' policies), boundary, and a role's trust policy.
 * As a fingerprint (`numbered`, from `textNumbering()`) it names those texts by number; as a signature
 * (no `numbered`) it embeds them.
 */
export function principalText(
  p: User | Role,
  groups: ReadonlyMap<string, Group>,
  lookup: ManagedLookup,
  map: TextMap = same,
  numbered?: (text: string) => string,
): string {
  const part = numbered ?? ((t: string) => t);
  const base = {
    ...principalIdentityFields(p, map),
    inline: p.inlinePolicies
      .map((x) => `${part(documentText(x.document, map))}${x.presence ? `?${map(x.presence.reason)}` : ''}`)
      .sort(),
    managed: p.managedPolicies.map((a) => part(attachmentText(a, lookup, map))).sort(),
    boundary: part(attachmentText(p.permissionsBoundary, lookup, map)),
  };
  if (p.kind === 'user')
    return JSON.stringify({
      ...base,
      groups: p.groups.map((g) => part(groupText(groups.get(g), lookup, map))).sort(),
      unknownGroups: p.unknownGroups.map((a) => part(attachmentText(a, lookup, map))).sort(),
      maybeGroups: p.maybeGroups
        .map((x) => `${part(groupText(groups.get(x.group), lookup, map))}?${map(x.presence.reason)}`)
        .sort(),
    });
  return JSON.stringify({ ...base, trust: part(documentText(p.trustPolicy, map)), sl: p.serviceLinked });
}

/** What decisions on a resource depend on: its ARN, kind, account, region, tags, presence and policy. */
export function resourceText(r: Resource, map: TextMap = same): string {
  return JSON.stringify({
    k: r.kind,
    arn: map(r.arn),
    acct: r.account,
    region: r.region,
    tags: tagsText(r.tags, map),
    m: r.presence ? map(r.presence.reason) : undefined,
    policy: documentText(r.policy, map),
  });
}

/** What every decision depends on: the partition, the model's accounts and their SCPs and RCPs. */
export function accountText(model: Model): string {
  return JSON.stringify({
    p: model.partition,
    a: model.accounts.map((a) => `${a.id}/${a.region ?? ''}`).sort(),
    o: model.organizations
      .map((o) =>
        JSON.stringify({
          a: o.account,
          s: o.scps.map((d) => documentText(d)).sort(),
          r: o.rcps.map((d) => documentText(d)).sort(),
        }),
      )
      .sort(),
  });
}

/**
 * The tags of the model's IAM customer managed policies and identity providers, when some policy
 * of the model reads tags: they are the aws:ResourceTag/* of a request on one
 * (engine/outside-resource-tags.ts), and neither is a column of the diff, so a statement allowing
 * `iam:CreatePolicyVersion` on `*` under such a condition grants more when one's tags change
 * (test/diff-iam-policy-tags.test.ts). Empty when no policy reads tags or there is none, so what
 * an access snapshot records is unchanged for every other model.
 */
export function iamResourceTagsText(model: Model, map: TextMap = same): string {
  if (!model.policies.length && !model.identityProviders.length) return '';
  if (!modelReadsTags(model)) return '';
  const tagged = (arn: Maybe<string>, tags: Tags | undefined) =>
    `${maybe(arn, map)}:${tags ? tagsText(tags, map).join(',') : '?'}`;
  return JSON.stringify(
    [
      ...model.policies.map((p) => tagged(p.arn, p.tags)),
      ...model.identityProviders.map((p) => tagged(p.arn, p.tags)),
    ].sort(),
  );
}

/**
 * Does a user's or role's policy ARN stay unknown (a boundary, a managed policy, a group
 * membership `known only after apply`)? The policy it names may be any customer managed policy of
 * the inputs (`candidatePoliciesText`), so what its decisions depend on includes theirs.
 */
export function namesUnknownPolicy(p: User | Role, groups: ReadonlyMap<string, Group>): boolean {
  const unknownArn = (a: PolicyAttachment | undefined) => !!a && isUnknown(a.policyArn);
  if (unknownArn(p.permissionsBoundary) || p.managedPolicies.some(unknownArn)) return true;
  if (p.kind !== 'user') return false;
  if (p.unknownGroups.length) return true;
  const inGroup = (id: string) => groups.get(id)?.managedPolicies.some(unknownArn) ?? false;
  return groupIdsOf(p).some(inGroup);
}

/**
 * The customer managed policies an unknown policy ARN may name: their documents (and whether
 * they might not exist) as a sorted set, without their names, ARNs and sources (a rename or a
 * re-synthesis is no change; a widened document is).
 */
export function candidatePoliciesText(model: Model, map: TextMap = same): string {
  return JSON.stringify(
    [
      ...new Set(
        model.policies.map(
          (p) => `${documentText(p.document, map)}${p.presence ? `?${map(p.presence.reason)}` : ''}`,
        ),
      ),
    ].sort(),
  );
}
