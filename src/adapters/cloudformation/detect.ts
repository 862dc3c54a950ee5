// Content detection: is a parsed value a CloudFormation template, is a directory a cloud
// assembly (cdk.out). Used by the CLI to pick an adapter for each input.

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readInputText } from '../../model/read-input.js';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * True for a value with `AWSTemplateFormatVersion`, or a `Resources` object whose entries have a
 * `Type` of `AWS::...`, `Custom::...` or another `Vendor::Service::Resource` triple.
 */
export function isCloudFormationTemplate(value: unknown): boolean {
  if (!isRecord(value)) return false;
  if (typeof value.AWSTemplateFormatVersion === 'string' || value.AWSTemplateFormatVersion instanceof Date)
    return true;
  const resources = value.Resources;
  if (!isRecord(resources)) return false;
  const entries = Object.values(resources);
  // AWS::LanguageExtensions loops generate resources (`Fn::ForEach::Name` keys).
  if (Object.keys(resources).some((k) => k.startsWith('Fn::ForEach::'))) return true;
  if (entries.length === 0) return 'Outputs' in value || 'Parameters' in value || 'Conditions' in value;
  return entries.some(
    (r) =>
      isRecord(r) &&
      typeof r.Type === 'string' &&
      (r.Type.startsWith('AWS::') ||
        r.Type.startsWith('Custom::') ||
        /^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$/.test(r.Type)),
  );
}

/** True for a directory holding a `manifest.json` with an `artifacts` object (a cloud assembly). */
export function isCloudAssemblyDir(dir: string): boolean {
  try {
    if (!statSync(dir).isDirectory()) return false;
    const manifest = join(dir, 'manifest.json');
    if (!existsSync(manifest)) return false;
    const value: unknown = JSON.parse(readInputText(manifest));
    return isRecord(value) && isRecord(value.artifacts);
  } catch {
    return false;
  }
}
