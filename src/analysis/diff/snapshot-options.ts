// The options an access snapshot was written with that decide which principals and ARNs its rows
// and columns are, recorded as `options` in the matrix JSON (`matrix --format json`) and checked
// by `diff --base SNAPSHOT`: `--open-accounts` (the "any role / any user" rows of each account),
// `--account`, `--region`, `--partition` (the ARNs of every element the inputs leave them to) and
// `--scp-full-access-detached` (where the organisation's FullAWSAccess policy is taken as
// detached) and `--stack-role` (which role runs a stack's updates: who may become which role). A snapshot written with other values than the diff run is no base to compare with:
// the diff would show rows and ARNs added and removed that no change of the inputs made (or hide
// access the other assumption decides), so it is refused, with what differs. A snapshot without
// the record (written before it) is compared only when the run uses the defaults.

import type { LoadOptions } from '../../adapters/load-core.js';
import { splitStackRole } from '../../aws/stack-roles.js';

/** The `options` record of an access snapshot (see the module comment). */
export interface SnapshotOptions {
  openAccounts: boolean;
  account?: string;
  region?: string;
  partition?: string;
  /** Sorted. */
  scpFullAccessDetached?: string[];
  /** `STACK=ROLE_ARN|none`, sorted. */
  stackRoles?: string[];
}

/** The record of a run's load options. */
export function snapshotOptionsOf(
  options: Pick<
    LoadOptions,
    'openAccounts' | 'account' | 'region' | 'partition' | 'scpFullAccessDetached' | 'stackRoles'
  >,
): SnapshotOptions {
  const stackRoles = Object.entries(options.stackRoles ?? {})
    .map(([stack, role]) => `${stack}=${role}`)
    .sort();
  return {
    openAccounts: !!options.openAccounts,
    ...(options.account ? { account: options.account } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.partition ? { partition: options.partition } : {}),
    ...(options.scpFullAccessDetached?.length
      ? { scpFullAccessDetached: [...new Set(options.scpFullAccessDetached)].sort() }
      : {}),
    ...(stackRoles.length ? { stackRoles } : {}),
  };
}

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** A snapshot's `options` record, checked (undefined when absent: an older snapshot). */
export function snapshotOptionsFrom(
  value: unknown,
  fail: (why: string) => never,
): SnapshotOptions | undefined {
  if (value === undefined) return undefined;
  const v = value as Record<string, unknown>;
  const optional = (k: string) => v[k] === undefined || typeof v[k] === 'string';
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof v.openAccounts !== 'boolean' ||
    !optional('account') ||
    !optional('region') ||
    !optional('partition') ||
    !(v.scpFullAccessDetached === undefined || isStringList(v.scpFullAccessDetached)) ||
    !(
      v.stackRoles === undefined ||
      (isStringList(v.stackRoles) && v.stackRoles.every((x) => splitStackRole(x) !== undefined))
    )
  )
    return fail(
      '"options" needs "openAccounts" (true or false) and optional "account", "region", "partition", "scpFullAccessDetached" (a list) and "stackRoles" (a list of STACK=ROLE)',
    );
  const stackRoles = (v.stackRoles as string[] | undefined)?.map((x) => splitStackRole(x)!);
  return snapshotOptionsOf({
    ...(v as LoadOptions),
    stackRoles: stackRoles ? Object.fromEntries(stackRoles) : undefined,
  } as LoadOptions);
}

const DEFAULTS: SnapshotOptions = { openAccounts: false };

function said(o: SnapshotOptions, key: keyof SnapshotOptions): string {
  const v = o[key];
  if (key === 'openAccounts') return v ? 'given' : 'not given';
  if (v === undefined) return 'not given';
  return Array.isArray(v) ? v.join(' ') : String(v);
}

const FLAGS: Record<keyof SnapshotOptions, string> = {
  openAccounts: '--open-accounts',
  account: '--account',
  region: '--region',
  partition: '--partition',
  scpFullAccessDetached: '--scp-full-access-detached',
  stackRoles: '--stack-role',
};

/**
 * Why a snapshot written with `recorded` (undefined: an older snapshot without the record) is no
 * base for a run with `run`, or undefined when it is one.
 */
export function incompatibleOptions(
  recorded: SnapshotOptions | undefined,
  run: SnapshotOptions,
): string | undefined {
  const base = recorded ?? DEFAULTS;
  const differ = (Object.keys(FLAGS) as (keyof SnapshotOptions)[]).filter(
    (k) => said(base, k) !== said(run, k),
  );
  if (!differ.length) return undefined;
  const what = differ
    .map((k) => `${FLAGS[k]}: snapshot ${said(base, k)}, this run ${said(run, k)}`)
    .join('; ');
  return recorded
    ? `the access snapshot was written with other options than this diff (${what}): its rows and ARNs are not this run's, so the diff would show access added and removed that no change made; write the snapshot again with this run's options, or run the diff with the snapshot's`
    : `the access snapshot does not record the options it was written with (written by an older iamspec), and this run does not use the defaults (${what}): its rows and ARNs may not be this run's; write the snapshot again with this version of iamspec matrix --format json and this run's options`;
}
