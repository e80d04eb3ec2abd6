/**
 * `npm run bench:scaling`: the measurements behind docs/scaling.md, and what they predict for more cores.
 *
 *   compute   one worker's step for its share of a 128-sample batch (MLP-256 on the SIMD kernels, real MNIST digits,
 *             no augmentation), as the trainer takes it (parameter-sliced): the pass forward and back over 128/N rows,
 *             then the gradient of 1/N of the parameters over all 128 rows and its Adam update, for N = 1, 2, 4, 8,
 *             16, each worker's step in turn on this thread, the slowest worker's figures kept (it sets the
 *             pace): thread CPU time (what the step costs) and wall time;
 *   validate  the forward pass over the 6,000 validation images (done once per epoch, split N ways);
 *   barrier   a barrier's own cost: threads that do nothing but meet, as many as there are cores;
 *   model     seconds per epoch with N workers on N free cores = 422 steps × (compute(N) + 2 barriers) + validate / N.
 */
import os from "node:os";
import { loadMnist } from "../../training/src/data/mnist";
import { instantiateKernels, MAX_PAGES } from "../../training/src/kernels/mlp-kernels";
import { adamSlice } from "../../training/src/parallel/adam-shared";
import { inputInk, KernelReplica, kernelScratchBytes, PREDICT_ROWS } from "../../training/src/parallel/kernel-replica";
import { createSharedState, shareOf } from "../../training/src/parallel/shared-state";
import { startWorker } from "../../training/src/worker-thread";
import { load, threadCpu } from "./clock";

const BATCH = 128;
const STEPS_PER_EPOCH = Math.ceil(54000 / BATCH);
const VAL = 6000;
const counts = [1, 2, 4, 8, 16];
const widths = [784, 256, 10];
const shapes = [[784, 256], [256], [256, 10], [10]];
const data = await loadMnist(undefined, 10000, 100);
console.log(
	`bench:scaling — ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? "unknown CPU"}), load average ${load()}`,
);

// compute(N): worker 0 of N, timed on this thread, median of 5 rounds of 200 steps (the minimum would flatter).
const labels = Int32Array.from(data.train.labels.subarray(0, BATCH));
const ink = inputInk(data.train.images, 784);
const compute = new Map<number, { cpu: number; wall: number; slice: number }>();
let replica: KernelReplica | undefined;
let kernels: ReturnType<typeof instantiateKernels> | undefined;
console.log(
	"\ncompute per step, one worker's share (ms):  rows  pass+slice+Adam CPU  wall   (slice gradient + Adam alone)",
);
for (const n of counts) {
	const state = createSharedState(n, shapes, 1, VAL, 10, kernelScratchBytes(widths, PREDICT_ROWS), MAX_PAGES);
	state.weights.forEach((_, i) => (state.weights[i] = (((i * 2654435761) >>> 0) / 2 ** 32 - 0.5) * 0.1));
	kernels = instantiateKernels(state.memory);
	const replicas = Array.from(
		{ length: n },
		(_, w) => new KernelReplica(kernels!, state, w, widths, PREDICT_ROWS, ink),
	);
	// The other workers' shares, once: a worker's slice gradient reads everybody's activations and deltas.
	replicas.forEach((r, w) => {
		const [lo, hi] = shareOf(BATCH, n, w);
		r.input(hi - lo).set(data.train.images.subarray(lo * 784, hi * 784));
		r.sliced.deltas(labels.subarray(lo, hi), hi - lo, BATCH);
	});
	// Every worker's step in turn; the slowest sets the pace (its slice may hold the inkiest pixel rows).
	let slowest = { cpu: 0, wall: 0, slice: 0, worker: 0, rows: 0, parameters: 0 };
	replicas.forEach((r, w) => {
		const [start, end] = r.sliced.slice;
		const [lo, hi] = shareOf(BATCH, n, w);
		const rows = hi - lo;
		let offset = 0;
		const sliceUpdate = () => {
			r.sliced.gradient(BATCH);
			adamSlice(kernels!, state, start, end, 0.001, 10, w);
		};
		const step = () => {
			offset = (offset + rows) % (data.train.count - rows);
			r.input(rows).set(data.train.images.subarray(offset * 784, (offset + rows) * 784));
			r.sliced.deltas(labels.subarray(lo, hi), rows, BATCH);
			sliceUpdate();
		};
		for (let i = 0; i < 50; i++) step();
		const rounds: { cpu: number; wall: number }[] = [];
		for (let k = 0; k < 5; k++) {
			const c0 = threadCpu();
			const t0 = performance.now();
			for (let i = 0; i < 100; i++) step();
			rounds.push({ cpu: (threadCpu() - c0) / 100, wall: (performance.now() - t0) / 100 });
		}
		rounds.sort((a, b) => a.cpu - b.cpu);
		const c0 = threadCpu();
		for (let i = 0; i < 100; i++) sliceUpdate();
		const slice = (threadCpu() - c0) / 100;
		if (rounds[2]!.cpu > slowest.cpu) slowest = { ...rounds[2]!, slice, worker: w, rows, parameters: end - start };
	});
	replica = replicas[0]!;
	compute.set(n, slowest);
	console.log(
		`  N = ${String(n).padStart(2)}                        ${String(slowest.rows).padStart(4)}  ${slowest.cpu.toFixed(3).padStart(8)}        ${slowest.wall.toFixed(3)}  (${slowest.slice.toFixed(3)}; slowest worker ${slowest.worker}, ${slowest.parameters} parameters)   load ${load()}`,
	);
}

// validate: the whole validation set on one thread.
const probs = new Float32Array(VAL * 10);
const v0 = threadCpu();
replica!.predict(data.train.images.subarray(0, VAL * 784), VAL, probs, 0);
const validateMs = threadCpu() - v0;
console.log(`\nvalidation forward pass, ${VAL} images, one thread: ${validateMs.toFixed(1)} ms CPU`);

// barrier: every core's worth of threads meeting 4,000 times, five times over. The fastest trial is the barrier's own
// cost (every thread had a core); the slowest shows what waiting for a descheduled partner costs on this machine now.
const parties = os.availableParallelism();
const rounds = 4000;
const trials: number[] = [];
for (let t = 0; t < 5; t++) {
	const control = new Int32Array(new SharedArrayBuffer(16));
	const perThread = await Promise.all(
		Array.from({ length: parties }, () => {
			const worker = startWorker(new URL("./barrier-worker.ts", import.meta.url), {
				workerData: { control, parties, rounds },
			});
			return new Promise<number>((resolve) =>
				worker.once("message", (us: number) => void worker.terminate().then(() => resolve(us))),
			);
		}),
	);
	trials.push(Math.max(...perThread));
}
const barrierUs = Math.min(...trials);
console.log(
	`barrier, ${parties} threads meeting ${rounds} times, 5 trials: ${trials.map((t) => t.toFixed(1)).join(", ")} µs per barrier; model uses the fastest   load ${load()}`,
);

const one = compute.get(1)!;
const epoch = (n: number) =>
	(STEPS_PER_EPOCH * (compute.get(n)!.cpu + (n > 1 ? (2 * barrierUs) / 1000 : 0)) + validateMs / n) / 1000;
console.log(
	`\nmodel: seconds per epoch on N free cores = ${STEPS_PER_EPOCH} × (compute(N) + 2 barriers) + validation / N`,
);
console.log("   N   s/epoch   speed-up vs 1   efficiency   sync share of a step");
for (const n of counts) {
	const sync = n > 1 ? (2 * barrierUs) / 1000 : 0;
	const speedup = epoch(1) / epoch(n);
	console.log(
		`  ${String(n).padStart(2)}   ${epoch(n).toFixed(2).padStart(6)}     ${speedup.toFixed(2).padStart(5)}×        ${((speedup / n) * 100).toFixed(0).padStart(3)}%        ${((sync / (compute.get(n)!.cpu + sync)) * 100).toFixed(1)}%`,
	);
}
console.log(
	`(1-worker compute ${one.cpu.toFixed(3)} ms CPU per 128-sample step; assumes each worker has a core of its own and the 800 KB first-layer weights stay in the shared cache)`,
);
