/** `npm run train -- [options]`: trains, prints readable evaluation tables, writes an artifact folder. */
import os from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { bakePlace, verifyPlace } from "../../scripts/lib/bake-place";
import { readArtifactFolder, writeArtifactFolder } from "./artifact-io";
import { describeBackend } from "./backend-notes";
import { modelName, TrainingConfigSchema, type TrainingConfigInput } from "./config";
import type { TrainingEvent } from "./events";
import { ENGINE_CHOICES, type EngineChoice } from "./parallel/engine";
import { progressBar, summaryText } from "./report";
import { runTraining } from "./run";

const HELP = `usage: npm run train -- [options]
  --model mlp|cnn          model kind (mlp)
  --hidden 256[,128]       hidden dense layer sizes (256)
  --filters 16,32          CNN convolution filters (16,32)
  --epochs N               maximum epochs (30)
  --batch-size N           (128)            --lr X       learning rate (0.001)
  --lr-decay X             per-epoch factor (0.9)
  --val-split X            validation fraction of the training set (0.1)
  --patience N             early-stopping patience on validation loss, 0 = off (5)
  --no-augment             turn off random shifts/rotations/scaling/stroke thickness (on by default)
  --quantization float32|int8
  --seed N                 (42)             --name NAME
  --train-samples N        cap the training set      --test-samples N   cap the test set
  --backend auto|tfjs-node|wasm|cpu         --trainer fast|fit
  --workers N              worker threads training in parallel (default: every core, here ${os.availableParallelism()})
  --engine kernels|tfjs    what computes each worker's steps: DigitLab's SIMD kernels (default) or TF.js,
                           the CNN's former engine (a baseline for comparisons)
  --images P --labels P --test-images P --test-labels P   IDX files (raw or .gz)
  --out DIR                artifact folder (default artifacts/<name>-<time>)
  --reuse DIR              skip training: use the finished model in DIR (an artifact folder)
  --place FILE.rbxl        write the model's modules into this place file (as the Studio plugin would)
                           and check that its Luau runtime reproduces the test accuracy`;

const { values } = parseArgs({
	options: {
		model: { type: "string" },
		hidden: { type: "string" },
		filters: { type: "string" },
		epochs: { type: "string" },
		"batch-size": { type: "string" },
		lr: { type: "string" },
		"lr-decay": { type: "string" },
		"val-split": { type: "string" },
		patience: { type: "string" },
		augment: { type: "boolean" },
		"no-augment": { type: "boolean" },
		quantization: { type: "string" },
		seed: { type: "string" },
		name: { type: "string" },
		"train-samples": { type: "string" },
		"test-samples": { type: "string" },
		backend: { type: "string" },
		trainer: { type: "string" },
		workers: { type: "string" },
		engine: { type: "string" },
		images: { type: "string" },
		labels: { type: "string" },
		"test-images": { type: "string" },
		"test-labels": { type: "string" },
		out: { type: "string" },
		reuse: { type: "string" },
		place: { type: "string" },
		help: { type: "boolean", short: "h" },
	},
});
if (values.help) {
	console.log(HELP);
	process.exit(0);
}

const num = (s: string | undefined) => (s === undefined ? undefined : Number(s));
const list = (s: string | undefined) => (s === undefined ? undefined : s.split(",").filter(Boolean).map(Number));
const input: Record<string, unknown> = {
	model: values.model,
	hidden: list(values.hidden),
	filters: list(values.filters),
	epochs: num(values.epochs),
	batchSize: num(values["batch-size"]),
	learningRate: num(values.lr),
	learningRateDecay: num(values["lr-decay"]),
	validationSplit: num(values["val-split"]),
	patience: num(values.patience),
	augment: values["no-augment"] ? false : values.augment,
	quantization: values.quantization,
	seed: num(values.seed),
	name: values.name,
	trainSamples: num(values["train-samples"]),
	testSamples: num(values["test-samples"]),
	backend: values.backend,
	trainer: values.trainer,
	workers: num(values.workers),
};
if (values.images || values.labels || values["test-images"] || values["test-labels"]) {
	input.dataset = { images: values.images, labels: values.labels, testImages: values["test-images"], testLabels: values["test-labels"] };
}
const parsed = TrainingConfigSchema.safeParse(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as TrainingConfigInput);
if (!parsed.success) {
	console.error(`invalid options:\n${parsed.error.issues.map((i) => `  --${i.path.join(".")}: ${i.message}`).join("\n")}\n\n${HELP}`);
	process.exit(2);
}
const config = parsed.data;
const engine = values.engine ?? "kernels";
if (!(ENGINE_CHOICES as readonly string[]).includes(engine)) {
	console.error(`invalid options:\n  --engine: expected one of ${ENGINE_CHOICES.join(", ")}, got "${engine}"\n\n${HELP}`);
	process.exit(2);
}
const tty = process.stdout.isTTY === true;
const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
const out = resolve(values.out ?? join("artifacts", `${modelName(config)}-${stamp}`));

const controller = new AbortController();
process.once("SIGINT", () => {
	console.log("\ncancelling…");
	controller.abort();
});

function onEvent(e: TrainingEvent): void {
	if (e.type === "started") {
		console.log(`training ${modelName(config)} on ${describeBackend(e.backend, e.backendNotes)}: ${e.trainSize} training, ${e.valSize} validation, ${e.testSize} test images`);
		if (e.engine) console.log(`steps computed by ${e.engine}`);
	} else if (e.type === "batch" && tty) {
		const f = (e.epoch - 1 + e.batch / e.batches) / e.epochs;
		process.stdout.write(`\r${progressBar(f)} epoch ${e.epoch}/${e.epochs} batch ${e.batch}/${e.batches} loss ${e.loss.toFixed(4)} acc ${(e.accuracy * 100).toFixed(2)}%   `);
	} else if (e.type === "epoch") {
		if (tty) process.stdout.write("\r\x1b[K");
		console.log(
			`epoch ${String(e.epoch).padStart(2)}/${e.epochs}  loss ${e.loss.toFixed(4)}  acc ${(e.accuracy * 100).toFixed(2)}%  ` +
				`val loss ${e.valLoss.toFixed(4)}  val acc ${(e.valAccuracy * 100).toFixed(2)}%  ${e.seconds.toFixed(1)} s  eta ${e.etaSeconds.toFixed(0)} s`,
		);
	}
}

/** Trains (or reuses a finished model) and returns its artifact folder and test accuracy. */
async function trainedFolder(): Promise<{ dir: string; testAccuracy: number }> {
	if (values.reuse !== undefined) {
		const dir = resolve(values.reuse);
		const { summary } = await readArtifactFolder(dir);
		console.log(`reusing the finished model in ${dir}`);
		return { dir, testAccuracy: Number(summary.testAccuracy) };
	}
	const result = await runTraining(config, { onEvent, signal: controller.signal, log: (line) => console.log(line) }, { engine: engine as EngineChoice });
	console.log(`\n${summaryText(result.summary)}`);
	await writeArtifactFolder(out, result);
	console.log(`\nartifact written to ${out}`);
	return { dir: out, testAccuracy: result.summary.testAccuracy };
}

try {
	const { dir, testAccuracy } = await trainedFolder();
	if (values.place !== undefined) {
		bakePlace(values.place, join(dir, "modules"));
		verifyPlace(values.place, testAccuracy);
	}
} catch (err) {
	if ((err as Error).name === "AbortError") {
		console.log("training cancelled; nothing written");
		process.exit(130);
	}
	console.error(`failed: ${(err as Error).message}`);
	process.exit(1);
}
