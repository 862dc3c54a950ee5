// Grants made outside IAM policies that iamspec cannot map to IAM actions, described once for both
// adapters: AWS Lake Formation permissions (a data lake principal's permissions on Data Catalog
// databases, tables and data locations; data lake administrators), AWS Service Catalog portfolio
// principal associations (the principal may launch the portfolio's products, whose launch roles
// then act for it), S3 Access Grants (a grantee's access to an S3 location) and CloudWatch
// cross-account observability links (the monitoring account's view of the source account). Each
// becomes a resource-policy statement that allows the principal an *unknown* set of actions on the
// resources it is about, so who-can and onlyPrincipals there are indeterminate for that principal
// (never a pass), and a finding names it.

import { isUnknown, type Maybe, Unknown } from '../model/unknown.js';
import type { ModelBuilder } from '../model/builder.js';
import type { Source } from '../model/source.js';
import type { PolicyDocument } from '../policy/types.js';
import { ARN, type AwsEnvironment } from './arn-formats.js';

/** What a Lake Formation grant is on, as both adapters read it. */
export type DataLakeTarget =
  | { kind: 'catalog' }
  | { kind: 'database'; name: Maybe<string> }
  | { kind: 'table'; database: Maybe<string>; name: Maybe<string> | undefined }
  | { kind: 'data-location'; arn: Maybe<string> }
  /** LF-tag based (LFTag, LFTagPolicy), data cells filters and anything else not pinned down. */
  | { kind: 'any'; why: string };

/** A grant ready for the model: the policy document and the resources that hold it. */
export interface UnknownGrant {
  /** Raw policy document (parsed by the adapter): Allow, unknown actions, for the principal. */
  document: Record<string, unknown>;
  /** The ARNs whose policy holder gets the document (the Glue Data Catalog, a bucket, a portfolio). */
  holders: readonly string[];
  /** ARN patterns of other resources the document may govern (`Resource.governs`). */
  governs: readonly string[];
  /** Nothing to add (a grant to IAM_ALLOWED_PRINCIPALS: IAM alone decides). */
  none?: boolean;
}

/**
 * A data lake principal as a policy Principal (and Condition): an IAM user or role ARN or an
 * account id as an AWS principal; an organization or OU as `aws:PrincipalOrgID` /
 * `aws:PrincipalOrgPaths` on any principal; anything else (SAML, QuickSight, an unknown value) as
 * an unknown principal.
 */
function principalOf(
  p: Maybe<string>,
  partition: string,
  what: string,
): { Principal: unknown; Condition?: Record<string, unknown> } {
  if (isUnknown(p)) return { Principal: p };
  if (/^\d{12}$/.test(p)) return { Principal: { AWS: `arn:${partition}:iam::${p}:root` } };
  if (/^arn:[^:]+:iam::\d{12}:(user|role)\//.test(p) || /^arn:[^:]+:iam::\d{12}:root$/.test(p))
    return { Principal: { AWS: p } };
  const org = /^arn:[^:]+:organizations::\d{12}:organization\/(o-[a-z0-9]+)$/.exec(p);
  if (org) return { Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': org[1] } } };
  const ou = /^arn:[^:]+:organizations::\d{12}:ou\/(o-[a-z0-9]+)\/(ou-[a-z0-9-]+)$/.exec(p);
  if (ou)
    return {
      Principal: '*',
      Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': `${ou[1]}/*/${ou[2]}/*` } },
    };
  return {
    Principal: new Unknown(`the ${what} principal ${p}, which iamspec does not map to IAM principals`),
  };
}

/**
 * AWS Lake Formation permissions ("Lake Formation permissions reference",
 * https://docs.aws.amazon.com/lake-formation/latest/dg/lf-permissions-reference.html): a principal
 * granted SELECT, ALTER, DESCRIBE, DATA_LOCATION_ACCESS... on a Data Catalog resource may use the
 * matching Glue operations and read the registered data through Lake Formation's credential
 * vending, not through the bucket policy. How each permission maps to IAM actions on which ARNs is
 * not modelled: the statement's actions are unknown. Database and table grants go to the Data
 * Catalog's policy (Glue resource policies are the catalog's) with the database or table ARN as
 * Resource; a data location grant goes to the bucket (its principal may register tables there and
 * read them through Lake Formation); LF-tag grants may be on any database or table of the catalog.
 * A grant to IAM_ALLOWED_PRINCIPALS adds nothing: IAM alone decides there, as iamspec models.
 */
export function lakeFormationGrant(
  input: {
    principal: Maybe<string>;
    permissions: readonly Maybe<string>[];
    target: DataLakeTarget;
    catalogId: Maybe<string> | undefined;
    name: string;
  },
  env: AwsEnvironment,
): UnknownGrant {
  if (input.principal === 'IAM_ALLOWED_PRINCIPALS')
    return { document: {}, holders: [], governs: [], none: true };
  const account =
    typeof input.catalogId === 'string' && /^\d{12}$/.test(input.catalogId) ? input.catalogId : env.account;
  const head = `arn:${env.partition}:glue:${env.region}:${account}:`;
  const catalog = ARN.glueCatalog({ ...env, account });
  const perms = input.permissions.map((p) => (isUnknown(p) ? '(unknown)' : p)).join(', ') || '(none listed)';
  const why = `the access the Lake Formation permissions ${perms} of ${input.name} give (not mapped to IAM actions)`;
  const t = input.target;
  let resources: Maybe<string>[];
  let holders: string[] = [catalog];
  let governs: string[] = [];
  switch (t.kind) {
    case 'catalog':
      resources = [catalog, `${head}database/*`, `${head}table/*`];
      break;
    case 'database':
      resources = isUnknown(t.name)
        ? [`${head}database/*`, `${head}table/*`]
        : [`${head}database/${t.name}`, `${head}table/${t.name}/*`];
      break;
    case 'table': {
      const db = isUnknown(t.database) ? '*' : t.database;
      const table = t.name === undefined || isUnknown(t.name) ? '*' : t.name;
      resources = [`${head}database/${db}`, `${head}table/${db}/${table}`];
      break;
    }
    case 'data-location': {
      if (isUnknown(t.arn)) {
        resources = [`arn:${env.partition}:s3:::*`];
        holders = [`arn:${env.partition}:lakeformation:${env.region}:${account}:data-location/${input.name}`];
        governs = [`arn:${env.partition}:s3:::*`];
        break;
      }
      const bucket = /^arn:[^:]+:s3:::([^/]+)/.exec(t.arn)?.[1];
      resources = bucket ? [`arn:${env.partition}:s3:::${bucket}`, `${t.arn.replace(/\/+$/, '')}*`] : [t.arn];
      holders = bucket ? [ARN.bucket(env.partition, bucket)] : [t.arn];
      break;
    }
    case 'any':
      resources = [catalog, `${head}database/*`, `${head}table/*`];
      break;
  }
  const statement = {
    Sid: 'LakeFormationGrant',
    Effect: 'Allow',
    ...principalOf(input.principal, env.partition, 'data lake'),
    Action: new Unknown(t.kind === 'any' ? `${why}; ${t.why}` : why),
    Resource: resources,
  };
  return { document: { Version: '2012-10-17', Statement: [statement] }, holders, governs };
}

/**
 * An AWS Service Catalog portfolio principal association ("AssociatePrincipalWithPortfolio":
 * "Associates the specified principal ARN with the specified portfolio", AWS Service Catalog API
 * Reference): the principal may see and launch the portfolio's products, and a product launched
 * with a launch constraint runs with its launch role, not the principal's permissions. What the
 * principal can reach that way is not modelled: an unknown set of actions on the portfolio and on
 * every product of the account, for the principal (IAM: the ARN; IAM_PATTERN: any principal whose
 * ARN matches the pattern, in any account the portfolio is shared with).
 */
export function portfolioAssociationGrant(
  input: {
    principalArn: Maybe<string>;
    principalType: Maybe<string> | undefined;
    portfolioId: Maybe<string>;
    name: string;
  },
  env: AwsEnvironment,
): UnknownGrant & { portfolioArn: string } {
  const portfolio = isUnknown(input.portfolioId) ? '*' : input.portfolioId;
  const head = `arn:${env.partition}:catalog:${env.region}:${env.account}:`;
  const portfolioArn = `${head}portfolio/${portfolio}`;
  const why = `what launching the products of portfolio ${isUnknown(input.portfolioId) ? '(unknown)' : input.portfolioId} lets the principal of ${input.name} do (their launch roles act for it; not modelled)`;
  const p = input.principalArn;
  const principal: { Principal: unknown; Condition?: Record<string, unknown> } = isUnknown(p)
    ? { Principal: p }
    : input.principalType === 'IAM_PATTERN' || /[*?]/.test(p) || /^arn:[^:]+:iam:::/.test(p)
      ? {
          Principal: '*',
          Condition: { ArnLike: { 'aws:PrincipalArn': p.replace(/^(arn:[^:]+:iam::)(:)/, '$1*$2') } },
        }
      : { Principal: { AWS: p } };
  const statement = {
    Sid: 'PortfolioPrincipalAssociation',
    Effect: 'Allow',
    ...principal,
    Action: new Unknown(why),
    Resource: [portfolioArn, `${head}product/*`],
  };
  return {
    document: { Version: '2012-10-17', Statement: [statement] },
    holders: [portfolioArn],
    governs: [`${head}product/*`, ...(portfolio === '*' ? [`${head}portfolio/*`] : [])],
    portfolioArn,
  };
}

/**
 * An AWS Service Catalog portfolio share (CreatePortfolioShare: "Shares the specified portfolio
 * with the specified account or organization node", AWS Service Catalog API Reference): the
 * account, organization or OU may import the portfolio and launch its products, as an associated
 * principal may (`portfolioAssociationGrant`), its principal the account, or any principal of the
 * organization or OU (as a data lake principal is read); anything else, an unknown principal.
 */
export function portfolioShareGrant(
  input: { principalId: Maybe<string>; portfolioId: Maybe<string>; name: string },
  env: AwsEnvironment,
): UnknownGrant & { portfolioArn: string } {
  const grant = portfolioAssociationGrant(
    {
      principalArn: input.principalId,
      principalType: undefined,
      portfolioId: input.portfolioId,
      name: input.name,
    },
    env,
  );
  const [st] = grant.document.Statement as Record<string, unknown>[];
  const { Principal, Condition } = principalOf(input.principalId, env.partition, 'portfolio share');
  const statement = { ...st, Principal, ...(Condition ? { Condition } : {}) };
  if (!Condition) delete statement.Condition;
  return { ...grant, document: { ...grant.document, Statement: [statement] } };
}

/**
 * An S3 Access Grant (S3 Control API Reference, CreateAccessGrant: "Creates an access grant that
 * gives a grantee access to your S3 data. The grantee can be an IAM user or role or a directory
 * user, or group."): the grantee gets credentials for the location's scope (`s3://` is every
 * bucket: "S3 Access Grants assigns the ID `default` to the default location `s3://`"), narrowed
 * by the grant's sub-prefix. Which S3 actions READ / WRITE / READWRITE give is not mapped: unknown
 * actions for the grantee on the scope; a directory user or group (IAM Identity Center) and an
 * unknown grantee are an unknown principal; an unknown scope is every bucket.
 */
export function s3AccessGrant(
  input: {
    granteeType: Maybe<string> | undefined;
    grantee: Maybe<string>;
    permission: Maybe<string> | undefined;
    /** `s3://`, `s3://bucket`, `s3://bucket/prefix*`; unknown: any bucket. */
    scope: Maybe<string>;
    subPrefix: Maybe<string> | undefined;
    name: string;
  },
  env: AwsEnvironment,
): UnknownGrant {
  const perm = input.permission === undefined || isUnknown(input.permission) ? '(unknown)' : input.permission;
  const why = `the S3 access ${perm} that S3 Access Grants give the grantee of ${input.name} (its credentials act for it; not mapped to S3 actions)`;
  const iam = input.granteeType === undefined || input.granteeType === 'IAM';
  const principal =
    iam || isUnknown(input.granteeType)
      ? principalOf(input.grantee, env.partition, 'S3 Access Grants')
      : {
          Principal: new Unknown(
            `the ${input.granteeType} grantee ${isUnknown(input.grantee) ? '(unknown)' : input.grantee} of ${input.name}, an identity-store identity iamspec does not map to IAM principals`,
          ),
        };
  const scope = isUnknown(input.scope) ? undefined : /^s3:\/\/([^/*]+)(\/.*)?$/.exec(input.scope.trim());
  const sub = input.subPrefix === undefined ? '' : isUnknown(input.subPrefix) ? '*' : input.subPrefix;
  const all = `arn:${env.partition}:s3:::*`;
  if (!scope) {
    // `s3://`, an unknown scope or one iamspec does not read: every bucket
    const holder = `arn:${env.partition}:s3:${env.region}:${env.account}:access-grants/default/grant/${input.name}`;
    return {
      document: grantDocument('S3AccessGrant', principal, why, [all]),
      holders: [holder],
      governs: [all],
    };
  }
  const bucket = scope[1]!;
  const prefix = (scope[2] ?? '/').slice(1);
  const objects = `arn:${env.partition}:s3:::${bucket}/${joinPrefix(prefix, sub)}`;
  return {
    document: grantDocument('S3AccessGrant', principal, why, [
      `arn:${env.partition}:s3:::${bucket}`,
      objects,
    ]),
    holders: [ARN.bucket(env.partition, bucket)],
    governs: [],
  };
}

/** A location prefix and a grant's sub-prefix as one object key pattern (`team*` + `a/*`). */
function joinPrefix(prefix: string, sub: string): string {
  const head = prefix.replace(/\*$/, '');
  if (!sub) return `${head}*`;
  const tail = sub.replace(/^\//, '');
  return head === '' || head.endsWith('/') ? `${head}${tail}*` : `${head}*${tail}*`;
}

/** One Allow statement of unknown actions for a principal on resources. */
function grantDocument(
  sid: string,
  principal: { Principal: unknown; Condition?: Record<string, unknown> },
  why: string,
  resources: readonly string[],
): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: sid, Effect: 'Allow', ...principal, Action: new Unknown(why), Resource: resources }],
  };
}

/** The telemetry a CloudWatch cross-account observability link may share, as ARN patterns of the source account. */
const OBSERVABILITY_RESOURCES: Readonly<Record<string, (h: (service: string) => string) => string[]>> = {
  'AWS::Logs::LogGroup': (h) => [`${h('logs')}log-group:*`],
  'AWS::CloudWatch::Metric': (h) => [`${h('cloudwatch')}*`],
  'AWS::XRay::Trace': (h) => [`${h('xray')}*`],
  'AWS::ApplicationInsights::Application': (h) => [`${h('applicationinsights')}*`],
  'AWS::InternetMonitor::Monitor': (h) => [`${h('internetmonitor')}*`],
  'AWS::ApplicationSignals::Service': (h) => [`${h('application-signals')}*`],
  'AWS::ApplicationSignals::ServiceLevelObjective': (h) => [`${h('application-signals')}*`],
};

/**
 * A CloudWatch cross-account observability link (CloudWatch Observability Access Manager API
 * Reference: "A monitoring account is a central Amazon Web Services account that can view and
 * interact with observability data generated from source accounts." "The shared observability
 * data can include metrics in Amazon CloudWatch, logs in Amazon CloudWatch Logs, traces in
 * X-Ray..."): the sink's account (the monitoring account) may read the source account's shared
 * telemetry. Which actions is not mapped: unknown actions for that account on the shared types'
 * resources of the source account and Region; an unknown sink is an unknown principal, an unknown
 * or unlisted type every type above.
 */
export function observabilityLinkGrant(
  input: { sink: Maybe<string>; resourceTypes: readonly Maybe<string>[] | undefined; name: string },
  env: AwsEnvironment,
): UnknownGrant {
  const sinkAccount = isUnknown(input.sink) ? undefined : sinkAccountOf(input.sink);
  const principal = sinkAccount
    ? { Principal: { AWS: `arn:${env.partition}:iam::${sinkAccount}:root` } }
    : {
        Principal: new Unknown(
          `the monitoring account of ${input.name}, whose sink ${isUnknown(input.sink) ? 'is unknown' : `${input.sink} names no account`}`,
        ),
      };
  const h = (service: string) => `arn:${env.partition}:${service}:${env.region}:${env.account}:`;
  const types = input.resourceTypes ?? [];
  const every =
    types.length === 0 || types.some((t) => isUnknown(t) || !Object.hasOwn(OBSERVABILITY_RESOURCES, t));
  const patterns = [
    ...new Set(
      (every ? Object.keys(OBSERVABILITY_RESOURCES) : (types as string[])).flatMap((t) =>
        OBSERVABILITY_RESOURCES[t]!(h),
      ),
    ),
  ];
  const why = `what the monitoring account of ${input.name} may view of this account's shared telemetry (CloudWatch cross-account observability; not mapped to IAM actions)`;
  return {
    document: grantDocument('ObservabilityLink', principal, why, patterns),
    holders: [`${h('oam')}link/${input.name}`],
    governs: patterns,
  };
}

/** The (monitoring) account of an observability sink ARN, if it names one. */
export function sinkAccountOf(sink: string): string | undefined {
  return /^arn:[^:]+:oam:[^:]*:(\d{12}):sink\//.exec(sink)?.[1];
}

/** Who an observability link's finding names: the sink's account, else why it is unknown. */
export function linkMonitoringAccount(sink: Maybe<string>): Maybe<string> {
  if (isUnknown(sink)) return sink;
  return sinkAccountOf(sink) ?? new Unknown(`the sink ${sink} names no account`);
}

/** The finding both adapters give for a grant (code, message). */
export function grantFinding(
  kind: 'lake-formation' | 'service-catalog' | 's3-access-grant' | 'observability-link',
  name: string,
  principal: Maybe<string>,
  what: string,
  source: Source,
): { code: string; severity: 'warning'; message: string; source: Source } {
  const who = isUnknown(principal) ? `an unknown principal (${principal.reason})` : principal;
  if (kind === 's3-access-grant')
    return {
      code: 'model/s3-access-grant',
      severity: 'warning',
      message: `${name} grants ${who} S3 access to ${what} through S3 Access Grants; iamspec does not map it to S3 actions: the grantee is kept as allowed unknown actions there, so who-can and onlyPrincipals on it are indeterminate`,
      source,
    };
  if (kind === 'observability-link')
    return {
      code: 'model/observability-link',
      severity: 'warning',
      message: `${name} links this account to the monitoring account ${who}, which may view its ${what} (CloudWatch cross-account observability); iamspec does not map that to IAM actions: the monitoring account is kept as allowed unknown actions there, so who-can and onlyPrincipals on them are indeterminate`,
      source,
    };
  return kind === 'lake-formation'
    ? {
        code: 'model/lake-formation-grant',
        severity: 'warning',
        message: `${name} grants ${who} Lake Formation permissions on ${what}; iamspec does not map them to IAM actions: the principal is kept as allowed unknown actions there, so who-can and onlyPrincipals on it are indeterminate`,
        source,
      }
    : {
        code: 'model/service-catalog-association',
        severity: 'warning',
        message: `${name} associates ${who} with Service Catalog portfolio ${what}: it may launch the portfolio's products, whose launch roles then act for it; iamspec does not model that: the principal is kept as allowed unknown actions on the portfolio and its products, so verdicts there are indeterminate (what the launch roles can do is not attributed to it)`,
        source,
      };
}

/**
 * Adds a grant's (parsed) document to each of its holders: the model's resource when there is
 * one, else a resource added for it (the Data Catalog, a bucket, a portfolio, a stand-in), which
 * governs the grant's patterns. `region`, `account`: where added resources live.
 */
export function addUnknownGrant(
  builder: Pick<ModelBuilder, 'getResource' | 'addResource' | 'addResourcePolicy' | 'addBucket'>,
  grant: UnknownGrant,
  doc: PolicyDocument,
  where: { account: string; region: string; source: Source },
): void {
  for (const arn of grant.holders) {
    const existing = builder.getResource(arn);
    if (existing) {
      builder.addResourcePolicy(existing.id, doc);
      continue;
    }
    const s3 = /^arn:[^:]+:s3:::([^/]+)$/.exec(arn);
    if (s3) {
      const id = builder.addBucket({ bucketName: s3[1]!, account: where.account, source: where.source });
      builder.addResourcePolicy(id, doc);
      continue;
    }
    const glue = /^arn:[^:]+:glue:[^:]*:(\d{12}):catalog$/.exec(arn);
    builder.addResource({
      kind: glue ? 'glue-catalog' : 'other',
      arn,
      name: glue ? 'catalog' : (arn.split(':').pop() ?? arn),
      account: glue?.[1] ?? where.account,
      region: where.region,
      source: where.source,
      policy: doc,
      ...(grant.governs.length ? { governs: grant.governs } : {}),
    });
  }
}
