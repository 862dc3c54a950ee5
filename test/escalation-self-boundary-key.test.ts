// Rewriting one's own permissions boundary is decided with `iam:PermissionsBoundary` set to the
// boundary the request sets (Put…PermissionsBoundary: the boundaries the principal's policies pin)
// or has (Delete…PermissionsBoundary: its current one), not under a free key
// (analysis/escalation-harmless-choice.ts `selfBoundaryContexts`, one rule for the review and the
// spec's `noEscalation`). Before, a user allowed PutUserPermissionsBoundary only with a boundary
// narrower than its own, or DeleteUserPermissionsBoundary only when its boundary is another
// policy, got a (low) escalation finding and an indeterminate noEscalation: the key was free.
//
// Pages:
// - Service Authorization Reference, IAM condition keys, iam:PermissionsBoundary: "Filters access
//   if the specified policy is set as the permissions boundary on the IAM entity (user or role)".
// - IAM API Reference, PutUserPermissionsBoundary: "Adds or updates the policy that is specified
//   as the IAM user's permissions boundary"; DeleteUserPermissionsBoundary: "Deleting the
//   permissions boundary for a user might increase its permissions by allowing the user to
//   perform all the actions granted in its permissions policies".

import { describe, expect, it } from 'vitest';
import { allow, arns, policy, TestModel } from './helpers/engine-fixtures.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';

const PAGE = {
  key: 'Service Authorization Reference, iam:PermissionsBoundary: "Filters access if the specified policy is set as the permissions boundary on the IAM entity (user or role)"',
  put: 'IAM API Reference, PutUserPermissionsBoundary: "Adds or updates the policy that is specified as the IAM user\'s permissions boundary"',
};
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const DEV = arns.user('dev');

/**
 * dev: identity s3:* and `action` on itself when iam:PermissionsBoundary equals `pinned` (a
 * function of the model's policy ARNs); boundary: s3:* and the two boundary actions on itself.
 */
function model(action: string, pinned: (p: { boundary: string; narrow: string; other: string }) => string) {
  const t = new TestModel();
  const narrow = t.managedPolicy('narrow', policy(allow('s3:GetObject', '*')));
  const other = t.managedPolicy('other', policy(allow('s3:ListBucket', '*')));
  const bound = t.managedPolicy(
    'bound',
    policy(
      allow('s3:*', '*'),
      allow(['iam:PutUserPermissionsBoundary', 'iam:DeleteUserPermissionsBoundary'], DEV),
    ),
    undefined,
    'boundary',
  );
  const value = pinned({ boundary: bound, narrow, other });
  t.user('dev', {
    boundary: bound,
    inline: [
      policy(
        allow('s3:*', '*'),
        allow(action, DEV, { Condition: { StringEquals: { 'iam:PermissionsBoundary': value } } }),
      ),
    ],
  });
  return t.engine();
}

const finding = (engine: ReturnType<typeof model>, action: string) =>
  escalationFindings(engine).get(`${DEV} ${action} on itself`);

describe(`a boundary set on oneself is decided with iam:PermissionsBoundary set (${PAGE.key}; ${PAGE.put})`, () => {
  it('Put pinned to a boundary within the current one: no finding, noEscalation passes', () => {
    const engine = model('iam:PutUserPermissionsBoundary', (p) => p.narrow);
    expect(finding(engine, 'iam:PutUserPermissionsBoundary')).toBeUndefined();
    expect(noEscalationCheck(engine, 'user/dev').status).toBe('pass');
  });

  it('Put pinned to the current boundary itself: no finding', () => {
    const engine = model('iam:PutUserPermissionsBoundary', (p) => p.boundary);
    expect(finding(engine, 'iam:PutUserPermissionsBoundary')).toBeUndefined();
  });

  it('near-miss: Put pinned to AdministratorAccess: high finding, noEscalation does not pass', () => {
    const engine = model('iam:PutUserPermissionsBoundary', () => ADMIN);
    expect(finding(engine, 'iam:PutUserPermissionsBoundary')?.severity).toBe('high');
    expect(noEscalationCheck(engine, 'user/dev').status).not.toBe('pass');
  });

  it('Delete allowed only when the boundary is another policy: no finding, noEscalation passes', () => {
    const engine = model('iam:DeleteUserPermissionsBoundary', (p) => p.other);
    expect(finding(engine, 'iam:DeleteUserPermissionsBoundary')).toBeUndefined();
    expect(noEscalationCheck(engine, 'user/dev').status).toBe('pass');
  });

  it('near-miss: Delete allowed when the boundary is its own: high finding', () => {
    const engine = model('iam:DeleteUserPermissionsBoundary', (p) => p.boundary);
    expect(finding(engine, 'iam:DeleteUserPermissionsBoundary')?.severity).toBe('high');
    expect(noEscalationCheck(engine, 'user/dev').status).not.toBe('pass');
  });
});
