// Stand-in values: every value iamspec invents for something the inputs do not name, owned here
// so that no two of them can collide and none can be mistaken for a value of the inputs.
// - "This account": the deploying account and region when neither the inputs nor the options
//   say (`PLACEHOLDER_ACCOUNT`, `PLACEHOLDER_REGION`). Adapters use them with a finding. An
//   input that writes a stand-in region's name itself is read as a distinct literal
//   (`distinctFromStandIns`), so only what the adapters resolved is ever the stand-in.
// - "Some other account": the account the analyses invent for anyone a `"Principal": "*"`
//   matches (`unnamedAccount(model)`). It is chosen per model so that it equals no model account
//   (the placeholder included) and no account id written anywhere in the model's policies or
//   ARNs, nor any id the caller names (an `onlyPrincipals` list).
// - Principals: a stand-in principal for an attachment with an unknown target or a member of a
//   group outside the inputs (`standInPrincipalName`, names start with `(unknown)`), and the
//   witnesses "any user / any role of account X" (`anyPrincipalArn`, named `(any-user)`,
//   `(any-role)`). IAM user, group and role names allow only `[\w+=,.@-]` (IAM API Reference,
//   CreateUser / CreateRole), so no deployed principal can have a stand-in's ARN. The unique
//   suffix IAM Identity Center gives its roles and SAML provider is `(unknown)` too.
// - Names in witness resources and probes: `WITNESS_NAME` (a `*` of a pattern filled in),
//   `PROBE_NAME` (resources nobody was given by name), `OBJECT_WITNESS_NAME` (any S3 object),
//   `DEFAULT_SESSION_NAME` (the session name of a request made "as a role").

import { AsyncLocalStorage } from 'node:async_hooks';
import type { PolicyDocument } from '../policy/types.js';
import { compileGlob, type Matcher } from '../policy/wildcard.js';
import { iamArn, parseArn } from './arns.js';
import type { Finding } from './finding.js';
import type { Model } from './types.js';

/**
 * The deploying account when neither the inputs nor the options name one: "this account", whose
 * id is unknown. The analyses never invent it for anything else (see `unnamedAccount`). The
 * engine never takes the id itself as known: a decision that would differ were "this account"
 * one of the ids the inputs or the request name is indeterminate (`deployingAccountAlternatives`,
 * src/engine/account-worlds.ts); comparisons of "this account" with itself stay decided.
 */
export const PLACEHOLDER_ACCOUNT = '000000000000';
/**
 * The deploying region when neither the inputs nor the options name one: "this region", whose
 * code is unknown. It is not a region code (AWS region codes end in a number: `us-east-1`), so a
 * region the inputs write themselves (`arn:aws:sqs:us-east-1:…`, an `aws:RequestedRegion`
 * condition on `us-east-1`) is that region, never taken for the deploying one; it has only the
 * characters of a region code, so hostnames and ARNs built from it parse as they would with a
 * real region. Output shows it as it is (`arn:aws:sqs:deploying-region:111122223333:jobs`). The
 * engine never takes it as known: a decision that would differ were "this region" one of the
 * regions the inputs or the request name is indeterminate (src/engine/region-worlds.ts).
 */
export const PLACEHOLDER_REGION = 'deploying-region';
/**
 * The region in the ARN of a resource whose region the inputs do not pin down (a Terraform
 * resource of an aliased provider configuration whose region is a variable): no AWS region has
 * this name, so no policy naming a region matches it by mistake; a `tf/unknown-region` warning
 * says where it stands.
 */
export const UNKNOWN_REGION = 'unknown-region';

// ---------------------------------------------------------------------------------------
// Inputs that spell a stand-in region themselves

/**
 * The stand-in regions an input might spell itself, each with the literal it is read as: the
 * same text with non-breaking hyphens (U+2011). A template, plan, configuration, variable file,
 * `file()` or SCP/RCP file writing `deploying-region` names no AWS region (AWS region codes end in
 * a number), so in AWS it matches no resource and no request; read as it is, it would be taken
 * for the stand-in and move with it from world to world (src/engine/region-worlds.ts), or match
 * the stack's own ARNs. Read as a distinct literal it stays what it is in AWS: a string that is
 * no region. The stand-in and the literal look alike in output; the `load/stand-in-spelled`
 * finding says which file wrote it.
 */
const SPELLED_STAND_INS: readonly { standIn: string; literal: string }[] = [
  PLACEHOLDER_REGION,
  UNKNOWN_REGION,
].map((standIn) => ({ standIn, literal: standIn.replace(/-/g, '\u2011') }));

/**
 * The input files of one load that spelled a stand-in region, with the stand-ins each spelled:
 * one per load (a ModelBuilder has one), so that the `load/stand-in-spelled` finding lands on the
 * model whose inputs wrote it, never on another model loaded in the same process (a test
 * runner, the two sides of a diff), nor on the next one after a failed load.
 */
export class StandInSpellings {
  private readonly spelledIn = new Map<string, Set<string>>();

  note(file: string, standIn: string): void {
    const set = this.spelledIn.get(file) ?? new Set<string>();
    set.add(standIn);
    this.spelledIn.set(file, set);
  }

  /**
   * One `load/stand-in-spelled` finding per file noted since the last call, then forgets them
   * (the model builder takes them when it builds; what is read after, e.g. --scp files, is taken
   * by the loader).
   */
  take(): Finding[] {
    const out: Finding[] = [];
    for (const [file, standIns] of this.spelledIn) {
      const names = [...standIns].map((s) => `"${s}"`).join(' and ');
      out.push({
        code: 'load/stand-in-spelled',
        severity: 'warning',
        message: `${file} writes ${names}, the name iamspec gives a region the inputs do not pin down; it is read as a literal that names no AWS region (as in AWS), never as that stand-in`,
        source: { file },
      });
    }
    this.spelledIn.clear();
    return out;
  }
}

/** The spellings of the load running (set by `withStandInSpellings`, through awaits too). */
const currentLoad = new AsyncLocalStorage<StandInSpellings>();

/**
 * Runs `fn` (a load, or an adapter entry point given a builder) so that the inputs it reads note
 * their stand-in spellings into `into`; restored afterwards, also when `fn` throws.
 */
export function withStandInSpellings<T>(into: StandInSpellings, fn: () => T): T {
  return currentLoad.getStore() === into ? fn() : currentLoad.run(into, fn);
}

/**
 * `text` (the whole text of a model input file) with every stand-in region it spells replaced by
 * its distinct literal (see `SPELLED_STAND_INS`); the file is noted in the spellings of the load
 * running (`withStandInSpellings`; outside a load nothing is noted: a parsed input given to an
 * adapter later is checked again by `distinctFromStandInsIn`). Lengths are kept, so lines and
 * columns stay as in the file.
 */
export function distinctFromStandIns(text: string, file: string): string {
  let out = text;
  for (const { standIn, literal } of SPELLED_STAND_INS) {
    if (!out.includes(standIn)) continue;
    out = out.replaceAll(standIn, literal);
    currentLoad.getStore()?.note(file, standIn);
  }
  return out;
}

/**
 * `distinctFromStandIns` for an input already parsed (a template object given to the API, the
 * template of a CDK assembly in memory): the same value when it spells no stand-in region, else a
 * copy with each spelling replaced (JSON-like values only: templates and plans are JSON data).
 */
export function distinctFromStandInsIn<T>(value: T, file: string): T {
  const text = JSON.stringify(value);
  if (text === undefined) return value;
  // A value read outside the load (parsed by the caller with `readTemplateFile`) already has the
  // literals: noted here, in the load it is given to.
  for (const { standIn, literal } of SPELLED_STAND_INS)
    if (text.includes(literal)) currentLoad.getStore()?.note(file, standIn);
  if (!SPELLED_STAND_INS.some(({ standIn }) => text.includes(standIn))) return value;
  return JSON.parse(distinctFromStandIns(text, file)) as T;
}

/**
 * An element whose name the inputs leave (partly) unknown (a CloudFormation `RoleName:
 * !Sub '${AWS::StackName}-role'` without a stack name) is modelled under its known parts with
 * each unknown part written `(unknown-HINT)` (`role/(unknown-AppRole)-role`): `(` and `)` are
 * allowed in no IAM, S3, SQS, SNS, Lambda, DynamoDB... name, so no deployed element has such an
 * ARN, and the engine reads every such part as "any run of characters" when it matches a
 * policy's pattern against the ARN (src/engine/unknown-names.ts).
 */
export const UNKNOWN_NAME_PART_OPEN = '(unknown-';

/** The text standing for one unknown part of the name of the element `hint` names. */
export function unknownNamePart(hint: string): string {
  const cleaned = hint.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '');
  return `${UNKNOWN_NAME_PART_OPEN}${cleaned || 'name'})`;
}

/**
 * The modelled name of an element whose name is built from `parts` (known text, or undefined for
 * an unknown part): the known parts as they are (`transform` applied to them only: a lowercase
 * bucket name), each unknown part `unknownNamePart(hint)`.
 */
export function partlyKnownName(
  parts: readonly (string | undefined)[],
  hint: string,
  transform: (known: string) => string = (x) => x,
): string {
  // Each unknown part its own text (`(unknown-HINT)`, `(unknown-HINT-2)`...): two parts of one
  // name are two unknowns (the engine takes the same text for the same unknown).
  let n = 0;
  return parts
    .map((p) => {
      if (p !== undefined) return transform(p);
      n++;
      return unknownNamePart(n === 1 ? hint : `${hint}-${n}`);
    })
    .join('');
}

/** True when `arn` (or a name) holds a part the inputs leave unknown (`unknownNamePart`). */
export function hasUnknownNamePart(arn: string): boolean {
  return arn.includes(UNKNOWN_NAME_PART_OPEN);
}

/** The prefix of every stand-in principal name; `(` and `)` are not allowed in IAM names. */
export const STAND_IN_PREFIX = '(unknown)';

/** Name of the witness "any user of account X" (not a valid IAM name: no real user has it). */
export const ANY_USER_NAME = '(any-user)';
/** Name of the witness "any role of account X" (not a valid IAM name: no real role has it). */
export const ANY_ROLE_NAME = '(any-role)';

/** What a `*` of a resource pattern becomes in a readable witness (`bucket/*` → `bucket/iamspec-witness`). */
export const WITNESS_NAME = 'iamspec-witness';
/** What a `*` becomes in a witness principal ARN instantiated from a pattern. */
export const PRINCIPAL_WITNESS_NAME = 'iamspec-witness';
/** Stem of resource names no model element has, for probes ("a resource it was never given by name"). */
export const PROBE_NAME = 'iamspec-any';
/** A key standing for any object of an S3 bucket (catalog resource-type matching). */
export const OBJECT_WITNESS_NAME = 'iamspec-object';
/** Session name of a request made as a role (the role ARN given as the principal). */
export const DEFAULT_SESSION_NAME = 'iamspec-session';

/** A stand-in principal name for `hint` (a logical id, a Terraform address, a group name). */
export function standInPrincipalName(hint: string): string {
  const cleaned = hint.replace(/[^\w+=,.@-]+/g, '-').replace(/^-+|-+$/g, '');
  return STAND_IN_PREFIX + (cleaned || 'principal').slice(0, 64);
}

/**
 * The ARN of the stand-in principal for "some user / group / role outside the inputs that
 * `hint` may attach a policy to".
 */
export function unknownPrincipalArn(
  partition: string,
  account: string,
  kind: 'user' | 'group' | 'role',
  hint: string,
): string {
  return iamArn(partition, account, kind, standInPrincipalName(hint));
}

/** True for the ARN of a stand-in principal (see `unknownPrincipalArn`). */
export function isStandInPrincipalArn(arn: string): boolean {
  const resource = parseArn(arn)?.resource ?? '';
  return resource.slice(resource.lastIndexOf('/') + 1).startsWith(STAND_IN_PREFIX);
}

/**
 * The stand-in for the unique suffix IAM Identity Center gives the role it creates for a
 * permission set in an account (`AWSReservedSSO_<name>_<unique suffix>`): the suffix is assigned
 * at assignment time, so it is not in the inputs.
 */
export const IDENTITY_CENTER_SUFFIX = STAND_IN_PREFIX;

/** `AWSReservedSSO_<permission set name>_(unknown)`. */
export function identityCenterRoleName(permissionSetName: string): string {
  return `AWSReservedSSO_${permissionSetName}_${IDENTITY_CENTER_SUFFIX}`;
}

/** The account's IAM Identity Center SAML provider, `AWSSSO_<unknown suffix>_DO_NOT_DELETE`. */
export function identityCenterSamlProviderName(): string {
  return `AWSSSO_${IDENTITY_CENTER_SUFFIX}_DO_NOT_DELETE`;
}

/** The witness ARN for "any user / any role of `account`". */
export function anyPrincipalArn(partition: string, account: string, kind: 'user' | 'role'): string {
  return `arn:${partition}:iam::${account}:${kind}/${kind === 'user' ? ANY_USER_NAME : ANY_ROLE_NAME}`;
}

/** `user` / `role` when `resource` (the resource part of an IAM ARN) is an any-principal witness. */
export function anyPrincipalKind(resource: string): 'user' | 'role' | undefined {
  if (resource === `user/${ANY_USER_NAME}`) return 'user';
  if (resource === `role/${ANY_ROLE_NAME}`) return 'role';
  return undefined;
}

// ---------------------------------------------------------------------------------------
// The unnamed external account

const TWELVE_DIGITS = /(?<!\d)\d{12}(?!\d)/g;
/** An account pattern: digits with `*` / `?` (a condition value, the account field of an ARN). */
const ACCOUNT_PATTERN = /^[\d*?]*[*?][\d*?]*$/;

interface AccountNames {
  /** Account ids written anywhere (12-digit runs). */
  ids: Set<string>;
  /** Account patterns with at least one digit (`9*`, `1111????????`). */
  patterns: Matcher[];
  /** The same patterns as written. */
  patternTexts?: string[];
}

function noteString(s: string, out: AccountNames): void {
  if (s.length >= 12) for (const m of s.matchAll(TWELVE_DIGITS)) out.ids.add(m[0]);
  const field = s.startsWith('arn:') ? s.split(':')[4] : s;
  if (field && field.length <= 64 && /\d/.test(field) && ACCOUNT_PATTERN.test(field)) {
    out.patterns.push(compileGlob(field, false));
    out.patternTexts?.push(field);
  }
}

/** Account ids and patterns in the strings of `value` (policy documents, ARNs), into `out`. */
function collectAccounts(value: unknown, out: AccountNames, seen: Set<object>, depth = 0): void {
  if (typeof value === 'string') {
    noteString(value, out);
    return;
  }
  if (value === null || typeof value !== 'object' || depth > 64) return;
  // An empty list names nothing (most statements' `conditions`): not worth remembering.
  if (Array.isArray(value) && !value.length) return;
  if (seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const x of value) collectAccounts(x, out, seen, depth + 1);
    return;
  }
  for (const [k, x] of Object.entries(value)) {
    // Sources (file names, pointers: an element's own and its values', `valueSources`) and
    // findings are not part of what policies say.
    if (k === 'source' || k === 'valueSources' || k === 'findings') continue;
    collectAccounts(x, out, seen, depth + 1);
  }
}

const namedCache = new WeakMap<Model, AccountNames>();

/**
 * The account ids and account patterns the model names: its accounts (and the placeholder), and
 * every 12-digit run and digit pattern in its ARNs and policy documents (principals, resources,
 * condition values).
 */
function accountNamesOf(model: Model): AccountNames {
  const hit = namedCache.get(model);
  if (hit) return hit;
  const out: AccountNames = {
    ids: new Set(model.accounts.map((a) => a.id)),
    patterns: [],
    patternTexts: [],
  };
  out.ids.add(PLACEHOLDER_ACCOUNT);
  const seen = new Set<object>();
  const docs: (PolicyDocument | undefined)[] = [];
  for (const p of [...model.users, ...model.groups, ...model.roles]) {
    collectAccounts(p.arn, out, seen);
    for (const ip of p.inlinePolicies) docs.push(ip.document);
    collectAccounts(p.managedPolicies, out, seen);
  }
  for (const r of model.roles) docs.push(r.trustPolicy);
  for (const p of model.policies) {
    collectAccounts(p.arn, out, seen);
    docs.push(p.document);
  }
  for (const r of model.resources) {
    collectAccounts(r.arn, out, seen);
    docs.push(r.policy);
  }
  for (const o of model.organizations) {
    // The account an SCP or RCP is attached to (an Organizations policy's target) may be "this
    // account", whose SCPs then apply: a world to look at.
    collectAccounts(o.account, out, seen);
    docs.push(...o.scps, ...o.rcps);
  }
  for (const d of docs) if (d) collectAccounts(d.statements, out, seen);
  namedCache.set(model, out);
  return out;
}

/** Every account id the model names (see `accountNamesOf`), the placeholder included. */
export function namedAccounts(model: Model): ReadonlySet<string> {
  return accountNamesOf(model).ids;
}

/** Candidates for the unnamed account: 999999999999, then a fixed pseudo-random walk. */
function* unnamedCandidates(): Generator<string> {
  let n = 999_999_999_999n;
  for (let i = 0; i < 500; i++) {
    yield String(n).padStart(12, '0');
    // A linear congruential step modulo 10^12: digits of every kind soon appear.
    n = (n * 1_103_515_245n + 12_345n) % 1_000_000_000_000n;
  }
}

/** Accounts `unnamedAccount` returned, for labels (`isUnnamedAccount`). */
const invented = new Set<string>();

/**
 * The account id the analyses invent for "some account outside the model" (anyone a
 * `"Principal": "*"` matches). It is never an id the model names (`namedAccounts`: the model's
 * accounts, the placeholder, every id in its policies and ARNs) nor one in `avoid`; of those,
 * the first that the fewest account patterns of the model match (`9*` in a condition), so that
 * it stands for an account no policy singles out. Deterministic for a model.
 */
export function unnamedAccount(model: Model, avoid: Iterable<string> = []): string {
  const names = accountNamesOf(model);
  const extra: AccountNames = { ids: new Set(), patterns: [] };
  for (const a of avoid) noteString(a, extra);
  const patterns = [...names.patterns, ...extra.patterns];
  let best: { id: string; hits: number } | undefined;
  for (const id of unnamedCandidates()) {
    if (names.ids.has(id) || extra.ids.has(id)) continue;
    let hits = 0;
    for (const p of patterns) if (p.test(id)) hits++;
    if (!best || hits < best.hits) best = { id, hits };
    if (hits === 0) break;
  }
  /* c8 ignore next */
  if (!best) throw new Error('no free account id');
  invented.add(best.id);
  return best.id;
}

/** True for an id `unnamedAccount` invented in this process (labels say "any other account"). */
export function isUnnamedAccount(account: string): boolean {
  return invented.has(account);
}

/**
 * A 12-digit account id that the account pattern `pattern` (`9*`, `1111????????`) matches and
 * that the model does not name, for a witness of "an account the pattern names"; undefined when
 * no 12-digit id matches.
 */
export function accountMatching(model: Model, pattern: string): string | undefined {
  if (!ACCOUNT_PATTERN.test(pattern)) return undefined;
  const fixed = pattern.replace(/\*/g, '').length;
  if (fixed > 12 || (fixed < 12 && !pattern.includes('*'))) return undefined;
  const names = accountNamesOf(model);
  const m = compileGlob(pattern, false);
  for (const fill of '7351902468') {
    const star = pattern.indexOf('*');
    const filled = (
      star < 0 ? pattern : pattern.slice(0, star) + fill.repeat(12 - fixed) + pattern.slice(star + 1)
    )
      .replace(/\*/g, '')
      .replace(/\?/g, fill);
    if (filled.length === 12 && m.test(filled) && !names.ids.has(filled)) return filled;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// The unstated deploying account

/** True for the stand-in of a deploying account the inputs and options do not state. */
export function isPlaceholderAccount(id: string): boolean {
  return id === PLACEHOLDER_ACCOUNT;
}

/** True when some input of the model did not state its deploying account. */
export function hasUnstatedAccount(model: Model): boolean {
  return model.accounts.some((a) => isPlaceholderAccount(a.id));
}

const alternativesCache = new WeakMap<Model, readonly string[]>();

/**
 * The ids "this account" (an unstated deploying account, `PLACEHOLDER_ACCOUNT`) might be that
 * could change a decision: every account id the model names other than the placeholder (its
 * other accounts, every 12-digit run in its policies and ARNs), and for each account pattern of
 * its policies (`1234*`) one id the pattern matches. Any other id compares with everything the
 * model says as the placeholder does, so these ids are the only worlds to look at. Empty when
 * every account of the model is stated.
 */
export function deployingAccountAlternatives(model: Model): readonly string[] {
  const hit = alternativesCache.get(model);
  if (hit) return hit;
  let out: string[] = [];
  if (hasUnstatedAccount(model)) {
    const names = accountNamesOf(model);
    const ids = new Set([...names.ids].filter((id) => !isPlaceholderAccount(id)));
    for (const p of names.patternTexts ?? []) {
      const id = accountMatching(model, p);
      if (id) ids.add(id);
    }
    // The placeholder matches some pattern (`0*`): an id matching as few as possible, other than
    // the one the analyses invent for "some other account".
    if (names.patterns.some((m) => m.test(PLACEHOLDER_ACCOUNT))) {
      const other = unnamedAccount(model);
      let best: { id: string; hits: number } | undefined;
      for (const id of unnamedCandidates()) {
        if (names.ids.has(id) || id === other) continue;
        const hits = names.patterns.filter((m) => m.test(id)).length;
        if (!best || hits < best.hits) best = { id, hits };
        if (hits === 0) break;
      }
      if (best) ids.add(best.id);
    }
    out = [...ids].sort();
  }
  alternativesCache.set(model, out);
  return out;
}

/**
 * Account ids named in `strings` (a request's principal, resource and context) that "this
 * account" might be: 12-digit runs other than the placeholder and the accounts the analyses
 * invent for "some other account" (`unnamedAccount`), which are never "this account".
 */
export function requestAccountAlternatives(strings: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const s of strings) {
    if (s.length < 12) continue;
    for (const m of s.matchAll(TWELVE_DIGITS))
      if (!isPlaceholderAccount(m[0]) && !invented.has(m[0])) out.add(m[0]);
  }
  return [...out];
}
