/**
 * A digit's strokes → the 28×28 image the model reads, at MNIST's geometry: the strokes' centre-line box is scaled
 * so the inked box fits 20×20 (keeping the aspect ratio) and centred, the strokes are drawn with a pen of constant
 * width in MNIST pixels, and the picture is moved by whole pixels so its centre of mass sits at MNIST's. A digit
 * drawn tiny or huge therefore reaches the model alike.
 *
 * This is the training twin of the place's `render.ts` (roblox-ts, run by the board at play time). The two must
 * compute the same numbers: same operations in the same order, no transcendental functions (only + − × ÷ √, floor,
 * which IEEE-754 fixes exactly). `tests/lune/place/render.spec.luau` compares them on fixtures written from here.
 */
import { INPUT_AREA, INPUT_SIDE } from "../../../place/src/shared/input-geometry";

export const SIZE = INPUT_SIDE;
export const AREA = INPUT_AREA;
/** MNIST fits the ink's bounding box into 20×20. */
export const BOX = 20;
/** MNIST's mean centre of mass, 0-based pixel indices (14.01, 14.00 over its training set). */
export const TARGET_X = 14;
export const TARGET_Y = 14;

export interface RenderPen {
	/** Distance (MNIST pixels) from the centre line within which ink is full. */
	core: number;
	/** Distance beyond which there is no ink; between core and edge the ink falls off smoothly (smoothstep). */
	edge: number;
	/** How far beyond the centre-line box the inked box reaches, for fitting the box into BOX. */
	margin: number;
	/** Largest scale (MNIST pixels per input unit), so a dot or a speck is not blown up to fill the box. */
	maxScale: number;
}

/** Matched to MNIST's strokes (mean ink per digit and bounding box; see docs/ink.md). Keep equal to the place's. */
export const PEN: RenderPen = Object.freeze({ core: 0.5, edge: 2, margin: 1.7, maxScale: 8 });

/** The mapping from input units to MNIST pixels, and the whole-pixel shift: equal frames draw alike. */
export interface Frame {
	scale: number;
	/** MNIST pixel x = (x − cx)·scale + 14 + shiftX; likewise y. */
	cx: number;
	cy: number;
	shiftX: number;
	shiftY: number;
}

/** Ink of the pen at distance d from the centre line. */
export function penInk(d: number, pen: RenderPen = PEN): number {
	if (d * d <= pen.core * pen.core) return 1;
	if (d * d >= pen.edge * pen.edge) return 0;
	const t = (pen.edge - d) / (pen.edge - pen.core);
	return t * t * (3 - 2 * t);
}

/**
 * Strokes as one flat coordinate list: stroke k holds points `ends[k-1] .. ends[k]-1` (ends[-1] = 0), point i at
 * (coords[2i], coords[2i+1]).
 */
export interface FlatStrokes {
	coords: ArrayLike<number>;
	ends: ArrayLike<number>;
	count: number;
}

/** Flattens strokes given as flat [x0, y0, x1, y1, …] lists. */
export function flatten(strokes: ReadonlyArray<ArrayLike<number>>): FlatStrokes {
	let total = 0;
	for (const s of strokes) total += s.length;
	const coords = new Float64Array(total);
	const ends = new Int32Array(strokes.length);
	let at = 0;
	strokes.forEach((s, k) => {
		for (let i = 0; i < s.length; i++) coords[at + i] = s[i]!;
		at += s.length;
		ends[k] = at / 2;
	});
	return { coords, ends, count: strokes.length };
}

/** The strokes' points' box (centre lines, board units); undefined when there are no points. */
function pointBox(s: FlatStrokes): { x0: number; x1: number; y0: number; y1: number } | undefined {
	const points = s.count > 0 ? s.ends[s.count - 1]! : 0;
	if (points === 0) return undefined;
	let x0 = s.coords[0]!;
	let x1 = x0;
	let y0 = s.coords[1]!;
	let y1 = y0;
	for (let i = 1; i < points; i++) {
		const x = s.coords[2 * i]!;
		const y = s.coords[2 * i + 1]!;
		if (x < x0) x0 = x;
		if (x > x1) x1 = x;
		if (y < y0) y0 = y;
		if (y > y1) y1 = y;
	}
	return { x0, x1, y0, y1 };
}

/** Scale and centre of the centre-line box; undefined when there are no points. */
export function fitFrame(s: FlatStrokes, pen: RenderPen = PEN): { scale: number; cx: number; cy: number } | undefined {
	const box = pointBox(s);
	if (box === undefined) return undefined;
	const { x0, x1, y0, y1 } = box;
	const long = Math.max(x1 - x0, y1 - y0);
	const room = BOX - 2 * pen.margin;
	const scale = long * pen.maxScale > room ? room / long : pen.maxScale;
	return { scale, cx: (x0 + x1) / 2, cy: (y0 + y1) / 2 };
}

/**
 * Draws the strokes into `out` (AREA values, cleared first) with the frame's scale and centre but no shift, so the
 * centre of the box is at (14, 14). Ink composes with max. Returns nothing; see `renderDigit` for the whole thing.
 */
export function drawUnshifted(
	s: FlatStrokes,
	scale: number,
	cx: number,
	cy: number,
	out: Float64Array | Float32Array,
	pen: RenderPen = PEN,
): void {
	out.fill(0);
	let start = 0;
	for (let k = 0; k < s.count; k++) {
		const end = s.ends[k]!;
		drawStroke(s.coords, start, end, scale, cx, cy, out, pen);
		start = end;
	}
}

/** Draws points start..end-1 of `coords` as one polyline (a single point is a dot). */
export function drawStroke(
	coords: ArrayLike<number>,
	start: number,
	end: number,
	scale: number,
	cx: number,
	cy: number,
	out: Float64Array | Float32Array,
	pen: RenderPen = PEN,
): void {
	if (end <= start) return;
	let ax = (coords[2 * start]! - cx) * scale + 14;
	let ay = (coords[2 * start + 1]! - cy) * scale + 14;
	if (end === start + 1) {
		drawSegment(ax, ay, ax, ay, out, pen);
		return;
	}
	for (let i = start + 1; i < end; i++) {
		const bx = (coords[2 * i]! - cx) * scale + 14;
		const by = (coords[2 * i + 1]! - cy) * scale + 14;
		drawSegment(ax, ay, bx, by, out, pen);
		ax = bx;
		ay = by;
	}
}

/** The pen along one segment in MNIST pixel coordinates; pixel (c, r) has its centre at (c + 0.5, r + 0.5). */
export function drawSegment(
	ax: number,
	ay: number,
	bx: number,
	by: number,
	out: Float64Array | Float32Array,
	pen: RenderPen = PEN,
): void {
	const reach = pen.edge;
	const c0 = Math.max(0, Math.ceil(Math.min(ax, bx) - reach - 0.5));
	const c1 = Math.min(SIZE - 1, Math.floor(Math.max(ax, bx) + reach - 0.5));
	const r0 = Math.max(0, Math.ceil(Math.min(ay, by) - reach - 0.5));
	const r1 = Math.min(SIZE - 1, Math.floor(Math.max(ay, by) + reach - 0.5));
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
			if (d2 <= core2) {
				out[i] = 1;
				continue;
			}
			const u = (edge - Math.sqrt(d2)) / span;
			const v = u * u * (3 - 2 * u);
			if (v > out[i]!) out[i] = v;
		}
	}
}

/** Pixel columns and rows [left, right] × [top, bottom] outside which a picture is known to be blank. */
export interface InkBox {
	left: number;
	right: number;
	top: number;
	bottom: number;
}

const WHOLE: InkBox = Object.freeze({ left: 0, right: SIZE - 1, top: 0, bottom: SIZE - 1 });

/**
 * The pixels that drawing the strokes can ink: the union of their segments' boxes, from the extreme points (the
 * mapping to pixels is monotone, so it takes the extreme points to the extreme pixels).
 */
export function inkBox(s: FlatStrokes, scale: number, cx: number, cy: number, pen: RenderPen = PEN): InkBox {
	const box = pointBox(s);
	if (box === undefined || !(scale > 0)) return WHOLE;
	const { x0, x1, y0, y1 } = box;
	const reach = pen.edge;
	return {
		left: Math.max(0, Math.ceil((x0 - cx) * scale + 14 - reach - 0.5)),
		right: Math.min(SIZE - 1, Math.floor((x1 - cx) * scale + 14 + reach - 0.5)),
		top: Math.max(0, Math.ceil((y0 - cy) * scale + 14 - reach - 0.5)),
		bottom: Math.min(SIZE - 1, Math.floor((y1 - cy) * scale + 14 + reach - 0.5)),
	};
}

/**
 * Whole-pixel shift that brings the centre of mass nearest MNIST's, kept small enough that no ink leaves the field.
 * With `box`, only its pixels are read: the same sums, since blank pixels add nothing and the order stays row by row.
 */
export function centringShift(img: ArrayLike<number>, box: InkBox = WHOLE): { shiftX: number; shiftY: number } {
	let m = 0;
	let mx = 0;
	let my = 0;
	let x0 = SIZE;
	let x1 = -1;
	let y0 = SIZE;
	let y1 = -1;
	for (let y = box.top; y <= box.bottom; y++) {
		for (let x = box.left; x <= box.right; x++) {
			const v = img[y * SIZE + x]!;
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
	if (m <= 0) return { shiftX: 0, shiftY: 0 };
	const sx = Math.floor(TARGET_X - mx / m + 0.5);
	const sy = Math.floor(TARGET_Y - my / m + 0.5);
	return { shiftX: Math.min(SIZE - 1 - x1, Math.max(-x0, sx)), shiftY: Math.min(SIZE - 1 - y1, Math.max(-y0, sy)) };
}

/** Copies `src` moved by (shiftX, shiftY) whole pixels into `out` (cleared first). */
export function shiftInto(
	src: ArrayLike<number>,
	shiftX: number,
	shiftY: number,
	out: Float32Array | Float64Array,
	outOffset = 0,
): void {
	out.fill(0, outOffset, outOffset + AREA);
	for (let y = 0; y < SIZE; y++) {
		const ty = y + shiftY;
		if (ty < 0 || ty >= SIZE) continue;
		for (let x = 0; x < SIZE; x++) {
			const tx = x + shiftX;
			if (tx < 0 || tx >= SIZE) continue;
			out[outOffset + ty * SIZE + tx] = src[y * SIZE + x]!;
		}
	}
}

const scratch = new Float64Array(AREA);

/** The model's view of a digit's strokes; all zeros and no frame when there is no point. */
export function renderDigit(
	s: FlatStrokes,
	out: Float32Array | Float64Array = new Float64Array(AREA),
	outOffset = 0,
	pen: RenderPen = PEN,
): Frame | undefined {
	const fit = fitFrame(s, pen);
	if (!fit) {
		out.fill(0, outOffset, outOffset + AREA);
		return undefined;
	}
	drawUnshifted(s, fit.scale, fit.cx, fit.cy, scratch, pen);
	const { shiftX, shiftY } = centringShift(scratch, inkBox(s, fit.scale, fit.cx, fit.cy, pen));
	shiftInto(scratch, shiftX, shiftY, out, outOffset);
	return { scale: fit.scale, cx: fit.cx, cy: fit.cy, shiftX, shiftY };
}
