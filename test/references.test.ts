// Model references (DESIGN.md "Contracts": principal and resource references of `eval`
// requests and specs): ARNs, user/role/group names, logical ids, construct paths, Terraform
// addresses, service principals, anonymous, accounts; resource suffixes; unknown and
// ambiguous references as errors with candidates.

import { describe, expect, it } from 'vitest';
import { ModelBuilder } from '../src/model/builder.js';
import {
  AmbiguousReferenceError,
  resolvePrincipalRef,
  resolveResourceRef,
  UnknownReferenceError,
} from '../src/requests/references.js';
import type { Model } from '../src/model/types.js';
import type { PolicyDocument } from '../src/policy/types.js';

const A = '111122223333';
const B = '444455556666';

const EMPTY_DOC: PolicyDocument = {
  kind: 'identity',
  version: '2012-10-17',
  id: undefined,
  statements: [],
  unknown: undefined,
  source: {},
  findings: [],
};

function model(): Model {
  const b = new ModelBuilder();
  const john = b.addUser({
    name: 'john',
    account: A,
    source: {
      file: 's1.yaml',
      line: 3,
      column: 3,
      logicalId: 'John',
      stack: 'S1',
      constructPath: 'S1/John/Resource',
    },
  });
  const sara = b.addUser({
    name: 'Sara-intern',
    account: A,
    source: { file: 's1.yaml', logicalId: 'SaraIntern', stack: 'S1' },
  });
  b.addUser({ name: 'john', account: B, source: { file: 's2.yaml', logicalId: 'John', stack: 'S2' } });
  b.addUser({
    name: 'ops',
    account: A,
    path: '/eng/',
    source: { file: 's1.yaml', logicalId: 'Ops', stack: 'S1' },
  });
  const devs = b.addGroup({
    name: 'Developers',
    account: A,
    source: { file: 's1.yaml', logicalId: 'Devs', stack: 'S1' },
  });
  b.addGroup({
    name: 'Empty',
    account: A,
    source: { file: 's1.yaml', logicalId: 'EmptyGroup', stack: 'S1' },
  });
  b.addUserToGroup(john, devs, {});
  b.addUserToGroup(sara, devs, {});
  b.addRole({
    name: 'Company1-Logs-Role',
    account: A,
    source: { file: 'plan.json', pointer: '/resource_changes/1', address: 'aws_iam_role.logs' },
  });
  b.addUser({
    name: 'worker-0',
    account: A,
    source: { file: 'plan.json', address: 'aws_iam_user.worker[0]' },
  });
  b.addUser({
    name: 'worker-1',
    account: A,
    source: { file: 'plan.json', address: 'aws_iam_user.worker[1]' },
  });
  b.addManagedPolicy({
    name: 'InternBoundaryPolicy',
    account: A,
    document: EMPTY_DOC,
    source: { file: 's1.yaml', logicalId: 'Boundary', stack: 'S1' },
  });
  b.addBucket({
    bucketName: 'company1-logs',
    account: A,
    source: { file: 's1.yaml', logicalId: 'LogsBucket', stack: 'S1' },
  });
  b.addBucket({
    bucketName: 'company2-logs',
    account: B,
    source: { file: 's2.yaml', logicalId: 'LogsBucket', stack: 'S2' },
  });
  b.addResource({
    kind: 'sqs-queue',
    arn: `arn:aws:sqs:us-west-2:${A}:jobs`,
    name: 'jobs',
    account: A,
    source: { file: 'plan.json', address: 'module.queue.aws_sqs_queue.this' },
  });
  return b.build();
}

const m = model();

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe('principal references', () => {
  it('keeps an ARN that is not in the model (an external principal)', () => {
    const r = resolvePrincipalRef(m, 'arn:aws:iam::999988887777:role/Partner');
    expect(r.kind).toBe('arn');
    expect(r.principals).toEqual([
      { principal: 'arn:aws:iam::999988887777:role/Partner', element: undefined },
    ]);
  });

  it('links an ARN of the model to its element', () => {
    const r = resolvePrincipalRef(m, `arn:aws:iam::${A}:user/john`);
    expect(r.kind).toBe('user');
    expect(r.principals[0]!.element?.account).toBe(A);
  });

  it('keeps assumed-role session ARNs and account root ARNs', () => {
    const session = `arn:aws:sts::${A}:assumed-role/Company1-Logs-Role/s1`;
    expect(resolvePrincipalRef(m, session).principals[0]!.principal).toBe(session);
    expect(resolvePrincipalRef(m, `arn:aws:iam::${A}:root`).principals[0]!.principal).toBe(
      `arn:aws:iam::${A}:root`,
    );
  });

  it('resolves user/NAME, role/NAME and a user path', () => {
    expect(resolvePrincipalRef(m, 'user/Sara-intern').principals[0]!.principal).toBe(
      `arn:aws:iam::${A}:user/Sara-intern`,
    );
    const role = resolvePrincipalRef(m, 'role/Company1-Logs-Role');
    expect(role.kind).toBe('role');
    expect(role.principals[0]!.principal).toBe(`arn:aws:iam::${A}:role/Company1-Logs-Role`);
    expect(resolvePrincipalRef(m, 'user/ops').principals[0]!.principal).toBe(
      `arn:aws:iam::${A}:user/eng/ops`,
    );
    expect(resolvePrincipalRef(m, 'user/eng/ops').principals[0]!.principal).toBe(
      `arn:aws:iam::${A}:user/eng/ops`,
    );
  });

  it('reports a name found in two accounts as ambiguous, unless the account disambiguates', () => {
    const e = thrown(() => resolvePrincipalRef(m, 'user/john'));
    expect(e).toBeInstanceOf(AmbiguousReferenceError);
    expect((e as AmbiguousReferenceError).matches.sort()).toEqual([
      `arn:aws:iam::${A}:user/john`,
      `arn:aws:iam::${B}:user/john`,
    ]);
    expect((e as Error).message).toContain('--account');
    expect(resolvePrincipalRef(m, 'user/john', { account: B }).principals[0]!.principal).toBe(
      `arn:aws:iam::${B}:user/john`,
    );
  });

  it('resolves group/NAME to its members', () => {
    const r = resolvePrincipalRef(m, 'group/Developers');
    expect(r.kind).toBe('group');
    expect(r.group?.name).toBe('Developers');
    expect(r.principals.map((p) => p.principal).sort()).toEqual([
      `arn:aws:iam::${A}:user/Sara-intern`,
      `arn:aws:iam::${A}:user/john`,
    ]);
    expect(resolvePrincipalRef(m, 'group/Empty').principals).toEqual([]);
  });

  it('resolves CloudFormation logical ids, Stack/LogicalId and CDK construct paths', () => {
    expect(resolvePrincipalRef(m, 'SaraIntern').principals[0]!.principal).toBe(
      `arn:aws:iam::${A}:user/Sara-intern`,
    );
    expect(thrown(() => resolvePrincipalRef(m, 'John'))).toBeInstanceOf(AmbiguousReferenceError);
    expect(resolvePrincipalRef(m, 'S2/John').principals[0]!.principal).toBe(`arn:aws:iam::${B}:user/john`);
    expect(resolvePrincipalRef(m, 'S1/John/Resource').principals[0]!.principal).toBe(
      `arn:aws:iam::${A}:user/john`,
    );
    expect(resolvePrincipalRef(m, 'S1/John/Resource').matchedBy).toBe('construct path');
  });

  it('resolves Terraform addresses; an address without its index names every instance', () => {
    expect(resolvePrincipalRef(m, 'aws_iam_role.logs').principals[0]!.principal).toBe(
      `arn:aws:iam::${A}:role/Company1-Logs-Role`,
    );
    expect(resolvePrincipalRef(m, 'aws_iam_user.worker[1]').principals[0]!.principal).toBe(
      `arn:aws:iam::${A}:user/worker-1`,
    );
    const e = thrown(() => resolvePrincipalRef(m, 'aws_iam_user.worker'));
    expect(e).toBeInstanceOf(AmbiguousReferenceError);
    expect((e as AmbiguousReferenceError).matches).toHaveLength(2);
  });

  it('passes service principals, anonymous and accounts through', () => {
    expect(resolvePrincipalRef(m, 'ec2.amazonaws.com').kind).toBe('service');
    expect(resolvePrincipalRef(m, 'anonymous').kind).toBe('anonymous');
    const acct = resolvePrincipalRef(m, '999988887777');
    expect(acct.kind).toBe('account');
    expect(acct.principals[0]!.principal).toBe('999988887777');
  });

  it('rejects an unknown name with close candidates', () => {
    const e = thrown(() => resolvePrincipalRef(m, 'user/sara-intern'));
    expect(e).toBeInstanceOf(UnknownReferenceError);
    expect((e as UnknownReferenceError).candidates[0]).toBe('user/Sara-intern');
    expect((e as Error).message).toContain('did you mean user/Sara-intern?');
    const kind = thrown(() => resolvePrincipalRef(m, 'user/Company1-Logs-Role')) as UnknownReferenceError;
    expect(kind.candidates).toContain('role/Company1-Logs-Role');
  });

  it('rejects references that are not principals: a resource, a non-IAM ARN, a malformed ARN', () => {
    const res = thrown(() => resolvePrincipalRef(m, 'S1/LogsBucket')) as Error;
    expect(res).toBeInstanceOf(UnknownReferenceError);
    expect(res.message).toContain('a resource');
    expect(thrown(() => resolvePrincipalRef(m, 'arn:aws:s3:::company1-logs'))).toBeInstanceOf(
      UnknownReferenceError,
    );
    const bad = thrown(() => resolvePrincipalRef(m, 'arn:aws:iam:user/john')) as Error;
    expect(bad.message).toContain('not a valid ARN');
  });
});

describe('resource references', () => {
  it('keeps ARNs (in the model or not) and `*`', () => {
    expect(resolveResourceRef(m, 'arn:aws:s3:::elsewhere/x').arn).toBe('arn:aws:s3:::elsewhere/x');
    expect(resolveResourceRef(m, 'arn:aws:s3:::company1-logs').element?.name).toBe('company1-logs');
    expect(resolveResourceRef(m, '*').arn).toBe('*');
    // an object ARN of a bucket of the model names that bucket as its element
    const object = resolveResourceRef(m, 'arn:aws:s3:::company1-logs/a/b.log');
    expect([object.arn, object.element?.name, object.suffix]).toEqual([
      'arn:aws:s3:::company1-logs/a/b.log',
      'company1-logs',
      'a/b.log',
    ]);
  });

  it('resolves a logical id with a suffix to the resource ARN plus the suffix', () => {
    const r = resolveResourceRef(m, 'S1/LogsBucket/reports/*');
    expect(r.arn).toBe('arn:aws:s3:::company1-logs/reports/*');
    expect(r.suffix).toBe('reports/*');
    expect(resolveResourceRef(m, 'LogsBucket/a.log', { account: B }).arn).toBe(
      'arn:aws:s3:::company2-logs/a.log',
    );
    expect(thrown(() => resolveResourceRef(m, 'LogsBucket/a.log'))).toBeInstanceOf(AmbiguousReferenceError);
  });

  it('resolves Terraform addresses in modules, and principals and policies to their ARNs', () => {
    expect(resolveResourceRef(m, 'module.queue.aws_sqs_queue.this').arn).toBe(
      `arn:aws:sqs:us-west-2:${A}:jobs`,
    );
    expect(resolveResourceRef(m, 'role/Company1-Logs-Role').arn).toBe(
      `arn:aws:iam::${A}:role/Company1-Logs-Role`,
    );
    expect(resolveResourceRef(m, 'policy/InternBoundaryPolicy').arn).toBe(
      `arn:aws:iam::${A}:policy/InternBoundaryPolicy`,
    );
    expect(resolveResourceRef(m, 'aws_iam_role.logs').arn).toBe(`arn:aws:iam::${A}:role/Company1-Logs-Role`);
  });

  it('rejects an unknown reference with candidates that keep the suffix', () => {
    const e = thrown(() => resolveResourceRef(m, 'S1/LogBucket/app.log')) as UnknownReferenceError;
    expect(e).toBeInstanceOf(UnknownReferenceError);
    expect(e.candidates).toContain('S1/LogsBucket/app.log');
    const byName = thrown(() => resolveResourceRef(m, 'company1-logs/app.log')) as UnknownReferenceError;
    expect(byName.candidates[0]).toBe('arn:aws:s3:::company1-logs/app.log');
    expect(thrown(() => resolveResourceRef(m, 'arn:aws'))).toBeInstanceOf(UnknownReferenceError);
  });
});
