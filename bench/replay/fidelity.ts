/**
 * `npx tsx bench/replay/fidelity.ts [options]`: how faithfully the tracer (training/src/ink/trace.ts) turns MNIST
 * digits into strokes. Each digit is traced, drawn back with the board's pen in its own pixel frame and compared
 * with the image (ink IoU, pixel error, loops kept), and the model reads both the image and the strokes rendered
 * at MNIST geometry (what the board hands it). Prints the figures, per class, and writes the worst cases as a
 * picture (build/replay/fidelity-worst.png: image | strokes drawn back, centre lines in red | the model's input).
 *
 * Options: --test (test digits; default: training digits 50,000–59,999, for tuning), --held-out (the training
 * digits the model held out for validation, from its summary's seed: what it never trained on), --from N --count N,
 * --model <artifact folder> (default artifacts/default), --worst N (--skip K: from the K-th worst on), --options '{"threshold":0.5}' (tracer options).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { readArtifactFolder } from "../../training/src/artifact-io";
import { loadMnist, permutation, subset } from "../../training/src/data/mnist";
import { createRandom } from "../../training/src/rng";
import { decodeArtifact } from "../../training/src/export/reader";
import { compare, denseClassifier, redrawInPlace, type Fidelity } from "../../training/src/ink/fidelity";
import { AREA, flatten, renderDigit } from "../../training/src/ink/render";
import { TRACE_OPTIONS, traceDigit, type Path } from "../../training/src/ink/trace";
import { Raster, type Rgba } from "../../scripts/lib/raster";
import { REPO_ROOT } from "../../scripts/lib/lune-launcher";

function arg(name: string): string | undefined {
	const i = process.argv.indexOf(name);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

const test = process.argv.includes("--test");
const heldOut = process.argv.includes("--held-out");
const from = Number(arg("--from") ?? (test ? 0 : 50000));
const count = Number(arg("--count") ?? 10000);
const worst = Number(arg("--worst") ?? 48);
const modelDir = arg("--model") ?? path.join(REPO_ROOT, "artifacts", "default");
const options = { ...TRACE_OPTIONS, ...(JSON.parse(arg("--options") ?? "{}") as Partial<typeof TRACE_OPTIONS>) };

const data = await loadMnist();
const { artifact, summary } = await readArtifactFolder(modelDir);
let set = test ? data.test : data.train;
/** each digit's index in its MNIST file */
let origin = (k: number) => k;
if (heldOut) {
	// The training digits the model held out for validation: never trained on, plain or traced.
	const config = summary.config as { seed: number; validationSplit: number };
	const order = permutation(data.train.count, createRandom(config.seed));
	set = subset(data.train, order.subarray(0, Math.round(data.train.count * config.validationSplit)));
	origin = (k) => order[k]!;
}
const classify = denseClassifier(decodeArtifact(artifact.modules));

interface Row extends Fidelity {
	k: number;
	label: number;
	plain: number;
	drawn: number;
	strokes: Path[];
	redrawn: Float64Array;
	input: Float64Array;
}

const rows: Row[] = [];
const started = performance.now();
let traceMs = 0;
const first = heldOut ? 0 : from;
for (let k = first; k < Math.min(set.count, first + count); k++) {
	const image = set.images.subarray(k * AREA, (k + 1) * AREA);
	const t0 = performance.now();
	const strokes = traceDigit(image, options);
	traceMs += performance.now() - t0;
	const redrawn = redrawInPlace(strokes);
	const input = new Float64Array(AREA);
	renderDigit(flatten(strokes), input);
	rows.push({
		k,
		label: set.labels[k]!,
		plain: classify(image),
		drawn: classify(input),
		strokes,
		redrawn,
		input,
		...compare(image, redrawn),
	});
	if ((k - first) % 1000 === 999) process.stderr.write(`\r${k - first + 1}`);
}
process.stderr.write("\n");

const n = rows.length;
const pct = (a: number) => `${((a / n) * 100).toFixed(2)}%`;
const sorted = (f: (r: Row) => number) => rows.map(f).sort((a, b) => a - b);
const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const ious = sorted((r) => r.iou);
const errors = sorted((r) => r.error);
const plainRight = rows.filter((r) => r.plain === r.label).length;
const drawnRight = rows.filter((r) => r.drawn === r.label).length;
const agree = rows.filter((r) => r.plain === r.drawn).length;
const lost = rows.filter((r) => r.plain === r.label && r.drawn !== r.label).length;
const gained = rows.filter((r) => r.plain !== r.label && r.drawn === r.label).length;
const holesLost = rows.filter((r) => r.redrawnHoles < r.holes).length;
const holesAdded = rows.filter((r) => r.redrawnHoles > r.holes).length;
const strokes = rows.reduce((a, r) => a + r.strokes.length, 0) / n;

console.log(
	`tracer fidelity: ${n} ${test ? "TEST digits" : heldOut ? "training digits the model held out for validation" : "training digits"} ${first}–${first + n - 1}, model ${path.relative(REPO_ROOT, modelDir)}, load average ${os
		.loadavg()
		.map((v) => v.toFixed(2))
		.join(" ")}`,
);
console.log(
	`  tracing ${(traceMs / n).toFixed(2)} ms per digit (${((performance.now() - started) / 1000).toFixed(1)} s in all); ${strokes.toFixed(2)} strokes per digit`,
);
console.log(
	`  ink IoU (≥ 0.5): mean ${(rows.reduce((a, r) => a + r.iou, 0) / n).toFixed(3)}, p5 ${q(ious, 0.05).toFixed(3)}, p1 ${q(ious, 0.01).toFixed(3)}; below 0.5: ${pct(rows.filter((r) => r.iou < 0.5).length)}`,
);
console.log(
	`  pixel error Σ|Δ|/Σink: mean ${(rows.reduce((a, r) => a + r.error, 0) / n).toFixed(3)}, p95 ${q(errors, 0.95).toFixed(3)}, p99 ${q(errors, 0.99).toFixed(3)}`,
);
console.log(
	`  loops: image has ${rows.reduce((a, r) => a + r.holes, 0)}, strokes ${rows.reduce((a, r) => a + r.redrawnHoles, 0)}; a loop lost in ${pct(holesLost)}, one added in ${pct(holesAdded)}`,
);
console.log(
	`  model: plain ${pct(plainRight)}, drawn ${pct(drawnRight)} (${(((drawnRight - plainRight) / n) * 100).toFixed(2)} pp); agree ${pct(agree)}; right → wrong ${lost}, wrong → right ${gained}`,
);
const perClass: string[] = [];
for (let c = 0; c < 10; c++) {
	const cs = rows.filter((r) => r.label === c);
	const l = cs.filter((r) => r.plain === c && r.drawn !== c).length;
	perClass.push(`${c}: −${((l / cs.length) * 100).toFixed(1)}%`);
}
console.log(`  lost per class (plain right, drawn wrong): ${perClass.join("  ")}`);
const confusions = new Map<string, number>();
for (const r of rows)
	if (r.plain === r.label && r.drawn !== r.label)
		confusions.set(`${r.label}→${r.drawn}`, (confusions.get(`${r.label}→${r.drawn}`) ?? 0) + 1);
console.log(
	`  commonest: ${[...confusions]
		.sort((a, b) => b[1] - a[1])
		.slice(0, 10)
		.map(([k, v]) => `${k} ${v}`)
		.join(", ")}`,
);

// The worst: what the model read right from the image and wrong from the strokes, least faithful first.
const skip = Number(arg("--skip") ?? 0);
const bad = rows
	.filter((r) => r.plain === r.label && r.drawn !== r.label)
	.sort((a, b) => a.iou - b.iou)
	.slice(skip, skip + worst);
if (bad.length > 0) {
	const cell = 4;
	const tile = 28 * cell;
	const cols = 3;
	const perRow = 4;
	const pad = 6;
	const W = perRow * (cols * tile + 2 * pad + 12) + pad;
	const rowsN = Math.ceil(bad.length / perRow);
	const H = rowsN * (tile + 16) + pad;
	const img = new Raster(W, H, [255, 255, 255, 255]);
	const grey = (v: number): Rgba => [
		255 - Math.round(v * 255),
		255 - Math.round(v * 255),
		255 - Math.round(v * 255),
		255,
	];
	bad.forEach((r, i) => {
		const ox = pad + (i % perRow) * (cols * tile + 2 * pad + 12);
		const oy = pad + Math.floor(i / perRow) * (tile + 16);
		img.text(ox, oy, `#${origin(r.k)} ${r.label}->${r.drawn} IoU ${r.iou.toFixed(2)}`, [0, 0, 0, 255]);
		const pics = [set.images.subarray(r.k * AREA, (r.k + 1) * AREA), r.redrawn, r.input];
		pics.forEach((p, c) => {
			const x0 = ox + c * (tile + pad);
			const y0 = oy + 10;
			for (let j = 0; j < AREA; j++)
				img.fill({ x: x0 + (j % 28) * cell, y: y0 + Math.floor(j / 28) * cell, w: cell, h: cell }, grey(p[j]!));
			img.outline({ x: x0, y: y0, w: tile, h: tile }, [200, 200, 200, 255]);
			if (c === 1) {
				r.strokes.forEach((s, si) => {
					const colour: Rgba = si === 0 ? [230, 30, 30, 220] : [30, 90 + ((si * 60) % 160), 230, 220];
					for (let p = 0; p + 3 < s.length; p += 2) {
						const steps = Math.max(
							1,
							Math.ceil(Math.hypot(s[p + 2]! - s[p]!, s[p + 3]! - s[p + 1]!) * cell),
						);
						for (let t = 0; t <= steps; t++) {
							const x = s[p]! + ((s[p + 2]! - s[p]!) * t) / steps;
							const y = s[p + 1]! + ((s[p + 3]! - s[p + 1]!) * t) / steps;
							img.fill({ x: x0 + x * cell - 1, y: y0 + y * cell - 1, w: 2, h: 2 }, colour);
						}
					}
					img.fill({ x: x0 + s[0]! * cell - 2, y: y0 + s[1]! * cell - 2, w: 4, h: 4 }, [0, 160, 0, 255]);
				});
			}
		});
	});
	const file = path.join(REPO_ROOT, "build", "replay", `fidelity-worst${test ? "-test" : ""}.png`);
	mkdirSync(path.dirname(file), { recursive: true });
	writeFileSync(file, img.png());
	console.log(
		`  the ${bad.length} worst (read right from the image, wrong from the strokes): ${path.relative(REPO_ROOT, file)}`,
	);
}
{
	const lostRows = rows.filter((r) => r.plain === r.label && r.drawn !== r.label);
	const fewer = lostRows.filter((r) => r.redrawnHoles < r.holes).length;
	const more = lostRows.filter((r) => r.redrawnHoles > r.holes).length;
	console.log(
		`  of the ${lostRows.length} read right from the image and wrong from the strokes: ${fewer} lost a loop, ${more} gained one`,
	);
	if (process.argv.includes("--list")) {
		console.log(
			`  lost a loop: ${lostRows
				.filter((r) => r.redrawnHoles < r.holes)
				.map((r) => origin(r.k))
				.join(" ")}`,
		);
		console.log(
			`  gained a loop: ${lostRows
				.filter((r) => r.redrawnHoles > r.holes)
				.map((r) => origin(r.k))
				.join(" ")}`,
		);
		console.log(
			`  neither: ${lostRows
				.filter((r) => r.redrawnHoles === r.holes)
				.map((r) => origin(r.k))
				.join(" ")}`,
		);
	}
}
