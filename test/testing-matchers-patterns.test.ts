// `toAllow` / `toDeny` on a resource pattern (src/testing/matchers.ts over
// src/analysis/pattern-requests.ts, the rule of a spec's `can` / `cannot`): a pattern stands for
// every resource it matches (the model's matching resources, one instance of it, and each class of
// matching resources the principal's policies tell apart), so `toDeny` passes only when every one
// is denied and `toAllow` only when every one is allowed; the message names the concrete resource
// shown, its statements with their sources, and how many resources it decided.
//
// IAM User Guide, "IAM JSON policy elements: Resource"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html):
// "You can use wildcard characters (* and ?) within any ARN segment" of a policy's Resource; a
// request names one resource, so an Allow on `bucket/prefix/*` grants `bucket/prefix/x` and a
// check of "any object of the bucket" must find that object.
// "Policy evaluation logic"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
// "An explicit deny in any of these policies overrides the allow", so a Deny on `private/*` takes
// those objects out of an Allow on `*`.

import { App, Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import '../src/testing/vitest.js';
import { fromApp } from '../src/testing/cdk.js';
import {
  configureIamspecMatchers,
  iamspecMatchers,
  type MatcherContext,
  type MatcherResult,
} from '../src/testing/matchers.js';
import { buildCompany1 } from './helpers/company1.js';

/** The trial's stack: a bucket whose name CloudFormation generates, a reader, a writer, an auditor. */
class AppStack extends Stack {
  readonly reports: Bucket;
  readonly reader: Role;
  readonly writer: Role;
  readonly auditor: Role;
  constructor(app: App, id: string) {
    super(app, id);
    this.reports = new Bucket(this, 'Reports');
    const role = (name: string) =>
      new Role(this, name, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    this.reader = role('Reader');
    this.reader.addToPolicy(
      new PolicyStatement({ actions: ['s3:GetObject'], resources: [this.reports.arnForObjects('*')] }),
    );
    this.writer = role('Writer');
    this.writer.addToPolicy(
      new PolicyStatement({ actions: ['s3:PutObject'], resources: [this.reports.arnForObjects('prefix/*')] }),
    );
    this.auditor = role('Auditor');
    this.auditor.addToPolicy(
      new PolicyStatement({ actions: ['s3:GetObject'], resources: [this.reports.arnForObjects('*')] }),
    );
    this.auditor.addToPolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: ['s3:GetObject'],
        resources: [this.reports.arnForObjects('private/*')],
      }),
    );
  }
}

const app = new App({ context: { 'aws:cdk:disable-stack-trace': true } });
const stack = new AppStack(app, 'AppStack');
const model = fromApp(app, { account: '123456789012', region: 'eu-west-1' });
const anyObject = stack.reports.arnForObjects('*');

/** The failure message of an assertion that must fail. */
function failureOf(assertion: () => void): string {
  try {
    assertion();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the assertion did not fail');
}

/** A matcher called as jest calls it: `matcher.call({ isNot }, received, ...args)`. */
function jestCall(name: 'toAllow' | 'toDeny', isNot: boolean, ...args: unknown[]): MatcherResult {
  const matcher = iamspecMatchers[name] as (
    this: MatcherContext,
    r: unknown,
    ...a: unknown[]
  ) => MatcherResult;
  return matcher.call({ isNot }, model, ...args);
}

describe('toDeny / toAllow on a resource pattern (CDK: bucket.arnForObjects("*"))', () => {
  it('toDeny passes when every matching object is denied: a reader with only GetObject cannot write', () => {
    expect(model).toDeny({ principal: stack.reader, action: 's3:PutObject', resource: anyObject });
    expect(model).not.toAllow({ principal: stack.reader, action: 's3:PutObject', resource: anyObject });
    expect(model).toAllow({ principal: stack.reader, action: 's3:GetObject', resource: anyObject });
    // as the trial runs it: strict, where the old request/resource-pattern error threw
    configureIamspecMatchers({ strict: true });
    try {
      expect(model).toDeny({ principal: stack.reader, action: 's3:PutObject', resource: anyObject });
    } finally {
      configureIamspecMatchers({});
    }
  });

  it('toDeny on "*" fails where a policy grants PutObject on prefix/* only, naming a prefix/ object', () => {
    const message = failureOf(() =>
      expect(model).toDeny({ principal: stack.writer, action: 's3:PutObject', resource: anyObject }),
    );
    expect(message).toMatch(
      /^expected AppStack\/Writer s3:PutObject on every resource matching AppStack\/Reports\/\* \(arn:aws:s3:::appstack-reports.*\/\*.*\) to be denied/,
    );
    expect(message).toMatch(/toDeny decided a resource pattern: \d+ resources/);
    expect(message).toMatch(/Shown: s3:PutObject on arn:aws:s3:::appstack-reports[^/]*\/prefix\//);
    expect(message).toContain('Decision: ALLOW under every request context');
    // the statement that grants it, with its source (the construct path of the policy)
    expect(message).toMatch(/Granted by:\n {2}- .*WriterDefaultPolicy.*AppStack\/Writer\/DefaultPolicy/);
    // .not.toAllow fails the same way
    expect(() =>
      expect(model).not.toAllow({ principal: stack.writer, action: 's3:PutObject', resource: anyObject }),
    ).toThrow(/prefix\//);
  });

  it('toAllow on "*" fails where a Deny takes private/* away, naming a private/ object', () => {
    const message = failureOf(() =>
      expect(model).toAllow({ principal: stack.auditor, action: 's3:GetObject', resource: anyObject }),
    );
    expect(message).toMatch(/toAllow decided a resource pattern: \d+ resources/);
    expect(message).toMatch(/Shown: s3:GetObject on arn:aws:s3:::appstack-reports[^/]*\/private\//);
    expect(message).toContain('Decision: DENY under every request context');
    expect(message).toMatch(/explicit|Deny/);
    // the objects outside private/ are allowed: a toAllow on them passes
    expect(model).toAllow({
      principal: stack.auditor,
      action: 's3:GetObject',
      resource: stack.reports.arnForObjects('public/*'),
    });
  });

  it('decides the same called as jest calls a matcher (plain functions, isNot)', () => {
    const deny = { principal: stack.reader, action: 's3:PutObject', resource: anyObject };
    expect(jestCall('toDeny', false, deny).pass).toBe(true);
    // with isNot, pass still means "the matcher's assertion holds" (jest inverts it)
    expect(jestCall('toAllow', true, deny).pass).toBe(false);
    const write = { principal: stack.writer, action: 's3:PutObject', resource: anyObject };
    const result = jestCall('toDeny', false, write);
    expect(result.pass).toBe(false);
    expect(result.message()).toMatch(/Shown: s3:PutObject on .*\/prefix\//);
    expect(jestCall('toAllow', true, write).pass).toBe(true);
  });

  it('a pattern no resource of the action type matches throws: the check would decide nothing', () => {
    expect(() =>
      expect(model).toDeny({
        principal: stack.reader,
        action: 's3:PutObject',
        resource: 'arn:aws:s3:::appstack-*',
      }),
    ).toThrow(/names no request: no resource the pattern matches is of a type s3:PutObject takes/);
  });
});

describe('toDeny / toAllow on patterns of the company1 scenario', () => {
  const company1 = buildCompany1();

  // Before, toDeny on this pattern passed: the engine read `*` as a character, and no Allow matches
  // that name. john reads company1-hr/* through the HR group.
  it('toDeny on company1-h*/payroll.csv fails: john reads company1-hr/payroll.csv', () => {
    const message = failureOf(() =>
      expect(company1).toDeny({
        principal: 'user/john',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::company1-h*/payroll.csv',
      }),
    );
    expect(message).toContain('Shown: s3:GetObject on arn:aws:s3:::company1-hr/payroll.csv');
    expect(message).toContain('HRPolicy');
  });

  it('a group stands for each member on each resource of the pattern', () => {
    // HR's members read company1-hr objects over TLS (the bucket policy denies the rest)
    const tls = { 'aws:SecureTransport': 'true' };
    expect(company1).toAllow({
      principal: 'group/HR',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::company1-hr/*',
      context: tls,
    });
    const message = failureOf(() =>
      expect(company1).toDeny({
        principal: 'group/HR',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::company1-hr/*',
        context: tls,
      }),
    );
    expect(message).toMatch(/every member of group\/HR/);
    expect(message).toMatch(/Shown: user\/\S+ s3:GetObject on arn:aws:s3:::company1-hr\//);
  });

  // A principal is one principal: no user, role or session name holds `*` (IAM and AWS STS quotas,
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html), so a pattern there
  // names nobody and toDeny on it would pass whatever the policies grant: it throws.
  it('a principal pattern throws: it names no principal', () => {
    expect(() =>
      expect(company1).toDeny({
        principal: 'arn:aws:iam::999988887777:role/*',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::company1-hr/x',
      }),
    ).toThrow(/toDeny: principal "arn:aws:iam::999988887777:role\/\*" holds "\*" or "\?"/);
    // so does a spec's principal, and a cannotBecome target (the request layer's one rule)
    const cannot = [{ action: 's3:GetObject', resource: 'arn:aws:s3:::company1-hr/x' }];
    expect(() =>
      expect(company1).toSatisfySpec({
        version: 1,
        expect: [{ principal: 'arn:aws:iam::999988887777:role/*', cannot }],
      }),
    ).toThrow(/holds "\*" or "\?"/);
    expect(() =>
      expect(company1).toSatisfySpec({
        version: 1,
        expect: [{ principal: 'user/john', cannotBecome: ['arn:aws:iam::999988887777:role/*'] }],
      }),
    ).toThrow(/holds "\*" or "\?"/);
  });

  it('"*" for an action without resource types is its one resource, not a pattern', () => {
    const message = failureOf(() =>
      expect(company1).toDeny({ principal: 'user/john', action: 'ec2:DescribeInstances', resource: '*' }),
    );
    expect(message).toContain('expected user/john ec2:DescribeInstances on * to be denied');
    expect(message).not.toContain('decided a resource pattern');
  });

  it('"*" for an action with resource types is every resource of those types', () => {
    const message = failureOf(() =>
      expect(company1).toDeny({ principal: 'user/john', action: 's3:GetObject', resource: '*' }),
    );
    expect(message).toMatch(/toDeny decided a resource pattern: \d+ resources/);
    expect(message).toMatch(/Shown: s3:GetObject on arn:aws:s3:::company1-/);
  });
});
