// The user, group and role ARNs a template writes (a literal string, a `Fn::Join` or `Fn::Sub`
// whose account and partition are the stack's pseudo parameters or literals), noted before any
// principal is added, so that one the template names by name only (`Roles: ['legacy']`, what CDK
// writes for `Role.fromRoleArn`) gets the path its ARN writes (src/model/named-principals.ts).

import { type PrincipalPathsInInputs, principalArnsIn } from '../../model/named-principals.js';
import type { StackContext } from './stack.js';

/** `\0` stands for a piece the text does not resolve here (a parameter, an attribute). */
const UNRESOLVED = '\0';

/** The text of a `Fn::Join` / `Fn::Sub` / string node, its pseudo parameters resolved; else undefined. */
function textOf(node: unknown, ctx: StackContext): string | undefined {
  if (typeof node === 'string') return node;
  if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const o = node as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length !== 1) return undefined;
  if (keys[0] === 'Ref') {
    if (o.Ref === 'AWS::AccountId') return ctx.account;
    if (o.Ref === 'AWS::Partition') return ctx.partition;
    return UNRESOLVED;
  }
  if (keys[0] === 'Fn::Join') {
    const j = o['Fn::Join'];
    if (!Array.isArray(j) || typeof j[0] !== 'string' || !Array.isArray(j[1])) return undefined;
    return j[1].map((p) => textOf(p, ctx) ?? UNRESOLVED).join(j[0]);
  }
  if (keys[0] === 'Fn::Sub') {
    const sub = o['Fn::Sub'];
    const text =
      typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
    return text?.replace(/\$\{([^}!]*)\}/g, (_, name: string) =>
      name === 'AWS::AccountId' ? ctx.account : name === 'AWS::Partition' ? ctx.partition : UNRESOLVED,
    );
  }
  return UNRESOLVED;
}

/** Notes every user, group and role ARN the resources of `ctx` write into `paths`. */
export function notePrincipalArns(ctx: StackContext, paths: PrincipalPathsInInputs): void {
  const walk = (node: unknown): void => {
    const text = textOf(node, ctx);
    if (text !== undefined && text !== UNRESOLVED) for (const arn of principalArnsIn(text)) paths.note(arn);
    if (Array.isArray(node)) for (const x of node) walk(x);
    else if (node && typeof node === 'object') for (const x of Object.values(node)) walk(x);
  };
  for (const r of ctx.resources.values()) walk(r.properties);
}
