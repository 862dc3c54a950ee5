// Partly known lists: `concat(["ops"], var.admins)` with `var.admins` unknown is a list that
// certainly holds "ops" and may hold any number of further, unknown elements. `PartlyKnownList`
// is an Unknown everywhere (every `isUnknown` check still holds, so code that does not know it,
// `length`, indexing, `for`, `count`/`for_each`, treats the whole list as unknown: sound); the
// consumers that read a list as a set of names (handlers/context.ts `targetsList`: the users,
// roles and groups of a membership or an attachment) take its `elements` as certain and its
// unknown rest as "maybe any". Owns `PartlyKnownList` and `partlyKnownListCall`, the functions
// that build one: concat, setunion (every element of every argument is in the result),
// tolist, toset and distinct (keep the elements, drop duplicates or reorder; "Built-in
// Functions", https://developer.hashicorp.com/terraform/language/functions).

import { Unknown } from '../../../model/unknown.js';

/** A list holding at least `elements` (in some order) and maybe further elements, unknown because of `rest`. */
export class PartlyKnownList extends Unknown {
  constructor(
    readonly elements: readonly unknown[],
    readonly rest: Unknown,
  ) {
    super(rest.reason, rest.source);
  }
}

/** Functions whose result holds every element of every (list) argument. */
const KEEPS_ELEMENTS = new Set(['concat', 'setunion', 'tolist', 'toset', 'distinct']);

/**
 * The result of `name(args)` as a PartlyKnownList when some argument is a wholly unknown list
 * (a plain Unknown or a PartlyKnownList) and the others are known lists with elements; undefined
 * otherwise (the caller evaluates as usual). Other Unknowns (undecided branches, failures,
 * templates, encoded JSON) are left to the caller.
 */
export function partlyKnownListCall(name: string, args: readonly unknown[]): PartlyKnownList | undefined {
  if (!KEEPS_ELEMENTS.has(name) || !args.length) return undefined;
  if (name !== 'concat' && name !== 'setunion' && args.length !== 1) return undefined;
  const elements: unknown[] = [];
  let rest: Unknown | undefined;
  for (const a of args) {
    if (Array.isArray(a)) elements.push(...a);
    else if (a instanceof PartlyKnownList) {
      elements.push(...a.elements);
      rest ??= a.rest;
    } else if (a instanceof Unknown && a.constructor === Unknown) rest ??= a;
    else return undefined;
  }
  return rest && elements.length ? new PartlyKnownList(elements, rest) : undefined;
}
