// Names people recognise for elements whose physical name iamspec made up or does not know: a
// CloudFormation resource without a naming property has the name CloudFormation generates, its
// known prefix and an unknown part (`Shop-Worker1A2B3C4D-(unknown-generated-1a2b3c)`,
// src/adapters/cloudformation/generated-names.ts), one whose name is known only at deploy has
// unknown parts too (`(unknown-Stack-Id)`, src/model/stand-ins.ts), and a KMS key an id KMS
// assigns, 36 unknown characters (src/aws/arn-formats.ts `unknownKeyId`). Nobody knows
// those names; reports show the construct path (CDK) or the Terraform address next to them.

import { principalUniqueIdKind, uniqueIdLabel } from '../model/unique-ids.js';
import { canonicalUserLabel, isCanonicalUserPrincipal } from '../engine/principal.js';
import type { Source } from '../model/source.js';
import { hasUnknownNamePart } from '../model/stand-ins.js';
import type { Model } from '../model/types.js';

/**
 * Whether a physical name is one iamspec made up or does not know: one with unknown parts (a name
 * CloudFormation generates, one known only at deploy), or the id of a KMS key defined in a
 * template (its id is assigned at creation, so the model's is a stand-in).
 */
export function isMadeUpName(name: string, kind: string | undefined, source: Source | undefined): boolean {
  if (hasUnknownNamePart(name)) return true;
  return kind === 'kms-key' && !!(source?.logicalId || source?.address);
}

/**
 * What people call an element: its construct path (without `/Resource`), else its Terraform
 * address, else what a built-in element is (an open-account stand-in, model/open-accounts.ts).
 */
export function knownAs(source: Source | undefined): string | undefined {
  if (source?.constructPath) return source.constructPath.replace(/\/(Resource|Default)$/, '');
  return source?.address ?? source?.builtIn;
}

/**
 * `label (Stack/Construct)` when the element's name is made up and people know it by a construct
 * path or Terraform address (one the label does not already hold); else the label.
 */
export function withKnownAs(
  label: string,
  name: string,
  kind: string | undefined,
  source: Source | undefined,
): string {
  if (!isMadeUpName(name, kind, source)) return label;
  const other = knownAs(source);
  return other && !label.includes(other) ? `${label} (${other})` : label;
}

/**
 * An ARN as reports show it: with the construct path or address of the model element it names
 * (a user, role or resource; an S3 object: its bucket) when that element's name is made up.
 */
export function arnWithKnownAs(model: Model, arn: string): string {
  if (isCanonicalUserPrincipal(arn)) return canonicalUserLabel(arn);
  if (principalUniqueIdKind(arn)) return uniqueIdLabel(arn);
  const principal = model.users.find((u) => u.arn === arn) ?? model.roles.find((r) => r.arn === arn);
  if (principal) return withKnownAs(arn, principal.name, principal.kind, principal.source);
  const resource =
    model.resources.find((r) => r.arn === arn) ??
    model.resources.find((r) => r.kind === 's3-bucket' && arn.startsWith(`${r.arn}/`));
  return resource ? withKnownAs(arn, resource.name, resource.kind, resource.source) : arn;
}

/**
 * The made-up names of the model's users, roles and resources, each with what people call the
 * element (its construct path or Terraform address): for reports rendered without the model's
 * elements at hand (who-can, explain, eval, risk findings).
 */
export function madeUpNames(model: Model): ReadonlyMap<string, string> {
  return madeUpNamesOf([...model.users, ...model.roles, ...model.resources]);
}

/** `madeUpNames` of elements given by name, kind and source (a matrix's rows and columns). */
export function madeUpNamesOf(
  elements: Iterable<{ name: string; kind: string; source?: Source | undefined }>,
): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const e of elements) {
    if (!e.name) continue;
    if (!isMadeUpName(e.name, e.kind, e.source)) continue;
    const other = knownAs(e.source);
    if (other && other !== e.name) out.set(e.name, other);
  }
  return out;
}

/**
 * The names inside a token: runs of characters up to an ARN separator, quote, bracket or
 * punctuation, an unknown name part (`(unknown-…)`, which holds none of them) taken whole.
 */
const NAME_PARTS = /(?:[^/:"'`,;()[\]{}<>=]|\(unknown-[^()/:\s]*\))+/g;
const TRAILING = /[,;:.)\]}'"`]+$/;

/**
 * `text` with ` (Stack/Construct)` after each word that names an element by a made-up name
 * (`role/Shop-Worker1A2B3C4D-(unknown-generated-1a2b3c)`, an ARN ending in one), unless the next word already says
 * it. Words are whitespace-delimited; trailing punctuation stays after the insertion.
 */
export function annotateMadeUpNames(text: string, names: ReadonlyMap<string, string>): string {
  if (!names.size) return text;
  return text.replace(/\S+/g, (word, offset: number) => {
    const others = new Set<string>();
    for (const part of word.matchAll(NAME_PARTS)) {
      const other = names.get(part[0]) ?? names.get(part[0].replace(/\.+$/, ''));
      if (other && !word.includes(other)) others.add(other);
    }
    if (!others.size) return word;
    const rest = text.slice(offset + word.length);
    const note = [...others].filter((o) => !rest.startsWith(` (${o})`) && !rest.startsWith(` = `));
    if (!note.length) return word;
    let tail = TRAILING.exec(word)?.[0] ?? '';
    // the `)` closing an unknown name part is the name's own
    if (tail.startsWith(')') && /\(unknown-[^()]*$/.test(word.slice(0, word.length - tail.length)))
      tail = tail.slice(1);
    return `${word.slice(0, word.length - tail.length)} (${note.join(', ')})${tail}`;
  });
}

/** The made-up names `text` mentions, with what people call them (the JSON reports' `knownAs`). */
export function knownAsIn(
  text: string,
  names: ReadonlyMap<string, string>,
): Record<string, string> | undefined {
  if (!names.size) return undefined;
  const out: Record<string, string> = {};
  for (const part of text.matchAll(NAME_PARTS)) {
    const other = names.get(part[0]);
    if (other) out[part[0]] = other;
  }
  return Object.keys(out).length ? out : undefined;
}
