// Hand-made SpecResults for the report tests: a passing expectation, a failing exhaustive
// `only` check with an unconditional and a conditional witness, a failing `cannot` with its
// decision trace, an indeterminate `can`, an `onlyPrincipals` failure whose statement has no
// source, and text that needs escaping in every format (<, &, quotes, |, backticks).

import type { StatementRef, Witness } from '../../src/analysis/types.js';
import type { Decision } from '../../src/engine/types.js';
import { couldChangeVerdict } from '../../src/model/finding-codes.js';
import type {
  CheckResult,
  ExpectationResult,
  SpecLocation,
  SpecResult,
  SpecWarning,
} from '../../src/spec/types.js';

export const SPEC = 'cdk-example/access.yaml';
export const TEMPLATE = 'cdk-example/cdk.out/Company1Stack.template.json';

export const at = (line: number, column: number, pointer: string): SpecLocation => ({
  file: SPEC,
  line,
  column,
  pointer,
});

export const internGetObject: StatementRef = {
  stage: 'identity',
  policy: 'inline policy InternPolicy of user Sara-intern',
  statement: 'Sid "ReadLogs"',
  effect: 'Allow',
  source: {
    file: TEMPLATE,
    pointer: '/Resources/SaraIntern/Properties/Policies/0/PolicyDocument/Statement/1',
    line: 42,
    column: 17,
    logicalId: 'SaraInternABC123',
    constructPath: 'Company1Stack/SaraIntern/Resource',
    stack: 'Company1Stack',
  },
};

export const bucketPolicyStar: StatementRef = {
  stage: 'resource',
  policy: 'bucket policy of company1-hr',
  statement: 'Statement[0]',
  effect: 'Allow',
  source: {
    file: 'tf-example/main.tf',
    line: 88,
    column: 3,
    address: 'aws_s3_bucket_policy.hr',
  },
};

export const noSourceStatement: StatementRef = {
  stage: 'identity',
  policy: 'AWS managed policy AmazonS3ReadOnlyAccess',
  statement: 'Statement[0]',
  effect: 'Allow',
  source: undefined,
};

const allowDecision: Decision = {
  decision: 'allow',
  reason: 'allowed',
  trace: [
    { stage: 'principal', message: 'principal arn:aws:iam::629470240201:user/Sara-intern' },
    {
      stage: 'identity',
      message: 'Allow applies',
      policy: internGetObject.policy,
      statement: internGetObject.statement,
      effect: 'Allow',
      outcome: 'match',
      source: internGetObject.source,
    },
    { stage: 'result', message: 'allow (allowed)' },
  ],
};

function witness(action: string, resource: string, extra: Partial<Witness> = {}): Witness {
  return {
    principal: 'arn:aws:iam::629470240201:user/Sara-intern',
    action,
    resource,
    access: 'allow',
    conditions: [],
    grants: [internGetObject],
    decision: allowDecision,
    external: false,
    ...extra,
  };
}

function check(
  partial: Partial<CheckResult> & Pick<CheckResult, 'kind' | 'status' | 'message' | 'location'>,
): CheckResult {
  return {
    principal: undefined,
    action: undefined,
    resource: undefined,
    decision: undefined,
    witnesses: [],
    statements: [],
    warnings: [],
    ...partial,
  };
}

function expectation(
  id: string,
  description: string | undefined,
  location: SpecLocation,
  checks: CheckResult[],
): ExpectationResult {
  const status = checks.some((c) => c.status === 'fail')
    ? 'fail'
    : checks.some((c) => c.status === 'indeterminate')
      ? 'indeterminate'
      : 'pass';
  return { id, description, status, checks, location };
}

export function specResult(
  expectations: ExpectationResult[],
  notes: string[] = [],
  warnings: SpecWarning[] = [],
  strict = false,
): SpecResult {
  const passed = expectations.filter((e) => e.status === 'pass').length;
  const failed = expectations.filter((e) => e.status === 'fail').length;
  const indeterminate = expectations.filter((e) => e.status === 'indeterminate').length;
  // An error about the inputs that could change a verdict fails every run; strict, every warning.
  const inputFailure = warnings.some(
    (w) => !w.location && couldChangeVerdict(w.code) && (strict || w.severity === 'error'),
  );
  return {
    ok: failed === 0 && indeterminate === 0 && !inputFailure,
    strict,
    specFile: SPEC,
    inputs: ['cdk-example/cdk.out'],
    expectations,
    summary: { expectations: expectations.length, passed, failed, indeterminate },
    notes,
    warnings,
  };
}

export const passing = expectation(
  'ec2-role-reads-logs',
  'The EC2 role may read company1-logs',
  at(10, 5, '/expect/1'),
  [
    check({
      kind: 'can',
      status: 'pass',
      message: 'role/Company1-Logs-Role can s3:GetObject on arn:aws:s3:::company1-logs/*',
      location: at(12, 15, '/expect/1/can/0'),
      principal: 'arn:aws:iam::629470240201:role/Company1-Logs-Role',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::company1-logs/*',
      decision: { decision: 'allow', reason: 'allowed' },
    }),
  ],
);

export const failingOnly = expectation(
  'interns-list-logs-only',
  'Interns may only list company1-logs',
  at(3, 5, '/expect/0'),
  [
    check({
      kind: 'only',
      status: 'fail',
      message: 'user/Sara-intern can also s3:GetObject on arn:aws:s3:::company1-logs/x',
      location: at(5, 7, '/expect/0/only'),
      principal: 'arn:aws:iam::629470240201:user/Sara-intern',
      witnesses: [
        witness('s3:GetObject', 'arn:aws:s3:::company1-logs/x'),
        witness('s3:PutObject', 'arn:aws:s3:::company1-logs/y', {
          access: 'conditional',
          conditions: ['aws:SourceIp IpAddress 10.0.0.0/8 (Allow of inline policy InternPolicy, Sid "Net")'],
        }),
      ],
      statements: [internGetObject],
    }),
  ],
);

export const failingCannot = expectation(
  'hr-bucket-closed',
  'Nobody reads <HR> data & "secrets" | `raw`',
  at(20, 5, '/expect/2'),
  [
    check({
      kind: 'can',
      status: 'pass',
      message: 'role/JohnUploadRole can s3:PutObject on arn:aws:s3:::company1-hr/new-file.txt',
      location: at(22, 13, '/expect/2/can/0'),
    }),
    check({
      kind: 'cannot',
      status: 'fail',
      message: 'user/Sales-user can s3:GetObject on arn:aws:s3:::company1-hr/a.txt but must not',
      location: at(23, 16, '/expect/2/cannot/0'),
      principal: 'arn:aws:iam::629470240201:user/Sales-user',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::company1-hr/a.txt',
      decision: {
        decision: 'allow',
        reason: 'allowed',
        trace: [
          { stage: 'principal', message: 'principal arn:aws:iam::629470240201:user/Sales-user' },
          {
            stage: 'resource',
            message: 'Allow applies (Principal "*")',
            policy: bucketPolicyStar.policy,
            statement: bucketPolicyStar.statement,
            effect: 'Allow',
            outcome: 'match',
            source: bucketPolicyStar.source,
          },
          { stage: 'result', message: 'allow (allowed)' },
        ],
      },
      statements: [bucketPolicyStar],
    }),
  ],
);

export const indeterminateCan = expectation('temp-creds', undefined, at(30, 5, '/expect/3'), [
  check({
    kind: 'can',
    status: 'indeterminate',
    message: 'user/john s3:GetObject on arn:aws:s3:::company1-hr/x depends on a value unknown until deploy',
    location: at(31, 9, '/expect/3/can/0'),
    decision: {
      decision: 'indeterminate',
      reason: 'unknown-value',
      trace: [
        {
          stage: 'identity',
          message: 'Allow depends on an unknown value (aws_iam_policy.temp policy is known after apply)',
          policy: 'TempCredsPolicy',
          statement: 'Statement[0]',
          effect: 'Allow',
          outcome: 'unknown',
          source: { file: 'tf-example/plan.json', line: 120, column: 9, address: 'aws_iam_policy.temp' },
        },
      ],
    },
  }),
]);

export const failingOnlyPrincipals = expectation('hr-readers', 'HR readers', at(40, 5, '/expect/4'), [
  check({
    kind: 'onlyPrincipals',
    status: 'fail',
    message: 'role/Company1-EC2-Role can also s3:GetObject on arn:aws:s3:::company1-hr/*',
    location: at(42, 21, '/expect/4/onlyPrincipals'),
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::company1-hr/*',
    witnesses: [
      witness('s3:GetObject', 'arn:aws:s3:::company1-hr/x', {
        principal: 'arn:aws:iam::629470240201:role/Company1-EC2-Role',
        grants: [noSourceStatement],
      }),
    ],
    statements: [noSourceStatement],
  }),
]);

export const ROOT_NOTE =
  'the account root user is outside exhaustive principal checks (IAM policies cannot restrict it)';

/** Every kind of outcome: 1 passed, 3 failed, 1 indeterminate. */
export function mixedResult(): SpecResult {
  return specResult(
    [failingOnly, passing, failingCannot, indeterminateCan, failingOnlyPrincipals],
    [ROOT_NOTE],
  );
}

export function allPassResult(): SpecResult {
  return specResult([passing]);
}

/** A spec warning: an exact bucket ARN of the spec that is not in the model. */
export const BUCKET_WARNING: SpecWarning = {
  code: 'spec/resource-not-in-model',
  severity: 'warning',
  message:
    'resource "arn:aws:s3:::company1-logz" names the bucket "company1-logz", which is not in the model: it is decided as a bucket outside the inputs, without a bucket policy; did you mean company1-logs?',
  candidates: ['company1-logs'],
  location: at(12, 9, '/expect/0/only/0'),
};
