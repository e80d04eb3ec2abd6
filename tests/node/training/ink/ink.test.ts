import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createAugmenter, prepareAugment } from "../../../../training/src/augment";
import { loadMnist, type ImageSet } from "../../../../training/src/data/mnist";
import { createRandom } from "../../../../training/src/rng";
import { AREA, flatten, PEN, renderDigit } from "../../../../training/src/ink/render";
import { digitStrokeList, strokesFor } from "../../../../training/src/ink/stroke-store";
import { compare, countHoles, redrawInPlace } from "../../../../training/src/ink/fidelity";
import { traceDigit } from "../../../../training/src/ink/trace";
import { traceMany } from "../../../../training/src/ink/trace-pool";

const dirs: string[] = [];
function tempDir(): string {
	const dir = mkdtempSync(path.join(os.tmpdir(), "digitlab-ink-"));
	dirs.push(dir);
	return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const { train } = await loadMnist(undefined, 300, 100);
const image = (set: ImageSet, i: number) => set.images.subarray(i * AREA, (i + 1) * AREA);

function inkBox(img: ArrayLike<number>): { w: number; h: number; cx: number; cy: number } {
	let x0 = 28,
		x1 = -1,
		y0 = 28,
		y1 = -1,
		m = 0,
		mx = 0,
		my = 0;
	for (let i = 0; i < AREA; i++) {
		const v = img[i]!;
		if (v <= 0) continue;
		const x = i % 28;
		const y = Math.floor(i / 28);
		x0 = Math.min(x0, x);
		x1 = Math.max(x1, x);
		y0 = Math.min(y0, y);
		y1 = Math.max(y1, y);
		m += v;
		mx += v * x;
		my += v * y;
	}
	return { w: x1 - x0 + 1, h: y1 - y0 + 1, cx: mx / m, cy: my / m };
}

describe("tracing MNIST digits into strokes", () => {
	it("redrawn strokes cover the digit's ink and little else", () => {
		let covered = 0;
		let ink = 0;
		let stray = 0;
		for (let i = 0; i < 100; i++) {
			const img = image(train, i);
			// MNIST digits already sit at the renderer's geometry (20×20 box, centre of mass in the middle).
			const out = new Float64Array(AREA);
			expect(renderDigit(flatten(traceDigit(img)), out)).toBeDefined();
			for (let p = 0; p < AREA; p++) {
				if (img[p]! >= 0.5) {
					ink++;
					if (out[p]! > 0.2) covered++;
				} else if (img[p] === 0 && out[p]! >= 0.5) stray++;
			}
		}
		expect(covered / ink).toBeGreaterThan(0.85);
		expect(stray / ink).toBeLessThan(0.2);
	});

	it("the board's pen along the strokes redraws the image faithfully (ink IoU, as the fidelity check measures it)", () => {
		let iou = 0;
		let poor = 0;
		for (let i = 0; i < 200; i++) {
			const img = image(train, i);
			const f = compare(img, redrawInPlace(traceDigit(img)));
			iou += f.iou / 200;
			if (f.iou < 0.6) poor++;
		}
		// A skeleton redrawn as it is reaches a mean IoU of about 0.72 on these digits; fitted strokes about 0.85.
		expect(iou).toBeGreaterThan(0.8);
		expect(poor).toBeLessThanOrEqual(4);
	});

	it("counts loops as a reader sees them", () => {
		const ring = new Float64Array(AREA);
		for (let y = 8; y <= 18; y++)
			for (let x = 8; x <= 18; x++) if (y === 8 || y === 18 || x === 8 || x === 18) ring[y * 28 + x] = 1;
		expect(countHoles(ring)).toBe(1);
		ring[8 * 28 + 13] = 0; // a gap in the top opens it
		expect(countHoles(ring)).toBe(0);
		ring[8 * 28 + 13] = 1;
		ring[13 * 28 + 13] = 1; // a dot inside: still one loop
		expect(countHoles(ring)).toBe(1);
	});
});

describe("rendering strokes at MNIST geometry", () => {
	const strokes = [
		[3, 2, 9, 2.5, 5, 14],
		[4.5, 8, 8.5, 8],
	];

	it("fits the ink into 20×20 and puts its centre of mass at (14, 14)", () => {
		const out = new Float64Array(AREA);
		const frame = renderDigit(flatten(strokes), out);
		expect(frame).toBeDefined();
		const box = inkBox(out);
		expect(Math.max(box.w, box.h)).toBeGreaterThanOrEqual(19);
		expect(Math.max(box.w, box.h)).toBeLessThanOrEqual(20);
		expect(Math.abs(box.cx - 14)).toBeLessThanOrEqual(0.5);
		expect(Math.abs(box.cy - 14)).toBeLessThanOrEqual(0.5);
		for (const v of out) expect(v >= 0 && v <= 1).toBe(true);
	});

	it("draws the same picture whatever the size and position the strokes were written at", () => {
		const a = new Float64Array(AREA);
		const b = new Float64Array(AREA);
		renderDigit(flatten(strokes), a);
		// ×4 and shifted: exact powers of two keep every coordinate exact, so the pictures are identical.
		renderDigit(flatten(strokes.map((s) => s.map((v, i) => v * 4 + (i % 2 === 0 ? 64 : 8)))), b);
		expect(Array.from(b)).toEqual(Array.from(a));
	});

	it("keeps the pen's width constant in MNIST pixels: a tiny and a huge stroke carry the same ink", () => {
		const tiny = new Float64Array(AREA);
		const huge = new Float64Array(AREA);
		renderDigit(flatten([[0, 0, 0, 3]]), tiny);
		renderDigit(flatten([[0, 0, 0, 1000]]), huge);
		const mass = (img: Float64Array) => img.reduce((a, v) => a + v, 0);
		expect(mass(huge)).toBeCloseTo(mass(tiny), 9);
		// A vertical line of length 20 − 2·margin with the pen's profile: about (length + caps) × width.
		expect(mass(tiny)).toBeGreaterThan((20 - 2 * PEN.margin) * 2 * PEN.core);
	});

	it("a dot is drawn at the largest scale, not blown up", () => {
		const out = new Float64Array(AREA);
		const frame = renderDigit(flatten([[5, 5]]), out);
		expect(frame!.scale).toBe(PEN.maxScale);
		expect(inkBox(out).w).toBeLessThanOrEqual(4);
	});
});

describe("the stroke store", () => {
	it("traces once, then finds the same digits by content in any subset", () => {
		const dir = tempDir();
		const first = strokesFor(train, { dir });
		expect(first.traced).toBe(train.count);
		expect(readdirSync(path.join(dir, "strokes"))).toHaveLength(1);
		// A reversed subset: nothing new to trace, every digit's strokes follow its image.
		const order = Array.from({ length: 50 }, (_, k) => 49 - k);
		const subset: ImageSet = {
			...train,
			count: 50,
			images: new Float32Array(50 * AREA),
			labels: new Uint8Array(50),
		};
		order.forEach((i, k) => subset.images.set(image(train, i), k * AREA));
		const again = strokesFor(subset, { dir });
		expect(again.traced).toBe(0);
		for (let k = 0; k < 50; k++) {
			const want = traceDigit(image(train, order[k]!)).map((p) => Array.from(Float32Array.from(p)));
			expect(digitStrokeList(again.strokes, k).map((p) => Array.from(p))).toEqual(want);
		}
	});

	it("tracing on worker threads gives exactly the strokes tracing here gives", () => {
		const indices = Array.from({ length: 300 }, (_, k) => 299 - k);
		const pooled = traceMany(train.images, indices, undefined, 2, 0);
		indices.forEach((i, k) => {
			const here = traceDigit(image(train, i)).map((p) => Array.from(Float32Array.from(p)));
			expect(pooled[k]!.map((p) => Array.from(p))).toEqual(here);
		});
	});

	it("a cache folder it cannot write only costs time", () => {
		const file = path.join(tempDir(), "not-a-dir");
		writeFileSync(file, "x");
		expect(strokesFor({ ...train, count: 5 }, { dir: file }).traced).toBe(5);
	});
});

describe("augmentation", () => {
	it("prepares typed arrays only and augments reproducibly, mixing re-stroked and warped digits", () => {
		process.env.DIGITLAB_CACHE_DIR = tempDir();
		const prepared = prepareAugment(train);
		for (const v of Object.values(prepared)) expect(ArrayBuffer.isView(v)).toBe(true);
		const indices = Uint32Array.from({ length: 64 }, (_, k) => k);
		const run = (seed: number, fraction: number) => {
			const out = new Float32Array(64 * AREA);
			createAugmenter(train, prepared, { strokeFraction: fraction })(indices, 64, out, createRandom(seed));
			return out;
		};
		expect(run(7, 0.5)).toEqual(run(7, 0.5));
		expect(run(7, 0.5)).not.toEqual(run(8, 0.5));
		const strokesOnly = run(7, 1);
		for (let k = 0; k < 64; k++) {
			const box = inkBox(strokesOnly.subarray(k * AREA, (k + 1) * AREA));
			expect(Math.max(box.w, box.h)).toBeLessThanOrEqual(20);
			expect(Math.abs(box.cx - 14)).toBeLessThanOrEqual(0.5);
		}
		for (const v of run(3, 0.5)) expect(v >= 0 && v <= 1).toBe(true);
	});
});
