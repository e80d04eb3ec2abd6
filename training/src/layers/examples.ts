/** Seeded weights for the layer kinds' example models (types.ts `Example`): the same model in every run. */
import * as tf from "@tensorflow/tfjs";

/** Kernel and a non-zero bias, so a fixture also shows that the bias is added. */
type Initializer = ReturnType<typeof tf.initializers.glorotUniform>;

export function seededWeights(seed: number): { kernelInitializer: Initializer; biasInitializer: Initializer } {
	return {
		kernelInitializer: tf.initializers.glorotUniform({ seed }),
		biasInitializer: tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: seed + 1000 }),
	};
}

/** Makes one layer; `first` holds the model's input shape for the first layer (an InputLayer would be exported). */
export type MakeLayer = (first: { inputShape?: number[] }) => tf.layers.Layer;

/** A sequential model of the layers `makers` build, reading `inputShape`. */
export function stack(inputShape: number[], ...makers: MakeLayer[]): tf.Sequential {
	const model = tf.sequential();
	makers.forEach((make, i) => model.add(make(i === 0 ? { inputShape } : {})));
	return model;
}
