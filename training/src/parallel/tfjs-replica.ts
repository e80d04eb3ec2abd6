import * as tf from "@tensorflow/tfjs";
import type { TrainingConfig } from "../config";
import { createModel, modelInputShape, outputCount } from "../model";
import { FunctionalNet } from "../net";
import type { Replica } from "./replica";
import type { SharedState } from "./shared-state";

/**
 * One worker's copy of the model on its own TensorFlow.js backend (the CNN; any model the kernels do not cover).
 * It copies the shared weights into its variables, writes the gradient of its share of a batch into its own shared
 * gradient buffer, and predicts its share of a set with the model's own `predict`.
 */
export class TfjsReplica implements Replica {
	private readonly model: tf.LayersModel;
	private readonly net: FunctionalNet;
	private readonly inputShape: number[];
	private images = new Float32Array(0);

	constructor(
		private readonly config: TrainingConfig,
		private readonly state: SharedState,
		private readonly index: number,
	) {
		this.model = createModel(config);
		this.net = new FunctionalNet(this.model);
		this.inputShape = modelInputShape(this.model);
		const { shapes } = state.layout;
		this.net.variables.forEach((v, i) => {
			if (v.shape.join() !== shapes[i]!.join())
				throw new Error(`replica variable ${i} has shape [${v.shape}], expected [${shapes[i]}]`);
		});
	}

	input(rows: number): Float32Array {
		const size = this.inputShape.reduce((a, b) => a * b, 1);
		if (this.images.length < rows * size) this.images = new Float32Array(rows * size);
		return this.images;
	}

	/** Replaces the replica's variables with the shared weights. */
	loadWeights(): void {
		const { offsets, sizes } = this.state.layout;
		tf.tidy(() => {
			this.net.variables.forEach((v, i) => {
				v.assign(tf.tensor(this.state.weights.subarray(offsets[i]!, offsets[i]! + sizes[i]!), v.shape));
			});
		});
	}

	gradient(labels: Int32Array, count: number, batchTotal: number): { lossSum: number; correct: number } {
		const { offsets, total } = this.state.layout;
		const base = this.index * total;
		const grads = this.state.grads;
		if (count === 0) {
			grads.fill(0, base, base + total);
			return { lossSum: 0, correct: 0 };
		}
		const size = this.inputShape.reduce((a, b) => a * b, 1);
		return tf.tidy(() => {
			const x = tf.tensor(this.images.subarray(0, count * size), [count, ...this.inputShape]);
			const y = tf.oneHot(tf.tensor1d(labels.subarray(0, count), "int32"), outputCount(this.config));
			let hits: tf.Tensor | undefined;
			let plain: tf.Tensor | undefined;
			const smoothing = this.config.labelSmoothing;
			const { grads: g } = tf.variableGrads(() => {
				const logits = this.net.logits(x);
				hits = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(y, 1)), "float32")));
				// The reported loss is the plain cross-entropy, as the kernel replicas report it.
				plain = tf.keep(tf.losses.softmaxCrossEntropy(y, logits, undefined, 0, tf.Reduction.SUM));
				const loss =
					smoothing > 0
						? tf.losses.softmaxCrossEntropy(y, logits, undefined, smoothing, tf.Reduction.SUM)
						: plain;
				return tf.div(loss, batchTotal) as tf.Scalar;
			}, this.net.variables);
			this.net.variables.forEach((v, i) => grads.set(g[v.name]!.dataSync() as Float32Array, base + offsets[i]!));
			const result = { lossSum: plain!.dataSync()[0]!, correct: hits!.dataSync()[0]! };
			tf.dispose([plain!, hits!]);
			return result;
		});
	}

	predict(images: Float32Array, count: number, out: Float32Array, outOffset: number, chunk = 1000): void {
		const size = this.inputShape.reduce((a, b) => a * b, 1);
		for (let start = 0; start < count; start += chunk) {
			const n = Math.min(chunk, count - start);
			tf.tidy(() => {
				const x = tf.tensor(images.subarray(start * size, (start + n) * size), [n, ...this.inputShape]);
				out.set(
					(this.model.predict(x) as tf.Tensor).dataSync() as Float32Array,
					outOffset + start * outputCount(this.config),
				);
			});
		}
	}
}
