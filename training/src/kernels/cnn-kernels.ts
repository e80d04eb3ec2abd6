/**
 * DigitLab's convolution kernels, one WebAssembly module built in memory on the same shared memory as the dense
 * kernels (mlp-kernels.ts), which the CNN uses for its dense layers. Each op lives in its own module:
 * conv-forward.ts or conv-winograd.ts (generated per stage: its geometry is baked in), max-pool.ts, conv-backward.ts. All pointers are byte addresses.
 */
import { convBackward } from "./conv-backward";
import { convForward } from "./conv-forward";
import { convForwardWinograd } from "./conv-winograd";
import type { ConvStage } from "./conv-layout";
import { maxPoolBackward, maxPoolForward } from "./max-pool";
import { MAX_PAGES } from "./mlp-kernels";
import { encodeModule, type Export } from "./wasm-asm";

export interface StageKernels {
	/** One image: out = relu?(conv(in, w) + bias), in the stage's layouts (rows of `outW` pixels). */
	forward(input: number, out: number, w: number, bias: number, relu: number, scratch: number): void;
	/** One image's gradient entries (maxPoolBackward's) into dWᵀ, db and (after the first stage) dx. */
	backward(list: number, listEnd: number, input: number, dwt: number, wt: number, dx: number, db: number): void;
}

export interface CnnKernels {
	stages: StageKernels[];
	maxPoolForward(
		input: number,
		ow: number,
		cb: number,
		ph: number,
		pw: number,
		out: number,
		arg: number,
		pixIn: number,
		rowIn: number,
	): void;
	maxPoolBackward(
		dpool: number,
		pooled: number,
		arg: number,
		cb: number,
		ph: number,
		pw: number,
		pixIn: number,
		rowIn: number,
		gradRow: number,
		list: number,
	): number;
}

/**
 * Max pooling of one image at stage `s`: its convolution output (rows of `s.outW` pixels) into `pooled` and `arg`;
 * `pix`/`row` are the byte strides of the stage's input pixels and rows, which the argmax is recorded against.
 */
export function poolForward(
	kernels: CnnKernels,
	s: ConvStage,
	conv: number,
	pooled: number,
	arg: number,
	pix: number,
	row: number,
): void {
	kernels.maxPoolForward(conv, s.outW, s.cp * 4, s.ph, s.pw, pooled, arg, pix, row);
}

/** Pooling backward of one image at stage `s`: its pooled gradient into gradient entries at `list`; returns their end. */
export function poolBackward(
	kernels: CnnKernels,
	s: ConvStage,
	dpool: number,
	pooled: number,
	arg: number,
	pix: number,
	row: number,
	list: number,
): number {
	return kernels.maxPoolBackward(dpool, pooled, arg, s.cp * 4, s.ph, s.pw, pix, row, 3 * s.segBytes, list);
}

/** Compiled modules by stage geometry (a thread trains one model, tests several). */
const compiled = new Map<string, WebAssembly.Module>();

/** Instantiates the kernels for `stages` on `memory` (shared, at most MAX_PAGES pages). */
export function instantiateCnnKernels(memory: WebAssembly.Memory, stages: ConvStage[]): CnnKernels {
	const key = JSON.stringify(stages.map((s) => [s.h, s.w, s.cs, s.cp, s.inputGradient, s.winograd]));
	let module = compiled.get(key);
	if (!module) {
		const functions: Export[] = [
			{ name: "maxPoolForward", fn: maxPoolForward() },
			{ name: "maxPoolBackward", fn: maxPoolBackward() },
			...stages.map((s, i) => ({
				name: `forward${i}`,
				fn: s.winograd ? convForwardWinograd(s) : convForward(s),
			})),
			...stages.map((s, i) => ({ name: `backward${i}`, fn: convBackward(s) })),
		];
		module = new WebAssembly.Module(encodeModule(functions, MAX_PAGES));
		compiled.set(key, module);
	}
	const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as Record<
		string,
		(...args: number[]) => number
	>;
	return {
		...(exports as unknown as Omit<CnnKernels, "stages">),
		stages: stages.map((_, i) => ({
			forward: exports[`forward${i}`] as StageKernels["forward"],
			backward: exports[`backward${i}`] as StageKernels["backward"],
		})),
	};
}
