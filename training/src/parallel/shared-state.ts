/**
 * The memory every training thread shares: weights, Adam moments, one gradient buffer per worker, a control block
 * (barrier, cancel flag) and per-worker statistics. All of it lives in SharedArrayBuffers, so combining gradients
 * and updating weights never copies through messages.
 */

export type SharedTyped = Float32Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;

/** The same values in a SharedArrayBuffer-backed array of the same type (a no-op when already shared). */
export function toShared<T extends SharedTyped>(array: T): T {
	if (array.buffer instanceof SharedArrayBuffer) return array;
	const Ctor = array.constructor as new (buffer: SharedArrayBuffer) => T;
	const copy = new Ctor(new SharedArrayBuffer(array.byteLength));
	(copy as SharedTyped).set(array as never);
	return copy;
}

/** Where each variable lives in the flat parameter vector (offsets rounded up to 4 floats). */
export interface ParamLayout {
	shapes: number[][];
	offsets: number[];
	sizes: number[];
	total: number;
}

export function paramLayout(shapes: number[][]): ParamLayout {
	const offsets: number[] = [];
	const sizes: number[] = [];
	let total = 0;
	for (const shape of shapes) {
		const size = shape.reduce((a, b) => a * b, 1);
		offsets.push(total);
		sizes.push(size);
		total += Math.ceil(size / 4) * 4;
	}
	return { shapes, offsets, sizes, total };
}

/** Control block indices (Int32Array). */
export const CTL = {
	/** Threads arrived at the current barrier. */
	arrived: 0,
	/** Bumped each time a barrier opens; waiters sleep on it. */
	generation: 1,
	/** Set to 1 by the coordinator to stop the workers at their next step. */
	cancel: 2,
	size: 4,
} as const;

/**
 * Per-worker statistics (Float64Array): loss sum and correct predictions of the current epoch, then milliseconds
 * spent since the pool started on: preparing the share's images, its pass forward and back (with its gradient,
 * or only its deltas in a parameter-sliced step), waiting at barriers, the update of its parameter slice (Adam, and
 * in a parameter-sliced step the slice's gradient over the whole batch first), and loading the new weights; and the thread's CPU time in epochs where the OS tells
 * it (the scaling notes are made from these; CPU below wall time means the thread waited for a core).
 */
export const STAT = {
	loss: 0,
	correct: 1,
	prepareMs: 2,
	gradientMs: 3,
	waitMs: 4,
	updateMs: 5,
	loadMs: 6,
	steps: 7,
	cpuMs: 8,
} as const;
export const STATS_PER_WORKER = 9;

export interface SharedState {
	workers: number;
	layout: ParamLayout;
	/**
	 * One shared WebAssembly memory holds weights, Adam moments, gradients, validation outputs and each worker's
	 * scratch, so the SIMD kernels of every thread work on it in place. It never grows, so views stay valid.
	 */
	memory: WebAssembly.Memory;
	/** Byte addresses in `memory`. */
	at: {
		weights: number;
		m: number;
		v: number;
		grads: number;
		valProbs: number;
		scratch: number;
		scratchBytes: number;
	};
	weights: Float32Array;
	m: Float32Array;
	v: Float32Array;
	/** workers × layout.total: worker w's gradient of its share at [w·total, (w+1)·total). */
	grads: Float32Array;
	/** Validation probabilities (val count × classes), each worker writing its share. */
	valProbs: Float32Array;
	control: Int32Array;
	stats: Float64Array;
	/** The epoch's sample order, written by the coordinator before it starts an epoch. */
	order: Uint32Array;
}

const PAGE = 65536;

export function createSharedState(
	workers: number,
	shapes: number[][],
	trainCount: number,
	valCount: number,
	classes: number,
	scratchBytesPerWorker: number,
	maxPages: number,
): SharedState {
	const layout = paramLayout(shapes);
	let top = 64;
	const alloc = (bytes: number) => {
		const start = top;
		top += Math.ceil(bytes / 64) * 64;
		return start;
	};
	const scratchBytes = Math.ceil(scratchBytesPerWorker / 64) * 64;
	const at = {
		weights: alloc(layout.total * 4),
		m: alloc(layout.total * 4),
		v: alloc(layout.total * 4),
		grads: alloc(layout.total * 4 * workers),
		valProbs: alloc(valCount * classes * 4),
		scratch: alloc(scratchBytes * workers),
		scratchBytes,
	};
	const pages = Math.ceil(top / PAGE);
	if (pages > maxPages)
		throw new Error(
			`training needs ${Math.ceil(top / 2 ** 20)} MB of shared memory; use fewer workers or a smaller model`,
		);
	const memory = new WebAssembly.Memory({ initial: pages, maximum: maxPages, shared: true });
	const view = (address: number, floats: number) => new Float32Array(memory.buffer, address, floats);
	return {
		workers,
		layout,
		memory,
		at,
		weights: view(at.weights, layout.total),
		m: view(at.m, layout.total),
		v: view(at.v, layout.total),
		grads: view(at.grads, layout.total * workers),
		valProbs: view(at.valProbs, valCount * classes),
		control: new Int32Array(new SharedArrayBuffer(CTL.size * 4)),
		stats: new Float64Array(new SharedArrayBuffer(workers * STATS_PER_WORKER * 8)),
		order: new Uint32Array(new SharedArrayBuffer(trainCount * 4)),
	};
}

/** The slice [start, end) of `count` items that part `index` of `parts` owns (sizes differ by at most one). */
export function shareOf(count: number, parts: number, index: number): [number, number] {
	return [Math.floor((count * index) / parts), Math.floor((count * (index + 1)) / parts)];
}

/** Parameter slice a worker reduces and updates: whole groups of 4 floats, so the split never cuts a vector. */
export function paramSliceOf(total: number, parts: number, index: number): [number, number] {
	const [a, b] = shareOf(total / 4, parts, index);
	return [a * 4, b * 4];
}

/** Spins this many times before sleeping in a barrier: a step's wait is usually microseconds. */
const SPINS = 4000;
/** A sleeping waiter re-checks the cancel flag at least this often. */
const WAIT_MS = 50;

/**
 * Waits until all `parties` threads have arrived. Returns false when the coordinator cancelled (then nobody waits
 * for the others any more).
 */
export function barrier(control: Int32Array, parties: number): boolean {
	const generation = Atomics.load(control, CTL.generation);
	if (Atomics.add(control, CTL.arrived, 1) === parties - 1) {
		Atomics.store(control, CTL.arrived, 0);
		Atomics.add(control, CTL.generation, 1);
		Atomics.notify(control, CTL.generation);
		return Atomics.load(control, CTL.cancel) === 0;
	}
	for (let spin = 0; Atomics.load(control, CTL.generation) === generation; spin++) {
		if (Atomics.load(control, CTL.cancel) !== 0) return false;
		if (spin >= SPINS) Atomics.wait(control, CTL.generation, generation, WAIT_MS);
	}
	return Atomics.load(control, CTL.cancel) === 0;
}

/** Wakes every thread that sleeps in a barrier so it sees the cancel flag. */
export function cancelAll(control: Int32Array): void {
	Atomics.store(control, CTL.cancel, 1);
	Atomics.add(control, CTL.generation, 1);
	Atomics.notify(control, CTL.generation);
}
