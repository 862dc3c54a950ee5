// The deploying account when the inputs and options do not state it (src/model/stand-ins.ts,
// src/engine/account-worlds.ts): "this account" with an unknown id. A comparison of it with an
// account id the inputs or the request name is neither equal nor unequal: the decision that
// depends on it is indeterminate, with a reason naming --account. Comparisons of it with itself
// (`${AWS::AccountId}`, `data.aws_caller_identity.current.account_id`) stay decided, and the
// account the analyses invent for "some other account" stays another account.
//
// AWS rules pinned here (IAM User Guide):
// - aws:PrincipalAccount: "Use this key to compare the account to which the requesting principal
//   belongs with the account identifier that you specify in the policy."
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalaccount
// - aws:ResourceAccount: "Use this key to compare the requested resource owner's AWS account ID
//   with the resource account in the policy."
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceaccount
// - aws:SourceAccount: "Use this key to compare the account ID of the resource making a
//   service-to-service request with the account ID that you specify in the policy"
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceaccount
// - Principal element, AWS account principals: "When you specify an AWS account ... in the
//   Principal element of a resource-based policy ... you delegate authority to the account"
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts
// - Policy evaluation logic: an explicit deny in any policy overrides an allow; within one
//   account an identity-based allow suffices.
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadTerraformConfig } from '../src/adapters/terraform/index.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { deployingAccountAlternatives, PLACEHOLDER_ACCOUNT, unnamedAccount } from '../src/model/stand-ins.js';
import type { Model } from '../src/model/types.js';
import { parsePolicy } from '../src/policy/parse.js';
import { runCli } from './fixtures/cli/run.js';
import { modelOfTemplate } from './fixtures/cfn/load.js';

const source = { file: 'unstated-account.test.ts' };
const NAMED = '123456789012';

interface Setup {
  /** The deploying account; undefined = not stated (the placeholder). */
  account?: string;
  identity?: unknown[];
  queuePolicy?: unknown[];
  /** SCP statements attached to account ids (Organizations policies' targets), in this order. */
  scps?: { account: string; statements: unknown[] }[];
}

/** A user `dev` with `identity` statements and a queue `jobs` with `queuePolicy`, in one account. */
function model({ account, identity = [], queuePolicy, scps = [] }: Setup): Model {
  const id = account ?? PLACEHOLDER_ACCOUNT;
  const b = new ModelBuilder();
  b.addAccount(id, 'us-east-1');
  const user = b.addUser({ name: 'dev', account: id, source });
  if (identity.length)
    b.addInlinePolicy(user, {
      name: 'p',
      document: parsePolicy({ Version: '2012-10-17', Statement: identity }, { kind: 'identity', source }),
      source,
    });
  b.addResource({
    kind: 'sqs-queue',
    name: 'jobs',
    kmsKeyId: null, // no KMS key: SendMessage needs none
    arn: `arn:aws:sqs:us-east-1:${id}:jobs`,
    account: id,
    region: 'us-east-1',
    ...(queuePolicy
      ? {
          policy: parsePolicy(
            { Version: '2012-10-17', Statement: queuePolicy },
            { kind: 'resource', source },
          ),
        }
      : {}),
    source,
  });
  for (const scp of scps)
    b.addScp(
      scp.account,
      parsePolicy({ Version: '2012-10-17', Statement: scp.statements }, { kind: 'scp', source }),
    );
  return b.build();
}

function decide(m: Model, principal = 'user/dev', extra: { context?: Record<string, string> } = {}) {
  const id = m.accounts[0]!.id;
  const p = principal === 'user/dev' ? `arn:aws:iam::${id}:user/dev` : principal;
  return compileModel(m).decide(
    { principal: p, action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${id}:jobs`, ...extra },
    { trace: true },
  );
}

const allowIf = (operator: string, key: string, value: string) => ({
  Effect: 'Allow',
  Action: 'sqs:SendMessage',
  Resource: '*',
  Condition: { [operator]: { [key]: value } },
});

describe('an unstated deploying account is never decided equal or unequal to a named account id', () => {
  for (const key of ['aws:PrincipalAccount', 'aws:ResourceAccount'])
    for (const operator of ['StringEquals', 'StringNotEquals']) {
      it(`${operator} ${key} ${NAMED}: indeterminate without an account, decided with one`, () => {
        const identity = [allowIf(operator, key, NAMED)];
        const d = decide(model({ identity }));
        expect(d.decision).toBe('indeterminate');
        const entry = d.trace!.find((t) => t.message.includes('--account'));
        expect(entry?.message).toContain(NAMED);
        expect(entry?.outcome).toBe('unknown');
        // Stated: decided, either way.
        const other = decide(model({ account: '111122223333', identity })).decision;
        expect(other).toBe(operator === 'StringEquals' ? 'deny' : 'allow');
        expect(decide(model({ account: NAMED, identity })).decision).toBe(
          operator === 'StringEquals' ? 'allow' : 'deny',
        );
      });

      it(`${operator} ${key} = this account (\${AWS::AccountId}): decided without an account`, () => {
        const d = decide(model({ identity: [allowIf(operator, key, PLACEHOLDER_ACCOUNT)] }));
        expect(d.decision).toBe(operator === 'StringEquals' ? 'allow' : 'deny');
      });
    }

  // Service control policies: "SCPs affect all users and roles in attached accounts"
  // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
  it('an SCP attached to a named account id: that account may be this one, so indeterminate', () => {
    const identity = [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }];
    const scp = {
      account: NAMED,
      statements: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Effect: 'Deny', Action: 'sqs:*', Resource: '*' },
      ],
    };
    const m = model({ identity, scps: [scp] });
    expect(deployingAccountAlternatives(m)).toContain(NAMED);
    const d = decide(m);
    expect(d.decision).toBe('indeterminate');
    expect(d.trace!.some((t) => t.message.includes('--account') && t.message.includes(NAMED))).toBe(true);
    // Stated: the SCP's account is this account (deny) or another one (allow).
    expect(decide(model({ account: NAMED, identity, scps: [scp] })).decision).toBe('deny');
    expect(decide(model({ account: '111122223333', identity, scps: [scp] })).decision).toBe('allow');
  });

  // In the world where "this account" is the named one, both accounts' SCPs are its SCPs ("SCPs
  // affect all users and roles in attached accounts"), whichever the inputs list first.
  for (const order of ['named first', 'this account first'])
    it(`SCPs of this account and of a named account are all this account's in that world (${order})`, () => {
      const allowAll = { Effect: 'Allow', Action: '*', Resource: '*' };
      const denySqs = { Effect: 'Deny', Action: 'sqs:*', Resource: '*' };
      const identity = [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }];
      const build = (thisAccount: unknown[], named: unknown[]) => {
        const scps = [
          { account: PLACEHOLDER_ACCOUNT, statements: thisAccount },
          { account: NAMED, statements: named },
        ];
        if (order === 'named first') scps.reverse();
        return model({ identity, scps });
      };
      // The named account's SCP denies: were this account that one, deny; otherwise allow.
      expect(decide(build([allowAll], [allowAll, denySqs])).decision).toBe('indeterminate');
      // This account's own SCP denies: deny in every world, the named account's SCP or not.
      expect(decide(build([allowAll, denySqs], [allowAll])).decision).toBe('deny');
    });

  it('a Deny naming another account as Principal in the resource policy: indeterminate', () => {
    const m = model({
      identity: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }],
      queuePolicy: [
        { Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${NAMED}:root` }, Action: 'sqs:*', Resource: '*' },
      ],
    });
    expect(decide(m).decision).toBe('indeterminate');
    const stated = model({
      account: '111122223333',
      identity: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }],
      queuePolicy: [
        { Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${NAMED}:root` }, Action: 'sqs:*', Resource: '*' },
      ],
    });
    expect(decide(stated).decision).toBe('allow');
  });

  it('aws:SourceAccount of a service request: the named account may be this one', () => {
    const queuePolicy = [
      {
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': NAMED } },
      },
    ];
    // The topic is of this account: the request's aws:SourceAccount is "this account".
    const d = decide(model({ queuePolicy }), 'sns.amazonaws.com', {
      context: { 'aws:SourceAccount': PLACEHOLDER_ACCOUNT },
    });
    expect(d.decision).toBe('indeterminate');
  });

  it('a request naming the account (a spec ARN of 123456789012): decided when every world agrees', () => {
    // The queue lets account 123456789012 send; a user of 123456789012 named by the caller is
    // external, unless 123456789012 is the deploying account (then the same user may be `dev`).
    const m = model({ identity: [] });
    const d = compileModel(m).decide({
      principal: `arn:aws:iam::${NAMED}:user/dev`,
      action: 'sqs:SendMessage',
      resource: `arn:aws:sqs:us-east-1:${PLACEHOLDER_ACCOUNT}:jobs`,
    });
    // Home: an external user, no queue policy → deny. Either way no allow; stays decided.
    expect(d.decision).toBe('deny');
  });

  it('the invented "some other account" is another account: every-other-account grants stay decided', () => {
    const queuePolicy = [
      {
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'sqs:SendMessage',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:PrincipalAccount': PLACEHOLDER_ACCOUNT } },
      },
    ];
    const m = model({ queuePolicy });
    const other = unnamedAccount(m);
    expect(decide(m, `arn:aws:iam::${other}:root`).decision).toBe('allow');
    expect(decide(m).decision).toBe('deny');
  });

  it('property: any 12-digit id a policy names is never decided equal or unequal to "this account"', () => {
    const id = fc.stringMatching(/^\d{12}$/).filter((x) => x !== PLACEHOLDER_ACCOUNT);
    fc.assert(
      fc.property(
        id,
        fc.constantFrom('StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike'),
        fc.constantFrom('aws:PrincipalAccount', 'aws:ResourceAccount'),
        fc.constantFrom('condition', 'principal-deny', 'arn-condition'),
        (named, operator, key, form) => {
          let identity: unknown[];
          let queuePolicy: unknown[] | undefined;
          if (form === 'condition') identity = [allowIf(operator, key, named)];
          else if (form === 'arn-condition')
            identity = [
              {
                Effect: 'Allow',
                Action: 'sqs:SendMessage',
                Resource: '*',
                Condition: {
                  [operator.includes('Not') ? 'ArnNotLike' : 'ArnLike']: {
                    'aws:PrincipalArn': `arn:aws:iam::${named}:user/*`,
                  },
                },
              },
            ];
          else {
            identity = [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }];
            queuePolicy = [
              { Effect: 'Deny', Principal: { AWS: named }, Action: 'sqs:SendMessage', Resource: '*' },
            ];
          }
          const m = model({ identity, ...(queuePolicy ? { queuePolicy } : {}) });
          expect(deployingAccountAlternatives(m)).toContain(named);
          expect(decide(m).decision).toBe('indeterminate');
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('through the adapters', () => {
  const template = {
    Resources: {
      Dev: { Type: 'AWS::IAM::User', Properties: { UserName: 'dev' } },
      Named: {
        Type: 'AWS::IAM::Policy',
        Properties: {
          PolicyName: 'named',
          Users: [{ Ref: 'Dev' }],
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              allowIf('StringEquals', 'aws:PrincipalAccount', NAMED),
              {
                ...allowIf('StringEquals', 'aws:PrincipalAccount', { Ref: 'AWS::AccountId' } as never),
                Action: 'sqs:ReceiveMessage',
              },
            ],
          },
        },
      },
    },
  };
  const request = (account: string, action: string) => ({
    principal: `arn:aws:iam::${account}:user/dev`,
    action,
    resource: `arn:aws:sqs:us-east-1:${account}:jobs`,
  });

  it('CloudFormation without an account: the named id is indeterminate, AWS::AccountId decided', () => {
    const engine = compileModel(modelOfTemplate(template, { file: 'named.yaml' }));
    expect(engine.decide(request(PLACEHOLDER_ACCOUNT, 'sqs:SendMessage')).decision).toBe('indeterminate');
    expect(engine.decide(request(PLACEHOLDER_ACCOUNT, 'sqs:ReceiveMessage')).decision).toBe('allow');
  });

  it('CloudFormation with --account: decided', () => {
    const engine = compileModel(modelOfTemplate(template, { file: 'named.yaml', account: '111122223333' }));
    expect(engine.decide(request('111122223333', 'sqs:SendMessage')).decision).toBe('deny');
    expect(engine.decide(request('111122223333', 'sqs:ReceiveMessage')).decision).toBe('allow');
  });

  it('Terraform without an account: the named id is indeterminate, aws_caller_identity decided', () => {
    const b = new ModelBuilder();
    loadTerraformConfig('test/fixtures/unstated-account/tf', b, {});
    const engine = compileModel(b.build());
    expect(engine.decide(request(PLACEHOLDER_ACCOUNT, 'sqs:SendMessage')).decision).toBe('indeterminate');
    expect(engine.decide(request(PLACEHOLDER_ACCOUNT, 'sqs:ReceiveMessage')).decision).toBe('allow');
    const stated = new ModelBuilder();
    loadTerraformConfig('test/fixtures/unstated-account/tf', stated, { account: NAMED });
    const e2 = compileModel(stated.build());
    expect(e2.decide(request(NAMED, 'sqs:SendMessage')).decision).toBe('allow');
  });

  it('the CLI names --account in the explanation', async () => {
    const r = await runCli([
      'explain',
      'test/fixtures/unstated-account/tf',
      '--principal',
      'user/dev',
      '--action',
      'sqs:SendMessage',
      '--resource',
      `arn:aws:sqs:us-east-1:${PLACEHOLDER_ACCOUNT}:jobs`,
    ]);
    expect(r.stdout).toContain('INDETERMINATE');
    expect(r.stdout).toContain('--account');
  });
});

describe('role chains look up the principal in every world', () => {
  // IAM User Guide, "IAM JSON policy elements: Principal": "You can specify IAM role ARNs in the
  // Principal element … the principal is the IAM user" named by its ARN
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
  // A trust policy naming `arn:aws:iam::123456789012:user/dev` names the model's dev when the
  // unstated deploying account is 123456789012: the hop is indeterminate, as decide says.
  it('a trust policy naming a user of a named account: the hop is indeterminate, never left out', async () => {
    const { assumableRoles } = await import('../src/analysis/chains.js');
    const b = new ModelBuilder();
    b.addAccount(PLACEHOLDER_ACCOUNT, 'us-east-1');
    const user = b.addUser({ name: 'dev', account: PLACEHOLDER_ACCOUNT, source });
    b.addInlinePolicy(user, {
      name: 'p',
      document: parsePolicy(
        { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] },
        { kind: 'identity', source },
      ),
      source,
    });
    b.addRole({
      name: 'Deployer',
      account: PLACEHOLDER_ACCOUNT,
      trustPolicy: parsePolicy(
        {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${NAMED}:user/dev` },
              Action: 'sts:AssumeRole',
            },
          ],
        },
        { kind: 'trust', source },
      ),
      source,
    });
    const engine = compileModel(b.build());
    const dev = `arn:aws:iam::${PLACEHOLDER_ACCOUNT}:user/dev`;
    const role = `arn:aws:iam::${PLACEHOLDER_ACCOUNT}:role/Deployer`;
    expect(engine.decide({ principal: dev, action: 'sts:AssumeRole', resource: role }).decision).toBe(
      'indeterminate',
    );
    const reach = assumableRoles(engine, dev);
    expect(reach.map((r) => [r.role, r.path[0]!.access])).toEqual([[role, 'indeterminate']]);
  });
});
