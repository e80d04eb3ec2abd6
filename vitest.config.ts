import { defineConfig } from "vitest/config";
import SummaryReporter from "./tests/node/summary-reporter";

export default defineConfig({
	test: {
		include: ["tests/node/**/*.test.ts"],
		// TensorFlow.js keeps global backend state: separate processes keep test files from sharing it.
		pool: "forks",
		testTimeout: 180_000,
		hookTimeout: 180_000,
		reporters: ["default", new SummaryReporter()],
	},
});
