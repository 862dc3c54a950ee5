// Evaluating what an app value (a CDK token or construct, see app-values.ts) stands for against a
// model: the CloudFormation expression of the token in its stack (`Ref`, `Fn::GetAtt`,
// `Fn::Join`, pseudo parameters) is mapped onto the model element of that stack and logical id
// (else of that construct path). A whole `Ref` / `Fn::GetAtt` names the element itself; a join
// (`bucket.arnForObjects('reports/*')`) is the string it builds, with each element's ARN (or what
// `Ref` returns for it, per the "Return values" of its page in the CloudFormation Template
// Reference, https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html).
// An element the model does not hold is an error that says why (another stack than the one
// modelled, a resource type iamspec does not model).

import { formatSource, type Source } from '../model/source.js';
import type { Group, ManagedPolicy, Resource, Role, User } from '../model/types.js';
import { type AppExpression, AppValueError } from './app-values.js';

export type AppElementKind = 'user' | 'group' | 'role' | 'policy' | 'resource';

/** A model element an app expression can name. */
export interface AppElement {
  kind: AppElementKind;
  element: User | Group | Role | ManagedPolicy | Resource;
  arn: string;
  account: string;
  source: Source;
}

/** What the evaluation needs of the model (references.ts provides it from its index). */
export interface AppLookup {
  /** The element declared by `logicalId` in `stack`'s template, else the one at `path`. */
  element(stack: string | undefined, logicalId: string, path: string | undefined): AppElement[];
  /** Whether the model holds anything of the stack. */
  hasStack(stack: string): boolean;
  /** The model's stacks (for messages). */
  stacks(): string[];
  partition: string;
  /** The region of an account of the model, when known. */
  regionOf(account: string): string | undefined;
  /** The one account of the stack (or of the model), for `AWS::AccountId`. */
  accountOf(stack: string | undefined): string | undefined;
}

/** An evaluated expression: one element (a whole `Ref` / `Fn::GetAtt`), or a string. */
export type AppValue =
  | { kind: 'element'; element: AppElement; label: string }
  | { kind: 'text'; text: string; label: string };

const PSEUDO = new Set([
  'AWS::Partition',
  'AWS::AccountId',
  'AWS::Region',
  'AWS::URLSuffix',
  'AWS::StackName',
]);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** How people name an element: its construct path (without `/Resource`), else stack/logical id, else its ARN. */
export function elementLabel(e: AppElement): string {
  const s = e.source;
  if (s.constructPath) return s.constructPath.replace(/\/(Resource|Default)$/, '');
  const id = s.generatedLogicalId ?? s.logicalId;
  if (id) return s.stack ? `${s.stack}/${id}` : id;
  return e.arn;
}

/**
 * What `Ref` returns for an element, for the elements a reference is built from (Return values of
 * each type's page): the name of a user, group, role, bucket, table, function or stream; the ARN of
 * a managed policy, topic or secret; the key id of a KMS key; the URL of a queue.
 */
function refValue(e: AppElement): string | undefined {
  if (e.kind === 'user' || e.kind === 'group' || e.kind === 'role') return (e.element as User).name;
  if (e.kind === 'policy') return e.arn;
  const r = e.element as Resource;
  switch (r.kind) {
    case 's3-bucket':
    case 'dynamodb-table':
    case 'lambda-function':
    case 'kinesis-stream':
    case 'ecr-repository':
    case 'events-bus':
      return r.name;
    case 'sns-topic':
    case 'secretsmanager-secret':
      return r.arn;
    case 'kms-key':
      return r.arn.slice(r.arn.lastIndexOf('/') + 1);
    default:
      return undefined;
  }
}

class Evaluator {
  constructor(
    private readonly expr: AppExpression,
    private readonly lookup: AppLookup,
  ) {}

  private fail(message: string): never {
    throw new AppValueError(message);
  }

  private where(logicalId: string): string {
    const path = this.expr.paths[logicalId];
    const stack = this.expr.stack ? ` of stack ${this.expr.stack}` : '';
    return path ? `${path} (logical id ${logicalId}${stack})` : `logical id ${logicalId}${stack}`;
  }

  /** The one element of `logicalId`; throws when the model does not hold it. */
  element(logicalId: string): AppElement {
    const path = this.expr.paths[logicalId];
    const found = this.lookup.element(this.expr.stack, logicalId, path);
    if (found.length === 1) return found[0]!;
    if (found.length > 1) {
      this.fail(
        `${this.where(logicalId)} names ${found.length} elements of the model: ${found.map((f) => `${f.arn} (${formatSource(f.source)})`).join(', ')}`,
      );
    }
    const stack = this.expr.stack;
    if (stack && !this.lookup.hasStack(stack)) {
      const has = this.lookup.stacks();
      this.fail(
        `${this.where(logicalId)} is not in the model: the model does not hold stack ${stack}${has.length ? ` (it holds ${has.join(', ')})` : ''}; fromStack models one stack, model the whole app with fromApp (or give the ARN as a string)`,
      );
    }
    this.fail(
      `${this.where(logicalId)} is not in the model: iamspec models IAM users, groups, roles, managed policies and the resources that carry resource policies (buckets, queues, topics, keys, functions, tables...); give its ARN as a string`,
    );
  }

  private pseudo(name: string): string {
    const partition = this.lookup.partition;
    switch (name) {
      case 'AWS::Partition':
        return partition;
      case 'AWS::URLSuffix':
        return partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
      case 'AWS::StackName':
        if (this.expr.stack) return this.expr.stack;
        break;
      case 'AWS::AccountId': {
        const account = this.lookup.accountOf(this.expr.stack);
        if (account) return account;
        break;
      }
      case 'AWS::Region': {
        const account = this.lookup.accountOf(this.expr.stack);
        const region = account ? this.lookup.regionOf(account) : undefined;
        if (region) return region;
        break;
      }
    }
    return this.fail(
      `the token needs ${name}, which the model does not determine${this.expr.stack ? ` for stack ${this.expr.stack}` : ''}`,
    );
  }

  /** The value of an expression: an element for a whole Ref / GetAtt, else a string. */
  value(v: unknown): AppValue {
    if (typeof v === 'string') return { kind: 'text', text: v, label: v };
    if (isRecord(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && typeof v.Ref === 'string') {
        if (PSEUDO.has(v.Ref)) {
          const text = this.pseudo(v.Ref);
          return { kind: 'text', text, label: text };
        }
        const element = this.element(v.Ref);
        return { kind: 'element', element, label: elementLabel(element) };
      }
      const getAtt = v['Fn::GetAtt'];
      if (keys.length === 1 && getAtt !== undefined) {
        const [id] = Array.isArray(getAtt) ? getAtt : String(getAtt).split('.');
        if (typeof id === 'string') {
          const element = this.element(id);
          return { kind: 'element', element, label: elementLabel(element) };
        }
      }
      const join = v['Fn::Join'];
      if (keys.length === 1 && Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
        const parts = join[1].map((p) => this.part(p));
        return {
          kind: 'text',
          text: parts.map((p) => p.text).join(join[0]),
          label: parts.map((p) => p.label).join(join[0]),
        };
      }
    }
    return this.fail(
      `the token resolves to ${JSON.stringify(v)}, which is not a reference iamspec can evaluate`,
    );
  }

  /** A part of a join: its string (an element's ARN, or what Ref returns for it). */
  private part(p: unknown): { text: string; label: string } {
    const getAtt = isRecord(p) ? p['Fn::GetAtt'] : undefined;
    const attribute = Array.isArray(getAtt)
      ? getAtt[1]
      : typeof getAtt === 'string'
        ? getAtt.split('.')[1]
        : 'Ref';
    const v = this.value(p);
    if (v.kind === 'text') return v;
    if (attribute === 'Arn') return { text: v.element.arn, label: v.label };
    if (attribute === 'Ref') {
      const text = refValue(v.element);
      if (text !== undefined) return { text, label: text };
    }
    return this.fail(
      `the token builds a string from ${attribute === 'Ref' ? 'Ref' : `the ${String(attribute)} attribute`} of ${v.label}, which iamspec cannot tell; pass the construct itself or its ARN`,
    );
  }
}

/** Evaluates an app expression against the model (see the module comment). Throws AppValueError. */
export function evaluateAppExpression(expr: AppExpression, lookup: AppLookup): AppValue {
  return new Evaluator(expr, lookup).value(expr.value);
}
