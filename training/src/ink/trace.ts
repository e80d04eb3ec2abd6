/**
 * A 28×28 digit image → the pen strokes a writer would make to draw it: binarise, thin to a one-pixel skeleton
 * (Zhang–Suen), trace the skeleton into polylines (free ends first, top to bottom, as people start a stroke), smooth
 * them like a moving hand, carry free tips out to where the ink ends, and add strokes over thick parts that thinning
 * erased. Everything is decided from the image alone (no labels, no model). Coordinates are MNIST pixels: pixel
 * (x, y) spans x..x+1, so its centre is (x + 0.5, y + 0.5).
 */

import { INPUT_SIDE } from "../../../place/src/shared/input-geometry";
import { fitPaths } from "./trace-fit";
import { bridgeTips, drawPaths, joinContinuations, marchEnds, pathsLength, smooth, type Path } from "./trace-paths";

export type { Path } from "./trace-paths";

const N = INPUT_SIDE;
const DX = [0, 1, 1, 1, 0, -1, -1, -1]; // P2..P9 clockwise from north (Zhang–Suen order)
const DY = [-1, -1, 0, 1, 1, 1, 0, -1];
/** 4-neighbours before diagonals, so staircases are followed cell by cell. */
const ORDER = [0, 2, 4, 6, 1, 3, 5, 7];

function at(s: Uint8Array, x: number, y: number): boolean {
	return x >= 0 && y >= 0 && x < N && y < N && s[y * N + x] === 1;
}

export function skeleton(pixels: ArrayLike<number>, threshold: number): Uint8Array {
	const s = new Uint8Array(N * N);
	for (let i = 0; i < N * N; i++) s[i] = pixels[i]! >= threshold ? 1 : 0;
	const p = new Array<boolean>(8);
	let changed = true;
	while (changed) {
		changed = false;
		for (let pass = 1; pass <= 2; pass++) {
			const remove: number[] = [];
			for (let y = 0; y < N; y++) {
				for (let x = 0; x < N; x++) {
					if (s[y * N + x] !== 1) continue;
					let count = 0;
					for (let k = 0; k < 8; k++) {
						p[k] = at(s, x + DX[k]!, y + DY[k]!);
						if (p[k]) count++;
					}
					if (count < 2 || count > 6) continue;
					let transitions = 0;
					for (let k = 0; k < 8; k++) if (!p[k] && p[(k + 1) % 8]) transitions++;
					if (transitions !== 1) continue;
					// P2=p[0], P4=p[2], P6=p[4], P8=p[6]
					const ok =
						pass === 1
							? !(p[0] && p[2] && p[4]) && !(p[2] && p[4] && p[6])
							: !(p[0] && p[2] && p[6]) && !(p[0] && p[4] && p[6]);
					if (ok) remove.push(y * N + x);
				}
			}
			for (const i of remove) s[i] = 0;
			if (remove.length > 0) changed = true;
		}
	}
	return s;
}

function degree(s: Uint8Array, x: number, y: number): number {
	let d = 0;
	for (let k = 0; k < 8; k++) if (at(s, x + DX[k]!, y + DY[k]!)) d++;
	return d;
}

/** Polylines through the skeleton's pixel centres, and per path whether its start and end are free stroke tips. */
export function trace(s: Uint8Array): { paths: Path[]; ends: [boolean, boolean][] } {
	const visited = new Uint8Array(N * N);
	const starts: [number, number][] = [];
	for (let pass = 1; pass <= 2; pass++) {
		for (let y = 0; y < N; y++) {
			for (let x = 0; x < N; x++) {
				if (s[y * N + x] === 1 && (pass === 1) === (degree(s, x, y) === 1)) starts.push([x, y]);
			}
		}
	}
	const paths: Path[] = [];
	const ends: [boolean, boolean][] = [];
	for (const [sx, sy] of starts) {
		let x = sx;
		let y = sy;
		if (visited[y * N + x]) continue;
		const path: Path = [];
		let freeStart = degree(s, x, y) === 1;
		// Begin from an already drawn neighbour so a branch joins its junction without a gap.
		for (const k of ORDER) {
			const nx = x + DX[k]!;
			const ny = y + DY[k]!;
			if (at(s, nx, ny) && visited[ny * N + nx]) {
				path.push(nx + 0.5, ny + 0.5);
				freeStart = false;
				break;
			}
		}
		let freeEnd: boolean;
		for (;;) {
			visited[y * N + x] = 1;
			path.push(x + 0.5, y + 0.5);
			let moved = false;
			for (const k of ORDER) {
				const nx = x + DX[k]!;
				const ny = y + DY[k]!;
				if (at(s, nx, ny) && !visited[ny * N + nx]) {
					x = nx;
					y = ny;
					moved = true;
					break;
				}
			}
			if (!moved) {
				freeEnd = degree(s, x, y) === 1;
				// Close onto a drawn neighbour (loops of 0, 6, 8, 9; T-junctions), skipping the point we came from.
				const n = path.length;
				const px = n >= 4 ? path[n - 4] : undefined;
				const py = n >= 4 ? path[n - 3] : undefined;
				for (const k of ORDER) {
					const nx = x + DX[k]!;
					const ny = y + DY[k]!;
					const isPrev = px === nx + 0.5 && py === ny + 0.5;
					if (at(s, nx, ny) && !isPrev) {
						path.push(nx + 0.5, ny + 0.5);
						freeEnd = false;
						break;
					}
				}
				break;
			}
		}
		paths.push(path);
		ends.push([freeStart, freeEnd]);
	}
	return { paths, ends };
}

/** Bumped whenever tracing changes, so cached strokes from an older tracer are not reused. */
export const TRACER_VERSION = 5;

/** Chosen by the distance between the redrawn strokes and the image over MNIST digits (needs no labels or model). */
export const TRACE_OPTIONS = Object.freeze({
	threshold: 0.6, // ink that forms the skeleton
	smooth: 1, // [1 2 1] passes over each traced path
	tipBack: 1.25, // free tips stop this many pixels short of where the ink ends
	fillMin: 5, // bare patches of at least this many pixels get their own stroke
	maxRadius: 3,
	softness: 0.35,
	bridgeReach: 5, // a free tip this close to another stroke, with faint ink all the way, is joined to it
	bridgeInk: 0.4,
	joinReach: 1.5, // paths whose ends meet this close…
	joinTurn: Math.PI / 3, // …turning less than this are one stroke
	fitIterations: 30, // render, compare, adjust (trace-fit.ts): gradient steps…
	fitRate: 0.08, // …of this many pixels
	fitBend: 0.1,
	fitSpacing: 1.2,
	fitSettle: 0.005,
	fitPatience: 4,
});

/** The strokes a writer would make to draw `image` (28×28, 0..1, row-major), in writing order. */
export function traceDigit(image: ArrayLike<number>, o: typeof TRACE_OPTIONS = TRACE_OPTIONS): Path[] {
	const { paths, ends } = trace(skeleton(image, o.threshold));
	let mass = 0;
	for (let i = 0; i < N * N; i++) mass += image[i]!;
	let strokes = paths.map((p) => smooth(p, o.smooth));
	// First guess at the pen: ink per unit of skeleton length; the profile integrates to 2·(radius − 0.5) + softness·√(2π).
	const width = mass / (pathsLength(strokes) + 1);
	strokes = strokes.map((p, i) => marchEnds(p, ends[i]!, image, o.threshold, o.tipBack));
	bridgeTips(strokes, ends, image, o.bridgeReach, o.bridgeInk);
	const radius = Math.min(o.maxRadius, Math.max(0.5, (width - o.softness * Math.sqrt(2 * Math.PI)) / 2 + 0.5));
	// Thinning erodes thick blobs and stubby strokes away; a writer would scribble over what is still bare.
	const drawn = drawPaths(strokes, { radius, softness: o.softness });
	const bare = new Uint8Array(N * N);
	for (let i = 0; i < N * N; i++) bare[i] = image[i]! >= o.threshold && drawn[i]! < 0.5 ? 1 : 0;
	strokes = joinContinuations(strokes, o.joinReach, o.joinTurn);
	for (const path of trace(skeleton(bare, 0.5)).paths) {
		// Size of the bare patch under this path: its pixels and their bare neighbours.
		const cells = new Set<number>();
		for (let i = 0; i < path.length; i += 2) {
			const x = Math.floor(path[i]!);
			const y = Math.floor(path[i + 1]!);
			for (let dy = -1; dy <= 1; dy++)
				for (let dx = -1; dx <= 1; dx++) if (at(bare, x + dx, y + dy)) cells.add((y + dy) * N + x + dx);
		}
		if (cells.size >= o.fillMin) strokes.push(smooth(path, o.smooth));
	}
	if (o.fitIterations <= 0) return strokes;
	return fitPaths(strokes, image, {
		iterations: o.fitIterations,
		rate: o.fitRate,
		bend: o.fitBend,
		spacing: o.fitSpacing,
		settle: o.fitSettle,
		patience: o.fitPatience,
	});
}
