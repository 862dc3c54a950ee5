// Nested stack templates in subdirectories (src/adapters/cloudformation/nested-template-paths.ts,
// session.ts `findNestedTemplate`). The AWS CLI, `cloudformation package`, uploads the
// "TemplateURL property for the AWS::CloudFormation::Stack resource" and the "Location property
// for the AWS::Serverless::Application resource"; "To specify a local artifact in your template,
// specify a path to a local file or folder, as either an absolute or relative path. The relative
// path is a location that is relative to your template's location."
// Before, only the last path segment of the URL was looked up beside the top-level template (and a
// SAM application's Location relative to the top-level template's directory): a nested template in
// a subdirectory was not read (cfn/nested-template-not-found) and a SAM application nested in
// one was looked up in the wrong directory.

import { type FilesByPath, loadTemplateFilesIn, tempDir } from './helpers/temp-inputs.js';
import { describe, expect, it } from 'vitest';
import { nestedTemplateCandidates } from '../src/adapters/cloudformation/nested-template-paths.js';

const role = (name: string) => ({
  Type: 'AWS::IAM::Role',
  Properties: {
    RoleName: name,
    AssumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole' },
      ],
    },
  },
});
const stack = (url: unknown) => ({ Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: url } });
const template = (resources: Record<string, unknown>, sam = false) => ({
  AWSTemplateFormatVersion: '2010-09-09',
  ...(sam ? { Transform: 'AWS::Serverless-2016-10-31' } : {}),
  Parameters: { Bucket: { Type: 'String' } },
  Resources: resources,
});

/** Writes `files` (path → JSON content) into a new directory and loads `main.json` from it. */
function load(files: FilesByPath) {
  const dir = tempDir('iamspec-nested-');
  return loadTemplateFilesIn(dir, files);
}
const roleNames = (m: ReturnType<typeof load>) => m.roles.map((r) => r.name).sort();
const notFound = (m: ReturnType<typeof load>) =>
  m.findings.filter((f) => f.code === 'cfn/nested-template-not-found');

describe('a nested template in a subdirectory is read', () => {
  it('a local relative TemplateURL (before `cloudformation package`): relative to the template', () => {
    const m = load({
      'main.json': template({ Child: stack('nested/app.json') }),
      'nested/app.json': template({ Worker: role('worker') }),
    });
    expect(notFound(m)).toEqual([]);
    expect(roleNames(m)).toEqual(['worker']);
  });

  it('a nested template`s own nested stack: relative to that template`s directory', () => {
    const m = load({
      'main.json': template({ Child: stack('./nested/app.json') }),
      'nested/app.json': template({ Worker: role('worker'), Grandchild: stack('deeper/leaf.json') }),
      'nested/deeper/leaf.json': template({ Leaf: role('leaf') }),
    });
    expect(notFound(m)).toEqual([]);
    expect(roleNames(m)).toEqual(['leaf', 'worker']);
  });

  it('a SAM application`s local Location in a nested SAM template: relative to that template', () => {
    const app = (location: string) => ({
      Type: 'AWS::Serverless::Application',
      Properties: { Location: location },
    });
    const m = load({
      'main.json': template({ Child: app('./nested/app.json') }, true),
      'nested/app.json': template({ Worker: role('worker'), Grandchild: app('./deeper/leaf.json') }, true),
      'nested/deeper/leaf.json': template({ Leaf: role('leaf') }),
    });
    expect(notFound(m)).toEqual([]);
    expect(roleNames(m)).toEqual(['leaf', 'worker']);
  });

  it('an S3 URL whose key keeps the directories (bucket a parameter): the file under them, not a namesake beside', () => {
    const m = load({
      'main.json': template({
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub
        Child: stack({ 'Fn::Sub': 'https://${Bucket}.s3.amazonaws.com/nested/app.json' }),
      }),
      'nested/app.json': template({ Worker: role('worker') }),
      'app.json': template({ Decoy: role('decoy') }),
    });
    expect(roleNames(m)).toEqual(['worker']);
  });

  it('a template that is not there stays unread, with the warning', () => {
    const m = load({ 'main.json': template({ Child: stack('nested/missing.json') }) });
    expect(notFound(m)).toHaveLength(1);
  });
});

describe('nestedTemplateCandidates', () => {
  it('the path as written first, then each shorter tail, relative to each directory in order', () => {
    expect(nestedTemplateCandidates('a/b/c.json', true, ['/t', '/l'])).toEqual([
      '/t/a/b/c.json',
      '/l/a/b/c.json',
      '/t/b/c.json',
      '/l/b/c.json',
      '/t/c.json',
      '/l/c.json',
    ]);
  });

  it('a URL: its scheme and host dropped; a literal end after an unknown part: only the tail after it', () => {
    expect(nestedTemplateCandidates('https://s3.amazonaws.com/bkt/x/y.json?v=1', true, ['/t'])).toEqual([
      '/t/bkt/x/y.json',
      '/t/x/y.json',
      '/t/y.json',
    ]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub
    expect(nestedTemplateCandidates('${Prefix}/x/y.json', false, ['/t'])).toEqual([
      '/t/x/y.json',
      '/t/y.json',
    ]);
  });
});
