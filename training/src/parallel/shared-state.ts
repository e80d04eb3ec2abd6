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

/** Per-worker statistics (Float64Array, 2 slots each): loss sum and correct predictions of the current epoch. */
export const STATS_PER_WORKER = 2;

export interface SharedState {
	workers: number;
	layout: ParamLayout;
	weights: Float32Array;
	m: Float32Array;
	v: Float32Array;
	/** workers × layout.total: worker w's gradient of its share at [w·total, (w+1)·total). */
	grads: Float32Array;
	control: Int32Array;
	stats: Float64Array;
	/** The epoch's sample order, written by the coordinator before it starts an epoch. */
	order: Uint32Array;
	/** Validation probabilities (val count × classes), each worker writing its share. */
	valProbs: Float32Array;
}

const f32 = (n: number) => new Float32Array(new SharedArrayBuffer(n * 4));

export function createSharedState(workers: number, shapes: number[][], trainCount: number, valCount: number, classes: number): SharedState {
	const layout = paramLayout(shapes);
	return {
		workers,
		layout,
		weights: f32(layout.total),
		m: f32(layout.total),
		v: f32(layout.total),
		grads: f32(layout.total * workers),
		control: new Int32Array(new SharedArrayBuffer(CTL.size * 4)),
		stats: new Float64Array(new SharedArrayBuffer(workers * STATS_PER_WORKER * 8)),
		order: new Uint32Array(new SharedArrayBuffer(trainCount * 4)),
		valProbs: f32(valCount * classes),
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
