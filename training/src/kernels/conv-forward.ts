/**
 * A valid, stride-1, 3×3 convolution of one image with bias and optional ReLU, in WebAssembly SIMD.
 *
 * Layout (every activation NHWC, channels padded to a multiple of 4 so a pixel is whole vectors):
 *   in   [H][W][cs]          cs floats per pixel (1 for the image itself)
 *   w    [3·3·cs][cout]      rows (i, j, c), i.e. TF.js's [3][3][cs][cout] with cout padded
 *   out  [OH][OW][cout]
 * For a fixed kernel row i the taps (j, c) are 3·cs consecutive floats in the input and 3·cs consecutive rows of w,
 * so each output pixel is three short dot products, i.e. im2col without writing the patches: every input float is
 * splatted once per output pixel that sees it and multiplied into up to 8 vector accumulators (32 output channels)
 * held in registers; wider layers take several passes.
 */
import { Fn, I32, SIMD, V128 } from "./wasm-asm";

/** Accumulator widths in vectors, widest first: a block is repeated while it fits in the output row. */
const BLOCKS = [8, 4, 1];

/**
 * conv3x3(in, inRow, pix, seg, out, oh, ow, w, bias, coutBytes, relu): `inRow` and `pix` are the byte strides of an
 * input row and pixel, `seg` = 3·cs (floats per kernel row), `coutBytes` the padded output pixel in bytes (× 16).
 */
export function convForward(): Fn {
	const f = new Fn([I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32]);
	const [input, inRow, pix, seg, out, oh, ow, w, bias, coutBytes, relu] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
	const y = f.local(I32);
	const x = f.local(I32);
	const cb = f.local(I32);
	const pin = f.local(I32);
	const p = f.local(I32);
	const pEnd = f.local(I32);
	const wp = f.local(I32);
	const i = f.local(I32);
	const o = f.local(I32);
	const segBytes = f.local(I32);
	const skip = f.local(I32);
	const s = f.local(V128);
	const acc = Array.from({ length: BLOCKS[0]! }, () => f.local(V128));
	f.get(seg).i32(4).mul().set(segBytes);
	// From the end of one kernel row's taps to the start of the next row's.
	f.get(inRow).get(segBytes).sub().set(skip);
	f.get(out).set(o);
	f.range(y, () => f.i32(0), () => f.get(oh), 1, () => {
		f.range(x, () => f.i32(0), () => f.get(ow), 1, () => {
			f.get(input).get(y).get(inRow).mul().add().get(x).get(pix).mul().add().set(pin);
			f.i32(0).set(cb);
			for (const lanes of BLOCKS) {
				const width = lanes * 16;
				f.loop(
					cb,
					() => f.get(cb),
					() => f.get(cb).i32(width).add().get(coutBytes).op(0x4c), // cb + width <= coutBytes
					() => f.get(cb).i32(width).add().set(cb),
					() => {
						for (let v = 0; v < lanes; v++) f.get(bias).get(cb).add().vload(16 * v).set(acc[v]!);
						f.get(pin).set(p);
						f.get(w).get(cb).add().set(wp);
						f.range(i, () => f.i32(0), () => f.i32(3), 1, () => {
							f.get(p).get(segBytes).add().set(pEnd);
							f.loop(
								p,
								() => f.get(p),
								() => f.get(p).get(pEnd).op(0x48), // p < pEnd
								() => {
									f.get(p).i32(4).add().set(p);
									f.get(wp).get(coutBytes).add().set(wp);
								},
								() => {
									f.get(p).simd(SIMD.load32Splat, 2, 0).set(s);
									for (let v = 0; v < lanes; v++) f.get(acc[v]!).get(s).get(wp).vload(16 * v).simd(SIMD.mul).simd(SIMD.add).set(acc[v]!);
								},
							);
							f.get(p).get(skip).add().set(p);
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
