// A write of a Lambda function's policy granted only on the function's qualified ARNs
// (`function:fn:*`, by the function's own policy or by an identity policy) is a resource-policy
// write too: AddPermission takes a Qualifier, and the statement it adds lets the writer invoke
// that version or alias, whose code runs with the function's execution role. Before,
// escalation-writes.ts `writeArnsOf` tried the write on the unqualified ARN and on the qualified
// ARNs the policy names exactly, so a pattern over qualified ARNs was never tried: the review and
// the spec's `noEscalation` passed. Now the write is also tried on a version or alias the inputs
// do not name (aws/lambda.ts `someQualifiedArn`).
//
// Pages:
// - AWS Lambda API Reference, AddPermission: Qualifier, "Specify a version or alias to add
//   permissions to a published version of the function",
//   https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html
// - AWS Lambda Developer Guide, "Fine-tuning the Resources and Conditions sections of policies":
//   "Functions–Actions that operate on a function can be restricted to a specific function by
//   function, version, or alias ARN."

import { describe, expect, it } from 'vitest';
import { ACCOUNT_A, allow, arns, policy, REGION, TestModel } from './helpers/engine-fixtures.js';
import { escalationFindings, noEscalationCheck } from './helpers/escalation-findings.js';

const PAGE = {
  qualifier:
    'AWS Lambda API Reference, AddPermission, Qualifier: "Specify a version or alias to add permissions to a published version of the function"',
  resources:
    'AWS Lambda Developer Guide: "Functions–Actions that operate on a function can be restricted to a specific function by function, version, or alias ARN."',
};

const FN = `arn:aws:lambda:${REGION}:${ACCOUNT_A}:function:fn`;

/** Function fn; dev may call lambda:AddPermission on `on`, by the function's policy or its own. */
function model(on: string, by: 'function-policy' | 'identity') {
  const t = new TestModel();
  const dev = arns.user('dev');
  t.resource('lambda-function', FN, {
    name: 'fn',
    ...(by === 'function-policy'
      ? { policy: policy(allow('lambda:AddPermission', on, { Principal: { AWS: dev } })) }
      : {}),
  });
  t.user('dev', { inline: by === 'identity' ? [policy(allow('lambda:AddPermission', on))] : [] });
  return t.engine();
}

describe(`lambda:AddPermission granted on function:fn:* only is a resource-policy write (${PAGE.qualifier}; ${PAGE.resources})`, () => {
  for (const by of ['function-policy', 'identity'] as const) {
    it(`${by}: the review finds the write, on a version or alias of fn`, () => {
      const f = escalationFindings(model(`${FN}:*`, by)).get(`${arns.user('dev')} resource-policy write`);
      expect(f, PAGE.qualifier).toBeDefined();
      // Round 5: no version or alias of fn is in the inputs; the write gains something only if
      // one exists, so the finding says so and is one step lower than a write on fn itself
      // (before: "on function:fn:<unknown qualifier>" at the write's severity, high).
      expect(f!.message).toContain(
        'lambda:AddPermission on function:fn (a version or alias not in the inputs), to grant itself lambda:InvokeFunction there, if one exists',
      );
      expect(f!.severity).toBe('medium');
    });

    it(`${by}: AddPermission on fn itself keeps the write's severity (high), without that wording`, () => {
      const f = escalationFindings(model(FN, by)).get(`${arns.user('dev')} resource-policy write`);
      expect(f).toBeDefined();
      expect(f!.severity).toBe('high');
      expect(f!.message).not.toContain('not in the inputs');
    });

    it(`${by}: spec noEscalation does not pass`, () => {
      expect(noEscalationCheck(model(`${FN}:*`, by), 'user/dev').status).not.toBe('pass');
    });

    it(`${by}: near-miss, AddPermission on another function's versions gains nothing`, () => {
      const other = `arn:aws:lambda:${REGION}:${ACCOUNT_A}:function:other:*`;
      const engine = model(other, by);
      expect(escalationFindings(engine).get(`${arns.user('dev')} resource-policy write`)).toBeUndefined();
      expect(noEscalationCheck(engine, 'user/dev').status).toBe('pass');
    });
  }
});
