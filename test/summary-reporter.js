'use strict';
/**
 * Prints one machine-readable line at the end of a jest run:
 *   tests: <N> passed, <M> failed
 * "failed" counts failed tests plus test files that could not run at all
 * (syntax/type errors, a throwing top-level), so a broken suite never reads as green.
 */
class SummaryReporter {
	onRunComplete(_contexts, results) {
		const passed = results.numPassedTests;
		const failed = results.numFailedTests + (results.numRuntimeErrorTestSuites || 0);
		process.stdout.write(`tests: ${passed} passed, ${failed} failed\n`);
	}
}
module.exports = SummaryReporter;
