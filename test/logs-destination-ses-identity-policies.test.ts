// CloudWatch Logs destinations' access policies and SES identities' sending authorization policies
// are resource policies (src/aws/resource-policies.ts): a sender account's
// logs:PutSubscriptionFilter on a destination and a delegate sender's ses:SendEmail are decided by
// them. Before, these types were not modelled and were kept with an unknown policy: every request
// on them was indeterminate, where their policies decide.
//
// CloudWatch Logs API Reference, PutDestinationPolicy
// (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutDestinationPolicy.html):
// "An access policy is an IAM policy document that is used to authorize claims to register a
// subscription filter against a given destination."
// Amazon SES Developer Guide, "Creating an identity authorization policy"
// (https://docs.aws.amazon.com/ses/latest/dg/identity-authorization-policies-creating.html): "To
// authorize an Amazon SES domain or email address identity that you own, you create an
// authorization policy, and then attach that policy to the identity. An identity can have zero,
// one, or many policies. However, a single policy can only be associated with a single identity."

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import {
  type PartnerInputs,
  partnerHclModel,
  partnerTemplateModel,
  policyDocument,
} from './helpers/partner-role.js';

const ACCOUNT = '111122223333';
const PARTNER_ACCOUNT = '444455556666';
const PARTNER = `arn:aws:iam::${PARTNER_ACCOUNT}:role/partner`;
const LOGS_QUOTE =
  'PutDestinationPolicy: "An access policy is an IAM policy document that is used to authorize claims to register a subscription filter against a given destination."';
const SES_QUOTE =
  'SES guide: "An identity can have zero, one, or many policies. However, a single policy can only be associated with a single identity."';

const doc = policyDocument;
const identity = doc([
  {
    Effect: 'Allow',
    Action: ['logs:PutSubscriptionFilter', 'ses:SendEmail', 'ses:SendRawEmail'],
    Resource: '*',
  },
]);
const INPUTS: PartnerInputs = {
  account: ACCOUNT,
  partner: { account: PARTNER_ACCOUNT, identity },
  local: {
    trust: doc([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
    policy: { name: 'use', document: identity },
  },
};
const destination = (name: string) => `arn:aws:logs:us-east-1:${ACCOUNT}:destination:${name}`;
const sesIdentity = (name: string) => `arn:aws:ses:us-east-1:${ACCOUNT}:identity/${name}`;
/** The destination access policy: lets the partner account subscribe. */
const destinationPolicy = (name: string) =>
  doc([
    {
      Effect: 'Allow',
      Principal: { AWS: PARTNER_ACCOUNT },
      Action: 'logs:PutSubscriptionFilter',
      Resource: destination(name),
    },
  ]);
const sendingPolicy = (name: string, action: string) =>
  doc([{ Effect: 'Allow', Principal: { AWS: PARTNER }, Action: action, Resource: sesIdentity(name) }]);

const destinationProperties = (name: string) => ({
  DestinationName: name,
  RoleArn: `arn:aws:iam::${ACCOUNT}:role/cwl-to-kinesis`,
  TargetArn: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/recipient`,
});

describe('CloudWatch Logs destinations: the access policy decides a cross-account subscription', () => {
  const fromTemplate = () =>
    partnerTemplateModel(INPUTS, 'destinations', {
      Resources: {
        Open: {
          Type: 'AWS::Logs::Destination',
          Properties: {
            ...destinationProperties('open'),
            DestinationPolicy: JSON.stringify(destinationPolicy('open')),
          },
        },
        Other: {
          Type: 'AWS::Logs::Destination',
          Properties: {
            ...destinationProperties('other'),
            // names another account: not the partner's
            DestinationPolicy: JSON.stringify(
              doc([
                {
                  Effect: 'Allow',
                  Principal: { AWS: '777788889999' },
                  Action: 'logs:PutSubscriptionFilter',
                  Resource: destination('other'),
                },
              ]),
            ),
          },
        },
      },
    });
  const json = (v: unknown) => JSON.stringify(JSON.stringify(v));
  const fromHcl = () =>
    partnerHclModel(
      INPUTS,
      `
resource "aws_cloudwatch_log_destination" "open" {
  name       = "open"
  role_arn   = "arn:aws:iam::${ACCOUNT}:role/cwl-to-kinesis"
  target_arn = "arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/recipient"
}
resource "aws_cloudwatch_log_destination_policy" "open" {
  destination_name = aws_cloudwatch_log_destination.open.name
  access_policy    = ${json(destinationPolicy('open'))}
}
resource "aws_cloudwatch_log_destination" "other" {
  name       = "other"
  role_arn   = "arn:aws:iam::${ACCOUNT}:role/cwl-to-kinesis"
  target_arn = "arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/recipient"
}
`,
    );
  it.each([
    ['CloudFormation', fromTemplate],
    ['Terraform', fromHcl],
  ] as const)('%s: allowed where the policy names the sender, denied elsewhere', (_name, load) => {
    const engine = compileModel(load());
    const subscribe = (name: string) =>
      engine.decide({ principal: PARTNER, action: 'logs:PutSubscriptionFilter', resource: destination(name) })
        .decision;
    // both were indeterminate (an unknown policy)
    expect(subscribe('open'), LOGS_QUOTE).toBe('allow');
    expect(subscribe('other'), LOGS_QUOTE).toBe('deny');
  });
});

describe('SES identities: the sending authorization policies decide a delegate sender', () => {
  const json = (v: unknown) => JSON.stringify(JSON.stringify(v));
  const model = partnerHclModel(
    INPUTS,
    `
resource "aws_ses_domain_identity" "example" { domain = "example.com" }
resource "aws_ses_identity_policy" "send" {
  identity = aws_ses_domain_identity.example.domain
  name     = "send"
  policy   = ${json(sendingPolicy('example.com', 'ses:SendEmail'))}
}
resource "aws_ses_identity_policy" "raw" {
  identity = aws_ses_domain_identity.example.arn
  name     = "raw"
  policy   = ${json(sendingPolicy('example.com', 'ses:SendRawEmail'))}
}
resource "aws_sesv2_email_identity" "sender" { email_identity = "sender@example.org" }
resource "aws_sesv2_email_identity_policy" "sender" {
  email_identity = aws_sesv2_email_identity.sender.email_identity
  policy_name    = "send"
  policy         = ${json(sendingPolicy('sender@example.org', 'ses:SendEmail'))}
}
resource "aws_ses_domain_identity" "closed" { domain = "closed.example.com" }
`,
  );
  const engine = compileModel(model);
  const send = (name: string, action = 'ses:SendEmail') =>
    engine.decide({ principal: PARTNER, action, resource: sesIdentity(name) }).decision;

  it('each policy of an identity adds its statements (was indeterminate: an unknown policy)', () => {
    expect(send('example.com'), SES_QUOTE).toBe('allow');
    expect(send('example.com', 'ses:SendRawEmail'), SES_QUOTE).toBe('allow');
    expect(send('sender@example.org'), SES_QUOTE).toBe('allow');
  });

  it('an identity without a policy, or an action no policy allows: denied', () => {
    expect(send('closed.example.com')).toBe('deny');
    expect(send('sender@example.org', 'ses:SendRawEmail')).toBe('deny');
  });
});

// Terraform AWS provider: aws_ses_email_identity "arn - The ARN of the email identity." (argument
// `email`), aws_sesv2_email_identity "arn - ARN of the Email Identity." (argument
// `email_identity`, an email address or a domain). SES Developer Guide, "Overview of Amazon SES
// sending authorization": "An example of an ARN is arn:aws:ses:us-east-1:123456789012:identity/example.com."
// Both are SES identities that hold sending authorization policies; before, neither was a
// resource of the model: a policy on `aws_ses_email_identity.x.arn` had an unknown target.
describe('SES email identities are policy holders (aws_ses_email_identity, aws_sesv2_email_identity)', () => {
  const json = (v: unknown) => JSON.stringify(JSON.stringify(v));
  const model = partnerHclModel(
    INPUTS,
    `
resource "aws_ses_email_identity" "sender" { email = "sender@example.net" }
resource "aws_ses_identity_policy" "sender" {
  identity = aws_ses_email_identity.sender.arn
  name     = "send"
  policy   = ${json(sendingPolicy('sender@example.net', 'ses:SendEmail'))}
}
resource "aws_sesv2_email_identity" "quiet" { email_identity = "quiet@example.net" }
`,
  );
  const engine = compileModel(model);
  const send = (name: string) =>
    engine.decide({ principal: PARTNER, action: 'ses:SendEmail', resource: sesIdentity(name) }).decision;

  it('both are identities of the model; the policy on the arn is on its identity (allowed, was indeterminate: an unknown target); other identities denied', () => {
    const identities = model.resources.filter((r) => r.kind === 'ses-identity').map((r) => r.arn);
    expect(identities).toEqual(
      expect.arrayContaining([sesIdentity('sender@example.net'), sesIdentity('quiet@example.net')]),
    );
    expect(send('sender@example.net'), SES_QUOTE).toBe('allow');
    expect(send('quiet@example.net')).toBe('deny');
    expect(send('other@example.net')).toBe('deny');
  });
});
