/**
 * DigitLab's convolution kernels, one WebAssembly module built in memory on the same shared memory as the dense
 * kernels (mlp-kernels.ts), which the CNN uses for its dense layers. Each op lives in its own module:
 * conv-forward.ts (conv-forward-sparse.ts for sparse inputs), max-pool.ts, conv-backward.ts. All pointers are byte addresses.
 */
import { convBackward } from "./conv-backward";
import { convForward } from "./conv-forward";
import { convForwardSparse, pixelLists } from "./conv-forward-sparse";
import { maxPoolBackward, maxPoolForward } from "./max-pool";
import { MAX_PAGES } from "./mlp-kernels";
import { encodeModule } from "./wasm-asm";

export interface CnnKernels {
	convForward(input: number, inRow: number, pix: number, seg: number, out: number, oh: number, ow: number, w: number, bias: number, coutBytes: number, relu: number): void;
	pixelLists(input: number, pixels: number, cs: number, coutBytes: number, lists: number, ends: number): void;
	convForwardSparse(lists: number, ends: number, inW: number, cs: number, out: number, oh: number, ow: number, w: number, bias: number, coutBytes: number, relu: number): void;
	maxPoolForward(input: number, ow: number, cb: number, ph: number, pw: number, out: number, arg: number, pixIn: number, rowIn: number): void;
	maxPoolBackward(dpool: number, pooled: number, arg: number, cb: number, ph: number, pw: number, pixIn: number, rowIn: number, gradRow: number, list: number): number;
	convBackward(list: number, listEnd: number, input: number, inRow: number, segBytes: number, dwt: number, wt: number, dx: number, db: number): void;
}

let compiled: WebAssembly.Module | undefined;

/** Instantiates the convolution kernels on `memory` (shared, at most MAX_PAGES pages); compiled once per thread. */
export function instantiateCnnKernels(memory: WebAssembly.Memory): CnnKernels {
	compiled ??= new WebAssembly.Module(
		encodeModule(
			[
				{ name: "convForward", fn: convForward() },
				{ name: "pixelLists", fn: pixelLists() },
				{ name: "convForwardSparse", fn: convForwardSparse() },
				{ name: "maxPoolForward", fn: maxPoolForward() },
				{ name: "maxPoolBackward", fn: maxPoolBackward() },
				{ name: "convBackward", fn: convBackward() },
			],
			MAX_PAGES,
		),
	);
	return new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as CnnKernels;
}
