/**
 * The 3×3 convolution forward pass of conv-forward.ts for stages after the first, by Winograd's F(2×2, 3×3): each
 * 2×2 block of outputs ("tile") costs 16 multiplications per input-output channel pair instead of 36.
 *
 *   V = Bᵀ d B   the 4×4 input patch of a tile, per input channel (additions only)
 *   U = G g Gᵀ   each 3×3 kernel as 4×4 (once per weight update, in JS: winogradKernel)
 *   M[ξ] = V[ξ] · U[ξ]   for each of the 16 positions ξ, a product over input channels: the register-blocked
 *                        product of conv-forward.ts, 2 tiles × 4 vectors of output channels
 *   Y = Aᵀ M A   the tile's 2×2 outputs (additions only), then bias and ReLU
 * Tiles cover ⌈OH/2⌉ × ⌈OW/2⌉ (the image is copied into a zero-padded buffer first), and the output keeps that padded
 * width: a stage's `outW` is the row stride pooling reads (its pooling never reaches the padding). Transforms go
 * through small scratch buffers one direction at a time, so V8 never holds more than a handful of vectors.
 */
import type { ConvStage } from "./conv-layout";
import { Fn, I32, SIMD, V128 } from "./wasm-asm";

/** Padded input, transformed input and products of one pair of tiles, and a transform's halfway values. */
export function winogradScratchBytes(s: ConvStage): number {
	const [hp, wp] = [2 * Math.ceil(s.oh / 2) + 2, 2 * Math.ceil(s.ow / 2) + 2];
	return 4 * (hp * wp * s.cs + 16 * 2 * s.cs + 16 * 2 * s.cp + 16 * 4) + 64;
}

/** U[ξ][c][f] = (G g Gᵀ)[ξ] for each 3×3 kernel g of TF.js's [3][3][cin][filters]; padding stays zero. */
export function winogradKernel(s: ConvStage, kernel: Float32Array, out: Float32Array): void {
	const g = new Float64Array(9);
	const t = new Float64Array(12);
	for (let c = 0; c < s.cin; c++) {
		for (let f = 0; f < s.filters; f++) {
			for (let k = 0; k < 9; k++) g[k] = kernel[(k * s.cin + c) * s.filters + f]!;
			// G g: rows g0, (g0+g1+g2)/2, (g0-g1+g2)/2, g2 (g_i the kernel's rows); then the same on the columns.
			for (let j = 0; j < 3; j++) {
				t[j] = g[j]!;
				t[3 + j] = (g[j]! + g[3 + j]! + g[6 + j]!) / 2;
				t[6 + j] = (g[j]! - g[3 + j]! + g[6 + j]!) / 2;
				t[9 + j] = g[6 + j]!;
			}
			for (let r = 0; r < 4; r++) {
				const [a, b, d] = [t[3 * r]!, t[3 * r + 1]!, t[3 * r + 2]!];
				const row = [a, (a + b + d) / 2, (a - b + d) / 2, d];
				for (let q = 0; q < 4; q++) out[((r * 4 + q) * s.cs + c) * s.cp + f] = row[q]!;
			}
		}
	}
}

/** conv{stage}(in, out, u, bias, relu, scratch): one image; `out` is [2⌈OH/2⌉][2⌈OW/2⌉][cp]. */
export function convForwardWinograd(s: ConvStage): Fn {
	const f = new Fn([I32, I32, I32, I32, I32, I32]);
	const [input, out, u, bias, relu, scratch] = [0, 1, 2, 3, 4, 5];
	const [th, tw] = [Math.ceil(s.oh / 2), Math.ceil(s.ow / 2)];
	const [hp, wp] = [2 * th + 2, 2 * tw + 2];
	const pix = s.cs * 4;
	const [inRow, padRow, outRow, cb] = [s.w * pix, wp * pix, 2 * tw * s.cp * 4, s.cp * 4];
	// Scratch layout (bytes): padded input, V [16][2][cs], M [16][2][cp], a transform's halfway vectors [16].
	const padBytes = hp * padRow;
	const [vAt, mAt, tAt] = [padBytes, padBytes + 32 * pix, padBytes + 32 * pix + 32 * cb];
	const [y, ty, tx, k, xi, c, vp, up, mp] = Array.from({ length: 9 }, () => f.local(I32));
	const tile = f.local(I32);
	const o = f.local(I32);
	const [a0, a1, a2, a3] = [f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
	const splat = [f.local(V128), f.local(V128)];
	const wv = f.local(V128);
	const acc = [0, 1].map(() => [0, 1, 2, 3].map(() => f.local(V128)));
	const tmp = (i: number) => f.get(scratch).i32(tAt + 16 * i).add();

	/** b0..b3 from a0..a3 by Bᵀ's rows (a0−a2, a1+a2, a2−a1, a1−a3), each stored through `store(i)`. */
	const bt = (store: (i: number, value: () => void) => void) => {
		store(0, () => f.get(a0).get(a2).simd(SIMD.sub));
		store(1, () => f.get(a1).get(a2).simd(SIMD.add));
		store(2, () => f.get(a2).get(a1).simd(SIMD.sub));
		store(3, () => f.get(a1).get(a3).simd(SIMD.sub));
	};
	/** V of the tile at `tile` (address of its top-left pixel in the padded input) into slot `t` of V. */
	const inputTransform = (t: number) => {
		f.range(c, () => f.i32(0), () => f.i32(pix), 16, () => {
			// Columns first: halfway[r][q] = (Bᵀ d)[r][q]; then rows: V[r][q] = (halfway B)[r][q].
			for (let q = 0; q < 4; q++) {
				[a0, a1, a2, a3].forEach((a, r) => f.get(tile).get(c).add().vload(r * padRow + q * pix).set(a));
				bt((r, value) => {
					tmp(r * 4 + q);
					value();
					f.vstore();
				});
			}
			for (let r = 0; r < 4; r++) {
				[a0, a1, a2, a3].forEach((a, q) => tmp(r * 4 + q).vload().set(a));
				bt((q, value) => {
					f.get(scratch).get(c).add();
					value();
					f.vstore(vAt + ((r * 4 + q) * 2 + t) * pix);
				});
			}
		});
	};
	/** M[ξ][t] = Σ_c V[ξ][t][c] · U[ξ][c] for `tiles` tiles, 4-vector blocks of output channels, then single vectors. */
	const products = (tiles: number) => {
		f.range(xi, () => f.i32(0), () => f.i32(16), 1, () => {
			const block = (lanes: number) => {
				for (let t = 0; t < tiles; t++) for (let v = 0; v < lanes; v++) f.vzero().set(acc[t]![v]!);
				f.get(scratch).get(xi).i32(2 * pix).mul().add().i32(vAt).add().set(vp);
				f.get(u).get(xi).i32(s.cs * cb).mul().add().get(c).add().set(up);
				f.range(k, () => f.i32(0), () => f.i32(s.cs), 1, () => {
					for (let t = 0; t < tiles; t++) f.get(vp).fload(t * pix).simd(SIMD.splat).set(splat[t]!);
					for (let v = 0; v < lanes; v++) {
						f.get(up).vload(16 * v).set(wv);
						for (let t = 0; t < tiles; t++) f.get(acc[t]![v]!).get(splat[t]!).get(wv).simd(SIMD.mul).simd(SIMD.add).set(acc[t]![v]!);
					}
					f.get(vp).i32(4).add().set(vp);
					f.get(up).i32(cb).add().set(up);
				});
				f.get(scratch).get(xi).i32(2 * cb).mul().add().get(c).add().i32(mAt).add().set(mp);
				for (let t = 0; t < tiles; t++) for (let v = 0; v < lanes; v++) f.get(mp).get(acc[t]![v]!).vstore(t * cb + 16 * v);
			};
			const wide = Math.floor(s.cp / 16) * 64;
			f.range(c, () => f.i32(0), () => f.i32(wide), 64, () => block(4));
			f.range(c, () => f.i32(wide), () => f.i32(cb), 16, () => block(1));
		});
	};
	/** Y = Aᵀ M A of slot `t` + bias, ReLU, into the output tile at `o` (+ t·2 pixels). */
	const outputTransform = (t: number) => {
		f.range(c, () => f.i32(0), () => f.i32(cb), 16, () => {
			// Columns first: halfway[r][q] for r = 0, 1 (m0+m1+m2, m1−m2−m3); then rows, the same on each row.
			for (let q = 0; q < 4; q++) {
				[a0, a1, a2, a3].forEach((a, r) => f.get(scratch).get(c).add().vload(mAt + ((r * 4 + q) * 2 + t) * cb).set(a));
				tmp(q);
				f.get(a0).get(a1).simd(SIMD.add).get(a2).simd(SIMD.add).vstore();
				tmp(4 + q);
				f.get(a1).get(a2).simd(SIMD.sub).get(a3).simd(SIMD.sub).vstore();
			}
			for (let r = 0; r < 2; r++) {
				[a0, a1, a2, a3].forEach((a, q) => tmp(r * 4 + q).vload().set(a));
				for (let q = 0; q < 2; q++) {
					f.get(o).get(c).add();
					if (q === 0) f.get(a0).get(a1).simd(SIMD.add).get(a2).simd(SIMD.add);
					else f.get(a1).get(a2).simd(SIMD.sub).get(a3).simd(SIMD.sub);
					f.get(bias).get(c).add().vload().simd(SIMD.add).set(wv);
					f.get(relu).when(() => f.vzero().get(wv).simd(SIMD.pmax).set(wv));
					f.get(wv).vstore(r * outRow + (2 * t + q) * cb);
				}
			}
		});
	};

	// The padded copy: zeros, then the image's rows.
	f.get(scratch).i32(0).i32(padBytes).op(0xfc, 0x0b, 0x00); // memory.fill
	f.range(y, () => f.i32(0), () => f.i32(s.h), 1, () => {
		f.get(scratch).get(y).i32(padRow).mul().add();
		f.get(input).get(y).i32(inRow).mul().add();
		f.i32(inRow).op(0xfc, 0x0a, 0x00, 0x00); // memory.copy
	});
	f.range(ty, () => f.i32(0), () => f.i32(th), 1, () => {
		f.range(tx, () => f.i32(0), () => f.i32(tw - 1), 2, () => {
			f.get(scratch).get(ty).i32(2 * padRow).mul().add().get(tx).i32(2 * pix).mul().add().set(tile);
			inputTransform(0);
			f.get(tile).i32(2 * pix).add().set(tile);
			inputTransform(1);
			products(2);
			f.get(out).get(ty).i32(2 * outRow).mul().add().get(tx).i32(2 * cb).mul().add().set(o);
			outputTransform(0);
			outputTransform(1);
		});
		if (tw % 2 === 1) {
			f.get(scratch).get(ty).i32(2 * padRow).mul().add().i32((tw - 1) * 2 * pix).add().set(tile);
			inputTransform(0);
			products(1);
			f.get(out).get(ty).i32(2 * outRow).mul().add().i32((tw - 1) * 2 * cb).add().set(o);
			outputTransform(0);
		}
	});
	return f;
}
