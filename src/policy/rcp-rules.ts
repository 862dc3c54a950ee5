// The restricted grammar of resource control policies (RCPs) beyond what parse.ts checks
// (Version "2012-10-17", no NotAction, no NotPrincipal, Principal "*"): an Allow only in the
// RCPFullAWSAccess policy, no bare "*" in the Action of an RCP you write, and actions only of the
// services RCPs apply to. Owns `rcpFindings` and the supported-services list.
//
// AWS Organizations User Guide, "RCP syntax"
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html):
// "The effect of Allow is only supported for the RCPFullAWSAccess policy"; "For RCPs that you
// create, the value must be Deny"; "You can only specify "*" in the Principal element of an
// RCP"; "You cannot use "*" in the Action element of a customer managed RCP and have to specify
// the abbreviation for the service"; "The following elements are not supported in RCPs:
// NotPrincipal, NotAction".
// "Resource control policies (RCPs)", "List of AWS services that support RCPs"
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html#rcp-supported-services):
// the service prefixes below. AWS adds services to the list over time, so an action of another
// service is a warning, not an error. The engine applies RCPs only to the actions of these
// services (`rcpGovernsService`): "RCPs apply only to the services listed" in that section, so an
// RCP's Deny of another service's action restricts nothing (leaving it out can only say allow
// where a newly added service would deny: never a deny where access exists).

import type { Finding } from '../model/finding.js';
import { isUnknown } from '../model/unknown.js';
import type { PolicyDocument, Statement } from './types.js';
import { compileGlob, hasWildcard } from './wildcard.js';

/** Service prefixes RCPs apply to ("List of AWS services that support RCPs"). */
export const RCP_SERVICES: ReadonlySet<string> = new Set([
  'appstream',
  'dsql',
  'clouddirectory',
  'cloudfront',
  'cloudsearch',
  'logs',
  'networkmonitor',
  'cognito-identity',
  'cognito-idp',
  'comprehend',
  'comprehendmedical',
  'firehose',
  'dynamodb',
  'dax',
  'autoscaling',
  'ecr',
  'ecr-public',
  'gamelift',
  'inspector-scan',
  'kendra',
  'kinesisvideo',
  'memorydb',
  'aoss',
  'personalize',
  'polly',
  's3',
  'swf',
  'sqs',
  'textract',
  'timestream-influxdb',
  'transcribe',
  'translate',
  'workspaces',
  'appconfig',
  'autoscaling-plans',
  'budgets',
  'servicediscovery',
  'cloudtrail-data',
  'codeartifact',
  'codebuild',
  'codecommit',
  'codepipeline',
  'compute-optimizer',
  'cost-optimization-hub',
  'events',
  'fms',
  'fis',
  'health',
  'rolesanywhere',
  'kms',
  'opensearch',
  'pricing',
  'pca-connector-ad',
  'resource-groups',
  'secretsmanager',
  'sts',
  'signin',
  'support',
  'transfer',
  'notifications',
  'wafv2',
  'xray',
]);

/**
 * Whether RCPs apply to the actions of `service` (a lower-cased service prefix): the one test the
 * engine (`Engine.orgSide`) makes before evaluating an account's RCPs.
 */
export function rcpGovernsService(service: string): boolean {
  return RCP_SERVICES.has(service);
}

function known(list: Statement['action']): string[] {
  return (list?.values ?? []).filter((v): v is string => !isUnknown(v));
}

/** The RCPFullAWSAccess statement: Allow, Principal "*", Action "*", Resource "*", no Condition. */
function isFullAccess(st: Statement): boolean {
  const only = (list: Statement['action']) => {
    const v = known(list);
    return v.length === 1 && v[0] === '*' && list!.values.length === 1;
  };
  return !!st.principal?.wildcard && only(st.action) && only(st.resource) && st.conditions.length === 0;
}

/** Findings for the RCP-only grammar rules (see the module comment). */
export function rcpFindings(doc: PolicyDocument): Finding[] {
  if (doc.kind !== 'rcp' || doc.unknown) return [];
  const out: Finding[] = [];
  const fullAccess = doc.statements.every((st) => !st.unknown && st.effect === 'Allow' && isFullAccess(st));
  for (const st of doc.statements) {
    if (st.unknown) continue;
    if (st.effect === 'Allow' && !fullAccess)
      out.push({
        code: 'policy/rcp-allow',
        severity: 'error',
        message:
          'RCPs you write can only Deny: the effect Allow is supported only in the RCPFullAWSAccess policy ("Principal": "*", "Action": "*", "Resource": "*")',
        source: st.source,
      });
    if (fullAccess || !st.action) continue;
    st.action.values.forEach((a, i) => {
      if (typeof a !== 'string') return;
      const source = st.action!.valueSources[i] ?? st.source;
      if (a === '*') {
        out.push({
          code: 'policy/rcp-action-wildcard',
          severity: 'error',
          message:
            'An RCP you write cannot use "*" as its Action: name the service ("s3:*", "sts:AssumeRole")',
          source,
        });
        return;
      }
      const colon = a.indexOf(':');
      if (colon <= 0) return;
      const service = a.slice(0, colon).toLowerCase();
      if (
        hasWildcard(service)
          ? ![...RCP_SERVICES].some((s) => globService(service, s))
          : !RCP_SERVICES.has(service)
      )
        out.push({
          code: 'policy/rcp-unsupported-service',
          severity: 'warning',
          message: `RCPs do not apply to actions of "${service}" (not in the list of AWS services that support RCPs): this statement restricts nothing`,
          source,
        });
    });
  }
  return out;
}

function globService(pattern: string, service: string): boolean {
  return compileGlob(pattern, true).test(service);
}
