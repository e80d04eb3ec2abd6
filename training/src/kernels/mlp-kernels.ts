/**
 * DigitLab's dense-layer training kernels in WebAssembly SIMD. A drawn digit is ~80% zeros and hidden ReLU
 * activations about half, so each product is built from the non-zero inputs only: a layer's output row is the sum
 * of the weight rows its non-zero inputs select, accumulated 32 floats at a time in registers. Dense tfjs products
 * cannot skip those zeros, and their per-op overhead is as large as the arithmetic at these sizes.
 *
 * All pointers are byte addresses in one shared memory; every row length is in floats.
 */
import { denseForward } from "./dense-forward";
import { inputGrad4 } from "./dense-input-grad";
import { denseWeightGrad } from "./dense-weight-grad";
import { encodeModule, F32, Fn, I32, OP, SIMD, V128 } from "./wasm-asm";

const BLOCK = 8; // v128 accumulators per block: 32 floats

interface RowsArgs {
	/** Pairs (i32 row address, f32 scale), 8 bytes each, at [list, listEnd). */
	list: number;
	listEnd: number;
	/** Row start of the bias (added first), or undefined to start from zero. */
	bias?: number;
	out: number;
	/** Row length in bytes. */
	rowBytes: number;
	/** i32 local: apply max(x, 0) when non-zero. */
	relu?: number;
}

/** out[c] = init[c] + Σ scale · row[c] over the list, then optional ReLU: 32-float blocks, 4-float blocks, scalars. */
function emitRows(f: Fn, a: RowsArgs): void {
	const cb = f.local(I32);
	const jp = f.local(I32);
	const p = f.local(I32);
	const xv = f.local(V128);
	const xs = f.local(F32);
	const acc = Array.from({ length: BLOCK }, () => f.local(V128));
	const accs = f.local(F32);
	const blockOf = (width: number) => {
		const lanes = width / 16;
		f.loop(
			cb,
			() => f.get(cb),
			() => f.get(cb).i32(width).add().get(a.rowBytes).op(0x4c), // cb + width <= rowBytes
			() => f.get(cb).i32(width).add().set(cb),
			() => {
				for (let i = 0; i < lanes; i++) {
					if (a.bias !== undefined) f.get(a.bias).get(cb).add().vload(16 * i).set(acc[i]!);
					else f.vzero().set(acc[i]!);
				}
				f.range(jp, () => f.get(a.list), () => f.get(a.listEnd), 8, () => {
					f.get(jp).fload(4).simd(SIMD.splat).set(xv);
					f.get(jp).iload(0).get(cb).add().set(p);
					for (let i = 0; i < lanes; i++) f.get(acc[i]!).get(xv).get(p).vload(16 * i).simd(SIMD.mul).simd(SIMD.add).set(acc[i]!);
				});
				if (a.relu !== undefined) f.get(a.relu).when(() => {
					for (let i = 0; i < lanes; i++) f.get(acc[i]!).vzero().simd(SIMD.max).set(acc[i]!);
				});
				for (let i = 0; i < lanes; i++) f.get(a.out).get(cb).add().get(acc[i]!).vstore(16 * i);
			},
		);
	};
	f.i32(0).set(cb);
	blockOf(16 * BLOCK);
	// Narrow rows (16 convolution filters) still get four independent accumulators, not one long add chain.
	blockOf(16 * 4);
	blockOf(16);
	f.loop(
		cb,
		() => f.get(cb),
		() => f.get(cb).get(a.rowBytes).op(0x48),
		() => f.get(cb).i32(4).add().set(cb),
		() => {
			if (a.bias !== undefined) f.get(a.bias).get(cb).add().fload().set(accs);
			else f.f32(0).set(accs);
			f.range(jp, () => f.get(a.list), () => f.get(a.listEnd), 8, () => {
				f.get(jp).fload(4).set(xs);
				f.get(accs).get(xs).get(jp).iload(0).get(cb).add().fload().op(0x94).op(0x92).set(accs);
			});
			if (a.relu !== undefined) f.get(a.relu).when(() => f.get(accs).f32(0).op(0x97).set(accs));
			f.get(a.out).get(cb).add().get(accs).fstore();
		},
	);
}

/**
 * forward(x, n, inDim, W, bias, out, units, relu, scratch): out[s] = relu?(bias + Σ_k x[s,k]·W[k]) over the non-zero
 * x[s,k]. scratch holds inDim (address, value) pairs.
 */
function forward(): Fn {
	const f = new Fn([I32, I32, I32, I32, I32, I32, I32, I32, I32]);
	const [x, n, inDim, w, bias, out, units, relu, list] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
	const s = f.local(I32);
	const k = f.local(I32);
	const v = f.local(F32);
	const end = f.local(I32);
	const rowBytes = f.local(I32);
	const xrow = f.local(I32);
	const orow = f.local(I32);
	f.get(units).i32(4).mul().set(rowBytes);
	f.range(s, () => f.i32(0), () => f.get(n), 1, () => {
		f.get(x).get(s).get(inDim).mul().i32(4).mul().add().set(xrow);
		f.get(list).set(end);
		f.range(k, () => f.i32(0), () => f.get(inDim), 1, () => {
			f.get(xrow).get(k).i32(4).mul().add().fload().set(v);
			f.get(end).get(w).get(k).get(rowBytes).mul().add().istore(0);
			f.get(end).get(v).fstore(4);
			f.get(end).get(v).f32(0).op(0x5c).i32(3).op(0x74).add().set(end); // end += (v != 0) << 3
		});
		f.get(out).get(s).get(rowBytes).mul().add().set(orow);
		emitRows(f, { list, listEnd: end, bias, out: orow, rowBytes, relu });
	});
	return f;
}

/**
 * weightGrad(x, n, inDim, dy, units, dW, scratch, rowStride, colStride): dW[k] = Σ_s x[s,k]·dy[s] over the non-zero
 * x[s,k], where x[s,k] is at x + s·rowStride + k·colStride bytes (so x may be stored either way round; each k scans
 * its column, which should be the contiguous direction when n is large). Inputs that are zero in every sample give
 * zero rows. scratch holds n (address, value) pairs. With `add`, the sums start from dW's current rows instead of
 * zero (and all-zero inputs leave them as they are): a batch split over several row blocks, added block after block,
 * gives the same bits as one call over the whole batch.
 */
function weightGrad(add = false): Fn {
	const f = new Fn([I32, I32, I32, I32, I32, I32, I32, I32, I32]);
	const [x, n, inDim, dy, units, dw, list, rowStride, colStride] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
	const s = f.local(I32);
	const k = f.local(I32);
	const v = f.local(F32);
	const end = f.local(I32);
	const rowBytes = f.local(I32);
	const col = f.local(I32);
	const drow = f.local(I32);
	f.get(units).i32(4).mul().set(rowBytes);
	f.range(k, () => f.i32(0), () => f.get(inDim), 1, () => {
		f.get(list).set(end);
		f.get(x).get(k).get(colStride).mul().add().set(col);
		f.range(s, () => f.i32(0), () => f.get(n), 1, () => {
			// Branch-free: always write the pair, advance only past a non-zero (half of ReLU outputs are zero, at random).
			f.get(col).get(s).get(rowStride).mul().add().fload().set(v);
			f.get(end).get(dy).get(s).get(rowBytes).mul().add().istore(0);
			f.get(end).get(v).fstore(4);
			f.get(end).get(v).f32(0).op(0x5c).i32(3).op(0x74).add().set(end); // end += (v != 0) << 3
		});
		f.get(dw).get(k).get(rowBytes).mul().add().set(drow);
		if (add)
			f.get(end).get(list).op(OP.i32Ne).when(() => emitRows(f, { list, listEnd: end, bias: drow, out: drow, rowBytes }));
		else {
			f.get(end).get(list).op(0x46); // i32.eq: no sample has this input
			f.when(
				() => f.get(drow).i32(0).get(rowBytes).op(0xfc, 0x0b, 0x00), // memory.fill
				() => emitRows(f, { list, listEnd: end, out: drow, rowBytes }),
			);
		}
	});
	return f;
}

/**
 * inputGrad(dy, n, units, W, inDim, mask, dx): dx[s,i] = mask[s,i] > 0 ? dy[s]·W[i] : 0 (the ReLU's gradient
 * folded in; mask is the layer's input, i.e. the previous layer's post-ReLU output).
 */
function inputGrad(): Fn {
	const f = new Fn([I32, I32, I32, I32, I32, I32, I32]);
	const [dy, n, units, w, inDim, mask, dx] = [0, 1, 2, 3, 4, 5, 6];
	const s = f.local(I32);
	const i = f.local(I32);
	const cb = f.local(I32);
	const rowBytes = f.local(I32);
	const drow = f.local(I32);
	const wrow = f.local(I32);
	const at = f.local(I32);
	const accs = [f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
	const acc = accs[0]!;
	const r = f.local(F32);
	f.get(units).i32(4).mul().set(rowBytes);
	// Weight row outer, samples inner: a row of W stays in L1 while every sample uses it (the other way round streams
	// all of W, 400 KB for the CNN's first dense layer, from L2 once per sample).
	f.range(i, () => f.i32(0), () => f.get(inDim), 1, () => {
		f.get(w).get(i).get(rowBytes).mul().add().set(wrow);
		f.range(s, () => f.i32(0), () => f.get(n), 1, () => {
			f.get(dy).get(s).get(rowBytes).mul().add().set(drow);
			f.get(s).get(inDim).mul().get(i).add().i32(4).mul().set(at);
			f.f32(0).set(r);
			f.get(mask).get(at).add().fload().f32(0).op(0x5e); // f32.gt
			f.when(() => {
				for (const a of accs) f.vzero().set(a);
				// Four independent sums: one would wait out the add latency at every vector.
				f.loop(cb, () => f.i32(0), () => f.get(cb).i32(64).add().get(rowBytes).op(0x4c), () => f.get(cb).i32(64).add().set(cb), () => {
					accs.forEach((a, k) => f.get(a).get(drow).get(cb).add().vload(16 * k).get(wrow).get(cb).add().vload(16 * k).simd(SIMD.mul).simd(SIMD.add).set(a));
				});
				f.loop(cb, () => f.get(cb), () => f.get(cb).i32(16).add().get(rowBytes).op(0x4c), () => f.get(cb).i32(16).add().set(cb), () => {
					f.get(acc).get(drow).get(cb).add().vload().get(wrow).get(cb).add().vload().simd(SIMD.mul).simd(SIMD.add).set(acc);
				});
				f.get(acc).get(accs[1]!).simd(SIMD.add).get(accs[2]!).get(accs[3]!).simd(SIMD.add).simd(SIMD.add).set(acc);
				for (let lane = 0; lane < 4; lane++) f.get(r).get(acc).simd(SIMD.extractLane, lane).op(0x92).set(r);
				f.loop(cb, () => f.get(cb), () => f.get(cb).get(rowBytes).op(0x48), () => f.get(cb).i32(4).add().set(cb), () => {
					f.get(r).get(drow).get(cb).add().fload().get(wrow).get(cb).add().fload().op(0x94).op(0x92).set(r);
				});
			});
			f.get(dx).get(at).add().get(r).fstore();
		});
	});
	return f;
}

/** columnSum(dy, n, units, out): out[c] = Σ_s dy[s,c] (a bias gradient); with `add`, out[c] += Σ_s dy[s,c], in order. */
function columnSum(add = false): Fn {
	const f = new Fn([I32, I32, I32, I32]);
	const [dy, n, units, out] = [0, 1, 2, 3];
	const s = f.local(I32);
	const cb = f.local(I32);
	const rowBytes = f.local(I32);
	const acc = f.local(V128);
	const r = f.local(F32);
	f.get(units).i32(4).mul().set(rowBytes);
	f.loop(cb, () => f.i32(0), () => f.get(cb).i32(16).add().get(rowBytes).op(0x4c), () => f.get(cb).i32(16).add().set(cb), () => {
		if (add) f.get(out).get(cb).add().vload().set(acc);
		else f.vzero().set(acc);
		f.range(s, () => f.i32(0), () => f.get(n), 1, () => f.get(acc).get(dy).get(s).get(rowBytes).mul().add().get(cb).add().vload().simd(SIMD.add).set(acc));
		f.get(out).get(cb).add().get(acc).vstore();
	});
	f.loop(cb, () => f.get(cb), () => f.get(cb).get(rowBytes).op(0x48), () => f.get(cb).i32(4).add().set(cb), () => {
		if (add) f.get(out).get(cb).add().fload().set(r);
		else f.f32(0).set(r);
		f.range(s, () => f.i32(0), () => f.get(n), 1, () => f.get(r).get(dy).get(s).get(rowBytes).mul().add().get(cb).add().fload().op(0x92).set(r));
		f.get(out).get(cb).add().get(r).fstore();
	});
	return f;
}

/**
 * adam(w, m, v, g, gStride, workers, start, end, rate, beta1, beta2, epsilon): sums the workers' gradients (g,
 * g + gStride, …, in worker order) over bytes [start, end) (multiples of 16) and applies one Adam step there.
 * `rate` already carries the bias correction.
 */
function adam(): Fn {
	const f = new Fn([I32, I32, I32, I32, I32, I32, I32, I32, F32, F32, F32, F32]);
	const [w, m, v, g, gStride, workers, start, end, rate, beta1, beta2, epsilon] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
	const p = f.local(I32);
	const k = f.local(I32);
	const gv = f.local(V128);
	const mv = f.local(V128);
	const vv = f.local(V128);
	const splat = (local: number) => f.get(local).simd(SIMD.splat);
	const oneMinus = (local: number) => f.f32(1).get(local).op(0x93).simd(SIMD.splat);
	f.loop(p, () => f.get(start), () => f.get(p).get(end).op(0x48), () => f.get(p).i32(16).add().set(p), () => {
		f.get(g).get(p).add().vload().set(gv);
		f.range(k, () => f.i32(1), () => f.get(workers), 1, () => f.get(gv).get(g).get(k).get(gStride).mul().add().get(p).add().vload().simd(SIMD.add).set(gv));
		splat(beta1).get(m).get(p).add().vload().simd(SIMD.mul);
		oneMinus(beta1).get(gv).simd(SIMD.mul).simd(SIMD.add).set(mv);
		splat(beta2).get(v).get(p).add().vload().simd(SIMD.mul);
		oneMinus(beta2).get(gv).get(gv).simd(SIMD.mul).simd(SIMD.mul).simd(SIMD.add).set(vv);
		f.get(m).get(p).add().get(mv).vstore();
		f.get(v).get(p).add().get(vv).vstore();
		f.get(w).get(p).add();
		f.get(w).get(p).add().vload();
		splat(rate).get(mv).simd(SIMD.mul);
		f.get(vv).simd(SIMD.sqrt);
		splat(epsilon).simd(SIMD.add).simd(SIMD.div).simd(SIMD.sub).vstore();
	});
	return f;
}

export interface MlpKernels {
	forward(x: number, n: number, inDim: number, w: number, bias: number, out: number, units: number, relu: number, scratch: number): void;
	weightGrad(x: number, n: number, inDim: number, dy: number, units: number, dw: number, scratch: number, rowStride: number, colStride: number): void;
	inputGrad(dy: number, n: number, units: number, w: number, inDim: number, mask: number, dx: number): void;
	/** forward for mostly non-zero inputs, units a multiple of 4, no scratch (dense-forward.ts). */
	denseForward(x: number, n: number, inDim: number, w: number, bias: number, out: number, units: number, relu: number): void;
	/** weightGrad for mostly non-zero, row-major inputs, units a multiple of 4, no scratch (dense-weight-grad.ts). */
	denseWeightGrad(x: number, n: number, inDim: number, dy: number, units: number, dw: number): void;
	/** inputGrad for units and inDim multiples of 4 (dense-input-grad.ts). */
	inputGrad4(dy: number, n: number, units: number, w: number, inDim: number, mask: number, dx: number): void;
	columnSum(dy: number, n: number, units: number, out: number): void;
	/** weightGrad that adds to dW's rows (a later block of the batch's rows). */
	weightGradAdd(x: number, n: number, inDim: number, dy: number, units: number, dw: number, scratch: number, rowStride: number, colStride: number): void;
	/** columnSum that adds to out. */
	columnSumAdd(dy: number, n: number, units: number, out: number): void;
	adam(w: number, m: number, v: number, g: number, gStride: number, workers: number, start: number, end: number, rate: number, beta1: number, beta2: number, epsilon: number): void;
}

let compiled: WebAssembly.Module | undefined;
export const MAX_PAGES = 32768;

/** Instantiates the kernels on `memory` (shared, at most MAX_PAGES pages). The module is compiled once per thread. */
export function instantiateKernels(memory: WebAssembly.Memory): MlpKernels {
	compiled ??= new WebAssembly.Module(
		encodeModule(
			[
				{ name: "forward", fn: forward() },
				{ name: "weightGrad", fn: weightGrad() },
				{ name: "inputGrad", fn: inputGrad() },
				{ name: "inputGrad4", fn: inputGrad4() },
				{ name: "denseForward", fn: denseForward() },
				{ name: "denseWeightGrad", fn: denseWeightGrad() },
				{ name: "columnSum", fn: columnSum() },
				{ name: "weightGradAdd", fn: weightGrad(true) },
				{ name: "columnSumAdd", fn: columnSum(true) },
				{ name: "adam", fn: adam() },
			],
			MAX_PAGES,
		),
	);
	return new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as MlpKernels;
}
