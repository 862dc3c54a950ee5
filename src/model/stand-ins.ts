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
// - Names the inputs leave (partly) unknown: each unknown part is written `(unknown-HINT)`
//   (`unknownNamePart`, `partlyKnownName`), which the engine matches as any name
//   (src/engine/unknown-names.ts). Stand-in elements, which may or may not exist and whose names
//   the inputs do not give (the principals a missing Terraform module or an unexpanded SAM
//   resource may create, the target of an attachment or resource policy whose target is
//   unknown, a member of a group outside the inputs), are named by one such part
//   (`standInPrincipalName`); so are the unique suffix IAM Identity Center gives its roles and
//   its SAML provider. The witnesses "any user / any role of account X" (`anyPrincipalArn`,
//   named `(any-user)`, `(any-role)`) and "any identity provider of account X"
//   (`ANY_OIDC_PROVIDER_NAME`, `ANY_SAML_PROVIDER_NAME`) are not unknown names. IAM user, group
//   and role names allow only `[\w+=,.@-]` (IAM API Reference, CreateUser / CreateRole), so no
//   deployed principal can have a stand-in's ARN. A stand-in user or role's path is unknown too:
//   `/(unknown-path=HINT)/` (`unknownPath`), matched as any path; so is the unknown part of a path
//   the inputs leave (partly) unknown (`partlyKnownPath`: a Terraform `path = var.p`).
//   SERVICE in a service-linked role's path `/aws-service-role/SERVICE/` is an unknown name part
//   when the inputs leave the service unknown.
// - Names in witness resources and probes: `WITNESS_NAME` (a `*` of a pattern filled in),
//   `PROBE_NAME` (resources nobody was given by name), `OBJECT_WITNESS_NAME` (any S3 object),
//   `DEFAULT_SESSION_NAME` (the session name of a request made "as a role").

import { AsyncLocalStorage } from 'node:async_hooks';
import type { PolicyDocument } from '../policy/types.js';
import { compileGlob, type Matcher } from '../policy/wildcard.js';
import { iamArn, parseArn } from './arns.js';
import type { Finding } from './finding.js';
import { nameWorldOrigin, nameWorldReplacer } from './name-world-model.js';
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
 * How many accounts whose ids the inputs do not give get an id of their own
 * (`standInAccountId`): `000000000000` to `000000000009`. "This account" when unstated is the
 * first; each other account whose id is unknown (a Terraform provider configuration assuming a
 * role in an unknown account, a member account a plan creates) gets the next free one
 * (`StandInAccounts`), so that two of them are two model accounts (their
 * `OrganizationAccountAccessRole`s two roles, a request between them decided by the cross-account
 * rules, the worlds where they are one account looked at by src/engine/account-worlds.ts). Past
 * the last, further ones share it, told apart as parts (src/engine/stand-in-parts.ts); a shared
 * one is a new account only when each account it stands for is (`Account.newAccount`). Ten, not
 * more: each stand-in that is not a new account may be each other one (`standInsMayBeOne`), so
 * every decision looks at as many worlds as the square of their number
 * (src/engine/account-worlds.ts); sharing bounds that cost, and makes decisions between the
 * accounts sharing an id indeterminate instead.
 */
export const STAND_IN_ACCOUNTS = 10;
/** The `n`th stand-in account id (0: `PLACEHOLDER_ACCOUNT`). */
export function standInAccountId(n: number): string {
  return `${'0'.repeat(11)}${Math.min(Math.max(n, 0), STAND_IN_ACCOUNTS - 1)}`;
}
const STAND_IN_ACCOUNT_ID = /^0{11}\d$/;
/** The first 11 characters every stand-in account id has: a quick test for text that may hold one. */
const STAND_IN_ACCOUNT_PREFIX = '0'.repeat(11);
/**
 * THE test for an account id iamspec gives an account whose id the inputs do not give (any of
 * `standInAccountId`'s): every module asks this, never compares with `PLACEHOLDER_ACCOUNT`. An
 * input that writes one of these ids is read as another literal (`SPELLED_STAND_INS`), so only
 * iamspec's own stand-ins pass it.
 */
export function isStandInAccount(id: string): boolean {
  return id.length === 12 && STAND_IN_ACCOUNT_ID.test(id);
}
/** Does `s` (an ARN, a policy value) hold a stand-in account id (12-digit run)? */
export function holdsStandInAccount(s: string): boolean {
  if (!s.includes(STAND_IN_ACCOUNT_PREFIX)) return false;
  for (const m of s.matchAll(TWELVE_DIGITS)) if (isStandInAccount(m[0])) return true;
  return false;
}
/** The stand-in account ids `s` holds (12-digit runs), in order of first occurrence. */
export function standInAccountsIn(s: string): string[] {
  if (!s.includes(STAND_IN_ACCOUNT_PREFIX)) return [];
  const out: string[] = [];
  for (const m of s.matchAll(TWELVE_DIGITS))
    if (isStandInAccount(m[0]) && !out.includes(m[0])) out.push(m[0]);
  return out;
}

/**
 * The stand-in account of each account of one load whose id the inputs do not give, by what
 * identifies it (a provider configuration key, the address of the member account a plan
 * creates): the first free `standInAccountId` (the unstated deploying account keeps
 * `PLACEHOLDER_ACCOUNT`), the same for the same key. One per load (a ModelBuilder has one).
 */
export class StandInAccounts {
  private readonly byKey = new Map<string, string>();

  /** The stand-in id of the account `key` identifies; `deploying`: the load's deploying account. */
  idFor(key: string, deploying: string): string {
    const hit = this.byKey.get(key);
    if (hit) return hit;
    const taken = new Set(this.byKey.values());
    if (isStandInAccount(deploying)) taken.add(deploying);
    let id = standInAccountId(STAND_IN_ACCOUNTS - 1);
    for (let n = 0; n < STAND_IN_ACCOUNTS; n++)
      if (!taken.has(standInAccountId(n))) {
        id = standInAccountId(n);
        break;
      }
    this.byKey.set(key, id);
    return id;
  }
}
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
// Inputs that spell a stand-in themselves

/**
 * The literal an input that writes the placeholder account id (`PLACEHOLDER_ACCOUNT`) itself is
 * read as. Such an input names an account of AWS (LocalStack's default account, a test fixture's
 * dummy id); read as it is, it would be taken for "this account", whose id is unknown: a trust
 * policy naming `arn:aws:iam::000000000000:root` would read as trusting the deploying account,
 * and it would move with "this account" from world to world (src/engine/account-worlds.ts). Read
 * as another 12-digit id it stays what it is in AWS: an account other than the deploying one
 * (unless the deploying account is that account, which the account worlds keep open). Output
 * shows it as this id; the `load/stand-in-spelled` finding says which file wrote
 * `000000000000` and how it is shown. An input that writes this id too is told apart by an error
 * (`load/stand-in-literal-written`): two ids of the inputs would read as one account.
 */
export const PLACEHOLDER_ACCOUNT_LITERAL = '099999999990';

/** The literal an input that writes the stand-in account `id` is read as (`099999999990`, `099999999991`…). */
export function standInLiteral(id: string): string {
  return `${PLACEHOLDER_ACCOUNT_LITERAL.slice(0, 11)}${id.slice(11)}`;
}

interface SpelledStandIn {
  standIn: string;
  literal: string;
  /** The stand-in as an input may spell it: raw or with string escapes (`\u002d`), global. */
  pattern: RegExp;
  /** The stand-in raw only (in a value already parsed), global. */
  rawPattern: RegExp;
  /** The literal as written by hand, when it is plausible (a 12-digit id), global. */
  literalPattern?: RegExp;
  /** What the stand-in stands for, for the finding. */
  what: string;
  /** How the literal is read, for the finding. */
  readAs: string;
}

/** `c` raw or as a string escape of JSON, YAML or HCL (`\u002d`, `\x2d`, `\U0000002d`). */
function escapable(c: string, escapes: boolean): string {
  const raw = /\w/.test(c) ? c : `\\${c}`;
  if (!escapes) return raw;
  const code = c.codePointAt(0)!;
  const hex = (n: number) => {
    const h = code.toString(16).padStart(n, '0');
    return h === h.toUpperCase() ? h : `(?:${h}|${h.toUpperCase()})`;
  };
  return `(?:${raw}|\\\\u${hex(4)}|\\\\x${hex(2)}|\\\\U${hex(8)})`;
}

function spelledPattern(standIn: string, digits: boolean, escapes = true): RegExp {
  const body = [...standIn].map((c) => escapable(c, escapes)).join('');
  return new RegExp(digits ? `(?<![0-9])${body}(?![0-9])` : body, 'g');
}

/**
 * The stand-ins an input might spell itself, each with the literal it is read as. The stand-in
 * regions (`deploying-region`, `unknown-region`): read as the same text with non-breaking hyphens
 * (U+2011), a string that names no AWS region, as in AWS (AWS region codes end in a number): read
 * as it is, it would be taken for the stand-in and move with it from world to world
 * (src/engine/region-worlds.ts), or match the stack's own ARNs. The placeholder account: see
 * `PLACEHOLDER_ACCOUNT_LITERAL`. A template, plan, configuration, variable file, `file()`,
 * SCP/RCP file, access spec or request file is read so, escaped spellings included (a JSON
 * `deploying\u002dregion` is the same string once parsed).
 */
const SPELLED_STAND_INS: readonly SpelledStandIn[] = [
  ...[PLACEHOLDER_REGION, UNKNOWN_REGION].map((standIn) => ({
    standIn,
    literal: standIn.replace(/-/g, '\u2011'),
    pattern: spelledPattern(standIn, false),
    rawPattern: spelledPattern(standIn, false, false),
    what: 'the name iamspec gives a region the inputs do not pin down',
    readAs: 'a literal that names no AWS region (as in AWS)',
  })),
  {
    standIn: PLACEHOLDER_ACCOUNT,
    literal: PLACEHOLDER_ACCOUNT_LITERAL,
    pattern: spelledPattern(PLACEHOLDER_ACCOUNT, true),
    rawPattern: spelledPattern(PLACEHOLDER_ACCOUNT, true, false),
    literalPattern: spelledPattern(PLACEHOLDER_ACCOUNT_LITERAL, true),
    what: 'the id iamspec gives the deploying account when neither the inputs nor the options state it',
    readAs: `another account, shown as ${PLACEHOLDER_ACCOUNT_LITERAL} (an account of AWS, as in AWS)`,
  },
  // the other stand-in accounts (`standInAccountId`): `000000000001` read as `099999999991`...
  ...Array.from({ length: STAND_IN_ACCOUNTS - 1 }, (_, i) => {
    const standIn = standInAccountId(i + 1);
    const literal = standInLiteral(standIn);
    return {
      standIn,
      literal,
      pattern: spelledPattern(standIn, true),
      rawPattern: spelledPattern(standIn, true, false),
      literalPattern: spelledPattern(literal, true),
      what: 'an id iamspec gives an account whose id the inputs do not give',
      readAs: `another account, shown with 0999999999 for its first ten digits (${standIn} as ${literal}; an account of AWS, as in AWS)`,
    };
  }),
];

/** `match` (the stand-in, raw or escaped) with each of its characters replaced by `literal`'s. */
function literalLike(match: string, literal: string): string {
  const chars = [...literal];
  let out = '';
  let i = 0;
  for (const token of match.match(/\\u[0-9a-f]{4}|\\x[0-9a-f]{2}|\\U[0-9a-f]{8}|[\s\S]/gi) ?? []) {
    const c = chars[i++] ?? '';
    const code = c.codePointAt(0) ?? 0;
    if (token.length === 1) out += c;
    else if (token[1] === 'U') out += `\\U${code.toString(16).padStart(8, '0')}`;
    else if (token[1] === 'x' && code < 0x100) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return out;
}

/**
 * The input files of one load that spelled a stand-in, with the stand-ins each spelled: one per
 * load (a ModelBuilder has one), so that the `load/stand-in-spelled` finding lands on the model
 * whose inputs wrote it, never on another model loaded in the same process (a test runner, the
 * two sides of a diff), nor on the next one after a failed load.
 */
export class StandInSpellings {
  /** The stand-in account of each account of this load whose id the inputs do not give. */
  readonly accounts = new StandInAccounts();
  private readonly spelledIn = new Map<string, Set<string>>();
  /** Files that build a stand-in from pieces (`distinctFromBuiltStandIns`). */
  private readonly builtIn = new Set<string>();
  /** Files that write a stand-in's literal itself (`SpelledStandIn.literalPattern`), by stand-in. */
  private readonly literalIn = new Map<string, Set<string>>();

  note(file: string, standIn: string): void {
    const set = this.spelledIn.get(file) ?? new Set<string>();
    set.add(standIn);
    this.spelledIn.set(file, set);
  }

  /** Notes that `file` builds `standIn` from pieces (`distinctFromBuiltStandIns`). */
  noteBuilt(file: string, standIn: string): void {
    this.note(file, standIn);
    this.builtIn.add(file);
  }

  noteLiteral(file: string, standIn: string): void {
    const set = this.literalIn.get(standIn) ?? new Set<string>();
    set.add(file);
    this.literalIn.set(standIn, set);
  }

  /**
   * One `load/stand-in-spelled` finding per file noted since the last call (and a
   * `load/stand-in-literal-written` error where a literal was written by hand too), then forgets
   * them (the model builder takes them when it builds; what is read after, e.g. --scp files, is
   * taken by the loader).
   */
  take(): Finding[] {
    const out: Finding[] = [];
    const spelled = new Set<string>();
    for (const [file, standIns] of this.spelledIn) {
      const list = SPELLED_STAND_INS.filter((s) => standIns.has(s.standIn));
      for (const s of list) spelled.add(s.standIn);
      const parts = [...new Set(list.map((s) => s.what))].map((what) => {
        const these = list.filter((s) => s.what === what);
        return `${these.map((s) => `"${s.standIn}"`).join(' and ')}, ${what}; it is read as ${these[0]!.readAs}, never as that stand-in`;
      });
      out.push({
        code: 'load/stand-in-spelled',
        severity: 'warning',
        message: `${file} ${this.builtIn.has(file) ? 'writes (or builds from pieces: Fn::Join, Fn::Sub, a Terraform template, join(), format())' : 'writes'} ${parts.join('; and ')}`,
        source: { file },
      });
    }
    for (const [standIn, files] of this.literalIn) {
      if (!spelled.has(standIn)) continue;
      const s = SPELLED_STAND_INS.find((x) => x.standIn === standIn)!;
      for (const file of files)
        out.push({
          code: 'load/stand-in-literal-written',
          severity: 'error',
          message: `${file} writes "${s.literal}", the id iamspec reads "${standIn}" of the inputs as: the two ids of the inputs cannot be told apart (read as one account); change one of them`,
          source: { file },
        });
    }
    this.spelledIn.clear();
    this.literalIn.clear();
    this.builtIn.clear();
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
 * The stand-in account of the account `key` identifies in the load running
 * (`withStandInSpellings`; `StandInAccounts`): a provider configuration key, the address of a
 * member account the plan creates. `deploying`: the account it is reached from (a stand-in one is
 * never given to `key`). Outside a load: `PLACEHOLDER_ACCOUNT`.
 */
export function standInAccountFor(key: string, deploying: string): string {
  return currentLoad.getStore()?.accounts.idFor(key, deploying) ?? PLACEHOLDER_ACCOUNT;
}

/**
 * An escape of a character a stand-in has (`-`, a digit, a letter). The JSON escapes Terraform
 * writes for HTML safety (`\u003c`, `\u0026`) and escaped quotes are not, so most inputs skip
 * the scan.
 */
const STAND_IN_ESCAPE = /\\(?:u00(?:2[dD]|3\d|[4-7][\dA-Fa-f])|x[\dA-Fa-f]{2}|U0000)/;

/** A cheap test: could `text` spell a stand-in at all (raw, or with an escape)? */
function maySpell(text: string): boolean {
  return (
    text.includes(STAND_IN_ACCOUNT_PREFIX) ||
    text.includes(PLACEHOLDER_REGION) ||
    text.includes(UNKNOWN_REGION) ||
    STAND_IN_ESCAPE.test(text)
  );
}

/**
 * `text` (the whole text of a model input file) with every stand-in it spells replaced by its
 * distinct literal (see `SPELLED_STAND_INS`); the file is noted in the spellings of the load
 * running (`withStandInSpellings`; outside a load nothing is noted: a parsed input given to an
 * adapter later is checked again by `distinctFromStandInsIn`). Lengths are kept (a `\x2d` escape
 * aside), so lines and columns stay as in the file. `parsed`: `text` is the JSON text of a value
 * already parsed (`distinctFromStandInsIn`).
 */
export function distinctFromStandIns(text: string, file: string, parsed = false): string {
  if (!maySpell(text)) return text;
  let out = text;
  const escapes = !parsed;
  for (const s of SPELLED_STAND_INS) {
    // A parsed value may have been read (and rewritten) in this load already: its literals are
    // not the input's own.
    if (s.literalPattern && !parsed) {
      s.literalPattern.lastIndex = 0;
      if (s.literalPattern.test(out)) currentLoad.getStore()?.noteLiteral(file, s.standIn);
    }
    const pattern = escapes ? s.pattern : s.rawPattern;
    pattern.lastIndex = 0;
    if (!pattern.test(out)) continue;
    out = out.replace(pattern, (m) => literalLike(m, s.literal));
    currentLoad.getStore()?.note(file, s.standIn);
  }
  return out;
}

/** Values parsed in a load from text `distinctFromStandIns` read (`readAsInput`). */
const readInputs = new WeakSet<object>();

/**
 * Marks `value`, parsed in a load from text `distinctFromStandIns` has read, so that
 * `distinctFromStandInsIn` gives it back as it is (a plan or template read from a file is not
 * written out and read again).
 */
export function readAsInput<T>(value: T): T {
  if (value !== null && typeof value === 'object') readInputs.add(value);
  return value;
}

/**
 * `distinctFromStandIns` for an input already parsed (a template object given to the API, the
 * template of a CDK assembly in memory, a plan or configuration object): the same value when it
 * spells no stand-in, else a copy with each spelling replaced (JSON-like values only: templates
 * and plans are JSON data).
 */
export function distinctFromStandInsIn<T>(value: T, file: string): T {
  if (value !== null && typeof value === 'object' && readInputs.has(value)) return value;
  const text = JSON.stringify(value);
  if (text === undefined) return value;
  // A value read outside the load (parsed by the caller with `readTemplateFile`) already has the
  // literals: noted here, in the load it is given to (the region literals only: nobody writes
  // U+2011 by hand, while the account literal is an id anyone may write).
  for (const { standIn, literal, literalPattern } of SPELLED_STAND_INS)
    if (!literalPattern && text.includes(literal)) currentLoad.getStore()?.note(file, standIn);
  // Escapes in the JSON text are JSON's own (of a backslash, a quote): the value's strings are
  // already decoded, so only raw spellings are looked for.
  const rewritten = distinctFromStandIns(text, file, true);
  return rewritten === text ? value : (JSON.parse(rewritten) as T);
}

/** Does `s` hold the text of a stand-in the inputs might spell (raw)? A quick test. */
export function holdsStandInText(s: string): boolean {
  return s.includes(STAND_IN_ACCOUNT_PREFIX) || s.includes(PLACEHOLDER_REGION) || s.includes(UNKNOWN_REGION);
}

/**
 * A string an input builds from `pieces` (the texts and values of an `Fn::Join`, an `Fn::Sub`, a
 * Terraform template, `join()`, `format()`) with each stand-in that it spells across pieces
 * (`"deploying-${var.suffix}"`, `Fn::Join ["", ["0000", "00000000"]]`) read as a stand-in an
 * input spells in one piece is (`distinctFromStandIns`): replaced by its distinct literal, the
 * file noted (its `load/stand-in-spelled` warning). The value is checked after evaluation, when
 * it is a string: its source text does not spell the stand-in. A stand-in one piece holds whole
 * is kept: the adapters' own (`${AWS::AccountId}`, `data.aws_region.current.name`) or one read
 * already. `result`: the evaluated string when it is not the pieces joined (`format()`); then
 * each stand-in is read as built when no piece holds it whole.
 */
export function distinctFromBuiltStandIns(
  pieces: readonly string[],
  file: string | undefined | (() => string | undefined),
  result = pieces.join(''),
): string {
  if (!holdsStandInText(result)) return result;
  const joined = result === pieces.join('');
  // [start, end) of each piece in `result` (when it is the pieces joined)
  const spans: [number, number][] = [];
  let at = 0;
  for (const p of pieces) {
    spans.push([at, at + p.length]);
    at += p.length;
  }
  let out = result;
  for (const s of SPELLED_STAND_INS) {
    if (!result.includes(s.standIn)) continue;
    const wholeSomewhere = pieces.some((p) => p.includes(s.standIn));
    s.rawPattern.lastIndex = 0;
    out = out.replace(s.rawPattern, (m, offset: number) => {
      const whole = joined ? spans.some(([a, b]) => a <= offset && offset + m.length <= b) : wholeSomewhere;
      if (whole) return m;
      const named = typeof file === 'function' ? file() : file;
      currentLoad.getStore()?.noteBuilt(named ?? '(an input)', s.standIn);
      return s.literal;
    });
  }
  return out;
}

/** The stand-ins the inputs of `model` spelled themselves (its `load/stand-in-spelled` findings). */
export function spelledStandInsOf(model: Model): string[] {
  const messages = model.findings.filter((f) => f.code === 'load/stand-in-spelled').map((f) => f.message);
  return SPELLED_STAND_INS.filter((s) => messages.some((m) => m.includes(`"${s.standIn}"`))).map(
    (s) => s.standIn,
  );
}

/**
 * `text` (an access spec or a request file, read against `model`) with each stand-in that the
 * model's inputs spelled themselves replaced by its literal, as in the inputs: the spec's
 * `arn:aws:iam::000000000000:role/x` is then the role the inputs wrote so. A stand-in the inputs
 * did not spell stays: in such a model it can only be the stand-in (copied from iamspec's output).
 */
export function distinctAsInputsOf(model: Model, text: string): string {
  const spelled = spelledStandInsOf(model);
  if (!spelled.length || !maySpell(text)) return text;
  let out = text;
  for (const s of SPELLED_STAND_INS) {
    if (!spelled.includes(s.standIn)) continue;
    s.pattern.lastIndex = 0;
    out = out.replace(s.pattern, (m) => literalLike(m, s.literal));
  }
  return out;
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
 * The text standing for `count` characters AWS appends to a name the inputs give, which no input
 * can know before deploy: the six random characters of a Secrets Manager secret's ARN
 * (`secret:db-creds-(unknown-6-chars=AppSecret-1a2b3c)`, src/aws/arn-formats.ts `ARN.secret`).
 * Unlike `unknownNamePart` (any run of characters), the engine reads it as exactly `count`
 * characters (src/engine/unknown-names.ts), so `secret:db-creds-??????` names the secret, and
 * `secret:db-creds` or `secret:db-creds-?????` do not. No cleaned hint holds `=`, so no
 * `unknownNamePart` reads as one.
 */
export function unknownCharsPart(hint: string, count: number): string {
  const cleaned = hint.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '');
  return `${UNKNOWN_NAME_PART_OPEN}${count}-chars=${cleaned || 'name'})`;
}

/**
 * The text standing for an unknown part that is one whole, non-empty segment of a URL path: no
 * `/` (an EKS cluster's OIDC issuer ID, src/aws/eks-clusters.ts `eksIssuerUrl`), written
 * `(unknown-segment=HINT)`. The engine matches it as any `unknownNamePart`; the Terraform
 * evaluator's string functions rely on its shape (`unknownPartShape`). No cleaned hint holds `=`,
 * so no `unknownNamePart` reads as one.
 */
export function unknownSegmentPart(hint: string): string {
  const cleaned = hint.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '');
  return `${UNKNOWN_NAME_PART_OPEN}segment=${cleaned || 'name'})`;
}

/**
 * What the text an unknown part stands for may be, for a function that transforms a partly known
 * string: none of the characters `excludes`, and not empty when `nonEmpty`. A URL path segment
 * part (`unknownSegmentPart`) holds no `/` and is not empty; any other part may be any run of
 * characters, the empty run included (a fixed-length part: not empty).
 */
export function unknownPartShape(part: string): { excludes: string; nonEmpty: boolean } {
  if (part.startsWith(`${UNKNOWN_NAME_PART_OPEN}segment=`)) return { excludes: '/', nonEmpty: true };
  return { excludes: '', nonEmpty: unknownPartLength(part) !== undefined };
}

/** How many characters an unknown part stands for exactly (`unknownCharsPart`); else undefined. */
export function unknownPartLength(part: string): number | undefined {
  const m = /^\(unknown-([1-9]\d?)-chars=[^)]*\)$/.exec(part);
  return m ? Number(m[1]) : undefined;
}

/**
 * `value` with each part of a fixed length (`unknownCharsPart`) written as that many `x`: the
 * shape of every value it stands for, for a policy's own matcher (its ARN field rules), which
 * reads the part's text as it is; src/engine/unknown-names.ts decides what the characters are.
 */
export function fillCharsParts(value: string): string {
  if (!value.includes('-chars=')) return value;
  return value.replace(/\(unknown-([1-9]\d?)-chars=[^)]*\)/g, (_m, n: string) => 'x'.repeat(Number(n)));
}

/**
 * `value` with each unknown part written as text of a name it may stand for (`x`, or as many `x`
 * as a fixed-length part holds): a part stands for text of a deployed element's name, so a name
 * holding one passes a check of the characters AWS accepts when its known parts do.
 */
export function fillUnknownParts(value: string): string {
  if (!hasUnknownNamePart(value)) return value;
  return fillCharsParts(value).replace(/\(unknown-[^)]*\)/g, 'x');
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

/**
 * The hint every unknown part of a name CloudFormation generates starts with
 * (`role/Stack-AppRole-(unknown-generated-1a2b3c)`, src/adapters/cloudformation/generated-names.ts).
 */
export const GENERATED_NAME_HINT = 'generated';

/** True when `arn` (or a name) holds the unknown part of a name CloudFormation generates. */
export function hasGeneratedNamePart(arn: string): boolean {
  return arn.includes(`${UNKNOWN_NAME_PART_OPEN}${GENERATED_NAME_HINT}-`);
}

/** True when `arn` (or a name) holds a part the inputs leave unknown (`unknownNamePart`). */
export function hasUnknownNamePart(arn: string): boolean {
  return arn.includes(UNKNOWN_NAME_PART_OPEN);
}

/**
 * How every report words an unknown part inside a name it shows (the engine's reasons,
 * engine/unknown-names.ts and name-worlds.ts; the review's findings, analysis/escalation-start-names.ts):
 * `the inputs leave the (unknown-…) part open: it may be any WHAT` (`what`: name, path, id).
 */
export function unknownPartWords(what = 'name'): string {
  return `the inputs leave the ${UNKNOWN_NAME_PART_OPEN}…) part open: it may be any ${what}`;
}

/**
 * ` (the inputs leave the (unknown-…) part open: it may be any id)` after a text naming an element
 * by a name or id with an unknown part (an id EC2 or ECS gives, a generated name), as findings
 * name one (analysis/escalation-start-names.ts, escalation.ts); empty for a text without one.
 */
export function unknownPartNote(text: string): string {
  if (!hasUnknownNamePart(text)) return '';
  return ` (${unknownPartWords(UNKNOWN_ID.test(text) ? 'id' : 'name')})`;
}

/** An unknown part standing for an id AWS gives (aws/role-uses.ts ECS_TASK_ID, ec2InstanceResource; a CloudFormation `Ref` id). */
const UNKNOWN_ID = /\(unknown-[^()]*-id(?:-[^()]*)?\)/;

/** Name of the witness "any user of account X" (not a valid IAM name: no real user has it). */
export const ANY_USER_NAME = '(any-user)';
/** Name of the witness "any role of account X" (not a valid IAM name: no real role has it). */
export const ANY_ROLE_NAME = '(any-role)';

/**
 * Names of the witnesses "an OIDC / SAML identity provider of account X that no policy names"
 * (src/model/federation.ts `standInProviders`), probed where a trust policy lets any principal
 * in. Witnesses, like `(any-user)`: they stand for the providers the policies do not name (each
 * provider a policy names is probed by its own ARN), so a policy naming a provider does not name
 * them; not unknown names (`(unknown-…)`), which a pattern may match. `(` and `)` are in no issuer
 * host name nor SAML provider name (IAM API Reference, CreateSAMLProvider, Name: `[\w._-]+`).
 */
export const ANY_OIDC_PROVIDER_NAME = '(any-oidc-provider)';
export const ANY_SAML_PROVIDER_NAME = '(any-saml-provider)';

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

/**
 * The name of a stand-in element for `hint` (a logical id, a Terraform address, a group name):
 * the principals a missing Terraform module or an unexpanded SAM resource may create, the member
 * of a group outside the inputs, the principal or resource a policy with an unknown target may
 * attach to, a service-linked role of an unknown service. Each stands for elements that exist or
 * not (maybe-present) and whose names the inputs do not give: the name is one unknown name part
 * (`unknownNamePart`, `(unknown-module.cdn)`), so a policy's pattern decides a match with it as
 * with any element whose name is unknown: YES when it matches every name (`role/*`), NO when none,
 * else MAYBE (`role/app-*`), never as written.
 */
export function standInPrincipalName(hint: string): string {
  return unknownNamePart(hint.slice(0, 64));
}

/** What every unknown path part starts with (an unknown name part whose hint no cleaned hint has). */
export const UNKNOWN_PATH_PART_OPEN = `${UNKNOWN_NAME_PART_OPEN}path=`;

/**
 * The IAM path of a stand-in element for `hint` (see `standInPrincipalName`), which the inputs do
 * not give either: `/(unknown-path=HINT)/`. IAM User Guide, "IAM identifiers", Friendly names and
 * paths: a path is `/` or "a string that must begin and end with forward slashes", holding "any
 * ASCII character from the ! (\u0021) through the DEL character (\u007F)" (IAM API Reference,
 * CreateRole, Path), so slashes too. The part and the `/` after it stand together for the rest of
 * the path after the `/` before it (the first, for a stand-in): nothing (the path `/`) or any
 * characters ending with `/` (`service-role/`, `teams/a/`); the engine matches it so
 * (src/engine/unknown-names.ts): a pattern `role/*` names every stand-in role,
 * `role/service-role/*` maybe, `user/*` none. The name after it stays the text after the last `/`
 * of the ARN, as with any path.
 */
export function unknownPath(hint: string): string {
  // the hint cleaned as a name part's (`unknownNamePart`), which never holds `=`
  return `/${UNKNOWN_PATH_PART_OPEN}${standInPrincipalName(hint).slice(UNKNOWN_NAME_PART_OPEN.length)}/`;
}

/**
 * The IAM path of an element whose path the inputs leave (partly) unknown, built from `parts`
 * (known text, or undefined for an unknown part; a Terraform `path = "/teams/${var.team}/"`):
 * `/teams/(unknown-path=HINT)/`. Begins and ends with `/` as every path does (the adapters'
 * `normalizePath`, src/model/arns.ts). Each path segment (text between two `/`) that holds an
 * unknown part is unknown as a whole, and consecutive unknown segments are one unknown path part:
 * the part with the `/` after it stands for nothing or any characters ending with `/`
 * (`unknownPath`; an unknown value may hold `/`, IAM API Reference, CreateRole, Path), so the path
 * is every path with the known segments where the inputs put them: a superset of the paths the
 * inputs allow (`"/x${var.a}/"` loses its `x`), never fewer. Known text stays as written; the
 * second unknown part is `HINT-2`, and so on (two parts are two unknowns).
 */
export function partlyKnownPath(parts: readonly (string | undefined)[], hint: string): string {
  // \0 marks an unknown part: no path holds it (IAM allows \u0021 through \u007F only)
  let text = parts.map((p) => (p === undefined ? '\0' : p)).join('');
  if (!text.startsWith('/')) text = `/${text}`;
  if (text === '/') return text;
  if (!text.endsWith('/')) text += '/';
  const segments = text.slice(1, -1).split('/');
  let out = '/';
  let n = 0;
  let open = false;
  for (const seg of segments) {
    if (!seg.includes('\0')) {
      out += `${seg}/`;
      open = false;
    } else if (!open) {
      n++;
      out += unknownPath(n === 1 ? hint : `${hint}-${n}`).slice(1);
      open = true;
    }
  }
  return out;
}

/** True for the text of an unknown path part (`unknownPath` without its slashes). */
export function isUnknownPathPart(part: string): boolean {
  return part.startsWith(UNKNOWN_PATH_PART_OPEN);
}

/**
 * The ARN of the stand-in principal for "some user / group / role outside the inputs that
 * `hint` may attach a policy to": its path and name unknown (`unknownPath`, `standInPrincipalName`).
 */
export function unknownPrincipalArn(
  partition: string,
  account: string,
  kind: 'user' | 'group' | 'role',
  hint: string,
): string {
  return iamArn(partition, account, kind, standInPrincipalName(hint), unknownPath(hint));
}

/**
 * True for the ARN of a stand-in principal (see `unknownPrincipalArn`), or of any principal whose
 * name is wholly unknown: its name is one unknown name part.
 */
export function isStandInPrincipalArn(arn: string): boolean {
  const resource = parseArn(arn)?.resource ?? '';
  const name = resource.slice(resource.lastIndexOf('/') + 1);
  return name.startsWith(UNKNOWN_NAME_PART_OPEN) && name.indexOf(')') === name.length - 1;
}

/**
 * The name of the role IAM Identity Center creates for a permission set in an account,
 * `AWSReservedSSO_<permission set name>_<unique suffix>`: the suffix is assigned at assignment
 * time, so it is not in the inputs, and it is an unknown name part (`unknownNamePart`), as is
 * the permission set's name when the inputs do not give it (undefined). Two permission sets are
 * two roles: an unknown name is the unknown of its own permission set (`permissionSet`: what
 * identifies it in the inputs, its address or logical id), so two permission sets with unknown
 * names assigned to one account are never read as one role.
 */
export function identityCenterRoleName(permissionSetName: string | undefined, permissionSet: string): string {
  return partlyKnownName(
    ['AWSReservedSSO_', permissionSetName, '_', undefined],
    permissionSetName === undefined
      ? `sso-permission-set-${permissionSet}`
      : `sso-suffix-${permissionSetName}`,
  );
}

/** The account's IAM Identity Center SAML provider, `AWSSSO_<unknown suffix>_DO_NOT_DELETE`. */
export function identityCenterSamlProviderName(): string {
  return `AWSSSO_${unknownNamePart('sso-suffix')}_DO_NOT_DELETE`;
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

/**
 * Where `collectAccounts` puts a string holding an unknown name part instead of noting it, and
 * whether an object key holds one (`split`, for a name world's account names: `accountNamesOf`).
 */
interface Split {
  dependent: string[];
  keyHoldsPart: boolean;
}

/** Account ids and patterns in the strings of `value` (policy documents, ARNs), into `out`. */
function collectAccounts(
  value: unknown,
  out: AccountNames,
  seen: Set<object>,
  depth = 0,
  split?: Split,
): void {
  if (typeof value === 'string') {
    if (split && value.includes(UNKNOWN_NAME_PART_OPEN)) split.dependent.push(value);
    else noteString(value, out);
    return;
  }
  if (value === null || typeof value !== 'object' || depth > 64) return;
  // An empty list names nothing (most statements' `conditions`): not worth remembering.
  if (Array.isArray(value) && !value.length) return;
  if (seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const x of value) collectAccounts(x, out, seen, depth + 1, split);
    return;
  }
  for (const [k, x] of Object.entries(value)) {
    // Sources (file names, pointers: an element's own and its values', `valueSources`) and
    // findings are not part of what policies say.
    if (k === 'source' || k === 'valueSources' || k === 'findings') continue;
    if (split && k.includes(UNKNOWN_NAME_PART_OPEN)) split.keyHoldsPart = true;
    collectAccounts(x, out, seen, depth + 1, split);
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
  const out = nameWorldAccountNames(model) ?? collectAccountNames(model).names;
  namedCache.set(model, out);
  return out;
}

/**
 * The walk of `accountNamesOf`; with `split`, the strings holding an unknown name part are put
 * there, not noted.
 */
function collectAccountNames(model: Model, split?: Split): { names: AccountNames; split?: Split } {
  const out: AccountNames = {
    ids: new Set(model.accounts.map((a) => a.id)),
    patterns: [],
    patternTexts: [],
  };
  out.ids.add(PLACEHOLDER_ACCOUNT);
  const seen = new Set<object>();
  const docs: (PolicyDocument | undefined)[] = [];
  for (const p of [...model.users, ...model.groups, ...model.roles]) {
    collectAccounts(p.arn, out, seen, 0, split);
    for (const ip of p.inlinePolicies) docs.push(ip.document);
    collectAccounts(p.managedPolicies, out, seen, 0, split);
  }
  for (const r of model.roles) docs.push(r.trustPolicy);
  for (const p of model.policies) {
    collectAccounts(p.arn, out, seen, 0, split);
    docs.push(p.document);
  }
  for (const r of model.resources) {
    collectAccounts(r.arn, out, seen, 0, split);
    docs.push(r.policy);
  }
  for (const o of model.organizations) {
    // The account an SCP or RCP is attached to (an Organizations policy's target) may be "this
    // account", whose SCPs then apply: a world to look at.
    collectAccounts(o.account, out, seen, 0, split);
    docs.push(...o.scps, ...o.rcps);
  }
  for (const d of docs) if (d) collectAccounts(d.statements, out, seen, 0, split);
  return { names: out, ...(split ? { split } : {}) };
}

/**
 * Per base model of name worlds: its account names without the strings holding an unknown name
 * part (`independent`), those strings, and the base's own names; undefined when an object key or
 * an account id holds a part (a world may then differ elsewhere: its names are walked whole).
 */
const splitCache = new WeakMap<
  Model,
  {
    independent: AccountNames;
    dependent: readonly string[];
    distinct: ReadonlySet<string>;
    names: AccountNames;
  } | null
>();

/**
 * The account names of a name world's model (src/model/name-world-model.ts `nameWorldModel`):
 * its base's, read once, with only the strings holding an unknown name part read again as the
 * world has them. The world's objects and strings are its base's but for those parts, so the
 * walk of `collectAccountNames` over it meets the same strings (the changed ones changed) in the
 * same numbers. Undefined for another model, or where the base cannot be split so.
 */
function nameWorldAccountNames(model: Model): AccountNames | undefined {
  const origin = nameWorldOrigin(model);
  if (!origin) return undefined;
  let split = splitCache.get(origin.base);
  if (split === undefined) {
    const walked = collectAccountNames(origin.base, { dependent: [], keyHoldsPart: false });
    const parted =
      walked.split!.keyHoldsPart || origin.base.accounts.some((a) => a.id.includes(UNKNOWN_NAME_PART_OPEN));
    if (parted) split = null;
    else {
      const { dependent } = walked.split!;
      // the base's own names: the ones the walk gives, cached for it unless it has them already
      const names = namedCache.get(origin.base) ?? withNames(walked.names, notedIn(dependent));
      namedCache.set(origin.base, names);
      split = { independent: walked.names, dependent, distinct: new Set(dependent), names };
    }
    splitCache.set(origin.base, split);
  }
  if (!split) return undefined;
  const replace = nameWorldReplacer(origin.binding);
  const parts = [...origin.binding.keys()];
  // each string the world changes names what it named in the base: the base's names (one object,
  // `sameAsBase`)
  let same = true;
  for (const x of split.distinct)
    if (parts.some((p) => x.includes(p)) && namesIn(replace(x)) !== namesIn(x)) {
      same = false;
      break;
    }
  return same ? split.names : withNames(split.independent, notedIn(split.dependent.map(replace)));
}

/** The account names `strings` hold. */
function notedIn(strings: readonly string[]): AccountNames {
  const out: AccountNames = { ids: new Set(), patterns: [], patternTexts: [] };
  for (const x of strings) noteString(x, out);
  return out;
}

/** What `noteString` notes of `s`, as text (its ids, then its pattern). */
function namesIn(s: string): string {
  const ids = s.length >= 12 ? [...s.matchAll(TWELVE_DIGITS)].map((m) => m[0]) : [];
  const field = s.startsWith('arn:') ? s.split(':')[4] : s;
  const pattern = field && field.length <= 64 && /\d/.test(field) && ACCOUNT_PATTERN.test(field);
  return `${ids.join(',')}|${pattern ? field : ''}`;
}

/** `names` and `more` together (a copy). */
function withNames(names: AccountNames, more: AccountNames): AccountNames {
  return {
    ids: new Set([...names.ids, ...more.ids]),
    patterns: [...names.patterns, ...more.patterns],
    patternTexts: [...(names.patternTexts ?? []), ...(more.patternTexts ?? [])],
  };
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

/** True when some account of the model is a stand-in (an input did not state an account's id). */
export function hasUnstatedAccount(model: Model): boolean {
  return model.accounts.some((a) => isStandInAccount(a.id));
}

/** The stand-in accounts of the model, sorted. */
export function standInAccountsOf(model: Model): string[] {
  return model.accounts
    .map((a) => a.id)
    .filter(isStandInAccount)
    .sort();
}

/**
 * May the stand-in accounts `a` and `b` be one account? Not when both are accounts the inputs
 * create (two new accounts are two accounts), nor when one is and the other is the unstated
 * deploying account (which exists before the plan creates any): `Account.newAccount`.
 */
export function standInsMayBeOne(model: Model, a: string, b: string): boolean {
  if (a === b) return true;
  const deploying = unstatedDeploying(model);
  const isNew = (id: string) => id !== deploying && !!model.accounts.find((x) => x.id === id)?.newAccount;
  const na = isNew(a);
  const nb = isNew(b);
  if (na && nb) return false;
  return !((na && b === deploying) || (nb && a === deploying));
}

/**
 * Is the stand-in account `standIn` surely an account the plan creates (`Account.createdByPlan`:
 * every account it stands for is)? Then its id is a new one: "CreateAccount: Creates an AWS
 * account that is automatically a member of the organization whose credentials made the
 * request" (AWS Organizations API Reference), so it is none of the account ids the inputs name,
 * which exist before the plan (`mayBeNamedAccount`).
 */
function createdByPlan(model: Model, standIn: string): boolean {
  let created = createdCache.get(model);
  if (!created) {
    const deploying = unstatedDeploying(model);
    created = new Set(model.accounts.filter((a) => a.createdByPlan && a.id !== deploying).map((a) => a.id));
    createdCache.set(model, created);
  }
  return created.has(standIn);
}
const createdCache = new WeakMap<Model, Set<string>>();

/**
 * May the stand-in account `standIn` be the account `id` (a 12-digit id the inputs or a request
 * name, not a stand-in)? Not when the stand-in is an account the plan creates and the inputs name
 * `id` (an account that exists before the plan: `createdByPlan`); an id only a request names may
 * be the new account's, known after apply.
 */
export function mayBeNamedAccount(model: Model, standIn: string, id: string): boolean {
  return !createdByPlan(model, standIn) || !accountNamesOf(model).ids.has(id);
}

/** The unstated deploying account's stand-in (`PLACEHOLDER_ACCOUNT`), when an adapter said so. */
export function unstatedDeploying(model: Model): string | undefined {
  return model.findings.some((f) => /^(tf|cfn)\/assumed-account$/.test(f.code))
    ? PLACEHOLDER_ACCOUNT
    : undefined;
}

const alternativesCache = new WeakMap<Model, Map<string, readonly string[]>>();

/**
 * The ids the stand-in account `standIn` (default: "this account", `PLACEHOLDER_ACCOUNT`) might
 * be that could change a decision: every account id the model names that is not a stand-in (its
 * other accounts, every 12-digit run in its policies and ARNs), for each account pattern of its
 * policies (`1234*`) one id the pattern matches, and each other stand-in account of the model it
 * may be one with (`standInsMayBeOne`); for an account the plan creates, not the ids the model
 * names (`mayBeNamedAccount`). Any other id compares with everything the model says as the
 * stand-in does, so these ids are the only worlds to look at. Empty when every account of the
 * model is stated.
 */
export function deployingAccountAlternatives(model: Model, standIn = PLACEHOLDER_ACCOUNT): readonly string[] {
  let byStandIn = alternativesCache.get(model);
  if (!byStandIn) {
    byStandIn = new Map();
    alternativesCache.set(model, byStandIn);
  }
  const hit = byStandIn.get(standIn);
  if (hit) return hit;
  const same = sameAsBase(model);
  if (same) {
    // a name world naming the accounts its base names: its accounts and findings are the base's too
    const out = deployingAccountAlternatives(same, standIn);
    byStandIn.set(standIn, out);
    return out;
  }
  let out: string[] = [];
  if (model.accounts.some((a) => a.id === standIn)) {
    const names = accountNamesOf(model);
    // an account the plan creates is none of the accounts the inputs name (`mayBeNamedAccount`);
    // its id may still match a pattern of theirs
    const ids = new Set(
      createdByPlan(model, standIn) ? [] : [...names.ids].filter((id) => !isStandInAccount(id)),
    );
    for (const p of names.patternTexts ?? []) {
      const id = accountMatching(model, p);
      if (id) ids.add(id);
    }
    // The stand-in matches some pattern (`0*`): an id matching as few as possible, other than
    // the one the analyses invent for "some other account".
    if (names.patterns.some((m) => m.test(standIn))) {
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
    for (const other of standInAccountsOf(model))
      if (other !== standIn && standInsMayBeOne(model, standIn, other)) out.push(other);
  }
  byStandIn.set(standIn, out);
  return out;
}

/**
 * The base model of a name world's model (src/model/name-world-model.ts) when the world names the
 * same account ids and patterns (`accountNamesOf`, `nameWorldAccountNames`: then the base's own
 * object) as its base: then everything
 * `deployingAccountAlternatives` reads is the base's (the accounts and findings, which a world
 * does not change).
 */
function sameAsBase(model: Model): Model | undefined {
  const origin = nameWorldOrigin(model);
  if (!origin) return undefined;
  return accountNamesOf(model) === accountNamesOf(origin.base) ? origin.base : undefined;
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
      if (!isStandInAccount(m[0]) && !invented.has(m[0])) out.add(m[0]);
  }
  return [...out];
}
