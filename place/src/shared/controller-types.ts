/**
 * What the controller (controller.ts) reports, what it counts, and the defaults it reads with. The client's views
 * take these shapes from the controller, which re-exports them.
 */

export interface DigitResult {
	/** 0-based class index and its label; -1 and "" while a digit's first reading is still being computed */
	index: number;
	label: string;
	confidence: number;
	sure: boolean;
	/** one per class (a model's pair output left out, the rest as shares of the classes' probability) */
	probabilities: number[];
	/** the model's probability that this ink is two digits drawn as one (0 when it has no pair output) */
	pair: number;
	/** what the model saw (784 values) */
	input: number[];
	/** the digit's box on the board, in board units */
	x0: number;
	x1: number;
	y0: number;
	y1: number;
}

export interface Prediction {
	/** left to right; empty when nothing is drawn */
	digits: DigitResult[];
	/** e.g. "427"; a digit below the threshold shows as "?" */
	text: string;
	/** which digit the grid shows: the one written last */
	focus: number;
	/** true after a stroke ended (or undo/clear), false for live updates while drawing */
	final: boolean;
}

export interface ControllerStats {
	/** model passes over a whole input */
	fullPasses: number;
	/** incremental first-layer passes (a few changed inputs) */
	incrementalPasses: number;
	/** pixels handed to inc:set */
	incrementalPixels: number;
	/** digits whose cached result was reused because their strokes had not changed */
	cachedDigits: number;
	/** full passes over segmentation candidates the model was asked to judge (number board; see segment-choice.ts) */
	candidatePasses: number;
	predictions: number;
}

export const DEFAULT_THRESHOLD = 0.6;
/** On the digit board, digits make a number only when their inks are this many line heights apart. */
export const DIGIT_BOARD_GAP = 0.25;
