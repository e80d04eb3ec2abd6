/**
 * A training worker thread: its own TensorFlow.js backend and replica, its own augmenter and random stream. The
 * coordinator (pool.ts) starts epochs and validation passes by message; within an epoch the workers keep in step
 * through barriers in shared memory, so no message crosses threads per batch.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type AugmentPrepared, createAugmenter } from "../augment";
import { type BackendChoice, selectBackend } from "../backend";
import type { TrainingConfig } from "../config";
import type { ImageSet } from "../data/mnist";
import { createRandom } from "../rng";
import { lowerThisThreadPriority } from "../worker-thread";
import { adamSlice } from "./adam-shared";
import { Replica } from "./replica";
import { barrier, paramSliceOf, type SharedState, shareOf, STATS_PER_WORKER } from "./shared-state";

export interface WorkerInit {
	index: number;
	config: TrainingConfig;
	backend: Exclude<BackendChoice, "auto">;
	state: SharedState;
	train: ImageSet;
	val: ImageSet;
	/** prepareAugment's output in shared memory, or null without augmentation. */
	prepared: AugmentPrepared | null;
	lowerPriority: boolean;
}

export type ToWorker =
	| { type: "epoch"; epoch: number; learningRate: number; batchSize: number }
	| { type: "validate" };

export type FromWorker =
	| { type: "ready" }
	| { type: "progress"; batch: number; batches: number }
	| { type: "epochDone" }
	| { type: "validated" }
	| { type: "cancelled" }
	| { type: "error"; message: string };

/** Worker 0 reports progress at most this often (the trainer throttles batch events again). */
const PROGRESS_MS = 50;

/** Each worker's augmentation stream: fixed by the seed and the worker's index, so a given seed and count repeat. */
export function workerSeed(seed: number, index: number): number {
	return (Math.imul(seed ^ 0x5eed, 0x9e3779b1) + Math.imul(index + 1, 0x85ebca6b)) >>> 0;
}

async function main(port: NonNullable<typeof parentPort>, init: WorkerInit): Promise<void> {
	if (init.lowerPriority) lowerThisThreadPriority();
	await selectBackend(init.backend);
	const { state, train, val, config, index } = init;
	const workers = state.workers;
	const replica = new Replica(config, state, index);
	const size = train.height * train.width;
	const augment = init.prepared ? createAugmenter(train, init.prepared) : undefined;
	const random = createRandom(workerSeed(config.seed, index));
	const maxShare = Math.ceil(config.batchSize / workers) + 1;
	const images = new Float32Array(maxShare * size);
	const labels = new Int32Array(maxShare);
	const [paramStart, paramEnd] = paramSliceOf(state.layout.total, workers, index);
	let adamStep = 0;

	const runEpoch = (learningRate: number, batchSize: number): boolean => {
		replica.loadWeights();
		const stats = state.stats;
		stats[index * STATS_PER_WORKER] = 0;
		stats[index * STATS_PER_WORKER + 1] = 0;
		const batches = Math.ceil(train.count / batchSize);
		let lastProgress = performance.now();
		for (let b = 0; b < batches; b++) {
			const start = b * batchSize;
			const n = Math.min(batchSize, train.count - start);
			const [lo, hi] = shareOf(n, workers, index);
			const k = hi - lo;
			const indices = state.order.subarray(start + lo, start + hi);
			for (let i = 0; i < k; i++) labels[i] = train.labels[indices[i]!]!;
			if (augment) augment(indices, k, images, random);
			else for (let i = 0; i < k; i++) images.set(train.images.subarray(indices[i]! * size, (indices[i]! + 1) * size), i * size);
			const r = replica.gradient(images, labels, k, n);
			stats[index * STATS_PER_WORKER] += r.lossSum;
			stats[index * STATS_PER_WORKER + 1] += r.correct;
			if (!barrier(state.control, workers)) return false;
			adamSlice(state, paramStart, paramEnd, learningRate, ++adamStep);
			if (!barrier(state.control, workers)) return false;
			replica.loadWeights();
			if (index === 0) {
				const now = performance.now();
				if (now - lastProgress >= PROGRESS_MS || b === batches - 1) {
					lastProgress = now;
					port.postMessage({ type: "progress", batch: b + 1, batches } satisfies FromWorker);
				}
			}
		}
		return true;
	};

	port.on("message", (message: ToWorker) => {
		try {
			if (message.type === "epoch") {
				const finished = runEpoch(message.learningRate, message.batchSize);
				port.postMessage({ type: finished ? "epochDone" : "cancelled" } satisfies FromWorker);
			} else if (message.type === "validate") {
				replica.loadWeights();
				const [lo, hi] = shareOf(val.count, workers, index);
				const size = val.height * val.width;
				replica.predict(val.images.subarray(lo * size, hi * size), hi - lo, state.valProbs, lo * 10);
				port.postMessage({ type: "validated" } satisfies FromWorker);
			}
		} catch (err) {
			port.postMessage({ type: "error", message: (err as Error)?.stack ?? String(err) } satisfies FromWorker);
		}
	});
	port.postMessage({ type: "ready" } satisfies FromWorker);
}

if (parentPort) {
	const port = parentPort;
	main(port, workerData as WorkerInit).catch((err) => port.postMessage({ type: "error", message: (err as Error)?.stack ?? String(err) } satisfies FromWorker));
}
