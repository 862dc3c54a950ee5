// Corpus accounting: for every CloudFormation/SAM template and Terraform plan and configuration of
// the real-world corpus (../shared/corpus, read in place; the test fails when it is missing), what
// the input holds that can grant or restrict access is counted straight from the raw document, and
// each such thing must be in the model: as a known element or statement (a source at its place),
// or as an unknown value or a finding that could change a verdict, with its source. A thing that
// is in none is a silent drop, and the test fails naming it.
//
// Counted from the raw inputs:
// - CloudFormation: every resource of an access type (IAM, Organizations, IAM Identity Center,
//   Lambda permissions, SAM functions and state machines with policies...) and every resource
//   with a property that holds a policy or names a principal; every statement of every policy
//   document in a resource's properties; every entry of ManagedPolicyArns and Policies, every
//   PermissionsBoundary and AssumeRolePolicyDocument.
// - Terraform plans: every resource instance (planned values, child modules included) of an
//   access type (aws_iam_*, aws_*_policy, aws_lambda_permission, aws_kms_grant, organizations
//   policies...) and every statement of the policy documents in its values.
// - Terraform configurations (.tf and .tf.json): every resource block of an access type.
//
// AWS pages these categories come from:
// - IAM User Guide, "Policies and permissions in AWS Identity and Access Management", policy
//   types: "Identity-based policies", "Resource-based policies", "Permissions boundaries",
//   "Organizations SCPs", "Organizations RCPs", "Access control lists (ACLs)", "Session policies".
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html
// - IAM User Guide, "Policy evaluation logic": every one of them takes part in the decision
//   ("an explicit deny in any of these policies overrides the allow").
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html

import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTemplateText } from '../src/adapters/cloudformation/index.js';
import { loadModelSync } from '../src/adapters/load.js';
import type { Model } from '../src/model/types.js';
import { type Holder, ModelSources } from './helpers/model-sources.js';
import { filesUnder } from './helpers/files.js';

const CORPUS = join(import.meta.dirname, '../../shared/corpus');
const present = existsSync(join(CORPUS, 'MANIFEST.tsv'));

/** One thing an input holds that can grant or restrict access, at a JSON pointer of its file. */
interface Item {
  file: string;
  pointer: string;
  what: string;
  logicalId?: string;
  /** Terraform address (plans and configurations). */
  address?: string;
  /** A group membership (the model keeps memberships as the groups of each user, without a source). */
  membership?: { group: string; users: string[] };
  /** The template conditions it is behind (`Fn::If`, a resource's `Condition`): decided false, they remove it. */
  conditions?: string[];
}

const esc = (t: string | number) => String(t).replace(/~/g, '~0').replace(/\//g, '~1');
const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

// ---------------------------------------------------------------------------------------
// CloudFormation

/** Resource types that grant, restrict or hold access whatever their properties. */
const CFN_ACCESS_TYPE =
  /^AWS::(IAM|Organizations|SSO|IdentityStore)::|^AWS::Lambda::(Permission|LayerVersionPermission)$|^AWS::Serverless::|^AWS::(S3::BucketPolicy|SQS::QueuePolicy|SNS::TopicPolicy|KMS::Key|SecretsManager::ResourcePolicy|Events::EventBusPolicy|Logs::ResourcePolicy|ECR::Repository|CodeArtifact::|Backup::BackupVault|OpenSearchService::Domain|Elasticsearch::Domain|S3::AccessPoint|S3Express::|S3Outposts::|Glue::ResourcePolicy|ApiGateway::RestApi|EFS::FileSystem|DynamoDB::ResourcePolicy|RAM::)/;

/** Properties that hold a policy, a principal or an attachment, at any depth of a resource. */
const CFN_ACCESS_PROPERTY =
  /^(PolicyDocument|PolicyText|Policy|KeyPolicy|AccessPolicies|ResourcePolicy|RepositoryPolicyText|Policies|ManagedPolicyArns|PermissionsBoundary|AssumeRolePolicyDocument|Principal|Principals|Role|RoleArn|ExecutionRoleArn|TaskRoleArn|ServiceRoleArn|InstanceProfileName|Groups|Users|Roles)$/;

function cfnItems(file: string): Item[] {
  let value: unknown;
  try {
    value = parseTemplateText(readFileSync(file, 'utf8'), file).value;
  } catch {
    return [];
  }
  if (!isRecord(value) || !isRecord(value.Resources)) return [];
  const out: Item[] = [];
  for (const [id, r] of Object.entries(value.Resources)) {
    if (!isRecord(r) || typeof r.Type !== 'string') continue;
    const base = `/Resources/${esc(id)}`;
    const props = isRecord(r.Properties) ? r.Properties : {};
    const inner: Item[] = [];
    // The template conditions an item is behind: the resource's Condition, each Fn::If around it.
    const own = typeof r.Condition === 'string' ? [r.Condition] : [];
    const ifName = (x: unknown) =>
      isRecord(x) && Array.isArray(x['Fn::If']) && typeof x['Fn::If'][0] === 'string' ? [x['Fn::If'][0]] : [];
    const behind = (names: string[]) => (names.length ? { conditions: names } : {});
    const walk = (v: unknown, pointer: string, key: string, depth: number, conds: string[]) => {
      if (depth > 30) return;
      if (Array.isArray(v)) {
        for (const [i, x] of v.entries()) walk(x, `${pointer}/${i}`, key, depth + 1, conds);
        return;
      }
      if (!isRecord(v)) return;
      const here = [...conds, ...ifName(v)];
      if ('Statement' in v) {
        const st = v.Statement;
        const list = Array.isArray(st) ? st : [st];
        for (const [i, x] of list.entries())
          inner.push({
            file,
            pointer: Array.isArray(st) ? `${pointer}/Statement/${i}` : `${pointer}/Statement`,
            what: `${r.Type} ${id}: statement ${i} of ${key}`,
            logicalId: id,
            ...behind([...here, ...ifName(x)]),
          });
        return;
      }
      for (const [k, x] of Object.entries(v)) {
        const p = `${pointer}/${esc(k)}`;
        if (k === 'ManagedPolicyArns' || k === 'Policies') {
          if (Array.isArray(x))
            for (const [i, e] of x.entries())
              inner.push({
                file,
                pointer: `${p}/${i}`,
                what: `${r.Type} ${id}: ${k}[${i}]`,
                logicalId: id,
                ...behind([...here, ...ifName(x), ...ifName(e)]),
              });
        } else if (k === 'PermissionsBoundary')
          inner.push({
            file,
            pointer: p,
            what: `${r.Type} ${id}: ${k}`,
            logicalId: id,
            ...behind([...here, ...ifName(x)]),
          });
        walk(x, p, k, depth + 1, here);
      }
    };
    walk(props, `${base}/Properties`, 'Properties', 0, own);
    const accessProperty = JSON.stringify(props)
      .match(/"(\w+)":/g)
      ?.some((k) => CFN_ACCESS_PROPERTY.test(k.slice(1, -2)));
    if (CFN_ACCESS_TYPE.test(r.Type) || inner.length || accessProperty)
      out.push({
        file,
        pointer: base,
        what: `${r.Type} ${id}`,
        logicalId: id,
        ...behind(own),
      });
    out.push(...inner);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Terraform

/** Resource types that grant, restrict or hold access whatever their arguments. */
const TF_ACCESS_TYPE =
  /^aws_(iam_|organizations_(policy|policy_attachment|resource_policy)|lambda_permission|lambda_layer_version_permission|lambda_function_url|kms_(key|grant|key_policy|replica_key)|s3_bucket_policy|s3_bucket_acl|s3_bucket_public_access_block|s3_account_public_access_block|s3_access_point|s3control_|sqs_queue_policy|sns_topic_policy|ecr_repository_policy|ecr_registry_policy|secretsmanager_secret_policy|cloudwatch_log_resource_policy|cloudwatch_event_bus_policy|api_gateway_rest_api_policy|backup_vault_policy|efs_file_system_policy|elasticsearch_domain_policy|opensearch_domain_policy|dynamodb_resource_policy|ssoadmin_|identitystore_|ram_|vpc_endpoint_policy|glue_resource_policy|codeartifact_\w+_permissions_policy)/;

/**
 * Arguments that hold a policy document, when the plan leaves them unknown (a known one is found
 * by its statements). Not `ssl_policy`, `security_policy`, `termination_policies`: no access.
 */
const TF_POLICY_ARGUMENT = /^(policy|assume_role_policy|access_policies|inline_policy|permissions_boundary)$/;

/**
 * Credentials and account settings of IAM: they grant and restrict nothing (what a user may do
 * is its policies', whatever its keys, login profile or MFA devices).
 * IAM User Guide, "Manage access keys for IAM users": "Access keys are long-term credentials for
 * an IAM user". https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html
 */
const TF_CREDENTIAL_TYPE =
  /^aws_iam_(access_key|user_login_profile|service_specific_credential|signing_certificate|user_ssh_key|virtual_mfa_device|account_password_policy|account_alias|server_certificate)$/;

/** A policy document in a value: a JSON string or an object with a Statement. */
function policyIn(v: unknown): Record<string, unknown> | undefined {
  if (isRecord(v) && 'Statement' in v) return v;
  if (typeof v !== 'string' || !v.includes('Statement')) return undefined;
  try {
    const doc: unknown = JSON.parse(v);
    return isRecord(doc) && 'Statement' in doc ? doc : undefined;
  } catch {
    return undefined;
  }
}

function tfPlanItems(file: string): Item[] {
  let plan: unknown;
  try {
    plan = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch {
    // The UTF-16 plan: decoded as the loader does.
    const bytes = readFileSync(file);
    plan = JSON.parse(new TextDecoder('utf-16le').decode(bytes).replace(/^\uFEFF/, ''));
  }
  if (!isRecord(plan) || !Array.isArray(plan.resource_changes)) return [];
  const out: Item[] = [];
  plan.resource_changes.forEach((rc: unknown, i: number) => {
    if (!isRecord(rc) || rc.mode !== 'managed' || typeof rc.type !== 'string') return;
    const change = isRecord(rc.change) ? rc.change : {};
    const actions = Array.isArray(change.actions) ? change.actions : [];
    if (actions.length === 1 && actions[0] === 'delete') return;
    const after = isRecord(change.after) ? change.after : {};
    const unknown = isRecord(change.after_unknown) ? change.after_unknown : {};
    const address = String(rc.address);
    const inner: Item[] = [];
    let accessArgument = false;
    const walk = (v: unknown, pointer: string, key: string, depth: number) => {
      if (depth > 20) return;
      const doc = policyIn(v);
      if (doc) {
        const st = doc.Statement;
        for (const j of (Array.isArray(st) ? st : [st]).keys())
          inner.push({
            file,
            pointer: Array.isArray(st) ? `${pointer}/Statement/${j}` : `${pointer}/Statement`,
            what: `${address}: statement ${j} of ${key}`,
            address,
          });
        return;
      }
      if (Array.isArray(v)) for (const [j, x] of v.entries()) walk(x, `${pointer}/${j}`, key, depth + 1);
      else if (isRecord(v))
        for (const [k, x] of Object.entries(v)) walk(x, `${pointer}/${esc(k)}`, k, depth + 1);
    };
    walk(after, `/resource_changes/${i}/change/after`, '', 0);
    for (const [k, x] of Object.entries(unknown))
      if (x === true && TF_POLICY_ARGUMENT.test(k)) accessArgument = true;
    if (TF_CREDENTIAL_TYPE.test(rc.type)) return;
    const membership =
      rc.type === 'aws_iam_group_membership' && typeof after.group === 'string' && Array.isArray(after.users)
        ? { membership: { group: after.group, users: after.users.filter((u) => typeof u === 'string') } }
        : {};
    if (TF_ACCESS_TYPE.test(rc.type) || inner.length || accessArgument)
      out.push({
        file,
        pointer: `/resource_changes/${i}`,
        what: `${address} (${rc.type})`,
        address,
        ...membership,
      });
    out.push(...inner);
  });
  return out;
}

/** Resource and module blocks of a configuration file (.tf or .tf.json), by address. */
function tfConfigItems(file: string): Item[] {
  const text = readFileSync(file, 'utf8');
  const out: Item[] = [];
  const add = (type: string, name: string) => {
    if (type === 'module') out.push({ file, pointer: '', what: `module.${name}`, address: `module.${name}` });
    else if (!TF_CREDENTIAL_TYPE.test(type) && (TF_ACCESS_TYPE.test(type) || /(^|_)polic(y|ies)$/.test(type)))
      out.push({ file, pointer: '', what: `${type}.${name}`, address: `${type}.${name}` });
  };
  if (file.endsWith('.json')) {
    const doc: unknown = JSON.parse(text);
    if (!isRecord(doc)) return out;
    if (isRecord(doc.resource))
      for (const [type, byName] of Object.entries(doc.resource))
        if (isRecord(byName)) for (const name of Object.keys(byName)) add(type, name);
    if (isRecord(doc.module)) for (const name of Object.keys(doc.module)) add('module', name);
    return out;
  }
  for (const m of text.matchAll(/^\s*resource\s+"([\w-]+)"\s+"([\w-]+)"/gm)) add(m[1]!, m[2]!);
  // Group memberships: the names of the group and users they refer to, from their blocks.
  const nameOf = (type: string, name: string) =>
    text.match(new RegExp(`resource\\s+"${type}"\\s+"${name}"\\s*\\{[^}]*?\\bname\\s*=\\s*"([^"]+)"`))?.[1];
  for (const item of out) {
    const block = item.address?.startsWith('aws_iam_group_membership.')
      ? text.match(
          new RegExp(
            `resource\\s+"aws_iam_group_membership"\\s+"${item.address.split('.')[1]}"\\s*\\{([\\s\\S]*?)\\n\\}`,
          ),
        )?.[1]
      : undefined;
    if (!block) continue;
    const group = block.match(/group\s*=\s*aws_iam_group\.([\w-]+)\.name/)?.[1];
    const users = [...block.matchAll(/aws_iam_user\.([\w-]+)\.name/g)].map((m) =>
      nameOf('aws_iam_user', m[1]!),
    );
    const groupName = group && nameOf('aws_iam_group', group);
    if (groupName && users.every((u) => u !== undefined))
      item.membership = { group: groupName, users: users as string[] };
  }
  for (const m of text.matchAll(/^\s*module\s+"([\w-]+)"/gm)) add('module', m[1]!);
  return out;
}

// ---------------------------------------------------------------------------------------
// The check

interface Tally {
  items: number;
  byHolder: Record<Holder, number>;
  /** A group membership (the model keeps memberships as the groups of each user, without a source). */
  membership?: { group: string; users: string[] };
  /** Behind a template condition that the inputs decide false (as CloudFormation would). */
  decidedAway: Item[];
  missing: Item[];
}

function account(model: Model, items: Item[]): Tally {
  const sources = new ModelSources(model);
  const tally: Tally = {
    items: items.length,
    byHolder: { element: 0, unknown: 0, finding: 0 },
    decidedAway: [],
    missing: [],
  };
  for (const item of items) {
    if (item.membership && memberships(model, item.membership)) {
      tally.byHolder.element++;
      continue;
    }
    const held =
      item.address && !item.pointer
        ? sources.accountAddress(item.address)
        : sources.account(item.file, item.pointer, item.logicalId);
    if (held) tally.byHolder[held]++;
    // A condition the adapter could not decide keeps both branches (maybe-present elements), with
    // a `cfn/unknown-condition` finding at the condition: an absent item behind conditions that
    // were all decided is removed as CloudFormation would (README, "conditions over defaults,
    // --parameter values or pseudo parameters: decided, as CloudFormation would").
    else if (item.conditions?.length && item.conditions.every((c) => decided(model, item.file, c)))
      tally.decidedAway.push(item);
    else tally.missing.push(item);
  }
  return tally;
}

/** True when the model says nothing of condition `name` of `file` being undecided. */
function decided(model: Model, file: string, name: string): boolean {
  return !model.findings.some(
    (f) =>
      f.code === 'cfn/unknown-condition' &&
      f.source?.file !== undefined &&
      resolve(f.source.file) === resolve(file) &&
      (f.source.pointer === `/Conditions/${esc(name)}` || f.message.includes(`condition ${name}`)),
  );
}

/** Every user a membership names is in the model with that group (known or maybe). */
function memberships(model: Model, m: { group: string; users: string[] }): boolean {
  const group = model.groups.find((g) => g.name === m.group);
  if (!group || !m.users.length) return false;
  return m.users.every((name) =>
    model.users.some(
      (u) =>
        u.name === name && (u.groups.includes(group.id) || u.maybeGroups.some((x) => x.group === group.id)),
    ),
  );
}

const line = (name: string, t: Tally) =>
  `${name}: ${t.items} access item(s): ${t.byHolder.element} known, ${t.byHolder.unknown} unknown, ${t.byHolder.finding} by a finding, ${t.decidedAway.length} removed by a decided condition, ${t.missing.length} missing`;

function check(files: string[], itemsOf: (f: string) => Item[], load: (f: string) => Model): number {
  const lines: string[] = [];
  const missing: string[] = [];
  let total = 0;
  for (const f of files) {
    const items = itemsOf(f);
    if (!items.length) continue;
    total += items.length;
    const t = account(load(f), items);
    lines.push(line(relative(CORPUS, f), t));
    for (const m of t.missing) missing.push(`${relative(CORPUS, m.file)}#${m.pointer} (${m.what})`);
  }
  console.log(lines.join('\n'));
  expect(missing, 'access items in no element, unknown value or finding').toEqual([]);
  return total;
}

describe('corpus accounting: nothing that grants or restricts access is dropped silently', () => {
  it('finds the corpus', () => {
    expect(present, `${CORPUS} is missing`).toBe(true);
  });

  it('CloudFormation and SAM templates: every access item is in the model', () => {
    const cfn = join(CORPUS, 'cfn');
    const files = filesUnder(cfn).filter(
      (f) => /\.(json|ya?ml|template)$/.test(f) && !/(manifest|tree|assets|\.assets)\.json$/.test(f),
    );
    expect(files.length).toBeGreaterThan(30);
    // Each file loaded on its own: a nested template is a template of its own too.
    expect(check(files, cfnItems, (f) => loadModelSync([f]))).toBeGreaterThan(300);
  });

  it('Terraform plans: every access resource instance and statement is in the model', () => {
    const files = filesUnder(join(CORPUS, 'tfplan')).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(24);
    expect(check(files, tfPlanItems, (f) => loadModelSync([f]))).toBeGreaterThan(100);
  });

  it('Terraform configurations: every access resource block and module call is in the model', () => {
    const files = filesUnder(join(CORPUS, 'tfconfig'));
    expect(files.length).toBeGreaterThanOrEqual(12);
    expect(check(files, tfConfigItems, (f) => loadModelSync([f]))).toBeGreaterThan(20);
  });
});
