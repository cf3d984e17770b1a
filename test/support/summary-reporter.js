/**
 * Ends the run with one plain line, `N passed, N failed, N skipped`, that any CI can read
 * whatever test runner it knows.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    // stderr, like jest's own summary, so that this line comes last.
    process.stderr.write(`\n${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped\n`);
  }
}

module.exports = SummaryReporter;
