// IAM users and roles as the resource of a request: their tags are the request's
// aws:ResourceTag/* and iam:ResourceTag/* (issue 10, item 12).
//
// - "An IAM user or role can be both a resource and principal." ... "Resource – Control access to
//   user or role resources based on their tags. To do this, use the aws:ResourceTag/key-name
//   condition key" (IAM User Guide, "Controlling access to and for IAM users and roles using
//   tags"). https://docs.aws.amazon.com/IAM/latest/UserGuide/access_iam-tags.html
// - "iam:ResourceTag/${TagKey}: Filters access by the tags attached to an IAM entity (user or
//   role)" (Service Authorization Reference, "Actions, resources, and condition keys for AWS
//   Identity and Access Management (IAM)").
//   https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html

import { describe, expect, it } from 'vitest';
import { loadTemplateFile } from '../src/adapters/cloudformation/index.js';
import { checkOnlyPrincipals } from '../src/analysis/exhaustive.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';

const ACCOUNT = '111122223333';
const arn = (kind: string, name: string) => `arn:aws:iam::${ACCOUNT}:${kind}/${name}`;

function engine(parameters?: Record<string, string>) {
  const b = new ModelBuilder();
  loadTemplateFile('test/fixtures/cloudformation/iam-resource-tags.yaml', b, {
    account: ACCOUNT,
    parameters,
    // Deployed without stack-level tags (else tags the template does not show may exist:
    // test/cfn-stack-tags.test.ts).
    stackTags: {},
  });
  return compileModel(b.build());
}

describe('IAM users and roles are resources with tags', () => {
  const e = engine();
  const helpdesk = arn('user', 'helpdesk');

  it('iam:CreateAccessKey on a user tagged developer=true is allowed through aws:ResourceTag', () => {
    const d = e.decide(
      { principal: helpdesk, action: 'iam:CreateAccessKey', resource: arn('user', 'dev') },
      { trace: true },
    );
    expect(d.decision).toBe('allow');
    expect(JSON.stringify(d.trace)).not.toMatch(/not in the model/);
  });

  it('on a user without the tag it is an implicit deny', () => {
    expect(
      e.decide({ principal: helpdesk, action: 'iam:CreateAccessKey', resource: arn('user', 'ops') }).decision,
    ).toBe('deny');
  });

  it('iam:ResourceTag/team of a role decides iam:PassRole', () => {
    expect(
      e.decide({ principal: helpdesk, action: 'iam:PassRole', resource: arn('role', 'data-job') }).decision,
    ).toBe('allow');
    // a role the inputs do not define: its tags are not known, never none
    // (test/outside-resource-tags.test.ts; was: deny)
    expect(
      e.decide({ principal: helpdesk, action: 'iam:PassRole', resource: arn('role', 'other') }).decision,
    ).toBe('indeterminate');
  });

  it('exhaustive checks use the tags: only helpdesk creates keys for dev, nobody for ops', () => {
    expect(checkOnlyPrincipals(e, 'iam:CreateAccessKey', arn('user', 'dev'), [helpdesk]).holds).toBe(true);
    const ops = checkOnlyPrincipals(e, 'iam:CreateAccessKey', arn('user', 'ops'), []);
    expect(ops.holds).toBe(true);
  });

  it('a tag whose value is a parameter without a default leaves the exhaustive check open', () => {
    const r = checkOnlyPrincipals(e, 'iam:CreateAccessKey', arn('user', 'unsure'), []);
    expect(r.holds).toBe(false);
    expect(r.violations.map((v) => v.principal)).toContain(helpdesk);
    const known = engine({ Team: 'false' });
    expect(checkOnlyPrincipals(known, 'iam:CreateAccessKey', arn('user', 'unsure'), []).holds).toBe(true);
  });
});
