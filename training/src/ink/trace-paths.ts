/**
 * Work on traced polylines: carrying tips out to where the ink ends or over faint ink to a nearby stroke, joining
 * paths that continue each other, smoothing, and drawing them with a writer's pen to see what they leave bare.
 * Coordinates are MNIST pixels (pixel (x, y) spans x..x+1).
 */
import { INPUT_SIDE } from "../../../place/src/shared/input-geometry";

const N = INPUT_SIDE;

/** A polyline as flat [x0, y0, x1, y1, …]. */
export type Path = number[];

/**
 * Thinning eats the stroke back from each free tip; follow the tip's direction while the image is still inked,
 * then stop `back` pixels short of where the ink ends (the pen's own width covers that).
 */
export function marchEnds(
	path: Path,
	free: [boolean, boolean],
	image: ArrayLike<number>,
	threshold: number,
	back: number,
): Path {
	const n = path.length / 2;
	if (n < 2) return path;
	const ink = (x: number, y: number): number => {
		const cx = Math.floor(x);
		const cy = Math.floor(y);
		return cx < 0 || cy < 0 || cx >= N || cy >= N ? 0 : image[cy * N + cx]!;
	};
	const grow = (tx: number, ty: number, fx: number, fy: number): [number, number] | undefined => {
		let dx = tx - fx;
		let dy = ty - fy;
		const len = Math.sqrt(dx * dx + dy * dy);
		if (len <= 0) return undefined;
		dx /= len;
		dy /= len;
		let reach = 0;
		while (reach < 6 && ink(tx + dx * (reach + 0.25), ty + dy * (reach + 0.25)) >= threshold) reach += 0.25;
		const by = reach - back;
		return by <= 0 ? undefined : [tx + dx * by, ty + dy * by];
	};
	const out = path.slice();
	if (free[1]) {
		const from = Math.max(0, n - 4);
		const q = grow(path[2 * (n - 1)]!, path[2 * (n - 1) + 1]!, path[2 * from]!, path[2 * from + 1]!);
		if (q) out.push(q[0], q[1]);
	}
	if (free[0]) {
		const from = Math.min(n - 1, 3);
		const q = grow(path[0]!, path[1]!, path[2 * from]!, path[2 * from + 1]!);
		if (q) out.unshift(q[0], q[1]);
	}
	return out;
}

/**
 * Binarising at half ink breaks strokes where the writer's line was faint (a 9's tail meeting its loop, a 3's middle);
 * thinning then leaves a free tip a few pixels short of another stroke. A writer did not lift the pen there: when the
 * image still has some ink all along the way to a nearby stroke, the tip is carried on to it.
 */
export function bridgeTips(
	paths: Path[],
	ends: [boolean, boolean][],
	image: ArrayLike<number>,
	reach: number,
	faint: number,
): void {
	const ink = (x: number, y: number): number => {
		const cx = Math.floor(x);
		const cy = Math.floor(y);
		return cx < 0 || cy < 0 || cx >= N || cy >= N ? 0 : image[cy * N + cx]!;
	};
	paths.forEach((path, k) => {
		for (const atStart of [true, false]) {
			if (!ends[k]![atStart ? 0 : 1]) continue;
			const n = path.length / 2;
			const ti = atStart ? 0 : n - 1;
			const tx = path[2 * ti]!;
			const ty = path[2 * ti + 1]!;
			let best: [number, number] | undefined;
			let bestD = reach;
			paths.forEach((other, j) => {
				const m = other.length / 2;
				for (let i = 0; i < m; i++) {
					// The tip's own stroke only counts far along it (a loop closing), not its first few points.
					if (j === k && Math.abs(i - ti) < 8) continue;
					const px = other[2 * i]!;
					const py = other[2 * i + 1]!;
					const d = Math.hypot(px - tx, py - ty);
					if (d >= bestD || d < 0.5) continue;
					// Every pixel the bridge crosses holds some ink: a gap the image shows stays a gap.
					let inked = true;
					const steps = Math.max(2, Math.ceil(d / 0.4));
					for (let f = 1; f < steps && inked; f++)
						inked = ink(tx + ((px - tx) * f) / steps, ty + ((py - ty) * f) / steps) >= faint;
					if (inked) [best, bestD] = [[px, py], d];
				}
			});
			if (!best) continue;
			if (atStart) path.unshift(best[0], best[1]);
			else path.push(best[0], best[1]);
		}
	});
}

/**
 * Tracing breaks a line wherever its skeleton branches, so one pen movement can come out as several paths meeting
 * end to end. A writer draws such a line in one go: paths whose ends meet (within `reach`) and continue each other's
 * direction (turning less than `maxTurn` radians) are joined into one stroke.
 */
export function joinContinuations(paths: Path[], reach: number, maxTurn: number): Path[] {
	const out = paths.map((p) => p.slice());
	const endOf = (p: Path, atStart: boolean): [number, number, number, number] => {
		const n = p.length / 2;
		const k = Math.min(3, n - 1);
		const [ti, fi] = atStart ? [0, k] : [n - 1, n - 1 - k];
		const dx = p[2 * ti]! - p[2 * fi]!;
		const dy = p[2 * ti + 1]! - p[2 * fi + 1]!;
		const len = Math.hypot(dx, dy) || 1;
		return [p[2 * ti]!, p[2 * ti + 1]!, dx / len, dy / len];
	};
	for (let joined = true; joined;) {
		joined = false;
		search: for (let i = 0; i < out.length; i++) {
			for (let j = i + 1; j < out.length; j++) {
				const a = out[i]!;
				const b = out[j]!;
				if (a.length < 4 || b.length < 4) continue;
				for (const aStart of [false, true]) {
					for (const bStart of [true, false]) {
						const [ax, ay, adx, ady] = endOf(a, aStart);
						const [bx, by, bdx, bdy] = endOf(b, bStart);
						if (Math.hypot(ax - bx, ay - by) > reach) continue;
						// Leaving a and entering b: a's end direction should match b's reversed end direction.
						const turn = Math.acos(Math.max(-1, Math.min(1, -(adx * bdx + ady * bdy))));
						if (turn > maxTurn) continue;
						const first = aStart ? reversePath(a) : a;
						const second = bStart ? b : reversePath(b);
						out[i] = [...first, ...second];
						out.splice(j, 1);
						joined = true;
						break search;
					}
				}
			}
		}
	}
	return out;
}

function reversePath(p: Path): Path {
	const out: Path = [];
	for (let i = p.length - 2; i >= 0; i -= 2) out.push(p[i]!, p[i + 1]!);
	return out;
}

/** [1 2 1] smoothing with fixed ends, `rounds` times: a hand does not move in pixel stairs. */
export function smooth(path: Path, rounds: number): Path {
	let p = path;
	for (let r = 0; r < rounds; r++) {
		const n = p.length / 2;
		if (n < 3) return p;
		const q: Path = [p[0]!, p[1]!];
		for (let i = 1; i < n - 1; i++) {
			q.push(
				(p[2 * i - 2]! + 2 * p[2 * i]! + p[2 * i + 2]!) / 4,
				(p[2 * i - 1]! + 2 * p[2 * i + 1]! + p[2 * i + 3]!) / 4,
			);
		}
		q.push(p[2 * n - 2]!, p[2 * n - 1]!);
		p = q;
	}
	return p;
}

export function pathsLength(paths: Path[]): number {
	let total = 0;
	for (const p of paths)
		for (let i = 2; i < p.length; i += 2) total += Math.hypot(p[i]! - p[i - 2]!, p[i + 1]! - p[i - 1]!);
	return total;
}

/** The writer's pen, used only to judge which parts of the image the traced strokes leave bare. */
interface TracePen {
	radius: number;
	softness: number;
}

function penInk(d: number, pen: TracePen): number {
	const core = pen.radius - 0.5;
	if (d <= core) return 1;
	const e = d - core;
	const v = Math.exp(-(e * e) / (2 * pen.softness * pen.softness));
	return v < 0.05 ? 0 : v;
}

/** Draws paths with a soft round pen on a 28×28 grid (ink composes with max). */
export function drawPaths(paths: Path[], pen: TracePen): Float64Array {
	const out = new Float64Array(N * N);
	const reach = pen.radius - 0.5 + pen.softness * Math.sqrt(-2 * Math.log(0.05));
	for (const p of paths) {
		const n = p.length / 2;
		for (let k = 0; k < n; k++) {
			const ax = p[2 * k]!;
			const ay = p[2 * k + 1]!;
			const bx = k + 1 < n ? p[2 * k + 2]! : ax;
			const by = k + 1 < n ? p[2 * k + 3]! : ay;
			const c0 = Math.max(0, Math.ceil(Math.min(ax, bx) - reach - 0.5));
			const c1 = Math.min(N - 1, Math.floor(Math.max(ax, bx) + reach - 0.5));
			const r0 = Math.max(0, Math.ceil(Math.min(ay, by) - reach - 0.5));
			const r1 = Math.min(N - 1, Math.floor(Math.max(ay, by) + reach - 0.5));
			const vx = bx - ax;
			const vy = by - ay;
			const len2 = vx * vx + vy * vy;
			for (let r = r0; r <= r1; r++) {
				for (let c = c0; c <= c1; c++) {
					const px = c + 0.5;
					const py = r + 0.5;
					const t = len2 > 0 ? Math.min(1, Math.max(0, ((px - ax) * vx + (py - ay) * vy) / len2)) : 0;
					const v = penInk(Math.hypot(px - (ax + t * vx), py - (ay + t * vy)), pen);
					if (v > out[r * N + c]!) out[r * N + c] = v;
				}
			}
		}
	}
	return out;
}
