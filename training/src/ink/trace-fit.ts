/**
 * Render, compare, adjust: moves traced centre lines until the board's pen, drawn along them at the geometry the
 * renderer will use, reproduces the image as closely as it can (least squares over the 28×28 pixels).
 *
 * A skeleton alone is a poor stand-in for the writer's strokes: thinning pulls corners and tips in, shrinks small
 * loops, and knows nothing of the pen that will draw the strokes again — a pen wider than a thin digit's closes its
 * narrow gaps (a 4's open top, a 3's ends), one narrower than a thick digit's leaves it spindly. Fitting against the
 * pen that will actually draw the strokes keeps what a reader sees: gaps stay open, loops stay loops, ends reach as
 * far as the ink does. Coordinates are MNIST pixels (pixel (x, y) spans x..x+1).
 */
import { PEN, type RenderPen } from "./render";
import type { Path } from "./trace-paths";

const N = 28;

export interface FitOptions {
	/** gradient steps */
	iterations: number;
	/** step size in pixels (Adam) */
	rate: number;
	/** weight of the bending penalty (second differences along each path) */
	bend: number;
	/** points are respaced this far apart (pixels) before fitting */
	spacing: number;
	/** stop once the error has not fallen by this fraction over `patience` steps */
	settle: number;
	patience: number;
}

/** Where the renderer's fitted box puts a digit whose centre-line box has `long` as its longer side. */
export function renderScale(long: number, pen: RenderPen = PEN): number {
	const room = 20 - 2 * pen.margin;
	return long * pen.maxScale > room ? room / long : pen.maxScale;
}

/** Points `spacing` apart along the path (ends kept). */
export function respace(p: Path, spacing: number): Path {
	const n = p.length / 2;
	if (n < 2) return p.slice();
	let length = 0;
	for (let i = 1; i < n; i++) length += Math.hypot(p[2 * i]! - p[2 * i - 2]!, p[2 * i + 1]! - p[2 * i - 1]!);
	const k = Math.max(1, Math.round(length / spacing));
	const out: Path = [p[0]!, p[1]!];
	let seg = 1;
	let before = 0;
	let segLength = Math.hypot(p[2]! - p[0]!, p[3]! - p[1]!);
	for (let j = 1; j < k; j++) {
		const target = (length * j) / k;
		while (before + segLength < target && seg < n - 1) {
			before += segLength;
			seg++;
			segLength = Math.hypot(p[2 * seg]! - p[2 * seg - 2]!, p[2 * seg + 1]! - p[2 * seg - 1]!);
		}
		const t = segLength > 0 ? (target - before) / segLength : 0;
		out.push(
			p[2 * seg - 2]! + t * (p[2 * seg]! - p[2 * seg - 2]!),
			p[2 * seg - 1]! + t * (p[2 * seg + 1]! - p[2 * seg - 1]!),
		);
	}
	out.push(p[2 * n - 2]!, p[2 * n - 1]!);
	return out;
}

/** Scratch for one fit; reused between digits (tracing runs one digit at a time). */
const ink = new Float64Array(N * N);
const owner = new Int32Array(N * N);
const ownerT = new Float64Array(N * N);
const ownerD = new Float64Array(N * N);
const ownerNx = new Float64Array(N * N);
const ownerNy = new Float64Array(N * N);

/**
 * Draws the paths (flat coordinates, segments as pairs of coordinate indices) with `pen` scaled by 1/scale into
 * `ink`, remembering for each pixel which segment gave it its ink and where (for the gradient). Returns Σ(ink − image)².
 */
function draw(
	xy: Float64Array,
	segA: Int32Array,
	segB: Int32Array,
	segments: number,
	core: number,
	edge: number,
	image: ArrayLike<number>,
): number {
	ink.fill(0);
	owner.fill(-1);
	const span = edge - core;
	const core2 = core * core;
	const edge2 = edge * edge;
	for (let s = 0; s < segments; s++) {
		const ia = segA[s]!;
		const ib = segB[s]!;
		const ax = xy[ia]!;
		const ay = xy[ia + 1]!;
		const bx = xy[ib]!;
		const by = xy[ib + 1]!;
		const c0 = Math.max(0, Math.ceil(Math.min(ax, bx) - edge - 0.5));
		const c1 = Math.min(N - 1, Math.floor(Math.max(ax, bx) + edge - 0.5));
		const r0 = Math.max(0, Math.ceil(Math.min(ay, by) - edge - 0.5));
		const r1 = Math.min(N - 1, Math.floor(Math.max(ay, by) + edge - 0.5));
		const vx = bx - ax;
		const vy = by - ay;
		const len2 = vx * vx + vy * vy;
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
				const d = Math.sqrt(d2);
				let v = 1;
				if (d2 > core2) {
					const u = (edge - d) / span;
					v = u * u * (3 - 2 * u);
				}
				const i = r * N + c;
				if (owner[i]! < 0 || v > ink[i]!) {
					ink[i] = v;
					owner[i] = s;
					ownerT[i] = t;
					ownerD[i] = d;
					ownerNx[i] = d > 0 ? dx / d : 0;
					ownerNy[i] = d > 0 ? dy / d : 0;
				}
			}
		}
	}
	let error = 0;
	for (let i = 0; i < N * N; i++) {
		const e = ink[i]! - image[i]!;
		error += e * e;
	}
	return error;
}

/**
 * The paths moved so the board's pen along them matches `image` (see the file comment). The pen's width in image
 * pixels follows from the renderer's fitted scale, recomputed as the box changes.
 */
export function fitPaths(paths: Path[], image: ArrayLike<number>, o: FitOptions, pen: RenderPen = PEN): Path[] {
	const spaced = paths.map((p) => respace(p, o.spacing));
	const starts: number[] = [];
	let total = 0;
	let segments = 0;
	for (const p of spaced) {
		starts.push(total);
		total += p.length;
		segments += Math.max(1, p.length / 2 - 1);
	}
	if (total === 0) return spaced;
	const xy = new Float64Array(total);
	const segA = new Int32Array(segments);
	const segB = new Int32Array(segments);
	let s = 0;
	spaced.forEach((p, k) => {
		xy.set(p, starts[k]!);
		const n = p.length / 2;
		if (n === 1) {
			segA[s] = segB[s] = starts[k]!;
			s++;
		}
		for (let i = 0; i + 1 < n; i++, s++) {
			segA[s] = starts[k]! + 2 * i;
			segB[s] = starts[k]! + 2 * i + 2;
		}
	});
	const grad = new Float64Array(total);
	const m1 = new Float64Array(total);
	const m2 = new Float64Array(total);
	let best = Infinity;
	let stale = 0;
	for (let it = 0; it < o.iterations; it++) {
		let x0 = Infinity;
		let x1 = -Infinity;
		let y0 = Infinity;
		let y1 = -Infinity;
		for (let j = 0; j < total; j += 2) {
			x0 = Math.min(x0, xy[j]!);
			x1 = Math.max(x1, xy[j]!);
			y0 = Math.min(y0, xy[j + 1]!);
			y1 = Math.max(y1, xy[j + 1]!);
		}
		const scale = renderScale(Math.max(x1 - x0, y1 - y0), pen);
		const core = pen.core / scale;
		const edge = pen.edge / scale;
		const span = edge - core;
		const error = draw(xy, segA, segB, segments, core, edge, image);
		if (error < best * (1 - o.settle)) {
			best = error;
			stale = 0;
		} else if (++stale >= o.patience) break;
		grad.fill(0);
		for (let i = 0; i < N * N; i++) {
			const seg = owner[i]!;
			if (seg < 0) continue;
			const d = ownerD[i]!;
			if (d <= core) continue;
			const u = (edge - d) / span;
			// dE/dd: E = Σ(ink − image)², ink = smoothstep(u), u = (edge − d)/span. Moving the segment's nearest
			// point by δ changes d by −n·δ, shared between its ends as (1 − t, t).
			const g = (2 * (ink[i]! - image[i]!) * -6 * u * (1 - u)) / span;
			const t = ownerT[i]!;
			const ia = segA[seg]!;
			const ib = segB[seg]!;
			grad[ia] -= g * (1 - t) * ownerNx[i]!;
			grad[ia + 1] -= g * (1 - t) * ownerNy[i]!;
			if (ib !== ia) {
				grad[ib] -= g * t * ownerNx[i]!;
				grad[ib + 1] -= g * t * ownerNy[i]!;
			}
		}
		// A hand moves smoothly: penalise bending (second differences) within each path.
		spaced.forEach((p, k) => {
			const n = p.length / 2;
			const o0 = starts[k]!;
			for (let j = 1; j + 1 < n; j++) {
				for (let c = 0; c < 2; c++) {
					const a = o0 + 2 * (j - 1) + c;
					const lap = xy[a]! - 2 * xy[a + 2]! + xy[a + 4]!;
					grad[a] += o.bend * lap;
					grad[a + 2] -= 2 * o.bend * lap;
					grad[a + 4] += o.bend * lap;
				}
			}
		});
		const c1 = 1 - 0.9 ** (it + 1);
		const c2 = 1 - 0.999 ** (it + 1);
		for (let j = 0; j < total; j++) {
			m1[j] = 0.9 * m1[j]! + 0.1 * grad[j]!;
			m2[j] = 0.999 * m2[j]! + 0.001 * grad[j]! * grad[j]!;
			xy[j] -= (o.rate * (m1[j]! / c1)) / (Math.sqrt(m2[j]! / c2) + 1e-8);
		}
	}
	return spaced.map((p, k) => Array.from(xy.subarray(starts[k]!, starts[k]! + p.length)));
}
