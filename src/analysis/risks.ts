// The access review's risk summary: grants reviewers worry about, each with the statements that
// cause it. Owns `reviewRisks`. Findings:
// - admin-equivalent: a principal allowed, unconditionally, a set of probe requests across
//   services (IAM, S3, EC2, KMS, DynamoDB, Lambda, CloudTrail) on resources it was never given
//   by name (what `"Action": "*", "Resource": "*"`, e.g. AdministratorAccess, grants);
// - wildcard-action / wildcard-resource: Allow statements of a principal's identity policies
//   with `*` in Action (or NotAction) / Resource `*` (or NotResource);
// - public-access: a resource (or role trust) policy that lets anyone in (anonymous callers or an
//   unnamed account, as `"Principal": "*"` does) without a condition that limits it;
// - cross-account-access: resource or trust policies that let principals of an account outside
//   the model in;
// - passrole-wildcard: iam:PassRole on any role of the account (Resource `*`);
// - privilege-escalation: permissions that let a principal raise its own privileges, following
//   the escalation methods catalogued by Rhino Security Labs, "AWS IAM Privilege Escalation –
//   Methods and Mitigation" (https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/):
//   rewriting or attaching its own policies, joining groups, taking over other users' keys or
//   passwords, rewriting trust policies, and passing a role to new compute it controls
//   (EC2, Lambda, Glue, CloudFormation, Data Pipeline).
// Every finding comes from engine decisions under a free request context (the statements are
// the decisions' grants), so Deny statements, boundaries, SCPs and RCPs are taken into account.

import type { Engine } from '../engine/engine.js';
import { PolicySets } from '../engine/policy-sets.js';
import type { Request } from '../engine/types.js';
import { parseArn } from '../model/arns.js';
import type { Role, User } from '../model/types.js';
import { isUnknown } from '../model/unknown.js';
import { accessRank, mergeStatementRefs, trustedServices } from './chains.js';
import { decideAnyContext } from './free-decision.js';
import { buildMatrix } from './matrix.js';
import { candidatePrincipals, UNNAMED_ACCOUNT } from './principals.js';
import type { Access, FreeDecision, Matrix, RiskFinding, StatementRef } from './types.js';

/** Resource names no model element has: "a resource it was never given by name". */
const ANY = 'iamspec-any';

interface Probe {
  action: string;
  resource: string;
}

/** The admin probes for a principal of `account` (see the module comment). */
export function adminProbes(partition: string, account: string, region: string): Probe[] {
  const a = `arn:${partition}`;
  return [
    { action: 'iam:CreateUser', resource: `${a}:iam::${account}:user/${ANY}-user` },
    { action: 'iam:AttachRolePolicy', resource: `${a}:iam::${account}:role/${ANY}-role` },
    { action: 'iam:PutUserPolicy', resource: `${a}:iam::${account}:user/${ANY}-user` },
    { action: 's3:GetObject', resource: `${a}:s3:::${ANY}-bucket/${ANY}-object` },
    { action: 's3:PutBucketPolicy', resource: `${a}:s3:::${ANY}-bucket` },
    { action: 'ec2:TerminateInstances', resource: `${a}:ec2:${region}:${account}:instance/i-0${ANY}` },
    { action: 'kms:Decrypt', resource: `${a}:kms:${region}:${account}:key/${ANY}-key` },
    { action: 'dynamodb:DeleteTable', resource: `${a}:dynamodb:${region}:${account}:table/${ANY}-table` },
    { action: 'lambda:UpdateFunctionCode', resource: `${a}:lambda:${region}:${account}:function:${ANY}-fn` },
    { action: 'cloudtrail:StopLogging', resource: `${a}:cloudtrail:${region}:${account}:trail/${ANY}-trail` },
  ];
}

export interface ReviewOptions {
  /** Longest list of actions or targets a message names before "and N more" (default 6). */
  listLimit?: number;
}

/**
 * Reviews the model behind `engine`. With `matrix`, principal findings (admin-equivalent,
 * wildcards, PassRole, escalation) cover the matrix's user and role rows; without, every model
 * user and role. Resource findings (public, cross-account) cover every model resource and role.
 * Order: by kind as listed in the module comment, then by subject as the model lists it.
 */
export function reviewRisks(engine: Engine, matrix?: Matrix, options: ReviewOptions = {}): RiskFinding[] {
  const model = engine.model;
  const limit = options.listLimit ?? 6;
  const users = new Map(model.users.map((u) => [u.arn, u]));
  const roles = new Map(model.roles.map((r) => [r.arn, r]));
  const subjects: (User | Role)[] = matrix
    ? matrix.principals
        .map((p) => users.get(p.arn) ?? roles.get(p.arn))
        .filter((x): x is User | Role => x !== undefined)
    : [...model.users, ...model.roles];
  const region = (account: string) =>
    model.accounts.find((a) => a.id === account)?.region ??
    model.accounts.find((a) => a.region)?.region ??
    'us-east-1';
  const sets = new PolicySets(model);

  const admin: RiskFinding[] = [];
  const wildcardAction: RiskFinding[] = [];
  const wildcardResource: RiskFinding[] = [];
  const passRole: RiskFinding[] = [];
  const escalation: RiskFinding[] = [];
  const admins = new Set<string>();

  for (const p of subjects) {
    const label = `${p.kind} ${p.name}`;
    // Admin-equivalent.
    const probes = adminProbes(model.partition, p.account, region(p.account)).map((probe) =>
      decideAnyContext(engine, { principal: p.arn, ...probe }),
    );
    const access = worst(probes.map((d) => d.access));
    if (access === 'allow' || access === 'conditional') {
      admins.add(p.arn);
      admin.push({
        kind: 'admin-equivalent',
        severity: access === 'allow' ? 'high' : 'medium',
        subject: p.arn,
        message:
          access === 'allow'
            ? `${label} is administrator-equivalent: it may perform any action on any resource (IAM, S3, EC2, KMS, DynamoDB, Lambda and CloudTrail probes on resources it was never given by name are all allowed)`
            : `${label} is administrator-equivalent under conditions: ${unique(probes.flatMap((d) => d.conditions)).join('; ')}`,
        statements: mergeStatementRefs(...probes.map((d) => d.grants)),
      });
    }

    // Wildcards in the principal's identity policies.
    const actionHits: { ref: StatementRef; text: string; severity: RiskFinding['severity'] }[] = [];
    const resourceHits: { ref: StatementRef; text: string }[] = [];
    for (const pol of sets.identityOf(p).policies) {
      for (const st of pol.statements) {
        if (st.effect !== 'Allow') continue;
        const s = st.statement;
        const ref: StatementRef = {
          stage: 'identity',
          policy: pol.name,
          statement: st.label,
          effect: 'Allow',
          source: st.source,
        };
        const actions = (s.action?.values ?? []).filter((v): v is string => typeof v === 'string');
        if (s.notAction)
          actionHits.push({ ref, text: `NotAction in ${pol.name} ${st.label}`, severity: 'high' });
        else {
          const wild = actions.filter((v) => v.includes('*') || v.includes('?'));
          if (wild.length) {
            const severity = wild.includes('*')
              ? 'high'
              : wild.some((v) => /:\*$/.test(v))
                ? 'medium'
                : 'low';
            actionHits.push({
              ref,
              text: `${wild.map((v) => `"${v}"`).join(', ')} in ${pol.name} ${st.label}`,
              severity,
            });
          }
        }
        if (s.notResource) resourceHits.push({ ref, text: `NotResource in ${pol.name} ${st.label}` });
        else if (s.resource?.values.some((v) => v === '*'))
          resourceHits.push({ ref, text: `Resource "*" in ${pol.name} ${st.label}` });
      }
    }
    if (actionHits.length)
      wildcardAction.push({
        kind: 'wildcard-action',
        severity: maxSeverity(actionHits.map((h) => h.severity)),
        subject: p.arn,
        message: `${label} is allowed wildcard actions: ${listed(
          actionHits.map((h) => h.text),
          limit,
        )}`,
        statements: mergeStatementRefs(actionHits.map((h) => h.ref)),
      });
    if (resourceHits.length)
      wildcardResource.push({
        kind: 'wildcard-resource',
        severity: 'medium',
        subject: p.arn,
        message: `${label} has Allow statements on every resource: ${listed(
          resourceHits.map((h) => h.text),
          limit,
        )}`,
        statements: mergeStatementRefs(resourceHits.map((h) => h.ref)),
      });

    if (admins.has(p.arn)) continue; // everything below is implied by administrator access

    // iam:PassRole on any role.
    const pass = decideAnyContext(engine, {
      principal: p.arn,
      action: 'iam:PassRole',
      resource: `arn:${model.partition}:iam::${p.account}:role/${ANY}-role`,
    });
    if (pass.access !== 'deny')
      passRole.push({
        kind: 'passrole-wildcard',
        severity: pass.access === 'allow' ? 'high' : 'medium',
        subject: p.arn,
        message: `${label} may pass any role of account ${p.account} to a service (iam:PassRole on every role)${conditionText(pass)}`,
        statements: pass.grants,
      });

    escalation.push(...escalationsOf(engine, sets, p, region(p.account), limit));
  }

  const resourceFindings = externalAccess(engine, limit);
  return [
    ...admin,
    ...wildcardAction,
    ...wildcardResource,
    ...resourceFindings.public,
    ...resourceFindings.crossAccount,
    ...passRole,
    ...escalation,
  ];
}

// ---------------------------------------------------------------------------------------
// Privilege escalation

interface Step {
  action: string;
  resource: string;
}

interface Method {
  /** Rhino Security Labs method number(s). */
  rhino: string;
  describe: string;
  /** Alternatives (e.g. one per target); the method holds when every step of one holds. */
  alternatives: { target: string; steps: Step[] }[];
  severity: RiskFinding['severity'];
}

function escalationsOf(
  engine: Engine,
  sets: PolicySets,
  p: User | Role,
  region: string,
  limit: number,
): RiskFinding[] {
  const model = engine.model;
  const part = model.partition;
  const acct = p.account;
  const label = `${p.kind} ${p.name}`;
  // Prefilter: the actions some identity Allow statement of the principal could match (IAM users,
  // groups, policies and new compute have no resource-based policies, so without such a
  // statement the step is denied).
  const identity = sets.identityOf(p);
  const unknownPolicies = identity.policies.some((pol) => !!pol.unknown);
  const allows = identity.policies.flatMap((pol) => pol.statements.filter((st) => st.effect !== 'Deny'));
  const mayAllow = (action: string) => {
    if (unknownPolicies) return true;
    const lower = action.toLowerCase();
    return allows.some((st) => st.matchAction(lower) !== 0);
  };

  const groupsOfUser = p.kind === 'user' ? p.groups : [];
  const attachedCustomer = new Set<string>();
  const attachments = [
    ...p.managedPolicies,
    ...(p.kind === 'user'
      ? groupsOfUser.flatMap((g) => model.groups.find((x) => x.id === g)?.managedPolicies ?? [])
      : []),
  ];
  for (const a of attachments)
    if (!isUnknown(a.policyArn) && model.policies.some((mp) => mp.arn === a.policyArn))
      attachedCustomer.add(a.policyArn);
  const otherUsers = model.users.filter((u) => u.arn !== p.arn);
  const otherRoles = model.roles.filter((r) => r.arn !== p.arn);
  const groupArn = (id: string) => model.groups.find((g) => g.id === id)?.arn ?? id;
  const rolesTrusting = (service: string) => otherRoles.filter((r) => trustedServices(r).includes(service));
  const newInstance = `arn:${part}:ec2:${region}:${acct}:instance/i-0${ANY}`;
  const newFunction = `arn:${part}:lambda:${region}:${acct}:function:${ANY}-fn`;

  const methods: Method[] = [
    {
      rhino: '1',
      describe:
        'create a new default version of a managed policy attached to itself (iam:CreatePolicyVersion)',
      alternatives: [...attachedCustomer].map((arn) => ({
        target: arn,
        steps: [{ action: 'iam:CreatePolicyVersion', resource: arn }],
      })),
      severity: 'high',
    },
    {
      rhino: '2',
      describe:
        'switch the default version of a managed policy attached to itself (iam:SetDefaultPolicyVersion)',
      alternatives: [...attachedCustomer].map((arn) => ({
        target: arn,
        steps: [{ action: 'iam:SetDefaultPolicyVersion', resource: arn }],
      })),
      severity: 'medium',
    },
    ...(p.kind === 'user'
      ? [
          {
            rhino: '7',
            describe: 'attach any managed policy to itself (iam:AttachUserPolicy)',
            alternatives: [{ target: p.arn, steps: [{ action: 'iam:AttachUserPolicy', resource: p.arn }] }],
            severity: 'high' as const,
          },
          {
            rhino: '10',
            describe: 'write an inline policy on itself (iam:PutUserPolicy)',
            alternatives: [{ target: p.arn, steps: [{ action: 'iam:PutUserPolicy', resource: p.arn }] }],
            severity: 'high' as const,
          },
          {
            rhino: '8',
            describe: 'attach any managed policy to a group it is in (iam:AttachGroupPolicy)',
            alternatives: groupsOfUser.map((g) => ({
              target: groupArn(g),
              steps: [{ action: 'iam:AttachGroupPolicy', resource: groupArn(g) }],
            })),
            severity: 'high' as const,
          },
          {
            rhino: '11',
            describe: 'write an inline policy on a group it is in (iam:PutGroupPolicy)',
            alternatives: groupsOfUser.map((g) => ({
              target: groupArn(g),
              steps: [{ action: 'iam:PutGroupPolicy', resource: groupArn(g) }],
            })),
            severity: 'high' as const,
          },
          {
            rhino: '13',
            describe: 'add itself to another group (iam:AddUserToGroup)',
            alternatives: model.groups
              .filter((g) => !groupsOfUser.includes(g.id))
              .map((g) => ({ target: g.arn, steps: [{ action: 'iam:AddUserToGroup', resource: g.arn }] })),
            severity: 'high' as const,
          },
        ]
      : [
          {
            rhino: '9',
            describe: 'attach any managed policy to its own role (iam:AttachRolePolicy)',
            alternatives: [{ target: p.arn, steps: [{ action: 'iam:AttachRolePolicy', resource: p.arn }] }],
            severity: 'high' as const,
          },
          {
            rhino: '12',
            describe: 'write an inline policy on its own role (iam:PutRolePolicy)',
            alternatives: [{ target: p.arn, steps: [{ action: 'iam:PutRolePolicy', resource: p.arn }] }],
            severity: 'high' as const,
          },
        ]),
    {
      rhino: '4',
      describe: 'create access keys for other users and act as them (iam:CreateAccessKey)',
      alternatives: otherUsers.map((u) => ({
        target: u.arn,
        steps: [{ action: 'iam:CreateAccessKey', resource: u.arn }],
      })),
      severity: 'high',
    },
    {
      rhino: '5',
      describe: 'create a console password for other users (iam:CreateLoginProfile)',
      alternatives: otherUsers.map((u) => ({
        target: u.arn,
        steps: [{ action: 'iam:CreateLoginProfile', resource: u.arn }],
      })),
      severity: 'high',
    },
    {
      rhino: '6',
      describe: "change other users' console passwords (iam:UpdateLoginProfile)",
      alternatives: otherUsers.map((u) => ({
        target: u.arn,
        steps: [{ action: 'iam:UpdateLoginProfile', resource: u.arn }],
      })),
      severity: 'high',
    },
    {
      rhino: '14',
      describe: "rewrite another role's trust policy to let itself assume it (iam:UpdateAssumeRolePolicy)",
      alternatives: otherRoles.map((r) => ({
        target: r.arn,
        steps: [{ action: 'iam:UpdateAssumeRolePolicy', resource: r.arn }],
      })),
      severity: 'high',
    },
    {
      rhino: '3',
      describe: 'pass a role to a new EC2 instance it launches (iam:PassRole + ec2:RunInstances)',
      alternatives: rolesTrusting('ec2.amazonaws.com').map((r) => ({
        target: r.arn,
        steps: [
          { action: 'iam:PassRole', resource: r.arn },
          { action: 'ec2:RunInstances', resource: newInstance },
        ],
      })),
      severity: 'medium',
    },
    {
      rhino: '15, 16',
      describe:
        'pass a role to a new Lambda function and run it (iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction or lambda:CreateEventSourceMapping)',
      alternatives: rolesTrusting('lambda.amazonaws.com').flatMap((r) => [
        {
          target: r.arn,
          steps: [
            { action: 'iam:PassRole', resource: r.arn },
            { action: 'lambda:CreateFunction', resource: newFunction },
            { action: 'lambda:InvokeFunction', resource: newFunction },
          ],
        },
        {
          target: r.arn,
          steps: [
            { action: 'iam:PassRole', resource: r.arn },
            { action: 'lambda:CreateFunction', resource: newFunction },
            { action: 'lambda:CreateEventSourceMapping', resource: '*' },
          ],
        },
      ]),
      severity: 'medium',
    },
    {
      rhino: '17',
      describe:
        'replace the code of an existing Lambda function and run with its role (lambda:UpdateFunctionCode)',
      alternatives: model.resources
        .filter((r) => r.kind === 'lambda-function')
        .map((r) => ({ target: r.arn, steps: [{ action: 'lambda:UpdateFunctionCode', resource: r.arn }] })),
      severity: 'medium',
    },
    {
      rhino: '18',
      describe: 'pass a role to a new Glue development endpoint (iam:PassRole + glue:CreateDevEndpoint)',
      alternatives: rolesTrusting('glue.amazonaws.com').map((r) => ({
        target: r.arn,
        steps: [
          { action: 'iam:PassRole', resource: r.arn },
          {
            action: 'glue:CreateDevEndpoint',
            resource: `arn:${part}:glue:${region}:${acct}:devEndpoint/${ANY}`,
          },
        ],
      })),
      severity: 'medium',
    },
    {
      rhino: '20',
      describe: 'pass a role to a new CloudFormation stack (iam:PassRole + cloudformation:CreateStack)',
      alternatives: rolesTrusting('cloudformation.amazonaws.com').map((r) => ({
        target: r.arn,
        steps: [
          { action: 'iam:PassRole', resource: r.arn },
          {
            action: 'cloudformation:CreateStack',
            resource: `arn:${part}:cloudformation:${region}:${acct}:stack/${ANY}/*`,
          },
        ],
      })),
      severity: 'medium',
    },
    {
      rhino: '21',
      describe:
        'pass a role to a new Data Pipeline (iam:PassRole + datapipeline:CreatePipeline + datapipeline:PutPipelineDefinition)',
      alternatives: rolesTrusting('datapipeline.amazonaws.com').map((r) => ({
        target: r.arn,
        steps: [
          { action: 'iam:PassRole', resource: r.arn },
          { action: 'datapipeline:CreatePipeline', resource: '*' },
          { action: 'datapipeline:PutPipelineDefinition', resource: '*' },
        ],
      })),
      severity: 'medium',
    },
  ];

  const out: RiskFinding[] = [];
  for (const m of methods) {
    if (!m.alternatives.length) continue;
    const actions = unique(m.alternatives.flatMap((a) => a.steps.map((s) => s.action)));
    if (!actions.every(mayAllow)) continue;
    const found: { target: string; decisions: FreeDecision[]; access: Access }[] = [];
    const cache = new Map<string, FreeDecision>();
    const decideStep = (s: Step) => {
      const key = `${s.action} ${s.resource}`;
      let d = cache.get(key);
      if (!d) {
        const req: Request = { principal: p.arn, action: s.action, resource: s.resource };
        d = decideAnyContext(engine, req);
        cache.set(key, d);
      }
      return d;
    };
    for (const alt of m.alternatives) {
      const decisions: FreeDecision[] = [];
      for (const s of alt.steps) {
        const d = decideStep(s);
        decisions.push(d);
        if (d.access === 'deny') break;
      }
      const access = worst(decisions.map((d) => d.access));
      if (access === 'deny') continue;
      if (found.some((f) => f.target === alt.target && accessRank(f.access) >= accessRank(access))) continue;
      found.push({ target: alt.target, decisions, access });
      if (found.length > limit) break; // enough to make the point
    }
    if (!found.length) continue;
    const bestAccess = found.reduce<Access>(
      (a, f) => (accessRank(f.access) > accessRank(a) ? f.access : a),
      'deny',
    );
    const conditions = unique(found.flatMap((f) => f.decisions.flatMap((d) => d.conditions)));
    out.push({
      kind: 'privilege-escalation',
      severity: bestAccess === 'allow' ? m.severity : 'low',
      subject: p.arn,
      message: `${label} can ${m.describe}: ${listed(
        found.map((f) => shortName(f.target)),
        limit,
      )}${bestAccess === 'allow' ? '' : ` (${bestAccess}${conditions.length ? `: ${conditions.join('; ')}` : ''})`} [Rhino Security Labs method ${m.rhino}]`,
      statements: mergeStatementRefs(...found.flatMap((f) => f.decisions.map((d) => d.grants))),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Public and cross-account access

function externalAccess(
  engine: Engine,
  limit: number,
): { public: RiskFinding[]; crossAccount: RiskFinding[] } {
  const model = engine.model;
  const part = model.partition;
  const modelAccounts = new Set(model.accounts.map((a) => a.id));
  const anyone = ['anonymous', `arn:${part}:iam::${UNNAMED_ACCOUNT}:user/${ANY}-user`];
  const pub = buildMatrix(engine, { principals: anyone, includeRoles: true, chains: false });
  const publicFindings: RiskFinding[] = [];
  const publicGrants = new Map<string, Set<string>>();
  const refKey = (g: StatementRef) => `${g.stage}|${g.policy}|${g.statement}`;
  pub.resources.forEach((r, ri) => {
    const hits = accessSummary(pub, ri, [0, 1], limit);
    if (!hits) return;
    publicGrants.set(r.arn, new Set(hits.grants.map(refKey)));
    publicFindings.push({
      kind: 'public-access',
      severity: hits.access === 'allow' ? 'high' : hits.access === 'indeterminate' ? 'medium' : 'low',
      subject: r.arn,
      message: `${r.kind === 'iam-role' ? 'role' : r.kind} ${r.name} is open to anyone (anonymous callers or any AWS account): ${hits.actions}${hits.access === 'allow' ? '' : ` (${hits.access}${hits.conditions.length ? `: ${hits.conditions.join('; ')}` : ''})`}`,
      statements: hits.grants,
    });
  });

  // Accounts outside the model that policies name, each with the principals that stand for it.
  const byAccount = new Map<string, string[]>();
  for (const c of candidatePrincipals(model)) {
    if (c.element || !(c.kind === 'user' || c.kind === 'role' || c.kind === 'account')) continue;
    const account = parseArn(c.principal)?.account;
    if (!account || account === UNNAMED_ACCOUNT || modelAccounts.has(account)) continue;
    const list = byAccount.get(account) ?? [];
    list.push(c.principal);
    byAccount.set(account, list);
  }
  const crossFindings: RiskFinding[] = [];
  for (const [account, principals] of byAccount) {
    const m = buildMatrix(engine, { principals, includeRoles: true, chains: false });
    m.resources.forEach((r, ri) => {
      const hits = accessSummary(
        m,
        ri,
        principals.map((_, i) => i),
        limit,
      );
      if (!hits) return;
      const pg = publicGrants.get(r.arn);
      if (pg && hits.grants.every((g) => pg.has(refKey(g)))) return; // already reported as public
      crossFindings.push({
        kind: 'cross-account-access',
        severity: hits.access === 'allow' ? 'medium' : 'low',
        subject: r.arn,
        message: `${r.kind === 'iam-role' ? 'role' : r.kind} ${r.name} lets account ${account} (outside the inputs) in: ${hits.actions}${hits.access === 'allow' ? '' : ` (${hits.access}${hits.conditions.length ? `: ${hits.conditions.join('; ')}` : ''})`}`,
        statements: hits.grants,
      });
    });
  }
  return { public: publicFindings, crossAccount: crossFindings };
}

/** What the given matrix rows can do on column `ri`, or undefined when nothing. */
function accessSummary(
  m: Matrix,
  ri: number,
  rows: number[],
  limit: number,
): { access: Access; actions: string; conditions: string[]; grants: StatementRef[] } | undefined {
  let access: Access = 'deny';
  const perLevel: string[][] = m.levels.map(() => []);
  const conditions: string[] = [];
  const grants: StatementRef[][] = [];
  for (const pi of rows) {
    m.cells[pi]?.[ri]?.forEach((cell, li) => {
      if (cell.access === 'deny') return;
      if (accessRank(cell.access) > accessRank(access)) access = cell.access;
      for (const a of cell.actions) {
        if (!perLevel[li]!.includes(a.action)) perLevel[li]!.push(a.action);
        for (const c of a.conditions) if (!conditions.includes(c)) conditions.push(c);
      }
      grants.push(cell.grants);
    });
  }
  if (access === 'deny') return undefined;
  // Per level, the best-known actions first (the shortest names: s3:GetObject before
  // s3:GetObjectLegalHold).
  const actions = m.levels
    .map((level, li) => {
      const list = [...perLevel[li]!].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
      return list.length ? `${level}: ${listed(list, limit)}` : '';
    })
    .filter(Boolean)
    .join('; ');
  return { access, actions, conditions, grants: mergeStatementRefs(...grants) };
}

// ---------------------------------------------------------------------------------------
// Small helpers

/** The access every step must have: the weakest of them. */
function worst(list: Access[]): Access {
  let out: Access = 'allow';
  for (const a of list) if (accessRank(a) < accessRank(out)) out = a;
  return list.length ? out : 'deny';
}

function maxSeverity(list: RiskFinding['severity'][]): RiskFinding['severity'] {
  return list.includes('high') ? 'high' : list.includes('medium') ? 'medium' : 'low';
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

function listed(items: string[], limit: number): string {
  if (items.length <= limit) return items.join(', ');
  return `${items.slice(0, limit).join(', ')} and ${items.length - limit} more`;
}

function conditionText(d: FreeDecision): string {
  if (d.access === 'allow') return '';
  return ` (${d.access}${d.conditions.length ? `: ${d.conditions.join('; ')}` : ''})`;
}

function shortName(arn: string): string {
  const parsed = parseArn(arn);
  if (!parsed) return arn;
  return parsed.resource.replace(/^(user|role|group|policy)\//, '$1 ');
}
