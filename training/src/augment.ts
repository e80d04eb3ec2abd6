import { INPUT_SIDE } from "../../place/src/shared/input-geometry";
import { createPairRenderer, DEFAULT_PAIRS, type PairOptions, type StrokeTables } from "./augment-pairs";
import type { ImageSet } from "./data/mnist";
import { extendStroke, type DistortOptions } from "./ink/distort";
import { DistortedInk } from "./ink/distorted-ink";
import { AREA, PEN, renderDigit, type RenderPen } from "./ink/render";
import { strokesFor } from "./ink/stroke-store";
import { PAIR_OUTPUT } from "./outputs";

/**
 * Training images that look like what players' boards hand the model. A share of each batch is MNIST digits
 * traced into pen strokes (once per set, cached on disk), bent by a random hand (slant, rotation, width, elastic
 * wobble) and drawn again through the board's renderer (`ink/render.ts`, the twin of the place's). The rest are the
 * MNIST images themselves with small pixel distortions, so the model keeps reading MNIST as it is. With
 * `pairFraction` > 0 a share of the samples are two re-stroked digits drawn as one, relabelled PAIR_OUTPUT
 * (augment-pairs.ts). Seeded through `random`.
 */
export interface AugmentOptions extends DistortOptions, PairOptions {
	/** Probability that a sample is re-stroked and rendered rather than pixel-warped. */
	strokeFraction: number;
	/** Relative change of the renderer's pen width, uniform in ±penJitter (0 = the board's pen exactly). */
	penJitter: number;
	/** Probability that a re-stroked digit gets a stroke running on past it (ink/distort.ts, extendStroke), by
	 * extendMin..extendMax of its height. */
	extendProbability: number;
	extendMin: number;
	extendMax: number;
	maxRotation: number; // radians
	maxScale: number; // relative, e.g. 0.1 → 0.9..1.1
	maxShift: number; // pixels
	/** amplitude in pixels of a smooth displacement field over the MNIST images (0 = none) */
	imageElastic: number;
	thickenProbability: number;
	thinProbability: number;
}

export const DEFAULT_AUGMENT: AugmentOptions = {
	strokeFraction: 0.5,
	penJitter: 0,
	extendProbability: 0.2,
	extendMin: 0.2,
	extendMax: 0.9,
	maxSlant: 0.3,
	maxAspect: 0.15,
	elastic: 0.8,
	maxRotation: (12 * Math.PI) / 180,
	maxScale: 0.1,
	maxShift: 2,
	imageElastic: 1.5,
	thickenProbability: 0.2,
	thinProbability: 0.1,
	...DEFAULT_PAIRS,
};

const SIZE = INPUT_SIDE;

/**
 * A smooth random displacement field: two sine waves per axis. Tabulated per column and row, because
 * sin(ax + by + φ) = sin(ax)·cos(by + φ) + cos(ax)·sin(by + φ) costs two products per pixel instead of a sine.
 */
const waveSinX = new Float64Array(4 * SIZE);
const waveCosX = new Float64Array(4 * SIZE);
const waveSinY = new Float64Array(4 * SIZE);
const waveCosY = new Float64Array(4 * SIZE);
function elasticField(random: () => number, amplitude: number): number[] {
	const amps: number[] = [];
	for (let w = 0; w < 4; w++) {
		const len = 12 + random() * 16;
		const dir = random() * Math.PI * 2;
		const a = (Math.cos(dir) * 2 * Math.PI) / len;
		const b = (Math.sin(dir) * 2 * Math.PI) / len;
		const phase = random() * Math.PI * 2;
		amps.push((random() * 2 - 1) * amplitude);
		// Each table steps by one angle, so it follows from the previous entry by the angle-addition formulas:
		// four sines per wave instead of 4 × 28, which was most of this function's cost.
		const sa = Math.sin(a);
		const ca = Math.cos(a);
		const sb = Math.sin(b);
		const cb = Math.cos(b);
		let sx = 0;
		let cx = 1;
		let sy = Math.sin(phase);
		let cy = Math.cos(phase);
		for (let i = 0; i < SIZE; i++) {
			waveSinX[w * SIZE + i] = sx;
			waveCosX[w * SIZE + i] = cx;
			waveSinY[w * SIZE + i] = sy;
			waveCosY[w * SIZE + i] = cy;
			const nx = sx * ca + cx * sa;
			cx = cx * ca - sx * sa;
			sx = nx;
			const ny = sy * cb + cy * sb;
			cy = cy * cb - sy * sb;
			sy = ny;
		}
	}
	return amps;
}

/** The source image with a blank border of one pixel, so bilinear sampling needs no bounds test per neighbour. */
const PADDED = SIZE + 2;
const padded = new Float32Array(PADDED * PADDED);

function warp(
	src: Float32Array,
	so: number,
	dst: Float32Array,
	dOff: number,
	random: () => number,
	o: AugmentOptions,
): void {
	const angle = (random() * 2 - 1) * o.maxRotation;
	const scale = 1 + (random() * 2 - 1) * o.maxScale;
	const tx = (random() * 2 - 1) * o.maxShift;
	const ty = (random() * 2 - 1) * o.maxShift;
	const cos = Math.cos(angle) / scale;
	const sin = Math.sin(angle) / scale;
	const c = (SIZE - 1) / 2;
	const amps = o.imageElastic > 0 ? elasticField(random, o.imageElastic) : [0, 0, 0, 0];
	for (let y = 0; y < SIZE; y++) padded.set(src.subarray(so + y * SIZE, so + (y + 1) * SIZE), (y + 1) * PADDED + 1);
	for (let y = 0; y < SIZE; y++) {
		const dy = y - c - ty;
		// The field is a sum of separable waves: each row fixes the y factors (amplitude folded in), so a pixel
		// costs four products per axis.
		const a0 = amps[0]! * waveCosY[y]!;
		const b0 = amps[0]! * waveSinY[y]!;
		const a1 = amps[1]! * waveCosY[SIZE + y]!;
		const b1 = amps[1]! * waveSinY[SIZE + y]!;
		const a2 = amps[2]! * waveCosY[2 * SIZE + y]!;
		const b2 = amps[2]! * waveSinY[2 * SIZE + y]!;
		const a3 = amps[3]! * waveCosY[3 * SIZE + y]!;
		const b3 = amps[3]! * waveSinY[3 * SIZE + y]!;
		const row = dOff + y * SIZE;
		for (let x = 0; x < SIZE; x++) {
			const dx = x - c - tx;
			// Inverse map: where in the source this output pixel comes from.
			const sx =
				cos * dx +
				sin * dy +
				c +
				(waveSinX[x]! * a0 + waveCosX[x]! * b0 + waveSinX[SIZE + x]! * a1 + waveCosX[SIZE + x]! * b1);
			const sy =
				-sin * dx +
				cos * dy +
				c +
				(waveSinX[2 * SIZE + x]! * a2 +
					waveCosX[2 * SIZE + x]! * b2 +
					waveSinX[3 * SIZE + x]! * a3 +
					waveCosX[3 * SIZE + x]! * b3);
			const x0 = Math.floor(sx);
			const y0 = Math.floor(sy);
			let v = 0;
			if (x0 >= -1 && x0 < SIZE && y0 >= -1 && y0 < SIZE) {
				const fx = sx - x0;
				const fy = sy - y0;
				const i = (y0 + 1) * PADDED + x0 + 1;
				v =
					(padded[i]! * (1 - fx) + padded[i + 1]! * fx) * (1 - fy) +
					(padded[i + PADDED]! * (1 - fx) + padded[i + PADDED + 1]! * fx) * fy;
			}
			dst[row + x] = v;
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
export function augmentBatch(
	src: Float32Array,
	dst: Float32Array,
	count: number,
	random: () => number,
	o: AugmentOptions = DEFAULT_AUGMENT,
): void {
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
 * calls its own augmenter for its share of a batch, with its own seeded `random`. `labels[0..count)` holds the
 * samples' labels: a sample drawn as a pair gets PAIR_OUTPUT there (without `labels`, no sample is a pair).
 */
export type Augmenter = (
	indices: ArrayLike<number>,
	count: number,
	out: Float32Array,
	random: () => number,
	labels?: Int32Array,
) => void;

/**
 * Work done once per training set before training starts (it may be slow). It holds typed arrays only, so it can be
 * handed to worker threads (backed by SharedArrayBuffer) instead of being redone in each.
 */
export type AugmentPrepared = Record<string, Float32Array | Int32Array | Uint32Array | Uint16Array | Uint8Array>;

/** Traces every training digit into strokes (from the disk cache after the first time; see ink/stroke-store.ts). */
export function prepareAugment(train: ImageSet): AugmentPrepared {
	const { strokes } = strokesFor(train);
	return { coords: strokes.coords, strokeEnds: strokes.strokeEnds, digitStrokes: strokes.digitStrokes };
}

/** Options for experiments: DIGITLAB_AUGMENT='{"strokeFraction":0.7}' overrides defaults (also in worker threads). */
function optionsFromEnv(): Partial<AugmentOptions> {
	const text = process.env.DIGITLAB_AUGMENT;
	return text ? (JSON.parse(text) as Partial<AugmentOptions>) : {};
}

/** For experiments only: DIGITLAB_PEN='{"core":0.4,"edge":1.6,"margin":1.4}' draws the re-stroked half with another
 * pen than the board's (the board's own renderer would have to change with it). */
export function penFromEnv(): RenderPen {
	const text = process.env.DIGITLAB_PEN;
	return text ? { ...PEN, ...(JSON.parse(text) as Partial<RenderPen>) } : PEN;
}

export function createAugmenter(
	train: ImageSet,
	prepared: AugmentPrepared,
	overrides: Partial<AugmentOptions> = {},
): Augmenter {
	const options: AugmentOptions = { ...DEFAULT_AUGMENT, ...optionsFromEnv(), ...overrides };
	const basePen = penFromEnv();
	const size = train.height * train.width;
	const { coords, strokeEnds, digitStrokes } = prepared;
	const strokesReady =
		coords !== undefined &&
		strokeEnds !== undefined &&
		digitStrokes !== undefined &&
		digitStrokes.length === train.count + 1;
	let gathered = new Float32Array(0);
	const strokes = { coords, strokeEnds, digitStrokes } as StrokeTables; // checked by strokesReady
	// One stroke kept free for a run-on (extendStroke).
	const ink = new DistortedInk(strokes, 64, 256, 1);
	const renderOne = (i: number, out: Float32Array, k: number, random: () => number): boolean => {
		const got = ink.add(i, 0, 0, random, options);
		if (!got) return false;
		const flat = ink.flat;
		flat.count = got[1];
		if (options.extendProbability > 0 && random() < options.extendProbability) {
			flat.count = extendStroke(
				ink.coords,
				ink.strokeEnds,
				flat.count,
				random,
				options.extendMin,
				options.extendMax,
			);
		}
		let pen: RenderPen = basePen;
		if (options.penJitter > 0) {
			const f = 1 + (random() * 2 - 1) * options.penJitter;
			pen = { ...basePen, core: basePen.core * f, edge: basePen.edge * f, margin: basePen.margin * f };
		}
		renderDigit(flat, out, k * AREA, pen);
		return true;
	};
	const pairs =
		strokesReady && size === AREA && options.pairFraction > 0
			? createPairRenderer(strokes, options, basePen)
			: undefined;
	return (indices, count, out, random, labels) => {
		if (gathered.length < count * size) gathered = new Float32Array(count * size);
		for (let k = 0; k < count; k++) {
			const i = indices[k]!;
			// No draw from `random` without pairs, so a job without them repeats the images it made before they existed.
			if (
				pairs &&
				labels &&
				random() < options.pairFraction &&
				pairs(i, Math.floor(random() * train.count), out, k, random)
			) {
				labels[k] = PAIR_OUTPUT;
				continue;
			}
			if (strokesReady && size === AREA && random() < options.strokeFraction && renderOne(i, out, k, random))
				continue;
			gathered.set(train.images.subarray(i * size, (i + 1) * size), 0);
			augmentBatch(gathered, out.subarray(k * size, (k + 1) * size), 1, random, options);
		}
	};
}
