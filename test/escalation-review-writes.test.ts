// The review's privilege-escalation findings for the escalations whose last step is a write
// (src/analysis/escalation-writes.ts, the rule the spec's `noEscalation` uses too): rewriting a
// resource-based policy to grant oneself a request one is denied (aws/policy-writers.ts), and
// changing one's own tags where policies read aws:PrincipalTag. The review had neither (a user
// allowed s3:PutBucketPolicy on the bucket whose policy is all that keeps it from the data had no
// finding), so neither did `diff --fail-on risk` (test/diff-risk-writes.test.ts). Open-account
// stand-ins (src/model/open-accounts.ts) start escalation findings on what the inputs grant them.
//
// Pages:
// - Amazon S3 API Reference, PutBucketPolicy: "Applies an Amazon S3 bucket policy to an Amazon S3
//   bucket", https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html
// - AWS KMS Developer Guide, "Key policies in AWS KMS": "Every KMS key must have exactly one key
//   policy" and "Unless the key policy explicitly allows it, you cannot use IAM policies to allow
//   access to a KMS key", https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html;
//   AWS KMS API Reference, CreateGrant: "A grant is a policy instrument that allows AWS
//   principals to use KMS keys in cryptographic operations",
//   https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateGrant.html
// - AWS Lambda API Reference, AddPermission: "Grants a principal permission to use a function",
//   https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html
// - IAM User Guide, "Controlling access to and for IAM users and roles using tags" /
//   "Controlling access for IAM principals": "You can use the aws:PrincipalTag condition key to
//   control what the principal is allowed to do based on the tags attached to the principal",
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/access_iam-tags.html
// - IAM User Guide, "Policy evaluation logic": an explicit deny in any policy overrides any allow.

import { describe, expect, it } from 'vitest';
import { generateOrg } from '../bench/generate-org.js';
import {
  deniedExplicitly,
  type PolicyWrite,
  policyWrites,
  policyWriteTargets,
} from '../src/analysis/escalation-writes.js';
import { decideAnyContext, LEAN } from '../src/analysis/free-decision.js';
import { escalationsOf, reviewContext } from '../src/analysis/risk-escalation.js';
import { policyWriteMessage, principalLabel } from '../src/analysis/risk-messages.js';
import { reviewRisks } from '../src/analysis/risks.js';
import { accessRank } from '../src/analysis/chains.js';
import type { RiskFinding } from '../src/analysis/types.js';
import type { Engine } from '../src/engine/engine.js';
import { compileModel } from '../src/engine/index.js';
import { openAccountStandInArn, withOpenAccounts } from '../src/model/open-accounts.js';
import { parseSpec } from '../src/spec/parse.js';
import { runSpec } from '../src/spec/run.js';
import { ACCOUNT_A, allow, arns, deny, policy, REGION, TestModel } from './helpers/engine-fixtures.js';

const PAGE = {
  s3: 'Amazon S3 API Reference, PutBucketPolicy: "Applies an Amazon S3 bucket policy to an Amazon S3 bucket"',
  kms: 'AWS KMS API Reference, CreateGrant: "A grant is a policy instrument that allows AWS principals to use KMS keys in cryptographic operations"',
  keyPolicy:
    'AWS KMS Developer Guide, "Key policies in AWS KMS": "Unless the key policy explicitly allows it, you cannot use IAM policies to allow access to a KMS key"',
  lambda: 'AWS Lambda API Reference, AddPermission: "Grants a principal permission to use a function"',
  tags: 'IAM User Guide, "Controlling access for IAM principals": "You can use the aws:PrincipalTag condition key to control what the principal is allowed to do based on the tags attached to the principal"',
  deny: 'IAM User Guide, "Policy evaluation logic": an explicit deny in any policy overrides any allow',
};

const KEY = arns.key('k-1');
const FN = `arn:aws:lambda:${REGION}:${ACCOUNT_A}:function:fn`;
const ROOT_KEY_POLICY = policy(allow('kms:*', '*', { Principal: { AWS: arns.root() } }));

/** The review's findings of one kind of write escalation, by subject. */
function findings(engine: Engine, detail: string): Map<string, RiskFinding> {
  return new Map(
    reviewRisks(engine)
      .filter((f) => f.kind === 'privilege-escalation' && f.detail === detail)
      .map((f) => [f.subject, f]),
  );
}

/** `noEscalation` of `principal` (e.g. `user/dev`): status and message. */
function noEscalation(engine: Engine, principal: string) {
  const r = runSpec(
    engine.model,
    parseSpec(`version: 1\nexpect:\n  - { id: e, principal: ${principal}, noEscalation: true }\n`),
    { engine },
  );
  return { status: r.expectations[0]!.status, message: r.expectations[0]!.checks[0]!.message };
}

describe('review: rewriting a resource-based policy is a privilege-escalation finding', () => {
  function model() {
    const t = new TestModel();
    t.bucket('data');
    t.resource('kms-key', KEY, { policy: ROOT_KEY_POLICY });
    t.resource('lambda-function', FN, { name: 'fn' });
    t.user('dev', { inline: [policy(allow('s3:PutBucketPolicy', arns.bucket('data')))] });
    t.user('reader', { inline: [policy(allow('s3:GetObject', `${arns.bucket('data')}/*`))] });
    t.user('granter', { inline: [policy(allow('kms:CreateGrant', KEY))] });
    t.user('inv', { inline: [policy(allow('lambda:AddPermission', FN))] });
    t.user('other', { inline: [policy(allow('s3:PutBucketPolicy', arns.bucket('elsewhere')))] });
    t.user('denied', {
      inline: [
        policy(
          allow('s3:PutBucketPolicy', arns.bucket('data')),
          deny(['s3:GetObject', 's3:PutObject', 's3:DeleteBucket'], '*'),
        ),
      ],
    });
    t.user('mfa', {
      inline: [
        policy(
          allow('s3:PutBucketPolicy', arns.bucket('data'), {
            Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
          }),
        ),
      ],
    });
    return t.engine();
  }

  it('s3:PutBucketPolicy: high, naming the write, what it grants itself and the statement that allows it (PAGE.s3)', () => {
    const f = findings(model(), 'resource-policy write').get(arns.user('dev'))!;
    expect(f, PAGE.s3).toBeDefined();
    expect(f.severity).toBe('high');
    expect(f.message).toBe(
      'user dev can rewrite resource-based policies and so grant itself (or others) access it is denied now: s3:PutBucketPolicy on data, to grant itself s3:GetObject [resource-policy write]',
    );
    expect(f.statements).toEqual([
      expect.objectContaining({
        stage: 'identity',
        effect: 'Allow',
        source: expect.objectContaining({ logicalId: 'dev-inline-0', pointer: '/dev-inline-0/Statement/0' }),
      }),
    ]);
  });

  it('kms:CreateGrant (a grant gives the cryptographic operations) and lambda:AddPermission (PAGE.kms, PAGE.lambda)', () => {
    const found = findings(model(), 'resource-policy write');
    expect(found.get(arns.user('granter'))?.message, PAGE.kms).toContain(
      'kms:CreateGrant on key/k-1, to grant itself kms:Decrypt',
    );
    expect(found.get(arns.user('inv'))?.message, PAGE.lambda).toContain(
      'lambda:AddPermission on function:fn, to grant itself lambda:InvokeFunction',
    );
  });

  it('no finding for a reader, a write of a bucket the inputs do not hold, or a writer an explicit Deny keeps out (PAGE.deny)', () => {
    const found = findings(model(), 'resource-policy write');
    expect(found.has(arns.user('reader'))).toBe(false);
    expect(found.has(arns.user('other'))).toBe(false);
    expect(found.has(arns.user('denied')), PAGE.deny).toBe(false);
  });

  it('a write allowed under a condition: one step lower, medium (risk-severity.ts conditionalSeverity; was low), with the condition', () => {
    const f = findings(model(), 'resource-policy write').get(arns.user('mfa'))!;
    expect(f.severity).toBe('medium');
    expect(f.message).toContain('(conditional: aws:MultiFactorAuthPresent');
  });

  it('a write the resource policy itself grants a role (no identity statement allows it) is found', () => {
    const t = new TestModel();
    t.role('app', { inline: [policy(allow('sqs:GetQueueUrl', '*'))] });
    t.resource('sqs-queue', arns.queue('jobs'), {
      policy: policy(allow('sqs:SetQueueAttributes', '*', { Principal: { AWS: arns.role('app') } })),
    });
    const f = findings(t.engine(), 'resource-policy write').get(arns.role('app'));
    expect(f?.message).toContain('sqs:SetQueueAttributes on jobs, to grant itself sqs:ReceiveMessage');
    expect(f?.statements.map((s) => s.stage)).toEqual(['resource']);
  });

  it('a key policy that delegates to the account gives nothing without an identity Allow (PAGE.keyPolicy)', () => {
    const t = new TestModel();
    t.resource('kms-key', KEY, { policy: ROOT_KEY_POLICY });
    t.user('plain', { inline: [policy(allow('s3:ListAllMyBuckets', '*'))] });
    t.user('keyadmin', { inline: [policy(allow('kms:PutKeyPolicy', KEY))] });
    const found = findings(t.engine(), 'resource-policy write');
    expect(found.has(arns.user('plain')), PAGE.keyPolicy).toBe(false);
    expect(found.get(arns.user('keyadmin'))?.message).toContain('kms:PutKeyPolicy on key/k-1');
  });

  it('agrees with the spec: noEscalation fails by the same write exactly where the review has the finding', () => {
    const engine = model();
    const found = findings(engine, 'resource-policy write');
    for (const name of ['dev', 'reader', 'granter', 'inv', 'other', 'denied', 'mfa']) {
      const spec = noEscalation(engine, `user/${name}`);
      const byWrite = spec.message.includes('rewriting the resource policy');
      expect(byWrite, name).toBe(found.has(arns.user(name)));
    }
  });
});

describe(`review: tagging oneself where policies read aws:PrincipalTag (${PAGE.tags})`, () => {
  function engineOf(o: { tagSelf: boolean; abac: boolean; tagCondition?: boolean }) {
    const t = new TestModel();
    const statements = [
      o.abac
        ? allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'admin' } } })
        : allow('s3:GetObject', 'arn:aws:s3:::public/*'),
    ];
    if (o.tagSelf)
      statements.push(
        allow(
          'iam:TagRole',
          arns.role('abac'),
          o.tagCondition ? { Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['cost'] } } } : {},
        ),
      );
    t.role('abac', {
      tags: { team: 'dev' },
      trust: policy({
        Effect: 'Allow',
        Principal: { Service: 'ec2.amazonaws.com' },
        Action: 'sts:AssumeRole',
      }),
      inline: [policy(...statements)],
    });
    return t.engine();
  }

  it('iam:TagRole on itself with an ABAC grant: medium, naming the tag action, the statement that allows it and the one that reads the tag', () => {
    const engine = engineOf({ tagSelf: true, abac: true });
    const f = findings(engine, 'self-tagging').get(arns.role('abac'))!;
    expect(f, PAGE.tags).toBeDefined();
    expect(f.severity).toBe('medium');
    expect(f.message).toBe(
      'role abac can change its own tags (iam:TagRole on itself) and policies read aws:PrincipalTag: it may give itself the tags an ABAC condition asks for, or drop those a Deny matches (what other tags would unlock is not computed); iam:TagRole is allowed by inline policy abac-inline-0 of role abac Statement[1] at engine-fixtures.ts#/abac-inline-0/Statement/1 (logical id abac-inline-0); aws:PrincipalTag is read by inline policy abac-inline-0 of role abac Statement[0] at engine-fixtures.ts#/abac-inline-0/Statement/0 (logical id abac-inline-0) [self-tagging]',
    );
    expect(f.statements[0]?.source?.logicalId).toBe('abac-inline-0');
    // The spec says the same (indeterminate: what tags unlock is not computed).
    expect(noEscalation(engine, 'role/abac').message).toContain('iam:TagRole on');
  });

  it('only tags the statement lets it set: medium, conditional on aws:TagKeys (risk-severity.ts: a conditional takeover is never below medium, as an undecided one; was low)', () => {
    const f = findings(engineOf({ tagSelf: true, abac: true, tagCondition: true }), 'self-tagging').get(
      arns.role('abac'),
    )!;
    expect(f.severity).toBe('medium');
    expect(f.message).toContain('aws:TagKeys');
  });

  it('no finding without the tag permission, or when no policy reads principal tags', () => {
    expect(findings(engineOf({ tagSelf: false, abac: true }), 'self-tagging').size).toBe(0);
    expect(findings(engineOf({ tagSelf: true, abac: false }), 'self-tagging').size).toBe(0);
  });
});

describe('review: escalation findings start from the open-account stand-ins (--open-accounts)', () => {
  const ROLE_A = openAccountStandInArn('aws', ACCOUNT_A, 'role');
  const USER_A = openAccountStandInArn('aws', ACCOUNT_A, 'user');

  function model() {
    const t = new TestModel();
    t.role('app-1', { inline: [policy(allow('iam:*', '*'))] });
    // Any role named app-* may rewrite the bucket's policy: a role of the account outside the
    // inputs may be one.
    t.bucket('shared', {
      policy: policy(
        allow('s3:PutBucketPolicy', arns.bucket('shared'), {
          Principal: { AWS: '*' },
          Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT_A}:role/app-*` } },
        }),
      ),
    });
    t.resource('kms-key', KEY, { policy: ROOT_KEY_POLICY });
    return t.model();
  }

  it('in the mode, the role stand-in may rewrite the bucket policy the inputs open to it (indeterminate: medium, risk-severity.ts indeterminateSeverity)', () => {
    const engine = compileModel(withOpenAccounts(model()));
    const esc = reviewRisks(engine).filter((f) => f.kind === 'privilege-escalation');
    const role = esc.filter((f) => f.subject === ROLE_A);
    expect(role.map((f) => f.detail)).toEqual(['resource-policy write']);
    expect(role[0]!.severity).toBe('medium');
    expect(role[0]!.message).toContain(
      's3:PutBucketPolicy on shared, to grant itself s3:GetObject (indeterminate',
    );
    // The bucket policy's grant, and (why it is indeterminate: risk-escalation.ts `escalationWhy`)
    // the stand-in's own identity policies and boundary, unknown by definition.
    expect(role[0]!.message).toMatch(/\(indeterminate: .+\) \[resource-policy write\]$/);
    expect(role[0]!.statements.map((s) => s.stage)).toEqual(['resource', 'identity', 'boundary']);
    // The user stand-in is no role/app-*; what its unknown policies might allow (iam:*, the
    // account's KMS key through the key policy's account grant) is no finding.
    expect(esc.filter((f) => f.subject === USER_A)).toEqual([]);
    // Other principal findings never start from a stand-in.
    expect(
      reviewRisks(engine).filter((f) => f.kind !== 'privilege-escalation' && f.subject === ROLE_A),
    ).toEqual([]);
  });

  it('without the mode there is no stand-in to start from', () => {
    const esc = reviewRisks(compileModel(model())).filter((f) => f.kind === 'privilege-escalation');
    expect(esc.some((f) => f.subject === ROLE_A || f.subject === USER_A)).toBe(false);
  });
});

describe("the review's index of write candidates decides as trying every resource does", () => {
  // risk-escalation.ts decides a principal's writes only on the resources an identity Allow of
  // it may name and on those whose own policies may grant the write without one. Every
  // principal of a generated organisation, against every writable resource tried in full.
  it.each([1, 2])('generated organisation, seed %i: the same finding for every principal', (seed) => {
    const { model } = generateOrg({ principals: 150, resources: 120, policies: 400, seed });
    const engine = compileModel(model);
    const ctx = reviewContext(engine);
    const targets = policyWriteTargets(model);
    const limit = 6;
    let found = 0;
    for (const p of [...model.users, ...model.roles]) {
      const decide = (action: string, resource: string) =>
        decideAnyContext(engine, { principal: p.arn, action, resource }, LEAN);
      const writes: PolicyWrite[] = [];
      for (const t of targets) {
        for (const w of policyWrites(
          t,
          { engine, arn: p.arn },
          decide,
          (q) => decide(q.action, q.resource).access === 'deny',
          (q) => deniedExplicitly(decide(q.action, q.resource)),
        )) {
          writes.push(w);
          break;
        }
        if (writes.length > limit) break;
      }
      const access = writes.reduce<'allow' | 'conditional' | 'indeterminate' | 'deny'>(
        (a, w) => (accessRank(w.write.access) > accessRank(a) ? w.write.access : a),
        'deny',
      );
      const expected = writes.length
        ? policyWriteMessage(
            principalLabel(p),
            writes,
            access,
            [...new Set(writes.flatMap((w) => w.write.conditions))],
            limit,
          )
        : undefined;
      const actual = escalationsOf({ engine, ctx, limit }, p, REGION).find(
        (f) => f.detail === 'resource-policy write',
      );
      expect(actual?.message, p.arn).toBe(expected);
      if (expected) found++;
    }
    // Not vacuous: the organisation has writers.
    expect(found).toBeGreaterThan(5);
  });
});
