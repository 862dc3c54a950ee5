// CDK constructs and tokens as model references (registered with the request layer by
// `iamspec/cdk`, see src/requests/app-values.ts). A construct stands for the token of its ARN:
// as a principal, a role, user or group (a function, or any construct with an execution role: its
// role); as a resource, the ARN of the resource it creates (bucket, table, queue, topic, key,
// function, secret, stream...), else its default CloudFormation resource (`Ref`). A token string
// (`role.roleArn`, `bucket.arnForObjects('reports/*')`) is resolved in the stack of the element it
// references (`Stack.of(target).resolve(token)`), which gives `{ "Fn::GetAtt": [logicalId, "Arn"] }`,
// `{ Ref }` or a `Fn::Join`; the request layer maps it onto the model element by stack name and
// logical id (construct path as a fallback).

import { App, CfnElement, CfnResource, Reference, Stack, Token, Tokenization } from 'aws-cdk-lib';
import { Construct, type IConstruct } from 'constructs';
import {
  type AppExpression,
  type AppResolver,
  AppValueError,
  type ReferenceRole,
  registerAppResolver,
} from '../requests/app-values.js';

/** Properties that hold a principal's ARN (IRole, IUser, IGroup). */
const PRINCIPAL_ARNS = ['roleArn', 'userArn', 'groupArn'] as const;

/** Properties that hold the ARN of the resource an L2 construct creates or imports. */
const RESOURCE_ARNS = [
  'bucketArn',
  'tableArn',
  'queueArn',
  'topicArn',
  'keyArn',
  'functionArn',
  'secretArn',
  'streamArn',
  'repositoryArn',
  'eventBusArn',
  'domainArn',
  'collectionArn',
  'backupVaultArn',
  'fileSystemArn',
  'layerVersionArn',
  'stateMachineArn',
  'logGroupArn',
  'managedPolicyArn',
  'roleArn',
  'userArn',
  'groupArn',
] as const;

function stringProp(value: object, name: string): string | undefined {
  try {
    const v = (value as Record<string, unknown>)[name];
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined; // a getter that throws (e.g. an attribute of an imported construct)
  }
}

/** The construct's own CloudFormation resource: itself (an L1), else its default child. */
function cfnResourceOf(c: IConstruct): CfnResource | undefined {
  if (CfnResource.isCfnResource(c)) return c;
  const child = c.node.defaultChild;
  return child && CfnResource.isCfnResource(child) ? child : undefined;
}

/** The execution role of a construct that has one (a function, a state machine...). */
function executionRoleOf(c: IConstruct): object | undefined {
  const v = c as unknown as { role?: unknown; grantPrincipal?: unknown };
  let role: unknown;
  try {
    role = v.role ?? v.grantPrincipal;
  } catch {
    return undefined;
  }
  if (typeof role === 'object' && role !== null && stringProp(role, 'roleArn') !== undefined) return role;
  return undefined;
}

function principalReference(c: IConstruct): string {
  for (const p of PRINCIPAL_ARNS) {
    const arn = stringProp(c, p);
    if (arn !== undefined) return arn;
  }
  const role = executionRoleOf(c);
  if (role) return stringProp(role, 'roleArn')!;
  const cfn = cfnResourceOf(c);
  if (cfn) return cfn.ref; // the request layer says what it is when it is no principal
  throw new AppValueError(
    `the construct ${c.node.path} is no role, user or group and has no execution role; pass the principal (a role, user or group construct) or its ARN`,
  );
}

function resourceReference(c: IConstruct): string {
  for (const p of RESOURCE_ARNS) {
    const arn = stringProp(c, p);
    if (arn !== undefined) return arn;
  }
  const cfn = cfnResourceOf(c);
  if (cfn) return cfn.ref;
  throw new AppValueError(
    `the construct ${c.node.path} creates no CloudFormation resource of its own (it has no default child); pass the construct that creates the resource, or its ARN`,
  );
}

let scratch: Stack | undefined;
/** A stack to resolve tokens that reference no element (pseudo parameters only). */
function scratchStack(): Stack {
  scratch ??= new Stack(new App({ context: { 'aws:cdk:disable-stack-trace': true } }), 'IamspecTokens');
  return scratch;
}

function expressionOf(text: string): AppExpression {
  const tokens = Tokenization.reverseString(text).tokens;
  const elements = tokens
    .filter((t): t is Reference => Reference.isReference(t))
    .map((t) => t.target)
    .filter((t): t is CfnElement => CfnElement.isCfnElement(t));
  const stacks = [...new Set(elements.map((e) => Stack.of(e)))];
  if (stacks.length > 1) {
    throw new AppValueError(
      `the token references elements of several stacks (${stacks.map((s) => s.node.path).join(', ')}); give one reference per element`,
    );
  }
  const stack = stacks[0] ?? scratchStack();
  const value = stack.resolve(text);
  const paths: Record<string, string> = {};
  for (const e of elements) {
    const id = stack.resolve(e.logicalId);
    if (typeof id === 'string') paths[id] = e.node.path;
  }
  const name = stacks[0] && !Token.isUnresolved(stack.stackName) ? stack.stackName : undefined;
  return { stack: name, value, paths };
}

/** The CDK resolver of the request layer. */
export const cdkAppResolver: AppResolver = {
  name: 'aws-cdk-lib',
  isToken: (text) => Token.isUnresolved(text),
  expressionOf,
  referenceOf(value: object, role: ReferenceRole): string | undefined {
    if (Construct.isConstruct(value)) {
      return role === 'principal' ? principalReference(value) : resourceReference(value);
    }
    if (Tokenization.isResolvable(value)) return Token.asString(value);
    return undefined;
  },
};

registerAppResolver(cdkAppResolver);
