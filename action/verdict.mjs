// Fails the Action's job or not, by the check's result and the `fail-on` input:
//   indeterminate (default)  fail when an expectation fails or depends on a value unknown until deploy
//   failed                   fail only when an expectation fails (indeterminate results are reported)
//   never                    report only
// A result of input-error (an error about the inputs, or a warning under --strict, could change a
// verdict: iamspec exited 2 after writing the reports) fails the job whatever `fail-on` says.

import { error, input, warning } from './runner.mjs';

function shouldFail(result, failOn) {
  if (failOn === 'never') return false;
  if (failOn === 'failed') return result === 'failed';
  return result === 'failed' || result === 'indeterminate';
}

const result = input('result');
const failOn = (input('fail-on') || 'indeterminate').toLowerCase();
if (!['indeterminate', 'failed', 'never'].includes(failOn)) {
  error(`fail-on must be indeterminate, failed or never (got "${failOn}")`);
  process.exitCode = 2;
} else if (result === 'input-error') {
  error('the inputs have an error that could change a verdict: see the check step and the report');
  process.exitCode = 1;
} else if (!['passed', 'failed', 'indeterminate'].includes(result)) {
  error(`no check result (got "${result}")`);
  process.exitCode = 2;
} else if (shouldFail(result, failOn)) {
  error(
    result === 'failed'
      ? 'an expectation of the access spec does not hold: see the report (step summary, code scanning, pull-request comment)'
      : 'an expectation depends on a value unknown until deploy (indeterminate): see the report',
  );
  process.exitCode = 1;
} else if (result !== 'passed') {
  warning(`the check is ${result}; fail-on: ${failOn} lets the job pass`);
}
