// Shared wording of the who-can and matrix front ends: short principal labels (`user/john`,
// `role/JohnUploadRole`, `account 444455556666`), access words and one-letter level marks,
// and one-line renderings of the statements behind a grant, with their sources.

import type {
  Access,
  AccessLevelName,
  Matrix,
  MatrixPrincipal,
  MatrixResource,
  StatementRef,
  WhoCanEntry,
} from '../analysis/types.js';
import { openAccountLabel, openAccountStandInOf } from '../model/open-accounts.js';
import { anyPrincipalKind, isUnnamedAccount } from '../model/stand-ins.js';
import { formatSource } from '../model/source.js';
import { withKnownAs } from '../requests/element-names.js';
import { qualifiedLabel, sameNameLabeller, sharedLabels } from '../model/same-names.js';

/** `user/john` for an IAM user ARN, `role/X` for a role, `account 123…` for a root; others as given. */
export function principalLabel(principal: string): string {
  if (principal === 'anonymous' || principal === '*') return 'anonymous (*)';
  const open = openAccountStandInOf(principal);
  if (open) return openAccountLabel(open.kind, open.account);
  if (/^\d{12}$/.test(principal))
    return isUnnamedAccount(principal) ? 'any other account' : `account ${principal}`;
  const arn = /^arn:[^:]*:(iam|sts)::(\d{12}|[^:]*):(.+)$/.exec(principal);
  if (!arn) return principal;
  const [, service, account, resource] = arn as unknown as [string, string, string, string];
  const accountWords = isUnnamedAccount(account) ? 'any other account' : `account ${account}`;
  if (resource === 'root') return accountWords;
  // Stand-ins of candidatePrincipals for "any user / role session of that account".
  const any = anyPrincipalKind(resource);
  if (any) return `any ${any} of ${accountWords}`;
  const slash = resource.indexOf('/');
  if (slash < 0) return resource;
  const type = resource.slice(0, slash);
  if (service === 'sts') return resource; // assumed-role/ROLE/SESSION
  const name = resource.slice(resource.lastIndexOf('/') + 1); // drop an IAM path
  return `${type}/${name}`;
}

/**
 * The label of a matrix row (with its construct path or address when its name is made up). Given
 * the matrix, a label two of its rows and chain roles share (a role of the same name in two
 * accounts) says the account of each (src/model/same-names.ts).
 */
export function matrixPrincipalLabel(p: MatrixPrincipal, matrix?: Matrix): string {
  return matrix ? matrixPrincipalLabeller(matrix)(p.arn) : basePrincipalLabel(p);
}

function basePrincipalLabel(p: MatrixPrincipal): string {
  if (openAccountStandInOf(p.arn)) return principalLabel(p.arn);
  if ((p.kind === 'user' || p.kind === 'role') && p.name)
    return withKnownAs(`${p.kind}/${p.name}`, p.name, p.kind, p.source);
  return p.name || principalLabel(p.arn);
}

/**
 * The label of a matrix column: its name (with its construct path or address when made up). Given
 * the matrix's columns, a name two columns share (a topic of the same name in two accounts) says
 * the kind, account and Region of each, so no two columns read the same (src/model/same-names.ts).
 */
export function matrixResourceLabel(r: MatrixResource, among?: readonly MatrixResource[]): string {
  const base = baseResourceLabel(r);
  if (!among || !sharedOf(among, baseResourceLabel).has(base)) return base;
  return qualifiedLabel(base, r.arn, r.kind);
}

function baseResourceLabel(r: MatrixResource): string {
  return r.name ? withKnownAs(r.name, r.name, r.kind, r.source) : r.arn;
}

const shared = new WeakMap<readonly MatrixResource[], Set<string>>();

/** The labels more than one of `all` would have (once per listing). */
function sharedOf(all: readonly MatrixResource[], label: (x: MatrixResource) => string): Set<string> {
  let out = shared.get(all);
  if (!out) {
    out = sharedLabels(all, label, (x) => x.arn);
    shared.set(all, out);
  }
  return out;
}

const chainLabellers = new WeakMap<Matrix, (arn: string) => string>();

/**
 * The labeller of the principals a matrix names, its rows and the roles its chains assume: a
 * label two of them share qualified by account (src/model/same-names.ts).
 */
export function matrixPrincipalLabeller(matrix: Matrix): (arn: string) => string {
  let out = chainLabellers.get(matrix);
  if (out) return out;
  const rows = new Map(matrix.principals.map((p) => [p.arn, p]));
  const base = (arn: string) => {
    const p = rows.get(arn);
    return p ? basePrincipalLabel(p) : principalLabel(arn);
  };
  const hops = Object.values(matrix.chains).flatMap((chains) =>
    chains.flatMap((c) => c.path.flatMap((h) => [h.from, h.role])),
  );
  out = sameNameLabeller([...rows.keys(), ...hops], base);
  chainLabellers.set(matrix, out);
  return out;
}

/** The label of a who-can entry's starting principal. */
export function whoCanPrincipalLabel(entry: Pick<WhoCanEntry, 'principal' | 'kind'>): string {
  return principalLabel(entry.principal);
}

/** Readable access words. */
export const ACCESS_WORDS: Record<Access, string> = {
  allow: 'allow',
  conditional: 'conditional',
  indeterminate: 'indeterminate',
  deny: 'deny',
};

/** One-letter marks of the access levels (L R W P T). */
export function levelLetter(level: AccessLevelName): string {
  return level === 'Permissions management' ? 'P' : level.charAt(0);
}

/**
 * One character per level for plain-text grids: the level's letter in upper case for allow,
 * lower case for conditional, `?` for indeterminate, `.` for deny.
 */
export function levelMark(level: AccessLevelName, access: Access): string {
  const letter = levelLetter(level);
  switch (access) {
    case 'allow':
      return letter.toUpperCase();
    case 'conditional':
      return letter.toLowerCase();
    case 'indeterminate':
      return '?';
    default:
      return '.';
  }
}

/** `Allow identity policy "AdministratorAccess", Statement[0]` (without the source). */
export function statementText(ref: StatementRef): string {
  const parts: string[] = [];
  if (ref.effect) parts.push(ref.effect);
  parts.push(`${stageWord(ref.stage)}${ref.policy ? ` "${ref.policy}"` : ''}`);
  let out = parts.join(' ');
  if (ref.statement) out += `, ${ref.statement}`;
  return out;
}

/** `Allow identity policy "X", Sid "Y" at file:line:col (construct path, logical id ...)`. */
export function statementWithSource(ref: StatementRef): string {
  return `${statementText(ref)} at ${formatSource(ref.source)}`;
}

/** What a trace stage is, in words: `identity policy`, `trust policy`, `SCP`... */
export function stageWord(stage: StatementRef['stage']): string {
  switch (stage) {
    case 'identity':
      return 'identity policy';
    case 'resource':
      return 'resource policy';
    case 'boundary':
      return 'permissions boundary';
    case 'session':
      return 'session policy';
    case 'trust':
      return 'trust policy';
    case 'key-policy':
      return 'key policy';
    case 'scp':
      return 'SCP';
    case 'rcp':
      return 'RCP';
    default:
      return String(stage);
  }
}

/** The access of a sequence of steps (a role chain): the weakest step decides. */
export function combinedAccess(accesses: Access[]): Access {
  if (accesses.includes('deny')) return 'deny';
  if (accesses.includes('indeterminate')) return 'indeterminate';
  if (accesses.includes('conditional')) return 'conditional';
  return 'allow';
}
