import type { ParamLayout } from "./shared-state";

/**
 * Splits the parameters into `parts` contiguous slices for parameter-sliced steps, where each worker computes its
 * slice's gradient over the whole batch and updates it. A slice starts at a row of a kernel or at a variable (a bias
 * is never cut: its gradient is one column sum), and on a 4-float boundary (the Adam kernel works in vectors). Each
 * boundary is the allowed position nearest to an even split of the work, `rowCost(variable, row, floats)` per row
 * (by default its floats).
 */
export function rowAlignedSlices(
	layout: ParamLayout,
	parts: number,
	rowCost: (variable: number, row: number, floats: number) => number = (_v, _r, floats) => floats,
): [number, number][] {
	const allowed: number[] = [];
	const costAt: number[] = [];
	let spent = 0;
	layout.shapes.forEach((shape, v) => {
		const offset = layout.offsets[v]!;
		const rowFloats = shape.length === 2 ? shape[1]! : layout.sizes[v]!;
		const rows = shape.length === 2 ? shape[0]! : 1;
		for (let r = 0; r < rows; r++) {
			const at = offset + r * rowFloats;
			if (at % 4 === 0) {
				allowed.push(at);
				costAt.push(spent);
			}
			spent += rowCost(v, r, rowFloats);
		}
	});
	allowed.push(layout.total);
	costAt.push(spent);
	const bounds = [0];
	for (let j = 1; j < parts; j++) {
		const goal = (spent * j) / parts;
		let best = bounds[j - 1]!;
		let bestGap = Infinity;
		allowed.forEach((at, i) => {
			const gap = Math.abs(costAt[i]! - goal);
			if (at >= bounds[j - 1]! && gap < bestGap) {
				best = at;
				bestGap = gap;
			}
		});
		bounds.push(best);
	}
	bounds.push(layout.total);
	return Array.from({ length: parts }, (_, j) => [bounds[j]!, bounds[j + 1]!]);
}
