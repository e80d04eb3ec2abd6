import os from "node:os";
import * as tf from "@tensorflow/tfjs";
import type { BackendChoice } from "./backend";
import type { TrainingConfig } from "./config";
import type { ImageSet } from "./data/mnist";
import { permutation } from "./data/mnist";
import { lossAndAccuracy, predictProbabilities } from "./evaluate";
import type { BatchEvent, EpochEvent, TrainingEvent } from "./events";
import { modelInputShape, outputCount } from "./model";
import type { EngineChoice } from "./parallel/engine";
import { type StepTimings, TrainingPool } from "./parallel/pool";
import { createRandom } from "./rng";

export interface TrainHooks {
	onEvent?: (event: TrainingEvent) => void;
	signal?: AbortSignal;
	log?: (line: string) => void;
}

export interface TrainOutcome {
	history: EpochEvent[];
	bestEpoch: number;
	valLoss: number;
	valAccuracy: number;
	stoppedEarly: boolean;
	seconds: number;
	/** Worker threads used (0 for `model.fit`). */
	workers: number;
	/** Parallel trainer: each worker's mean milliseconds per step by phase. */
	stepTimings?: StepTimings[];
}

export function abortError(): Error {
	return new DOMException("training was cancelled", "AbortError");
}

const BATCH_EVENT_MS = 100;

/** One way of training: epochs, validation, and keeping the best weights. */
interface Runner {
	/** Runs one epoch over `order`; reports batches; returns mean training loss and accuracy. */
	runEpoch(
		epoch: number,
		order: Uint32Array,
		onBatch: (batch: number, batches: number, loss: number, accuracy: number) => void,
	): Promise<{ loss: number; accuracy: number }>;
	validate(): Promise<{ loss: number; accuracy: number }>;
	snapshot(): unknown;
	/** Leaves `best` (a snapshot), or else the current weights, in the model and frees everything else. */
	finish(best: unknown): Promise<void>;
	/** Per-worker mean step timings (parallel trainer only). */
	stepTimings?(): StepTimings[];
}

/** DigitLab's trainer: data-parallel worker threads over shared memory (parallel/pool.ts). */
async function parallelRunner(
	model: tf.LayersModel,
	train: ImageSet,
	val: ImageSet,
	config: TrainingConfig,
	options: TrainOptions,
	signal?: AbortSignal,
): Promise<Runner> {
	const pool = await TrainingPool.start(model, train, val, config, {
		workers: options.workers,
		backend: backendChoiceOf(tf.getBackend()),
		lowerPriority: options.lowerPriority,
		engine: options.engine,
		signal,
	});
	const batchSize = Math.min(config.batchSize, train.count);
	return {
		runEpoch: (epoch, order, onBatch) => pool.runEpoch(order, epochLearningRate(config, epoch), batchSize, onBatch),
		validate: () => pool.validate(),
		snapshot: () => pool.snapshot(),
		stepTimings: () => pool.stepTimings(),
		finish: async (best) => {
			pool.writeInto(best as Float32Array | undefined);
			await pool.close();
		},
	};
}

/**
 * The learning rate of epoch `epoch` (1-based). The cosine schedule takes its value at the middle of the epoch, so
 * the first epoch runs at nearly the full rate and the last planned one at nearly 0.
 */
export function epochLearningRate(
	config: Pick<TrainingConfig, "learningRate" | "learningRateSchedule" | "learningRateDecay" | "epochs">,
	epoch: number,
): number {
	if (config.learningRateSchedule === "cosine")
		return config.learningRate * 0.5 * (1 + Math.cos((Math.PI * (epoch - 0.5)) / config.epochs));
	return config.learningRate * config.learningRateDecay ** (epoch - 1);
}

/** Plain `model.fit`, one epoch per call: the naive baseline the benchmark compares against. */
function fitRunner(model: tf.LayersModel, train: ImageSet, val: ImageSet, config: TrainingConfig): Runner {
	model.compile({
		optimizer: tf.train.adam(config.learningRate),
		loss: "categoricalCrossentropy",
		metrics: ["accuracy"],
	});
	const shape = modelInputShape(model);
	const xs = tf.tensor(train.images, [train.count, ...shape]);
	const ys = tf.oneHot(tf.tensor1d(Int32Array.from(train.labels), "int32"), outputCount(config));
	const batches = Math.ceil(train.count / config.batchSize);
	const snapshots: tf.Tensor[][] = [];
	return {
		runEpoch: async (_epoch, _order, onBatch) => {
			const h = await model.fit(xs, ys, {
				epochs: 1,
				batchSize: config.batchSize,
				shuffle: true,
				verbose: 0,
				callbacks: {
					onBatchEnd: async (batch, logs) =>
						onBatch(batch + 1, batches, Number(logs?.loss), Number(logs?.acc)),
				},
			});
			return { loss: Number(h.history.loss![0]), accuracy: Number((h.history.acc ?? h.history.accuracy)![0]) };
		},
		validate: async () => lossAndAccuracy(predictProbabilities(model, val), val.labels, outputCount(config)),
		snapshot: () => {
			const s = model.getWeights().map((w) => tf.clone(w));
			snapshots.push(s);
			return s;
		},
		finish: async (best) => {
			if (best) model.setWeights(best as tf.Tensor[]);
			tf.dispose([xs, ys, ...snapshots.flat()]);
		},
	};
}

const BACKEND_CHOICES: Record<string, Exclude<BackendChoice, "auto">> = {
	tensorflow: "tfjs-node",
	wasm: "wasm",
	cpu: "cpu",
};

function backendChoiceOf(name: string): Exclude<BackendChoice, "auto"> {
	const choice = BACKEND_CHOICES[name];
	if (!choice) throw new Error(`training workers cannot run the "${name}" backend`);
	return choice;
}

/**
 * Trains `model` in place: epochs with validation after each, early stopping on validation loss with
 * the best weights restored, cancellation through `hooks.signal`.
 */
export interface TrainOptions {
	/** Worker threads for the parallel trainer (resolved: at least 1). */
	workers: number;
	/** Run the worker threads below normal priority (the bridge does). */
	lowerPriority?: boolean;
	/** DigitLab's kernels where they cover the model (the default), or TF.js in every worker (the baseline). */
	engine?: EngineChoice;
}

/** What computes the training steps, in words for logs and the started event. */
export function describeEngine(
	config: TrainingConfig,
	backend: string,
	workers: number,
	engine: EngineChoice = "kernels",
): string {
	if (config.trainer === "fit") return `model.fit on ${backend}`;
	const threads = `${workers} worker thread${workers === 1 ? "" : "s"}`;
	// Every model createModel builds is covered by the kernels.
	return engine === "kernels" ? `${threads}, DigitLab wasm SIMD kernels` : `${threads}, TF.js ${backend} in each`;
}

/** The smallest share of a batch worth a thread of its own when the worker count is not given (docs/scaling.md). */
export const MIN_DEFAULT_SHARE = 8;

/**
 * `config.workers`, or every core this process may use, but no more workers than give each at least
 * MIN_DEFAULT_SHARE samples of a batch (16 for batch 128): below that a step's fixed costs outweigh the split.
 */
export function resolveWorkers(
	config: Pick<TrainingConfig, "workers" | "batchSize">,
	cores = os.availableParallelism(),
): number {
	if (config.workers !== undefined) return Math.max(1, config.workers);
	return Math.max(1, Math.min(cores, Math.floor(config.batchSize / MIN_DEFAULT_SHARE)));
}

export async function trainModel(
	model: tf.LayersModel,
	train: ImageSet,
	val: ImageSet,
	config: TrainingConfig,
	hooks: TrainHooks = {},
	options: TrainOptions = { workers: resolveWorkers(config) },
): Promise<TrainOutcome> {
	const random = createRandom(config.seed ^ 0x5eed);
	if (hooks.signal?.aborted) throw abortError();
	const runner =
		config.trainer === "fit"
			? fitRunner(model, train, val, config)
			: await parallelRunner(model, train, val, config, options, hooks.signal);
	const started = performance.now();
	const history: EpochEvent[] = [];
	let best = { epoch: 0, loss: Infinity, accuracy: 0 };
	let bestWeights: unknown;
	let wait = 0;
	let stoppedEarly = false;
	let lastBatchEvent = 0;
	let stepTimings: StepTimings[] | undefined;
	const onBatch = (epoch: number, batch: number, batches: number, loss: number, accuracy: number): void => {
		const now = performance.now();
		if (hooks.onEvent && (now - lastBatchEvent >= BATCH_EVENT_MS || batch === batches)) {
			lastBatchEvent = now;
			const e: BatchEvent = { type: "batch", epoch, epochs: config.epochs, batch, batches, loss, accuracy };
			hooks.onEvent(e);
		}
	};
	try {
		for (let epoch = 1; epoch <= config.epochs; epoch++) {
			if (hooks.signal?.aborted) throw abortError();
			const t0 = performance.now();
			const order = permutation(train.count, random);
			const fitted = await runner.runEpoch(epoch, order, (b, n, l, a) => onBatch(epoch, b, n, l, a));
			if (hooks.signal?.aborted) throw abortError();
			const v = await runner.validate();
			const seconds = (performance.now() - t0) / 1000;
			const elapsed = (performance.now() - started) / 1000;
			const e: EpochEvent = {
				type: "epoch",
				epoch,
				epochs: config.epochs,
				loss: fitted.loss,
				accuracy: fitted.accuracy,
				valLoss: v.loss,
				valAccuracy: v.accuracy,
				seconds,
				etaSeconds: (elapsed / epoch) * (config.epochs - epoch),
			};
			history.push(e);
			hooks.onEvent?.(e);
			if (v.loss < best.loss) {
				best = { epoch, loss: v.loss, accuracy: v.accuracy };
				bestWeights = runner.snapshot();
				wait = 0;
			} else if (config.patience > 0 && ++wait >= config.patience) {
				stoppedEarly = true;
				hooks.log?.(
					`early stop after epoch ${epoch}: validation loss has not improved for ${config.patience} epochs (best: epoch ${best.epoch})`,
				);
				break;
			}
		}
		if (bestWeights !== undefined && best.epoch !== history.length) {
			hooks.log?.(`restored the weights of epoch ${best.epoch} (lowest validation loss ${best.loss.toFixed(4)})`);
		} else bestWeights = undefined;
	} finally {
		stepTimings = runner.stepTimings?.();
		await runner.finish(bestWeights);
	}
	const workers = config.trainer === "fit" ? 0 : options.workers;
	return {
		history,
		bestEpoch: best.epoch,
		valLoss: best.loss,
		valAccuracy: best.accuracy,
		stoppedEarly,
		seconds: (performance.now() - started) / 1000,
		workers,
		stepTimings,
	};
}
