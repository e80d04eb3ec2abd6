import type { ImageSet } from "./data/mnist";

/**
 * Random small distortions for 28×28 digits, aimed at what a mouse on the canvas produces: off-centre,
 * slightly rotated or resized digits with thicker or thinner strokes. Seeded through `random`.
 */
export interface AugmentOptions {
	maxRotation: number; // radians
	maxScale: number; // relative, e.g. 0.1 → 0.9..1.1
	maxShift: number; // pixels
	thickenProbability: number;
	thinProbability: number;
}

export const DEFAULT_AUGMENT: AugmentOptions = {
	maxRotation: (12 * Math.PI) / 180,
	maxScale: 0.1,
	maxShift: 2,
	thickenProbability: 0.2,
	thinProbability: 0.1,
};

const SIZE = 28;
const AREA = SIZE * SIZE;

function warp(src: Float32Array, so: number, dst: Float32Array, dOff: number, random: () => number, o: AugmentOptions): void {
	const angle = (random() * 2 - 1) * o.maxRotation;
	const scale = 1 + (random() * 2 - 1) * o.maxScale;
	const tx = (random() * 2 - 1) * o.maxShift;
	const ty = (random() * 2 - 1) * o.maxShift;
	const cos = Math.cos(angle) / scale;
	const sin = Math.sin(angle) / scale;
	const c = (SIZE - 1) / 2;
	for (let y = 0; y < SIZE; y++) {
		const dy = y - c - ty;
		for (let x = 0; x < SIZE; x++) {
			const dx = x - c - tx;
			// Inverse map: where in the source this output pixel comes from.
			const sx = cos * dx + sin * dy + c;
			const sy = -sin * dx + cos * dy + c;
			const x0 = Math.floor(sx);
			const y0 = Math.floor(sy);
			const fx = sx - x0;
			const fy = sy - y0;
			let v = 0;
			if (x0 >= -1 && x0 < SIZE && y0 >= -1 && y0 < SIZE) {
				const row0 = so + y0 * SIZE;
				const row1 = row0 + SIZE;
				const in0 = y0 >= 0;
				const in1 = y0 + 1 < SIZE;
				const a = in0 && x0 >= 0 ? src[row0 + x0]! : 0;
				const b = in0 && x0 + 1 < SIZE ? src[row0 + x0 + 1]! : 0;
				const d = in1 && x0 >= 0 ? src[row1 + x0]! : 0;
				const e = in1 && x0 + 1 < SIZE ? src[row1 + x0 + 1]! : 0;
				v = (a * (1 - fx) + b * fx) * (1 - fy) + (d * (1 - fx) + e * fx) * fy;
			}
			dst[dOff + y * SIZE + x] = v;
		}
	}
}

const scratch = new Float32Array(AREA);

/** Grey-level dilation (max of the 4-neighbourhood) or erosion (min), blended half-way to stay subtle. */
function morph(img: Float32Array, off: number, thicken: boolean): void {
	scratch.set(img.subarray(off, off + AREA));
	for (let y = 0; y < SIZE; y++) {
		for (let x = 0; x < SIZE; x++) {
			const i = y * SIZE + x;
			let v = scratch[i]!;
			const l = x > 0 ? scratch[i - 1]! : 0;
			const r = x < SIZE - 1 ? scratch[i + 1]! : 0;
			const u = y > 0 ? scratch[i - SIZE]! : 0;
			const d = y < SIZE - 1 ? scratch[i + SIZE]! : 0;
			const m = thicken ? Math.max(v, l, r, u, d) : Math.min(v, l, r, u, d);
			v = 0.5 * (v + m);
			img[off + i] = v;
		}
	}
}

/** Writes augmented copies of `count` images (row-major 28×28, 0..1) from `src` into `dst`. */
export function augmentBatch(src: Float32Array, dst: Float32Array, count: number, random: () => number, o: AugmentOptions = DEFAULT_AUGMENT): void {
	for (let k = 0; k < count; k++) {
		const off = k * AREA;
		warp(src, off, dst, off, random, o);
		const r = random();
		if (r < o.thickenProbability) morph(dst, off, true);
		else if (r < o.thickenProbability + o.thinProbability) morph(dst, off, false);
	}
}

/**
 * Writes the training images at `indices[0..count)` into `out` (row-major, 0..1), augmented. Each training thread
 * calls its own augmenter for its share of a batch, with its own seeded `random`.
 */
export type Augmenter = (indices: ArrayLike<number>, count: number, out: Float32Array, random: () => number) => void;

/**
 * Work done once per training set before training starts (it may be slow). It holds typed arrays only, so it can be
 * handed to worker threads (backed by SharedArrayBuffer) instead of being redone in each.
 */
export type AugmentPrepared = Record<string, Float32Array | Int32Array | Uint32Array | Uint16Array | Uint8Array>;

export function prepareAugment(_train: ImageSet): AugmentPrepared {
	return {};
}

export function createAugmenter(train: ImageSet, _prepared: AugmentPrepared, options: AugmentOptions = DEFAULT_AUGMENT): Augmenter {
	const size = train.height * train.width;
	let gathered = new Float32Array(0);
	return (indices, count, out, random) => {
		if (gathered.length < count * size) gathered = new Float32Array(count * size);
		for (let k = 0; k < count; k++) {
			const i = indices[k]!;
			gathered.set(train.images.subarray(i * size, (i + 1) * size), k * size);
		}
		augmentBatch(gathered, out, count, random, options);
	};
}
