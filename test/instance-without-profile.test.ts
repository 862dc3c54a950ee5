// An EC2 instance of the inputs without an instance profile exists as well: ec2:AssociateIamInstanceProfile
// gives it one ("Associates an IAM instance profile with a running or stopped instance", Amazon EC2
// API Reference, AssociateIamInstanceProfile), so a principal that may pass an admin role and
// associate a profile on `instance/*` has a sure start on it. Before, only instances using a
// profile were modelled (InstanceProfileUse.instance): with no such instance the request stayed
// open, "the inputs define none it names: it may not exist" (indeterminate). Now every instance
// is a resource of the inputs (aws/plain-resources.ts, the id EC2 gives at launch an unknown name
// part), both adapters.
//
// Pages: Service Authorization Reference, Amazon EC2, resource type instance:
// `arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}`.

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
  return { of: r.of(ANY_EC2), check: r.check };
}

describe('CloudFormation: an AWS::EC2::Instance without IamInstanceProfile', () => {
  const load = (statements: readonly object[], instance = true) =>
    review(
      compileModel(
        modelOf(
          `Resources:\n${cfnAdminInstanceProfile()}${
            instance ? '  Inst:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-1\n' : ''
          }${cfnDevUser(statements)}`,
          { file: 'inline.yaml', stackName: 's' },
        ),
      ),
    );

  it('AssociateIamInstanceProfile on instance/*: a sure start on the instance (was: indeterminate)', () => {
    const r = load([PASS, ASSOCIATE('arn:aws:ec2:*:111122223333:instance/*')]);
    expect(r.of).toBeDefined();
    expect(r.of?.indeterminate).toBeFalsy();
    expect(r.check.status).toBe('fail');
  });

  it('allowed on an id the inputs do not know (i-0abc): indeterminate, never dropped', () => {
    const r = load([PASS, ASSOCIATE('arn:aws:ec2:*:111122223333:instance/i-0abc')]);
    expect(r.of?.indeterminate).toBeTruthy();
    expect(r.check.status).toBe('indeterminate');
  });

  it('near miss: no instance in the inputs: indeterminate (an instance may exist), not sure', () => {
    const r = load([PASS, ASSOCIATE('arn:aws:ec2:*:111122223333:instance/*')], false);
    expect(r.of?.indeterminate).toBeTruthy();
    expect(r.check.status).toBe('indeterminate');
  });
});

describe('Terraform: an aws_instance without iam_instance_profile', () => {
  it('AssociateIamInstanceProfile on instance/*: a sure start (was: indeterminate)', () => {
    const main = `${tfAdminInstanceProfile()}
resource "aws_instance" "web" {
  ami = "ami-1"
  instance_type = "t3.micro"
}
${tfDevUserStatements([PASS, ASSOCIATE('arn:aws:ec2:*:111122223333:instance/*')])}
`;
    const r = review(
      compileModel(loadTerraformFiles(main, { account: '111122223333', region: 'us-west-2' })),
    );
    expect(r.of?.indeterminate).toBeFalsy();
    expect(r.check.status).toBe('fail');
  });
});

it('an id left open names the instance without a profile and its source (engine/compute-id-causes.ts)', () => {
  const engine = compileModel(
    modelOf(
      `Resources:\n${cfnAdminInstanceProfile()}  Inst:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-1\n${cfnDevUser([PASS, ASSOCIATE('arn:aws:ec2:*:111122223333:instance/i-0abc')])}`,
      { file: 'inline.yaml', stackName: 's' },
    ),
  );
  const reason = review(engine).of?.indeterminate?.reasons.find((x) =>
    x.text.includes('instance/i-(unknown-Inst'),
  );
  expect(reason?.text).toContain('EC2 instance Inst (no instance profile)');
  expect(reason?.source?.logicalId).toBe('Inst');
});
