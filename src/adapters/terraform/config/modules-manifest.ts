// The module manifest `terraform init` writes: `.terraform/modules/modules.json` (or under
// `TF_DATA_DIR`) maps every module call, by its key (`vpc`, `iam.roles`: the call names from
// the root, joined with dots), to the directory its source was installed in (`Dir`, relative to
// the root module's directory). Registry and git modules are read from there, as Terraform does
// after `terraform init` (Terraform CLI, "terraform init": "Child Module Installation").

import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, normalize, resolve } from 'node:path';

export interface ModuleManifest {
  /** The manifest file. */
  file: string;
  /** The installed directory of a module call key (absolute), or undefined when not listed. */
  dirOf(key: string): string | undefined;
}

interface Entry {
  Key?: unknown;
  Source?: unknown;
  Dir?: unknown;
}

/**
 * The data directory of a Terraform working directory: `TF_DATA_DIR` (relative to the working
 * directory) when set, else `.terraform` in it.
 */
export function terraformDataDir(rootDir: string, tfDataDir: string | undefined): string {
  return tfDataDir ? resolve(rootDir, tfDataDir) : join(rootDir, '.terraform');
}

/**
 * Reads the manifest of a root module directory; undefined when there is none (not initialised)
 * or it cannot be read (then the modules it would list are reported as not loaded).
 */
export function readModuleManifest(rootDir: string, dataDir: string | undefined): ModuleManifest | undefined {
  const base = terraformDataDir(rootDir, dataDir);
  const file = join(base, 'modules', 'modules.json');
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
  const modules = (parsed as { Modules?: unknown })?.Modules;
  if (!Array.isArray(modules)) return undefined;
  const dirs = new Map<string, string>();
  for (const m of modules as Entry[]) {
    if (typeof m?.Key !== 'string' || typeof m.Dir !== 'string' || m.Key === '') continue;
    dirs.set(m.Key, underDir(rootDir, m.Dir));
  }
  return { file, dirOf: (key) => dirs.get(key) };
}

/**
 * `path` (relative to `base`, or absolute) in the form of `base`: relative to the working
 * directory when `base` is (as the user gave the root module), so that the sources of a child
 * module's elements, and every report, name files as the user's own paths are; absolute otherwise.
 */
export function underDir(base: string, path: string): string {
  if (isAbsolute(base) || isAbsolute(path)) return resolve(base, path);
  return normalize(join(base, path));
}
