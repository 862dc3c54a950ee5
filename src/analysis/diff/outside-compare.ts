// The access diff's comparison of access to resources outside the inputs (issue 16): the matrix
// evaluates the model's own resources and roles only, so what a principal's `Resource: "*"` (or a
// service wildcard, another stack's ARN) statement allows elsewhere is compared here, on witness
// columns: concrete ARNs that match such a pattern and no resource or role of either state, one per
// class of resources the policies' Resource / NotResource patterns, the accounts and the model
// resources split each ARN format into (witness-resources.ts `WitnessResources.forAction`, the
// exhaustive checks' witnesses: one rule, one place), and the Regions and accounts the conditions
// name on aws:RequestedRegion and aws:ResourceAccount (keys the engine fills from the resource's
// ARN: a Deny on one Region removed widens access there only). A witness column is decided for
// the actions of every service that can name its ARN (matrix/columns.ts `ownWitnessList`:
// sts:AssumeRole on another account's role), and kept only where an outside statement may allow
// one of them (the others are denied on both sides). Each principal with an
// outside grant on either side (outside-grants.ts) is decided on every witness by the matrix (the
// same engine and action lists as the diff's other cells) on both sides, and the cells are
// compared as the diff compares its own (compare-access.ts): a permissions boundary, an SCP or a
// Deny removed from a principal whose Allow statement is unchanged shows as added access, and two
// textually different but equivalent statements (one split in two) as no change. A change is shown
// on the ARN format its witnesses stand for (`arn:aws:dynamodb:*:123456789012:table/*`) when every
// witness of the format changed alike, else on a pattern of the policies that exactly those
// witnesses match (`arn:aws:s3:::reports/*`), else on each witness; its statements are those of
// every witness it stands for. Labelled "resources outside the inputs matching ...".
//
// Which services: those an outside statement names (its actions' service prefixes, its patterns'
// service fields); for a statement whose actions name every service (`*`, `NotAction`), those any
// statement of either model names, plus one service none names (its cells are decided and their
// changes shown). The statements of an attached AWS managed policy the catalog holds are outside
// statements like the others (outside-grants.ts), the policy their holder. What cannot be compared
// stays "not compared" (access-diff.ts `outsideNotCompared`): statements with unknown values,
// `Action: "*"` and NotAction, attached policies whose document neither the inputs nor the catalog
// hold, and every outside statement when a witness search is incomplete.
//
// Why `Action: "*"` and NotAction stay "not compared" (session 9 looked for a bounded comparison):
// such a statement allows the actions of some 400 services, those no policy names among them. One
// stand-in service can decide for all of those only if every one of them is decided like it, and
// that fails on things the inputs do not control: (1) the engine decides some services by their
// own rules (a KMS key's key policy, S3 buckets whose ARN has no account, the trust policy of
// sts:AssumeRole, global services whose aws:RequestedRegion is us-east-1), so a service no policy
// names is not like any other; (2) a wildcard inside a service prefix or an action name
// (`*:Get*`, `s*:*`, `NotAction: "*:Delete*"`) or inside the service field of a Resource pattern
// (`arn:aws:*:*:*:table/*`) matches some unnamed services and not others; (3) condition keys of a
// service (`kms:ViaService`) apply to that service only; (4) actions without resource types
// (requested on "*") of every service named (ec2 alone has hundreds) would have to be decided on
// "*" too, beyond resourceless-compare.ts's MAX_DECISIONS on organisations of thousands of
// principals. A sound comparison would need the engine's per-service rules as data (which services
// decide alike), a check of (2) and (3) over every statement of both states, and a bound for (4)
// that keeps the other statements compared: more than a change here. So the access such a
// statement gives is shown where the witnesses decide it, and the statement is listed as not
// compared, with why, so `--fail-on added` fails on it.

import { actionsOfService, matchActions } from '../../catalog/index.js';
import type { Engine } from '../../engine/engine.js';
import { parseArn } from '../../model/arns.js';
import { modelReadsTags } from '../../model/tag-reads.js';
import { isUnknown } from '../../model/unknown.js';
import type { Model, Resource } from '../../model/types.js';
import type { PolicyDocument, Statement } from '../../policy/types.js';
import { compileArnPattern, compileGlob, type Matcher } from '../../policy/wildcard.js';
import { buildMatrixParallel } from '../matrix/workers.js';
import { servicesActingOn } from '../matrix/action-lists.js';
import { cellsFromRows } from '../matrix/cell-store.js';
import {
  awsManagedDocumentsOf,
  awsManagedStatements,
  insideOf,
  type OutsideGrant,
  outsideGrants,
  outsideStatementOf,
} from '../outside-grants.js';
import type { RequestContext } from '../../engine/types.js';
import type { Matrix, MatrixCell, MatrixCells, MatrixPrincipal } from '../types.js';
import { tokensMatch } from '../glob-witness.js';
import { PLACEHOLDER_REGION, unnamedAccount } from '../../model/stand-ins.js';
import {
  actionResourceShape,
  conditionSplits,
  instantiatePattern,
  instantiateTemplate,
  modelResourceOf,
  variableForms,
  WitnessResources,
} from '../witness-resources.js';
import { compareAccess } from './compare-access.js';
import { evaluateResourceless, STAR_COLUMN, STAR_LABEL, starDecidable } from './resourceless-compare.js';
import { addMatrix, emptySide, type SideAccess } from './evaluate.js';
import type { IdentityMap } from './identity.js';
import type { KeyOf } from './layout.js';
import type { ChangeGrant, ChangeRun, DiffLabels } from './types.js';

/** Services that may stand for the services no statement names (the first one none names). */
const STAND_IN_SERVICES = ['sqs', 'sns', 'dynamodb', 'kinesis', 'logs', 'secretsmanager', 'ssm', 'ec2'];

/**
 * At most this many ARN formats x model resources searched exhaustively (each format's search
 * reads every resource; beyond: readable witnesses only, and the outside statements the base
 * does not hold as they are stay not compared).
 */
export const MAX_SEARCH = 5_000;

/** At most this many witness columns (beyond: the outside statements stay not compared). */
export const MAX_WITNESSES = 2_000;

/** The witness columns of a diff, and what they stand for. */
export interface OutsideWitnesses {
  /** Witness ARNs, sorted. */
  arns: string[];
  /** By witness ARN: the ARN format it stands for (a change's resource). */
  display: Map<string, string>;
  /** Diff keys of the principals compared on them (with an outside grant on either side). */
  principals: Set<string>;
  /**
   * The ARN formats some of whose witnesses were left out because no outside statement allows an
   * action there (denied on both sides): a change is never shown on such a format as a whole, only
   * on its witnesses (the format holds resources that did not change).
   */
  leftOut?: Map<string, string>;
  /**
   * The Resource / NotResource patterns the witnesses were searched with (a change may be shown
   * on one of them: `narrowerPattern`); absent for the columns of an access snapshot.
   */
  patterns?: readonly string[];
  /**
   * Every outside statement of these principals is decided on the witnesses (the searches were
   * complete, within MAX_WITNESSES): a statement of the new state compared there is no longer
   * "not compared".
   */
  complete: boolean;
  /**
   * The outside statements whose every action the witnesses decide (known actions with resource
   * types: never `*`, `NotAction`, or an action requested on `*`).
   */
  covered?: WeakSet<Statement>;
  /**
   * The catalog actions the outside statements name that a request makes on `*` (no resource
   * type: `s3:ListAllMyBuckets`, `ec2:DescribeInstances`), sorted: the witness
   * columns are ARNs and never decide them; resourceless-compare.ts decides them on `*`.
   */
  starActions?: string[];
  /**
   * The outside statements whose every action the witnesses and the `*` requests of
   * `starActions` decide together: compared when the diff decided those requests on both sides.
   */
  coveredWithStar?: WeakSet<Statement>;
  /**
   * The statements of AWS managed policies left out of the search (with them it was not complete,
   * without them it was): never compared on the witnesses.
   */
  beyond?: WeakSet<Statement>;
}

/** A side of the witness comparison: a model (and its keys), its outside grants. */
export interface OutsideSideInput {
  model: Model;
  keyOf: KeyOf;
  grants: readonly OutsideGrant[];
}

const serviceOf = (action: string): string | undefined => {
  const colon = action.indexOf(':');
  if (colon <= 0) return undefined;
  const s = action.slice(0, colon).toLowerCase();
  return /[*?]/.test(s) ? undefined : s;
};

/** Every policy document of a model that may decide a request of its principals. */
function* documentsOf(model: Model): Generator<PolicyDocument> {
  for (const p of model.policies) yield p.document;
  // The AWS managed policies attached (the catalog's documents: their Resource patterns split the
  // ARN formats as the inputs' do).
  yield* awsManagedDocumentsOf(model);
  for (const u of model.users) for (const ip of u.inlinePolicies) yield ip.document;
  for (const r of model.roles) for (const ip of r.inlinePolicies) yield ip.document;
  for (const g of model.groups) for (const ip of g.inlinePolicies) yield ip.document;
  for (const o of model.organizations) {
    yield* o.scps;
    yield* o.rcps;
  }
}

function* statementsOf(model: Model): Generator<Statement> {
  for (const doc of documentsOf(model)) if (!doc.unknown) yield* doc.statements;
}

/** The known string values of a statement's list. */
function known(values: Statement['action']): string[] {
  return (values?.values ?? []).filter((v): v is string => !isUnknown(v));
}

/** The service field of an ARN pattern when it is literal. */
function patternService(p: string): string | undefined {
  const fields = p.split(':');
  if (fields.length < 6 || fields[0] !== 'arn') return undefined;
  return /[*?$]/.test(fields[2]!) || !fields[2] ? undefined : fields[2]!.toLowerCase();
}

/** A statement whose actions may name any service (`*`, `*:Get*`, `NotAction`). */
function everyService(s: Statement): boolean {
  return !!s.notAction || known(s.action).some((a) => serviceOf(a) === undefined);
}

/**
 * The witness columns for the principals with outside grants on either side (`keep`: the diff's
 * `--principal` keys). Undefined when there is no such principal.
 */
export function outsideWitnesses(
  sides: readonly OutsideSideInput[],
  keep: ((key: string) => boolean) | undefined,
): OutsideWitnesses | undefined {
  const principals = new Set<string>();
  // Once each (an AWS managed policy's statements are shared by every principal it is attached to).
  const statements = new Set<Statement>();
  for (const side of sides)
    for (const g of side.grants) {
      const key = side.keyOf(g.principal);
      if (keep && !keep(key)) continue;
      principals.add(key);
      const s = outsideStatementOf.get(g);
      if (s) statements.add(s);
    }
  if (!principals.size) return undefined;
  return searchWitnesses(sides, principals, [...statements]);
}

/** outsideWitnesses of the statements found. */
function searchWitnesses(
  sides: readonly OutsideSideInput[],
  principals: Set<string>,
  statements: readonly Statement[],
): OutsideWitnesses {
  const splits = patternsOf(sides);
  // The AWS managed policies' statements name many services (ReadOnlyAccess: hundreds), beyond
  // what an exhaustive search takes: searched without them, the inputs' own statements are still
  // compared, and theirs stay "not compared" (`beyond`). Their Resource patterns still split the
  // formats (patternsOf), so each witness stands for resources they treat alike.
  const own = statements.filter((s) => !awsManagedStatements.has(s));
  // When there are such statements, the search with them stops at its first incomplete search
  // (`stop`): its witnesses are of no use when the narrowed search is complete, and going on
  // cost minutes (SecurityAudit's API Gateway patterns: 200,000 product states per ARN format,
  // for dozens of formats). Only when the narrowed search is not complete either is it made in
  // full, as its witnesses are then the columns.
  const stop = own.length < statements.length ? { cut: false } : undefined;
  const all = witnessesFor(sides, principals, statements, splits, true, stop)!;
  if (all.complete || !stop) return all;
  // Searched only (no readable witnesses: incomplete, they would be of no use).
  const narrowed = witnessesFor(sides, principals, own, splits, false);
  if (!narrowed?.complete) return stop.cut ? witnessesFor(sides, principals, statements, splits)! : all;
  const beyond = new WeakSet<Statement>();
  for (const s of statements) if (awsManagedStatements.has(s)) beyond.add(s);
  return { ...narrowed, beyond };
}

/** The witnesses deciding `statements` (outsideWitnesses). */
function witnessesFor(
  sides: readonly OutsideSideInput[],
  principals: Set<string>,
  statements: readonly Statement[],
  splits: Splits,
  readable = true,
  stop?: SearchStop,
): OutsideWitnesses | undefined {
  const partition = sides[sides.length - 1]!.model.partition;
  const reach = reachOf(statements, partition);
  for (const s of statements)
    for (const p of [...known(s.resource), ...known(s.notResource)]) {
      const svc = patternService(p);
      if (svc) reach.services.add(svc);
    }
  if (reach.all) {
    for (const svc of splits.named) reach.services.add(svc);
    const standIn = STAND_IN_SERVICES.find((svc) => !splits.named.has(svc));
    if (standIn) reach.services.add(standIn);
    for (const svc of reach.services) reach.actions.set(svc, 'all');
  }
  // A service only a pattern names: all its actions.
  for (const svc of reach.services) if (!reach.actions.has(svc)) reach.actions.set(svc, 'all');
  const w = witnessesOf(
    sides,
    principals,
    statements,
    [...reach.services].sort(),
    splits,
    reach.actions,
    readable,
    stop,
  );
  if (!w) return undefined;
  return {
    ...w,
    covered: reach.covered,
    starActions: [...reach.star].sort(),
    coveredWithStar: reach.coveredWithStar,
  };
}

interface Reach {
  services: Set<string>;
  /** By service: the catalog actions the statements name there (`all`: every one). */
  actions: Map<string, Set<string> | 'all'>;
  covered: WeakSet<Statement>;
  /** Actions named that a request may make on `*` (OutsideWitnesses.starActions). */
  star: Set<string>;
  coveredWithStar: WeakSet<Statement>;
  /** Some statement names every service (`*`, `NotAction`). */
  all: boolean;
}

/**
 * The services the outside statements can reach, and their actions (the catalog's that the
 * Action values match); a statement is covered when every action it names is one the witnesses
 * decide: a known action with resource types (the witnesses are ARNs, never the `*` of an action
 * without resource types).
 */
function reachOf(statements: readonly Statement[], partition: string): Reach {
  const reach: Reach = {
    services: new Set(),
    actions: new Map(),
    covered: new WeakSet(),
    star: new Set(),
    coveredWithStar: new WeakSet(),
    all: false,
  };
  for (const s of statements) {
    if (everyService(s)) {
      reach.all = true;
      continue;
    }
    let whole = !s.action?.values.some(isUnknown);
    let onStar = false;
    for (const a of known(s.action)) {
      const svc = serviceOf(a);
      if (!svc) continue;
      reach.services.add(svc);
      const matched = matchActions(a);
      if (!matched.length) whole = false;
      let set = reach.actions.get(svc);
      if (!set) {
        set = new Set();
        reach.actions.set(svc, set);
      }
      for (const m of matched) {
        if (set !== 'all') set.add(m.name);
        // A request on `*` (an action without resource types) is no witness column's. (Actions
        // whose resource types the catalog lists as all optional, s3:GetObject among them, are
        // decided on their ARN formats, as the matrix does.)
        if (!actionResourceShape(m.name, partition).templates?.length) {
          reach.star.add(m.name);
          onStar = true;
        }
      }
    }
    if (whole && !onStar) reach.covered.add(s);
    if (whole) reach.coveredWithStar.add(s);
  }
  return reach;
}

/** What splits the resources outside the inputs into classes, from every statement of either model. */
interface Splits {
  /** Resource / NotResource patterns that may name something outside the inputs. */
  patterns: string[];
  /** The services the statements name. */
  named: Set<string>;
  /** Regions and accounts named by conditions on aws:RequestedRegion, aws:ResourceAccount. */
  regions: string[];
  accounts: string[];
}

/**
 * Every Resource / NotResource pattern of either model (policy variables as `*`) that may name
 * something outside the inputs (one that names only a resource or role of the inputs, or objects
 * of one of their buckets, splits nothing outside them: outside-grants.ts `insideOf`), the
 * services the statements name, and the Regions and accounts their conditions on keys the engine
 * fills from the resource name (witness-resources.ts `conditionSplits`: a Deny on one Region
 * removed widens access there only).
 */
function patternsOf(sides: readonly OutsideSideInput[]): Splits {
  const inside = sides.map((side) => insideOf(side.model));
  const patterns = new Set<string>();
  const named = new Set<string>();
  const regions = new Set<string>();
  const accounts = new Set<string>();
  for (const side of sides)
    for (const s of statementsOf(side.model)) {
      conditionSplits(s.conditions, regions, accounts);
      for (const a of [...known(s.action), ...known(s.notAction)]) {
        const svc = serviceOf(a);
        if (svc) named.add(svc);
      }
      for (const p of [...known(s.resource), ...known(s.notResource)])
        for (const form of variableForms(p, () => undefined)) {
          const svc = patternService(form);
          if (svc) named.add(svc);
          if (!inside.some((isInside) => isInside(form))) patterns.add(form);
        }
    }
  return { patterns: [...patterns], named, regions: [...regions].sort(), accounts: [...accounts].sort() };
}

/** The model resources and roles of every side (a witness must be none of them). */
function inputsOf(sides: readonly OutsideSideInput[]): (arn: string) => boolean {
  const byArn = new Map<string, Resource>();
  const roles = new Set<string>();
  for (const side of sides) {
    for (const r of side.model.resources) byArn.set(r.arn, r);
    for (const r of side.model.roles) roles.add(r.arn);
  }
  return (arn) => roles.has(arn) || !!modelResourceOf(byArn, arn);
}

/** A compiled ARN pattern per pattern, compiled once. */
function arnMatchers(): (pattern: string) => Matcher {
  const matchers = new Map<string, Matcher>();
  return (p) => {
    let m = matchers.get(p);
    if (!m) {
      m = compileArnPattern(p);
      matchers.set(p, m);
    }
    return m;
  };
}

/**
 * Can a statement's Action (or NotAction) name an action of `service`? The witness column of an ARN
 * is decided for the actions that can name it (matrix/columns.ts `ownWitnessList`: its service's,
 * and those of the services acting on it, `servicesActingOn`), so a statement that names none of
 * them allows nothing there (`logs:*` on `*` and a DynamoDB table). NotAction and unknown values
 * may name any.
 */
function mayNameService(s: Statement, service: string): boolean {
  if (s.notAction || !s.action) return true;
  return s.action.values.some((a) => {
    if (isUnknown(a)) return true;
    const colon = a.indexOf(':');
    return compileGlob(colon < 0 ? a : a.slice(0, colon), true).test(service);
  });
}

/**
 * Does some outside statement allow (maybe) an action of the ARN's service on it? A witness none
 * allows is denied on both sides: it would only add a column (and entries that spell odd ARNs
 * of services the statements do not name).
 */
function allowedBy(statements: readonly Statement[]): (arn: string) => boolean {
  const matcher = arnMatchers();
  const byService = new Map<string, readonly Statement[]>();
  const naming = (service: string): readonly Statement[] => {
    let list = byService.get(service);
    if (!list) {
      const acting = servicesActingOn(service);
      list = statements.filter((s) => acting.some((svc) => mayNameService(s, svc)));
      byService.set(service, list);
    }
    return list;
  };
  return (arn) => {
    const service = parseArn(arn)?.service;
    return (service === undefined ? statements : naming(service.toLowerCase())).some((s) => {
      if (s.notResource) return !known(s.notResource).some((p) => matcher(p).test(arn));
      return (s.resource?.values ?? []).some(
        (p) => isUnknown(p) || variableForms(p, () => undefined).some((f) => matcher(f).test(arn)),
      );
    });
  };
}

/** One action per distinct set of ARN formats of each service (actions of one resource type share them). */
function shapesOf(
  services: readonly string[],
  actionsOf: ReadonlyMap<string, Set<string> | 'all'>,
  partition: string,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const service of services) {
    const shapes = new Map<string, string>();
    const wanted = actionsOf.get(service) ?? 'all';
    const names = wanted === 'all' ? actionsOfService(service).map((a) => a.name) : [...wanted];
    for (const name of names) {
      const shape = actionResourceShape(name, partition);
      if (!shape.templates?.length) continue;
      const key = shape.templates.join('\n');
      if (!shapes.has(key)) shapes.set(key, name);
    }
    out.set(service, [...shapes.values()]);
  }
  return out;
}

/**
 * Asks a witness search to stop at its first incomplete search (`cut`: it did), when only
 * whether it is complete counts (`searchWitnesses`).
 */
interface SearchStop {
  cut: boolean;
}

/** What the witness searches share: the models, the accounts, and where a witness goes. */
interface WitnessWork {
  sides: readonly OutsideSideInput[];
  main: Model;
  accounts: string[];
  patterns: readonly string[];
  /** Regions and accounts named by conditions (Splits): searched as their own classes. */
  conditionRegions: readonly string[];
  conditionAccounts: readonly string[];
  shapes: Map<string, string[]>;
  /** Adds a witness found for `action` (unless it is an input or no statement allows it). */
  add: (arn: string, action: string) => void;
}

function witnessesOf(
  sides: readonly OutsideSideInput[],
  principals: Set<string>,
  statements: readonly Statement[],
  services: readonly string[],
  splits: Splits,
  actionsOf: ReadonlyMap<string, Set<string> | 'all'>,
  readable: boolean,
  stop?: SearchStop,
): Omit<OutsideWitnesses, 'covered'> | undefined {
  const main = sides[sides.length - 1]!.model;
  const accounts = [...new Set(sides.flatMap((s) => s.model.accounts.map((a) => a.id)))];
  const isInput = inputsOf(sides);
  const allows = allowedBy(statements);
  const display = new Map<string, string>();
  const leftOut = new Map<string, string>();
  const shapes = shapesOf(services, actionsOf, main.partition);
  const work: WitnessWork = {
    sides,
    main,
    accounts,
    patterns: splits.patterns,
    conditionRegions: splits.regions,
    conditionAccounts: splits.accounts,
    shapes,
    add: (arn, action) => {
      if (arn === '*' || display.has(arn) || isInput(arn)) return;
      const format = formatOf(arn, action, main.partition, accounts);
      if (allows(arn)) display.set(arn, format);
      else leftOut.set(arn, format);
    },
  };
  // Beyond MAX_SEARCH formats x resources (statements on `*` of services with hundreds of resource
  // types, thousands of resources), the exhaustive search costs more than the rest of a diff
  // (measured: 20 s on bench/ diff-scale's 1,000-principal organisations): readable witnesses only
  // (each format and each outside pattern filled in each account), and the statements of the
  // new state the base does not hold as they are stay "not compared".
  const shapeCount = [...shapes.values()].reduce((n, l) => n + l.length, 0);
  const resources = sides.reduce((n, side) => n + side.model.resources.length, 0);
  let complete = false;
  if (shapeCount * (1 + resources) > MAX_SEARCH) {
    if (!readable) return undefined;
    readableWitnesses(work, services);
  } else complete = searchedWitnesses(work, services, () => display.size, stop);
  if (services.includes('iam')) taggedIamWitnesses(work);
  return {
    arns: [...display.keys()].sort(),
    display,
    principals,
    complete,
    leftOut,
    patterns: splits.patterns,
  };
}

/**
 * The IAM customer managed policies and identity providers of either side, each a witness of its
 * own where some policy reads tags: no diff column holds them, and their tags are the
 * aws:ResourceTag/* of a request on them (engine/outside-resource-tags.ts), so a tag change under
 * an unchanged `iam:CreatePolicyVersion` on `*` with `aws:ResourceTag/team = dev` changes access
 * to that policy alone, which no other witness shows (test/diff-iam-policy-tags.test.ts).
 */
function taggedIamWitnesses(work: WitnessWork): void {
  if (!work.sides.some((side) => modelReadsTags(side.model))) return;
  for (const { model } of work.sides) {
    for (const p of model.policies) work.add(p.arn, 'iam:GetPolicy');
    for (const p of model.identityProviders)
      if (!isUnknown(p.arn))
        work.add(p.arn, p.kind === 'oidc' ? 'iam:GetOpenIDConnectProvider' : 'iam:GetSAMLProvider');
  }
}

/** Readable witnesses: each ARN format and each outside pattern filled in each account. */
function readableWitnesses(work: WitnessWork, services: readonly string[]): void {
  const { main, accounts } = work;
  const other = unnamedAccount(main, accounts);
  const region = main.accounts.find((a) => a.region)?.region ?? PLACEHOLDER_REGION;
  for (const service of services) {
    const own = work.patterns.filter((p) => p !== '*' && patternService(p) === service);
    for (const action of work.shapes.get(service)!) {
      const shape = actionResourceShape(action, main.partition);
      for (const account of [...accounts, other]) {
        const d = { partition: main.partition, region, account };
        for (const t of shape.templates!) work.add(instantiateTemplate(t, d), action);
        for (const p of own) {
          const arn = instantiatePattern(p, service, d);
          if (shape.within!.some((t) => tokensMatch(t, arn))) work.add(arn, action);
        }
      }
    }
  }
}

/**
 * The exhaustive witnesses (`WitnessResources.forAction`, split by the patterns, the accounts and
 * the model's resources; a witness on a resource of another side splits it off and the search is
 * made again). True when every search was complete within MAX_WITNESSES.
 */
function searchedWitnesses(
  work: WitnessWork,
  services: readonly string[],
  count: () => number,
  stop?: SearchStop,
): boolean {
  const { main, accounts } = work;
  const finder = new WitnessResources(main);
  const byArnOthers = new Map<string, Resource>();
  for (const side of work.sides.slice(0, -1)) for (const r of side.model.resources) byArnOthers.set(r.arn, r);
  let complete = true;
  for (const service of services) {
    const split = work.patterns.filter((p) => {
      const svc = patternService(p);
      return svc === undefined || svc === service;
    });
    for (const action of work.shapes.get(service)!) {
      const query = (patterns: string[]) =>
        finder.forAction({
          action,
          patterns,
          principalAccount: undefined,
          accounts: [...accounts, ...work.conditionAccounts],
          ...(work.conditionRegions.length ? { regions: work.conditionRegions } : {}),
          ...(stop ? { untilIncomplete: true } : {}),
        });
      let set = query(split);
      for (let round = 0; round < 20; round++) {
        const hit = set.resources
          .map((arn) => modelResourceOf(byArnOthers, arn)?.arn)
          .filter((arn): arn is string => !!arn && !split.includes(arn) && !/[*?]/.test(arn));
        if (!hit.length) break;
        for (const arn of new Set(hit)) split.push(arn, `${arn}/*`);
        set = query(split);
      }
      if (!set.complete) complete = false;
      if (!complete && stop) {
        stop.cut = true;
        return false;
      }
      for (const arn of set.resources) work.add(arn, action);
    }
    if (count() > MAX_WITNESSES) return false;
  }
  return complete;
}

/**
 * The ARN format a witness stands for: the catalog template of the action's resource types it
 * matches, its variables as `*` but the account (the witness's own when the inputs define it:
 * `*` stands for the accounts they do not), as an ARN pattern.
 */
function formatOf(arn: string, action: string, partition: string, accounts: readonly string[]): string {
  const shape = actionResourceShape(action, partition);
  const i = shape.within?.findIndex((t) => tokensMatch(t, arn)) ?? -1;
  const template = i >= 0 ? shape.templates![i]! : undefined;
  if (!template) return arn;
  const account = parseArn(arn)?.account ?? '';
  return template.replace(/\$\{([^}]*)\}/g, (_m, name: string) => {
    const n = name.toLowerCase();
    return (n === 'account' || n === 'accountid') && accounts.includes(account) ? account : '*';
  });
}

/** What a run's entries say (action, kind, access before and after, conditions), as one text. */
function entriesText(run: ChangeRun): string {
  return run.entries
    .map((e) => `${e.action}|${e.kind}|${e.before}|${e.after}|${(e.conditions ?? []).join('&')}`)
    .join('\n');
}

/**
 * The runs of the witness columns, each shown on the format its witness stands for when every
 * witness of that format changes the same way for the principal (one run on the format); else
 * (a policy tells those resources apart) each on its own witness.
 */
function onFormats(runs: readonly ChangeRun[], witnesses: OutsideWitnesses): ChangeRun[] {
  const { display, leftOut } = witnesses;
  // Every witness of each format: those decided, and those left out (no statement allows them).
  const ofFormat = new Map<string, string[]>();
  const note = (arn: string, format: string) => {
    const list = ofFormat.get(format);
    if (list) list.push(arn);
    else ofFormat.set(format, [arn]);
  };
  for (const [arn, format] of display) note(arn, format);
  for (const [arn, format] of leftOut ?? []) note(arn, format);
  const groups = new Map<string, ChangeRun[]>();
  for (const run of runs) {
    const shown = display.get(run.resource) ?? run.resource;
    const key = `${run.principal}\n${shown}\n${run.via?.join(',') ?? ''}`;
    const g = groups.get(key);
    if (g) g.push(run);
    else groups.set(key, [run]);
  }
  const narrower = narrowerPattern(witnesses, ofFormat);
  const out: ChangeRun[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const shown = display.get(first.resource);
    const alike =
      shown !== undefined &&
      group.every((r) => r.entries === first.entries || entriesText(r) === entriesText(first));
    if (!alike) out.push(...group);
    else if (group.length === ofFormat.get(shown)?.length) out.push(mergedRun(group, shown));
    else {
      const pattern = narrower(group);
      if (pattern) out.push(mergedRun(group, pattern));
      else out.push(...group);
    }
  }
  return out;
}

/**
 * A pattern of the policies (`OutsideWitnesses.patterns`) that the witnesses of a group match and
 * no other witness does (of its format or another): the search splits the formats by every such
 * pattern, so the group's witnesses stand for exactly the resources of the format that match it,
 * and the group is shown on it (`arn:aws:s3:::reports/*` rather than each witness). Undefined
 * when none does (or the witnesses were not searched exhaustively).
 */
function narrowerPattern(
  witnesses: OutsideWitnesses,
  ofFormat: ReadonlyMap<string, readonly string[]>,
): (group: readonly ChangeRun[]) => string | undefined {
  const patterns = witnesses.complete ? (witnesses.patterns ?? []) : [];
  const matcher = arnMatchers();
  const all = [...ofFormat.values()].flat();
  return (group) => {
    const mine = new Set(group.map((r) => r.resource));
    for (const p of patterns) {
      if (p === '*' || p.includes('(')) continue;
      const m = matcher(p);
      if (!group.every((r) => m.test(r.resource))) continue;
      if (all.every((arn) => mine.has(arn) || !m.test(arn)) && !ofFormat.has(p)) return p;
    }
    return undefined;
  };
}

const grantKey = (g: ChangeGrant): string =>
  `${g.state}|${g.stage}|${g.policy}|${g.statement}|${g.effect}|${g.source?.file}:${g.source?.line}`;

/**
 * The runs of every witness of one format that change alike, as one run on the format: each
 * entry lists the statements of that action on every witness (a statement that grants it on some
 * of those resources only is one of them too), so the explanation is the format's, not the first
 * witness's.
 */
function mergedRun(group: readonly ChangeRun[], shown: string): ChangeRun {
  const first = group[0]!;
  const rest = group.slice(1);
  let grants: Map<number, ChangeGrant[]> | undefined;
  for (let i = 0; i < first.entries.length; i++) {
    const own = first.grants?.get(i) ?? first.entries[i]!.grants;
    // Every witness with this very list (the runs share their entries): the union is `own`.
    if (!first.grants?.has(i) && rest.every((run) => (run.grants?.get(i) ?? run.entries[i]!.grants) === own))
      continue;
    const seen = new Set(own.map(grantKey));
    const union = [...own];
    for (const run of rest)
      for (const g of run.grants?.get(i) ?? run.entries[i]!.grants) {
        const k = grantKey(g);
        if (seen.has(k)) continue;
        seen.add(k);
        union.push(g);
      }
    if (union.length === own.length && !first.grants?.has(i)) continue;
    grants ??= new Map();
    grants.set(i, union);
  }
  return { ...first, resource: shown, ...(grants ? { grants } : {}) };
}

/** One side's cells on the witness columns. */
export interface OutsideCells {
  matrix: Matrix;
  keyOf: KeyOf;
}

/** Decides a side's principals (of `witnesses.principals`) on the witness columns. */
export async function evaluateOutside(
  witnesses: OutsideWitnesses,
  model: Model,
  keyOf: KeyOf,
  engine: Engine,
  options: { context?: RequestContext; assumed?: RequestContext; now?: Date } = {},
): Promise<OutsideCells> {
  const rows = [...model.users, ...model.roles]
    .map((p) => p.arn)
    .filter((arn) => witnesses.principals.has(keyOf(arn)));
  const matrix = rows.length
    ? await buildMatrixParallel(model, {
        principals: rows,
        resources: witnesses.arns,
        ...(options.context && Object.keys(options.context).length ? { context: options.context } : {}),
        // assumed, never hiding access granted without it (assumed-context.ts)
        ...(options.assumed && Object.keys(options.assumed).length ? { assumed: options.assumed } : {}),
        chains: false,
        actionGrants: true,
        compiled: engine,
        engine: options.now ? { now: options.now } : {},
      })
    : emptyMatrix();
  return { matrix, keyOf };
}

function emptyMatrix(): Matrix {
  return { levels: [], principals: [], resources: [], cells: [], chains: {} } as unknown as Matrix;
}

function sideOf(cells: OutsideCells, exact: boolean): SideAccess {
  const side = emptySide(cells.keyOf, exact);
  if (cells.matrix.principals.length) addMatrix(side, cells.matrix);
  return side;
}

/**
 * One side's cells on the witness columns as a side of the diff (compare-access.ts compares them
 * with the diff's other cells, `compareAccess`'s `elsewhere`).
 */
export function outsideSide(cells: OutsideCells, exact: boolean): SideAccess {
  return sideOf(cells, exact);
}

/** The changes on the witness columns, each on its witness ARN (explained with the diff's others). */
export function outsideChanges(
  before: OutsideCells,
  after: OutsideCells,
  identity: IdentityMap,
  exact: { before: boolean; after: boolean },
): ChangeRun[] {
  return [...compareAccess(sideOf(before, exact.before), sideOf(after, exact.after), identity, false).runs];
}

/**
 * A diff's runs on witness columns (`mine`) shown on the format each stands for (`onFormats`),
 * and the labels of those resources; they replace `mine` in the diff.
 */
export function onWitnessFormats(
  witnesses: OutsideWitnesses,
  mine: readonly ChangeRun[],
): { runs: ChangeRun[]; labels: DiffLabels['resources'] } {
  const shown = onFormats(mine, witnesses);
  const labels: DiffLabels['resources'] = {};
  for (const run of shown) {
    const format = witnesses.display.get(run.resource);
    labels[run.resource] = {
      name: format
        ? `resources outside the inputs matching ${format}, as ${run.resource} (the policies tell some of them apart)`
        : `resources outside the inputs matching ${run.resource}`,
      kind: 'outside',
    };
  }
  return { runs: shown, labels };
}

/**
 * Is a statement of the new state compared on the witnesses (so not "not compared")? Its
 * principal was decided there, every witness search was complete, and the statement is read
 * whole (no unknown value: what an unknown names is not pinned down); with `star` (the diff
 * decided `starActions` on `*` on both sides, resourceless-compare.ts), a statement naming such
 * actions too.
 */
export function comparedOnWitnesses(witnesses: OutsideWitnesses | undefined, keyOf: KeyOf, star = false) {
  return (g: OutsideGrant): boolean => notComparedWhy(g, witnesses, keyOf, star) === undefined;
}

/**
 * Why a statement of the new state with access outside the inputs is not compared on the
 * witnesses (undefined: it is; see comparedOnWitnesses): the reason shown with it.
 */
export function notComparedWhy(
  g: OutsideGrant,
  witnesses: OutsideWitnesses | undefined,
  keyOf: KeyOf,
  star = false,
): string | undefined {
  const s = outsideStatementOf.get(g);
  if (!s)
    return g.key.startsWith('unknown-document')
      ? 'the policy document is unknown'
      : /^managed arn:[^:]+:iam::aws:policy\//.test(g.key)
        ? 'an AWS managed policy the catalog does not hold (its document is unknown)'
        : 'the managed policy is not in the inputs (its document is unknown)';
  if (s.unknown || s.presence || isUnknown(s.effect)) return 'the statement is partly unknown';
  const lists = [s.action, s.notAction, s.resource, s.notResource];
  if (!lists.every((l) => !l || l.values.every((v) => !isUnknown(v))))
    return 'a value of the statement is unknown';
  if (everyService(s))
    return 'Action "*" or NotAction names the actions of every service, those no policy of the inputs names too';
  if (!witnesses?.principals.has(keyOf(g.principal)))
    return 'its principal was not decided outside the inputs';
  if (!witnesses.complete)
    return 'the search of resources outside the inputs was not complete (too many ARN formats and resources)';
  if (witnesses.beyond?.has(s))
    return "the search of resources outside the inputs was not complete with the AWS managed policies' statements (too many ARN formats and resources): the inputs' own were compared without them";
  if (witnesses.covered?.has(s)) return undefined;
  if (star && witnesses.coveredWithStar?.has(s)) return undefined;
  if (witnesses.coveredWithStar?.has(s))
    return 'it names actions requested on "*" (without resource types), not decided against this base';
  return 'it names an action the catalog does not know';
}

/**
 * The witness cells an access snapshot records (`outsideWitnesses` of `iamspec matrix --format
 * json`): the witness columns of the model's principals with outside grants, the format each
 * stands for, and their cells (levels as the snapshot's). A snapshot diff decides the new state on
 * the same columns and compares (absent from older snapshots: then those statements stay "not
 * compared" unless the base holds them as they are).
 */
export interface OutsideWitnessRecord {
  /** The witness columns, each with the ARN format it stands for. */
  resources: { arn: string; format: string }[];
  /** Every witness search was complete (`OutsideWitnesses.complete`). */
  complete: boolean;
  /**
   * The formats some of whose witnesses no statement allows (`OutsideWitnesses.leftOut`), sorted;
   * absent from older snapshots (their changes may then be shown on a whole format).
   */
  leftOut?: { arn: string; format: string }[];
  principals: MatrixPrincipal[];
  /** `cells[principal][witness][level]`. */
  cells: MatrixCells | MatrixCell[][][];
  /**
   * The requests on `*` of the same principals (resourceless-compare.ts): the actions decided and
   * `cells[principal][0][level]`. Absent from older snapshots and beyond its MAX_DECISIONS: then
   * the statements naming such actions stay "not compared".
   */
  star?: { actions: string[]; cells: MatrixCells | MatrixCell[][][] };
}

/** The record of a model's witness cells (undefined: no principal has an outside grant). */
export async function outsideWitnessRecord(
  model: Model,
  engine: Engine,
  options: {
    context?: RequestContext;
    assumed?: RequestContext;
    now?: Date;
    keep?: (principal: string) => boolean;
  } = {},
): Promise<OutsideWitnessRecord | undefined> {
  const same: KeyOf = (arn) => arn;
  const witnesses = outsideWitnesses([{ model, keyOf: same, grants: outsideGrants(model) }], options.keep);
  if (!witnesses) return undefined;
  const { matrix } = await evaluateOutside(witnesses, model, same, engine, options);
  const star = starDecidable(witnesses, witnesses.principals.size)
    ? evaluateResourceless(witnesses, model, same, engine, options).matrix
    : undefined;
  // Its rows are the witness rows (the same principals in the same order), else it is left out.
  const aligned =
    star &&
    star.principals.length === matrix.principals.length &&
    star.principals.every((p, i) => p.arn === matrix.principals[i]!.arn);
  return {
    resources: witnesses.arns.map((arn) => ({ arn, format: witnesses.display.get(arn)! })),
    complete: witnesses.complete,
    ...(witnesses.leftOut?.size
      ? { leftOut: [...witnesses.leftOut].sort().map(([arn, format]) => ({ arn, format })) }
      : {}),
    principals: matrix.principals,
    cells: matrix.cells,
    ...(star && aligned ? { star: { actions: witnesses.starActions ?? [], cells: star.cells } } : {}),
  };
}

/**
 * A snapshot diff's witness comparison: the recorded columns and cells as the base (principals
 * by diff key `keyA`, kept by `keep`), the new state's principals with outside grants added to
 * those decided; and whether the new state's statements are compared there (its own witness
 * columns are all recorded ones, every search complete).
 */
export function recordedWitnesses(
  record: OutsideWitnessRecord,
  levels: string[],
  keyA: KeyOf,
  keep: (key: string) => boolean,
  next: Model,
  nextGrants: readonly OutsideGrant[],
): {
  witnesses: OutsideWitnesses;
  before: OutsideCells;
  covers: boolean;
  /** The recorded requests on `*` (when recorded, and covering the new state's). */
  star?: OutsideCells;
} {
  const display = new Map(record.resources.map((r) => [r.arn, r.format]));
  const arns = record.resources.map((r) => r.arn);
  const cells = Array.isArray(record.cells) ? cellsFromRows(record.cells) : record.cells;
  const rows = record.principals.map((p, i) => ({ p, i })).filter(({ p }) => keep(keyA(p.arn)));
  const principals = new Set(rows.map(({ p }) => keyA(p.arn)));
  for (const g of nextGrants) if (keep(g.principal)) principals.add(g.principal);
  const matrix = {
    levels,
    principals: rows.map(({ p }) => p),
    resources: arns.map((arn) => ({ arn, name: arn, kind: 'outside', source: undefined })),
    cells: cellsFromRows(rows.map(({ i }) => arns.map((_, j) => cells.at(i, j)))),
    chains: {},
  } as unknown as Matrix;
  const own = outsideWitnesses([{ model: next, keyOf: (arn) => arn, grants: nextGrants }], keep);
  // The recorded requests on `*`, when they name every action the new state's statements need.
  const recordedStar = record.star;
  const starActions = recordedStar && new Set(recordedStar.actions);
  const starCovers = !!starActions && (own?.starActions ?? []).every((a) => starActions.has(a));
  const witnesses: OutsideWitnesses = {
    arns,
    display,
    principals,
    complete: record.complete,
    ...(record.leftOut ? { leftOut: new Map(record.leftOut.map((w) => [w.arn, w.format])) } : {}),
    ...(own?.covered ? { covered: own.covered } : {}),
    ...(own?.coveredWithStar ? { coveredWithStar: own.coveredWithStar } : {}),
    ...(own?.beyond ? { beyond: own.beyond } : {}),
    ...(starCovers ? { starActions: recordedStar!.actions } : {}),
  };
  const covers = !own || (own.complete && record.complete && own.arns.every((a) => display.has(a)));
  let star: OutsideCells | undefined;
  if (starCovers && recordedStar) {
    const starCells = Array.isArray(recordedStar.cells)
      ? cellsFromRows(recordedStar.cells)
      : recordedStar.cells;
    star = {
      keyOf: keyA,
      matrix: {
        ...matrix,
        resources: [{ arn: STAR_COLUMN, name: STAR_LABEL, kind: 'outside', source: undefined }],
        cells: cellsFromRows(rows.map(({ i }) => [starCells.at(i, 0)])),
      } as unknown as Matrix,
    };
  }
  return { witnesses, before: { matrix, keyOf: keyA }, covers, ...(star ? { star } : {}) };
}
