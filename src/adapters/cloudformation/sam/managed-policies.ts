// AWS managed policy names in SAM `Policies` (`AmazonDynamoDBReadOnlyAccess`) turned into ARNs,
// as the translator does with its bundled name -> ARN map: the ARN carries the policy's IAM path
// (`arn:aws:iam::aws:policy/service-role/AWSLambdaRole`) in the stack's partition. The names come
// from iamspec's managed policy catalog.

import { listAwsManagedPolicyArns } from '../../../catalog/managed-policies.js';

let byName: Map<string, string> | undefined;

function names(): Map<string, string> {
  if (byName) return byName;
  byName = new Map();
  for (const arn of listAwsManagedPolicyArns()) {
    const tail = arn.slice('arn:aws:iam::aws:policy'.length); // `/path/Name`
    byName.set(tail.slice(tail.lastIndexOf('/') + 1), tail);
  }
  return byName;
}

/** The ARN of an AWS managed policy given by name, in `partition`; undefined when no such policy. */
export function awsManagedPolicyArn(name: string, partition: string): string | undefined {
  const tail = names().get(name);
  return tail === undefined ? undefined : `arn:${partition}:iam::aws:policy${tail}`;
}

/** `arn:<partition>:iam::aws:policy/<path/name>` for a policy SAM attaches itself. */
export function samManagedPolicyArn(pathAndName: string, partition: string): string {
  return `arn:${partition}:iam::aws:policy/${pathAndName}`;
}
