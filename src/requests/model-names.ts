// Whether an exact principal or resource ARN of a request names something of the model, and the
// problem (with the close names of the model) when it does not:
// - a principal ARN is decided by the engine's own reading of it (engine/principal.ts): an IAM
//   user or role ARN, or a session of a role, of an account of the model must be in the model
//   (the engine has nothing to decide for it: every such request is denied; an ARN that a user
//   or role whose path or name the inputs leave unknown may have is not missing: the engine
//   decides it in the world where it is that element, engine/name-worlds.ts `mayBeSpelled`;
//   model/named-principals.ts: a principal named by name only), and an ARN of
//   another form (a group, a policy) is no principal at all, nor is a user, role or session ARN
//   whose account or name holds `*` or `?` (`role/*`: no name holds them). All are fatal: a
//   check naming it can never be satisfied, by the model's principals or by any outside it.
// - an S3 bucket ARN (or an object or object pattern of it) whose exact bucket name is not in the
//   model is decided as a
//   bucket outside the inputs, with no bucket policy: real stacks grant access to buckets made
//   elsewhere, so it is a warning (with the close bucket names: probably a typo when there are).
// - an exact IAM user, role or group ARN of an account of the model, as a resource, that the
//   model does not have is fatal, as for principals.
// - a principal or resource holding `${...}` text (`arn:aws:sqs:${Region}:…`): nothing substitutes
//   it in a request, so it names a principal or resource no deployment has, and a `cannot` or
//   `onlyPrincipals` on it would hold whatever the policies allow: fatal (a spec or matcher
//   error, and an input error for who-can and matrix, whose answer would be as vacuous; `eval` /
//   `explain` still decide it, with the warning).
// - a resource holding `*` or `?`: a warning for `eval` / `explain` (see `resourcePatternProblem`).

import { hasUnknownNamePart } from '../model/stand-ins.js';
import { mayBeSpelled } from '../engine/name-worlds.js';
import { type PrincipalDirectory, resolveRequestPrincipal } from '../engine/principal.js';
import { parseArn } from '../model/arns.js';
import type { Model } from '../model/types.js';
import { hasWildcard } from '../policy/wildcard.js';
import { closest, didYouMean } from '../text/suggest.js';
import type { RequestProblem } from './problems.js';

type IamKind = 'user' | 'role' | 'group';

/** The IAM element an exact ARN of an account of the model names, when the model lacks it. */
function missingIamElement(
  model: Model,
  arn: string,
): { kind: IamKind; name: string; account: string } | undefined {
  const found = iamElementNamed(model, arn);
  return found && !found.exists ? found : undefined;
}

/**
 * The IAM user, role or group (or role session) an exact ARN of an account of the model names,
 * and whether the model has it: the element of that ARN, or one whose path or name the inputs
 * leave unknown that may have it. Undefined for other ARNs.
 */
function iamElementNamed(
  model: Model,
  arn: string,
): { kind: IamKind; name: string; account: string; exists: boolean } | undefined {
  const parsed = parseArn(arn);
  if (!parsed || !model.accounts.some((a) => a.id === parsed.account)) return undefined;
  let kind: IamKind;
  let name: string;
  let exists: boolean;
  if (parsed.service === 'iam') {
    const m = /^(user|role|group)\/(?:.*\/)?([^/]+)$/.exec(parsed.resource);
    if (!m) return undefined;
    kind = m[1] as IamKind;
    name = m[2]!;
    const list = kind === 'user' ? model.users : kind === 'role' ? model.roles : model.groups;
    // an element whose path or name is unknown may be it (decided in its world by the engine)
    exists = list.some((x) => x.arn === arn || mayBeSpelled(x.arn, arn));
  } else if (parsed.service === 'sts') {
    const m = /^assumed-role\/([^/]+)\//.exec(parsed.resource);
    if (!m) return undefined;
    kind = 'role';
    name = m[1]!;
    exists = model.roles.some(
      (r) => r.account === parsed.account && (r.name === name || mayBeSpelled(r.name, name)),
    );
  } else {
    return undefined;
  }
  return { kind, name, account: parsed.account, exists };
}

/** `did you mean role/a?`, or `it has role/a, role/b, ...` when nothing is close. */
function namesOf(
  model: Model,
  kind: IamKind,
  account: string,
  name: string,
): { hint: string; candidates: string[] } {
  const list = kind === 'user' ? model.users : kind === 'role' ? model.roles : model.groups;
  // IAM names are unique in an account whatever the path (src/model/named-principals.ts)
  const sameName = list.find((x) => x.account === account && x.name === name);
  if (sameName)
    return {
      hint: `its ${kind} named ${name} is ${sameName.arn} (IAM names are unique in an account whatever the path)`,
      candidates: [sameName.arn],
    };
  const names = list.filter((x) => x.account === account).map((x) => `${kind}/${x.name}`);
  const candidates = closest(`${kind}/${name}`, names);
  const hint =
    didYouMean(candidates) ??
    (names.length
      ? `it has ${names.slice(0, 6).join(', ')}${names.length > 6 ? ', ...' : ''}`
      : `it has no ${kind}s in that account`);
  return { hint, candidates };
}

/**
 * The problem of a request principal (an ARN, a service principal, an account, `anonymous`), read
 * the way the engine reads it; undefined when the engine can decide for it.
 */
export function principalProblem(
  model: Model,
  directory: PrincipalDirectory,
  principal: string,
): RequestProblem | undefined {
  const unresolved = unresolvedVariableProblem('principal', principal);
  if (unresolved) return unresolved;
  const p = resolveRequestPrincipal(principal, directory);
  if (!p.error) return principalPatternProblem(principal);
  // not a model element's ARN as written, but one whose path or name is unknown may have it
  if (iamElementNamed(model, principal)?.exists) return undefined;
  const missing = missingIamElement(model, principal);
  if (missing) {
    const { hint, candidates } = namesOf(model, missing.kind, missing.account, missing.name);
    return {
      code: 'request/principal-not-in-model',
      message: `principal "${principal}" names no ${missing.kind} of account ${missing.account} in the model; ${missing.account} is an account of the inputs, so no principal outside them can be it; ${hint}`,
      candidates,
      fatal: true,
    };
  }
  return {
    code: 'request/not-a-principal',
    message: p.error.startsWith(`"${principal}"`)
      ? `principal ${p.error}`
      : `principal "${principal}": ${p.error}`,
    candidates: [],
    fatal: true,
  };
}

/**
 * An IAM user or role ARN, or a role session ARN, whose account, user or role name or session
 * name holds `*` or `?` (`arn:aws:iam::999988887777:role/*`): those names cannot hold them (IAM
 * User Guide, "IAM object quotas": names of users and roles are alphanumeric and `+=,.@_-`; an
 * account id is 12 digits), so it names no principal; the engine would decide it as a role of
 * that name, which no Allow on a real role matches, and a `toDeny` / `cannot` on it would hold
 * vacuously. Fatal, as every principal that is none (a path segment may hold `*`: not looked at).
 */
function principalPatternProblem(principal: string): RequestProblem | undefined {
  const m = /^arn:[^:]*:(iam|sts)::([^:]*):(user|role|assumed-role)\/(.*)$/.exec(principal);
  if (!m) return undefined;
  const [, , account, kind, rest] = m as unknown as [string, string, string, string, string];
  const names =
    kind === 'assumed-role' ? rest.split('/').slice(0, 2) : [rest.slice(rest.lastIndexOf('/') + 1)];
  if (![account, ...names].some((n) => /[*?]/.test(n))) return undefined;
  return {
    code: 'request/not-a-principal',
    message: `principal "${principal}" holds "*" or "?", which no account id, user, role or session name holds: a request is made by one principal, so it names none and a check on it would hold whatever the policies allow; name one principal, or check who may make the request with onlyPrincipals (a spec) or who-can`,
    candidates: [],
    fatal: true,
  };
}

/**
 * A request names one concrete principal and resource: `${Region}`, `${AWS::AccountId}` or
 * `${aws:username}` in it is substituted by nothing, so the request is on a principal or resource
 * that cannot exist and a check on it would pass vacuously. Checked for every resource, a model
 * element's too (`LogsBucket/${aws:username}/x` names the bucket, with a literal key).
 */
export function unresolvedVariableProblem(
  role: 'principal' | 'resource',
  text: string,
): RequestProblem | undefined {
  const variable = /\$\{[^}]*\}?/.exec(text)?.[0];
  if (!variable) return undefined;
  return {
    code: 'request/unresolved-variable',
    message: `${role} "${text}" holds "${variable}", which nothing substitutes in a request: it names a ${role} no deployment has, so a check on it would hold whatever the policies allow; write the value itself (the region, the account id, the name)`,
    candidates: [],
    fatal: true,
  };
}

/**
 * A request resource holding `*` or `?` (`arn:aws:s3:::data-*`): the engine decides one request
 * on one resource, reading them as characters of its name (an S3 object key may hold them), never
 * as a pattern; an Allow on `arn:aws:s3:::data-prod` does not match that string. A warning for
 * eval / explain, which decide that one request; a spec's `can` / `cannot` and the matchers'
 * `toAllow` / `toDeny` decide a pattern on every matching resource instead
 * (analysis/pattern-requests.ts), so they never meet it.
 */
export function resourcePatternProblem(text: string): RequestProblem | undefined {
  // `*` alone is the resource of actions that take no resource type (s3:ListAllMyBuckets).
  if (text === '*' || !/[*?]/.test(text)) return undefined;
  return {
    code: 'request/resource-pattern',
    message: `resource "${text}" holds "*" or "?": a request names one resource, so they are read as characters of its name, not as a pattern, and the decision is about that one name, not about the resources the pattern means; name one resource, or check the pattern with an access spec's can / cannot or the test matchers toAllow / toDeny, which decide every matching resource`,
    candidates: [],
    fatal: false,
  };
}

/**
 * The first `${...}` problem of the references a front end was given for `role` (`--resource`,
 * `--principal`: each as written and as resolved), for front ends that make it an input error
 * (who-can and matrix, as specs and matchers: an answer about it would be vacuous, "Nobody" or a
 * row of denies).
 */
export function firstUnresolvedVariable(
  role: 'principal' | 'resource',
  texts: readonly (string | undefined)[],
): RequestProblem | undefined {
  for (const t of texts) {
    const p = t === undefined ? undefined : unresolvedVariableProblem(role, t);
    if (p) return p;
  }
  return undefined;
}

/** The problem of an exact resource ARN that is not in the model (see the module comment). */
export function resourceProblem(model: Model, arn: string): RequestProblem | undefined {
  const unresolved = unresolvedVariableProblem('resource', arn);
  if (unresolved) return unresolved;
  const parsed = parseArn(arn);
  if (!parsed) return undefined;
  if (parsed.service === 's3' && parsed.account === '' && parsed.region === '') {
    // The bucket name must be exact; the object key may be a pattern (`company1-logs/*`).
    const bucket = parsed.resource.split('/')[0]!;
    if (bucket === '' || hasWildcard(bucket) || bucket.startsWith('accesspoint')) return undefined;
    const buckets = model.resources.filter((r) => r.kind === 's3-bucket');
    const bucketArn = `arn:${parsed.partition}:s3:::${bucket}`;
    if (buckets.some((b) => b.name === bucket || b.arn === bucketArn)) return undefined;
    const candidates = closest(
      bucket,
      buckets.map((b) => b.name),
    );
    const hint = didYouMean(candidates);
    // a bucket whose name is unknown may be it (src/engine/name-worlds.ts)
    const unknownNamed = buckets.filter((b) => hasUnknownNamePart(b.name)).map((b) => `"${b.name}"`);
    const outside = unknownNamed.length
      ? `it is decided as a bucket outside the inputs, without a bucket policy, and as each bucket whose name is unknown that it may be (${unknownNamed.join(', ')})`
      : 'it is decided as a bucket outside the inputs, without a bucket policy';
    return {
      code: 'request/resource-not-in-model',
      message: `resource "${arn}" names the bucket "${bucket}", which is not in the model: ${outside}${hint ? `; ${hint}` : ''}`,
      candidates,
      fatal: false,
    };
  }
  const missing = hasWildcard(arn) ? undefined : missingIamElement(model, arn);
  if (!missing) return undefined;
  const { hint, candidates } = namesOf(model, missing.kind, missing.account, missing.name);
  return {
    code: 'request/resource-not-in-model',
    message: `resource "${arn}" names no ${missing.kind} of account ${missing.account} in the model; ${missing.account} is an account of the inputs, whose ${missing.kind}s are all in the model; ${hint}`,
    candidates,
    fatal: true,
  };
}
