// What a resource handler works with: the resource, its stack, the ModelBuilder and the
// session-wide registry (which template resource became which model element, resources by
// name, instance profile usage, deferred organization policies). Helpers read properties as
// strings, lists and tags, and report findings at a property's location.

import type { DeployingAccountOrg } from '../../../aws/org-management-account.js';
import type { Severity } from '../../../model/finding.js';
import type { ModelBuilder } from '../../../model/builder.js';
import type { Source } from '../../../model/source.js';
import { childPointer } from '../../../model/source.js';
import {
  type InstanceProfileUse,
  type LaunchTemplateUse,
  OTHER_TAGS,
  type ResourceKind,
  type Tags,
} from '../../../model/types.js';
import { type Maybe, Unknown } from '../../../model/unknown.js';
import type { PolicyDocument, PolicyKind } from '../../../policy/types.js';
import type { PermissionSetSpec } from '../../identity-center.js';
import type { Identity } from '../resource-identity.js';
import { resourcePolicy } from '../policies.js';
import { readTagsValue, withStackTags } from '../stack-tags.js';
import { markedDocument, withPresence } from './presence.js';
import type { StackContext, TemplateResource } from '../stack.js';
import { NO_VALUE, type Resolved, scalarString, type Value } from '../values.js';

/** A use of an instance profile (model `InstanceProfileUse`). */
export type ProfileUsage = InstanceProfileUse;

/** An organization policy targeting OUs or roots, applied once every account is known. */
export interface DeferredOrgPolicy {
  type: 'scp' | 'rcp';
  document: PolicyDocument;
  targets: string[];
  /**
   * The levels it is attached at (`PolicyDocument.orgLevel`): each OU / root id, or an Unknown
   * target; each account gets one copy per level.
   */
  levels: Maybe<string>[];
  source: Source;
  /** The account of the stack that deploys it (it may be the management account). */
  deployedFrom: string;
  /** Its logical id (named in findings when the document has no name). */
  name: string;
}

/** Session-wide indexes shared by the handlers of every stack. */
export class ModelRegistry {
  /** `<stack id>:<logical id>` → model id (ARN) of the principal, policy or resource created. */
  readonly modelIds = new Map<string, string>();
  /** `<kind>:<account>:<name>` (buckets: `s3-bucket::<name>`) → resource ARN. */
  readonly resourcesByName = new Map<string, string>();
  /** Instance profile uses: `<account>:<profile name>` → uses. */
  readonly profileUsage = new Map<string, ProfileUsage[]>();
  /**
   * Launch templates, by `<stack id>:<logical id>`: where Auto Scaling groups are linked
   * (`LaunchTemplateUse.groups`; by name within an account and Region, handlers/ec2.ts).
   */
  readonly launchTemplates = new Map<string, LaunchTemplateUse>();
  /** Resource ARN → pointer and stack of the policy resource that set its policy. */
  readonly policySetBy = new Map<string, string>();
  readonly accounts = new Set<string>();
  readonly deferredOrgPolicies: DeferredOrgPolicy[] = [];
  /** Accounts whose stacks create the organization (each is its management account) → where. */
  readonly organizationCreatedIn = new Map<string, Source>();
  private readonly deployingOrgs = new Map<string, DeployingAccountOrg>();

  /** How aws/org-management-account.ts reads `account` as the deployer of organization policies (after the create phase). */
  deployingOrg(account: string): DeployingAccountOrg {
    let org = this.deployingOrgs.get(account);
    if (!org) {
      org = { account, createsOrganization: this.organizationCreatedIn.get(account) };
      this.deployingOrgs.set(account, org);
    }
    return org;
  }
  /** IAM Identity Center permission sets by `<stack id>:<logical id>`. */
  readonly permissionSets = new Map<string, PermissionSetSpec>();

  key(ctx: StackContext, logicalId: string): string {
    return `${ctx.id}:${logicalId}`;
  }
}

export class CfnResourceScope {
  readonly source: Source;
  /**
   * Set when the resource might not exist (its `Condition` is undecided): every element the
   * handler adds through `builder` is maybe-present (see presence.ts).
   */
  readonly presence: Unknown | undefined;
  readonly builder: ModelBuilder;
  constructor(
    readonly ctx: StackContext,
    readonly resource: TemplateResource,
    builder: ModelBuilder,
    readonly registry: ModelRegistry,
  ) {
    this.source = ctx.sourceAt(resource.pointer, resource.logicalId);
    this.presence = ctx.presenceOf(resource.logicalId);
    this.builder = withPresence(builder, this.presence);
  }

  get logicalId(): string {
    return this.resource.logicalId;
  }

  get account(): string {
    return this.ctx.account;
  }

  pointer(...path: (string | number)[]): string {
    return childPointer(this.resource.pointer, 'Properties', ...path);
  }

  sourceOf(...path: (string | number)[]): Source {
    return this.ctx.sourceAt(this.pointer(...path), this.logicalId);
  }

  finding(code: string, severity: Severity, message: string, ...path: (string | number)[]): void {
    this.ctx.finding(code, severity, message, path.length ? this.pointer(...path) : this.resource.pointer);
  }

  has(name: string): boolean {
    return name in this.resource.properties && this.prop(name) !== undefined;
  }

  prop(name: string): Resolved | undefined {
    return this.ctx.property(this.logicalId, name);
  }

  /** A property as a string (numbers as text); Unknown kept; undefined when absent or not scalar. */
  str(name: string): string | Unknown | undefined {
    const v = this.prop(name);
    if (v === undefined || v === null || v === NO_VALUE) return undefined;
    return scalarString(v);
  }

  /** A list property; a single scalar counts as a list of one. */
  list(name: string): Value[] | Unknown | undefined {
    const v = this.prop(name);
    if (v === undefined || v === null || v === NO_VALUE) return undefined;
    if (v instanceof Unknown) return v;
    if (Array.isArray(v)) return v;
    return [v];
  }

  policy(path: (string | number)[], kind: PolicyKind): PolicyDocument | undefined {
    const doc = resourcePolicy(this.ctx, this.logicalId, path, kind);
    return doc && markedDocument(doc, this.presence);
  }

  /**
   * `Tags` as `[{Key, Value}]` (or a key/value map); Unknown values kept. Tags the template does
   * not show (the whole property unknown, an entry or a key unknown) may exist: `OTHER_TAGS`. With
   * the tags CloudFormation may add from the stack (stack-tags.ts).
   */
  tags(property = 'Tags'): Tags {
    let other: Unknown | undefined;
    const own = readTagsValue(this.prop(property), (why) => {
      other ??= new Unknown(`the tags of ${this.logicalId} are not all known: ${why.reason}`, why.source);
    });
    if (other) own[OTHER_TAGS] = other;
    return withStackTags(own, this.ctx, this.logicalId);
  }

  setModelId(id: string): void {
    this.registry.modelIds.set(this.registry.key(this.ctx, this.logicalId), id);
    this.registry.accounts.add(this.account);
  }

  modelId(): string | undefined {
    return this.registry.modelIds.get(this.registry.key(this.ctx, this.logicalId));
  }

  /**
   * The name, path and ARN an IAM user, group, role or managed policy gets, with a warning for a
   * name property (`nameProperty`) or `Path` that could not be resolved.
   */
  iamIdentity(nameProperty: string): Identity & { name: string; path: string } {
    const id = this.ctx.identity(this.logicalId);
    this.reportUnresolvedName(id.nameUnresolved, nameProperty, id.name!);
    this.reportUnresolvedPath(id.pathUnresolved, id.path!);
    return id as Identity & { name: string; path: string };
  }

  /** Reports a naming property that could not be resolved (the placeholder name is used). */
  reportUnresolvedName(unresolved: Unknown | undefined, property: string, name: string): void {
    if (!unresolved) return;
    this.finding(
      'cfn/unresolved-name',
      'warning',
      `${property} of ${this.logicalId} is unknown (${unresolved.reason}); it is modelled as "${name}"`,
      property,
    );
  }

  /** Reports an IAM `Path` that could not be resolved (an unknown path part is used). */
  reportUnresolvedPath(unresolved: Unknown | undefined, path: string): void {
    if (!unresolved) return;
    this.finding(
      'cfn/unresolved-path',
      'warning',
      `Path of ${this.logicalId} is unknown (${unresolved.reason}); it is modelled as "${path}", any path where unknown`,
      'Path',
    );
  }

  registerResourceName(kind: ResourceKind, name: string, arn: string): void {
    this.registry.resourcesByName.set(
      resourceNameKey(kind, kind === 's3-bucket' ? '' : this.account, name),
      arn,
    );
  }
}

export function resourceNameKey(kind: ResourceKind, account: string, name: string): string {
  return `${kind}:${account}:${name}`;
}

export interface ResourceHandler {
  /** Phase 1: create principals, managed policies and resources. */
  create?(scope: CfnResourceScope): void;
  /** Phase 2: attach policies, memberships, resource policies (every element exists by now). */
  attach?(scope: CfnResourceScope): void;
  /** Phase 3: what needs every attachment in place (a group's policies reaching unknown users). */
  late?(scope: CfnResourceScope): void;
}
