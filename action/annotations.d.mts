// Types of annotations.mjs (plain Node.js, for the Action's runner) for the tests that import it.

/** The annotation lines of a SARIF log (parsed), in its results' order. */
export function annotationsOf(sarif: unknown): string[];
