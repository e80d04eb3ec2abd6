/**
 * The largest board for one arrangement, exactly and cheaply: every box edge is an affine function of the board
 * height b (a box right of the board moves with it), so "inside the screen", "clear of a touch zone" and "clear of
 * another box" each become a set of intervals of b. Their intersection's top is the answer. A scan over b would be
 * slower and could miss valid sizes (a small board can leave the panel under a tall button column, a larger one not).
 */
import type { Box } from "./touch-zones";

/** c + k·b */
export type Lin = [c: number, k: number];
export interface LinBox {
	x: Lin;
	y: Lin;
	w: Lin;
	h: Lin;
}
type Intervals = Array<[number, number]>;

export const lin = (c: number, k = 0): Lin => [c, k];
export const add = (a: Lin, b: Lin): Lin => [a[0] + b[0], a[1] + b[1]];
const at = (v: Lin, b: number) => v[0] + v[1] * b;

export function evaluate(box: LinBox, b: number): Box {
	return { x: at(box.x, b), y: at(box.y, b), w: at(box.w, b), h: at(box.h, b) };
}

/** The b in [lo, hi] where lhs ≤ rhs. */
function atMost(lhs: Lin, rhs: Lin, lo: number, hi: number): Intervals {
	const c = lhs[0] - rhs[0];
	const k = lhs[1] - rhs[1];
	if (math.abs(k) < 1e-12) return c <= 1e-9 ? [[lo, hi]] : [];
	const root = -c / k;
	if (k > 0) return root >= lo ? [[lo, math.min(hi, root)]] : [];
	return root <= hi ? [[math.max(lo, root), hi]] : [];
}

function intersect(a: Intervals, b: Intervals): Intervals {
	const out: Intervals = [];
	let i = 0;
	let j = 0;
	while (i < a.size() && j < b.size()) {
		const lo = math.max(a[i][0], b[j][0]);
		const hi = math.min(a[i][1], b[j][1]);
		if (lo <= hi) out.push([lo, hi]);
		if (a[i][1] < b[j][1]) i++;
		else j++;
	}
	return out;
}

function union(parts: Intervals[]): Intervals {
	const all: Intervals = [];
	for (const p of parts) for (const iv of p) all.push(iv);
	all.sort((p, q) => p[0] < q[0]);
	const out: Intervals = [];
	for (const iv of all) {
		const last = out[out.size() - 1];
		if (last && iv[0] <= last[1]) last[1] = math.max(last[1], iv[1]);
		else out.push([iv[0], iv[1]]);
	}
	return out;
}

/** p and q do not overlap (touching is fine), with `margin` between them. */
function apart(p: LinBox, q: LinBox, margin: number, lo: number, hi: number): Intervals {
	const m = lin(margin);
	return union([
		atMost(add(add(p.x, p.w), m), q.x, lo, hi),
		atMost(add(add(q.x, q.w), m), p.x, lo, hi),
		atMost(add(add(p.y, p.h), m), q.y, lo, hi),
		atMost(add(add(q.y, q.h), m), p.y, lo, hi),
	]);
}

export interface Room {
	width: number;
	height: number;
	/** kept from the screen's edges */
	edge: number;
	zones: Box[];
	zoneMargin: number;
}

export const fixed = (b: Box): LinBox => ({ x: lin(b.x), y: lin(b.y), w: lin(b.w), h: lin(b.h) });

/** The largest b in [lo, hi] for which every box is on screen, clear of the zones and of each other. */
export function largest(boxes: LinBox[], room: Room, zones: LinBox[], lo: number, hi: number): number | undefined {
	let set: Intervals = [[lo, hi]];
	for (let i = 0; i < boxes.size() && set.size() > 0; i++) {
		const box = boxes[i];
		set = intersect(set, atMost(lin(room.edge), box.x, lo, hi));
		set = intersect(set, atMost(lin(room.edge), box.y, lo, hi));
		set = intersect(set, atMost(add(box.x, box.w), lin(room.width - room.edge), lo, hi));
		set = intersect(set, atMost(add(box.y, box.h), lin(room.height - room.edge), lo, hi));
		for (const z of zones) set = intersect(set, apart(box, z, room.zoneMargin, lo, hi));
		for (let j = 0; j < i; j++) set = intersect(set, apart(box, boxes[j], 0, lo, hi));
	}
	return set.size() > 0 ? set[set.size() - 1][1] : undefined;
}
