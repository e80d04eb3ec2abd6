import * as tf from "@tensorflow/tfjs";
import { INPUT_AREA, INPUT_SHAPE } from "../../place/src/shared/input-geometry";
import type { TrainingConfig } from "./config";
import { outputCount } from "./outputs";

export { DIGIT_CLASSES, outputCount, outputLabels, PAIR_LABEL, PAIR_OUTPUT } from "./outputs";

/** Seeded Glorot init per layer, so the same seed gives the same starting weights. */
function init(seed: number, layer: number): ReturnType<typeof tf.initializers.glorotUniform> {
	return tf.initializers.glorotUniform({ seed: seed * 31 + layer });
}

/**
 * Builds (but does not train) the model for a config. The model's own variables are what the fast trainer
 * updates, so `model.predict` is always the reference the exporter and evaluation use.
 */
export function createModel(
	config: Pick<TrainingConfig, "model" | "hidden" | "filters" | "seed"> & Partial<Pick<TrainingConfig, "pairs">>,
): tf.Sequential {
	const model = tf.sequential();
	let layer = 0;
	if (config.model === "cnn") {
		config.filters.forEach((filters, i) => {
			model.add(
				tf.layers.conv2d({
					...(i === 0 ? { inputShape: [...INPUT_SHAPE] } : {}),
					filters,
					kernelSize: 3,
					activation: "relu",
					kernelInitializer: init(config.seed, layer++),
				}),
			);
			model.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
		});
		model.add(tf.layers.flatten());
		for (const units of config.hidden) {
			model.add(tf.layers.dense({ units, activation: "relu", kernelInitializer: init(config.seed, layer++) }));
		}
	} else {
		config.hidden.forEach((units, i) => {
			model.add(
				tf.layers.dense({
					...(i === 0 ? { inputShape: [INPUT_AREA] } : {}),
					units,
					activation: "relu",
					kernelInitializer: init(config.seed, layer++),
				}),
			);
		});
	}
	model.add(
		tf.layers.dense({
			...(config.model === "mlp" && config.hidden.length === 0 ? { inputShape: [INPUT_AREA] } : {}),
			units: outputCount({ pairs: config.pairs ?? 0 }),
			activation: "softmax",
			kernelInitializer: init(config.seed, layer++),
		}),
	);
	return model;
}

/** The input shape the model's first layer expects, without the batch dimension. */
export function modelInputShape(model: tf.LayersModel): number[] {
	return (model.inputs[0]!.shape as number[]).slice(1);
}
