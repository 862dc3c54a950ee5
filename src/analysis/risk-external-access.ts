// The review's public-access and cross-account-access findings: what anyone (anonymous callers,
// a principal of an unnamed account) and the principals of each account outside the model that
// the policies name can do on the model's resources and roles, from access matrices of those
// callers. Owns `externalAccess` and the severity rule of outside access; the wording is
// risk-messages.ts's.

import { principalUniqueIdKind } from '../model/unique-ids.js';
import type { Engine } from '../engine/engine.js';
import type { Source } from '../model/source.js';
import { parseArn } from '../model/arns.js';
import { anyPrincipalArn, unnamedAccount } from '../model/stand-ins.js';
import { isUnknown } from '../model/unknown.js';
import { accessRank, mergeStatementRefs, statementRefKey } from './chains.js';
import { buildMatrix } from './matrix/build.js';
import { candidatePrincipals } from './principals.js';
import {
  crossAccountMessage,
  listed,
  type OutsideAccess,
  PUBLIC_URL_NOTE,
  publicMessage,
} from './risk-messages.js';
import type { Matrix, RiskFinding, StatementRef } from './types.js';

/** What some callers can do on one matrix column, with the statements that grant it. */
interface Hits extends OutsideAccess {
  grants: StatementRef[];
}

/** Public and cross-account findings over every model resource and role. */
export function externalAccess(
  engine: Engine,
  limit: number,
): { public: RiskFinding[]; crossAccount: RiskFinding[] } {
  const { findings, grants } = publicAccess(engine, limit);
  return { public: findings, crossAccount: crossAccountAccess(engine, limit, grants) };
}

/** Access by anyone; with the grants of each public resource (cross-account skips them). */
function publicAccess(engine: Engine, limit: number) {
  const model = engine.model;
  const anyone = ['anonymous', anyPrincipalArn(model.partition, unnamedAccount(model), 'user')];
  const pub = buildMatrix(engine, { principals: anyone, includeRoles: true, chains: false });
  const findings: RiskFinding[] = [];
  const grants = new Map<string, Set<string>>();
  const byIdOnly = identifierOnlyStatements(model);
  pub.resources.forEach((r, ri) => {
    const hits = accessSummary(pub, ri, [0, 1], limit);
    if (!hits) return;
    // what only identifiers may give (a canonical user id, a unique id): cross-account, not public
    if (hits.grants.every((g) => g.source && byIdOnly.has(sourceKey(g.source)))) return;
    grants.set(r.arn, new Set(hits.grants.map(statementRefKey)));
    findings.push({
      kind: 'public-access',
      severity: outsideSeverity(hits, 'high'),
      subject: r.arn,
      message: publicMessage(r, publicUrlNote(model, r.arn, hits.actions), hits),
      statements: hits.grants,
    });
  });
  return { findings, grants };
}

/**
 * The statements (by source) of resource and trust policies whose Principal names only S3
 * canonical user ids and IAM unique ids: the engine decides MAYBE for any principal of some
 * account (src/engine/compile-policy.ts, `accountCanonicalMatch`, `uniqueIdMatch`), the unnamed
 * account's stand-ins of `publicAccess` included, since the account they name is not known. What
 * they give is access for the identifier the cross-account findings name, not for anyone.
 */
function identifierOnlyStatements(model: Engine['model']): Set<string> {
  const out = new Set<string>();
  const docs = [...model.resources.map((r) => r.policy), ...model.roles.map((r) => r.trustPolicy)];
  for (const doc of docs)
    for (const st of doc?.statements ?? []) {
      const p = st.principal;
      if (!p || p.wildcard || p.service?.values.length || p.federated?.values.length) continue;
      const aws = p.aws?.values ?? [];
      if (!aws.every((v) => typeof v === 'string' && !!principalUniqueIdKind(v))) continue;
      if (aws.length || p.canonicalUser?.values.length) out.add(sourceKey(st.source));
    }
  return out;
}

function sourceKey(s: Source): string {
  return `${s.file}|${s.pointer ?? ''}|${s.logicalId ?? ''}`;
}

/** Access by accounts outside the model that policies name, but for grants already public. */
function crossAccountAccess(
  engine: Engine,
  limit: number,
  publicGrants: ReadonlyMap<string, ReadonlySet<string>>,
): RiskFinding[] {
  const findings: RiskFinding[] = [];
  for (const [who, principals] of outsideAccounts(engine.model)) {
    const m = buildMatrix(engine, { principals, includeRoles: true, chains: false });
    m.resources.forEach((r, ri) => {
      const hits = accessSummary(
        m,
        ri,
        principals.map((_, i) => i),
        limit,
      );
      if (!hits) return;
      const pg = publicGrants.get(r.arn);
      if (pg && hits.grants.every((g) => pg.has(statementRefKey(g)))) return; // already reported as public
      findings.push({
        kind: 'cross-account-access',
        severity: outsideSeverity(hits, 'medium'),
        subject: r.arn,
        detail: who,
        message: crossAccountMessage(r, who, hits),
        statements: hits.grants,
      });
    });
  }
  return findings;
}

/**
 * Accounts outside the model that policies name (`account A`), each with the principals that
 * stand for it, and the S3 canonical users they name (an account or a CloudFront origin access
 * identity) and the users and roles they name by IAM unique id (account unknown), by their labels,
 * each standing for itself.
 */
function outsideAccounts(model: Engine['model']): Map<string, string[]> {
  const modelAccounts = new Set(model.accounts.map((a) => a.id));
  const other = unnamedAccount(model);
  const byAccount = new Map<string, string[]>();
  for (const c of candidatePrincipals(model)) {
    if (c.kind === 'canonical-user' || c.kind === 'unique-id') {
      byAccount.set(c.name, [c.principal]);
      continue;
    }
    if (c.element || !(c.kind === 'user' || c.kind === 'role' || c.kind === 'account')) continue;
    const account = parseArn(c.principal)?.account;
    if (!account || account === other || modelAccounts.has(account)) continue;
    const list = byAccount.get(`account ${account}`) ?? [];
    list.push(c.principal);
    byAccount.set(`account ${account}`, list);
  }
  return byAccount;
}

/** Condition keys that limit how a request is made (its transport), not who makes it. */
const TRANSPORT_KEYS = /\b(aws:SecureTransport|s3:TlsVersion|s3:signatureversion|s3:authType)\b/i;

/**
 * Severity of access by anyone (`base` high) or by an account outside the inputs (medium): the
 * same whatever transport condition it has (a TLS-only Deny limits how, not who); low under
 * another condition (who, from where); indeterminate (unknown until deploy) one step lower.
 */
function outsideSeverity(hits: OutsideAccess, base: RiskFinding['severity']): RiskFinding['severity'] {
  if (hits.access === 'allow') return base;
  if (hits.access === 'conditional')
    return hits.conditions.every((c) => TRANSPORT_KEYS.test(c)) ? base : 'low';
  return base === 'high' ? 'medium' : 'low';
}

/**
 * ` through its function URL (AuthType NONE)` for a Lambda function whose public access includes
 * `lambda:InvokeFunctionUrl` and that has a URL without authentication: "NONE – Lambda doesn't
 * perform any authentication before invoking your function" (AWS Lambda Developer Guide,
 * "Control access to Lambda function URLs", https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html).
 */
function publicUrlNote(model: Engine['model'], arn: string, actions: string): string {
  if (!actions.includes('lambda:InvokeFunctionUrl')) return '';
  const fn = model.resources.find((x) => x.arn === arn && x.kind === 'lambda-function');
  const open = fn?.functionUrls?.some((u) => u.authType === 'NONE' || isUnknown(u.authType));
  return open ? PUBLIC_URL_NOTE : '';
}

/** What the given matrix rows can do on column `ri`, or undefined when nothing. */
function accessSummary(m: Matrix, ri: number, rows: number[], limit: number): Hits | undefined {
  let access: OutsideAccess['access'] = 'deny';
  const perLevel: string[][] = m.levels.map(() => []);
  const conditions: string[] = [];
  const grants: StatementRef[][] = [];
  for (const pi of rows) {
    m.cells.at(pi, ri).forEach((cell, li) => {
      if (cell.access === 'deny') return;
      if (accessRank(cell.access) > accessRank(access)) access = cell.access;
      for (const a of cell.actions) {
        if (!perLevel[li]!.includes(a.action)) perLevel[li]!.push(a.action);
        for (const c of a.conditions) if (!conditions.includes(c)) conditions.push(c);
      }
      grants.push(cell.grants);
    });
  }
  if (access === 'deny') return undefined;
  // Per level, the best-known actions first (the shortest names: s3:GetObject before
  // s3:GetObjectLegalHold).
  const actions = m.levels
    .map((level, li) => {
      const list = [...perLevel[li]!].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
      return list.length ? `${level}: ${listed(list, limit)}` : '';
    })
    .filter(Boolean)
    .join('; ');
  return { access, actions, conditions, grants: mergeStatementRefs(...grants) };
}
