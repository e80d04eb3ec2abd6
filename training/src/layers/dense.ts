/** Dense (TF.js `Dense`): `units` outputs from a flat input, kernel [in, out] then bias, and an activation. */
import * as tf from "@tensorflow/tfjs";
import { seededWeights, stack } from "./examples";
import { activate, activationOf, EXAMPLE_ACTIVATIONS, firstProduct, product, variableOf } from "./fast-ops";
import type { Example, LayerModule } from "./types";

export interface DenseSpec {
	type: "dense";
	inputSize: number;
	units: number;
	kernel: number;
	bias: number;
	activation: string;
}

function example(name: string, activation: string, quantization: "float32" | "int8" = "float32"): Example {
	return {
		name,
		quantization,
		build: () =>
			stack([12], (first) =>
				tf.layers.dense({ ...first, units: 5, activation: activation as "relu", ...seededWeights(11) }),
			),
	};
}

export const dense: LayerModule<DenseSpec> = {
	className: "Dense",
	describe(layer, ctx) {
		const cfg = layer.getConfig();
		if (cfg.useBias === false) throw new Error("export needs dense layers with a bias");
		const units = Number(cfg.units);
		return {
			type: "dense",
			inputSize: ctx.inputShape[ctx.inputShape.length - 1]!,
			units,
			...ctx.weights(),
			activation: activationOf(layer),
		};
	},
	rebuild(spec, ctx) {
		// The format's names are TF.js's own activation identifiers.
		const activation = spec.activation as "relu";
		const layer = tf.layers.dense({
			...(ctx.first ? { inputShape: [spec.inputSize] } : {}),
			units: spec.units,
			activation,
		});
		return { layer, weights: [ctx.tensor(spec.kernel), ctx.tensor(spec.bias)] };
	},
	fastOp(layer, ctx) {
		const kernel = variableOf(layer, 0);
		const bias = variableOf(layer, 1);
		const activation = activationOf(layer);
		const mul = ctx.first ? firstProduct : product;
		return {
			variables: [kernel, bias],
			apply: (x, isOutput) =>
				activate(tf.add(mul(x as tf.Tensor2D, kernel as tf.Tensor2D), bias), activation, isOutput),
		};
	},
	examples: [...EXAMPLE_ACTIVATIONS.map((a) => example(`dense-${a}`, a)), example("dense-relu-int8", "relu", "int8")],
};
