// Shared fixtures of the RAM sharing tests (ram-customer-permissions, ram-sharing-redteam): the
// principals on both sides of a share, decisions as a word, and the CloudFormation share whose
// resource is a parameter without a value (it may hold any resource of the sharing account).

import { compileModel } from '../../src/engine/index.js';
import { modelOf } from '../fixtures/cfn/load.js';

/** A role of the account the shares name as a principal (999988887777). */
export const ANALYST = 'arn:aws:iam::999988887777:role/analyst';
/** A role of an account no share names. */
export const STRANGER = 'arn:aws:iam::444455556666:role/x';

export type Engine = ReturnType<typeof compileModel>;

/** The decision of `principal` doing `action` on `resource` (with `context`, when given). */
export const decide = (
  e: Engine,
  principal: string,
  action: string,
  resource: string,
  context?: Record<string, string | string[]>,
) => e.decide({ principal, action, resource, ...(context ? { context } : {}) }).decision;

/** An AWS::RAM::ResourceShare with account 999988887777 whose ResourceArns is a parameter without a value. */
export const unknownResourceShare = () =>
  compileModel(
    modelOf(`
Parameters:
  SharedArn: { Type: String }
Resources:
  Share:
    Type: AWS::RAM::ResourceShare
    Properties:
      Name: any
      ResourceArns: [ !Ref SharedArn ]
      Principals: [ '999988887777' ]
`),
  );
