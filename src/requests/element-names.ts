// Names people recognise for elements whose physical name iamspec made up: a CloudFormation
// resource without a naming property gets the placeholder `<stack>-<LogicalId>-generated` (or
// `-unresolved` when its name is known only at deploy), and a KMS key an id derived from its
// stack and logical id (src/adapters/cloudformation/resource-identity.ts). Nobody knows those
// names; reports show the construct path (CDK) or the Terraform address next to them.

import type { Source } from '../model/source.js';
import type { Model } from '../model/types.js';

/** A CloudFormation placeholder name (`Stack-Id-generated`, `stack-id-generated.fifo`, `-unresolved`). */
const PLACEHOLDER = /-(generated|unresolved)(\.fifo)?$/;

/**
 * Whether a physical name is one iamspec made up: a placeholder, or the id of a KMS key defined
 * in a template (its id is assigned at creation, so the model's is a stand-in).
 */
export function isMadeUpName(name: string, kind: string | undefined, source: Source | undefined): boolean {
  if (PLACEHOLDER.test(name)) return true;
  return kind === 'kms-key' && !!(source?.logicalId || source?.address);
}

/** What people call an element: its construct path (without `/Resource`), else its Terraform address. */
export function knownAs(source: Source | undefined): string | undefined {
  if (source?.constructPath) return source.constructPath.replace(/\/(Resource|Default)$/, '');
  return source?.address;
}

/**
 * `label (Stack/Construct)` when the element's name is made up and people know it by a construct
 * path or Terraform address (one the label does not already hold); else the label.
 */
export function withKnownAs(
  label: string,
  name: string,
  kind: string | undefined,
  source: Source | undefined,
): string {
  if (!isMadeUpName(name, kind, source)) return label;
  const other = knownAs(source);
  return other && !label.includes(other) ? `${label} (${other})` : label;
}

/**
 * An ARN as reports show it: with the construct path or address of the model element it names
 * (a user, role or resource; an S3 object: its bucket) when that element's name is made up.
 */
export function arnWithKnownAs(model: Model, arn: string): string {
  const principal = model.users.find((u) => u.arn === arn) ?? model.roles.find((r) => r.arn === arn);
  if (principal) return withKnownAs(arn, principal.name, principal.kind, principal.source);
  const resource =
    model.resources.find((r) => r.arn === arn) ??
    model.resources.find((r) => r.kind === 's3-bucket' && arn.startsWith(`${r.arn}/`));
  return resource ? withKnownAs(arn, resource.name, resource.kind, resource.source) : arn;
}
