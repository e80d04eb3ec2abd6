/** A job with pairs trains and exports a model with the pair output; without them, the ten-output model as before. */
import * as tf from "@tensorflow/tfjs";
import { afterAll, describe, expect, it } from "vitest";
import { createAugmenter, prepareAugment } from "../../../training/src/augment";
import { TrainingConfigSchema, type TrainingConfigInput } from "../../../training/src/config";
import { loadMnist } from "../../../training/src/data/mnist";
import { argmaxRows, modelOutputs, predictProbabilities } from "../../../training/src/evaluate";
import { modelFromArtifact } from "../../../training/src/export/reader";
import { AREA } from "../../../training/src/ink/render";
import { PAIR_OUTPUT } from "../../../training/src/outputs";
import { createRandom } from "../../../training/src/rng";
import { runTraining } from "../../../training/src/run";

const QUICK: TrainingConfigInput = {
	model: "mlp",
	hidden: [32],
	epochs: 3,
	trainSamples: 3000,
	testSamples: 1000,
	batchSize: 32,
	seed: 4,
	backend: "wasm",
	workers: 1,
};

const models: tf.LayersModel[] = [];
afterAll(() => models.forEach((m) => m.dispose()));

const source = (artifact: { modules: { name: string; source: string }[] }, name: string) =>
	artifact.modules.find((m) => m.name === name)!.source;

describe("a job with pairs", () => {
	it("defaults to 0.08 and refuses shares outside 0..0.5 with the bound in the message", () => {
		expect(TrainingConfigSchema.parse({}).pairs).toBe(0.08);
		const bad = TrainingConfigSchema.safeParse({ pairs: 0.9 });
		expect(bad.success).toBe(false);
		expect(bad.error?.issues[0]).toMatchObject({
			path: ["pairs"],
			message: expect.stringContaining("at most 0.5"),
		});
		expect(TrainingConfigSchema.safeParse({ pairs: -0.1 }).success).toBe(false);
	});

	it('exports 11 outputs, labels 0..9 and "pair", pairOutput 10, and a model that reads drawn pairs as pairs', async () => {
		const { artifact, summary } = await runTraining({ ...QUICK, pairs: 0.5 });
		const { manifest } = artifact;
		expect(manifest.labels).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "pair"]);
		expect(manifest.pairOutput).toBe(10);
		expect(source(artifact, "Manifest")).toContain("pairOutput = 10,");
		expect(source(artifact, "Golden")).toContain("outputSize = 11,");
		const model = modelFromArtifact(artifact);
		models.push(model);
		expect(modelOutputs(model)).toBe(11);
		// Evaluation reads digits: a 10×10 confusion matrix, and the pair readings counted apart.
		expect(summary.confusion).toHaveLength(10);
		expect(summary.confusion.flat().reduce((a, b) => a + b, 0)).toBe(1000);
		// A tiny job (3,000 digits, half of its samples pairs) reads 77.5% of the first 1,000 test digits and takes 92
		// of them for pairs; the same job without pairs 81.3%.
		expect(summary.testAccuracy).toBeGreaterThan(0.7);
		expect(summary.testPairReadings).toBeLessThan(200);
		// The training threads drew and labelled pairs: the model tells two digits drawn as one from one digit.
		const { train } = await loadMnist(undefined, 300, 100);
		const out = new Float32Array(100 * AREA);
		const labels = new Int32Array(100);
		const indices = Uint32Array.from({ length: 100 }, (_, k) => k + 200);
		createAugmenter(train, prepareAugment(train), { pairFraction: 1 })(indices, 100, out, createRandom(1), labels);
		const read = argmaxRows(
			predictProbabilities(model, { ...train, count: 100, images: out, labels: new Uint8Array(100) }),
			11,
		);
		// It reads 91 of these 100 as pairs.
		expect(read.filter((c) => c === PAIR_OUTPUT).length).toBeGreaterThan(60);
	});

	it("gives the same model for the same seed on two workers, each drawing its own pairs", async () => {
		const job = { ...QUICK, epochs: 1, workers: 2, pairs: 0.3 };
		const [a, b] = [await runTraining(job), await runTraining(job)];
		expect(b.artifact.manifest.payload.checksum).toBe(a.artifact.manifest.payload.checksum);
		expect(a.summary.workers).toBe(2);
		const plain = await runTraining({ ...job, pairs: 0 });
		expect(plain.artifact.manifest.labels).toHaveLength(10);
	});

	it("with pairs 0 exports the ten-output model, with no pairOutput", async () => {
		const { artifact, summary } = await runTraining({ ...QUICK, pairs: 0 });
		expect(artifact.manifest.labels).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
		expect("pairOutput" in artifact.manifest).toBe(false);
		expect(source(artifact, "Manifest")).not.toContain("pairOutput");
		expect(source(artifact, "Golden")).toContain("outputSize = 10,");
		expect(summary.testPairReadings).toBe(0);
	});

	it("without augmentation trains without pairs (10 outputs) and says so", async () => {
		const lines: string[] = [];
		const { artifact, summary } = await runTraining(
			{ ...QUICK, epochs: 1, augment: false, pairs: 0.2 },
			{ log: (line) => lines.push(line) },
		);
		expect(artifact.manifest.labels).toHaveLength(10);
		expect(artifact.manifest.pairOutput).toBeUndefined();
		expect(summary.config.pairs).toBe(0);
		expect(lines.join("\n")).toMatch(/pairs 0\.2 not used: .*augmentation is off/);
	});
});
