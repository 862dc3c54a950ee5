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
// Owns the inlining. An include of an S3 location, of a file that is absent or unreadable, or
// whose content cannot be merged with the keys written beside it (a key of both: which one wins is
// not documented) is left as written: `Fn::Transform` stays unexpanded and unknown
// (`unexpanded-transform.ts`, `intrinsics.ts`).

import { readLocalSnippet } from './local-artifacts.js';
import { isRecord } from './values.js';

const MAX_DEPTH = 256;

/** The local file an `{ "Fn::Transform": { Name: AWS::Include, Parameters: { Location } } }` names. */
function includedLocation(node: Record<string, unknown>): unknown {
  const t = node['Fn::Transform'];
  if (!isRecord(t) || t.Name !== 'AWS::Include' || !isRecord(t.Parameters)) return undefined;
  return t.Parameters.Location;
}

function inline(node: unknown, baseDir: string | undefined, depth: number): unknown {
  if (depth > MAX_DEPTH) return node;
  if (Array.isArray(node)) {
    let changed = false;
    const out = node.map((x) => {
      const y = inline(x, baseDir, depth + 1);
      if (y !== x) changed = true;
      return y;
    });
    return changed ? out : node;
  }
  if (!isRecord(node)) return node;
  if ('Fn::Transform' in node) {
    const snippet = readLocalSnippet(includedLocation(node), baseDir);
    if (snippet?.read) {
      const { 'Fn::Transform': _, ...siblings } = node;
      const keys = Object.keys(siblings);
      if (!keys.length) return snippet.value;
      if (isRecord(snippet.value) && !keys.some((k) => Object.hasOwn(snippet.value as object, k)))
        return inline({ ...siblings, ...snippet.value }, baseDir, depth + 1);
    }
    return node;
  }
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    const y = inline(v, baseDir, depth + 1);
    if (y !== v) changed = true;
    out[k] = y;
  }
  return changed ? out : node;
}

/**
 * The template with each AWS::Include of a local file that can be read replaced by the file's
 * content (merged into the keys beside it); the same object when there is none. `Transform` (the
 * template's macros) and `Parameters` (where AWS::Include may not be used) are left as written.
 */
export function inlineLocalIncludes(
  template: Record<string, unknown>,
  baseDir: string | undefined,
): Record<string, unknown> {
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(template)) {
    const y = k === 'Transform' || k === 'Parameters' ? v : inline(v, baseDir, 1);
    if (y !== v) changed = true;
    out[k] = y;
  }
  return changed ? out : template;
}
