/**
 * The real bridge (HTTP app, job manager, worker-thread training, disk store) with one difference: every job is
 * shrunk to a few seconds of training, so a plugin that sends its default settings — as a freshly installed one
 * does — still finishes quickly in tests. Prints the same "listening on" line as bridge/src/main.ts.
 *
 * `node --import tsx tests/lune/plugin/quick-bridge.ts --data-dir DIR`
 */
import { parseArgs } from "node:util";
import type { JobRequest } from "../../../bridge/src/protocol";
import { startBridge } from "../../../bridge/src/server";
import { createWorkerRunner } from "../../../bridge/src/worker-runner";

/** A tiny MLP on 3,000 images for one epoch; all 10,000 test images are still evaluated. */
export const QUICK_JOB: Partial<JobRequest> = {
	hidden: [32],
	epochs: 1,
	batchSize: 64,
	learningRate: 0.003,
	augment: false,
	trainSamples: 3000,
	seed: 11,
};

const { values } = parseArgs({ options: { "data-dir": { type: "string" } }, strict: true });
const dataDir = values["data-dir"];
if (dataDir === undefined) throw new Error("--data-dir is required");

const real = createWorkerRunner();
const bridge = await startBridge({
	port: 0,
	dataDir,
	runner: (config, hooks) => real({ ...config, model: "mlp", ...QUICK_JOB } as JobRequest, hooks),
});
console.log(`DigitLab bridge listening on ${bridge.url} (quick jobs for tests; backend ${bridge.jobs.backend})`);
for (const signal of ["SIGINT", "SIGTERM"] as const)
	process.on(signal, () => void bridge.close().then(() => process.exit(0)));
