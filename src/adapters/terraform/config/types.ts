// Parsed Terraform configuration: modules with their resources, data sources, variables,
// locals, outputs, providers and module calls, each holding unevaluated expressions with
// their file and line. Built from `.tf` (HCL) and `.tf.json` files alike.

import type { Finding } from '../../../model/finding.js';
import type { Body, Expr, Pos } from '../hcl/ast.js';
import type { TerraformWorkspace } from './workspace.js';

export interface Located {
  file: string;
  pos: Pos | undefined;
  /** JSON pointer of the element in a `.tf.json` file. */
  pointer?: string;
}

export interface ResourceConfig {
  mode: 'managed' | 'data';
  type: string;
  name: string;
  body: Body;
  count: Expr | undefined;
  forEach: Expr | undefined;
  at: Located;
  /** The `provider` meta-argument as written (`aws.west`), when set. */
  provider?: string;
}

export interface ModuleCallConfig {
  name: string;
  /** The `source` argument as written (local paths start with ./ or ../). */
  source: string | undefined;
  body: Body;
  count: Expr | undefined;
  forEach: Expr | undefined;
  at: Located;
  /** The called module when its source could be read (installed by `terraform init`, or local). */
  module: ModuleConfig | undefined;
  /** Why the module is not loaded (set when `module` is undefined after reading). */
  missing?: string;
  /** The call passes providers (`providers = { aws = aws.west }`): its default provider may be another. */
  passesProviders?: boolean;
  /**
   * The `providers` map as written, child configuration name → parent configuration name
   * (`{ aws: 'aws.west', 'aws.dst': 'aws' }`); unset when the call has none or it cannot be read.
   */
  providerMap?: Readonly<Record<string, string>>;
}

export interface NamedExpr {
  name: string;
  expr: Expr;
  at: Located;
}

export interface VariableConfig {
  name: string;
  default: Expr | undefined;
  /** `type` constraint as written (used to read `--var` values of complex types). */
  type: string | undefined;
  /** The `type` constraint expression, applied to the variable's value. */
  typeExpr?: Expr;
  /** `nullable = false`: a null value takes the default. */
  nullable?: boolean;
  at: Located;
}

export interface ProviderConfig {
  name: string;
  alias: string | undefined;
  body: Body;
  at: Located;
}

/**
 * A `removed` block (Terraform 1.7): the object at `from` leaves the state; with
 * `lifecycle { destroy = false }` it stays deployed, no longer described by the configuration.
 */
export interface RemovedConfig {
  /** The `from` address as written (`aws_iam_role.legacy`, `module.old`). */
  from: string;
  /** `destroy` of its lifecycle block: `false` keeps the object; unset: `true` (destroyed). */
  destroy: boolean | 'unknown';
  at: Located;
}

export interface ModuleConfig {
  /** Directory of the module (or the file's directory for a single file). */
  dir: string;
  files: string[];
  /** By `type.name` (managed) or `data.type.name`. */
  resources: Map<string, ResourceConfig>;
  moduleCalls: Map<string, ModuleCallConfig>;
  variables: Map<string, VariableConfig>;
  locals: Map<string, NamedExpr>;
  outputs: Map<string, NamedExpr>;
  providers: ProviderConfig[];
  /** `removed` blocks. */
  removed: RemovedConfig[];
}

export interface TerraformConfig {
  /** One root module per Terraform root (a cdktf.out directory holds one per stack). */
  roots: ModuleConfig[];
  /** Input variable values from tfvars files and `vars` (strings or parsed values), by name. */
  varValues: Map<string, unknown>;
  /** The workspace (`terraform.workspace`) of each root module (workspace.ts). */
  workspaces: Map<ModuleConfig, TerraformWorkspace>;
  /** Problems found while reading (modules that could not be loaded, ...). */
  findings: Finding[];
}

export function emptyModule(dir: string): ModuleConfig {
  return {
    dir,
    files: [],
    resources: new Map(),
    moduleCalls: new Map(),
    variables: new Map(),
    locals: new Map(),
    outputs: new Map(),
    providers: [],
    removed: [],
  };
}

export function resourceKey(mode: 'managed' | 'data', type: string, name: string): string {
  return mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
}
