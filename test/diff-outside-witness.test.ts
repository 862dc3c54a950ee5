// Access to resources outside the inputs compared on witness resources (diff/outside-compare.ts):
// a change that is not a statement change (a permissions boundary or a Deny removed) but widens
// what a principal's unchanged `Resource: "*"` statement grants is reported as added access on
// "resources outside the inputs", and `--fail-on added` fails; textually different but equivalent
// statements (one statement split in two) are no change.
//
// IAM User Guide, "Policy evaluation logic" (reference_policies_evaluation-logic.html): "An
// explicit deny in any of these policies overrides the allow." and, "Permissions boundaries for
// IAM entities": "An entity's permissions boundary allows it to perform only the actions that are
// allowed by both its identity-based policies and its permissions boundaries." So removing the
// boundary (or the Deny) of a user allowed `dynamodb:*` on `*` adds DynamoDB access, whether or
// not the inputs define a table.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './fixtures/cli/run.js';
import {
  DEV,
  type DiffJson,
  diffJson,
  ENV,
  snapshotOf as writeSnapshot,
  tfStates,
  tfUser as user,
  tfUserPolicy,
} from './helpers/outside-states.js';

const { dir, write: tfDir } = tfStates('iamspec-witness-');
const TF_ENV = ENV;
const userPolicy = (statements: string, name = 'tables') => tfUserPolicy(statements, name);
const DYNAMO_ALL = '{ Effect = "Allow", Action = "dynamodb:*", Resource = "*" }';
const DENY_DELETE = '{ Effect = "Deny", Action = "dynamodb:DeleteTable", Resource = "*" }';

const BOUNDED = tfDir('bounded', user(true) + userPolicy(DYNAMO_ALL));
const UNBOUNDED = tfDir('unbounded', user(false) + userPolicy(DYNAMO_ALL));
const DENIED = tfDir('denied', user(false) + userPolicy(`${DYNAMO_ALL}, ${DENY_DELETE}`));
const ONE_STATEMENT = tfDir(
  'one',
  user(false) +
    userPolicy('{ Effect = "Allow", Action = ["sqs:SendMessage", "sqs:ReceiveMessage"], Resource = "*" }'),
);
const TWO_STATEMENTS = tfDir(
  'two',
  user(false) +
    userPolicy(
      '{ Effect = "Allow", Action = "sqs:ReceiveMessage", Resource = "*" }, { Sid = "Send", Effect = "Allow", Action = "sqs:SendMessage", Resource = "*" }',
      'queues',
    ),
);

describe('diff: access to resources outside the inputs, compared on witnesses', () => {
  it('a permissions boundary removed from a user allowed dynamodb:* on *: added access, --fail-on added fails', async () => {
    const json = await diffJson(BOUNDED, UNBOUNDED);
    const added = json.added.filter((c) => c.principal === DEV && c.action === 'dynamodb:DeleteTable');
    // Tables of the user's account, and of accounts the inputs do not define (no resource policy
    // known there: indeterminate).
    expect(added.map((c) => [c.resource, c.after])).toEqual([
      ['arn:aws:dynamodb:*:*:table/*', 'indeterminate'],
      ['arn:aws:dynamodb:*:123456789012:table/*', 'allow'],
    ]);
    added.shift();
    expect(added[0]!.before).toBe('deny');
    expect(added[0]!.after).toBe('allow');
    expect(added[0]!.grants.map((g) => [g.policy, g.state])).toContainEqual([
      'inline policy aws_iam_user_policy.tables of user dev',
      'after',
    ]);
    expect(json.removed).toEqual([]);
    const r = await runCli(['diff', '--base', BOUNDED, UNBOUNDED, ...TF_ENV, '--fail-on', 'added']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('resources outside the inputs');
    // The reverse: the boundary added removes that access.
    const back = await diffJson(UNBOUNDED, BOUNDED);
    expect(back.removed.some((c) => c.action === 'dynamodb:DeleteTable')).toBe(true);
    expect(back.added).toEqual([]);
  });

  it('a Deny statement removed: the action it denied is added on resources outside the inputs', async () => {
    const json = await diffJson(DENIED, UNBOUNDED);
    expect([...new Set(json.added.map((c) => c.action))]).toEqual(['dynamodb:DeleteTable']);
    expect((await runCli(['diff', '--base', DENIED, UNBOUNDED, ...TF_ENV, '--fail-on', 'added'])).code).toBe(
      1,
    );
  });

  it('one statement split into two (other policy, Sid, order): no access change, nothing not compared', async () => {
    const json = await diffJson(ONE_STATEMENT, TWO_STATEMENTS);
    expect(json.added).toEqual([]);
    expect(json.removed).toEqual([]);
    expect(json.changed).toEqual([]);
    expect(json.notCompared).toBeUndefined();
    const r = await runCli([
      'diff',
      '--base',
      ONE_STATEMENT,
      TWO_STATEMENTS,
      ...TF_ENV,
      '--fail-on',
      'added',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Access diff: No access change\./);
  });
});

describe('--fail-on risk and what was not compared', () => {
  it('AdministratorAccess newly attached (Action "*": every service): not compared, --fail-on risk fails too', async () => {
    const managed = tfDir(
      'managed',
      `${user(false)}resource "aws_iam_user_policy_attachment" "admin" {
  user       = aws_iam_user.dev.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
`,
    );
    const json = await diffJson(ONE_STATEMENT, managed);
    // Its statement, read from the catalog: `Action: "*"` stays not compared, saying why.
    expect(json.notCompared?.outside?.map((g) => [g.policy, g.statement, g.why])).toEqual([
      [
        'arn:aws:iam::aws:policy/AdministratorAccess',
        'Allow * on *',
        'Action "*" or NotAction names the actions of every service, those no policy of the inputs names too',
      ],
    ]);
    const r = await runCli(['diff', '--base', ONE_STATEMENT, managed, ...TF_ENV, '--fail-on', 'risk']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--fail-on risk: .*not compared, not verified/);
    // Nothing left uncompared and no new finding: passes.
    expect(
      (await runCli(['diff', '--base', ONE_STATEMENT, TWO_STATEMENTS, ...TF_ENV, '--fail-on', 'risk'])).code,
    ).toBe(0);
  });
});

describe('diff --base access.json: the snapshot records the witness cells', () => {
  const snapshotOf = (input: string, name: string) => writeSnapshot(input, join(dir, `${name}.json`));

  it('a boundary removed after the snapshot: added, as against the inputs; an older snapshot cannot tell', async () => {
    const file = await snapshotOf(BOUNDED, 'bounded');
    const recorded = JSON.parse(readFileSync(file, 'utf8'));
    expect(recorded.outsideWitnesses.principals.map((p: { arn: string }) => p.arn)).toEqual([DEV]);
    expect(recorded.outsideWitnesses.resources).toContainEqual({
      arn: expect.stringMatching(/^arn:aws:dynamodb:[^:]+:123456789012:table\//),
      format: 'arn:aws:dynamodb:*:123456789012:table/*',
    });
    const json = await diffJson(file, UNBOUNDED);
    const fromInputs = await diffJson(BOUNDED, UNBOUNDED);
    const outside = (d: DiffJson) =>
      d.added
        .filter((c) => c.resource.includes('dynamodb'))
        .map((c) => `${c.action} ${c.resource} ${c.before}->${c.after}`)
        .sort();
    expect(outside(json)).toEqual(outside(fromInputs));
    expect(outside(json).length).toBeGreaterThan(0);
    expect((await runCli(['diff', '--base', file, UNBOUNDED, ...TF_ENV, '--fail-on', 'added'])).code).toBe(1);
    // Written before the record existed: the statement is held as it is, so nothing is compared
    // outside the inputs (the limit of such a snapshot).
    delete recorded.outsideWitnesses;
    const older = join(dir, 'bounded-older.json');
    writeFileSync(older, JSON.stringify(recorded));
    expect(outside(await diffJson(older, UNBOUNDED))).toEqual([]);
  });

  it('one statement split into two after the snapshot: no change', async () => {
    const file = await snapshotOf(ONE_STATEMENT, 'one');
    const json = await diffJson(file, TWO_STATEMENTS);
    expect(json.added).toEqual([]);
    expect(json.notCompared).toBeUndefined();
  });
});
