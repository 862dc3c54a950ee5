// Where a nested stack's template may be on disk, from its `TemplateURL` (or a SAM application's
// `Location`). Before packaging it is a local path: the AWS CLI, `cloudformation package`, uploads
// the "TemplateURL property for the AWS::CloudFormation::Stack resource" and "Location property for
// the AWS::Serverless::Application resource", and "To specify a local artifact in your template,
// specify a path to a local file or folder, as either an absolute or relative path. The relative
// path is a location that is relative to your template's location." After packaging (or in a CDK
// cloud assembly) it is an S3 URL whose key ends with the file's name, possibly with the
// directories it was uploaded under.
// Owns the candidate paths, most specific first: the path as written (relative to each directory
// given: the template's own, then the directory it was loaded from), then each shorter tail of the
// URL's path segments, down to the last one. Which candidate exists is the caller's business; a
// URL none of them names stays unread (cfn/nested-template-not-found).

import { isAbsolute, join } from 'node:path';

const SCHEME_AND_HOST = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i;

/**
 * The files `text` (the literal `TemplateURL`, or its literal end when the rest is unknown) may
 * name, relative to `dirs` (the first the most likely); `whole` when `text` is the whole value.
 */
export function nestedTemplateCandidates(text: string, whole: boolean, dirs: readonly string[]): string[] {
  const out: string[] = [];
  const add = (path: string) => {
    if (!out.includes(path)) out.push(path);
  };
  const url = SCHEME_AND_HOST.exec(text);
  const pathPart = (url ? text.slice(url[0].length) : text).split(/[?#]/)[0]!;
  // A local path written whole: as written ("as either an absolute or relative path").
  if (whole && !url && pathPart.trim() !== '') {
    if (isAbsolute(pathPart)) add(pathPart);
    else for (const d of dirs) add(join(d, pathPart));
  }
  const segments = pathPart.split(/[/\\]/).filter((s) => s !== '' && s !== '.');
  // The literal tail: the segments after the last one that is not known (`${…}` of an Fn::Sub).
  let first = segments.length;
  while (first > 0 && !segments[first - 1]!.includes('${')) first--;
  const tail = segments.slice(first);
  for (let i = 0; i < tail.length; i++) {
    const rel = tail.slice(i).join('/');
    for (const d of dirs) add(join(d, rel));
  }
  return out;
}
