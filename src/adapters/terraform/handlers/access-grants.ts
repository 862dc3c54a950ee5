// Grants made outside IAM policies (src/aws/access-grants.ts) in Terraform:
// aws_lakeformation_permissions and aws_servicecatalog_principal_portfolio_association. Each keeps
// its principal as allowed unknown actions on what it is about, with a finding; run late, after
// every resource policy is in place (aws_glue_resource_policy replaces the catalog's).

import {
  addUnknownGrant,
  type DataLakeTarget,
  grantFinding,
  lakeFormationGrant,
  portfolioAssociationGrant,
  type UnknownGrant,
} from '../../../aws/access-grants.js';
import { isUnknown, type Maybe, Unknown } from '../../../model/unknown.js';
import { parsePolicy } from '../../../policy/parse.js';
import { isObject, type TfObject } from '../eval/values.js';
import type { TfInstance } from '../instances.js';
import { stringOrUnknown, type TfLoadState } from './context.js';
import { envOf, regionOf } from './instance-region.js';

type Handler = (ctx: TfLoadState, inst: TfInstance) => void;

/** The first object of a nested block (a list of one object in plans and configurations). */
function block(v: unknown): TfObject | Unknown | undefined {
  if (isUnknown(v)) return v;
  const first = Array.isArray(v) ? v[0] : v;
  return isObject(first) ? first : undefined;
}

function addGrant(ctx: TfLoadState, inst: TfInstance, grant: UnknownGrant): void {
  const doc = parsePolicy(grant.document, { kind: 'resource', source: inst.source });
  const p = inst.presence;
  const marked = p
    ? { ...doc, presence: p, statements: doc.statements.map((st) => ({ ...st, presence: st.presence ?? p })) }
    : doc;
  addUnknownGrant(ctx.builder, grant, marked, {
    account: ctx.env.account,
    region: regionOf(ctx, inst.values),
    source: inst.source,
  });
}

function dataLakeTarget(v: TfObject): { target: DataLakeTarget; what: string } {
  const name = (m: Maybe<string> | undefined) => (isUnknown(m) ? '(unknown)' : (m ?? '*'));
  const db = block(v.database);
  if (db !== undefined) {
    const n = isUnknown(db) ? db : (stringOrUnknown(db.name) ?? new Unknown('the database name is not set'));
    return { target: { kind: 'database', name: n }, what: `database ${name(n)}` };
  }
  for (const k of ['table', 'table_with_columns']) {
    const t = block(v[k]);
    if (t === undefined) continue;
    if (isUnknown(t)) return { target: { kind: 'any', why: t.reason }, what: `a table (${t.reason})` };
    const database = stringOrUnknown(t.database_name) ?? new Unknown('the database name is not set');
    const table = t.wildcard === true ? undefined : stringOrUnknown(t.name);
    return {
      target: { kind: 'table', database, name: table },
      what: `table ${name(database)}.${name(table)}`,
    };
  }
  const loc = block(v.data_location);
  if (loc !== undefined) {
    const arn = isUnknown(loc)
      ? loc
      : (stringOrUnknown(loc.arn) ?? new Unknown('the data location is not set'));
    return { target: { kind: 'data-location', arn }, what: `data location ${name(arn)}` };
  }
  if (v.catalog_resource === true) return { target: { kind: 'catalog' }, what: 'the Data Catalog' };
  const kinds = ['lf_tag', 'lf_tag_policy', 'data_cells_filter'].filter((k) => block(v[k]) !== undefined);
  const why = kinds.length
    ? `a ${kinds.join(', ')} grant may be on any database or table`
    : 'the resource is not read';
  return {
    target: { kind: 'any', why },
    what: `${kinds.join(', ') || 'unknown resources'} (any database or table)`,
  };
}

/** aws_lakeformation_permissions. */
function lakeFormationPermissions(ctx: TfLoadState, inst: TfInstance): void {
  const v = inst.values;
  const principal =
    stringOrUnknown(v.principal) ?? new Unknown(`principal of ${inst.address} is not set`, inst.source);
  const list = (x: unknown): Maybe<string>[] =>
    isUnknown(x)
      ? [x]
      : Array.isArray(x)
        ? x.map((e) => stringOrUnknown(e) ?? new Unknown('a permission is not a string'))
        : [];
  const { target, what } = dataLakeTarget(v);
  const grant = lakeFormationGrant(
    {
      principal,
      permissions: [...list(v.permissions), ...list(v.permissions_with_grant_option)],
      target,
      catalogId: stringOrUnknown(v.catalog_id),
      name: inst.address,
    },
    envOf(ctx, v),
  );
  if (grant.none) return;
  addGrant(ctx, inst, grant);
  ctx.finding(grantFinding('lake-formation', inst.address, principal, what, inst.source));
}

/** aws_servicecatalog_principal_portfolio_association. */
function portfolioAssociation(ctx: TfLoadState, inst: TfInstance): void {
  const v = inst.values;
  const principalArn =
    stringOrUnknown(v.principal_arn) ??
    new Unknown(`principal_arn of ${inst.address} is not set`, inst.source);
  const portfolioId =
    stringOrUnknown(v.portfolio_id) ?? new Unknown(`portfolio_id of ${inst.address} is not set`, inst.source);
  const grant = portfolioAssociationGrant(
    { principalArn, principalType: stringOrUnknown(v.principal_type), portfolioId, name: inst.address },
    envOf(ctx, v),
  );
  addGrant(ctx, inst, grant);
  ctx.finding(
    grantFinding(
      'service-catalog',
      inst.address,
      principalArn,
      isUnknown(portfolioId) ? '(unknown)' : portfolioId,
      inst.source,
    ),
  );
}

export const ACCESS_GRANT_HANDLERS: Record<string, Handler> = {
  aws_lakeformation_permissions: lakeFormationPermissions,
  aws_servicecatalog_principal_portfolio_association: portfolioAssociation,
};
