// Owns the CloudFormation service-role fact: what runs with a role that the inputs' principals
// may drive without iam:PassRole (model `StackRole`, recorded by both adapters through
// `noteStack` / `noteDelegatedAdministrator`, read by the escalation graph,
// analysis/escalation.ts `stackRoleEdges`, and the review, analysis/risk-escalation.ts).
//
// - A stack deployed with a service role. AWS CloudFormation User Guide, "CloudFormation service
//   role" (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html):
//   "When you specify a service role, CloudFormation always uses that role for all operations
//   that are performed on that stack. It is not possible to remove a service role attached to a
//   stack after the stack is created. Other users that have permissions to perform operations on
//   this stack are able to use this role, regardless of whether those users have the iam:PassRole
//   permission or not." So `cloudformation:UpdateStack`, or `CreateChangeSet` + `ExecuteChangeSet`
//   (API Reference, ExecuteChangeSet: "Updates a stack using the input information that was
//   provided when the specified change set was created"), on the stack runs a new template as the
//   role. The stacks of the inputs:
//   - a CDK stack of a cloud assembly deploys with its `cloudFormationExecutionRoleArn` (the
//     bootstrap's `cdk-hnb659fds-cfn-exec-role-ACCOUNT-REGION`; none with the legacy or CLI
//     credentials synthesizers, which name none);
//   - a template given as a file or object: the role is given at deployment (`--role-arn`), not in
//     the template: unknown (it may have none), unless the run states it (`--stack-role
//     STACK=ROLE_ARN|none`, the `stackRoles` load option, parsed by `statedStackRole`; STACK is
//     the stack's name, `--stack-name` or the template file's stem). `none`: the stack deploys
//     with its callers' credentials and no role runs its updates. CloudFormation API Reference,
//     UpdateStack / CreateChangeSet `RoleARN`: "If you don't specify a value, CloudFormation uses
//     the role that was previously associated with the stack. If no role is available,
//     CloudFormation uses a temporary session that is generated from your user credentials.";
//   - a nested stack (AWS::CloudFormation::Stack) runs with its root stack's role, whether its
//     template is found or not, under a name CloudFormation generates, `PARENT-LOGICALID-RANDOM`
//     at each level (`Root-A-…-B-…` two levels down), the random strings unknown
//     (adapters/cloudformation/generated-names.ts `nestedStackName`);
//   - Terraform aws_cloudformation_stack: "iam_role_arn - (Optional) The ARN of an IAM role that
//     AWS CloudFormation assumes to create the stack. If you don't specify a value, AWS
//     CloudFormation uses the role that was previously associated with the stack." (unset: none;
//     known only after apply: the configuration directory given with the plan computes it, an
//     `aws_iam_role`'s ARN from its name or name_prefix, adapters/terraform/eval/computed.ts;
//     the plan alone: unknown). Unset: none only for a stack the plan creates (or replaces); a
//     stack that exists or may exist (a plan's update or no-op, state, a configuration read
//     without a plan) may keep a role it was deployed with before: unknown, `unsetStackRole`,
//     unless the plan's prior state shows it (its `iam_role_arn`, which the provider reads from
//     the stack's RoleARN): that role, which "It is not possible to remove". `--stack-role` names
//     such a stack by its `name` or by its Terraform address (`isTerraformStackAddress`), the one
//     key a stack whose name is known only after apply has.
//   A role the model does not hold (the bootstrap not among the inputs, an unknown ARN) may have
//   any permissions: the escalation is indeterminate onto every user and role of the stack's
//   account and every role of another account (sts:AssumeRole, its trust decides): the onward
//   rule of any role outside the inputs (analysis/escalation.ts `outsideRoleReach`).
// - A delegated administrator whose principals deploy into the organization's member accounts
//   (aws_organizations_delegated_administrator; CloudFormation has no resource for it):
//   - StackSets (`member.org.stacksets.cloudformation.amazonaws.com`). API Reference,
//     CreateStackSet `CallAs`: "To create a StackSet with service-managed permissions while signed
//     in to a delegated administrator account, specify DELEGATED_ADMIN. Your AWS account must be
//     registered as a delegated admin in the management account."; AWS::CloudFormation::StackSet:
//     "With StackSets, you can provision stacks across AWS accounts and Regions from a single
//     CloudFormation template". The stacks run in each target account with the role StackSets
//     creates there (service-managed permissions), which may create any role, user or policy; the
//     Terraform provider, aws_cloudformation_stack_set_instance: "StackSets doesn't deploy stack
//     instances to the organization management account".
//   - IAM Identity Center (`sso.amazonaws.com`). User Guide, "Delegate permission set
//     administration": "IAM Identity Center enables you to delegate management of permission sets
//     and assignments in accounts"; a permission set assigned to an account becomes a role there
//     with the policies the set names (adapters/identity-center.ts), so a delegated administrator
//     may give itself any permissions in member accounts, not in the management account (User
//     Guide, "Register a member account": "All users who have sufficient permissions to this
//     delegated administrator account can perform all IAM Identity Center administrative tasks
//     from the account, except for: [...] Managing permission sets provisioned in the management
//     account [...] Enabling or disabling user access in the management account").
//   The account registering a delegated administrator is the management account (AWS
//   Organizations API Reference, RegisterDelegatedAdministrator: "You can only call this operation
//   from the management account."), which neither reaches.
//   Where the organization's accounts are not all in the inputs, the reach is over the accounts
//   the inputs hold; every such edge is indeterminate (the role's permissions are not known).

import type { ModelBuilder } from '../model/builder.js';
import type { Source } from '../model/source.js';
import { hasUnknownNamePart, PROBE_NAME, unknownNamePart } from '../model/stand-ins.js';
import type { Model, Role, StackRole } from '../model/types.js';
import { isUnknown, type Maybe, Unknown } from '../model/unknown.js';

/** The requests that run a new template on an existing stack with its role, each alternative all needed. */
export const STACK_UPDATE_REQUESTS: readonly (readonly string[])[] = [
  ['cloudformation:UpdateStack'],
  ['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet'],
];

/** The requests of a StackSets delegated administrator deploying into member accounts. */
export const STACK_SET_DELEGATED_REQUESTS: readonly (readonly string[])[] = [
  ['cloudformation:CreateStackSet', 'cloudformation:CreateStackInstances'],
];

/** The requests of an Identity Center delegated administrator giving itself a permission set in a member account. */
export const IDENTITY_CENTER_DELEGATED_REQUESTS: readonly (readonly string[])[] = [
  ['sso:CreatePermissionSet', 'sso:PutInlinePolicyToPermissionSet', 'sso:CreateAccountAssignment'],
];

/**
 * The ARN of stack `name`, in the form the Service Authorization Reference gives,
 * `stack/${StackName}/${Id}`: its id, which CloudFormation assigns when it creates the stack, an
 * unknown name part (`stack/NAME/(unknown-stack-id-…)`), so that a policy naming one stack id may
 * name it (indeterminate), `stack/NAME/*` names it and another name's none (the engine's rule for
 * unknown name parts, engine/unknown-names.ts). Before, a literal `*` stood for the id and a
 * policy naming the stack's ARN with its id did not match it.
 */
export function stackArn(partition: string, region: string, account: string, name: string): string {
  return `arn:${partition}:cloudformation:${region}:${account}:stack/${name}/${unknownNamePart(`stack-id-${region}-${account}-${name}`)}`;
}

/**
 * A cloud assembly stack's `cloudFormationExecutionRoleArn` with the placeholders the CDK writes
 * (`${AWS::Partition}`, `${AWS::AccountId}`, `${AWS::Region}`) replaced by the stack's; undefined
 * when the manifest names none (the stack deploys with the caller's credentials).
 */
export function cdkExecutionRoleArn(
  value: unknown,
  env: { partition: string; account: string; region: string },
): string | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  const of = { Partition: env.partition, AccountId: env.account, Region: env.region } as const;
  return value.replace(/\$\{AWS::(Partition|AccountId|Region)\}/g, (_, k: keyof typeof of) => of[k]);
}

/** A stack of the inputs and the service role it deploys with. */
export interface NotedStack {
  /** The stack's name in its ARN; a nested stack's with unknown generated parts (`nestedStackName`). */
  name: string;
  /** The name as the reader sees it, when not `name` (a nested stack's `Root-Child-*`). */
  shown?: string;
  partition: string;
  region: string;
  account: string;
  /** The role's ARN, or why it is not known (a template file's: given at deployment). */
  role: Maybe<string>;
  /** What the role is, when the model does not hold it (`the CDK bootstrap's cfn-exec-role`). */
  what: string;
  source: Source;
  presence?: Unknown | undefined;
  /** Why the stack's name (an unknown part of `name`) is not known (`templateStackNameUnknown`). */
  nameUnknown?: Unknown | undefined;
}

/** Records stack `s` (see the module comment): who may update it acts as its role. */
export function noteStack(builder: ModelBuilder, s: NotedStack): void {
  const arn = stackArn(s.partition, s.region, s.account, s.name);
  builder.noteStackRole({
    label: `CloudFormation stack ${s.shown ?? s.name}`,
    account: s.account,
    requests: STACK_UPDATE_REQUESTS.map((alt) => alt.map((action) => ({ action, resource: arn }))),
    role: s.role,
    reach: 'account',
    what: s.what,
    source: s.source,
    ...(s.presence ? { presence: s.presence } : {}),
    ...(s.nameUnknown ? { nameUnknown: s.nameUnknown } : {}),
  });
}

/**
 * Why the name of stack `label` (a template given alone, named after its file for the reader and
 * as the key of `--stack-role`) is not known: the stack AWS deploys is named at deployment
 * (CreateStack `StackName`), so its ARN's name is an unknown part, and how to pin it.
 */
export function templateStackNameUnknown(label: string, source: Source): Unknown {
  return new Unknown(
    `stack ${label} is named after its template file; the stack AWS deploys is named at deployment and may have any name, so which stack ARN it has is unknown (give its name with --stack-name NAME, or load the cloud assembly, whose manifest names it)`,
    source,
  );
}

/**
 * Why stack `s`'s name, known but with parts CloudFormation generates when it creates the stack
 * (a nested stack's `PARENT-LOGICALID-RANDOM`, `nestedStackName`), or its stack id, which every
 * stack ARN holds as an unknown part (`stackArn`), may differ from what its requests' ARNs write;
 * undefined when they write no unknown part or the whole name is unknown
 * (`StackRole.nameUnknown`). The cause the engine gives a request on such an ARN
 * (engine/unknown-names.ts `unknownNameCauses`), which it decides by the rule for unknown name parts.
 */
export function generatedStackNameUnknown(s: StackRole): Unknown | undefined {
  if (s.nameUnknown || !s.requests.some((alt) => alt.some((r) => hasUnknownNamePart(r.resource))))
    return undefined;
  // Every stack ARN's id is unknown (`stackArn`); its name only when it has generated parts.
  const nameGenerated = s.requests.some((alt) => alt.some((r) => /:stack\/[^/]*\(unknown-/.test(r.resource)));
  return new Unknown(
    nameGenerated
      ? `the generated parts of its name are set by CloudFormation when it creates the stack: requests on stack names the policies name may reach it`
      : `its stack id (the last part of its ARN, stack/NAME/ID) is assigned by CloudFormation when it creates the stack: a policy naming a stack id may name it`,
    s.source,
  );
}

/** Why a template given without its deployment has an unknown stack role, and how to state it. */
export function templateStackRoleUnknown(stackName: string, source: Source): Unknown {
  return previousStackRoleUnknown(
    `stack ${stackName} may have been deployed with a service role (RoleARN, given at deployment, not in the template)`,
    stackName,
    source,
  );
}

/**
 * The one rule of a stack deployment that names no role (a template given alone, a Terraform
 * aws_cloudformation_stack without iam_role_arn): "If you don't specify a value, CloudFormation
 * uses the role that was previously associated with the stack. If no role is available,
 * CloudFormation uses a temporary session that is generated from your user credentials." (API
 * Reference, UpdateStack `RoleARN`). A stack the deployment creates (`existing` false) has none;
 * one that exists or may exist (`existing`: why) keeps the role of an earlier deployment: the one
 * the inputs show (`previous`: its ARN, or null when they show the stack has none, a Terraform
 * plan's prior state read from DescribeStacks' `RoleARN`), else unknown, saying how to pin it
 * (`--stack-role NAME=ROLE_ARN|none`, the spec's `stackRoles`).
 */
export function unsetStackRole(
  existing: string | false,
  stackName: string | undefined,
  source: Source,
  previous?: string | null,
): Maybe<string> | 'none' {
  if (existing === false) return 'none';
  // The role the stack was deployed with before, as the inputs show it: the one it keeps.
  if (previous) return previous;
  // No role before, as the inputs show it: none is available, the caller's credentials run it.
  if (previous === null) return 'none';
  return previousStackRoleUnknown(
    `${existing}: it may keep a service role an earlier deployment gave it (CloudFormation uses the role previously associated with the stack when none is given)`,
    stackName,
    source,
  );
}

/**
 * Why a stack's role may be one an earlier deployment gave it (`why`), and how to state it:
 * `stackKey` is its name, or (a Terraform stack) its address when the name is not known.
 */
function previousStackRoleUnknown(why: string, stackKey: string | undefined, source: Source): Unknown {
  const pin =
    stackKey === undefined
      ? 'its name is not known, so it cannot be stated with --stack-role'
      : `pass --stack-role ${stackKey}=ROLE_ARN|none to state it, or stackRoles in a spec`;
  return new Unknown(`${why}, which every update of the stack runs with (${pin})`, source);
}

/** A stack's service role as an input or the run states it, with what it is and where it is said; `none`: no role. */
export type StatedServiceRole = { arn: Maybe<string>; what: string; source: Source } | 'none';

/** The `--stack-role` value of a stack deployed without a service role (its callers' credentials). */
export const NO_STACK_ROLE = 'none';

/** The stack names `--stack-name` accepts ("A stack name can contain only alphanumeric characters (case-sensitive) and hyphens"). */
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
/** A Terraform resource address's name and instance key (`app`, `app[0]`, `app["k"]`). */
const TF_STEP = String.raw`[A-Za-z_][A-Za-z0-9_-]*(?:\[(?:\d+|"(?:[^"\\]|\\.)*")\])?`;
/** The address of a Terraform aws_cloudformation_stack instance, in modules at any depth. */
const TF_STACK_ADDRESS = new RegExp(`^(?:module\\.${TF_STEP}\\.)*aws_cloudformation_stack\\.${TF_STEP}$`);

/**
 * Whether `key` of `--stack-role KEY=…` is a Terraform aws_cloudformation_stack address
 * (`aws_cloudformation_stack.app`, `module.m["k"].aws_cloudformation_stack.app[0]`): it names
 * that instance, whose `name` may be known only after apply.
 */
export function isTerraformStackAddress(key: string): boolean {
  return TF_STACK_ADDRESS.test(key);
}

/**
 * `STACK=ROLE` split at its first `=` outside a Terraform address's brackets (a `for_each` key may
 * hold one: `aws_cloudformation_stack.app["k=v"]=none`); undefined without such an `=`. The one
 * reading of `--stack-role` values and of an access snapshot's recorded ones.
 */
export function splitStackRole(text: string): [string, string] | undefined {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (c === '=' && !quoted) return i > 0 ? [text.slice(0, i), text.slice(i + 1)] : undefined;
  }
  return undefined;
}
/** An IAM role's ARN (`arn:PARTITION:iam::ACCOUNT:role/PATH/NAME`). */
const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/** How stated stack roles are written where they are checked: the option or spec key, and the separator. */
export interface StackRolesForm {
  /** `--stack-role`, or the spec's `"stackRoles"`. */
  what: string;
  /** `=` (`STACK=ROLE_ARN`), or `: ` (a mapping `STACK: ROLE_ARN`). */
  separator: string;
}

const STACK_ROLE_OPTION: StackRolesForm = { what: '--stack-role', separator: '=' };

/**
 * Why stack `stack` stated to run with `role` (`--stack-role STACK=ROLE_ARN|none`, the
 * `stackRoles` load option, the spec's `stackRoles:`) is malformed, or undefined: the one check
 * of the CLI, the load API and the spec.
 */
export function stackRoleProblem(
  stack: string,
  role: string,
  form: StackRolesForm = STACK_ROLE_OPTION,
): string | undefined {
  const { what, separator: sep } = form;
  if (!STACK_NAME.test(stack) && !isTerraformStackAddress(stack))
    return `${what} expects STACK${sep}ROLE_ARN or STACK${sep}none with STACK a CloudFormation stack name (a letter, then letters, digits and hyphens) or the Terraform address of an aws_cloudformation_stack (aws_cloudformation_stack.NAME, module.M.aws_cloudformation_stack.NAME["KEY"]), got "${stack}"`;
  if (role !== NO_STACK_ROLE && !ROLE_ARN.test(role))
    return `${what} expects STACK${sep}ROLE_ARN (arn:aws:iam::ACCOUNT:role/NAME) or STACK${sep}none, got "${stack}${sep}${role}"`;
  return undefined;
}

/** The first problem of `stackRoleProblem` among stated stack roles, or undefined. */
export function stackRolesProblem(
  stated: Readonly<Record<string, string>>,
  form: StackRolesForm = STACK_ROLE_OPTION,
): string | undefined {
  for (const [stack, role] of Object.entries(stated)) {
    const problem = stackRoleProblem(stack, role, form);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * The service role the run states stack `stackName` deploys with (`stated`, checked by
 * `stackRolesProblem`), undefined when it states none for it.
 */
export function statedStackRole(
  stated: Readonly<Record<string, string>> | undefined,
  stackName: string,
  file: string | undefined,
): StatedServiceRole | undefined {
  if (!stated || !Object.hasOwn(stated, stackName)) return undefined;
  const role = stated[stackName]!;
  if (role === NO_STACK_ROLE) return 'none';
  return {
    arn: role,
    what: `the role --stack-role ${stackName}=${role} states`,
    source: { pointer: '', ...(file !== undefined ? { file } : {}) },
  };
}

/**
 * The services whose delegated administrator may deploy into member accounts, with what it can do:
 * its requests (one resource each, `resources`), the pattern of names the maker may give each
 * resource it creates (`names`, searched by analysis/escalation-start-names.ts `withStartNames`,
 * undefined for a resource it does not name) and why the ids its ARNs hold are unknown parts.
 * Service Authorization Reference: a StackSet is
 * `arn:${Partition}:cloudformation:${Region}:${Account}:stackset/${StackSetName}:${Id}` (the name
 * the caller gives, the id CloudFormation assigns); an Identity Center instance
 * `arn:${Partition}:sso:::instance/${InstanceId}`, a permission set
 * `arn:${Partition}:sso:::permissionSet/${InstanceId}/${PermissionSetId}`, an account
 * `arn:${Partition}:sso:::account/${AccountId}`: the instance exists outside the inputs, the
 * permission set's id is assigned at creation, the account is any member account.
 * cloudformation:CreateStackSet has no resource type: an action whose Resource types column is
 * empty "does not support specifying a resource ARN in the Resource element of an IAM policy
 * statement" ("Actions, resources, and condition keys for AWS services"), asked on `*` as
 * glue:CreateDevEndpoint (analysis/escalation-methods.ts). Before, each
 * was a made-up name (`stackset/iamspec-probe:*`, `ssoins-iamspecprobe0000`), which a policy
 * naming only some StackSets or ids did not match: no finding.
 */
const DELEGATED: Readonly<
  Record<
    string,
    {
      what: string;
      requests: readonly (readonly string[])[];
      resources: (a: DelegatedAt) => { resource: string; names?: string }[];
      idsUnknown: string;
    }
  >
> = {
  'member.org.stacksets.cloudformation.amazonaws.com': {
    what: 'the StackSets execution role of each member account (service-managed permissions: a stack may create any role, user or policy there)',
    requests: STACK_SET_DELEGATED_REQUESTS,
    resources: (a) => {
      const stackSets = `arn:${a.partition}:cloudformation:${a.region}:${a.account}:stackset/`;
      // CreateStackSet has no resource type (Service Authorization Reference): asked on `*`.
      return [
        { resource: '*' },
        {
          resource: `${stackSets}${PROBE_NAME}:${unknownNamePart(`stack-set-id-${a.region}-${a.account}`)}`,
          names: `${stackSets}*`,
        },
      ];
    },
    idsUnknown:
      'the id of a StackSet (the last part of its ARN, stackset/NAME:ID) is assigned by CloudFormation when it creates it: a policy naming a StackSet id may name it',
  },
  'sso.amazonaws.com': {
    what: 'a role IAM Identity Center creates in each member account for a permission set the delegated administrator writes and assigns (any policy)',
    requests: IDENTITY_CENTER_DELEGATED_REQUESTS,
    resources: (a) => {
      const instance = `ssoins-${unknownNamePart('identity-center-instance-id')}`;
      return [
        { resource: `arn:${a.partition}:sso:::instance/${instance}` },
        {
          resource: `arn:${a.partition}:sso:::permissionSet/${instance}/ps-${unknownNamePart('permission-set-id')}`,
        },
        { resource: `arn:${a.partition}:sso:::account/${unknownNamePart('member-account-id')}` },
      ];
    },
    idsUnknown:
      'the IAM Identity Center instance id (an instance the inputs do not hold), the id of a new permission set (assigned when it is created) and the member account ids are not in the inputs: a policy naming some ids may name them',
  },
};

/**
 * What a delegated administrator of `service` may act as in member accounts, and by which
 * requests (`A + B`); undefined for a service whose delegated administrator does not deploy there.
 */
export function delegatedAdministratorRole(service: unknown): { what: string; requests: string } | undefined {
  const fact = typeof service === 'string' ? DELEGATED[service] : undefined;
  return fact && { what: fact.what, requests: fact.requests.map((alt) => alt.join(' + ')).join(', or ') };
}

interface DelegatedAt {
  partition: string;
  region: string;
  account: string;
}

/**
 * Records a delegated administrator of `service` in `account` when that service's delegated
 * administrator deploys into member accounts (see the module comment); false for another
 * service (or an unknown one).
 */
export function noteDelegatedAdministrator(
  builder: ModelBuilder,
  d: DelegatedAt & {
    service: unknown;
    address: string;
    /** The account registering it: the management account ("You can only call this operation from the management account"), never reached. */
    management: string;
    source: Source;
    presence?: Unknown | undefined;
  },
): boolean {
  if (typeof d.service !== 'string') return false;
  const fact = DELEGATED[d.service];
  if (!fact) return false;
  const resources = fact.resources(d);
  builder.noteStackRole({
    label: `delegated administrator of ${d.service} (${d.address})`,
    account: d.account,
    requests: fact.requests.map((alt) => alt.map((action, i) => ({ action, ...resources[i]! }))),
    role: new Unknown(
      `${d.address} registers account ${d.account} as a delegated administrator of ${d.service}: its principals may act as ${fact.what}, whose permissions the inputs do not show`,
      d.source,
    ),
    reach: 'members',
    notIn: [d.management],
    what: fact.what,
    source: d.source,
    nameUnknown: new Unknown(`${d.address}: ${fact.idsUnknown}`, d.source),
    ...(d.presence ? { presence: d.presence } : {}),
  });
  return true;
}

/**
 * The model's role `s` runs with: the role of its ARN, or of the same account and name (an ARN
 * without the role's path, as the CDK writes the bootstrap's); undefined when the role is
 * unknown or not among the inputs (its permissions are then unknown).
 */
export function heldStackRole(model: Model, s: StackRole): Role | undefined {
  if (isUnknown(s.role)) return undefined;
  const arn = s.role;
  const exact = model.roles.find((r) => r.arn === arn);
  if (exact) return exact;
  const m = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m ? model.roles.find((r) => r.account === m[1] && r.name === m[2]) : undefined;
}
