// A CloudFormation template that another adapter's input deploys and whose text it knows: a
// Terraform `aws_cloudformation_stack` with a known `template_body` (Terraform AWS provider,
// "Resource: aws_cloudformation_stack": "template_body - (Optional) Structure containing the
// template body (max size: 51,200 bytes)."; "parameters - (Optional) A map of Parameter structures
// that specify input parameters for the stack."). The stack is read by the CloudFormation adapter
// (adapters/cloudformation/load.ts `loadDeployedTemplate`) into the same model, in the account and
// Region it is deployed to, with the parameters the deploying input passes (an unknown one
// unknown). The loaders give the builder that reader (`ModelBuilder.templateDeployer`); the CLI's
// loader imports the CloudFormation adapter only when an input needs it (`TemplateReaderNeeded`,
// adapters/load-by-kind.ts). Owns the shape of such a deployment.

import type { ModelBuilder } from './builder.js';
import type { Source } from './source.js';
import type { Maybe, Unknown } from './unknown.js';

export interface DeployedTemplate {
  /** The template's text (JSON or YAML). */
  text: string;
  /**
   * Where the text is: a file it is the whole of (`lineOffset` 0), a file it starts in after line
   * `lineOffset` (a heredoc), or only the place it is written (`at`: every source points there).
   */
  origin: { file: string; lineOffset: number } | { file: string; at: Source };
  stackName: string;
  /** Whether `stackName` is the name AWS uses (a known `name`). */
  stackNameKnown: boolean;
  /** Why the name is not known (`stackName` then only labels the stack: the deploying resource's address). */
  stackNameUnknown?: Unknown;
  account: string;
  region: string;
  partition: string;
  /** The value the deploying input passes for parameter `name`: undefined when none. */
  parameter: (name: string) => string | Unknown | undefined;
  /** What passes the parameters, for the hint of one without a value: a Terraform resource's address. */
  passedBy: { terraform: string };
  /**
   * Set when the deploying resource might not exist (a Terraform `count` / `for_each` whose value
   * is unknown): everything the template creates is maybe-present, with this reason.
   */
  presence?: Unknown;
  /** The deploying resource, for findings about the template itself. */
  source: Source;
  /** The service role the stack deploys with (src/aws/stack-roles.ts), or `none`. */
  serviceRole: { arn: Maybe<string>; what: string; source: Source } | 'none';
}

/**
 * Reads a deployed template into `builder`; returns why it cannot be read (not a template,
 * invalid JSON/YAML), undefined when read.
 */
export type DeployTemplate = (builder: ModelBuilder, template: DeployedTemplate) => string | undefined;

/**
 * Thrown by an adapter that meets a deployed template while the builder's reader is not loaded
 * yet (`'not-loaded'`): the CLI's loader imports it and loads again. Never escapes to the user.
 */
export class TemplateReaderNeeded extends Error {}
