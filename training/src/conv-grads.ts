import * as tf from "@tensorflow/tfjs";
import type { MlpKernels } from "./kernels/mlp-kernels";

/**
 * Convolution and pooling with gradients shaped for the wasm backend, as `tf.profile` of a real step showed. Its
 * Conv2DBackpropFilter is not registered, Conv2DBackpropInput and MaxPoolGrad are naive loops, Slice of a 4-D tensor
 * is a slow strided copy, broadcasting binary ops are slow generic loops, and a bias Add costs a full pass. So: the
 * forward pass is one fused XNNPACK convolution (bias and ReLU included); dW is a product of patches built in
 * plain JS (on DigitLab's sparse SIMD kernel in training workers); dx is a "full" forward convolution; the ReLU and
 * bias gradients and 2×2 max pooling's gradient are single JS passes.
 */

type Convolve = (x: tf.Tensor4D, kernel: tf.Tensor4D) => tf.Tensor4D;
type ConvolveRelu = (x: tf.Tensor4D, kernel: tf.Tensor4D, bias: tf.Tensor1D) => tf.Tensor4D;

/** DigitLab's SIMD kernels and a scratch area in their memory, when this thread has them (a training worker). */
export interface ConvAccelerator {
	kernels: MlpKernels;
	memory: WebAssembly.Memory;
	scratch: number;
	scratchBytes: number;
}
let accelerator: ConvAccelerator | undefined;

/** Lets this thread's kernel gradients run on the SIMD kernels (each worker thread has its own module instance). */
export function useConvAccelerator(a: ConvAccelerator | undefined): void {
	accelerator = a;
}

/** Scratch bytes the accelerated kernel gradient needs for `positions` output positions. */
export function convScratchBytes(positions: number, taps: number, filters: number): number {
	return 4 * (positions * taps + positions * filters + taps * filters) + 8 * Math.max(positions, taps) + 256;
}

/**
 * Writes the patches of x [n, h, w, c] for a kh×kw valid convolution, tap-major: row (i, j, c) holds that input
 * for every output position (n, y, x) in order, so each row is written and later scanned contiguously.
 */
function im2colT(
	xs: Float32Array,
	shape: number[],
	kh: number,
	kw: number,
	oh: number,
	ow: number,
	out: Float32Array,
): void {
	const [b, h, w, c] = shape as [number, number, number, number];
	let o = 0;
	for (let i = 0; i < kh; i++) {
		for (let j = 0; j < kw; j++) {
			for (let ch = 0; ch < c; ch++) {
				for (let n = 0; n < b; n++) {
					for (let y = 0; y < oh; y++) {
						let src = ((n * h + y + i) * w + j) * c + ch;
						for (let x = 0; x < ow; x++, src += c) out[o++] = xs[src]!;
					}
				}
			}
		}
	}
}

/**
 * dW[i, j, c, f] = Σ x[n, y+i, x+j, c] · dy[n, y, x, f]. With the SIMD kernels: the patches times dy, skipping zero
 * inputs (a digit's pixels, ReLU outputs). Without: one un-flagged TF.js matMul of the patches.
 */
export function kernelGradient(x: tf.Tensor4D, dy: tf.Tensor4D, kh: number, kw: number): tf.Tensor4D {
	const c = x.shape[3];
	const [b, oh, ow, f] = dy.shape;
	const positions = b * oh * ow;
	const taps = kh * kw * c;
	const a = accelerator;
	if (a && convScratchBytes(positions, taps, f) <= a.scratchBytes) {
		const at = (a.scratch + 63) & ~63;
		const patchesAt = at;
		const dyAt = patchesAt + positions * taps * 4;
		const dwAt = dyAt + positions * f * 4;
		const listAt = dwAt + taps * f * 4;
		im2colT(
			x.dataSync() as Float32Array,
			x.shape,
			kh,
			kw,
			oh,
			ow,
			new Float32Array(a.memory.buffer, patchesAt, positions * taps),
		);
		new Float32Array(a.memory.buffer, dyAt, positions * f).set(dy.dataSync() as Float32Array);
		a.kernels.weightGrad(patchesAt, positions, taps, dyAt, f, dwAt, listAt, 4, positions * 4);
		return tf.tensor4d(new Float32Array(a.memory.buffer, dwAt, taps * f).slice(), [kh, kw, c, f]);
	}
	const patches = new Float32Array(positions * taps);
	im2colT(x.dataSync() as Float32Array, x.shape, kh, kw, oh, ow, patches);
	return tf.reshape(
		tf.matMul(tf.tensor2d(patches, [taps, positions]), tf.reshape(dy, [positions, f]) as tf.Tensor2D),
		[kh, kw, c, f],
	);
}

/** dx as a "full" forward convolution of dy with the flipped, channel-swapped kernel. */
export function inputGradient(dy: tf.Tensor4D, kernel: tf.Tensor4D): tf.Tensor4D {
	const [kh, kw] = kernel.shape;
	const flipped = tf.transpose(tf.reverse(kernel, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
	const padded = tf.pad(dy, [
		[0, 0],
		[kh - 1, kh - 1],
		[kw - 1, kw - 1],
		[0, 0],
	]);
	return tf.conv2d(padded, flipped, 1, "valid");
}

/** ReLU's gradient (through where the output is positive) and the bias gradient (Σ over positions), in one JS pass. */
function reluAndBiasGradient(dy: tf.Tensor4D, out: tf.Tensor4D): [tf.Tensor4D, tf.Tensor1D] {
	const f = dy.shape[3];
	const d = dy.dataSync() as Float32Array;
	const o = out.dataSync() as Float32Array;
	const dz = new Float32Array(d.length);
	const db = new Float32Array(f);
	for (let i = 0; i < d.length; i++) {
		if (o[i]! > 0) {
			dz[i] = d[i]!;
			db[i % f] += d[i]!;
		}
	}
	return [tf.tensor4d(dz, dy.shape), tf.tensor1d(db)];
}

const makeConvolve = (first: boolean): Convolve =>
	tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
		const [x, kernel, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
		save([x, kernel]);
		return {
			value: tf.conv2d(x, kernel, 1, "valid"),
			gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
				const [xs, ks] = saved as [tf.Tensor4D, tf.Tensor4D];
				const dx = first ? tf.zerosLike(xs) : inputGradient(dy as tf.Tensor4D, ks);
				return [dx, kernelGradient(xs, dy as tf.Tensor4D, ks.shape[0], ks.shape[1])];
			},
		};
	}) as unknown as Convolve;

const makeConvolveRelu = (first: boolean): ConvolveRelu =>
	tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
		const [x, kernel, bias, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D, tf.GradSaveFunc];
		const out = tf.fused.conv2d({ x, filter: kernel, strides: 1, pad: "valid", bias, activation: "relu" });
		save([x, kernel, out]);
		return {
			value: out,
			gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
				const [xs, ks, outs] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
				const [dz, db] = reluAndBiasGradient(dy as tf.Tensor4D, outs);
				const dx = first ? tf.zerosLike(xs) : inputGradient(dz, ks);
				return [dx, kernelGradient(xs, dz, ks.shape[0], ks.shape[1]), db];
			},
		};
	}) as unknown as ConvolveRelu;

const convolveFirst = makeConvolve(true);
const convolveInner = makeConvolve(false);
const convolveReluFirst = makeConvolveRelu(true);
const convolveReluInner = makeConvolveRelu(false);

/** A valid, stride-1 convolution without bias (the caller adds it and activates). */
export const convolve = (x: tf.Tensor4D, kernel: tf.Tensor4D, first: boolean): tf.Tensor4D =>
	(first ? convolveFirst : convolveInner)(x, kernel);
/** relu(conv(x, kernel) + bias), valid, stride 1, as one fused call. */
export const convolveRelu = (x: tf.Tensor4D, kernel: tf.Tensor4D, bias: tf.Tensor1D, first: boolean): tf.Tensor4D =>
	(first ? convolveReluFirst : convolveReluInner)(x, kernel, bias);

/** 2×2, stride-2, valid max pooling whose gradient goes to each window's first maximum (as TF's does), in JS. */
export const maxPool2 = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
	const [x, save] = args as [tf.Tensor4D, tf.GradSaveFunc];
	const out = tf.maxPool(x, 2, 2, "valid");
	save([x]);
	return {
		value: out,
		gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
			const xs = saved[0] as tf.Tensor4D;
			const [b, h, w, c] = xs.shape;
			const [, oh, ow] = dy.shape as [number, number, number, number];
			const xv = xs.dataSync() as Float32Array;
			const g = dy.dataSync() as Float32Array;
			const dx = new Float32Array(xv.length);
			let k = 0;
			for (let n = 0; n < b; n++) {
				for (let y = 0; y < oh; y++) {
					for (let xx = 0; xx < ow; xx++) {
						const base = ((n * h + 2 * y) * w + 2 * xx) * c;
						for (let ch = 0; ch < c; ch++, k++) {
							const p00 = base + ch;
							const p01 = p00 + c;
							const p10 = p00 + w * c;
							const p11 = p10 + c;
							let best = p00;
							if (xv[p01]! > xv[best]!) best = p01;
							if (xv[p10]! > xv[best]!) best = p10;
							if (xv[p11]! > xv[best]!) best = p11;
							dx[best] = g[k]!;
						}
					}
				}
			}
			return [tf.tensor4d(dx, [b, h, w, c])];
		},
	};
}) as unknown as (x: tf.Tensor4D) => tf.Tensor4D;

/** Scratch bytes for the accelerated kernel gradients of every convolution in `model`, at `rows` images per step. */
export function convLayersScratchBytes(model: tf.LayersModel, rows: number): number {
	let bytes = 0;
	for (const layer of model.layers) {
		if (layer.getClassName() !== "Conv2D") continue;
		const [, , , c] = (layer.input as tf.SymbolicTensor).shape as number[];
		const [, oh, ow, f] = layer.outputShape as number[];
		const [kh, kw] = layer.getConfig().kernelSize as number[];
		bytes = Math.max(bytes, convScratchBytes(rows * oh! * ow!, kh! * kw! * c!, f!));
	}
	return bytes;
}
