// `aws_cloudcontrolapi_resource`: a resource of any CloudFormation type, created through AWS Cloud
// Control API from `type_name` and `desired_state` (Terraform AWS provider: "Manages a Cloud
// Control API Resource. The configuration and lifecycle handling of these resources is proxied
// through Cloud Control API handlers to the backend service."; `desired_state`: "JSON string
// matching the CloudFormation resource type schema with desired configuration"; Cloud Control API
// User Guide, "Creating a resource": "The desired state consists of a listing of the resource
// properties that you want to specify, and their desired values."). So `desired_state` holds the
// CloudFormation properties of the type:
// - `AWS::IAM::Role`, `AWS::IAM::User`, `AWS::IAM::ManagedPolicy` are modelled: their properties
//   read as the aws_iam_role / aws_iam_user / aws_iam_policy arguments they are (the handlers of
//   iam.ts: trust, path, boundary, tags, `Policies`, `ManagedPolicyArns`; a policy's `Roles`,
//   `Users`, `Groups` by name);
// - another type that carries access (an IAM, Organizations or Identity Center type, or one whose
//   desired state holds a policy document), or a desired state or type known only after apply:
//   what it grants is unknown (aws/deploy-time-changes.ts: users' and roles' policies and trust,
//   or resource policies), with a `tf/cloudcontrol-not-modelled` warning;
// - other types (an ECS cluster, a log group) carry no access and are left out.

import { ANY_ACCESS_CHANGE, accessChangeOfCfnType } from '../../../aws/access-changes.js';
import { addUnboundedChange } from '../../../aws/function-role-changes.js';
import { isUnknown, Unknown } from '../../../model/unknown.js';
import type { TfObject } from '../eval/values.js';
import type { TfInstance } from '../instances.js';
import type { TfLoadState } from './context.js';
import { handleBoundary, handlePolicy, handleRole, handleUser } from './iam.js';

type Props = Record<string, unknown>;

function isProps(v: unknown): v is Props {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isUnknown(v);
}

/** A policy document property as the JSON text a Terraform policy argument holds. */
function policyText(v: unknown): unknown {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** CloudFormation `Tags` (`[{Key, Value}]`) as a Terraform tags map. */
function tagMap(v: unknown): Record<string, unknown> | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: Record<string, unknown> = {};
  for (const t of v) if (isProps(t) && typeof t.Key === 'string') out[t.Key] = t.Value;
  return out;
}

/** The instance as the Terraform resource of `type` its properties are (every attribute at `desired_state`). */
function asTerraform(inst: TfInstance, type: string, values: Record<string, unknown>): TfInstance {
  const at = inst.attrSource('desired_state');
  const defined = Object.fromEntries(Object.entries(values).filter(([, x]) => x !== undefined));
  const { prior: _prior, ...rest } = inst;
  return {
    ...rest,
    type,
    values: defined as TfObject,
    attrSource: () => at,
    references: () => [],
    configured: () => undefined,
  };
}

function inlinePolicies(v: unknown): { name: unknown; policy: unknown }[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.filter(isProps).map((p) => ({ name: p.PolicyName, policy: policyText(p.PolicyDocument) }));
}

function modelRole(ctx: TfLoadState, inst: TfInstance, p: Props): void {
  const role = asTerraform(inst, 'aws_iam_role', {
    name: p.RoleName,
    path: p.Path,
    assume_role_policy: policyText(p.AssumeRolePolicyDocument),
    permissions_boundary: p.PermissionsBoundary,
    tags: tagMap(p.Tags),
    inline_policy: inlinePolicies(p.Policies),
    managed_policy_arns: p.ManagedPolicyArns,
  });
  handleRole(ctx, role);
  // its boundary is a value of the properties (no reference to follow): set at once
  handleBoundary(ctx, role);
}

function modelUser(ctx: TfLoadState, inst: TfInstance, p: Props): void {
  const user = asTerraform(inst, 'aws_iam_user', {
    name: p.UserName,
    path: p.Path,
    permissions_boundary: p.PermissionsBoundary,
    tags: tagMap(p.Tags),
  });
  handleUser(ctx, user);
  handleBoundary(ctx, user);
  const id = ctx.byAddress.get(inst.address)?.id;
  if (!id) return;
  const source = inst.attrSource('desired_state');
  for (const [i, pol] of (inlinePolicies(p.Policies) ?? []).entries()) {
    const document = ctx.policy(pol.policy, 'identity', source);
    if (!document) continue;
    const name = typeof pol.name === 'string' ? pol.name : `Policies[${i}]`;
    ctx.builder.addInlinePolicy(id, {
      name,
      document,
      source,
      ...(inst.presence ? { presence: inst.presence } : {}),
    });
  }
  if (Array.isArray(p.ManagedPolicyArns))
    for (const arn of p.ManagedPolicyArns)
      if (typeof arn === 'string')
        ctx.builder.attachManagedPolicy(id, {
          policyArn: arn,
          source,
          ...(inst.presence ? { presence: inst.presence } : {}),
        });
}

/** A user's `Groups`, by name (the links pass: every group of the inputs is there). */
function linkUser(ctx: TfLoadState, inst: TfInstance, p: Props): void {
  const id = ctx.byAddress.get(inst.address)?.id;
  if (!id) return;
  const source = inst.attrSource('desired_state');
  if (Array.isArray(p.Groups))
    for (const g of p.Groups) {
      const group = typeof g === 'string' ? ctx.builder.findByName('group', ctx.env.account, g) : undefined;
      ctx.builder.addUserToGroup(
        id,
        group ?? new Unknown(`a group of ${inst.address} that the inputs do not define`, source),
        source,
        inst.presence,
      );
    }
}

function modelManagedPolicy(ctx: TfLoadState, inst: TfInstance, p: Props): void {
  handlePolicy(
    ctx,
    asTerraform(inst, 'aws_iam_policy', {
      name: p.ManagedPolicyName,
      path: p.Path,
      policy: policyText(p.PolicyDocument),
    }),
  );
}

/** A managed policy's `Roles`, `Users`, `Groups`, by name (the links pass). */
function linkManagedPolicy(ctx: TfLoadState, inst: TfInstance, p: Props): void {
  const arn = ctx.byAddress.get(inst.address)?.id;
  if (!arn) return;
  const source = inst.attrSource('desired_state');
  const presence = inst.presence ? { presence: inst.presence } : {};
  for (const [prop, kind] of [
    ['Roles', 'role'],
    ['Users', 'user'],
    ['Groups', 'group'],
  ] as const) {
    const names = p[prop];
    if (!Array.isArray(names)) continue;
    for (const n of names) {
      const id = typeof n === 'string' ? ctx.builder.findByName(kind, ctx.env.account, n) : undefined;
      if (id) ctx.builder.attachManagedPolicy(id, { policyArn: arn, source, ...presence });
      else
        ctx.builder.attachToUnknownPrincipal({
          kind,
          account: ctx.env.account,
          policy: { managed: { policyArn: arn, source, ...presence } },
          reason: new Unknown(
            `the ${kind} ${typeof n === 'string' ? n : '(unknown)'} of ${inst.address} is not one of the inputs`,
            source,
          ),
          hint: inst.address,
          source,
        });
    }
  }
}

type Modeller = (ctx: TfLoadState, inst: TfInstance, p: Props) => void;

const MODELLED: Readonly<Record<string, { element: Modeller; link?: Modeller }>> = {
  'AWS::IAM::Role': { element: modelRole },
  'AWS::IAM::User': { element: modelUser, link: linkUser },
  'AWS::IAM::ManagedPolicy': { element: modelManagedPolicy, link: linkManagedPolicy },
};

/** The properties of the desired state: an object, or an Unknown. */
function desiredProps(inst: TfInstance): unknown {
  const state = inst.values.desired_state;
  if (typeof state !== 'string') return state;
  try {
    return JSON.parse(state);
  } catch {
    return new Unknown(`the desired_state of ${inst.address} is not JSON`, inst.attrSource('desired_state'));
  }
}

/** The links pass: what a modelled type attaches by name. */
export function linkCloudControlResource(ctx: TfLoadState, inst: TfInstance): void {
  const type = inst.values.type_name;
  const props = desiredProps(inst);
  if (typeof type === 'string' && isProps(props)) MODELLED[type]?.link?.(ctx, inst, props);
}

export function handleCloudControlResource(ctx: TfLoadState, inst: TfInstance): void {
  const type = inst.values.type_name;
  const props = desiredProps(inst);
  if (typeof type === 'string' && isProps(props) && MODELLED[type]) {
    MODELLED[type].element(ctx, inst, props);
    return;
  }
  const change = typeof type === 'string' ? accessChangeOfCfnType(type, props) : ANY_ACCESS_CHANGE;
  if (!change) return;
  const what =
    typeof type === 'string' ? `a ${type} resource` : 'a resource whose type is known only after apply';
  const why = new Unknown(
    `${inst.address} creates ${what} through Cloud Control API${isProps(props) ? '' : ' whose desired_state is not known'}, which iamspec does not model`,
    inst.source,
  );
  ctx.finding({
    code: 'tf/cloudcontrol-not-modelled',
    severity: 'warning',
    message: `${why.reason}: the policies it may hold or write in account ${ctx.env.account} are unknown, so decisions that depend on them are indeterminate`,
    source: inst.attrSource('type_name'),
  });
  // A type known only after apply may be anything (a StackSet, a stack): as code whose calls are
  // not known, it reaches the accounts whose roles' trust lets this one in (aws/account-reach.ts).
  addUnboundedChange(
    ctx.builder,
    {
      account: ctx.env.account,
      partition: ctx.env.partition,
      region: ctx.env.region,
      why: inst.presence ? new Unknown(`${inst.presence.reason}; and ${why.reason}`, inst.source) : why,
      hint: inst.address,
      source: inst.source,
      change: change === ANY_ACCESS_CHANGE ? change : { ...change },
    },
    inst.address,
  );
}
