// Entry points of the CloudFormation adapter: load a template file, a template object (in-memory
// CDK synthesis) or a cloud assembly directory into a ModelBuilder. With a CfnLoadSession the
// inputs are only registered, and built together by `shared.finish()`; without one, each call
// builds at once. Unreadable input throws InputError; everything else becomes findings.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelBuilder } from '../../model/builder.js';
import type { Locator } from '../../model/source.js';
import { LocatedSyntaxError, parseLocatedJson } from '../../policy/located-json.js';
import { ConstructPathIndex } from './construct-paths.js';
import { isCloudAssemblyDir, isCloudFormationTemplate } from './detect.js';
import { InputError } from './errors.js';
import { assemblyStackTags } from './stack-tags.js';
import {
  type CfnLoadOptions,
  type CfnLoadReport,
  CfnLoadSession,
  type StackRegistration,
  stackNameOfFile,
} from './session.js';
import { type ParsedTemplate, parseTemplateText, readTemplateFile } from './template-parser.js';
import type { DeployTemplate } from '../../model/deployed-template.js';
import { isRecord } from './values.js';
import { readInputText } from '../../model/read-input.js';
import { withStandInSpellings } from '../../model/stand-ins.js';

const NOT_A_TEMPLATE =
  'valid JSON/YAML but not a CloudFormation template (expected AWSTemplateFormatVersion or a Resources object whose entries have a Type such as "AWS::IAM::Role")';

function withSession(
  builder: ModelBuilder,
  shared: CfnLoadSession | undefined,
  register: (s: CfnLoadSession) => void,
): void {
  withStandInSpellings(builder.standInSpellings, () => {
    const session = shared ?? new CfnLoadSession();
    session.useBuilder(builder);
    register(session);
    if (!shared) session.finish();
  });
}

/** Loads a JSON or YAML template file. Throws InputError for malformed input or a non-template. */
export function loadTemplateFile(
  file: string,
  builder: ModelBuilder,
  options: CfnLoadOptions = {},
  shared?: CfnLoadSession,
): void {
  const parsed = readTemplateFile(file);
  if (!isCloudFormationTemplate(parsed.value)) throw new InputError(file, NOT_A_TEMPLATE);
  withSession(builder, shared, (s) =>
    s.addStack({
      template: parsed.value as Record<string, unknown>,
      file,
      locate: parsed.locate,
      stackName: stackNameOfFile(file),
      options,
    }),
  );
}

export interface TemplateObjectOptions extends CfnLoadOptions {
  /** File name to show in sources (the template need not exist on disk). */
  file?: string;
  stackName?: string;
  locate?: Locator;
  /** Directory to look for nested stack templates in. */
  baseDir?: string;
}

/** Loads an already parsed template (e.g. from an in-memory CDK synthesis). */
export function loadTemplateObject(
  template: unknown,
  builder: ModelBuilder,
  options: TemplateObjectOptions = {},
  shared?: CfnLoadSession,
): void {
  if (!isCloudFormationTemplate(template)) throw new InputError(options.file ?? '<template>', NOT_A_TEMPLATE);
  const { file, stackName, locate, baseDir, ...loadOptions } = options;
  withSession(builder, shared, (s) =>
    s.addStack({
      template: template as Record<string, unknown>,
      file,
      locate,
      stackName: stackName ?? (file ? stackNameOfFile(file) : 'Stack'),
      stackNameKnown: stackName !== undefined,
      options: loadOptions,
      baseDir,
    }),
  );
}

/**
 * Reads a template another input deploys (model/deployed-template.ts: Terraform's
 * aws_cloudformation_stack with a known template_body) as a stack of its own, in the account and
 * Region it is deployed to, with the parameters it is passed (an unknown one unknown; one not
 * passed takes its Default, else stays unknown). Returns why it cannot be read (not JSON/YAML,
 * not a template), undefined when read.
 */
export const loadDeployedTemplate: DeployTemplate = (builder, d) => {
  let parsed: ParsedTemplate;
  try {
    parsed = parseTemplateText(d.text, d.origin.file);
  } catch (e) {
    if (e instanceof InputError) return e.reason;
    throw e;
  }
  if (!isCloudFormationTemplate(parsed.value)) return NOT_A_TEMPLATE;
  const origin = d.origin;
  const locate: Locator =
    'at' in origin
      ? () =>
          origin.at.line !== undefined ? { line: origin.at.line, column: origin.at.column ?? 1 } : undefined
      : (pointer) => {
          const at = parsed.locate(pointer);
          return at && { line: at.line + origin.lineOffset, column: at.column };
        };
  withSession(builder, undefined, (s) =>
    s.addStack({
      template: parsed.value as Record<string, unknown>,
      file: origin.file,
      locate,
      stackName: d.stackName,
      stackNameKnown: d.stackNameKnown,
      ...(d.stackNameUnknown ? { stackNameUnknown: d.stackNameUnknown } : {}),
      options: { account: d.account, region: d.region, partition: d.partition },
      parameterValue: d.parameter,
      parametersPassedBy: d.passedBy,
      ...(d.presence ? { presence: d.presence } : {}),
      serviceRole: d.serviceRole,
    }),
  );
  return undefined;
};

function readManifest(dir: string): Record<string, unknown> {
  const file = join(dir, 'manifest.json');
  let text: string;
  try {
    text = readInputText(file);
  } catch (e) {
    throw new InputError(file, `cannot read the cloud assembly manifest: ${(e as Error).message}`);
  }
  let value: unknown;
  try {
    value = parseLocatedJson(text, file).value;
  } catch (e) {
    if (e instanceof LocatedSyntaxError) throw new InputError(file, `invalid JSON: ${e.reason}`, e);
    throw new InputError(file, `invalid JSON: ${(e as Error).message}`);
  }
  if (!isRecord(value) || !isRecord(value.artifacts)) {
    throw new InputError(file, 'not a cloud assembly manifest (no "artifacts" object)');
  }
  return value;
}

function readTree(dir: string, artifacts: Record<string, unknown>): unknown {
  let name = 'tree.json';
  for (const a of Object.values(artifacts)) {
    if (
      isRecord(a) &&
      a.type === 'cdk:tree' &&
      isRecord(a.properties) &&
      typeof a.properties.file === 'string'
    ) {
      name = a.properties.file;
    }
  }
  const file = join(dir, name);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readInputText(file));
  } catch {
    return undefined; // construct paths then come from the manifest metadata alone
  }
}

/** `aws://ACCOUNT/REGION`, with `unknown-account` / `unknown-region` left to the options. */
export function parseEnvironment(env: unknown): { account?: string; region?: string } {
  if (typeof env !== 'string') return {};
  const m = /^aws:\/\/([^/]+)\/(.+)$/.exec(env);
  if (!m) return {};
  const out: { account?: string; region?: string } = {};
  if (m[1] !== 'unknown-account' && /^\d{12}$/.test(m[1]!)) out.account = m[1]!;
  if (m[2] !== 'unknown-region') out.region = m[2]!;
  return out;
}

/** Loads every stack of a cloud assembly (cdk.out), including nested assemblies (stages). */
export function loadCloudAssembly(
  dir: string,
  builder: ModelBuilder,
  options: CfnLoadOptions = {},
  shared?: CfnLoadSession,
): void {
  withSession(builder, shared, (s) => registerAssembly(dir, s, options, 0));
}

/** How deep Stages may nest in a cloud assembly (a guard against manifests that loop). */
const MAX_ASSEMBLY_DEPTH = 32;

function registerAssembly(
  dir: string,
  session: CfnLoadSession,
  options: CfnLoadOptions,
  depth: number,
): void {
  const manifest = readManifest(dir);
  const artifacts = manifest.artifacts as Record<string, unknown>;
  const tree = readTree(dir, artifacts);
  for (const [id, artifact] of Object.entries(artifacts)) {
    if (!isRecord(artifact)) continue;
    const props = isRecord(artifact.properties) ? artifact.properties : {};
    if (artifact.type === 'aws:cloudformation:stack') {
      if (typeof props.templateFile !== 'string') {
        throw new InputError(join(dir, 'manifest.json'), `stack artifact ${id} has no templateFile`);
      }
      const file = join(dir, props.templateFile);
      const parsed = readTemplateFile(file);
      // Every stack the manifest lists is a template, even one with no resources (a CDK
      // integ-tests DeployAssert stack holds only Parameters and Rules).
      if (!isRecord(parsed.value)) throw new InputError(file, 'a stack template must be a JSON object');
      session.addStack({
        template: parsed.value as Record<string, unknown>,
        file,
        locate: parsed.locate,
        stackName: typeof props.stackName === 'string' ? props.stackName : id,
        stackNameKnown: true,
        stackTags: assemblyStackTags(props.tags),
        options,
        environment: parseEnvironment(artifact.environment),
        constructPaths: new ConstructPathIndex(artifact.metadata, tree),
        stackConstructPath: typeof artifact.displayName === 'string' ? artifact.displayName : id,
        baseDir: dir,
        serviceRole: assemblyServiceRole(props, join(dir, 'manifest.json'), id),
      });
    } else if (artifact.type === 'cdk:cloud-assembly') {
      // A nested assembly (a Stage) holds stacks too: one that cannot be followed is an input
      // error, never skipped (its principals and policies would be missing from the model).
      const manifest = join(dir, 'manifest.json');
      if (typeof props.directoryName !== 'string')
        throw new InputError(manifest, `nested assembly ${id} has no directoryName`);
      if (depth >= MAX_ASSEMBLY_DEPTH)
        throw new InputError(
          manifest,
          `nested assembly ${id} is more than ${MAX_ASSEMBLY_DEPTH} stages deep (a manifest that points back at itself?): not loaded`,
        );
      registerAssembly(join(dir, props.directoryName), session, options, depth + 1);
    }
  }
}

/**
 * The service role a cloud assembly stack deploys with: its `cloudFormationExecutionRoleArn` (the
 * CDK bootstrap's cfn-exec-role; placeholders resolved per stack, aws/stack-roles.ts), `none`
 * when the manifest names none (the legacy and CLI-credentials synthesizers deploy with the
 * caller's credentials).
 */
export function assemblyServiceRole(
  props: Record<string, unknown>,
  manifest: string,
  id: string,
): StackRegistration['serviceRole'] {
  const arn = props.cloudFormationExecutionRoleArn;
  if (typeof arn !== 'string' || !arn) return 'none';
  return {
    arn,
    what: "the CDK bootstrap's cfn-exec-role (AdministratorAccess unless the bootstrap was given other policies)",
    source: { file: manifest, pointer: `/artifacts/${id}/properties/cloudFormationExecutionRoleArn` },
  };
}

const TEMPLATE_EXTENSIONS = /\.(json|ya?ml|template)$/i;

/**
 * Loads several inputs into one builder and builds them together: cloud assembly directories,
 * template files, and directories of template files (files that are not templates are skipped).
 * Returns what was loaded and which resource types were not modelled.
 */
export function loadCloudFormationInputs(
  paths: readonly string[],
  builder: ModelBuilder,
  options: CfnLoadOptions = {},
): CfnLoadReport {
  const session = new CfnLoadSession();
  session.useBuilder(builder);
  for (const p of paths) {
    if (isCloudAssemblyDir(p)) loadCloudAssembly(p, builder, options, session);
    else if (existsSync(p) && statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        const file = join(p, name);
        if (!TEMPLATE_EXTENSIONS.test(name) || !statSync(file).isFile()) continue;
        // Malformed files are input errors; well-formed files that are not templates are skipped.
        const parsed = readTemplateFile(file);
        if (!isCloudFormationTemplate(parsed.value)) continue;
        session.addStack({
          template: parsed.value as Record<string, unknown>,
          file,
          locate: parsed.locate,
          stackName: stackNameOfFile(file),
          options,
        });
      }
    } else loadTemplateFile(p, builder, options, session);
  }
  return session.finish();
}
