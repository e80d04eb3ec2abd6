/**
 * The drawing surface as pure data: a 28×28 grid of ink values in 0..1, painted by a soft round pen.
 *
 * A stroke is rasterised as the distance from each cell centre to the polyline through the input samples,
 * so a fast drag that jumps several cells between two events still leaves a continuous line (no stamping gaps).
 * Ink composes with `max`, which makes redrawing over a line idempotent instead of saturating it.
 * Every operation returns the 0-based indices of the cells whose value changed, so the view repaints only those.
 */

export const GRID = 28;
export const CELLS = GRID * GRID;

export type PenMode = "draw" | "erase";

export interface PenOptions {
	/** Cells within this distance of the stroke get full ink (TinyMNIST used radius 2 with falloff). */
	radius: number;
	/** Gaussian sigma of the soft edge outside the solid core. */
	softness: number;
}

export const DEFAULT_PEN: PenOptions = { radius: 1.2, softness: 0.35 };

/** Values below this are dropped so the brush has a finite footprint (and untouched cells stay exactly 0). */
const CUTOFF = 0.05;

interface HistoryEntry {
	/** index → value before the entry first changed it */
	before: Map<number, number>;
}

/** Ink of a pen whose centre line is `d` cells away. */
export function penProfile(d: number, pen: PenOptions): number {
	const core = pen.radius - 0.5;
	if (d <= core) return 1;
	const e = d - core;
	const v = math.exp(-(e * e) / (2 * pen.softness * pen.softness));
	return v < CUTOFF ? 0 : v;
}

/** How far the pen reaches: beyond this the profile is 0. */
function penReach(pen: PenOptions): number {
	return pen.radius - 0.5 + pen.softness * math.sqrt(-2 * math.log(CUTOFF)) + 1e-9;
}

function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
	const vx = bx - ax;
	const vy = by - ay;
	const len2 = vx * vx + vy * vy;
	let t = 0;
	if (len2 > 0) t = math.clamp(((px - ax) * vx + (py - ay) * vy) / len2, 0, 1);
	const dx = px - (ax + t * vx);
	const dy = py - (ay + t * vy);
	return math.sqrt(dx * dx + dy * dy);
}

export class Canvas {
	readonly pixels: number[];
	pen: PenOptions;
	private history = new Array<HistoryEntry>();
	private current: HistoryEntry | undefined;
	private mode: PenMode = "draw";
	private lastX = 0;
	private lastY = 0;

	constructor(pen: PenOptions = DEFAULT_PEN) {
		this.pixels = new Array<number>(CELLS, 0);
		this.pen = pen;
	}

	/** True while a stroke is open (between beginStroke and endStroke). */
	isDrawing(): boolean {
		return this.current !== undefined;
	}

	isEmpty(): boolean {
		for (let i = 0; i < CELLS; i++) if (this.pixels[i] > 0) return false;
		return true;
	}

	/** Starts a stroke at (x, y) in cell units (0..28, cell (c, r) spans c..c+1); paints a dot. */
	beginStroke(x: number, y: number, mode: PenMode = "draw"): number[] {
		if (this.current) this.endStroke();
		this.current = { before: new Map() };
		this.mode = mode;
		this.lastX = x;
		this.lastY = y;
		return this.paintSegment(x, y, x, y);
	}

	/** Continues the open stroke with a line from the previous sample to (x, y). */
	extendStroke(x: number, y: number): number[] {
		if (!this.current) return [];
		const changed = this.paintSegment(this.lastX, this.lastY, x, y);
		this.lastX = x;
		this.lastY = y;
		return changed;
	}

	endStroke() {
		const entry = this.current;
		this.current = undefined;
		if (entry && entry.before.size() > 0) this.history.push(entry);
	}

	/** Number of strokes (and clears) that undo can take back. */
	undoDepth(): number {
		return this.history.size();
	}

	/** Takes back the last stroke (or clear); returns the cells it restored. */
	undo(): number[] {
		this.endStroke();
		const entry = this.history.pop();
		const changed = new Array<number>();
		if (!entry) return changed;
		for (const [index, value] of entry.before) {
			if (this.pixels[index] !== value) {
				this.pixels[index] = value;
				changed.push(index);
			}
		}
		return changed;
	}

	/** Wipes the grid; undo brings the drawing back. */
	clear(): number[] {
		this.endStroke();
		const entry: HistoryEntry = { before: new Map() };
		const changed = new Array<number>();
		for (let i = 0; i < CELLS; i++) {
			if (this.pixels[i] !== 0) {
				entry.before.set(i, this.pixels[i]);
				this.pixels[i] = 0;
				changed.push(i);
			}
		}
		if (changed.size() > 0) this.history.push(entry);
		return changed;
	}

	private paintSegment(ax: number, ay: number, bx: number, by: number): number[] {
		const entry = this.current!;
		const pen = this.pen;
		const reach = penReach(pen);
		const changed = new Array<number>();
		// Cell (c, r) has its centre at (c + 0.5, r + 0.5); only cells whose centre can be within reach are visited.
		const c0 = math.max(0, math.ceil(math.min(ax, bx) - reach - 0.5));
		const c1 = math.min(GRID - 1, math.floor(math.max(ax, bx) + reach - 0.5));
		const r0 = math.max(0, math.ceil(math.min(ay, by) - reach - 0.5));
		const r1 = math.min(GRID - 1, math.floor(math.max(ay, by) + reach - 0.5));
		const erase = this.mode === "erase";
		for (let r = r0; r <= r1; r++) {
			for (let c = c0; c <= c1; c++) {
				const ink = penProfile(distanceToSegment(c + 0.5, r + 0.5, ax, ay, bx, by), pen);
				if (ink <= 0) continue;
				const index = r * GRID + c;
				const old = this.pixels[index];
				const value = erase ? math.min(old, 1 - ink) : math.max(old, ink);
				if (value === old) continue;
				if (!entry.before.has(index)) entry.before.set(index, old);
				this.pixels[index] = value;
				changed.push(index);
			}
		}
		return changed;
	}
}
