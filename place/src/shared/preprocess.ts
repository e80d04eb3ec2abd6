/**
 * MNIST's own normalisation (LeCun et al.): crop to the ink's bounding box, scale it to fit a 20×20 box keeping
 * the aspect ratio (anti-aliased), then translate by whole pixels so the centre of mass sits at the middle of the
 * 28×28 field. Measured on the MNIST test set, that middle is (14.0, 14.0) in 0-based pixel indices.
 * Canvas values are already 0..1 and stay so: nothing here rescales intensities (TinyMNIST divided by 255 twice).
 */

export const SIZE = 28;
export const BOX = 20;
export const TARGET_COM = 14;

/** Where the ink was taken from and where it went: equal frames mean the same pixel→input mapping. */
export interface Frame {
	x0: number;
	y0: number;
	w: number;
	h: number;
	shiftX: number;
	shiftY: number;
}

export interface Preprocessed {
	/** 784 values in 0..1, row-major; all zeros for an empty drawing. */
	input: number[];
	/** undefined when there is no ink. */
	frame: Frame | undefined;
}

export interface Bounds {
	x0: number;
	y0: number;
	x1: number;
	y1: number;
}

/** Inclusive bounding box of all non-zero cells of a size×size grid, or undefined when it is blank. */
export function inkBounds(pixels: ReadonlyArray<number>, size = SIZE): Bounds | undefined {
	let x0 = size;
	let y0 = size;
	let x1 = -1;
	let y1 = -1;
	for (let y = 0; y < size; y++) {
		for (let x = 0; x < size; x++) {
			if (pixels[y * size + x] > 0) {
				if (x < x0) x0 = x;
				if (x > x1) x1 = x;
				if (y < y0) y0 = y;
				if (y > y1) y1 = y;
			}
		}
	}
	return x1 < 0 ? undefined : { x0, y0, x1, y1 };
}

/** Centre of mass in 0-based pixel indices; (-1, -1) for a blank grid. */
export function centreOfMass(pixels: ReadonlyArray<number>, size = SIZE): LuaTuple<[number, number]> {
	let m = 0;
	let mx = 0;
	let my = 0;
	for (let y = 0; y < size; y++) {
		for (let x = 0; x < size; x++) {
			const v = pixels[y * size + x];
			m += v;
			mx += v * x;
			my += v * y;
		}
	}
	if (m <= 0) return $tuple(-1, -1);
	return $tuple(mx / m, my / m);
}

export function frameEquals(a: Frame | undefined, b: Frame | undefined): boolean {
	if (a === undefined || b === undefined) return a === b;
	return a.x0 === b.x0 && a.y0 === b.y0 && a.w === b.w && a.h === b.h && a.shiftX === b.shiftX && a.shiftY === b.shiftY;
}

/** Length of the overlap of [a0, a1] and [b0, b1]. */
function overlap(a0: number, a1: number, b0: number, b1: number): number {
	const lo = math.max(a0, b0);
	const hi = math.min(a1, b1);
	return hi > lo ? hi - lo : 0;
}

/**
 * Resamples the crop (source cells x0..x0+w-1, y0..y0+h-1) to `scale`, with the crop's top-left corner landing at
 * (ox, oy) in the 28×28 output. Shrinking averages exact cell overlaps (box filter, like the anti-aliasing MNIST
 * used); enlarging samples bilinearly so tiny digits do not come out blocky.
 */
function resample(src: ReadonlyArray<number>, b: Bounds, scale: number, ox: number, oy: number): number[] {
	const out = new Array<number>(SIZE * SIZE, 0);
	const w = b.x1 - b.x0 + 1;
	const h = b.y1 - b.y0 + 1;
	const inv = 1 / scale;
	const i0 = math.max(0, math.floor(ox));
	const i1 = math.min(SIZE - 1, math.ceil(ox + w * scale) - 1);
	const j0 = math.max(0, math.floor(oy));
	const j1 = math.min(SIZE - 1, math.ceil(oy + h * scale) - 1);
	const get = (x: number, y: number) => (x < 0 || y < 0 || x >= w || y >= h ? 0 : src[(b.y0 + y) * SIZE + b.x0 + x]);
	for (let j = j0; j <= j1; j++) {
		for (let i = i0; i <= i1; i++) {
			let value = 0;
			if (scale <= 1) {
				// Source rectangle (crop-relative) covered by output pixel (i, j).
				const sx0 = (i - ox) * inv;
				const sx1 = sx0 + inv;
				const sy0 = (j - oy) * inv;
				const sy1 = sy0 + inv;
				let sum = 0;
				for (let y = math.max(0, math.floor(sy0)); y <= math.min(h - 1, math.ceil(sy1) - 1); y++) {
					const wy = overlap(sy0, sy1, y, y + 1);
					if (wy <= 0) continue;
					for (let x = math.max(0, math.floor(sx0)); x <= math.min(w - 1, math.ceil(sx1) - 1); x++) {
						const v = src[(b.y0 + y) * SIZE + b.x0 + x];
						if (v > 0) sum += v * wy * overlap(sx0, sx1, x, x + 1);
					}
				}
				value = sum * scale * scale;
			} else {
				const sx = (i + 0.5 - ox) * inv - 0.5;
				const sy = (j + 0.5 - oy) * inv - 0.5;
				const fx = math.floor(sx);
				const fy = math.floor(sy);
				const tx = sx - fx;
				const ty = sy - fy;
				value =
					(get(fx, fy) * (1 - tx) + get(fx + 1, fy) * tx) * (1 - ty) +
					(get(fx, fy + 1) * (1 - tx) + get(fx + 1, fy + 1) * tx) * ty;
			}
			out[j * SIZE + i] = math.clamp(value, 0, 1);
		}
	}
	return out;
}

/** The model's view of a 28×28 drawing (see the file comment). */
export function preprocess(pixels: ReadonlyArray<number>): Preprocessed {
	const b = inkBounds(pixels);
	if (!b) return { input: new Array<number>(SIZE * SIZE, 0), frame: undefined };
	const w = b.x1 - b.x0 + 1;
	const h = b.y1 - b.y0 + 1;
	const scale = BOX / math.max(w, h);
	const tw = w * scale;
	const th = h * scale;
	const ox = (SIZE - tw) / 2;
	const oy = (SIZE - th) / 2;
	const boxed = resample(pixels, b, scale, ox, oy);

	// Whole-pixel shift (as MNIST did), kept small enough that the box never leaves the field.
	const [cx, cy] = centreOfMass(boxed);
	const shiftX = math.clamp(math.round(TARGET_COM - cx), -math.floor(ox), SIZE - math.ceil(ox + tw));
	const shiftY = math.clamp(math.round(TARGET_COM - cy), -math.floor(oy), SIZE - math.ceil(oy + th));
	const input = new Array<number>(SIZE * SIZE, 0);
	for (let y = 0; y < SIZE; y++) {
		const ty = y + shiftY;
		if (ty < 0 || ty >= SIZE) continue;
		for (let x = 0; x < SIZE; x++) {
			const tx = x + shiftX;
			if (tx < 0 || tx >= SIZE) continue;
			input[ty * SIZE + tx] = boxed[y * SIZE + x];
		}
	}
	return { input, frame: { x0: b.x0, y0: b.y0, w, h, shiftX, shiftY } };
}
