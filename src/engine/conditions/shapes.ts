// Value shapes: a context key that is present in the request but whose value is known only
// after deploy, with the form AWS documents for it (an IAM user's unique id `AIDA…`, a role
// session's `AROA…:session-name`, a 12-digit account id). A comparison that no value of the
// shape can satisfy is decided (false; true for a negated operator); one that every value
// satisfies is true; otherwise the clause stays unknown. Shapes are sequences of segments: a
// fixed text, or characters of one class repeated between a minimum and a maximum count.
//
// Sources: IAM User Guide, "IAM identifiers", unique ID prefixes ("AIDA: IAM user", "AROA:
// Role") and the aws:userid examples (`"AROADBQP57FF2AEXAMPLE:role-session-name"`),
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-prefixes;
// IAM API Reference, User.UserId / Role.RoleId ("Minimum length of 16. Maximum length of 128.
// Pattern: [\w]+"); AWS STS API Reference, AssumeRole RoleSessionName ("Minimum length of 2.
// Maximum length of 64. Pattern: [\w+=,.@-]*").

export interface ShapeSegment {
  /** Fixed text, or a character class (RegExp class source such as `[A-Za-z0-9_]`). */
  text?: string;
  chars?: string;
  min?: number;
  max?: number;
}

export interface ValueShape {
  /** Readable description for traces (`an IAM user's unique id (AIDA…)`). */
  description: string;
  segments: readonly ShapeSegment[];
}

/** One character position of an expanded shape: a class that accepts `min`..`max` characters. */
interface Step {
  test: (ch: string) => boolean;
  min: number;
  max: number;
}

const stepsCache = new WeakMap<ValueShape, Step[]>();

function stepsOf(shape: ValueShape): Step[] {
  let steps = stepsCache.get(shape);
  if (steps) return steps;
  steps = [];
  for (const s of shape.segments) {
    if (s.text !== undefined) {
      for (const ch of s.text) steps.push({ test: (c) => c === ch, min: 1, max: 1 });
    } else if (s.chars) {
      const re = new RegExp(`^${s.chars}$`, 'u');
      steps.push({ test: (c) => re.test(c), min: s.min ?? 0, max: s.max ?? 1024 });
    }
  }
  stepsCache.set(shape, steps);
  return steps;
}

/** The fixed text every value of the shape starts with. */
export function shapePrefix(shape: ValueShape): string {
  let out = '';
  for (const s of shape.segments) {
    if (s.text === undefined) break;
    out += s.text;
  }
  return out;
}

/** RegExp source (unanchored) for exactly the values of the shape. */
export function shapeSource(shape: ValueShape): string {
  let src = '';
  for (const s of shape.segments) {
    if (s.text !== undefined) src += escapeText(s.text);
    else if (s.chars) src += `${s.chars}{${s.min ?? 0},${s.max ?? 1024}}`;
  }
  return src;
}

export function escapeText(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A RegExp matching exactly the values of the shape. */
function shapeRegExp(shape: ValueShape, ignoreCase: boolean): RegExp {
  return new RegExp(`^${shapeSource(shape)}$`, ignoreCase ? 'iu' : 'u');
}

/** Is `value` a possible value of the shape? */
export function shapeAccepts(shape: ValueShape, value: string, ignoreCase = false): boolean {
  return shapeRegExp(shape, ignoreCase).test(value);
}

/**
 * Can some value of the shape match the glob (`*` any run, `?` one character)? A search over
 * (glob position, shape step, count within the step): each character consumed must be allowed
 * by both. The glob is the policy value as written, wildcards active.
 */
export function shapeMeetsGlob(shape: ValueShape, glob: string): boolean {
  const steps = stepsOf(shape);
  const g = [...glob];
  const seen = new Set<string>();
  const stack: [number, number, number][] = [[0, 0, 0]];
  // Epsilon closure: a shape step whose minimum is reached may end; a `*` may match nothing.
  while (stack.length) {
    const [gi, si, k] = stack.pop()!;
    const key = `${gi},${si},${k}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const step = steps[si];
    const stepDone = !step || k >= step.min;
    if (gi === g.length && stepDone && steps.slice(si + 1).every((s) => s.min === 0)) return true;
    if (stepDone && step) stack.push([gi, si + 1, 0]);
    if (g[gi] === '*') stack.push([gi + 1, si, k]);
    if (!step || k >= step.max || gi >= g.length) continue;
    // Consume one character at shape step `si`.
    const gc = g[gi]!;
    if (gc === '*') stack.push([gi, si, k + 1]);
    else if (gc === '?' || step.test(gc)) stack.push([gi + 1, si, k + 1]);
  }
  return false;
}

/** The fixed text every value of the shape ends with. */
function shapeSuffix(shape: ValueShape): string {
  let out = '';
  for (let i = shape.segments.length - 1; i >= 0; i--) {
    const s = shape.segments[i]!;
    if (s.text === undefined) break;
    out = s.text + out;
  }
  return out;
}

/**
 * Does every value of the shape match the glob? Proved for globs with one `*` and no `?`
 * (`HEAD*TAIL`): every value starts with HEAD and ends with TAIL when the shape's fixed start
 * and end say so and no value is too short for both; otherwise false (not proved).
 */
export function shapeWithinGlob(shape: ValueShape, glob: string): boolean {
  const star = glob.indexOf('*');
  if (star < 0 || glob.includes('?') || glob.indexOf('*', star + 1) >= 0) return false;
  const head = glob.slice(0, star);
  const tail = glob.slice(star + 1);
  const prefix = shapePrefix(shape);
  const suffix = shapeSuffix(shape);
  let minLength = 0;
  for (const s of shape.segments) minLength += s.text !== undefined ? [...s.text].length : (s.min ?? 0);
  // Every value starts with the fixed prefix and ends with the fixed suffix; HEAD and TAIL must
  // not overlap in the shortest value.
  return prefix.startsWith(head) && suffix.endsWith(tail) && head.length + tail.length <= minLength;
}

// ---------------------------------------------------------------------------------------
// The shapes AWS documents

const ID_CHARS = '[A-Za-z0-9_]';
const SESSION_CHARS = '[\\w+=,.@-]';

/** aws:userid of an IAM user: its unique id, `AIDA` and 12 to 124 more characters. */
export const USER_ID_SHAPE: ValueShape = {
  description: "an IAM user's unique id (AIDA…), known only after deploy",
  segments: [{ text: 'AIDA' }, { chars: ID_CHARS, min: 12, max: 124 }],
};

/**
 * aws:userid of a role session: `AROA…:session-name`; the session name when it is known, the
 * role's unique id when the request names the role by it.
 */
export function roleSessionIdShape(sessionName: string | undefined, roleId?: string): ValueShape {
  return {
    description: `a role session's id (${roleId ?? 'AROA…'}:${sessionName ?? 'session-name'})${roleId ? '' : ', known only after deploy'}`,
    segments: [
      ...(roleId ? [{ text: roleId }] : [{ text: 'AROA' }, { chars: ID_CHARS, min: 12, max: 124 }]),
      { text: ':' },
      sessionName !== undefined ? { text: sessionName } : { chars: SESSION_CHARS, min: 2, max: 64 },
    ],
  };
}

/**
 * aws:PrincipalArn, aws:PrincipalAccount, aws:username of a user or role named by its unique id
 * (src/model/unique-ids.ts): present, with a value of the form IAM gives them (IAM User Guide, "IAM
 * identifiers": `arn:PARTITION:iam::ACCOUNT:user/PATH/NAME`, `…:role/PATH/NAME`), the account and
 * name unknown. Name and path characters are a superset of those IAM allows.
 */
export function uniqueIdPrincipalShape(key: string, id: string): ValueShape {
  if (key === 'aws:principalaccount') return ACCOUNT_ID_SHAPE;
  const kind = id.startsWith('AIDA') ? 'user' : 'role';
  const name = { chars: '[\\w+=,.@/-]', min: 1, max: 576 };
  if (key === 'aws:username')
    return { description: `the name of the IAM user with unique id ${id}`, segments: [name] };
  return {
    description: `the ARN of the IAM ${kind} with unique id ${id}, not known`,
    segments: [
      { text: 'arn:' },
      { chars: '[a-z-]', min: 3, max: 16 },
      { text: ':iam::' },
      ACCOUNT_ID_SHAPE.segments[0]!,
      { text: `:${kind}/` },
      name,
    ],
  };
}

/** An AWS account id that is not known (12 digits). */
export const ACCOUNT_ID_SHAPE: ValueShape = {
  description: 'an account id that is not known',
  segments: [{ chars: '[0-9]', min: 12, max: 12 }],
};

/**
 * A tag value the inputs leave unknown (a parameter, a value known after apply): present, of any
 * text up to 256 characters (IAM User Guide, "Tags for AWS Identity and Access Management
 * resources": "Tag values can have a maximum length of 256 characters"). Any character is
 * allowed here, a superset of what AWS accepts, so the shape never decides a clause wrongly.
 */
export const TAG_VALUE_SHAPE: ValueShape = {
  description: 'a tag value known only at deployment',
  segments: [{ chars: '[\\s\\S]', min: 0, max: 256 }],
};

/**
 * The value of a policy variable whose key has several values in the request: "You can't use a
 * multivalued condition key as a variable" (IAM User Guide, "IAM policy elements: Variables and
 * tags"), and the guide says neither that such a variable has no value nor that it takes its
 * default ("anonymous users will not populate the ${aws:userid} variable": the default stands for
 * a key with no value). So it may be any text: the clause or Resource stays unknown.
 */
export const SEVERAL_VALUES_SHAPE: ValueShape = {
  description:
    'a key with several values used as a policy variable (AWS: "You can\'t use a multivalued condition key as a variable"; what it then resolves to, its default or none, is not documented)',
  segments: [{ chars: '[\\s\\S]', min: 0, max: 4096 }],
};

/**
 * aws:RequestedRegion when the inputs do not say which Region a request is made to: a Region
 * code (`us-east-1`, `eu-west-2`, `us-gov-west-1`): lower-case letters, digits and hyphens (IAM
 * User Guide, "AWS global condition context keys", aws:RequestedRegion: "Use this key to compare
 * the AWS Region that was called in the request with the Region that you specify in the policy").
 */
export const REGION_SHAPE: ValueShape = {
  description: 'a Region the inputs do not name (pass --region for the deploying Region)',
  segments: [{ chars: '[a-z0-9-]', min: 2, max: 32 }],
};
