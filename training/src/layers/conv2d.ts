/** Conv2D (TF.js `Conv2D`) over height × width × channels: kernel [kh, kw, in, out] then bias, and an activation. */
import * as tf from "@tensorflow/tfjs";
import { convolve, convolveRelu } from "../conv-grads";
import { seededWeights, stack } from "./examples";
import { activate, activationOf, EXAMPLE_ACTIVATIONS, variableOf } from "./fast-ops";
import type { Example, LayerModule } from "./types";

export interface Conv2dSpec {
	type: "conv2d";
	inputShape: number[];
	outputShape: number[];
	filters: number;
	kernelSize: number[];
	strides: number[];
	padding: "valid" | "same";
	kernel: number;
	bias: number;
	activation: string;
}

interface Options {
	activation: string;
	kernelSize?: [number, number];
	strides?: [number, number];
	padding?: "valid" | "same";
	quantization?: "float32" | "int8";
}

function example(name: string, o: Options): Example {
	const { activation, kernelSize = [3, 3], strides = [1, 1], padding = "valid", quantization = "float32" } = o;
	return {
		name,
		quantization,
		build: () =>
			stack([6, 7, 2], (first) =>
				tf.layers.conv2d({
					...first,
					filters: 3,
					kernelSize,
					strides,
					padding,
					activation: activation as "relu",
					...seededWeights(21),
				}),
			),
	};
}

export const conv2d: LayerModule<Conv2dSpec> = {
	className: "Conv2D",
	describe(layer, ctx) {
		const cfg = layer.getConfig();
		if (cfg.useBias === false) throw new Error("export needs conv2d layers with a bias");
		return {
			type: "conv2d",
			inputShape: ctx.inputShape,
			outputShape: ctx.outputShape,
			filters: Number(cfg.filters),
			kernelSize: cfg.kernelSize as number[],
			strides: cfg.strides as number[],
			padding: cfg.padding as "valid" | "same",
			...ctx.weights(),
			activation: activationOf(layer),
		};
	},
	rebuild(spec, ctx) {
		const activation = spec.activation as "relu";
		const layer = tf.layers.conv2d({
			...(ctx.first ? { inputShape: spec.inputShape } : {}),
			filters: spec.filters,
			kernelSize: spec.kernelSize,
			strides: spec.strides,
			padding: spec.padding,
			activation,
		});
		return { layer, weights: [ctx.tensor(spec.kernel), ctx.tensor(spec.bias)] };
	},
	fastOp(layer, ctx) {
		const cfg = layer.getConfig();
		const strides = cfg.strides as number[];
		if (cfg.padding !== "valid" || strides.some((s) => s !== 1))
			throw new Error("the fast trainer supports valid, stride-1 convolutions");
		const kernel = variableOf(layer, 0);
		const bias = variableOf(layer, 1);
		const activation = activationOf(layer);
		return {
			variables: [kernel, bias],
			// ReLU convolutions (every CNN createModel builds) fuse bias and activation into one XNNPACK call.
			apply: (x, isOutput) =>
				activation === "relu"
					? convolveRelu(x as tf.Tensor4D, kernel as tf.Tensor4D, bias as tf.Tensor1D, ctx.first)
					: activate(
							tf.add(convolve(x as tf.Tensor4D, kernel as tf.Tensor4D, ctx.first), bias),
							activation,
							isOutput,
						),
		};
	},
	examples: [
		...EXAMPLE_ACTIVATIONS.map((a) => example(`conv2d-${a}`, { activation: a })),
		example("conv2d-same-stride2", { activation: "relu", padding: "same", strides: [2, 2] }),
		example("conv2d-kernel2x3-same", { activation: "linear", kernelSize: [2, 3], padding: "same" }),
		example("conv2d-relu-int8", { activation: "relu", quantization: "int8" }),
	],
};
