// SES sending authorization: the policies of an email address identity take precedence over
// those of its domain identity. Amazon SES Developer Guide, "Creating a sending authorization
// policy in Amazon SES"
// (https://docs.aws.amazon.com/ses/latest/dg/sending-authorization-identity-owner-tasks-policy.html):
// "Sending authorization policies that you attach to email address identities take precedence
// over policies that you attach to their corresponding domain identities." Owns that fact: which
// sending requests it concerns (`sesSendingAction`), which address identities of the inputs
// correspond to a domain identity and what a request on the domain's ARN then meets
// (`addressPrecedence`). The engine applies it (engine/ses-identity-rule.ts).

import type { Model, Resource } from '../model/types.js';
import { hasUnknownNamePart } from '../model/stand-ins.js';
import { parseArn } from './arn-formats.js';

export const SES_PRECEDENCE_PAGE =
  'https://docs.aws.amazon.com/ses/latest/dg/sending-authorization-identity-owner-tasks-policy.html';
export const SES_PRECEDENCE_QUOTE =
  'Sending authorization policies that you attach to email address identities take precedence over policies that you attach to their corresponding domain identities.';

/** The condition key of the address a message is sent from (lower case). */
const FROM_ADDRESS = 'ses:fromaddress';

/** True for an SES sending action (lower case): the ones sending authorization policies decide. */
export function sesSendingAction(actionLower: string): boolean {
  return actionLower.startsWith('ses:send');
}

/** What a sending request on a domain identity's ARN meets under the precedence. */
export type AddressPrecedence =
  /** No address identity of the inputs with a policy may correspond: the domain's policies decide. */
  | { kind: 'domain' }
  /** The From address is that of an address identity with policies: they decide. */
  | { kind: 'address'; identity: Resource }
  /** The From address is not known, and address identities with policies may correspond. */
  | { kind: 'unknown'; why: string };

interface IdentityIndex {
  /** Address identities with a policy, by `account|region|address` (lower case). */
  byAddress: Map<string, Resource>;
  /** Address identities with a policy, by `account|region|domain` (lower case). */
  byDomain: Map<string, Resource[]>;
  /** Identities with a policy whose name is not known (any address they may be). */
  unnamed: Resource[];
}

const indexes = new WeakMap<Model, IdentityIndex>();

function identityIndex(model: Model): IdentityIndex {
  let index = indexes.get(model);
  if (index) return index;
  index = { byAddress: new Map(), byDomain: new Map(), unnamed: [] };
  for (const r of model.resources) {
    if (r.kind !== 'ses-identity' || !r.policy) continue;
    if (hasUnknownNamePart(r.arn)) {
      index.unnamed.push(r);
      continue;
    }
    const parsed = parseArn(r.arn);
    const name = parsed?.resource.startsWith('identity/') ? parsed.resource.slice('identity/'.length) : '';
    const at = name.lastIndexOf('@');
    if (!parsed || at < 0) continue;
    const where = `${parsed.account}|${parsed.region}|`;
    index.byAddress.set(`${where}${name.toLowerCase()}`, r);
    const domain = `${where}${name.slice(at + 1).toLowerCase()}`;
    const list = index.byDomain.get(domain);
    if (list) list.push(r);
    else index.byDomain.set(domain, [r]);
  }
  indexes.set(model, index);
  return index;
}

/** The request context's `ses:FromAddress` values (keys are case-insensitive), else undefined. */
function fromAddresses(context: Record<string, unknown> | undefined): string[] | undefined {
  if (!context) return undefined;
  for (const key of Object.keys(context)) {
    if (key.toLowerCase() !== FROM_ADDRESS) continue;
    const v = context[key];
    if (typeof v === 'string') return [v];
    if (Array.isArray(v) && v.length && v.every((x) => typeof x === 'string')) return v as string[];
    return undefined;
  }
  return undefined;
}

/**
 * What decides a sending request on `arn` in `model`: for a domain identity (a name without `@`),
 * the address identity of the inputs named by the request's `ses:FromAddress` when it has
 * policies (they take precedence); unknown when the From address is not in the request's context
 * (or names several addresses) and address identities with policies of that domain, or
 * identities with policies whose names are unknown, are in the inputs; else the domain's own.
 */
export function addressPrecedence(
  model: Model,
  arn: string,
  context: Record<string, unknown> | undefined,
): AddressPrecedence {
  const parsed = parseArn(arn);
  if (!parsed?.resource.startsWith('identity/')) return { kind: 'domain' };
  const domain = parsed.resource.slice('identity/'.length).toLowerCase();
  if (domain.includes('@')) return { kind: 'domain' };
  const index = identityIndex(model);
  const where = `${parsed.account}|${parsed.region}|`;
  // addresses of the domain and of its subdomains correspond to it
  const candidates: Resource[] = [...index.unnamed];
  for (const [key, list] of index.byDomain)
    if (key === `${where}${domain}` || (key.startsWith(where) && key.endsWith(`.${domain}`)))
      candidates.push(...list);
  if (!candidates.length) return { kind: 'domain' };
  const from = fromAddresses(context);
  const names = (rs: Resource[]) => rs.map((r) => r.name).join(', ');
  if (from?.length !== 1)
    return {
      kind: 'unknown',
      why: `the From address (ses:FromAddress) of the request is not known, and the address identities ${names(candidates)} have sending authorization policies, which take precedence over the domain's for their addresses ("${SES_PRECEDENCE_QUOTE}", ${SES_PRECEDENCE_PAGE})`,
    };
  const address = from[0]!.toLowerCase();
  const own = index.byAddress.get(`${where}${address}`);
  if (own) return { kind: 'address', identity: own };
  if (index.unnamed.length)
    return {
      kind: 'unknown',
      why: `the identities ${names(index.unnamed)} have sending authorization policies and names the inputs do not pin down: one may be ${from[0]}, whose policies take precedence over the domain's ("${SES_PRECEDENCE_QUOTE}", ${SES_PRECEDENCE_PAGE})`,
    };
  return { kind: 'domain' };
}
