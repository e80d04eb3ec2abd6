import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../../training/src/backend";
import { createModel } from "../../../../training/src/model";
import { FunctionalNet } from "../../../../training/src/net";
import { adamSlice } from "../../../../training/src/parallel/adam-shared";
import { KernelReplica, kernelScratchBytes, mlpWidths } from "../../../../training/src/parallel/kernel-replica";
import { createSharedState, shareOf } from "../../../../training/src/parallel/shared-state";
import { createRandom } from "../../../../training/src/rng";
import { instantiateKernels, MAX_PAGES } from "../../../../training/src/kernels/mlp-kernels";

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => {
	let m = 0;
	for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
	return m;
};

beforeAll(async () => {
	await selectBackend("wasm");
});

describe("MLP kernels against TensorFlow.js (same weights, same batch, this run)", () => {
	// Widths that exercise every path: 32-float blocks, 4-float blocks and scalar tails (45, 10), and an input
	// column that is zero in every sample.
	const config = { model: "mlp" as const, hidden: [45, 36], filters: [16], seed: 5 };
	const rows = 9;

	it("gives TF.js's gradients, loss and predictions", () => {
		const model = createModel(config);
		const net = new FunctionalNet(model);
		const shapes = net.variables.map((v) => v.shape);
		const widths = mlpWidths(shapes)!;
		expect(widths).toEqual([784, 45, 36, 10]);
		const state = createSharedState(1, shapes, rows, rows, 10, kernelScratchBytes(widths, rows), MAX_PAGES);
		net.variables.forEach((v, i) => state.weights.set(v.dataSync() as Float32Array, state.layout.offsets[i]!));
		const replica = new KernelReplica(instantiateKernels(state.memory), state, 0, widths, rows);
		const random = createRandom(9);
		const images = Float32Array.from({ length: rows * 784 }, () => (random() < 0.8 ? 0 : random()));
		for (let s = 0; s < rows; s++) images[s * 784 + 400] = 0;
		const labels = Int32Array.from({ length: rows }, (_, i) => i % 10);
		replica.input(rows).set(images);
		const total = 16; // the share's loss is divided by the whole batch's size
		const mine = replica.gradient(labels, rows, total);

		const x = tf.tensor2d(images, [rows, 784]);
		const y = tf.oneHot(tf.tensor1d(labels, "int32"), 10);
		const { value, grads } = tf.variableGrads(
			() =>
				tf.div(
					tf.losses.softmaxCrossEntropy(y, net.logits(x), undefined, undefined, tf.Reduction.SUM),
					total,
				) as tf.Scalar,
			net.variables,
		);
		expect(mine.lossSum / total).toBeCloseTo(value.dataSync()[0]!, 5);
		net.variables.forEach((v, i) => {
			const theirs = grads[v.name]!.dataSync();
			const ours = state.grads.subarray(state.layout.offsets[i]!, state.layout.offsets[i]! + theirs.length);
			expect(maxAbs(ours, theirs), `variable ${i} [${v.shape}]`).toBeLessThan(1e-6);
		});
		const probs = new Float32Array(rows * 10);
		replica.predict(images, rows, probs, 0);
		expect(maxAbs(probs, (model.predict(x) as tf.Tensor).dataSync())).toBeLessThan(1e-6);
		const predicted = Array.from(tf.argMax(model.predict(x) as tf.Tensor, 1).dataSync());
		expect(mine.correct).toBe(predicted.filter((p, i) => p === labels[i]).length);
		tf.dispose([x, y, value, ...Object.values(grads)]);
		model.dispose();
	});

	it("splits a step by parameter slices: each worker's slice has the bits of one worker's whole-batch gradient", () => {
		const model = createModel(config);
		const net = new FunctionalNet(model);
		const shapes = net.variables.map((v) => v.shape);
		const widths = mlpWidths(shapes)!;
		const batch = 11;
		const random = createRandom(4);
		const images = Float32Array.from({ length: batch * 784 }, () => (random() < 0.8 ? 0 : random()));
		const labels = Int32Array.from({ length: batch }, (_, i) => (i * 7) % 10);
		const stateFor = (workers: number) => {
			const state = createSharedState(
				workers,
				shapes,
				batch,
				batch,
				10,
				kernelScratchBytes(widths, batch),
				MAX_PAGES,
			);
			net.variables.forEach((v, i) => state.weights.set(v.dataSync() as Float32Array, state.layout.offsets[i]!));
			return state;
		};
		const single = stateFor(1);
		const whole = new KernelReplica(instantiateKernels(single.memory), single, 0, widths, batch);
		whole.input(batch).set(images);
		whole.gradient(labels, batch, batch);
		const reference = single.grads.slice(0, single.layout.total);

		const workers = 3;
		const state = stateFor(workers);
		const kernels = instantiateKernels(state.memory);
		const replicas = Array.from({ length: workers }, (_, w) => new KernelReplica(kernels, state, w, widths, batch));
		const slices = replicas.map((r) => r.sliced.slice);
		expect(slices[0]![0]).toBe(0);
		expect(slices.at(-1)![1]).toBe(state.layout.total);
		replicas.forEach((r, w) => {
			const [lo, hi] = shareOf(batch, workers, w);
			r.input(hi - lo).set(images.subarray(lo * 784, hi * 784));
			r.sliced.deltas(labels.subarray(lo, hi), hi - lo, batch);
		});
		replicas.forEach((r) => r.sliced.gradient(batch));
		const total = state.layout.total;
		replicas.forEach((r, w) => {
			const [start, end] = r.sliced.slice;
			expect(end).toBeGreaterThan(start);
			if (w > 0) expect(start).toBe(slices[w - 1]![1]);
			const mine = state.grads.subarray(w * total + start, w * total + end);
			expect(Array.from(mine)).toEqual(Array.from(reference.subarray(start, end)));
		});
		model.dispose();
	});

	it("sums the workers' gradients in order and takes the Adam step of the reference formula", () => {
		const workers = 3;
		const state = createSharedState(workers, [[7, 5], [5]], 1, 1, 10, 0, MAX_PAGES);
		const random = createRandom(2);
		const fill = (a: Float32Array, positive = false) =>
			a.forEach((_, i) => (a[i] = positive ? random() : random() * 2 - 1));
		fill(state.weights);
		fill(state.m);
		fill(state.v, true);
		fill(state.grads);
		const [w0, m0, v0, g] = [state.weights.slice(), state.m.slice(), state.v.slice(), state.grads.slice()];
		const total = state.layout.total;
		adamSlice(instantiateKernels(state.memory), state, 0, total, 0.01, 3);
		const rate = (0.01 * Math.sqrt(1 - 0.999 ** 3)) / (1 - 0.9 ** 3);
		for (let p = 0; p < total; p++) {
			const grad = g[p]! + g[total + p]! + g[2 * total + p]!;
			const m = 0.9 * m0[p]! + 0.1 * grad;
			const v = 0.999 * v0[p]! + 0.001 * grad * grad;
			expect(state.m[p]).toBeCloseTo(m, 6);
			expect(state.v[p]).toBeCloseTo(v, 6);
			expect(state.weights[p]).toBeCloseTo(w0[p]! - (rate * m) / (Math.sqrt(v) + 1e-7), 5);
		}
	});
});
