// Principal and resource identity across the two states of an access diff. An element is the
// same in both when its ARN is the same. A name the inputs do not fix is different: CloudFormation
// generates it from the logical id (the model calls it `<stack>-<LogicalId>-(unknown-generated-…)`,
// or `(unknown-generated-<LogicalId>-…)` when the prefix is not certain), Terraform
// leaves it unknown (the model calls it by its address), so re-synthesizing an app under new
// logical ids (or moving a Terraform resource) gives its users, roles and resources new ARNs with
// the same access. Such elements (the ARN contains the element's own logical id or address) that
// have no counterpart by ARN are matched by kind, by the ARN's shape with that token (and the
// stack name, which a lone template takes from its file name) masked, and
// by their content with every generated name masked (sources, policy names, Sids and statement
// order aside: see normalize.ts). Identical candidates pair in model order. Whatever stays
// unmatched is a different element: its access shows as removed and added (never hidden).

import type { Model, Resource, Role, User } from '../../model/types.js';
import { isMadeUpName } from '../../requests/element-names.js';
import { managedLookupOf, principalText, resourceText, type TextMap } from './normalize.js';
import type { RenamedElement } from './types.js';
import { escapeRegExp } from '../../text/regexp.js';

/** The correspondence of the base's ARNs and the new state's. */
export interface IdentityMap {
  /** Base ARN → new ARN, for elements matched under a different ARN. */
  readonly baseToNew: ReadonlyMap<string, string>;
  /** New ARN → base ARN (the inverse). */
  readonly newToBase: ReadonlyMap<string, string>;
  readonly renamed: RenamedElement[];
}

export const NO_RENAMES: IdentityMap = { baseToNew: new Map(), newToBase: new Map(), renamed: [] };

type Element = User | Role | Resource;
type Kind = RenamedElement['kind'];

function kindOf(e: Element): Kind {
  return e.kind === 'user' ? 'user' : e.kind === 'role' ? 'role' : 'resource';
}

/** The logical ids and addresses an element's generated name could come from (both spellings). */
function nameTokens(e: Element): string[] {
  const s = e.source;
  const out: string[] = [];
  for (const t of [s.generatedLogicalId, s.logicalId, s.address]) {
    if (!t || t.length < 2) continue;
    out.push(t);
    // Bucket placeholders are lower-cased, with other characters replaced (resource-identity.ts).
    const lower = t.toLowerCase().replace(/[^a-z0-9.-]/g, '-');
    if (lower !== t) out.push(lower);
  }
  return out;
}

/** The token of `e`'s own ARN that was generated from its logical id or address, if any. */
function generatedToken(e: Element): string | undefined {
  return nameTokens(e).find((t) => e.arn.includes(t));
}

/** The unknown part of a name CloudFormation generates (src/adapters/cloudformation/generated-names.ts). */
const GENERATED_PART = /\(unknown-generated-[^()]*\)/g;

/**
 * The unknown parts of the names CloudFormation generated in `arn`: each is one resource's own
 * (a hash of its stack and logical id), so they are masked like the logical ids they come with.
 */
function generatedParts(arn: string): string[] {
  return arn.includes('(unknown-generated-') ? [...new Set(arn.match(GENERATED_PART) ?? [])] : [];
}

/** `arn` with its generated parts, then `token`, replaced by `mark`. */
function maskArn(arn: string, token: string, mark: string): string {
  let out = arn;
  for (const p of generatedParts(arn)) out = out.split(p).join(mark);
  return out.split(token).join(mark);
}

/** A TextMap that masks every generated-name token of a model (longest first). */
function maskOf(tokens: Iterable<string>): TextMap {
  const list = [...new Set(tokens)].sort((a, b) => b.length - a.length);
  if (!list.length) return (t) => t;
  const re = new RegExp(list.map(escapeRegExp).join('|'), 'g');
  return (t) => t.replace(re, '\u00a7');
}

interface Candidate {
  element: Element;
  order: number;
  shape: string;
}

/** Elements of `model` by ARN, and the generated-name candidates among those not in `other`. */
function candidatesOf(model: Model, otherArns: ReadonlySet<string>): { list: Candidate[]; tokens: string[] } {
  const list: Candidate[] = [];
  const tokens: string[] = [];
  const all: Element[] = [...model.users, ...model.roles, ...model.resources];
  all.forEach((e, order) => {
    const token = generatedToken(e);
    if (!token) return;
    tokens.push(token, ...generatedParts(e.arn));
    // The stack name is part of a generated name too (`<stack>-<LogicalId>-(unknown-generated-…)`,
    // and of the part's hash): a stack loaded under another name is the same.
    const stacks = stackTokens(e).filter((t) => e.arn.includes(t));
    tokens.push(...stacks);
    if (otherArns.has(e.arn)) return;
    let shape = maskArn(e.arn, token, '\u00a7');
    for (const t of stacks) shape = shape.split(t).join('\u00a4');
    list.push({ element: e, order, shape: `${kindOf(e)}|${shape}` });
  });
  return { list, tokens };
}

/** The stack name of an element (both spellings), when it has one. */
function stackTokens(e: Element): string[] {
  const stack = e.source.stack;
  if (!stack || stack.length < 2) return [];
  const lower = stack.toLowerCase().replace(/[^a-z0-9.-]/g, '-');
  return lower === stack ? [stack] : [stack, lower];
}

function arnsOf(model: Model): Set<string> {
  return new Set([...model.users, ...model.roles, ...model.resources].map((e) => e.arn));
}

function signatureOf(model: Model, e: Element, mask: TextMap): string {
  if (e.kind === 'user' || e.kind === 'role') {
    const groups = new Map(model.groups.map((g) => [g.id, g]));
    return principalText(e, groups, managedLookupOf(model), mask);
  }
  return resourceText(e, mask);
}

/**
 * Matches the elements of `base` and `next` whose generated names differ (see the module
 * comment). Elements with the same ARN in both are the same element and are not listed.
 */
export function matchIdentities(base: Model, next: Model): IdentityMap {
  const baseArns = arnsOf(base);
  const nextArns = arnsOf(next);
  const a = candidatesOf(base, nextArns);
  const b = candidatesOf(next, baseArns);
  if (!a.list.length || !b.list.length) return NO_RENAMES;
  const maskA = maskOf(a.tokens);
  const maskB = maskOf(b.tokens);
  // Pools of base candidates by shape and signature; new candidates take the first of theirs.
  const pools = new Map<string, Candidate[]>();
  for (const c of a.list) {
    const key = `${c.shape}\u0000${signatureOf(base, c.element, maskA)}`;
    const pool = pools.get(key);
    if (pool) pool.push(c);
    else pools.set(key, [c]);
  }
  const baseToNew = new Map<string, string>();
  const newToBase = new Map<string, string>();
  const renamed: RenamedElement[] = [];
  for (const c of b.list) {
    const key = `${c.shape}\u0000${signatureOf(next, c.element, maskB)}`;
    const match = pools.get(key)?.shift();
    if (!match) continue;
    baseToNew.set(match.element.arn, c.element.arn);
    newToBase.set(c.element.arn, match.element.arn);
    renamed.push({ kind: kindOf(c.element), before: match.element.arn, after: c.element.arn });
  }
  return { baseToNew, newToBase, renamed };
}

/** An element known only by its ARN, kind and source (a row or column of an access snapshot). */
export interface NamedElement {
  arn: string;
  kind: Kind;
  source: Element['source'] | undefined;
}

function shapeOf(e: NamedElement): string | undefined {
  if (!e.source) return undefined;
  const token = nameTokens(e as Element).find((t) => e.arn.includes(t));
  if (!token) return undefined;
  // A snapshot written before generated names had unknown parts spells them `<stack>-<Id>-generated`.
  let shape = maskArn(e.arn, token, '\u00a7').replace(/\u00a7-generated(?=$|[/.:])/g, '\u00a7-\u00a7');
  for (const t of stackTokens(e as Element)) if (e.arn.includes(t)) shape = shape.split(t).join('\u00a4');
  return `${e.kind}|${shape}`;
}

/**
 * Matches generated names by the ARN's shape alone (the base is an access snapshot: no content to
 * compare), where exactly one element of each side has that shape and no counterpart by ARN.
 */
export function matchByShape(base: readonly NamedElement[], next: readonly NamedElement[]): IdentityMap {
  const baseArns = new Set(base.map((e) => e.arn));
  const nextArns = new Set(next.map((e) => e.arn));
  const byShape = (list: readonly NamedElement[], other: Set<string>) => {
    const out = new Map<string, NamedElement[]>();
    for (const e of list) {
      if (other.has(e.arn)) continue;
      const shape = shapeOf(e);
      if (!shape) continue;
      out.set(shape, [...(out.get(shape) ?? []), e]);
    }
    return out;
  };
  const a = byShape(base, nextArns);
  const b = byShape(next, baseArns);
  const baseToNew = new Map<string, string>();
  const newToBase = new Map<string, string>();
  const renamed: RenamedElement[] = [];
  for (const [shape, list] of b) {
    const olds = a.get(shape);
    if (list.length !== 1 || olds?.length !== 1) continue;
    baseToNew.set(olds[0]!.arn, list[0]!.arn);
    newToBase.set(list[0]!.arn, olds[0]!.arn);
    renamed.push({ kind: list[0]!.kind, before: olds[0]!.arn, after: list[0]!.arn });
  }
  return renamed.length ? { baseToNew, newToBase, renamed } : NO_RENAMES;
}

/** Rewrites the base's renamed ARNs in a text (a condition naming a renamed role...) to the new ones. */
export function renameText(identity: IdentityMap, text: string): string {
  if (!identity.baseToNew.size) return text;
  let out = text;
  for (const [before, after] of identity.baseToNew)
    if (out.includes(before)) out = out.split(before).join(after);
  return out;
}

/** A model's generated names, for reports that must not change when they do (access-summary.ts). */
export interface GeneratedNames {
  /** ARN of each user, role and resource with a generated name → its stable label. */
  readonly labels: ReadonlyMap<string, string>;
  /** Rewrites a text: each such ARN to its label, then any other generated token to `(generated)`. */
  readonly rewrite: TextMap;
}

/**
 * Stable labels for the names the inputs do not fix (see the module comment): in the ARN of each
 * user, role and resource with a generated name, the name generated from the logical id or
 * address reads `(generated)`, numbered (`(generated 1)`, `(generated 2)`...) where several would
 * read the same, in the order of their content with every generated name masked. Re-synthesizing
 * an app under other logical ids gives the same labels.
 */
export function generatedNames(model: Model): GeneratedNames {
  const all = candidatesOf(model, new Set());
  // Only names iamspec made up (a CloudFormation placeholder, a Terraform address): an explicit
  // name equal to the logical id (`RoleName: Deployer` on `Deployer`) is the element's real name.
  const list = all.list.filter(
    (c) =>
      isMadeUpName(c.element.name, c.element.kind, c.element.source) ||
      (!!c.element.source.address && c.element.arn.includes(c.element.source.address)),
  );
  const tokens = list.flatMap((c) => [generatedToken(c.element)!, ...stackTokens(c.element)]);
  // The name generated from each token: `<token>-(unknown-generated-…)`, the unknown part alone
  // (it holds the token when nothing of the name is known), or the token.
  const spans = list.flatMap((c) => {
    const token = generatedToken(c.element)!;
    return generatedParts(c.element.arn).flatMap((p) =>
      c.element.arn.includes(`${token}-${p}`) ? [`${token}-${p}`, p] : [p],
    );
  });
  const mask = maskOf(all.tokens);
  const byLabel = new Map<string, { arn: string; signature: string }[]>();
  for (const c of list) {
    const token = generatedToken(c.element)!;
    const arn = c.element.arn;
    const span = generatedParts(arn)
      .map((p) => (arn.includes(`${token}-${p}`) ? `${token}-${p}` : p))
      .find((x) => arn.includes(x));
    const label = span
      ? arn.split(span).join('(generated)')
      : arn.includes(`${token}-generated`)
        ? arn.split(`${token}-generated`).join('(generated)')
        : arn.split(token).join('(generated)');
    const entry = { arn, signature: signatureOf(model, c.element, mask) };
    const same = byLabel.get(label);
    if (same) same.push(entry);
    else byLabel.set(label, [entry]);
  }
  const labels = new Map<string, string>();
  for (const [label, entries] of byLabel) {
    if (entries.length === 1) {
      labels.set(entries[0]!.arn, label);
      continue;
    }
    entries.sort((a, b) => (a.signature < b.signature ? -1 : a.signature > b.signature ? 1 : 0));
    entries.forEach((e, i) => {
      labels.set(e.arn, label.split('(generated)').join(`(generated ${i + 1})`));
    });
  }
  const arns = [...labels.keys()].sort((a, b) => b.length - a.length);
  const arnRe = arns.length ? new RegExp(arns.map(escapeRegExp).join('|'), 'g') : undefined;
  const tokenRe =
    tokens.length + spans.length
      ? new RegExp(
          [...new Set([...spans, ...tokens.flatMap((t) => [`${t}-generated`, t])])]
            .sort((a, b) => b.length - a.length)
            .map(escapeRegExp)
            .join('|'),
          'g',
        )
      : undefined;
  const stackNames = new Set(list.flatMap((c) => stackTokens(c.element)));
  const rewrite: TextMap = (text) => {
    let out = arnRe ? text.replace(arnRe, (arn) => labels.get(arn)!) : text;
    // Stack names are not generated: only the logical-id tokens are masked.
    if (tokenRe) out = out.replace(tokenRe, (t) => (stackNames.has(t) ? t : '(generated)'));
    return out;
  };
  return { labels, rewrite };
}
