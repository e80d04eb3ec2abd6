/** What a worker needs from its copy of the model, whichever engine computes it. */
export interface Replica {
	/** Where the share's images go (row-major, `rows` rows), before `gradient`. */
	input(rows: number): Float32Array;
	/** Makes the replica see the current shared weights (a no-op when it reads them in place). */
	loadWeights(): void;
	/**
	 * Gradient of (sum of the share's cross-entropy) / `batchTotal` into this worker's gradient buffer, so the workers'
	 * buffers add up to the gradient of the whole batch's mean loss. Returns the share's loss sum and correct count.
	 */
	gradient(labels: Int32Array, count: number, batchTotal: number): { lossSum: number; correct: number };
	/** Class probabilities of `count` images into `out` at `outOffset`. */
	predict(images: Float32Array, count: number, out: Float32Array, outOffset: number): void;
	/** Present when the replica takes parameter-sliced steps instead of summing whole gradient buffers. */
	readonly sliced?: SlicedSteps;
}

/**
 * A step in two halves around a barrier. First each worker runs its share of the batch forward and back, leaving
 * activations and deltas in shared memory (`deltas`); then each computes the gradient of its own slice of the
 * parameters over the whole batch from everybody's (`gradient`), into its own buffer, and updates that slice. No
 * worker sums other workers' gradient buffers, and the sums run over the batch in order: the gradient has the same
 * bits whatever the number of workers.
 */
export interface SlicedSteps {
	/** This worker's parameters [start, end) in the flat parameter vector. */
	readonly slice: readonly [number, number];
	/** Like Replica.gradient, but leaves only the deltas (no gradient buffer is written). */
	deltas(labels: Int32Array, count: number, batchTotal: number): { lossSum: number; correct: number };
	/** The slice's gradient over the whole batch of `batchTotal` rows, once every worker's `deltas` is done. */
	gradient(batchTotal: number): void;
}

/**
 * Mean cross-entropy pieces from logits, in place: turns row s of `logits` into dLoss/dlogits / batchTotal. With
 * `smoothing` ε the target is (1 − ε)·one-hot + ε/classes; the returned loss stays the plain cross-entropy, so it
 * compares with the validation loss.
 */
export function softmaxCrossEntropyRows(
	logits: Float32Array,
	labels: Int32Array,
	count: number,
	classes: number,
	batchTotal: number,
	smoothing = 0,
): { lossSum: number; correct: number } {
	const [hit, spread] = [1 - smoothing, smoothing / classes];
	let lossSum = 0;
	let correct = 0;
	for (let s = 0; s < count; s++) {
		const row = s * classes;
		let max = -Infinity;
		let best = 0;
		for (let c = 0; c < classes; c++) {
			if (logits[row + c]! > max) {
				max = logits[row + c]!;
				best = c;
			}
		}
		let sum = 0;
		for (let c = 0; c < classes; c++) sum += Math.exp(logits[row + c]! - max);
		const label = labels[s]!;
		lossSum += Math.log(sum) - (logits[row + label]! - max);
		if (best === label) correct++;
		for (let c = 0; c < classes; c++)
			logits[row + c] = (Math.exp(logits[row + c]! - max) / sum - (c === label ? hit : 0) - spread) / batchTotal;
	}
	return { lossSum, correct };
}

/** Softmax of each row, in place. */
export function softmaxRows(logits: Float32Array, count: number, classes: number): void {
	for (let s = 0; s < count; s++) {
		const row = s * classes;
		let max = -Infinity;
		for (let c = 0; c < classes; c++) max = Math.max(max, logits[row + c]!);
		let sum = 0;
		for (let c = 0; c < classes; c++) sum += Math.exp(logits[row + c]! - max);
		for (let c = 0; c < classes; c++) logits[row + c] = Math.exp(logits[row + c]! - max) / sum;
	}
}
