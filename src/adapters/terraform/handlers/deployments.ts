// Terraform resources that deploy a template (aws/template-deployments.ts): a CloudFormation stack
// whose template_body is known is read by the CloudFormation adapter (`readDeployedStack`); a
// stack from a template_url or with an unknown body, a StackSet's stack instance, a Service
// Catalog product deploy a template iamspec does not read. What they create
// is unknown: a tf/unmodelled-deployment warning, the stand-ins of model/unloaded-deployment.ts and
// what the template may write in the policies already there (`addUnreadTemplateDeployment`) in the
// account they deploy into (a stack instance's `account_id`, else the provider's account;
// organizational-unit targets, or an `account_id` known only after apply, may be any account of
// the organization: every account of the inputs gets them, `ModelBuilder.forEveryAccount`; but
// for organizational-unit targets the management account, `ModelBuilder.noteManagementAccount`).

import { addUnreadTemplateDeployment, TF_TEMPLATE_DEPLOYMENTS } from '../../../aws/template-deployments.js';
import {
  noteStack,
  type StatedServiceRole,
  statedStackRole,
  unsetStackRole,
} from '../../../aws/stack-roles.js';
import { dirname, isAbsolute, join } from 'node:path';
import { type DeployedTemplate, TemplateReaderNeeded } from '../../../model/deployed-template.js';
import { readInputText } from '../../../model/read-input.js';
import { unknownNamePart } from '../../../model/stand-ins.js';
import { isUnknown, Unknown } from '../../../model/unknown.js';
import { isObject } from '../eval/values.js';
import { makesNewObject, type TfInstance } from '../instances.js';
import type { TfLoadState } from './context.js';

/**
 * Whether a stack instance targets organizational units (`deployment_targets`), or an account the
 * inputs do not pin down: it may then deploy into any account of the organization. Terraform AWS
 * provider, `aws_cloudformation_stack_set_instance`: "deployment_targets - (Optional) AWS
 * Organizations accounts to which StackSets deploys. StackSets doesn't deploy stack instances to
 * the organization management account, even if the management account is in your organization or
 * in an OU in your organization."
 */
function targetsAnyAccount(inst: TfInstance): false | 'org-units' | 'unknown' {
  if (inst.type !== 'aws_cloudformation_stack_set_instance') return false;
  if (isUnknown(inst.values.account_id)) return 'unknown';
  const targets = inst.values.deployment_targets;
  if (isUnknown(targets)) return 'unknown';
  const blocks = Array.isArray(targets) ? targets : isObject(targets) ? [targets] : [];
  const ous = blocks.some(
    (b) =>
      !isObject(b) ||
      [b.organizational_unit_ids, b.accounts_url].some(
        (x) => isUnknown(x) || (Array.isArray(x) ? x.length > 0 : x !== undefined && x !== null && x !== ''),
      ),
  );
  return ous ? 'org-units' : false;
}

/**
 * Where a known `template_body` is written, for the sources of what it creates: the file a
 * `file("x.yaml")` / `templatefile("x.yaml", ...)` on the attribute's line reads, when the body is
 * that file's text; the .tf file after the attribute's line for a heredoc (`<<EOT`); else the
 * attribute itself (`jsonencode(...)`, a variable: no line of the template is in a file).
 */
function templateOrigin(inst: TfInstance, body: string): DeployedTemplate['origin'] {
  const at = inst.attrSource('template_body');
  const file = at.file ?? inst.source.file ?? inst.address;
  if (!at.file || at.line === undefined) return { file, at };
  let line: string;
  try {
    line = readInputText(at.file).split('\n')[at.line - 1] ?? '';
  } catch {
    return { file, at };
  }
  const read = /\b(?:file|templatefile)\(\s*"([^"$]*|\$\{path\.module\}[^"$]*)"/.exec(line)?.[1];
  if (read !== undefined) {
    const rel = read.replace(/^\$\{path\.module\}\/?/, '');
    const path = isAbsolute(rel) ? rel : join(dirname(at.file), rel);
    try {
      if (readInputText(path) === body) return { file: path, lineOffset: 0 };
    } catch {
      // not readable here: the attribute stands for it
    }
    return { file, at };
  }
  if (/=\s*<<-?\s*[A-Za-z_]\w*\s*$/.test(line)) return { file: at.file, lineOffset: at.line };
  return { file, at };
}

/**
 * An `aws_cloudformation_stack` whose `template_body` is known: its template read by the
 * CloudFormation adapter (model/deployed-template.ts) in the account and Region it deploys to,
 * with the `parameters` given (an unknown one, or all when the map is unknown, unknown); a stack
 * that might not exist (`count` / `for_each` unknown: the instances whose keys are known, else
 * one stand-in instance `[?]`) is read once per instance with everything it creates
 * maybe-present, for the instance's reason. False when it is not read (a `template_url`, an
 * unknown body, a builder without the reader, text that is no template): the caller models it
 * as unread. `serviceRole`: the stack's service role, asked for once per instance by the caller
 * (its prior-state findings are written once, whether or not the template is read).
 */
function readDeployedStack(
  ctx: TfLoadState,
  inst: TfInstance,
  serviceRole: () => DeployedTemplate['serviceRole'],
): boolean {
  const body = inst.values.template_body;
  if (inst.type !== 'aws_cloudformation_stack' || typeof body !== 'string') return false;
  const deploy = ctx.builder.templateDeployer;
  if (deploy === 'not-loaded') throw new TemplateReaderNeeded();
  if (!deploy) return false;
  const params = inst.values.parameters;
  const paramsAt = inst.attrSource('parameters');
  const region = inst.values.region;
  const why = deploy(ctx.builder, {
    text: body,
    origin: templateOrigin(inst, body),
    stackName: knownStackName(inst) ?? inst.address,
    stackNameKnown: knownStackName(inst) !== undefined,
    ...(knownStackName(inst) === undefined ? { stackNameUnknown: stackNameUnknown(inst) } : {}),
    account: ctx.env.account,
    region: typeof region === 'string' && region ? region : ctx.env.region,
    partition: ctx.env.partition,
    parameter: (p) => {
      if (isUnknown(params))
        return new Unknown(`the parameters of ${inst.address} are known only after apply`, paramsAt);
      if (!isObject(params) || !Object.hasOwn(params, p)) return undefined;
      const v = params[p];
      if (isUnknown(v)) return v;
      if (typeof v === 'string') return v;
      if (typeof v === 'number' || typeof v === 'boolean') return String(v);
      return new Unknown(`parameter ${p} of ${inst.address} is not a string`, paramsAt);
    },
    passedBy: { terraform: inst.address },
    ...(inst.presence ? { presence: inst.presence } : {}),
    source: inst.source,
    serviceRole: serviceRole(),
  });
  if (why === undefined) return true;
  ctx.finding({
    code: 'tf/unmodelled-deployment',
    severity: 'warning',
    message: `${inst.address}: its template_body cannot be read as a CloudFormation template (${why})`,
    source: inst.attrSource('template_body'),
  });
  return false;
}

/**
 * The service role an aws_cloudformation_stack deploys with (aws/stack-roles.ts): "iam_role_arn -
 * (Optional) The ARN of an IAM role that AWS CloudFormation assumes to create the stack. If you
 * don't specify a value, AWS CloudFormation uses the role that was previously associated with the
 * stack. If no role is available, AWS CloudFormation uses a temporary session that is generated
 * from your user credentials." A known ARN: that role. Unset, for a stack the plan updates or
 * leaves whose prior state shows a role: that role (`unsetStackRole`'s `previous`; a role the run
 * states otherwise is noted, `tf/stack-role-prior-state`); whose prior state shows none: the role
 * the run states, else none (noted, `tf/stack-role-prior-none`: the prior state may be stale). Unset or unknown: the role the run
 * states for the stack's address or known `name` (`--stack-role KEY=ROLE_ARN|none`,
 * `statedStackRole`); else unset: `unsetStackRole` (none for a stack the plan creates or
 * replaces, which has no earlier role; unknown for one that exists or may: a plan's update or
 * no-op, state, a configuration read alone), unknown: unknown, saying how to pin it.
 */
function stackServiceRole(ctx: TfLoadState, inst: TfInstance): DeployedTemplate['serviceRole'] {
  const arn = inst.values.iam_role_arn;
  const name = knownStackName(inst);
  const unset = arn === undefined || arn === null || arn === '';
  const previous = unset ? previousStackRole(inst) : undefined;
  const stated = unset || isUnknown(arn) ? statedTfStackRole(ctx, inst, name) : undefined;
  if (stated) ctx.stackRolesUsed.add(stated.key);
  // A prior state showing no role may be stale (a role given outside Terraform): a stated role is taken.
  if (stated && (previous === undefined || previous === null)) return stated.role;
  if (stated && previous && (stated.role === 'none' || stated.role.arn !== previous)) {
    ctx.finding({
      code: 'tf/stack-role-prior-state',
      severity: 'warning',
      message: `${inst.address}: --stack-role ${stated.key}=${stated.role === 'none' ? 'none' : String(stated.role.arn)} is not taken: the plan's prior state shows the stack deployed with ${previous}, which CloudFormation keeps using (it sets no iam_role_arn)`,
      source: inst.source,
    });
  }
  const key = name ?? inst.address;
  const source = inst.attrSource('iam_role_arn');
  if (unset) {
    const role = unsetStackRole(existingStack(inst), key, source, previous);
    if (role === 'none' && previous === null) noteNoPriorRole(ctx, inst, key);
    const confirmed = stated !== undefined && stated.role !== 'none' && stated.role.arn === previous;
    if (typeof role === 'string' && role === previous && !confirmed) notePriorRole(ctx, inst, previous);
    if (role === 'none') return role;
    return typeof role === 'string'
      ? {
          arn: role,
          what: `the role stack ${key} was deployed with before (iam_role_arn in the plan's prior state), which CloudFormation keeps using`,
          source: inst.priorAttrSource?.('iam_role_arn') ?? source,
        }
      : { arn: role, what: `the role stack ${key} was deployed with before`, source };
  }
  const pin = `pin it with --stack-role ${key}=ROLE_ARN|none, by giving the plan with its configuration directory (the ARN of an aws_iam_role the configuration names follows from its name) or by writing the ARN in the configuration`;
  return {
    arn:
      typeof arn === 'string'
        ? arn
        : isUnknown(arn)
          ? new Unknown(
              `${inst.address}: its iam_role_arn, the service role every update of the stack runs with, is unknown (${arn.reason}); ${pin}`,
              arn.source ?? source,
            )
          : new Unknown(`${inst.address}: iam_role_arn is not a string`, source),
    what: `the role iam_role_arn of ${inst.address} names`,
    source,
  };
}

/**
 * The role the run states for stack `inst` (`--stack-role`, `statedStackRole`): by its Terraform
 * address (the one key of a stack whose name is known only after apply), else by its `name`.
 */
function statedTfStackRole(
  ctx: TfLoadState,
  inst: TfInstance,
  name: string | undefined,
): { key: string; role: StatedServiceRole } | undefined {
  for (const key of name === undefined ? [inst.address] : [inst.address, name]) {
    const role = statedStackRole(ctx.stackRoles, key, inst.source.file);
    if (role) return { key, role };
  }
  return undefined;
}

/**
 * The role stack `inst` was deployed with before the plan, as its prior state shows it (a plan's
 * update or no-op: `change.before`, the prior state's values): its ARN; null when the prior state
 * shows none (`iam_role_arn` null or empty: the provider's read sets it from DescribeStacks' Stack
 * `RoleARN`, absent for a stack without a role); undefined when the plan cannot tell (it creates
 * the stack anew, has no prior state, or the prior state lacks the attribute).
 */
function previousStackRole(inst: TfInstance): string | null | undefined {
  if (makesNewObject(inst.action) || !inst.prior || !Object.hasOwn(inst.prior, 'iam_role_arn'))
    return undefined;
  const prior = inst.prior.iam_role_arn;
  if (prior === null || prior === '') return null;
  return typeof prior === 'string' ? prior : undefined;
}

/**
 * Notes that stack `inst` is taken to have no service role because its prior state shows none:
 * the plan JSON does not record whether the plan refreshed the state (`terraform plan
 * -refresh=false`), and a stale prior state would miss a role given to the stack since.
 */
function noteNoPriorRole(ctx: TfLoadState, inst: TfInstance, key: string): void {
  ctx.finding({
    code: 'tf/stack-role-prior-none',
    severity: 'warning',
    message: `${inst.address}: taken to run its updates with no service role (the caller's credentials), as the plan's prior state shows (iam_role_arn null, read from the stack); a plan made with -refresh=false shows the state as last stored, which may be stale: a role given to the stack since would run its updates (state it with --stack-role ${key}=ROLE_ARN)`,
    source: inst.priorAttrSource?.('iam_role_arn') ?? inst.source,
  });
}

/**
 * Notes that stack `inst` is taken to run its updates with `role` because its prior state shows
 * it, the caveat of `noteNoPriorRole`: a stale prior state would miss a role the stack was updated
 * with since. Not noted when the run states the same role (`--stack-role`).
 */
function notePriorRole(ctx: TfLoadState, inst: TfInstance, role: string): void {
  ctx.finding({
    code: 'tf/stack-role-prior-role',
    severity: 'warning',
    message: `${inst.address}: taken to run its updates with service role ${role}, as the plan's prior state shows (iam_role_arn, read from the stack); a plan made with -refresh=false shows the state as last stored, which may be stale: a role the stack was updated with since would run its updates (check a plan made without -refresh=false)`,
    source: inst.priorAttrSource?.('iam_role_arn') ?? inst.source,
  });
}

/**
 * Why the stack of `inst` may exist before the plan applies (`unsetStackRole`), false when the
 * plan creates it anew (`makesNewObject`: a create or a replace).
 */
function existingStack(inst: TfInstance): string | false {
  if (makesNewObject(inst.action)) return false;
  return inst.action === 'config'
    ? `${inst.address} sets no iam_role_arn and, read without a plan or state, may update a stack that exists`
    : `${inst.address} sets no iam_role_arn and updates a stack that exists`;
}

/** The stack's `name` when known ("name - (Required) Stack name."); undefined when known only after apply. */
function knownStackName(inst: TfInstance): string | undefined {
  const name = inst.values.name;
  return typeof name === 'string' && name ? name : undefined;
}

/** Why an aws_cloudformation_stack's name is not known: its `name` is known only after apply. */
function stackNameUnknown(inst: TfInstance): Unknown {
  const name = inst.values.name;
  return new Unknown(
    `the name of the stack ${inst.address} deploys is not known (${isUnknown(name) ? name.reason : 'its name is not a string'}), so which stack ARN it has is unknown`,
    inst.attrSource('name'),
  );
}

function handleTemplateDeployment(ctx: TfLoadState, inst: TfInstance): void {
  let asked: DeployedTemplate['serviceRole'] | undefined;
  const serviceRole = () => {
    asked ??= stackServiceRole(ctx, inst);
    return asked;
  };
  if (readDeployedStack(ctx, inst, serviceRole)) return;
  // An unread stack runs with its service role too (aws/stack-roles.ts).
  const role = inst.type === 'aws_cloudformation_stack' ? serviceRole() : 'none';
  const name = knownStackName(inst);
  if (role !== 'none')
    noteStack(ctx.builder, {
      // Its name unknown (`name` known only after apply): any stack name, never the address.
      name: name ?? unknownNamePart(`stack-${inst.address}`),
      ...(name !== undefined
        ? {}
        : { shown: `${inst.address} (its name unknown)`, nameUnknown: stackNameUnknown(inst) }),
      partition: ctx.env.partition,
      region:
        typeof inst.values.region === 'string' && inst.values.region ? inst.values.region : ctx.env.region,
      account: ctx.env.account,
      role: role.arn,
      what: role.what,
      source: role.source,
      presence: inst.presence,
    });
  const what = TF_TEMPLATE_DEPLOYMENTS[inst.type]!.what;
  const target = inst.values.account_id;
  const account = typeof target === 'string' && /^\d{12}$/.test(target) ? target : ctx.env.account;
  const anyAccount = targetsAnyAccount(inst);
  const where = anyAccount
    ? 'in any account of the organizational units it targets, which may be any account of the inputs'
    : `in account ${account}`;
  ctx.finding({
    code: 'tf/unmodelled-deployment',
    severity: 'warning',
    message: `${inst.address} deploys ${what}, whose template iamspec does not read; the users, roles and policies it creates ${where} are unknown (a stand-in role and user with unknown trust and policies)`,
    source: inst.source,
  });
  const add = (acct: string) =>
    addUnreadTemplateDeployment(ctx.builder, {
      account: acct,
      partition: ctx.env.partition,
      region: ctx.env.region,
      hint: inst.address,
      reason: `${inst.address} deploys ${what}, whose template is not read`,
      source: inst.source,
      presence: inst.presence,
    });
  // Accounts the inputs do not name: principals of other accounts are outside the closed-accounts
  // reading already; each account of the inputs may be one of them.
  // Organizational-unit targets never reach the management account (`noteManagementAccount`).
  if (anyAccount) ctx.builder.forEveryAccount(add, { serviceManaged: anyAccount === 'org-units' });
  else add(account);
}

export const DEPLOYMENT_HANDLERS: Record<string, (ctx: TfLoadState, inst: TfInstance) => void> =
  Object.fromEntries(Object.keys(TF_TEMPLATE_DEPLOYMENTS).map((t) => [t, handleTemplateDeployment]));
