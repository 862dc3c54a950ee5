// Local artifacts a template names by path before it is packaged: `sam package` / `sam deploy`
// and `aws cloudformation package` upload them and write their S3 location in their place, so the
// stack deploys the file as it is beside the template. The AWS CLI, `cloudformation package`:
// "This command can upload local artifacts referenced in the following places: BodyS3Location
// property for the AWS::ApiGateway::RestApi resource ... DefinitionUri property for the
// AWS::Serverless::Api resource ... DefinitionUri property for the AWS::Serverless::StateMachine
// resource", and "To specify a local artifact in your template, specify a path to a local file or
// folder, as either an absolute or relative path. The relative path is a location that is relative
// to your template's location." The AWS SAM Developer Guide, AWS::Serverless::Api, DefinitionUri:
// "Amazon S3 Uri, local file path, or location object of the the OpenAPI document defining the
// API ... If a local file path is provided, the template must go through the workflow that
// includes the `sam deploy` or `sam package` command".
// Owns which values are such paths and reading the OpenAPI document one names; a value that is
// not a local path (an S3 URI, a location object, an intrinsic) is not read here.

import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { InputError } from './errors.js';
import { readTemplateFile } from './template-parser.js';
import { isRecord } from './values.js';

/**
 * The directory a template's local paths are relative to: its own file's ("relative to your
 * template's location"), else the directory it was loaded from (a template given as an object).
 */
export function artifactDir(file: string | undefined, baseDir: string | undefined): string | undefined {
  return file !== undefined ? dirname(file) : baseDir;
}

/** A local path the packaging commands upload: a string that is not an S3 or HTTP(S) URI. */
export function localArtifactPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return /^(s3|https?):\/\//i.test(value) ? undefined : value;
}

/**
 * The JSON or YAML content of the local file `value` names, relative to `baseDir` (the
 * template's directory), as written (YAML short-form intrinsics in their long form); undefined
 * when `value` is not a local path.
 */
export function readLocalSnippet(
  value: unknown,
  baseDir: string | undefined,
): { read: true; value: unknown; file: string } | { read: false; why: string; file: string } | undefined {
  const path = localArtifactPath(value);
  if (path === undefined) return undefined;
  const file = isAbsolute(path) || baseDir === undefined ? path : join(baseDir, path);
  if (!existsSync(file) || !statSync(file).isFile())
    return { read: false, file, why: `the local file ${file} it names is not found` };
  try {
    return { read: true, value: readTemplateFile(file).value, file };
  } catch (e) {
    const reason = e instanceof InputError ? e.message : (e as Error).message;
    return { read: false, file, why: `the local file ${file} it names cannot be read (${reason})` };
  }
}

export type LocalDefinition =
  | { read: true; document: Record<string, unknown>; file: string }
  | { read: false; why: string; file: string };

/** An intrinsic function written in a document (`Ref`, `Fn::…`), the first one found. */
function intrinsicIn(value: unknown, depth = 0): string | undefined {
  if (depth > 256) return undefined;
  if (Array.isArray(value)) {
    for (const v of value) {
      const found = intrinsicIn(v, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  for (const [k, v] of Object.entries(value)) {
    if (k === 'Ref' || k.startsWith('Fn::')) return k;
    const found = intrinsicIn(v, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * The OpenAPI document a local `DefinitionUri` / `BodyS3Location` path names, read relative to
 * `baseDir` (the template's directory); undefined when `value` is not a local path. A file that
 * is absent or cannot be parsed is not read (`read: false`, with why). So is one holding an
 * intrinsic function: the packaging commands upload the file as it is and CloudFormation does not
 * resolve functions in it (AWS SAM Developer Guide, AWS::Serverless::Api, DefinitionUri:
 * "Intrinsic functions are not supported in external OpenApi files referenced by
 * `DefinitionUri`"), so what API Gateway makes of such a document is not known.
 */
export function readLocalDefinition(
  value: unknown,
  baseDir: string | undefined,
): LocalDefinition | undefined {
  const snippet = readLocalSnippet(value, baseDir);
  if (!snippet?.read) return snippet;
  const { value: parsed, file } = snippet;
  if (!isRecord(parsed))
    return { read: false, file, why: `the local file ${file} it names is not an OpenAPI document` };
  const intrinsic = intrinsicIn(parsed);
  if (intrinsic)
    return {
      read: false,
      file,
      why: `the local file ${file} it names writes ${intrinsic}, which is not resolved in a file the packaging commands upload (it reaches API Gateway as written)`,
    };
  return { read: true, document: parsed, file };
}
