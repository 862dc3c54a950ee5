// The organization tree a Terraform input holds, and the organization policies its member
// accounts inherit: aws_organizations_organization (the root), aws_organizations_organizational_unit
// (an OU and its `parent_id`) and aws_organizations_account (a member account, its `parent_id`;
// the provider: "parent_id - (Optional) Parent Organizational Unit ID or Root ID for the account.
// Defaults to the Organization default Root ID"). An SCP or RCP attached at a root or OU reaches
// each member account under it (the rule: aws/org-tree.ts `orgPolicyReaches`), at that level; one
// whose place in the tree is not known (an unknown `parent_id`, an OU whose parents are not in the
// inputs, a target known only after apply) reaches it maybe-present, with a
// `tf/org-parent-unknown` warning naming the account's address. Member accounts whose id is known
// are applied to by `applyToMembers`. The deploying account gets a root/OU attachment by the same
// rule where the inputs place it in the tree (`deployingAccountReach`): only the OU path the
// inputs give applies, and an OU attachment reaches an account the inputs do not place
// maybe-present. The other accounts the instances are modelled in (`applyToOtherAccounts`): a
// member account the plan creates (modelled in the stand-in account) by its `parent_id`; an
// account a provider configuration deploys into that the inputs do not place in the organization
// maybe-present; the stand-in, which may stand for several accounts, surely only when the
// attachment reaches each (`combinedReach`). The role AWS Organizations creates in a member
// account is modelled here too (`handleOrgAccessRole`), in the account whose id is unknown for an
// account the plan creates.

import {
  orgAccessRoleName,
  orgAccessRolePolicyArn,
  orgAccessRoleTrust,
} from '../../../aws/org-access-role.js';
import { orgPolicyReaches, type OrgTreeNode } from '../../../aws/org-tree.js';
import { parsePolicy } from '../../../policy/parse.js';
import { isStandInAccount, standInAccountFor } from '../../../model/stand-ins.js';
import { modelAccount } from '../plan/provider-accounts.js';
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
  /** Member accounts the inputs create (id known only after apply): modelled in the stand-in account. */
  created: TfInstance[];
  resolved: Map<string, OrgTreeNode> | undefined;
}

const trees = new WeakMap<TfLoadState, OrgTree>();

function treeOf(ctx: TfLoadState): OrgTree {
  let t = trees.get(ctx);
  if (!t) {
    t = { nodes: new Map(), labels: new Map(), members: [], created: [], resolved: undefined };
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

/** aws_organizations_account: a member account, by its id when known, else one the inputs create. */
export function handleOrgAccount(ctx: TfLoadState, inst: TfInstance): void {
  const id = inst.values.id ?? inst.values.account_id;
  if (typeof id === 'string' && /^\d{12}$/.test(id)) treeOf(ctx).members.push({ account: id, inst });
  else if (isUnknown(id) || id === undefined || id === null) treeOf(ctx).created.push(inst);
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
  const written = inst.values.role_name;
  // unknown: an unknown name, never the default (aws/org-access-role.ts, as CloudFormation's RoleName)
  const roleName = orgAccessRoleName(
    isUnknown(written) ? written : typeof written === 'string' ? written : undefined,
    inst.address,
  );
  const unknownName = isUnknown(written) ? `; its role_name is unknown: ${written.reason}` : '';
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
    // a new account id only when the plan creates it (a configuration may import an invited one)
    ctx.builder.noteNewAccount(account, inst.address, inst.action === 'create' ? 'created' : 'declared');
    ctx.finding({
      code: 'tf/org-new-account',
      severity: 'warning',
      message: `${inst.address} creates a member account whose id is known only after apply: it is modelled as an account whose id is unknown (${account}), with the role ${roleName} AWS Organizations creates there (trusting management account ${management}, with AdministratorAccess${unknownName}${presence ? '; maybe-present: ' + presence.reason : ''}), and what provider configurations assuming a role in it deploy (tf/provider-other-account); a decision that depends on its id is indeterminate${shared ? `. Another member account the inputs create (${shared}) is modelled in the same stand-in account, with one ${roleName} for both: a decision between the two accounts, or on that role, is indeterminate, as they are two accounts` : ''}`,
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
      message: `${inst.address}: account ${member.account} may have the role ${roleName} that AWS Organizations creates in the member accounts it creates (trusting management account ${management}, with AdministratorAccess${unknownName}); it is modelled maybe-present`,
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
  // attached to a member account the inputs create: that account only (modelled in the stand-in)
  if (target === undefined && createdTarget(ctx, inst) !== undefined) return false;
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
    if (target === undefined && createdTarget(ctx, inst) !== undefined) continue;
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

/** The member account the inputs create that an attachment's `target_id` refers to (its address), if any. */
function createdTarget(ctx: TfLoadState, inst: TfInstance): string | undefined {
  if (typeof inst.values.target_id === 'string') return undefined;
  const created = new Set(treeOf(ctx).created.map((c) => c.address));
  const refs = [...new Set(inst.references('target_id').filter((a) => created.has(a)))];
  return refs.length === 1 ? refs[0] : undefined;
}

/** Whether an attachment reaches one account the stand-in stands for, and what that account is. */
interface PartReach {
  what: string;
  /** the stand-in account id it is modelled in (`standInAccountFor`, provider-accounts.ts `modelAccount`) */
  account: string;
  reach: true | false | Unknown;
}

/**
 * The accounts whose id is unknown other than the deploying account, each with the stand-in
 * account id it is modelled in (one per unknown account, a provider configuration that is not
 * followed too; several share one only past the last stand-in id),
 * and whether a root/OU attachment `inst` reaches each: a
 * member account the inputs create by its `parent_id` (the organization's root when not set; an
 * attachment to the account itself reaches it), the account of a provider configuration the
 * inputs do not pin down maybe (the inputs do not place it in the organization).
 */
function standInParts(ctx: TfLoadState, inst: TfInstance): PartReach[] {
  const t = treeOf(ctx);
  const target = orgTargetLabel(ctx, inst);
  const direct = target === undefined ? createdTarget(ctx, inst) : undefined;
  const nodes = resolvedTree(ctx);
  const out: PartReach[] = [];
  for (const c of t.created) {
    const what = `the member account ${c.address} creates`;
    const account = standInAccountFor(c.address, ctx.env.account);
    if (direct !== undefined) {
      out.push({ what, account, reach: direct === c.address });
      continue;
    }
    if (target === undefined) {
      out.push({
        what,
        account,
        reach: new Unknown(
          `the target of ${inst.address} is not known, so it may be ${what} or one of its parents`,
          inst.attrSource('target_id'),
        ),
      });
      continue;
    }
    const reach = orgPolicyReaches(target, parentOf(ctx, c), nodes, (l) => l.startsWith('r-'));
    out.push({
      what,
      account,
      reach:
        typeof reach === 'boolean'
          ? reach
          : new Unknown(
              `${what} may be under ${target}, where ${inst.address} attaches it: ${reach.reason}`,
              reach.source ?? c.attrSource('parent_id'),
            ),
    });
  }
  const created = new Set(t.created.map((c) => c.address));
  for (const p of ctx.placedConfigs) {
    if (!('unknown' in p.where) || (p.where.creates !== undefined && created.has(p.where.creates))) continue;
    out.push({
      what: `the account of provider configuration ${p.key}`,
      account: modelAccount(p.where),
      reach:
        direct !== undefined
          ? false
          : new Unknown(
              `the account of provider configuration ${p.key} is not known (${p.where.unknown.reason}), so whether it is in the organization, under ${target ?? 'the target'} where ${inst.address} attaches it, is not known`,
              inst.attrSource('target_id'),
            ),
    });
  }
  return out;
}

/**
 * Whether an attachment reaches stand-in account `account`, which stands for each of `parts` (those
 * modelled in it): surely when it reaches every one, not when it reaches none, maybe (an Unknown
 * saying why) otherwise: the one stand-in holds the elements of all of them.
 */
function combinedReach(
  inst: TfInstance,
  account: string,
  all: readonly PartReach[],
): true | false | Unknown | undefined {
  const parts = all.filter((p) => p.account === account);
  if (!parts.length) return undefined;
  if (parts.every((p) => p.reach === true)) return true;
  if (parts.every((p) => p.reach === false)) return false;
  const open = parts.find((p) => p.reach instanceof Unknown);
  if (open) return open.reach as Unknown;
  const yes = parts.filter((p) => p.reach === true).map((p) => p.what);
  const no = parts.filter((p) => p.reach === false).map((p) => p.what);
  return new Unknown(
    `${inst.address} reaches ${yes.join(', ')} but not ${no.join(', ')}, which are modelled in the one account whose id is unknown (${account})`,
    inst.attrSource('target_id'),
  );
}

/**
 * The reach of a root/OU attachment on the stand-in account when the stand-in is also the
 * deploying account (`deploying`: `deployingAccountReach`): combined with the other accounts it
 * stands for.
 */
export function standInDeployingReach(
  ctx: TfLoadState,
  inst: TfInstance,
  deploying: true | false | Unknown,
  account: string,
): true | false | Unknown {
  return combinedReach(inst, account, [
    { what: 'the deploying account', account, reach: deploying },
    ...standInParts(ctx, inst),
  ])!;
}

/**
 * Whether a root/OU attachment reaches any of the other accounts the stand-in deploying account
 * stands for (`combinedReach` of them; undefined when it stands for none): the management
 * account's exemption from SCPs/RCPs (aws/org-management-account.ts) is not theirs.
 */
export function standInOthersReach(
  ctx: TfLoadState,
  inst: TfInstance,
  account: string,
): true | false | Unknown | undefined {
  return combinedReach(inst, account, standInParts(ctx, inst));
}

/**
 * Applies an organization policy attached at a root or OU (or at a member account the inputs
 * create) by `inst` to the accounts the Terraform instances are modelled in other than
 * `attachedIn` (where the attachment is applied already) and the member accounts of the tree
 * (`applyToMembers`): an account reached through a provider configuration (or the deploying
 * account, when the attachment is deployed elsewhere) that the inputs do not place in the
 * organization maybe-present; the stand-in account by `combinedReach` of the accounts it stands
 * for. "SCPs affect all users and roles in attached accounts, including the root user" and a
 * policy attached at a root or OU is inherited by every account under it (AWS Organizations User
 * Guide, "Service control policies (SCPs)", "Inheritance for service control policies").
 */
export function applyToOtherAccounts(
  ctx: TfLoadState,
  inst: TfInstance,
  kind: 'scp' | 'rcp',
  document: PolicyDocument,
  attachedIn: string,
): void {
  const rawTarget = inst.values.target_id;
  if (typeof rawTarget === 'string' && /^\d{12}$/.test(rawTarget)) return;
  const t = treeOf(ctx);
  const target = orgTargetLabel(ctx, inst);
  const direct = target === undefined ? createdTarget(ctx, inst) : undefined;
  const level: string | Unknown =
    target ??
    direct ??
    new Unknown(`the target of ${inst.address} is known only after apply`, inst.attrSource('target_id'));
  const known = new Map<string, string>();
  const deploying = ctx.deployingEnv.account;
  if (!isStandInAccount(deploying)) known.set(deploying, 'the deploying account');
  for (const p of ctx.placedConfigs)
    if ('account' in p.where && !known.has(p.where.account))
      known.set(p.where.account, `the account provider configuration ${p.key} deploys into`);
  const members = new Set(t.members.map((m) => m.account));
  const apply = (account: string, reach: true | Unknown) => {
    let doc = document;
    if (reach !== true) {
      ctx.finding({
        code: 'tf/org-parent-unknown',
        severity: 'warning',
        message: `${reach.reason}; ${kind.toUpperCase()} ${document.name ?? inst.address} is applied to account ${account} maybe-present, so what it could deny there is indeterminate`,
        source: reach.source ?? inst.attrSource('target_id'),
      });
      doc = { ...document, presence: andPresence(document.presence, reach) };
    }
    ctx.ensureOrgDefault(account, kind, inst.source);
    if (kind === 'scp') ctx.builder.addScp(account, doc, level);
    else ctx.builder.addRcp(account, doc, level);
  };
  for (const [account, what] of known) {
    if (account === attachedIn || members.has(account) || direct !== undefined) continue;
    apply(
      account,
      new Unknown(
        `the inputs do not place account ${account} (${what}) in the organization (no aws_organizations_account with its id), so it may or may not be under ${target ?? 'the target'}, where ${inst.address} attaches it`,
        inst.attrSource('target_id'),
      ),
    );
  }
  const parts = standInParts(ctx, inst);
  if (isStandInAccount(deploying))
    parts.push({
      what: 'the deploying account',
      account: deploying,
      reach:
        direct !== undefined
          ? false
          : new Unknown(
              `the inputs do not state the deploying account or place it in the organization, so it may or may not be under ${target ?? 'the target'}, where ${inst.address} attaches it`,
              inst.attrSource('target_id'),
            ),
    });
  // each stand-in account by the accounts it stands for; the one the attachment is applied in
  // already (the stand-in deploying account: handlers/index.ts) is not applied twice
  for (const account of new Set(parts.map((p) => p.account))) {
    if (account === attachedIn) continue;
    const reach = combinedReach(inst, account, parts);
    if (reach !== undefined && reach !== false) apply(account, reach);
  }
}
