import type { DistortOptions } from "./ink/distort";
import { DistortedInk, type StrokeTables } from "./ink/distorted-ink";
import { AREA, renderDigit, type RenderPen } from "./ink/render";

export type { StrokeTables } from "./ink/distorted-ink";

/**
 * Two digits drawn as one: what the number board hands the model when a player writes two digits so close that they
 * touch or overlap and segmentation cannot cut them apart. A model trained on such pictures (labelled PAIR_OUTPUT,
 * model.ts) gets an output that says "this is two digits", which the board uses to decide between one digit and two.
 *
 * Each pair is two re-stroked training digits, each bent by its own random hand (ink/distort.ts), the second scaled to
 * about the first's height and placed to its right at a gap of pairGapMin..pairGapMax of the first's height
 * (negative: overlapping), then drawn through the board's renderer as if it were one digit: cropped to the ink of
 * both, scaled to fit MNIST's 20×20 box and centred by mass, with the board's pen.
 */
export interface PairOptions {
	/** Probability that a training sample is a pair rather than one digit (0 = none: the model has 10 outputs). */
	pairFraction: number;
	/** The gap between the two digits' boxes, as a share of the first digit's height, uniform in min..max. */
	pairGapMin: number;
	pairGapMax: number;
	/** The second digit's height relative to the first's: uniform in 1 ± pairScale. */
	pairScale: number;
	/** The second digit's top relative to the first's, as a share of the first's height: uniform in ±pairShift. */
	pairShift: number;
}

/**
 * The defaults: the pictures whose model the number board was measured with (fewer wrong digit counts on held-out
 * training digits). Gaps up to 0 (touching) measured better than gaps up to +0.15: digits apart are segmentation's to
 * split, not the model's.
 */
export const DEFAULT_PAIRS: PairOptions = {
	pairFraction: 0,
	pairGapMin: -0.3,
	pairGapMax: 0,
	pairScale: 0.2,
	pairShift: 0.15,
};

/** Draws digits `i` and `j` of `strokes` as one pair into `out` at image `k`; false when either has no strokes. */
export type PairRenderer = (i: number, j: number, out: Float32Array, k: number, random: () => number) => boolean;

const MAX_STROKES = 128;

export function createPairRenderer(
	strokes: StrokeTables,
	options: PairOptions & DistortOptions,
	pen: RenderPen,
): PairRenderer {
	const ink = new DistortedInk(strokes, MAX_STROKES, 512);

	/** The bounding box [x0, x1, y0, y1] of points from..to. */
	const box = (from: number, to: number): [number, number, number, number] => {
		const points = ink.coords;
		let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
		for (let p = from; p < to; p++) {
			const x = points[2 * p]!;
			const y = points[2 * p + 1]!;
			x0 = Math.min(x0, x);
			x1 = Math.max(x1, x);
			y0 = Math.min(y0, y);
			y1 = Math.max(y1, y);
		}
		return [x0, x1, y0, y1];
	};

	return (i, j, out, k, random) => {
		const a = ink.add(i, 0, 0, random, options);
		if (!a) return false;
		const b = ink.add(j, a[0], a[1], random, options);
		if (!b) return false;
		const [, ax1, ay0, ay1] = box(0, a[0]);
		const [bx0, , by0, by1] = box(a[0], a[0] + b[0]);
		const h = Math.max(ay1 - ay0, 1);
		const scale = (h * (1 - options.pairScale + 2 * options.pairScale * random())) / Math.max(by1 - by0, 1);
		const gap = (options.pairGapMin + (options.pairGapMax - options.pairGapMin) * random()) * h;
		// The second digit's left edge lands `gap` right of the first's right edge, its top near the first's top.
		const dx = ax1 + gap - bx0 * scale;
		const dy = ay0 + (random() * 2 - 1) * options.pairShift * h - by0 * scale;
		const points = ink.coords;
		for (let p = a[0]; p < a[0] + b[0]; p++) {
			points[2 * p] = points[2 * p]! * scale + dx;
			points[2 * p + 1] = points[2 * p + 1]! * scale + dy;
		}
		ink.flat.count = a[1] + b[1];
		renderDigit(ink.flat, out, k * AREA, pen);
		return true;
	};
}
