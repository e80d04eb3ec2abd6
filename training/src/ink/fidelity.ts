/**
 * How faithfully traced strokes redraw the image they came from: the strokes drawn back with the board's own pen
 * in the image's pixel frame (scale 1, no re-fitting), compared with the image. Used by `bench/replay/fidelity.ts`
 * to find what the tracer loses, and by the tracer's tests.
 */
import type { DecodedArtifact } from "../export/reader";
import { AREA, drawUnshifted, flatten, SIZE } from "./render";

export interface Fidelity {
	/** ink ≥ 0.5 in both over ink ≥ 0.5 in either */
	iou: number;
	/** Σ|redrawn − image| / Σ image */
	error: number;
	/** enclosed background regions (loops: 0, 6, 8, 9, 4's top…) in the image and in the redrawn strokes */
	holes: number;
	redrawnHoles: number;
}

/** The strokes drawn in the image's own pixel frame with the renderer's pen. */
export function redrawInPlace(
	strokes: ReadonlyArray<ArrayLike<number>>,
	out: Float64Array = new Float64Array(AREA),
): Float64Array {
	drawUnshifted(flatten(strokes), 1, SIZE / 2, SIZE / 2, out);
	return out;
}

/**
 * Background regions at `threshold` that do not reach the border (4-connected background, so a diagonal step of ink
 * closes a loop as it does for a reader), at least `minArea` pixels.
 */
export function countHoles(img: ArrayLike<number>, threshold = 0.5, minArea = 1): number {
	const seen = new Uint8Array(AREA);
	const stack: number[] = [];
	let holes = 0;
	for (let start = 0; start < AREA; start++) {
		if (seen[start] || img[start]! >= threshold) continue;
		let area = 0;
		let border = false;
		seen[start] = 1;
		stack.push(start);
		while (stack.length > 0) {
			const i = stack.pop()!;
			area++;
			const x = i % SIZE;
			const y = (i - x) / SIZE;
			if (x === 0 || y === 0 || x === SIZE - 1 || y === SIZE - 1) border = true;
			const next = [
				x > 0 ? i - 1 : -1,
				x < SIZE - 1 ? i + 1 : -1,
				y > 0 ? i - SIZE : -1,
				y < SIZE - 1 ? i + SIZE : -1,
			];
			for (const j of next) {
				if (j < 0 || seen[j] || img[j]! >= threshold) continue;
				seen[j] = 1;
				stack.push(j);
			}
		}
		if (!border && area >= minArea) holes++;
	}
	return holes;
}

export function compare(image: ArrayLike<number>, redrawn: ArrayLike<number>): Fidelity {
	let both = 0;
	let either = 0;
	let diff = 0;
	let mass = 0;
	for (let i = 0; i < AREA; i++) {
		const a = image[i]!;
		const b = redrawn[i]!;
		if (a >= 0.5 && b >= 0.5) both++;
		if (a >= 0.5 || b >= 0.5) either++;
		diff += Math.abs(a - b);
		mass += a;
	}
	return {
		iou: either > 0 ? both / either : 1,
		error: mass > 0 ? diff / mass : 0,
		holes: countHoles(image),
		redrawnHoles: countHoles(redrawn),
	};
}

/** A plain forward pass of an all-dense artifact (ReLU hidden layers, softmax output), for measuring in Node: the best
 * digit's index. */
export function denseClassifier(decoded: DecodedArtifact): (input: ArrayLike<number>) => number {
	const layers = decoded.manifest.layers.map((l) => {
		if (l.type !== "dense") throw new Error(`the fidelity check runs dense models only, not ${l.type}`);
		return {
			w: decoded.tensors[l.kernel - 1]!,
			b: decoded.tensors[l.bias - 1]!,
			n: l.inputSize,
			m: l.units,
			relu: l.activation === "relu",
		};
	});
	const pairOutput = decoded.manifest.pairOutput;
	return (input) => {
		let x: ArrayLike<number> = input;
		for (const { w, b, n, m, relu } of layers) {
			const y = Float64Array.from(b);
			for (let i = 0; i < n; i++) {
				const v = x[i]!;
				if (v === 0) continue;
				const row = i * m;
				for (let j = 0; j < m; j++) y[j] += v * w[row + j]!;
			}
			if (relu) for (let j = 0; j < m; j++) if (y[j]! < 0) y[j] = 0;
			x = y;
		}
		// The best digit: a pair output ("two digits drawn as one") is no answer.
		let best = -1;
		for (let j = 0; j < x.length; j++) if (j !== pairOutput && (best < 0 || x[j]! > x[best]!)) best = j;
		return best;
	};
}
