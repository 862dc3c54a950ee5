// Synthetic organisations for the scale benchmarks (owned by H7): a seeded, deterministic
// generator that builds a Model with the ModelBuilder the way adapters do. Shapes follow real
// accounts: most identity policies name one or two services and a few specific resources (with
// action wildcards such as s3:Get*); a few principals hold broad AWS managed policies
// (AdministratorAccess, AmazonS3ReadOnlyAccess); some statements deny or carry conditions; a
// fraction of principals has a permissions boundary; roles trust services, users of the
// account or other accounts; a fraction of resources has a resource policy (some naming other
// accounts, some denying insecure transport to everybody); KMS keys have key policies.
//
// Sizes: `principals` = users + roles; `resources` = buckets, queues, topics, keys, functions and
// secrets; `policies` = identity policy documents (customer managed policies, boundary policies
// and inline policies). Trust policies (one per role) and resource policies come on top; see
// `GeneratedOrg.stats`.

import { ModelBuilder } from '../src/model/builder.js';
import type { Source } from '../src/model/source.js';
import { PLACEHOLDER_REGION } from '../src/model/stand-ins.js';
import type { Model, ResourceKind } from '../src/model/types.js';
import { parsePolicy } from '../src/policy/parse.js';
import type { PolicyKind } from '../src/policy/types.js';

export interface OrgSize {
  /** Users + roles (default 5,000). */
  principals?: number;
  /** Resources with an ARN the matrix covers (default 2,000). */
  resources?: number;
  /** Customer managed + boundary + inline identity policies (default 10,000). */
  policies?: number;
  /** Groups (default principals / 50, at least 2: an admins group and team groups). */
  groups?: number;
  /** PRNG seed (default 1). The same seed and sizes always give the same model. */
  seed?: number;
  /**
   * The main account (default `ORG_ACCOUNT`). `PLACEHOLDER_ACCOUNT` makes it the unstated
   * deploying account of inputs without `--account`: `decide` then looks at the worlds where it
   * is each account the organisation names (src/engine/account-worlds.ts).
   */
  mainAccount?: string;
  /**
   * Escalations reached only through other principals, added on top of `principals` (default 0:
   * none): for each, a user who may assume a role that may pass a role to new Lambda functions,
   * the passed role writing its own policy (user → assume → pass → escalation: the review's
   * pass-after-chain case, analysis/escalation-chains.ts), and a user who may run commands on an
   * EC2 instance whose role writes its own policy (user → ssm:SendCommand → escalation).
   */
  escalationChains?: number;
  /**
   * The main account's region is the stand-in of inputs given no region (`PLACEHOLDER_REGION`), and the second
   * account is in eu-west-1 (so `decide` also looks at the world where the stand-in is eu-west-1).
   */
  regionStandIn?: boolean;
}

export interface OrgStats {
  users: number;
  roles: number;
  groups: number;
  resources: number;
  managedPolicies: number;
  boundaryPolicies: number;
  inlinePolicies: number;
  trustPolicies: number;
  resourcePolicies: number;
  awsManagedAttachments: number;
  statements: number;
  accounts: number;
}

export interface GeneratedOrg {
  model: Model;
  stats: OrgStats;
}

export const DEFAULT_ORG_SIZE = { principals: 5_000, resources: 2_000, policies: 10_000 } as const;

/** The main account of generated organisations; a second model account holds ~10%. */
export const ORG_ACCOUNT = '111122223333';
export const ORG_SECOND_ACCOUNT = '444455556666';
/** Accounts outside the model, named in trust and resource policies. */
export const EXTERNAL_ACCOUNTS = ['999988887777', '123456789012', '210987654321'];
const DEFAULT_REGION = 'us-east-1';
/** The second account's region when the main account's is a stand-in (`OrgSize.regionStandIn`). */
const SECOND_REGION = 'eu-west-1';

/** mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type ServiceKind = Extract<
  ResourceKind,
  's3-bucket' | 'sqs-queue' | 'sns-topic' | 'kms-key' | 'lambda-function' | 'secretsmanager-secret'
>;

interface GenResource {
  kind: ServiceKind;
  arn: string;
  name: string;
  account: string;
  team: number;
}

/** Resource kinds with their share of the resources. */
const RESOURCE_MIX: [ServiceKind, number][] = [
  ['s3-bucket', 0.4],
  ['sqs-queue', 0.15],
  ['sns-topic', 0.15],
  ['kms-key', 0.1],
  ['lambda-function', 0.1],
  ['secretsmanager-secret', 0.1],
];

/** Specific actions and wildcard forms people write, per resource kind. */
const ACTIONS: Record<ServiceKind, { specific: string[]; wildcard: string[] }> = {
  's3-bucket': {
    specific: ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:DeleteObject', 's3:GetBucketLocation'],
    wildcard: ['s3:Get*', 's3:List*', 's3:Put*', 's3:*Object', 's3:*'],
  },
  'sqs-queue': {
    specific: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
    wildcard: ['sqs:Send*', 'sqs:Get*', 'sqs:*'],
  },
  'sns-topic': {
    specific: ['sns:Publish', 'sns:Subscribe', 'sns:GetTopicAttributes'],
    wildcard: ['sns:Get*', 'sns:*'],
  },
  'kms-key': {
    specific: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
    wildcard: ['kms:Generate*', 'kms:Describe*', 'kms:*'],
  },
  'lambda-function': {
    specific: ['lambda:InvokeFunction', 'lambda:GetFunction', 'lambda:UpdateFunctionCode'],
    wildcard: ['lambda:Get*', 'lambda:Invoke*', 'lambda:*'],
  },
  'secretsmanager-secret': {
    specific: [
      'secretsmanager:GetSecretValue',
      'secretsmanager:DescribeSecret',
      'secretsmanager:PutSecretValue',
    ],
    wildcard: ['secretsmanager:Get*', 'secretsmanager:Describe*', 'secretsmanager:*'],
  },
};

/** Actions without resource types that policies often grant on `*`. */
const STAR_ACTIONS = [
  ['ec2:Describe*'],
  ['cloudwatch:PutMetricData'],
  ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
  ['s3:ListAllMyBuckets'],
  ['sqs:ListQueues'],
  ['xray:PutTraceSegments'],
];

const TRUST_SERVICES = ['lambda.amazonaws.com', 'ec2.amazonaws.com', 'ecs-tasks.amazonaws.com'];

/** Resource ARN patterns a statement names for one resource (S3 adds the objects). */
function resourceArns(r: GenResource): string[] {
  return r.kind === 's3-bucket' ? [r.arn, `${r.arn}/*`] : [r.arn];
}

function resourceArn(
  kind: ServiceKind,
  account: string,
  name: string,
  index: number,
  region: string = DEFAULT_REGION,
): string {
  switch (kind) {
    case 's3-bucket':
      return `arn:aws:s3:::${name}`;
    case 'sqs-queue':
      return `arn:aws:sqs:${region}:${account}:${name}`;
    case 'sns-topic':
      return `arn:aws:sns:${region}:${account}:${name}`;
    case 'kms-key': {
      const hex = (index + 1).toString(16).padStart(12, '0');
      return `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-${hex}`;
    }
    case 'lambda-function':
      return `arn:aws:lambda:${region}:${account}:function:${name}`;
    case 'secretsmanager-secret':
      return `arn:aws:secretsmanager:${region}:${account}:secret:${name}-AbCdEf`;
  }
}

const resourcePrefix: Record<ServiceKind, string> = {
  's3-bucket': 'bucket',
  'sqs-queue': 'queue',
  'sns-topic': 'topic',
  'kms-key': 'key',
  'lambda-function': 'fn',
  'secretsmanager-secret': 'secret',
};

/** `f` computed once per team and account (for lists that no longer change when it is called). */
function byTeamAndAccount<T>(f: (team: number, account: string) => T): (team: number, account: string) => T {
  const done = new Map<string, T>();
  return (team, account) => {
    const key = `${team}|${account}`;
    let v = done.get(key);
    if (v === undefined) {
      v = f(team, account);
      done.set(key, v);
    }
    return v;
  };
}

/** Builds a synthetic organisation (see the module comment for its shapes). */
export function generateOrg(size: OrgSize = {}): GeneratedOrg {
  const principals = size.principals ?? DEFAULT_ORG_SIZE.principals;
  const resourceCount = size.resources ?? DEFAULT_ORG_SIZE.resources;
  const policyBudget = size.policies ?? DEFAULT_ORG_SIZE.policies;
  const groupCount = Math.max(2, size.groups ?? Math.round(principals / 50));
  const random = rng(size.seed ?? 1);
  const mainAccount = size.mainAccount ?? ORG_ACCOUNT;
  // The main account's region (written as `${AWS::Region}` resolves it): the stand-in when none is given.
  const REGION = size.regionStandIn ? PLACEHOLDER_REGION : DEFAULT_REGION;
  const regionOf = (account: string) =>
    size.regionStandIn && account === ORG_SECOND_ACCOUNT ? SECOND_REGION : REGION;
  const int = (n: number) => Math.floor(random() * n);
  const chance = (p: number) => random() < p;
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const pickSome = <T>(xs: readonly T[], n: number): T[] => {
    const out: T[] = [];
    for (let i = 0; i < n && out.length < xs.length; i++) {
      const x = pick(xs);
      if (!out.includes(x)) out.push(x);
    }
    return out;
  };

  const b = new ModelBuilder();
  b.addAccount(mainAccount, REGION);
  b.addAccount(ORG_SECOND_ACCOUNT, regionOf(ORG_SECOND_ACCOUNT));
  if (size.regionStandIn) b.markRegionStandIn(mainAccount);
  const file = 'generated-org.json';
  const src = (logicalId: string): Source => ({ file, logicalId });
  const doc = (kind: PolicyKind, value: unknown, name: string) =>
    parsePolicy(value, { kind, source: { file, pointer: `/${name}` } });
  const stats: OrgStats = {
    users: 0,
    roles: 0,
    groups: 0,
    resources: 0,
    managedPolicies: 0,
    boundaryPolicies: 0,
    inlinePolicies: 0,
    trustPolicies: 0,
    resourcePolicies: 0,
    awsManagedAttachments: 0,
    statements: 0,
    accounts: 2,
  };
  const teams = Math.max(1, Math.round(principals / 100));
  const accountOf = (i: number) => (i % 10 === 9 ? ORG_SECOND_ACCOUNT : mainAccount);

  // Resources, spread over teams; the resource policies come after the principals exist.
  const resources: GenResource[] = [];
  const byKind = new Map<ServiceKind, GenResource[]>();
  const byTeam = new Map<number, GenResource[]>();
  let kindIndex = 0;
  let kindLeft = Math.round(resourceCount * RESOURCE_MIX[0]![1]);
  for (let i = 0; i < resourceCount; i++) {
    while (kindLeft <= 0 && kindIndex < RESOURCE_MIX.length - 1) {
      kindIndex++;
      kindLeft = Math.round(resourceCount * RESOURCE_MIX[kindIndex]![1]);
    }
    kindLeft--;
    const kind = RESOURCE_MIX[kindIndex]![0];
    const team = int(teams);
    const account = accountOf(i);
    const name = `team${team}-${resourcePrefix[kind]}-${i}`;
    const r: GenResource = {
      kind,
      arn: resourceArn(kind, account, name, i, regionOf(account)),
      name,
      account,
      team,
    };
    resources.push(r);
    if (!byKind.has(kind)) byKind.set(kind, []);
    byKind.get(kind)!.push(r);
    if (!byTeam.has(team)) byTeam.set(team, []);
    byTeam.get(team)!.push(r);
  }

  // One identity statement: mostly a service's actions on a few resources of the team.
  const identityStatement = (team: number): object => {
    if (chance(0.1)) {
      return { Effect: 'Allow', Action: pick(STAR_ACTIONS), Resource: '*' };
    }
    const teamResources = byTeam.get(team) ?? resources;
    const anchor = teamResources.length > 0 && chance(0.85) ? pick(teamResources) : pick(resources);
    if (!anchor) return { Effect: 'Allow', Action: pick(STAR_ACTIONS), Resource: '*' };
    const sameKind = (teamResources.length > 0 ? teamResources : resources).filter(
      (r) => r.kind === anchor.kind,
    );
    const targets = [anchor, ...pickSome(sameKind, int(3))].filter((r, i, a) => a.indexOf(r) === i);
    const actions = ACTIONS[anchor.kind];
    const action = chance(0.35) ? [pick(actions.wildcard)] : pickSome(actions.specific, 1 + int(3));
    let resource: string | string[] = targets.flatMap(resourceArns);
    if (chance(0.05)) {
      // A name-prefix wildcard over the team's resources of the kind.
      const prefix = `team${team}-${resourcePrefix[anchor.kind]}-*`;
      const region = regionOf(anchor.account);
      resource = resourceArns({
        ...anchor,
        arn: resourceArn(anchor.kind, anchor.account, prefix, 0, region),
      });
      if (anchor.kind === 'kms-key') resource = [`arn:aws:kms:${region}:${anchor.account}:key/*`];
    }
    const deny = chance(0.08);
    const s: Record<string, unknown> = {
      Effect: deny ? 'Deny' : 'Allow',
      Action: action.length === 1 ? action[0] : action,
      Resource: resource,
    };
    if (chance(0.15)) s.Condition = identityCondition(deny, team);
    return s;
  };
  const identityCondition = (deny: boolean, team: number): object => {
    switch (int(5)) {
      case 0:
        return deny
          ? { Bool: { 'aws:SecureTransport': 'false' } }
          : { Bool: { 'aws:SecureTransport': 'true' } };
      case 1:
        return { [deny ? 'NotIpAddress' : 'IpAddress']: { 'aws:SourceIp': ['10.0.0.0/8', '192.0.2.0/24'] } };
      case 2:
        return { StringEquals: { 'aws:PrincipalTag/team': `team${team}` } };
      case 3:
        return { [deny ? 'StringNotEquals' : 'StringEquals']: { 'aws:RequestedRegion': REGION } };
      default:
        return { StringEquals: { 'aws:ResourceTag/team': `team${team}` } };
    }
  };
  const identityDocument = (team: number): object => {
    const n = 1 + int(3) + (chance(0.1) ? 2 : 0);
    const Statement: object[] = [];
    for (let i = 0; i < n; i++) Statement.push(identityStatement(team));
    stats.statements += n;
    return { Version: '2012-10-17', Statement };
  };

  // Policy budget: 10% boundaries (few distinct documents, reused), 35% customer managed,
  // the rest inline.
  const boundaryCount = Math.min(Math.max(1, Math.round(policyBudget * 0.002)), policyBudget);
  const managedCount = Math.round((policyBudget - boundaryCount) * 0.35);
  const inlineCount = Math.max(0, policyBudget - boundaryCount - managedCount);

  const boundaries: string[] = [];
  for (let i = 0; i < boundaryCount; i++) {
    const name = `Boundary${i}`;
    const services = pickSome(
      RESOURCE_MIX.map(([k]) => k),
      2 + int(3),
    );
    const Statement: object[] = [
      { Effect: 'Allow', Action: services.map((k) => ACTIONS[k].wildcard.at(-1)!), Resource: '*' },
      ...STAR_ACTIONS.slice(0, 3).map((a) => ({ Effect: 'Allow', Action: a, Resource: '*' })),
      { Effect: 'Deny', Action: ['iam:*', 'organizations:*'], Resource: '*' },
    ];
    stats.statements += Statement.length;
    boundaries.push(
      b.addManagedPolicy({
        name,
        account: mainAccount,
        path: '/boundaries/',
        document: doc('boundary', { Version: '2012-10-17', Statement }, name),
        source: src(name),
      }),
    );
    stats.boundaryPolicies++;
  }
  const managed: { arn: string; team: number }[] = [];
  for (let i = 0; i < managedCount; i++) {
    const team = int(teams);
    const name = `Team${team}Policy${i}`;
    const account = accountOf(i);
    managed.push({
      arn: b.addManagedPolicy({
        name,
        account,
        document: doc('identity', identityDocument(team), name),
        source: src(name),
      }),
      team,
    });
    stats.managedPolicies++;
  }
  // (Each lookup below is computed once per team and account: the lists are complete by then.)
  const managedOfTeam = byTeamAndAccount((team, account) => {
    const own = managed.filter((m) => m.team === team && m.arn.includes(`::${account}:`));
    return own.length > 0 ? own : managed.filter((m) => m.arn.includes(`::${account}:`));
  });

  // Groups: group-0 is the admins group (AdministratorAccess, a handful of members); the others
  // belong to teams, with team managed policies.
  const groups: { id: string; team: number; account: string; label: string }[] = [];
  let admins: string | undefined;
  for (let i = 0; i < groupCount; i++) {
    const label = `Group${i}`;
    if (i === 0) {
      admins = b.addGroup({ name: 'admins', account: mainAccount, source: src(label) });
      stats.groups++;
      b.attachManagedPolicy(admins, {
        policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
        source: src(label),
      });
      stats.awsManagedAttachments++;
      continue;
    }
    const team = i % teams;
    // Every 10th group, and the last one, belongs to the second account.
    const account = i === groupCount - 1 ? ORG_SECOND_ACCOUNT : accountOf(i);
    const id = b.addGroup({ name: `group-${i}`, account, source: src(label) });
    groups.push({ id, team, account, label });
    stats.groups++;
    const pool = managedOfTeam(team, account);
    for (const m of pickSome(pool, 1 + int(2)))
      b.attachManagedPolicy(id, { policyArn: m.arn, source: src(label) });
  }

  // Principals: 60% users, 40% roles.
  const userCount = Math.round(principals * 0.6);
  const roleCount = principals - userCount;
  const inlineTargets: { id: string; team: number; label: string }[] = [];
  const users: { id: string; account: string; team: number }[] = [];
  const attachBroad = (id: string, label: string) => {
    const r = random();
    if (r < 0.005) {
      b.attachManagedPolicy(id, {
        policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
        source: src(label),
      });
      stats.awsManagedAttachments++;
    } else if (r < 0.03) {
      b.attachManagedPolicy(id, {
        policyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
        source: src(label),
      });
      stats.awsManagedAttachments++;
    }
  };
  const attachTeamPolicies = (id: string, team: number, account: string, label: string) => {
    const pool = managedOfTeam(team, account);
    for (const m of pickSome(pool, int(3)))
      b.attachManagedPolicy(id, { policyArn: m.arn, source: src(label) });
    if (boundaries.length > 0 && account === mainAccount && chance(0.1)) {
      b.setPermissionsBoundary(id, { policyArn: pick(boundaries), source: src(label) });
    }
    attachBroad(id, label);
  };
  for (let i = 0; i < userCount; i++) {
    const team = int(teams);
    const account = accountOf(i);
    const label = `User${i}`;
    const id = b.addUser({ name: `user-${i}`, account, source: src(label), tags: { team: `team${team}` } });
    users.push({ id, account, team });
    stats.users++;
    const sameAccountGroups = groups.filter(
      (g) => g.account === account && (g.team === team || chance(0.02)),
    );
    const candidates =
      sameAccountGroups.length > 0 ? sameAccountGroups : groups.filter((g) => g.account === account);
    for (const g of pickSome(candidates, 1 + int(2))) b.addUserToGroup(id, g.id, src(label));
    if (admins && account === mainAccount && (i === 0 || chance(0.005)))
      b.addUserToGroup(id, admins, src(label));
    attachTeamPolicies(id, team, account, label);
    inlineTargets.push({ id, team, label });
  }
  // Trust policies name users (all created by now) of the role's team.
  const usersOfTeam = byTeamAndAccount((team, account) =>
    users.filter((u) => u.account === account && u.team === team),
  );
  const roles: { id: string; account: string; team: number }[] = [];
  for (let i = 0; i < roleCount; i++) {
    const team = int(teams);
    const account = accountOf(i);
    const label = `Role${i}`;
    const trust = trustDocument(account, team);
    const id = b.addRole({
      name: `role-${i}`,
      account,
      source: src(label),
      tags: { team: `team${team}` },
      trustPolicy: doc('trust', trust, `${label}Trust`),
    });
    roles.push({ id, account, team });
    stats.roles++;
    stats.trustPolicies++;
    attachTeamPolicies(id, team, account, label);
    inlineTargets.push({ id, team, label });
  }
  function trustDocument(account: string, team: number): object {
    const r = random();
    let statement: Record<string, unknown>;
    if (r < 0.5) {
      statement = { Effect: 'Allow', Principal: { Service: pick(TRUST_SERVICES) }, Action: 'sts:AssumeRole' };
    } else if (r < 0.8 && users.length > 0) {
      const sameAccount = usersOfTeam(team, account);
      const who = pickSome(sameAccount.length > 0 ? sameAccount : users, 1 + int(3)).map((u) => u.id);
      statement = {
        Effect: 'Allow',
        Principal: { AWS: who.length === 1 ? who[0] : who },
        Action: 'sts:AssumeRole',
      };
    } else if (r < 0.9) {
      statement = {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:PrincipalTag/team': `team${team}` } },
      };
    } else {
      // Cross-account: another account's root, with an external id.
      statement = {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${pick(EXTERNAL_ACCOUNTS)}:root` },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': `ext-${team}` } },
      };
    }
    stats.statements++;
    return { Version: '2012-10-17', Statement: [statement] };
  }

  // Inline policies: spread over principals (and a few on groups), more on some than others.
  for (let i = 0; i < inlineCount; i++) {
    const onGroup = groups.length > 0 && chance(0.05);
    const target = onGroup
      ? pick(groups)
      : i < inlineTargets.length
        ? inlineTargets[i]!
        : pick(inlineTargets);
    if (!target) break;
    const name = `inline-${i}`;
    b.addInlinePolicy(target.id, {
      name,
      source: src(target.label),
      document: doc('identity', identityDocument(target.team), `${target.label}/${name}`),
    });
    stats.inlinePolicies++;
  }

  // Resources with their policies.
  const principalsOfTeam = byTeamAndAccount((team, account) => {
    const sameTeam = [...users, ...roles].filter((p) => p.team === team && p.account === account);
    return sameTeam.length > 0 ? sameTeam : [...users, ...roles].filter((p) => p.account === account);
  });
  for (const r of resources) {
    const label = r.name;
    let policy: object | undefined;
    if (r.kind === 'kms-key') {
      // The default key policy: the account's IAM policies decide; plus key users at times.
      const Statement: object[] = [
        {
          Sid: 'EnableIamUserPermissions',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${r.account}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
      ];
      if (chance(0.3)) {
        const who = pickSome(principalsOfTeam(r.team, r.account), 1 + int(2)).map((p) => p.id);
        if (who.length > 0)
          Statement.push({
            Sid: 'KeyUsers',
            Effect: 'Allow',
            Principal: { AWS: who },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Resource: '*',
          });
      }
      policy = { Version: '2012-10-17', Statement };
    } else if (chance(0.3)) {
      const Statement: object[] = [];
      const arns = resourceArns(r);
      const actions = ACTIONS[r.kind];
      const kindOfGrant = random();
      if (kindOfGrant < 0.5) {
        const who = pickSome(principalsOfTeam(r.team, r.account), 1 + int(3)).map((p) => p.id);
        Statement.push({
          Sid: 'TeamAccess',
          Effect: 'Allow',
          Principal: { AWS: who.length === 1 ? who[0] : who },
          Action: pickSome(actions.specific, 1 + int(2)),
          Resource: arns,
        });
      } else if (kindOfGrant < 0.8) {
        Statement.push({
          Sid: 'CrossAccount',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${pick(EXTERNAL_ACCOUNTS)}:root` },
          Action: pickSome(actions.specific, 1 + int(2)),
          Resource: arns,
        });
      } else if (r.kind === 'lambda-function' || r.kind === 'sqs-queue' || r.kind === 'sns-topic') {
        Statement.push({
          Sid: 'ServiceAccess',
          Effect: 'Allow',
          Principal: { Service: r.kind === 'lambda-function' ? 's3.amazonaws.com' : 'sns.amazonaws.com' },
          Action: r.kind === 'lambda-function' ? 'lambda:InvokeFunction' : actions.specific[0],
          Resource: r.arn,
          Condition: { StringEquals: { 'aws:SourceAccount': r.account } },
        });
      } else {
        Statement.push({
          Sid: 'OrgRead',
          Effect: 'Allow',
          Principal: '*',
          Action: actions.specific[0],
          Resource: arns,
          Condition: { StringEquals: { 'aws:PrincipalAccount': [mainAccount, ORG_SECOND_ACCOUNT] } },
        });
      }
      if (chance(0.4)) {
        Statement.push({
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: `${actions.specific[0]!.split(':')[0]}:*`,
          Resource: arns,
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        });
      }
      policy = { Version: '2012-10-17', Statement };
    }
    if (policy) {
      stats.resourcePolicies++;
      stats.statements += (policy as { Statement: object[] }).Statement.length;
    }
    b.addResource({
      kind: r.kind,
      arn: r.arn,
      name: r.name,
      account: r.account,
      region: regionOf(r.account),
      tags: { team: `team${r.team}` },
      source: src(label),
      policy: policy ? doc('resource', policy, `${label}/policy`) : undefined,
      // Its buckets have ABAC enabled, so S3 evaluates the aws:ResourceTag/team conditions the
      // org's policies write on them (src/aws/s3-abac.ts).
      // Its buckets write no default encryption, so, as an adapter reads them, they are under
      // SSE-S3 and no KMS key (src/aws/encryption-key-requirement.ts: a key the inputs do not
      // record is unknown).
      ...(r.kind === 's3-bucket' ? { s3Abac: 'enabled' as const, kmsKeyId: null } : {}),
    });
    stats.resources++;
  }

  // Escalations through other principals (`escalationChains`), in the main account.
  const iamArn = (kind: string, name: string) => `arn:aws:iam::${mainAccount}:${kind}/${name}`;
  const inline = (id: string, label: string, statements: object[]) => {
    b.addInlinePolicy(id, {
      name: `${label}-policy`,
      source: src(label),
      document: doc('identity', { Version: '2012-10-17', Statement: statements }, `${label}/policy`),
    });
    stats.inlinePolicies++;
    stats.statements += statements.length;
  };
  const allowOn = (Action: string, Resource: string) => ({ Effect: 'Allow', Action, Resource });
  const serviceTrust = (Service: string, label: string) =>
    doc(
      'trust',
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service }, Action: 'sts:AssumeRole' }],
      },
      label,
    );
  for (let i = 0; i < (size.escalationChains ?? 0); i++) {
    const user = b.addUser({ name: `chain-user-${i}`, account: mainAccount, source: src(`ChainUser${i}`) });
    inline(user, `ChainUser${i}`, [allowOn('sts:AssumeRole', iamArn('role', `chain-deployer-${i}`))]);
    const deployer = b.addRole({
      name: `chain-deployer-${i}`,
      account: mainAccount,
      source: src(`ChainDeployer${i}`),
      trustPolicy: doc(
        'trust',
        {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: iamArn('user', `chain-user-${i}`) },
              Action: 'sts:AssumeRole',
            },
          ],
        },
        `ChainDeployer${i}Trust`,
      ),
    });
    inline(deployer, `ChainDeployer${i}`, [
      allowOn('iam:PassRole', iamArn('role', `chain-fn-role-${i}`)),
      allowOn('lambda:CreateFunction', '*'),
    ]);
    const fnRole = b.addRole({
      name: `chain-fn-role-${i}`,
      account: mainAccount,
      source: src(`ChainFnRole${i}`),
      trustPolicy: serviceTrust('lambda.amazonaws.com', `ChainFnRole${i}Trust`),
    });
    inline(fnRole, `ChainFnRole${i}`, [allowOn('iam:PutRolePolicy', iamArn('role', `chain-fn-role-${i}`))]);
    const operator = b.addUser({
      name: `chain-operator-${i}`,
      account: mainAccount,
      source: src(`ChainOperator${i}`),
    });
    inline(operator, `ChainOperator${i}`, [allowOn('ssm:SendCommand', '*')]);
    const hostRole = b.addRole({
      name: `chain-host-role-${i}`,
      account: mainAccount,
      source: src(`ChainHostRole${i}`),
      trustPolicy: serviceTrust('ec2.amazonaws.com', `ChainHostRole${i}Trust`),
    });
    inline(hostRole, `ChainHostRole${i}`, [
      allowOn('iam:PutRolePolicy', iamArn('role', `chain-host-role-${i}`)),
    ]);
    b.addInstanceProfile(hostRole, {
      name: `chain-host-${i}`,
      arn: iamArn('instance-profile', `chain-host-${i}`),
      source: src(`ChainHostProfile${i}`),
      usedBy: [{ kind: 'EC2 instance', name: `ChainHost${i}`, source: src(`ChainHost${i}`) }],
    });
    stats.users += 2;
    stats.roles += 3;
    stats.trustPolicies += 3;
  }

  return { model: b.build(), stats };
}
