// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${...} in plain strings.
// The access review's risk findings: administrator-equivalent principals, wildcards, public and
// cross-account access, iam:PassRole on any role and privilege escalation, each naming the
// statements that cause it.

import { describe, expect, it } from 'vitest';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { reviewRisks } from '../src/analysis/risks.js';
import type { RiskFinding } from '../src/analysis/types.js';
import { compileModel } from '../src/engine/index.js';
import { arn as c1, buildCompany1 } from './helpers/company1.js';
import {
  ACCOUNT_A,
  allow,
  arns,
  deny,
  EXTERNAL_ACCOUNT,
  policy,
  TestModel,
} from './helpers/engine-fixtures.js';

const DOC = {
  admin:
    'IAM User Guide, "AWS managed policies for job functions" (AdministratorAccess: "Action": "*", "Resource": "*"), https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html',
  public:
    'Amazon S3 User Guide, "Blocking public access to your Amazon S3 storage" (a bucket policy is public when it grants access to a wildcard principal without fixed-value conditions), https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status',
  crossAccount:
    'IAM User Guide, "Cross account resource access in IAM", https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies-cross-account-resource-access.html',
  passRole:
    'IAM User Guide, "Grant a user permissions to pass a role to an AWS service" (limit iam:PassRole to specific roles), https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html',
  escalation:
    'Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation", https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/',
};

const kinds = (fs: RiskFinding[], kind: RiskFinding['kind']) => fs.filter((f) => f.kind === kind);
const subjects = (fs: RiskFinding[], kind: RiskFinding['kind']) => kinds(fs, kind).map((f) => f.subject);

describe('reviewRisks on company1', () => {
  const findings = reviewRisks(compileModel(buildCompany1()));

  it('flags sarah (IT, AdministratorAccess) as administrator-equivalent, and nobody else (DOC.admin)', () => {
    const admin = kinds(findings, 'admin-equivalent');
    expect(
      admin.map((f) => [f.subject, f.severity]),
      DOC.admin,
    ).toEqual([[c1.user('sarah'), 'high']]);
    expect(admin[0]!.statements.map((s) => s.policy)).toEqual([
      expect.stringContaining('AdministratorAccess'),
    ]);
  });

  it('flags effective wildcard actions and resources in identity policies', () => {
    // sarah is administrator-equivalent: that finding says it all (the only high one); the
    // intern's ec2:* is capped away by the permissions boundary (s3:ListBucket only).
    expect(subjects(findings, 'wildcard-action')).toEqual([c1.user('john')]);
    expect(findings.filter((f) => f.severity === 'high').map((f) => [f.kind, f.subject])).toEqual([
      ['admin-equivalent', c1.user('sarah')],
    ]);
    const john = kinds(findings, 'wildcard-action').find((f) => f.subject === c1.user('john'))!;
    expect([john.severity, john.message]).toEqual(['medium', expect.stringContaining('"ec2:*"')]);
    expect(john.statements.map((s) => s.policy)).toEqual([expect.stringContaining('Developers_Policy')]);
    expect(subjects(findings, 'wildcard-resource')).toEqual(subjects(findings, 'wildcard-action'));
  });

  it('has no public, cross-account, PassRole or escalation findings', () => {
    for (const k of [
      'public-access',
      'cross-account-access',
      'passrole-wildcard',
      'privilege-escalation',
    ] as const)
      expect(kinds(findings, k)).toEqual([]);
  });

  it('mutation "company1-sales bucket policy principal *" is flagged public, citing the statement (DOC.public)', () => {
    const pub = kinds(reviewRisks(compileModel(buildCompany1({ publicSalesBucket: true }))), 'public-access');
    expect(
      pub.map((f) => [f.subject, f.severity]),
      DOC.public,
    ).toEqual([[c1.bucket('company1-sales'), 'high']]);
    expect(pub[0]!.statements.map((s) => [s.stage, s.statement])).toEqual([
      ['resource', 'Sid "JohnFullAccess"'],
    ]);
    expect(pub[0]!.message).toContain('s3:GetObject');
  });

  it('limits principal findings to the rows of a given matrix', () => {
    const engine = compileModel(buildCompany1());
    const m = buildMatrix(engine, { principals: ['user/john'] });
    const fs = reviewRisks(engine, m);
    expect(subjects(fs, 'admin-equivalent')).toEqual([]);
    expect(subjects(fs, 'wildcard-action')).toEqual([c1.user('john')]);
  });
});

describe('reviewRisks on small models', () => {
  it('a TLS-only Deny does not lower public access: it limits how, not who (issue 13)', () => {
    const t = new TestModel();
    t.bucket('public-tls', {
      policy: policy(
        allow('s3:GetObject', 'arn:aws:s3:::public-tls/*', { Principal: '*' }),
        deny('s3:*', 'arn:aws:s3:::public-tls/*', {
          Principal: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      ),
    });
    const [f] = kinds(reviewRisks(t.engine()), 'public-access');
    expect(f).toMatchObject({ subject: arns.bucket('public-tls'), severity: 'high' });
  });

  it('two allow-list SCPs at one level cap a wildcard together (OR within a level), not to nothing', () => {
    // AWS Organizations User Guide, "SCP evaluation" (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html):
    // "there must be an explicit Allow statement at every level from the root through each OU in
    // the direct path to the account (including the target account itself)": an Allow in any SCP
    // of a level is enough, so s3:* stays allowed when one SCP of the account's level allows it.
    // (FullAWSAccess shown detached from both levels: --scp-full-access-detached)
    const detached = { scpFullAccessDetached: [ACCOUNT_A, 'r-ab12'] };
    const t = new TestModel(detached);
    t.user('wide', { inline: [policy(allow('s3:*', '*'))] });
    t.scp(ACCOUNT_A, policy(allow('s3:*', '*')), ACCOUNT_A);
    t.scp(ACCOUNT_A, policy(allow('ec2:*', '*')), ACCOUNT_A);
    expect(subjects(reviewRisks(t.engine()), 'wildcard-action')).toEqual([arns.user('wide')]);
    // At two levels only their intersection is allowed: nothing of s3:* is left.
    const atTwoLevels = (t2: TestModel) => {
      t2.user('wide', { inline: [policy(allow('s3:*', '*'))] });
      t2.scp(ACCOUNT_A, policy(allow('s3:*', '*')), ACCOUNT_A);
      t2.scp(ACCOUNT_A, policy(allow('ec2:*', '*')), 'r-ab12');
      return reviewRisks(t2.engine());
    };
    expect(subjects(atTwoLevels(new TestModel(detached)), 'wildcard-action')).toEqual([]);
    // FullAWSAccess may still be attached at the root beside the ec2 list: s3:* may be allowed.
    expect(subjects(atTwoLevels(new TestModel()), 'wildcard-action')).toEqual([arns.user('wide')]);
  });

  it('suffix wildcards on named resources are no wildcard finding; `*` and `service:*` are; capped statements say so', () => {
    const t = new TestModel();
    t.bucket('named');
    // what CDK's grantRead writes: suffix wildcards on the bucket and its objects
    t.user('granted', {
      inline: [
        policy(
          allow(
            ['s3:GetObject*', 's3:GetBucket*', 's3:List*'],
            ['arn:aws:s3:::named', 'arn:aws:s3:::named/*'],
          ),
        ),
      ],
    });
    t.user('service-wide', { inline: [policy(allow('s3:*', '*'))] });
    // a boundary that leaves only s3:GetObject of s3:*
    t.user('capped', {
      inline: [policy(allow('s3:*', 'arn:aws:s3:::named/*'))],
      boundary: policy(allow('s3:GetObject', '*')),
    });
    const all = reviewRisks(t.engine());
    const wild = kinds(all, 'wildcard-action');
    expect(wild.map((f) => f.subject)).toEqual([arns.user('service-wide'), arns.user('capped')]);
    expect(wild[0]!.severity).toBe('medium');
    expect(wild[1]!.message).toMatch(
      /capped by the permissions boundary capped-boundary: 1 of its \d+ actions remain/,
    );
  });

  it('Resource "*" on actions that take only "*" is no wildcard-resource finding; with one that takes a resource it is', () => {
    // Service Authorization Reference, "Actions, resources, and condition keys for AWS X-Ray"
    // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html):
    // "The Resource types column of the Actions table indicates whether each action supports
    // resource-level permissions. If there is no value for this column, you must specify all
    // resources ("*") to which the policy applies in the Resource element of your policy
    // statement." xray:PutTraceSegments has none (what AWSXrayWriteOnlyAccess grants every Lambda
    // function of a SAM template); logs:CreateLogGroup takes a log group.
    const t = new TestModel();
    t.role('tracing', {
      inline: [policy(allow(['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], '*'))],
    });
    t.role('logging', {
      inline: [policy(allow(['xray:PutTraceSegments', 'logs:CreateLogGroup'], '*'))],
    });
    // an action the catalog does not know keeps the finding (it might take a resource)
    t.role('unknown', { inline: [policy(allow('xray:SomeFutureAction', '*'))] });
    const all = reviewRisks(t.engine());
    expect(subjects(all, 'wildcard-resource')).toEqual([arns.role('logging'), arns.role('unknown')]);
  });

  it('public access under a limiting condition is low severity and conditional (DOC.public)', () => {
    const t = new TestModel();
    t.bucket('vpc-only', {
      policy: policy(
        allow('s3:GetObject', 'arn:aws:s3:::vpc-only/*', {
          Principal: '*',
          Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c' } },
        }),
      ),
    });
    const [f] = kinds(reviewRisks(t.engine()), 'public-access');
    expect(f).toMatchObject({ subject: arns.bucket('vpc-only'), severity: 'low' });
    expect(f!.message).toContain('aws:SourceVpce');
  });

  it('cross-account access through a bucket policy and a trust policy naming an account outside the model (DOC.crossAccount)', () => {
    const t = new TestModel();
    t.bucket('exchange', {
      policy: policy(
        allow('s3:PutObject', 'arn:aws:s3:::exchange/*', {
          Principal: { AWS: `arn:aws:iam::${EXTERNAL_ACCOUNT}:root` },
        }),
      ),
    });
    t.role('Partner', {
      trust: policy(allow('sts:AssumeRole', undefined, { Principal: { AWS: EXTERNAL_ACCOUNT } })),
    });
    const cross = kinds(reviewRisks(t.engine()), 'cross-account-access');
    expect(
      cross.map((f) => f.subject),
      DOC.crossAccount,
    ).toEqual([arns.bucket('exchange'), arns.role('Partner')]);
    expect(cross[0]!.message).toContain(EXTERNAL_ACCOUNT);
    expect(cross[1]!.message).toContain('sts:AssumeRole');
    expect(cross[1]!.statements[0]!.stage).toBe('trust');
  });

  it('iam:PassRole on every role is flagged; on one named role it is not (DOC.passRole)', () => {
    const t = new TestModel();
    t.user('wide', { inline: [policy(allow('iam:PassRole', '*'))] });
    t.user('narrow', { inline: [policy(allow('iam:PassRole', arns.role('AppRole')))] });
    t.role('AppRole', {
      trust: policy(
        allow('sts:AssumeRole', undefined, { Principal: { Service: 'ecs-tasks.amazonaws.com' } }),
      ),
    });
    const fs = reviewRisks(t.engine());
    expect(subjects(fs, 'passrole-wildcard'), DOC.passRole).toEqual([arns.user('wide')]);
    expect(kinds(fs, 'passrole-wildcard')[0]!.statements[0]!.policy).toContain('wide-inline-0');
  });

  it('privilege escalation: a principal that can change its own permissions (DOC.escalation)', () => {
    const t = new TestModel();
    const selfEditing = t.managedPolicy(
      'SelfEditing',
      policy(allow('iam:CreatePolicyVersion', arns.policy('SelfEditing')), allow('s3:ListAllMyBuckets', '*')),
    );
    t.user('policy-writer', { managed: [selfEditing] }); // method 1
    t.user('inline-writer', {
      inline: [policy(allow('iam:PutUserPolicy', `arn:aws:iam::${ACCOUNT_A}:user/\${aws:username}`))],
    }); // method 10
    t.user('key-maker', { inline: [policy(allow('iam:CreateAccessKey', '*'))] }); // method 4
    t.user('launcher', {
      inline: [policy(allow('iam:PassRole', arns.role('Ec2Admin')), allow('ec2:RunInstances', '*'))],
    }); // method 3
    t.user('reader', { inline: [policy(allow('s3:GetObject', '*'))] });
    t.user('denied', {
      inline: [policy(allow('iam:PutUserPolicy', '*'), deny('iam:PutUserPolicy', '*'))],
    });
    t.role('SelfAttach', {
      trust: policy(allow('sts:AssumeRole', undefined, { Principal: { Service: 'lambda.amazonaws.com' } })),
      inline: [policy(allow('iam:AttachRolePolicy', arns.role('SelfAttach')))],
    }); // method 9
    t.role('Ec2Admin', {
      trust: policy(allow('sts:AssumeRole', undefined, { Principal: { Service: 'ec2.amazonaws.com' } })),
      managed: ['arn:aws:iam::aws:policy/AdministratorAccess'],
    });
    const fs = reviewRisks(t.engine());
    const esc = kinds(fs, 'privilege-escalation');
    // Its own findings (those through other principals, escalation-chains.ts, end in "through a chain").
    const by = (who: string) =>
      esc
        .filter((f) => f.subject === who && !f.detail?.endsWith('through a chain'))
        .map((f) => f.message.match(/method ([\d, ]+)\]/)?.[1]);
    expect(by(arns.user('policy-writer')), DOC.escalation).toEqual(['1']);
    expect(by(arns.user('inline-writer'))).toEqual(['10']);
    expect(by(arns.user('key-maker'))).toEqual(['4']);
    // A new access key of policy-writer makes key-maker policy-writer: its escalation too.
    expect(
      esc.find(
        (f) =>
          f.subject === arns.user('key-maker') &&
          f.detail === 'Rhino Security Labs method 1, through a chain',
      )?.message,
    ).toContain('The path: as user key-maker, iam:CreateAccessKey on user policy-writer');
    expect(by(arns.user('launcher'))).toEqual(['3']);
    expect(by(arns.role('SelfAttach'))).toEqual(['9']);
    expect(by(arns.user('reader'))).toEqual([]);
    expect(by(arns.user('denied'))).toEqual([]);
    // Ec2Admin is an administrator: reported as such, not once per escalation path.
    expect(by(arns.role('Ec2Admin'))).toEqual([]);
    expect(subjects(fs, 'admin-equivalent')).toEqual([arns.role('Ec2Admin')]);
    // Each finding names its statements.
    const launcher = esc.find((f) => f.subject === arns.user('launcher'))!;
    expect(launcher.statements).toHaveLength(2);
    expect(launcher.message).toContain('Ec2Admin');
  });

  it('escalation over other users: only the users its Resource names, in model order, the list capped at the limit (the prefilter and the search stop at the first few)', () => {
    const t = new TestModel();
    // Ten users, alternately dev-N and ops-N; one may create access keys for dev-* only, one for
    // everyone but with a Deny on ops-*.
    for (let i = 0; i < 10; i++) t.user(i % 2 ? `ops-${i}` : `dev-${i}`);
    t.user('dev-keys', {
      inline: [policy(allow('iam:CreateAccessKey', `arn:aws:iam::${ACCOUNT_A}:user/dev-*`))],
    });
    t.user('all-but-ops', {
      inline: [
        policy(
          allow('iam:CreateAccessKey', '*'),
          deny('iam:CreateAccessKey', `arn:aws:iam::${ACCOUNT_A}:user/ops-*`),
        ),
      ],
    });
    const messageOf = (who: string, listLimit: number) =>
      kinds(reviewRisks(t.engine(), undefined, { listLimit }), 'privilege-escalation').find(
        (f) => f.subject === arns.user(who),
      )?.message;
    // Every dev user (not dev-keys itself: another user), in model order, none of the ops users.
    expect(messageOf('dev-keys', 6)).toMatch(
      /: user dev-0, user dev-2, user dev-4, user dev-6, user dev-8 \[Rhino Security Labs method 4\]$/,
    );
    // The Deny leaves the dev users (and dev-keys); the search stops one past the limit.
    expect(messageOf('all-but-ops', 3)).toMatch(/: user dev-0, user dev-2, user dev-4 and 1 more \[/);
  });
});
