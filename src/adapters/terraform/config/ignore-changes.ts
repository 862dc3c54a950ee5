// Terraform's `lifecycle { ignore_changes = [...] }` meta-argument for a configuration read
// without a plan: "Terraform will ignore when planning updates to the associated remote object"
// the listed attributes, so after the object is created their deployed value may be anything
// (changed by another process, the reason the argument exists) and the configuration's value no
// longer says what it is. Each ignored attribute is therefore unknown in the instance's values
// (every verdict depending on it indeterminate, with the lifecycle block as the source), whether
// the configuration sets it or not; `ignore_changes = all` makes every configured argument
// unknown but those that name the object or the object it belongs to, which cannot change
// without replacing it. A plan's values are what Terraform read from the deployed object (or, for
// a create, what it deploys), so a plan overlay keeps them (`world.ts` `instanceValue`).

import { Unknown } from '../../../model/unknown.js';
import type { Source } from '../../../model/source.js';
import type { Block, Body, Expr } from '../hcl/ast.js';
import { HclSyntaxError, literalTemplate, parseHclExpression } from '../hcl/parser.js';
import type { TfObject } from '../eval/values.js';
import { tfCarriers } from '../../../aws/resource-policies.js';

/** One ignored attribute: its name and the keys/indexes into it (`tags["Owner"]`: tags, Owner). */
export interface IgnoredPath {
  attr: string;
  steps: (string | number)[];
}

/** What a resource's `lifecycle` block ignores: a list of attributes, or `all`. */
export interface IgnoredChanges {
  paths: IgnoredPath[] | 'all';
  /** The `ignore_changes` argument's position (the unknown values' source). */
  pos: Block['pos'];
}

/**
 * The arguments `ignore_changes = all` leaves known: the object's name and the object it is part
 * of or attached to (an inline policy's role, a bucket policy's bucket, an attachment's policy):
 * changing them replaces the object, which Terraform would plan (the object is then no longer in
 * the state), so the deployed object still has the configured value.
 */
const IDENTITY_ARGUMENTS = new Set([
  'name',
  'name_prefix',
  'bucket',
  'bucket_prefix',
  'function_name',
  'role',
  'user',
  'group',
  'policy_arn',
  'queue_url',
  'repository',
  'secret_arn',
  'key_id',
  'statement_id',
  'statement_id_prefix',
]);

/** Reads the `ignore_changes` of a resource body's `lifecycle` block(s); undefined when none. */
export function ignoredChanges(body: Body): IgnoredChanges | undefined {
  const paths: IgnoredPath[] = [];
  let pos: Block['pos'] | undefined;
  for (const it of body.items) {
    if (it.kind !== 'block' || it.type !== 'lifecycle') continue;
    for (const a of it.body.items) {
      if (a.kind !== 'attr' || a.name !== 'ignore_changes') continue;
      pos ??= a.pos;
      const read = readIgnored(a.expr);
      if (read === 'all') return { paths: 'all', pos: a.pos };
      paths.push(...read);
    }
  }
  return pos && paths.length ? { paths, pos } : undefined;
}

function readIgnored(e: Expr): IgnoredPath[] | 'all' {
  const single = traversal(e);
  if (single?.attr === 'all' && !single.steps.length) return 'all';
  if (e.k !== 'tuple') return single ? [single] : [];
  const out: IgnoredPath[] = [];
  for (const item of e.items) {
    const p = traversal(item);
    if (p?.attr === 'all' && !p.steps.length) return 'all';
    if (p) out.push(p);
  }
  return out;
}

/**
 * An attribute traversal (`policy`, `tags["Owner"]`, `ingress[0]`); in JSON syntax, and in the
 * quoted form Terraform 0.12 still accepted, a string holding one.
 */
function traversal(e: Expr): IgnoredPath | undefined {
  if (e.k === 'var') return { attr: e.name, steps: [] };
  if (e.k === 'attr' || e.k === 'index') {
    const base = traversal(e.obj);
    if (!base) return undefined;
    if (e.k === 'attr') return { attr: base.attr, steps: [...base.steps, e.name] };
    const key = e.key.k === 'lit' ? e.key.v : literalTemplate(e.key);
    if (typeof key !== 'string' && typeof key !== 'number') return base;
    return { attr: base.attr, steps: [...base.steps, key] };
  }
  const text = e.k === 'lit' ? e.v : literalTemplate(e);
  if (typeof text !== 'string' || !text) return undefined;
  try {
    const parsed = parseHclExpression(text, e.pos);
    return parsed.k === 'lit' || parsed.k === 'tmpl' ? undefined : traversal(parsed);
  } catch (err) {
    if (err instanceof HclSyntaxError) return undefined;
    throw err;
  }
}

/**
 * The instance's values with every ignored attribute unknown (`configured`: the arguments the
 * configuration sets, for `all`), but one the configuration leaves to others anyway
 * (`unmanagedWhenUnset`). The unknown's reason names the attribute and says why.
 */
export function withIgnoredUnknown(
  type: string,
  values: TfObject,
  ignored: IgnoredChanges,
  configured: readonly string[],
  source: Source,
): TfObject {
  const unknown = (what: string) =>
    new Unknown(
      `lifecycle ignore_changes: Terraform does not update ${what} of the deployed object, which may have been changed outside this configuration`,
      source,
    );
  const out: TfObject = { ...values };
  if (ignored.paths === 'all') {
    for (const name of configured) if (!IDENTITY_ARGUMENTS.has(name)) out[name] = unknown(name);
    return out;
  }
  // an element (`tags["Owner"]`) makes the whole attribute unknown: the key may be there or not
  for (const p of ignored.paths)
    if (configured.includes(p.attr) || !unmanagedWhenUnset(type, p.attr)) out[p.attr] = unknown(describe(p));
  return out;
}

/** Role attributes Terraform manages only when the configuration sets them (provider docs). */
const ROLE_UNMANAGED_WHEN_UNSET = new Set(['inline_policy', 'managed_policy_arns']);

/**
 * An attribute Terraform does not manage when the configuration leaves it unset, so ignoring it
 * changes nothing: aws_iam_role "If no blocks are configured, Terraform will not manage any inline
 * policies in this resource" / "If this attribute is not configured, Terraform will ignore policy
 * attachments to this resource"; the policy attribute a resource holds itself (aws_s3_bucket
 * `policy`, aws_sqs_queue `policy`..., src/aws/resource-policies.ts), which the provider reads back
 * (Optional and Computed) and a separate policy resource sets; a bucket's `acl` / `grant`.
 */
function unmanagedWhenUnset(type: string, attr: string): boolean {
  if (type === 'aws_iam_role') return ROLE_UNMANAGED_WHEN_UNSET.has(attr);
  if (type === 'aws_s3_bucket' && (attr === 'acl' || attr === 'grant')) return true;
  return tfCarriers(type).some(({ carrier }) => !carrier.target && carrier.policy === attr);
}

function describe(p: IgnoredPath): string {
  return `${p.attr}${p.steps.map((s) => (typeof s === 'number' ? `[${s}]` : `[${JSON.stringify(s)}]`)).join('')}`;
}

/**
 * Whether `ignore_changes` lists the attribute `name` (itself or an element of it) of a resource
 * of `type` and so makes it unknown, set or not (`withIgnoredUnknown`).
 */
export function isIgnored(type: string, body: Body, name: string): boolean {
  const ignored = ignoredChanges(body);
  return (
    ignored !== undefined &&
    ignored.paths !== 'all' &&
    ignored.paths.some((p) => p.attr === name) &&
    !unmanagedWhenUnset(type, name)
  );
}

/** Whether Terraform never updates the attribute `name`: `ignore_changes` lists it, or is `all`. */
export function changesIgnored(body: Body, name: string): boolean {
  const ignored = ignoredChanges(body);
  return ignored !== undefined && (ignored.paths === 'all' || ignored.paths.some((p) => p.attr === name));
}
