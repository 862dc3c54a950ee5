// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables such as ${aws:username} are literal text here
// data "aws_iam_policy_document" rendered as the AWS provider does.
// Terraform AWS provider docs, "Data Source: aws_iam_policy_document",
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document
// (statement arguments, principals/not_principals, condition, source_policy_documents whose
// Sids must be unique, override_policy_documents whose Sids replace earlier statements, and
// `&{...}` for IAM policy variables).

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { compileModel } from '../src/engine/index.js';
import { isUnknown } from '../src/model/unknown.js';
import { renderPolicyDocument } from '../src/adapters/terraform/eval/policy-document.js';
import { MaybeElement } from '../src/adapters/terraform/eval/branches.js';
import { EncodedJson } from '../src/adapters/terraform/eval/values.js';
import { Unknown } from '../src/model/unknown.js';

type Doc = { Version?: string; Id?: string; Statement: Record<string, unknown>[] };

function render(args: Record<string, unknown>): Doc {
  const r = renderPolicyDocument(args);
  if (typeof r.json !== 'string') throw new Error('expected a known document');
  return JSON.parse(r.json) as Doc;
}

describe('aws_iam_policy_document rendering', () => {
  it('renders statements with the provider defaults (Version 2012-10-17, Effect Allow)', () => {
    const d = render({ statement: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }] });
    expect(d.Version).toBe('2012-10-17');
    expect(d.Statement).toEqual([
      { Sid: '', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
    ]);
  });

  it('renders sets: one value as a string, several de-duplicated in reverse order', () => {
    const d = render({ statement: [{ actions: ['s3:A', 's3:C', 's3:B', 's3:A'], not_resources: ['x'] }] });
    expect(d.Statement[0]!.Action).toEqual(['s3:C', 's3:B', 's3:A']);
    expect(d.Statement[0]!.NotResource).toBe('x');
  });

  it('renders principals and not_principals, merging blocks of the same type', () => {
    const d = render({
      statement: [
        {
          effect: 'Deny',
          not_actions: ['iam:*'],
          principals: [
            { type: 'AWS', identifiers: ['arn:aws:iam::111122223333:root'] },
            { type: 'AWS', identifiers: ['arn:aws:iam::444455556666:root'] },
            { type: 'Service', identifiers: ['ec2.amazonaws.com'] },
          ],
        },
        {
          actions: ['s3:*'],
          not_principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::1:user/a', 'arn:aws:iam::1:user/b'] }],
        },
      ],
    });
    expect(d.Statement[0]!.Effect).toBe('Deny');
    expect(d.Statement[0]!.NotAction).toBe('iam:*');
    expect(d.Statement[0]!.Principal).toEqual({
      AWS: ['arn:aws:iam::111122223333:root', 'arn:aws:iam::444455556666:root'],
      Service: 'ec2.amazonaws.com',
    });
    expect(d.Statement[1]!.NotPrincipal).toEqual({ AWS: ['arn:aws:iam::1:user/b', 'arn:aws:iam::1:user/a'] });
  });

  it('renders type "*" with identifier "*" as Principal "*"', () => {
    const d = render({
      statement: [{ actions: ['s3:GetObject'], principals: [{ type: '*', identifiers: ['*'] }] }],
    });
    expect(d.Statement[0]!.Principal).toBe('*');
    const aws = render({
      statement: [{ actions: ['s3:GetObject'], principals: [{ type: 'AWS', identifiers: ['*'] }] }],
    });
    expect(aws.Statement[0]!.Principal).toEqual({ AWS: '*' });
  });

  it('renders conditions and replaces &{...} by ${...} in resources and condition values', () => {
    const d = render({
      statement: [
        {
          actions: ['s3:ListBucket'],
          resources: ['arn:aws:s3:::b/home/&{aws:username}'],
          condition: [
            { test: 'StringLike', variable: 's3:prefix', values: ['home/&{aws:username}/*', 'home/'] },
            { test: 'Bool', variable: 'aws:SecureTransport', values: ['true'] },
          ],
        },
      ],
    });
    expect(d.Statement[0]!.Resource).toBe('arn:aws:s3:::b/home/${aws:username}');
    expect(d.Statement[0]!.Condition).toEqual({
      Bool: { 'aws:SecureTransport': 'true' },
      StringLike: { 's3:prefix': ['home/${aws:username}/*', 'home/'] },
    });
  });

  // Two condition blocks with the same test and variable (a `dynamic "condition"` over a map
  // does this) give one key whose values are both blocks' values: the provider's
  // IAMPolicyStatementConditionSet.MarshalJSON appends each block's values to
  // raw[c.Test][c.Variable] and then does "flatten entries with a single item to match AWS IAM
  // syntax". IAM: "If a single condition operator includes multiple values for a context key,
  // those values are evaluated using a logical OR." The later block's values replaced the earlier
  // ones': an Allow from vpc-1 was read as vpc-3 only (a `cannot` from vpc-1 passed).
  it('adds the values of condition blocks with the same test and variable (never replaces them)', () => {
    const d = render({
      statement: [
        {
          actions: ['s3:GetObject'],
          resources: ['*'],
          condition: [
            { test: 'StringEquals', variable: 'aws:SourceVpc', values: ['vpc-1'] },
            { test: 'StringEquals', variable: 'aws:SourceVpc', values: ['vpc-3'] },
            { test: 'StringLike', variable: 's3:prefix', values: ['a/*', 'b/*'] },
            { test: 'StringLike', variable: 's3:prefix', values: ['c/*'] },
            { test: 'Bool', variable: 'aws:SecureTransport', values: ['true'] },
          ],
        },
      ],
    });
    expect(d.Statement[0]!.Condition).toEqual({
      Bool: { 'aws:SecureTransport': 'true' },
      StringEquals: { 'aws:SourceVpc': ['vpc-1', 'vpc-3'] },
      StringLike: { 's3:prefix': ['a/*', 'b/*', 'c/*'] },
    });
  });

  it('merges source_policy_documents, own statements and override_policy_documents by Sid', () => {
    const source = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'A', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
        { Sid: 'B', Effect: 'Allow', Action: 's3:PutObject', Resource: '*' },
        { Effect: 'Allow', Action: 'sqs:*', Resource: '*' },
      ],
    });
    const override = JSON.stringify({
      Statement: [{ Sid: 'C', Effect: 'Deny', Action: '*', Resource: '*' }],
    });
    const d = render({
      policy_id: 'doc',
      source_policy_documents: [source],
      statement: [
        { sid: 'B', actions: ['s3:DeleteObject'], resources: ['*'] },
        { sid: 'C', actions: ['ec2:*'], resources: ['*'] },
      ],
      override_policy_documents: [override],
    });
    expect(d.Id).toBe('doc');
    expect(d.Statement.map((s) => [s.Sid ?? '', s.Effect, s.Action])).toEqual([
      ['A', 'Allow', 's3:GetObject'],
      ['B', 'Allow', 's3:DeleteObject'], // own statement replaces the source's B
      ['', 'Allow', 'sqs:*'],
      ['C', 'Deny', '*'], // the override replaces own C
    ]);
  });

  it('reports duplicate Sids the provider rejects', () => {
    const dup = JSON.stringify({ Statement: [{ Sid: 'X', Effect: 'Allow', Action: '*', Resource: '*' }] });
    expect(renderPolicyDocument({ source_policy_documents: [dup, dup] }).problems[0]).toContain(
      'duplicate Sid',
    );
  });

  it('keeps unknown values in place and returns the structure instead of a string', () => {
    const u = new Unknown('aws_s3_bucket.b.arn is known only after apply');
    const r = renderPolicyDocument({ statement: [{ actions: ['s3:GetObject'], resources: [u] }] });
    expect(r.json).toBeInstanceOf(EncodedJson);
    const st = ((r.json as EncodedJson).value as Doc).Statement[0]!;
    expect(st.Action).toBe('s3:GetObject');
    expect(isUnknown(st.Resource)).toBe(true);
  });

  it('an unknown override document may replace any statement with a Sid: those become maybe-present (hqa11)', () => {
    // "In merging, statements with non-blank sids will override statements with the same sid from
    // earlier documents" (override_policy_documents): `override_policy_documents = [var.x]` may
    // replace the statement block "DenyDelete" with an Allow. Before, the Deny stayed for sure and
    // a `cannot s3:DeleteObject` passed.
    const why = new Unknown('input variable "override_json" has no value');
    const r = renderPolicyDocument({
      statement: [
        { sid: 'DenyDelete', effect: 'Deny', actions: ['s3:DeleteObject'], resources: ['*'] },
        { actions: ['s3:GetObject'], resources: ['*'] },
      ],
      override_policy_documents: [why],
    });
    const st = ((r.json as EncodedJson).value as { Statement: unknown[] }).Statement;
    expect(st[0]).toBeInstanceOf(MaybeElement);
    expect((st[0] as MaybeElement).presence.reason).toContain('may replace the one with Sid "DenyDelete"');
    // A statement without a Sid is never replaced: it stays for sure.
    expect(st[1]).not.toBeInstanceOf(MaybeElement);
    expect(st[2]).toBe(why);
  });

  it('a statement with an unknown Sid may replace earlier ones, but not its sibling statement blocks', () => {
    const source = JSON.stringify({
      Statement: [{ Sid: 'A', Effect: 'Deny', Action: 'sqs:*', Resource: '*' }],
    });
    const sid = new Unknown('input variable "sid" has no value');
    const r = renderPolicyDocument({
      source_policy_documents: [source],
      statement: [
        { sid: 'B', effect: 'Deny', actions: ['sns:*'], resources: ['*'] },
        { sid, actions: ['ec2:*'], resources: ['*'] },
      ],
    });
    const st = ((r.json as EncodedJson).value as { Statement: unknown[] }).Statement;
    expect(st[0]).toBeInstanceOf(MaybeElement); // the source's A
    expect(st[1]).not.toBeInstanceOf(MaybeElement); // B: sids of statement blocks are unique
  });
});

describe('an unknown override document, end to end', () => {
  const dir = 'test/fixtures/tf/policy-document-override-unknown';
  const del = {
    principal: 'arn:aws:iam::111122223333:user/dev',
    action: 's3:DeleteObject',
    resource: 'arn:aws:s3:::x/k',
  };

  it('the Deny it may replace no longer decides: indeterminate, with the reason', () => {
    const model = loadModelSync([dir], {});
    expect(compileModel(model).decide(del).decision).toBe('indeterminate');
    expect(model.findings.map((f) => f.message).join('\n')).toContain(
      'may replace the one with Sid "DenyDelete"',
    );
  });

  it('with the override given (no DenyDelete in it), the Deny decides', () => {
    const override = JSON.stringify({
      Statement: [{ Sid: 'Other', Effect: 'Allow', Action: 'sqs:*', Resource: '*' }],
    });
    const e = compileModel(loadModelSync([dir], { vars: { override_json: override, source_json: '{}' } }));
    expect(e.decide(del).decision).toBe('deny');
  });
});
