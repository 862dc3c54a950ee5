// A text as a regular expression matching it literally: the one escape every module that builds a
// RegExp from names, ARNs or pattern pieces uses. Imports nothing, so the lowest layers may use it.

/** `text` with every character a regular expression gives a meaning escaped. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
