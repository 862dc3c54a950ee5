// SAM policy templates (`- DynamoDBCrudPolicy: { TableName: !Ref Orders }`) turned into the policy
// documents SAM writes into the execution role, as the SAM specification's "AWS SAM policy
// templates" page documents
// (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-policy-templates.html):
// every `{ "Ref": <parameter> }` of the template definition is replaced by the value given for that
// parameter (only the template's own parameters; other references stay for CloudFormation).
// The values keep their original positions, so statements locate to the SAM template's lines.

import { childPointer } from '../../../model/source.js';
import type { Unknown } from '../../../model/unknown.js';
import type { SamContext } from './context.js';
import { POLICY_TEMPLATES } from './data/policy-templates.js';
import { isIntrinsic, isObject } from './intrinsics.js';
import type { PolicyTemplate } from './policy-template-types.js';

export function policyTemplate(name: string): PolicyTemplate | undefined {
  return Object.hasOwn(POLICY_TEMPLATES, name) ? POLICY_TEMPLATES[name] : undefined;
}

/**
 * The policy document of template `name` with `values` (the map given in the template) at
 * `pointer` (`.../Policies/1/DynamoDBCrudPolicy`). Unknown, with a warning, when the values are
 * not a map or lack a parameter (the translator rejects such a template).
 */
export function expandPolicyTemplate(
  ctx: SamContext,
  template: PolicyTemplate,
  name: string,
  values: unknown,
  pointer: string,
): unknown {
  if (!isObject(values) || isIntrinsic(values)) {
    ctx.finding(
      'sam/policy-template-parameters',
      'warning',
      `the parameters of policy template ${name} are not a map of values (SAM rejects the template); the policy it grants is unknown`,
      pointer,
    );
    return ctx.unknown(`the parameters of policy template ${name} are not a map`, pointer);
  }
  const missing = template.parameters.filter((p) => !(p in values));
  if (missing.length) {
    ctx.finding(
      'sam/policy-template-parameters',
      'warning',
      `policy template ${name} needs ${missing.join(', ')} (SAM rejects the template without them); the policy it grants is unknown`,
      pointer,
    );
    return ctx.unknown(`policy template ${name} lacks ${missing.join(', ')}`, pointer);
  }
  const params = new Set(template.parameters);
  const substitute = (node: unknown, parent: object | undefined, key: string | undefined): unknown => {
    if (Array.isArray(node)) {
      const out: unknown[] = [];
      ctx.origins.at(out, pointer);
      node.forEach((x, i) => {
        out.push(substitute(x, out, String(i)));
      });
      return out;
    }
    if (isObject(node)) {
      const keys = Object.keys(node);
      if (keys.length === 1 && keys[0] === 'Ref' && typeof node.Ref === 'string' && params.has(node.Ref)) {
        const given = values[node.Ref];
        if (parent && key !== undefined) ctx.origins.keyAt(parent, key, childPointer(pointer, node.Ref));
        return given;
      }
      const out: Record<string, unknown> = {};
      ctx.origins.at(out, pointer);
      for (const k of keys) out[k] = substitute(node[k], out, k);
      return out;
    }
    return node;
  };
  return substitute(template.definition, undefined, undefined);
}

/** The policy document a template would grant is unknown: the name is not a SAM policy template. */
export function unknownPolicyTemplate(ctx: SamContext, name: string, pointer: string): Unknown {
  ctx.finding(
    'sam/unknown-policy-template',
    'warning',
    `${name} is not a SAM policy template (SAM rejects the template); the policy it would grant is unknown`,
    pointer,
  );
  return ctx.unknown(`${name} is not a known SAM policy template`, pointer);
}
