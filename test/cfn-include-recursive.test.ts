// AWS::Include inside an included file (src/adapters/cloudformation/local-includes.ts).
// CloudFormation, "AWS::Include transform": it "inserts the contents of the specified file at the
// location of the transform in the template" and "behaves similarly to an include, copy, or import
// directive in programming languages"; the AWS CLI, `cloudformation package`: "To specify a local
// artifact in your template, specify a path to a local file or folder, as either an absolute or
// relative path. The relative path is a location that is relative to your template's location."
// Before, the content of an included file was inserted as written: an AWS::Include in it stayed
// unexpanded (cfn/transform-not-applied: the whole stack maybe-present, every policy of the
// account possibly unknown) and the role it includes was missing from the model.

import { type FilesByPath, loadTemplateFilesIn, tempDir } from './helpers/temp-inputs.js';
import { describe, expect, it } from 'vitest';
import { MAX_INCLUDE_DEPTH } from '../src/adapters/cloudformation/local-includes.js';

const include = (location: string) => ({
  'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: location } },
});
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

/** Writes `files` (path → JSON content) into a new directory and loads `main.json` from it. */
function load(files: FilesByPath) {
  const dir = tempDir('iamspec-include-');
  return loadTemplateFilesIn(dir, files);
}
const codes = (m: ReturnType<typeof load>) => m.findings.map((f) => f.code);

describe('AWS::Include inside an included file', () => {
  it('is expanded, its path relative to the including file: the role it includes is modelled, the stack expanded', () => {
    const m = load({
      'main.json': { AWSTemplateFormatVersion: '2010-09-09', Resources: include('parts/roles.json') },
      'parts/roles.json': { Outer: role('outer'), ...include('inner/admin.json') },
      'parts/inner/admin.json': { InnerAdmin: role('inner-admin') },
    });
    expect(codes(m)).not.toContain('cfn/transform-not-applied');
    const names = m.roles.map((r) => r.name).sort();
    expect(names).toEqual(['inner-admin', 'outer']);
    expect(m.roles.every((r) => r.presence === undefined)).toBe(true);
  });

  it('a cycle (a file that includes itself through another) is an error, left unexpanded (unknown)', () => {
    const m = load({
      'main.json': { AWSTemplateFormatVersion: '2010-09-09', Resources: include('a.json') },
      'a.json': { A: role('a'), ...include('b.json') },
      'b.json': { B: role('b'), ...include('a.json') },
    });
    const cycle = m.findings.filter((f) => f.code === 'cfn/cycle');
    expect(cycle).toHaveLength(1);
    expect(cycle[0]!.severity).toBe('error');
    expect(cycle[0]!.source?.pointer).toBe('/Resources');
    // The include left as written: the stack is treated as not expanded (sound).
    expect(codes(m)).toContain('cfn/transform-not-applied');
  });

  it('a template including itself is a cycle too', () => {
    const m = load({
      'main.json': {
        AWSTemplateFormatVersion: '2010-09-09',
        Resources: { A: role('a'), ...include('main.json') },
      },
    });
    expect(codes(m)).toContain('cfn/cycle');
    expect(codes(m)).toContain('cfn/transform-not-applied');
  });

  it(`a chain deeper than ${MAX_INCLUDE_DEPTH} files stops there, unexpanded, with an error`, () => {
    const files: Record<string, object> = {
      'main.json': { AWSTemplateFormatVersion: '2010-09-09', Resources: include('f0.json') },
    };
    for (let i = 0; i <= MAX_INCLUDE_DEPTH; i++)
      files[`f${i}.json`] = { [`R${i}`]: role(`r${i}`), ...include(`f${i + 1}.json`) };
    files[`f${MAX_INCLUDE_DEPTH + 1}.json`] = { Last: role('last') };
    const m = load(files);
    expect(codes(m)).toContain('cfn/include-too-deep');
    expect(codes(m)).toContain('cfn/transform-not-applied');
  });
});
