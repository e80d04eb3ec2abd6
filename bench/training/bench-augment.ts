/**
 * `npm run bench:augment`: what the default job's augmentation costs per 64-sample share (a worker's share of a
 * 128-sample batch on 2 workers), by thread CPU time, with the load average beside every figure.
 *
 *   augmenter  the trainer's augmenter (training/src/augment.ts) on real MNIST digits: every sample re-stroked and
 *              rendered, every sample pixel-warped, the default mix without pairs and with the default job's
 *              share of pairs (two digits drawn as one, training/src/augment-pairs.ts);
 *   renderer   renderDigit against its former self on the same distorted strokes, in this run: the centring shift
 *              read over the whole picture (before) or only over the strokes' ink box (now), and that both give
 *              the same bits for every digit.
 *
 * Options: --batches N (per measurement, 300)  --rounds N (5; the median is printed)
 */
import { parseArgs } from "node:util";
import { createAugmenter, DEFAULT_AUGMENT, prepareAugment } from "../../training/src/augment";
import { TrainingConfigSchema } from "../../training/src/config";
import { loadMnist } from "../../training/src/data/mnist";
import { distortPoints } from "../../training/src/ink/distort";
import {
	AREA,
	centringShift,
	drawUnshifted,
	fitFrame,
	type FlatStrokes,
	renderDigit,
	shiftInto,
} from "../../training/src/ink/render";
import { createRandom } from "../../training/src/rng";
import { load, threadCpu } from "./clock";

const { values } = parseArgs({ options: { batches: { type: "string" }, rounds: { type: "string" } } });
const BATCHES = Number(values.batches ?? 300);
const ROUNDS = Number(values.rounds ?? 5);
const SHARE = 64;

/** Median thread-CPU ms per call of `run` over ROUNDS rounds of `calls` calls. */
function cpuPerCall(calls: number, run: (i: number) => void): number {
	const rounds: number[] = [];
	for (let r = 0; r < ROUNDS; r++) {
		const c0 = threadCpu();
		for (let i = 0; i < calls; i++) run(i);
		rounds.push((threadCpu() - c0) / calls);
	}
	return rounds.sort((a, b) => a - b)[ROUNDS >> 1]!;
}

const data = await loadMnist();
const train = data.train;
const prepared = prepareAugment(train);
console.log(`bench:augment — ${train.count} training digits, load average ${load()}`);

console.log(`\naugmenter, thread CPU ms per ${SHARE}-sample share (median of ${ROUNDS} × ${BATCHES}):`);
const indices = new Uint32Array(SHARE);
const out = new Float32Array(SHARE * AREA);
const labels = new Int32Array(SHARE);
/** The default training job's share of pairs (training/src/config.ts). */
const DEFAULT_PAIRS_SHARE = TrainingConfigSchema.parse({}).pairs;
for (const [label, overrides] of [
	["every sample re-stroked and rendered", { strokeFraction: 1 }],
	["every sample pixel-warped", { strokeFraction: 0 }],
	[`default mix (${DEFAULT_AUGMENT.strokeFraction * 100}% re-stroked), no pairs`, {}],
	[`default job's mix (${DEFAULT_PAIRS_SHARE * 100}% pairs)`, { pairFraction: DEFAULT_PAIRS_SHARE }],
] as const) {
	const augment = createAugmenter(train, prepared, overrides);
	const random = createRandom(7);
	let at = 0;
	const ms = cpuPerCall(BATCHES, () => {
		for (let k = 0; k < SHARE; k++) indices[k] = (at += 7919) % train.count;
		// Pairs are drawn only when there are labels to mark them with, as in the training threads.
		for (let k = 0; k < SHARE; k++) labels[k] = train.labels[indices[k]!]!;
		augment(indices, SHARE, out, random, labels);
	});
	console.log(`  ${label.padEnd(40)} ${ms.toFixed(3)} ms   (load ${load()})`);
}

// The same distorted strokes for both renderers.
const { coords, strokeEnds, digitStrokes } = prepared as Record<string, Float32Array & Uint32Array>;
const random = createRandom(11);
const digits: FlatStrokes[] = [];
for (let i = 0; digits.length < SHARE * 40; i += 13) {
	const [s0, s1] = [digitStrokes![i]!, digitStrokes![i + 1]!];
	if (s1 <= s0) continue;
	const p0 = s0 > 0 ? strokeEnds![s0 - 1]! : 0;
	const points = new Float64Array(2 * (strokeEnds![s1 - 1]! - p0));
	distortPoints(coords!, p0, strokeEnds![s1 - 1]!, points, random, DEFAULT_AUGMENT);
	const ends = Int32Array.from({ length: s1 - s0 }, (_, k) => strokeEnds![s0 + k]! - p0);
	digits.push({ coords: points, ends, count: s1 - s0 });
}
const scratch = new Float64Array(AREA);
/** renderDigit as it was: the centring shift reads all 784 pixels. */
function renderBefore(s: FlatStrokes, into: Float32Array, offset: number): void {
	const fit = fitFrame(s)!;
	drawUnshifted(s, fit.scale, fit.cx, fit.cy, scratch);
	const { shiftX, shiftY } = centringShift(scratch);
	shiftInto(scratch, shiftX, shiftY, into, offset);
}
const before = new Float32Array(digits.length * AREA);
const now = new Float32Array(digits.length * AREA);
digits.forEach((s, i) => {
	renderBefore(s, before, i * AREA);
	renderDigit(s, now, i * AREA);
});
let differ = 0;
for (let i = 0; i < before.length; i++) if (!Object.is(before[i], now[i])) differ++;
const shares = digits.length / SHARE;
console.log(`\nrenderer, thread CPU ms per ${SHARE} rendered digits (the same ${digits.length} distorted digits):`);
for (let pass = 0; pass < 2; pass++) {
	const b = cpuPerCall(shares, (j) => {
		for (let k = 0; k < SHARE; k++) renderBefore(digits[j * SHARE + k]!, out, k * AREA);
	});
	const n = cpuPerCall(shares, (j) => {
		for (let k = 0; k < SHARE; k++) renderDigit(digits[j * SHARE + k]!, out, k * AREA);
	});
	console.log(`  before ${b.toFixed(3)} ms   now ${n.toFixed(3)} ms   (${(b / n).toFixed(2)}×)   load ${load()}`);
}
console.log(
	`  pictures: ${differ === 0 ? "bit-identical" : `${differ} of ${before.length} pixel values differ`} over ${digits.length} digits`,
);
