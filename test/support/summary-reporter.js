/**
 * Ends the run with one plain line, `N passed, N failed, N skipped`, that any CI can read
 * whatever test runner it knows.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    console.log(`\n${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped`);
  }
}

module.exports = SummaryReporter;
