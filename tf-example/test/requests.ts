// Requests over the company1 account (SCENARIO.md) with the decisions the scenario intends, and
// what a plan alone can say about them: a request that depends on a policy whose content is
// known only after apply (it refers to an ARN such as aws_s3_bucket.logs.arn) is
// indeterminate, and names the Terraform address of that policy.

import { readFileSync } from 'node:fs';
import type { Request } from '../../src/engine/types.js';
import { SESSION_POLICY_FILE } from './forms.js';

export const ACCOUNT = '629470240201';
export const REGION = 'us-west-2';
export const user = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;
export const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
export const bucket = (name: string) => `arn:aws:s3:::${name}`;
export const object = (name: string, key = 'x') => `arn:aws:s3:::${name}/${key}`;
export const INSTANCE = `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0123456789abcdef0`;

/** The session policy john passes when he assumes JohnUploadRole. */
export const SESSION_POLICY: unknown = JSON.parse(readFileSync(SESSION_POLICY_FILE, 'utf8'));

/** `aws:SecureTransport` false: a request over plain HTTP. */
export const INSECURE = { 'aws:SecureTransport': 'false' };

export type Expected = 'allow' | 'deny';

export interface Case {
  name: string;
  request: Request;
  /** The decision once every value is known (plan + configuration, HCL, CDKTF). */
  expected: Expected;
  /**
   * What the plan alone decides: the same decision, or indeterminate with the Terraform address
   * of the policy known only after apply that the decision depends on.
   */
  planAlone: Expected | { indeterminate: string[] };
}

const logsPolicy = 'aws_iam_policy.logs';

export const CASES: Case[] = [
  {
    name: 'Sara-intern s3:ListBucket company1-logs',
    request: { principal: user('Sara-intern'), action: 's3:ListBucket', resource: bucket('company1-logs') },
    expected: 'allow',
    // the only identity policy that allows it is Company1-Logs-Policy (jsonencode of aws_s3_bucket.logs.arn)
    planAlone: { indeterminate: [logsPolicy] },
  },
  {
    name: 'Sara-intern s3:GetObject company1-logs/x (boundary)',
    request: { principal: user('Sara-intern'), action: 's3:GetObject', resource: object('company1-logs') },
    expected: 'deny',
    // her boundary is aws_iam_policy.intern_boundary.arn, known only after apply: the plan records
    // that the expression refers to that policy, not that it is its ARN
    planAlone: { indeterminate: ['aws_iam_user.sara_intern'] },
  },
  {
    name: 'john s3:PutObject company1-hr/x himself',
    request: { principal: user('john'), action: 's3:PutObject', resource: object('company1-hr') },
    expected: 'deny',
    planAlone: { indeterminate: [logsPolicy] },
  },
  {
    name: 'JohnUploadRole session with the session policy s3:PutObject company1-hr/x',
    request: {
      principal: role('JohnUploadRole'),
      action: 's3:PutObject',
      resource: object('company1-hr'),
      sessionPolicy: SESSION_POLICY,
    },
    expected: 'allow',
    // a role policy whose role is known only after apply may be this role's, and company1-hr's
    // bucket policy is on a bucket known only after apply
    planAlone: { indeterminate: ['aws_iam_role_policy.logs_read', 'aws_s3_bucket_policy.hr'] },
  },
  {
    name: 'JohnUploadRole session with the session policy s3:GetObject company1-hr/x',
    request: {
      principal: role('JohnUploadRole'),
      action: 's3:GetObject',
      resource: object('company1-hr'),
      sessionPolicy: SESSION_POLICY,
    },
    expected: 'deny',
    planAlone: { indeterminate: ['aws_iam_role_policy.logs_read', 'aws_s3_bucket_policy.hr'] },
  },
  {
    name: 'john sts:AssumeRole JohnUploadRole',
    request: { principal: user('john'), action: 'sts:AssumeRole', resource: role('JohnUploadRole') },
    expected: 'allow',
    // the trust policy is jsonencode of aws_iam_user.john.arn
    planAlone: { indeterminate: ['aws_iam_role.john_upload'] },
  },
  {
    name: 'Company1-Logs-Role s3:GetObject company1-logs/x',
    request: {
      principal: role('Company1-Logs-Role'),
      action: 's3:GetObject',
      resource: object('company1-logs'),
    },
    expected: 'allow',
    planAlone: { indeterminate: ['aws_iam_role_policy.logs_read'] },
  },
  {
    name: 'Company1-Logs-Role s3:PutObject company1-logs/x',
    request: {
      principal: role('Company1-Logs-Role'),
      action: 's3:PutObject',
      resource: object('company1-logs'),
    },
    expected: 'deny',
    planAlone: { indeterminate: ['aws_iam_role_policy.logs_read'] },
  },
  {
    name: 'ec2.amazonaws.com sts:AssumeRole Company1-Logs-Role',
    request: {
      principal: 'ec2.amazonaws.com',
      action: 'sts:AssumeRole',
      resource: role('Company1-Logs-Role'),
    },
    expected: 'allow',
    planAlone: 'allow',
  },
  {
    name: 'lambda.amazonaws.com sts:AssumeRole Company1-Logs-Role',
    request: {
      principal: 'lambda.amazonaws.com',
      action: 'sts:AssumeRole',
      resource: role('Company1-Logs-Role'),
    },
    expected: 'deny',
    planAlone: 'deny',
  },
  {
    name: 'john s3:GetObject company1-hr/x',
    request: { principal: user('john'), action: 's3:GetObject', resource: object('company1-hr') },
    expected: 'allow',
    planAlone: { indeterminate: [logsPolicy] },
  },
  {
    name: 'john s3:GetObject company1-hr/x without TLS',
    request: {
      principal: user('john'),
      action: 's3:GetObject',
      resource: object('company1-hr'),
      context: INSECURE,
    },
    expected: 'deny',
    // the TLS deny's Resource is aws_s3_bucket.hr.arn (deferred data source), and Company1-Logs-Policy
    planAlone: {
      indeterminate: [logsPolicy, 'aws_s3_bucket_policy.hr', 'data.aws_iam_policy_document.hr_tls_only'],
    },
  },
  {
    name: 'uploader s3:PutObject company1-uploads/x with its access keys',
    request: { principal: user('uploader'), action: 's3:PutObject', resource: object('company1-uploads') },
    expected: 'deny',
    // company1-hr's bucket policy is on a bucket known only after apply: it may be company1-uploads'
    planAlone: { indeterminate: ['aws_s3_bucket_policy.hr'] },
  },
  {
    name: 'john ec2:StartInstances',
    request: { principal: user('john'), action: 'ec2:StartInstances', resource: INSTANCE },
    expected: 'allow',
    planAlone: { indeterminate: [logsPolicy] },
  },
  {
    name: 'john ec2:StopInstances',
    request: { principal: user('john'), action: 'ec2:StopInstances', resource: INSTANCE },
    expected: 'deny',
    // the explicit Deny is in Developers_Policy, attached by a policy_arn known only after apply
    planAlone: { indeterminate: ['aws_iam_group_policy_attachment.developers'] },
  },
];

/** A broad request set (principals × actions × resources × contexts) to compare the forms on. */
export function requestGrid(): Request[] {
  const principals = [
    user('john'),
    user('sarah'),
    user('Sara-intern'),
    user('uploader'),
    role('Company1-Logs-Role'),
    role('JohnUploadRole'),
    'ec2.amazonaws.com',
    'lambda.amazonaws.com',
    'anonymous',
    'arn:aws:iam::444455556666:root',
  ];
  const actions = [
    's3:GetObject',
    's3:PutObject',
    's3:DeleteObject',
    's3:ListBucket',
    's3:PutBucketPolicy',
    'ec2:StartInstances',
    'ec2:StopInstances',
    'ec2:RunInstances',
    'sts:AssumeRole',
    'iam:CreateUser',
    'iam:PassRole',
  ];
  const resources = [
    ...['company1-hr', 'company1-logs', 'company1-sales', 'company1-uploads'].flatMap((b) => [
      bucket(b),
      object(b, 'reports/2025.csv'),
    ]),
    role('Company1-Logs-Role'),
    role('JohnUploadRole'),
    user('john'),
    INSTANCE,
    '*',
  ];
  const contexts = [
    undefined,
    INSECURE,
    { 'aws:SecureTransport': 'true', 'aws:TokenIssueTime': '2025-04-14T09:00:00Z' },
  ];
  const out: Request[] = [];
  for (const principal of principals)
    for (const action of actions)
      for (const resource of resources)
        for (const context of contexts) {
          out.push({ principal, action, resource, ...(context ? { context } : {}) });
          if (principal === role('JohnUploadRole'))
            out.push({
              principal,
              action,
              resource,
              sessionPolicy: SESSION_POLICY,
              ...(context ? { context } : {}),
            });
        }
  return out;
}
