// The actions `Engine.decideHere` decides by a rule of their own besides the statements that
// match them: the owner-account-only actions (aws/owner-account-actions.ts), a call through a
// Lambda function URL (it also needs lambda:InvokeFunction, and an anonymous one is rejected by an
// AWS_IAM URL) and lambda:InvokeFunction (an anonymous direct call is rejected): aws/lambda.ts;
// the actions that use their resource's KMS key from another account (Secrets Manager
// GetSecretValue, SQS SendMessage, SNS Publish…: aws/encryption-key-requirement.ts), each alone; the EFS client actions, whose denial under the
// default file system policy is indeterminate (aws/efs.ts), alike; the SES sending actions, which
// an address identity's policies may decide instead of its domain's (aws/ses-identity-precedence.ts),
// alike.
// Two actions that the same statements match may get different decisions when one of them is
// here, so the matrix groups such an action only with the actions of the same rule
// (matrix/action-lists.ts `baseClassesOf`): the actions of one owner-account-only row are decided
// alike (the rule reads the caller's and the resource's accounts, never the action), each Lambda
// action alone. Owns `decidedApart`.

import { INVOKE_FUNCTION, INVOKE_FUNCTION_URL } from '../aws/lambda.js';
import { OWNER_ACCOUNT_RULES, ownerAccountRule } from '../aws/owner-account-actions.js';
import { isEfsClientAction } from '../aws/efs.js';
import { encryptionKeyRuleOf } from '../aws/encryption-key-requirement.js';
import { sesSendingAction } from '../aws/ses-identity-precedence.js';

/**
 * The rule by which the engine decides `actionLower` besides its statements, as a key that the
 * actions it decides alike share (`owner:N` for the Nth owner-account-only row, the action itself
 * for the Lambda rules); undefined for an action decided by its statements alone.
 */
export function decidedApart(actionLower: string): string | undefined {
  if (actionLower === INVOKE_FUNCTION_URL || actionLower === INVOKE_FUNCTION) return actionLower;
  if (encryptionKeyRuleOf(actionLower)) return actionLower;
  if (isEfsClientAction(actionLower)) return 'efs-client';
  if (sesSendingAction(actionLower)) return 'ses-send';
  const rule = ownerAccountRule(actionLower);
  return rule ? `owner:${OWNER_ACCOUNT_RULES.indexOf(rule)}` : undefined;
}
