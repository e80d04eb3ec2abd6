/**
 * `npm run bench:train`: MLP-256 on the wasm backend, in one run — seconds per epoch and seconds to 98.0%
 * validation accuracy for (a) naive `model.fit` at batch 128 and (b) DigitLab's trainer as `npm run train` runs it
 * (default config: augmentation on), and the ratios a/b; (c) is DigitLab's trainer without augmentation, the same
 * work per step as (a), to show the raw speed-up of the gradient code alone.
 * Each side stops at 98% or at its epoch cap; only measured numbers are printed.
 *   --baseline-epochs N (default 20)   --epochs N (default 15)   --seed N
 */
import { parseArgs } from "node:util";
import { selectBackend } from "../src/backend";
import { TrainingConfigSchema, type TrainingConfig } from "../src/config";
import { loadMnist, splitValidation, type ImageSet } from "../src/data/mnist";
import { createModel } from "../src/model";
import { createRandom } from "../src/rng";
import { trainModel } from "../src/trainer";

const { values } = parseArgs({ options: { "baseline-epochs": { type: "string" }, epochs: { type: "string" }, seed: { type: "string" } } });
const TARGET = 0.98;

interface Measured {
	label: string;
	epochSeconds: number[];
	toTarget?: number;
	reachedAt?: number;
	bestVal: number;
}

async function measure(label: string, config: TrainingConfig, train: ImageSet, val: ImageSet): Promise<Measured> {
	const model = createModel(config);
	const controller = new AbortController();
	const m: Measured = { label, epochSeconds: [], bestVal: 0 };
	let elapsed = 0;
	try {
		await trainModel(model, train, val, config, {
			signal: controller.signal,
			onEvent: (e) => {
				if (e.type !== "epoch") return;
				m.epochSeconds.push(e.seconds);
				elapsed += e.seconds;
				m.bestVal = Math.max(m.bestVal, e.valAccuracy);
				console.log(`  ${label} epoch ${e.epoch}: ${e.seconds.toFixed(2)} s, val acc ${(e.valAccuracy * 100).toFixed(2)}%`);
				if (e.valAccuracy >= TARGET && m.toTarget === undefined) {
					m.toTarget = elapsed;
					m.reachedAt = e.epoch;
					controller.abort();
				}
			},
		});
	} catch (err) {
		if ((err as Error).name !== "AbortError") throw err;
	} finally {
		model.dispose();
	}
	return m;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

const backend = await selectBackend("wasm");
const seed = Number(values.seed ?? 1);
const data = await loadMnist();
const { train, val } = splitValidation(data.train, 0.1, createRandom(seed));
console.log(`bench:train — MLP-256 on ${backend.backend}, ${train.count} training / ${val.count} validation images, target ${TARGET * 100}% val accuracy`);

const base = TrainingConfigSchema.parse({ hidden: [256], seed, patience: 0, backend: "wasm" });
const a = await measure("(a) model.fit b128", { ...base, trainer: "fit", batchSize: 128, augment: false, epochs: Number(values["baseline-epochs"] ?? 20) }, train, val);
const b = await measure("(b) digitlab default", { ...base, trainer: "fast", epochs: Number(values.epochs ?? 15) }, train, val);
const c = await measure("(c) digitlab no-aug", { ...base, trainer: "fast", augment: false, epochs: Number(values.epochs ?? 15) }, train, val);

const row = (m: Measured) =>
	`${m.label.padEnd(20)} ${mean(m.epochSeconds).toFixed(2).padStart(7)} s/epoch (${m.epochSeconds.length} epochs measured)  ` +
	(m.toTarget !== undefined ? `${m.toTarget.toFixed(1)} s to 98% (epoch ${m.reachedAt})` : `98% not reached in ${m.epochSeconds.length} epochs (${m.epochSeconds.reduce((x, y) => x + y, 0).toFixed(1)} s, best ${(m.bestVal * 100).toFixed(2)}%)`);
console.log("\nresults (epoch time includes the validation pass)");
console.log(row(a));
console.log(row(b));
console.log(row(c));
for (const m of [b, c]) {
	const ratio = mean(a.epochSeconds) / mean(m.epochSeconds);
	console.log(`speed-up per epoch a/${m.label.slice(1, 2)}: ${ratio.toFixed(2)}×${ratio >= 4 ? "" : "  (below the 4× target)"}`);
}
const total = (m: Measured) => m.epochSeconds.reduce((x, y) => x + y, 0);
for (const m of [b, c]) {
	const name = m.label.slice(1, 2);
	if (m.toTarget === undefined) console.log(`to 98% a/${name}: not measurable (${name} did not reach 98% within its cap)`);
	else if (a.toTarget !== undefined) console.log(`to 98% a/${name}: ${(a.toTarget / m.toTarget).toFixed(2)}×`);
	else console.log(`to 98% a/${name}: > ${(total(a) / m.toTarget).toFixed(2)}× (a did not reach 98% in ${total(a).toFixed(1)} s)`);
}
