// Service-linked roles (`AWS::IAM::ServiceLinkedRole`, `aws_iam_service_linked_role`): what the
// inputs say of them and what the linked service decides. Both adapters add them through
// `addServiceLinkedRole`.
//
// IAM User Guide, "Using service-linked roles"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html): "The linked
// service defines the permissions of its service-linked roles, and unless defined otherwise, only
// that service can assume the roles. The defined permissions include the trust policy and the
// permissions policy"; "The ARN for a service-linked role includes a service principal"
// (`role/aws-service-role/SERVICE-NAME.amazonaws.com/ROLE-NAME`). The role name is chosen by the
// service (`AWSServiceRoleFor…`, with `_CustomSuffix` when given): the model names it with a
// stand-in (model/stand-ins.ts), and so is the service in its path when the inputs leave it
// unknown. Its permissions policy is the service's: unknown to the inputs.
// AWS Organizations User Guide, "Service control policies (SCPs)": "SCPs don't affect
// service-linked roles"; "Resource control policies (RCPs)": "RCPs do not impact the effective
// permissions of any service-linked role" (the engine exempts roles flagged `serviceLinked`).

import type { PolicyDocument } from '../policy/types.js';
import { parsePolicy } from '../policy/parse.js';
import type { ModelBuilder } from './builder.js';
import type { Source } from './source.js';
import { standInPrincipalName, unknownNamePart } from './stand-ins.js';
import { isUnknown, type Maybe, Unknown } from './unknown.js';

export interface ServiceLinkedRoleInit {
  account: string;
  /** The service principal (`elasticbeanstalk.amazonaws.com`). */
  service: Maybe<string>;
  customSuffix?: Maybe<string>;
  /** A readable hint (logical id, Terraform address) for a role whose service is unknown. */
  hint: string;
  /** The role's name and ARN when the inputs know them (a Terraform plan with prior state). */
  name?: string;
  arn?: string;
  /** The role might not exist (see MaybePresent). */
  presence?: Unknown;
  source: Source;
}

/** The trust policy the linked service defines: only it may assume the role. */
function trustPolicyFor(service: Maybe<string>, source: Source): PolicyDocument {
  return parsePolicy(
    {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
    },
    { kind: 'trust', source },
  );
}

/** Adds the service-linked role to the builder; returns its model id (ARN). */
export function addServiceLinkedRole(builder: ModelBuilder, init: ServiceLinkedRoleInit): string {
  const service = isUnknown(init.service) ? undefined : init.service;
  const suffix = typeof init.customSuffix === 'string' && init.customSuffix ? `_${init.customSuffix}` : '';
  const name = init.name ?? standInPrincipalName(`AWSServiceRoleFor-${service ?? init.hint}${suffix}`);
  // An unknown service: its principal is one unknown name part (service principals hold no `/`).
  const path = `/aws-service-role/${service ?? unknownNamePart(`service-of-${init.hint}`)}/`;
  const id = builder.addRole({
    name,
    path,
    ...(init.name && init.arn ? { arn: init.arn } : {}),
    ...(init.presence ? { presence: init.presence } : {}),
    account: init.account,
    source: init.source,
    trustPolicy: trustPolicyFor(init.service, init.source),
    serviceLinked: true,
  });
  builder.attachManagedPolicy(id, {
    policyArn: new Unknown(
      `the permissions policy of the service-linked role of ${service ?? 'an unknown service'} is defined by that service`,
      init.source,
    ),
    source: init.source,
  });
  builder.addFinding({
    code: 'model/service-linked-role',
    severity: 'info',
    message: `service-linked role for ${service ?? `an unknown service (${init.service instanceof Unknown ? init.service.reason : ''})`}: its name and permissions are defined by the service (modelled as ${name}, permissions unknown); only the service can assume it and SCPs and RCPs do not apply to it`,
    source: init.source,
  });
  return id;
}
