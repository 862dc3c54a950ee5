// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${...} in plain strings.
// The matrix agrees with deciding each action one by one where a statement holds a form AWS does
// not document: a policy variable `${ aws:username }` / `${key,'d'}` (IAM User Guide, "IAM policy
// elements: Variables and tags": "separate the variable text and the default value with a comma
// and space (, )") and a wildcard in an Action's service prefix (IAM User Guide, "IAM JSON policy
// elements: Action": "You can also use wildcards (* or ?) as part of the action name"). The
// pruning and sharing must not decide such cells otherwise than `decide` (indeterminate).

import { describe, expect, it } from 'vitest';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { decidedOneByOne, matrixAnswers, nonDenyAnswers } from './helpers/matrix-oracle.js';
import { allow, arns, deny, policy, TestModel } from './helpers/engine-fixtures.js';

describe('matrix cells of statements in undocumented forms', () => {
  it('every cell as deciding each action one by one', () => {
    const t = new TestModel();
    const common = t.managedPolicy(
      'common',
      policy(
        allow('s3:GetObject', 'arn:aws:s3:::data/*'),
        allow('s3*:List*', '*'),
        deny('*:GetObject', 'arn:aws:s3:::data/secret/*'),
        {
          Effect: 'Deny',
          Action: 's3:GetObject',
          NotResource: "arn:aws:s3:::data/${aws:PrincipalTag/team,'x'}/*",
        },
        deny('s3:GetObject', 'arn:aws:s3:::logs/${ aws:username }/*'),
      ),
    );
    for (const name of ['bob', 'alice', 'carol']) t.user(name, { managed: [common] });
    t.bucket('data');
    t.bucket('logs', {
      policy: policy(
        allow('s3:GetObject', 'arn:aws:s3:::logs/*', { Principal: { AWS: arns.user('carol') } }),
      ),
    });
    const engine = t.engine();
    const m = buildMatrix(engine);
    const answers = Object.fromEntries([...matrixAnswers(m)].filter(([, v]) => v !== 'deny').sort());
    expect(answers).toEqual(nonDenyAnswers(decidedOneByOne(engine, m)));
    expect(Object.values(answers)).toContain('indeterminate');
  });
});
