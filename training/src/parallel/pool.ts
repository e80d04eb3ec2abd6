/**
 * The coordinator of data-parallel training: owns the shared memory, starts one worker thread per share, runs
 * epochs and validation passes on them, and keeps the best weights. The model it was given stays the reference:
 * `finish` writes the chosen weights back into it.
 */
import type { Worker } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs";
import { type AugmentPrepared, prepareAugment } from "../augment";
import type { BackendChoice } from "../backend";
import type { TrainingConfig } from "../config";
import type { ImageSet } from "../data/mnist";
import { lossAndAccuracy } from "../evaluate";
import { outputCount } from "../model";
import { convLayersScratchBytes } from "../conv-grads";
import { MAX_PAGES } from "../kernels/mlp-kernels";
import { FunctionalNet } from "../net";
import { startWorker } from "../worker-thread";
import { type EngineChoice, kernelEngineScratch, planEngine } from "./engine";
import { inputInk } from "./kernel-replica";
import type { FromWorker, ToWorker, WorkerInit } from "./worker-entry";
import { cancelAll, createSharedState, CTL, type SharedState, STAT, STATS_PER_WORKER, toShared } from "./shared-state";

/** The worker's module. A bundled build swaps this for its compiled .js entry (see worker-thread.ts). */
export const TRAINING_WORKER_ENTRY = new URL("./worker-entry.ts", import.meta.url);

export interface PoolOptions {
	workers: number;
	backend: Exclude<BackendChoice, "auto">;
	/** DigitLab's kernels where they cover the model (default), or TF.js in every worker. */
	engine?: EngineChoice;
	/** Run the worker threads below normal priority (the bridge does, so its HTTP thread stays responsive). */
	lowerPriority?: boolean;
	signal?: AbortSignal;
}

export interface StepTimings {
	steps: number;
	prepare: number;
	gradient: number;
	wait: number;
	update: number;
	load: number;
	/** The thread's CPU time per step (NaN where the OS does not tell); below the sum of the others: waiting for a core. */
	cpu: number;
}

export type BatchCallback = (batch: number, batches: number, loss: number, accuracy: number) => void;

function abortError(): Error {
	return new DOMException("training was cancelled", "AbortError");
}

function sharedSet(set: ImageSet): ImageSet {
	return { ...set, images: toShared(set.images), labels: toShared(set.labels) };
}

function sharedPrepared(prepared: AugmentPrepared): AugmentPrepared {
	return Object.fromEntries(Object.entries(prepared).map(([k, v]) => [k, toShared(v)]));
}

export class TrainingPool {
	private readonly net: FunctionalNet;
	private listeners = new Set<(message: FromWorker, index: number) => void>();
	private failure: Error | undefined;
	private closed = false;

	private constructor(
		private readonly model: tf.LayersModel,
		private readonly state: SharedState,
		private readonly threads: Worker[],
		private readonly train: ImageSet,
		private readonly val: ImageSet,
		private readonly outputs: number,
		private readonly signal: AbortSignal | undefined,
	) {
		this.net = new FunctionalNet(model);
		threads.forEach((worker, index) => {
			worker.on("message", (message: FromWorker) => {
				if (message.type === "error") this.fail(new Error(`training worker ${index}: ${message.message}`));
				for (const l of [...this.listeners]) l(message, index);
			});
			worker.on("error", (err) => this.fail(err));
			worker.on("exit", (code) => {
				if (!this.closed)
					this.fail(new Error(`training worker ${index} stopped unexpectedly (exit code ${code})`));
			});
		});
		signal?.addEventListener("abort", () => cancelAll(state.control), { once: true });
	}

	/** Copies the model's initial weights into shared memory and starts the workers; resolves when all are ready. */
	static async start(
		model: tf.LayersModel,
		train: ImageSet,
		val: ImageSet,
		config: TrainingConfig,
		options: PoolOptions,
	): Promise<TrainingPool> {
		const net = new FunctionalNet(model);
		const shapes = net.variables.map((v) => v.shape);
		const engine = planEngine(config, shapes, options.workers, options.engine);
		// The MLP's parameter slices are balanced by how often each pixel is inked.
		if (engine.kind === "mlp") engine.ink = inputInk(train.images, engine.widths[0]!);
		const scratch = kernelEngineScratch(engine) ?? convLayersScratchBytes(model, engine.rows);
		const state = createSharedState(
			options.workers,
			shapes,
			train.count,
			val.count,
			outputCount(config),
			scratch,
			MAX_PAGES,
		);
		net.variables.forEach((v, i) => state.weights.set(v.dataSync() as Float32Array, state.layout.offsets[i]!));
		const sharedTrain = sharedSet(train);
		const sharedVal = sharedSet(val);
		const prepared = config.augment ? sharedPrepared(prepareAugment(sharedTrain)) : null;
		const threads = Array.from({ length: options.workers }, (_, index) => {
			const init: WorkerInit = {
				index,
				config,
				backend: options.backend,
				state,
				train: sharedTrain,
				val: sharedVal,
				prepared,
				lowerPriority: options.lowerPriority ?? false,
				engine,
			};
			return startWorker(TRAINING_WORKER_ENTRY, { workerData: init });
		});
		const pool = new TrainingPool(
			model,
			state,
			threads,
			sharedTrain,
			sharedVal,
			outputCount(config),
			options.signal,
		);
		try {
			await pool.all("ready", () => {});
		} catch (err) {
			await pool.close();
			throw err;
		}
		return pool;
	}

	get workers(): number {
		return this.state.workers;
	}

	/** One epoch over `order` (a permutation of the training set). */
	async runEpoch(
		order: Uint32Array,
		learningRate: number,
		batchSize: number,
		onBatch: BatchCallback,
	): Promise<{ loss: number; accuracy: number }> {
		this.state.order.set(order);
		Atomics.store(this.state.control, CTL.arrived, 0);
		const seen = () => {
			let loss = 0;
			let correct = 0;
			for (let w = 0; w < this.state.workers; w++) {
				loss += this.state.stats[w * STATS_PER_WORKER + STAT.loss]!;
				correct += this.state.stats[w * STATS_PER_WORKER + STAT.correct]!;
			}
			return { loss, correct };
		};
		await this.all(
			"epochDone",
			(message) => {
				if (message.type !== "progress") return;
				const samples = Math.min(message.batch * batchSize, this.train.count);
				const s = seen();
				onBatch(message.batch, message.batches, s.loss / samples, s.correct / samples);
			},
			{ type: "epoch", epoch: 0, learningRate, batchSize },
		);
		const s = seen();
		return { loss: s.loss / this.train.count, accuracy: s.correct / this.train.count };
	}

	/** Validation loss and accuracy of the current shared weights, each worker predicting its share. */
	async validate(): Promise<{ loss: number; accuracy: number }> {
		await this.all("validated", () => {}, { type: "validate" });
		return lossAndAccuracy(this.state.valProbs, this.val.labels, this.outputs);
	}

	/** Each worker's mean milliseconds per step so far: preparing images, gradient, barrier waits, update, weight load, CPU. */
	stepTimings(): StepTimings[] {
		return Array.from({ length: this.state.workers }, (_, w) => {
			const s = this.state.stats.subarray(w * STATS_PER_WORKER, (w + 1) * STATS_PER_WORKER);
			const steps = Math.max(1, s[STAT.steps]!);
			return {
				steps: s[STAT.steps]!,
				prepare: s[STAT.prepareMs]! / steps,
				gradient: s[STAT.gradientMs]! / steps,
				wait: s[STAT.waitMs]! / steps,
				update: s[STAT.updateMs]! / steps,
				load: s[STAT.loadMs]! / steps,
				cpu: s[STAT.cpuMs]! / steps,
			};
		});
	}

	snapshot(): Float32Array {
		return this.state.weights.slice();
	}

	/** Writes `weights` (a snapshot) or the current shared weights into the model. */
	writeInto(weights: Float32Array = this.state.weights): void {
		const { offsets, sizes } = this.state.layout;
		tf.tidy(() =>
			this.net.variables.forEach((v, i) =>
				v.assign(tf.tensor(weights.slice(offsets[i]!, offsets[i]! + sizes[i]!), v.shape)),
			),
		);
	}

	async close(): Promise<void> {
		this.closed = true;
		cancelAll(this.state.control);
		await Promise.all(this.threads.map((t) => t.terminate()));
	}

	private fail(err: Error): void {
		if (this.failure) return;
		this.failure = err;
		cancelAll(this.state.control);
		for (const l of [...this.listeners]) l({ type: "error", message: err.message }, -1);
	}

	/**
	 * Sends `message` (if any) to every worker and resolves when each has answered `done`. Rejects with an AbortError
	 * when the workers report a cancel, or with the first worker failure.
	 */
	private all(done: FromWorker["type"], onMessage: (message: FromWorker) => void, message?: ToWorker): Promise<void> {
		return new Promise<void>((resolve, reject) => {
			if (this.failure) return reject(this.failure);
			let remaining = this.state.workers;
			let cancelled = false;
			const listener = (m: FromWorker) => {
				if (m.type === "error") {
					this.listeners.delete(listener);
					return reject(this.failure ?? new Error(m.message));
				}
				if (m.type === "cancelled") cancelled = true;
				else if (m.type === done) {
					// counted below
				} else return onMessage(m);
				if (--remaining > 0) return;
				this.listeners.delete(listener);
				if (cancelled || this.signal?.aborted) reject(abortError());
				else resolve();
			};
			this.listeners.add(listener);
			if (message) for (const t of this.threads) t.postMessage(message);
		});
	}
}
