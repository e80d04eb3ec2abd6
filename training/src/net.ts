import * as tf from "@tensorflow/tfjs";

/**
 * A functional view of a tf.layers model over the SAME variables, with gradients shaped for the wasm backend:
 * its BatchMatMul is fast (XNNPACK) only without transpose flags, and Conv2DBackpropFilter is not registered,
 * so dense products use explicit `transpose` ops and convolutions become im2col + one matMul (DESIGN.md §5).
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

type Convolve = (x: tf.Tensor4D, kernel: tf.Tensor4D) => tf.Tensor4D;

/**
 * The kernel gradient as a product with no transpose flag: rows (i, j, channel) of the patches, built from
 * slices of the input laid out channel-first, times dy as [positions, filters].
 */
function kernelGradient(x: tf.Tensor4D, dy: tf.Tensor4D, kh: number, kw: number): tf.Tensor4D {
	const [b, , , c] = x.shape;
	const [, oh, ow, f] = dy.shape;
	const xt = tf.transpose(x, [3, 0, 1, 2]);
	const rows: tf.Tensor2D[] = [];
	for (let i = 0; i < kh; i++) {
		for (let j = 0; j < kw; j++) rows.push(tf.reshape(tf.slice(xt, [0, 0, i, j], [c, b, oh, ow]), [c, b * oh * ow]));
	}
	const patchesT = tf.concat(rows, 0);
	return tf.reshape(tf.matMul(patchesT, tf.reshape(dy, [b * oh * ow, f]) as tf.Tensor2D), [kh, kw, c, f]);
}

/**
 * dx as a "full" forward convolution of dy with the flipped, channel-swapped kernel: wasm's Conv2DBackpropInput
 * is a naive loop (10× slower than its XNNPACK Conv2D in a profile of a real step).
 */
function inputGradient(dy: tf.Tensor4D, kernel: tf.Tensor4D): tf.Tensor4D {
	const [kh, kw] = kernel.shape;
	const flipped = tf.transpose(tf.reverse(kernel, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
	const padded = tf.pad(dy, [[0, 0], [kh - 1, kh - 1], [kw - 1, kw - 1], [0, 0]]);
	return tf.conv2d(padded, flipped, 1, "valid");
}

const makeConvolve = (first: boolean): Convolve =>
	tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
		const [x, kernel, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
		save([x, kernel]);
		return {
			// Forward and input gradient have fast wasm kernels (Conv2D, Conv2DBackpropInput); only the filter gradient does not.
			value: tf.conv2d(x, kernel, 1, "valid"),
			gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
				const [xs, ks] = saved as [tf.Tensor4D, tf.Tensor4D];
				const dx = first ? tf.zerosLike(xs) : inputGradient(dy as tf.Tensor4D, ks);
				return [dx, kernelGradient(xs, dy as tf.Tensor4D, ks.shape[0], ks.shape[1])];
			},
		};
	}) as unknown as Convolve;

const convolveFirst = makeConvolve(true);
const convolveInner = makeConvolve(false);
const convolve = (x: tf.Tensor4D, kernel: tf.Tensor4D, first: boolean): tf.Tensor4D => (first ? convolveFirst : convolveInner)(x, kernel);

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
				x = activate(this.conv(x as tf.Tensor4D, op), op.activation, isOutput);
			} else if (op.kind === "pool") {
				x = tf.maxPool(x as tf.Tensor4D, op.size, op.size, "valid");
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
