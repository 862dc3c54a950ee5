// The review's public-access and cross-account-access findings: what anyone (anonymous callers,
// a principal of an unnamed account) and the principals of each account outside the model that
// the policies name can do on the model's resources and roles, from access matrices of those
// callers. Owns `externalAccess` and the severity rule of outside access; the wording is
// risk-messages.ts's. An indeterminate finding says why: the reasons of one of its requests
// (analysis/decision-reasons.ts, each worded by `reasonLine` as the matrix reports word them),
// and the statements its unknowns name, from the unknowns its one untraced decision noted (as
// the matrix reads them: the same as a trace's, test/review-why-indeterminate.test.ts).

import { principalUniqueIdKind } from '../model/unique-ids.js';
import type { Engine } from '../engine/engine.js';
import type { RequestContext } from '../engine/types.js';
import type { Source } from '../model/source.js';
import { parseArn } from '../model/arns.js';
import { anyPrincipalArn, OBJECT_WITNESS_NAME, unnamedAccount } from '../model/stand-ins.js';
import { objectPrefixOf } from '../aws/s3-access-points.js';
import { isUnknown } from '../model/unknown.js';
import { policyHolderKey } from '../aws/arn-formats.js';
import { functionUrlsFor, INVOKE_FUNCTION } from '../aws/lambda.js';
import { onlyThroughUrl } from './function-url-channel.js';
import { accessRank, mergeStatementRefs, statementRefKey } from './chains.js';
import { reasonLine, unknownEntriesOf } from './decision-reasons.js';
import { type IndeterminateVerdict, indeterminateField, indeterminateOf } from './indeterminate.js';
import { decideAnyContext } from './free-decision.js';
import { buildMatrix, matrixConditionFacts } from './matrix/build.js';
import { organizationScopeOf } from './organization-scope.js';
import { candidatePrincipals } from './principals.js';
import { grantsAccessTo, riskSeverity } from './risk-severity.js';
import {
  crossAccountMessage,
  listed,
  type OutsideAccess,
  PUBLIC_IAM_URL_NOTE,
  PUBLIC_URL_NOTE,
  publicMessage,
  UNMODELLED_POLICY_ACTIONS,
} from './risk-messages.js';
import type {
  Access,
  ConditionFacts,
  Matrix,
  MatrixReason,
  MatrixResource,
  RiskFinding,
  StatementRef,
} from './types.js';

/** What some callers can do on one matrix column, with the statements that grant it. */
export interface Hits extends OutsideAccess {
  grants: StatementRef[];
  /** The first indeterminate action, with its row: the request `whyIndeterminate` decides. */
  indeterminate?: { row: number; action: string };
  /** For indeterminate access, after `explained`: the reasons of that request. */
  found?: MatrixReason[];
  /**
   * The access and conditions of the requests that grant the access (risk-severity.ts
   * `grantsAccessTo`: on a role, its assume requests), when they differ from the widest: what
   * `outsideSeverity` weighs.
   */
  granting?: { access: Access; conditions: string[]; conditionFacts: ConditionFacts[] };
  /**
   * What the engine reports each of `conditions` is about (matrix/build.ts
   * `matrixConditionFacts`), what `outsideSeverity` weighs: never the words.
   */
  conditionFacts: ConditionFacts[];
}

/**
 * The `indeterminate` of a finding about outside access `hits` on `r` (nothing unless
 * indeterminate): the reasons `explained` found, else the resource's unmodelled policy or the
 * statements that grant it.
 */
export function outsideIndeterminate(
  hits: Hits,
  r: MatrixResource,
): { indeterminate?: IndeterminateVerdict } {
  return indeterminateField(hits.access, hits.found, {
    text: `what ${r.name} lets in depends on a value the inputs do not pin down${hits.why ? `: ${hits.why}` : ''}`,
    source: hits.grants.find((g) => g.source)?.source ?? r.source,
  });
}

/** Public and cross-account findings over every model resource and role. */
export function externalAccess(
  engine: Engine,
  limit: number,
): { public: RiskFinding[]; crossAccount: RiskFinding[]; publicGrants: PublicGrants } {
  const { findings, organizationWide, grants } = publicAccess(engine, limit);
  return {
    public: findings,
    crossAccount: [...organizationWide, ...crossAccountAccess(engine, limit, grants)],
    publicGrants: grants,
  };
}

/** The grants of each public resource, by ARN (`statementRefKey` of each): what anyone gets. */
export type PublicGrants = ReadonlyMap<string, ReadonlySet<string>>;

/** The widest access of some actions of a cell (allowed over conditional over undecided). */
function combineAccessOf(actions: readonly { access: Access }[]): Access {
  let best: Access = 'deny';
  for (const a of actions) if (accessRank(a.access) > accessRank(best)) best = a.access;
  return best;
}

/**
 * For a column of a Lambda function: the rows' `lambda:InvokeFunction` cells granted only through
 * the function URL (function-url-channel.ts `onlyThroughUrl`: denied as a direct call). Such a
 * call is a `lambda:InvokeFunctionUrl` request too, whose cell says whether the caller gets
 * through the URL (AWS Lambda Developer Guide, "Control access to Lambda function URLs": with
 * AuthType AWS_IAM a caller of another account needs both its identity-based policy and the
 * function's resource-based policy to allow it; with NONE the resource-based policy must grant
 * public access): the invoke by itself is no access (`accessSummary`'s `skip`). Undefined for other columns.
 */
function urlOnlyInvokes(
  engine: Engine,
  m: Matrix,
  ri: number,
): ((row: number, action: string) => boolean) | undefined {
  const r = m.resources[ri]!;
  if (!/^arn:[^:]+:lambda:[^:]*:[^:]*:function:/.test(r.arn)) return undefined;
  const memo = new Map<number, boolean>();
  return (row, action) => {
    if (action.toLowerCase() !== INVOKE_FUNCTION) return false;
    let only = memo.get(row);
    if (only === undefined) {
      const cell = m.cells
        .at(row, ri)
        .flatMap((c) => c.actions)
        .find((a) => a.action === action);
      only =
        cell?.access === 'conditional' &&
        onlyThroughUrl(engine, { principal: m.principals[row]!.id, action, resource: r.arn });
      memo.set(row, only);
    }
    return only;
  };
}

/**
 * Access by anyone; access by anyone of an organization or OU (`organizationWide`: cross-account
 * findings, organization-scope.ts); with the grants of each (cross-account skips them).
 */
function publicAccess(engine: Engine, limit: number) {
  const model = engine.model;
  const organizationWide: RiskFinding[] = [];
  const anyone = ['anonymous', anyPrincipalArn(model.partition, unnamedAccount(model), 'user')];
  const pub = buildMatrix(engine, { principals: anyone, includeRoles: true, chains: false });
  const findings: RiskFinding[] = [];
  const grants = new Map<string, Set<string>>();
  const byIdOnly = identifierOnlyStatements(model);
  pub.resources.forEach((r, ri) => {
    const skip = urlOnlyInvokes(engine, pub, ri);
    const found = accessSummary(pub, ri, [0, 1], limit, skip);
    if (!found) {
      // a policy iamspec does not model might be open whatever actions its stand-in ARN's
      // service has (a Terraform stand-in's, `terraform`, has none, so no cell says it)
      const policy = r.policyNotModelled && model.resources.find((x) => x.arn === r.arn)?.policy;
      if (policy?.unknown)
        findings.push(unmodelledPolicyFinding(r, policy.unknown.reason, policy.unknown.source));
      return;
    }
    // what only identifiers may give (a canonical user id, a unique id): cross-account, not public
    // (an access no statement explains, a policy iamspec cannot read, stays public)
    if (found.grants.length && found.grants.every((g) => g.source && byIdOnly.has(sourceKey(g.source))))
      return;
    grants.set(r.arn, new Set(found.grants.map(statementRefKey)));
    const hits = explained(engine, pub, ri, found, limit);
    // given only to the principals of an organization or OU: organization-wide, not public
    const organization = organizationScopeOf(model, found.grants);
    if (organization) {
      organizationWide.push({
        kind: 'cross-account-access',
        severity: outsideSeverity(hits, 'medium'),
        subject: r.arn,
        detail: organization,
        message: crossAccountMessage(r, `every principal of ${organization}`, hits),
        statements: hits.grants,
        ...outsideIndeterminate(hits, r),
      });
      return;
    }
    findings.push({
      kind: 'public-access',
      severity: outsideSeverity(hits, 'high'),
      subject: r.arn,
      message: publicMessage(
        r,
        publicUrlNote(model, r.arn, hits.actions, !accessSummary(pub, ri, [0], limit, skip)),
        hits,
      ),
      statements: hits.grants,
      ...outsideIndeterminate(hits, r),
    });
  });
  return { findings, organizationWide, grants };
}

/** The "might be open" finding of a resource kept only for a policy iamspec does not model. */
function unmodelledPolicyFinding(r: MatrixResource, why: string, source: Source | undefined): RiskFinding {
  const hits: OutsideAccess & Pick<Hits, 'conditionFacts'> = {
    access: 'indeterminate',
    actions: UNMODELLED_POLICY_ACTIONS,
    conditions: [],
    conditionFacts: [],
    why,
  };
  return {
    kind: 'public-access',
    severity: outsideSeverity(hits, 'high'),
    subject: r.arn,
    message: publicMessage(r, '', hits),
    indeterminate: indeterminateOf(
      [
        {
          kind: 'unknown-policy',
          text: why,
          stage: 'resource',
          policy: `resource policy of ${r.name}`,
          ...(source ? { source } : {}),
        },
      ],
      { text: why },
    ),
    statements: [
      {
        stage: 'resource',
        policy: `resource policy of ${r.name}`,
        statement: undefined,
        effect: undefined,
        source,
      },
    ],
  };
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
      const found = accessSummary(
        m,
        ri,
        principals.map((_, i) => i),
        limit,
        urlOnlyInvokes(engine, m, ri),
      );
      if (!found) return;
      const pg = publicGrants.get(r.arn);
      if (pg && found.grants.every((g) => pg.has(statementRefKey(g)))) return; // already reported as public
      const hits = explained(engine, m, ri, found, limit);
      findings.push({
        kind: 'cross-account-access',
        severity: outsideSeverity(hits, 'medium'),
        subject: r.arn,
        detail: who,
        message: crossAccountMessage(r, who, hits),
        statements: hits.grants,
        ...outsideIndeterminate(hits, r),
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
export function outsideAccounts(model: Engine['model']): Map<string, string[]> {
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

/**
 * Severity of access by anyone (`base` high) or by an account outside the inputs (medium): the
 * same whatever transport condition it has (a TLS-only Deny limits how, not who); low under
 * another condition (who, from where); indeterminate (unknown until deploy) one step lower
 * (risk-severity.ts `riskSeverity`).
 * Weighed by the requests that grant the access (`Hits.granting`: on a role, its assume
 * requests, risk-severity.ts `grantsAccessTo`); low when none of them is granted.
 */
export function outsideSeverity(
  hits: OutsideAccess & Pick<Hits, 'granting' | 'conditionFacts'>,
  base: RiskFinding['severity'],
): RiskFinding['severity'] {
  const { access, conditions, conditionFacts } = hits.granting ?? hits;
  return riskSeverity(base, access, conditions, false, conditionFacts);
}

/**
 * ` through its function URL (AuthType NONE)` for a Lambda function whose public access includes
 * `lambda:InvokeFunctionUrl` and that has a URL without authentication: "NONE – Lambda doesn't
 * perform any authentication before invoking your function" (AWS Lambda Developer Guide,
 * "Control access to Lambda function URLs", https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html);
 * ` through its function URL (AuthType AWS_IAM: …)` when its URLs need IAM authentication and no
 * anonymous caller gets in (`signedOnly`): "AWS_IAM – Lambda uses AWS Identity and Access
 * Management (IAM) to authenticate and authorize requests based on the IAM principal's identity
 * policy and the function's resource-based policy" (same page).
 */
function publicUrlNote(model: Engine['model'], arn: string, actions: string, signedOnly: boolean): string {
  if (!actions.includes('lambda:InvokeFunctionUrl')) return '';
  // the URLs of the function or alias `arn` names (a column of an alias: its function's URLs)
  const holder = policyHolderKey(arn);
  const fn = model.resources.find((x) => x.arn === holder && x.kind === 'lambda-function');
  const { known, undecided } = functionUrlsFor(fn?.functionUrls, arn);
  const urls = undecided
    ? (fn?.functionUrls ?? []).filter((u) => isUnknown(u.qualifier) || known.includes(u))
    : known;
  const open = urls.some((u) => u.authType === 'NONE' || isUnknown(u.authType));
  if (open) return PUBLIC_URL_NOTE;
  // AuthType AWS_IAM and no anonymous access: any account's authenticated principals
  return signedOnly && urls.some((u) => u.authType === 'AWS_IAM') ? PUBLIC_IAM_URL_NOTE : '';
}

/**
 * `hits` with what makes it indeterminate (`OutsideAccess.why`, the statements of the unknowns
 * added to its grants); a resource kept only for a policy iamspec does not model (kind `other`,
 * its ARN a stand-in named after the stack or Terraform address) lists no actions: they would be
 * the stand-in service's, not the resource's.
 */
export function explained(
  engine: Engine,
  m: Matrix,
  ri: number,
  hits: Hits,
  limit: number,
  context?: RequestContext,
): Hits {
  if (hits.access !== 'indeterminate' || !hits.indeterminate) return hits;
  const r = m.resources[ri]!;
  const why = whyIndeterminate(
    engine,
    m.principals[hits.indeterminate.row]!.id,
    hits.indeterminate.action,
    r,
    context,
  );
  const unmodelled = r.policyNotModelled === true;
  return {
    ...hits,
    ...(unmodelled ? { actions: UNMODELLED_POLICY_ACTIONS } : {}),
    why: listed(why.reasons, limit),
    found: why.found,
    grants: mergeStatementRefs(hits.grants, why.refs),
  };
}

/** Why a finding's request is indeterminate (`whyIndeterminate`). */
export interface IndeterminateWhy {
  /** Each reason in one line (`reasonLine`), for the finding's message. */
  reasons: string[];
  /** The reasons themselves, for the finding's `indeterminate` (analysis/indeterminate.ts). */
  found: MatrixReason[];
  /** The statements its unknowns name. */
  refs: StatementRef[];
}

/** The review's decision of an indeterminate finding's request: lean, with its reasons (no trace). */
const LEAN_WITH_REASONS = Object.freeze({ lean: true, reasons: true });

/**
 * Why `principal`'s request of `action` on the column `r` (its ARN; for a bucket, an object of it,
 * as the matrix's witnesses do), under the pinned `context` the matrix had, is indeterminate:
 * its reasons, each in one line (`reasonLine`), and the statements its unknowns name. One
 * untraced decision per target, whose noted unknowns (`Decision.unknowns`, as the matrix's
 * decisions note them) give both: the same entries a trace would list (engine/unknowns-met.ts).
 * Empty when that request is not indeterminate.
 */
export function whyIndeterminate(
  engine: Engine,
  principal: string,
  action: string,
  r: Pick<MatrixResource, 'arn' | 'kind'>,
  context?: RequestContext,
): IndeterminateWhy {
  const objects = objectPrefixOf(r);
  const targets = objects ? [r.arn, `${objects}${OBJECT_WITNESS_NAME}`] : [r.arn];
  for (const resource of targets) {
    const d = decideAnyContext(
      engine,
      { principal, action, resource, ...(context ? { context } : {}) },
      LEAN_WITH_REASONS,
    );
    if (d.access !== 'indeterminate') continue;
    const unknowns = unknownEntriesOf(d.decision);
    return {
      reasons: (d.reasons ?? []).map(reasonLine),
      found: d.reasons ?? [],
      refs: unknowns
        .filter((e) => e.policy !== undefined)
        .map((e) => ({
          stage: e.stage,
          policy: e.policy,
          statement: e.statement,
          effect: e.effect,
          source: e.source,
        })),
    };
  }
  return { reasons: [], found: [], refs: [] };
}

/** What the given matrix rows can do on column `ri`, or undefined when nothing. */
export function accessSummary(
  m: Matrix,
  ri: number,
  rows: number[],
  limit: number,
  skip?: (row: number, action: string) => boolean,
): Hits | undefined {
  let access: OutsideAccess['access'] = 'deny';
  const perLevel: string[][] = m.levels.map(() => []);
  const conditions: string[] = [];
  const grants: StatementRef[][] = [];
  let indeterminate: Hits['indeterminate'];
  // The requests that grant the access (risk-severity.ts `grantsAccessTo`), when not every one.
  const kind = m.resources[ri]!.kind;
  let granting: Access = 'deny';
  const grantingConditions: string[] = [];
  let narrower = false;
  // What the engine reports each condition is about (risk-severity.ts), by its text.
  const facts = new Map<string, ConditionFacts>();
  const noteFacts = (c: string) => {
    if (facts.has(c)) return;
    const f = matrixConditionFacts(m, c);
    if (f) facts.set(c, f);
  };
  for (const pi of rows) {
    m.cells.at(pi, ri).forEach((cell, li) => {
      if (cell.access === 'deny') return;
      const kept = skip ? cell.actions.filter((a) => !skip(pi, a.action)) : cell.actions;
      if (!kept.length) return;
      const cellAccess = kept === cell.actions ? cell.access : combineAccessOf(kept);
      if (accessRank(cellAccess) > accessRank(access)) access = cellAccess;
      for (const a of kept) {
        if (a.access === 'indeterminate') indeterminate ??= { row: pi, action: a.action };
        if (!perLevel[li]!.includes(a.action)) perLevel[li]!.push(a.action);
        for (const c of a.conditions) {
          if (!conditions.includes(c)) conditions.push(c);
          noteFacts(c);
        }
        if (!grantsAccessTo(kind, a.action)) {
          narrower = true;
          continue;
        }
        if (accessRank(a.access) > accessRank(granting)) granting = a.access;
        for (const c of a.conditions) if (!grantingConditions.includes(c)) grantingConditions.push(c);
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
  return {
    access,
    actions,
    conditions,
    grants: mergeStatementRefs(...grants),
    ...(indeterminate ? { indeterminate } : {}),
    conditionFacts: [...facts.values()],
    ...(narrower
      ? {
          granting: {
            access: granting,
            conditions: grantingConditions,
            conditionFacts: grantingConditions.flatMap((c) => facts.get(c) ?? []),
          },
        }
      : {}),
  };
}
