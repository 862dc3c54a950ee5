// The check's SARIF results as GitHub workflow-command annotations
// (`::error file=infra/main.tf,line=142,col=7,title=iamspec: cannot::...`), so a failing
// expectation shows on the `.tf` / template line of the statement to fix in every repository:
// code-scanning annotations (the SARIF upload) need GitHub Advanced Security on a private
// repository. The place is the SARIF result's primary location, which the report already puts on
// the statement to fix (relative to the repository root, as annotations are); results without a
// file location (a spec-level note) are not annotated here (the step summary and the comment
// show them). SARIF `error` (a failed expectation; an input error) becomes `::error`, `warning`
// (an indeterminate expectation; an input warning that could change a verdict) `::warning`;
// notes are left to the reports.

const COMMANDS = { error: 'error', warning: 'warning' };

/** A workflow command's message: `%`, CR and LF escaped (GitHub's toolkit escapeData). */
function escapeData(text) {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: also `:` and `,` (the toolkit's escapeProperty). */
function escapeProperty(text) {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function decodeUri(uri) {
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

/** The annotation lines of a SARIF log (parsed), in its results' order. */
export function annotationsOf(sarif) {
  const out = [];
  for (const run of sarif?.runs ?? []) {
    for (const result of run.results ?? []) {
      const command = COMMANDS[result.level ?? 'warning'];
      const place = result.locations?.[0]?.physicalLocation;
      const uri = place?.artifactLocation?.uri;
      if (!command || !uri) continue;
      const props = [`file=${escapeProperty(decodeUri(uri))}`];
      const region = place.region ?? {};
      if (region.startLine) props.push(`line=${region.startLine}`);
      if (region.startLine && region.startColumn) props.push(`col=${region.startColumn}`);
      props.push(`title=${escapeProperty(`iamspec: ${result.ruleId ?? 'result'}`)}`);
      out.push(`::${command} ${props.join(',')}::${escapeData(result.message?.text ?? '')}`);
    }
  }
  return out;
}
