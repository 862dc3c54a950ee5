// Sharing that grants other accounts access without a policy document (aws/sharing-grants.ts):
// AMI launch permissions, EBS snapshot create-volume permissions, SSM document sharing, VPC
// endpoint service allowed principals, RDS (cluster) snapshot sharing. Before, Terraform's
// aws_ami_launch_permission, aws_snapshot_create_volume_permission, aws_ssm_document `permissions`,
// aws_vpc_endpoint_service(_allowed_principal), aws_db_(cluster_)snapshot `shared_accounts` and
// CloudFormation's AWS::EC2::VPCEndpointServicePermissions were neither modelled nor warned: a
// check that no other account can launch the AMI / restore the snapshot passed silently.
//
// AWS sentences pinned here (each kind's page is in SHARING_GRANTS):
// - "Launch permissions can be used to configure which AWS accounts can use the AMI to launch
//   instances." "To make an AMI public, set the launch permission authorized accounts to all."
//   (EC2 Image Builder API Reference, LaunchPermissionConfiguration)
// - "public: The owner of the snapshot granted create volume permissions for the snapshot to the
//   all group. All Amazon Web Services accounts have create volume permissions for these
//   snapshots. explicit: The owner of the snapshot granted create volume permissions to a specific
//   Amazon Web Services account." (EC2 API Reference, DescribeSnapshots)
// - "If you share a document privately, you must specify the Amazon Web Services user IDs for
//   those people who can use the document. If you share a document publicly, you must specify All
//   as the account ID." (SSM API Reference, ModifyDocumentPermission)
// - "You can add or remove permissions for service consumers (AWS accounts, users, and IAM roles)
//   to connect to your endpoint service." "To grant permissions to all principals, specify an
//   asterisk (*)." (EC2 API Reference, ModifyVpcEndpointServicePermissions)
// - "Uses the value all to make the manual DB snapshot public, which means it can be copied or
//   restored by all AWS accounts." (RDS API Reference, ModifyDBSnapshotAttribute)

import { describe, expect, it } from 'vitest';
import { loadTemplateFile } from '../src/adapters/cloudformation/index.js';
import { loadTerraformConfig, loadTerraformConfigObject } from '../src/adapters/terraform/index.js';
import { checkOnlyPrincipals } from '../src/analysis/exhaustive.js';
import { reviewRisks } from '../src/analysis/risks.js';
import { SHARING_GRANTS, sharingGrantDocument } from '../src/aws/sharing-grants.js';
import { compileModel } from '../src/engine/index.js';
import { ModelBuilder } from '../src/model/builder.js';
import { Unknown } from '../src/model/unknown.js';
import { terraformPlanModel } from './helpers/temp-inputs.js';

const PARTNER = 'arn:aws:iam::999988887777:root';
const OWN = 'arn:aws:iam::111122223333:root';
const AMI = 'arn:aws:ec2:us-east-1::image/ami-0123456789abcdef0';
const PUBLIC_AMI = 'arn:aws:ec2:us-east-1::image/ami-0fedcba9876543210';
const SNAP = 'arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0';
const UNKNOWN_SNAP = 'arn:aws:ec2:us-east-1::snapshot/snap-0aaaaaaaaaaaaaaaa';
const PUBLIC_DOC = 'arn:aws:ssm:us-east-1:111122223333:document/run-me';
const PARTNER_DOC = 'arn:aws:ssm:us-east-1:111122223333:document/partner-doc';
const SERVICE = 'arn:aws:ec2:us-east-1:111122223333:vpc-endpoint-service/vpce-svc-0123456789abcdef0';
const DB_SNAP = 'arn:aws:rds:us-east-1:111122223333:snapshot:db-snap';
const CLUSTER_SNAP = 'arn:aws:rds:us-east-1:111122223333:cluster-snapshot:cluster-snap';

function tf() {
  const b = new ModelBuilder();
  loadTerraformConfig('test/fixtures/terraform/sharing-grants', b, { env: {} });
  return compileModel(b.build());
}

/** The verdicts of "only the owning account may do `action` on `resource`" for the principal. */
function othersOn(e: ReturnType<typeof tf>, action: string, resource: string) {
  const r = checkOnlyPrincipals(e, action, resource, [OWN]);
  return { holds: r.holds, decisions: r.violations.map((v) => `${v.principal}:${v.decision.decision}`) };
}

describe('sharingGrantDocument', () => {
  it('an account id is its root, the public value is anyone, an unknown list stays unknown', () => {
    const doc = sharingGrantDocument(
      { kind: 'ebs-snapshot-volume', sharedWith: ['999988887777', 'ALL'], resource: SNAP },
      'aws',
    );
    expect(doc.Statement).toEqual([
      { Effect: 'Allow', Action: ['ec2:CreateVolume', 'ec2:CopySnapshot'], Resource: SNAP, Principal: '*' },
      {
        Effect: 'Allow',
        Action: ['ec2:CreateVolume', 'ec2:CopySnapshot'],
        Resource: SNAP,
        Principal: { AWS: [PARTNER] },
      },
    ]);
    const unknown = new Unknown('known after apply');
    const u = sharingGrantDocument({ kind: 'ami-launch', sharedWith: unknown, resource: AMI }, 'aws');
    expect((u.Statement as { Principal: unknown }[]).map((s) => s.Principal)).toEqual([unknown]);
  });

  it('an AMI shared with an organization or OU: a condition on any principal, as AWS RAM', () => {
    const doc = sharingGrantDocument(
      {
        kind: 'ami-launch',
        sharedWith: ['arn:aws:organizations::111122223333:organization/o-abc123def4'],
        resource: AMI,
      },
      'aws',
    );
    expect(doc.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: SHARING_GRANTS['ami-launch'].actions,
        Resource: AMI,
        Principal: '*',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123def4' } },
      },
    ]);
  });

  it('an SSM document: the use actions, and the rest of its actions unknown', () => {
    const doc = sharingGrantDocument(
      { kind: 'ssm-document', sharedWith: ['999988887777'], resource: PARTNER_DOC },
      'aws',
    );
    const actions = (doc.Statement as { Action: unknown }[]).map((s) => s.Action);
    expect(actions[0]).toContain('ssm:SendCommand');
    expect(actions[1]).toBeInstanceOf(Unknown);
  });
});

describe('Terraform sharing resources', () => {
  const e = tf();

  it('aws_ami_launch_permission: the account may launch the AMI; "all" makes it public', () => {
    expect(e.decide({ principal: PARTNER, action: 'ec2:RunInstances', resource: AMI }).decision).not.toBe(
      'deny',
    );
    const r = othersOn(e, 'ec2:RunInstances', AMI);
    expect(r.holds).toBe(false);
    expect(r.decisions).toContain(`${PARTNER}:allow`);
    const pub = othersOn(e, 'ec2:RunInstances', PUBLIC_AMI);
    expect(pub.holds).toBe(false);
    const risks = reviewRisks(e).filter((f) => f.kind === 'public-access');
    expect(risks.some((f) => f.subject === PUBLIC_AMI)).toBe(true);
    expect(risks.some((f) => f.subject === AMI)).toBe(false);
  });

  it('aws_snapshot_create_volume_permission: CreateVolume by the account; an unknown account is indeterminate', () => {
    const r = othersOn(e, 'ec2:CreateVolume', SNAP);
    expect(r.holds).toBe(false);
    expect(r.decisions).toContain(`${PARTNER}:allow`);
    // not a grant of everything on the snapshot
    expect(othersOn(e, 'ec2:DeleteSnapshot', SNAP).holds).toBe(true);
    const u = othersOn(e, 'ec2:CreateVolume', UNKNOWN_SNAP);
    expect(u.holds).toBe(false);
    expect(u.decisions.some((d) => d.endsWith(':indeterminate'))).toBe(true);
  });

  it('aws_ssm_document permissions: "All" is public, a list of account ids shares with them', () => {
    expect(othersOn(e, 'ssm:SendCommand', PUBLIC_DOC).holds).toBe(false);
    expect(reviewRisks(e).some((f) => f.kind === 'public-access' && f.subject === PUBLIC_DOC)).toBe(true);
    const r = othersOn(e, 'ssm:GetDocument', PARTNER_DOC);
    expect(r.decisions).toContain(`${PARTNER}:allow`);
    expect(r.decisions).toContain('arn:aws:iam::444455556666:root:allow');
    // an action AWS does not list for a shared document is indeterminate, never a pass
    expect(othersOn(e, 'ssm:UpdateDocument', PARTNER_DOC).holds).toBe(false);
  });

  it('aws_vpc_endpoint_service_allowed_principal: the principal may connect to the service', () => {
    const r = othersOn(e, 'ec2:CreateVpcEndpoint', SERVICE);
    expect(r.holds).toBe(false);
    expect(r.decisions).toContain(`${PARTNER}:allow`);
  });

  it('aws_imagebuilder_distribution_configuration launch_permission: on the AMIs its pipelines make (unknown), never a pass', () => {
    const standIn = e.model.resources.find((r) => r.arn.startsWith('arn:aws:ec2:eu-west-1::image/'))!;
    expect(standIn).toBeDefined();
    const r = othersOn(e, 'ec2:RunInstances', standIn.arn);
    expect(r.holds).toBe(false);
    expect(
      e.model.findings.some(
        (f) =>
          f.code === 'model/unknown-resource-target' &&
          f.message.includes('aws_imagebuilder_distribution_configuration.dist'),
      ),
    ).toBe(true);
  });

  it('aws_db_snapshot / aws_db_cluster_snapshot shared_accounts: "all" is public', () => {
    expect(othersOn(e, 'rds:RestoreDBInstanceFromDBSnapshot', DB_SNAP).holds).toBe(false);
    expect(reviewRisks(e).some((f) => f.kind === 'public-access' && f.subject === DB_SNAP)).toBe(true);
    const c = othersOn(e, 'rds:RestoreDBClusterFromSnapshot', CLUSTER_SNAP);
    expect(c.decisions).toContain(`${PARTNER}:allow`);
  });
});

describe('CloudFormation AWS::EC2::VPCEndpointServicePermissions', () => {
  const b = new ModelBuilder();
  loadTemplateFile('test/fixtures/cloudformation/sharing-grants.yaml', b, {
    account: '111122223333',
    region: 'us-east-1',
  });
  const m = b.build();
  const e = compileModel(m);

  it('AllowedPrincipals may connect to the service it names', () => {
    const r = othersOn(e, 'ec2:CreateVpcEndpoint', SERVICE);
    expect(r.holds).toBe(false);
    expect(r.decisions).toContain(`${PARTNER}:allow`);
  });

  it('"*" on the service of the stack (its id known after deploy): public, never a pass', () => {
    const services = m.resources.filter((r) => r.arn.includes(':vpc-endpoint-service/'));
    expect(services.length).toBeGreaterThan(1);
    for (const s of services) expect(othersOn(e, 'ec2:CreateVpcEndpoint', s.arn).holds).toBe(false);
    expect(
      m.findings.some((f) => f.code === 'model/unknown-resource-target' && /Everyone/.test(f.message)),
    ).toBe(true);
  });
});

describe('CloudFormation AWS::ImageBuilder::DistributionConfiguration', () => {
  it('LaunchPermissionConfiguration: on the AMIs its pipelines make (unknown), never a pass', () => {
    const b = new ModelBuilder();
    loadTemplateFile('test/fixtures/cloudformation/sharing-grants.yaml', b, {
      account: '111122223333',
      region: 'us-east-1',
    });
    const m = b.build();
    const e = compileModel(m);
    const standIn = m.resources.find((r) => r.arn.startsWith('arn:aws:ec2:eu-west-1::image/'))!;
    expect(standIn).toBeDefined();
    const r = othersOn(e, 'ec2:RunInstances', standIn.arn);
    expect(r.holds).toBe(false);
    expect(
      m.findings.some((f) => f.code === 'model/unknown-resource-target' && /Distribution/.test(f.message)),
    ).toBe(true);
  });
});

describe('Terraform plan: a shared resource whose id is known after apply', () => {
  const change = (address: string, type: string, after: object, afterUnknown: object = {}) => ({
    address,
    mode: 'managed',
    type,
    name: address.split('.')[1],
    provider_name: 'registry.terraform.io/hashicorp/aws',
    change: { actions: ['create'], before: null, after, after_unknown: afterUnknown },
  });
  const plan = {
    format_version: '1.2',
    resource_changes: [
      change(
        'aws_vpc_endpoint_service.svc',
        'aws_vpc_endpoint_service',
        { acceptance_required: false, allowed_principals: ['*'] },
        { id: true, arn: true },
      ),
      change(
        'aws_ami_launch_permission.partner',
        'aws_ami_launch_permission',
        { account_id: '999988887777' },
        { image_id: true },
      ),
      change('aws_db_snapshot.snap', 'aws_db_snapshot', {
        db_instance_identifier: 'db',
        db_snapshot_identifier: 'db-snap',
        shared_accounts: ['999988887777'],
      }),
    ],
    configuration: {
      provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'us-east-1' } } } },
      root_module: {},
    },
  };
  const m = terraformPlanModel(plan, { account: '111122223333' });
  const e = compileModel(m);

  it('the public endpoint service and the AMI are unknown targets: a warning, and no pass', () => {
    const unknown = m.findings
      .filter((f) => f.code === 'model/unknown-resource-target')
      .map((f) => f.message);
    expect(unknown.some((x) => x.includes('aws_vpc_endpoint_service.svc'))).toBe(true);
    expect(unknown.some((x) => x.includes('aws_ami_launch_permission.partner'))).toBe(true);
    const standIn = m.resources.find((r) => r.arn.includes(':vpc-endpoint-service/'))!;
    expect(othersOn(e, 'ec2:CreateVpcEndpoint', standIn.arn).holds).toBe(false);
    const ami = m.resources.find((r) => r.arn.includes(':image/'))!;
    expect(othersOn(e, 'ec2:RunInstances', ami.arn).holds).toBe(false);
  });

  it('the RDS snapshot, known by its identifier: the account may restore it', () => {
    const r = othersOn(e, 'rds:RestoreDBInstanceFromDBSnapshot', DB_SNAP);
    expect(r.decisions).toContain(`${PARTNER}:allow`);
  });
});

describe('Terraform plan: allowed_principals computed because the configuration leaves it unset', () => {
  it('is not a share with unknown principals (aws_vpc_endpoint_service_allowed_principal says who)', () => {
    const plan = {
      format_version: '1.2',
      resource_changes: [
        {
          address: 'aws_vpc_endpoint_service.svc',
          mode: 'managed',
          type: 'aws_vpc_endpoint_service',
          name: 'svc',
          provider_name: 'registry.terraform.io/hashicorp/aws',
          change: {
            actions: ['create'],
            before: null,
            after: { acceptance_required: false },
            after_unknown: { id: true, arn: true, allowed_principals: true },
          },
        },
      ],
      configuration: {
        provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'us-east-1' } } } },
        root_module: {
          resources: [
            {
              address: 'aws_vpc_endpoint_service.svc',
              mode: 'managed',
              type: 'aws_vpc_endpoint_service',
              name: 'svc',
              provider_config_key: 'aws',
              expressions: { acceptance_required: { constant_value: false } },
            },
          ],
        },
      },
    };
    const load = (p: object) =>
      terraformPlanModel(p, { account: '111122223333' }).findings.filter(
        (f) => f.code === 'model/unknown-resource-target',
      );
    expect(load(plan)).toEqual([]);
    // configured from something known only after apply: unknown principals on an unknown service
    const configured = structuredClone(plan);
    (
      configured.configuration.root_module.resources[0]!.expressions as Record<string, unknown>
    ).allowed_principals = {
      references: ['var.principals'],
    };
    expect(load(configured).length).toBe(1);
  });
});

describe('block public access for AMIs leaves a public launch permission public', () => {
  // EC2 API Reference, EnableImageBlockPublicAccess: "This prevents the public sharing of your
  // AMIs. However, if you already have public AMIs, they will remain publicly available." and "The
  // API can take up to 10 minutes to configure this setting": a public launch permission the
  // inputs make either precedes the block or fails the deployment; it never goes away.
  it('aws_ec2_image_block_public_access block-new-sharing beside a public aws_ami_launch_permission: still public', () => {
    const b = new ModelBuilder();
    loadTerraformConfigObject(
      {
        provider: { aws: [{ region: 'us-east-1', allowed_account_ids: ['111122223333'] }] },
        resource: {
          aws_ec2_image_block_public_access: { block: { state: 'block-new-sharing' } },
          aws_ami_launch_permission: { pub: { image_id: 'ami-0fedcba9876543210', group: 'all' } },
        },
      },
      b,
    );
    const model = b.build();
    expect(model.findings.filter((f) => f.code.endsWith('unhandled-resource-type'))).toEqual([]);
    const e = compileModel(model);
    expect(
      e.decide({
        principal: 'arn:aws:iam::444455556666:root',
        action: 'ec2:RunInstances',
        resource: PUBLIC_AMI,
      }).decision,
    ).toBe('allow');
  });
});
