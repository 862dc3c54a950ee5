// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings hold CloudFormation Fn::Sub syntax
// Template reading: JSON and YAML (short-form tags → long form), line:column for every value,
// bad input as InputError with file, line and column, content detection.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  InputError,
  isCloudAssemblyDir,
  isCloudFormationTemplate,
  loadTemplateFile,
  parseTemplateText,
} from '../src/adapters/cloudformation/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { writeTempFile } from './helpers/temp-inputs.js';

function catchError(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

// CloudFormation User Guide, "Intrinsic function reference": each function's page documents the
// YAML short form (e.g. "Fn::GetAtt" — `!GetAtt logicalNameOfResource.attributeName`),
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html
describe('YAML short-form tags', () => {
  it('turns every short tag into the long form', () => {
    const { value } = parseTemplateText(
      [
        'A: !Ref X',
        'B: !Sub "${AWS::Region}-x"',
        'C: !GetAtt Role.Arn',
        'D: !GetAtt [Role, Arn]',
        'E: !If [Cond, a, b]',
        'F: !Join [",", [a, b]]',
        'G: !Select [0, !Split [",", "a,b"]]',
        'H: !FindInMap [M, k1, k2]',
        'I: !ImportValue Exp',
        'J: !Equals [a, b]',
        'K: !And [!Condition C1, !Not [!Condition C2]]',
        'L: !Or [!Condition C1, !Condition C2]',
        'M: !Base64 text',
        'N: !Cidr [10.0.0.0/16, 2, 8]',
        'O: !GetAZs ""',
        'P: !Transform {Name: M, Parameters: {}}',
        'Q: !GetAtt Stack.Outputs.Name',
      ].join('\n'),
    );
    expect(value).toEqual({
      A: { Ref: 'X' },
      B: { 'Fn::Sub': '${AWS::Region}-x' },
      C: { 'Fn::GetAtt': ['Role', 'Arn'] },
      D: { 'Fn::GetAtt': ['Role', 'Arn'] },
      E: { 'Fn::If': ['Cond', 'a', 'b'] },
      F: { 'Fn::Join': [',', ['a', 'b']] },
      G: { 'Fn::Select': [0, { 'Fn::Split': [',', 'a,b'] }] },
      H: { 'Fn::FindInMap': ['M', 'k1', 'k2'] },
      I: { 'Fn::ImportValue': 'Exp' },
      J: { 'Fn::Equals': ['a', 'b'] },
      K: { 'Fn::And': [{ Condition: 'C1' }, { 'Fn::Not': [{ Condition: 'C2' }] }] },
      L: { 'Fn::Or': [{ Condition: 'C1' }, { Condition: 'C2' }] },
      M: { 'Fn::Base64': 'text' },
      N: { 'Fn::Cidr': ['10.0.0.0/16', 2, 8] },
      O: { 'Fn::GetAZs': '' },
      P: { 'Fn::Transform': { Name: 'M', Parameters: {} } },
      Q: { 'Fn::GetAtt': ['Stack', 'Outputs.Name'] },
    });
  });

  it('keeps the digits of account ids written as plain numbers', () => {
    const { value } = parseTemplateText('A: 012345678901\nB: 123456789012\nC: 1.10\n');
    expect(value).toEqual({ A: '012345678901', B: 123456789012, C: '1.10' });
  });

  it('resolves YAML aliases', () => {
    const { value } = parseTemplateText('A: &x {k: v}\nB: *x\n');
    expect(value).toEqual({ A: { k: 'v' }, B: { k: 'v' } });
  });
});

describe('locations', () => {
  it('maps pointers to line:column in YAML, including tagged values', () => {
    const { locate } = parseTemplateText(
      [
        'Resources:',
        '  R:',
        '    Type: AWS::IAM::Role',
        '    Properties:',
        '      RoleName: !Sub "${AWS::StackName}-r"',
      ].join('\n'),
    );
    expect(locate('/Resources/R')).toEqual({ line: 3, column: 5 });
    expect(locate('/Resources/R/Properties/RoleName')).toEqual({ line: 5, column: 17 });
    expect(locate('/Resources/R/Properties/RoleName/Fn::Sub')).toEqual({ line: 5, column: 22 });
  });

  it('maps pointers to line:column in JSON', () => {
    const { locate, format } = parseTemplateText(
      '{\n  "Resources": {\n    "R": { "Type": "AWS::S3::Bucket" }\n  }\n}',
    );
    expect(format).toBe('json');
    expect(locate('/Resources/R/Type')).toEqual({ line: 3, column: 20 });
  });
});

describe('bad input', () => {
  it('reports malformed JSON with line and column', () => {
    const e = catchError(() =>
      parseTemplateText('{\n  "Resources": {\n    "R": { "Type": "AWS::S3::Bucket", }\n  }\n}', 'bad.json'),
    );
    expect(e).toBeInstanceOf(InputError);
    const err = e as InputError;
    expect(err.file).toBe('bad.json');
    expect([err.line, err.column]).toEqual([3, 39]);
    expect(err.message).toMatch(/^bad\.json:3:39: invalid JSON/);
  });

  it('reports malformed YAML with line and column', () => {
    const e = catchError(() => parseTemplateText('Resources:\n  R:\n    Type: [a, b\n  X: 1\n', 'bad.yaml'));
    expect(e).toBeInstanceOf(InputError);
    const err = e as InputError;
    expect(err.file).toBe('bad.yaml');
    expect(err.line).toBeGreaterThanOrEqual(3);
    expect(err.column).toBeGreaterThan(0);
    expect(err.message).toMatch(/^bad\.yaml:\d+:\d+: invalid YAML/);
  });

  it('rejects valid JSON that is not a template with a clear error', () => {
    const file = writeTempFile('policy.json', { Version: '2012-10-17', Statement: [] }, 'iamspec-cfn-');
    const e = catchError(() => loadTemplateFile(file, new ModelBuilder()));
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).message).toContain('not a CloudFormation template');
  });

  it('reports a missing file as InputError', () => {
    const e = catchError(() => loadTemplateFile('/nonexistent/x.yaml', new ModelBuilder()));
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).file).toBe('/nonexistent/x.yaml');
  });

  it('decodes UTF-16 templates with a byte-order mark', () => {
    const text = JSON.stringify({
      Resources: { U: { Type: 'AWS::IAM::User', Properties: { UserName: 'u16' } } },
    });
    const file = writeTempFile(
      't.json',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      'iamspec-cfn-',
    );
    const b = new ModelBuilder();
    loadTemplateFile(file, b, { account: '111122223333' });
    expect(b.build().users.map((u) => u.name)).toEqual(['u16']);
  });
});

describe('content detection', () => {
  it('recognizes templates by AWSTemplateFormatVersion or typed Resources', () => {
    expect(isCloudFormationTemplate({ AWSTemplateFormatVersion: '2010-09-09' })).toBe(true);
    expect(isCloudFormationTemplate({ Resources: { R: { Type: 'AWS::SQS::Queue' } } })).toBe(true);
    expect(isCloudFormationTemplate({ Resources: { R: { Type: 'Custom::Thing' } } })).toBe(true);
    expect(isCloudFormationTemplate({ Version: '2012-10-17', Statement: [] })).toBe(false);
    expect(isCloudFormationTemplate({ resource: { aws_iam_role: {} } })).toBe(false);
    expect(isCloudFormationTemplate([1, 2])).toBe(false);
  });

  it('recognizes a cloud assembly directory by its manifest', () => {
    expect(isCloudAssemblyDir(join(import.meta.dirname, 'fixtures/cfn/assembly'))).toBe(true);
    expect(isCloudAssemblyDir(join(import.meta.dirname, 'fixtures/cfn'))).toBe(false);
  });
});
