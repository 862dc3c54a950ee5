// `Fn::Transform` AWS::Include of a local file, inlined before any other processing. The AWS CLI,
// `cloudformation package` (and `sam package` / `sam deploy`), uploads it: "This command can
// upload local artifacts referenced in the following places: ... Location parameter for the
// AWS::Include transform"; AWS::Include "inserts the contents of the specified file at the
// location of the transform in the template" (CloudFormation, "AWS::Include transform"). It is
// evaluated before the transforms of the `Transform` section (the SAM transform included):
// "Macros are evaluated in order, based on their location in the template, from the most deeply
// nested outward to the most general" (CloudFormation User Guide, "Macro evaluation order"), so
// SAM reads an included `DefinitionBody` as written in the file, intrinsic functions included,
// which CloudFormation then resolves as any of the template's.
// An included file may itself include files (AWS::Include "behaves similarly to an include, copy,
// or import directive in programming languages"): those are inlined too, their local paths
// relative to the including file's directory ("The relative path is a location that is relative
// to your template's location"), down to MAX_INCLUDE_DEPTH files deep; a file that includes itself
// (directly or through others) is a cycle, reported as a `cfn/cycle` error and left unexpanded,
// as is an include deeper than the limit (`cfn/include-too-deep`).
// Owns the inlining. An include of an S3 location, of a file that is absent or unreadable, or
// whose content cannot be merged with the keys written beside it (a key of both: which one wins is
// not documented) is left as written: `Fn::Transform` stays unexpanded and unknown
// (`unexpanded-transform.ts`, `intrinsics.ts`).

import { resolve } from 'node:path';
import { childPointer } from '../../model/source.js';
import { artifactDir, readLocalSnippet } from './local-artifacts.js';
import { isRecord } from './values.js';

const MAX_DEPTH = 256;
/** How many files deep includes inside included files are followed (iamspec's limit). */
export const MAX_INCLUDE_DEPTH = 16;

/** A problem found while inlining: at the JSON pointer of the outermost include in the template. */
export interface IncludeProblem {
  code: 'cfn/cycle' | 'cfn/include-too-deep';
  message: string;
  pointer: string;
}

/** The local file an `{ "Fn::Transform": { Name: AWS::Include, Parameters: { Location } } }` names. */
function includedLocation(node: Record<string, unknown>): unknown {
  const t = node['Fn::Transform'];
  if (!isRecord(t) || t.Name !== 'AWS::Include' || !isRecord(t.Parameters)) return undefined;
  return t.Parameters.Location;
}

interface Inlining {
  /** The directory the current file's local paths are relative to. */
  baseDir: string | undefined;
  /** The included files being inlined, outermost first (absolute paths): a cycle check. */
  chain: string[];
  /** The pointer in the template of the outermost include being inlined, if any. */
  at: string | undefined;
  problems: IncludeProblem[];
}

function inline(node: unknown, st: Inlining, pointer: string, depth: number): unknown {
  if (depth > MAX_DEPTH) return node;
  if (Array.isArray(node)) {
    let changed = false;
    const out = node.map((x, i) => {
      const y = inline(x, st, childPointer(pointer, i), depth + 1);
      if (y !== x) changed = true;
      return y;
    });
    return changed ? out : node;
  }
  if (!isRecord(node)) return node;
  if ('Fn::Transform' in node) return inlineInclude(node, st, pointer, depth);
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    const y = inline(v, st, childPointer(pointer, k), depth + 1);
    if (y !== v) changed = true;
    out[k] = y;
  }
  return changed ? out : node;
}

/** An `Fn::Transform` node: the included file's content (its own includes inlined), or the node as written. */
function inlineInclude(node: Record<string, unknown>, st: Inlining, pointer: string, depth: number): unknown {
  const snippet = readLocalSnippet(includedLocation(node), st.baseDir);
  if (!snippet?.read) return node;
  const at = st.at ?? pointer;
  const file = resolve(snippet.file);
  if (st.chain.includes(file)) {
    const path = [...st.chain, file].join(' -> ');
    st.problems.push({
      code: 'cfn/cycle',
      message: `AWS::Include of ${snippet.file} includes itself (${path}); it is not expanded and what it inserts is unknown`,
      pointer: at,
    });
    return node;
  }
  if (st.chain.length >= MAX_INCLUDE_DEPTH) {
    st.problems.push({
      code: 'cfn/include-too-deep',
      message: `AWS::Include of ${snippet.file} is more than ${MAX_INCLUDE_DEPTH} included files deep (iamspec's limit); it is not expanded and what it inserts is unknown`,
      pointer: at,
    });
    return node;
  }
  const { 'Fn::Transform': _, ...siblings } = node;
  const keys = Object.keys(siblings);
  const mergeable =
    !keys.length || (isRecord(snippet.value) && !keys.some((k) => Object.hasOwn(snippet.value as object, k)));
  if (!mergeable) return node;
  // The file's own includes, relative to its directory.
  const inner: Inlining = {
    baseDir: artifactDir(snippet.file, undefined),
    chain: [...st.chain, file],
    at,
    problems: st.problems,
  };
  const content = inline(snippet.value, inner, pointer, depth + 1);
  if (!keys.length) return content;
  if (!isRecord(content) || keys.some((k) => Object.hasOwn(content, k))) return node;
  // The keys written beside the include, in this file (their own includes relative to it).
  const beside = inline(siblings, st, pointer, depth + 1) as Record<string, unknown>;
  return { ...beside, ...content };
}

/**
 * The template with each AWS::Include of a local file that can be read replaced by the file's
 * content (merged into the keys beside it; its own includes inlined the same way); the same
 * object when there is none. `Transform` (the template's macros) and `Parameters` (where
 * AWS::Include may not be used) are left as written. `problems`: includes left unexpanded
 * because of a cycle or the depth limit.
 */
export function inlineLocalIncludes(
  template: Record<string, unknown>,
  baseDir: string | undefined,
  file?: string,
): { template: Record<string, unknown>; problems: IncludeProblem[] } {
  const st: Inlining = { baseDir, chain: file ? [resolve(file)] : [], at: undefined, problems: [] };
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(template)) {
    const y = k === 'Transform' || k === 'Parameters' ? v : inline(v, st, childPointer('', k), 1);
    if (y !== v) changed = true;
    out[k] = y;
  }
  return { template: changed ? out : template, problems: st.problems };
}
