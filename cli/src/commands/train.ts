/** `digitlab train [options]`: trains, prints readable evaluation tables, writes an artifact folder. */
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { bakePlace, verifyPlace } from "../../../scripts/lib/bake-place";
import { readArtifactFolder, writeArtifactFolder } from "../../../training/src/artifact-io";
import { describeBackend } from "../../../training/src/backend-notes";
import {
	modelName,
	type TrainingConfig,
	TrainingConfigSchema,
	type TrainingConfigInput,
} from "../../../training/src/config";
import type { TrainingEvent } from "../../../training/src/events";
import { ENGINE_CHOICES, type EngineChoice } from "../../../training/src/parallel/engine";
import { progressBar, summaryText } from "../../../training/src/report";
import { runTraining } from "../../../training/src/run";
import { luauRoot } from "../shipped";
import { TRAIN_USAGE } from "../usage";
import { UsageError } from "./usage-error";

const OPTIONS = {
	model: { type: "string" },
	hidden: { type: "string" },
	filters: { type: "string" },
	epochs: { type: "string" },
	"batch-size": { type: "string" },
	lr: { type: "string" },
	"lr-decay": { type: "string" },
	"lr-schedule": { type: "string" },
	"label-smoothing": { type: "string" },
	"val-split": { type: "string" },
	patience: { type: "string" },
	augment: { type: "boolean" },
	"no-augment": { type: "boolean" },
	pairs: { type: "string" },
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
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>["values"];

function configFrom(values: Values): TrainingConfig {
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
		learningRateSchedule: values["lr-schedule"],
		labelSmoothing: num(values["label-smoothing"]),
		validationSplit: num(values["val-split"]),
		patience: num(values.patience),
		augment: values["no-augment"] ? false : values.augment,
		pairs: num(values.pairs),
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
		input.dataset = {
			images: values.images,
			labels: values.labels,
			testImages: values["test-images"],
			testLabels: values["test-labels"],
		};
	}
	const parsed = TrainingConfigSchema.safeParse(
		Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as TrainingConfigInput,
	);
	if (!parsed.success)
		throw new UsageError(
			`invalid options:\n${parsed.error.issues.map((i) => `  --${i.path.join(".")}: ${i.message}`).join("\n")}`,
			TRAIN_USAGE,
		);
	return parsed.data;
}

function printEvent(config: TrainingConfig, e: TrainingEvent, tty: boolean): void {
	if (e.type === "started") {
		console.log(
			`training ${modelName(config)} on ${describeBackend(e.backend, e.backendNotes)}: ${e.trainSize} training, ${e.valSize} validation, ${e.testSize} test images`,
		);
		if (e.engine) console.log(`steps computed by ${e.engine}`);
	} else if (e.type === "batch" && tty) {
		const f = (e.epoch - 1 + e.batch / e.batches) / e.epochs;
		process.stdout.write(
			`\r${progressBar(f)} epoch ${e.epoch}/${e.epochs} batch ${e.batch}/${e.batches} loss ${e.loss.toFixed(4)} acc ${(e.accuracy * 100).toFixed(2)}%   `,
		);
	} else if (e.type === "epoch") {
		if (tty) process.stdout.write("\r\x1b[K");
		console.log(
			`epoch ${String(e.epoch).padStart(2)}/${e.epochs}  loss ${e.loss.toFixed(4)}  acc ${(e.accuracy * 100).toFixed(2)}%  ` +
				`val loss ${e.valLoss.toFixed(4)}  val acc ${(e.valAccuracy * 100).toFixed(2)}%  ${e.seconds.toFixed(1)} s  eta ${e.etaSeconds.toFixed(0)} s`,
		);
	}
}

function engineFrom(values: Values): EngineChoice {
	const engine = values.engine ?? "kernels";
	if (!(ENGINE_CHOICES as readonly string[]).includes(engine)) {
		throw new UsageError(
			`invalid options:\n  --engine: expected one of ${ENGINE_CHOICES.join(", ")}, got "${engine}"`,
			TRAIN_USAGE,
		);
	}
	return engine as EngineChoice;
}

/** Trains (or reuses a finished model) and returns its artifact folder and test accuracy. */
async function trainedFolder(
	values: Values,
	config: TrainingConfig,
	engine: EngineChoice,
	signal: AbortSignal,
): Promise<{ dir: string; testAccuracy: number }> {
	if (values.reuse !== undefined) {
		const dir = resolve(values.reuse);
		const { summary } = await readArtifactFolder(dir);
		console.log(`reusing the finished model in ${dir}`);
		return { dir, testAccuracy: Number(summary.testAccuracy) };
	}
	const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
	const out = resolve(values.out ?? join("artifacts", `${modelName(config)}-${stamp}`));
	const tty = process.stdout.isTTY === true;
	const result = await runTraining(
		config,
		{ onEvent: (e) => printEvent(config, e, tty), signal, log: (line) => console.log(line) },
		{ engine },
	);
	console.log(`\n${summaryText(result.summary)}`);
	await writeArtifactFolder(out, result);
	console.log(`\nartifact written to ${out}`);
	return { dir: out, testAccuracy: result.summary.testAccuracy };
}

/** Returns the exit code: 0 done, 1 failed, 2 bad options, 130 cancelled (Ctrl+C). */
export async function train(argv: string[]): Promise<number> {
	let values: Values;
	try {
		values = parseArgs({ args: argv, options: OPTIONS, strict: true }).values;
	} catch (err) {
		throw new UsageError((err as Error).message, TRAIN_USAGE);
	}
	if (values.help) {
		console.log(TRAIN_USAGE);
		return 0;
	}
	const config = configFrom(values);
	const engine = engineFrom(values);
	const controller = new AbortController();
	const onSigint = () => {
		console.log("\ncancelling…");
		controller.abort();
	};
	process.once("SIGINT", onSigint);
	try {
		const { dir, testAccuracy } = await trainedFolder(values, config, engine, controller.signal);
		if (values.place !== undefined) {
			const root = luauRoot();
			bakePlace(values.place, join(dir, "modules"), values.place, root);
			verifyPlace(values.place, testAccuracy, root);
		}
		return 0;
	} catch (err) {
		if ((err as Error).name === "AbortError") {
			console.log("training cancelled; nothing written");
			return 130;
		}
		console.error(`failed: ${(err as Error).message}`);
		return 1;
	} finally {
		process.off("SIGINT", onSigint);
	}
}
