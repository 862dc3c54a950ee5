// What the code of a Lambda function run at deployment time may change (a Lambda-backed custom
// resource: CloudFormation User Guide, "Lambda-backed custom resources": "When you associate a
// Lambda function with a custom resource, the function is invoked whenever the custom resource is
// created, updated, or deleted."; Terraform `aws_lambda_invocation`: "Use this resource to invoke a
// lambda function. The lambda function is invoked with the RequestResponse invocation type."). The
// code is not in the inputs; what it may do is bounded by what its execution role may do:
// - the role's identity policies (inline, attached managed, AWS managed): every action an Allow
//   statement (or one of unknown effect) may grant, whatever its Condition, read with
//   aws/access-changes.ts `accessChangeOf` (`iam:PutRolePolicy`: principals,
//   `iam:UpdateAssumeRolePolicy`: trust, `s3:PutBucketPolicy`: buckets' policies), bounded by the
//   statement's Resource where it names the elements changed (`narrowAccessChange`:
//   `s3:PutBucketPolicy` on one bucket changes that bucket's policy only). Denies, boundaries and
//   SCPs only narrow, so leaving them out keeps the bound sound;
// - the resource policies of the role's account that may allow the role itself (its ARN, its
//   sessions, `*`, NotPrincipal, an unknown principal or statement): IAM User Guide, "Policy
//   evaluation logic" ("Within an account, ... an identity-based policy or a resource-based policy
//   can grant access"), so CDK's auto-delete-objects bucket policy allowing its handler's role
//   `s3:PutBucketPolicy` bounds the handler; what such a grant allows acts on that resource only,
//   so it changes that resource's policy (an action that runs code or other credentials there:
//   anything). An account root principal needs an identity policy too, so it is not read;
// - `lambda:InvokeFunction` on functions of the inputs: their roles' bounds too (the CDK Provider
//   framework's function invokes the user's handler);
// - the roles it may become by chains of sts:AssumeRole (role chaining): the own bound of every
//   role of the model the engine does not deny it, hop by hop (analysis/chains.ts
//   `assumableRoles`, the builder's `roleReach`: model/role-reach.ts; an indeterminate hop counts; a role
//   whose trust the inputs or deploy-time code may rewrite is decided with an unknown trust
//   statement, so it counts), applied in that role's account too; `sts:AssumeRole` on a role
//   the inputs do not have (a wildcard, another ARN): anything, in every account of the model its
//   Resource may name (`accountsNamed`: a StackSet's role there, or one created outside the inputs);
// - on functions the inputs do not have, or any
//   way to act with other credentials or run other code (`sts:AssumeRoleWith*`, `states:Start*`,
//   CloudFormation stacks, SSM commands, CodeBuild builds, ECS tasks, EC2 instances, Glue jobs):
//   anything;
// - anything when the function, its role, or a policy of the role is not known (a ServiceToken
//   imported from another stack, a role outside the inputs, a policy known only after apply), when
//   an Allow uses `NotAction`, or when the role may get policies the inputs do not show (an
//   attachment to an unknown role of its account, another deploy-time change).
// - the resource policies read are those of the inputs and those the builder spreads at build
//   over resources of a kind (a policy whose resource is not known: `pendingResourcePolicies`),
//   so the order of the inputs never matters; a statement not known on a Lambda function's policy
//   may allow invoking it: anything.
// - the Lambda function policies deploy-time code run in the same build (this run included) may
//   write (`lambda:AddPermission`, `lambda:PutResourcePolicy`, or code bounded by anything) may allow the role to
//   invoke those functions: their roles' bounds (`writtenGrants`; any function: anything); another
//   resource policy written so grants on that resource only, whose policy is unknown already;
// - the roles `forEveryAccount` adds (a StackSet deploying to organizational units: a stand-in
//   role with an unknown trust policy) are in the model when the bounds are decided, so a run in
//   such an account may become one: anything.
// - a run bounded by anything (whatever the reason: its role or function not pinned down, an
//   action iamspec does not follow) may call sts:AssumeRole on any role and write any policy in
//   the accounts it acts in, so it acts too in every account of the model holding a role whose
//   trust policy the engine does not deny to a principal of those accounts, transitively
//   (aws/account-reach.ts `accountsReachedOnTrust`; `reachOnTrust`). Code whose calls are not
//   known at all (a template iamspec does not read, an unexpanded macro: `addUnboundedChange`) is
//   such a run, recorded in its own account when loaded and in the accounts it reaches here.
// Limits: tags the code writes outside IAM are not read.
// Decided at build (`ModelBuilder.onBuild`), once every input is loaded, to a fixpoint (bounded:
// past `MAX_ROUNDS`, anything): a change to the principals of an account makes every function
// role there unknown, a trust rewrite widens the chains, a written function policy the roles that
// may invoke it.

import { parseArn } from '../model/arns.js';
import { iterateMatches } from '../catalog/actions.js';
import { getAwsManagedPolicy } from '../catalog/managed-policies.js';
import { amongArns, type ModelBuilder, type TrustRewrite } from '../model/builder.js';
import type { Model } from '../model/types.js';
import type { CreatedElements } from '../model/created-elements.js';
import type { ReachOf } from '../model/role-reach.js';
import type { Source } from '../model/source.js';
import type { Role } from '../model/types.js';
import { isUnknown, type Maybe, Unknown } from '../model/unknown.js';
import { principalMightBe } from '../model/name-tokens.js';
import { hasUnknownNamePart } from '../model/stand-ins.js';
import { parsePolicy } from '../policy/parse.js';
import type { PolicyDocument } from '../policy/types.js';
import type { Resource } from '../model/types.js';
import type { Statement } from '../policy/types.js';
import {
  ANY_ACCESS_CHANGE,
  type AccessChange,
  accessChangeOf,
  narrowAccessChange,
  unionAccessChange,
} from './access-changes.js';
import { accountsReachedOnTrust, type TrustReach, trustReachWords } from './account-reach.js';
import { addDeployTimeChange, type DeployTimeChange } from './deploy-time-changes.js';
import { POLICY_WRITERS } from './policy-writers.js';

/** Actions that run code or act with credentials other than the role's own: anything. */
const OTHER_CREDENTIALS = [
  'sts:AssumeRoleWithWebIdentity',
  'sts:AssumeRoleWithSAML',
  'states:StartExecution',
  'states:StartSyncExecution',
  'cloudformation:CreateStack',
  'cloudformation:UpdateStack',
  'cloudformation:ExecuteChangeSet',
  'cloudformation:CreateStackSet',
  'cloudformation:UpdateStackSet',
  'cloudformation:CreateStackInstances',
  'ssm:SendCommand',
  'ssm:StartAutomationExecution',
  'codebuild:StartBuild',
  'ecs:RunTask',
  'ecs:StartTask',
  'ec2:RunInstances',
  'glue:StartJobRun',
  'lambda:UpdateFunctionCode',
  'lambda:CreateFunction',
];
/**
 * The StackSet actions among them: the stack instances may be deployed into any account (AWS
 * CloudFormation Template Reference, "AWS::CloudFormation::StackSet": "With StackSets, you can
 * provision stacks across AWS accounts and Regions from a single CloudFormation template."):
 * anything in every account.
 */
const STACK_SET_DEPLOYS = new Set([
  'cloudformation:CreateStackSet',
  'cloudformation:UpdateStackSet',
  'cloudformation:CreateStackInstances',
]);
/**
 * The actions that run a function's code: Invoke, InvokeAsync, and a call through its function URL
 * (`lambda:InvokeFunctionUrl`; "Starting in October 2025, new function URLs will require both
 * lambda:InvokeFunctionUrl and lambda:InvokeFunction permissions", AWS Lambda Developer Guide,
 * "Control access to Lambda function URLs": a URL made before then needs InvokeFunctionUrl alone).
 */
const INVOKES = new Set(['lambda:InvokeFunction', 'lambda:InvokeAsync', 'lambda:InvokeFunctionUrl']);
/** The role chain's action: the role may become the roles it reaches (see `reachableRoles`). */
const ASSUME_ROLE = 'sts:AssumeRole';

/** Code run at deployment time whose bound is decided at build: a function's, or an EC2 instance's. */
export type FunctionRun = RunBase &
  (
    | {
        /** The function's ARN; an Unknown when the inputs do not give it. */
        functionArn: Maybe<string>;
      }
    | {
        /**
         * The address of the EC2 instance(s) the code runs on (a Terraform `remote-exec`
         * provisioner's connection host), with the role of its instance profile.
         */
        instance: string;
      }
  );

/**
 * Code whose calls are not known at all, its change recorded in its own account when loaded
 * (`addUnboundedChange`): bounded by anything, followed here into the accounts it reaches.
 */
type UnboundedRun = Omit<RunBase, 'report'> & { unbounded: Unknown };

/** Any run the fixpoint decides. */
type Run = FunctionRun | UnboundedRun;

interface RunBase {
  /** The account and environment whose access it may change (the function role's). */
  account: string;
  partition: string;
  region: string;
  /** What runs it, for messages (`custom resource Setup`, `aws_lambda_invocation.setup`). */
  what: string;
  /** A readable hint for the stand-ins' names (logical id, Terraform address). */
  hint: string;
  source: Source;
  /** Why it might not run (a condition, a count): combined with every reason. */
  presence?: Unknown | undefined;
  /**
   * Reports the change (the adapter's finding code), once decided; `why` says what bounds it,
   * `accounts` where it may change access (its own first).
   */
  report: (change: AccessChange, why: string, accounts: readonly string[]) => void;
}

/** Per account, the ARN patterns of the principals deploy-time code may change (undefined: any). */
type ChangedPrincipals = Map<string, (readonly string[] | undefined)[]>;

function mayChange(changed: ChangedPrincipals, role: Role, created: CreatedElements): boolean {
  return (changed.get(role.account) ?? []).some((among) => amongArns(among, role.arn, created));
}

interface Bound {
  change: AccessChange | undefined;
  why: string | undefined;
  /** The accounts of the roles whose bounds it joins (a role chain may cross accounts). */
  accounts?: readonly string[];
  /** Of a bound of anything: the accounts it reaches on trust (`reachOnTrust`), in `accounts` too. */
  trusted?: readonly TrustReach[];
  /**
   * The Lambda functions whose policy it may write (`FUNCTION_POLICY_WRITES` on them), as ARN
   * patterns; `any`: any function. Kept apart from `change`, whose union may forget the kinds.
   */
  functions?: readonly string[] | 'any';
}

/** The actions that write a function's policy (aws/policy-writers.ts, the one list). */
const FUNCTION_POLICY_WRITES = new Set(POLICY_WRITERS['lambda-function']!.writes);

/** The union of two sets of functions (`Bound.functions`). */
function joinFunctions(
  a: readonly string[] | 'any' | undefined,
  b: readonly string[] | 'any' | undefined,
): readonly string[] | 'any' | undefined {
  if (a === 'any' || b === 'any') return 'any';
  if (!a) return b;
  if (!b) return a;
  return [...new Set([...a, ...b])];
}

/** The functions a statement's Resource names (`any` for a wildcard-only, variable or unknown value). */
function functionsOf(st: Statement): readonly string[] | 'any' {
  if (st.notResource || !st.resource) return 'any';
  const out: string[] = [];
  for (const v of st.resource.values) {
    if (typeof v !== 'string' || v === '*' || v.includes('${') || !v.startsWith('arn:')) return 'any';
    out.push(v);
  }
  return out;
}

/**
 * The Lambda function policies a deploy-time run may write (`Bound.functions`: it may call
 * `lambda:AddPermission` or `lambda:PutResourcePolicy` on them; its bound is anything), in one
 * account: the functions whose ARN `among` matches (undefined: any function of the account, the
 * inputs' or not). Another service's action (`s3:PutBucketAcl`) writes no function policy.
 */
interface WrittenFunctionPolicies {
  account: string;
  among: readonly string[] | undefined;
  /** What writes them, for messages (`custom resource Setup`). */
  by: string;
}

/** What the bounds of one fixpoint round read: the builder and what deploy-time code changes. */
interface BoundContext {
  builder: ModelBuilder;
  changed: ChangedPrincipals;
  /** The function policies the runs decided so far may write (`Bound.functions`). */
  written: readonly WrittenFunctionPolicies[];
  /** The roles each role may become (by ARN). */
  reach: (roleArn: string) => readonly string[];
  /** The accounts code bounded by anything in `accounts` reaches on trust (aws/account-reach.ts). */
  trustReach: (accounts: readonly string[]) => readonly TrustReach[];
  /** The elements the inputs surely create, as the round begins (model/created-elements.ts). */
  created: CreatedElements;
}

/** The union of two bounds (the accounts of both). */
function joinBounds(a: Bound, b: Bound): Bound {
  const accounts = [...new Set([...(a.accounts ?? []), ...(b.accounts ?? [])])];
  const functions = joinFunctions(a.functions, b.functions);
  return {
    change: unionAccessChange(a.change, b.change),
    why: a.why ?? b.why,
    ...(accounts.length ? { accounts } : {}),
    ...(functions ? { functions } : {}),
  };
}

/**
 * The roles of the model each role may become by chains of sts:AssumeRole, each hop decided by the
 * engine (the builder's `roleReach`, model/role-reach.ts: analysis/deploy-time-reach.ts, given by
 * the loaders; an indeterminate hop counts), over the model recorded so far with the trust rewrites
 * of the inputs and of the deploy-time code decided so far (`trust`: a role whose trust may be
 * rewritten is decided with an unknown trust statement, so it counts as reachable). Made once per
 * round, the engine on first use.
 */
function reachableRoles(
  builder: ModelBuilder,
  model: () => Model,
  earlier: { reach?: ReachOf },
): (roleArn: string) => readonly string[] {
  const reach = builder.roleReach;
  let decide: ReachOf | undefined;
  const cache = new Map<string, readonly string[]>();
  return (roleArn) => {
    let out = cache.get(roleArn);
    if (!out) {
      // the last round's reach given: its hops into roles whose trust is unchanged are kept
      decide ??= earlier.reach = reach(model(), earlier.reach);
      out = decide(roleArn);
      cache.set(roleArn, out);
    }
    return out;
  };
}

const RUNS = {};
/** The most fixpoint rounds of `decideRuns` (see there). */
const MAX_ROUNDS = 64;

/** Records a function run at deployment time; decided when the model is built. */
export function deferFunctionRun(builder: ModelBuilder, run: FunctionRun): void {
  deferRun(builder, run);
}

/**
 * Records the change of code whose calls are not known at all (`change` is anything: a template
 * iamspec does not read, an unexpanded macro, an SDK call whose text is not known) in its account
 * now, and defers it as a run bounded by anything, which reaches the accounts whose roles' trust
 * lets it in (`reachOnTrust`), recorded there when the model is built.
 */
export function addUnboundedChange(builder: ModelBuilder, d: DeployTimeChange, what: string): void {
  addDeployTimeChange(builder, d);
  if (d.change !== ANY_ACCESS_CHANGE || d.anyAccount) return; // any account already, or bounded
  const { account, partition, region, hint, source } = d;
  deferRun(builder, { account, partition, region, hint, source, what, unbounded: d.why });
}

function deferRun(builder: ModelBuilder, run: Run): void {
  const runs = builder.ruleState(RUNS, (self) => {
    const list: Run[] = [];
    self.onBuild(() => decideRuns(self, list));
    return list;
  });
  runs.push(run);
}

/** The bound of a run over this round's model (see the module comment). */
function runBound(ctx: BoundContext, run: Run): Bound {
  if ('unbounded' in run) return anything(run.unbounded.reason);
  return 'instance' in run
    ? instanceBound(ctx, run.instance)
    : functionBound(ctx, run.functionArn, new Set());
}

/**
 * A bound of anything with the accounts it reaches on trust besides those it acts in
 * (aws/account-reach.ts): code with unknown permissions may assume a role there.
 */
function reachOnTrust(ctx: BoundContext, run: Run, b: Bound): Bound {
  const more = ctx.trustReach(accountsOf(run, b));
  if (!more.length) return b;
  return {
    ...b,
    accounts: [...accountsOf(run, b), ...more.map((r) => r.account)],
    trusted: [...(b.trusted ?? []), ...more],
  };
}

/** A round's view of the model recorded so far, with the trust rewrites decided so far (made on first use). */
function roundModel(builder: ModelBuilder, trust: readonly TrustRewrite[]): () => Model {
  let model: Model | undefined;
  return () => {
    model ??= builder.provisionalModel(trust);
    return model;
  };
}

/** `accountsReachedOnTrust` over a round's model, once per set of accounts. */
function trustReachOf(
  builder: ModelBuilder,
  model: () => Model,
): (accounts: readonly string[]) => readonly TrustReach[] {
  const cache = new Map<string, readonly TrustReach[]>();
  return (accounts) => {
    const key = [...accounts].sort().join(',');
    let out = cache.get(key);
    if (!out) {
      out = accountsReachedOnTrust(builder, model(), accounts);
      cache.set(key, out);
    }
    return out;
  };
}

function decideRuns(builder: ModelBuilder, runs: Run[]): void {
  const bounds = new Map<Run, Bound>();
  const changedAccounts: ChangedPrincipals = new Map();
  // One trust rewrite per run and account, its roles the union of the run's trust bounds so far
  // (a rewrite per round would give each role one more unknown trust statement per round, all
  // alike: the decisions of later rounds slowed by them, and nothing else).
  const trustRewrites = new Map<string, TrustRewrite>();
  const written: WrittenFunctionPolicies[] = [];
  const earlierReach: { reach?: ReachOf } = {};
  let rounds = 0;
  for (let changed = true; changed; ) {
    changed = false;
    // Bounds only grow, each round from what the last one added; past MAX_ROUNDS (never met by
    // the inputs seen), every run that has not settled is bounded by anything.
    if (++rounds > MAX_ROUNDS) {
      for (const run of runs) {
        // the accounts reached so far stay reached
        const { accounts, trusted } = bounds.get(run) ?? {};
        bounds.set(run, {
          ...anything(
            `may change what other deploy-time code may do (bounds not settled after ${MAX_ROUNDS} rounds)`,
          ),
          ...(accounts ? { accounts } : {}),
          ...(trusted ? { trusted } : {}),
        });
      }
      break;
    }
    const model = roundModel(builder, [...trustRewrites.values()]);
    const ctx: BoundContext = {
      builder,
      changed: changedAccounts,
      written: [...written],
      reach: reachableRoles(builder, model, earlierReach),
      trustReach: trustReachOf(builder, model),
      created: builder.createdElements(),
    };
    for (const run of runs) {
      const before = bounds.get(run);
      // Anything cannot grow: its first reason (the chain, the action) is kept.
      let b = before?.change === ANY_ACCESS_CHANGE ? before : runBound(ctx, run);
      // The accounts reached stay reached (a later round may end the chain earlier: anything).
      if (before?.accounts && b !== before)
        b = { ...b, accounts: [...new Set([...before.accounts, ...(b.accounts ?? [])])] };
      // Anything reaches the accounts whose roles' trust lets it in, more as trust rewrites grow.
      if (b.change === ANY_ACCESS_CHANGE) b = reachOnTrust(ctx, run, b);
      if (before && JSON.stringify(before) === JSON.stringify(b)) continue;
      bounds.set(run, b);
      for (const account of accountsOf(run, b)) {
        // Code whose calls are not known was recorded in its own account when loaded.
        if ('unbounded' in run && account === run.account) continue;
        // Recorded once each (a bound that grows records again what it recorded before): the
        // lists the next rounds read do not grow with the rounds, and only what is new makes one.
        if (b.change?.principals) {
          const list = changedAccounts.get(account) ?? [];
          changedAccounts.set(account, list);
          if (addNew(list, b.change.principalArns)) changed = true;
        }
        const functions = b.change === ANY_ACCESS_CHANGE ? 'any' : b.functions;
        if (
          functions &&
          addNew(written, { account, among: functions === 'any' ? undefined : functions, by: run.what })
        )
          changed = true;
        if (b.change?.trust) {
          const key = `${runs.indexOf(run)}\u0000${account}`;
          const earlier = trustRewrites.get(key);
          const among = unionAmong(earlier, b.change.trustArns);
          if (earlier && JSON.stringify(earlier.among) === JSON.stringify(among)) continue;
          trustRewrites.set(key, {
            account,
            reason: new Unknown(`${run.what} may rewrite trust policies at deployment`, run.source),
            source: run.source,
            ...(among ? { among } : {}),
          });
          changed = true;
        }
      }
    }
  }
  for (const run of runs) recordRun(builder, run, bounds.get(run)!);
}

/** Reports a decided run and records its change in each account it may change (see the module comment). */
function recordRun(builder: ModelBuilder, run: Run, b: Bound): void {
  if (!b.change) return;
  const reached = trustReachWords(b.trusted ?? []);
  const accounts = accountsOf(run, b);
  if ('unbounded' in run) {
    // recorded in its own account when loaded; the accounts it reaches on trust here
    const why = new Unknown(`${run.unbounded.reason}${reached}`, run.source);
    for (const account of accounts)
      if (account !== run.account) addDeployTimeChange(builder, { ...run, account, why, change: b.change });
    return;
  }
  run.report(b.change, `${b.why ?? ''}${reached}`, accounts);
  const text = `${run.what} runs ${'instance' in run ? 'commands on an EC2 instance' : 'Lambda code'} at deployment that ${b.why}${reached}`;
  const why = run.presence
    ? new Unknown(`${run.presence.reason}; and ${text}`, run.source)
    : new Unknown(text, run.source);
  for (const account of accounts) addDeployTimeChange(builder, { ...run, account, why, change: b.change });
}

/** How a run's report names the accounts it may change: `account A`, `accounts A and B`. */
export function accountsWords(accounts: readonly string[]): string {
  if (accounts.length < 2) return `account ${accounts[0] ?? ''}`;
  return `accounts ${accounts.slice(0, -1).join(', ')} and ${accounts.at(-1)}`;
}

/** Adds `item` to `list` unless an equal one (the same JSON) is there; whether it was added. */
function addNew<T>(list: T[], item: T): boolean {
  const key = JSON.stringify(item);
  if (list.some((x) => JSON.stringify(x) === key)) return false;
  list.push(item);
  return true;
}

/** The roles of an earlier trust rewrite and `more`: undefined (any role) when either is. */
function unionAmong(
  earlier: TrustRewrite | undefined,
  more: readonly string[] | undefined,
): readonly string[] | undefined {
  if (!earlier) return more;
  if (!earlier.among || !more) return undefined;
  return [...new Set([...earlier.among, ...more])];
}

/** The accounts whose access a run may change: its own and those of the roles its bound joins. */
function accountsOf(run: Run, b: Bound): string[] {
  return [...new Set([run.account, ...(b.accounts ?? [])])];
}

/** The function's ARN without a version or alias qualifier. */
function unqualified(arn: string): string {
  const parts = arn.split(':');
  return parts.length > 7 ? parts.slice(0, 7).join(':') : arn;
}

function roleOf(builder: ModelBuilder, functionArn: string): Role | undefined {
  const arn = unqualified(functionArn);
  return builder
    .roleList()
    .find((r) => r.usedBy.some((u) => u.kind === 'lambda-function' && unqualified(u.arn) === arn));
}

function anything(why: string): Bound {
  return { change: ANY_ACCESS_CHANGE, why };
}

/** The role's identity policy documents; undefined (with why) when one is not known. */
function roleDocuments(builder: ModelBuilder, role: Role): { docs: PolicyDocument[] } | { unknown: string } {
  const docs: PolicyDocument[] = role.inlinePolicies.map((p) => p.document);
  for (const m of role.managedPolicies) {
    if (isUnknown(m.policyArn)) return { unknown: `a managed policy of its role ${role.name} is not known` };
    const own = builder.getManagedPolicy(m.policyArn);
    if (own) {
      docs.push(own.document);
      continue;
    }
    const aws = getAwsManagedPolicy(m.policyArn);
    if (!aws)
      return {
        unknown: `its role ${role.name} has the policy ${m.policyArn}, which the inputs do not define`,
      };
    docs.push(parsePolicy(aws.document, { kind: 'identity', source: m.source }));
  }
  return { docs };
}

function functionBound(ctx: BoundContext, functionArn: Maybe<string>, visited: Set<string>): Bound {
  if (typeof functionArn !== 'string')
    return anything(
      `runs a function the inputs do not pin down (${isUnknown(functionArn) ? functionArn.reason : 'no ARN'})`,
    );
  if (visited.has(unqualified(functionArn))) return { change: undefined, why: undefined };
  visited.add(unqualified(functionArn));
  const role = roleOf(ctx.builder, functionArn);
  if (!role) return anything(`runs the function ${functionArn}, whose role is not in the inputs`);
  return roleBound(ctx, role, `runs the function ${functionArn}`, visited);
}

/**
 * The bound of commands run on the EC2 instance(s) at `address` (Terraform's address, its
 * instances `address[KEY]` too): the role of each one's instance profile (Amazon EC2 User Guide,
 * "IAM roles for Amazon EC2": "applications that run on the instance can use the role's
 * credentials when they access AWS resources"); an instance without one in the inputs: anything.
 */
function instanceBound(ctx: BoundContext, address: string): Bound {
  const runsOn = (name: string) => name === address || name.startsWith(`${address}[`);
  const roles = ctx.builder
    .roleList()
    .filter((r) =>
      r.instanceProfiles.some((p) => p.usedBy.some((u) => u.kind === 'ec2-instance' && runsOn(u.name))),
    );
  if (!roles.length) return anything(`runs on ${address}, whose instance profile role is not in the inputs`);
  let bound: Bound = { change: undefined, why: undefined };
  const whys: string[] = [];
  for (const role of roles) {
    const b = roleBound(ctx, role, `runs on ${address}`, new Set());
    if (b.change === ANY_ACCESS_CHANGE) return b;
    bound = joinBounds(bound, b);
    if (b.why) whys.push(b.why);
  }
  return { ...bound, why: whys.join('; ') || undefined };
}

/**
 * The bound of code that runs as `role`; `subject` says what runs (`runs the function ARN`): the
 * role's own bound (`ownBound`) joined with the own bound of every role of the model it may become
 * by chains of sts:AssumeRole (IAM User Guide, "Roles terms and concepts": "Role chaining occurs
 * when you use a role to assume a second role through the AWS CLI or API."; the second role's
 * session acts with that role's permissions), in whatever account that role is: each hop decided
 * by the engine as every role chain is (`reachableRoles`).
 */
function roleBound(ctx: BoundContext, role: Role, subject: string, visited: Set<string>): Bound {
  const own = ownBound(ctx, role, subject, visited);
  if (own.change === ANY_ACCESS_CHANGE) return own;
  let bound = own;
  const whys = own.why ? [own.why] : [];
  const roles = ctx.builder.roleList();
  for (const arn of ctx.reach(role.arn)) {
    const next = roles.find((r) => r.arn === arn);
    if (!next)
      return {
        ...anything(`${subject}, whose role ${role.name} may become ${arn}, outside the inputs`),
        accounts: [...new Set([...(own.accounts ?? []), ...accountsNamed(ctx.builder, [arn])])],
      };
    const b = ownBound(
      ctx,
      next,
      `${subject} as role ${next.name} (a role chain from ${role.name})`,
      visited,
    );
    if (b.change === ANY_ACCESS_CHANGE)
      return { ...b, accounts: [...new Set([...(own.accounts ?? []), ...(b.accounts ?? [])])] };
    if (!b.change) continue;
    bound = joinBounds(bound, b);
    if (b.why) whys.push(b.why);
  }
  return { ...bound, why: whys.join('; ') || undefined };
}

/**
 * Whether the Resource of a statement allowing sts:AssumeRole names only roles of the inputs (their
 * ARNs, no wildcard, variable or unknown value): the chains follow those; any other role is
 * outside the inputs, whose trust and permissions are not known.
 */
function assumesOnlyInputRoles(builder: ModelBuilder, st: Statement): boolean {
  if (st.notResource || !st.resource) return false;
  const arns = new Set(builder.roleList().map((r) => r.arn));
  return st.resource.values.every((v) => typeof v === 'string' && !/[*?$]/.test(v) && arns.has(v));
}

/**
 * The accounts of the model an action's Resource may name (`patterns`; undefined: NotResource or
 * none): the account of each ARN; every account of the model for a wildcard, a variable or an
 * unknown value there. What code outside the inputs does with such a resource (a role a StackSet
 * deploys, a function created outside the inputs) acts in its account.
 */
function accountsNamed(builder: ModelBuilder, patterns: readonly Maybe<string>[] | undefined): string[] {
  const all = builder.accountIds();
  if (!patterns) return [...all];
  const out = new Set<string>();
  for (const v of patterns) {
    const account = typeof v === 'string' ? parseArn(v)?.account : undefined;
    if (account === undefined || !/^\d{12}$/.test(account)) return [...all];
    if (all.includes(account)) out.add(account);
  }
  return [...out];
}

/** The accounts a statement's Resource may name (`accountsNamed`). */
function accountsOfStatement(builder: ModelBuilder, st: Statement): string[] {
  return accountsNamed(builder, st.notResource ? undefined : st.resource?.values);
}

/** The bound of code that runs as `role` itself, without the roles it may become; in its account. */
function ownBound(ctx: BoundContext, role: Role, subject: string, visited: Set<string>): Bound {
  const b = ownBoundOf(ctx, role, subject, visited);
  return { ...b, accounts: [...new Set([role.account, ...(b.accounts ?? [])])] };
}

function ownBoundOf(ctx: BoundContext, role: Role, subject: string, visited: Set<string>): Bound {
  const { builder } = ctx;
  if (role.imported) return anything(`${subject}, whose role ${role.name} is outside the inputs`);
  if (mayChange(ctx.changed, role, ctx.created))
    return anything(`${subject}, whose role ${role.name} may hold policies the inputs do not show`);
  const unknownPolicies = builder.unknownPoliciesReason('role', role.account, role.arn, ctx.created);
  if (unknownPolicies)
    return anything(
      `${subject}, whose role ${role.name} may hold policies the inputs do not show (${unknownPolicies.reason})`,
    );
  const read = roleDocuments(builder, role);
  if ('unknown' in read) return anything(`${subject}: ${read.unknown}`);
  let change: AccessChange | undefined;
  let invokedWhy: string | undefined;
  let accounts: readonly string[] = [];
  let functions: readonly string[] | 'any' | undefined;
  const actions = new Set<string>();
  for (const doc of read.docs) {
    if (doc.unknown) return anything(`${subject}, whose role ${role.name} has a policy that is not known`);
    for (const st of doc.statements) {
      if (st.unknown)
        return anything(`${subject}, whose role ${role.name} has a statement that is not known`);
      if (st.effect === 'Deny') continue;
      if (st.notAction) return anything(`${subject}, whose role ${role.name} is allowed NotAction`);
      for (const pattern of st.action?.values ?? []) {
        if (typeof pattern !== 'string')
          return anything(`${subject}, whose role ${role.name} is allowed an action that is not known`);
        for (const a of iterateMatches(pattern)) {
          if (a.name === ASSUME_ROLE) {
            // Followed by `roleBound` through the chains the engine decides.
            if (!assumesOnlyInputRoles(builder, st))
              return {
                ...anything(
                  `${subject}, whose role ${role.name} may call ${a.name} on a role the inputs do not have`,
                ),
                accounts: accountsOfStatement(builder, st),
              };
            continue;
          }
          if (OTHER_CREDENTIALS.includes(a.name))
            return {
              ...anything(
                `${subject}, whose role ${role.name} may call ${a.name} (code or credentials iamspec does not follow)`,
              ),
              // A StackSet's instances land in other accounts; other code acts where its resource is.
              accounts: STACK_SET_DEPLOYS.has(a.name)
                ? [...builder.accountIds()]
                : accountsOfStatement(builder, st),
            };
          if (INVOKES.has(a.name)) {
            const invoked = invokedBound(ctx, st.resource?.values, st.notResource !== undefined, visited);
            if (invoked.change === ANY_ACCESS_CHANGE)
              return {
                change: ANY_ACCESS_CHANGE,
                why: `${subject}, which may invoke code that ${invoked.why}`,
                ...(invoked.accounts ? { accounts: invoked.accounts } : {}),
              };
            change = unionAccessChange(change, invoked.change);
            accounts = [...new Set([...accounts, ...(invoked.accounts ?? [])])];
            functions = joinFunctions(functions, invoked.functions);
            invokedWhy ??= invoked.why;
            continue;
          }
          if (FUNCTION_POLICY_WRITES.has(a.name)) functions = joinFunctions(functions, functionsOf(st));
          const c = accessChangeOf(a.name);
          if (c) {
            change = unionAccessChange(
              change,
              st.notResource ? c : narrowAccessChange(a.name, c, st.resource?.values),
            );
            actions.add(a.name);
          }
        }
      }
    }
  }
  const granted = resourceGrants(ctx, role, visited);
  if (granted.change === ANY_ACCESS_CHANGE)
    return {
      ...anything(`${subject}, whose role ${role.name} ${granted.why}`),
      ...(granted.accounts ? { accounts: granted.accounts } : {}),
    };
  change = unionAccessChange(change, granted.change);
  accounts = [...new Set([...accounts, ...(granted.accounts ?? [])])];
  functions = joinFunctions(functions, granted.functions);
  if (!change) return { change: undefined, why: undefined };
  const list = [...actions].sort();
  const shown =
    list.length > 4 ? `${list.slice(0, 4).join(', ')} and ${list.length - 4} more` : list.join(', ');
  const calls = shown ? `whose role ${role.name} may call ${shown}` : '';
  const invokes = invokedWhy ? `which may invoke code that ${invokedWhy}` : '';
  const grants = granted.why ? `whose role ${role.name} ${granted.why}` : '';
  return {
    change,
    why: `${subject}, ${[calls, invokes, grants].filter(Boolean).join(', and ')}`,
    accounts,
    ...(functions ? { functions } : {}),
  };
}

/**
 * Whether a resource policy statement may allow `role` itself (see the module comment): a value
 * naming the role or one of its sessions, by the rule for unknown name parts where the role's
 * name holds one (a generated `stack-FnRole-(unknown-…)` may be the `stack-FnRole-ABC` a policy
 * writes: model/name-tokens.ts `principalMightBe`, the engine's), never literally only.
 */
function allowsRole(st: Statement, role: Role, partition: string, created: CreatedElements): boolean {
  if (st.unknown) return true;
  if (st.effect === 'Deny') return false;
  if (st.notPrincipal || st.principal?.wildcard) return true;
  const session = `arn:${partition}:sts::${role.account}:assumed-role/${role.name}/`;
  const unknownName = hasUnknownNamePart(role.arn);
  // A value naming exactly another element the inputs surely create (another role's ARN, a session
  // of it) is neither the role nor a session of it (model/created-elements.ts, the engine's rule).
  return (st.principal?.aws?.values ?? []).some(
    (v) =>
      typeof v !== 'string' ||
      v === '*' ||
      v === role.arn ||
      v.startsWith(session) ||
      (unknownName &&
        ((principalMightBe([v], role.arn) && !created.principalNamesOther(v, role.arn)) ||
          (principalMightBe([session, undefined], v) && !created.principalNamesOther(v, session)))),
  );
}

/** A resource policy the role's account has or will have at build, and what a grant in it reaches. */
interface HeldPolicy {
  policy: PolicyDocument;
  kind: Resource['kind'];
  /** What a grant in it changes: that resource's policy (the resources it may be added to). */
  reach: AccessChange;
  /** For messages: the resource's ARN, or the resources it may be added to. */
  label: string;
}

/**
 * The resource policies of the role's account: those of its resources, and those the builder
 * adds to resources of a kind at build (`pendingResourcePolicies`: a policy whose resource is not
 * known, spread over every resource it may apply to after the whole-model rules run), so the
 * order in which the inputs are read never matters.
 */
function heldPolicies(builder: ModelBuilder, account: string): HeldPolicy[] {
  const out: HeldPolicy[] = [];
  for (const r of builder.resourceList()) {
    if (r.account !== account || !r.policy) continue;
    out.push({
      policy: r.policy,
      kind: r.kind,
      reach: {
        principals: false,
        trust: false,
        resources: true,
        resourceArns: [r.arn, ...(r.governs ?? [])],
      },
      label: r.arn,
    });
  }
  for (const t of builder.pendingResourcePolicies()) {
    if (t.account !== account) continue;
    out.push({
      policy: t.policy,
      kind: t.kind,
      reach: {
        principals: false,
        trust: false,
        resources: true,
        resourceKinds: [t.kind],
        ...(t.among ? { resourceArns: t.among } : {}),
      },
      label: `a ${t.kind} resource it may apply to (${t.among?.join(', ') ?? 'any'})`,
    });
  }
  return out;
}

/**
 * What the function policies other deploy-time code may write (`ctx.written`, in the role's
 * account) let the role do: such a policy may allow the role itself `lambda:InvokeFunction`
 * (Lambda Developer Guide, "Working with resource-based policies in Lambda": "With
 * resource-based permissions policies, you can grant other AWS accounts, users, organizations, and
 * AWS services access to your Lambda functions"; Lambda API Reference, AddPermission: "Grants a
 * principal permission to use a function."; within an account that grant alone suffices), so the role may run each such function's code: their roles' bounds
 * (`invokedBound`: a function outside the inputs, or any function, is anything). What another
 * written policy (a bucket's, a key's) may allow the role acts on that resource only, whose policy
 * the writer's own change already makes unknown.
 */
function writtenGrants(ctx: BoundContext, role: Role, visited: Set<string>): Bound {
  let bound: Bound = { change: undefined, why: undefined };
  for (const w of ctx.written) {
    if (w.account !== role.account) continue;
    const invoked = w.among
      ? invokedBound(ctx, w.among, false, visited)
      : anything('may be any function of its account');
    const why = `may be allowed to invoke a function whose policy ${w.by} may write at deployment, which ${invoked.why}`;
    if (invoked.change === ANY_ACCESS_CHANGE) return { ...invoked, why };
    if (invoked.change) bound = joinBounds(bound, { ...invoked, why });
  }
  return bound;
}

/**
 * What the same-account resource policies that may allow the role itself let it change: those of
 * the inputs (`heldPolicies`) and the function policies deploy-time code may write (`writtenGrants`).
 */
function resourceGrants(ctx: BoundContext, role: Role, visited: Set<string>): Bound {
  const written = writtenGrants(ctx, role, visited);
  if (written.change === ANY_ACCESS_CHANGE) return written;
  const held = heldGrants(ctx, role, visited);
  if (held.change === ANY_ACCESS_CHANGE) return held;
  return {
    ...joinBounds(held, written),
    why: [held.why, written.why].filter(Boolean).join(', and ') || undefined,
  };
}

/**
 * What the same-account resource policies of the inputs that may allow the role itself let it
 * change. A function's own policy allowing the role to invoke it (`INVOKES`, a call through its
 * function URL too: a public URL's `Principal: *` statements allow every role) runs that
 * function's code as its own role: the function's bound (`invokedBound` on the functions the
 * policy is for), not anything; the policy governs requests on its function only ("Resource-based
 * policies are attached to a resource ... the policy grants access to that resource", IAM User
 * Guide, "Identity-based policies and resource-based policies").
 */
function heldGrants(ctx: BoundContext, role: Role, visited: Set<string>): Bound {
  const { builder } = ctx;
  let change: AccessChange | undefined;
  let functions: readonly string[] | 'any' | undefined;
  let invoked: Bound = { change: undefined, why: undefined };
  const named: string[] = [];
  for (const held of heldPolicies(builder, role.account)) {
    const { policy, reach, label } = held;
    const before = change;
    // A statement not known may allow lambda:InvokeFunction on a function: code iamspec does not follow.
    const invokes = anything(`may be allowed to invoke ${label} by a statement that is not known`);
    /** A grant not known: true when it may let the role run other code. */
    const unknownGrant = (): boolean => {
      if (held.kind === 'lambda-function') return true;
      change = unionAccessChange(change, reach);
      return false;
    };
    if (policy.unknown && unknownGrant()) return invokes;
    for (const st of policy.unknown ? [] : policy.statements) {
      if (!allowsRole(st, role, builder.partition, ctx.created)) continue;
      if (st.unknown || st.notAction) {
        if (unknownGrant()) return invokes;
        continue;
      }
      for (const pattern of st.action?.values ?? []) {
        if (typeof pattern !== 'string') {
          if (unknownGrant()) return invokes;
          continue;
        }
        for (const a of iterateMatches(pattern)) {
          if (held.kind === 'lambda-function' && INVOKES.has(a.name)) {
            // a policy on some function of the account (an unknown target): any function's code
            const b = reach.resourceArns
              ? invokedBound(ctx, reach.resourceArns, false, visited)
              : anything('may be any function of its account');
            const why = `is allowed ${a.name} by the policy of ${label}, which ${b.why ?? 'changes no access'}`;
            if (b.change === ANY_ACCESS_CHANGE) return { ...b, why };
            if (b.change) invoked = joinBounds(invoked, { ...b, why });
            continue;
          }
          if (OTHER_CREDENTIALS.includes(a.name) || INVOKES.has(a.name))
            return anything(
              `is allowed ${a.name} by the policy of ${label} (code or credentials iamspec does not follow)`,
            );
          // A function's own policy letting the role write it: the role may let itself invoke it.
          if (held.kind === 'lambda-function' && FUNCTION_POLICY_WRITES.has(a.name))
            functions = joinFunctions(functions, reach.resourceArns ?? 'any');
          const c = accessChangeOf(a.name);
          if (c)
            change = unionAccessChange(change, {
              ...reach,
              ...(c.resources && c.resourceKinds ? { resourceKinds: c.resourceKinds } : {}),
            });
        }
      }
    }
    if (change !== before) named.push(label);
  }
  if (!change) return invoked;
  const shown =
    named.length > 3 ? `${named.slice(0, 3).join(', ')} and ${named.length - 3} more` : named.join(', ');
  const own: Bound = {
    change,
    why: `is allowed to change access by the policy of ${shown}`,
    ...(functions ? { functions } : {}),
  };
  return invoked.change ? { ...joinBounds(own, invoked), why: `${own.why}, and ${invoked.why}` } : own;
}

/**
 * The bound of the functions a `lambda:InvokeFunction` statement's Resource names: each a function
 * the inputs surely create, named by its exact ARN (a version or alias names its function), or
 * anything (a wildcard, an ARN not known, a function the inputs do not have or might not create).
 */
function invokedBound(
  ctx: BoundContext,
  resources: readonly Maybe<string>[] | undefined,
  notResource: boolean,
  visited: Set<string>,
): Bound {
  // Code outside the inputs acts in the accounts of the functions it may be (`accountsNamed`).
  const outside = (why: string): Bound => ({
    ...anything(why),
    accounts: accountsNamed(ctx.builder, notResource ? undefined : resources),
  });
  if (notResource || !resources) return outside('is not pinned down (NotResource)');
  const functions = ctx.builder.resourceList().filter((r) => r.kind === 'lambda-function');
  let bound: Bound = { change: undefined, why: undefined };
  for (const pattern of resources) {
    if (typeof pattern !== 'string') return outside('the inputs do not pin down');
    // A wildcard may name functions outside the inputs; a version or alias names its function.
    const arn = unqualified(pattern);
    if (/[*?]/.test(arn)) return outside(`may be a function the inputs do not have (${pattern})`);
    const f = functions.find((x) => x.arn === arn);
    if (!f) return outside(`is the function ${pattern}, which the inputs do not have`);
    // Its exact ARN names it only when the inputs surely create it (model/created-elements.ts):
    // one that might not exist leaves the name to whatever function has it.
    if (!ctx.created.has(f.arn))
      return outside(
        `is the function ${pattern}, which might not exist (a function of that name may be one the inputs do not have)`,
      );
    const b = functionBound(ctx, f.arn, visited);
    if (b.change === ANY_ACCESS_CHANGE) return b;
    bound = joinBounds(bound, b);
  }
  return bound;
}
