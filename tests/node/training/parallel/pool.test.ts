import { describe, expect, it } from "vitest";
import type { TrainingConfigInput } from "../../../../training/src/config";
import { runTraining } from "../../../../training/src/run";

// Small enough for a shared 2-core machine, large enough to learn: every stage of the parallel trainer runs.
const QUICK: TrainingConfigInput = {
	hidden: [64],
	epochs: 2,
	trainSamples: 3000,
	testSamples: 1000,
	batchSize: 32,
	learningRate: 0.003,
	// Two epochs: a cosine schedule would spend most of its rate in the first, and 85% was set for this one.
	learningRateSchedule: "exponential",
	seed: 11,
	patience: 0,
	backend: "wasm",
	// The workload 85% was set for: digits only (pairs-run.test.ts covers pairs on two workers).
	pairs: 0,
};

describe("data-parallel training", () => {
	it("gives the same model for the same seed and worker count, with augmentation on; other counts learn as well", async () => {
		const a = await runTraining({ ...QUICK, workers: 2, augment: true });
		const b = await runTraining({ ...QUICK, workers: 2, augment: true });
		const one = await runTraining({ ...QUICK, workers: 1, augment: true });
		const three = await runTraining({ ...QUICK, workers: 3, augment: true });
		expect(b.artifact.manifest.payload.checksum).toBe(a.artifact.manifest.payload.checksum);
		expect(b.summary.history).toEqual(
			a.summary.history.map((h, i) => ({
				...h,
				seconds: b.summary.history[i]!.seconds,
				etaSeconds: b.summary.history[i]!.etaSeconds,
			})),
		);
		// Each worker draws its own augmentation stream, so another count is another (equally good) model.
		expect(one.artifact.manifest.payload.checksum).not.toBe(a.artifact.manifest.payload.checksum);
		for (const r of [a, one, three]) expect(r.summary.testAccuracy).toBeGreaterThanOrEqual(0.85);
		expect(a.summary.workers).toBe(2);
		expect(three.summary.workers).toBe(3);
	});

	it("gives the same model on 1, 2 and 3 workers without augmentation: each gradient sums the batch in order", async () => {
		const plain = { ...QUICK, augment: false };
		const [one, two, three] = [
			await runTraining({ ...plain, workers: 1 }),
			await runTraining({ ...plain, workers: 2 }),
			await runTraining({ ...plain, workers: 3 }),
		];
		expect(two.artifact.manifest.payload.checksum).toBe(one.artifact.manifest.payload.checksum);
		expect(three.artifact.manifest.payload.checksum).toBe(one.artifact.manifest.payload.checksum);
		expect(one.summary.testAccuracy).toBeGreaterThanOrEqual(0.85);
	});

	const long: TrainingConfigInput = { ...QUICK, epochs: 20, trainSamples: 20000, workers: 2 };
	const cases: [string, TrainingConfigInput][] = [
		["MLP", long],
		["CNN", { ...long, model: "cnn", filters: [16, 32], hidden: [128] }],
	];
	for (const [name, config] of cases) {
		it(`stops promptly when cancelled mid-epoch (${name})`, async () => {
			const controller = new AbortController();
			let abortedAt = 0;
			const run = runTraining(config, {
				signal: controller.signal,
				onEvent: (e) => {
					if (e.type === "batch" && abortedAt === 0) {
						abortedAt = performance.now();
						controller.abort();
					}
				},
			});
			await expect(run).rejects.toMatchObject({ name: "AbortError" });
			// A step takes milliseconds; the workers check the cancel flag at every barrier.
			expect(performance.now() - abortedAt).toBeLessThan(1000);
		});
	}

	it("trains the CNN on the kernels in two workers, reproducibly, as well as on TF.js replicas", async () => {
		const cnn: TrainingConfigInput = {
			model: "cnn",
			filters: [4, 8],
			hidden: [16],
			epochs: 1,
			trainSamples: 800,
			testSamples: 300,
			batchSize: 32,
			learningRate: 0.005,
			seed: 3,
			patience: 0,
			backend: "wasm",
			workers: 2,
			augment: false,
		};
		const events: string[] = [];
		const a = await runTraining(cnn, { onEvent: (e) => e.type === "started" && events.push(e.engine ?? "") });
		const b = await runTraining(cnn);
		const tfjs = await runTraining(
			cnn,
			{ onEvent: (e) => e.type === "started" && events.push(e.engine ?? "") },
			{ engine: "tfjs" },
		);
		expect(b.artifact.manifest.payload.checksum).toBe(a.artifact.manifest.payload.checksum);
		expect(events).toEqual([
			"2 worker threads, DigitLab wasm SIMD kernels",
			"2 worker threads, TF.js wasm in each",
		]);
		// Same start, same batches: the engines differ only in rounding, so after an epoch they agree closely.
		expect(Math.abs(a.summary.history[0]!.loss - tfjs.summary.history[0]!.loss)).toBeLessThan(0.02);
		for (const r of [a, tfjs]) expect(r.summary.testAccuracy).toBeGreaterThan(0.3);
	});
});

describe("the default worker count", () => {
	it("is every core, but no worker gets fewer than 8 samples of a batch", async () => {
		const { resolveWorkers } = await import("../../../../training/src/trainer");
		expect(resolveWorkers({ batchSize: 128 }, 2)).toBe(2);
		expect(resolveWorkers({ batchSize: 128 }, 64)).toBe(16);
		expect(resolveWorkers({ batchSize: 4 }, 8)).toBe(1);
		expect(resolveWorkers({ batchSize: 128, workers: 3 }, 64)).toBe(3);
	});
});
