import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../../training/src/backend";
import { createRandom } from "../../../../training/src/rng";
import { instantiateCnnKernels, poolBackward, poolForward } from "../../../../training/src/kernels/cnn-kernels";
import {
	type ConvStage,
	cnnGeometry,
	forwardFloats,
	packForward,
	packTransposed,
	transposedFloats,
	unpackGradient,
} from "../../../../training/src/kernels/conv-layout";
import { winogradKernel, winogradScratchBytes } from "../../../../training/src/kernels/conv-winograd";
import { ENTRY_BYTES } from "../../../../training/src/kernels/max-pool";
import { MAX_PAGES } from "../../../../training/src/kernels/mlp-kernels";

// Every figure is compared with TF.js's own ops and gradients on its cpu backend, computed in this run.
beforeAll(async () => {
	await selectBackend("cpu");
});

const memory = new WebAssembly.Memory({ initial: 64, maximum: MAX_PAGES, shared: true });
let top = 64;
/** A zeroed float buffer in the kernels' memory (with a vector of slack), and its byte address. */
function buffer(floats: number): { at: number; v: Float32Array } {
	const at = top;
	top += Math.ceil((floats * 4 + 16) / 64) * 64;
	const v = new Float32Array(memory.buffer, at, floats);
	v.fill(0);
	return { at, v };
}
const random = createRandom(12);
const values = (n: number, zeros = 0) =>
	Float32Array.from({ length: n }, () => (random() < zeros ? 0 : random() * 2 - 1));
const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => {
	let m = 0;
	for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
	return m;
};
/** [h][w][c] stored at `cs` floats per pixel (padding zero) → a kernel-layout buffer. */
function storePixels(x: Float32Array, pixels: number, c: number, cs: number): { at: number; v: Float32Array } {
	const b = buffer(pixels * cs);
	for (let p = 0; p < pixels; p++) b.v.set(x.subarray(p * c, (p + 1) * c), p * cs);
	return b;
}
/** The real channels of a [pixels][cp] buffer. */
function realChannels(v: Float32Array, pixels: number, c: number, cp: number): Float32Array {
	const out = new Float32Array(pixels * c);
	for (let p = 0; p < pixels; p++) out.set(v.subarray(p * cp, p * cp + c), p * c);
	return out;
}

/** One stage with a given input and filter count, as the model geometry would describe it; `winograd` only where it applies. */
function stageOf(h: number, w: number, cin: number, filters: number, cs: number, winograd = false): ConvStage {
	const geo = cnnGeometry(
		[[3, 3, cin, filters], [filters], [((h - 2) >> 1) * ((w - 2) >> 1) * filters, 10], [10]],
		[h, w, cin],
	)!;
	const s = geo.stages[0]!;
	if (winograd && cs % 4 !== 0) throw new Error("Winograd's forward needs whole vectors of input channels");
	const [outH, outW] = winograd ? [2 * Math.ceil(s.oh / 2), 2 * Math.ceil(s.ow / 2)] : [s.oh, s.ow];
	return {
		...s,
		cs,
		seg: 3 * cs,
		segBytes: Math.ceil((3 * cs) / 4) * 16,
		inputGradient: cin > 1,
		winograd,
		outH,
		outW,
	};
}
/** The [oh][ow] corner of a [outH][outW][cp] convolution output (Winograd's is padded to whole 2×2 tiles). */
function convCorner(v: Float32Array, s: ConvStage): Float32Array {
	const out = new Float32Array(s.oh * s.ow * s.cp);
	for (let y = 0; y < s.oh; y++) out.set(v.subarray(y * s.outW * s.cp, (y * s.outW + s.ow) * s.cp), y * s.ow * s.cp);
	return out;
}

interface Case {
	name: string;
	stage: ConvStage;
	x: Float32Array;
	kernel: Float32Array;
	bias: Float32Array;
}

/** A digit-like image: ~80% zeros, and a blank band (whole input windows of zeros, whose taps the kernel skips). */
function digit(h: number, w: number): Float32Array {
	const x = values(h * w, 0.8);
	x.fill(0, 0, 4 * w);
	return x;
}

// The image itself (one channel, a digit-like image); an inner layer with padded input and output channels
// (5 → stored 8, 6 → 8) and odd output sizes (pooling drops a row and a column); one with 36 filters, which takes
// the 8-vector block and single-vector passes. Inner layers run with both forward kernels: direct, and Winograd's
// (odd tile counts, whose last tile of a row is computed alone; an even count; padded channels).
const cases: Case[] = [
	{
		name: "first layer 10×10×1 → 16",
		stage: stageOf(10, 10, 1, 16, 1),
		x: digit(10, 10),
		kernel: values(9 * 16),
		bias: values(16),
	},
	{
		name: "inner layer 9×9×5 → 6",
		stage: stageOf(9, 9, 5, 6, 8),
		x: values(81 * 5, 0.4),
		kernel: values(9 * 5 * 6),
		bias: values(6),
	},
	{
		name: "inner layer 7×8×4 → 36",
		stage: stageOf(7, 8, 4, 36, 4),
		x: values(56 * 4, 0.4),
		kernel: values(9 * 4 * 36),
		bias: values(36),
	},
];
for (const c of cases.slice(1)) {
	const s = c.stage;
	cases.push({ ...c, name: `${c.name}, Winograd`, stage: stageOf(s.h, s.w, s.cin, s.filters, s.cs, true) });
}
cases.push({
	name: "inner layer 13×13×16 → 32 (the default CNN's second), Winograd",
	stage: stageOf(13, 13, 16, 32, 16, true),
	x: values(169 * 16, 0.5),
	kernel: values(9 * 16 * 32),
	bias: values(32),
});

function run(c: Case, g: Float32Array) {
	const s = c.stage;
	const kernels = instantiateCnnKernels(memory, [s]);
	const input = storePixels(c.x, s.h * s.w, s.cin, s.cs);
	const wf = buffer(forwardFloats(s));
	(s.winograd ? winogradKernel : packForward)(s, c.kernel, wf.v);
	const scratch = buffer(s.winograd ? winogradScratchBytes(s) / 4 : 0);
	const wt = buffer(transposedFloats(s));
	packTransposed(s, c.kernel, wt.v);
	const bias = buffer(s.cp);
	bias.v.set(c.bias);
	const conv = buffer(s.outH * s.outW * s.cp);
	const linear = buffer(s.outH * s.outW * s.cp);
	const [pix, row] = [s.cs * 4, s.w * s.cs * 4];
	kernels.stages[0]!.forward(input.at, conv.at, wf.at, bias.at, 1, scratch.at);
	kernels.stages[0]!.forward(input.at, linear.at, wf.at, bias.at, 0, scratch.at);
	const pooled = buffer(s.ph * s.pw * s.cp);
	const arg = buffer(s.ph * s.pw * s.cp);
	poolForward(kernels, s, conv.at, pooled.at, arg.at, pix, row);
	const dpool = storePixels(g, s.ph * s.pw, s.filters, s.cp);
	const list = buffer((s.ph * s.pw * s.cp * ENTRY_BYTES) / 4);
	const end = poolBackward(kernels, s, dpool.at, pooled.at, arg.at, pix, row, list.at);
	const [dwt, db, dx] = [buffer(transposedFloats(s)), buffer(s.cp), buffer(s.h * s.w * s.cs)];
	kernels.stages[0]!.backward(list.at, end, input.at, dwt.at, wt.at, dx.at, db.at);
	const dW = new Float32Array(9 * s.cin * s.filters);
	unpackGradient(s, dwt.v, dW);
	return {
		conv: realChannels(convCorner(conv.v, s), s.oh * s.ow, s.filters, s.cp),
		linear: realChannels(convCorner(linear.v, s), s.oh * s.ow, s.filters, s.cp),
		pooled: realChannels(pooled.v, s.ph * s.pw, s.filters, s.cp),
		entries: (end - list.at) / ENTRY_BYTES,
		dW,
		db: db.v.slice(0, s.filters),
		dx: realChannels(dx.v, s.h * s.w, s.cin, s.cs),
	};
}

function reference(c: Case, g: Float32Array) {
	const s = c.stage;
	return tf.tidy(() => {
		const x = tf.tensor4d(c.x, [1, s.h, s.w, s.cin]);
		const k = tf.tensor4d(c.kernel, [3, 3, s.cin, s.filters]);
		const b = tf.tensor1d(c.bias);
		const linear = tf.add(tf.conv2d(x, k, 1, "valid"), b);
		const pooled = tf.maxPool(tf.relu(linear) as tf.Tensor4D, 2, 2, "valid");
		const loss = (xs: tf.Tensor, ks: tf.Tensor, bs: tf.Tensor) =>
			tf.sum(
				tf.mul(
					tf.maxPool(
						tf.relu(tf.add(tf.conv2d(xs as tf.Tensor4D, ks as tf.Tensor4D, 1, "valid"), bs)) as tf.Tensor4D,
						2,
						2,
						"valid",
					),
					tf.tensor4d(g, pooled.shape),
				),
			);
		const [dx, dW, db] = tf.grads(loss)([x, k, b]);
		const data = (t: tf.Tensor) => t.dataSync() as Float32Array;
		return {
			linear: data(linear),
			conv: data(tf.relu(linear)),
			pooled: data(pooled),
			dx: data(dx!),
			dW: data(dW!),
			db: data(db!),
		};
	});
}

describe("convolution kernels against TF.js (cpu backend, same run)", () => {
	for (const c of cases) {
		it(`${c.name}: forward (bias, ReLU), pooling, and the gradients of kernel, bias and input`, () => {
			const s = c.stage;
			const g = values(s.ph * s.pw * s.filters, 0.2);
			const ours = run(c, g);
			const theirs = reference(c, g);
			expect(maxAbs(ours.linear, theirs.linear), "conv + bias").toBeLessThan(1e-5);
			expect(maxAbs(ours.conv, theirs.conv), "conv + bias + ReLU").toBeLessThan(1e-5);
			// Pooling itself is exact: compared on our own convolution output.
			const pooledOurs = tf.tidy(() =>
				tf.maxPool(tf.tensor4d(ours.conv, [1, s.oh, s.ow, s.filters]), 2, 2, "valid").dataSync(),
			);
			expect(maxAbs(ours.pooled, pooledOurs), "max pool").toBe(0);
			expect(maxAbs(ours.pooled, theirs.pooled), "conv, ReLU, max pool").toBeLessThan(1e-5);
			expect(maxAbs(ours.dW, theirs.dW), "dW").toBeLessThan(1e-5);
			expect(maxAbs(ours.db, theirs.db), "db").toBeLessThan(1e-5);
			if (s.cin > 1) expect(maxAbs(ours.dx, theirs.dx), "dx").toBeLessThan(1e-5);
			// Pooling passes at most one gradient per window and channel, and only where ReLU let the maximum through.
			expect(ours.entries).toBe(theirs.pooled.filter((v, i) => v > 0 && g[i] !== 0).length);
			expect(theirs.dW.some((v) => v !== 0) && theirs.db.some((v) => v !== 0)).toBe(true);
		});
	}

	it("pooling sends a tied window's gradient to its first maximum, as TF.js does", () => {
		// A constant input gives every output of a channel the same value, so all four of each window tie; which
		// of them gets the gradient shows in the input gradient.
		const c: Case = {
			name: "ties",
			stage: stageOf(6, 6, 2, 4, 4),
			x: new Float32Array(72).fill(0.5),
			kernel: values(72).map((v) => Math.abs(v)),
			bias: values(4).fill(0.1),
		};
		const g = values(2 * 2 * 4);
		const ours = run(c, g);
		const theirs = reference(c, g);
		expect(ours.entries).toBe(16);
		expect(maxAbs(ours.dx, theirs.dx)).toBeLessThan(1e-5);
		expect(maxAbs(ours.dW, theirs.dW)).toBeLessThan(1e-5);
	});
});
