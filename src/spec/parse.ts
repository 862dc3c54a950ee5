// Parsing the access spec (ARCHITECTURE.md, "Contracts"): YAML or JSON text into an `AccessSpec`,
// checked against the rules of schema/access-spec.schema.json by hand so that every error is a
// SpecError naming the file, line and column of the offending element. A `sessionPolicy` given
// as a path is read (relative to the spec file) and parsed here, so a missing file is a spec
// error too. References (`user/john`, ARNs...) are resolved later against a model (resolve.ts).

import { distinctAsInputsOf } from '../model/stand-ins.js';
import type { Model } from '../model/types.js';
import { dirname, resolve as resolvePath } from 'node:path';
import type { RequestContext } from '../engine/types.js';
import { escapePointerToken, type Locator, type Source } from '../model/source.js';
import type { Finding } from '../model/finding.js';
import { parsePolicy } from '../policy/parse.js';
import { decodeJsonBytes, LocatedSyntaxError, parseLocatedJson } from '../policy/located-json.js';
import { isOrgNodeId } from '../aws/org-managed-policies.js';
import { stackRoleProblem } from '../aws/stack-roles.js';
import { SpecError } from './errors.js';
import { type LocatedDocument, locationOf, readLocatedDocument } from './located-document.js';
import type { AccessSpec, Expectation, SpecAccess, SpecLocation } from './types.js';
import { mergeContexts, readContext } from '../requests/context.js';
import { isResourcePair } from '../requests/references.js';
import { closest } from '../text/suggest.js';
import { readInputFile } from '../model/read-input.js';

const TOP_KEYS = [
  '$schema',
  'version',
  'account',
  'strict',
  'openAccounts',
  'scpFullAccessDetached',
  'stackRoles',
  'description',
  'context',
  'expect',
];
const PRINCIPAL_FORM_KEYS = [
  'principal',
  'via',
  'sessionPolicy',
  'can',
  'cannot',
  'only',
  'cannotBecome',
  'noEscalation',
];
const RESOURCE_FORM_KEYS = ['resource', 'action', 'onlyPrincipals'];
const COMMON_KEYS = ['id', 'description', 'context'];
const EXPECTATION_KEYS = [...COMMON_KEYS, ...PRINCIPAL_FORM_KEYS, ...RESOURCE_FORM_KEYS];
const ACCESS_KEYS = ['action', 'resource', 'context'];

/** Reads and parses a spec file (YAML, or JSON for `.json` files and text starting with `{`). */
export function loadSpec(path: string): AccessSpec {
  let bytes: Buffer;
  try {
    bytes = readInputFile(path);
  } catch (e) {
    throw new SpecError(
      `cannot read the access spec: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
      { file: path, line: undefined, column: undefined, pointer: '' },
      { cause: e },
    );
  }
  return parseSpec(decodeJsonBytes(bytes), path);
}

/**
 * Parses spec text. `file` names the spec in errors and is the base of relative
 * `sessionPolicy` paths (without it, paths are relative to the working directory).
 */
export function parseSpec(text: string, file?: string): AccessSpec {
  const doc = readLocatedDocument(text, file);
  const spec = new SpecReader(doc).spec();
  documents.set(spec, doc);
  texts.set(spec, text);
  return spec;
}

const texts = new WeakMap<AccessSpec, string>();

/**
 * The spec as read against `model`: when the model's inputs spelled a stand-in themselves (the
 * placeholder account id, a stand-in region's name) and the spec's text does too, the spec parsed
 * again with it read as the inputs' literal (src/model/stand-ins.ts `distinctAsInputsOf`).
 */
export function specAsInputsOf(model: Model, spec: AccessSpec): AccessSpec {
  const text = texts.get(spec);
  if (text === undefined) return spec;
  const rewritten = distinctAsInputsOf(model, text);
  return rewritten === text ? spec : parseSpec(rewritten, documents.get(spec)?.file);
}

const documents = new WeakMap<AccessSpec, LocatedDocument>();

/**
 * The location of any element of a parsed spec by JSON pointer (`/expect/0/via/1`), falling
 * back to its nearest located parent; for specs not made by parseSpec, the pointer alone.
 */
export function specLocation(spec: AccessSpec, pointer: string): SpecLocation {
  const doc = documents.get(spec);
  if (!doc) return { file: spec.file, line: undefined, column: undefined, pointer };
  return locationOf(doc, pointer);
}

type Json = unknown;

/** What both forms of an expectation have. */
type ExpectationBase = Pick<Expectation, 'id' | 'description' | 'context' | 'location'>;

function kindOf(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string')
    return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`;
  return `${typeof v === 'number' ? 'the number' : 'the value'} ${String(v)}`;
}

function isRecord(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The first error of a spec's session policy (an unknown condition operator, a statement without
 * an Effect...), which the engine would otherwise evaluate as written: the spec fails to load
 * with it, at its place.
 */
function policyError(raw: unknown, source: Source, locate?: Locator): Finding | undefined {
  return parsePolicy(raw, { kind: 'session', source, ...(locate ? { locate } : {}) }).findings.find(
    (f) => f.severity === 'error',
  );
}

class SpecReader {
  /** The spec's default context (`context:` at the top). */
  private defaults: RequestContext | undefined;

  constructor(private readonly doc: LocatedDocument) {}

  private at(pointer: string, key = false): SpecLocation {
    return locationOf(this.doc, pointer, key);
  }

  private fail(reason: string, pointer: string, key = false): never {
    throw new SpecError(reason, this.at(pointer, key));
  }

  private expectRecord(v: Json, pointer: string, what: string): Record<string, Json> {
    if (!isRecord(v)) this.fail(`${what} must be a mapping, not ${kindOf(v)}`, pointer);
    return v;
  }

  private keysOnly(obj: Record<string, Json>, pointer: string, allowed: string[], what: string): void {
    for (const k of Object.keys(obj)) {
      if (allowed.includes(k)) continue;
      const close = closest(k, allowed, 1)[0];
      const hint = close ? `did you mean "${close}"?` : `allowed keys: ${allowed.join(', ')}`;
      this.fail(`unknown key "${k}" in ${what}; ${hint}`, `${pointer}/${escapePointerToken(k)}`, true);
    }
  }

  private string(v: Json, pointer: string, what: string): string {
    if (typeof v !== 'string') {
      const hint =
        typeof v === 'number' && /^\d{12}$/.test(String(v))
          ? ` (quote it: "${v}"; YAML reads an unquoted account id as a number)`
          : '';
      this.fail(`${what} must be a string, not ${kindOf(v)}${hint}`, pointer);
    }
    if (v.trim() === '') this.fail(`${what} must not be empty`, pointer);
    return v;
  }

  /** A string or a non-empty list of strings. */
  private strings(v: Json, pointer: string, what: string): string[] {
    if (Array.isArray(v)) {
      if (v.length === 0) this.fail(`${what} must not be an empty list`, pointer);
      return v.map((x, i) => this.string(x, `${pointer}/${i}`, `${what} entry`));
    }
    return [this.string(v, pointer, what)];
  }

  spec(): AccessSpec {
    const root = this.doc.value;
    if (root === null || root === undefined) this.fail('the access spec is empty', '');
    const top = this.expectRecord(root, '', 'the access spec');
    this.keysOnly(top, '', TOP_KEYS, 'the access spec');
    if (!('version' in top)) this.fail('the access spec needs "version: 1"', '');
    if (top.version !== 1) {
      this.fail(`unsupported spec version ${kindOf(top.version)}: this iamspec reads version 1`, '/version');
    }
    let account: string | undefined;
    if (top.account !== undefined) {
      account = this.string(top.account, '/account', '"account"');
      if (!/^\d{12}$/.test(account))
        this.fail(`"account" must be a 12-digit account id, not "${account}"`, '/account');
    }
    if (top.strict !== undefined && typeof top.strict !== 'boolean') {
      this.fail(`"strict" must be true or false, not ${kindOf(top.strict)}`, '/strict');
    }
    if (top.openAccounts !== undefined && typeof top.openAccounts !== 'boolean') {
      this.fail(`"openAccounts" must be true or false, not ${kindOf(top.openAccounts)}`, '/openAccounts');
    }
    let scpFullAccessDetached: string[] | undefined;
    if (top.scpFullAccessDetached !== undefined) {
      scpFullAccessDetached = this.strings(
        top.scpFullAccessDetached,
        '/scpFullAccessDetached',
        '"scpFullAccessDetached"',
      );
      scpFullAccessDetached.forEach((id, i) => {
        if (!isOrgNodeId(id))
          this.fail(
            `"scpFullAccessDetached" lists roots (r-…), OUs (ou-…) and 12-digit account ids, not "${id}"`,
            Array.isArray(top.scpFullAccessDetached)
              ? `/scpFullAccessDetached/${i}`
              : '/scpFullAccessDetached',
          );
      });
    }
    const stackRoles = top.stackRoles === undefined ? undefined : this.stackRoles(top.stackRoles);
    if (top.description !== undefined) this.string(top.description, '/description', '"description"');
    if (top.$schema !== undefined) this.string(top.$schema, '/$schema', '"$schema"');
    this.defaults = top.context === undefined ? undefined : this.context(top.context, '/context');
    if (!('expect' in top)) this.fail('the access spec needs an "expect" list', '');
    if (!Array.isArray(top.expect))
      this.fail(`"expect" must be a list, not ${kindOf(top.expect)}`, '/expect');
    if (top.expect.length === 0)
      this.fail('"expect" lists no expectations: the spec would check nothing', '/expect');
    const expectations = top.expect.map((e, i) => this.expectation(e, i));
    const seen = new Map<string, number>();
    expectations.forEach((e, i) => {
      const before = seen.get(e.id);
      if (before !== undefined) {
        this.fail(`duplicate expectation id "${e.id}" (also used by expect[${before}])`, `/expect/${i}/id`);
      }
      seen.set(e.id, i);
    });
    return {
      version: 1,
      file: this.doc.file,
      account,
      strict: top.strict === true,
      ...(top.openAccounts === true ? { openAccounts: true } : {}),
      ...(scpFullAccessDetached ? { scpFullAccessDetached } : {}),
      ...(stackRoles ? { stackRoles } : {}),
      ...(this.defaults ? { context: this.defaults } : {}),
      expect: expectations,
    };
  }

  /**
   * `stackRoles:`, a mapping of stack name to the service role it deploys with (`ROLE_ARN` or
   * `none`), as `--stack-role STACK=ROLE_ARN|none` (checked by aws/stack-roles.ts).
   */
  private stackRoles(raw: Json): Record<string, string> {
    const what = '"stackRoles"';
    const map = this.expectRecord(raw, '/stackRoles', `${what} (a mapping STACK: ROLE_ARN or STACK: none)`);
    const out: Record<string, string> = {};
    for (const [stack, role] of Object.entries(map)) {
      const pointer = `/stackRoles/${escapePointerToken(stack)}`;
      const arn = this.string(role, pointer, `the role of stack ${stack} in ${what}`);
      const problem = stackRoleProblem(stack, arn, { what, separator: ': ' });
      if (problem) this.fail(problem, pointer);
      out[stack] = arn;
    }
    if (!Object.keys(out).length) this.fail(`${what} names no stack`, '/stackRoles');
    return out;
  }

  private expectation(raw: Json, index: number): Expectation {
    const pointer = `/expect/${index}`;
    const what = `expect[${index}]`;
    const e = this.expectRecord(raw, pointer, what);
    this.keysOnly(e, pointer, EXPECTATION_KEYS, `an expectation (${what})`);
    const has = (k: string) => e[k] !== undefined;
    const principalForm = PRINCIPAL_FORM_KEYS.filter(has);
    const resourceForm = RESOURCE_FORM_KEYS.filter(has);
    if (principalForm.length && resourceForm.length) {
      const a = principalForm[0]!;
      const b = resourceForm[0]!;
      this.fail(
        `${what} mixes the two forms of an expectation ("${a}" and "${b}"): write either principal with can/cannot/only/via, or resource + action + onlyPrincipals`,
        `${pointer}/${escapePointerToken(b)}`,
        true,
      );
    }
    const id = e.id === undefined ? what : this.string(e.id, `${pointer}/id`, '"id"');
    const description =
      e.description === undefined
        ? undefined
        : this.string(e.description, `${pointer}/description`, '"description"');
    const own = e.context === undefined ? undefined : this.context(e.context, `${pointer}/context`);
    const context = mergeContexts(this.defaults, own);
    const base: ExpectationBase = { id, description, context, location: this.at(pointer) };
    return resourceForm.length
      ? this.resourceFormExpectation(e, base, pointer, what)
      : this.principalFormExpectation(e, base, pointer, what, principalForm);
  }

  /** resource + action + onlyPrincipals. */
  private resourceFormExpectation(
    e: Record<string, Json>,
    base: ExpectationBase,
    pointer: string,
    what: string,
  ): Expectation {
    const has = (k: string) => e[k] !== undefined;
    for (const k of RESOURCE_FORM_KEYS) {
      if (!has(k)) this.fail(`${what} needs "${k}" (the form resource + action + onlyPrincipals)`, pointer);
    }
    const onlyPrincipals = e.onlyPrincipals;
    if (!Array.isArray(onlyPrincipals)) {
      this.fail(
        `"onlyPrincipals" must be a list of principal references, not ${kindOf(onlyPrincipals)}`,
        `${pointer}/onlyPrincipals`,
      );
    }
    const targets = this.targets(e, pointer);
    return {
      ...base,
      principal: undefined,
      via: [],
      sessionPolicy: undefined,
      can: [],
      cannot: [],
      only: undefined,
      cannotBecome: [],
      noEscalation: false,
      resource: targets[0]!.resource,
      action: targets[0]!.action,
      targets,
      onlyPrincipals: onlyPrincipals.map((p, i) =>
        this.string(p, `${pointer}/onlyPrincipals/${i}`, 'a principal reference'),
      ),
    };
  }

  /** principal with can / cannot / only / via / cannotBecome / noEscalation. */
  private principalFormExpectation(
    e: Record<string, Json>,
    base: ExpectationBase,
    pointer: string,
    what: string,
    principalForm: readonly string[],
  ): Expectation {
    const has = (k: string) => e[k] !== undefined;
    if (!has('principal')) {
      this.fail(
        principalForm.length
          ? `${what} needs "principal" (who the ${principalForm.filter((k) => k !== 'principal').join('/')} check is about)`
          : `${what} checks nothing: write principal with can/cannot/only/via, or resource + action + onlyPrincipals`,
        pointer,
      );
    }
    const principal = this.string(e.principal, `${pointer}/principal`, '"principal"');
    const via = has('via') ? this.strings(e.via, `${pointer}/via`, '"via"') : [];
    const can = has('can') ? this.accessList(e.can, `${pointer}/can`, 'can') : [];
    const cannot = has('cannot') ? this.accessList(e.cannot, `${pointer}/cannot`, 'cannot') : [];
    const only = has('only') ? this.accessList(e.only, `${pointer}/only`, 'only') : undefined;
    const cannotBecome = has('cannotBecome')
      ? this.strings(e.cannotBecome, `${pointer}/cannotBecome`, '"cannotBecome"')
      : [];
    let noEscalation = false;
    if (has('noEscalation')) {
      if (e.noEscalation !== true)
        this.fail(
          '"noEscalation" must be true (leave it out to not check escalation)',
          `${pointer}/noEscalation`,
        );
      noEscalation = true;
    }
    if (!can.length && !cannot.length && !only && !via.length && !cannotBecome.length && !noEscalation) {
      this.fail(
        `${what} checks nothing: give "${principal}" a can, cannot, only, via, cannotBecome or noEscalation`,
        pointer,
      );
    }
    const sessionPolicy = has('sessionPolicy')
      ? this.sessionPolicy(e.sessionPolicy, `${pointer}/sessionPolicy`)
      : undefined;
    return {
      ...base,
      principal,
      via,
      sessionPolicy,
      can,
      cannot,
      only,
      cannotBecome,
      noEscalation,
      resource: undefined,
      action: undefined,
      targets: [],
      onlyPrincipals: undefined,
    };
  }

  /** The onlyPrincipals form's `action` and `resource` (each one or a list): every pair. */
  private targets(e: Record<string, Json>, pointer: string): SpecAccess[] {
    const actions = this.actions(e.action, `${pointer}/action`);
    const resources = this.resources(e.resource, `${pointer}/resource`);
    const out: SpecAccess[] = [];
    for (const { action, at } of actions) {
      for (const r of resources) {
        const location = this.at(resources.length > 1 ? r.at : actions.length > 1 ? at : pointer);
        out.push({ action, ...r.value, location });
      }
    }
    return out;
  }

  /** `action`: one action (pattern) or a list, each `service:Action`. */
  private actions(raw: Json, pointer: string): { action: string; at: string }[] {
    const actions = this.strings(raw, pointer, '"action"');
    return actions.map((a, i) => {
      const at = Array.isArray(raw) ? `${pointer}/${i}` : pointer;
      if (a !== '*' && !/^[A-Za-z0-9-*?]+:[A-Za-z0-9*?]+$/.test(a)) {
        this.fail(`"${a}" is not an action: write service:Action (s3:GetObject, s3:Get*)`, at);
      }
      return { action: a, at };
    });
  }

  /**
   * `resource`: one reference or a list; a pair `[token, 'suffix']` (a CDK token string and a
   * suffix, from a spec given as an object) is one resource, as an item of a list or the whole.
   */
  private resources(
    raw: Json,
    pointer: string,
  ): { value: { resource: string; suffix?: string }; at: string }[] {
    const pair = (v: Json, at: string) =>
      isResourcePair(v) && typeof v[0] === 'string'
        ? { value: { resource: v[0], suffix: v[1] }, at }
        : undefined;
    const whole = pair(raw, pointer);
    if (whole) return [whole];
    if (!Array.isArray(raw))
      return [{ value: { resource: this.string(raw, pointer, '"resource"') }, at: pointer }];
    if (raw.length === 0) this.fail('"resource" must not be an empty list', pointer);
    return raw.map(
      (item, i) =>
        pair(item, `${pointer}/${i}`) ?? {
          value: { resource: this.string(item, `${pointer}/${i}`, '"resource" entry') },
          at: `${pointer}/${i}`,
        },
    );
  }

  /** `can`/`cannot`/`only`: a list of {action, resource, context?}, or one such entry. */
  private accessList(raw: Json, pointer: string, kind: string): SpecAccess[] {
    if (isRecord(raw)) return this.access(raw, pointer, kind);
    if (!Array.isArray(raw)) {
      this.fail(`"${kind}" must be a list of { action, resource } entries, not ${kindOf(raw)}`, pointer);
    }
    if (raw.length === 0 && kind !== 'only') this.fail(`"${kind}" must not be an empty list`, pointer);
    return raw.flatMap((entry, i) => this.access(entry, `${pointer}/${i}`, kind));
  }

  /** One entry; `action` and `resource` may be lists (every action on every resource). */
  private access(raw: Json, pointer: string, kind: string): SpecAccess[] {
    const e = this.expectRecord(raw, pointer, `a "${kind}" entry`);
    this.keysOnly(e, pointer, ACCESS_KEYS, `a "${kind}" entry`);
    for (const k of ['action', 'resource']) {
      if (e[k] === undefined) this.fail(`a "${kind}" entry needs "${k}"`, pointer);
    }
    const actions = this.actions(e.action, `${pointer}/action`);
    const resources = this.resources(e.resource, `${pointer}/resource`);
    const context = e.context === undefined ? undefined : this.context(e.context, `${pointer}/context`);
    const location = this.at(pointer);
    const out: SpecAccess[] = [];
    for (const { action } of actions) {
      for (const { value } of resources) {
        out.push({ action, ...value, ...(context ? { context } : {}), location });
      }
    }
    return out;
  }

  /** Request context, read by the request layer's reader (null pins a key as absent). */
  private context(raw: Json, pointer: string): RequestContext {
    this.expectRecord(raw, pointer, '"context"');
    return readContext(raw, (message, path, atKey) =>
      this.fail(message, [pointer, ...path.map(escapePointerToken)].join('/'), atKey),
    );
  }

  /** An inline policy document, or a path to a JSON file relative to the spec file. */
  private sessionPolicy(raw: Json, pointer: string): unknown {
    if (isRecord(raw)) {
      if (!('Statement' in raw))
        this.fail('an inline "sessionPolicy" must be a policy document with a Statement', pointer);
      const error = policyError(raw, { file: this.doc.file, pointer });
      if (error) this.fail(`sessionPolicy: ${error.message}`, error.source?.pointer ?? pointer, true);
      return raw;
    }
    const path = this.string(raw, pointer, '"sessionPolicy" (a policy document or a JSON file path)');
    const base = this.doc.file ? dirname(this.doc.file) : process.cwd();
    const full = resolvePath(base, path);
    let text: string;
    try {
      text = decodeJsonBytes(readInputFile(full));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return this.fail(
        `cannot read sessionPolicy file ${full}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
        pointer,
      );
    }
    let value: unknown;
    let locate: Locator | undefined;
    try {
      ({ value, locate } = parseLocatedJson(text, full));
    } catch (e) {
      if (e instanceof LocatedSyntaxError) {
        throw new SpecError(
          `sessionPolicy file is not valid JSON: ${e.reason} (named at ${this.describe(pointer)})`,
          { file: full, line: e.line, column: e.column, pointer: '' },
          { cause: e },
        );
      }
      throw e;
    }
    if (!isRecord(value) || !('Statement' in value)) {
      throw new SpecError(
        `sessionPolicy file is not a policy document (no Statement) (named at ${this.describe(pointer)})`,
        { file: full, line: 1, column: 1, pointer: '' },
      );
    }
    const error = policyError(value, { file: full, pointer: '' }, locate);
    if (error)
      throw new SpecError(`sessionPolicy file: ${error.message} (named at ${this.describe(pointer)})`, {
        file: full,
        line: error.source?.line,
        column: error.source?.column,
        pointer: error.source?.pointer ?? '',
      });
    return value;
  }

  private describe(pointer: string): string {
    const at = this.at(pointer);
    return `${at.file ?? 'the spec'}${at.line !== undefined ? `:${at.line}:${at.column}` : ''}`;
  }
}
