// Undecided `Fn::If`: a condition nobody can evaluate (a parameter without a default) keeps both
// branches. The evaluator returns an `UndecidedIf`, which is an Unknown (so every consumer that
// does not look inside treats the value as unknown, which is sound) carrying both branch values.
// Consumers that can do better (statement lists, policy documents, policy and principal lists,
// managed policy ARNs) expand it into alternatives, each present only if its branch is taken:
// each alternative becomes a maybe-present element whose `presence` names the condition and
// why it is undecided (the parameter), located at the `Fn::If`. An `UndecidedChoice` is the same
// for more than two known values (`Fn::FindInMap` with an unknown key).

import type { Source } from '../../model/source.js';
import { Unknown } from '../../model/unknown.js';
import { NO_VALUE, type Resolved, type Value } from './values.js';

export class UndecidedIf extends Unknown {
  constructor(
    reason: string,
    source: Source | undefined,
    /** The condition's name. */
    readonly condition: string,
    /** Why the condition is undecided (its own Unknown: the parameter without a value). */
    readonly why: Unknown,
    readonly whenTrue: Resolved,
    readonly whenFalse: Resolved,
  ) {
    super(reason, source);
  }

  /** The presence of one branch: "exists only if condition C is true/false; C is undecided (...)". */
  branchPresence(taken: boolean): Unknown {
    return new Unknown(
      `exists only if condition ${this.condition} is ${taken}, which the inputs do not decide (${this.why.reason})`,
      this.source,
    );
  }
}

/**
 * One of several known values, which one the inputs do not say (`Fn::FindInMap` with an unknown
 * key: one of the map's entries at that level). Like an undecided `Fn::If`, an Unknown that the
 * consumers that can expand into its choices, each present only when its `presence` holds.
 */
/** Most choices an `UndecidedChoice` holds; past it the value is wholly unknown. */
export const MAX_CHOICES = 16;

export class UndecidedChoice extends Unknown {
  constructor(
    reason: string,
    source: Source | undefined,
    readonly choices: readonly { value: Resolved; presence: Unknown }[],
  ) {
    super(reason, source);
  }
}

/** True when `v` is undecided between known values: an undecided `Fn::If` or an `UndecidedChoice`. */
export function isUndecided(v: unknown): v is UndecidedIf | UndecidedChoice {
  return v instanceof UndecidedIf || v instanceof UndecidedChoice;
}

/** One possible value of an expression, with the Unknown that says when it is the value. */
export interface Alternative {
  value: Resolved;
  /** Undefined when the value is certain. */
  presence: Unknown | undefined;
}

/** Both presences: the element exists only if both hold. */
export function bothPresent(a: Unknown | undefined, b: Unknown | undefined): Unknown | undefined {
  if (!a) return b;
  if (!b || a === b) return a;
  return new Unknown(`${a.reason}; and ${b.reason}`, a.source ?? b.source);
}

/**
 * The possible values of `v`: itself when it is not undecided (`isUndecided`); otherwise each
 * branch or choice (nested ones expanded) with its presence. `AWS::NoValue` branches are kept (callers drop them).
 */
export function alternatives(v: Resolved, presence?: Unknown, depth = 0): Alternative[] {
  if (v instanceof UndecidedChoice && depth <= 16)
    return v.choices.flatMap((c) => alternatives(c.value, bothPresent(presence, c.presence), depth + 1));
  if (!(v instanceof UndecidedIf) || depth > 16) return [{ value: v, presence }];
  return [
    ...alternatives(v.whenTrue, bothPresent(presence, v.branchPresence(true)), depth + 1),
    ...alternatives(v.whenFalse, bothPresent(presence, v.branchPresence(false)), depth + 1),
  ];
}

/**
 * The elements of a list whose elements, or the list itself, may be undecided `Fn::If`s: each
 * element with its presence; `AWS::NoValue` dropped. A value that is not a list is one element.
 * Unknown lists and elements that are not undecided `Fn::If`s stay as they are.
 */
export function listAlternatives(
  v: Resolved,
): { value: Value; presence: Unknown | undefined; index: number }[] {
  const out: { value: Value; presence: Unknown | undefined; index: number }[] = [];
  for (const whole of alternatives(v)) {
    if (whole.value === NO_VALUE) continue;
    const items = Array.isArray(whole.value) ? whole.value : [whole.value];
    items.forEach((item, index) => {
      for (const a of alternatives(item, whole.presence)) {
        if (a.value !== NO_VALUE) out.push({ value: a.value, presence: a.presence, index });
      }
    });
  }
  return out;
}
