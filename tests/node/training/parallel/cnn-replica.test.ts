import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../../training/src/backend";
import { instantiateCnnKernels } from "../../../../training/src/kernels/cnn-kernels";
import { cnnGeometry } from "../../../../training/src/kernels/conv-layout";
import { instantiateKernels, MAX_PAGES } from "../../../../training/src/kernels/mlp-kernels";
import { INPUT_SHAPE } from "../../../../place/src/shared/input-geometry";
import { createModel } from "../../../../training/src/model";
import { createRandom } from "../../../../training/src/rng";
import { CnnReplica, cnnScratchBytes } from "../../../../training/src/parallel/cnn-replica";
import { createSharedState } from "../../../../training/src/parallel/shared-state";

// The whole network against TF.js's own gradients on its cpu backend, in this run: its conv2d, maxPool, relu and
// dense layers, variableGrads of the summed cross-entropy, the model's own predict.
beforeAll(async () => {
	await selectBackend("cpu");
});

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => {
	let m = 0;
	for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
	return m;
};

/** Digit-like inputs: ~80% zeros. */
function images(count: number, seed: number): Float32Array {
	const random = createRandom(seed);
	return Float32Array.from({ length: count * 784 }, () => (random() < 0.8 ? 0 : random()));
}

describe("the CNN on DigitLab's kernels against TF.js (cpu backend, same run)", () => {
	// [16, 32] with dense 24 is the shipped shape, smaller; [4, 6] pads the second stage's channels (6 → 8), so its
	// flattened rows are repacked; [5] is a single stage straight into the output layer.
	const cases = [
		{ filters: [16, 32], hidden: [24] },
		{ filters: [4, 6], hidden: [12] },
		{ filters: [5], hidden: [] },
	];
	for (const { filters, hidden } of cases) {
		it(`filters [${filters}], dense [${hidden}]: loss, every variable's gradient, correct count and predictions`, () => {
			const model = createModel({ model: "cnn", filters, hidden, seed: 7 });
			const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
			const shapes = variables.map((v) => v.shape);
			const geo = cnnGeometry(shapes, INPUT_SHAPE)!;
			const rows = 7; // odd: the dense input gradient's single-sample tail block runs too
			const state = createSharedState(1, shapes, rows, rows, 10, cnnScratchBytes(geo, rows), MAX_PAGES);
			variables.forEach((v, i) => state.weights.set(v.dataSync() as Float32Array, state.layout.offsets[i]!));
			const replica = new CnnReplica(
				instantiateKernels(state.memory),
				instantiateCnnKernels(state.memory, geo.stages),
				state,
				0,
				geo,
				rows,
			);
			replica.loadWeights();
			const x = images(rows, 3);
			const labels = Int32Array.from({ length: rows }, (_, i) => (i * 7) % 10);
			replica.input(rows).set(x);
			const total = 16; // the share's loss is divided by the whole batch's size
			const mine = replica.gradient(labels, rows, total);

			const xs = tf.tensor4d(x, [rows, 28, 28, 1]);
			const ys = tf.oneHot(tf.tensor1d(labels, "int32"), 10);
			const logits = () => {
				let h: tf.Tensor = xs;
				for (const layer of model.layers)
					h =
						layer.getClassName() === "Dense" && layer === model.layers.at(-1)
							? tf.add(tf.matMul(h as tf.Tensor2D, variables.at(-2)!), variables.at(-1)!)
							: (layer.apply(h) as tf.Tensor);
				return h as tf.Tensor2D;
			};
			const { value, grads } = tf.variableGrads(
				() =>
					tf.div(
						tf.losses.softmaxCrossEntropy(ys, logits(), undefined, undefined, tf.Reduction.SUM),
						total,
					) as tf.Scalar,
				variables,
			);
			expect(Math.abs(mine.lossSum / total - value.dataSync()[0]!)).toBeLessThan(1e-5);
			variables.forEach((v, i) => {
				const theirs = grads[v.name]!.dataSync();
				const ours = state.grads.subarray(state.layout.offsets[i]!, state.layout.offsets[i]! + theirs.length);
				expect(maxAbs(ours, theirs), `variable ${i} [${v.shape}]`).toBeLessThan(2e-6);
				expect(
					theirs.some((t) => t !== 0),
					`variable ${i} has a gradient`,
				).toBe(true);
			});
			const probs = new Float32Array(rows * 10);
			replica.predict(x, rows, probs, 0);
			const predicted = model.predict(xs) as tf.Tensor;
			expect(maxAbs(probs, predicted.dataSync())).toBeLessThan(1e-6);
			expect(mine.correct).toBe(
				Array.from(tf.argMax(predicted, 1).dataSync()).filter((p, i) => p === labels[i]).length,
			);
			tf.dispose([xs, ys, value, predicted, ...Object.values(grads)]);
			model.dispose();
		});
	}
});
