/**
 * The eraser cuts strokes: every point of a stroke within ERASER_RADIUS of the eraser's path is removed and the
 * stroke falls apart into the pieces that remain. Working on the strokes (rather than painting the cells blank)
 * keeps the strokes the board's only truth, so segmentation and the model's re-rendering see exactly what is left.
 */
import type { Stroke } from "./canvas";
import { distanceToSegment } from "./pen";

/**
 * Board units. One pass along a cell clears it: a cell's centre may lie half a cell from the eraser's path, the
 * default pen inks up to about 1.56 units from its line, and cuts fall on a STEP grid (0.5 + 1.56 + 0.25 ≈ 2.3).
 */
export const ERASER_RADIUS = 2.3;

/** Long segments near the eraser are split into steps of at most this length before cutting. */
const STEP = 0.25;

/**
 * Removes what the eraser segment a→b covers. Returns the new stroke list (untouched strokes keep their identity,
 * cut ones are replaced by their pieces, with ids from `nextId`) and the strokes that were cut or removed.
 */
export function cutStrokes(
	strokes: ReadonlyArray<Stroke>,
	ax: number,
	ay: number,
	bx: number,
	by: number,
	radius: number,
	nextId: () => number,
): [Stroke[], Stroke[]] {
	const kept = new Array<Stroke>();
	const removed = new Array<Stroke>();
	const ex0 = math.min(ax, bx) - radius;
	const ex1 = math.max(ax, bx) + radius;
	const ey0 = math.min(ay, by) - radius;
	const ey1 = math.max(ay, by) + radius;
	for (const stroke of strokes) {
		const p = stroke.points;
		const n = p.size() / 2;
		// Resample only the segments whose box meets the eraser's box; elsewhere the points stay as drawn.
		const dense = new Array<number>();
		let touched = false;
		for (let k = 0; k < n; k++) {
			const x = p[2 * k];
			const y = p[2 * k + 1];
			if (k > 0) {
				const px = p[2 * k - 2];
				const py = p[2 * k - 1];
				const near =
					math.max(px, x) >= ex0 &&
					math.min(px, x) <= ex1 &&
					math.max(py, y) >= ey0 &&
					math.min(py, y) <= ey1;
				if (near) {
					const steps = math.ceil(math.sqrt((x - px) ** 2 + (y - py) ** 2) / STEP);
					for (let j = 1; j < steps; j++)
						dense.push(px + ((x - px) * j) / steps, py + ((y - py) * j) / steps);
				}
			}
			dense.push(x, y);
		}
		const pieces = new Array<number[]>();
		let piece = new Array<number>();
		for (let i = 0; i < dense.size(); i += 2) {
			const x = dense[i];
			const y = dense[i + 1];
			if (x >= ex0 && x <= ex1 && y >= ey0 && y <= ey1 && distanceToSegment(x, y, ax, ay, bx, by) < radius) {
				touched = true;
				if (piece.size() > 0) pieces.push(piece);
				piece = [];
			} else {
				piece.push(x, y);
			}
		}
		if (piece.size() > 0) pieces.push(piece);
		if (!touched) {
			kept.push(stroke);
			continue;
		}
		removed.push(stroke);
		// A lone point left at a cut is a crumb of the erased part, not ink the player meant to keep.
		for (const rest of pieces) if (rest.size() >= 4) kept.push({ id: nextId(), points: rest });
	}
	return [kept, removed];
}
