// The elements the inputs surely create, and the one rule they give: two of them are two
// resources, so a text that is exactly one's ARN (or a session of that role) names no other.
//
// The fact it rests on: a resource's ARN is its own. "Amazon Resource Names (ARNs) uniquely
// identify AWS resources" (AWS General Reference / IAM User Guide, "Identify AWS resources with
// Amazon Resource Names (ARNs)"), because the names are unique where the ARN places them: "IAM
// user, group, role, and policy names must be unique within the account. Names are not
// distinguished by case." (IAM API Reference, CreateRole / CreateUser / CreateGroup, the name
// parameter); DynamoDB "table names must be unique within each Region" of an account; SQS queue
// names within an account and Region; S3 bucket names in their partition. And each resource a
// template declares is a resource of its own: "In addition to the logical ID, certain resources
// also have a physical ID, which is the actual assigned name for that resource, such as an
// Amazon EC2 instance ID or an Amazon S3 bucket name" (CloudFormation User Guide, "Resources"
// template section); two resources of a stack given one name fail to create (IAM:
// `EntityAlreadyExists`). So two elements the inputs create for certain exist together under two
// ARNs, whatever their unknown parts (`(unknown-…)`, src/model/stand-ins.ts) are.
//
// Surely created (`isSurelyCreated`): not one that might not exist (`presence`: when it does not,
// its name may be another's, and the text naming it names whatever has that name), not imported
// (`Role.fromRoleName`, a principal named by ARN: it may be one the inputs create under another
// name), not a stand-in resource (any resource outside the inputs, or one of them). An
// open-account stand-in (src/model/open-accounts.ts) is taken too: if it exists it is none of the
// principals the inputs create, by its definition. Elements with the same ARN text (two
// resources named from one variable) are one name, not two elements: no rule between them.
//
// The match (`CreatedElements.namesOther`): a string matching a pattern starts with element A's
// ARN and then ends or goes on after a `/` or `:`; one matching a value starts so with element B's
// ARN. Both ending there, the string would be A's ARN and B's. One going on, where no unknown part
// of A or B may hold a `/` or `:` and their ARNs hold as many of them, both prefixes end at the same
// place: again A would be B. A role's sessions (`arn:…:sts::ACCOUNT:assumed-role/NAME/SESSION`, no
// path) are named after it: each created role's session prefix is among the ARNs, so a session of
// role A is none of role B.
//
// Read by the engine (src/engine/unknown-names.ts `matchUnknownName`, the Principal side in
// src/engine/compile-policy.ts, through `Engine.surelyCreated`), by the model's bounds of targets
// the inputs do not pin down (src/model/builder.ts `amongArns`), by the bounds of deploy-time
// code (src/aws/function-role-changes.ts `allowsRole`, `mayChange`, `invokedBound`) and by the
// roles a Cognito identity pool hands out (src/aws/cognito-identity-pools.ts `mayBeRole`). Owns
// `CreatedElements`, `isSurelyCreated`, `sessionPrefixOf`.

import {
  ANY,
  COLON,
  isName,
  noteElementArn,
  ONE,
  partMayHold,
  partText,
  patternTokens,
  SLASH,
  VAR,
  valueTokens,
} from './name-tokens.js';

/** What `isSurelyCreated` reads of an element. */
export interface ElementFlags {
  presence?: unknown;
  imported?: unknown;
  standIn?: boolean;
  openAccount?: boolean;
}

/** Whether the inputs create the element for certain (see the module comment). */
export function isSurelyCreated(e: ElementFlags): boolean {
  return (!e.presence && !e.imported && !e.standIn) || e.openAccount === true;
}

/** The elements `CreatedElements.of` reads: a model's, or a builder's so far. */
export interface ElementLists {
  readonly users: readonly (ElementFlags & { arn: string })[];
  readonly roles: readonly (ElementFlags & { arn: string; name: string })[];
  readonly groups: readonly (ElementFlags & { arn: string })[];
  readonly resources: readonly (ElementFlags & { arn: string })[];
}

/** One per model (a built model is frozen: its elements do not change). */
const perModel = new WeakMap<object, CreatedElements>();

/**
 * The ARNs of the elements the inputs surely create, and the rule between them (see the module
 * comment).
 */
export class CreatedElements {
  /** Each ARN with its delimiter count (`fixedDelimiters`). */
  private readonly arns: ReadonlyMap<string, number>;
  /** Per value: the elements it is or is inside of (`/` or `:` after the ARN). */
  private readonly ofValue = new Map<string, readonly Named[]>();
  /** Per pattern's tokens: the elements it names exactly (`/`, `:` or its end after). */
  private readonly ofPattern = new WeakMap<number[], readonly Named[]>();

  constructor(arns: Iterable<string>) {
    const out = new Map<string, number>();
    for (const a of arns) out.set(a, fixedDelimiters(a));
    this.arns = out;
  }

  /**
   * The elements of `lists` created for certain: a built model's once (cached), a builder's lists
   * so far each time (`cache: false`: elements are still being added and replaced).
   */
  static of(lists: ElementLists, cache = true): CreatedElements {
    const known = cache ? perModel.get(lists) : undefined;
    if (known) return known;
    const all = [...lists.users, ...lists.roles, ...lists.groups, ...lists.resources];
    // where each unknown part may hold `/` is read from every element's ARN first (`fixedDelimiters`)
    for (const e of all) noteElementArn(e.arn);
    const arns: string[] = [];
    for (const e of all) if (isSurelyCreated(e)) arns.push(e.arn);
    for (const r of lists.roles) if (isSurelyCreated(r)) arns.push(sessionPrefixOf(r.arn, r.name));
    const out = new CreatedElements(arns);
    if (cache) perModel.set(lists, out);
    return out;
  }

  /** Whether `arn` is the ARN (or a role's session prefix) of an element created for certain. */
  has(arn: string): boolean {
    return this.arns.has(arn);
  }

  /**
   * Does `pattern` (tokens: model/name-tokens.ts `patternTokens`) name, exactly, an element other
   * than the one `value` is (or is inside of), so that no string matches both? (See the module
   * comment.)
   */
  namesOther(pattern: number[], value: string): boolean {
    const named = this.namedBy(pattern);
    if (!named.length) return false;
    for (const b of this.elementsOf(value))
      for (const a of named)
        if (a.arn !== b.arn && ((a.whole && b.whole) || (a.delimiters >= 0 && a.delimiters === b.delimiters)))
          return true;
    return false;
  }

  /** `namesOther` for a pattern as written (a Resource element's: `*`, `?`, policy variables). */
  patternNamesOther(pattern: string, value: string): boolean {
    return this.namesOther(patternTokens([pattern]), value);
  }

  /**
   * Can the Principal value `value` (an ARN as written, no wildcards) not be the principal ARN
   * `id` (a user's or role's ARN, a role session's)? Yes when it names exactly an element other
   * than the one `id` is (`namesOther`). Principal names compare ignoring case (IAM User Guide,
   * "IAM identifiers": names "are not distinguished by case"), which keeps the rule: IAM user and
   * role names are unique ignoring case too, so two such elements differ even so.
   */
  principalNamesOther(value: string, id: string): boolean {
    return this.namesOther(this.tokensOf(value), id);
  }

  private readonly valueTokenCache = new Map<string, number[]>();

  private tokensOf(value: string): number[] {
    let out = this.valueTokenCache.get(value);
    if (!out) {
      out = valueTokens(value);
      this.valueTokenCache.set(value, out);
    }
    return out;
  }

  private namedBy(pattern: number[]): readonly Named[] {
    let out = this.ofPattern.get(pattern);
    if (out) return out;
    out = this.prefixes(pattern, true);
    this.ofPattern.set(pattern, out);
    return out;
  }

  private elementsOf(value: string): readonly Named[] {
    let out = this.ofValue.get(value);
    if (out) return out;
    out = this.prefixes(valueTokens(value), false);
    this.ofValue.set(value, out);
    return out;
  }

  /**
   * The elements whose ARN `tokens` start with, then `/`, `:` or the end; a pattern's prefix ends
   * at its first wildcard or variable (`stopAtWildcards`).
   */
  private prefixes(tokens: number[], stopAtWildcards: boolean): Named[] {
    const found: Named[] = [];
    let text = '';
    for (let k = 0; k <= tokens.length; k++) {
      const t = tokens[k];
      if (t === undefined || t === SLASH || t === COLON) {
        const d = this.arns.get(text);
        if (d !== undefined) found.push({ arn: text, delimiters: d, whole: t === undefined });
      }
      if (t === undefined || (stopAtWildcards && (t === ANY || t === ONE || t === VAR))) break;
      text += isName(t) ? partText(t) : String.fromCharCode(t);
    }
    return found;
  }
}

/**
 * An element a pattern or value starts with: its ARN, its `fixedDelimiters`, and whether the
 * pattern or value ends with it (`whole`) or goes on after a `/` or `:`.
 */
interface Named {
  arn: string;
  delimiters: number;
  whole: boolean;
}

/** The session prefix of role `name` whose ARN is `roleArn`: `arn:P:sts::ACCOUNT:assumed-role/NAME`. */
export function sessionPrefixOf(roleArn: string, name: string): string {
  const [, partition, , , account] = roleArn.split(':');
  return `arn:${partition}:sts::${account}:assumed-role/${name}`;
}

/**
 * How many `/` and `:` an ARN holds outside its unknown parts; -1 when one of its parts may hold
 * a `/` (an unknown path part, a secret's name...) or, a path part, a `:` (IAM API Reference,
 * CreateRole, Path: any ASCII character from `!` through DEL): its delimiters do not place the
 * ARN's end in a string that goes on after it.
 */
function fixedDelimiters(arn: string): number {
  let out = 0;
  for (const t of valueTokens(arn)) {
    if (t === SLASH || t === COLON) out++;
    else if (isName(t) && (partMayHold(t, SLASH) || partMayHold(t, COLON))) return -1;
  }
  return out;
}
