/**
 * Splits a drawing into digits: connected components of the pen's solid core (8-neighbour), soft edges handed
 * to the nearest core so two digits whose halos brush each other stay apart, specks dropped, and parts stacked
 * above each other (the bar of a 5, a 4 drawn in two strokes) merged into one digit. Digits come left to right.
 */
import { GRID } from "./canvas";

export interface SegmentOptions {
	/** Cells at least this dark form the components. */
	coreThreshold: number;
	/** A part with less total ink than this (in full cells) is noise. */
	minMass: number;
	/** …and so is a part with less than this fraction of the drawing's ink. */
	minFraction: number;
	/** Parts whose column ranges overlap by this fraction of the narrower one belong to one digit. */
	mergeOverlap: number;
	/**
	 * Parts whose column ranges touch or overlap at all also merge when they are stacked: their row ranges share at
	 * most this fraction of the shorter one (the flag of a 5 drawn off to the right, above its body). Digits written
	 * side by side share most of their rows, so they stay apart.
	 */
	stackedOverlap: number;
}

export const DEFAULT_SEGMENT: SegmentOptions = {
	coreThreshold: 0.5,
	minMass: 3,
	minFraction: 0.04,
	mergeOverlap: 0.5,
	stackedOverlap: 0.25,
};

export interface Segment {
	/** 784 values: this digit's ink only. */
	pixels: number[];
	/** Inclusive column range, for ordering and display. */
	x0: number;
	x1: number;
	mass: number;
}

const NEIGHBOURS: ReadonlyArray<[number, number]> = [
	[-1, -1], [0, -1], [1, -1], [-1, 0], [1, 0], [-1, 1], [0, 1], [1, 1],
];

interface Part {
	label: number;
	x0: number;
	x1: number;
	y0: number;
	y1: number;
	mass: number;
}

interface Group {
	labels: Set<number>;
	x0: number;
	x1: number;
	y0: number;
	y1: number;
	mass: number;
}

/** Length of the overlap of the inclusive integer ranges [a0, a1] and [b0, b1] (≤ 0 when they are apart). */
function shared(a0: number, a1: number, b0: number, b1: number): number {
	return math.min(a1, b1) - math.max(a0, b0) + 1;
}

function belongTogether(g: Group, p: Part, options: SegmentOptions): boolean {
	const cols = shared(g.x0, g.x1, p.x0, p.x1);
	const narrower = math.min(g.x1 - g.x0 + 1, p.x1 - p.x0 + 1);
	if (cols >= options.mergeOverlap * narrower) return true;
	if (cols < 0) return false;
	const rows = math.max(0, shared(g.y0, g.y1, p.y0, p.y1));
	const shorter = math.min(g.y1 - g.y0 + 1, p.y1 - p.y0 + 1);
	return rows <= options.stackedOverlap * shorter;
}

/** Breadth-first growth over the neighbourhood: each unlabelled neighbour that `accepts` takes its source's label. */
function grow(queue: number[], labels: number[], accepts: (j: number) => boolean) {
	let head = 0;
	while (head < queue.size()) {
		const index = queue[head++];
		const x = index % GRID;
		const y = math.floor(index / GRID);
		for (const [dx, dy] of NEIGHBOURS) {
			const nx = x + dx;
			const ny = y + dy;
			if (nx < 0 || ny < 0 || nx >= GRID || ny >= GRID) continue;
			const j = ny * GRID + nx;
			if (labels[j] === 0 && accepts(j)) {
				labels[j] = labels[index];
				queue.push(j);
			}
		}
	}
}

export function segment(pixels: ReadonlyArray<number>, options: SegmentOptions = DEFAULT_SEGMENT): Segment[] {
	const n = GRID * GRID;
	const labels = new Array<number>(n, 0);
	const queue = new Array<number>();
	let count = 0;

	// Cores: flood fill of dark cells.
	for (let start = 0; start < n; start++) {
		if (labels[start] !== 0 || pixels[start] < options.coreThreshold) continue;
		count++;
		labels[start] = count;
		queue.clear();
		queue.push(start);
		grow(queue, labels, (j) => pixels[j] >= options.coreThreshold);
	}
	if (count === 0) return [];

	// Soft edges: breadth-first growth from every core at once, so each faint cell joins the closest core.
	queue.clear();
	for (let i = 0; i < n; i++) if (labels[i] !== 0) queue.push(i);
	grow(queue, labels, (j) => pixels[j] > 0);

	const parts = new Array<Part>();
	for (let label = 1; label <= count; label++) parts.push({ label, x0: GRID, x1: -1, y0: GRID, y1: -1, mass: 0 });
	let total = 0;
	for (let i = 0; i < n; i++) {
		const label = labels[i];
		if (label === 0) continue;
		const part = parts[label - 1];
		const x = i % GRID;
		const y = math.floor(i / GRID);
		part.mass += pixels[i];
		total += pixels[i];
		if (x < part.x0) part.x0 = x;
		if (x > part.x1) part.x1 = x;
		if (y < part.y0) part.y0 = y;
		if (y > part.y1) part.y1 = y;
	}

	const kept = parts.filter((p) => p.mass >= options.minMass && p.mass >= options.minFraction * total);
	kept.sort((a, b) => a.x0 < b.x0 || (a.x0 === b.x0 && a.x1 < b.x1));

	// Merge left to right: a part joins the previous digit when their columns overlap enough, or when it sits
	// above or below it (see SegmentOptions.stackedOverlap).
	const groups = new Array<Group>();
	for (const part of kept) {
		const last = groups[groups.size() - 1];
		if (last && belongTogether(last, part, options)) {
			last.labels.add(part.label);
			last.x0 = math.min(last.x0, part.x0);
			last.x1 = math.max(last.x1, part.x1);
			last.y0 = math.min(last.y0, part.y0);
			last.y1 = math.max(last.y1, part.y1);
			last.mass += part.mass;
			continue;
		}
		groups.push({ labels: new Set([part.label]), x0: part.x0, x1: part.x1, y0: part.y0, y1: part.y1, mass: part.mass });
	}

	return groups.map((group) => {
		const own = new Array<number>(n, 0);
		for (let i = 0; i < n; i++) if (group.labels.has(labels[i])) own[i] = pixels[i];
		return { pixels: own, x0: group.x0, x1: group.x1, mass: group.mass };
	});
}
