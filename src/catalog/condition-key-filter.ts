// Which services' condition keys a key could be, exactly or as an instance of a templated key,
// told from a small summary the catalog index stores in its header (catalog-index.ts): a key
// looked up among every service (condition-keys.ts `lookEverywhere`: an OIDC provider's
// `token.actions.githubusercontent.com:sub`) is looked for in those few services only, without
// decoding and scanning every service's keys. Owns the template variable syntax that the index
// and the lookup share.

/** `${TagKey}`, `<key>`, `${name}` … in a templated key stand for one or more characters. */
export const TEMPLATE_VARIABLE = /\$\{[^}]*\}|<[^>]*>/g;

/** The summary (JSON in the index header). */
export interface ConditionKeyFilter {
  /**
   * Lower-cased text before the first `:` of a key whose literal head holds one → the services
   * (lower-cased prefixes, sorted) with such a key.
   */
  byPrefix: Record<string, string[]>;
  /**
   * [head, tail, variables, service] of the other keys (a variable before the first `:`:
   * `token.actions.${Domain}.ghe.com:actor`): the lower-cased text before the first variable and
   * after the last one, and the number of variables (each one or more characters). A key with a
   * character outside ASCII is kept as ['', '', 0, service]: it could be any key.
   */
  open: [head: string, tail: string, variables: number, service: string][];
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * The summary of each service's keys. A key matching one of them exactly is that key
 * lower-cased, so it has its prefix; a key matching a templated one starts with its literal head
 * and ends with its literal tail (condition-keys.ts matches each variable as one or more
 * characters), so when the head holds a `:` it has the head's prefix.
 */
export function conditionKeyFilter(
  services: Iterable<[service: string, keys: string[]]>,
): ConditionKeyFilter {
  const byPrefix = new Map<string, Set<string>>();
  const open = new Map<string, [string, string, number, string]>();
  for (const [service, keys] of services) {
    for (const key of keys) {
      const pieces = key.split(TEMPLATE_VARIABLE);
      const head = pieces[0]!.toLowerCase();
      const colon = head.indexOf(':');
      let entry: [string, string, number, string];
      if (!isAscii(key)) entry = ['', '', 0, service];
      else if (colon >= 0) {
        const prefix = head.slice(0, colon);
        const set = byPrefix.get(prefix) ?? new Set<string>();
        byPrefix.set(prefix, set.add(service));
        continue;
      } else {
        // Without a variable the key matches itself only: what starts with it, the whole key.
        const tail = pieces.length > 1 ? pieces[pieces.length - 1]!.toLowerCase() : '';
        entry = [head, tail, pieces.length - 1, service];
      }
      open.set(JSON.stringify(entry), entry);
    }
  }
  const sorted = <T>(list: T[]): T[] => list.sort((a, b) => (String(a) < String(b) ? -1 : 1));
  return {
    byPrefix: Object.fromEntries(sorted([...byPrefix.keys()]).map((p) => [p, sorted([...byPrefix.get(p)!])])),
    open: sorted([...open.values()]),
  };
}

/**
 * The services whose keys the lower-cased key could be (sorted, maybe empty: it is none of their
 * keys), or undefined when the summary cannot tell (a key without `:` or outside ASCII).
 */
export function candidateServices(filter: ConditionKeyFilter, lowerKey: string): string[] | undefined {
  const colon = lowerKey.indexOf(':');
  if (colon < 0 || !isAscii(lowerKey)) return undefined;
  const out = new Set<string>(
    Object.hasOwn(filter.byPrefix, lowerKey.slice(0, colon)) ? filter.byPrefix[lowerKey.slice(0, colon)] : [],
  );
  for (const [head, tail, variables, service] of filter.open) {
    if (
      lowerKey.length >= head.length + tail.length + variables &&
      lowerKey.startsWith(head) &&
      lowerKey.endsWith(tail)
    )
      out.add(service);
  }
  return [...out].sort();
}
