// Grants made outside IAM policies (src/aws/access-grants.ts): AWS::LakeFormation::Permissions,
// AWS::LakeFormation::PrincipalPermissions, the administrators and default permissions of
// AWS::LakeFormation::DataLakeSettings, AWS::Glue::Database's CreateTableDefaultPermissions,
// AWS::ServiceCatalog::PortfolioPrincipalAssociation and PortfolioShare, AWS::S3::AccessGrant and
// AWS::Oam::Link (as the Terraform adapter reads their aws_* twins).
// Each keeps its principal as allowed unknown actions on what it is about, with a finding; run
// late, after every resource policy is in place (a Glue resource policy replaces the catalog's).

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
import { type Maybe, Unknown } from '../../../model/unknown.js';
import { synthesizedDocument } from '../policies.js';
import { isRecord, NO_VALUE, type Resolved, scalarString, type Value } from '../values.js';
import type { CfnResourceScope, ResourceHandler } from './scope.js';

function envOf(scope: CfnResourceScope) {
  return { partition: scope.ctx.partition, region: scope.ctx.region, account: scope.account };
}

/** A string inside a resolved property value (Unknown when unknown, undefined when absent). */
function strAt(
  v: Resolved | undefined,
  scope: CfnResourceScope,
  ...path: string[]
): Maybe<string> | undefined {
  let cur: unknown = v;
  for (const k of path) {
    if (cur instanceof Unknown) return cur;
    if (!isRecord(cur as Resolved)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  if (cur === undefined || cur === null || cur === NO_VALUE) return undefined;
  const s = scalarString(cur as Value);
  if (typeof s === 'string' || s instanceof Unknown) return s;
  return new Unknown(`${path.join('.')} of ${scope.logicalId} is not a string`, scope.source);
}

function stringList(scope: CfnResourceScope, name: string): Maybe<string>[] {
  const v = scope.list(name);
  if (v === undefined) return [];
  if (v instanceof Unknown) return [v];
  return v.map((x) => {
    const s = scalarString(x);
    return typeof s === 'string' || s instanceof Unknown
      ? s
      : new Unknown(`an element of ${name} is not a string`);
  });
}

function addGrant(scope: CfnResourceScope, grant: UnknownGrant): void {
  const doc = synthesizedDocument(
    scope.ctx,
    grant.document as Value,
    scope.resource.pointer,
    {},
    'resource',
    scope.logicalId,
  );
  addUnknownGrant(scope.builder, grant, doc, {
    account: scope.account,
    region: scope.ctx.region,
    source: scope.source,
  });
}

/** The Data Catalog resource a Lake Formation `Resource` property names. */
function dataLakeTarget(
  scope: CfnResourceScope,
  r: Resolved | undefined,
): { target: DataLakeTarget; what: string } {
  if (r instanceof Unknown) return { target: { kind: 'any', why: r.reason }, what: '(unknown resources)' };
  if (!isRecord(r as Resolved))
    return { target: { kind: 'any', why: 'Resource is not set' }, what: '(unknown resources)' };
  const rec = r as Record<string, unknown>;
  const has = (k: string) => rec[k] !== undefined && rec[k] !== NO_VALUE;
  const name = (m: Maybe<string> | undefined) => (m instanceof Unknown ? '(unknown)' : (m ?? '*'));
  for (const k of ['DatabaseResource', 'Database']) {
    if (!has(k)) continue;
    const n = strAt(r, scope, k, 'Name') ?? new Unknown('the database name is not set');
    return { target: { kind: 'database', name: n }, what: `database ${name(n)}` };
  }
  for (const k of ['TableResource', 'Table', 'TableWithColumnsResource', 'TableWithColumns']) {
    if (!has(k)) continue;
    const db = strAt(r, scope, k, 'DatabaseName') ?? new Unknown('the database name is not set');
    const t = strAt(r, scope, k, 'Name');
    return { target: { kind: 'table', database: db, name: t }, what: `table ${name(db)}.${name(t)}` };
  }
  for (const [k, attr] of [
    ['DataLocationResource', 'S3Resource'],
    ['DataLocation', 'ResourceArn'],
  ] as const) {
    if (!has(k)) continue;
    const arn = strAt(r, scope, k, attr) ?? new Unknown('the data location is not set');
    return { target: { kind: 'data-location', arn }, what: `data location ${name(arn)}` };
  }
  if (has('Catalog') || has('CatalogResource'))
    return { target: { kind: 'catalog' }, what: 'the Data Catalog' };
  const kinds = Object.keys(rec).join(', ');
  return {
    target: { kind: 'any', why: `a ${kinds} grant may be on any database or table` },
    what: `${kinds} (any database or table)`,
  };
}

/** AWS::LakeFormation::Permissions and AWS::LakeFormation::PrincipalPermissions. */
function lakeFormationHandler(principalProp: string, permissionsProps: string[]): ResourceHandler {
  return {
    late(scope) {
      const principal =
        strAt(scope.prop(principalProp), scope, 'DataLakePrincipalIdentifier') ??
        new Unknown(`${principalProp} of ${scope.logicalId} is not set`, scope.source);
      const { target, what } = dataLakeTarget(scope, scope.prop('Resource'));
      const permissions = permissionsProps.flatMap((p) => stringList(scope, p));
      const catalog = scope.prop('Catalog');
      const grant = lakeFormationGrant(
        {
          principal,
          permissions,
          target,
          catalogId: typeof catalog === 'string' ? catalog : undefined,
          name: `${scope.resource.type} ${scope.logicalId}`,
        },
        envOf(scope),
      );
      if (grant.none) return;
      addGrant(scope, grant);
      const f = grantFinding(
        'lake-formation',
        `${scope.resource.type} ${scope.logicalId}`,
        principal,
        what,
        scope.source,
      );
      scope.finding(f.code, f.severity, f.message);
    },
  };
}

/** A data lake principal of `item` (`{DataLakePrincipalIdentifier}`, or under `Principal`). */
function dataLakePrincipal(
  scope: CfnResourceScope,
  item: Value,
  prop: string,
  nested: boolean,
): Maybe<string> {
  const path = nested ? ['Principal', 'DataLakePrincipalIdentifier'] : ['DataLakePrincipalIdentifier'];
  return (
    strAt(item as Resolved, scope, ...path) ??
    new Unknown(`a principal of ${prop} of ${scope.logicalId} is not set`, scope.sourceOf(prop))
  );
}

/**
 * AWS::LakeFormation::DataLakeSettings: its administrators "have admin privileges on all resources
 * managed by Lake Formation" (Lake Formation API Reference, PutDataLakeSettings: "Sets the list of
 * data lake administrators who have admin privileges on all resources managed by Lake
 * Formation"); read-only administrators, and the principals of the default permissions on new
 * databases and tables (CreateDatabaseDefaultPermissions, CreateTableDefaultPermissions), hold
 * Lake Formation permissions too. Each is a Lake Formation grant on any database or table of the
 * catalog (`lakeFormationGrant`, target `any`); a list the inputs leave unknown, an unknown principal.
 */
const dataLakeSettings: ResourceHandler = {
  late(scope) {
    const grants: { principal: Maybe<string>; permissions: Maybe<string>[]; prop: string }[] = [];
    const lists: [string, boolean, string][] = [
      ['Admins', false, 'data lake administrator'],
      ['ReadOnlyAdmins', false, 'read-only data lake administrator'],
      ['CreateDatabaseDefaultPermissions', true, ''],
      ['CreateTableDefaultPermissions', true, ''],
    ];
    for (const [prop, nested, role] of lists) {
      const v = scope.list(prop);
      if (v === undefined) continue;
      const items = v instanceof Unknown ? [v] : v;
      for (const item of items) {
        const principal = item instanceof Unknown ? item : dataLakePrincipal(scope, item, prop, nested);
        const permissions = nested
          ? item instanceof Unknown
            ? [item]
            : stringListIn(item, scope, prop)
          : [role];
        grants.push({ principal, permissions, prop });
      }
    }
    for (const g of grants) {
      const name = `${scope.resource.type} ${scope.logicalId} (${g.prop})`;
      const grant = lakeFormationGrant(
        {
          principal: g.principal,
          permissions: g.permissions,
          target: { kind: 'any', why: `${g.prop} applies to every database and table of the catalog` },
          catalogId: undefined,
          name,
        },
        envOf(scope),
      );
      if (grant.none) continue;
      addGrant(scope, grant);
      const f = grantFinding('lake-formation', name, g.principal, 'any database or table', scope.source);
      scope.finding(f.code, f.severity, f.message, g.prop);
    }
  },
};

/** The `Permissions` strings of a default-permissions entry. */
function stringListIn(item: Value, scope: CfnResourceScope, prop: string): Maybe<string>[] {
  if (!isRecord(item as Resolved))
    return [new Unknown(`an entry of ${prop} is not an object`, scope.sourceOf(prop))];
  const v = (item as Record<string, unknown>).Permissions;
  if (v instanceof Unknown) return [v];
  if (!Array.isArray(v))
    return [new Unknown(`Permissions of an entry of ${prop} is not a list`, scope.sourceOf(prop))];
  return v.map((x) => {
    const s = scalarString(x as Value);
    return typeof s === 'string' || s instanceof Unknown
      ? s
      : new Unknown(`a permission of ${prop} is not a string`, scope.sourceOf(prop));
  });
}

/** AWS::ServiceCatalog::PortfolioPrincipalAssociation. */
const portfolioAssociation: ResourceHandler = {
  late(scope) {
    const principalArn =
      scope.str('PrincipalARN') ?? new Unknown(`PrincipalARN of ${scope.logicalId} is not set`, scope.source);
    const portfolioId =
      scope.str('PortfolioId') ?? new Unknown(`PortfolioId of ${scope.logicalId} is not set`, scope.source);
    const grant = portfolioAssociationGrant(
      {
        principalArn,
        principalType: scope.str('PrincipalType'),
        portfolioId,
        name: `${scope.resource.type} ${scope.logicalId}`,
      },
      envOf(scope),
    );
    addGrant(scope, grant);
    const f = grantFinding(
      'service-catalog',
      `${scope.resource.type} ${scope.logicalId}`,
      principalArn,
      portfolioId instanceof Unknown ? '(unknown)' : portfolioId,
      scope.source,
    );
    scope.finding(f.code, f.severity, f.message);
  },
};

/**
 * AWS::Glue::Database `DatabaseInput.CreateTableDefaultPermissions` ("Creates a set of default
 * permissions on the table for principals"): the Lake Formation permissions each new table of the
 * database gives the principal (IAM_ALLOWED_PRINCIPALS adds nothing), as Terraform's
 * `create_table_default_permission`.
 */
const databaseDefaultPermissions: ResourceHandler = {
  late(scope) {
    const input = scope.prop('DatabaseInput');
    const path = ['DatabaseInput', 'CreateTableDefaultPermissions'];
    const raw =
      input instanceof Unknown
        ? input
        : isRecord(input as Resolved)
          ? (input as Record<string, unknown>).CreateTableDefaultPermissions
          : undefined;
    if (raw === undefined || raw === null || raw === NO_VALUE) return;
    const items: unknown[] = raw instanceof Unknown ? [raw] : Array.isArray(raw) ? raw : [raw];
    const database =
      strAt(input, scope, 'Name') ??
      new Unknown(`DatabaseInput.Name of ${scope.logicalId} is not set`, scope.source);
    const catalog = scope.prop('CatalogId');
    const name = `${scope.resource.type} ${scope.logicalId}`;
    for (const item of items) {
      const principal =
        item instanceof Unknown ? item : dataLakePrincipal(scope, item as Value, path.join('.'), true);
      const permissions =
        item instanceof Unknown ? [item] : stringListIn(item as Value, scope, 'DatabaseInput');
      const grant = lakeFormationGrant(
        {
          principal,
          permissions,
          target: { kind: 'table', database, name: undefined },
          catalogId: typeof catalog === 'string' ? catalog : undefined,
          name,
        },
        envOf(scope),
      );
      if (grant.none) continue;
      addGrant(scope, grant);
      const db = database instanceof Unknown ? '(unknown)' : database;
      const f = grantFinding(
        'lake-formation',
        name,
        principal,
        `the new tables of database ${db}`,
        scope.source,
      );
      scope.finding(f.code, f.severity, f.message, 'DatabaseInput');
    }
  },
};

/** AWS::ServiceCatalog::PortfolioShare (`AccountId`): as Terraform's aws_servicecatalog_portfolio_share. */
const portfolioShare: ResourceHandler = {
  late(scope) {
    const principalId =
      scope.str('AccountId') ?? new Unknown(`AccountId of ${scope.logicalId} is not set`, scope.source);
    const portfolioId =
      scope.str('PortfolioId') ?? new Unknown(`PortfolioId of ${scope.logicalId} is not set`, scope.source);
    const name = `${scope.resource.type} ${scope.logicalId}`;
    addGrant(scope, portfolioShareGrant({ principalId, portfolioId, name }, envOf(scope)));
    const f = grantFinding(
      'service-catalog',
      name,
      principalId,
      portfolioId instanceof Unknown ? '(unknown)' : portfolioId,
      scope.source,
    );
    scope.finding(f.code, f.severity, f.message);
  },
};

/**
 * The scope of the location an AWS::S3::AccessGrant names: `default` is `s3://` ("S3 Access Grants
 * assigns the ID default to the default location s3://"); a Ref / GetAtt AccessGrantsLocationId of
 * an AWS::S3::AccessGrantsLocation of the template, its LocationScope; anything else unknown.
 */
function accessGrantScope(scope: CfnResourceScope): Maybe<string> {
  const id = scope.str('AccessGrantsLocationId');
  if (id === 'default') return 's3://';
  const raw = scope.resource.properties.AccessGrantsLocationId as unknown;
  const target = isRecord(raw as Resolved)
    ? ((raw as Record<string, unknown>).Ref ??
      (Array.isArray((raw as Record<string, unknown>)['Fn::GetAtt'])
        ? ((raw as Record<string, unknown>)['Fn::GetAtt'] as unknown[])[0]
        : undefined))
    : undefined;
  const location = typeof target === 'string' ? scope.ctx.resources.get(target) : undefined;
  if (location?.type === 'AWS::S3::AccessGrantsLocation') {
    const v = scope.ctx.property(location.logicalId, 'LocationScope');
    if (typeof v === 'string' || v instanceof Unknown) return v;
  }
  return new Unknown(
    `${scope.logicalId}: the location ${typeof id === 'string' ? `"${id}"` : '(known after deployment)'} is not one of the inputs, so its scope is unknown`,
    scope.sourceOf('AccessGrantsLocationId'),
  );
}

/** AWS::S3::AccessGrant: as Terraform's aws_s3control_access_grant (`s3AccessGrant`). */
const accessGrant: ResourceHandler = {
  late(scope) {
    const g = scope.prop('Grantee');
    const grantee =
      strAt(g, scope, 'GranteeIdentifier') ??
      new Unknown(`Grantee.GranteeIdentifier of ${scope.logicalId} is not set`, scope.sourceOf('Grantee'));
    const granteeType = strAt(g, scope, 'GranteeType');
    const subPrefix = strAt(scope.prop('AccessGrantsLocationConfiguration'), scope, 'S3SubPrefix');
    const where = accessGrantScope(scope);
    const name = `${scope.resource.type} ${scope.logicalId}`;
    const grant = s3AccessGrant(
      { granteeType, grantee, permission: scope.str('Permission'), scope: where, subPrefix, name },
      envOf(scope),
    );
    addGrant(scope, grant);
    const what = where instanceof Unknown ? 'an unknown location (any bucket)' : where;
    const f = grantFinding('s3-access-grant', name, grantee, what, scope.source);
    scope.finding(f.code, f.severity, f.message);
  },
};

/** AWS::Oam::Link (`SinkIdentifier`, `ResourceTypes`): as Terraform's aws_oam_link. */
const observabilityLink: ResourceHandler = {
  late(scope) {
    const sink =
      scope.str('SinkIdentifier') ??
      new Unknown(
        `SinkIdentifier of ${scope.logicalId} is not a known string`,
        scope.sourceOf('SinkIdentifier'),
      );
    const types = scope.has('ResourceTypes') ? stringList(scope, 'ResourceTypes') : undefined;
    const name = `${scope.resource.type} ${scope.logicalId}`;
    addGrant(scope, observabilityLinkGrant({ sink, resourceTypes: types, name }, envOf(scope)));
    const shared = types?.length
      ? types.map((t) => (t instanceof Unknown ? '(unknown)' : t)).join(', ')
      : 'telemetry';
    const f = grantFinding('observability-link', name, linkMonitoringAccount(sink), shared, scope.source);
    scope.finding(f.code, f.severity, f.message);
  },
};

export const ACCESS_GRANT_HANDLERS: Record<string, ResourceHandler> = {
  'AWS::LakeFormation::Permissions': lakeFormationHandler('DataLakePrincipal', ['Permissions']),
  'AWS::LakeFormation::PrincipalPermissions': lakeFormationHandler('Principal', [
    'Permissions',
    'PermissionsWithGrantOption',
  ]),
  'AWS::LakeFormation::DataLakeSettings': dataLakeSettings,
  'AWS::ServiceCatalog::PortfolioPrincipalAssociation': portfolioAssociation,
  'AWS::ServiceCatalog::PortfolioShare': portfolioShare,
  'AWS::Glue::Database': databaseDefaultPermissions,
  'AWS::S3::AccessGrant': accessGrant,
  'AWS::Oam::Link': observabilityLink,
};
