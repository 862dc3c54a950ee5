// The matrix's columns: what one resource ARN is evaluated as. A column has one witness ARN per
// kind of request it can be the target of (the resource itself; for an S3 bucket also
// `BUCKET/*`, any object of the bucket), each with its action list (action-lists.ts), the
// resource-based policies the engine decides its requests with, as the engine compiled them (a
// role's trust policy for role columns; the resource's own policy, the stand-ins' policies for an
// ARN outside the model and the policies that may govern it: `Engine.trustPolicyOf` /
// `resourcePoliciesOn`, never compiled here), and what the row pruning needs to know about it
// (account, services, whether its policy is outside the inputs).

import type { CompiledPolicy } from '../../engine/compile-policy.js';
import type { Engine } from '../../engine/engine.js';
import { parseArn } from '../../model/arns.js';
import { OBJECT_WITNESS_NAME } from '../../model/stand-ins.js';
import { objectPrefixOf } from '../../aws/s3-access-points.js';
import type { Resource, Role } from '../../model/types.js';
import type { MatrixResource } from '../types.js';
import {
  type ActionList,
  actionListFor,
  actionListOf,
  type ListRecipe,
  listRecipeFor,
  servicesActingOn,
} from './action-lists.js';

export interface Witness {
  arn: string;
  list: ActionList;
  /** The "any object of the bucket" witness (narrower object patterns are tried with it). */
  objects: boolean;
}

export interface Column {
  index: number;
  arn: string;
  meta: MatrixResource;
  account: string | undefined;
  services: Set<string>;
  witnesses: Witness[];
  /**
   * The resource-based policies of the column's requests (a role's trust policy for role
   * columns, then what may govern the role), compiled by the engine.
   */
  policies: CompiledPolicy[];
  /** For S3 buckets: `arn:aws:s3:::BUCKET/`. */
  objectPrefix: string | undefined;
  /**
   * A role or KMS key the inputs do not define: its trust / key policy is unknown (the engine
   * decides it indeterminate for principals outside the model), so the column is never shortcut.
   */
  outsideInputs: boolean;
  /**
   * `decide` may decide the column's requests otherwise in a world the pruning does not follow:
   * its ARN names an account or region the model does not (`Engine.worldsBeyond`), it is outside
   * the inputs, or it reads other model elements in some world (`Engine.sameResourceInWorlds`):
   * never shortcut, and every statement may name it. The worlds of the model itself are followed
   * by the column index (column-index.ts).
   */
  worlds: boolean;
}

/**
 * The action list of a column's own witness (its ARN), for every column alike (a model role or
 * resource, or an ARN outside the model: the diff's witness columns): the catalog actions of
 * every service whose resource types can name the ARN (`servicesActingOn`: the ARN's own service,
 * and e.g. sts:AssumeRole and ssm:UpdateManagedInstanceRole on a role, ssm:SendCommand on a
 * bucket, kinesis:StartStreamEncryption on a KMS key, rds-data on an RDS cluster). An action of
 * this list missing from a cell was decided deny on the column's ARN (the access diff's risk
 * review reads that: evaluate.ts).
 */
export function ownWitnessList(arn: string): ActionList {
  const known = givenRecipes.get(arn);
  if (known) return actionListOf(known);
  const service = parseArn(arn)?.service ?? '';
  return actionListFor(arn, service ? servicesActingOn(service) : []);
}

/** `ownWitnessList`'s recipe of `arn` (what a matrix worker is given: `useWitnessRecipes`). */
export function ownWitnessRecipe(arn: string): ListRecipe {
  const service = parseArn(arn)?.service ?? '';
  return listRecipeFor(arn, service ? servicesActingOn(service) : []);
}

/**
 * Recipes of witness ARNs this thread was given (`useWitnessRecipes`), read by `ownWitnessList`
 * instead of matching the ARN against the catalog's formats: only one matrix's at a time.
 */
let givenRecipes = new Map<string, ListRecipe>();

/**
 * Makes `ownWitnessList(arns[i])` the list of `recipes[recipeIds[i]]` (computed by
 * `ownWitnessRecipe` in the thread that sends them, with the same catalog), in place of those
 * given before. A matrix worker gets its columns' witnesses so (workers.ts): matching every
 * column's ARN against the catalog's ARN formats was the larger part of a worker's column setup.
 */
export function useWitnessRecipes(
  arns: readonly string[],
  recipeIds: Int32Array,
  recipes: readonly ListRecipe[],
): void {
  givenRecipes = new Map();
  for (let i = 0; i < arns.length; i++) givenRecipes.set(arns[i]!, recipes[recipeIds[i]!]!);
}

/**
 * The witness ARNs of the column of `arn` whose action lists are `ownWitnessList`'s: the ARN, and
 * for a bucket the ARN that stands for its objects.
 */
export function witnessArnsOf(arn: string, resource: Resource | undefined, role: Role | undefined): string[] {
  const objects = !role && resource && parseArn(arn) ? objectPrefixOf(resource) : undefined;
  return objects ? [arn, `${objects}${OBJECT_WITNESS_NAME}`] : [arn];
}

/**
 * A resource the model keeps only for a policy iamspec does not model (an adapter's
 * `unmodelledPolicy`: kind `other`, an unknown policy): its column's actions would be the stand-in
 * ARN's service's, not the resource's.
 */
export function keptForUnmodelledPolicy(resource: Resource): boolean {
  return resource.kind === 'other' && resource.policy?.unknown !== undefined;
}

/** The column of `arn` (a model role, a model resource, or any ARN evaluated as given). */
export function columnFor(
  engine: Engine,
  index: number,
  arn: string,
  resource: Resource | undefined,
  role: Role | undefined,
): Column {
  const parsed = parseArn(arn);
  const service = parsed?.service ?? '';
  const witnesses: Witness[] = [];
  let objectPrefix: string | undefined;
  witnesses.push({ arn, list: ownWitnessList(arn), objects: false });
  const objects = !role && resource && parsed ? objectPrefixOf(resource) : undefined;
  if (objects) {
    objectPrefix = objects;
    witnesses.push({
      arn: `${objectPrefix}*`,
      list: ownWitnessList(`${objectPrefix}${OBJECT_WITNESS_NAME}`),
      objects: true,
    });
  }
  const policies = policiesOf(engine, witnesses, role);
  const services = new Set<string>();
  for (const w of witnesses) for (const s of w.list.services) services.add(s);
  const meta: MatrixResource = role
    ? { arn, name: role.name, kind: 'iam-role', source: role.source }
    : resource
      ? {
          arn,
          name: resource.name,
          kind: resource.kind,
          source: resource.source,
          ...(keptForUnmodelledPolicy(resource) ? { policyNotModelled: true as const } : {}),
        }
      : { arn, name: parsed?.resource || arn, kind: service || 'unknown', source: undefined };
  const account = role?.account ?? resource?.account ?? (parsed?.account || undefined);
  const outsideInputs =
    !role &&
    !resource &&
    ((parsed?.service === 'iam' && parsed.resource.startsWith('role/')) ||
      (parsed?.service === 'kms' && parsed.resource.startsWith('key/')));
  const worlds =
    engine.worldsMayMatter(arn) &&
    ((!role && !resource) ||
      engine.worldsBeyond(arn) ||
      witnesses.some((w) => !engine.sameResourceInWorlds(w.arn)));
  return { index, arn, meta, account, services, witnesses, policies, objectPrefix, outsideInputs, worlds };
}

/**
 * The policies the engine decides the column's requests with: a role's trust policy, and for
 * each witness `Engine.resourcePoliciesOn` (the engine compiles a bucket's policy once for the
 * bucket and once for `BUCKET/*`: the same document from the same source is kept once).
 */
function policiesOf(engine: Engine, witnesses: readonly Witness[], role: Role | undefined): CompiledPolicy[] {
  const out: CompiledPolicy[] = [];
  const trust = role && engine.trustPolicyOf(role);
  if (trust) out.push(trust);
  for (const w of witnesses)
    for (const p of engine.resourcePoliciesOn(w.arn))
      if (!out.some((q) => q === p || (q.name === p.name && q.source === p.source))) out.push(p);
  return out;
}
