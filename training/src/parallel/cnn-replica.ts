import { type CnnKernels, poolBackward, poolForward } from "../kernels/cnn-kernels";
import {
	type CnnGeometry,
	type ConvStage,
	forwardFloats,
	packForward,
	packTransposed,
	transposedFloats,
	unpackGradient,
} from "../kernels/conv-layout";
import { winogradKernel, winogradScratchBytes } from "../kernels/conv-winograd";
import { ENTRY_BYTES } from "../kernels/max-pool";
import type { MlpKernels } from "../kernels/mlp-kernels";
import { type Alloc, DenseStack, denseScratchBytes, scratchAllocator } from "./dense-stack";
import type { Replica } from "./replica";
import { softmaxCrossEntropyRows, softmaxRows } from "./replica";
import type { SharedState } from "./shared-state";

/** Byte addresses of one stage's buffers in a worker's scratch. */
interface StageBuffers {
	/** Pooled outputs and their maxima's patch offsets, [rows][ph][pw][cp] each. */
	pooled: number;
	arg: number;
	/** Weights in the kernels' layouts, and the kernel and bias gradients being summed over the share. */
	wf: number;
	bias: number;
	wt: number;
	dwt: number;
	db: number;
	/** Gradient with respect to this stage's input, one image (stages after the first). */
	dx: number;
}

/** Where a replica keeps everything in its scratch (bench:cnn times its ops on these buffers). */
export interface CnnPlan {
	images: number;
	stages: StageBuffers[];
	/** One image's convolution output, reused by every stage, and the Winograd kernel's scratch. */
	convOut: number;
	convScratch: number;
	list: number;
	/** Flattened rows in TF.js's order, when the last stage's channels are padded (else the pooled rows are it). */
	flat?: number;
	/** One image's flattened gradient re-padded, in that case. */
	dflatPadded?: number;
	head: DenseStack | undefined;
}

const poolFloats = (s: ConvStage) => s.ph * s.pw * s.cp;
/** Slack after a buffer whose last patch runs may read one vector past its end (the image's padded runs). */
const SLACK = 16;

function plan(geo: CnnGeometry, rows: number, alloc: Alloc, head?: (input: number | undefined) => DenseStack): CnnPlan {
	const first = geo.stages[0]!;
	const images = alloc(rows * first.h * first.w * first.cs * 4 + SLACK);
	const stages = geo.stages.map((s, i): StageBuffers => ({
		pooled: alloc(rows * poolFloats(s) * 4 + SLACK),
		arg: alloc(rows * poolFloats(s) * 4),
		wf: alloc(forwardFloats(s) * 4),
		bias: alloc(s.cp * 4),
		wt: alloc(transposedFloats(s) * 4),
		dwt: alloc(transposedFloats(s) * 4),
		db: alloc(s.cp * 4),
		dx: i === 0 ? 0 : alloc(s.h * s.w * s.cs * 4 + SLACK),
	}));
	const convOut = alloc(Math.max(...geo.stages.map((s) => s.outH * s.outW * s.cp)) * 4);
	const convScratch = alloc(Math.max(...geo.stages.map((s) => (s.winograd ? winogradScratchBytes(s) : 0))));
	const list = alloc(Math.max(...geo.stages.map(poolFloats)) * ENTRY_BYTES);
	const last = geo.stages.at(-1)!;
	const padded = last.cp !== last.filters;
	const flat = padded ? alloc(rows * geo.dense[0]! * 4) : undefined;
	const dflatPadded = padded ? alloc(poolFloats(last) * 4) : undefined;
	return {
		images,
		stages,
		convOut,
		convScratch,
		list,
		flat,
		dflatPadded,
		head: head?.(flat ?? stages.at(-1)!.pooled),
	};
}

/** Scratch bytes one worker needs for the CNN at `rows` images per call. */
export function cnnScratchBytes(geo: CnnGeometry, rows: number): number {
	let top = 0;
	plan(geo, rows, (bytes) => {
		const start = top;
		top += Math.ceil(bytes / 64) * 64;
		return start;
	});
	return top + denseScratchBytes(geo.dense, rows) + 64;
}

/**
 * A CNN replica on DigitLab's SIMD kernels: per image, each convolution (bias and ReLU fused) and its 2×2 pooling
 * (remembering where each maximum was); then the dense head over the whole share on the dense kernels; backward, per
 * image, each pooling turns its gradient into the convolution's sparse output gradient and the convolution adds its
 * kernel, bias and input gradients from those entries. Gradients go straight into the worker's shared buffer.
 */
export class CnnReplica implements Replica {
	private readonly p: CnnPlan;
	private readonly head: DenseStack;

	constructor(
		mlp: MlpKernels,
		private readonly cnn: CnnKernels,
		private readonly state: SharedState,
		private readonly index: number,
		private readonly geo: CnnGeometry,
		private readonly maxRows: number,
		private readonly labelSmoothing = 0,
	) {
		const { alloc, done } = scratchAllocator(state, index);
		this.p = plan(
			geo,
			maxRows,
			alloc,
			(input) => new DenseStack(mlp, state, geo.dense, geo.firstDense, alloc, maxRows, input, true),
		);
		this.head = this.p.head!;
		done("CNN kernel");
	}

	private view(address: number, floats: number): Float32Array {
		return new Float32Array(this.state.memory.buffer, address, floats);
	}

	private variable(base: Float32Array, v: number): Float32Array {
		const { offsets, sizes } = this.state.layout;
		return base.subarray(offsets[v]!, offsets[v]! + sizes[v]!);
	}

	input(rows: number): Float32Array {
		const s = this.geo.stages[0]!;
		return this.view(this.p.images, rows * s.h * s.w * s.cs);
	}

	/** Repacks the convolution weights into the kernels' layouts (the dense head reads the shared weights in place). */
	loadWeights(): void {
		this.geo.stages.forEach((s, i) => {
			const b = this.p.stages[i]!;
			const kernel = this.variable(this.state.weights, s.kernel);
			(s.winograd ? winogradKernel : packForward)(s, kernel, this.view(b.wf, forwardFloats(s)));
			packTransposed(s, kernel, this.view(b.wt, transposedFloats(s)));
			this.view(b.bias, s.cp).set(this.variable(this.state.weights, s.bias));
		});
	}

	/** Where stage `i` of image `r` reads its input, and that input's pixel and row strides in bytes. */
	private stageInput(i: number, r: number): [number, number, number] {
		const s = this.geo.stages[i]!;
		const at =
			i === 0
				? this.p.images + r * s.h * s.w * s.cs * 4
				: this.p.stages[i - 1]!.pooled + r * poolFloats(this.geo.stages[i - 1]!) * 4;
		return [at, s.cs * 4, s.w * s.cs * 4];
	}

	private forward(count: number): void {
		const { cnn, geo, p } = this;
		for (let r = 0; r < count; r++) {
			geo.stages.forEach((s, i) => {
				const [input, pix, row] = this.stageInput(i, r);
				const b = p.stages[i]!;
				const at = r * poolFloats(s) * 4;
				cnn.stages[i]!.forward(input, p.convOut, b.wf, b.bias, 1, p.convScratch);
				poolForward(cnn, s, p.convOut, b.pooled + at, b.arg + at, pix, row);
			});
		}
		if (p.flat !== undefined) this.flatten(count);
		this.head.forward(count);
	}

	/** Pooled [ph][pw][cp] → flattened [ph·pw·filters] (TF.js's order) when the last stage's channels are padded. */
	private flatten(count: number): void {
		const s = this.geo.stages.at(-1)!;
		const pixels = s.ph * s.pw;
		const pooled = this.view(this.p.stages.at(-1)!.pooled, count * pixels * s.cp);
		const flat = this.view(this.p.flat!, count * pixels * s.filters);
		for (let q = 0; q < count * pixels; q++)
			flat.set(pooled.subarray(q * s.cp, q * s.cp + s.filters), q * s.filters);
	}

	gradient(labels: Int32Array, count: number, batchTotal: number): { lossSum: number; correct: number } {
		const { state, geo, p, cnn } = this;
		const total = state.layout.total;
		const grads = state.grads.subarray(this.index * total, (this.index + 1) * total);
		if (count === 0) {
			grads.fill(0);
			return { lossSum: 0, correct: 0 };
		}
		this.forward(count);
		const classes = geo.dense.at(-1)!;
		const result = softmaxCrossEntropyRows(
			this.view(this.head.logits, count * classes),
			labels,
			count,
			classes,
			batchTotal,
			this.labelSmoothing,
		);
		this.head.backward(count, state.at.grads + this.index * total * 4, true);
		geo.stages.forEach((s, i) => {
			this.view(p.stages[i]!.dwt, transposedFloats(s)).fill(0);
			this.view(p.stages[i]!.db, s.cp).fill(0);
		});
		for (let r = 0; r < count; r++) {
			let dpool = this.head.delta[0]! + r * geo.dense[0]! * 4;
			if (p.dflatPadded !== undefined) dpool = this.unflatten(dpool);
			for (let i = geo.stages.length - 1; i >= 0; i--) {
				const s = geo.stages[i]!;
				const b = p.stages[i]!;
				const [input, pix, row] = this.stageInput(i, r);
				const at = r * poolFloats(s) * 4;
				const end = poolBackward(cnn, s, dpool, b.pooled + at, b.arg + at, pix, row, p.list);
				if (i > 0) this.view(b.dx, s.h * s.w * s.cs).fill(0);
				cnn.stages[i]!.backward(p.list, end, input, b.dwt, b.wt, b.dx, b.db);
				dpool = b.dx;
			}
		}
		geo.stages.forEach((s, i) => {
			unpackGradient(s, this.view(p.stages[i]!.dwt, transposedFloats(s)), this.variable(grads, s.kernel));
			this.variable(grads, s.bias).set(this.view(p.stages[i]!.db, s.filters));
		});
		return result;
	}

	/** One image's flattened gradient → the padded pooled layout, in a scratch row; returns its address. */
	private unflatten(dflat: number): number {
		const s = this.geo.stages.at(-1)!;
		const pixels = s.ph * s.pw;
		const src = this.view(dflat, pixels * s.filters);
		const dst = this.view(this.p.dflatPadded!, pixels * s.cp);
		for (let q = 0; q < pixels; q++) dst.set(src.subarray(q * s.filters, (q + 1) * s.filters), q * s.cp);
		return this.p.dflatPadded!;
	}

	predict(images: Float32Array, count: number, out: Float32Array, outOffset: number): void {
		const size = this.geo.stages[0]!.h * this.geo.stages[0]!.w;
		const classes = this.geo.dense.at(-1)!;
		for (let start = 0; start < count; start += this.maxRows) {
			const n = Math.min(this.maxRows, count - start);
			this.input(n).set(images.subarray(start * size, (start + n) * size));
			this.forward(n);
			const probs = this.view(this.head.logits, n * classes);
			softmaxRows(probs, n, classes);
			out.set(probs, outOffset + start * classes);
		}
	}
}
