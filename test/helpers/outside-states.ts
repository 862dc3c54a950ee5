// Test helper for the diff's comparison outside the inputs (test/diff-outside-*.test.ts,
// diff-html-outside.test.ts): small Terraform states of one user `dev` in account 123456789012
// (Region eu-west-1) — its optional permissions boundary, inline statements, attached policies —
// each written to a folder of its own, and the CLI runs those tests make on them (a diff as JSON,
// `--fail-on`, an access snapshot).

import { dirname } from 'node:path';
import { expect } from 'vitest';
import type { AccessChange, NotCompared } from '../../src/analysis/diff/types.js';
import { runCli } from '../fixtures/cli/run.js';
import { tempDir, writeFileIn } from './temp-inputs.js';

export const ACCOUNT = '123456789012';
export const ENV = ['--account', ACCOUNT];
export const DEV = `arn:aws:iam::${ACCOUNT}:user/dev`;

/** The provider block every state starts with. */
export const TF_HEAD = `provider "aws" {
  region = "eu-west-1"
}
`;

/**
 * The user `dev`, with (`boundary`) the permissions boundary `aws_iam_policy.boundary` (which
 * allows `boundaryAction` on `*`; the policy is defined either way).
 */
export function tfUser(boundary: boolean, boundaryAction = 's3:*'): string {
  return `resource "aws_iam_user" "dev" {
  name = "dev"${boundary ? '\n  permissions_boundary = aws_iam_policy.boundary.arn' : ''}
}
resource "aws_iam_policy" "boundary" {
  name   = "boundary"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "${boundaryAction}", Resource = "*" }]
  })
}
`;
}

/** An inline policy `name` of dev holding `statements` (HCL objects, comma separated). */
export function tfUserPolicy(statements: string, name = 'p'): string {
  return `resource "aws_iam_user_policy" "${name}" {
  user   = aws_iam_user.dev.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [${statements}]
  })
}
`;
}

/** The managed policy `arn` attached to dev (attachment `id`). */
export function tfAttachment(id: string, arn: string): string {
  return `resource "aws_iam_user_policy_attachment" "${id}" {
  user       = aws_iam_user.dev.name
  policy_arn = "${arn}"
}
`;
}

/**
 * A new temporary folder (`prefix`) and its writer: `write(name, text)` writes TF_HEAD + text to
 * NAME/main.tf there and returns that state's folder.
 */
export function tfStates(prefix: string): { dir: string; write: (name: string, text: string) => string } {
  const dir = tempDir(prefix);
  return {
    dir,
    write: (name, text) => dirname(writeFileIn(dir, `${name}/main.tf`, TF_HEAD + text)),
  };
}

/** What these tests read of `iamspec diff --format json`. */
export interface DiffJson {
  added: AccessChange[];
  removed: AccessChange[];
  changed: AccessChange[];
  notCompared?: NotCompared;
}

/** `iamspec diff --base BASE NEXT --format json` (it must succeed). */
export async function diffJson(base: string, next: string, ...extra: string[]): Promise<DiffJson> {
  const r = await runCli(['diff', '--base', base, next, ...ENV, '--format', 'json', ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as DiffJson;
}

/** The exit code of `iamspec diff --base BASE NEXT --fail-on ON`. */
export async function failOn(base: string, next: string, on = 'added'): Promise<number> {
  return (await runCli(['diff', '--base', base, next, ...ENV, '--fail-on', on])).code;
}

/** Writes the access snapshot of `input` (`iamspec matrix --format json`) to `file`. */
export async function snapshotOf(input: string, file: string): Promise<string> {
  const r = await runCli(['matrix', input, ...ENV, '--format', 'json', '--out', file]);
  expect(r.code, r.stderr).toBe(0);
  return file;
}
