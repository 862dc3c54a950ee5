// Transforms apply in the order `Transform` lists them: "CloudFormation executes macros in the
// order that they're specified" and "CloudFormation treats these transforms the same as any
// macros you create in terms of execution order and scope" (CloudFormation User Guide, template
// Transform section), https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/transform-section-structure.html.
// With AWS::LanguageExtensions listed before SAM, Fn::ForEach runs first and the SAM resources it generates are expanded,
// each function with its execution role and policies; over an unknown collection what SAM creates
// for the stand-in function is maybe-present. With SAM listed first, SAM runs on the loop as
// written and the SAM resources the loop then generates are not expanded (issue 10).

import { describe, expect, it } from 'vitest';
import { loadModelSync } from '../src/adapters/load.js';
import { compileModel } from '../src/engine/index.js';

const F = 'test/fixtures/transform-order';
const options = { account: '111122223333', region: 'us-east-1' };

describe('AWS::LanguageExtensions listed before SAM', () => {
  it('expands Fn::ForEach first: each generated SAM function gets its role and policy', () => {
    const m = loadModelSync([`${F}/le-then-sam.yaml`], options);
    const roles = m.roles.map((r) => r.name).sort();
    expect(roles).toEqual([
      '(unknown-generated-AlphaWorkerRole-2b1905)',
      '(unknown-generated-BetaWorkerRole-ec221f)',
    ]);
    const e = compileModel(m);
    const role = m.roles.find((r) => r.name.includes('Alpha'))!;
    expect(
      e.decide({ principal: role.arn, action: 's3:GetObject', resource: 'arn:aws:s3:::data-Alpha/k' })
        .decision,
    ).toBe('allow');
    expect(
      e.decide({ principal: role.arn, action: 's3:GetObject', resource: 'arn:aws:s3:::data-Beta/k' })
        .decision,
    ).toBe('deny');
  });

  it('over an unknown collection, the role SAM creates for the stand-in function is maybe-present', () => {
    const m = loadModelSync([`${F}/le-then-sam-unknown.yaml`], options);
    expect(m.roles).toHaveLength(1);
    expect(m.roles[0]!.presence?.reason).toContain('Fn::ForEach::Workers');
    const d = compileModel(m).decide({
      principal: m.roles[0]!.arn,
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::data/k',
    });
    expect(d.decision).toBe('indeterminate');
  });
});

describe('SAM listed before AWS::LanguageExtensions', () => {
  it('SAM runs on the loop as written: the functions the loop generates are not expanded, and say so', () => {
    const m = loadModelSync([`${F}/sam-then-le.yaml`], options);
    expect(m.roles).toHaveLength(0);
    const unhandled = m.findings.filter((f) => f.code === 'cfn/unhandled-resource-type');
    expect(unhandled.map((f) => f.message).join('\n')).toContain('AWS::Serverless::Function AlphaWorker');
  });
});
