import * as tf from "@tensorflow/tfjs";
import { Adam } from "./adam";
import { createAugmenter, prepareAugment } from "./augment";
import type { TrainingConfig } from "./config";
import type { ImageSet } from "./data/mnist";
import { permutation } from "./data/mnist";
import { lossAndAccuracy, predictProbabilities } from "./evaluate";
import type { BatchEvent, EpochEvent, TrainingEvent } from "./events";
import { modelInputShape, NUM_CLASSES } from "./model";
import { FunctionalNet } from "./net";
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
}

export function abortError(): Error {
	return new DOMException("training was cancelled", "AbortError");
}

const BATCH_EVENT_MS = 100;
const YIELD_MS = 50;

/** Runs one epoch; reports batches through `onBatch`; returns mean training loss and accuracy. */
type EpochRunner = (epoch: number, onBatch: (batch: number, batches: number, loss: number, accuracy: number) => Promise<void>) => Promise<{ loss: number; accuracy: number }>;

function fastRunner(model: tf.LayersModel, train: ImageSet, config: TrainingConfig, random: () => number): { run: EpochRunner; adam: Adam } {
	const net = new FunctionalNet(model);
	const adam = new Adam(net.variables, config.learningRate);
	const shape = modelInputShape(model);
	const size = train.height * train.width;
	const batchSize = Math.min(config.batchSize, train.count);
	const batchImages = new Float32Array(batchSize * size);
	const labels = new Int32Array(batchSize);
	const augment = config.augment ? createAugmenter(train, prepareAugment(train)) : undefined;
	const run: EpochRunner = async (epoch, onBatch) => {
		adam.learningRate = config.learningRate * config.learningRateDecay ** (epoch - 1);
		const order = permutation(train.count, random);
		const batches = Math.ceil(train.count / batchSize);
		let lossSum = 0;
		let correctSum = 0;
		for (let b = 0; b < batches; b++) {
			const start = b * batchSize;
			const n = Math.min(batchSize, train.count - start);
			const indices = order.subarray(start, start + n);
			for (let k = 0; k < n; k++) labels[k] = train.labels[indices[k]!]!;
			if (augment) augment(indices, n, batchImages, random);
			else for (let k = 0; k < n; k++) batchImages.set(train.images.subarray(indices[k]! * size, (indices[k]! + 1) * size), k * size);
			const [loss, correct] = tf.tidy(() => {
				const x = tf.tensor(batchImages.subarray(0, n * size), [n, ...shape]);
				const y = tf.oneHot(tf.tensor1d(labels.subarray(0, n), "int32"), NUM_CLASSES);
				let hits: tf.Tensor | undefined;
				const { value, grads } = tf.variableGrads(() => {
					const logits = net.logits(x);
					hits = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(y, 1)), "float32")));
					return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
				}, net.variables);
				adam.apply(net.variables.map((v) => grads[v.name]!));
				return [value.dataSync()[0]!, hits!.dataSync()[0]!];
			});
			lossSum += loss * n;
			correctSum += correct;
			await onBatch(b + 1, batches, lossSum / (start + n), correctSum / (start + n));
		}
		return { loss: lossSum / train.count, accuracy: correctSum / train.count };
	};
	return { run, adam };
}

/** Plain `model.fit`, one epoch per call: the naive baseline the benchmark compares against. */
function fitRunner(model: tf.LayersModel, train: ImageSet, config: TrainingConfig): { run: EpochRunner; dispose: () => void } {
	model.compile({ optimizer: tf.train.adam(config.learningRate), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
	const shape = modelInputShape(model);
	const xs = tf.tensor(train.images, [train.count, ...shape]);
	const ys = tf.oneHot(tf.tensor1d(Int32Array.from(train.labels), "int32"), NUM_CLASSES);
	const batches = Math.ceil(train.count / config.batchSize);
	const run: EpochRunner = async (_epoch, onBatch) => {
		const h = await model.fit(xs, ys, {
			epochs: 1,
			batchSize: config.batchSize,
			shuffle: true,
			verbose: 0,
			callbacks: { onBatchEnd: async (batch, logs) => onBatch(batch + 1, batches, Number(logs?.loss), Number(logs?.acc)) },
		});
		return { loss: Number(h.history.loss![0]), accuracy: Number((h.history.acc ?? h.history.accuracy)![0]) };
	};
	return { run, dispose: () => tf.dispose([xs, ys]) };
}

/**
 * Trains `model` in place: epochs with validation after each, early stopping on validation loss with
 * the best weights restored, cancellation through `hooks.signal`.
 */
export async function trainModel(model: tf.LayersModel, train: ImageSet, val: ImageSet, config: TrainingConfig, hooks: TrainHooks = {}): Promise<TrainOutcome> {
	const random = createRandom(config.seed ^ 0x5eed);
	const runner = config.trainer === "fit" ? fitRunner(model, train, config) : fastRunner(model, train, config, random);
	const started = performance.now();
	const history: EpochEvent[] = [];
	let best = { epoch: 0, loss: Infinity, accuracy: 0 };
	let bestWeights: tf.Tensor[] | undefined;
	let wait = 0;
	let stoppedEarly = false;
	let lastBatchEvent = 0;
	let lastYield = performance.now();
	const onBatch = async (epoch: number, batch: number, batches: number, loss: number, accuracy: number): Promise<void> => {
		const now = performance.now();
		if (hooks.onEvent && (now - lastBatchEvent >= BATCH_EVENT_MS || batch === batches)) {
			lastBatchEvent = now;
			const e: BatchEvent = { type: "batch", epoch, epochs: config.epochs, batch, batches, loss, accuracy };
			hooks.onEvent(e);
		}
		// Yield now and then so a worker can receive the cancel message (and the CLI can redraw).
		if (now - lastYield >= YIELD_MS) {
			await new Promise((resolve) => setImmediate(resolve));
			lastYield = performance.now();
		}
		if (hooks.signal?.aborted) throw abortError();
	};
	try {
		for (let epoch = 1; epoch <= config.epochs; epoch++) {
			if (hooks.signal?.aborted) throw abortError();
			const t0 = performance.now();
			const fitted = await runner.run(epoch, (b, n, l, a) => onBatch(epoch, b, n, l, a));
			const v = lossAndAccuracy(predictProbabilities(model, val), val.labels);
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
				tf.dispose(bestWeights);
				bestWeights = model.getWeights().map((w) => tf.clone(w));
				wait = 0;
			} else if (config.patience > 0 && ++wait >= config.patience) {
				stoppedEarly = true;
				hooks.log?.(`early stop after epoch ${epoch}: validation loss has not improved for ${config.patience} epochs (best: epoch ${best.epoch})`);
				break;
			}
		}
		if (bestWeights && best.epoch !== history.length) {
			model.setWeights(bestWeights);
			hooks.log?.(`restored the weights of epoch ${best.epoch} (lowest validation loss ${best.loss.toFixed(4)})`);
		}
	} finally {
		tf.dispose(bestWeights);
		if ("adam" in runner) runner.adam.dispose();
		else runner.dispose();
	}
	return { history, bestEpoch: best.epoch, valLoss: best.loss, valAccuracy: best.accuracy, stoppedEarly, seconds: (performance.now() - started) / 1000 };
}
