// The workspace `terraform.workspace` names, decided as Terraform decides it (Terraform's
// `Meta.WorkspaceOverridden`): a non-empty `TF_WORKSPACE` environment variable, else the name
// `terraform workspace select` recorded in the data directory's `environment` file
// (`.terraform/environment`, or under `TF_DATA_DIR`), else "default". Terraform takes "default"
// also when the data directory does not exist, but iamspec may read a checkout that CI will
// `terraform init` and `terraform workspace select` before planning: without a data directory
// (and without TF_WORKSPACE) the workspace is unknown, with a reason saying how to pin it. A
// name that spells a stand-in is read as a distinct literal, as every input text is (stand-ins.ts).
// A TF_WORKSPACE Terraform rejects ("Invalid workspace name set using TF_WORKSPACE": a name URL
// path escaping would change) is an input error, as it is for Terraform.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { distinctFromStandIns } from '../../../model/stand-ins.js';
import { InputError } from '../errors.js';
import { terraformDataDir } from './modules-manifest.js';

/** The workspace of a root module: its name, or why it is unknown. */
export type TerraformWorkspace = { name: string } | { unknown: string };

/** The file of the data directory that records the selected workspace. */
const ENVIRONMENT_FILE = 'environment';

const DEFAULT_WORKSPACE = 'default';

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Terraform's `validWorkspaceName` (command/workspace_command.go): "Since most named states are
 * accessed via a filesystem path or URL, check if escaping the name would be required", `name ==
 * url.PathEscape(name)`: Go's path-segment escaping leaves only ASCII letters, digits and
 * `-_.~$&+:=@` unescaped.
 */
export function validWorkspaceName(name: string): boolean {
  return /^[A-Za-z0-9\-_.~$&+:=@]*$/.test(name);
}

/**
 * The workspace a Terraform run in `rootDir` uses, given the environment variables of the run
 * (`TF_WORKSPACE`, `TF_DATA_DIR`).
 */
export function currentWorkspace(
  rootDir: string,
  env: Record<string, string | undefined>,
): TerraformWorkspace {
  const fromEnv = env.TF_WORKSPACE;
  if (fromEnv && !validWorkspaceName(fromEnv))
    throw new InputError(
      `Invalid workspace name set using TF_WORKSPACE: ${JSON.stringify(fromEnv)} (Terraform accepts only a name URL path escaping leaves unchanged: ASCII letters, digits and - _ . ~ $ & + : = @)`,
      rootDir,
    );
  if (fromEnv) return { name: distinctFromStandIns(fromEnv, 'TF_WORKSPACE') };
  const dataDir = terraformDataDir(rootDir, env.TF_DATA_DIR);
  const file = join(dataDir, ENVIRONMENT_FILE);
  if (existsSync(file)) {
    let recorded: string;
    try {
      recorded = readFileSync(file, 'utf8').trim();
    } catch (e) {
      return {
        unknown: `the workspace (terraform.workspace) is unknown: ${file} cannot be read (${(e as Error).message}); set TF_WORKSPACE to pin it`,
      };
    }
    // an empty file: the default workspace, as Terraform reads it
    return { name: recorded ? distinctFromStandIns(recorded, file) : DEFAULT_WORKSPACE };
  }
  if (isDir(dataDir)) return { name: DEFAULT_WORKSPACE };
  return {
    unknown: `the workspace (terraform.workspace) is unknown: neither TF_WORKSPACE is set nor has \`terraform init\` made a data directory (${dataDir}) recording one; set TF_WORKSPACE=NAME, or run \`terraform init\` and \`terraform workspace select NAME\` in ${rootDir} before iamspec`,
  };
}
