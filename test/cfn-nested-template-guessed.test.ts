// A nested stack's template found only by the end of its TemplateURL (the file name beside the
// template, or a shorter tail of the URL's path: src/adapters/cloudformation/nested-template-
// paths.ts) may not be the template the URL names: the assumption is reported
// (`cfn/nested-template-guessed`, naming the URL and the file read), so the user sees it. A file
// at the path as written ("The relative path is a location that is relative to your template's
// location", AWS CLI `cloudformation package`), at the URL's whole path, or at a path-style S3
// URL's key is the one named: nothing reported.

import { join } from 'node:path';
import { loadTemplateFilesIn, tempDir } from './helpers/temp-inputs.js';
import { describe, expect, it } from 'vitest';
import { FINDING_CODES } from '../src/model/finding-codes.js';

const child = {
  Resources: {
    R: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'child-role',
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        },
      },
    },
  },
};

function load(url: string, files: Record<string, unknown>) {
  const dir = tempDir('iamspec-nested-guess-');
  const all = {
    'main.json': {
      Resources: { Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: url } } },
    },
    ...files,
  };
  const m = loadTemplateFilesIn(dir, all);
  return {
    dir,
    roles: m.roles.map((r) => r.name),
    guessed: m.findings.filter((f) => f.code === 'cfn/nested-template-guessed'),
  };
}

describe('a nested template found by the end of its TemplateURL only', () => {
  it('a local path whose directory is absent: the file of that name beside the template is read, and the guess reported', () => {
    const { dir, roles, guessed } = load('stacks/child.json', { 'child.json': child });
    expect(roles).toContain('child-role');
    // Old: read silently.
    expect(guessed).toHaveLength(1);
    expect(guessed[0]!.severity).toBe('warning');
    expect(guessed[0]!.message).toContain('stacks/child.json');
    expect(guessed[0]!.message).toContain(join(dir, 'child.json'));
    expect(guessed[0]!.source?.pointer).toBe('/Resources/Child/Properties/TemplateURL');
  });

  it('an S3 URL whose key is found only by its file name: reported', () => {
    const { roles, guessed } = load('https://bucket.s3.amazonaws.com/templates/v2/child.json', {
      'child.json': child,
    });
    expect(roles).toContain('child-role');
    expect(guessed).toHaveLength(1);
    expect(guessed[0]!.message).toContain('https://bucket.s3.amazonaws.com/templates/v2/child.json');
  });

  it('the path as written: nothing reported', () => {
    const { roles, guessed } = load('stacks/child.json', { 'stacks/child.json': child });
    expect(roles).toContain('child-role');
    expect(guessed).toHaveLength(0);
  });

  it("an S3 URL's whole path, or a path-style URL's key, under the template's directory: nothing reported", () => {
    const hosted = load('https://bucket.s3.amazonaws.com/templates/child.json', {
      'templates/child.json': child,
    });
    expect(hosted.roles).toContain('child-role');
    expect(hosted.guessed).toHaveLength(0);
    const pathStyle = load('https://s3.eu-west-1.amazonaws.com/bucket/templates/child.json', {
      'templates/child.json': child,
    });
    expect(pathStyle.roles).toContain('child-role');
    expect(pathStyle.guessed).toHaveLength(0);
  });

  it('is a code that may change a verdict (another file may be meant)', () => {
    expect(FINDING_CODES['cfn/nested-template-guessed']?.impact).toBe('verdict');
  });
});
