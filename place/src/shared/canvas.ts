/**
 * The drawing board as pure data. Its truth is the ink's strokes: each stroke's points in board units (one unit is
 * one cell of the view), in the order they were written. The cells (`pixels`, width × height values in 0..1, drawn
 * by a soft round pen) are only a view of them, kept up to date by redrawing just the cells an operation touched.
 *
 * A stroke is drawn as the distance from each cell centre to the polyline through its points, so a fast drag that
 * jumps several cells between two events still leaves a continuous line. Ink composes with `max`, so the view is the
 * same whatever order the strokes are drawn in. The eraser cuts strokes: the parts of strokes it passes over are
 * removed (a stroke crossed in the middle becomes two). Every operation returns the 0-based indices of the cells
 * whose value changed (index = row · width + column), so the screen repaints only those.
 */
import { cutStrokes, ERASER_RADIUS } from "./eraser";
import { INPUT_SIDE } from "./input-geometry";
import { clipToBoard, DEFAULT_PEN, distanceToSegment, penProfile, penReach, PenOptions } from "./pen";

export { DEFAULT_PEN, penProfile, penReach } from "./pen";
export type { PenOptions } from "./pen";

/** Side of the single-digit board, in cells: one cell per pixel of the picture a model reads. */
export const GRID = INPUT_SIDE;
export const CELLS = GRID * GRID;

export type BoardKind = "digit" | "number";

export interface BoardSize {
	kind: BoardKind;
	/** in board units (cells) */
	width: number;
	height: number;
}

/** One digit: a square board of MNIST's own size. */
export const DIGIT_BOARD: BoardSize = table.freeze({ kind: "digit", width: GRID, height: GRID });
/**
 * Numbers: three times as wide, the same height. Three digits drawn two thirds of the board tall with gaps of up to
 * 40% of their height need about 60 units (see docs/ink.md for the measurement), leaving room for a fourth.
 */
export const NUMBER_BOARD: BoardSize = table.freeze({ kind: "number", width: 3 * GRID, height: GRID });

export type PenMode = "draw" | "erase";

export interface Stroke {
	/** unique on its board; a stroke cut by the eraser gives pieces with new ids */
	readonly id: number;
	/** [x1, y1, x2, y2, …] in board units; grows while the stroke is being drawn, never changes after */
	readonly points: number[];
}

/** Inclusive cell rectangle. */
interface Region {
	c0: number;
	c1: number;
	r0: number;
	r1: number;
}

export class Canvas {
	readonly kind: BoardKind;
	readonly width: number;
	readonly height: number;
	readonly pixels: number[];
	pen: PenOptions;
	/** The ink, in writing order. Replaced (never edited in place) by undo, clear and the eraser. */
	strokes = new Array<Stroke>();
	/** Counts every change of the ink, so observers can tell whether anything happened since they last looked. */
	version = 0;
	private history = new Array<Stroke[]>();
	private current: Stroke | undefined;
	private down = false;
	private erasing = false;
	private changedHistory = false;
	private nextId = 1;
	private lastX = 0;
	private lastY = 0;

	constructor(pen: PenOptions = DEFAULT_PEN, size: BoardSize = DIGIT_BOARD) {
		this.kind = size.kind;
		this.width = size.width;
		this.height = size.height;
		this.pixels = new Array<number>(size.width * size.height, 0);
		this.pen = pen;
	}

	/** True while a stroke is open (between beginStroke and endStroke). */
	isDrawing(): boolean {
		return this.down;
	}

	isEmpty(): boolean {
		return this.strokes.size() === 0;
	}

	/** The stroke being drawn, if any. */
	openStroke(): Stroke | undefined {
		return this.current;
	}

	/** Starts a stroke at (x, y) in board units (cell (c, r) spans c..c+1); draws a dot, or erases under it. */
	beginStroke(x: number, y: number, mode: PenMode = "draw"): number[] {
		this.endStroke();
		this.history.push(this.strokes);
		this.changedHistory = false;
		this.down = true;
		this.lastX = x;
		this.lastY = y;
		if (mode === "erase") {
			this.erasing = true;
			return this.erase(x, y, x, y);
		}
		if (!this.inside(x, y)) return [];
		return this.startPiece(x, y);
	}

	/** Continues the open stroke to (x, y). Parts outside the board are left out; re-entering starts a new piece. */
	extendStroke(x: number, y: number): number[] {
		if (!this.isDrawing()) return [];
		const [ax, ay] = [this.lastX, this.lastY];
		this.lastX = x;
		this.lastY = y;
		if (this.erasing) return this.erase(ax, ay, x, y);
		const clipped = clipToBoard(ax, ay, x, y, this.width, this.height);
		if (!clipped) return [];
		const [cx0, cy0, cx1, cy1] = clipped;
		const open = this.current;
		const n = open ? open.points.size() : 0;
		// The segment re-enters the board somewhere else than where the open piece stopped: a new piece.
		if (!open || open.points[n - 2] !== cx0 || open.points[n - 1] !== cy0) {
			const changed = this.startPiece(cx0, cy0);
			return this.appendPoint(cx1, cy1, changed);
		}
		return this.appendPoint(cx1, cy1, []);
	}

	endStroke() {
		if (!this.down) return;
		this.down = false;
		this.current = undefined;
		this.erasing = false;
		// A stroke that changed nothing (an eraser pass over blank paper) is not an undo step.
		if (!this.changedHistory) this.history.pop();
	}

	/** Number of strokes (and clears and eraser passes) that undo can take back. */
	undoDepth(): number {
		return this.history.size();
	}

	/** Takes back the last stroke (or clear, or eraser pass); returns the cells that changed. */
	undo(): number[] {
		this.endStroke();
		const previous = this.history.pop();
		if (!previous) return [];
		return this.replaceStrokes(previous);
	}

	/** Wipes the board; undo brings the drawing back. */
	clear(): number[] {
		this.endStroke();
		if (this.strokes.size() === 0) return [];
		this.history.push(this.strokes);
		return this.replaceStrokes([]);
	}

	private inside(x: number, y: number): boolean {
		return x >= 0 && y >= 0 && x <= this.width && y <= this.height;
	}

	private startPiece(x: number, y: number): number[] {
		const stroke: Stroke = { id: this.nextId++, points: [x, y] };
		this.current = stroke;
		this.strokes = [...this.strokes, stroke];
		this.changedHistory = true;
		this.version++;
		return this.paintSegment(x, y, x, y, []);
	}

	private appendPoint(x: number, y: number, changed: number[]): number[] {
		const stroke = this.current!;
		const n = stroke.points.size();
		const [ax, ay] = [stroke.points[n - 2], stroke.points[n - 1]];
		if (ax === x && ay === y) return changed;
		stroke.points.push(x, y);
		this.version++;
		return this.paintSegment(ax, ay, x, y, changed);
	}

	private erase(ax: number, ay: number, bx: number, by: number): number[] {
		const [kept, removed] = cutStrokes(this.strokes, ax, ay, bx, by, ERASER_RADIUS, () => this.nextId++);
		if (removed.size() === 0) return [];
		this.changedHistory = true;
		return this.replaceStrokes(kept);
	}

	/** Swaps the ink for `next` and redraws the cells around every stroke that came or went. */
	private replaceStrokes(incoming: Stroke[]): number[] {
		const before = new Set<Stroke>(this.strokes);
		const after = new Set<Stroke>(incoming);
		let region: Region | undefined;
		const grow = (s: Stroke) => (region = this.unionRegion(region, s));
		for (const s of this.strokes) if (!after.has(s)) grow(s);
		for (const s of incoming) if (!before.has(s)) grow(s);
		this.strokes = incoming;
		this.version++;
		return region ? this.repaint(region) : [];
	}

	private unionRegion(region: Region | undefined, s: Stroke): Region {
		const reach = penReach(this.pen);
		let x0 = math.huge;
		let x1 = -math.huge;
		let y0 = math.huge;
		let y1 = -math.huge;
		for (let i = 0; i < s.points.size(); i += 2) {
			x0 = math.min(x0, s.points[i]);
			x1 = math.max(x1, s.points[i]);
			y0 = math.min(y0, s.points[i + 1]);
			y1 = math.max(y1, s.points[i + 1]);
		}
		const r: Region = {
			c0: math.max(0, math.ceil(x0 - reach - 0.5)),
			c1: math.min(this.width - 1, math.floor(x1 + reach - 0.5)),
			r0: math.max(0, math.ceil(y0 - reach - 0.5)),
			r1: math.min(this.height - 1, math.floor(y1 + reach - 0.5)),
		};
		if (!region) return r;
		return {
			c0: math.min(region.c0, r.c0),
			c1: math.max(region.c1, r.c1),
			r0: math.min(region.r0, r.r0),
			r1: math.max(region.r1, r.r1),
		};
	}

	/** Redraws the cells of `region` from the strokes; returns those whose value changed. */
	private repaint(region: Region): number[] {
		const fresh = new Map<number, number>();
		for (const s of this.strokes) {
			const p = s.points;
			const n = p.size() / 2;
			for (let k = 0; k < math.max(1, n - 1); k++) {
				const bk = math.min(k + 1, n - 1);
				this.rasterise(p[2 * k], p[2 * k + 1], p[2 * bk], p[2 * bk + 1], region, (index, ink) => {
					if (ink > (fresh.get(index) ?? 0)) fresh.set(index, ink);
				});
			}
		}
		const changed = new Array<number>();
		for (let r = region.r0; r <= region.r1; r++) {
			for (let c = region.c0; c <= region.c1; c++) {
				const index = r * this.width + c;
				const value = fresh.get(index) ?? 0;
				if (this.pixels[index] !== value) {
					this.pixels[index] = value;
					changed.push(index);
				}
			}
		}
		return changed;
	}

	/** Calls `visit` for every cell of `within` (default: the whole board) the pen inks along segment a→b. */
	private rasterise(
		ax: number,
		ay: number,
		bx: number,
		by: number,
		within: Region | undefined,
		visit: (index: number, ink: number) => void,
	) {
		const pen = this.pen;
		const reach = penReach(pen);
		// Cell (c, r) has its centre at (c + 0.5, r + 0.5); only cells whose centre can be within reach are visited.
		let c0 = math.max(0, math.ceil(math.min(ax, bx) - reach - 0.5));
		let c1 = math.min(this.width - 1, math.floor(math.max(ax, bx) + reach - 0.5));
		let r0 = math.max(0, math.ceil(math.min(ay, by) - reach - 0.5));
		let r1 = math.min(this.height - 1, math.floor(math.max(ay, by) + reach - 0.5));
		if (within) {
			c0 = math.max(c0, within.c0);
			c1 = math.min(c1, within.c1);
			r0 = math.max(r0, within.r0);
			r1 = math.min(r1, within.r1);
		}
		for (let r = r0; r <= r1; r++) {
			for (let c = c0; c <= c1; c++) {
				const ink = penProfile(distanceToSegment(c + 0.5, r + 0.5, ax, ay, bx, by), pen);
				if (ink > 0) visit(r * this.width + c, ink);
			}
		}
	}

	private paintSegment(ax: number, ay: number, bx: number, by: number, changed: number[]): number[] {
		const pixels = this.pixels;
		this.rasterise(ax, ay, bx, by, undefined, (index, ink) => {
			if (ink > pixels[index]) {
				pixels[index] = ink;
				changed.push(index);
			}
		});
		return changed;
	}
}
