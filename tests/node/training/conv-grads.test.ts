import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { selectBackend } from "../../../training/src/backend";
import { convolveRelu, convScratchBytes, maxPool2, useConvAccelerator } from "../../../training/src/conv-grads";
import { instantiateKernels, MAX_PAGES } from "../../../training/src/kernels/mlp-kernels";
import { createRandom } from "../../../training/src/rng";

const random = createRandom(4);
const values = (n: number, zeros = 0) =>
	Float32Array.from({ length: n }, () => (random() < zeros ? 0 : random() * 2 - 1));
// An odd-sized convolution output (7×7) also exercises pooling's ignored last row and column.
const x = values(2 * 9 * 9 * 3, 0.5);
const kernel = values(3 * 3 * 3 * 4);
const bias = values(4);
const weights = values(2 * 3 * 3 * 4);

function gradients(ours: boolean): Float32Array[] {
	const loss = (xs: tf.Tensor, ks: tf.Tensor, bs: tf.Tensor): tf.Scalar => {
		const conv = ours
			? convolveRelu(xs as tf.Tensor4D, ks as tf.Tensor4D, bs as tf.Tensor1D, false)
			: tf.relu(tf.add(tf.conv2d(xs as tf.Tensor4D, ks as tf.Tensor4D, 1, "valid"), bs));
		const pooled = ours ? maxPool2(conv as tf.Tensor4D) : tf.maxPool(conv as tf.Tensor4D, 2, 2, "valid");
		return tf.sum(tf.mul(pooled, tf.tensor4d(weights, [2, 3, 3, 4])));
	};
	return tf.tidy(() =>
		tf
			.grads(loss)([tf.tensor4d(x, [2, 9, 9, 3]), tf.tensor4d(kernel, [3, 3, 3, 4]), tf.tensor1d(bias)])
			.map((g) => g.dataSync() as Float32Array),
	);
}

const maxAbs = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe("wasm-shaped convolution and pooling gradients", () => {
	it("match TF.js's own gradients (cpu backend, same run), with and without the SIMD kernels", async () => {
		// TF.js cannot take conv2d's filter gradient on wasm, so the reference runs on its cpu backend.
		await selectBackend("cpu");
		const reference = gradients(false);
		await selectBackend("wasm");
		const plain = gradients(true);
		const memory = new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
		useConvAccelerator({
			kernels: instantiateKernels(memory),
			memory,
			scratch: 64,
			scratchBytes: convScratchBytes(2 * 7 * 7, 27, 4),
		});
		const accelerated = gradients(true);
		useConvAccelerator(undefined);
		for (const [name, i] of [
			["dx", 0],
			["dW", 1],
			["db", 2],
		] as const) {
			expect(maxAbs(plain[i]!, reference[i]!), `${name} (TF.js ops)`).toBeLessThan(1e-5);
			expect(maxAbs(accelerated[i]!, reference[i]!), `${name} (SIMD kernels)`).toBeLessThan(1e-5);
		}
		expect(reference[1]!.some((v) => v !== 0)).toBe(true);
	});
});
