import { defineConfig } from "vitest/config";
import SummaryReporter from "./tests/node/summary-reporter";

/** `npm run test:package`: the npm package and the single executable, built and run away from the repository. */
export default defineConfig({
	test: {
		include: ["tests/node/cli/**/*.e2e.ts"],
		pool: "forks",
		// One file, in order: the executable's trace test reuses the copy the test before it made.
		fileParallelism: false,
		testTimeout: 900_000,
		hookTimeout: 120_000,
		reporters: ["default", new SummaryReporter()],
	},
});
