import type { SharedState } from "./shared-state";

export const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } as const;

/**
 * Sums the workers' gradients over parameters [start, end) in worker order (so a given worker count always adds in
 * the same order: reproducible) and applies one Adam step there, in shared memory. Each worker runs this on its own
 * slice, so the update is done once per parameter, not once per replica.
 */
export function adamSlice(state: SharedState, start: number, end: number, learningRate: number, step: number): void {
	const { weights, m, v, grads, workers } = state;
	const total = state.layout.total;
	const { beta1, beta2, epsilon } = ADAM;
	const rate = (learningRate * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
	for (let p = start; p < end; p++) {
		let g = grads[p]!;
		for (let w = 1; w < workers; w++) g += grads[w * total + p]!;
		const mp = beta1 * m[p]! + (1 - beta1) * g;
		const vp = beta2 * v[p]! + (1 - beta2) * g * g;
		m[p] = mp;
		v[p] = vp;
		weights[p] = weights[p]! - (rate * mp) / (Math.sqrt(vp) + epsilon);
	}
}
