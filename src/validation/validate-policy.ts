// Policy validation with the AWS catalog: unknown services and actions, wildcard actions that
// match nothing, actions whose resource types none of the statement's resources can be,
// malformed ARNs and principals, unknown condition keys, operator/key type mismatches and
// set operators on single-valued keys, and the RCP grammar (rcp-rules.ts). Follows IAM Access
// Analyzer's policy checks (IAM User Guide, "Access Analyzer policy check reference"). Findings carry the element's location;
// severities are configurable. Structural checks are in parse.ts.

import * as defaultCatalog from '../catalog/index.js';
import type { CatalogAction, CatalogResourceType, ConditionKeyType } from '../catalog/types.js';
import { isMultiValuedClaim } from '../model/federation.js';
import type { Finding, Severity } from '../model/finding.js';
import type { Source } from '../model/source.js';
import { isUnknown } from '../model/unknown.js';
import {
  checkAwsPrincipal,
  checkOtherPrincipal,
  checkResourceArn,
  checkServicePrincipal,
  withoutPolicyVariables,
} from './arn-validation.js';
import {
  checkIpRange,
  hasPolicyVariable,
  isBase64Value,
  isBoolValue,
  isDateValue,
  isNumericValue,
  type OperatorCategory,
  operatorCategory,
} from './condition-values.js';
import { type ParsePolicyOptions, parsePolicy, UNKNOWN_CONDITION_KEY } from '../policy/parse.js';
import { rcpFindings } from '../policy/rcp-rules.js';
import type { ConditionClause, PolicyDocument, Statement, ValueList } from '../policy/types.js';
import { hasWildcard, splitArnFields } from '../policy/wildcard.js';
import { rankByCloseness } from '../text/suggest.js';

/** The catalog functions validation uses (the real catalog by default; injectable for tests). */
export interface PolicyCatalog {
  serviceExists(prefix: string): boolean;
  getAction(name: string): CatalogAction | undefined;
  matchActions(pattern: string): CatalogAction[];
  arnMatchesResourceType(arn: string, rt: CatalogResourceType): boolean;
  getResourceType(service: string, name: string): CatalogResourceType | undefined;
  conditionKeyType(key: string, action?: string): ConditionKeyType | undefined;
  isKnownConditionKey(key: string): boolean;
}

export type SeverityOverrides = Readonly<Record<string, Severity | 'off'>>;

export interface ValidateOptions {
  /** Per finding code: another severity, or `off` to drop the finding. */
  severityOverrides?: SeverityOverrides;
  catalog?: PolicyCatalog;
}

/** Applies severity overrides: changes severities and drops findings turned `off`. */
export function applySeverityOverrides(
  findings: readonly Finding[],
  overrides: SeverityOverrides | undefined,
): Finding[] {
  if (!overrides) return [...findings];
  const out: Finding[] = [];
  for (const f of findings) {
    const o = overrides[f.code];
    if (o === 'off') continue;
    out.push(o ? { ...f, severity: o } : f);
  }
  return out;
}

/**
 * Catalog-based and value-format checks of a parsed document. Returns new findings (the
 * document's own parse findings are not repeated). Never throws.
 */
export function validatePolicy(doc: PolicyDocument, options: ValidateOptions = {}): Finding[] {
  const v = new PolicyValidator(options.catalog ?? defaultCatalog);
  try {
    v.document(doc);
  } catch (e) {
    v.add(
      'policy/internal-error',
      'warning',
      `Validation stopped early: ${e instanceof Error ? e.message : String(e)}`,
      doc.source,
    );
  }
  return applySeverityOverrides(v.findings, options.severityOverrides);
}

/**
 * Parses and validates: the document with parse and validation findings together, severity
 * overrides applied to both. What adapters call for every policy they read.
 */
export function parseAndValidatePolicy(
  input: unknown,
  options: ParsePolicyOptions & ValidateOptions,
): PolicyDocument {
  const doc = parsePolicy(input, options);
  const extra = validatePolicy(doc, { catalog: options.catalog });
  doc.findings = applySeverityOverrides([...doc.findings, ...extra], options.severityOverrides);
  return doc;
}

/** Statements with many wildcard matches are not checked against resources (cost, little value). */
const MAX_ACTIONS_FOR_RESOURCE_CHECK = 2000;

class PolicyValidator {
  readonly findings: Finding[] = [];
  constructor(private readonly catalog: PolicyCatalog) {}

  add(code: string, severity: Severity, message: string, source: Source): void {
    this.findings.push({ code, severity, message, source });
  }

  document(doc: PolicyDocument): void {
    if (doc.unknown) return;
    this.findings.push(...rcpFindings(doc));
    let variables: Source | undefined;
    for (const st of doc.statements) {
      if (st.unknown) continue;
      this.actions(st.action);
      this.actions(st.notAction);
      this.resources(st.resource);
      this.resources(st.notResource);
      this.actionResourceTypes(st);
      for (const p of [st.principal, st.notPrincipal]) {
        if (!p) continue;
        this.principals(p.aws, (x) => checkAwsPrincipal(x));
        this.principals(p.service, (x) => checkServicePrincipal(x));
        this.principals(p.federated, (x) => checkOtherPrincipal('Federated', x));
        this.principals(p.canonicalUser, (x) => checkOtherPrincipal('CanonicalUser', x));
      }
      const firstAction = st.action?.values.find(
        (a): a is string => typeof a === 'string' && !hasWildcard(a),
      );
      for (const c of st.conditions) this.condition(c, firstAction);
      variables ??= this.firstVariable(st);
    }
    if (variables && doc.version !== '2012-10-17') {
      this.add(
        'policy/variable-unsupported-in-version',
        'warning',
        `The policy uses policy variables but its Version is ${doc.version ? `"${doc.version}"` : 'not set'}: they are read as literal text; use "Version": "2012-10-17"`,
        variables,
      );
    }
  }

  private firstVariable(st: Statement): Source | undefined {
    for (const list of [st.resource, st.notResource]) {
      const i = list?.values.findIndex((x) => typeof x === 'string' && hasPolicyVariable(x)) ?? -1;
      if (list && i >= 0) return list.valueSources[i];
    }
    const c = st.conditions.find((c) => c.values.some((x) => typeof x === 'string' && hasPolicyVariable(x)));
    return c?.source;
  }

  // -- Actions ------------------------------------------------------------------------------

  private actions(list: ValueList | undefined): void {
    if (!list) return;
    list.values.forEach((a, i) => {
      if (typeof a !== 'string' || a === '*') return;
      const source = list.valueSources[i]!;
      const colon = a.indexOf(':');
      if (colon <= 0) return; // malformed: reported by the parser
      const service = a.slice(0, colon);
      if (!hasWildcard(service) && !this.catalog.serviceExists(service.toLowerCase())) {
        this.add(
          'policy/unknown-service',
          'error',
          `Unknown service prefix "${service}" in action "${a}"`,
          source,
        );
        return;
      }
      if (!hasWildcard(a)) {
        if (!this.catalog.getAction(a)) {
          const hint = this.suggestAction(a);
          this.add(
            'policy/unknown-action',
            'error',
            `Unknown action "${a}"${hint ? `; did you mean "${hint}"?` : ''}`,
            source,
          );
        }
        return;
      }
      if (this.catalog.matchActions(a).length === 0) {
        this.add(
          'policy/action-matches-nothing',
          'warning',
          `Action pattern "${a}" matches no known action`,
          source,
        );
      }
    });
  }

  private suggestAction(action: string): string | undefined {
    const colon = action.indexOf(':');
    const service = action.slice(0, colon).toLowerCase();
    const name = action.slice(colon + 1);
    const actions = this.catalog.matchActions(`${service}:*`);
    const best = rankByCloseness(name, actions, (a) => a.name.slice(a.name.indexOf(':') + 1))[0];
    return best?.item.name;
  }

  // -- Resources ----------------------------------------------------------------------------

  private resources(list: ValueList | undefined): void {
    if (!list) return;
    list.values.forEach((r, i) => {
      if (typeof r !== 'string') return;
      for (const issue of checkResourceArn(r))
        this.add(issue.code, issue.severity, issue.message, list.valueSources[i]!);
    });
  }

  /**
   * An action none of whose resource types any Resource can be grants nothing (Access
   * Analyzer reports such statements): `s3:GetObject` on a bucket ARN, `s3:ListAllMyBuckets`
   * on anything but `*`.
   */
  private actionResourceTypes(st: Statement): void {
    const actions = st.action;
    const resources = st.resource;
    if (!actions || !resources || st.notResource) return;
    const written: string[] = [];
    for (const r of resources.values) {
      if (typeof r !== 'string' || r === '*') return; // unknown or everything: nothing to check
      if (checkResourceArn(r).length > 0) return; // malformed: reported on its own
      written.push(r);
    }
    const arns = written.map(relaxAwsOwnedAccount);
    if (arns.length === 0) return;
    const seen = new Map<CatalogResourceType, boolean>();
    actions.values.forEach((a, i) => {
      if (typeof a !== 'string' || a === '*') return;
      const matched = hasWildcard(a) ? this.catalog.matchActions(a) : [this.catalog.getAction(a)];
      const known = matched.filter((x): x is CatalogAction => x !== undefined);
      if (known.length === 0 || known.length > MAX_ACTIONS_FOR_RESOURCE_CHECK) return;
      if (known.some((x) => this.appliesToAny(x, arns, seen))) return;
      const source = actions.valueSources[i]!;
      const list =
        written.length === 1 ? `"${written[0]}"` : `any of ${written.map((x) => `"${x}"`).join(', ')}`;
      if (known.length === 1) {
        const x = known[0]!;
        const takes =
          x.resourceTypes.length === 0
            ? 'it supports only "Resource": "*"'
            : `it takes ${x.resourceTypes
                .map((t) => {
                  const rt = this.catalog.getResourceType(x.service, t.name);
                  return rt?.arns[0] ? `${t.name} (${rt.arns[0]})` : t.name;
                })
                .join(', ')}`;
        this.add(
          'policy/action-resource-mismatch',
          'warning',
          `"${a}" cannot apply to ${list}: ${takes}; the statement grants or denies nothing for it`,
          source,
        );
      } else {
        this.add(
          'policy/action-resource-mismatch',
          'warning',
          `None of the ${known.length} actions "${a}" matches can apply to ${list}`,
          source,
        );
      }
    });
  }

  private appliesToAny(
    action: CatalogAction,
    arns: readonly string[],
    seen: Map<CatalogResourceType, boolean>,
  ): boolean {
    // Without resource-level permissions the action needs "*"; a pattern such as
    // `arn:aws:s3:::*` is commonly written for it and is not reported (AWS managed policies do it).
    if (action.resourceTypes.length === 0) return arns.some((a) => hasWildcard(withoutPolicyVariables(a)));
    for (const t of action.resourceTypes) {
      const rt = this.catalog.getResourceType(action.service, t.name);
      if (!rt || rt.arns.length === 0) return true; // the catalog cannot tell: do not report
      if (this.anyArnIsOfType(arns, rt, seen)) return true;
    }
    return false;
  }

  /**
   * `arnMatchesResourceType` of any of `arns`, memoized per statement: the many actions a
   * wildcard (`s3:Get*`) matches share a few resource types (catalog objects, compared by identity).
   */
  private anyArnIsOfType(
    arns: readonly string[],
    rt: CatalogResourceType,
    seen: Map<CatalogResourceType, boolean>,
  ): boolean {
    let v = seen.get(rt);
    if (v === undefined) {
      v = arns.some((arn) => this.catalog.arnMatchesResourceType(arn, rt));
      seen.set(rt, v);
    }
    return v;
  }

  // -- Principals ---------------------------------------------------------------------------

  private principals(
    list: ValueList | undefined,
    check: (v: string) => { code: string; severity: Severity; message: string }[],
  ): void {
    if (!list) return;
    list.values.forEach((p, i) => {
      if (typeof p !== 'string') return;
      for (const issue of check(p))
        this.add(issue.code, issue.severity, issue.message, list.valueSources[i]!);
    });
  }

  // -- Conditions ---------------------------------------------------------------------------

  private condition(c: ConditionClause, action: string | undefined): void {
    if (c.key === UNKNOWN_CONDITION_KEY || !c.base) return;
    const key = c.key;
    const colon = key.indexOf(':');
    if (colon <= 0 || colon === key.length - 1) {
      this.add(
        'policy/invalid-condition-key',
        'error',
        `Condition key "${key}" is not of the form service:key-name (e.g. aws:SourceIp)`,
        c.source,
      );
      return;
    }
    if (/^(aws:(request|resource|principal)tag|[a-z0-9-]+:resourcetag)$/i.test(key)) {
      this.add(
        'policy/missing-tag-key',
        'error',
        `Condition key "${key}" needs a tag key: ${key}/tag-key`,
        c.source,
      );
      return;
    }
    const category = operatorCategory(c.base);
    const type = this.catalog.conditionKeyType(key, action);
    if (type === undefined) {
      this.add('policy/unknown-condition-key', 'warning', `Unknown condition key "${key}"`, c.source);
    } else if (type !== 'Unknown') {
      this.keyType(c, category, type);
    }
    this.values(c, category);
  }

  private keyType(c: ConditionClause, category: OperatorCategory, type: ConditionKeyType): void {
    // The Service Authorization Reference types Cognito's `amr` and some SAML keys String, but
    // they hold several values (model/federation.ts `isMultiValuedClaim`).
    const multi = type.startsWith('ArrayOf') || isMultiValuedClaim(c.key);
    const single = (type.startsWith('ArrayOf') ? type.slice('ArrayOf'.length) : type) as Exclude<
      OperatorCategory,
      'Null'
    >;
    if (category === 'Null') {
      if (c.set) {
        this.add(
          'policy/null-with-set-operator',
          'info',
          `Avoid ${c.set} with the Null operator: ${c.set === 'ForAllValues' ? 'it is always true' : 'it is always false'}`,
          c.source,
        );
      }
      return;
    }
    const compatible =
      category === single ||
      (single === 'ARN' && category === 'String') ||
      (single === 'Date' && category === 'Numeric' && c.key.toLowerCase() === 'aws:epochtime');
    if (!compatible) {
      this.add(
        'policy/condition-type-mismatch',
        'warning',
        `"${c.operator}" is ${article(category)} ${category} operator but "${c.key}" is ${article(type)} ${type} key: use ${
          single === 'ARN' ? 'an ARN or String' : `${article(single)} ${single}`
        } operator`,
        c.source,
      );
    }
    if (c.set && !multi) {
      this.add(
        'policy/set-operator-single-valued',
        'warning',
        c.set === 'ForAllValues'
          ? `ForAllValues with the single-valued key "${c.key}" can be overly permissive (it is also true when the key is absent); remove ForAllValues:`
          : `ForAnyValue with the single-valued key "${c.key}": set operators are for multivalued keys; remove ForAnyValue:`,
        c.source,
      );
    } else if (!c.set && multi) {
      this.add(
        'policy/missing-set-operator',
        'warning',
        `"${c.key}" is a multivalued (${type}) key: use ForAnyValue: or ForAllValues: with "${c.operator}"`,
        c.source,
      );
    }
  }

  private values(c: ConditionClause, category: OperatorCategory): void {
    for (const v of c.values) {
      if (isUnknown(v)) continue;
      if (hasPolicyVariable(v)) {
        if (category !== 'String' && category !== 'ARN') {
          this.add(
            'policy/variable-unsupported',
            'error',
            `Policy variables can be used only with String and ARN operators, not "${c.operator}" ("${v}")`,
            c.source,
          );
        }
        continue;
      }
      const bad = (what: string): void =>
        this.add(
          'policy/condition-value-type',
          'warning',
          `"${c.operator}" on "${c.key}": "${v}" is not ${what}`,
          c.source,
        );
      switch (category) {
        case 'Numeric':
          if (!isNumericValue(v)) bad('a number');
          break;
        case 'Date':
          if (!isDateValue(v)) bad('a date (ISO 8601, e.g. 2025-01-31T12:00:00Z, or epoch seconds)');
          break;
        case 'Bool':
          if (!isBoolValue(v)) bad('a Boolean (true or false)');
          break;
        case 'Null':
          if (!isBoolValue(v)) bad('true or false (Null tests whether the key is absent)');
          break;
        case 'Binary':
          if (!isBase64Value(v)) bad('base64-encoded');
          break;
        case 'IPAddress': {
          const ip = checkIpRange(v);
          if (!ip.valid) bad('an IP address or CIDR range');
          else if (ip.normalized) {
            this.add(
              'policy/ip-range-host-bits',
              'info',
              `"${v}" has bits set after the mask, which AWS ignores: write ${ip.normalized}`,
              c.source,
            );
          }
          break;
        }
        case 'ARN':
          if (!v.startsWith('arn:') && !(hasWildcard(v) && /^[*?]/.test(v))) bad('an ARN');
          break;
        case 'String':
          if (
            (c.base === 'StringEquals' ||
              c.base === 'StringNotEquals' ||
              c.base === 'StringEqualsIgnoreCase' ||
              c.base === 'StringNotEqualsIgnoreCase') &&
            hasWildcard(v)
          ) {
            this.add(
              'policy/wildcard-without-like',
              'warning',
              `"${v}" has * or ? but "${c.operator}" compares literally; use ${c.base.includes('Not') ? 'StringNotLike' : 'StringLike'} for a wildcard`,
              c.source,
            );
          }
          break;
      }
    }
  }
}

/**
 * AWS-owned resources are written with an empty account and a region (public SSM parameters:
 * `arn:aws:ssm:*::parameter/aws/service/...`) where the catalog's ARN format has `${Account}`:
 * match such an account as any.
 */
function relaxAwsOwnedAccount(arn: string): string {
  const f = splitArnFields(arn);
  if (!f || f[3] === '' || f[4] !== '') return arn;
  return `${f[0]}:${f[1]}:${f[2]}:${f[3]}:*:${f[5]}`;
}

function article(word: string): string {
  return /^[AEIOU]/.test(word) ? 'an' : 'a';
}
