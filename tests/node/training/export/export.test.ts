import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../../training/src/backend";
import { createModel } from "../../../../training/src/model";
import { exportModel } from "../../../../training/src/export/exporter";
import { decodeArtifact, modelFromArtifact } from "../../../../training/src/export/reader";
import { fl64, fromBase64 } from "../../../../training/src/export/payload";

beforeAll(async () => {
	await selectBackend("wasm");
});

/** Independent fl64: straight from docs/weights-format.md with BigInt arithmetic. */
function fl64Reference(bytes: Uint8Array): string {
	const padded = new Uint8Array(Math.ceil(bytes.length / 4) * 4);
	padded.set(bytes);
	const view = new DataView(padded.buffer);
	const M = 4294967291n;
	let a = 1n;
	let b = 0n;
	for (let o = 0; o < padded.length; o += 4) {
		a = (a + BigInt(view.getUint32(o, true))) % M;
		b = (b + a) % M;
	}
	return `fl64:${b.toString(16).padStart(8, "0")}${a.toString(16).padStart(8, "0")}`;
}

function randomInputs(count: number, seed: number): Float32Array {
	return tf.tidy(() => tf.randomUniform([count * 784], 0, 1, "float32", seed).dataSync() as Float32Array);
}

describe("weights export", () => {
	for (const kind of ["mlp", "cnn"] as const) {
		for (const quantization of ["float32", "int8"] as const) {
			it(`${kind} ${quantization}: round trip, golden vectors, shard limit, checksum`, () => {
				const model = createModel({
					model: kind,
					hidden: kind === "mlp" ? [300, 40] : [24],
					filters: [4, 6],
					seed: 7,
				});
				// Random biases too, so bias decoding is actually checked (they start at zero).
				model.setWeights(
					model
						.getWeights()
						.map((w, i) => (w.shape.length === 1 ? tf.randomNormal(w.shape, 0, 0.1, "float32", i) : w)),
				);
				const limit = 60_000;
				const artifact = exportModel(model, {
					name: "t",
					quantization,
					backend: tf.getBackend(),
					metrics: { testAccuracy: 0.5 },
					training: { model: kind },
					goldenInputs: randomInputs(3, 1),
					maxModuleChars: limit,
				});
				for (const m of artifact.modules) {
					expect(m.source.length).toBeLessThanOrEqual(limit);
					expect(m.source.startsWith("--!strict\n-- DigitLab")).toBe(true);
				}
				if (kind === "mlp") expect(artifact.manifest.payload.shards.length).toBeGreaterThan(1);
				const decoded = decodeArtifact(artifact.modules);
				expect(decoded.manifest.payload.checksum).toBe(fl64Reference(decoded.payload));
				expect(fl64(decoded.payload)).toBe(fl64Reference(decoded.payload));
				// Every weight tensor decodes to the model's own values.
				const weights = model.getWeights();
				const kernelsAndBiases = decoded.manifest.layers.flatMap((l) =>
					l.type === "dense" || l.type === "conv2d" ? [l.kernel, l.bias] : [],
				);
				expect(kernelsAndBiases.length).toBe(weights.length);
				kernelsAndBiases.forEach((index, i) => {
					const expected = weights[i]!.dataSync();
					const got = decoded.tensors[index - 1]!;
					const meta = decoded.manifest.tensors[index - 1]!;
					expect(meta.shape).toEqual(weights[i]!.shape);
					expect(meta.offset % 4).toBe(0);
					const units = meta.shape[meta.shape.length - 1]!;
					const scales = meta.dtype === "int8" ? decoded.tensors[meta.scales! - 1]! : undefined;
					for (let k = 0; k < expected.length; k++) {
						const tol = scales ? scales[k % units]! / 2 + 1e-7 : 0;
						expect(Math.abs(got[k]! - expected[k]!)).toBeLessThanOrEqual(tol);
					}
				});
				// Golden: first input blank, outputs equal model.predict of the inputs.
				const g = decoded.golden;
				expect(g.count).toBe(4);
				expect(g.inputs.subarray(0, 784).every((v) => v === 0)).toBe(true);
				const shape = kind === "mlp" ? [g.count, 784] : [g.count, 28, 28, 1];
				const predicted = tf.tidy(() => (model.predict(tf.tensor(g.inputs, shape)) as tf.Tensor).dataSync());
				expect(Array.from(g.outputs)).toEqual(Array.from(predicted));
				// The rebuilt model computes the same (float32) or nearly the same (int8) outputs.
				const rebuilt = modelFromArtifact(decoded);
				const again = tf.tidy(() => (rebuilt.predict(tf.tensor(g.inputs, shape)) as tf.Tensor).dataSync());
				for (let k = 0; k < again.length; k++)
					expect(Math.abs(again[k]! - predicted[k]!)).toBeLessThan(quantization === "int8" ? 0.05 : 1e-6);
				rebuilt.dispose();
				model.dispose();
			});
		}
	}

	it("detects a corrupted shard", () => {
		const model = createModel({ model: "mlp", hidden: [8], filters: [1], seed: 1 });
		const artifact = exportModel(model, {
			name: "t",
			quantization: "float32",
			backend: "x",
			metrics: {},
			training: {},
			goldenInputs: new Float32Array(0),
		});
		const shard = artifact.modules.find((m) => m.name === "Shard1")!;
		const i = shard.source.indexOf('return "') + 20;
		const flipped = shard.source.slice(0, i) + (shard.source[i] === "A" ? "B" : "A") + shard.source.slice(i + 1);
		const modules = artifact.modules.map((m) => (m === shard ? { ...m, source: flipped } : m));
		expect(() => decodeArtifact(modules)).toThrow(/checksum mismatch/);
		expect(fromBase64("AAAA").length).toBe(3);
		model.dispose();
	});
});
