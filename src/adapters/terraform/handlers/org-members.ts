// The organization tree a Terraform input holds, and the organization policies its member
// accounts inherit: aws_organizations_organization (the root), aws_organizations_organizational_unit
// (an OU and its `parent_id`) and aws_organizations_account (a member account, its `parent_id`;
// the provider: "parent_id - (Optional) Parent Organizational Unit ID or Root ID for the account.
// Defaults to the Organization default Root ID"). An SCP or RCP attached at a root or OU reaches
// each member account under it (the rule: aws/org-tree.ts `orgPolicyReaches`), at that level; one
// whose place in the tree is not known (an unknown `parent_id`, an OU whose parents are not in the
// inputs, a target known only after apply) reaches it maybe-present, with a
// `tf/org-parent-unknown` warning naming the account's address. A member account is in the
// organization tree only when its id is known (a plan of an existing account): one created by the
// plan has no id the tree could place (its SCPs are not applied: a follow-up). The deploying
// account gets a root/OU attachment by the same rule where the inputs place it in the tree
// (`deployingAccountReach`): only the OU path the inputs give applies, and an OU attachment
// reaches an account the inputs do not place maybe-present. The role AWS Organizations creates in a member account is modelled here too
// (`handleOrgAccessRole`), in the account whose id is unknown for an account the plan creates.

import {
  ORG_ACCESS_ROLE_DEFAULT,
  orgAccessRolePolicyArn,
  orgAccessRoleTrust,
} from '../../../aws/org-access-role.js';
import { orgPolicyReaches, type OrgTreeNode } from '../../../aws/org-tree.js';
import { parsePolicy } from '../../../policy/parse.js';
import { standInAccountFor } from '../../../model/stand-ins.js';
import { isUnknown, Unknown } from '../../../model/unknown.js';
import type { PolicyDocument } from '../../../policy/types.js';
import { andPresence } from '../eval/branches.js';
import type { TfInstance } from '../instances.js';
import type { TfLoadState } from './context.js';

interface OrgTree {
  /** Each root and OU of the inputs by its label (its id when known, else its address). */
  nodes: Map<string, { inst: TfInstance; root: boolean }>;
  /** The label of each root/OU instance by address. */
  labels: Map<string, string>;
  /** Member accounts whose id is known. */
  members: { account: string; inst: TfInstance }[];
  resolved: Map<string, OrgTreeNode> | undefined;
}

const trees = new WeakMap<TfLoadState, OrgTree>();

function treeOf(ctx: TfLoadState): OrgTree {
  let t = trees.get(ctx);
  if (!t) {
    t = { nodes: new Map(), labels: new Map(), members: [], resolved: undefined };
    trees.set(ctx, t);
  }
  return t;
}

function addNode(ctx: TfLoadState, inst: TfInstance, id: unknown, root: boolean): void {
  const t = treeOf(ctx);
  const label = typeof id === 'string' && id ? id : inst.address;
  t.nodes.set(label, { inst, root });
  t.labels.set(inst.address, label);
  t.resolved = undefined;
}

/** The management account the inputs name (`master_account_id` of aws_organizations_organization). */
const managementAccounts = new WeakMap<TfLoadState, string>();

/** aws_organizations_organization: its root (`roots[0].id`, known for an existing organization). */
export function recordOrgRoot(ctx: TfLoadState, inst: TfInstance): void {
  const master = inst.values.master_account_id;
  if (typeof master === 'string' && /^\d{12}$/.test(master)) managementAccounts.set(ctx, master);
  const roots = inst.values.roots;
  const first = Array.isArray(roots) ? roots[0] : undefined;
  const id =
    first && typeof first === 'object' && !isUnknown(first) ? (first as { id?: unknown }).id : undefined;
  addNode(ctx, inst, id, true);
}

/** aws_organizations_organizational_unit: an OU of the tree. */
export function handleOrgUnit(ctx: TfLoadState, inst: TfInstance): void {
  addNode(ctx, inst, inst.values.id, false);
}

/** aws_organizations_account: a member account (kept when its id is known). */
export function handleOrgAccount(ctx: TfLoadState, inst: TfInstance): void {
  const id = inst.values.id ?? inst.values.account_id;
  if (typeof id === 'string' && /^\d{12}$/.test(id)) treeOf(ctx).members.push({ account: id, inst });
}

/** The access roles modelled in the unknown-account stand-in: the address of the member account that modelled each name (two new accounts share it). */
const standInRoles = new WeakMap<TfLoadState, Map<string, string>>();

/**
 * aws_organizations_account (after every element): the role AWS Organizations creates in a member
 * account it creates (aws/org-access-role.ts), trusting the management account (the
 * organization's `master_account_id` when the inputs give it, else the account of the provider
 * configuration that creates the member account: member accounts are created from the management
 * account) with AdministratorAccess. For an account whose id is known: maybe-present (it may have
 * been invited, not created). For an account the plan creates (its id known only after apply):
 * in its own account whose id is unknown (`standInAccountFor`, where what a provider configuration
 * assuming a role in it deploys is modelled too: plan/provider-accounts.ts), present when the plan
 * creates it (CreateAccount creates the role), maybe-present for a configuration read without a
 * plan (the account may be an invited one it imports).
 */
export function handleOrgAccessRole(ctx: TfLoadState, inst: TfInstance): void {
  const member = treeOf(ctx).members.find((m) => m.inst === inst);
  const id = inst.values.id ?? inst.values.account_id;
  const created = !member && (isUnknown(id) || id === undefined || id === null);
  if (!member && !created) return;
  const partition = ctx.env.partition;
  const management = managementAccounts.get(ctx) ?? ctx.env.account;
  const roleName =
    typeof inst.values.role_name === 'string' && inst.values.role_name
      ? inst.values.role_name
      : ORG_ACCESS_ROLE_DEFAULT;
  const source = {
    builtIn: `the role ${roleName} AWS Organizations creates in a member account it creates (${inst.address}; not in the inputs)`,
    address: inst.address,
  };
  // a created account: its own stand-in account (one per created account, shared with what a
  // provider configuration assuming a role in it deploys: plan/provider-accounts.ts)
  const account = member ? member.account : standInAccountFor(inst.address, ctx.env.account);
  if (account === management && member) return;
  let presence: Unknown | undefined;
  if (member)
    presence = new Unknown(
      `AWS Organizations creates ${roleName} in account ${member.account} (${inst.address}) only if it created the account (an invited account has none), and it may since have been deleted: the inputs do not say`,
      inst.source,
    );
  else if (inst.action !== 'create')
    presence = new Unknown(
      `AWS Organizations creates ${roleName} in the member account ${inst.address} declares only if it creates the account (an invited account the configuration imports has none): the configuration does not say`,
      inst.source,
    );
  presence = andPresence(presence, ctx.presence);
  if (created) {
    ctx.builder.noteAccountStandsFor(
      account,
      `the member account ${inst.address} creates, whose id is known only after apply`,
    );
    ctx.builder.noteNewAccount(account);
    const roles = standInRoles.get(ctx) ?? new Map<string, string>();
    standInRoles.set(ctx, roles);
    // two created accounts share a stand-in account only past the last stand-in id
    const shared = roles.get(`${account}/${roleName}`);
    if (!shared) roles.set(`${account}/${roleName}`, inst.address);
    // the role is this account's; one shared with another created account is either's
    ctx.builder.noteStandInPart(
      account,
      inst.address,
      `the member account ${inst.address} creates`,
      [shared ?? inst.address],
      inst.source,
    );
    ctx.finding({
      code: 'tf/org-new-account',
      severity: 'warning',
      message: `${inst.address} creates a member account whose id is known only after apply: it is modelled as an account whose id is unknown (${account}), with the role ${roleName} AWS Organizations creates there (trusting management account ${management}, with AdministratorAccess${presence ? '; maybe-present: ' + presence.reason : ''}), and what provider configurations assuming a role in it deploy (tf/provider-other-account); a decision that depends on its id is indeterminate${shared ? `. Another member account the inputs create (${shared}) is modelled in the same stand-in account, with one ${roleName} for both: a decision between the two accounts, or on that role, is indeterminate, as they are two accounts` : ''}`,
      source: inst.source,
    });
    if (shared) return;
  }
  const roleId = ctx.builder.addRole({
    name: roleName,
    account,
    source,
    ...(presence ? { presence } : {}),
    trustPolicy: parsePolicy(orgAccessRoleTrust(partition, management), { kind: 'trust', source }),
  });
  ctx.builder.attachManagedPolicy(roleId, { policyArn: orgAccessRolePolicyArn(partition), source });
  if (member)
    ctx.finding({
      code: 'tf/org-access-role',
      severity: 'warning',
      message: `${inst.address}: account ${member.account} may have the role ${roleName} that AWS Organizations creates in the member accounts it creates (trusting management account ${management}, with AdministratorAccess); it is modelled maybe-present`,
      source: inst.source,
    });
}

/**
 * Where an instance's `parent_id` places it: a label of the tree, a root/OU id outside it,
 * undefined for the root (not set), or an Unknown.
 */
function parentOf(ctx: TfLoadState, inst: TfInstance): string | Unknown | undefined {
  const t = treeOf(ctx);
  const v = inst.values.parent_id;
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string') return v;
  const labels = [...new Set(inst.references('parent_id').flatMap((a) => t.labels.get(a) ?? []))];
  if (labels.length === 1) return labels[0]!;
  return new Unknown(
    `the parent of ${inst.address} is ${isUnknown(v) ? `not known (${v.reason})` : 'not a root or OU id'}`,
    inst.attrSource('parent_id'),
  );
}

function resolvedTree(ctx: TfLoadState): Map<string, OrgTreeNode> {
  const t = treeOf(ctx);
  if (!t.resolved) {
    t.resolved = new Map();
    for (const [label, n] of t.nodes)
      t.resolved.set(label, { root: n.root, parent: n.root ? undefined : parentOf(ctx, n.inst) });
  }
  return t.resolved;
}

/** The label of the root or OU an attachment's `target_id` names, or undefined (an account, unknown). */
export function orgTargetLabel(ctx: TfLoadState, inst: TfInstance): string | undefined {
  const v = inst.values.target_id;
  if (typeof v === 'string') return /^(ou-|r-)/.test(v) ? v : undefined;
  const t = treeOf(ctx);
  const labels = [...new Set(inst.references('target_id').flatMap((a) => t.labels.get(a) ?? []))];
  return labels.length === 1 ? labels[0] : undefined;
}

/**
 * Whether a root/OU attachment (`inst`, target not an account id) reaches the deploying account
 * `account`: by its place in the tree when the inputs hold it as a member account (an OU
 * elsewhere does not reach it); a root always; an OU, or a target known only after apply, maybe
 * (an Unknown saying why) when the inputs do not place the account.
 */
export function deployingAccountReach(
  ctx: TfLoadState,
  inst: TfInstance,
  account: string,
): true | false | Unknown {
  const t = treeOf(ctx);
  const target = orgTargetLabel(ctx, inst);
  const nodes = resolvedTree(ctx);
  const member = t.members.find((m) => m.account === account);
  if (target === undefined)
    return new Unknown(
      `the target of ${inst.address} is not known, so it may or may not be account ${account} or one of its parents`,
      inst.attrSource('target_id'),
    );
  const isRoot = (l: string) => l.startsWith('r-');
  if (member) {
    const reach = orgPolicyReaches(target, parentOf(ctx, member.inst), nodes, isRoot);
    if (typeof reach === 'boolean') return reach;
    return new Unknown(
      `account ${account} (${member.inst.address}) may be under ${target}, where ${inst.address} attaches it: ${reach.reason}`,
      reach.source ?? member.inst.attrSource('parent_id'),
    );
  }
  if (nodes.get(target)?.root || isRoot(target)) return true;
  return new Unknown(
    `the inputs do not place account ${account} in the organization, so it may or may not be under ${target}, where ${inst.address} attaches it`,
    inst.attrSource('target_id'),
  );
}

/**
 * Applies an organization policy attached by `inst` to the member accounts it reaches (other
 * than `except`, the account the attachment is already applied to): at `target`'s level when it
 * is a root or OU of the tree or outside it; every member maybe-present when the target is not
 * known (`target` undefined and the target not an account id).
 */
export function applyToMembers(
  ctx: TfLoadState,
  inst: TfInstance,
  kind: 'scp' | 'rcp',
  document: PolicyDocument,
  except: string,
): void {
  const t = treeOf(ctx);
  if (!t.members.length) return;
  const rawTarget = inst.values.target_id;
  if (typeof rawTarget === 'string' && /^\d{12}$/.test(rawTarget)) return;
  const target = orgTargetLabel(ctx, inst);
  const nodes = resolvedTree(ctx);
  for (const m of t.members) {
    if (m.account === except) continue;
    let reach: true | false | Unknown;
    let level: string | Unknown;
    if (target === undefined) {
      // a target known only after apply may be any level of the organization, this account too
      reach = new Unknown(
        `the target of ${inst.address} is not known, so it may be account ${m.account} (${m.inst.address}) or one of its parents`,
        inst.attrSource('target_id'),
      );
      level = reach;
    } else {
      reach = orgPolicyReaches(target, parentOf(ctx, m.inst), nodes, (l) => l.startsWith('r-'));
      level = target;
    }
    if (reach === false) continue;
    let doc = document;
    if (reach !== true) {
      const why =
        target === undefined
          ? reach
          : new Unknown(
              `account ${m.account} (${m.inst.address}) may be under ${target}, where ${inst.address} attaches it: ${reach.reason}`,
              reach.source ?? m.inst.attrSource('parent_id'),
            );
      ctx.finding({
        code: 'tf/org-parent-unknown',
        severity: 'warning',
        message: `${why.reason}; ${kind.toUpperCase()} ${document.name ?? inst.address} is applied to account ${m.account} maybe-present, so what it could deny there is indeterminate`,
        source: target === undefined ? inst.attrSource('target_id') : m.inst.attrSource('parent_id'),
      });
      doc = {
        ...document,
        presence: andPresence(document.presence, why),
      };
    }
    ctx.ensureOrgDefault(m.account, kind, inst.source);
    if (kind === 'scp') ctx.builder.addScp(m.account, doc, level);
    else ctx.builder.addRcp(m.account, doc, level);
  }
}
