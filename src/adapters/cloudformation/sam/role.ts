// The execution roles SAM generates (`<LogicalId>Role` for a function or state machine, and the
// smaller roles of event sources), built up as a draft (event sources add managed policies and
// inline policies after the role is made) and emitted as an AWS::IAM::Role, as the translator's
// `construct_role_for_resource` does.

import { childPointer } from '../../../model/source.js';
import type { SamContext, SamResource } from './context.js';
import { getAtt, isObject } from './intrinsics.js';

export interface RoleDraft {
  logicalId: string;
  /** The SAM resource the role is generated for. */
  owner: SamResource;
  /** Original pointer the role as a whole stands for. */
  origin: string;
  trust: unknown;
  managedPolicyArns: unknown[];
  policies: unknown[];
  path?: unknown;
  boundary?: unknown;
  tags?: unknown[];
  attributes: Record<string, unknown>;
}

export function newRole(
  ctx: SamContext,
  owner: SamResource,
  logicalId: string,
  trust: unknown,
  origin: string,
): RoleDraft {
  return {
    logicalId,
    owner,
    origin,
    trust,
    managedPolicyArns: [],
    policies: [],
    attributes: ctx.passthrough(owner),
  };
}

/** The trust policy SAM writes for a service principal (`lambda.amazonaws.com`, `states.amazonaws.com`...). */
export function serviceTrust(ctx: SamContext, service: string, origin: string): Record<string, unknown> {
  const statement = { Action: ['sts:AssumeRole'], Effect: 'Allow', Principal: { Service: [service] } };
  const doc = { Version: '2012-10-17', Statement: [statement] };
  ctx.origins.at(doc, origin);
  return doc;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && JSON.stringify(a) === JSON.stringify(b));
}

/** Adds a managed policy ARN (or ARN expression) unless the role already lists the same value. */
export function addManagedPolicy(ctx: SamContext, role: RoleDraft, arn: unknown, pointer: string): void {
  if (role.managedPolicyArns.some((x) => sameValue(x, arn))) return;
  role.managedPolicyArns.push(arn);
  ctx.origins.keyAt(role.managedPolicyArns, role.managedPolicyArns.length - 1, pointer);
}

/**
 * Adds an inline policy `{ PolicyName, PolicyDocument }`. With `dedupe`, a policy whose document
 * equals one the role has is skipped (as SAM does for event source policies).
 */
export function addInlinePolicy(
  ctx: SamContext,
  role: RoleDraft,
  entry: Record<string, unknown>,
  pointer: string,
  dedupe = false,
): void {
  if (dedupe && role.policies.some((p) => isObject(p) && sameValue(p.PolicyDocument, entry.PolicyDocument)))
    return;
  ctx.origins.at(entry, pointer);
  role.policies.push(entry);
}

/** Tags `{ key: value }` maps as a CloudFormation tag list, SAM's own tag first. */
export function tagList(
  ctx: SamContext,
  own: [string, string] | undefined,
  tags: unknown,
  pointer: string,
): unknown[] {
  const out: unknown[] = [];
  if (own) out.push({ Key: own[0], Value: own[1] });
  if (isObject(tags)) {
    for (const [k, v] of Object.entries(tags)) {
      const t = { Key: k, Value: v };
      ctx.origins.at(t, childPointer(pointer, k));
      ctx.origins.keyAt(t, 'Value', childPointer(pointer, k));
      out.push(t);
    }
  }
  return out;
}

/** Emits the role; returns `Fn::GetAtt <Role>.Arn`. */
export function emitRole(ctx: SamContext, role: RoleDraft): Record<string, unknown> {
  const props: Record<string, unknown> = { AssumeRolePolicyDocument: role.trust };
  if (role.managedPolicyArns.length) props.ManagedPolicyArns = role.managedPolicyArns;
  if (role.policies.length) props.Policies = role.policies;
  if (role.path !== undefined) props.Path = role.path;
  if (role.boundary !== undefined) props.PermissionsBoundary = role.boundary;
  if (role.tags?.length) props.Tags = role.tags;
  ctx.origins.at(props, role.origin);
  ctx.emit(
    role.logicalId,
    { Type: 'AWS::IAM::Role', Properties: props, ...role.attributes },
    role.origin,
    role.owner.logicalId,
  );
  return getAtt(role.logicalId, 'Arn');
}
