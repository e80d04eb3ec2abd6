import { describe, expect, it } from "vitest";
import {
	AREA,
	centringShift,
	drawUnshifted,
	fitFrame,
	flatten,
	inkBox,
	PEN,
	SIZE,
} from "../../../../training/src/ink/render";
import { createRandom } from "../../../../training/src/rng";

describe("the renderer's ink box", () => {
	it("holds every inked pixel, so the centring shift read inside it is the whole picture's", () => {
		const random = createRandom(21);
		const picture = new Float64Array(AREA);
		const pens = [
			PEN,
			{ ...PEN, core: 0.3, edge: 1.4, margin: 1.2 },
			{ ...PEN, core: 0.8, edge: 2.6, margin: 2.2 },
		];
		let inked = 0;
		const outside: string[] = [];
		for (let n = 0; n < 3000; n++) {
			// Polylines of 1 to 40 points (a single point is a dot), a few strokes, at any size and place.
			const spread = [0.01, 1, 30, 1000][n % 4]!;
			const strokes = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
				const points = 1 + Math.floor(random() * 40);
				let [x, y] = [random() * spread * 3 - spread, random() * spread * 3 - spread];
				return Array.from({ length: points }, () => {
					x += (random() - 0.5) * spread * 0.3;
					y += (random() - 0.5) * spread * 0.3;
					return [x, y];
				}).flat();
			});
			const pen = pens[n % pens.length]!;
			const s = flatten(strokes);
			const fit = fitFrame(s, pen)!;
			drawUnshifted(s, fit.scale, fit.cx, fit.cy, picture, pen);
			const box = inkBox(s, fit.scale, fit.cx, fit.cy, pen);
			for (let y = 0; y < SIZE; y++)
				for (let x = 0; x < SIZE; x++) {
					const inside = x >= box.left && x <= box.right && y >= box.top && y <= box.bottom;
					if (picture[y * SIZE + x]! > 0) {
						if (inside) inked++;
						else outside.push(`set ${n}: pixel ${x},${y}`);
					}
				}
			expect(centringShift(picture, box)).toEqual(centringShift(picture));
		}
		expect(outside).toEqual([]);
		expect(inked).toBeGreaterThan(3000 * 20);
	});
});
