/**
 * A dense layer's forward pass, out[s] = relu?(bias + Σ_k x[s,k]·W[k]), for inputs that are mostly non-zero (the
 * CNN's pooled features, ~85% after a little training) and widths that are multiples of 4; mlp-kernels.ts's forward
 * skips zero inputs instead (a digit's pixels). The register blocking of conv-forward.ts: 2 samples × 4 vectors of
 * outputs, each weight load shared by both samples, one input per iteration. Inputs go in chunks of CHUNK, whose
 * rows of W (32 KB for 128 outputs) stay in L1 while every sample uses them; the sums so far wait in `out`. Without
 * the chunks every pair of samples streams all of W (400 KB for the CNN's head) from beyond L2 inside a real step.
 *
 * The sums run over k in order, as the sparse kernel's do over the non-zero k: adding the zeros changes no float
 * sum, so both kernels give the same bits.
 */
import { Fn, I32, OP, SIMD, V128 } from "./wasm-asm";

const CHUNK = 64;

/** denseForward(x, n, inDim, W, bias, out, units, relu): units a multiple of 4. */
export function denseForward(): Fn {
	const f = new Fn([I32, I32, I32, I32, I32, I32, I32, I32]);
	const [x, n, inDim, w, bias, out, units, relu] = [0, 1, 2, 3, 4, 5, 6, 7];
	const s = f.local(I32);
	const cb = f.local(I32);
	const wide = f.local(I32);
	const rowBytes = f.local(I32);
	const inBytes = f.local(I32);
	const xp = [f.local(I32), f.local(I32)];
	const xEnd = f.local(I32);
	const k0 = f.local(I32);
	const k1 = f.local(I32);
	const wp = f.local(I32);
	const o = f.local(I32);
	const splat = [f.local(V128), f.local(V128)];
	const wv = f.local(V128);
	const acc = [0, 1].map(() => [0, 1, 2, 3].map(() => f.local(V128)));

	/** Samples s … s+rows-1, `lanes` vectors of outputs from byte cb. */
	const block = (rows: number, lanes: number) => {
		// The first chunk starts from the bias, the others from the sums so far.
		f.get(k0).op(OP.i32Eqz).when(
			() => {
				for (let r = 0; r < rows; r++) for (let v = 0; v < lanes; v++) f.get(bias).get(cb).add().vload(16 * v).set(acc[r]![v]!);
			},
			() => {
				for (let v = 0; v < lanes; v++) f.get(o).get(cb).add().vload(16 * v).set(acc[0]![v]!);
				if (rows === 2) for (let v = 0; v < lanes; v++) f.get(o).get(rowBytes).add().get(cb).add().vload(16 * v).set(acc[1]![v]!);
			},
		);
		f.get(x).get(s).get(inBytes).mul().add().get(k0).i32(4).mul().add().set(xp[0]!);
		f.get(xp[0]!).get(inBytes).add().set(xp[1]!);
		f.get(x).get(s).get(inBytes).mul().add().get(k1).i32(4).mul().add().set(xEnd);
		f.get(w).get(k0).get(rowBytes).mul().add().get(cb).add().set(wp);
		f.loop(xp[0]!, () => f.get(xp[0]!), () => f.get(xp[0]!).get(xEnd).op(OP.i32LtS), () => {
			f.get(xp[0]!).i32(4).add().set(xp[0]!);
			f.get(xp[1]!).i32(4).add().set(xp[1]!);
			f.get(wp).get(rowBytes).add().set(wp);
		}, () => {
			for (let r = 0; r < rows; r++) f.get(xp[r]!).fload().simd(SIMD.splat).set(splat[r]!);
			for (let v = 0; v < lanes; v++) {
				f.get(wp).vload(16 * v).set(wv);
				for (let r = 0; r < rows; r++) f.get(acc[r]![v]!).get(splat[r]!).get(wv).simd(SIMD.mul).simd(SIMD.add).set(acc[r]![v]!);
			}
		});
		f.get(relu).get(k1).get(inDim).op(OP.i32Eq).op(OP.i32And).when(() => {
			for (let r = 0; r < rows; r++) for (let v = 0; v < lanes; v++) f.vzero().get(acc[r]![v]!).simd(SIMD.pmax).set(acc[r]![v]!);
		});
		for (let v = 0; v < lanes; v++) f.get(o).get(cb).add().get(acc[0]![v]!).vstore(16 * v);
		if (rows === 2) for (let v = 0; v < lanes; v++) f.get(o).get(rowBytes).add().get(cb).add().get(acc[1]![v]!).vstore(16 * v);
	};
	/** Every output of `rows` samples: 4-vector blocks, then single vectors. */
	const samples = (rows: number) => {
		f.get(out).get(s).get(rowBytes).mul().add().set(o);
		f.range(cb, () => f.i32(0), () => f.get(wide), 64, () => block(rows, 4));
		f.range(cb, () => f.get(wide), () => f.get(rowBytes), 16, () => block(rows, 1));
	};

	f.get(units).i32(4).mul().set(rowBytes);
	f.get(inDim).i32(4).mul().set(inBytes);
	f.get(units).i32(16).op(0x6e).i32(64).mul().set(wide); // whole 4-vector blocks: ⌊units / 16⌋ · 64 bytes
	f.range(k0, () => f.i32(0), () => f.get(inDim), CHUNK, () => {
		f.get(k0).i32(CHUNK).add().set(k1);
		f.get(k1).get(inDim).op(OP.i32LtS).when(() => {}, () => f.get(inDim).set(k1));
		f.range(s, () => f.i32(0), () => f.get(n).i32(1).sub(), 2, () => samples(2));
		f.get(s).get(n).op(OP.i32LtS).when(() => samples(1));
	});
	return f;
}
