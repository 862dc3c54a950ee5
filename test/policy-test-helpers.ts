// Helpers for the policy grammar tests: parse policy text with positions, and find where a
// marker sits in the text independently of the code under test.

import { expect } from 'vitest';
import type { Finding } from '../src/model/finding.js';
import { parseLocatedJson } from '../src/policy/located-json.js';
import { parsePolicy } from '../src/policy/index.js';
import { parseAndValidatePolicy } from '../src/validation/index.js';
import type { PolicyDocument, PolicyKind } from '../src/policy/types.js';

export const FILE = 'policy.json';

/** Parses policy text (structural checks only) with line:column positions. */
export function parseText(text: string, kind: PolicyKind = 'identity'): PolicyDocument {
  const { value, locate } = parseLocatedJson(text, FILE);
  return parsePolicy(value, { kind, source: { file: FILE, pointer: '' }, locate });
}

/** Parses and validates policy text with line:column positions. */
export function checkText(text: string, kind: PolicyKind = 'identity'): PolicyDocument {
  const { value, locate } = parseLocatedJson(text, FILE);
  return parseAndValidatePolicy(value, { kind, source: { file: FILE, pointer: '' }, locate });
}

/** Parses a JS value (no positions). */
export function parseValue(value: unknown, kind: PolicyKind = 'identity'): PolicyDocument {
  return parsePolicy(value, { kind, source: { file: FILE, pointer: '/doc' } });
}

/** 1-based line:column of the n-th (0-based) occurrence of `marker` in `text`, counted here by hand. */
export function positionOf(text: string, marker: string, occurrence = 0): { line: number; column: number } {
  let at = -1;
  for (let k = 0; k <= occurrence; k++) {
    at = text.indexOf(marker, at + 1);
    if (at < 0) throw new Error(`marker ${marker} not found`);
  }
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}

export function findingsWith(doc: PolicyDocument, code: string): Finding[] {
  return doc.findings.filter((f) => f.code === code);
}

/**
 * Asserts exactly one finding with `code`, its severity, pointer, and (when `marker` is given)
 * its line:column at that marker of `text`.
 */
export function expectFinding(
  doc: PolicyDocument,
  code: string,
  expected: {
    severity: Finding['severity'];
    pointer: string;
    text?: string;
    marker?: string;
    occurrence?: number;
  },
): Finding {
  const found = findingsWith(doc, code);
  expect(found, `findings with ${code}: ${JSON.stringify(doc.findings, null, 1)}`).toHaveLength(1);
  const f = found[0]!;
  expect(f.severity).toBe(expected.severity);
  expect(f.source?.pointer).toBe(expected.pointer);
  expect(f.source?.file).toBe(FILE);
  if (expected.text !== undefined && expected.marker !== undefined) {
    const at = positionOf(expected.text, expected.marker, expected.occurrence);
    expect({ line: f.source?.line, column: f.source?.column }).toEqual(at);
  }
  return f;
}

export function codes(doc: PolicyDocument): string[] {
  return doc.findings.map((f) => f.code);
}
