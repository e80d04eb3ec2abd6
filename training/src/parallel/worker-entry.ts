/**
 * A training worker thread: its own TensorFlow.js backend and replica, its own augmenter and random stream. The
 * coordinator (pool.ts) starts epochs and validation passes by message; within an epoch the workers keep in step
 * through barriers in shared memory, so no message crosses threads per batch.
 */
import fs from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { type AugmentPrepared, createAugmenter } from "../augment";
import type { BackendChoice } from "../backend";
import type { TrainingConfig } from "../config";
import type { ImageSet } from "../data/mnist";
import { instantiateCnnKernels } from "../kernels/cnn-kernels";
import { instantiateKernels } from "../kernels/mlp-kernels";
import { outputCount } from "../outputs";
import { createRandom } from "../rng";
import { lowerThisThreadPriority } from "../worker-thread";
import { adamSlice } from "./adam-shared";
import { CnnReplica } from "./cnn-replica";
import type { EnginePlan } from "./engine";
import { KernelReplica } from "./kernel-replica";
import type { Replica } from "./replica";
import { barrier, paramSliceOf, type SharedState, shareOf, STAT, STATS_PER_WORKER } from "./shared-state";

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
	/** What computes the steps: DigitLab's kernels (MLP or CNN) or TensorFlow.js. */
	engine: EnginePlan;
}

export type ToWorker = { type: "epoch"; epoch: number; learningRate: number; batchSize: number } | { type: "validate" };

export type FromWorker =
	| { type: "ready" }
	| { type: "progress"; batch: number; batches: number }
	| { type: "epochDone" }
	| { type: "validated" }
	| { type: "cancelled" }
	| { type: "error"; message: string };

/** Worker 0 reports progress at most this often (the trainer throttles batch events again). */
const PROGRESS_MS = 50;

/** This thread's CPU time in ms (Linux), or NaN where the OS does not say. */
function threadCpuMs(): number {
	try {
		return Number(fs.readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[0]) / 1e6;
	} catch {
		return NaN;
	}
}

/** Each worker's augmentation stream: fixed by the seed and the worker's index, so a given seed and count repeat. */
export function workerSeed(seed: number, index: number): number {
	return (Math.imul(seed ^ 0x5eed, 0x9e3779b1) + Math.imul(index + 1, 0x85ebca6b)) >>> 0;
}

async function main(port: NonNullable<typeof parentPort>, init: WorkerInit): Promise<void> {
	if (init.lowerPriority) lowerThisThreadPriority();
	const { state, train, val, config, index } = init;
	const kernels = instantiateKernels(state.memory);
	let replica: Replica;
	const { engine } = init;
	if (engine.kind === "mlp")
		replica = new KernelReplica(
			kernels,
			state,
			index,
			engine.widths,
			engine.rows,
			engine.ink,
			config.labelSmoothing,
		);
	else if (engine.kind === "cnn")
		replica = new CnnReplica(
			kernels,
			instantiateCnnKernels(state.memory, engine.geometry.stages),
			state,
			index,
			engine.geometry,
			engine.rows,
			config.labelSmoothing,
		);
	else {
		// Only models the kernels do not cover load TensorFlow.js in the worker.
		const [{ selectBackend }, { TfjsReplica }, { useConvAccelerator }] = await Promise.all([
			import("../backend"),
			import("./tfjs-replica"),
			import("../conv-grads"),
		]);
		await selectBackend(init.backend);
		useConvAccelerator({
			kernels,
			memory: state.memory,
			scratch: state.at.scratch + index * state.at.scratchBytes,
			scratchBytes: state.at.scratchBytes,
		});
		replica = new TfjsReplica(config, state, index);
	}
	const size = train.height * train.width;
	const workers = state.workers;
	const augment = init.prepared ? createAugmenter(train, init.prepared, { pairFraction: config.pairs }) : undefined;
	const outputs = outputCount(config);
	const random = createRandom(workerSeed(config.seed, index));
	const maxShare = Math.ceil(config.batchSize / workers);
	const labels = new Int32Array(maxShare);
	const { sliced } = replica;
	const [paramStart, paramEnd] = sliced?.slice ?? paramSliceOf(state.layout.total, workers, index);
	let adamStep = 0;

	const runEpoch = (learningRate: number, batchSize: number): boolean => {
		replica.loadWeights();
		const stats = state.stats;
		const at = index * STATS_PER_WORKER;
		stats[at + STAT.loss] = 0;
		stats[at + STAT.correct] = 0;
		const batches = Math.ceil(train.count / batchSize);
		const cpuStart = threadCpuMs();
		let lastProgress = performance.now();
		for (let b = 0; b < batches; b++) {
			const t0 = performance.now();
			const start = b * batchSize;
			const n = Math.min(batchSize, train.count - start);
			const [lo, hi] = shareOf(n, workers, index);
			const k = hi - lo;
			const indices = state.order.subarray(start + lo, start + hi);
			for (let i = 0; i < k; i++) labels[i] = train.labels[indices[i]!]!;
			const images = replica.input(k);
			// The augmenter relabels the samples it draws as a pair (PAIR_OUTPUT).
			if (augment) augment(indices, k, images, random, labels);
			else
				for (let i = 0; i < k; i++)
					images.set(train.images.subarray(indices[i]! * size, (indices[i]! + 1) * size), i * size);
			const t1 = performance.now();
			const r = sliced ? sliced.deltas(labels, k, n) : replica.gradient(labels, k, n);
			stats[at + STAT.loss] += r.lossSum;
			stats[at + STAT.correct] += r.correct;
			const t2 = performance.now();
			if (!barrier(state.control, workers)) return false;
			const t3 = performance.now();
			sliced?.gradient(n);
			adamSlice(kernels, state, paramStart, paramEnd, learningRate, ++adamStep, sliced ? index : undefined);
			const t4 = performance.now();
			if (!barrier(state.control, workers)) return false;
			const t5 = performance.now();
			replica.loadWeights();
			const t6 = performance.now();
			stats[at + STAT.prepareMs] += t1 - t0;
			stats[at + STAT.gradientMs] += t2 - t1;
			stats[at + STAT.waitMs] += t3 - t2 + (t5 - t4);
			stats[at + STAT.updateMs] += t4 - t3;
			stats[at + STAT.loadMs] += t6 - t5;
			stats[at + STAT.steps] += 1;
			if (index === 0 && (t6 - lastProgress >= PROGRESS_MS || b === batches - 1)) {
				lastProgress = t6;
				port.postMessage({ type: "progress", batch: b + 1, batches } satisfies FromWorker);
			}
		}
		stats[at + STAT.cpuMs] += threadCpuMs() - cpuStart;
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
				replica.predict(val.images.subarray(lo * size, hi * size), hi - lo, state.valProbs, lo * outputs);
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
	main(port, workerData as WorkerInit).catch((err) =>
		port.postMessage({ type: "error", message: (err as Error)?.stack ?? String(err) } satisfies FromWorker),
	);
}
