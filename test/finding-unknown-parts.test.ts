// A finding that names compute by an id AWS gives (an EC2 instance's `i-…`, an ECS task's id: an
// unknown name part, model/stand-ins.ts) words that part as every report words it: the engine's
// reasons say `the name of ARN is not known (the inputs leave the (unknown-…) part open: it may be
// any name)`; the finding's own text said only `with existing instance i-(unknown-Inst-instance-id-…)`,
// the raw stand-in with nothing telling a reader what it is. Now the finding's text says it too
// (model/stand-ins.ts `unknownPartNote`), in the check's text, markdown and SARIF reports and in
// the HTML review.
//
// Pages:
// - Service Authorization Reference, Amazon EC2, resource type instance:
//   `arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}` (the id EC2 gives at launch).
// - Amazon EC2 API Reference, AssociateIamInstanceProfile: "Associates an IAM instance profile
//   with a running or stopped instance".

import { describe, expect, it } from 'vitest';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { reviewRisks } from '../src/analysis/risks.js';
import { compileModel } from '../src/engine/index.js';
import { renderAccessReview } from '../src/report/html/access-review.js';
import { renderSpecResult } from '../src/report/index.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import { modelOf } from './fixtures/cfn/load.js';
import { cfnAdminInstanceProfile, cfnDevUser } from './helpers/cfn-templates.js';

const NOTE = 'i-(unknown-Inst-instance-id-';
const WORDS = '(the inputs leave the (unknown-…) part open: it may be any id)';

const engine = compileModel(
  modelOf(
    `Resources:\n${cfnAdminInstanceProfile()}  Inst:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-1
      IamInstanceProfile: !Ref Profile
${cfnDevUser([
  { Action: 'iam:PassRole', Resource: '*' },
  { Action: 'ec2:AssociateIamInstanceProfile', Resource: 'arn:aws:ec2:*:111122223333:instance/i-0abc' },
])}`,
    { file: 'inline.yaml', stackName: 's' },
  ),
);

/** The instance's id in `text`, with the words right after it. */
function afterId(text: string): string {
  const at = text.indexOf(NOTE);
  expect(at).toBeGreaterThanOrEqual(0);
  const close = text.indexOf(')', at);
  return text.slice(close + 1, close + 1 + WORDS.length + 1);
}

describe('a finding naming an existing instance by the id EC2 gives', () => {
  const spec = parseSpec('version: 1\nexpect:\n  - { id: e, principal: user/dev, noEscalation: true }\n');
  const result = runSpec(engine.model, spec, { engine });

  it.each(['text', 'markdown', 'sarif'] as const)('check --format %s words the unknown id', (format) => {
    const out = renderSpecResult(result, format, { toolVersion: '0' });
    const headline = format === 'sarif' ? JSON.stringify(JSON.parse(out)) : out;
    expect(afterId(headline)).toContain(WORDS);
  });

  it('the HTML review words it', () => {
    const matrix = buildMatrix(engine);
    const risks = reviewRisks(engine, matrix);
    const finding = risks.find((r) => r.message.includes(NOTE));
    expect(finding?.message).toContain(`${WORDS}`);
    const html = renderAccessReview({ matrix, risks, warnings: [] });
    expect(html).toContain('it may be any id)');
  });
});
