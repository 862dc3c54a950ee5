// What the principals' identity policies allow on resources outside the inputs: the Allow
// statements of users (their groups' too) and roles whose Resource or NotResource can match
// something other than the model's resources and roles (`*`, service wildcards, ARNs of resources
// the inputs do not define, an unknown value), those of the AWS managed policies attached (their
// documents read from the catalog, as the engine reads them: engine/policy-sets.ts `awsManaged`),
// and the attached policies whose document is not known (an AWS managed ARN the catalog does not
// hold, a customer managed policy the inputs do not define, an unknown ARN or document). The access diff and the access summary evaluate the model's
// resources and roles only: this is how access elsewhere stays visible. The diff reports the ones
// the base does not hold unchanged (`outsideNotCompared`, diff/access-diff.ts) and the summary lists
// them per principal (access-summary.ts). A statement is identified by what decides access
// (diff/normalize.ts `statementText`: effect, actions, resources, conditions; never Sid, policy
// name, order or source).

import { awsManaged } from '../engine/policy-sets.js';
import { groupIdsOf, type Model, type PolicyAttachment, type Principal } from '../model/types.js';
import type { Source } from '../model/source.js';
import { isUnknown, type Maybe } from '../model/unknown.js';
import type { PolicyDocument, Statement, ValueList } from '../policy/types.js';
import { managedLookupOf, statementText, type TextMap } from './diff/normalize.js';

/** One statement (or attached policy) of a principal that may allow access outside the inputs. */
export interface OutsideGrant {
  /** The principal's ARN. */
  principal: string;
  /** What identifies it across states (statementText, or the attached policy's ARN). */
  key: string;
  /** The statement as read: `Allow s3:GetObject on *`. */
  statement: string;
  /** The Resource (or `NotResource ...`) patterns that reach outside the inputs, sorted. */
  resources: string[];
  /** The policy that holds it (name or ARN). */
  policy: string;
  source?: Source;
  /** In a diff's `notCompared`: why the diff could not compare it (diff/outside-compare.ts `notComparedWhy`). */
  why?: string;
}

/**
 * The statement behind an outside grant read from a statement of a document (not an attached policy
 * whose document the inputs do not hold, nor an unknown document): what the witness comparison of
 * diff/outside-compare.ts reads (kept beside the grant so the grant's JSON form stays as it is).
 */
export const outsideStatementOf = new WeakMap<OutsideGrant, Statement>();

const text = (v: Maybe<string>): string => (isUnknown(v) ? `(unknown: ${v.reason})` : v);

/** The values of a list, sorted and once each (order and repeats are not access). */
function list(v: ValueList | undefined): string[] {
  return v ? [...new Set(v.values.map(text))].sort() : [];
}

/** `Allow s3:GetObject, s3:PutObject on arn:aws:s3:::b/* when StringEquals aws:...` */
function readable(s: Statement): string {
  const effect = text(s.effect);
  const actions = s.notAction ? `NotAction ${list(s.notAction).join(', ')}` : list(s.action).join(', ');
  const resources = s.notResource
    ? `NotResource ${list(s.notResource).join(', ')}`
    : list(s.resource).join(', ');
  const conditions = s.conditions
    .map((c) => `${c.operator} ${c.key} ${[...new Set(c.values.map(text))].sort().join(', ')}`)
    .sort();
  return `${effect} ${actions} on ${resources}${conditions.length ? ` when ${conditions.join(' and ')}` : ''}${s.unknown ? ` (partly unknown: ${s.unknown.reason})` : ''}`;
}

/**
 * The ARNs the access diff and the access summary evaluate (its columns: resources and roles), and
 * whether a pattern names only those: an ARN of one of them, or objects of one of its buckets
 * (`BUCKET/*`, `BUCKET/reports/*`). Anything else
 * (`*`, `?`, another ARN, an unknown value) may reach a resource the inputs do not define.
 */
export function insideOf(model: Model): (pattern: Maybe<string>) => boolean {
  const arns = new Set<string>();
  const buckets = new Set<string>();
  for (const r of model.resources) {
    arns.add(r.arn);
    if (r.kind === 's3-bucket') buckets.add(r.arn);
  }
  for (const r of model.roles) arns.add(r.arn);
  return (p) => {
    if (isUnknown(p)) return false;
    if (arns.has(p)) return true;
    // The objects of a bucket of the inputs: its `BUCKET/*` column (compare-access.ts
    // `resourcePattern`), a narrower pattern there as a condition ("only objects matching").
    const slash = p.indexOf('/');
    return slash > 0 && p.startsWith('arn:') && buckets.has(p.slice(0, slash));
  };
}

/** The outside patterns of an Allow (or maybe-Allow) statement; empty when it reaches only the inputs. */
function outsidePatterns(s: Statement, inside: (p: Maybe<string>) => boolean): string[] {
  if (s.effect === 'Deny') return [];
  // NotResource matches every resource but those it names: always some outside the inputs.
  if (s.notResource) return [`NotResource ${list(s.notResource).join(', ')}`];
  // A statement without Resource (invalid in an identity policy) is left to the engine's findings.
  if (!s.resource) return s.unknown ? ['(unknown)'] : [];
  return [...new Set(s.resource.values.filter((v) => !inside(v)).map(text))].sort();
}

function fromDocument(
  principal: string,
  policy: string,
  doc: PolicyDocument,
  inside: (p: Maybe<string>) => boolean,
  map: TextMap,
  out: OutsideGrant[],
): void {
  if (doc.unknown) {
    out.push({
      principal,
      key: `unknown-document ${map(doc.unknown.reason)}`,
      statement: `a policy whose document is unknown (${doc.unknown.reason})`,
      resources: ['(unknown)'],
      policy,
      source: doc.source,
    });
    return;
  }
  for (const s of doc.statements) {
    const resources = outsidePatterns(s, inside);
    if (!resources.length) continue;
    const grant: OutsideGrant = {
      principal,
      key: statementText(s, map),
      statement: readable(s),
      resources,
      policy,
      source: s.source,
    };
    outsideStatementOf.set(grant, s);
    out.push(grant);
  }
}

/** An AWS managed policy ARN (`arn:PARTITION:iam::aws:policy/...`). */
export const isAwsManagedArn = (arn: string): boolean => /^arn:[^:]+:iam::aws:policy\//.test(arn);

/** The statements of the AWS managed policies the catalog holds (documents parsed once per process). */
export const awsManagedStatements = new WeakSet<Statement>();

/** The catalog's document of an AWS managed policy (undefined: not one, or one it does not hold). */
function awsManagedDocument(arn: string, read: boolean): PolicyDocument | undefined {
  const doc = read && isAwsManagedArn(arn) ? awsManaged(arn)?.document : undefined;
  if (doc) for (const s of doc.statements) awsManagedStatements.add(s);
  return doc;
}

/**
 * The documents of the AWS managed policies the catalog holds that are attached to the model's
 * users, roles and groups, as policies or permissions boundaries (the engine decides with them).
 */
export function awsManagedDocumentsOf(model: Model): PolicyDocument[] {
  const docs = new Set<PolicyDocument>();
  const add = (a: PolicyAttachment | undefined) => {
    if (!a || isUnknown(a.policyArn)) return;
    const doc = awsManagedDocument(a.policyArn, true);
    if (doc) docs.add(doc);
  };
  for (const p of [...model.users, ...model.roles]) {
    for (const a of p.managedPolicies) add(a);
    add(p.permissionsBoundary);
  }
  for (const g of model.groups) for (const a of g.managedPolicies) add(a);
  return [...docs];
}

function fromAttachment(
  principal: string,
  a: PolicyAttachment,
  lookup: (arn: string) => PolicyDocument | undefined,
  inside: (p: Maybe<string>) => boolean,
  map: TextMap,
  out: OutsideGrant[],
  awsPolicies: boolean,
): void {
  const arn = a.policyArn;
  const doc = isUnknown(arn) ? undefined : (lookup(arn) ?? awsManagedDocument(arn, awsPolicies));
  if (doc) {
    fromDocument(principal, arn as string, doc, inside, map, out);
    return;
  }
  // An AWS managed policy the catalog does not hold, or one whose ARN or document the inputs do
  // not hold: what it allows may be anywhere. (`managed ARN` is also the key older access
  // snapshots record for an AWS managed policy the catalog holds: the new state keys its
  // statements, so such a snapshot never holds them as they are.)
  out.push({
    principal,
    key: `managed ${map(text(arn))}`,
    statement: isUnknown(arn)
      ? `a managed policy whose ARN is unknown (${arn.reason})`
      : `the managed policy ${arn}${isAwsManagedArn(arn) ? '' : ' (not in the inputs)'}`,
    resources: ['(policy)'],
    policy: text(arn),
    source: a.source,
  });
}

/**
 * A TextMap renaming the ARNs of `renamed` (the base's generated names to the new ones), whole or
 * as the head of a longer ARN (`BUCKET/*`), for `outsideGrants` of a diff's base.
 */
export function renamingMap(renamed: ReadonlyMap<string, string>): TextMap {
  return (t) => {
    const whole = renamed.get(t);
    if (whole !== undefined) return whole;
    for (let i = t.indexOf('/'); i > 0; i = t.indexOf('/', i + 1)) {
      const head = renamed.get(t.slice(0, i));
      if (head !== undefined) return head + t.slice(i);
    }
    return t;
  };
}

export interface OutsideGrantOptions {
  /**
   * An AWS managed policy the catalog holds: its statements (`statements`, the default: what the
   * diff compares), or the attachment as one grant keyed `managed ARN` (`policy`: the access
   * summary, so a catalog update does not change users' access snapshots).
   */
  awsManaged?: 'statements' | 'policy';
}

/**
 * Every outside grant of the model's users and roles (see the module comment), in model order.
 * `map` rewrites the texts that identify a statement (the base's generated names to the new ones).
 */
export function outsideGrants(
  model: Model,
  map: TextMap = (t) => t,
  options: OutsideGrantOptions = {},
): OutsideGrant[] {
  const aws = options.awsManaged !== 'policy';
  const inside = insideOf(model);
  const lookup = managedLookupOf(model);
  const groups = new Map(model.groups.map((g) => [g.id, g]));
  const out: OutsideGrant[] = [];
  const principals: Principal[] = [...model.users, ...model.roles];
  for (const p of principals) {
    for (const ip of p.inlinePolicies) fromDocument(p.arn, ip.name, ip.document, inside, map, out);
    for (const a of p.managedPolicies) fromAttachment(p.arn, a, lookup, inside, map, out, aws);
    if (p.kind !== 'user') continue;
    for (const id of groupIdsOf(p)) {
      const g = groups.get(id);
      if (!g) continue;
      for (const ip of g.inlinePolicies)
        fromDocument(p.arn, `${g.name}/${ip.name}`, ip.document, inside, map, out);
      for (const a of g.managedPolicies) fromAttachment(p.arn, a, lookup, inside, map, out, aws);
    }
    for (const a of p.unknownGroups) fromAttachment(p.arn, a, lookup, inside, map, out, aws);
  }
  return out;
}
