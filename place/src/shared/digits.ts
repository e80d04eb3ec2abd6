/** Pure helpers shared by the client and tests; nothing here touches `game`. */

/** Index (0-based) of the largest value; -1 for an empty list. */
export function argmax(values: ReadonlyArray<number>): number {
	let best = -1;
	let bestValue = -math.huge;
	for (let i = 0; i < values.size(); i++) {
		if (values[i] > bestValue) {
			bestValue = values[i];
			best = i;
		}
	}
	return best;
}

/** Formats a probability as a whole percentage, clamped to 0..100. */
export function percent(p: number): string {
	return `${math.clamp(math.round(p * 100), 0, 100)}%`;
}
