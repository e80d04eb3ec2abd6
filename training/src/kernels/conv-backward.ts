/**
 * The backward pass of a 3×3 convolution from its sparse output gradient (the entries max-pool.ts writes), in
 * WebAssembly SIMD. Each entry (an output pixel p, a channel f, its gradient g) adds
 *   g · patch(p)       to row f of the transposed kernel gradient dWᵀ [cout][3][seg]   (dW = Σ patchᵀ · dz)
 *   g · Wᵀ[f]          to the input gradient over patch(p)                              (dx = "full" conv of dz)
 *   g                  to the bias gradient db[f]
 * where patch(p) is three runs of `seg` floats (3·cs: kernel row i, all j and c), `inRow` bytes apart in the input,
 * and row f of Wᵀ / dWᵀ holds the same three runs back to back. Runs are whole vectors: `segBytes` is 3·cs·4 rounded
 * up to 16 (for the one-channel image the fourth lane of each run reads the next pixel and is never written back).
 * Only a few hundred entries per image carry a gradient (pooling keeps one output in four, ReLU fewer), so this is
 * a fraction of the dense products it replaces.
 */
import { F32, Fn, I32, SIMD, V128 } from "./wasm-asm";

/** Vectors per unrolled block, widest first. */
const BLOCKS = [4, 1];

/**
 * convBackward(list, listEnd, in, inRow, segBytes, dwt, wt, dx, db): `wt` and `dx` are 0 for the first layer (no
 * input gradient). `dx` has the input's layout and must be zeroed by the caller.
 */
export function convBackward(): Fn {
	const f = new Fn([I32, I32, I32, I32, I32, I32, I32, I32, I32]);
	const [list, listEnd, input, inRow, segBytes, dwt, wt, dx, db] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
	const q = f.local(I32);
	const i = f.local(I32);
	const v = f.local(I32);
	const pa = f.local(I32);
	const da = f.local(I32);
	const wa = f.local(I32);
	const ta = f.local(I32);
	const g = f.local(F32);
	const gs = f.local(V128);
	const run = (withDx: boolean) => {
		f.i32(0).set(v);
		for (const lanes of BLOCKS) {
			const width = lanes * 16;
			f.loop(
				v,
				() => f.get(v),
				() => f.get(v).i32(width).add().get(segBytes).op(0x4c), // v + width <= segBytes
				() => f.get(v).i32(width).add().set(v),
				() => {
					for (let k = 0; k < lanes; k++) {
						f.get(wa).get(v).add();
						f.get(wa).get(v).add().vload(16 * k).get(gs).get(pa).get(v).add().vload(16 * k).simd(SIMD.mul).simd(SIMD.add);
						f.vstore(16 * k);
						if (withDx) {
							f.get(da).get(v).add();
							f.get(da).get(v).add().vload(16 * k).get(gs).get(ta).get(v).add().vload(16 * k).simd(SIMD.mul).simd(SIMD.add);
							f.vstore(16 * k);
						}
					}
				},
			);
		}
	};
	f.range(q, () => f.get(list), () => f.get(listEnd), 16, () => {
		f.get(q).fload(8).set(g);
		f.get(g).simd(SIMD.splat).set(gs);
		f.get(db).get(q).iload(12).add();
		f.get(db).get(q).iload(12).add().fload().get(g).op(0x92).fstore();
		f.get(input).get(q).iload(0).add().set(pa);
		f.get(dx).get(q).iload(0).add().set(da);
		f.get(dwt).get(q).iload(4).add().set(wa);
		f.get(wt).get(q).iload(4).add().set(ta);
		f.range(i, () => f.i32(0), () => f.i32(3), 1, () => {
			f.get(dx).when(
				() => run(true),
				() => run(false),
			);
			f.get(pa).get(inRow).add().set(pa);
			f.get(da).get(inRow).add().set(da);
			f.get(wa).get(segBytes).add().set(wa);
			f.get(ta).get(segBytes).add().set(ta);
		});
	});
	return f;
}
