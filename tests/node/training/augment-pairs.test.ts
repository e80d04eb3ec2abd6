/** The augmenter's pairs: two re-stroked digits drawn as one picture and relabelled as the pair output. */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AugmentPrepared, createAugmenter, prepareAugment } from "../../../training/src/augment";
import { loadMnist } from "../../../training/src/data/mnist";
import { AREA, SIZE } from "../../../training/src/ink/render";
import { PAIR_OUTPUT } from "../../../training/src/outputs";
import { createRandom } from "../../../training/src/rng";

const { train } = await loadMnist(undefined, 200, 100);
const COUNT = 128;
const indices = Uint32Array.from({ length: COUNT }, (_, k) => k);
let prepared: AugmentPrepared;
let cache: string;
const savedCache = process.env.DIGITLAB_CACHE_DIR;

beforeAll(() => {
	// A private stroke cache: the 200 digits are traced here, whatever the machine's cache holds.
	cache = mkdtempSync(path.join(os.tmpdir(), "digitlab-pairs-"));
	process.env.DIGITLAB_CACHE_DIR = cache;
	prepared = prepareAugment(train);
});
afterAll(() => {
	if (savedCache === undefined) delete process.env.DIGITLAB_CACHE_DIR;
	else process.env.DIGITLAB_CACHE_DIR = savedCache;
	rmSync(cache, { recursive: true, force: true });
});

/** Width over height of the inked pixels' box. */
function inkAspect(img: Float32Array): number {
	let [x0, x1, y0, y1] = [SIZE, -1, SIZE, -1];
	for (let i = 0; i < AREA; i++) {
		if (img[i]! <= 0.05) continue;
		const [x, y] = [i % SIZE, Math.floor(i / SIZE)];
		[x0, x1, y0, y1] = [Math.min(x0, x), Math.max(x1, x), Math.min(y0, y), Math.max(y1, y)];
	}
	return (x1 - x0 + 1) / (y1 - y0 + 1);
}

function augment(pairFraction: number | undefined, seed: number, withLabels = true) {
	const out = new Float32Array(COUNT * AREA);
	const labels = Int32Array.from(indices, (i) => train.labels[i]!);
	const options = pairFraction === undefined ? {} : { pairFraction };
	createAugmenter(train, prepared, { strokeFraction: 1, ...options })(
		indices,
		COUNT,
		out,
		createRandom(seed),
		withLabels ? labels : undefined,
	);
	const aspects = Array.from({ length: COUNT }, (_, k) => inkAspect(out.subarray(k * AREA, (k + 1) * AREA)));
	return { out, labels, meanAspect: aspects.reduce((a, b) => a + b, 0) / COUNT };
}

describe("pairs in the augmenter", () => {
	it("with pairFraction 1 draws every sample as two digits side by side, labelled as the pair output", () => {
		const pairs = augment(1, 5);
		expect(Array.from(pairs.labels)).toEqual(new Array(COUNT).fill(PAIR_OUTPUT));
		// MNIST digits are taller than wide; two side by side, scaled to fit one 20×20 box, are wider than tall.
		const singles = augment(0, 5);
		expect(singles.meanAspect).toBeLessThan(1);
		expect(pairs.meanAspect).toBeGreaterThan(1.1);
		expect(pairs.meanAspect).toBeGreaterThan(singles.meanAspect + 0.3);
		for (const v of pairs.out) expect(v >= 0 && v <= 1).toBe(true);
		// Reproducible for a seed, like every other augmentation.
		expect(augment(1, 5).out).toEqual(pairs.out);
	});

	it("with pairFraction 0 changes no label and draws exactly what an augmenter that cannot draw pairs draws", () => {
		const none = augment(0, 9);
		// Pairs on, but no labels to mark them in: no pair is drawn, and no random number spent on deciding.
		const before = augment(0.5, 9, false);
		expect(Array.from(none.labels)).toEqual(Array.from(indices, (i) => train.labels[i]!));
		expect(none.out).toEqual(before.out);
	});

	it("draws a share near pairFraction as pairs, and none when given no labels to mark them in", () => {
		const some = augment(0.25, 3);
		const share = some.labels.filter((l) => l === PAIR_OUTPUT).length / COUNT;
		expect(share).toBeGreaterThan(0.1);
		expect(share).toBeLessThan(0.4);
		const unlabelled = augment(1, 3, false);
		expect(unlabelled.meanAspect).toBeLessThan(1);
	});
});
