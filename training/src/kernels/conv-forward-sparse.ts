/**
 * The 3×3 convolution forward pass of conv-forward.ts for inputs that are mostly zeros: a pooled ReLU output (about
 * a third of a trained digit's first-stage features are non-zero). Each input pixel's non-zero channels are listed
 * once per image; each output pixel then sums, over its 9 input pixels, only the kernel rows those lists select,
 * into the same register accumulators. The dense kernel multiplies every input float 9 times whatever its value.
 *
 * Lists: pixel p owns cs slots of 8 bytes (byte offset of the channel's kernel row, value) at lists + p·cs·8, and
 * ends[p] is the address just past its last non-zero.
 */
import { F32, Fn, I32, OP, SIMD, V128 } from "./wasm-asm";

const BLOCKS = [8, 4, 1];

/** pixelLists(in, pixels, cs, coutBytes, lists, ends): the non-zero channels of each of `pixels` input pixels. */
export function pixelLists(): Fn {
	const f = new Fn([I32, I32, I32, I32, I32, I32]);
	const [input, pixels, cs, coutBytes, lists, ends] = [0, 1, 2, 3, 4, 5];
	const p = f.local(I32);
	const c = f.local(I32);
	const src = f.local(I32);
	const end = f.local(I32);
	const row = f.local(I32);
	const v = f.local(F32);
	f.get(input).set(src);
	f.get(lists).set(end);
	f.range(p, () => f.i32(0), () => f.get(pixels), 1, () => {
		f.i32(0).set(row);
		f.range(c, () => f.i32(0), () => f.get(cs), 1, () => {
			// Branch-free: always write the slot, keep it only for a non-zero.
			f.get(src).fload().set(v);
			f.get(end).get(row).istore(0);
			f.get(end).get(v).fstore(4);
			f.get(v).f32(0).op(OP.f32Ne).i32(3).op(OP.i32Shl).get(end).add().set(end);
			f.get(row).get(coutBytes).add().set(row);
			f.get(src).i32(4).add().set(src);
		});
		f.get(ends).get(p).i32(4).mul().add().get(end).istore();
		// The next pixel's slots start at a fixed place whatever this one kept.
		f.get(lists).get(p).i32(1).add().get(cs).mul().i32(8).mul().add().set(end);
	});
	return f;
}

/**
 * convSparse(lists, ends, inW, cs, out, oh, ow, w, bias, coutBytes, relu): as conv3x3 of conv-forward.ts, reading
 * the input through its pixel lists (`inW`: input width in pixels).
 */
export function convForwardSparse(): Fn {
	const f = new Fn([I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32]);
	const [lists, ends, inW, cs, out, oh, ow, w, bias, coutBytes, relu] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
	const y = f.local(I32);
	const x = f.local(I32);
	const cb = f.local(I32);
	const i = f.local(I32);
	const j = f.local(I32);
	const pixel = f.local(I32);
	const e = f.local(I32);
	const end = f.local(I32);
	const tap = f.local(I32);
	const tapBytes = f.local(I32);
	const wrow = f.local(I32);
	const o = f.local(I32);
	const s = f.local(V128);
	const acc = Array.from({ length: BLOCKS[0]! }, () => f.local(V128));
	f.get(cs).get(coutBytes).mul().set(tapBytes);
	f.get(out).set(o);
	f.range(y, () => f.i32(0), () => f.get(oh), 1, () => {
		f.range(x, () => f.i32(0), () => f.get(ow), 1, () => {
			f.i32(0).set(cb);
			for (const lanes of BLOCKS) {
				const width = lanes * 16;
				f.loop(
					cb,
					() => f.get(cb),
					() => f.get(cb).i32(width).add().get(coutBytes).op(OP.i32LeS),
					() => f.get(cb).i32(width).add().set(cb),
					() => {
						for (let v = 0; v < lanes; v++) f.get(bias).get(cb).add().vload(16 * v).set(acc[v]!);
						f.get(w).get(cb).add().set(tap);
						f.range(i, () => f.i32(0), () => f.i32(3), 1, () => {
							f.get(y).get(i).add().get(inW).mul().get(x).add().set(pixel);
							f.range(j, () => f.i32(0), () => f.i32(3), 1, () => {
								f.get(lists).get(pixel).get(cs).mul().i32(8).mul().add().set(e);
								f.get(ends).get(pixel).i32(4).mul().add().iload().set(end);
								f.range(e, () => f.get(e), () => f.get(end), 8, () => {
									f.get(e).simd(SIMD.load32Splat, 2, 4).set(s);
									f.get(tap).get(e).iload().add().set(wrow);
									for (let v = 0; v < lanes; v++) f.get(acc[v]!).get(s).get(wrow).vload(16 * v).simd(SIMD.mul).simd(SIMD.add).set(acc[v]!);
								});
								f.get(tap).get(tapBytes).add().set(tap);
								f.get(pixel).i32(1).add().set(pixel);
							});
						});
						f.get(relu).when(() => {
							for (let v = 0; v < lanes; v++) f.vzero().get(acc[v]!).simd(SIMD.pmax).set(acc[v]!);
						});
						for (let v = 0; v < lanes; v++) f.get(o).get(cb).add().get(acc[v]!).vstore(16 * v);
					},
				);
			}
			f.get(o).get(coutBytes).add().set(o);
		});
	});
	return f;
}
