/**
 * Splits the board's strokes into digits: groups of strokes that belong together, judged the way a reader does.
 *
 * 1. Geometry settles the clear cases, stroke by stroke in writing order. A stroke joins a group when most of its
 *    columns lie within the group's (or the group's within its own: a bar drawn across), or when it is a flat stroke
 *    written right after, close by (a 5's flag lifted off the pen). Two tall strokes side by side that meet only
 *    along the top or bottom are two digits, so a stroke reaching over the next digit's columns (a 7's bar over a 1)
 *    does not swallow it. Touching strokes are one digit when together they are no wider than one.
 * 2. Small parts (a touch-up, a dot, a short tick) join the digit whose ink they lie nearest, or the digit written
 *    just before them when that is about as near; a group too short to be a digit joins the neighbour it nearly
 *    touches; a speck near nothing (a stray tap) is ignored.
 * 3. What geometry cannot tell — two digits whose inks touch, one digit in two strokes that meet only at its ends —
 *    the model tells, on the number board (segment-choice.ts, called by the controller).
 *
 * Digits come left to right. Distances are fractions of the line height, so the size a number is written at does not
 * matter.
 */
import type { Stroke } from "./canvas";
import { contact, describe, distance, sharedColumns, StrokeInfo, within } from "./stroke-geometry";

export interface SegmentOptions {
	/** Nothing wider than this many line heights is one digit. */
	maxWidth: number;
	/** Column ranges narrower than this fraction of the line height are widened to it (a 1 is a line). */
	minWidth: number;
	/** A stroke with this fraction of its columns inside a group's (or the group's inside its own) joins it. */
	inside: number;
	/** Strokes sharing this fraction of the narrower one's columns, or touching, may be one digit (stage 2 decides)… */
	overlap: number;
	/** …and are one when they share at most this fraction of the shorter one's rows (stacked). */
	stacked: number;
	/** Strokes whose inks come closer than this fraction of the line height touch (a player sees the inks, so the
	 * distance between centre lines is taken less the pen's width, `ink`, in board units). */
	touch: number;
	ink: number;
	/** A flat stroke (at most `flat` line heights tall) written right after a group, its ink within `near` of the
	 * group's, joins it. */
	flat: number;
	near: number;
	/** Two strokes at least this tall (fraction of the line height) whose middles are `apart` away are two digits,
	 * unless they meet away from the top and bottom `edgeBand` of their joint height (only such meetings count
	 * toward joining). */
	tall: number;
	apart: number;
	edgeBand: number;
	/** Touching strokes are one digit when together they are at most this wide (line heights)… */
	mergeWidth: number;
	/** …or when the later one, written right after, is shorter than this (a fragment) or inside the group's columns.
	 * A group this short joins a neighbour whose ink is within `fragmentGap` of its own. */
	fragment: number;
	fragmentGap: number;
	/** A fragment's middle lies within this fraction of the line height of the group's columns. */
	beside: number;

	/** A group less tall than this fraction of the line height is not a digit on its own. */
	digit: number;
	/** Strokes smaller than this fraction of the line height both ways are specks. */
	speck: number;
	/** Strokes smaller than this both ways are small parts (a touch-up, a dot, a short tick): each joins the digit
	 * whose ink it lies nearest (within `near`), whatever the order it was written in. */
	small: number;
	/** Neighbouring digits whose inks are closer than this fraction of the line height are read as one. The digit
	 * board sets it: there, only digits written well apart make a number. */
	minGap: number;
}

export const DEFAULT_SEGMENT: SegmentOptions = table.freeze({
	maxWidth: 1.8,
	minWidth: 0.15,
	inside: 0.75,
	overlap: 0.4,
	stacked: 0.25,
	touch: 0.05,
	ink: 2.4,
	flat: 0.25,
	near: 0.2,
	tall: 0.55,
	apart: 0.3,
	edgeBand: 0.25,
	mergeWidth: 0.8,
	fragment: 0.7,
	fragmentGap: 0.15,
	beside: 0.2,
	digit: 0.4,
	speck: 0.12,
	small: 0.3,
	minGap: 0,
});

export interface DigitGroup {
	/** in writing order */
	strokes: Stroke[];
	x0: number;
	x1: number;
	y0: number;
	y1: number;
}

export interface Group extends DigitGroup {
	infos: StrokeInfo[];
}

type Relation = "join" | "apart";

function relation(s: StrokeInfo, g: Group, recent: boolean, h: number, o: SegmentOptions): Relation {
	const width = math.max(s.x1, g.x1) - math.min(s.x0, g.x0);
	// Nothing makes a group wider than any digit (a group already that wide holds a stroke running on over a
	// neighbour; it may still take strokes inside its columns).
	if (width > o.maxWidth * h && width > g.x1 - g.x0) return "apart";
	// Where strokes meet matters: a stroke running on over its neighbour (a 7's bar, a 2's base) meets it along the
	// top or the bottom of the line; the parts of one digit (a 4's bar and upright, a 9's loop and tail) meet inside.
	const top = math.min(s.y0, g.y0);
	const bottom = math.max(s.y1, g.y1);
	const band = o.edgeBand * (bottom - top);
	const sTall = s.y1 - s.y0 >= o.tall * h;
	let meets = false;
	for (const t of g.infos) {
		const y = contact(s, t, o.touch * h + o.ink, (top + bottom) / 2);
		const inside = y !== undefined && y >= top + band && y <= bottom - band;
		meets = meets || inside;
		// Two tall strokes side by side are two digits unless they meet inside the line.
		if (sTall && t.y1 - t.y0 >= o.tall * h && math.abs(s.cx - t.cx) >= o.apart * h && !inside) return "apart";
	}
	const least = o.minWidth * h;
	const cols = sharedColumns(s.x0, s.x1, g.x0, g.x1, least);
	const ws = math.max(s.x1 - s.x0, least);
	const wg = math.max(g.x1 - g.x0, least);
	if (cols >= o.inside * ws || cols >= o.inside * wg) return "join";
	// Parts one above the other sharing columns (a 3's halves): digits on a line never stack.
	const rows = math.max(0, math.min(s.y1, g.y1) - math.max(s.y0, g.y0));
	if (cols >= o.overlap * math.min(ws, wg) && rows <= o.stacked * math.min(s.y1 - s.y0, g.y1 - g.y0)) return "join";
	if (recent && s.y1 - s.y0 <= o.flat * h)
		for (const t of g.infos) if (within(s, t, o.near * h + o.ink)) return "join";
	if (!meets) return "apart";
	// Meeting the group written just before: a part of it when shorter than a digit and beside it, or when within
	// its columns; meeting any group: a part of it when the two fit one digit's width.
	const beside = s.cx >= g.x0 - o.beside * h && s.cx <= g.x1 + o.beside * h;
	if (recent && beside && (s.y1 - s.y0 < o.fragment * h || (s.cx >= g.x0 && s.cx <= g.x1))) return "join";
	return width <= o.mergeWidth * h ? "join" : "apart";
}

function newGroup(s: StrokeInfo): Group {
	return { strokes: [s.stroke], infos: [s], x0: s.x0, x1: s.x1, y0: s.y0, y1: s.y1 };
}

function absorb(into: Group, from: ReadonlyArray<StrokeInfo>) {
	for (const s of from) {
		into.infos.push(s);
		into.x0 = math.min(into.x0, s.x0);
		into.x1 = math.max(into.x1, s.x1);
		into.y0 = math.min(into.y0, s.y0);
		into.y1 = math.max(into.y1, s.y1);
	}
	into.infos.sort((a, b) => a.order < b.order);
	into.strokes = into.infos.map((i) => i.stroke);
}

function centre(g: Group): number {
	let sum = 0;
	for (const i of g.infos) sum += i.cx;
	return sum / g.infos.size();
}

/** The visible gap between two groups' inks, in board units (negative when they overlap). */
function inkGap(a: Group, b: Group, o: SegmentOptions, limit: number): number {
	let best = limit + o.ink;
	for (const s of a.infos) for (const t of b.infos) best = math.min(best, distance(s, t, best));
	return best - o.ink;
}

/**
 * Stage 2: a group shorter than a digit is a part of one. It joins the neighbour it nearly touches (a 9's tail, a 3's
 * lower half), provided the two together are no wider than any digit; one too flat to be a digit joins its nearest
 * neighbour whatever the gap.
 */
function mergeFragments(groups: Group[], h: number, o: SegmentOptions) {
	for (;;) {
		groups.sort((a, b) => centre(a) < centre(b));
		let best: [number, number] | undefined;
		let bestGap = math.huge;
		for (let i = 0; i < groups.size(); i++) {
			const g = groups[i];
			const height = g.y1 - g.y0;
			if (height >= o.fragment * h) continue;
			for (const j of [i - 1, i + 1]) {
				const n = groups[j];
				if (!n) continue;
				const width = math.max(g.x1, n.x1) - math.min(g.x0, n.x0);
				const flat = height < o.digit * h;
				if (!flat && width > o.maxWidth * h) continue;
				const between = inkGap(g, n, o, h);
				if (!flat && between > o.fragmentGap * h) continue;
				if (between < bestGap) [best, bestGap] = [[i, j], between];
			}
		}
		if (!best) return;
		const [i, j] = best;
		absorb(groups[j], groups[i].infos);
		groups.remove(i);
	}
}

export interface RoughGroups {
	groups: Group[];
	/** the line height, board units */
	h: number;
	/** strokes too small to start a digit that lie near none (specks are then ignored) */
	specks: StrokeInfo[];
}

/** How close the stroke's ink comes to the group's (`limit` when not closer). */
function groupDistance(s: StrokeInfo, g: Group, limit: number): number {
	let best = limit;
	for (const t of g.infos) best = math.min(best, distance(s, t, best));
	return best;
}

/**
 * Where a small part belongs: the digit whose ink it lies nearest, within `reach`, unless the digit written just
 * before it is about as near (within `slack`): a touch-up follows its digit, even where a neighbour's stroke runs by.
 */
function homeOf(
	s: StrokeInfo,
	groups: ReadonlyArray<Group>,
	previous: Group | undefined,
	reach: number,
	slack: number,
): Group | undefined {
	let best: Group | undefined;
	let bestD = reach;
	for (const g of groups) {
		const d = groupDistance(s, g, bestD);
		if (d < bestD) [best, bestD] = [g, d];
	}
	if (best && previous && previous !== best && groupDistance(s, previous, reach) <= bestD + slack) return previous;
	return best;
}

/** Stage 1 alone (for tools that study stage 2's decisions). */
export function roughGroups(strokes: ReadonlyArray<Stroke>, options: SegmentOptions = DEFAULT_SEGMENT): RoughGroups {
	const o = options;
	const all = strokes.map((s, i) => describe(s, i));
	// The line height: the tallest stroke, or most of the ink's height when every stroke is short (a 4 in pieces).
	let h = 2;
	let top = math.huge;
	let bottom = -math.huge;
	for (const s of all) {
		h = math.max(h, s.y1 - s.y0);
		top = math.min(top, s.y0);
		bottom = math.max(bottom, s.y1);
	}
	h = math.max(h, 0.9 * (bottom - top));
	const isSmall = (s: StrokeInfo) => s.x1 - s.x0 < o.small * h && s.y1 - s.y0 < o.small * h;
	let infos = all.filter((s) => !isSmall(s));
	let small = infos.size() > 0 ? all.filter(isSmall) : [];
	if (infos.size() === 0) {
		infos = all;
		small = [];
	}

	// Stage 1: clear joins, stroke by stroke; the group written just before is asked first.
	const groups = new Array<Group>();
	let recent: Group | undefined;
	for (const s of infos) {
		let target = recent && relation(s, recent, true, h, o) === "join" ? recent : undefined;
		if (!target)
			for (const g of groups) if (!target && g !== recent && relation(s, g, false, h, o) === "join") target = g;
		if (target) absorb(target, [s]);
		else {
			target = newGroup(s);
			groups.push(target);
		}
		recent = target;
	}

	// Small parts go where their ink lies; one near no digit is a digit's fragment (stage 2), a speck is nothing.
	const specks = new Array<StrokeInfo>();
	const groupOf = new Map<number, Group>();
	for (const g of groups) for (const t of g.infos) groupOf.set(t.order, g);
	for (const s of small) {
		const home = homeOf(s, groups, groupOf.get(s.order - 1), o.near * h + o.ink, o.ink);
		if (home) {
			absorb(home, [s]);
			groupOf.set(s.order, home);
		} else if (s.x1 - s.x0 < o.speck * h && s.y1 - s.y0 < o.speck * h) specks.push(s);
		else {
			const g = newGroup(s);
			groups.push(g);
			groupOf.set(s.order, g);
		}
	}
	return { groups, h, specks };
}

/** The digits of a drawing, left to right (see the file comment). */
export function segmentStrokes(
	strokes: ReadonlyArray<Stroke>,
	options: SegmentOptions = DEFAULT_SEGMENT,
): DigitGroup[] {
	const o = options;
	const { groups, h } = roughGroups(strokes, o);
	mergeFragments(groups, h, o);
	if (o.minGap > 0) {
		for (let i = groups.size() - 2; i >= 0; i--) {
			if (inkGap(groups[i], groups[i + 1], o, h) >= o.minGap * h) continue;
			absorb(groups[i], groups[i + 1].infos);
			groups.remove(i + 1);
		}
	}

	groups.sort((a, b) => centre(a) < centre(b));
	return groups.map((g) => ({ strokes: g.strokes, x0: g.x0, x1: g.x1, y0: g.y0, y1: g.y1 }));
}
