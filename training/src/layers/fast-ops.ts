/**
 * Pieces the layer kinds' fast-trainer ops share: products whose gradients suit the wasm backend (its BatchMatMul is
 * fast, through XNNPACK, only without transpose flags; see training/src/net.ts), activations, and reading a TF.js
 * layer's variables.
 */
import * as tf from "@tensorflow/tfjs";

export type Product = (x: tf.Tensor2D, w: tf.Tensor2D) => tf.Tensor2D;

// x·w whose backward pass never sets a transpose flag on matMul.
export const product: Product = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
	const [x, w, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
	save([x, w]);
	return {
		value: tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D),
		gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
			const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
			return [tf.matMul(dy as tf.Tensor2D, tf.transpose(ws)), tf.matMul(tf.transpose(xs), dy as tf.Tensor2D)];
		},
	};
}) as unknown as Product;

// Same, for the first layer: the input needs no gradient, which saves a third of the layer's backward work.
export const firstProduct: Product = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
	const [x, w, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
	save([x]);
	return {
		value: tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D),
		gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [
			tf.zerosLike(x),
			tf.matMul(tf.transpose(saved[0] as tf.Tensor2D), dy as tf.Tensor2D),
		],
	};
}) as unknown as Product;

export function activate(x: tf.Tensor, activation: string, isOutput: boolean): tf.Tensor {
	switch (activation) {
		case "linear":
			return x;
		case "relu":
			return tf.relu(x);
		case "softmax":
			// The loss works on logits (softmaxCrossEntropy); predictions apply the softmax themselves.
			if (!isOutput) return tf.softmax(x);
			return x;
		case "tanh":
			return tf.tanh(x);
		case "sigmoid":
			return tf.sigmoid(x);
		case "relu6":
			return tf.relu6(x);
		case "elu":
			return tf.elu(x);
		case "softplus":
			return tf.softplus(x);
		case "swish":
			return tf.mul(x, tf.sigmoid(x));
		default:
			throw new Error(`the fast trainer does not support activation "${activation}"`);
	}
}

/** The layer's activation as the format names it: TF.js's own identifier. */
export function activationOf(layer: tf.layers.Layer): string {
	return String(layer.getConfig().activation ?? "linear");
}

export function variableOf(layer: tf.layers.Layer, index: number): tf.Variable {
	// LayerVariable.read() returns the backing tf.Variable itself, so updates are visible to model.predict.
	return layer.weights[index]!.read() as tf.Variable;
}

/** Activations both TF.js and the runtime know, for the examples of kinds that have one. */
export const EXAMPLE_ACTIVATIONS = [
	"linear",
	"relu",
	"relu6",
	"elu",
	"sigmoid",
	"tanh",
	"softplus",
	"swish",
	"softmax",
] as const;
