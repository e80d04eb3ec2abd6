/** Measurements of strokes for segmentation: boxes, the ink's middle, and whether two strokes come close. */
import type { Stroke } from "./canvas";

export interface StrokeInfo {
	stroke: Stroke;
	/** position in writing order */
	order: number;
	x0: number;
	x1: number;
	y0: number;
	y1: number;
	/** x of the ink's middle (segment midpoints weighted by length) */
	cx: number;
}

export function describe(stroke: Stroke, order: number): StrokeInfo {
	const p = stroke.points;
	let x0 = math.huge;
	let x1 = -math.huge;
	let y0 = math.huge;
	let y1 = -math.huge;
	let sx = 0;
	let sl = 0;
	for (let i = 0; i < p.size(); i += 2) {
		x0 = math.min(x0, p[i]);
		x1 = math.max(x1, p[i]);
		y0 = math.min(y0, p[i + 1]);
		y1 = math.max(y1, p[i + 1]);
		if (i >= 2) {
			const l = math.sqrt((p[i] - p[i - 2]) ** 2 + (p[i + 1] - p[i - 1]) ** 2);
			sx += ((p[i] + p[i - 2]) / 2) * l;
			sl += l;
		}
	}
	return { stroke, order, x0, x1, y0, y1, cx: sl > 0 ? sx / sl : (x0 + x1) / 2 };
}

function pointToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
	const vx = bx - ax;
	const vy = by - ay;
	const len2 = vx * vx + vy * vy;
	let t = 0;
	if (len2 > 0) t = math.clamp(((px - ax) * vx + (py - ay) * vy) / len2, 0, 1);
	return math.sqrt((px - ax - t * vx) ** 2 + (py - ay - t * vy) ** 2);
}

function cross(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
	return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

function segmentDistance(
	ax: number,
	ay: number,
	bx: number,
	by: number,
	cx: number,
	cy: number,
	dx: number,
	dy: number,
): number {
	const d1 = cross(ax, ay, bx, by, cx, cy);
	const d2 = cross(ax, ay, bx, by, dx, dy);
	const d3 = cross(cx, cy, dx, dy, ax, ay);
	const d4 = cross(cx, cy, dx, dy, bx, by);
	if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return 0;
	return math.min(
		pointToSegment(ax, ay, cx, cy, dx, dy),
		pointToSegment(bx, by, cx, cy, dx, dy),
		pointToSegment(cx, cy, ax, ay, bx, by),
		pointToSegment(dx, dy, ax, ay, bx, by),
	);
}

/** Whether two strokes come within `r` of each other (boxes are checked first, so far pairs are cheap). */
export function within(a: StrokeInfo, b: StrokeInfo, r: number): boolean {
	return contact(a, b, r) !== undefined;
}

/**
 * A height (y) at which two strokes come within `r` of each other, or undefined. With `towards`, the contact nearest
 * that height; without, the first one found.
 */
export function contact(a: StrokeInfo, b: StrokeInfo, r: number, towards?: number): number | undefined {
	if (a.x0 - r > b.x1 || b.x0 - r > a.x1 || a.y0 - r > b.y1 || b.y0 - r > a.y1) return undefined;
	let found: number | undefined;
	const p = a.stroke.points;
	const q = b.stroke.points;
	const n = p.size() / 2;
	const m = q.size() / 2;
	for (let i = 0; i < math.max(1, n - 1); i++) {
		const i2 = math.min(i + 1, n - 1);
		const [ax, ay, bx, by] = [p[2 * i], p[2 * i + 1], p[2 * i2], p[2 * i2 + 1]];
		if (
			math.min(ax, bx) - r > b.x1 ||
			math.max(ax, bx) + r < b.x0 ||
			math.min(ay, by) - r > b.y1 ||
			math.max(ay, by) + r < b.y0
		)
			continue;
		for (let j = 0; j < math.max(1, m - 1); j++) {
			const j2 = math.min(j + 1, m - 1);
			const [cx, cy, dx, dy] = [q[2 * j], q[2 * j + 1], q[2 * j2], q[2 * j2 + 1]];
			if (math.min(cx, dx) - r > math.max(ax, bx) || math.max(cx, dx) + r < math.min(ax, bx)) continue;
			if (math.min(cy, dy) - r > math.max(ay, by) || math.max(cy, dy) + r < math.min(ay, by)) continue;
			if (segmentDistance(ax, ay, bx, by, cx, cy, dx, dy) > r) continue;
			const y = (ay + by + cy + dy) / 4;
			if (towards === undefined) return y;
			if (found === undefined || math.abs(y - towards) < math.abs(found - towards)) found = y;
		}
	}
	return found;
}

/** Overlap of two column ranges, each widened to at least `least` around its middle (a 1 is a line, not nothing). */
export function sharedColumns(a0: number, a1: number, b0: number, b1: number, least: number): number {
	const wa = math.max(0, least - (a1 - a0)) / 2;
	const wb = math.max(0, least - (b1 - b0)) / 2;
	return math.max(0, math.min(a1 + wa, b1 + wb) - math.max(a0 - wa, b0 - wb));
}

/** The smallest distance between two strokes, or `limit` when they are at least that far apart. */
export function distance(a: StrokeInfo, b: StrokeInfo, limit: number): number {
	if (a.x0 - limit > b.x1 || b.x0 - limit > a.x1 || a.y0 - limit > b.y1 || b.y0 - limit > a.y1) return limit;
	const p = a.stroke.points;
	const q = b.stroke.points;
	const n = p.size() / 2;
	const m = q.size() / 2;
	let best = limit;
	for (let i = 0; i < math.max(1, n - 1); i++) {
		const i2 = math.min(i + 1, n - 1);
		const [ax, ay, bx, by] = [p[2 * i], p[2 * i + 1], p[2 * i2], p[2 * i2 + 1]];
		if (
			math.min(ax, bx) - best > b.x1 ||
			math.max(ax, bx) + best < b.x0 ||
			math.min(ay, by) - best > b.y1 ||
			math.max(ay, by) + best < b.y0
		)
			continue;
		for (let j = 0; j < math.max(1, m - 1); j++) {
			const j2 = math.min(j + 1, m - 1);
			const [cx, cy, dx, dy] = [q[2 * j], q[2 * j + 1], q[2 * j2], q[2 * j2 + 1]];
			if (math.min(cx, dx) - best > math.max(ax, bx) || math.max(cx, dx) + best < math.min(ax, bx)) continue;
			if (math.min(cy, dy) - best > math.max(ay, by) || math.max(cy, dy) + best < math.min(ay, by)) continue;
			best = math.min(best, segmentDistance(ax, ay, bx, by, cx, cy, dx, dy));
		}
	}
	return best;
}
