/**
 * Where geometry cannot tell, the model does. Two digits written so close that their inks touch look to geometry
 * like one wide digit; one digit written in two strokes that meet only at the top and bottom (a 0 in two arcs, a 4
 * whose bar meets the upright low down) looks like two. The model reads each candidate:
 *
 * - a group is split in two (at a point of its writing order, so each part is a run of strokes written together)
 *   when both parts are digit-sized and side by side and the model is surer of the two parts than of the whole,
 *   unless the rules below join the parts again (two narrow parts sharing columns: the whole reads below 0.5);
 * - two neighbouring groups whose inks touch are joined when the model is clearly surer of the whole than of the
 *   parts, and not already sure of both parts; or, when they share most of their columns (digits on a line stand
 *   side by side), whenever it is surer of the whole or reads it as a sure digit;
 * - a part shorter than the line (a 4's open corner beside its upright, each read as a sure digit) joins the
 *   neighbour it touches, or nearly touches when it is shorter still, when the model reads the whole as a sure digit;
 * - two touching parts that together are no wider than one digit and whose lines reach into each other's columns
 *   join when the model reads the whole as a digit at all.
 *
 * A model trained with a pair output ("two digits drawn as one", docs/weights-format.md) is asked that too (`twoDigits`):
 * a group it reads as two digits (`pairSplit`) is split at its best point however sure the whole reads as a digit,
 * and parts whose whole it reads surely as two digits (`pairVeto`, the higher bar) are never joined; a split read
 * between the two bars may be taken back by a join rule above (both bars were chosen together, on tuning digits).
 * The digit probabilities it hands `read` then leave the pair output out (shares of the digits' probability), so the
 * rules above read as they do with a model without one.
 *
 * Every candidate is read, and measured side by side, as the model reads a digit: without a stroke end run on over
 * its neighbour (segment-trim.ts).
 *
 * "Surer" compares the model's top probability of the whole with the product of the parts' (the chance that both
 * readings are right). `read` may decline a candidate (return undefined), e.g. one holding the stroke being drawn,
 * so a frame only pays for readings it has cached; geometry's answer then stands. Thresholds were chosen on training
 * digits (docs/ink.md, Segmentation: most on digits the model never saw).
 */
import type { Stroke } from "./canvas";
import type { DigitGroup } from "./segment";
import { DigitInk, digitInk } from "./segment-trim";
import { describe, distance, sharedColumns } from "./stroke-geometry";

/** Column ranges narrower than this fraction of the line height count as this wide (a 1 is a line, not nothing). */
const LINE = 0.15;

export interface ChoiceOptions {
	/** A split's parts are each at least this tall (fraction of the line height)… */
	splitTall: number;
	/** …share at most this fraction of the narrower part's columns… */
	splitOverlap: number;
	/** …and are read this much surer together than the whole (product of their top probabilities ÷ the whole's). */
	splitRatio: number;
	/** Neighbours are joined only when the model is not this sure of both… */
	mergeBelow: number;
	/** …their inks come within this fraction of the line height (negative: overlap)… */
	mergeGap: number;
	/** …together they are at most this many line heights wide… */
	mergeWidth: number;
	/** …and the whole is read this much surer than the parts together. Parts sharing this fraction of the narrower
	 * one's columns (run-ons left out) are joined whenever the whole reads surer: digits on a line stand side by side. */
	mergeRatio: number;
	mergeOverlap: number;
	/** Touching neighbours, one at most `partTall` of the line tall, together at most `partWidth` line heights wide,
	 * are joined when the model reads the whole at least `partSure`… */
	partTall: number;
	partWidth: number;
	partSure: number;
	/** …and neighbours within `nearGap`, one at most `nearTall` of the line tall, together at most `nearWidth` wide,
	 * when it reads the whole at least `nearSure`. */
	nearGap: number;
	nearTall: number;
	nearWidth: number;
	nearSure: number;
	/** Touching parts sharing columns (see `mergeOverlap`) are also joined when the whole reads at least this sure. */
	stackSure: number;
	/** Touching parts whose lines reach into each other's columns, together at most `narrowWidth` line heights wide
	 * (one digit's width), are joined when the model reads the whole at least `narrowSure`. */
	narrowWidth: number;
	narrowSure: number;
	/** With a model that reads "two digits drawn as one" (`twoDigits`): a group it reads so at least this surely is split
	 * at its best point, however sure the whole reads as a digit… */
	pairSplit: number;
	/** …and two parts are never joined when it reads their whole so at least this surely (a split read below this may
	 * be joined again by the rules above). */
	pairVeto: number;
}

export const DEFAULT_CHOICE: ChoiceOptions = table.freeze({
	splitTall: 0.6,
	splitOverlap: 0.3,
	splitRatio: 1,
	mergeBelow: 0.9,
	mergeGap: 0,
	mergeWidth: 1.5,
	mergeRatio: 2,
	mergeOverlap: 0.5,
	partTall: 0.8,
	partWidth: 1.3,
	partSure: 0.8,
	nearGap: 0.2,
	nearTall: 0.6,
	nearWidth: 1.6,
	nearSure: 0.97,
	stackSure: 0.9,
	narrowWidth: 0.65,
	narrowSure: 0.5,
	pairSplit: 0.5,
	pairVeto: 0.8,
});

/**
 * The model's top probability for the digit this ink makes (segment-trim.ts: a run-on over a neighbour left out), or
 * undefined to leave the candidate alone.
 */
export type Reader = (ink: DigitInk) => number | undefined;

/** The line's height: from the top of its highest digit to the bottom of its lowest (never 0). */
export function lineHeight(groups: ReadonlyArray<DigitGroup>): number {
	let top = math.huge;
	let bottom = -math.huge;
	for (const g of groups) {
		top = math.min(top, g.y0);
		bottom = math.max(bottom, g.y1);
	}
	return math.max(bottom - top, 1e-6);
}

/** `g`'s ink between its neighbours on the line (each digit's ink is worked out once per look at it). */
type InkOf = (g: DigitGroup, left: DigitGroup | undefined, right: DigitGroup | undefined) => DigitInk;

/** The columns a digit's ink covers once a run-on over its neighbour is left out (segment-trim.ts). */
function inkColumns(ink: DigitInk): [number, number] {
	let [x0, x1] = [math.huge, -math.huge];
	for (const p of ink.points)
		for (let i = 0; i < p.size(); i += 2) [x0, x1] = [math.min(x0, p[i]), math.max(x1, p[i])];
	return [x0, x1];
}

function boxOf(strokes: ReadonlyArray<Stroke>): DigitGroup {
	let [x0, x1, y0, y1] = [math.huge, -math.huge, math.huge, -math.huge];
	for (const s of strokes) {
		const p = s.points;
		for (let i = 0; i < p.size(); i += 2) {
			x0 = math.min(x0, p[i]);
			x1 = math.max(x1, p[i]);
			y0 = math.min(y0, p[i + 1]);
			y1 = math.max(y1, p[i + 1]);
		}
	}
	return { strokes: [...strokes], x0, x1, y0, y1 };
}

/** The best split of a group into two runs of strokes in writing order, or undefined. */
function bestSplit(
	g: DigitGroup,
	left: DigitGroup | undefined,
	right: DigitGroup | undefined,
	h: number,
	inkOf: InkOf,
	read: Reader,
	o: ChoiceOptions,
	twoDigits?: Reader,
): [DigitGroup, DigitGroup] | undefined {
	if (g.strokes.size() < 2) return undefined;
	const ordered = [...g.strokes].sort((a, b) => a.id < b.id);
	let best: [DigitGroup, DigitGroup] | undefined;
	let bestRatio = o.splitRatio;
	let whole: number | undefined;
	for (let k = 1; k < ordered.size(); k++) {
		const first = boxOf(ordered.filter((_, i) => i < k));
		const rest = boxOf(ordered.filter((_, i) => i >= k));
		if (first.y1 - first.y0 < o.splitTall * h || rest.y1 - rest.y0 < o.splitTall * h) continue;
		const [l, r] = first.x0 + first.x1 <= rest.x0 + rest.x1 ? [first, rest] : [rest, first];
		// Side by side once a part's run-on over the other is left out (a 6 whose stroke ran on into the 9 after it).
		const [li, ri] = [inkOf(l, left, r), inkOf(r, l, right)];
		const [l0, l1] = inkColumns(li);
		const [r0, r1] = inkColumns(ri);
		// A 1 is a line, not nothing: a tail written down inside a 9's columns shares them.
		const least = LINE * h;
		const shared = sharedColumns(l0, l1, r0, r1, least);
		const narrower = math.min(math.max(l1 - l0, least), math.max(r1 - r0, least));
		if (shared > o.splitOverlap * (narrower + LINE * h)) continue;
		if (whole === undefined) {
			const gi = inkOf(g, left, right);
			whole = read(gi);
			if (whole === undefined) return undefined;
			// Read as two digits: the best split wins, however sure the whole reads as one.
			const two = twoDigits?.(gi);
			if (two !== undefined && two >= o.pairSplit) bestRatio = 0;
		}
		const a = read(li);
		const b = read(ri);
		if (a === undefined || b === undefined) continue;
		const ratio = (a * b) / whole;
		if (ratio > bestRatio) [bestRatio, best] = [ratio, [l, r]];
	}
	return best;
}

function inkGap(a: DigitGroup, b: DigitGroup, limit: number): number {
	let best = limit;
	for (const s of a.strokes) {
		const si = describe(s, 0);
		for (const t of b.strokes) best = math.min(best, distance(si, describe(t, 0), best));
	}
	return best;
}

/**
 * How surely the model must read the whole of two neighbours for a rule that needs a sure whole to join them, or
 * undefined when none applies (the lowest bar of those that do):
 * - a part shorter than the line is no digit of it on its own (a 4's open corner, read as a sure 6 beside its
 *   upright's sure 1; a 9's loop beside its tail): it joins the neighbour it touches, or, shorter still, one close by;
 * - touching parts sharing columns (`stacked`) join when the whole reads surely, however wide (a stroke run on over
 *   the neighbour that is not level, so not left out, widens a digit past any digit's width);
 * - touching parts whose lines reach into each other's columns (`shared` ≥ 0) and that together are no wider than
 *   one digit are one digit when the model reads the whole as one at all: two digits side by side do not fit in one
 *   digit's width (a 4 whose bar runs into its upright, a 0 in two arcs).
 * `gap` is between the inks, `width` the two inks' columns with run-ons left out, `shared` the columns they share
 * (negative: the gap between them), `h` the line's height (the line, not the pair's taller part, did better on the
 * tuning digits; a line written on a slant is taller than its digits, so more of its digits count as parts).
 */
function sureNeeded(
	a: DigitGroup,
	b: DigitGroup,
	pair: { gap: number; width: number; shared: number; stacked: boolean },
	h: number,
	o: ChoiceOptions,
): number | undefined {
	const short = math.min(a.y1 - a.y0, b.y1 - b.y0);
	let need = math.huge;
	if (pair.gap <= o.mergeGap * h && short <= o.partTall * h && pair.width <= o.partWidth * h)
		need = math.min(need, o.partSure);
	if (pair.gap <= o.nearGap * h && short <= o.nearTall * h && pair.width <= o.nearWidth * h)
		need = math.min(need, o.nearSure);
	if (pair.stacked && pair.gap <= o.mergeGap * h) need = math.min(need, o.stackSure);
	if (pair.gap <= o.mergeGap * h && pair.shared >= 0 && pair.width <= o.narrowWidth * h)
		need = math.min(need, o.narrowSure);
	return need < math.huge ? need : undefined;
}

/**
 * Geometry's digits (left to right) revised by the model's readings, left to right. `ink` is the pen's inked width
 * in board units (gaps are measured between inks); `open` is the stroke being drawn, if any; `twoDigits`, for a model with
 * a pair output, reads how surely an ink is two digits drawn as one (declining as `reader` may).
 */
export function chooseWithModel(
	groups: ReadonlyArray<DigitGroup>,
	ink: number,
	reader: Reader,
	o: ChoiceOptions = DEFAULT_CHOICE,
	open?: Stroke,
	twoDigits?: Reader,
): DigitGroup[] {
	if (groups.size() === 0) return [];
	const h = lineHeight(groups);
	const inkOf: InkOf = (g, left, right) => digitInk(g.strokes, left?.strokes, right?.strokes, h, open);
	const out = new Array<DigitGroup>();
	for (let i = 0; i < groups.size(); i++) {
		const g = groups[i];
		// Left: what the line holds so far; right: geometry's next digit.
		const split = bestSplit(g, out[out.size() - 1], groups[i + 1], h, inkOf, reader, o, twoDigits);
		if (split) {
			out.push(split[0], split[1]);
		} else out.push(g);
	}
	// Joins, surest first, until none is left.
	const reach = math.max(o.mergeGap, o.nearGap) * h;
	for (;;) {
		let best = -1;
		let bestRatio = 0;
		let joined: DigitGroup | undefined;
		for (let i = 0; i < out.size() - 1; i++) {
			const [a, b] = [out[i], out[i + 1]];
			const gap = inkGap(a, b, ink + reach + 1e-6) - ink;
			if (gap > reach) continue;
			const [ai, bi] = [inkOf(a, out[i - 1], b), inkOf(b, a, out[i + 2])];
			const [a0, a1] = inkColumns(ai);
			const [b0, b1] = inkColumns(bi);
			const narrower = math.max(math.min(a1 - a0, b1 - b0), LINE * h);
			const shared = math.min(a1, b1) - math.max(a0, b0);
			const stacked = shared >= o.mergeOverlap * narrower;
			const plain = gap <= o.mergeGap * h && math.max(a.x1, b.x1) - math.min(a.x0, b.x0) <= o.mergeWidth * h;
			const width = math.max(a1, b1) - math.min(a0, b0);
			const sure = sureNeeded(a, b, { gap, width, shared, stacked }, h, o);
			if (!plain && sure === undefined) continue;
			const ra = reader(ai);
			const rb = reader(bi);
			if (ra === undefined || rb === undefined) continue;
			// The plain join asks only when the model is not already sure of both parts (unless they share columns).
			const asks = plain && (stacked || ra < o.mergeBelow || rb < o.mergeBelow);
			if (!asks && sure === undefined) continue;
			const both = boxOf([...a.strokes, ...b.strokes]);
			const bothInk = inkOf(both, out[i - 1], out[i + 2]);
			const whole = reader(bothInk);
			if (whole === undefined) continue;
			const two = twoDigits?.(bothInk);
			if (two !== undefined && two >= o.pairVeto) continue;
			const ratio = whole / (ra * rb);
			const wins = (asks && ratio > (stacked ? 1 : o.mergeRatio)) || (sure !== undefined && whole >= sure);
			if (wins && ratio > bestRatio) [best, bestRatio, joined] = [i, ratio, both];
		}
		if (!joined) break;
		out[best] = joined;
		out.remove(best + 1);
	}
	return out;
}
