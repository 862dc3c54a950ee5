// The located syntax error the HCL parser throws for a text, for tests of what it rejects.

import { HclSyntaxError, parseHcl } from '../../src/adapters/terraform/hcl/parser.js';

/** The HclSyntaxError `parseHcl(text)` throws; fails the test when it parses. */
export function hclSyntaxError(text: string): HclSyntaxError {
  try {
    parseHcl(text);
  } catch (e) {
    if (e instanceof HclSyntaxError) return e;
    throw e;
  }
  throw new Error(`parsed without an error: ${text}`);
}
