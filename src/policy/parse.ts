// Policy grammar: turns a policy document (object, JSON text or Unknown) into the normalized
// PolicyDocument the engine compiles, with located findings for everything AWS would reject
// or that looks wrong. Never throws. Structural rules follow the IAM User Guide ("Grammar of
// the IAM JSON policy language", "IAM JSON policy element reference") and IAM Access
// Analyzer's policy check reference; catalog-based checks live in validation/validate-policy.ts.

import type { Finding, Severity } from '../model/finding.js';
import { childSource, type Locator, type Source } from '../model/source.js';
import { isUnknown, type Maybe, Unknown } from '../model/unknown.js';
import { decodeConditionOperator, suggestConditionOperator } from './condition-operators.js';
import { LocatedSyntaxError, parseLocatedJson } from './located-json.js';
import type {
  ConditionClause,
  Effect,
  PolicyDocument,
  PolicyKind,
  PrincipalSpec,
  Statement,
  ValueList,
} from './types.js';

export interface ParsePolicyOptions {
  kind: PolicyKind;
  /** Where the document is: file, pointer of the document inside the file, owners. */
  source: Source;
  /** Positions for pointers inside the file (from parseLocatedJson or the YAML parser). */
  locate?: Locator;
}

/**
 * Key of the ConditionClause that stands for a whole unknown `Condition` element or a whole
 * unknown operator block: its `values` hold the Unknown. See `unknownConditionClause`.
 */
export const UNKNOWN_CONDITION_KEY = '';

/**
 * The Unknown a clause stands for when the clause as a whole could not be read (the whole
 * `Condition`, or one operator's block, is unknown). Such a clause has no usable key or values:
 * an engine must treat its result as unknown.
 */
export function unknownConditionClause(clause: ConditionClause): Unknown | undefined {
  if (clause.key !== UNKNOWN_CONDITION_KEY) return undefined;
  const u = clause.values.find(isUnknown);
  return u;
}

const VERSIONS = new Set(['2012-10-17', '2008-10-17']);
const DOCUMENT_ELEMENTS = ['Version', 'Id', 'Statement'] as const;
const STATEMENT_ELEMENTS = [
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
] as const;
type StatementElement = (typeof STATEMENT_ELEMENTS)[number];
const PRINCIPAL_KEYS = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;
type PrincipalKey = (typeof PRINCIPAL_KEYS)[number];

/** Kinds whose statements apply to the identity they are attached to: no Principal allowed. */
const NO_PRINCIPAL_KINDS = new Set<PolicyKind>(['identity', 'boundary', 'session', 'scp']);
/** Kinds that name principals: Principal or NotPrincipal required. */
const PRINCIPAL_KINDS = new Set<PolicyKind>(['trust', 'resource', 'rcp']);
/** Kinds where a missing Resource/NotResource makes AWS reject the policy. */
const RESOURCE_REQUIRED_KINDS = new Set<PolicyKind>(['identity', 'boundary', 'session', 'scp', 'rcp']);
/** Kinds whose Sid must be alphanumeric and unique (IAM-managed documents). */
const IAM_SID_KINDS = new Set<PolicyKind>(['identity', 'boundary', 'trust']);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Unknown);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `"${v.length > 60 ? `${v.slice(0, 57)}...` : v}"`;
  return `${typeof v} ${String(v)}`;
}

/**
 * Why a condition operator reads as `null` (or an empty key): YAML 1.2 (core schema) reads an
 * unquoted `Null`, `null`, `NULL` or `~` as the null value, so a YAML mapping key `Null:` is the
 * null key, not the string "Null" (YAML 1.2.2 spec, 10.3.2 "Tag Resolution": null is
 * `null | Null | NULL | ~`).
 */
export const YAML_NULL_KEY =
  'in YAML an unquoted Null key is read as the null value, not the operator name: quote it ("Null":) for the Null condition operator';

/**
 * Normalizes a policy document. `input` is a JSON-like value (Unknown instances allowed
 * anywhere), JSON text, or an Unknown for a document not known until apply. Structural
 * problems become `document.findings`; nothing read is dropped without a finding.
 */
export function parsePolicy(input: unknown, options: ParsePolicyOptions): PolicyDocument {
  try {
    return new PolicyParser(options).document(input);
  } catch (e) {
    // Defensive: the parser is written not to throw; if it ever does, the document stays in
    // the model as unknown (it might allow or deny anything) and a finding says why.
    const why = `the policy could not be read: ${e instanceof Error ? e.message : String(e)}`;
    return {
      kind: options.kind,
      version: undefined,
      id: undefined,
      statements: [],
      unknown: new Unknown(why, options.source),
      source: options.source,
      findings: [
        {
          code: 'policy/internal-error',
          severity: 'error',
          message: `The policy could not be read: ${e instanceof Error ? e.message : String(e)}`,
          source: options.source,
        },
      ],
    };
  }
}

class PolicyParser {
  private readonly kind: PolicyKind;
  private readonly base: Source;
  private locate: Locator | undefined;
  private readonly findings: Finding[] = [];

  constructor(options: ParsePolicyOptions) {
    this.kind = options.kind;
    this.base = options.source;
    this.locate = options.locate;
  }

  private src(...tokens: (string | number)[]): Source {
    return childSource(this.base, this.locate, ...tokens);
  }

  private add(code: string, severity: Severity, message: string, source: Source): void {
    this.findings.push({ code, severity, message, source });
  }

  document(input: unknown): PolicyDocument {
    const doc: PolicyDocument = {
      kind: this.kind,
      version: undefined,
      id: undefined,
      statements: [],
      unknown: undefined,
      source: this.documentSource(),
      findings: this.findings,
    };
    let value = input;
    if (value instanceof Unknown) {
      doc.unknown = value;
      return doc;
    }
    if (typeof value === 'string') {
      // JSON text: positions inside it are not positions in the file, so keep pointers only.
      this.locate = undefined;
      try {
        value = parseLocatedJson(value).value;
      } catch (e) {
        const where =
          e instanceof LocatedSyntaxError ? ` at line ${e.line}, column ${e.column} of the policy text` : '';
        const reason = e instanceof LocatedSyntaxError ? e.reason : String(e);
        this.add(
          'policy/invalid-json',
          'error',
          `The policy is not valid JSON${where}: ${reason}`,
          doc.source,
        );
        return doc;
      }
    }
    if (!isPlainObject(value)) {
      this.add(
        'policy/invalid-document',
        'error',
        `A policy document must be a JSON object, found ${describe(value)}`,
        doc.source,
      );
      return doc;
    }
    const read = this.elements(value, DOCUMENT_ELEMENTS, [], 'policy document');
    this.readVersion(read.get('Version'), doc);
    this.readId(read.get('Id'), doc);
    this.readStatements(read.get('Statement'), doc);
    this.checkDuplicateSids(doc.statements);
    return doc;
  }

  /** The document's own source: as given, with line:column filled in from the locator if missing. */
  private documentSource(): Source {
    if (this.base.line !== undefined) return { ...this.base };
    const at = this.locate?.(this.base.pointer ?? '');
    return at ? { ...this.base, line: at.line, column: at.column } : { ...this.base };
  }

  /**
   * Reads the known elements of an object. Names are case-sensitive in AWS; a name that differs
   * only in case is reported and still read (the exact spelling wins when both are present).
   */
  private elements<K extends string>(
    obj: Record<string, unknown>,
    known: readonly K[],
    tokens: (string | number)[],
    where: string,
  ): Map<K, { value: unknown; key: string }> {
    const out = new Map<K, { value: unknown; key: string }>();
    const byLower = new Map(known.map((k) => [k.toLowerCase(), k]));
    const variants: [string, K][] = [];
    for (const key of Object.keys(obj)) {
      if ((known as readonly string[]).includes(key)) {
        out.set(key as K, { value: obj[key], key });
        continue;
      }
      const canonical = byLower.get(key.toLowerCase());
      if (canonical) variants.push([key, canonical]);
      else {
        this.add(
          'policy/unknown-element',
          'error',
          `Unknown element "${key}" in the ${where}; allowed: ${known.join(', ')}`,
          this.src(...tokens, key),
        );
      }
    }
    for (const [key, canonical] of variants) {
      const dup = out.has(canonical);
      this.add(
        'policy/unknown-element',
        'error',
        dup
          ? `Element "${key}" repeats "${canonical}" with different case; AWS rejects it`
          : `Element names are case-sensitive: "${key}" must be written "${canonical}" (read as ${canonical})`,
        this.src(...tokens, key),
      );
      if (!dup) out.set(canonical, { value: obj[key], key });
    }
    return out;
  }

  private readVersion(entry: { value: unknown; key: string } | undefined, doc: PolicyDocument): void {
    if (!entry) {
      this.add(
        this.kind === 'rcp' ? 'policy/rcp-missing-version' : 'policy/missing-version',
        this.kind === 'rcp' ? 'error' : 'warning',
        this.kind === 'rcp'
          ? 'RCPs must include "Version": "2012-10-17"'
          : // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal policy variable syntax
            'No Version element: the policy is read with the 2008-10-17 language, where policy variables such as ${aws:username} are literal text; add "Version": "2012-10-17"',
        doc.source,
      );
      return;
    }
    const source = this.src(entry.key);
    const v = entry.value;
    if (v instanceof Unknown) {
      this.add(
        'policy/unknown-version',
        'info',
        `The Version is not known until apply (${v.reason}); policy variables are read as literal text`,
        source,
      );
      return;
    }
    if (typeof v === 'string') {
      doc.version = v;
      if (!VERSIONS.has(v)) {
        this.add(
          'policy/invalid-version',
          'error',
          `Invalid Version "${v}": use "2012-10-17" (or the older "2008-10-17")`,
          source,
        );
      } else if (this.kind === 'rcp' && v !== '2012-10-17') {
        this.add('policy/invalid-version', 'error', 'RCPs must use "Version": "2012-10-17"', source);
      }
      return;
    }
    this.add(
      'policy/invalid-version',
      'error',
      `Version must be the string "2012-10-17", found ${describe(v)}`,
      source,
    );
  }

  private readId(entry: { value: unknown; key: string } | undefined, doc: PolicyDocument): void {
    if (!entry) return;
    const source = this.src(entry.key);
    const v = entry.value;
    if (typeof v === 'string') doc.id = v;
    else if (!(v instanceof Unknown)) {
      this.add('policy/invalid-value-type', 'error', `Id must be a string, found ${describe(v)}`, source);
    }
    if (this.kind === 'identity' || this.kind === 'boundary') {
      this.add(
        'policy/unexpected-id',
        'warning',
        'The Id element is meant for resource-based policies; the policy grammar says not to include it in identity-based policies',
        source,
      );
    }
  }

  private readStatements(entry: { value: unknown; key: string } | undefined, doc: PolicyDocument): void {
    if (!entry) {
      this.add('policy/missing-statement', 'error', 'The policy has no Statement element', doc.source);
      return;
    }
    const v = entry.value;
    if (Array.isArray(v)) {
      if (v.length === 0) {
        this.add(
          'policy/missing-statement',
          'warning',
          'The Statement list is empty: the policy grants and denies nothing',
          this.src(entry.key),
        );
      }
      v.forEach((s, i) => {
        doc.statements.push(this.statement(s, i, [entry.key, i]));
      });
      return;
    }
    if (isPlainObject(v) || v instanceof Unknown) {
      doc.statements.push(this.statement(v, 0, [entry.key]));
      return;
    }
    this.add(
      'policy/invalid-statement',
      'error',
      `Statement must be an object or a list of objects, found ${describe(v)}`,
      this.src(entry.key),
    );
  }

  private statement(value: unknown, index: number, tokens: (string | number)[]): Statement {
    const source = this.src(...tokens);
    const st: Statement = {
      index,
      sid: undefined,
      effect: 'Deny',
      action: undefined,
      notAction: undefined,
      resource: undefined,
      notResource: undefined,
      principal: undefined,
      notPrincipal: undefined,
      conditions: [],
      source,
      unknown: undefined,
    };
    if (value instanceof Unknown) {
      st.unknown = value;
      st.effect = value;
      return st;
    }
    const label = `Statement[${index}]`;
    if (!isPlainObject(value)) {
      this.add(
        'policy/invalid-statement',
        'error',
        `${label} must be an object, found ${describe(value)}; it is kept with an unknown effect and no actions`,
        source,
      );
      st.effect = new Unknown(`${label} is not an object`, source);
      return st;
    }
    const read = this.elements(value, STATEMENT_ELEMENTS, tokens, `statement ${label}`);
    const el = (name: StatementElement) => read.get(name);

    this.readSid(el('Sid'), st, tokens);
    const name = st.sid ? `Statement "${st.sid}"` : label;
    this.readEffect(el('Effect'), st, tokens, name);

    // Action / NotAction
    const action = el('Action');
    const notAction = el('NotAction');
    if (action) st.action = this.actionList(action, tokens, name);
    if (notAction) st.notAction = this.actionList(notAction, tokens, name);
    if (action && notAction) {
      this.add(
        'policy/action-and-notaction',
        'error',
        `${name} has both Action and NotAction; use one of them`,
        this.src(...tokens, notAction.key),
      );
    } else if (!action && !notAction) {
      this.add('policy/missing-action', 'error', `${name} has no Action or NotAction element`, source);
    }
    if (notAction && this.kind === 'rcp') {
      this.add(
        'policy/unsupported-element',
        'error',
        `RCPs do not support NotAction (${name})`,
        this.src(...tokens, notAction.key),
      );
    }

    // Resource / NotResource
    const resource = el('Resource');
    const notResource = el('NotResource');
    if (resource) st.resource = this.valueList(resource, tokens, 'Resource', name);
    if (notResource) st.notResource = this.valueList(notResource, tokens, 'NotResource', name);
    if (resource && notResource) {
      this.add(
        'policy/resource-and-notresource',
        'error',
        `${name} has both Resource and NotResource; use one of them`,
        this.src(...tokens, notResource.key),
      );
    }
    if (this.kind === 'trust') {
      for (const e of [resource, notResource]) {
        if (!e) continue;
        this.add(
          'policy/unsupported-element',
          'error',
          `A role trust policy cannot have ${e.key === 'NotResource' ? 'NotResource' : 'Resource'} (IAM: "Has prohibited field Resource"); the role itself is the resource`,
          this.src(...tokens, e.key),
        );
      }
    } else if (!resource && !notResource) {
      if (RESOURCE_REQUIRED_KINDS.has(this.kind)) {
        this.add(
          'policy/missing-resource',
          'error',
          `${name} has no Resource or NotResource element`,
          source,
        );
      } else {
        this.add(
          'policy/missing-resource',
          'warning',
          `${name} has no Resource or NotResource element; only some services (e.g. ECR repository policies) imply the resource, others reject the policy`,
          source,
        );
      }
    }

    // Principal / NotPrincipal
    const principal = el('Principal');
    const notPrincipal = el('NotPrincipal');
    if (principal) st.principal = this.principal(principal, tokens, name);
    if (notPrincipal) st.notPrincipal = this.principal(notPrincipal, tokens, name);
    if (principal && notPrincipal) {
      this.add(
        'policy/principal-and-notprincipal',
        'error',
        `${name} has both Principal and NotPrincipal; use one of them`,
        this.src(...tokens, notPrincipal.key),
      );
    }
    if (NO_PRINCIPAL_KINDS.has(this.kind)) {
      for (const e of [principal, notPrincipal]) {
        if (!e) continue;
        this.add(
          'policy/unexpected-principal',
          'error',
          `${this.kindLabel()} cannot have a ${e.key === 'NotPrincipal' ? 'NotPrincipal' : 'Principal'} element (${name}): the principal is the identity the policy is attached to`,
          this.src(...tokens, e.key),
        );
      }
    } else if (PRINCIPAL_KINDS.has(this.kind) && !principal && !notPrincipal) {
      this.add(
        'policy/missing-principal',
        'error',
        `${name} has no Principal or NotPrincipal element, which ${this.kindLabel()} requires`,
        source,
      );
    }
    if (this.kind === 'rcp') {
      if (notPrincipal) {
        this.add(
          'policy/unsupported-element',
          'error',
          `RCPs do not support NotPrincipal (${name})`,
          this.src(...tokens, notPrincipal.key),
        );
      }
      if (st.principal && !st.principal.wildcard && !this.isUnknownPrincipal(st.principal)) {
        this.add(
          'policy/invalid-principal',
          'error',
          `RCPs support only "Principal": "*" (${name}); narrow the principals with conditions`,
          st.principal.source,
        );
      }
    }

    // Condition
    const condition = el('Condition');
    if (condition) st.conditions = this.conditions(condition, tokens, name);
    return st;
  }

  private kindLabel(): string {
    switch (this.kind) {
      case 'identity':
        return 'An identity-based policy';
      case 'boundary':
        return 'A permissions boundary';
      case 'session':
        return 'A session policy';
      case 'scp':
        return 'A service control policy';
      case 'rcp':
        return 'A resource control policy';
      case 'trust':
        return 'A role trust policy';
      case 'resource':
        return 'A resource-based policy';
    }
  }

  private readSid(
    entry: { value: unknown; key: string } | undefined,
    st: Statement,
    tokens: (string | number)[],
  ): void {
    if (!entry) return;
    const source = this.src(...tokens, entry.key);
    const v = entry.value;
    if (v instanceof Unknown) return;
    if (typeof v !== 'string') {
      this.add('policy/invalid-value-type', 'error', `Sid must be a string, found ${describe(v)}`, source);
      if (typeof v === 'number' || typeof v === 'boolean') st.sid = String(v);
      return;
    }
    st.sid = v;
    if (v === '') {
      this.add(
        'policy/empty-sid',
        'info',
        'The Sid is an empty string; give it a value or remove it',
        source,
      );
    } else if (IAM_SID_KINDS.has(this.kind) && !/^[A-Za-z0-9]+$/.test(v)) {
      this.add(
        'policy/invalid-sid',
        'error',
        `Sid "${v}" has characters IAM does not accept: only A-Z, a-z and 0-9 are allowed`,
        source,
      );
    }
  }

  private readEffect(
    entry: { value: unknown; key: string } | undefined,
    st: Statement,
    tokens: (string | number)[],
    name: string,
  ): void {
    if (!entry) {
      this.add(
        'policy/missing-effect',
        'error',
        `${name} has no Effect element; it must be "Allow" or "Deny"`,
        st.source,
      );
      st.effect = new Unknown(`${name} has no Effect`, st.source);
      return;
    }
    const source = this.src(...tokens, entry.key);
    const v = entry.value;
    if (v === 'Allow' || v === 'Deny' || v instanceof Unknown) {
      st.effect = v;
      return;
    }
    if (typeof v === 'string' && (v.toLowerCase() === 'allow' || v.toLowerCase() === 'deny')) {
      const effect: Effect = v.toLowerCase() === 'allow' ? 'Allow' : 'Deny';
      this.add(
        'policy/invalid-effect',
        'error',
        `Effect "${v}" must be written exactly "${effect}" (read as ${effect})`,
        source,
      );
      st.effect = effect;
      return;
    }
    this.add(
      'policy/invalid-effect',
      'error',
      `Effect must be "Allow" or "Deny", found ${describe(v)}`,
      source,
    );
    st.effect = new Unknown(`${name} has an invalid Effect ${describe(v)}`, source);
  }

  /**
   * Reads a string-or-array element. Numbers and booleans are kept as strings; nested objects,
   * arrays and null cannot be read as values and are reported.
   */
  private valueList(
    entry: { value: unknown; key: string },
    tokens: (string | number)[],
    element: string,
    name: string,
  ): ValueList {
    const elTokens = [...tokens, entry.key];
    const source = this.src(...elTokens);
    const list: ValueList = { values: [], source, valueSources: [] };
    const v = entry.value;
    const addValue = (x: unknown, xs: Source): void => {
      if (typeof x === 'string' || x instanceof Unknown) {
        list.values.push(x);
        list.valueSources.push(xs);
      } else if (typeof x === 'number' || typeof x === 'boolean') {
        this.add(
          'policy/invalid-value-type',
          'error',
          `${element} values must be strings, found ${describe(x)}`,
          xs,
        );
        list.values.push(String(x));
        list.valueSources.push(xs);
      } else {
        this.add(
          'policy/invalid-value-type',
          'error',
          `${element} values must be strings, found ${describe(x)}; the value is ignored`,
          xs,
        );
      }
    };
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        addValue(x, this.src(...elTokens, i));
      });
      if (v.length === 0) {
        this.add(
          `policy/empty-${element.replace(/^Not/, '').toLowerCase()}`,
          'info',
          `${name}: ${element} is an empty list, so the statement ${element.startsWith('Not') ? 'excludes nothing' : 'applies to nothing'}`,
          source,
        );
      }
    } else addValue(v, source);
    return list;
  }

  private actionList(
    entry: { value: unknown; key: string },
    tokens: (string | number)[],
    name: string,
  ): ValueList {
    const list = this.valueList(entry, tokens, entry.key === 'NotAction' ? 'NotAction' : 'Action', name);
    list.values.forEach((a, i) => {
      if (typeof a !== 'string' || a === '*') return;
      const colon = a.indexOf(':');
      if (colon <= 0 || colon === a.length - 1 || a.indexOf(':', colon + 1) >= 0 || /\s/.test(a)) {
        this.add(
          'policy/invalid-action',
          'error',
          `Action "${a}" is not of the form service:ActionName (or "*")`,
          list.valueSources[i]!,
        );
      }
    });
    return list;
  }

  private isUnknownPrincipal(p: PrincipalSpec): boolean {
    return p.aws?.values.some(isUnknown) ?? false;
  }

  private principal(
    entry: { value: unknown; key: string },
    tokens: (string | number)[],
    name: string,
  ): PrincipalSpec {
    const elTokens = [...tokens, entry.key];
    const source = this.src(...elTokens);
    const spec: PrincipalSpec = {
      wildcard: false,
      aws: undefined,
      service: undefined,
      federated: undefined,
      canonicalUser: undefined,
      source,
    };
    const v = entry.value;
    if (v instanceof Unknown) {
      // Who it names is unknown: any kind of principal may match, so every list holds it.
      const unknownList = (): ValueList => ({ values: [v], source, valueSources: [source] });
      spec.aws = unknownList();
      spec.service = unknownList();
      spec.federated = unknownList();
      spec.canonicalUser = unknownList();
      return spec;
    }
    if (v === '*') {
      spec.wildcard = true;
      return spec;
    }
    if (typeof v === 'string') {
      this.add(
        'policy/invalid-principal',
        'error',
        `${entry.key} must be "*" or an object such as {"AWS": "${v}"}; read as {"AWS": "${v}"}`,
        source,
      );
      spec.aws = { values: [v], source, valueSources: [source] };
      return spec;
    }
    if (!isPlainObject(v)) {
      this.add(
        'policy/invalid-principal',
        'error',
        `${entry.key} must be "*" or an object with AWS, Service, Federated or CanonicalUser keys, found ${describe(v)}`,
        source,
      );
      return spec;
    }
    const keys = Object.keys(v);
    if (keys.length === 0) {
      this.add(
        'policy/empty-principal',
        'info',
        `${name}: ${entry.key} is an empty object, so the statement ${entry.key === 'NotPrincipal' ? 'excludes no one' : 'applies to no one'}`,
        source,
      );
    }
    const read = new Map<PrincipalKey, { value: unknown; key: string }>();
    for (const key of keys) {
      if ((PRINCIPAL_KEYS as readonly string[]).includes(key)) {
        read.set(key as PrincipalKey, { value: v[key], key });
        continue;
      }
      const canonical = PRINCIPAL_KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
      if (canonical && !(canonical in v)) {
        this.add(
          'policy/invalid-principal',
          'error',
          `Principal keys are case-sensitive: "${key}" must be written "${canonical}" (read as ${canonical})`,
          this.src(...elTokens, key),
        );
        read.set(canonical, { value: v[key], key });
      } else {
        this.add(
          'policy/invalid-principal',
          'error',
          `Invalid principal key "${key}": use AWS, Service, Federated or CanonicalUser`,
          this.src(...elTokens, key),
        );
      }
    }
    const list = (k: PrincipalKey): ValueList | undefined => {
      const e = read.get(k);
      if (!e) return undefined;
      const l = this.valueList(e, elTokens, `${entry.key} ${k}`, name);
      return l;
    };
    spec.aws = list('AWS');
    spec.service = list('Service');
    spec.federated = list('Federated');
    spec.canonicalUser = list('CanonicalUser');
    return spec;
  }

  private conditions(
    entry: { value: unknown; key: string },
    tokens: (string | number)[],
    name: string,
  ): ConditionClause[] {
    const elTokens = [...tokens, entry.key];
    const source = this.src(...elTokens);
    const out: ConditionClause[] = [];
    const v = entry.value;
    if (v instanceof Unknown) {
      out.push(unknownClause(v, source));
      return out;
    }
    if (!isPlainObject(v)) {
      this.add(
        'policy/invalid-condition',
        'error',
        `${name}: Condition must be an object of operators, found ${describe(v)}; the statement is read with an unknown condition`,
        source,
      );
      // The statement's applicability cannot be read: keep it conditional on an unknown.
      out.push(unknownClause(new Unknown(`${name} has an unreadable Condition`, source), source));
      return out;
    }
    const operators = Object.keys(v);
    if (operators.length === 0) {
      this.add(
        'policy/empty-condition',
        'info',
        `${name}: the Condition block is empty and has no effect`,
        source,
      );
    }
    for (const operator of operators) {
      const opTokens = [...elTokens, operator];
      const opSource = this.src(...opTokens);
      const decoded = decodeConditionOperator(operator);
      const block = v[operator];
      // an adapter's unknown further operators (a partly known Condition map): one unknown clause
      if (operator === UNKNOWN_CONDITION_KEY && block instanceof Unknown) {
        out.push(unknownClause(block, opSource));
        continue;
      }
      if (!decoded) {
        const hint = suggestConditionOperator(operator);
        this.add(
          'policy/unknown-condition-operator',
          'error',
          operator === 'null' || operator === ''
            ? `Unknown condition operator ${operator ? '"null"' : '(an empty or null key)'}: ${YAML_NULL_KEY}`
            : `Unknown condition operator "${operator}"${hint ? `: operator names are case-sensitive, did you mean "${hint}"?` : ''}`,
          opSource,
        );
      } else if (decoded.base === 'Null' && decoded.ifExists) {
        this.add(
          'policy/null-with-ifexists',
          'error',
          `The Null operator cannot take the IfExists suffix ("${operator}")`,
          opSource,
        );
      }
      const clauseBase = {
        operator,
        base: decoded?.base,
        ifExists: decoded?.ifExists ?? false,
        set: decoded?.set,
      };
      if (block instanceof Unknown) {
        out.push({ ...clauseBase, key: UNKNOWN_CONDITION_KEY, values: [block], source: opSource });
        continue;
      }
      if (!isPlainObject(block)) {
        this.add(
          'policy/invalid-condition',
          'error',
          `${name}: the "${operator}" block must be an object of condition keys and values, found ${describe(block)}`,
          opSource,
        );
        out.push({
          ...clauseBase,
          key: UNKNOWN_CONDITION_KEY,
          values: [new Unknown(`${name} has an unreadable "${operator}" condition`, opSource)],
          source: opSource,
        });
        continue;
      }
      const keys = Object.keys(block);
      if (keys.length === 0) {
        this.add(
          'policy/empty-condition',
          'info',
          `${name}: the "${operator}" block is empty and has no effect`,
          opSource,
        );
      }
      const seen = new Map<string, string>();
      for (const key of keys) {
        const keySource = this.src(...opTokens, key);
        const lower = key.toLowerCase();
        const prev = seen.get(lower);
        if (prev !== undefined) {
          this.add(
            'policy/duplicate-condition-key',
            'error',
            `Condition key "${key}" appears again as "${prev}" in the same "${operator}" block; key names are not case-sensitive`,
            keySource,
          );
        } else seen.set(lower, key);
        const values = this.conditionValues(block[key], [...opTokens, key], keySource, key);
        if (values.length === 0 && Array.isArray(block[key])) {
          this.add(
            'policy/empty-condition-values',
            'info',
            `${name}: condition key "${key}" has an empty list of values`,
            keySource,
          );
        }
        out.push({ ...clauseBase, key, values, source: keySource });
      }
    }
    return out;
  }

  private conditionValues(
    v: unknown,
    tokens: (string | number)[],
    source: Source,
    key: string,
  ): Maybe<string>[] {
    const out: Maybe<string>[] = [];
    const addConditionValue = (x: unknown, xs: Source): void => {
      if (typeof x === 'string' || x instanceof Unknown) out.push(x);
      else if (typeof x === 'number' || typeof x === 'boolean') out.push(String(x));
      else {
        this.add(
          'policy/invalid-condition-value',
          'error',
          `Condition values for "${key}" must be strings, numbers or booleans, found ${describe(x)}; the value is ignored`,
          xs,
        );
      }
    };
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        addConditionValue(x, this.src(...tokens, i));
      });
    } else addConditionValue(v, source);
    return out;
  }

  private checkDuplicateSids(statements: Statement[]): void {
    const seen = new Set<string>();
    for (const st of statements) {
      if (!st.sid) continue;
      if (seen.has(st.sid)) {
        const iam = IAM_SID_KINDS.has(this.kind);
        this.add(
          'policy/duplicate-sid',
          iam ? 'error' : 'warning',
          iam
            ? `Duplicate Sid "${st.sid}": statement IDs must be unique within an IAM policy`
            : `Duplicate Sid "${st.sid}": use statement IDs that are unique within the policy`,
          childSource(st.source, this.locate, 'Sid'),
        );
      }
      seen.add(st.sid);
    }
  }
}

/** A condition clause that is wholly unknown: the statement applies only if `value` lets it. */
function unknownClause(value: Unknown, source: Source): ConditionClause {
  return {
    operator: '',
    base: undefined,
    ifExists: false,
    set: undefined,
    key: UNKNOWN_CONDITION_KEY,
    values: [value],
    source,
  };
}
