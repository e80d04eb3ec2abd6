import * as tf from "@tensorflow/tfjs";
import { convolve, convolveRelu, maxPool2 } from "./conv-grads";

/**
 * A functional view of a tf.layers model over the SAME variables, with gradients shaped for the wasm backend:
 * its BatchMatMul is fast (XNNPACK) only without transpose flags, and Conv2DBackpropFilter is not registered,
 * so dense products use explicit `transpose` ops and convolutions become im2col + one matMul (training/README.md,
 * "Why the trainer does not use model.fit").
 */
type Op =
	| { kind: "dense"; kernel: tf.Variable; bias: tf.Variable; activation: string; first: boolean }
	| { kind: "conv"; kernel: tf.Variable; bias: tf.Variable; activation: string; first: boolean; kh: number; kw: number; filters: number }
	| { kind: "pool"; size: number }
	| { kind: "flatten" };

type Product = (x: tf.Tensor2D, w: tf.Tensor2D) => tf.Tensor2D;

// x·w whose backward pass never sets a transpose flag on matMul.
const product: Product = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
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
const firstProduct: Product = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
	const [x, w, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
	save([x]);
	return {
		value: tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D),
		gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.zerosLike(x), tf.matMul(tf.transpose(saved[0] as tf.Tensor2D), dy as tf.Tensor2D)],
	};
}) as unknown as Product;

function activate(x: tf.Tensor, activation: string, isOutput: boolean): tf.Tensor {
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
		default:
			throw new Error(`the fast trainer does not support activation "${activation}"`);
	}
}

function variableOf(layer: tf.layers.Layer, index: number): tf.Variable {
	// LayerVariable.read() returns the backing tf.Variable itself, so updates are visible to model.predict.
	return layer.weights[index]!.read() as tf.Variable;
}

export class FunctionalNet {
	private readonly ops: Op[] = [];
	readonly variables: tf.Variable[] = [];

	constructor(model: tf.LayersModel) {
		let first = true;
		for (const layer of model.layers) {
			const cls = layer.getClassName();
			const cfg = layer.getConfig();
			if (cls === "Dense" || cls === "Conv2D") {
				const kernel = variableOf(layer, 0);
				const bias = variableOf(layer, 1);
				this.variables.push(kernel, bias);
				const activation = String(cfg.activation ?? "linear");
				if (cls === "Dense") {
					this.ops.push({ kind: "dense", kernel, bias, activation, first });
				} else {
					const [kh, kw] = cfg.kernelSize as number[];
					const strides = cfg.strides as number[];
					if (cfg.padding !== "valid" || strides.some((s) => s !== 1)) throw new Error("the fast trainer supports valid, stride-1 convolutions");
					this.ops.push({ kind: "conv", kernel, bias, activation, first, kh: kh!, kw: kw!, filters: Number(cfg.filters) });
				}
				first = false;
			} else if (cls === "MaxPooling2D") {
				this.ops.push({ kind: "pool", size: (cfg.poolSize as number[])[0]! });
			} else if (cls === "Flatten") {
				this.ops.push({ kind: "flatten" });
			} else {
				throw new Error(`the fast trainer does not support layer ${cls}`);
			}
		}
	}

	/** Logits (the output layer's softmax is left to the loss). */
	logits(input: tf.Tensor): tf.Tensor2D {
		let x = input;
		this.ops.forEach((op, i) => {
			const isOutput = i === this.ops.length - 1;
			if (op.kind === "dense") {
				const mul = op.first ? firstProduct : product;
				x = activate(tf.add(mul(x as tf.Tensor2D, op.kernel as tf.Tensor2D), op.bias), op.activation, isOutput);
			} else if (op.kind === "conv") {
				// ReLU convolutions (every CNN createModel builds) fuse bias and activation into one XNNPACK call.
				if (op.activation === "relu") x = convolveRelu(x as tf.Tensor4D, op.kernel as tf.Tensor4D, op.bias as tf.Tensor1D, op.first);
				else x = activate(this.conv(x as tf.Tensor4D, op), op.activation, isOutput);
			} else if (op.kind === "pool") {
				// wasm's MaxPoolGrad is a slow generic loop (half of a CNN step in a profile); 2×2 pools use a mask instead.
				x = op.size === 2 ? maxPool2(x as tf.Tensor4D) : tf.maxPool(x as tf.Tensor4D, op.size, op.size, "valid");
			} else {
				x = tf.reshape(x, [x.shape[0]!, -1]);
			}
		});
		return x as tf.Tensor2D;
	}

	private conv(x: tf.Tensor4D, op: Extract<Op, { kind: "conv" }>): tf.Tensor4D {
		return tf.add(convolve(x, op.kernel as tf.Tensor4D, op.first), op.bias);
	}
}
