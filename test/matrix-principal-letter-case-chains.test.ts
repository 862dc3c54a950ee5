// The matrix meets a Principal that names a row's ARN in other letter case as the engine does
// (principal-letter-case.test.ts): IAM API Reference, CreateRole (RoleName): "IAM user, group,
// role, and policy names must be unique within the account. Names are not distinguished by
// case." So a bucket policy granting `role/myrole` may grant role `MyRole` (indeterminate), and
// the matrix's prefilters (analysis/matrix/column-index.ts `resourcePolicyColumns`, the sharing
// of decisions between rows, analysis/matrix/shared-decisions.ts `readsPrincipal`) must not drop
// or share that column by an exact comparison. Before, `iamspec explain` said indeterminate and
// the matrix cell said deny (a silent deny a `cannot` reading of the matrix would pass).

import { describe, expect, it } from 'vitest';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import type { Matrix } from '../src/analysis/types.js';
import { allow, arns, policy, TestModel } from './helpers/engine-fixtures.js';

function readAccess(m: Matrix, principal: string, resource: string): string | undefined {
  const row = m.principals.findIndex((p) => p.id === principal || p.arn === principal);
  const col = m.resources.findIndex((r) => r.arn === resource);
  return m.cells.at(row, col)[m.levels.indexOf('Read')]?.access;
}

describe('matrix: a Principal naming a row in other letter case', () => {
  it('a bucket policy granting role/myrole: role MyRole indeterminate, role Other denied', () => {
    const t = new TestModel();
    const myRole = t.role('MyRole');
    const other = t.role('Other');
    t.bucket('bk', {
      policy: policy(
        allow('s3:GetObject', `${arns.bucket('bk')}/*`, { Principal: { AWS: arns.role('myrole') } }),
      ),
    });
    const m = buildMatrix(t.engine());
    expect(readAccess(m, myRole, arns.bucket('bk'))).toBe('indeterminate');
    expect(readAccess(m, other, arns.bucket('bk'))).toBe('deny');
  });

  it('the exact ARN still allows', () => {
    const t = new TestModel();
    const myRole = t.role('MyRole');
    t.bucket('bk', {
      policy: policy(
        allow('s3:GetObject', `${arns.bucket('bk')}/*`, { Principal: { AWS: arns.role('MyRole') } }),
      ),
    });
    expect(readAccess(buildMatrix(t.engine()), myRole, arns.bucket('bk'))).toBe('allow');
  });

  it('a trust policy naming role/myrole: role MyRole may assume the role (a chain)', () => {
    const t = new TestModel();
    const myRole = t.role('MyRole', { inline: [policy(allow('sts:AssumeRole', '*'))] });
    const target = t.role('Target', {
      trust: policy(allow('sts:AssumeRole', undefined, { Principal: { AWS: arns.role('myrole') } })),
    });
    const m = buildMatrix(t.engine(), { includeRoles: true });
    const row = m.principals.findIndex((p) => p.id === myRole);
    expect((m.chains[row] ?? []).map((c) => c.role)).toContain(target);
  });
});
