// The review's confused-deputy findings: a resource-based policy that lets an AWS service
// principal in (sns.amazonaws.com on a queue, s3.amazonaws.com or events.amazonaws.com on a
// function, topic or queue, cloudtrail.amazonaws.com on a bucket...) for ANY account's use of that
// service, because nothing in it checks the source (aws/confused-deputy.ts: aws:SourceArn,
// aws:SourceAccount, aws:SourceOrgID, aws:SourceOrgPaths). Decided by the engine, not read from
// the policy text: for each service principal the resource policies name, a matrix of its
// requests on those resources with the request context of the service acting for a resource of
// another account (`otherSourceContext`), every other key free. A source ARN is tried per
// aws:SourceArn pattern of every policy of the request (the resource's, a governing one, the RCPs;
// a policy variable read as `*`: an ARN of the pattern in the other account), so a pattern that pins the service but not the account
// (`arn:aws:sns:*:*:*`) is found too; a pattern of ARNs without an account (an S3 bucket's) pins
// the source only when it names a resource of the inputs. An account pattern with a wildcard (an
// aws:SourceAccount value `9*`, an aws:SourceArn account field) that the other account does not
// match is tried in an account it matches that the inputs do not name (`otherSourceAccounts`). Severity medium; low under another
// condition (risk-external-access.ts `outsideSeverity`) or when indeterminate (a condition value
// known only after deploy: the finding says "might" and why). A grant anyone has already (a
// public-access finding's) is not said again. Owns `confusedDeputyFindings`; the wording is
// risk-messages.ts's.

import { OTHER_ORG_ID, otherSourceContext } from '../aws/confused-deputy.js';
import type { Engine } from '../engine/engine.js';
import type { RequestContext } from '../engine/types.js';
import { isServicePrincipal } from '../model/arns.js';
import { accountMatching, PLACEHOLDER_REGION, PROBE_NAME, unnamedAccount } from '../model/stand-ins.js';
import type { Model } from '../model/types.js';
import type { Statement } from '../policy/types.js';
import { isUnknown } from '../model/unknown.js';
import { compileArnPattern } from '../policy/wildcard.js';
import { accessRank, statementRefKey } from './chains.js';
import { buildMatrix } from './matrix/build.js';
import { confusedDeputyMessage } from './risk-messages.js';
import {
  accessSummary,
  explained,
  outsideIndeterminate,
  type Hits,
  outsideSeverity,
  type PublicGrants,
} from './risk-external-access.js';
import type { RiskFinding } from './types.js';

/** The known values of condition key `key` (lowercase) the conditions of `statements` read (any operator, Allow or Deny). */
function conditionValues(statements: readonly Statement[], key: string): string[] {
  return statements.flatMap((st) =>
    (st.conditions ?? [])
      .filter((c) => c.key.toLowerCase() === key)
      .flatMap((c) => c.values.filter((v): v is string => typeof v === 'string' && !isUnknown(v))),
  );
}

/** The known aws:SourceArn values the conditions of `statements` read, and their aws:SourceAccount values (as `account:VALUE`). */
function sourceArnValues(statements: readonly Statement[]): string[] {
  return [
    ...conditionValues(statements, 'aws:sourcearn'),
    ...conditionValues(statements, 'aws:sourceaccount').map((v) => `${ACCOUNT_VALUE}${v}`),
  ];
}

/** How `sourceArnValues` marks an aws:SourceAccount value among the aws:SourceArn ones. */
const ACCOUNT_VALUE = 'account:';

/**
 * The accounts to try as the source's besides `other`: for each account pattern of the source
 * values (an aws:SourceAccount value, the account field of an aws:SourceArn pattern) with a
 * wildcard `other` does not match (`9*`), an account it matches that the inputs do not name
 * (model/stand-ins.ts `accountMatching`): such a pattern lets in accounts outside the inputs, and
 * `other`, picked to match as few of the model's patterns as it can, is none of them.
 */
function otherSourceAccounts(model: Model, values: Iterable<string>, other: string): string[] {
  const out = new Set<string>([other]);
  for (const v of values) {
    const raw = v.startsWith(ACCOUNT_VALUE) ? v.slice(ACCOUNT_VALUE.length) : v.split(':')[4];
    if (!raw || !/[*?]/.test(raw)) continue;
    const pattern = raw.replace(/\$\{[^}]*\}/g, '*');
    if (compileArnPattern(pattern).test(other)) continue;
    const id = accountMatching(model, pattern);
    if (id) out.add(id);
  }
  return [...out];
}

/**
 * The service principals the resource policies let in (Allow), each with those resources and the
 * aws:SourceArn values of every policy that takes part in its request on them, as the engine lists
 * them (`Engine.policiesOf`): the resource's own, a policy governing it (`Resource.governs`: one
 * kept under a stand-in ARN, a share's), and the resource control policies. An RCP takes part in a
 * service principal's request on a resource of its organization (AWS Organizations User Guide,
 * "Resource control policies (RCPs)": "RCPs offer central control over the maximum available
 * permissions for resources in your organization"; its "Cross-service confused deputy protection"
 * example denies where `aws:PrincipalIsAWSService` is true), so one that lets the service in only
 * for sources named `prod-*` denies the probe source, not a `prod-x` of another account. Every RCP
 * of the model is read too (the engine lists those of the resource's account only).
 */
function servicesNamed(engine: Engine): Map<string, { resources: string[]; sourceArns: Set<string> }> {
  const model = engine.model;
  const out = new Map<string, { resources: string[]; sourceArns: Set<string> }>();
  const fromRcps = sourceArnValues(model.organizations.flatMap((o) => o.rcps.flatMap((d) => d.statements)));
  for (const r of model.resources) {
    const statements = r.policy?.statements ?? [];
    const own = [...sourceArnValues(statements), ...fromRcps];
    for (const st of statements) {
      if (st.effect === 'Deny' || st.notPrincipal) continue;
      const actions = (st.action?.values ?? []).filter(
        (a): a is string => typeof a === 'string' && !isUnknown(a),
      );
      for (const v of st.principal?.service?.values ?? []) {
        if (isUnknown(v) || !isServicePrincipal(v)) continue;
        const entry = out.get(v) ?? { resources: [], sourceArns: new Set<string>() };
        if (!entry.resources.includes(r.arn)) entry.resources.push(r.arn);
        for (const a of own) entry.sourceArns.add(a);
        for (const action of actions)
          for (const { policy } of engine.policiesOf({ principal: v, action, resource: r.arn }).policies)
            for (const a of sourceArnValues(policy.statements.map((x) => x.statement)))
              entry.sourceArns.add(a);
        out.set(v, entry);
      }
    }
  }
  return out;
}

/**
 * An ARN the aws:SourceArn `pattern` matches, in account `other` when its account field may be
 * any (its wildcards filled with `x`); an ARN without an account (an S3 bucket's) as the pattern
 * gives it; undefined when the pattern pins an account or is no ARN.
 */
function otherAccountWitness(pattern: string, other: string): string | undefined {
  const fields = pattern.split(':');
  if (fields.length < 6 || fields[0] !== 'arn') return undefined;
  const fill = (f: string) => f.replace(/[*?]/g, 'x');
  const head = fields.slice(0, 4).map(fill);
  const account = fields[4]!;
  const resource = fill(fields.slice(5).join(':'));
  let witness: string;
  if (account === '') witness = [...head, '', resource].join(':');
  else if (compileArnPattern(account).test(other)) witness = [...head, other, resource].join(':');
  else return undefined;
  return compileArnPattern(pattern).test(witness) ? witness : undefined;
}

/**
 * The source ARNs to try for `service` in account `other`: one of its own kind
 * (`arn:P:<service>:<region>:<other>:<probe>`), and a witness in `other` of each aws:SourceArn
 * pattern (`otherAccountWitness`, a policy variable read as `*`; one without an account unless it
 * is a resource of the inputs).
 */
function sourceArnsFor(model: Model, service: string, patterns: Iterable<string>, other: string): string[] {
  const prefix = service.slice(0, service.indexOf('.'));
  const region = model.accounts.find((a) => a.region)?.region ?? PLACEHOLDER_REGION;
  const out = new Set<string>([`arn:${model.partition}:${prefix}:${region}:${other}:${PROBE_NAME}`]);
  const own = new Set(model.resources.map((r) => r.arn));
  for (const pattern of patterns) {
    if (pattern.startsWith(ACCOUNT_VALUE)) continue;
    // A policy variable (`${aws:SourceAccount}`) takes the request's value: any text for the witness.
    const witness = otherAccountWitness(pattern.replace(/\$\{[^}]*\}/g, '*'), other);
    if (witness && !own.has(witness)) out.add(witness);
  }
  return [...out];
}

/**
 * Confused-deputy findings over every resource policy that names a service principal (module
 * comment), in model order of the resources, then by service.
 */
export function confusedDeputyFindings(
  engine: Engine,
  limit: number,
  publicGrants: PublicGrants,
): RiskFinding[] {
  const model = engine.model;
  const other = unnamedAccount(model, [OTHER_ORG_ID]);
  // The widest access of each service on each resource over the source ARNs tried.
  const best = new Map<string, { hits: Hits; finding: RiskFinding }>();
  for (const [service, { resources, sourceArns }] of servicesNamed(engine))
    for (const account of otherSourceAccounts(model, sourceArns, other))
      for (const sourceArn of sourceArnsFor(model, service, sourceArns, account)) {
        const context: RequestContext = otherSourceContext(sourceArn, account);
        const m = buildMatrix(engine, { principals: [service], resources, context, chains: false });
        m.resources.forEach((r, ri) => {
          const found = accessSummary(m, ri, [0], limit);
          if (!found) return;
          const pg = publicGrants.get(r.arn);
          if (pg && found.grants.every((g) => pg.has(statementRefKey(g)))) return; // anyone has it: public
          const key = `${r.arn} ${service}`;
          const prev = best.get(key);
          if (prev && accessRank(prev.hits.access) >= accessRank(found.access)) return;
          const hits = explained(engine, m, ri, found, limit, context);
          best.set(key, {
            hits,
            finding: {
              kind: 'confused-deputy',
              severity: outsideSeverity(hits, 'medium'),
              subject: r.arn,
              detail: service,
              message: confusedDeputyMessage(r, service, hits),
              statements: hits.grants,
              ...outsideIndeterminate(hits, r),
            },
          });
        });
      }
  const services = [...new Set([...best.keys()].map((k) => k.slice(k.indexOf(' ') + 1)))].sort();
  return model.resources.flatMap((r) =>
    services.flatMap((svc) => {
      const hit = best.get(`${r.arn} ${svc}`);
      return hit ? [hit.finding] : [];
    }),
  );
}
