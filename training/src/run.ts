import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "./backend";
import { modelName, TrainingConfigSchema, type TrainingConfig, type TrainingConfigInput } from "./config";
import { loadMnist, splitValidation, type ImageSet } from "./data/mnist";
import { evaluateModel, type Evaluation } from "./evaluate";
import type { EpochEvent, TrainingEvent } from "./events";
import { exportModel } from "./export/exporter";
import { modelFromArtifact } from "./export/reader";
import type { Artifact } from "./export/types";
import { createModel, outputLabels, PAIR_OUTPUT } from "./model";
import type { EngineChoice } from "./parallel/engine";
import { createRandom } from "./rng";
import { abortError, describeEngine, resolveWorkers, trainModel, type TrainHooks } from "./trainer";

export type { Artifact } from "./export/types";
export type { TrainHooks } from "./trainer";

export interface Summary {
	name: string;
	config: TrainingConfig;
	backend: string;
	backendNotes: string[];
	trainSize: number;
	valSize: number;
	testSize: number;
	history: EpochEvent[];
	bestEpoch: number;
	stoppedEarly: boolean;
	valLoss: number;
	valAccuracy: number;
	/** Accuracy of the exported weights (int8 when quantized) on the test set. */
	testAccuracy: number;
	/** Accuracy of the trained float32 model, before quantization. */
	floatTestAccuracy: number;
	perClass: number[];
	confusion: number[][];
	/**
	 * Test digits the exported weights read as "two digits drawn as one" (the pair output the largest): accuracy
	 * counts the best digit, so these are not errors there, but a board would take them for two digits.
	 */
	testPairReadings: number;
	trainSeconds: number;
	/** Worker threads that trained the model (0: `model.fit`). */
	workers: number;
	export: { modules: number; chars: number; bytes: number };
	createdAt: string;
}

export interface TrainingResult {
	artifact: Artifact;
	summary: Summary;
}

const GOLDEN_DIGITS = 3;

function goldenInputs(test: ImageSet): Float32Array {
	const size = test.height * test.width;
	return test.images.slice(0, Math.min(GOLDEN_DIGITS, test.count) * size);
}

/**
 * Pairs come from the fast trainer's augmenter only: a job without augmentation, or on `model.fit`, would give the
 * model a pair output that never saw a pair. Such a job trains without pairs (10 outputs); `note` says why.
 */
export function withUsablePairs(config: TrainingConfig): { config: TrainingConfig; note?: string } {
	if (config.pairs === 0 || (config.trainer === "fast" && config.augment)) return { config };
	const why = config.trainer === "fit" ? "the fit trainer does not augment" : "augmentation is off";
	return {
		config: { ...config, pairs: 0 },
		note: `pairs ${config.pairs} not used: two-digit pictures come from the augmentation and ${why}; training a model with 10 outputs and no pair output (pairs 0)`,
	};
}

/**
 * One whole job: backend, data, model, training, evaluation, export. Pure (no HTTP, no process exit, output only
 * through hooks), so the bridge can run it in a worker thread and the CLI in the foreground.
 */
export interface RunOptions {
	/** Run the training worker threads below normal priority (the bridge does, to keep its HTTP thread responsive). */
	lowerPriority?: boolean;
	/** What computes the steps: DigitLab's kernels (default) or TF.js in every worker (the CNN's former engine). */
	engine?: EngineChoice;
}

export async function runTraining(
	input: TrainingConfig | TrainingConfigInput,
	hooks: TrainHooks = {},
	options: RunOptions = {},
): Promise<TrainingResult> {
	const log = hooks.log ?? (() => {});
	const { config, note } = withUsablePairs(TrainingConfigSchema.parse(input));
	if (note) log(note);
	const { backend, notes } = await selectBackend(config.backend);
	for (const n of notes) log(`backend ${n}`);
	if (hooks.signal?.aborted) throw abortError();
	const data = await loadMnist(config.dataset, config.trainSamples, config.testSamples);
	const { train, val } = splitValidation(data.train, config.validationSplit, createRandom(config.seed));
	const workers = config.trainer === "fit" ? 0 : resolveWorkers(config);
	hooks.onEvent?.({
		type: "started",
		backend,
		backendNotes: notes,
		config,
		trainSize: train.count,
		valSize: val.count,
		testSize: data.test.count,
		workers,
		engine: describeEngine(config, backend, workers, options.engine),
	});

	const model = createModel(config);
	let exported: tf.LayersModel | undefined;
	try {
		const outcome = await trainModel(model, train, val, config, hooks, {
			workers: Math.max(1, workers),
			lowerPriority: options.lowerPriority,
			engine: options.engine,
		});
		const float = evaluateModel(model, data.test);
		const name = modelName(config);
		const createdAt = new Date().toISOString();
		const build = (metrics: Evaluation) =>
			exportModel(model, {
				name,
				quantization: config.quantization,
				backend,
				createdAt,
				metrics: {
					testAccuracy: metrics.testAccuracy,
					floatTestAccuracy: float.testAccuracy,
					valAccuracy: outcome.valAccuracy,
					perClass: metrics.perClass,
				},
				training: {
					...config,
					dataset: undefined,
					bestEpoch: outcome.bestEpoch,
					epochsRun: outcome.history.length,
				},
				goldenInputs: goldenInputs(data.test),
				labels: outputLabels(config),
				pairOutput: config.pairs > 0 ? PAIR_OUTPUT : undefined,
			});
		let artifact = build(float);
		let final = float;
		if (config.quantization === "int8") {
			// Report what the exported (dequantized) weights do, not what the float model did.
			exported = modelFromArtifact(artifact);
			final = evaluateModel(exported, data.test);
			artifact = build(final);
		}
		const event: TrainingEvent = {
			type: "evaluated",
			testAccuracy: final.testAccuracy,
			perClass: final.perClass,
			confusion: final.confusion,
		};
		hooks.onEvent?.(event);
		const chars = artifact.modules.reduce((a, m) => a + m.source.length, 0);
		const exportInfo = { modules: artifact.modules.length, chars, bytes: artifact.manifest.payload.bytes };
		hooks.onEvent?.({ type: "exported", ...exportInfo });
		const summary: Summary = {
			name,
			config,
			backend,
			backendNotes: notes,
			trainSize: train.count,
			valSize: val.count,
			testSize: data.test.count,
			history: outcome.history,
			bestEpoch: outcome.bestEpoch,
			stoppedEarly: outcome.stoppedEarly,
			valLoss: outcome.valLoss,
			valAccuracy: outcome.valAccuracy,
			testAccuracy: final.testAccuracy,
			floatTestAccuracy: float.testAccuracy,
			perClass: final.perClass,
			confusion: final.confusion,
			testPairReadings: final.pairReadings,
			trainSeconds: outcome.seconds,
			workers: outcome.workers,
			export: exportInfo,
			createdAt,
		};
		return { artifact, summary };
	} finally {
		model.dispose();
		exported?.dispose();
	}
}
