// The access review and the Markdown matrix say what the stand-ins they show mean. Before, the
// review of sam-example (roles without RoleName: `role/(unknown-generated-CreateOrderFunctionRole-…)`)
// said "No warnings about the inputs: iamspec pinned down everything it read" above a matrix of
// names nobody knows, and nothing said what `(unknown-…)`, `000000000000` or `deploying-region`
// stand for. Now a legend lists each stand-in shown with its meaning and how to pin it down, and
// the no-warnings line no longer claims everything was pinned down.
//
// AWS CloudFormation User Guide, "Name type": "If you don't specify a name, AWS CloudFormation
// generates a unique physical ID to name the resource" — the name is known only at deploy.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-name.html

import { describe, expect, it } from 'vitest';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { reviewRisks } from '../src/analysis/risks.js';
import { compileModel } from '../src/engine/index.js';
import { renderAccessReview } from '../src/report/html/access-review.js';
import { formatMatrixMarkdown } from '../src/report/matrix-markdown.js';
import { formatWhoCanText } from '../src/report/who-can-text.js';
import { whoCan } from '../src/analysis/who-can.js';
import { standInLegend } from '../src/report/stand-in-legend.js';
import { modelOf } from './fixtures/cfn/load.js';
import { buildCompany1 } from './helpers/company1.js';

const shown = (texts: string[]) => standInLegend(texts).map((l) => l.shown);

describe('standInLegend', () => {
  it('names each kind of stand-in the texts hold, once, in a fixed order', () => {
    expect(
      shown([
        'arn:aws:sqs:deploying-region:000000000000:jobs',
        'role/(unknown-generated-AppRole-1a2b3c)',
        'secret:db-(unknown-6-chars=AppSecret-1a2b3c)',
        'role/(unknown-path=aws_iam_role.a)/x',
        'arn:aws:sqs:unknown-region:111122223333:q',
        'role/(unknown-generated-Other-2b3c4d)',
      ]),
    ).toEqual([
      '(unknown-generated-…)',
      '(unknown-…)',
      '(unknown-path=…)',
      '000000000000',
      'deploying-region',
      'unknown-region',
    ]);
  });

  it('none for known names, and not for 000000000000 inside a longer number', () => {
    expect(shown(['arn:aws:iam::629470240201:role/app', 'arn:aws:s3:::b/10000000000000'])).toEqual([]);
  });
});

describe('the review and the Markdown matrix of a template whose role has no RoleName', () => {
  const template = `
Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: read
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource: arn:aws:s3:::data/*
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: data
`;
  const engine = compileModel(modelOf(template));
  const matrix = buildMatrix(engine);
  const risks = reviewRisks(engine, matrix);

  it('the review lists the generated-name stand-in and does not claim everything was pinned down', () => {
    expect(matrix.principals.map((p) => p.name)).toEqual([expect.stringContaining('(unknown-generated-')]);
    const html = renderAccessReview({ matrix, risks, warnings: [] });
    expect(html).toContain('id="stand-ins"');
    expect(html).toContain('<code>(unknown-generated-…)</code>: a name CloudFormation generates at deploy');
    expect(html).not.toContain('pinned down everything');
  });

  it('the Markdown matrix lists it above the table', () => {
    const md = formatMatrixMarkdown(matrix);
    const legend = md.indexOf('- `(unknown-generated-…)`: a name CloudFormation generates at deploy');
    expect(legend).toBeGreaterThan(0);
    expect(legend).toBeLessThan(md.indexOf('| Principal |'));
  });

  it('who-can text ends with the legend when a principal it lists has a generated name', () => {
    const text = formatWhoCanText(whoCan(engine, 's3:GetObject', 'arn:aws:s3:::data/k'));
    expect(text).toContain('Names that stand for what the inputs leave open until deploy:');
    expect(text).toMatch(/\n {2}\(unknown-generated-…\): a name CloudFormation generates at deploy/);
  });

  it('company1 (every name known) has no legend and keeps "pinned down everything"', () => {
    const e1 = compileModel(buildCompany1());
    const m1 = buildMatrix(e1);
    const html = renderAccessReview({ matrix: m1, risks: reviewRisks(e1, m1), warnings: [] });
    expect(html).not.toContain('id="stand-ins"');
    expect(html).toContain('pinned down everything');
    expect(formatMatrixMarkdown(m1)).not.toContain('stand for what the inputs leave open');
  });
});
