import type { MlpKernels } from "../kernels/mlp-kernels";
import type { SharedState } from "./shared-state";

export const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } as const;

/**
 * Sums the workers' gradients over parameters [start, end) in worker order (so a given worker count always adds in
 * the same order: reproducible) and applies one Adam step there, in shared memory, with the SIMD kernel. Each
 * worker runs this on its own slice, so the update is done once per parameter, not once per replica. With `only`,
 * worker `only`'s buffer already holds the slice's whole gradient (a parameter-sliced step) and nothing is summed.
 */
export function adamSlice(
	kernels: MlpKernels,
	state: SharedState,
	start: number,
	end: number,
	learningRate: number,
	step: number,
	only?: number,
): void {
	const { beta1, beta2, epsilon } = ADAM;
	const rate = (learningRate * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
	const { at, layout, workers } = state;
	kernels.adam(
		at.weights,
		at.m,
		at.v,
		at.grads + (only ?? 0) * layout.total * 4,
		layout.total * 4,
		only === undefined ? workers : 1,
		start * 4,
		end * 4,
		rate,
		beta1,
		beta2,
		epsilon,
	);
}
