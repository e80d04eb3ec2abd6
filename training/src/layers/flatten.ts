/** Flatten (TF.js `Flatten`): height × width × channels is already flat in the runtime's order, so it passes through. */
import * as tf from "@tensorflow/tfjs";
import { seededWeights, stack } from "./examples";
import type { LayerModule } from "./types";

export interface FlattenSpec {
	type: "flatten";
	inputShape: number[];
	outputSize: number;
}

export const flatten: LayerModule<FlattenSpec> = {
	className: "Flatten",
	describe(_layer, ctx) {
		return { type: "flatten", inputShape: ctx.inputShape, outputSize: ctx.outputShape[0]! };
	},
	rebuild(spec, ctx) {
		return { layer: tf.layers.flatten(ctx.first ? { inputShape: spec.inputShape } : {}), weights: [] };
	},
	fastOp() {
		return { variables: [], apply: (x) => tf.reshape(x, [x.shape[0]!, -1]) };
	},
	examples: [
		{ name: "flatten", build: () => stack([3, 4, 2], (first) => tf.layers.flatten(first)) },
		{
			// The order flatten keeps is the order the dense kernel's rows are read in.
			name: "flatten-dense-softmax",
			build: () =>
				stack(
					[3, 4, 2],
					(first) => tf.layers.flatten(first),
					() => tf.layers.dense({ units: 4, activation: "softmax", ...seededWeights(41) }),
				),
		},
		{
			// The shape of the CNN training builds (training/src/model.ts), shrunk.
			name: "conv2d-maxpool2d-flatten-dense",
			build: () =>
				stack(
					[8, 8, 1],
					(first) =>
						tf.layers.conv2d({
							...first,
							filters: 4,
							kernelSize: 3,
							activation: "relu",
							...seededWeights(51),
						}),
					() => tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
					() => tf.layers.flatten(),
					() => tf.layers.dense({ units: 10, activation: "softmax", ...seededWeights(52) }),
				),
		},
	],
};
