// Small builders for engine tests: policy JSON shorthands (statements, documents), a TestModel
// that wraps ModelBuilder with one-line users, roles, buckets, keys, SCPs and RCPs, and a
// `decide` shorthand. Every element gets a test source so traces can be checked.

import { fullAccessCompletion } from '../../src/aws/org-managed-policies.js';
import { compileModel, type Engine } from '../../src/engine/index.js';
import type { Decision, RequestContext } from '../../src/engine/types.js';
import { ModelBuilder, type OrgLevelCompletion } from '../../src/model/builder.js';
import type { Source } from '../../src/model/source.js';
import type { Model, ResourceKind, Tags } from '../../src/model/types.js';
import type { Maybe, Unknown } from '../../src/model/unknown.js';
import { parsePolicy } from '../../src/policy/parse.js';
import type { PolicyDocument, PolicyKind } from '../../src/policy/types.js';

/** Two accounts in the model and one outside it. */
export const ACCOUNT_A = '111122223333';
export const ACCOUNT_B = '444455556666';
export const EXTERNAL_ACCOUNT = '999988887777';
export const REGION = 'us-west-2';

export const arns = {
  user: (name: string, account = ACCOUNT_A) => `arn:aws:iam::${account}:user/${name}`,
  role: (name: string, account = ACCOUNT_A) => `arn:aws:iam::${account}:role/${name}`,
  session: (role: string, session: string, account = ACCOUNT_A) =>
    `arn:aws:sts::${account}:assumed-role/${role}/${session}`,
  root: (account = ACCOUNT_A) => `arn:aws:iam::${account}:root`,
  policy: (name: string, account = ACCOUNT_A) => `arn:aws:iam::${account}:policy/${name}`,
  bucket: (name: string) => `arn:aws:s3:::${name}`,
  object: (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`,
  queue: (name: string, account = ACCOUNT_A) => `arn:aws:sqs:${REGION}:${account}:${name}`,
  key: (id: string, account = ACCOUNT_A) => `arn:aws:kms:${REGION}:${account}:key/${id}`,
};

/** A policy statement as JSON (anything the grammar accepts, Unknown values included). */
export type StatementJson = Record<string, unknown>;
export type PolicyJson = { Version?: string; Statement: StatementJson[] | StatementJson } & Record<
  string,
  unknown
>;

export function statement(
  effect: 'Allow' | 'Deny',
  action: Maybe<string> | Maybe<string>[],
  resource?: Maybe<string> | Maybe<string>[],
  extra: StatementJson = {},
): StatementJson {
  const s: StatementJson = { Effect: effect, Action: action };
  if (resource !== undefined) s.Resource = resource;
  return { ...s, ...extra };
}

export const allow = (
  action: Maybe<string> | Maybe<string>[],
  resource?: Maybe<string> | Maybe<string>[],
  extra: StatementJson = {},
) => statement('Allow', action, resource, extra);

export const deny = (
  action: Maybe<string> | Maybe<string>[],
  resource?: Maybe<string> | Maybe<string>[],
  extra: StatementJson = {},
) => statement('Deny', action, resource, extra);

export function policy(...statements: StatementJson[]): PolicyJson {
  return { Version: '2012-10-17', Statement: statements };
}

let counter = 0;
export function testSource(name: string): Source {
  return { file: 'engine-fixtures.ts', pointer: `/${name}`, logicalId: name };
}

/** Parses policy JSON as the given kind, with a test source. */
export function parse(kind: PolicyKind, value: unknown, name = `${kind}${++counter}`): PolicyDocument {
  return parsePolicy(value, { kind, source: testSource(name) });
}

export interface PrincipalOptions {
  account?: string;
  path?: string;
  tags?: Tags;
  /** Inline identity policies (named `<principal>-inline-<i>`). */
  inline?: unknown[];
  /** Managed policy ARNs to attach (customer policies must exist; AWS managed come from the catalog). */
  managed?: Maybe<string>[];
  /** A boundary document (created as a managed policy) or a policy ARN. */
  boundary?: PolicyJson | Maybe<string>;
  /** What the inputs say of its IAM unique id (`User.uniqueId`). */
  uniqueId?: string;
  /** Why a user might not exist (`count`, a condition...): a maybe-present user. */
  presence?: Unknown;
}

/** ModelBuilder with one-line helpers for test scenarios. */
export class TestModel {
  readonly b: ModelBuilder;

  /**
   * `scpFullAccessDetached`: the levels the inputs show FullAWSAccess detached from
   * (`--scp-full-access-detached`); `completeOrgLevels`: another completion than the loaders'.
   */
  constructor(
    options: { scpFullAccessDetached?: readonly string[]; completeOrgLevels?: OrgLevelCompletion } = {},
  ) {
    this.b = new ModelBuilder({
      completeOrgLevels: options.completeOrgLevels ?? fullAccessCompletion(options.scpFullAccessDetached),
    });
    this.b.addAccount(ACCOUNT_A, REGION);
    this.b.addAccount(ACCOUNT_B, REGION);
  }

  private attachAll(id: string, name: string, o: PrincipalOptions) {
    (o.inline ?? []).forEach((doc, i) => {
      const pname = `${name}-inline-${i}`;
      this.b.addInlinePolicy(id, {
        name: pname,
        document: parse('identity', doc, pname),
        source: testSource(pname),
      });
    });
    for (const arn of o.managed ?? [])
      this.b.attachManagedPolicy(id, { policyArn: arn, source: testSource(name) });
    if (o.boundary !== undefined) {
      let arn: Maybe<string>;
      if (typeof o.boundary === 'object' && o.boundary !== null && 'Statement' in o.boundary) {
        arn = this.managedPolicy(`${name}-boundary`, o.boundary, o.account ?? ACCOUNT_A, 'boundary');
      } else arn = o.boundary as Maybe<string>;
      this.b.setPermissionsBoundary(id, { policyArn: arn, source: testSource(`${name}-boundary`) });
    }
  }

  user(name: string, o: PrincipalOptions = {}): string {
    const id = this.b.addUser({
      name,
      account: o.account ?? ACCOUNT_A,
      path: o.path,
      tags: o.tags,
      source: testSource(name),
      ...(o.uniqueId ? { uniqueId: o.uniqueId } : {}),
      ...(o.presence ? { presence: o.presence } : {}),
    });
    this.attachAll(id, name, o);
    return id;
  }

  group(name: string, members: string[], o: Omit<PrincipalOptions, 'boundary' | 'tags'> = {}): string {
    const id = this.b.addGroup({ name, account: o.account ?? ACCOUNT_A, source: testSource(name) });
    this.attachAll(id, name, o);
    for (const m of members) this.b.addUserToGroup(m, id, testSource(name));
    return id;
  }

  role(name: string, o: PrincipalOptions & { trust?: unknown; serviceLinked?: boolean } = {}): string {
    const id = this.b.addRole({
      name,
      account: o.account ?? ACCOUNT_A,
      path: o.path,
      tags: o.tags,
      source: testSource(name),
      trustPolicy: o.trust === undefined ? undefined : parse('trust', o.trust, `${name}-trust`),
      serviceLinked: o.serviceLinked,
      ...(o.uniqueId ? { uniqueId: o.uniqueId } : {}),
    });
    this.attachAll(id, name, o);
    return id;
  }

  managedPolicy(name: string, doc: unknown, account = ACCOUNT_A, kind: PolicyKind = 'identity'): string {
    return this.b.addManagedPolicy({
      name,
      account,
      document: parse(kind, doc, name),
      source: testSource(name),
    });
  }

  /** `s3Abac`: the bucket's ABAC status (src/aws/s3-abac.ts); unset, its tags may not be evaluated. */
  bucket(
    name: string,
    o: { account?: string; policy?: unknown; tags?: Tags; s3Abac?: 'enabled' | 'disabled' } = {},
  ): string {
    return this.b.addBucket({
      bucketName: name,
      account: o.account ?? ACCOUNT_A,
      region: REGION,
      tags: o.tags,
      policy: o.policy === undefined ? undefined : parse('resource', o.policy, `${name}-policy`),
      source: testSource(name),
      ...(o.s3Abac ? { s3Abac: o.s3Abac } : {}),
      // no default KMS encryption, as an adapter records a bucket without one (an unrecorded
      // encryption is an unknown key: src/aws/encryption-key-requirement.ts)
      kmsKeyId: null,
    });
  }

  resource(
    kind: ResourceKind,
    arn: string,
    o: { account?: string; policy?: unknown; tags?: Tags; name?: string; kmsKeyId?: string | null } = {},
  ): string {
    const name = o.name ?? arn.slice(arn.lastIndexOf(':') + 1);
    return this.b.addResource({
      kind,
      arn,
      name,
      account: o.account ?? ACCOUNT_A,
      region: REGION,
      tags: o.tags,
      policy: o.policy === undefined ? undefined : parse('resource', o.policy, `${name}-policy`),
      source: testSource(name),
      ...(o.kmsKeyId !== undefined ? { kmsKeyId: o.kmsKeyId } : {}),
    });
  }

  /** An SCP of `account`, attached at `level` when given (`ModelBuilder.addScp`). */
  scp(account: string, doc: unknown, level?: Maybe<string>): this {
    this.b.addScp(account, parse('scp', doc), level);
    return this;
  }

  /** An RCP of `account`, attached at `level` when given. */
  rcp(account: string, doc: unknown, level?: Maybe<string>): this {
    this.b.addRcp(account, parse('rcp', doc), level);
    return this;
  }

  model(): Model {
    return this.b.build();
  }

  engine(options?: { now?: Date }): Engine {
    return compileModel(this.model(), options);
  }
}

/** The SCP / RCP AWS attaches by default (FullAWSAccess / RCPFullAWSAccess). */
export const FULL_AWS_ACCESS = policy(allow('*', '*'));
export const RCP_FULL_AWS_ACCESS = policy(allow('*', '*', { Principal: '*' }));

export interface DecideExtra {
  context?: RequestContext;
  sessionPolicy?: unknown;
  trace?: boolean;
}

/** `engine.decide` with positional arguments. */
export function decide(
  engine: Engine,
  principal: string,
  action: string,
  resource: string,
  extra: DecideExtra = {},
): Decision {
  const { trace, ...rest } = extra;
  return engine.decide({ principal, action, resource, ...rest }, { trace });
}

/** Just the decision value, for compact assertions. */
export function verdict(
  engine: Engine,
  principal: string,
  action: string,
  resource: string,
  extra: DecideExtra = {},
): Decision['decision'] {
  return decide(engine, principal, action, resource, extra).decision;
}

/** User `u` of account A whose one inline policy holds `statements`: its ARN and the engine. */
export function userWithStatements(...statements: StatementJson[]): { u: string; e: Engine } {
  const m = new TestModel();
  const u = m.user('u', { inline: [policy(...statements)] });
  return { u, e: m.engine() };
}
