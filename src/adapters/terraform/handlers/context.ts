// What resource handlers share: the model builder, the AWS environment (partition, account,
// region), the model elements created so far by Terraform address, policy parsing of attribute
// values (JSON strings, jsonencode structures, unknowns), and linking of attributes that name
// other elements (by name or ARN when known, through configuration references when unknown).

import type { Finding } from '../../../model/finding.js';
import type { ModelBuilder } from '../../../model/builder.js';
import type { Source } from '../../../model/source.js';
import { isUnknown, type Maybe } from '../../../model/unknown.js';
import { parsePolicy } from '../../../policy/parse.js';
import type { PolicyDocument, PolicyKind } from '../../../policy/types.js';
import type { AwsEnv } from '../eval/computed.js';
import { EncodedJson, isObject, PartialTemplate, parsePartialJson, type TfObject } from '../eval/values.js';
import type { TfInstance } from '../instances.js';

export type ElementKind =
  | 'user'
  | 'group'
  | 'role'
  | 'policy'
  | 'resource'
  | 'instance-profile'
  | 'org-policy';

export interface ElementRef {
  kind: ElementKind;
  id: string;
  name: string;
}

export interface OrgPolicy {
  kind: 'scp' | 'rcp';
  document: PolicyDocument;
  id: Maybe<string>;
}

export class HandlerContext {
  readonly byAddress = new Map<string, ElementRef>();
  readonly instanceProfiles = new Map<
    string,
    { roleId: string; usedBy: { kind: string; name: string; source: Source }[] }
  >();
  readonly orgPolicies = new Map<string, OrgPolicy>();
  private readonly fullAccessAdded = new Set<string>();

  constructor(
    readonly builder: ModelBuilder,
    readonly env: AwsEnv,
  ) {}

  finding(f: Finding): void {
    this.builder.addFinding(f);
  }

  record(inst: TfInstance, ref: ElementRef): void {
    this.byAddress.set(inst.address, ref);
  }

  /** Parses a policy attribute value; undefined when the attribute holds no policy. */
  policy(value: unknown, kind: PolicyKind, source: Source): PolicyDocument | undefined {
    if (value === null || value === undefined || value === '') return undefined;
    let input = value instanceof EncodedJson ? value.value : value;
    if (value instanceof PartialTemplate) input = parsePartialJson(value) ?? value;
    if (typeof input === 'string') {
      try {
        input = JSON.parse(input.replace(/^\uFEFF/, ''));
      } catch {
        // left as text: the policy parser reports the syntax error with its position in the text
      }
    }
    // Positions inside an attribute's policy are not known: its elements point at the attribute.
    const at = source.line !== undefined ? { line: source.line, column: source.column ?? 1 } : undefined;
    return parsePolicy(input, { kind, source, ...(at ? { locate: () => at } : {}) });
  }

  /** A stand-in name (the address) for an element whose name is not known (after apply, or unresolvable). */
  standInName(inst: TfInstance, what: string, attr = 'name'): string {
    const v = inst.values[attr];
    const why = isUnknown(v) ? `is not known (${v.reason})` : 'is not set (AWS picks it)';
    this.finding({
      code: 'tf/unknown-name',
      severity: 'info',
      message: `the ${what} name of ${inst.address} ${why}; the model calls it "${inst.address}"`,
      source: inst.source,
    });
    return inst.address;
  }

  /** Elements of a kind that an attribute refers to through the configuration. */
  referenced(inst: TfInstance, attr: string, kinds: ElementKind[]): ElementRef[] {
    const out: ElementRef[] = [];
    for (const a of inst.references(attr)) {
      const ref = this.byAddress.get(a);
      if (ref && kinds.includes(ref.kind) && !out.some((o) => o.id === ref.id)) out.push(ref);
    }
    return out;
  }

  /** Finds a user, group or role by name or ARN in the model. */
  findPrincipal(kind: 'user' | 'group' | 'role', nameOrArn: string): string | undefined {
    const b = this.builder;
    if (nameOrArn.startsWith('arn:')) {
      const byArn =
        kind === 'user'
          ? b.getUser(nameOrArn)
          : kind === 'group'
            ? b.getGroup(nameOrArn)
            : b.getRole(nameOrArn);
      if (byArn) return byArn.id;
      const name = nameOrArn.split('/').pop() ?? '';
      return b.findByName(kind, this.env.account, name);
    }
    return b.findByName(kind, this.env.account, nameOrArn);
  }

  /**
   * The principal an attribute names (a name or an ARN). Unknown values are linked through
   * configuration references. Undefined (with a finding) when it cannot be determined.
   */
  linkPrincipal(inst: TfInstance, attr: string, kind: 'user' | 'group' | 'role'): string | undefined {
    const value = inst.values[attr];
    if (typeof value === 'string' && value) {
      const id = this.findPrincipal(kind, value);
      if (id) return id;
      this.finding({
        code: 'tf/unresolved-reference',
        severity: 'warning',
        message: `${inst.address}: ${attr} "${value}" names a ${kind} that is not in the inputs; ${inst.type} is not applied`,
        source: inst.attrSource(attr),
      });
      return undefined;
    }
    const refs = this.referenced(inst, attr, [kind]);
    if (refs.length === 1) return refs[0]!.id;
    this.finding({
      code: 'tf/unresolved-reference',
      severity: 'warning',
      message: `${inst.address}: the ${kind} in ${attr} is ${isUnknown(value) ? `unknown (${value.reason})` : 'not set'} and the configuration does not say which ${kind} it is; ${inst.type} is not applied`,
      source: inst.attrSource(attr),
    });
    return undefined;
  }

  /** Principals named by a list attribute (names); unknown elements linked through references. */
  linkPrincipals(inst: TfInstance, attr: string, kind: 'user' | 'group' | 'role'): string[] {
    const value = inst.values[attr];
    if (value === null || value === undefined) return [];
    const out: string[] = [];
    let unknowns = 0;
    const items = isUnknown(value) ? [value] : Array.isArray(value) ? value : [value];
    for (const v of items) {
      if (typeof v === 'string') {
        if (!v) continue;
        const id = this.findPrincipal(kind, v);
        if (id) out.push(id);
        else {
          this.finding({
            code: 'tf/unresolved-reference',
            severity: 'warning',
            message: `${inst.address}: ${attr} names ${kind} "${v}", which is not in the inputs`,
            source: inst.attrSource(attr),
          });
        }
      } else if (isUnknown(v)) unknowns++;
    }
    if (unknowns) {
      const refs = this.referenced(inst, attr, [kind]).filter((r) => !out.includes(r.id));
      if (isUnknown(value) || refs.length === unknowns) out.push(...refs.map((r) => r.id));
      else {
        this.finding({
          code: 'tf/unresolved-reference',
          severity: 'warning',
          message: `${inst.address}: ${unknowns} of the ${kind}s in ${attr} are known only after apply and the configuration does not say which; they are not linked`,
          source: inst.attrSource(attr),
        });
      }
    }
    return out;
  }

  /** A managed policy ARN attribute: known ARN, the policy the configuration refers to, or Unknown. */
  policyArn(inst: TfInstance, attr: string): Maybe<string> | undefined {
    const value = inst.values[attr];
    if (typeof value === 'string' && value) return value;
    const refs = this.referenced(inst, attr, ['policy']);
    if (refs.length === 1) return refs[0]!.id;
    if (isUnknown(value)) return value;
    this.finding({
      code: 'tf/unresolved-reference',
      severity: 'warning',
      message: `${inst.address}: ${attr} is ${value === '' ? 'empty' : value === null || value === undefined ? 'not set' : 'not a string'}; nothing is attached`,
      source: inst.attrSource(attr),
    });
    return undefined;
  }

  /** A resource named by an attribute: by ARN (or a function) when known, else by reference. */
  linkResource(inst: TfInstance, attr: string, toArn: (v: string) => string | undefined): string | undefined {
    const value = inst.values[attr];
    if (typeof value === 'string' && value) {
      const arn = toArn(value);
      if (arn) return arn;
    }
    const refs = this.referenced(inst, attr, ['resource']);
    if (refs.length === 1) return refs[0]!.id;
    this.finding({
      code: 'tf/unresolved-reference',
      severity: 'warning',
      message: `${inst.address}: the resource in ${attr} is ${isUnknown(value) ? `unknown (${value.reason})` : value === undefined || value === null ? 'not set' : `"${String(value)}"`} and cannot be linked; its policy is not applied`,
      source: inst.attrSource(attr),
    });
    return undefined;
  }

  /** Adds the default FullAWSAccess / RCPFullAWSAccess policy once per account (AWS Organizations default). */
  ensureOrgDefault(account: string, kind: 'scp' | 'rcp', source: Source): void {
    const key = `${kind}:${account}`;
    if (this.fullAccessAdded.has(key)) return;
    this.fullAccessAdded.add(key);
    const name = kind === 'scp' ? 'FullAWSAccess' : 'RCPFullAWSAccess';
    const doc =
      kind === 'scp'
        ? { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }
        : {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
          };
    const src: Source = { ...source, address: `(AWS Organizations default ${name})` };
    const parsed = parsePolicy(doc, { kind, source: src });
    if (kind === 'scp') this.builder.addScp(account, parsed);
    else this.builder.addRcp(account, parsed);
    this.finding({
      code: 'tf/assumed-org-default-policy',
      severity: 'info',
      message: `account ${account}: the AWS-managed ${name} policy, which AWS Organizations attaches by default, is assumed to stay attached next to the ${kind.toUpperCase()}s of the inputs`,
      source,
    });
  }
}

/** String value of an attribute, or undefined. */
export function str(values: TfObject, attr: string): string | undefined {
  const v = values[attr];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Tags as a model Tags record (values may be Unknown). */
export function tagsOf(values: TfObject): Record<string, Maybe<string>> {
  const pick =
    isObject(values.tags_all) && Object.keys(values.tags_all).length ? values.tags_all : values.tags;
  const out: Record<string, Maybe<string>> = {};
  if (!isObject(pick)) return out;
  for (const [k, v] of Object.entries(pick)) {
    if (typeof v === 'string') out[k] = v;
    else if (isUnknown(v)) out[k] = v;
    else if (v !== null && v !== undefined) out[k] = String(v);
  }
  return out;
}
