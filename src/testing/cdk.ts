// CDK helpers (`iamspec/cdk`): turn a CDK Stack, App/Stage or synthesized cloud assembly into an
// account Model. Stacks and apps are synthesized in process the way `aws-cdk-lib/assertions`
// Template.fromStack does (`Stage.of(stack).synth()`, then the stack artifact's template); construct
// paths come from the artifact's `aws:cdk:logicalId` metadata (or tree.json). Importing it
// registers CDK constructs and tokens as model references (cdk-references.ts). This entry point
// and its modules are the only ones that import aws-cdk-lib (an optional peer dependency).

import { fullAccessCompletion } from '../aws/org-managed-policies.js';
import { join } from 'node:path';
import { type App, type Stack, Stage, Token } from 'aws-cdk-lib';
import type { CloudAssembly, CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import {
  assemblyServiceRole,
  type CfnLoadOptions,
  CfnLoadSession,
  loadCloudAssembly,
  loadTemplateObject,
  parseEnvironment,
} from '../adapters/cloudformation/index.js';
import { ConstructPathIndex } from '../adapters/cloudformation/construct-paths.js';
import { deployTimeRoleReach } from '../analysis/deploy-time-reach.js';
import { ModelBuilder } from '../model/builder.js';
import { withOpenAccounts } from '../model/open-accounts.js';
import type { Model } from '../model/types.js';
import { readInputText } from '../model/read-input.js';
import { addLoadFindings } from '../validation/load-findings.js';
import './cdk-references.js';

/**
 * Options of the CDK helpers: the CloudFormation adapter's options. `account` and `region` apply
 * to environment-agnostic stacks only; `partition` also sets the model's partition.
 * `openAccounts`: the model holds the open-account stand-ins (src/model/open-accounts.ts), as
 * `--open-accounts` does.
 */
export type CdkModelOptions = CfnLoadOptions & { openAccounts?: boolean };

/** The finished model of a builder (load findings added; the open-account stand-ins when asked). */
function finish(builder: ModelBuilder, options: CdkModelOptions): Model {
  const model = addLoadFindings(builder.build());
  return options.openAccounts ? withOpenAccounts(model) : model;
}

function newBuilder(options: CdkModelOptions): ModelBuilder {
  // The role chains the deploy-time bounds follow, as the loaders give them (model/role-reach.ts).
  return new ModelBuilder({
    roleReach: deployTimeRoleReach,
    completeOrgLevels: fullAccessCompletion(),
    ...(options.partition ? { partition: options.partition } : {}),
  });
}

/** The parsed tree.json of an assembly, when it has one. */
function readAssemblyTree(assembly: CloudAssembly): unknown {
  try {
    const tree = assembly.tree();
    if (!tree) return undefined;
    return JSON.parse(readInputText(join(assembly.directory, tree.file)));
  } catch {
    return undefined; // construct paths then come from the artifact metadata alone
  }
}

/** Registers one top-level stack artifact, exactly as the adapter does for a cdk.out directory. */
function addStackArtifact(
  session: CfnLoadSession,
  artifact: CloudFormationStackArtifact,
  tree: unknown,
  options: CdkModelOptions,
): void {
  session.addStack({
    template: artifact.template as Record<string, unknown>,
    file: artifact.templateFile,
    stackName: artifact.stackName,
    stackNameKnown: true,
    options,
    environment: parseEnvironment(artifact.manifest.environment),
    constructPaths: new ConstructPathIndex(artifact.metadata, tree),
    stackConstructPath: artifact.displayName,
    // Nested stack templates are files next to the stack's template.
    baseDir: artifact.assembly.directory,
    serviceRole: assemblyServiceRole(
      (artifact.manifest.properties ?? {}) as Record<string, unknown>,
      join(artifact.assembly.directory, 'manifest.json'),
      artifact.id,
    ),
  });
}

function modelOfArtifacts(
  artifacts: readonly CloudFormationStackArtifact[],
  tree: unknown,
  options: CdkModelOptions,
): Model {
  const builder = newBuilder(options);
  const session = new CfnLoadSession();
  session.useBuilder(builder);
  for (const artifact of artifacts) addStackArtifact(session, artifact, tree, options);
  session.finish();
  return finish(builder, options);
}

/**
 * Synthesizes the stack's Stage (or App) in process and builds the model of this one stack
 * (with its nested stacks). References to other stacks (`Fn::ImportValue`) stay unknown: use
 * `fromApp` to model the stacks together.
 */
export function fromStack(stack: Stack, options: CdkModelOptions = {}): Model {
  const stage = Stage.of(stack);
  if (!stage || !Stage.isStage(stage)) {
    throw new Error('iamspec/cdk fromStack: the stack is not part of an App or Stage');
  }
  const assembly = stage.synth();
  const tree = readAssemblyTree(assembly);
  const parent = stack.nestedStackParent;
  if (!parent) return modelOfArtifacts([assembly.getStackArtifact(stack.artifactId)], tree, options);

  // A nested stack: its template is a file of the assembly; its construct paths are recorded in
  // the metadata of the top-level stack that holds it.
  let top: Stack = parent;
  while (top.nestedStackParent) top = top.nestedStackParent;
  const topArtifact = assembly.getStackArtifact(top.artifactId);
  const paths = new ConstructPathIndex(topArtifact.metadata, tree).forStack(stack.node.path);
  const template = withPathMetadata(
    JSON.parse(readInputText(join(assembly.directory, stack.templateFile))),
    paths,
  );
  const builder = newBuilder(options);
  const environment = parseEnvironment(topArtifact.manifest.environment);
  loadTemplateObject(template, builder, {
    ...options,
    account: concrete(stack.account) ?? environment.account ?? options.account,
    region: concrete(stack.region) ?? environment.region ?? options.region,
    file: stack.templateFile,
    stackName: stack.stackName,
    baseDir: assembly.directory,
  });
  return finish(builder, options);
}

function concrete(value: string): string | undefined {
  return Token.isUnresolved(value) ? undefined : value;
}

/** A copy of the template whose resources carry `aws:cdk:path` metadata from `paths`. */
function withPathMetadata(template: unknown, paths: ReadonlyMap<string, string>): unknown {
  if (typeof template !== 'object' || template === null) return template;
  const t = template as Record<string, unknown>;
  const resources = t.Resources;
  if (typeof resources !== 'object' || resources === null) return template;
  const out: Record<string, unknown> = {};
  for (const [id, r] of Object.entries(resources as Record<string, unknown>)) {
    const path = paths.get(id);
    if (!path || typeof r !== 'object' || r === null) {
      out[id] = r;
      continue;
    }
    const res = r as Record<string, unknown>;
    const metadata = typeof res.Metadata === 'object' && res.Metadata !== null ? res.Metadata : {};
    out[id] = { ...res, Metadata: { ...metadata, 'aws:cdk:path': path } };
  }
  return { ...t, Resources: out };
}

/**
 * Synthesizes an App (or Stage) in process and builds one model of all its stacks, including
 * the stacks of nested Stages, so cross-stack references resolve.
 */
export function fromApp(app: App | Stage, options: CdkModelOptions = {}): Model {
  const assembly = app.synth();
  return modelOfArtifacts(assembly.stacksRecursively, readAssemblyTree(assembly), options);
}

/** Builds the model of a synthesized cloud assembly directory (`cdk.out`). */
export function fromAssembly(dir: string, options: CdkModelOptions = {}): Model {
  const builder = newBuilder(options);
  loadCloudAssembly(dir, builder, options);
  return finish(builder, options);
}

export { addIamspecValidator, IamspecValidator, type IamspecValidatorOptions } from './cdk-validator.js';
