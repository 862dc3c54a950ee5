// The actions `Engine.decideHere` decides by a rule of their own besides the statements that
// match them: the owner-account-only actions (aws/owner-account-actions.ts), a call through a
// Lambda function URL (it also needs lambda:InvokeFunction, and an anonymous one is rejected by an
// AWS_IAM URL) and lambda:InvokeFunction (an anonymous direct call is rejected): aws/lambda.ts.
// Two actions that the same statements match may get different decisions when one of them is
// here, so the matrix never groups such an action with another (matrix/action-lists.ts
// `baseClassesOf`). Owns `decidedApart`.

import { INVOKE_FUNCTION, INVOKE_FUNCTION_URL } from '../aws/lambda.js';
import { ownerAccountRule } from '../aws/owner-account-actions.js';

/** Whether the engine decides `actionLower` by a rule of its own besides its statements. */
export function decidedApart(actionLower: string): boolean {
  return (
    actionLower === INVOKE_FUNCTION_URL ||
    actionLower === INVOKE_FUNCTION ||
    ownerAccountRule(actionLower) !== undefined
  );
}
