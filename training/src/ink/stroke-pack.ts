/** Many digits' strokes packed into three typed arrays, which can be shared with or sent between threads. */

/** Strokes of `count` digits: digit d owns strokes digitStrokes[d] .. digitStrokes[d+1]-1; stroke k owns points
 * strokeEnds[k-1] .. strokeEnds[k]-1 (strokeEnds[-1] = 0); point i is (coords[2i], coords[2i+1]) in MNIST pixels. */
export interface StrokeSet {
	coords: Float32Array;
	strokeEnds: Uint32Array;
	digitStrokes: Uint32Array;
}

/** Builds a StrokeSet from per-digit stroke lists (flat [x0, y0, x1, y1, …] each). */
export function packStrokes(digits: ReadonlyArray<ReadonlyArray<ArrayLike<number>>>): StrokeSet {
	let strokes = 0;
	let coordsLength = 0;
	for (const d of digits)
		for (const s of d) {
			strokes++;
			coordsLength += s.length;
		}
	const coords = new Float32Array(coordsLength);
	const strokeEnds = new Uint32Array(strokes);
	const digitStrokes = new Uint32Array(digits.length + 1);
	let k = 0;
	let at = 0;
	digits.forEach((d, i) => {
		digitStrokes[i] = k;
		for (const s of d) {
			coords.set(s, at);
			at += s.length;
			strokeEnds[k++] = at / 2;
		}
	});
	digitStrokes[digits.length] = k;
	return { coords, strokeEnds, digitStrokes };
}

/** Digit d's strokes as flat lists. */
export function digitStrokeList(set: StrokeSet, d: number): Float32Array[] {
	const out: Float32Array[] = [];
	for (let k = set.digitStrokes[d]!; k < set.digitStrokes[d + 1]!; k++) {
		const start = k > 0 ? set.strokeEnds[k - 1]! : 0;
		out.push(set.coords.subarray(2 * start, 2 * set.strokeEnds[k]!));
	}
	return out;
}
