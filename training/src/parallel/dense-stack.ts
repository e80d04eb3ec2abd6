import type { MlpKernels } from "../kernels/mlp-kernels";
import type { SharedState } from "./shared-state";

/** Scratch bytes a dense stack needs: activations and deltas of every layer for `rows` rows, and the kernels' lists. */
export function denseScratchBytes(widths: number[], rows: number): number {
	const floats = widths.reduce((sum, w) => sum + 2 * rows * w, 0);
	return floats * 4 + 8 * Math.max(rows, ...widths) + 64 * widths.length * 2;
}

/** Hands out 64-byte-aligned byte ranges of a worker's scratch. */
export type Alloc = (bytes: number) => number;

/**
 * Bump allocation in worker `index`'s slice of the shared scratch; `done(what)` throws once everything is placed if
 * the slice was too small (the slice size comes from the replica's own scratch-bytes function).
 */
export function scratchAllocator(state: SharedState, index: number): { alloc: Alloc; done: (what: string) => void } {
	let top = state.at.scratch + index * state.at.scratchBytes;
	return {
		alloc: (bytes) => {
			const start = top;
			top += Math.ceil(bytes / 64) * 64;
			return start;
		},
		done: (what) => {
			if (top > state.at.scratch + (index + 1) * state.at.scratchBytes)
				throw new Error(`${what} scratch overflow`);
		},
	};
}

/**
 * Dense layers [widths[0] → … → widths.at(-1)] (ReLU between, logits out) on DigitLab's sparse SIMD kernels, reading
 * the weights in place in shared memory. The whole MLP is one; the CNN's head after flattening is another.
 */
export class DenseStack {
	/** Byte addresses of each layer's activations (act[0] is the input) and deltas, for `maxRows` rows. */
	readonly act: number[] = [];
	readonly delta: number[] = [];
	private readonly list: number;

	/**
	 * `firstVariable`: index of the first kernel in the model's variable list. `input`: where the input rows already
	 * are (else act[0] is allocated). `denseInput`: the input is mostly non-zero (pooled CNN features, not pixels), so
	 * the first layer takes the blocked dense products instead of skipping zeros (the same sums either way).
	 */
	constructor(
		private readonly kernels: MlpKernels,
		private readonly state: SharedState,
		readonly widths: number[],
		private readonly firstVariable: number,
		alloc: Alloc,
		maxRows: number,
		input?: number,
		private readonly denseInput = false,
	) {
		widths.forEach((w, l) => {
			this.act.push(l === 0 && input !== undefined ? input : alloc(maxRows * w * 4));
			this.delta.push(alloc(maxRows * w * 4));
		});
		this.list = alloc(8 * Math.max(maxRows, ...widths));
	}

	/** Byte address of the kernel (2l) or bias (2l+1) of dense layer l in a parameter buffer starting at `base`. */
	private param(base: number, variable: number): number {
		return base + this.state.layout.offsets[this.firstVariable + variable]! * 4;
	}

	get logits(): number {
		return this.act.at(-1)!;
	}

	forward(count: number): void {
		const { kernels, widths, state } = this;
		const layers = widths.length - 1;
		for (let l = 1; l <= layers; l++) {
			const relu = l < layers ? 1 : 0;
			const [w, b] = [this.param(state.at.weights, 2 * (l - 1)), this.param(state.at.weights, 2 * (l - 1) + 1)];
			if (l === 1 && this.denseInput && widths[1]! % 4 === 0)
				kernels.denseForward(this.act[0]!, count, widths[0]!, w, b, this.act[1]!, widths[1]!, relu);
			else
				kernels.forward(
					this.act[l - 1]!,
					count,
					widths[l - 1]!,
					w,
					b,
					this.act[l]!,
					widths[l]!,
					relu,
					this.list,
				);
		}
	}

	/**
	 * The first half of a parameter-sliced step: from dLoss/dlogits (in place of the logits) down, every layer's
	 * delta, zero where its input is not positive; no weight gradients (`sliceGradient` makes those).
	 */
	deltas(count: number): void {
		const { widths } = this;
		const layers = widths.length - 1;
		for (let l = layers; l > 1; l--)
			this.inputGradient(l, count, l === layers ? this.act[layers]! : this.delta[l]!);
	}

	/**
	 * The second half: the gradient of the parameters [start, end) (whole kernel rows and whole biases; see
	 * param-slices.ts) over the whole batch, into the parameter buffer at `grads`. The batch's rows lie in blocks,
	 * one per worker in batch order: `blocks[j]` = [byte distance from this stack's scratch to the stack holding
	 * block j (same layout), its rows]. Each sum runs over the batch's rows in order, block after block, so any
	 * number of blocks gives the bits of one block of the whole batch. This is where the MLP's weight and bias
	 * gradients are made, in training and for a whole share alike (KernelReplica); `backward` serves the CNN's head.
	 */
	sliceGradient(blocks: readonly (readonly [number, number])[], grads: number, start: number, end: number): void {
		const { kernels, widths, state } = this;
		const layers = widths.length - 1;
		const { offsets } = state.layout;
		for (let l = 1; l <= layers; l++) {
			const [inDim, units] = [widths[l - 1]!, widths[l]!];
			const dy = l === layers ? this.act[layers]! : this.delta[l]!;
			const kernel = offsets[this.firstVariable + 2 * (l - 1)]!;
			const k0 = Math.min(inDim, Math.max(0, Math.ceil((start - kernel) / units)));
			const k1 = Math.min(inDim, Math.max(0, Math.ceil((end - kernel) / units)));
			if (k1 > k0) {
				const dw = this.param(grads, 2 * (l - 1)) + k0 * units * 4;
				blocks.forEach(([shift, rows], j) =>
					(j === 0 ? kernels.weightGrad : kernels.weightGradAdd)(
						this.act[l - 1]! + shift + k0 * 4,
						rows,
						k1 - k0,
						dy + shift,
						units,
						dw,
						this.list,
						inDim * 4,
						4,
					),
				);
			}
			const bias = offsets[this.firstVariable + 2 * (l - 1) + 1]!;
			if (bias >= start && bias < end)
				blocks.forEach(([shift, rows], j) =>
					(j === 0 ? kernels.columnSum : kernels.columnSumAdd)(
						dy + shift,
						rows,
						units,
						this.param(grads, 2 * (l - 1) + 1),
					),
				);
		}
	}

	/** delta[l-1] = dy·W_lᵀ where the layer's input is positive, else 0. */
	private inputGradient(l: number, count: number, dy: number): void {
		const { kernels, widths, state } = this;
		const inputGrad = widths[l]! % 4 === 0 && widths[l - 1]! % 4 === 0 ? kernels.inputGrad4 : kernels.inputGrad;
		inputGrad(
			dy,
			count,
			widths[l]!,
			this.param(state.at.weights, 2 * (l - 1)),
			widths[l - 1]!,
			this.act[l - 1]!,
			this.delta[l - 1]!,
		);
	}

	/**
	 * From dLoss/dlogits (in place of the logits) down: the weight and bias gradients into the parameter buffer at
	 * `grads`, and with `inputGradient` the input's gradient into delta[0], zero where the input is not positive (the
	 * input is a ReLU's output).
	 */
	backward(count: number, grads: number, inputGradient: boolean): void {
		const { kernels, widths } = this;
		const layers = widths.length - 1;
		for (let l = layers; l >= 1; l--) {
			const dy = l === layers ? this.act[layers]! : this.delta[l]!;
			const dw = this.param(grads, 2 * (l - 1));
			if (l === 1 && this.denseInput && widths[1]! % 4 === 0)
				kernels.denseWeightGrad(this.act[0]!, count, widths[0]!, dy, widths[1]!, dw);
			else
				kernels.weightGrad(
					this.act[l - 1]!,
					count,
					widths[l - 1]!,
					dy,
					widths[l]!,
					dw,
					this.list,
					widths[l - 1]! * 4,
					4,
				);
			kernels.columnSum(dy, count, widths[l]!, this.param(grads, 2 * (l - 1) + 1));
			if (l > 1 || inputGradient) this.inputGradient(l, count, dy);
		}
	}
}
