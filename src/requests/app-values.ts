// Values of an infrastructure-as-code app given where a model reference is accepted: a CDK
// construct (`stack.readerRole`, a bucket, a function) or a string holding CDK tokens
// (`role.roleArn`, `bucket.arnForObjects('reports/*')`). This layer does not import aws-cdk-lib
// (an optional peer dependency): the CDK entry point (`iamspec/cdk`) registers an `AppResolver`
// that turns a construct into the token string of its ARN (a function as a principal: its
// execution role) and a token string into the CloudFormation expression it resolves to in its
// stack (`{ "Fn::GetAtt": [logicalId, "Arn"] }`, `{ Ref }`, `Fn::Join`). references.ts evaluates
// that expression against the model (the element of that stack and logical id). The registry
// lives on `globalThis`, so two copies of iamspec loaded in one process (an ES module and a
// CommonJS build) share it. Without a resolver, an app value is an error that says what to import.

/** What a reference stands for in a request: who makes it, or what it is made on. */
export type ReferenceRole = 'principal' | 'resource';

/**
 * A reference as a front end takes it: a string (`user/NAME`, an ARN, a logical id, a construct
 * path, a token string), or an object of the app (a CDK construct), or, for a resource, a pair
 * `[construct, 'suffix']` (see `readResourceInput`).
 */
export type ReferenceInput = string | object;

/** The CloudFormation expression an app value stands for, in the template of one stack. */
export interface AppExpression {
  /** The CloudFormation stack (its name) whose template the expression is part of. */
  stack: string | undefined;
  /**
   * The expression, as the stack's template would hold it: strings, `{ Ref: id }`,
   * `{ "Fn::GetAtt": [id, attribute] }`, `{ "Fn::Join": [separator, parts] }`.
   */
  value: unknown;
  /** Construct paths of the template elements the expression names, by logical id. */
  paths: Readonly<Record<string, string>>;
}

/** Turns the values of one kind of app (CDK) into references; registered by its entry point. */
export interface AppResolver {
  /** Name for messages, e.g. `aws-cdk-lib`. */
  readonly name: string;
  /** Whether a string holds unresolved tokens of the app. */
  isToken(text: string): boolean;
  /**
   * The expression a token string resolves to. Throws an Error saying why when the token does not
   * resolve to an element of a stack (a lazy value, a token of another kind).
   */
  expressionOf(text: string): AppExpression;
  /**
   * The reference an app object stands for in `role` (a token string, or a plain string such as
   * the ARN of an imported role), or undefined when the object is none of the app's.
   */
  referenceOf(value: object, role: ReferenceRole): string | undefined;
}

const REGISTRY_KEY = Symbol.for('iamspec.appResolvers');

function registry(): AppResolver[] {
  const g = globalThis as { [REGISTRY_KEY]?: AppResolver[] };
  g[REGISTRY_KEY] ??= [];
  return g[REGISTRY_KEY];
}

/** Registers the resolver of an app kind (once per name; a later registration replaces it). */
export function registerAppResolver(resolver: AppResolver): void {
  const list = registry();
  const i = list.findIndex((r) => r.name === resolver.name);
  if (i >= 0) list[i] = resolver;
  else list.push(resolver);
}

/** CDK's encoding of a token inside a string (`${Token[TOKEN.45]}`, `${Token[AWS.AccountId.7]}`). */
const CDK_STRING_TOKEN = /\$\{Token\[[^\]]+\]\}/;

/** A string that holds unresolved app tokens (by a registered resolver, or CDK's encoding). */
export function isAppToken(text: string): boolean {
  if (CDK_STRING_TOKEN.test(text)) return true;
  return registry().some((r) => r.isToken(text));
}

/** The error thrown for an app value no registered resolver can read. */
export class AppValueError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppValueError';
  }
}

const IMPORT_HINT =
  "import iamspec's CDK entry point (`import { fromApp } from 'iamspec/cdk'`) in the test or app: it teaches iamspec to read CDK constructs and tokens";

/** The expression of a token string; throws AppValueError when no resolver reads it. */
export function appExpressionOf(text: string): AppExpression {
  const resolver = registry().find((r) => r.isToken(text));
  if (!resolver) {
    throw new AppValueError(
      `"${text}" is an unresolved CDK token and no CDK resolver is loaded: ${IMPORT_HINT}`,
    );
  }
  try {
    return resolver.expressionOf(text);
  } catch (e) {
    if (e instanceof AppValueError) throw e;
    throw new AppValueError(`"${text}": ${(e as Error).message}`, { cause: e });
  }
}

/** Whether a value looks like a construct (an object with `node.path`), for messages. */
function looksLikeConstruct(value: object): boolean {
  const node = (value as { node?: { path?: unknown } }).node;
  return typeof node === 'object' && node !== null && typeof node.path === 'string';
}

/** A short description of a value that is not a reference, for messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') {
    const path = (value as { node?: { path?: unknown } }).node?.path;
    if (typeof path === 'string') return `the construct ${path}`;
    const name = (value as object).constructor?.name;
    return name && name !== 'Object' ? `a ${name}` : 'an object';
  }
  return typeof value === 'string'
    ? `the string ${JSON.stringify(value)}`
    : `${typeof value} ${String(value)}`;
}

/**
 * The string reference an app object stands for (a token string or a plain ARN). Throws
 * AppValueError when no registered resolver knows the object.
 */
export function appObjectReference(value: object, role: ReferenceRole): string {
  for (const r of registry()) {
    const ref = r.referenceOf(value, role);
    if (ref !== undefined) return ref;
  }
  if (looksLikeConstruct(value)) {
    throw new AppValueError(
      `${describeValue(value)} was given as a ${role} and no CDK resolver is loaded: ${IMPORT_HINT}`,
    );
  }
  throw new AppValueError(
    `a ${role} reference is a string (user/NAME, role/NAME, an ARN, a logical id, a construct path...) or a CDK construct, not ${describeValue(value)}`,
  );
}

/**
 * A reference input as a string: itself for a string, the resolver's reference for an app
 * object. Anything else throws AppValueError.
 */
export function referenceText(input: unknown, role: ReferenceRole): string {
  if (typeof input === 'string') return input;
  if (typeof input === 'object' && input !== null && !Array.isArray(input))
    return appObjectReference(input, role);
  throw new AppValueError(
    `a ${role} reference is a string (user/NAME, role/NAME, an ARN, a logical id, a construct path...) or a CDK construct, not ${describeValue(input)}`,
  );
}

/** Whether a value is an app value (an object a resolver may read, or a token string). */
export function isAppValue(value: unknown): boolean {
  if (typeof value === 'string') return isAppToken(value);
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
