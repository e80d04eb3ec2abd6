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
 * a fraction of the dense products it replaces. Generated per stage: every run is unrolled with constant offsets
 * from the entry's own addresses, and the first stage (no input gradient) gets no dx code.
 */
import type { ConvStage } from "./conv-layout";
import { F32, Fn, I32, OP, SIMD, V128 } from "./wasm-asm";

/**
 * backward{stage}(list, listEnd, in, dwt, wt, dx, db): `wt` and `dx` are unused without an input gradient (the first
 * stage). `dx` has the input's layout and must be zeroed by the caller.
 */
export function convBackward(s: ConvStage): Fn {
	const withDx = s.inputGradient;
	const f = new Fn([I32, I32, I32, I32, I32, I32, I32]);
	const [list, listEnd, input, dwt, wt, dx, db] = [0, 1, 2, 3, 4, 5, 6];
	const inRow = s.w * s.cs * 4;
	const q = f.local(I32);
	const pa = f.local(I32);
	const da = f.local(I32);
	const wa = f.local(I32);
	const ta = f.local(I32);
	const dba = f.local(I32);
	const g = f.local(F32);
	const gs = f.local(V128);
	/** out[at] += gs · src[from], one vector. */
	const madd = (out: number, at: number, src: number, from: number) => {
		f.get(out);
		f.get(out).vload(at).get(gs).get(src).vload(from).simd(SIMD.mul).simd(SIMD.add);
		f.vstore(at);
	};
	f.range(q, () => f.get(list), () => f.get(listEnd), 16, () => {
		f.get(q).fload(8).set(g);
		f.get(g).simd(SIMD.splat).set(gs);
		f.get(db).get(q).iload(12).add().set(dba);
		f.get(dba).get(dba).fload().get(g).op(OP.f32Add).fstore();
		f.get(input).get(q).iload(0).add().set(pa);
		f.get(dwt).get(q).iload(4).add().set(wa);
		if (withDx) {
			f.get(dx).get(q).iload(0).add().set(da);
			f.get(wt).get(q).iload(4).add().set(ta);
		}
		for (let i = 0; i < 3; i++) {
			for (let v = 0; v < s.segBytes; v += 16) {
				madd(wa, i * s.segBytes + v, pa, i * inRow + v);
				if (withDx) madd(da, i * inRow + v, ta, i * s.segBytes + v);
			}
		}
	});
	return f;
}
