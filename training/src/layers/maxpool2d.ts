/** MaxPool2D (TF.js `MaxPooling2D`) over height × width × channels; padded cells never win, as in TensorFlow. */
import * as tf from "@tensorflow/tfjs";
import { maxPool2 } from "../conv-grads";
import { seededWeights, stack } from "./examples";
import type { Example, LayerModule } from "./types";

export interface Maxpool2dSpec {
	type: "maxpool2d";
	inputShape: number[];
	outputShape: number[];
	poolSize: number[];
	strides: number[];
	padding: "valid" | "same";
}

function example(
	name: string,
	inputShape: number[],
	poolSize: [number, number],
	strides: [number, number],
	padding: "valid" | "same",
): Example {
	return {
		name,
		build: () => stack(inputShape, (first) => tf.layers.maxPooling2d({ ...first, poolSize, strides, padding })),
	};
}

export const maxpool2d: LayerModule<Maxpool2dSpec> = {
	className: "MaxPooling2D",
	describe(layer, ctx) {
		const cfg = layer.getConfig();
		return {
			type: "maxpool2d",
			inputShape: ctx.inputShape,
			outputShape: ctx.outputShape,
			poolSize: cfg.poolSize as number[],
			strides: (cfg.strides as number[] | null) ?? (cfg.poolSize as number[]),
			padding: cfg.padding as "valid" | "same",
		};
	},
	rebuild(spec, ctx) {
		const layer = tf.layers.maxPooling2d({
			...(ctx.first ? { inputShape: spec.inputShape } : {}),
			poolSize: spec.poolSize as [number, number],
			strides: spec.strides as [number, number],
			padding: spec.padding,
		});
		return { layer, weights: [] };
	},
	fastOp(layer) {
		const cfg = layer.getConfig();
		const [ph, pw] = cfg.poolSize as number[];
		const strides = (cfg.strides as number[] | null) ?? [ph!, pw!];
		if (cfg.padding !== "valid" || ph !== pw || strides[0] !== ph || strides[1] !== pw) {
			throw new Error("the fast trainer supports square, valid max pooling whose strides equal its size");
		}
		const size = ph!;
		return {
			variables: [],
			// wasm's MaxPoolGrad is a slow generic loop (half of a CNN step in a profile); 2×2 pools use a mask instead.
			apply: (x) => (size === 2 ? maxPool2(x as tf.Tensor4D) : tf.maxPool(x as tf.Tensor4D, size, size, "valid")),
		};
	},
	examples: [
		example("maxpool2d-2x2", [6, 7, 2], [2, 2], [2, 2], "valid"),
		example("maxpool2d-3x3-stride1", [6, 7, 2], [3, 3], [1, 1], "valid"),
		example("maxpool2d-2x2-same-odd", [5, 7, 2], [2, 2], [2, 2], "same"),
		{
			// A linear convolution gives negative values, so a padded cell would win if it were counted as 0.
			name: "maxpool2d-same-after-linear-conv2d",
			build: () =>
				stack(
					[5, 5, 2],
					(first) =>
						tf.layers.conv2d({
							...first,
							filters: 3,
							kernelSize: 3,
							padding: "same",
							activation: "linear",
							...seededWeights(31),
						}),
					() => tf.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: "same" }),
				),
		},
	],
};
