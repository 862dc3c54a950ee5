// Escaping for the HTML access review: every piece of text that reaches the page (names, ARNs,
// conditions, sources all come from templates and plans) goes through escapeHtml, and the
// embedded JSON data through jsonForScript, so that no input can inject markup or script.

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML text node or a double- or single-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * JSON for the content of a `<script type="application/json">` element: `<`, `>` and `&` are
 * written as \u escapes (so neither `</script>` nor `<!--` can appear), and U+2028 / U+2029 too.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
