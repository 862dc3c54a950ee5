// Terraform expression evaluation for the partly known value tests: an expression evaluated with
// the variables given (`var.x` and `var.m` unknown; strings holding unknown name parts: an EKS
// issuer URL, a name, a secret name), and a value shown with its unknown parts written `?reason`.

import { evaluate } from '../../src/adapters/terraform/eval/evaluator.js';
import {
  PartlyKnownList,
  PartlyKnownMap,
  UnknownLength,
} from '../../src/adapters/terraform/eval/partial-list.js';
import { parseHclExpression } from '../../src/adapters/terraform/hcl/parser.js';
import { eksIssuerUrl } from '../../src/aws/eks-clusters.js';
import { unknownCharsPart, unknownNamePart } from '../../src/model/stand-ins.js';
import { isUnknown, Unknown } from '../../src/model/unknown.js';

/** `text` evaluated in a root module with the variables `vars` (`var.NAME`, or `NAME` alone). */
export const evalWithVars = (text: string, vars: [string, unknown][]): unknown =>
  evaluate(parseHclExpression(text), {
    vars: new Map<string, unknown>(vars),
    resolver: { moduleDir: '.', workDir: '.', resolve: () => undefined },
    file: 'test.tf',
    address: undefined,
  });

/** `text` evaluated with `x` and `m` unknown (`var.x has no value`, `var.m has no value`) and `more`. */
export const evalWithUnknowns = (text: string, more: [string, unknown][] = []): unknown =>
  evalWithVars(text, [
    ['x', new Unknown('var.x has no value')],
    ['m', new Unknown('var.m has no value')],
    ...more,
  ]);

/** The OIDC issuer URL of the cluster aws_eks_cluster.prod (us-west-2), and its unknown ID. */
export const ISSUER = eksIssuerUrl('aws', 'us-west-2', 'aws_eks_cluster.prod');
export const ISSUER_ID = ISSUER.slice(ISSUER.lastIndexOf('/') + 1);
/** The unknown name of aws_s3_bucket.b, and the six characters AWS adds to a secret's name. */
export const NAME = unknownNamePart('aws_s3_bucket.b');
export const CHARS = unknownCharsPart('aws_secretsmanager_secret.s', 6);
/** The variables of the partly known text tests: the issuer, a name around NAME, a secret's. */
export const PARTLY_KNOWN_VARS: [string, unknown][] = [
  ['issuer', ISSUER],
  ['name', `logs-${NAME}-eu`],
  ['secret', `db-${CHARS}`],
];

/** A value with every unknown written `?reason`, partly known ones as their known part and `...?reason`. */
export const showPartlyKnown = (v: unknown): unknown => {
  if (v instanceof PartlyKnownMap)
    return {
      ...Object.fromEntries(Object.entries(v.entries).map(([k, x]) => [k, showPartlyKnown(x)])),
      '...': `?${v.reason}`,
    };
  if (v instanceof PartlyKnownList) return [...v.elements.map(showPartlyKnown), `...?${v.reason}`];
  if (v instanceof UnknownLength) return `>=${v.min}?${v.reason}`;
  if (isUnknown(v)) return `?${v.reason}`;
  if (Array.isArray(v)) return v.map(showPartlyKnown);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, showPartlyKnown(x)]));
  return v;
};

/** How `showPartlyKnown` writes var.m and var.x. */
export const M = '?var.m has no value';
export const X = '?var.x has no value';
