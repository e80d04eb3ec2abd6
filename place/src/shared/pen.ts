/** The board's pen: a soft round brush, as a distance profile, and the geometry of drawing with it. */

export interface PenOptions {
	/** Cells within this distance of the stroke get full ink (TinyMNIST used radius 2 with falloff). */
	radius: number;
	/** Gaussian sigma of the soft edge outside the solid core. */
	softness: number;
}

export const DEFAULT_PEN: PenOptions = { radius: 1.2, softness: 0.35 };

/** Values below this are dropped so the brush has a finite footprint (and untouched cells stay exactly 0). */
const CUTOFF = 0.05;

/** Ink of a pen whose centre line is `d` cells away. */
export function penProfile(d: number, pen: PenOptions): number {
	const core = pen.radius - 0.5;
	if (d <= core) return 1;
	const e = d - core;
	const v = math.exp(-(e * e) / (2 * pen.softness * pen.softness));
	return v < CUTOFF ? 0 : v;
}

/** How far the pen reaches: beyond this the profile is 0. */
export function penReach(pen: PenOptions): number {
	return pen.radius - 0.5 + pen.softness * math.sqrt(-2 * math.log(CUTOFF)) + 1e-9;
}

export function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
	const vx = bx - ax;
	const vy = by - ay;
	const len2 = vx * vx + vy * vy;
	let t = 0;
	if (len2 > 0) t = math.clamp(((px - ax) * vx + (py - ay) * vy) / len2, 0, 1);
	const dx = px - (ax + t * vx);
	const dy = py - (ay + t * vy);
	return math.sqrt(dx * dx + dy * dy);
}

/** Liang–Barsky: the part of segment a→b inside a width × height board, or undefined; a cut lands on the edge. */
export function clipToBoard(
	ax: number,
	ay: number,
	bx: number,
	by: number,
	width: number,
	height: number,
): [number, number, number, number] | undefined {
	let t0 = 0;
	let t1 = 1;
	let in0 = -1;
	let in1 = -1;
	const dx = bx - ax;
	const dy = by - ay;
	const edges: [number, number][] = [
		[-dx, ax],
		[dx, width - ax],
		[-dy, ay],
		[dy, height - ay],
	];
	for (let e = 0; e < 4; e++) {
		const [p, q] = edges[e];
		if (p === 0) {
			if (q < 0) return undefined;
			continue;
		}
		const t = q / p;
		if (p < 0) {
			if (t > t1) return undefined;
			if (t > t0) [t0, in0] = [t, e];
		} else {
			if (t < t0) return undefined;
			if (t < t1) [t1, in1] = [t, e];
		}
	}
	const edgeValue = [0, width, 0, height];
	const at = (t: number, e: number): [number, number] => {
		if (e < 0) return t === 0 ? [ax, ay] : [bx, by];
		const x = e < 2 ? edgeValue[e] : math.clamp(ax + t * dx, 0, width);
		const y = e >= 2 ? edgeValue[e] : math.clamp(ay + t * dy, 0, height);
		return [x, y];
	};
	const [x0, y0] = at(0, -1);
	const [x1, y1] = at(1, -1);
	const [sx, sy] = in0 >= 0 ? at(t0, in0) : [x0, y0];
	const [ex, ey] = in1 >= 0 ? at(t1, in1) : [x1, y1];
	return [sx, sy, ex, ey];
}
