/**
 * `npm run bench:train`: training speed on this machine, every figure from this one run, each printed with the load
 * average (the machine may be shared) and a ratio against a baseline measured in the same run.
 *
 *   MLP-256, batch 128, no augmentation: the same samples per update in every row (N workers × 128/N each):
 *     (a) plain `model.fit` on the wasm backend, the naive baseline;
 *     (b) DigitLab's trainer with 1 worker thread, then 2, … up to every core.
 *     Seconds per epoch (validation pass included) and seconds to 98.0% validation accuracy; speed-up against (a)
 *     and against 1 worker; scaling efficiency = speed-up over 1 worker / workers; each worker's time per step:
 *     its images, its share's pass (forward and back: the MLP's deltas, the CNN's whole gradient), barrier waits,
 *     its parameter slice's update (the MLP: the slice's gradient over the whole batch, then Adam; the CNN: the sum
 *     of every worker's buffer, then Adam), weight load, and its thread CPU time.
 *   MLP-256 as the default job trains it (augmentation on), on every core, to 98.0%.
 *   CNN (16/32 filters, dense 128), batch 128, no augmentation: seconds per epoch and each worker's thread CPU per
 *     step with 1 worker and with every core, on
 *     (d) TF.js's wasm backend in each worker (the CNN's former engine), the same-run baseline;
 *     (e) DigitLab's SIMD kernels;
 *     (f) DigitLab's kernels with the default job's augmentation, every core.
 *     (No model.fit row: TF.js cannot train conv2d on wasm, its Conv2DBackpropFilter is not registered.)
 *
 * Options: --epochs N (cap per DigitLab row, 15)  --baseline-epochs N (cap for model.fit, 20; 0 skips it)
 *          --cnn-epochs N (1)  --cnn-baseline 0 (skips the TF.js rows)  --workers 1,2 (counts to measure; default
 *          1..cores)  --seed N (1)  --sections mlp,cnn (both)
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { selectBackend } from "../../training/src/backend";
import { TrainingConfigSchema, type TrainingConfig, type TrainingConfigInput } from "../../training/src/config";
import { loadMnist, splitValidation, type ImageSet } from "../../training/src/data/mnist";
import { createModel } from "../../training/src/model";
import type { StepTimings } from "../../training/src/parallel/pool";
import { createRandom } from "../../training/src/rng";
import type { EngineChoice } from "../../training/src/parallel/engine";
import { trainModel } from "../../training/src/trainer";
import { load } from "./clock";

const { values } = parseArgs({
	options: {
		epochs: { type: "string" },
		"baseline-epochs": { type: "string" },
		"cnn-epochs": { type: "string" },
		"cnn-baseline": { type: "string" },
		sections: { type: "string" },
		workers: { type: "string" },
		seed: { type: "string" },
	},
});
const TARGET = 0.98;
const cores = os.availableParallelism();
const counts = values.workers ? values.workers.split(",").map(Number) : Array.from({ length: cores }, (_, i) => i + 1);

interface Measured {
	label: string;
	workers: number;
	epochSeconds: number[];
	toTarget?: number;
	reachedAt?: number;
	bestVal: number;
	loadStart: string;
	loadEnd: string;
	timings?: StepTimings[];
}

async function measure(
	label: string,
	input: TrainingConfigInput,
	train: ImageSet,
	val: ImageSet,
	untilTarget = true,
	engine?: EngineChoice,
): Promise<Measured> {
	const config: TrainingConfig = TrainingConfigSchema.parse(input);
	const model = createModel(config);
	const controller = new AbortController();
	const workers = config.trainer === "fit" ? 0 : (config.workers ?? cores);
	const m: Measured = { label, workers, epochSeconds: [], bestVal: 0, loadStart: load(), loadEnd: "" };
	let elapsed = 0;
	try {
		const out = await trainModel(
			model,
			train,
			val,
			config,
			{
				signal: controller.signal,
				onEvent: (e) => {
					if (e.type !== "epoch") return;
					m.epochSeconds.push(e.seconds);
					elapsed += e.seconds;
					m.bestVal = Math.max(m.bestVal, e.valAccuracy);
					console.log(
						`  ${label} epoch ${e.epoch}: ${e.seconds.toFixed(2)} s, val acc ${(e.valAccuracy * 100).toFixed(2)}%   (load ${load()})`,
					);
					if (untilTarget && e.valAccuracy >= TARGET && m.toTarget === undefined) {
						m.toTarget = elapsed;
						m.reachedAt = e.epoch;
						controller.abort();
					}
				},
			},
			{ workers: Math.max(1, workers), engine },
		);
		m.timings = out.stepTimings;
	} catch (err) {
		if ((err as Error).name !== "AbortError") throw err;
	} finally {
		model.dispose();
	}
	m.loadEnd = load();
	return m;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const total = (m: Measured) => m.epochSeconds.reduce((x, y) => x + y, 0);
const perEpoch = (m: Measured) => mean(m.epochSeconds);
const toTarget = (m: Measured) =>
	m.toTarget !== undefined
		? `${m.toTarget.toFixed(1)} s to 98% (epoch ${m.reachedAt})`
		: `98% not reached in ${m.epochSeconds.length} epochs (${total(m).toFixed(1)} s, best ${(m.bestVal * 100).toFixed(2)}%)`;
/**
 * An epoch's seconds that no step accounts for: the mean epoch minus the steps' wall time (each worker's phases per
 * step × steps per epoch, the slowest worker): the validation pass, starting and ending the epoch's messages.
 */
const outsideSteps = (m: Measured) => {
	const timings = m.timings ?? [];
	if (timings.length === 0 || m.epochSeconds.length === 0) return "";
	const stepsPerEpoch = timings[0]!.steps / m.epochSeconds.length;
	const stepMs = Math.max(...timings.map((t) => t.prepare + t.gradient + t.wait + t.update + t.load));
	return `\n    per epoch: ${stepsPerEpoch.toFixed(0)} steps × ${stepMs.toFixed(3)} ms = ${((stepsPerEpoch * stepMs) / 1000).toFixed(3)} s in steps, ${(perEpoch(m) - (stepsPerEpoch * stepMs) / 1000).toFixed(3)} s outside them (validation pass, epoch start and end)`;
};
const row = (m: Measured) =>
	`${m.label.padEnd(26)} ${perEpoch(m).toFixed(2).padStart(6)} s/epoch over ${m.epochSeconds.length}  ${toTarget(m)}  [load ${m.loadStart} → ${m.loadEnd}]`;
const stepLine = (m: Measured) =>
	(m.timings ?? [])
		.map(
			(t, w) =>
				`    worker ${w}: ${t.steps} steps, per step ms: images ${t.prepare.toFixed(3)}  share's pass ${t.gradient.toFixed(3)}  barrier waits ${t.wait.toFixed(3)}  slice update ${t.update.toFixed(3)}  weight load ${t.load.toFixed(3)}  (thread CPU ${t.cpu.toFixed(3)})`,
		)
		.join("\n") + outsideSteps(m);

const backend = await selectBackend("wasm");
const seed = Number(values.seed ?? 1);
const data = await loadMnist();
const { train, val } = splitValidation(data.train, 0.1, createRandom(seed));
console.log(
	`bench:train on ${backend.backend}, ${cores} cores (${os.cpus()[0]?.model ?? "unknown CPU"}), load average ${load()}`,
);
console.log(
	`${train.count} training / ${val.count} validation images; target ${TARGET * 100}% validation accuracy; epoch times include the validation pass\n`,
);

const sections = new Set((values.sections ?? "mlp,cnn").split(","));
const epochs = Number(values.epochs ?? 15);
const mlp: TrainingConfigInput = { hidden: [256], seed, patience: 0, backend: "wasm", batchSize: 128, augment: false };
const baselineEpochs = Number(values["baseline-epochs"] ?? 20);
const mlpOn = sections.has("mlp");
if (mlpOn) console.log("MLP-256, batch 128, no augmentation");
const fit =
	mlpOn && baselineEpochs > 0
		? await measure("(a) model.fit", { ...mlp, trainer: "fit", epochs: baselineEpochs }, train, val)
		: undefined;
const mlpRows: Measured[] = [];
if (mlpOn)
	for (const n of counts)
		mlpRows.push(
			await measure(`(b) digitlab ${n} worker${n === 1 ? "" : "s"}`, { ...mlp, epochs, workers: n }, train, val),
		);
if (mlpOn) console.log("\nMLP-256, the default job's settings (augmentation on), every core");
const aug = mlpOn
	? await measure(
			`(c) default job, ${cores} workers`,
			{ hidden: [256], seed, patience: 0, backend: "wasm", epochs, workers: cores },
			train,
			val,
		)
	: undefined;

const cnnEpochs = Number(values["cnn-epochs"] ?? 1);
const cnnCounts = [...new Set([1, cores])];
const cnnOn = sections.has("cnn");
const cnnBaseline = values["cnn-baseline"] !== "0";
const cnnConfig = (n: number, augment = false): TrainingConfigInput => ({
	model: "cnn",
	filters: [16, 32],
	hidden: [128],
	seed,
	patience: 0,
	backend: "wasm",
	batchSize: 128,
	augment,
	epochs: cnnEpochs,
	workers: n,
});
const cnnTfjs: Measured[] = [];
const cnnRows: Measured[] = [];
let cnnAug: Measured | undefined;
if (cnnOn) {
	console.log(
		`\nCNN 16/32 filters, dense 128, batch 128, no augmentation (${cnnEpochs} epoch${cnnEpochs === 1 ? "" : "s"} each)`,
	);
	for (const n of cnnCounts)
		if (cnnBaseline)
			cnnTfjs.push(
				await measure(
					`(d) CNN TF.js ${n} worker${n === 1 ? "" : "s"}`,
					cnnConfig(n),
					train,
					val,
					false,
					"tfjs",
				),
			);
	for (const n of cnnCounts)
		cnnRows.push(
			await measure(
				`(e) CNN kernels ${n} worker${n === 1 ? "" : "s"}`,
				cnnConfig(n),
				train,
				val,
				false,
				"kernels",
			),
		);
	console.log("\nCNN, the default job's augmentation on, every core");
	cnnAug = await measure(
		`(f) CNN kernels, augmented, ${cores} workers`,
		cnnConfig(cores, true),
		train,
		val,
		false,
		"kernels",
	);
}

const meanCpu = (m: Measured) => mean((m.timings ?? []).map((t) => t.cpu));
console.log("\n== results ==");
if (mlpOn) {
	console.log("MLP-256, batch 128 (same samples per update in every row), no augmentation:");
	if (fit) console.log(row(fit));
	for (const m of mlpRows) console.log(row(m) + "\n" + stepLine(m));
	const one = mlpRows.find((m) => m.workers === 1);
	for (const m of mlpRows) {
		const parts: string[] = [];
		if (fit) parts.push(`vs model.fit ${(perEpoch(fit) / perEpoch(m)).toFixed(2)}× per epoch`);
		if (one && m !== one) {
			const speedup = perEpoch(one) / perEpoch(m);
			parts.push(
				`vs 1 worker ${speedup.toFixed(2)}× per epoch, scaling efficiency ${((speedup / m.workers) * 100).toFixed(0)}%`,
			);
			parts.push(`best val ${(m.bestVal * 100).toFixed(2)}% vs ${(one.bestVal * 100).toFixed(2)}%`);
		}
		if (fit && m.toTarget !== undefined) {
			parts.push(
				fit.toTarget !== undefined
					? `to 98% ${(fit.toTarget / m.toTarget).toFixed(2)}× sooner`
					: `to 98% > ${(total(fit) / m.toTarget).toFixed(2)}× sooner (model.fit did not reach it)`,
			);
		}
		if (parts.length > 0) console.log(`  ${m.workers} worker${m.workers === 1 ? "" : "s"}: ${parts.join("; ")}`);
	}
	console.log("MLP-256, default job settings (augmentation on):");
	console.log(row(aug!) + "\n" + stepLine(aug!));
	if (fit && aug!.toTarget !== undefined) {
		console.log(
			fit.toTarget !== undefined
				? `  to 98%: ${(fit.toTarget / aug!.toTarget).toFixed(2)}× sooner than model.fit`
				: `  to 98%: > ${(total(fit) / aug!.toTarget).toFixed(2)}× sooner than model.fit (which did not reach it)`,
		);
	}
}
if (cnnOn) {
	console.log("CNN 16/32, dense 128, batch 128:");
	for (const m of [...cnnTfjs, ...cnnRows, cnnAug!]) console.log(row(m) + "\n" + stepLine(m));
	for (const m of cnnRows) {
		const old = cnnTfjs.find((t) => t.workers === m.workers);
		if (old) {
			console.log(
				`  ${m.workers} worker${m.workers === 1 ? "" : "s"}: kernels vs TF.js ${(perEpoch(old) / perEpoch(m)).toFixed(2)}× per epoch, ` +
					`${(meanCpu(old) / meanCpu(m)).toFixed(2)}× less thread CPU per step (${meanCpu(m).toFixed(2)} vs ${meanCpu(old).toFixed(2)} ms per worker)`,
			);
		}
	}
	const cnnOne = cnnRows.find((m) => m.workers === 1);
	for (const m of cnnRows) {
		if (cnnOne && m !== cnnOne) {
			const speedup = perEpoch(cnnOne) / perEpoch(m);
			console.log(
				`  kernels, ${m.workers} workers vs 1: ${speedup.toFixed(2)}× per epoch, scaling efficiency ${((speedup / m.workers) * 100).toFixed(0)}%`,
			);
		}
	}
}

const met = (ok: boolean) => (ok ? "met" : "NOT met");
console.log("\n== targets ==");
if (mlpOn) {
	const one = mlpRows.find((m) => m.workers === 1);
	const two = mlpRows.find((m) => m.workers === 2);
	const fastest = mlpRows.reduce((a, b) => (perEpoch(b) < perEpoch(a) ? b : a));
	if (one && two)
		console.log(
			`MLP-256 2 workers vs 1: ${(perEpoch(one) / perEpoch(two)).toFixed(2)}× per epoch (target ≥ 1.7×): ${met(perEpoch(one) / perEpoch(two) >= 1.7)}`,
		);
	console.log(
		`MLP-256 per epoch, batch-128 work, fastest row (${fastest.workers} worker${fastest.workers === 1 ? "" : "s"}): ${perEpoch(fastest).toFixed(2)} s (target ≤ 1.2 s): ${met(perEpoch(fastest) <= 1.2)}`,
	);
}
if (cnnOn) {
	for (const m of [cnnRows.at(-1)!, cnnAug!]) {
		console.log(
			`CNN per epoch, ${m.label.slice(4)}: ${perEpoch(m).toFixed(2)} s (target ≤ 12 s): ${met(perEpoch(m) <= 12)}; thread CPU per step ${meanCpu(m).toFixed(2)} ms per worker  [load ${m.loadStart} → ${m.loadEnd}]`,
		);
	}
}
console.log(`load average at the end: ${load()}`);
