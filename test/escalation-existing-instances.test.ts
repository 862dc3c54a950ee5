// EC2 instances of the inputs as compute that exists already: ec2:AssociateIamInstanceProfile /
// ReplaceIamInstanceProfileAssociation on an instance (escalation-methods.ts, `existing`) is a
// sure start on an instance the inputs define. Before, the inputs' instances had no ARN (their id
// is EC2's), so the request was never sure: allowed on `instance/*` it stayed indeterminate, "the
// inputs define none it names: it may not exist". Now each instance using an instance profile has
// its ARN with the id as an unknown name part (its CloudFormation `Ref`; Terraform's `id` where a
// plan holds it), in its stack's or provider's Region (`InstanceProfileUse.instance`,
// escalation-existing-starts.ts): `instance/*` names it surely (a sure start, noEscalation fails),
// a request allowed on an id the inputs do not know stays indeterminate.
//
// Pages:
// - Amazon EC2 API Reference, AssociateIamInstanceProfile: "Associates an IAM instance profile
//   with a running or stopped instance"; ReplaceIamInstanceProfileAssociation: "Replaces an IAM
//   instance profile for the specified running instance".
// - Service Authorization Reference, Amazon EC2, resource type instance:
//   `arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}`.

import { describe, expect, it } from 'vitest';
import { compileModel } from '../src/engine/index.js';
import type { Engine } from '../src/engine/engine.js';
import { modelOf } from './fixtures/cfn/load.js';
import { cfnAdminInstanceProfile, cfnDevUser } from './helpers/cfn-templates.js';
import { devEscalations } from './helpers/pass-role-starts.js';
import { tfAdminInstanceProfile, tfDevUserStatements } from './helpers/terraform-roles.js';
import { loadTerraformFiles } from './helpers/temp-inputs.js';

const ANY_EC2 = 'iam:PassRole to new ec2.amazonaws.com compute';
const PASS = { Action: 'iam:PassRole', Resource: '*' };
const ASSOCIATE = (resource: string) => ({ Action: 'ec2:AssociateIamInstanceProfile', Resource: resource });

function review(engine: Engine) {
  const r = devEscalations(engine);
  return { of: r.of(ANY_EC2), why: r.why(ANY_EC2), check: r.check };
}

describe('CloudFormation: an AWS::EC2::Instance with an instance profile', () => {
  const load = (statements: readonly object[]) =>
    review(
      compileModel(
        modelOf(
          `Resources:\n${cfnAdminInstanceProfile()}  Inst:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-1
      IamInstanceProfile: !Ref Profile
${cfnDevUser(statements)}`,
          { file: 'inline.yaml', stackName: 's' },
        ),
      ),
    );

  it('AssociateIamInstanceProfile allowed on instance/*: a sure start on the instance (was: indeterminate)', () => {
    const r = load([PASS, ASSOCIATE('arn:aws:ec2:*:111122223333:instance/*')]);
    expect(r.of).toBeDefined();
    expect(r.of?.indeterminate).toBeFalsy();
    expect(r.check.status).toBe('fail');
  });

  it('allowed on an id the inputs do not know (i-0abc): indeterminate', () => {
    const pattern = 'arn:aws:ec2:*:111122223333:instance/i-0abc';
    const r = load([PASS, ASSOCIATE(pattern)]);
    // the inputs' instance may be i-0abc (its id unknown), and i-0abc may exist: open either way
    expect(r.of?.indeterminate).toBeTruthy();
    expect(r.why).toContain('instance/i-(unknown-Inst-instance-id');
    expect(r.check.status).toBe('indeterminate');
  });

  it('near miss: allowed on instance/* of another Region only: no sure start on the instance (indeterminate)', () => {
    const r = load([PASS, ASSOCIATE('arn:aws:ec2:eu-west-1:111122223333:instance/*')]);
    expect(r.of?.indeterminate ?? true).toBeTruthy();
    expect(r.check.status).toBe('indeterminate');
  });
});

describe('Terraform: an aws_instance with an instance profile', () => {
  const load = (resource: string) => {
    const main = `${tfAdminInstanceProfile()}
resource "aws_instance" "web" {
  ami = "ami-1"
  instance_type = "t3.micro"
  iam_instance_profile = aws_iam_instance_profile.web.name
}
${tfDevUserStatements([PASS, ASSOCIATE(resource)])}
`;
    return review(compileModel(loadTerraformFiles(main, { account: '111122223333', region: 'us-west-2' })));
  };

  it('allowed on instance/*: a sure start (was: indeterminate)', () => {
    const r = load('arn:aws:ec2:*:111122223333:instance/*');
    expect(r.of?.indeterminate).toBeFalsy();
    expect(r.check.status).toBe('fail');
  });

  it('allowed on instance/i-0abc only: indeterminate', () => {
    const r = load('arn:aws:ec2:*:111122223333:instance/i-0abc');
    expect(r.of?.indeterminate).toBeTruthy();
    expect(r.check.status).toBe('indeterminate');
  });
});
