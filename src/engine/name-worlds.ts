// Decisions on a name the request spells out (`arn:aws:s3:::data-prod/k`, a role ARN, an
// aws:SourceArn value) that may be the name of an element whose name the inputs leave unknown
// (`arn:aws:s3:::data-(unknown-Stack-Data)`, src/model/stand-ins.ts `partlyKnownName`): the
// request may be on that element, with its resource policy, trust policy, tags and account. The
// engine decides the request again in the world where the element's unknown parts are what make
// its ARN the one the request names (the model with those parts replaced everywhere, so the
// policies that name the element by a Ref name it there too); a world that decides otherwise
// makes the decision indeterminate, with the element's source. A name of an element of the
// inputs is never another element's (names are unique: IAM within an account, S3 buckets
// everywhere), so such names open no world; nor, inside a model, is a pattern naming one element
// exactly another element's name (src/model/created-elements.ts `CreatedElements`). A world's engine
// decides in the worlds of the names still unknown there (worlds within worlds), all of one
// model's worlds shared (`SharedWorlds`: a world is the set of values fixed, in whatever order,
// each decided once per request); a world within a world never gives a second element the name
// the request's string gave one already (two elements, one name). Owns `NameWorlds`.
//
// Source: CloudFormation Template Reference, AWS::S3::Bucket BucketName (and the name property of
// every named type): "If you don't specify a name, AWS CloudFormation generates a unique physical
// ID and uses that ID for the bucket name"; AWS::StackName: the name of the stack, chosen when it
// is created. Either may be any name the type allows, so any name the request spells out.

import { nameWorldModel } from '../model/name-world-model.js';
import {
  hasUnknownNamePart,
  isUnknownPathPart,
  UNKNOWN_NAME_PART_OPEN,
  unknownPartLength,
  unknownPartWords,
} from '../model/stand-ins.js';
import type { Source } from '../model/source.js';
import type { Model } from '../model/types.js';
import { type DecideOptions, type Decision, type Request, worldOptionsOf } from './types.js';
import { unknownPartMayHoldColon, unknownPartMayHoldSlash } from './unknown-names.js';
import { indeterminateInWorld, otherWorldWords } from './world-decision.js';

/** What the worlds need of an engine: deciding a request, in its own other worlds too. */
export interface NameWorldDecider {
  decide(request: Request, options: DecideOptions): Decision;
}

/** An element whose name holds unknown parts: its ARN as known text and parts. */
interface Named {
  arn: string;
  /** The known text before the first unknown part (a quick filter). */
  prefix: string;
  /** Known text and unknown parts in turn (`isPart` tells which). */
  pieces: string[];
  /** A role's: the pieces of its sessions' ARN (`sessionPiecesOf`), and their known prefix. */
  session?: { prefix: string; pieces: string[] };
  source: Source | undefined;
}

/** An element whose unknown parts may spell a request's string: the ways, and the name each gives. */
interface Spelling {
  e: Named;
  found: Map<string, string>[];
  names: string[];
}

/** At most this many strings' `spellings` are kept per model (then they are found again). */
const MAX_SPELLED = 10_000;

/** At most this many ways one element's unknown parts can spell a name: beyond, indeterminate. */
const MAX_BINDINGS = 16;

function piecesOf(arn: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < arn.length) {
    const at = arn.indexOf(UNKNOWN_NAME_PART_OPEN, i);
    const close = at < 0 ? -1 : arn.indexOf(')', at);
    if (close < 0) {
      out.push(arn.slice(i));
      break;
    }
    // an unknown path part with its closing `/` (src/model/stand-ins.ts `unknownPath`): one piece
    const end = arn[close + 1] === '/' && isUnknownPathPart(arn.slice(at, close + 1)) ? close + 2 : close + 1;
    out.push(arn.slice(i, at), arn.slice(at, end));
    i = end;
  }
  return out;
}

function isPart(piece: string): boolean {
  return piece.startsWith(UNKNOWN_NAME_PART_OPEN) && (piece.endsWith(')') || isPathPiece(piece));
}

/** An unknown path part and its closing `/`: nothing, or any characters ending with `/`. */
function isPathPiece(piece: string): boolean {
  return isUnknownPathPart(piece) && piece.endsWith(')/');
}

/**
 * The values of the unknown parts that make `pieces` spell `s`, or `s` followed by `/` or `:`
 * and more (an object of a bucket, a version of a function). A part is a run of characters
 * without `/`, `:`, `(` or `)` (possibly empty: no IAM, S3, SQS, SNS, Lambda... name holds them,
 * so a witness name such as `(any-role)` is no element's), `/` allowed in a name that may hold
 * one (a secret's, an SSM parameter's: src/engine/unknown-names.ts `unknownPartMayHoldSlash`); a part
 * written twice takes one value. An unknown path part with its `/` (`isPathPiece`) is nothing or
 * a run ending with `/` (without `:`, as src/engine/unknown-names.ts matches paths); a part of a
 * fixed length (`(unknown-6-chars=…)`) that many characters. Stops at `max`.
 */
export function bindings(
  pieces: readonly string[],
  s: string,
  max: number,
  exact = false,
): Map<string, string>[] {
  const out: Map<string, string>[] = [];
  // per name part: may it hold `/` (a secret's name, an SSM parameter's: src/model/slashed-names.ts)
  const slash = pieces.map((p, k) => isPart(p) && unknownPartMayHoldSlash(p, pieces.slice(0, k).join('')));
  // per name part: may it hold `:` (a DynamoDB stream's label: src/model/slashed-names.ts)
  const colon = pieces.map((p, k) => isPart(p) && unknownPartMayHoldColon(p, pieces.slice(0, k).join('')));
  const walk = (k: number, at: number, bound: Map<string, string>) => {
    if (out.length > max) return;
    if (k === pieces.length) {
      if (at === s.length || (!exact && (s[at] === '/' || s[at] === ':'))) out.push(new Map(bound));
      return;
    }
    const piece = pieces[k]!;
    if (!isPart(piece)) {
      if (s.startsWith(piece, at)) walk(k + 1, at + piece.length, bound);
      return;
    }
    const had = bound.get(piece);
    if (had !== undefined) {
      if (s.startsWith(had, at)) walk(k + 1, at + had.length, bound);
      return;
    }
    if (isPathPiece(piece)) {
      // the rest of an IAM path: any characters (`/` too), ending with `/`; or nothing
      for (let end = at; end <= s.length; end++) {
        const c = s[end - 1];
        if (end > at && (c === ':' || c === '(' || c === ')')) break;
        if (end > at && c !== '/') continue;
        bound.set(piece, s.slice(at, end));
        walk(k + 1, end, bound);
        bound.delete(piece);
      }
      return;
    }
    const length = unknownPartLength(piece);
    if (length !== undefined) {
      // a part of a fixed length (src/model/stand-ins.ts `unknownCharsPart`): that many characters
      const value = s.slice(at, at + length);
      if (value.length === length && !/[/:()]/.test(value)) {
        bound.set(piece, value);
        walk(k + 1, at + length, bound);
        bound.delete(piece);
      }
      return;
    }
    // no name holds `:` (a stream label may), nor `/` but for the types whose names may
    // (src/model/slashed-names.ts);
    // nor `(` or `)` (a stand-in's or a witness's name: no element's)
    for (let end = at; end <= s.length; end++) {
      const c = s[end - 1];
      if (end > at && ((c === '/' && !slash[k]) || (c === ':' && !colon[k]) || c === '(' || c === ')')) break;
      bound.set(piece, s.slice(at, end));
      walk(k + 1, end, bound);
      bound.delete(piece);
    }
  };
  walk(0, 0, new Map());
  return out;
}

/**
 * Whether the element whose ARN (or name) `arn` holds unknown parts may have exactly the ARN (or
 * name) `s` (`role/(unknown-path=…)/legacy` may be `role/service-role/legacy`): the rule the
 * worlds decide by, for the request readers (src/requests/model-names.ts), which must not call
 * such an ARN one that names nothing. False when `arn` holds no unknown part.
 */
export function mayBeSpelled(arn: string, s: string): boolean {
  if (!hasUnknownNamePart(arn) || hasUnknownNamePart(s)) return false;
  return bindings(piecesOf(arn), s, 1, true).length > 0;
}

/** The strings of a request that may name an element: principal, resource, caller, context values. */
function requestStrings(request: Request): string[] {
  const out = [request.principal, request.resource];
  if (request.federatedBy) out.push(request.federatedBy);
  for (const v of Object.values(request.context ?? {})) {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') out.push(x);
  }
  return out;
}

/**
 * The pieces of the ARN the sessions of the role with ARN `arn` have (`role/PATH/NAME` →
 * `arn:P:sts::A:assumed-role/NAME`: the path is not in it), when `arn` is a role's and its name
 * holds an unknown part; else undefined. IAM User Guide, "IAM identifiers", ARNs: the role
 * session ARN is `arn:aws:sts::account:assumed-role/role-name/role-session-name`, and "the ARN
 * for an assumed-role session does not include the path", so a session names its role whatever
 * its path.
 */
function sessionPiecesOf(arn: string): string[] | undefined {
  const m = /^arn:([^:]+):iam::([^:]*):role\/(.*)$/.exec(arn);
  if (!m) return undefined;
  // unknown name parts hold no `/`: the name is the text after the last one
  const name = m[3]!.slice(m[3]!.lastIndexOf('/') + 1);
  if (!hasUnknownNamePart(name)) return undefined;
  return piecesOf(`arn:${m[1]}:sts::${m[2]}:assumed-role/${name}`);
}

/** The decisions of one request in the worlds a decision looks at, by world (`worldKey`). */
interface WorldMemo {
  request: Request;
  conditions: DecideOptions['conditions'];
  resourcePolicyAllows: boolean;
  decisions: Map<string, Decision['decision']>;
  /**
   * The names the request's strings gave elements in the world being decided : none
   * in the inputs' own model.
   */
  spelled: ReadonlySet<string>;
}

/** The ARN (or session ARN) `pieces` spell with `binding`'s values for their parts. */
function nameSpelled(pieces: readonly string[], binding: ReadonlyMap<string, string>): string {
  return pieces.map((p) => (isPart(p) ? binding.get(p)! : p)).join('');
}

/**
 * The worlds of one model's unknown names, shared by the engines of those worlds: a world's
 * engine decides in the worlds of the names still unknown there, so a decision may go through
 * worlds within worlds; a world is the set of its parts' values, whichever order they were fixed
 * in (the model with those parts replaced, src/model/name-world-model.ts `nameWorldModel`), built once and kept while used (at most
 * `MAX_ENGINES`). While a request is decided, each world's decision of it is made once (`memo`):
 * fixing A then B and B then A reach one world.
 */
class SharedWorlds {
  readonly base: Model;
  readonly make: (model: Model) => NameWorldDecider;
  /** The engines of the worlds, least recently used first. */
  private readonly engines = new Map<string, NameWorldDecider>();
  /** The request being decided and its decisions in each world so far. */
  memo: WorldMemo | undefined;

  constructor(base: Model, make: (model: Model) => NameWorldDecider) {
    this.base = base;
    this.make = make;
  }

  /** The engine of the world where the base model's parts are `binding`'s values. */
  engine(key: string, binding: ReadonlyMap<string, string>): NameWorldDecider {
    let e = this.engines.get(key);
    if (e) {
      this.engines.delete(key);
      this.engines.set(key, e);
      return e;
    }
    const model = nameWorldModel(this.base, binding);
    WORLD_OF.set(model, { shared: this, fixed: binding });
    e = this.make(model);
    this.engines.set(key, e);
    if (this.engines.size > MAX_ENGINES) this.engines.delete(this.engines.keys().next().value!);
    return e;
  }
}

/** At most this many world engines are kept per model (a world dropped is built again when needed). */
const MAX_ENGINES = 256;

/** The models of worlds, each with the worlds it belongs to and the parts fixed in it. */
const WORLD_OF = new WeakMap<Model, { shared: SharedWorlds; fixed: ReadonlyMap<string, string> }>();

/** The key of the world of `binding` (the same whichever order its parts were fixed in). */
function worldKey(binding: ReadonlyMap<string, string>): string {
  return JSON.stringify([...binding].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

export class NameWorlds {
  private readonly shared: SharedWorlds;
  /** The parts this model's world fixes (empty for the inputs' own model). */
  private readonly fixed: ReadonlyMap<string, string>;
  private readonly named: Named[];
  /** Is `s` the ARN of an element of the inputs (or of something inside one)? */
  private readonly isModelArn: (s: string) => boolean;
  /** `spellings` by string. */
  private readonly spellingsOf = new Map<string, readonly Spelling[]>();

  private constructor(
    shared: SharedWorlds,
    fixed: ReadonlyMap<string, string>,
    named: Named[],
    isModelArn: (s: string) => boolean,
  ) {
    this.shared = shared;
    this.fixed = fixed;
    this.named = named;
    this.isModelArn = isModelArn;
  }

  /**
   * The worlds of `model`'s unknown names; null when no element's name holds one. When `model`
   * is itself a world's, its worlds are those of the model it was made from, with its parts fixed.
   */
  static of(
    model: Model,
    make: (model: Model) => NameWorldDecider,
    isModelArn: (s: string) => boolean,
  ): NameWorlds | null {
    const named: Named[] = [];
    for (const e of [...model.users, ...model.roles, ...model.groups, ...model.resources]) {
      if (!hasUnknownNamePart(e.arn)) continue;
      const pieces = piecesOf(e.arn);
      const sessionPieces = sessionPiecesOf(e.arn);
      named.push({
        arn: e.arn,
        prefix: pieces[0]!,
        pieces,
        source: e.source,
        ...(sessionPieces ? { session: { prefix: sessionPieces[0]!, pieces: sessionPieces } } : {}),
      });
    }
    if (!named.length) return null;
    const world = WORLD_OF.get(model);
    return world
      ? new NameWorlds(world.shared, world.fixed, named, isModelArn)
      : new NameWorlds(new SharedWorlds(model, make), new Map(), named, isModelArn);
  }

  /**
   * `home` unless the request spells a name that an element with an unknown name may have and
   * the world where it does decides otherwise: then indeterminate, naming the element.
   */
  check(request: Request, options: DecideOptions, home: Decision): Decision {
    if (home.decision === 'indeterminate') return home;
    const worldOptions = worldOptionsOf(options);
    const outer = this.shared.memo;
    // inside a world of this request's decision: its memo; else this decision's own
    if (
      outer?.request === request &&
      outer.conditions === worldOptions.conditions &&
      outer.resourcePolicyAllows === !!worldOptions.resourcePolicyAllows
    )
      return this.checkIn(request, worldOptions, home, outer);
    const memo: WorldMemo = {
      request,
      conditions: worldOptions.conditions,
      resourcePolicyAllows: !!worldOptions.resourcePolicyAllows,
      decisions: new Map(),
      spelled: new Set(),
    };
    this.shared.memo = memo;
    try {
      return this.checkIn(request, worldOptions, home, memo);
    } finally {
      this.shared.memo = outer;
    }
  }

  private checkIn(request: Request, worldOptions: DecideOptions, home: Decision, memo: WorldMemo): Decision {
    for (const s of requestStrings(request)) {
      for (const { e, found, names } of this.spellings(s)) {
        if (found.length > MAX_BINDINGS) return this.indeterminate(home, e, s, undefined);
        for (let k = 0; k < found.length; k++) {
          // A world within the world where the request's string gave another element this very
          // name: two elements of one name, which no two elements of the inputs have.
          const name = names[k]!;
          if (memo.spelled.has(name)) continue;
          const other = this.decideIn(found[k]!, name, request, worldOptions, memo);
          if (other !== home.decision) return this.indeterminate(home, e, s, other);
        }
      }
    }
    return home;
  }

  /**
   * The elements whose unknown parts may spell `s` (a request's string), in order, each with the
   * ways they may (`bindings`, more than `MAX_BINDINGS` when too many) and the name each gives:
   * none for a string holding an unknown part or naming an element of the inputs. Kept per
   * string (the matrix asks of one principal or resource again and again).
   */
  private spellings(s: string): readonly Spelling[] {
    const known = this.spellingsOf.get(s);
    if (known) return known;
    const out: Spelling[] = [];
    if (!hasUnknownNamePart(s))
      for (const e of this.named) {
        // the element's own ARN, or (a role) the ARN of one of its sessions
        const pieces = s.startsWith(e.prefix)
          ? e.pieces
          : e.session && s.startsWith(e.session.prefix)
            ? e.session.pieces
            : undefined;
        if (!pieces || this.isModelArn(s)) continue;
        const found = bindings(pieces, s, MAX_BINDINGS);
        out.push({
          e,
          found,
          names: found.length > MAX_BINDINGS ? [] : found.map((b) => nameSpelled(pieces, b)),
        });
      }
    if (this.spellingsOf.size >= MAX_SPELLED) this.spellingsOf.clear();
    this.spellingsOf.set(s, out);
    return out;
  }

  /**
   * The decision of `request` in the world of this model where `binding`'s parts have its
   * values, which give an element the name `name`.
   */
  private decideIn(
    binding: ReadonlyMap<string, string>,
    name: string,
    request: Request,
    worldOptions: DecideOptions,
    memo: WorldMemo,
  ): Decision['decision'] {
    const all = new Map([...this.fixed, ...binding]);
    const key = worldKey(all);
    const names = new Set([...memo.spelled, name]);
    const memoKey = `${key}\n${JSON.stringify([...names].sort())}`;
    let out = memo.decisions.get(memoKey);
    if (out === undefined) {
      const outer = memo.spelled;
      memo.spelled = names;
      try {
        out = this.shared.engine(key, all).decide(request, worldOptions).decision;
      } finally {
        memo.spelled = outer;
      }
      memo.decisions.set(memoKey, out);
    }
    return out;
  }

  private indeterminate(
    home: Decision,
    e: Named,
    s: string,
    other: Decision['decision'] | undefined,
  ): Decision {
    // only its IAM path unknown (a principal named by name only, src/model/named-principals.ts)
    const pathOnly = e.pieces.every((p) => !isPart(p) || isPathPiece(p));
    const what = pathOnly ? 'path' : 'name';
    const reason = `the ${what} of ${e.arn} is not known (${unknownPartWords(what)}), so ${s} may be it`;
    const were = other
      ? `were it ${s}, ${otherWorldWords(other, home.decision)}`
      : `it may be ${s} in too many ways to decide each`;
    const give = pathOnly
      ? 'give its path (an ARN of it in the inputs, the path argument or variable)'
      : 'give the name (a stack name, a parameter or variable value, the module or resource that creates it)';
    return indeterminateInWorld(
      home,
      'unknown-world',
      `the request names ${s}, which may be the element ${e.arn} (its ${what} is not known): ${were}; ${give}`,
      reason,
      e.source,
    );
  }
}
