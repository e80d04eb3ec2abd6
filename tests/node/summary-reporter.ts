import type { Reporter, TestModule } from "vitest/node";

/** Prints the house summary line (`Node: N passed, N failed`) after vitest's own report. */
export default class SummaryReporter implements Reporter {
	onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
		let passed = 0;
		let failed = 0;
		let skipped = 0;
		for (const module of testModules) {
			if (module.state() === "failed" && [...module.children.allTests()].length === 0) failed++;
			for (const test of module.children.allTests()) {
				const state = test.result().state;
				if (state === "passed") passed++;
				else if (state === "failed") failed++;
				else skipped++;
			}
		}
		console.log(`Node: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
	}
}
