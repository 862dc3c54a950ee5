// The names under a prefix that the model's Resource values tell apart (src/analysis/exhaustive.ts
// `namesUnderNamed`, the review's write targets) are found by the values' text before their first
// wildcard instead of by reading every value for each prefix: the same names, in the same order,
// as reading every value (the reference below is the loop it replaced).
// AWS page the rule comes from:
// - IAM User Guide, "IAM JSON policy elements: Resource": "You can use wildcard characters as part
//   of the resource ARN. You can use wildcard characters (* and ?) within any ARN segment".

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import { compileArnPattern } from '../src/policy/wildcard.js';
import { namesUnderNamed } from '../src/analysis/exhaustive.js';
import { modelOf } from './fixtures/cfn/load.js';

const VALUES = [
  'arn:aws:s3:::data/*',
  'arn:aws:s3:::data/secret/*',
  'arn:aws:s3:::data/secret/k?y',
  'arn:aws:s3:::*',
  'arn:aws:s3:::*/secret/*',
  'arn:aws:s3:::d*/x',
  'arn:aws:s3:::data',
  'arn:aws:s3:::dat?/y/*',
  'arn:aws:s3:::logs/*',
  'arn:aws:s3:::data/a*b*c',
  'arn:aws:iam::111122223333:role/app-*',
  'arn:aws:iam::111122223333:role/*',
  'arn:aws:iam::111122223333:role/app-x',
  '*',
];

/** What `namesUnderNamed` gave by reading every value (before it used an index). */
function reference(values: readonly string[], prefix: string): string[] {
  const out = new Set<string>();
  const fill = (t: string) => t.replace(/[*?]/g, 'x');
  for (const v of [...new Set(values)]) {
    const wild = v.search(/[*?]/);
    const lit = wild < 0 ? v : v.slice(0, wild);
    const tries = lit.startsWith(prefix)
      ? v === `${prefix}*`
        ? []
        : [fill(v)]
      : prefix.startsWith(lit) && wild >= 0 && v.slice(wild) !== '*'
        ? [`${prefix}x${fill(v.slice(wild + 1))}`, `${prefix.slice(0, -1)}${fill(v.slice(wild + 1))}`]
        : [];
    if (!tries.length) continue;
    const m = compileArnPattern(v);
    for (const t of tries) if (t.startsWith(prefix) && t.length > prefix.length && m.test(t)) out.add(t);
  }
  return [...out];
}

describe('namesUnderNamed', () => {
  const statements = VALUES.map(
    (v) => `            - {Effect: Allow, Action: 's3:GetObject', Resource: '${v}'}`,
  ).join('\n');
  const model = modelOf(`Resources:
  Dev:
    Type: AWS::IAM::User
    Properties:
      UserName: dev
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
${statements}
`);
  const engine = compileModel(model);

  it('gives the names reading every value gives, in its order, for every prefix', () => {
    const prefixes = [
      'arn:aws:s3:::data/',
      'arn:aws:s3:::data/secret/',
      'arn:aws:s3:::d',
      'arn:aws:s3:::',
      'arn:aws:s3:::logs/',
      'arn:aws:s3:::other/',
      'arn:aws:iam::111122223333:role/',
      'arn:aws:iam::111122223333:role/app-',
      'arn:',
    ];
    let some = 0;
    for (const prefix of prefixes) {
      const got = namesUnderNamed(engine, prefix);
      expect(got, prefix).toEqual(reference(VALUES, prefix));
      some += got.length;
    }
    expect(some).toBeGreaterThan(10);
  });
});
