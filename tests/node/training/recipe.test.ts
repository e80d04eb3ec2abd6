import { describe, expect, it } from "vitest";
import { TrainingConfigSchema, type TrainingConfigInput } from "../../../training/src/config";
import { softmaxCrossEntropyRows } from "../../../training/src/parallel/replica";
import { runTraining } from "../../../training/src/run";
import { epochLearningRate } from "../../../training/src/trainer";

/** The smoothed cross-entropy of one row, in float64: the function whose gradient the kernels must follow. */
function smoothedLoss(logits: number[], label: number, smoothing: number): number {
	const max = Math.max(...logits);
	const logSum = Math.log(logits.reduce((s, z) => s + Math.exp(z - max), 0)) + max;
	return logits.reduce((s, z, c) => {
		const target = (c === label ? 1 - smoothing : 0) + smoothing / logits.length;
		return s - target * (z - logSum);
	}, 0);
}

describe("label smoothing", () => {
	const rows = [
		{ logits: [2.5, -1, 0.3, 4, -2], label: 3 },
		{ logits: [0.1, 0.2, -0.3, 1.5, 0], label: 1 },
	];
	const classes = 5;
	const batchTotal = 4;

	for (const smoothing of [0, 0.1, 0.3]) {
		it(`gives the gradient of the smoothed cross-entropy (ε = ${smoothing}) and reports the plain one`, () => {
			const logits = Float32Array.from(rows.flatMap((r) => r.logits));
			const labels = Int32Array.from(rows.map((r) => r.label));
			const { lossSum, correct } = softmaxCrossEntropyRows(
				logits,
				labels,
				rows.length,
				classes,
				batchTotal,
				smoothing,
			);
			const plain = rows.reduce((s, r) => s + smoothedLoss(r.logits, r.label, 0), 0);
			expect(lossSum).toBeCloseTo(plain, 5);
			expect(correct).toBe(1);
			rows.forEach((r, s) => {
				for (let c = 0; c < classes; c++) {
					const h = 1e-4;
					const up = r.logits.map((z, i) => (i === c ? z + h : z));
					const down = r.logits.map((z, i) => (i === c ? z - h : z));
					const numeric =
						(smoothedLoss(up, r.label, smoothing) - smoothedLoss(down, r.label, smoothing)) / (2 * h);
					expect(logits[s * classes + c]!).toBeCloseTo(numeric / batchTotal, 5);
				}
			});
		});
	}

	it("reaches the training workers: the same seed with and without it gives different models", async () => {
		const quick: TrainingConfigInput = {
			hidden: [32],
			epochs: 1,
			trainSamples: 1000,
			testSamples: 200,
			batchSize: 32,
			seed: 5,
			patience: 0,
			backend: "wasm",
			workers: 1,
			augment: false,
		};
		const plain = await runTraining(quick);
		const again = await runTraining({ ...quick, labelSmoothing: 0 });
		const smoothed = await runTraining({ ...quick, labelSmoothing: 0.2 });
		expect(again.artifact.manifest.payload.checksum).toBe(plain.artifact.manifest.payload.checksum);
		expect(smoothed.artifact.manifest.payload.checksum).not.toBe(plain.artifact.manifest.payload.checksum);
	});
});

describe("learning-rate schedules", () => {
	const base = TrainingConfigSchema.parse({ learningRate: 0.002, epochs: 20 });

	it("exponential: × learningRateDecay after every epoch", () => {
		const c = { ...base, learningRateSchedule: "exponential" as const, learningRateDecay: 0.9 };
		expect(epochLearningRate(c, 1)).toBeCloseTo(0.002, 12);
		expect(epochLearningRate(c, 3)).toBeCloseTo(0.002 * 0.81, 12);
	});

	it("cosine: from nearly the full rate down to nearly 0 at the last planned epoch, half-way at the middle", () => {
		const c = { ...base, learningRateSchedule: "cosine" as const };
		const rates = Array.from({ length: 20 }, (_, i) => epochLearningRate(c, i + 1));
		expect(rates[0]).toBeGreaterThan(0.002 * 0.99);
		expect(rates[19]).toBeLessThan(0.002 * 0.01);
		expect(rates[19]).toBeGreaterThan(0);
		for (let i = 1; i < 20; i++) expect(rates[i]).toBeLessThan(rates[i - 1]!);
		// Epochs 10 and 11 straddle the middle of the schedule.
		expect((rates[9]! + rates[10]!) / 2).toBeCloseTo(0.001, 6);
	});
});
