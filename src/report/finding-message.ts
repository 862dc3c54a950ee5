// A finding's message as the reports show it above its reasons. An indeterminate finding's
// message says why inline (`... (indeterminate: REASON1; REASON2)`, the documented message of
// the JSON and the stderr lines), and the reviews and the diff's text and Markdown list the same
// reasons under it (`indeterminate because ...`, analysis/indeterminate.ts). Shown there, the
// inline reasons become `(indeterminate)`, so each reason is said once; reasons the list does not
// give stay inline. Owns `messageWithoutListedReasons`. A spec check's message says it the way
// spec/check-result.ts `explainDecision` words an undecided decision (`...: indeterminate: REASON`,
// before any ` [see WARNINGS]`), and every check report lists its reasons too (text, Markdown,
// JUnit): `checkMessageWithoutListedReasons` shortens it to `...: indeterminate` the same way.

import { type IndeterminateVerdict, indeterminateLines } from '../analysis/indeterminate.js';

const OPEN = ' (indeterminate: ';

/** Whether every `; `-separated part of `inner` is said in the listed reasons `listed`. */
function coveredBy(inner: string, listed: string): boolean {
  return inner.split('; ').every((part) => part.trim() !== '' && listed.includes(part.trim()));
}

/** The index just past the `)` closing the parenthesis opened at `start` (-1 when unbalanced). */
function closingParen(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return -1;
}

/**
 * `message` with each ` (indeterminate: ...)` whose every `; `-separated part is in the reasons
 * `v` lists (`indeterminateLines`) shortened to ` (indeterminate)`; the message unchanged
 * without `v`.
 */
export function messageWithoutListedReasons(message: string, v: IndeterminateVerdict | undefined): string {
  if (!v || !message.includes(OPEN)) return message;
  const listed = indeterminateLines(v).join('\n');
  let out = '';
  let from = 0;
  for (let at = message.indexOf(OPEN); at >= 0; at = message.indexOf(OPEN, from)) {
    const end = closingParen(message, at + 1);
    if (end < 0) break;
    const inner = message.slice(at + OPEN.length, end - 1);
    const covered = coveredBy(inner, listed);
    out += message.slice(from, at) + (covered ? ' (indeterminate)' : message.slice(at, end));
    from = end;
  }
  return out + message.slice(from);
}

const CHECK_OPEN = ': indeterminate: ';
const SEE = ' [see ';

/**
 * A spec check's `message` with its `: indeterminate: REASON` (up to a ` [see ...]` or the end)
 * shortened to `: indeterminate` when the reasons `v` lists say it; its ` (indeterminate: ...)`
 * parts as `messageWithoutListedReasons`; the message unchanged without `v`.
 */
export function checkMessageWithoutListedReasons(
  message: string,
  v: IndeterminateVerdict | undefined,
): string {
  const shortened = messageWithoutListedReasons(message, v);
  if (!v) return shortened;
  const at = shortened.indexOf(CHECK_OPEN);
  if (at < 0) return shortened;
  const see = shortened.indexOf(SEE, at);
  const end = see < 0 ? shortened.length : see;
  const inner = shortened.slice(at + CHECK_OPEN.length, end);
  if (!coveredBy(inner, indeterminateLines(v).join('\n'))) return shortened;
  return `${shortened.slice(0, at)}: indeterminate${shortened.slice(end)}`;
}
