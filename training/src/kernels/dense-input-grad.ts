/**
 * A dense layer's input gradient with the ReLU mask folded in, dx[s,i] = x[s,i] > 0 ? dy[s]·W[i] : 0, for layers
 * whose widths are multiples of 4 (the CNN's first dense layer; mlp-kernels.ts's inputGrad takes any width).
 *
 * Blocks of 2 samples × 4 inputs: 8 dot products in 8 vector accumulators share each load of dy and of W, then a
 * shuffle transpose sums each sample's 4 accumulators into one vector of 4 results, masked with one vector compare
 * and stored whole. Every dot is computed, masked or not: a data-dependent branch per dot (a third of them masked,
 * at random) and its lane-by-lane reduction cost more than the multiplications they skip.
 */
import { Fn, I32, SIMD, V128 } from "./wasm-asm";

/** i8x16.shuffle lane bytes for f32 lanes: 0-3 from the first operand, 4-7 from the second. */
const lanes = (...f32: number[]) => f32.flatMap((l) => [0, 1, 2, 3].map((b) => l * 4 + b));

/** inputGrad4(dy, n, units, W, inDim, mask, dx): as inputGrad, with units and inDim multiples of 4. */
export function inputGrad4(): Fn {
	const f = new Fn([I32, I32, I32, I32, I32, I32, I32]);
	const [dy, n, units, w, inDim, mask, dx] = [0, 1, 2, 3, 4, 5, 6];
	const s = f.local(I32);
	const i = f.local(I32);
	const cb = f.local(I32);
	const rowBytes = f.local(I32);
	const inBytes = f.local(I32);
	const d0 = f.local(I32);
	const wr = [f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
	const at = f.local(I32);
	const dv = [f.local(V128), f.local(V128)];
	const wv = f.local(V128);
	const acc = [0, 1].map(() => [0, 1, 2, 3].map(() => f.local(V128)));
	const [t0, t1] = [f.local(V128), f.local(V128)];

	/** [Σa, Σb, Σc, Σd] of four accumulators, left on the stack. */
	const sum4 = (a: number[]) => {
		// (a0+a2, b0+b2, a1+a3, b1+b3) and the same for c, d; then pair them up.
		f.get(a[0]!).get(a[1]!).simd(0x0d, ...lanes(0, 4, 1, 5)).get(a[0]!).get(a[1]!).simd(0x0d, ...lanes(2, 6, 3, 7)).simd(SIMD.add).set(t0);
		f.get(a[2]!).get(a[3]!).simd(0x0d, ...lanes(0, 4, 1, 5)).get(a[2]!).get(a[3]!).simd(0x0d, ...lanes(2, 6, 3, 7)).simd(SIMD.add).set(t1);
		f.get(t0).get(t1).simd(0x0d, ...lanes(0, 1, 4, 5)).get(t0).get(t1).simd(0x0d, ...lanes(2, 3, 6, 7)).simd(SIMD.add);
	};
	/** Samples s … s+rows-1 against inputs i … i+3. */
	const block = (rows: number) => {
		for (let r = 0; r < rows; r++) for (const a of acc[r]!) f.vzero().set(a);
		f.get(dy).get(s).get(rowBytes).mul().add().set(d0);
		f.get(w).get(i).get(rowBytes).mul().add().set(wr[0]!);
		for (let k = 1; k < 4; k++) f.get(wr[k - 1]!).get(rowBytes).add().set(wr[k]!);
		f.range(cb, () => f.i32(0), () => f.get(rowBytes), 16, () => {
			f.get(d0).get(cb).add().vload().set(dv[0]!);
			if (rows === 2) f.get(d0).get(rowBytes).add().get(cb).add().vload().set(dv[1]!);
			for (let k = 0; k < 4; k++) {
				f.get(wr[k]!).get(cb).add().vload().set(wv);
				for (let r = 0; r < rows; r++) f.get(acc[r]![k]!).get(dv[r]!).get(wv).simd(SIMD.mul).simd(SIMD.add).set(acc[r]![k]!);
			}
		});
		for (let r = 0; r < rows; r++) {
			f.get(s).i32(r).add().get(inBytes).mul().get(i).i32(4).mul().add().set(at);
			f.get(dx).get(at).add();
			sum4(acc[r]!);
			f.get(mask).get(at).add().vload().vzero().simd(SIMD.gt).simd(SIMD.and);
			f.vstore();
		}
	};

	f.get(units).i32(4).mul().set(rowBytes);
	f.get(inDim).i32(4).mul().set(inBytes);
	f.range(i, () => f.i32(0), () => f.get(inDim), 4, () => {
		f.range(s, () => f.i32(0), () => f.get(n).i32(1).sub(), 2, () => block(2));
		// An odd last sample.
		f.get(s).get(n).op(0x48).when(() => block(1));
	});
	return f;
}
