/**
 * A digit's strokes → the 28×28 image the model reads, at MNIST's geometry (LeCun et al.): the strokes' centre-line
 * box is scaled so the inked box fits 20×20 keeping the aspect ratio, centred, drawn with a pen of constant width in
 * MNIST pixels, then moved by whole pixels so the centre of mass sits at MNIST's (14, 14). A digit drawn tiny or huge
 * reaches the model alike; scaling a bitmap instead would make small drawings' strokes too thick.
 *
 * The training twin is `training/src/ink/render.ts`: it renders MNIST digits traced into strokes for augmentation.
 * Both compute the same numbers (same operations in the same order, only + − × ÷ √ and floor, which IEEE-754 fixes
 * exactly); `tests/lune/place/render.spec.luau` compares them on fixtures written by the training side.
 *
 * `DigitImage` keeps one digit's picture between frames: while its strokes only grow inside the same box (the
 * frame holds still) it draws just the new segments and reports which inputs changed, for the runtime's
 * incremental first layer.
 */
import { INPUT_AREA, INPUT_SIDE } from "./input-geometry";

export const SIZE = INPUT_SIDE;
export const AREA = INPUT_AREA;
export const BOX = 20;
/** MNIST's mean centre of mass in 0-based pixel indices (14.0, 14.0 over its training set). */
export const TARGET_X = 14;
export const TARGET_Y = 14;

export interface RenderPen {
	/** Distance (MNIST pixels) from the centre line within which ink is full. */
	core: number;
	/** Distance beyond which there is no ink; between core and edge it falls off smoothly (smoothstep). */
	edge: number;
	/** How far the inked box reaches beyond the centre-line box, for fitting it into BOX. */
	margin: number;
	/** Largest scale (MNIST pixels per board unit), so a dot is not blown up to fill the box. */
	maxScale: number;
}

/** Matched to MNIST's strokes (mean ink per digit and bounding box; see docs/ink.md). Keep equal to the twin's. */
export const PEN: RenderPen = table.freeze({ core: 0.5, edge: 2, margin: 1.7, maxScale: 8 });

/** A stroke's points as a flat list [x1, y1, x2, y2, …] in board units. */
export type Points = ReadonlyArray<number>;

export interface Frame {
	scale: number;
	/** MNIST pixel x = (x − cx)·scale + 14 + shiftX; likewise y. */
	cx: number;
	cy: number;
	shiftX: number;
	shiftY: number;
}

export function frameEquals(a: Frame | undefined, b: Frame | undefined): boolean {
	if (a === undefined || b === undefined) return a === b;
	return a.scale === b.scale && a.cx === b.cx && a.cy === b.cy && a.shiftX === b.shiftX && a.shiftY === b.shiftY;
}

/** Scale and centre of the strokes' centre-line box; undefined without points. */
export function fitFrame(
	strokes: ReadonlyArray<Points>,
	pen: RenderPen = PEN,
): { scale: number; cx: number; cy: number } | undefined {
	let x0 = math.huge;
	let x1 = -math.huge;
	let y0 = math.huge;
	let y1 = -math.huge;
	for (const p of strokes) {
		for (let i = 0; i < p.size(); i += 2) {
			const x = p[i];
			const y = p[i + 1];
			if (x < x0) x0 = x;
			if (x > x1) x1 = x;
			if (y < y0) y0 = y;
			if (y > y1) y1 = y;
		}
	}
	if (x1 < x0) return undefined;
	const long = math.max(x1 - x0, y1 - y0);
	const room = BOX - 2 * pen.margin;
	const scale = long * pen.maxScale > room ? room / long : pen.maxScale;
	return { scale, cx: (x0 + x1) / 2, cy: (y0 + y1) / 2 };
}

/**
 * The pen along one segment in MNIST pixel coordinates (pixel (c, r) has its centre at (c + 0.5, r + 0.5)); ink
 * composes with max. Appends the 0-based indices of pixels it raised to `changed` when given.
 */
export function drawSegment(
	ax: number,
	ay: number,
	bx: number,
	by: number,
	out: number[],
	pen: RenderPen,
	changed?: number[],
) {
	const reach = pen.edge;
	const c0 = math.max(0, math.ceil(math.min(ax, bx) - reach - 0.5));
	const c1 = math.min(SIZE - 1, math.floor(math.max(ax, bx) + reach - 0.5));
	const r0 = math.max(0, math.ceil(math.min(ay, by) - reach - 0.5));
	const r1 = math.min(SIZE - 1, math.floor(math.max(ay, by) + reach - 0.5));
	const vx = bx - ax;
	const vy = by - ay;
	const len2 = vx * vx + vy * vy;
	const core = pen.core;
	const edge = pen.edge;
	const core2 = core * core;
	const edge2 = edge * edge;
	const span = edge - core;
	for (let r = r0; r <= r1; r++) {
		const py = r + 0.5;
		for (let c = c0; c <= c1; c++) {
			const px = c + 0.5;
			let t = 0;
			if (len2 > 0) {
				t = ((px - ax) * vx + (py - ay) * vy) / len2;
				if (t < 0) t = 0;
				else if (t > 1) t = 1;
			}
			const dx = px - (ax + t * vx);
			const dy = py - (ay + t * vy);
			const d2 = dx * dx + dy * dy;
			if (d2 >= edge2) continue;
			const i = r * SIZE + c;
			let v = 1;
			if (d2 > core2) {
				const u = (edge - math.sqrt(d2)) / span;
				v = u * u * (3 - 2 * u);
			}
			if (v > out[i]) {
				out[i] = v;
				changed?.push(i);
			}
		}
	}
}

/** Draws points from..end of a stroke (point indices, 0-based; `from` > 0 continues from point from − 1). */
function drawPoints(
	p: Points,
	from: number,
	scale: number,
	cx: number,
	cy: number,
	out: number[],
	pen: RenderPen,
	changed?: number[],
) {
	const n = p.size() / 2;
	if (n === 0 || from >= n) return;
	if (n === 1) {
		const x = (p[0] - cx) * scale + 14;
		const y = (p[1] - cy) * scale + 14;
		drawSegment(x, y, x, y, out, pen, changed);
		return;
	}
	const start = math.max(1, from);
	let ax = (p[2 * (start - 1)] - cx) * scale + 14;
	let ay = (p[2 * (start - 1) + 1] - cy) * scale + 14;
	for (let i = start; i < n; i++) {
		const bx = (p[2 * i] - cx) * scale + 14;
		const by = (p[2 * i + 1] - cy) * scale + 14;
		drawSegment(ax, ay, bx, by, out, pen, changed);
		ax = bx;
		ay = by;
	}
}

/** Whole-pixel shift that brings the centre of mass nearest MNIST's without pushing ink out of the field. */
export function centringShift(img: ReadonlyArray<number>): [number, number] {
	let m = 0;
	let mx = 0;
	let my = 0;
	let x0 = SIZE;
	let x1 = -1;
	let y0 = SIZE;
	let y1 = -1;
	for (let y = 0; y < SIZE; y++) {
		for (let x = 0; x < SIZE; x++) {
			const v = img[y * SIZE + x];
			if (v > 0) {
				m += v;
				mx += v * x;
				my += v * y;
				if (x < x0) x0 = x;
				if (x > x1) x1 = x;
				if (y < y0) y0 = y;
				if (y > y1) y1 = y;
			}
		}
	}
	if (m <= 0) return [0, 0];
	const sx = math.floor(TARGET_X - mx / m + 0.5);
	const sy = math.floor(TARGET_Y - my / m + 0.5);
	return [math.min(SIZE - 1 - x1, math.max(-x0, sx)), math.min(SIZE - 1 - y1, math.max(-y0, sy))];
}

function shifted(src: ReadonlyArray<number>, shiftX: number, shiftY: number): number[] {
	const out = new Array<number>(AREA, 0);
	for (let y = 0; y < SIZE; y++) {
		const ty = y + shiftY;
		if (ty < 0 || ty >= SIZE) continue;
		for (let x = 0; x < SIZE; x++) {
			const tx = x + shiftX;
			if (tx < 0 || tx >= SIZE) continue;
			out[ty * SIZE + tx] = src[y * SIZE + x];
		}
	}
	return out;
}

export interface Rendered {
	/** AREA values in 0..1, row-major. */
	input: number[];
	frame: Frame | undefined;
}

/** The model's view of a digit's strokes (see the file comment); all zeros and no frame without points. */
export function renderDigit(strokes: ReadonlyArray<Points>, pen: RenderPen = PEN): Rendered {
	const fit = fitFrame(strokes, pen);
	if (!fit) return { input: new Array<number>(AREA, 0), frame: undefined };
	const img = new Array<number>(AREA, 0);
	for (const p of strokes) drawPoints(p, 0, fit.scale, fit.cx, fit.cy, img, pen);
	const [shiftX, shiftY] = centringShift(img);
	return { input: shifted(img, shiftX, shiftY), frame: { scale: fit.scale, cx: fit.cx, cy: fit.cy, shiftX, shiftY } };
}

/** What `DigitImage.update` did: a whole new picture, or a few changed inputs in the same frame. */
export type ImageChange = { kind: "full" } | { kind: "partial"; changed: number[] } | { kind: "same" };

/**
 * One digit's picture kept between frames. `update` takes the digit's strokes (each identified by the array
 * object it lives in, which the board only ever extends while drawing) and redraws as little as it can.
 */
export class DigitImage {
	input: number[] = new Array<number>(AREA, 0);
	frame: Frame | undefined;
	private unshifted: number[] = new Array<number>(AREA, 0);
	private drawn = new Map<Points, number>();
	private readonly pen: RenderPen;

	constructor(pen: RenderPen = PEN) {
		this.pen = pen;
	}

	update(strokes: ReadonlyArray<Points>): ImageChange {
		const fit = fitFrame(strokes, this.pen);
		const frame = this.frame;
		let grows =
			frame !== undefined &&
			fit !== undefined &&
			fit.scale === frame.scale &&
			fit.cx === frame.cx &&
			fit.cy === frame.cy;
		if (grows) {
			// Every stroke drawn before must still be there, no shorter; only new points get drawn.
			let kept = 0;
			for (const p of strokes) if (this.drawn.has(p)) kept++;
			for (const [p, n] of this.drawn) if (p.size() / 2 < n) grows = false;
			if (kept !== this.drawn.size()) grows = false;
		}
		if (!grows || !fit || !frame) return this.redraw(strokes, fit);
		const raised = new Array<number>();
		for (const p of strokes) {
			const before = this.drawn.get(p) ?? 0;
			const n = p.size() / 2;
			if (n === before) continue;
			drawPoints(p, before, fit.scale, fit.cx, fit.cy, this.unshifted, this.pen, raised);
			this.drawn.set(p, n);
		}
		if (raised.size() === 0) return { kind: "same" };
		const [shiftX, shiftY] = centringShift(this.unshifted);
		if (shiftX !== frame.shiftX || shiftY !== frame.shiftY) {
			this.frame = { scale: fit.scale, cx: fit.cx, cy: fit.cy, shiftX, shiftY };
			this.input = shifted(this.unshifted, shiftX, shiftY);
			return { kind: "full" };
		}
		const changed = new Array<number>();
		const seen = new Set<number>();
		for (const i of raised) {
			if (seen.has(i)) continue;
			seen.add(i);
			const tx = (i % SIZE) + shiftX;
			const ty = math.floor(i / SIZE) + shiftY;
			if (tx < 0 || tx >= SIZE || ty < 0 || ty >= SIZE) continue;
			const j = ty * SIZE + tx;
			if (this.input[j] !== this.unshifted[i]) {
				this.input[j] = this.unshifted[i];
				changed.push(j);
			}
		}
		return changed.size() > 0 ? { kind: "partial", changed } : { kind: "same" };
	}

	private redraw(
		strokes: ReadonlyArray<Points>,
		fit: { scale: number; cx: number; cy: number } | undefined,
	): ImageChange {
		this.drawn.clear();
		this.unshifted = new Array<number>(AREA, 0);
		if (!fit) {
			this.frame = undefined;
			this.input = new Array<number>(AREA, 0);
			return { kind: "full" };
		}
		for (const p of strokes) {
			drawPoints(p, 0, fit.scale, fit.cx, fit.cy, this.unshifted, this.pen);
			this.drawn.set(p, p.size() / 2);
		}
		const [shiftX, shiftY] = centringShift(this.unshifted);
		this.frame = { scale: fit.scale, cx: fit.cx, cy: fit.cy, shiftX, shiftY };
		this.input = shifted(this.unshifted, shiftX, shiftY);
		return { kind: "full" };
	}
}
