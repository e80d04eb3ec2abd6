import type { MlpKernels } from "../kernels/mlp-kernels";
import type { Replica } from "./replica";
import { softmaxCrossEntropyRows, softmaxRows } from "./replica";
import type { SharedState } from "./shared-state";
import { DenseStack, denseScratchBytes, scratchAllocator } from "./dense-stack";

/** Rows per chunk when a worker predicts its share of the validation set. */
export const PREDICT_ROWS = 256;

/**
 * Layer widths of an MLP from its variable shapes [kernel, bias, kernel, bias, …]: [input, hidden…, output]. Undefined
 * when the shapes are not such a stack (then the model trains through TensorFlow.js).
 */
export function mlpWidths(shapes: number[][]): number[] | undefined {
	if (shapes.length < 2 || shapes.length % 2 !== 0) return undefined;
	const widths = [shapes[0]![0]!];
	for (let i = 0; i < shapes.length; i += 2) {
		const [kernel, bias] = [shapes[i]!, shapes[i + 1]!];
		if (kernel.length !== 2 || bias.length !== 1 || kernel[0] !== widths.at(-1) || bias[0] !== kernel[1])
			return undefined;
		widths.push(kernel[1]!);
	}
	return widths;
}

/** Scratch bytes one worker needs: activations and deltas of every layer for `rows` rows, and the kernels' lists. */
export const kernelScratchBytes = denseScratchBytes;

/**
 * An MLP replica on DigitLab's SIMD kernels: it reads the weights where they are, in shared memory (no copy per
 * step), and writes its gradient straight into its shared gradient buffer.
 */
export class KernelReplica implements Replica {
	private readonly stack: DenseStack;

	constructor(
		kernels: MlpKernels,
		private readonly state: SharedState,
		private readonly index: number,
		private readonly widths: number[],
		private readonly maxRows: number,
		private readonly labelSmoothing = 0,
	) {
		const { alloc, done } = scratchAllocator(state, index);
		this.stack = new DenseStack(kernels, state, widths, 0, alloc, maxRows);
		done("kernel");
	}

	private view(address: number, floats: number): Float32Array {
		return new Float32Array(this.state.memory.buffer, address, floats);
	}

	input(rows: number): Float32Array {
		return this.view(this.stack.act[0]!, rows * this.widths[0]!);
	}

	loadWeights(): void {}

	gradient(labels: Int32Array, count: number, batchTotal: number): { lossSum: number; correct: number } {
		const { state } = this;
		const grads = state.at.grads + this.index * state.layout.total * 4;
		if (count === 0) {
			state.grads.fill(0, this.index * state.layout.total, (this.index + 1) * state.layout.total);
			return { lossSum: 0, correct: 0 };
		}
		this.stack.forward(count);
		// The output layer's delta is computed in place over its logits.
		const logits = this.view(this.stack.logits, count * this.widths.at(-1)!);
		const result = softmaxCrossEntropyRows(
			logits,
			labels,
			count,
			this.widths.at(-1)!,
			batchTotal,
			this.labelSmoothing,
		);
		this.stack.backward(count, grads, false);
		return result;
	}

	predict(images: Float32Array, count: number, out: Float32Array, outOffset: number): void {
		const [inDim, classes] = [this.widths[0]!, this.widths.at(-1)!];
		for (let start = 0; start < count; start += this.maxRows) {
			const n = Math.min(this.maxRows, count - start);
			this.input(n).set(images.subarray(start * inDim, (start + n) * inDim));
			this.stack.forward(n);
			const probs = this.view(this.stack.logits, n * classes);
			softmaxRows(probs, n, classes);
			out.set(probs, outOffset + start * classes);
		}
	}
}
