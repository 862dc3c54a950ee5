// The HTML diff (`iamspec diff --format html`) and access to resources outside the inputs: the
// page is the new state's access review, whose matrix has the inputs' resources as columns only;
// a change the diff finds on witness columns (diff/outside-compare.ts: a permissions boundary
// removed from a user allowed `dynamodb:*` on `*`) has no cell there. It must be listed under its
// principal with the resources it stands for, no cell of the inputs' resources may be marked for
// it, and the page must say that those changes are not in the matrix (its note says the changed
// cells are outlined there).
//
// IAM User Guide, "Permissions boundaries for IAM entities"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html): "An
// entity's permissions boundary allows it to perform only the actions that are allowed by both its
// identity-based policies and its permissions boundaries": removing a boundary that allows s3:*
// only adds the DynamoDB access of the user's `dynamodb:*` statement, and leaves its S3 access as
// it is.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReviewData } from '../src/report/html/review-data.js';
import { runCli } from './fixtures/cli/run.js';
import { ENV, tfStates, tfUser, tfUserPolicy } from './helpers/outside-states.js';

const { dir, write } = tfStates('iamspec-diff-html-outside-');

/** The bucket `data`, and dev (bounded or not) allowed dynamodb:* on * and to read data's objects. */
const state = (name: string, boundary: boolean): string =>
  write(
    name,
    `resource "aws_s3_bucket" "data" {
  bucket = "data"
}
${tfUser(boundary)}${tfUserPolicy(
  `
      { Effect = "Allow", Action = "dynamodb:*", Resource = "*" },
      { Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::data/*" }
    `,
  'mixed',
)}`,
  );
const BOUNDED = state('bounded', true);
const UNBOUNDED = state('unbounded', false);

/** The visible text of the changes section. */
function changesText(html: string): string {
  const start = html.indexOf('<section id="changes"');
  const section = html.slice(start, html.indexOf('</section>', start));
  return section
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');
}

async function html(base: string, name: string): Promise<string> {
  const out = join(dir, `${name}.html`);
  const r = await runCli(['diff', '--base', base, UNBOUNDED, ...ENV, '--format', 'html', '--out', out]);
  expect(r.code, r.stderr).toBe(0);
  return readFileSync(out, 'utf8');
}

describe('html diff: changes on resources outside the inputs', () => {
  it.each([
    ['two inputs', async () => BOUNDED],
    [
      'an access snapshot as the base',
      async () => {
        const file = join(dir, 'bounded.json');
        const r = await runCli(['matrix', BOUNDED, ...ENV, '--format', 'json', '--out', file]);
        expect(r.code, r.stderr).toBe(0);
        return file;
      },
    ],
  ])(
    '%s: listed under the user, marked as outside the inputs, no cell of the matrix marked',
    async (name, base) => {
      const page = await html(await base(), name.replaceAll(' ', '-'));
      const text = changesText(page);
      expect(text).toContain('1 principal gains access');
      expect(text).toMatch(
        /\+ Write on resources outside the inputs matching arn:aws:dynamodb:\*:123456789012:table\/\*: dynamodb:AssociateTableReplica, /,
      );
      // The matrix has the bucket as its column; the user's S3 access did not change.
      const data = readReviewData(page).core;
      expect(data.changes ?? {}).toEqual({});
      // The page says where those changes are (they have no column in the matrix).
      expect(text).toMatch(/changes on resources outside the inputs have no column in the matrix/);
    },
  );

  it('a change on the inputs beside them: its cell is marked, the note still names the others', async () => {
    const base = state('bounded-no-read', true);
    const file = join(base, 'main.tf');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        ',\n      { Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::data/*" }',
        '',
      ),
    );
    const page = await html(base, 'with-cell');
    const marks = Object.values(readReviewData(page).core.changes ?? {}).join('');
    expect(marks.replace(/\./g, '')).toBe('+');
    expect(changesText(page)).toMatch(/changes on resources outside the inputs have no column in the matrix/);
  });
});
