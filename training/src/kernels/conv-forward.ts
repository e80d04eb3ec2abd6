/**
 * A valid, stride-1, 3×3 convolution of one image with bias and optional ReLU, in WebAssembly SIMD, generated for
 * one stage's geometry (conv-layout.ts).
 *
 * Layout (NHWC, channels padded to a multiple of 4 so a pixel is whole vectors):
 *   in   [H][W][cs]          cs floats per pixel (1 for the image itself)
 *   w    [3·3·cs][cp]        rows (i, j, c), i.e. TF.js's [3][3][cs][cp]
 *   out  [OH][OW][cp]
 * For a kernel row i the taps (j, c) are 3·cs consecutive floats of the input and 3·cs consecutive rows of w: im2col
 * without writing the patches. Two neighbouring output pixels share every weight load: 2 pixels × 4 vectors = 8
 * accumulators, which with two splats and four weights fit x64's 16 vector registers (8 vectors of one pixel make V8
 * spill). One tap per loop iteration: with two or more V8 loads every operand first and spills. Generated per stage,
 * so strides and sizes are constants.
 */
import type { ConvStage } from "./conv-layout";
import { Fn, I32, OP, SIMD, V128 } from "./wasm-asm";

/** conv{stage}(in, out, w, bias, relu, scratch): one image (`scratch` unused: conv-winograd.ts's signature). */
export function convForward(s: ConvStage): Fn {
	const f = new Fn([I32, I32, I32, I32, I32, I32]);
	const [input, out, w, bias, relu] = [0, 1, 2, 3, 4];
	const pix = s.cs * 4;
	const inRow = s.w * pix;
	const coutBytes = s.cp * 4;
	const y = f.local(I32);
	const x = f.local(I32);
	const cb = f.local(I32);
	const pin = f.local(I32);
	const wb = f.local(I32);
	const pi = f.local(I32);
	const pEnd = f.local(I32);
	// A digit is ~80% background: for the image (one channel) a pair of output pixels whose whole input window is
	// zero is just the bias, so the taps are skipped. Deeper inputs are rarely zero over a window.
	const skipBlank = s.cs === 1;
	const blank = f.local(I32);
	const o = f.local(I32);
	const splat = [f.local(V128), f.local(V128)];
	const wv = f.local(V128);
	const acc = [0, 1].map(() => Array.from({ length: 4 }, () => f.local(V128)));

	/** One block: `pixels` output pixels from `pin`, `lanes` vectors of output channels from byte `cb`, into `o`. */
	const block = (pixels: number, lanes: number) => {
		for (let p = 0; p < pixels; p++) for (let v = 0; v < lanes; v++) f.get(bias).get(cb).add().vload(16 * v).set(acc[p]![v]!);
		if (skipBlank && pixels === 2) f.get(blank).op(OP.i32Eqz).when(() => taps(pixels, lanes));
		else taps(pixels, lanes);
		f.get(relu).when(() => {
			for (let p = 0; p < pixels; p++) for (let v = 0; v < lanes; v++) f.vzero().get(acc[p]![v]!).simd(SIMD.pmax).set(acc[p]![v]!);
		});
		for (let p = 0; p < pixels; p++) for (let v = 0; v < lanes; v++) f.get(o).get(cb).add().get(acc[p]![v]!).vstore(p * coutBytes + 16 * v);
	};
	const taps = (pixels: number, lanes: number) => {
		for (let i = 0; i < 3; i++) {
			f.get(pin).i32(i * inRow).add().set(pi);
			f.get(w).get(cb).add().i32(i * s.seg * coutBytes).add().set(wb);
			// Constant offsets from pointers that move every iteration: offsets from a pointer that is fixed in a loop
			// are hoisted out of it by V8 and spilled.
			f.get(pi).i32(s.seg * 4).add().set(pEnd);
			f.loop(pi, () => f.get(pi), () => f.get(pi).get(pEnd).op(OP.i32LtS), () => {
				f.get(pi).i32(4).add().set(pi);
				f.get(wb).i32(coutBytes).add().set(wb);
			}, () => {
				// f32.load folds its offset into the address; v128.load32_splat does not (V8 11), see above.
				for (let p = 0; p < pixels; p++) f.get(pi).fload(p * pix).simd(SIMD.splat).set(splat[p]!);
				for (let v = 0; v < lanes; v++) {
					f.get(wb).vload(16 * v).set(wv);
					for (let p = 0; p < pixels; p++) f.get(acc[p]![v]!).get(splat[p]!).get(wv).simd(SIMD.mul).simd(SIMD.add).set(acc[p]![v]!);
				}
			});
		}
	};
	/** All output channels of `pixels` pixels: 4-vector blocks, then single vectors. */
	const pixelsAt = (pixels: number) => {
		const wide = Math.floor(s.cp / 16) * 64;
		f.range(cb, () => f.i32(0), () => f.i32(wide), 64, () => block(pixels, 4));
		f.range(cb, () => f.i32(wide), () => f.i32(coutBytes), 16, () => block(pixels, 1));
	};

	f.get(out).set(o);
	f.range(y, () => f.i32(0), () => f.i32(s.oh), 1, () => {
		f.get(input).get(y).i32(inRow).mul().add().set(pin);
		f.range(x, () => f.i32(0), () => f.i32(s.ow - 1), 2, () => {
			if (skipBlank) {
				// The pair's input window: 3 rows of 4 one-channel pixels, one vector each.
				f.get(pin).vload(0).get(pin).vload(inRow).simd(SIMD.or).get(pin).vload(2 * inRow).simd(SIMD.or);
				f.vzero().simd(SIMD.ne).simd(SIMD.anyTrue).op(OP.i32Eqz).set(blank);
			}
			pixelsAt(2);
			f.get(pin).i32(2 * pix).add().set(pin);
			f.get(o).i32(2 * coutBytes).add().set(o);
		});
		if (s.ow % 2 === 1) {
			pixelsAt(1);
			f.get(o).i32(coutBytes).add().set(o);
		}
	});
	return f;
}
