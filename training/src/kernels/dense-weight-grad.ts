/**
 * A dense layer's weight gradient, dW[k] = Σ_s x[s,k]·dy[s], for inputs that are mostly non-zero (the CNN's pooled
 * features) and widths that are multiples of 4; mlp-kernels.ts's weightGrad skips zero inputs instead (pixels).
 * Blocks of 2 inputs × 4 vectors of outputs: 8 accumulators, each dy load shared by both inputs, one sample per
 * iteration (dy of a 64-sample share, 32 KB for 128 outputs, stays in L1).
 *
 * Sums run over s in order from +0, as the sparse kernel's do over the non-zero x[s,k]: the same bits.
 */
import { Fn, I32, OP, SIMD, V128 } from "./wasm-asm";

/** denseWeightGrad(x, n, inDim, dy, units, dW): units a multiple of 4; x row-major [n][inDim]. */
export function denseWeightGrad(): Fn {
	const f = new Fn([I32, I32, I32, I32, I32, I32]);
	const [x, n, inDim, dy, units, dw] = [0, 1, 2, 3, 4, 5];
	const k = f.local(I32);
	const cb = f.local(I32);
	const wide = f.local(I32);
	const rowBytes = f.local(I32);
	const inBytes = f.local(I32);
	const xp = f.local(I32);
	const dp = f.local(I32);
	const dEnd = f.local(I32);
	const o = f.local(I32);
	const splat = [f.local(V128), f.local(V128)];
	const dv = f.local(V128);
	const acc = [0, 1].map(() => [0, 1, 2, 3].map(() => f.local(V128)));

	/** Inputs k … k+inputs-1, `lanes` vectors of outputs from byte cb. */
	const block = (inputs: number, lanes: number) => {
		for (let r = 0; r < inputs; r++) for (let v = 0; v < lanes; v++) f.vzero().set(acc[r]![v]!);
		f.get(x).get(k).i32(4).mul().add().set(xp);
		f.get(dy).get(cb).add().set(dp);
		f.get(dp).get(n).get(rowBytes).mul().add().set(dEnd);
		f.loop(dp, () => f.get(dp), () => f.get(dp).get(dEnd).op(OP.i32LtS), () => {
			f.get(dp).get(rowBytes).add().set(dp);
			f.get(xp).get(inBytes).add().set(xp);
		}, () => {
			for (let r = 0; r < inputs; r++) f.get(xp).fload(4 * r).simd(SIMD.splat).set(splat[r]!);
			for (let v = 0; v < lanes; v++) {
				f.get(dp).vload(16 * v).set(dv);
				for (let r = 0; r < inputs; r++) f.get(acc[r]![v]!).get(splat[r]!).get(dv).simd(SIMD.mul).simd(SIMD.add).set(acc[r]![v]!);
			}
		});
		for (let v = 0; v < lanes; v++) f.get(o).get(cb).add().get(acc[0]![v]!).vstore(16 * v);
		if (inputs === 2) for (let v = 0; v < lanes; v++) f.get(o).get(rowBytes).add().get(cb).add().get(acc[1]![v]!).vstore(16 * v);
	};
	const inputsAt = (inputs: number) => {
		f.get(dw).get(k).get(rowBytes).mul().add().set(o);
		f.range(cb, () => f.i32(0), () => f.get(wide), 64, () => block(inputs, 4));
		f.range(cb, () => f.get(wide), () => f.get(rowBytes), 16, () => block(inputs, 1));
	};

	f.get(units).i32(4).mul().set(rowBytes);
	f.get(inDim).i32(4).mul().set(inBytes);
	f.get(units).i32(16).op(0x6e).i32(64).mul().set(wide); // whole 4-vector blocks: ⌊units / 16⌋ · 64 bytes
	f.range(k, () => f.i32(0), () => f.get(inDim).i32(1).sub(), 2, () => inputsAt(2));
	f.get(k).get(inDim).op(OP.i32LtS).when(() => inputsAt(1));
	return f;
}
