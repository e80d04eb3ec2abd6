import { distortPoints, type DistortOptions } from "./distort";
import type { FlatStrokes } from "./render";

/** A set's strokes, as prepareAugment leaves them (stroke-store.ts): points, stroke ends, digit → strokes. */
export interface StrokeTables {
	coords: ArrayLike<number>;
	strokeEnds: ArrayLike<number>;
	digitStrokes: ArrayLike<number>;
}

/**
 * Traced digits bent by a random hand (distort.ts), one after another in one buffer that the renderer draws as
 * `flat`. The point buffer grows as needed and is reused from image to image; `spare` strokes are kept free for what
 * a caller adds after the digits (a stroke run on past the digit).
 */
export class DistortedInk {
	readonly flat: FlatStrokes;
	private points: Float64Array;
	private readonly ends: Int32Array;

	constructor(
		private readonly tables: StrokeTables,
		maxStrokes: number,
		points: number,
		private readonly spare = 0,
	) {
		this.points = new Float64Array(points);
		this.ends = new Int32Array(maxStrokes);
		this.flat = { coords: this.points, ends: this.ends, count: 0 };
	}

	/** The coordinates (x then y per point), as the renderer reads them. */
	get coords(): Float64Array {
		return this.points;
	}

	get strokeEnds(): Int32Array {
		return this.ends;
	}

	/**
	 * Writes digit `i`'s strokes, bent, from point `at` and stroke `first` on (what is before them stays); returns
	 * how many points and strokes it wrote, or undefined when the digit has no strokes or too many to fit.
	 */
	add(
		i: number,
		at: number,
		first: number,
		random: () => number,
		options: DistortOptions,
	): [number, number] | undefined {
		const { coords, strokeEnds, digitStrokes } = this.tables;
		const s0 = digitStrokes[i]!;
		const s1 = digitStrokes[i + 1]!;
		if (s1 <= s0 || first + s1 - s0 > this.ends.length - this.spare) return undefined;
		const p0 = s0 > 0 ? strokeEnds[s0 - 1]! : 0;
		const p1 = strokeEnds[s1 - 1]!;
		if (this.points.length < 2 * (at + p1 - p0) + 4) {
			const grown = new Float64Array(4 * (at + p1 - p0) + 4);
			grown.set(this.points.subarray(0, 2 * at));
			this.points = grown;
			this.flat.coords = grown;
		}
		distortPoints(coords, p0, p1, this.points.subarray(2 * at), random, options);
		for (let s = s0; s < s1; s++) this.ends[first + s - s0] = at + strokeEnds[s]! - p0;
		return [p1 - p0, s1 - s0];
	}
}
