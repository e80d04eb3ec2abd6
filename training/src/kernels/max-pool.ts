/**
 * 2×2, stride-2, valid max pooling of one ReLU'd convolution output, forward and backward, in WebAssembly SIMD.
 *
 * The forward pass keeps, for every pooled value, where its window's first maximum was (TF.js's choice on ties),
 * already expressed as the byte offset of that convolution pixel's 3×3 patch in the convolution's input. The
 * backward pass turns the pooled gradient straight into the convolution's sparse output gradient: one entry per
 * pooled value that passes a gradient, i.e. whose maximum is positive (ReLU) and whose gradient is not zero. Three
 * of every four convolution outputs never get a gradient, and ReLU removes more: the convolution's backward pass
 * (conv-backward.ts) then works on a few hundred entries per image instead of every output.
 *
 * Layout: conv output [OH][OW][C], pooled [PH][PW][C] with PH = ⌊OH/2⌋ (an odd last row and column are dropped),
 * C padded to a multiple of 4; `cb` is C in bytes.
 */
import { F32, Fn, I32, OP, SIMD, V128 } from "./wasm-asm";

/** Bytes per backward entry: patch offset (i32), gradient row offset (i32), gradient (f32), channel byte (i32). */
export const ENTRY_BYTES = 16;

/**
 * maxPool(in, ow, cb, ph, pw, out, arg, pixIn, rowIn): out = the window maxima; arg = the patch offset of the first
 * maximum's convolution pixel relative to its window's first pixel (0, pixIn, rowIn or rowIn + pixIn: the byte strides
 * of a pixel and a row of the convolution's input).
 */
export function maxPoolForward(): Fn {
	const f = new Fn([I32, I32, I32, I32, I32, I32, I32, I32, I32]);
	const [input, ow, cb, ph, pw, out, arg, pixIn, rowIn] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
	const py = f.local(I32);
	const px = f.local(I32);
	const c = f.local(I32);
	const a = f.local(I32);
	const rowBytes = f.local(I32);
	const e = f.local(I32);
	const [va, vb, vc, vd, m] = [f.local(V128), f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
	const [dB, dC, dD] = [f.local(V128), f.local(V128), f.local(V128)];
	f.get(ow).get(cb).mul().set(rowBytes);
	f.get(pixIn).simd(SIMD.i32x4Splat).set(dB);
	f.get(rowIn).simd(SIMD.i32x4Splat).set(dC);
	f.get(rowIn).get(pixIn).add().simd(SIMD.i32x4Splat).set(dD);
	f.i32(0).set(e);
	f.range(py, () => f.i32(0), () => f.get(ph), 1, () => {
		f.range(px, () => f.i32(0), () => f.get(pw), 1, () => {
			// First pixel of the window: (2py, 2px).
			f.get(input).get(py).i32(2).mul().get(rowBytes).mul().add().get(px).i32(2).mul().get(cb).mul().add().set(a);
			f.range(c, () => f.i32(0), () => f.get(cb), 16, () => {
				f.get(a).get(c).add().vload().set(va);
				f.get(a).get(c).add().get(cb).add().vload().set(vb);
				f.get(a).get(c).add().get(rowBytes).add().vload().set(vc);
				f.get(a).get(c).add().get(rowBytes).add().get(cb).add().vload().set(vd);
				f.get(va).get(vb).simd(SIMD.pmax).get(vc).get(vd).simd(SIMD.pmax).simd(SIMD.pmax).set(m);
				f.get(out).get(e).add().get(m).vstore();
				// bitselect(x, y, mask) = mask ? x : y, lane by lane: the first of a, b, c, d equal to the maximum.
				f.get(arg).get(e).add();
				f.vzero();
				f.get(dB);
				f.get(dC).get(dD).get(vc).get(m).simd(SIMD.eq).simd(SIMD.bitselect);
				f.get(vb).get(m).simd(SIMD.eq).simd(SIMD.bitselect);
				f.get(va).get(m).simd(SIMD.eq).simd(SIMD.bitselect);
				f.vstore();
				f.get(e).i32(16).add().set(e);
			});
		});
	});
	return f;
}

/**
 * maxPoolBackward(dpool, pooled, arg, cb, ph, pw, pixIn, rowIn, gradRow, list) → end of the list: for every pooled
 * value with pooled > 0 and dpool ≠ 0 one entry (patch offset of its convolution pixel, channel · gradRow, dpool,
 * channel · 4), in pooled order. `gradRow` is the byte length of one channel's row of the transposed kernel gradient.
 */
export function maxPoolBackward(): Fn {
	const f = new Fn([I32, I32, I32, I32, I32, I32, I32, I32, I32, I32], [I32]);
	const [dpool, pooled, arg, cb, ph, pw, pixIn, rowIn, gradRow, list] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
	const py = f.local(I32);
	const px = f.local(I32);
	const c = f.local(I32);
	const e = f.local(I32);
	const end = f.local(I32);
	const base = f.local(I32);
	const row = f.local(I32);
	const g = f.local(F32);
	f.get(list).set(end);
	f.i32(0).set(e);
	f.range(py, () => f.i32(0), () => f.get(ph), 1, () => {
		f.range(px, () => f.i32(0), () => f.get(pw), 1, () => {
			f.get(py).i32(2).mul().get(rowIn).mul().get(px).i32(2).mul().get(pixIn).mul().add().set(base);
			f.i32(0).set(row);
			f.range(c, () => f.i32(0), () => f.get(cb), 16, () => {
				// Four channels without a gradient (the common case) cost one test.
				f.get(dpool).get(e).add().vload().vzero().simd(SIMD.ne);
				f.get(pooled).get(e).add().vload().vzero().simd(SIMD.gt).simd(SIMD.and).simd(SIMD.anyTrue);
				f.when(() => {
					for (let lane = 0; lane < 4; lane++) {
						f.get(dpool).get(e).add().fload(4 * lane).set(g);
						// Branch-free: always write the entry, keep it only when it carries a gradient.
						f.get(end).get(base).get(arg).get(e).add().iload(4 * lane).add().istore(0);
						f.get(end).get(row).istore(4);
						f.get(end).get(g).fstore(8);
						f.get(end).get(c).i32(4 * lane).add().istore(12);
						f.get(g).f32(0).op(OP.f32Ne);
						f.get(pooled).get(e).add().fload(4 * lane).f32(0).op(OP.f32Gt);
						f.op(OP.i32And).i32(4).op(OP.i32Shl).get(end).add().set(end);
						f.get(row).get(gradRow).add().set(row);
					}
				}, () => f.get(row).get(gradRow).i32(4).mul().add().set(row));
				f.get(e).i32(16).add().set(e);
			});
		});
	});
	f.get(end);
	return f;
}
