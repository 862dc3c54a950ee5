// The tags a CloudFormation resource gets that its own `Tags` property does not show: the stack's
// tags, and the `aws:cloudformation:*` tags CloudFormation creates. "In addition to any tags you
// define, CloudFormation automatically creates the following stack-level tags with the aws:
// prefix: aws:cloudformation:logical-id, aws:cloudformation:stack-id,
// aws:cloudformation:stack-name ... The propagation of stack-level tags to resources, including
// tags with the aws: prefix, varies by resource type." (CloudFormation resource tagging,
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-resource-tags.html)
//
// - Stack tags of a cloud assembly stack are its artifact's `properties.tags` (what `Tags.of(stack)`
//   and the app's tags put there; `cdk deploy` passes them to CloudFormation): known. A bare
//   template's stack tags are given at deployment (`aws cloudformation deploy --tags`): unknown, so
//   tags the template does not show may exist (`OTHER_TAGS`). A nested stack's are its parent's
//   with the `Tags` of its `AWS::CloudFormation::Stack` resource ("CloudFormation also propagates
//   these tags to the resources created in the stack").
// - Since propagation varies by resource type, a stack tag the template does not also set on the
//   resource, and each `aws:cloudformation:*` tag, may be present or absent: each is a
//   `mayBeAbsentTag` whose reason names the value it would have (a condition on it is then
//   indeterminate; a condition on any other key the inputs do not show is decided as before,
//   unless the stack's tags are unknown). A tag both the resource and the stack set, to the same
//   value, is known.
// - These unknowns are `deploymentTag`s: the unknown inventory does not list each one; instead one
//   `cfn/stack-tags-unknown` warning per top-level stack says what the deployment may add and how
//   to pin it. The loaders keep it only when some policy of the model reads resource or principal
//   tags (src/model/tag-reads.ts, src/validation/load-findings.ts): otherwise no verdict depends
//   on them.

import { deploymentTag, isDeploymentTag, mayBeAbsentTag, OTHER_TAGS, type Tags } from '../../model/types.js';
import { isUnknown, type Maybe, Unknown } from '../../model/unknown.js';
import type { StackContext } from './stack.js';
import { isRecord, NO_VALUE, type Resolved, scalarString, type Value } from './values.js';

/** Tags written as `[{Key, Value}]` or a key/value map; entries that are not all known call `other`. */
export function readTagsValue(
  v: Resolved | undefined,
  other: (why: Unknown) => void,
): Record<string, Maybe<string>> {
  const out: Record<string, Maybe<string>> = {};
  if (v instanceof Unknown) other(v);
  else if (Array.isArray(v)) {
    for (const t of v) {
      if (t instanceof Unknown) {
        other(t);
        continue;
      }
      if (!isRecord(t)) continue;
      const k = scalarString(t.Key as Value);
      const val = scalarString(t.Value as Value);
      if (k instanceof Unknown) other(k);
      else if (typeof k === 'string') out[k] = val instanceof Unknown || typeof val === 'string' ? val : '';
    }
  } else if (isRecord(v)) {
    for (const [k, x] of Object.entries(v)) {
      const val = scalarString(x as Value);
      out[k] = val instanceof Unknown || typeof val === 'string' ? val : '';
    }
  }
  return out;
}

/** Stack tags from a cloud assembly artifact's `properties.tags` (a map, or `[{Key, Value}]`). */
export function assemblyStackTags(tags: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(tags)) {
    for (const t of tags)
      if (isRecord(t) && typeof t.Key === 'string' && typeof t.Value === 'string') out[t.Key] = t.Value;
  } else if (isRecord(tags)) {
    for (const [k, x] of Object.entries(tags)) if (typeof x === 'string') out[k] = x;
  }
  return out;
}

const cache = new WeakMap<StackContext, Tags>();

/** The tags CloudFormation gives the stack's resources from the stack (not the `aws:` ones). */
export function stackLevelTags(stack: StackContext): Tags {
  const hit = cache.get(stack);
  if (hit) return hit;
  let out: Record<string, Maybe<string>>;
  const parent = stack.parent;
  if (parent) {
    out = { ...stackLevelTags(parent.stack) };
    const own = parent.stack.property(parent.logicalId, 'Tags');
    // An unknown in the template's own Tags of the nested stack is the inputs' unknown (listed by
    // the unknown inventory): it replaces the parent's deploy-time one.
    let templateOther: Unknown | undefined;
    const mine = readTagsValue(own === NO_VALUE ? undefined : own, (why) => {
      templateOther ??= new Unknown(
        `the tags of nested stack ${parent.logicalId}, which CloudFormation propagates to its resources, are not all known: ${why.reason}`,
        why.source,
      );
    });
    Object.assign(out, mine);
    if (templateOther && (out[OTHER_TAGS] === undefined || isDeploymentTag(out[OTHER_TAGS])))
      out[OTHER_TAGS] = templateOther;
  } else if (stack.stackTags) out = { ...stack.stackTags };
  else
    out = {
      [OTHER_TAGS]: deploymentTag(
        new Unknown(
          `stack ${stack.stackName}: the stack's tags are given at deployment (not in the template), and CloudFormation propagates them to the stack's resources`,
          stack.sourceAt('', undefined),
        ),
      ),
    };
  cache.set(stack, out);
  return out;
}

/**
 * A resource's tags with what CloudFormation may add: the stack's tags and the
 * `aws:cloudformation:*` tags, with unknown values unless the resource sets the same value itself
 * (a different value is unknown: which one the resource keeps is not documented).
 */
export function withStackTags(own: Tags, stack: StackContext, logicalId: string): Tags {
  const out: Record<string, Maybe<string>> = {};
  reportStackTags(stack);
  const propagated = (k: string, value: string | undefined) =>
    mayBeAbsentTag(
      deploymentTag(
        new Unknown(
          `CloudFormation gives ${logicalId} the stack-level tag ${k}${value === undefined ? ' (its value is set at deployment)' : ` = ${value}`} if it propagates stack-level tags to its resource type (which varies by resource type)`,
        ),
      ),
    );
  for (const [k, s] of Object.entries(stackLevelTags(stack)))
    out[k] = k === OTHER_TAGS || isUnknown(s) ? s : propagated(k, s);
  for (const [k, v] of Object.entries(own)) {
    const s = stackLevelTags(stack)[k];
    if (k === OTHER_TAGS) out[k] = out[k] ?? v;
    else if (s === undefined || s === v) out[k] = v;
    else
      out[k] = new Unknown(
        `${logicalId} sets tag ${k} to ${JSON.stringify(isUnknown(v) ? '?' : v)} and its stack to ${JSON.stringify(isUnknown(s) ? '?' : s)}; which one CloudFormation keeps is not documented`,
      );
  }
  const auto: [string, string | undefined][] = [
    ['aws:cloudformation:logical-id', logicalId],
    ['aws:cloudformation:stack-name', stack.stackNameKnown ? stack.stackName : undefined],
    ['aws:cloudformation:stack-id', undefined],
  ];
  for (const [k, value] of auto) if (!(k in out)) out[k] = propagated(k, value);
  return out;
}

const reported = new WeakSet<StackContext>();

/**
 * One `cfn/stack-tags-unknown` warning per top-level stack whose resources get tags: what the
 * deployment may add to them and how to pin it (dropped by the loaders when no policy reads tags).
 */
function reportStackTags(stack: StackContext): void {
  let root = stack;
  while (root.parent) root = root.parent.stack;
  if (reported.has(root)) return;
  reported.add(root);
  const name = root.stackNameKnown
    ? root.stackName
    : root.stackNameUnknown
      ? `${root.stackName} (its name unknown)`
      : `${root.stackName} (named after its file; --stack-name gives its name)`;
  const auto = 'the aws:cloudformation:logical-id, stack-name and stack-id tags';
  const keys = Object.keys(root.stackTags ?? {});
  const known = keys.length ? `its stack tags (${keys.join(', ')}) and ${auto}` : auto;
  const message = root.stackTags
    ? `stack ${name}: its resources may carry ${known} (propagation varies by resource type). Some policy reads tags, so decisions on those keys stay indeterminate (the trace names the tag).`
    : `stack ${name}: its resources may carry stack tags given at deployment (\`aws cloudformation deploy --tags\`, a StackSet, \`cdk deploy --tags\`) and ${auto}. Some policy reads tags, so decisions on tags the template does not show stay indeterminate; pin them by loading the cloud assembly (cdk.out) or with --stack-tag KEY=VALUE.`;
  root.finding('cfn/stack-tags-unknown', 'warning', message, '');
}
