// Content detection for Terraform inputs: a plan (`terraform show -json`) or a JSON
// configuration (`*.tf.json`, CDKTF's `cdk.tf.json`).

const CONFIG_KEYS = new Set([
  'resource',
  'data',
  'provider',
  'terraform',
  'variable',
  'locals',
  'module',
  'output',
  // blocks that move, import, forget or check objects ("JSON Configuration Syntax" allows every
  // top-level block type): a file may hold only them
  'moved',
  'import',
  'removed',
  'check',
]);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A plan JSON: `format_version` plus `planned_values` or `resource_changes`. */
export function isTerraformPlan(value: unknown): boolean {
  return (
    isRecord(value) && 'format_version' in value && ('planned_values' in value || 'resource_changes' in value)
  );
}

/** A JSON configuration: only Terraform top-level block keys (and CDKTF's "//" metadata). */
export function isTerraformJsonConfig(value: unknown): boolean {
  if (!isRecord(value) || isTerraformPlan(value)) return false;
  const keys = Object.keys(value).filter((k) => k !== '//' && k !== '$schema');
  if (!keys.length) return false;
  return keys.every((k) => CONFIG_KEYS.has(k)) && keys.some((k) => k !== 'terraform');
}
