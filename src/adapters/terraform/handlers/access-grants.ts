// Grants made outside IAM policies (src/aws/access-grants.ts) in Terraform:
// aws_lakeformation_permissions, aws_lakeformation_data_lake_settings (administrators and the
// default permissions of new databases and tables), aws_servicecatalog_principal_portfolio_association,
// aws_s3control_access_grant (its location's scope from aws_s3control_access_grants_location) and
// aws_oam_link. Each keeps its principal as allowed unknown actions on what it is about, with a
// finding; run late, after every resource policy is in place (aws_glue_resource_policy replaces
// the catalog's).

import {
  addUnknownGrant,
  type DataLakeTarget,
  grantFinding,
  lakeFormationGrant,
  linkMonitoringAccount,
  observabilityLinkGrant,
  portfolioAssociationGrant,
  portfolioShareGrant,
  s3AccessGrant,
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

/** A list attribute's entries as strings or unknowns; an unknown list is one unknown entry; unset: none. */
function stringList(inst: TfInstance, attr: string): Maybe<string>[] {
  const x = inst.values[attr];
  if (isUnknown(x)) return [x];
  if (!Array.isArray(x)) return [];
  return x.map(
    (e) =>
      stringOrUnknown(e) ??
      new Unknown(`${inst.address}: an entry of ${attr} is not a string`, inst.attrSource(attr)),
  );
}

/**
 * aws_lakeformation_data_lake_settings: `admins` ("Sets the list of data lake administrators who
 * have admin privileges on all resources managed by Lake Formation", PutDataLakeSettings),
 * `read_only_admins`, and the principals of `create_database_default_permissions` /
 * `create_table_default_permissions` (permissions every new database or table gives them; the
 * default IAM_ALLOWED_PRINCIPALS adds nothing): each may hold Lake Formation permissions on any
 * database and table of the catalog.
 */
function dataLakeSettings(ctx: TfLoadState, inst: TfInstance): void {
  const v = inst.values;
  const entries: { principal: Maybe<string>; role: string }[] = [
    ...stringList(inst, 'admins').map((principal) => ({ principal, role: 'data lake administrator' })),
    ...stringList(inst, 'read_only_admins').map((principal) => ({
      principal,
      role: 'read-only data lake administrator',
    })),
  ];
  for (const attr of ['create_database_default_permissions', 'create_table_default_permissions']) {
    const blocks = v[attr];
    const list = isUnknown(blocks) ? [blocks] : Array.isArray(blocks) ? blocks : [];
    for (const b of list) {
      const principal = isObject(b)
        ? (stringOrUnknown(b.principal) ??
          new Unknown(`${inst.address}: ${attr} has no principal`, inst.attrSource(attr)))
        : isUnknown(b)
          ? b
          : new Unknown(`${inst.address}: ${attr} is not a block`, inst.attrSource(attr));
      entries.push({ principal, role: `${attr.replace(/_/g, ' ')} principal` });
    }
  }
  for (const { principal, role } of entries) {
    const grant = lakeFormationGrant(
      {
        principal,
        permissions: [role],
        target: { kind: 'any', why: `a ${role} may hold permissions on every database and table` },
        catalogId: stringOrUnknown(v.catalog_id),
        name: inst.address,
      },
      envOf(ctx, v),
    );
    if (grant.none) continue;
    addGrant(ctx, inst, grant);
    ctx.finding(
      grantFinding(
        'lake-formation',
        inst.address,
        principal,
        `every database and table (${role})`,
        inst.source,
      ),
    );
  }
}

/** The scopes of aws_s3control_access_grants_location instances of one load, by address. */
const locations = new WeakMap<TfLoadState, Map<string, { id: unknown; scope: Maybe<string> }>>();

/** aws_s3control_access_grants_location: its `location_scope`, for the grants that name it. */
function noteAccessGrantsLocation(ctx: TfLoadState, inst: TfInstance): void {
  let m = locations.get(ctx);
  if (!m) {
    m = new Map();
    locations.set(ctx, m);
  }
  const scope =
    stringOrUnknown(inst.values.location_scope) ??
    new Unknown(`${inst.address}: location_scope is not a known string`, inst.attrSource('location_scope'));
  m.set(inst.address, { id: inst.values.access_grants_location_id, scope });
}

/** The scope of the location a grant names: `default` is `s3://`; else by id or reference. */
function grantScope(ctx: TfLoadState, inst: TfInstance): Maybe<string> {
  const id = inst.values.access_grants_location_id;
  if (id === 'default') return 's3://';
  const all = locations.get(ctx) ?? new Map();
  for (const l of all.values()) if (typeof id === 'string' && l.id === id) return l.scope;
  const refs = inst.references('access_grants_location_id').filter((a) => all.has(a));
  if (refs.length === 1) return all.get(refs[0]!)!.scope;
  return new Unknown(
    `${inst.address}: the location ${typeof id === 'string' ? `"${id}"` : '(known after apply)'} is not one of the inputs, so its scope is unknown`,
    inst.attrSource('access_grants_location_id'),
  );
}

/** aws_s3control_access_grant. */
function accessGrant(ctx: TfLoadState, inst: TfInstance): void {
  const v = inst.values;
  const g = block(v.grantee);
  const grantee = isUnknown(g)
    ? g
    : (stringOrUnknown(g?.grantee_identifier) ??
      new Unknown(`${inst.address}: grantee_identifier is not set`, inst.attrSource('grantee')));
  const granteeType = isUnknown(g) ? g : stringOrUnknown(g?.grantee_type);
  const conf = block(v.access_grants_location_configuration);
  const subPrefix = isUnknown(conf) ? conf : stringOrUnknown(conf?.s3_sub_prefix);
  const scope = grantScope(ctx, inst);
  const grant = s3AccessGrant(
    { granteeType, grantee, permission: stringOrUnknown(v.permission), scope, subPrefix, name: inst.address },
    envOf(ctx, v),
  );
  addGrant(ctx, inst, grant);
  const where = isUnknown(scope) ? 'an unknown location (any bucket)' : scope;
  ctx.finding(grantFinding('s3-access-grant', inst.address, grantee, where, inst.source));
}

/** aws_oam_link: the sink's (monitoring) account may view the shared telemetry of this account. */
function observabilityLink(ctx: TfLoadState, inst: TfInstance): void {
  const v = inst.values;
  const sink =
    stringOrUnknown(v.sink_identifier) ??
    new Unknown(`${inst.address}: sink_identifier is not a known string`, inst.attrSource('sink_identifier'));
  const types =
    v.resource_types === undefined || v.resource_types === null
      ? undefined
      : stringList(inst, 'resource_types');
  const grant = observabilityLinkGrant({ sink, resourceTypes: types, name: inst.address }, envOf(ctx, v));
  addGrant(ctx, inst, grant);
  const shared = types?.length ? types.map((t) => (isUnknown(t) ? '(unknown)' : t)).join(', ') : 'telemetry';
  ctx.finding(
    grantFinding('observability-link', inst.address, linkMonitoringAccount(sink), shared, inst.source),
  );
}

/**
 * aws_glue_catalog_database `create_table_default_permission` (`permissions`,
 * `principal { data_lake_principal_identifier }`): the Lake Formation permissions each new table
 * of the database gives the principal; IAM_ALLOWED_PRINCIPALS adds nothing.
 */
function databaseDefaultPermissions(ctx: TfLoadState, inst: TfInstance): void {
  const v = inst.values;
  const blocks = v.create_table_default_permission;
  const list = isUnknown(blocks) ? [blocks] : Array.isArray(blocks) ? blocks : [];
  const database =
    stringOrUnknown(v.name) ?? new Unknown(`${inst.address}: name is not known`, inst.attrSource('name'));
  for (const b of list) {
    const p = isObject(b) ? block(b.principal) : b;
    const principal = isUnknown(p)
      ? p
      : (stringOrUnknown(p?.data_lake_principal_identifier) ??
        new Unknown(
          `${inst.address}: create_table_default_permission has no principal`,
          inst.attrSource('create_table_default_permission'),
        ));
    const perms = isObject(b) ? b.permissions : b;
    const grant = lakeFormationGrant(
      {
        principal,
        permissions: isUnknown(perms)
          ? [perms]
          : Array.isArray(perms)
            ? perms.map((x) => stringOrUnknown(x) ?? new Unknown('a permission is not a string'))
            : [],
        target: { kind: 'table', database, name: undefined },
        catalogId: stringOrUnknown(v.catalog_id),
        name: inst.address,
      },
      envOf(ctx, v),
    );
    if (grant.none) continue;
    addGrant(ctx, inst, grant);
    const db = isUnknown(database) ? '(unknown)' : database;
    ctx.finding(
      grantFinding(
        'lake-formation',
        inst.address,
        principal,
        `the new tables of database ${db}`,
        inst.source,
      ),
    );
  }
}

/**
 * aws_servicecatalog_portfolio_share (`principal_id`: "AWS account IDs and ARNs of AWS
 * Organizations and organizational units", `type`): the account, organization or OU may import
 * the portfolio and launch its products, as an association's principal may (`portfolioShareGrant`).
 */
function portfolioShare(ctx: TfLoadState, inst: TfInstance): void {
  const v = inst.values;
  const id =
    stringOrUnknown(v.principal_id) ?? new Unknown(`principal_id of ${inst.address} is not set`, inst.source);
  const portfolioId =
    stringOrUnknown(v.portfolio_id) ?? new Unknown(`portfolio_id of ${inst.address} is not set`, inst.source);
  const grant = portfolioShareGrant({ principalId: id, portfolioId, name: inst.address }, envOf(ctx, v));
  addGrant(ctx, inst, grant);
  ctx.finding(
    grantFinding(
      'service-catalog',
      inst.address,
      id,
      isUnknown(portfolioId) ? '(unknown)' : portfolioId,
      inst.source,
    ),
  );
}

/** Types whose instances the grants below read (run with the elements, before them). */
export const ACCESS_GRANT_ELEMENTS: Record<string, Handler> = {
  aws_s3control_access_grants_location: noteAccessGrantsLocation,
};

export const ACCESS_GRANT_HANDLERS: Record<string, Handler> = {
  aws_lakeformation_permissions: lakeFormationPermissions,
  aws_lakeformation_data_lake_settings: dataLakeSettings,
  aws_servicecatalog_principal_portfolio_association: portfolioAssociation,
  aws_servicecatalog_portfolio_share: portfolioShare,
  aws_glue_catalog_database: databaseDefaultPermissions,
  aws_s3control_access_grant: accessGrant,
  aws_oam_link: observabilityLink,
};
