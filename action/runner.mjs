// What the Action's scripts share: reading the Action's inputs (passed as INPUT_* environment
// variables by action.yml, never interpolated into a script), splitting list inputs, and the
// GitHub runner's files and workflow commands (step outputs, step summary, annotations).

import { appendFileSync } from 'node:fs';

/** An input by its action.yml name (`var-files` → INPUT_VAR_FILES); '' when unset. */
export function input(name) {
  return (process.env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`] ?? '').trim();
}

/** A boolean input: true, yes, on or 1 (any case). */
export function flag(name) {
  return /^(true|yes|on|1)$/i.test(input(name));
}

/** A list input, one item per line; blank lines and lines starting with # are skipped. */
export function lines(name) {
  return input(name)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/**
 * A list of paths: one per line, or on a single line separated by spaces (a path that holds a
 * space needs a line of its own).
 */
export function paths(name) {
  const items = lines(name);
  return items.length === 1 ? items[0].split(/\s+/) : items;
}

/** A list of words separated by commas or white space. */
export function words(name) {
  return input(name)
    .split(/[\s,]+/)
    .filter((w) => w !== '');
}

function appendTo(variable, text) {
  const file = process.env[variable];
  if (!file) return false;
  appendFileSync(file, text);
  return true;
}

/** Sets a step output (GITHUB_OUTPUT; printed when not running under Actions). */
export function setOutput(name, value) {
  const text = String(value);
  let delimiter = 'iamspec_output';
  while (text.includes(delimiter)) delimiter += '_';
  if (!appendTo('GITHUB_OUTPUT', `${name}<<${delimiter}\n${text}\n${delimiter}\n`)) {
    console.log(`output ${name}=${text}`);
  }
}

/** Appends markdown to the job's step summary (GITHUB_STEP_SUMMARY); false when there is none. */
export function appendSummary(markdown) {
  return appendTo('GITHUB_STEP_SUMMARY', markdown.endsWith('\n') ? markdown : `${markdown}\n`);
}

function escapeCommand(message) {
  return message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function warning(message) {
  console.log(`::warning title=iamspec::${escapeCommand(message)}`);
}

export function error(message) {
  console.log(`::error title=iamspec::${escapeCommand(message)}`);
}
