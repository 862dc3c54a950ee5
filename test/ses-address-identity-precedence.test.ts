// SES sending authorization: an email address identity's policies decide a sending request from
// that address, not its domain identity's (src/aws/ses-identity-precedence.ts, applied by
// src/engine/ses-identity-rule.ts). Before, a delegate sender's ses:SendEmail on the domain
// identity's ARN was decided by the domain's policies alone, whatever address it sent from: a
// silent allow where the address's policy does not grant, a silent deny where it does.
//
// Amazon SES Developer Guide, "Creating a sending authorization policy in Amazon SES"
// (https://docs.aws.amazon.com/ses/latest/dg/sending-authorization-identity-owner-tasks-policy.html):
// "Sending authorization policies that you attach to email address identities take precedence
// over policies that you attach to their corresponding domain identities. For example, if you
// create a policy for example.com that disallows a delegate sender, and you create a policy for
// sender@example.com that allows the delegate sender, then the delegate sender can send email
// from sender@example.com, but not from any other address on the example.com domain."
// "If you create a policy for example.com that allows a delegate sender, and you create a policy
// for sender@example.com that disallows the delegate sender, then the delegate sender can send
// email from any address on the example.com domain, except for sender@example.com."

import { describe, expect, it } from 'vitest';
import { buildMatrix } from '../src/analysis/matrix/build.js';
import { compileModel } from '../src/engine/index.js';
import { formatMatrixJson } from '../src/report/matrix-json.js';
import { type PartnerInputs, partnerHclModel, policyDocument } from './helpers/partner-role.js';

const ACCOUNT = '111122223333';
const PARTNER_ACCOUNT = '444455556666';
const PARTNER = `arn:aws:iam::${PARTNER_ACCOUNT}:role/partner`;
const PRECEDENCE =
  'SES guide: "Sending authorization policies that you attach to email address identities take precedence over policies that you attach to their corresponding domain identities."';
const EXAMPLE_1 =
  'SES guide: "if you create a policy for example.com that disallows a delegate sender, and you create a policy for sender@example.com that allows the delegate sender, then the delegate sender can send email from sender@example.com, but not from any other address on the example.com domain."';
const EXAMPLE_2 =
  'SES guide: "If you create a policy for example.com that allows a delegate sender, and you create a policy for sender@example.com that disallows the delegate sender, then the delegate sender can send email from any address on the example.com domain, except for sender@example.com."';

const doc = policyDocument;
const sesIdentity = (name: string) => `arn:aws:ses:us-east-1:${ACCOUNT}:identity/${name}`;
const inputs = (identity: unknown): PartnerInputs => ({
  account: ACCOUNT,
  partner: { account: PARTNER_ACCOUNT, identity },
  local: {
    trust: doc([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
    policy: { name: 'use', document: doc([{ Effect: 'Allow', Action: 'ses:SendEmail', Resource: '*' }]) },
  },
});
const SEND_ANYWHERE = doc([{ Effect: 'Allow', Action: 'ses:SendEmail', Resource: '*' }]);
/** A sending authorization policy of identity `name` granting `who` ses:SendEmail. */
const sendingPolicy = (name: string, who: string) =>
  doc([{ Effect: 'Allow', Principal: { AWS: who }, Action: 'ses:SendEmail', Resource: sesIdentity(name) }]);
const json = (v: unknown) => JSON.stringify(JSON.stringify(v));

/** Domain `domain` and its address identity `sender@domain`, each with a policy granting its `who`. */
const hcl = (domain: string, domainWho: string, senderWho: string, v2 = false) => {
  const id = domain.replace(/\W/g, '_');
  const sender = `sender@${domain}`;
  const address = v2
    ? `resource "aws_sesv2_email_identity" "${id}_sender" { email_identity = "${sender}" }
resource "aws_sesv2_email_identity_policy" "${id}_sender" {
  email_identity = aws_sesv2_email_identity.${id}_sender.email_identity
  policy_name    = "send"
  policy         = ${json(sendingPolicy(sender, senderWho))}
}`
    : `resource "aws_ses_email_identity" "${id}_sender" { email = "${sender}" }
resource "aws_ses_identity_policy" "${id}_sender" {
  identity = aws_ses_email_identity.${id}_sender.arn
  name     = "send"
  policy   = ${json(sendingPolicy(sender, senderWho))}
}`;
  return `
resource "aws_ses_domain_identity" "${id}" { domain = "${domain}" }
resource "aws_ses_identity_policy" "${id}" {
  identity = aws_ses_domain_identity.${id}.domain
  name     = "send"
  policy   = ${json(sendingPolicy(domain, domainWho))}
}
${address}
`;
};

const config = `
${hcl('one.example.com', '777788889999', PARTNER)}
${hcl('two.example.com', PARTNER, '777788889999', true)}
resource "aws_ses_domain_identity" "plain" { domain = "plain.example.com" }
resource "aws_ses_identity_policy" "plain" {
  identity = aws_ses_domain_identity.plain.arn
  name     = "send"
  policy   = ${json(sendingPolicy('plain.example.com', PARTNER))}
}
`;

describe("SES: an address identity's sending authorization policies take precedence over its domain's", () => {
  const engine = compileModel(partnerHclModel(inputs(SEND_ANYWHERE), config));
  const send = (domain: string, from?: string) =>
    engine.decide(
      {
        principal: PARTNER,
        action: 'ses:SendEmail',
        resource: sesIdentity(domain),
        ...(from ? { context: { 'ses:FromAddress': from } } : {}),
      },
      { unknowns: true },
    );

  it('domain disallows, address allows: the delegate sends from the address only (was deny from it)', () => {
    expect(send('one.example.com', 'sender@one.example.com').decision, EXAMPLE_1).toBe('allow');
    expect(send('one.example.com', 'other@one.example.com').decision, EXAMPLE_1).toBe('deny');
  });

  it('domain allows, address disallows: every address but that one (was allow from it: a silent pass)', () => {
    expect(send('two.example.com', 'sender@two.example.com').decision, EXAMPLE_2).toBe('deny');
    expect(send('two.example.com', 'other@two.example.com').decision, EXAMPLE_2).toBe('allow');
    expect(send('two.example.com', 'SENDER@two.example.com').decision, EXAMPLE_2).toBe('deny');
  });

  it("the From address not known: indeterminate, naming the address identity (was the domain's allow)", () => {
    const d = send('two.example.com');
    expect(d.decision, PRECEDENCE).toBe('indeterminate');
    const why = (d.unknowns ?? []).map((u) => u().message).join('\n');
    expect(why).toContain('sender@two.example.com');
    expect(why).toContain('ses:FromAddress');
  });

  it('a domain without address identities with policies: its own policy decides, unchanged', () => {
    expect(send('plain.example.com').decision).toBe('allow');
    expect(send('plain.example.com', 'sender@plain.example.com').decision).toBe('allow');
  });

  it('the address identity itself is decided by its own policies', () => {
    expect(
      engine.decide({
        principal: PARTNER,
        action: 'ses:SendEmail',
        resource: sesIdentity('sender@one.example.com'),
      }).decision,
    ).toBe('allow');
  });
});

// The example's "disallows" written as an explicit Deny in the domain's policy: a Deny of the
// resource-based policy is lifted by the address identity's policies when they decide (the
// engine's explicit-deny branch, engine/service-rules.ts `explicitDenyRules`). Before: deny from
// sender@ too (a pass for a no-access check where the delegate can send).
describe("SES precedence over a domain policy's explicit Deny", () => {
  const denyingDomain = `
resource "aws_ses_domain_identity" "d" { domain = "three.example.com" }
resource "aws_ses_identity_policy" "d" {
  identity = aws_ses_domain_identity.d.domain
  name     = "deny"
  policy   = ${json(doc([{ Effect: 'Deny', Principal: { AWS: PARTNER }, Action: 'ses:SendEmail', Resource: sesIdentity('three.example.com') }]))}
}
resource "aws_ses_email_identity" "s" { email = "sender@three.example.com" }
resource "aws_ses_identity_policy" "s" {
  identity = aws_ses_email_identity.s.arn
  name     = "send"
  policy   = ${json(sendingPolicy('sender@three.example.com', PARTNER))}
}
`;
  const engine = compileModel(partnerHclModel(inputs(SEND_ANYWHERE), denyingDomain));
  const send = (from?: string) =>
    engine.decide(
      {
        principal: PARTNER,
        action: 'ses:SendEmail',
        resource: sesIdentity('three.example.com'),
        ...(from ? { context: { 'ses:FromAddress': from } } : {}),
      },
      { unknowns: true },
    ).decision;

  it('from the address with its own allowing policy: allow (was deny)', () => {
    expect(send('sender@three.example.com'), EXAMPLE_1).toBe('allow');
  });
  it("from another address of the domain: the domain's Deny holds", () => {
    expect(send('other@three.example.com'), EXAMPLE_1).toBe('deny');
  });
  it('the From address not known: indeterminate (was deny)', () => {
    expect(send(), PRECEDENCE).toBe('indeterminate');
  });
});

describe("SES precedence: the caller's own policies", () => {
  it("that deny on the domain's ARN deny, whatever the address identity allows", () => {
    const identity = doc([
      { Effect: 'Allow', Action: 'ses:SendEmail', Resource: '*' },
      { Effect: 'Deny', Action: 'ses:SendEmail', Resource: sesIdentity('one.example.com') },
    ]);
    const engine = compileModel(partnerHclModel(inputs(identity), config));
    const d = engine.decide({
      principal: PARTNER,
      action: 'ses:SendEmail',
      resource: sesIdentity('one.example.com'),
      context: { 'ses:FromAddress': 'sender@one.example.com' },
    });
    expect(d.decision).toBe('deny');
  });

  it("that decide differently on the domain's and the address's ARN: indeterminate (which one SES matches is not documented)", () => {
    const identity = doc([
      { Effect: 'Allow', Action: 'ses:SendEmail', Resource: sesIdentity('one.example.com') },
    ]);
    const engine = compileModel(partnerHclModel(inputs(identity), config));
    const d = engine.decide(
      {
        principal: PARTNER,
        action: 'ses:SendEmail',
        resource: sesIdentity('one.example.com'),
        context: { 'ses:FromAddress': 'sender@one.example.com' },
      },
      { unknowns: true },
    );
    expect(d.decision, PRECEDENCE).toBe('indeterminate');
    expect((d.unknowns ?? []).map((u) => u().message).join('\n')).toContain('not documented');
  });
});

// The matrix groups the actions the same statements match and decides one of them
// (engine/decided-apart.ts): a sending action is decided apart, so an action of the same access
// level without the rule does not give it its decision.
describe('SES precedence in the matrix', () => {
  it('ses:SendEmail on the domain is indeterminate (the From address is free), another Write action of the same statements is allowed', () => {
    const actions = ['ses:SendEmail', 'ses:PutEmailIdentityDkimAttributes'];
    const both = (name: string, who: string) =>
      json(doc([{ Effect: 'Allow', Principal: { AWS: who }, Action: actions, Resource: sesIdentity(name) }]));
    const model = partnerHclModel(
      inputs(doc([{ Effect: 'Allow', Action: actions, Resource: '*' }])),
      `
resource "aws_ses_domain_identity" "d" { domain = "example.com" }
resource "aws_ses_identity_policy" "d" {
  identity = aws_ses_domain_identity.d.domain
  name     = "send"
  policy   = ${both('example.com', PARTNER)}
}
resource "aws_ses_email_identity" "s" { email = "sender@example.com" }
resource "aws_ses_identity_policy" "s" {
  identity = aws_ses_email_identity.s.arn
  name     = "send"
  policy   = ${both('sender@example.com', '777788889999')}
}
`,
    );
    const matrix = JSON.parse(formatMatrixJson(buildMatrix(compileModel(model), { principals: [PARTNER] })));
    const column = matrix.resources.findIndex((r: { arn: string }) => r.arn === sesIdentity('example.com'));
    const access = new Map<string, string>();
    for (const level of matrix.cells[0][column])
      for (const a of level.actions as { action: string; access: string }[]) access.set(a.action, a.access);
    expect(access.get('ses:SendEmail'), PRECEDENCE).toBe('indeterminate');
    expect(access.get('ses:PutEmailIdentityDkimAttributes')).toBe('allow');
  });
});

describe('SES precedence: an address identity whose name the inputs do not pin down', () => {
  it("may be the From address: indeterminate, naming it (was the domain policy's allow)", () => {
    const model = partnerHclModel(
      inputs(SEND_ANYWHERE),
      `
variable "sender" { type = string }
resource "aws_ses_domain_identity" "d" { domain = "example.com" }
resource "aws_ses_identity_policy" "d" {
  identity = aws_ses_domain_identity.d.domain
  name     = "send"
  policy   = ${json(sendingPolicy('example.com', PARTNER))}
}
resource "aws_ses_email_identity" "s" { email = var.sender }
resource "aws_ses_identity_policy" "s" {
  identity = aws_ses_email_identity.s.arn
  name     = "send"
  policy   = ${json(doc([{ Effect: 'Allow', Principal: { AWS: '777788889999' }, Action: 'ses:SendEmail', Resource: '*' }]))}
}
`,
    );
    const d = compileModel(model).decide(
      {
        principal: PARTNER,
        action: 'ses:SendEmail',
        resource: sesIdentity('example.com'),
        context: { 'ses:FromAddress': 'someone@example.com' },
      },
      { unknowns: true },
    );
    expect(d.decision, PRECEDENCE).toBe('indeterminate');
    expect((d.unknowns ?? []).map((u) => u().message).join('\n')).toContain('do not pin down');
  });
});
