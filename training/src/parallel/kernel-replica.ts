import type { MlpKernels } from "../kernels/mlp-kernels";
import type { Replica } from "./replica";
import { softmaxCrossEntropyRows, softmaxRows } from "./replica";
import type { SharedState } from "./shared-state";

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
		if (kernel.length !== 2 || bias.length !== 1 || kernel[0] !== widths.at(-1) || bias[0] !== kernel[1]) return undefined;
		widths.push(kernel[1]!);
	}
	return widths;
}

/** Scratch bytes one worker needs: activations and deltas of every layer for `rows` rows, and the kernels' lists. */
export function kernelScratchBytes(widths: number[], rows: number): number {
	const floats = widths.reduce((sum, w) => sum + 2 * rows * w, 0);
	return floats * 4 + 8 * Math.max(rows, ...widths) + 64 * widths.length * 2;
}

/**
 * An MLP replica on DigitLab's SIMD kernels: it reads the weights where they are, in shared memory (no copy per
 * step), and writes its gradient straight into its shared gradient buffer.
 */
export class KernelReplica implements Replica {
	/** Byte addresses of each layer's activations (act[0] is the input) and deltas, in this worker's scratch. */
	private readonly act: number[] = [];
	private readonly delta: number[] = [];
	private readonly list: number;
	private readonly maxRows: number;

	constructor(
		private readonly kernels: MlpKernels,
		private readonly state: SharedState,
		private readonly index: number,
		private readonly widths: number[],
		maxRows: number,
	) {
		this.maxRows = maxRows;
		let top = state.at.scratch + index * state.at.scratchBytes;
		const alloc = (bytes: number) => {
			const start = top;
			top += Math.ceil(bytes / 64) * 64;
			return start;
		};
		for (const w of widths) {
			this.act.push(alloc(maxRows * w * 4));
			this.delta.push(alloc(maxRows * w * 4));
		}
		this.list = alloc(8 * Math.max(maxRows, ...widths));
		if (top > state.at.scratch + (index + 1) * state.at.scratchBytes) throw new Error("kernel scratch overflow");
	}

	private view(address: number, floats: number): Float32Array {
		return new Float32Array(this.state.memory.buffer, address, floats);
	}

	/** Byte address of the kernel (2l) or bias (2l+1) of layer l in a parameter buffer starting at `base`. */
	private param(base: number, variable: number): number {
		return base + this.state.layout.offsets[variable]! * 4;
	}

	input(rows: number): Float32Array {
		return this.view(this.act[0]!, rows * this.widths[0]!);
	}

	loadWeights(): void {}

	private forward(count: number): void {
		const { kernels, widths, state } = this;
		const layers = widths.length - 1;
		for (let l = 1; l <= layers; l++) {
			const relu = l < layers ? 1 : 0;
			kernels.forward(this.act[l - 1]!, count, widths[l - 1]!, this.param(state.at.weights, 2 * (l - 1)), this.param(state.at.weights, 2 * (l - 1) + 1), this.act[l]!, widths[l]!, relu, this.list);
		}
	}

	gradient(labels: Int32Array, count: number, batchTotal: number): { lossSum: number; correct: number } {
		const { kernels, widths, state } = this;
		const layers = widths.length - 1;
		const grads = state.at.grads + this.index * state.layout.total * 4;
		if (count === 0) {
			state.grads.fill(0, this.index * state.layout.total, (this.index + 1) * state.layout.total);
			return { lossSum: 0, correct: 0 };
		}
		this.forward(count);
		const classes = widths[layers]!;
		// The output layer's delta is computed in place over its logits.
		const logits = this.view(this.act[layers]!, count * classes);
		const result = softmaxCrossEntropyRows(logits, labels, count, classes, batchTotal);
		for (let l = layers; l >= 1; l--) {
			const dy = l === layers ? this.act[layers]! : this.delta[l]!;
			kernels.weightGrad(this.act[l - 1]!, count, widths[l - 1]!, dy, widths[l]!, this.param(grads, 2 * (l - 1)), this.list, widths[l - 1]! * 4, 4);
			kernels.columnSum(dy, count, widths[l]!, this.param(grads, 2 * (l - 1) + 1));
			if (l > 1) kernels.inputGrad(dy, count, widths[l]!, this.param(state.at.weights, 2 * (l - 1)), widths[l - 1]!, this.act[l - 1]!, this.delta[l - 1]!);
		}
		return result;
	}

	predict(images: Float32Array, count: number, out: Float32Array, outOffset: number): void {
		const [inDim, classes] = [this.widths[0]!, this.widths.at(-1)!];
		for (let start = 0; start < count; start += this.maxRows) {
			const n = Math.min(this.maxRows, count - start);
			this.input(n).set(images.subarray(start * inDim, (start + n) * inDim));
			this.forward(n);
			const probs = this.view(this.act.at(-1)!, n * classes);
			softmaxRows(probs, n, classes);
			out.set(probs, outOffset + start * classes);
		}
	}
}
