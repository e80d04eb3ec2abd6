import { describe, expect, it } from "vitest";
import { TrainingConfigSchema, type TrainingConfigInput } from "../../../training/src/config";
import { TrainingEventSchema, type TrainingEvent } from "../../../training/src/events";
import { runTraining } from "../../../training/src/run";

const QUICK: TrainingConfigInput = {
	model: "mlp",
	hidden: [64],
	epochs: 4,
	trainSamples: 3000,
	testSamples: 2000,
	batchSize: 32,
	learningRate: 0.003,
	seed: 11,
	patience: 0,
	backend: "wasm",
};

describe("config", () => {
	it("parses {} to the default job and enforces caps", () => {
		const c = TrainingConfigSchema.parse({});
		expect(c).toMatchObject({ model: "mlp", hidden: [256], quantization: "int8", backend: "auto" });
		expect(() => TrainingConfigSchema.parse({ hidden: [1, 2, 3, 4, 5] })).toThrow();
		expect(() => TrainingConfigSchema.parse({ epochs: 0 })).toThrow();
		expect(() => TrainingConfigSchema.parse({ trainSamples: 70000 })).toThrow();
	});
});

describe("runTraining", () => {
	it("is reproducible for a seed, reaches 85% (first 2,000 test images) from 3,000 samples, and emits valid events", async () => {
		const events: TrainingEvent[] = [];
		const a = await runTraining(QUICK, { onEvent: (e) => events.push(e) });
		const b = await runTraining(QUICK);
		expect(a.summary.testAccuracy).toBeGreaterThanOrEqual(0.85);
		expect(b.summary.testAccuracy).toBe(a.summary.testAccuracy);
		expect(b.summary.history.map((h) => [h.loss, h.valLoss, h.valAccuracy])).toEqual(
			a.summary.history.map((h) => [h.loss, h.valLoss, h.valAccuracy]),
		);
		expect(b.artifact.manifest.payload.checksum).toBe(a.artifact.manifest.payload.checksum);
		for (const e of events) TrainingEventSchema.parse(e);
		expect(events[0]).toMatchObject({
			type: "started",
			backend: "wasm",
			trainSize: 2700,
			valSize: 300,
			testSize: 2000,
		});
		expect(events.filter((e) => e.type === "epoch")).toHaveLength(4);
		expect(events.at(-2)?.type).toBe("evaluated");
		expect(events.at(-1)).toMatchObject({ type: "exported", modules: a.artifact.modules.length });
		const evaluated = events.find((e) => e.type === "evaluated")!;
		if (evaluated.type === "evaluated") expect(evaluated.confusion.flat().reduce((x, y) => x + y, 0)).toBe(2000);
	});

	it("stops early and restores the best validation epoch", async () => {
		// A huge learning rate makes validation loss get worse quickly.
		const r = await runTraining({
			...QUICK,
			epochs: 8,
			patience: 1,
			learningRate: 0.05,
			learningRateSchedule: "exponential",
			learningRateDecay: 1,
			trainSamples: 1000,
		});
		const h = r.summary.history;
		const best = h.reduce((m, e) => (e.valLoss < m.valLoss ? e : m));
		expect(r.summary.bestEpoch).toBe(best.epoch);
		expect(r.summary.valLoss).toBe(best.valLoss);
		if (r.summary.stoppedEarly) expect(h.length).toBeLessThan(8);
	});

	it("cancels with an AbortError", async () => {
		const controller = new AbortController();
		const run = runTraining(
			{ ...QUICK, epochs: 20 },
			{ signal: controller.signal, onEvent: (e) => e.type === "batch" && controller.abort() },
		);
		await expect(run).rejects.toMatchObject({ name: "AbortError" });
	});
});
