/**
 * Splits the board's strokes into digits. A digit is a group of strokes that belong together, judged by the cues a
 * reader uses: strokes that share columns (a 4's bar and its upright), strokes written one after the other close
 * together (a 5's flag lifted off the pen), and the size of a digit (a group may not grow much wider than the line
 * is tall, so a 7's bar reaching over the next digit does not swallow it, and two digits that touch stay two).
 * A group too flat to be a digit on its own (a lone bar or flag) joins its nearest neighbour. Digits come left to
 * right. Everything is measured in units of the tallest stroke, so the size the player writes at does not matter.
 */
import type { Stroke } from "./canvas";

export interface SegmentOptions {
	/** A group may be at most this many line heights wide. */
	maxWidth: number;
	/** Widths below this fraction of the line height count as this much when comparing overlaps (a 1 is a line). */
	minWidth: number;
	/** Strokes sharing at least this fraction of the narrower one's columns belong to one digit. */
	overlap: number;
	/** A flat stroke (at most `flat` line heights tall) written right after a group and within `near` of it joins
	 * it, if the two together are at most `flatWidth` wide. */
	near: number;
	flat: number;
	flatWidth: number;
	/** Two strokes at least this tall (fraction of the line height)… */
	tall: number;
	/** …whose centres are this far apart and which do not touch are two digits, whatever else holds. */
	apart: number;
	/** Strokes closer than this fraction of the line height touch. */
	touch: number;
	/** A group less tall than this fraction of the line height is not a digit on its own. */
	digit: number;
	/** A stroke whose box is smaller than this fraction of the line height either way is a speck: it joins a digit
	 * it nearly touches and is ignored elsewhere (a stray tap), unless there is nothing else on the board. */
	speck: number;
}

export const DEFAULT_SEGMENT: SegmentOptions = table.freeze({
	maxWidth: 1.15,
	minWidth: 0.15,
	overlap: 0.5,
	near: 0.2,
	flat: 0.25,
	flatWidth: 0.9,
	tall: 0.55,
	apart: 0.3,
	touch: 0.06,
	digit: 0.4,
	speck: 0.12,
});

export interface DigitGroup {
	/** in writing order */
	strokes: Stroke[];
	x0: number;
	x1: number;
	y0: number;
	y1: number;
}

interface Info {
	stroke: Stroke;
	/** position in writing order */
	order: number;
	x0: number;
	x1: number;
	y0: number;
	y1: number;
	/** x of the ink's middle (mean of the segment midpoints weighted by length) */
	cx: number;
}

interface Group extends DigitGroup {
	infos: Info[];
	/** writing position of its last stroke */
	last: number;
}

function describe(stroke: Stroke, order: number): Info {
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

function segmentDistance(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): number {
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

/** Whether two strokes come within `r` of each other (segments' boxes are checked first, so far pairs are cheap). */
function within(a: Info, b: Info, r: number): boolean {
	if (a.x0 - r > b.x1 || b.x0 - r > a.x1 || a.y0 - r > b.y1 || b.y0 - r > a.y1) return false;
	const p = a.stroke.points;
	const q = b.stroke.points;
	const n = p.size() / 2;
	const m = q.size() / 2;
	for (let i = 0; i < math.max(1, n - 1); i++) {
		const i2 = math.min(i + 1, n - 1);
		const [ax, ay, bx, by] = [p[2 * i], p[2 * i + 1], p[2 * i2], p[2 * i2 + 1]];
		if (math.min(ax, bx) - r > b.x1 || math.max(ax, bx) + r < b.x0 || math.min(ay, by) - r > b.y1 || math.max(ay, by) + r < b.y0) continue;
		for (let j = 0; j < math.max(1, m - 1); j++) {
			const j2 = math.min(j + 1, m - 1);
			const [cx, cy, dx, dy] = [q[2 * j], q[2 * j + 1], q[2 * j2], q[2 * j2 + 1]];
			if (math.min(cx, dx) - r > math.max(ax, bx) || math.max(cx, dx) + r < math.min(ax, bx)) continue;
			if (math.min(cy, dy) - r > math.max(ay, by) || math.max(cy, dy) + r < math.min(ay, by)) continue;
			if (segmentDistance(ax, ay, bx, by, cx, cy, dx, dy) <= r) return true;
		}
	}
	return false;
}

/** Overlap of two column ranges, each widened to at least `least` around its middle (a 1 is a line, not nothing). */
function shared(a0: number, a1: number, b0: number, b1: number, least: number): number {
	const wa = math.max(0, least - (a1 - a0)) / 2;
	const wb = math.max(0, least - (b1 - b0)) / 2;
	return math.max(0, math.min(a1 + wa, b1 + wb) - math.max(a0 - wa, b0 - wb));
}

function canJoin(s: Info, g: Group, recent: boolean, h: number, o: SegmentOptions): boolean {
	const width = math.max(s.x1, g.x1) - math.min(s.x0, g.x0);
	if (width > o.maxWidth * h) return false;
	const sTall = s.y1 - s.y0 >= o.tall * h;
	for (const t of g.infos) {
		if (sTall && t.y1 - t.y0 >= o.tall * h && math.abs(s.cx - t.cx) >= o.apart * h && !within(s, t, o.touch * h)) return false;
	}
	const least = o.minWidth * h;
	const cols = shared(s.x0, s.x1, g.x0, g.x1, least);
	const narrower = math.max(math.min(s.x1 - s.x0, g.x1 - g.x0), least);
	if (cols >= o.overlap * narrower) return true;
	// A flat stroke written right after, close by: a flag or bar lifted off the pen (the 5's).
	if (!recent || s.y1 - s.y0 > o.flat * h || width > o.flatWidth * h) return false;
	for (const t of g.infos) if (within(s, t, o.near * h)) return true;
	return false;
}

function add(g: Group, s: Info, position: number) {
	g.infos.push(s);
	g.strokes.push(s.stroke);
	g.x0 = math.min(g.x0, s.x0);
	g.x1 = math.max(g.x1, s.x1);
	g.y0 = math.min(g.y0, s.y0);
	g.y1 = math.max(g.y1, s.y1);
	g.last = math.max(g.last, position);
}

function centre(g: Group): number {
	let sum = 0;
	for (const i of g.infos) sum += i.cx;
	return sum / g.infos.size();
}

function gap(a: Group, b: Group): number {
	return math.max(a.x0, b.x0) - math.min(a.x1, b.x1);
}

/** The digits of a drawing, left to right (see the file comment). */
export function segmentStrokes(strokes: ReadonlyArray<Stroke>, options: SegmentOptions = DEFAULT_SEGMENT): DigitGroup[] {
	const all = strokes.map((s, i) => describe(s, i));
	let h = 2;
	for (const s of all) h = math.max(h, s.y1 - s.y0);
	const isSpeck = (s: Info) => s.x1 - s.x0 < options.speck * h && s.y1 - s.y0 < options.speck * h;
	let infos = all.filter((s) => !isSpeck(s));
	const specks = infos.size() > 0 ? all.filter(isSpeck) : [];
	if (infos.size() === 0) infos = all;

	const groups = new Array<Group>();
	let recent: Group | undefined;
	infos.forEach((s, position) => {
		// The group written just before comes first; an earlier one takes the stroke only by sharing its columns.
		let target: Group | undefined;
		if (recent && canJoin(s, recent, true, h, options)) target = recent;
		else for (const g of groups) if (g !== recent && canJoin(s, g, false, h, options)) target = target ?? g;
		if (target) add(target, s, position);
		else {
			target = { strokes: [], infos: [], x0: s.x0, x1: s.x1, y0: s.y0, y1: s.y1, last: position };
			add(target, s, position);
			groups.push(target);
		}
		recent = target;
	});

	// A group too flat to be a digit (a lone bar or flag) joins the neighbour it is closest to.
	let merged = true;
	while (merged && groups.size() > 1) {
		merged = false;
		groups.sort((a, b) => centre(a) < centre(b));
		for (let i = 0; i < groups.size(); i++) {
			const g = groups[i];
			if (g.y1 - g.y0 >= options.digit * h) continue;
			const left = groups[i - 1];
			const right = groups[i + 1];
			const into = !left ? right : !right ? left : gap(g, left) <= gap(g, right) ? left : right;
			if (!into) continue;
			for (const s of g.infos) add(into, s, g.last);
			into.infos.sort((a, b) => a.order < b.order);
			into.strokes = into.infos.map((s) => s.stroke);
			groups.remove(i);
			merged = true;
			break;
		}
	}
	for (const speck of specks) {
		const home = groups.find((g) => g.infos.some((t) => within(speck, t, options.near * h)));
		if (home) {
			add(home, speck, speck.order);
			home.infos.sort((a, b) => a.order < b.order);
			home.strokes = home.infos.map((i) => i.stroke);
		}
	}
	groups.sort((a, b) => centre(a) < centre(b));
	return groups.map((g) => ({ strokes: g.strokes, x0: g.x0, x1: g.x1, y0: g.y0, y1: g.y1 }));
}
