/**
 * A model's outputs: the digits 0..9 and, for a model trained with pairs, "two digits drawn as one". Free of
 * TensorFlow.js, so the training threads that run DigitLab's kernels can read it without loading it.
 */
import type { TrainingConfig } from "./config";

/** The digits 0..9: outputs 0..9 of every model, in order. */
export const DIGIT_CLASSES = 10;
/** The output "two digits drawn as one" of a model trained with pairs (config.pairs > 0): the one after the digits. */
export const PAIR_OUTPUT = DIGIT_CLASSES;
/** The manifest label of the pair output. */
export const PAIR_LABEL = "pair";

/** How many outputs a model of this config has: the ten digits, and the pair output when it trains on pairs. */
export function outputCount(config: Pick<TrainingConfig, "pairs">): number {
	return config.pairs > 0 ? DIGIT_CLASSES + 1 : DIGIT_CLASSES;
}

/** The manifest labels, one per output: "0".."9", then "pair" when there is a pair output. */
export function outputLabels(config: Pick<TrainingConfig, "pairs">): string[] {
	const digits = Array.from({ length: DIGIT_CLASSES }, (_, i) => String(i));
	return outputCount(config) > DIGIT_CLASSES ? [...digits, PAIR_LABEL] : digits;
}
