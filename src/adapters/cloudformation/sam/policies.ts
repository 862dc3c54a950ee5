// The `Policies` property of AWS::Serverless::Function and AWS::Serverless::StateMachine, as the
// SAM specification documents it
// (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html#sam-function-policies):
// a managed policy name or ARN, an inline policy document, a SAM policy template, or a list of
// these; `Fn::If` chooses between two of one kind. Each entry becomes what the translator writes
// into the generated role: a ManagedPolicyArns element (names mapped to AWS managed policy ARNs),
// or an inline policy `<Role>Policy<index>`. What cannot be expanded (an unknown template name,
// a managed policy name that names no AWS managed policy, a malformed entry) becomes an unknown
// policy with a `sam/...` warning.

import { childPointer } from '../../../model/source.js';
import type { SamContext } from './context.js';
import { ifOperands, isIf, isIntrinsic, isNoValue, isObject } from './intrinsics.js';
import { awsManagedPolicyArn } from './managed-policies.js';
import { expandPolicyTemplate, policyTemplate, unknownPolicyTemplate } from './policy-templates.js';
import { addInlinePolicy, addManagedPolicy, type RoleDraft } from './role.js';

type PolicyKind = 'managed' | 'statement' | 'template' | 'unknown';

function kindOf(entry: unknown): PolicyKind | 'mixed' | 'novalue' {
  if (typeof entry === 'string') return 'managed';
  if (isNoValue(entry)) return 'novalue';
  if (isIf(entry)) {
    const ops = ifOperands(entry);
    if (!ops) return 'unknown';
    const a = kindOf(ops[1]);
    const b = kindOf(ops[2]);
    if (a === b) return a;
    if (a === 'novalue') return b;
    if (b === 'novalue') return a;
    return 'mixed';
  }
  if (isIntrinsic(entry)) return 'managed';
  if (isObject(entry) && 'Statement' in entry) return 'statement';
  if (isObject(entry) && Object.keys(entry).length === 1 && policyTemplate(Object.keys(entry)[0]!))
    return 'template';
  return 'unknown';
}

/** A managed policy name as an ARN (ARNs and intrinsics unchanged); Unknown when no such policy. */
function managedArn(ctx: SamContext, value: unknown, pointer: string): unknown {
  if (typeof value !== 'string' || value.startsWith('arn:')) return value;
  const arn = awsManagedPolicyArn(value, ctx.partition);
  if (arn) return arn;
  ctx.finding(
    'sam/unknown-managed-policy',
    'warning',
    `${value} is not the name of an AWS managed policy iamspec knows; SAM would look it up in the account at deployment, so the policy attached is unknown`,
    pointer,
  );
  return ctx.unknown(`managed policy name ${value} is resolved by SAM at deployment`, pointer);
}

/** The policy document of a template entry (`{ Name: { params } }`), or Unknown. */
function templateDocument(ctx: SamContext, entry: unknown, pointer: string): unknown {
  if (!isObject(entry) || Object.keys(entry).length !== 1) {
    ctx.finding(
      'sam/invalid-policy',
      'warning',
      'this Policies entry is not a policy SAM accepts; the policy it would grant is unknown',
      pointer,
    );
    return ctx.unknown('a Policies entry SAM does not accept', pointer);
  }
  const name = Object.keys(entry)[0]!;
  const at = childPointer(pointer, name);
  const t = policyTemplate(name);
  return t ? expandPolicyTemplate(ctx, t, name, entry[name], at) : unknownPolicyTemplate(ctx, name, at);
}

/**
 * Adds the entries of a `Policies` value to a role draft. `pointer` is the property's original
 * pointer; a single entry (not a list) is its own entry 0.
 */
export function applyPolicies(ctx: SamContext, role: RoleDraft, policies: unknown, pointer: string): void {
  if (
    policies === undefined ||
    policies === null ||
    policies === '' ||
    (Array.isArray(policies) && !policies.length)
  )
    return;
  if (isObject(policies) && !Object.keys(policies).length) return;
  const entries = Array.isArray(policies) ? policies : [policies];
  const pointerOf = (i: number): string =>
    Array.isArray(policies) ? ctx.origins.pointerOf(policies, pointer, i) : pointer;
  entries.forEach((entry, index) => {
    applyEntry(ctx, role, entry, index, pointerOf(index));
  });
}

function inline(role: RoleDraft, index: number, document: unknown): Record<string, unknown> {
  return { PolicyName: `${role.logicalId}Policy${index}`, PolicyDocument: document };
}

function applyEntry(ctx: SamContext, role: RoleDraft, entry: unknown, index: number, pointer: string): void {
  const kind = kindOf(entry);
  const ops = ifOperands(entry);
  const branchPointer = (i: 1 | 2): string => childPointer(pointer, 'Fn::If', i);
  const perBranch = (convert: (v: unknown, p: string) => unknown): unknown => {
    const out = { 'Fn::If': [ops![0], convertBranch(ops![1], 1), convertBranch(ops![2], 2)] };
    function convertBranch(v: unknown, i: 1 | 2): unknown {
      return isNoValue(v) ? v : convert(v, branchPointer(i));
    }
    ctx.origins.at(out, pointer);
    return out;
  };
  switch (kind) {
    case 'novalue':
      return;
    case 'managed': {
      const arn = ops ? perBranch((v, p) => managedArn(ctx, v, p)) : managedArn(ctx, entry, pointer);
      addManagedPolicy(ctx, role, arn, pointer);
      return;
    }
    case 'statement':
    case 'template': {
      const toDocument = (v: unknown, p: string): unknown =>
        kind === 'template' ? templateDocument(ctx, v, p) : v;
      if (ops) {
        const value = perBranch((v, p) => {
          const named = inline(role, index, toDocument(v, p));
          ctx.origins.at(named, p);
          return named;
        });
        role.policies.push(value);
        return;
      }
      addInlinePolicy(ctx, role, inline(role, index, toDocument(entry, pointer)), pointer);
      return;
    }
    case 'mixed':
      ctx.finding(
        'sam/invalid-policy',
        'warning',
        'an Fn::If in Policies chooses between policies of different kinds (SAM rejects it); the policy granted is unknown',
        pointer,
      );
      addInlinePolicy(
        ctx,
        role,
        inline(role, index, ctx.unknown('Fn::If between different kinds of policy', pointer)),
        pointer,
      );
      return;
    default: {
      const doc =
        isObject(entry) && Object.keys(entry).length === 1 && !isIntrinsic(entry)
          ? unknownPolicyTemplate(ctx, Object.keys(entry)[0]!, childPointer(pointer, Object.keys(entry)[0]!))
          : ctx.notExpanded(
              'sam/invalid-policy',
              'this Policies entry is not a policy SAM accepts (SAM rejects the template); the policy it would grant is unknown',
              'a Policies entry SAM does not accept',
              pointer,
            );
      addInlinePolicy(ctx, role, inline(role, index, doc), pointer);
    }
  }
}
