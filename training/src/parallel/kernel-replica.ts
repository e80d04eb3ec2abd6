import type { MlpKernels } from "../kernels/mlp-kernels";
import { rowAlignedSlices } from "./param-slices";
import type { Replica, SlicedSteps } from "./replica";
import { softmaxCrossEntropyRows, softmaxRows } from "./replica";
import { type SharedState, shareOf } from "./shared-state";
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

/**
 * The cost of one row of a slice's gradient (an input's row of a kernel, or a bias) and Adam step, in units of one
 * float's Adam update: scanning the batch's column for non-zero inputs (ROW_SCAN), then per float the Adam update
 * and, for each non-zero input, a product (INK_PRODUCTS × the input's non-zero fraction). Fitted to MLP-256's
 * per-step figures (a 784×256 kernel row ≈ 1.8 µs at MNIST's 19% ink, a 256×10 row ≈ 0.86 µs at ReLU's ~50%).
 * Pixel rows differ: a digit's middle rows hold most of its ink, its borders almost none.
 */
const ROW_SCAN = 200;
const INK_PRODUCTS = 3.7;
/** Non-zero fraction assumed for inputs whose ink is not given (hidden ReLU outputs). */
const HIDDEN_INK = 0.5;

/** Per input pixel, the fraction of `images` (row-major, `size` values each; at most `limit` of them) where it is non-zero. */
export function inputInk(images: Float32Array, size: number, limit = 10000): number[] {
	const count = Math.min(limit, Math.floor(images.length / size));
	const ink = new Array<number>(size).fill(0);
	for (let i = 0; i < count; i++) for (let k = 0; k < size; k++) if (images[i * size + k] !== 0) ink[k]! += 1;
	return ink.map((n) => n / Math.max(1, count));
}

/** Scratch bytes one worker needs: activations and deltas of every layer for `rows` rows, and the kernels' lists. */
export const kernelScratchBytes = denseScratchBytes;

/**
 * An MLP replica on DigitLab's SIMD kernels: it reads the weights where they are, in shared memory (no copy per
 * step), and writes its gradient straight into its shared gradient buffer. In training it takes parameter-sliced
 * steps (replica.ts, SlicedSteps): every worker's scratch has the same layout, so a worker finds another's
 * activations and deltas at its own addresses plus the distance between their scratch slices.
 */
export class KernelReplica implements Replica {
	private readonly stack: DenseStack;
	readonly sliced: SlicedSteps;

	constructor(
		kernels: MlpKernels,
		private readonly state: SharedState,
		private readonly index: number,
		private readonly widths: number[],
		private readonly maxRows: number,
		/** inputInk of the training images, to balance the slices (uniform ink without it). */
		ink?: readonly number[],
		private readonly labelSmoothing = 0,
	) {
		const { alloc, done } = scratchAllocator(state, index);
		this.stack = new DenseStack(kernels, state, widths, 0, alloc, maxRows);
		done("kernel");
		const meanInk = ink && ink.length > 0 ? ink.reduce((a, b) => a + b, 0) / ink.length : 0.19;
		const slice = rowAlignedSlices(state.layout, state.workers, (v, row, floats) => {
			const kernelRow = state.layout.shapes[v]!.length === 2;
			const rowInk = !kernelRow ? 1 : v > 0 ? HIDDEN_INK : (ink?.[row] ?? meanInk);
			return ROW_SCAN + floats * (1 + INK_PRODUCTS * rowInk);
		})[index]!;
		const ownGrads = state.at.grads + index * state.layout.total * 4;
		this.sliced = {
			slice,
			deltas: (labels, count, batchTotal) => this.deltas(labels, count, batchTotal),
			gradient: (batchTotal) => {
				const blocks = Array.from({ length: state.workers }, (_, w) => {
					const [lo, hi] = shareOf(batchTotal, state.workers, w);
					return [(w - index) * state.at.scratchBytes, hi - lo] as const;
				});
				this.stack.sliceGradient(blocks, ownGrads, slice[0], slice[1]);
			},
		};
	}

	private deltas(labels: Int32Array, count: number, batchTotal: number): { lossSum: number; correct: number } {
		if (count === 0) return { lossSum: 0, correct: 0 };
		this.stack.forward(count);
		const logits = this.view(this.stack.logits, count * this.widths.at(-1)!);
		const result = softmaxCrossEntropyRows(
			logits,
			labels,
			count,
			this.widths.at(-1)!,
			batchTotal,
			this.labelSmoothing,
		);
		this.stack.deltas(count);
		return result;
	}

	private view(address: number, floats: number): Float32Array {
		return new Float32Array(this.state.memory.buffer, address, floats);
	}

	input(rows: number): Float32Array {
		return this.view(this.stack.act[0]!, rows * this.widths[0]!);
	}

	loadWeights(): void {}

	/** The whole share's gradient by the same two halves as a training step, with this worker holding every row. */
	gradient(labels: Int32Array, count: number, batchTotal: number): { lossSum: number; correct: number } {
		const { state } = this;
		const grads = state.at.grads + this.index * state.layout.total * 4;
		const result = this.deltas(labels, count, batchTotal);
		this.stack.sliceGradient([[0, count]], grads, 0, state.layout.total);
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
