/**
 * Ends the run with one plain line, `N passed, N failed, N skipped`, that any CI can read
 * whatever test runner it knows. Written at exit, so that it is the very last line.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const line = `${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped\n`;
    process.once('exit', () => process.stderr.write(`\n${line}`));
  }
}

module.exports = SummaryReporter;
