/**
 * Input → canvas → preprocessing → model, without any Instance. The Roblox edge forwards pointer positions in cell
 * units and calls `update()` once per frame; the controller recomputes only when the ink changed, repaints through
 * `onCells` and reports through `onPrediction`.
 *
 * A single digit goes through the Runtime's incremental first layer while the preprocessing frame (crop, scale and
 * shift) stays put, so a stroke that adds a few cells costs a few column updates; any frame change is a full pass.
 */
import { Canvas, PenMode } from "./canvas";
import { DigitModel, IncrementalState } from "./model";
import { Frame, frameEquals, preprocess } from "./preprocess";
import { segment } from "./segment";

export interface DigitResult {
	/** 0-based class index and its label */
	index: number;
	label: string;
	confidence: number;
	sure: boolean;
	probabilities: number[];
	/** what the model saw (784 values) */
	input: number[];
}

export interface Prediction {
	/** left to right; empty when nothing is drawn */
	digits: DigitResult[];
	/** e.g. "427"; a digit below the threshold shows as "?" */
	text: string;
	/** which digit the grid shows: the one touched last */
	focus: number;
	/** true after a stroke ended (or undo/clear), false for live updates while drawing */
	final: boolean;
}

export interface ControllerStats {
	fullPasses: number;
	incrementalPasses: number;
	/** pixels handed to inc:set */
	incrementalPixels: number;
	predictions: number;
}

export const DEFAULT_THRESHOLD = 0.6;

function argmax(values: ReadonlyArray<number>): number {
	let best = 0;
	for (let i = 1; i < values.size(); i++) if (values[i] > values[best]) best = i;
	return best;
}

export class Controller {
	readonly canvas: Canvas;
	model: DigitModel | undefined;
	/** confidence below which a digit is "not sure" */
	threshold = DEFAULT_THRESHOLD;
	readonly stats: ControllerStats = { fullPasses: 0, incrementalPasses: 0, incrementalPixels: 0, predictions: 0 };
	onCells: ((changed: number[]) => void) | undefined;
	onPrediction: ((prediction: Prediction) => void) | undefined;
	mode: PenMode = "draw";
	last: Prediction | undefined;

	private dirty = false;
	private lastCell = -1;
	private inc: IncrementalState | undefined;
	private incFrame: Frame | undefined;
	private incInput: number[] | undefined;

	constructor(canvas: Canvas = new Canvas(), model?: DigitModel) {
		this.canvas = canvas;
		this.model = model;
	}

	setModel(model: DigitModel | undefined) {
		this.model = model;
		this.inc = undefined;
		this.incFrame = undefined;
		this.dirty = true;
	}

	private changed(cells: number[]) {
		if (cells.size() === 0) return;
		this.dirty = true;
		this.lastCell = cells[cells.size() - 1];
		this.onCells?.(cells);
	}

	/** Pointer down at (x, y) in cell units. */
	begin(x: number, y: number) {
		this.changed(this.canvas.beginStroke(x, y, this.mode));
	}

	move(x: number, y: number) {
		if (this.canvas.isDrawing()) this.changed(this.canvas.extendStroke(x, y));
	}

	/** Pointer up: closes the stroke and publishes the final prediction at once. */
	finish() {
		if (!this.canvas.isDrawing()) return;
		this.canvas.endStroke();
		this.update(true);
	}

	undo() {
		this.changed(this.canvas.undo());
		this.update(true);
	}

	clear() {
		this.changed(this.canvas.clear());
		this.update(true);
	}

	/** Per-frame hook: recomputes when the ink changed since the last prediction (or when forced). */
	update(final = false): Prediction | undefined {
		if (!this.dirty && !final) return undefined;
		this.dirty = false;
		const prediction = this.predict(final);
		this.last = prediction;
		this.onPrediction?.(prediction);
		return prediction;
	}

	private classify(probabilities: number[], input: number[]): DigitResult {
		const index = argmax(probabilities);
		const confidence = probabilities[index];
		const label = this.model?.labels[index] ?? tostring(index);
		return { index, label, confidence, sure: confidence >= this.threshold, probabilities, input };
	}

	/** The single-digit path: incremental while the frame holds, a full pass when it moved. */
	private predictOne(pixels: number[]): DigitResult {
		const model = this.model!;
		const { input, frame } = preprocess(pixels);
		const previous = this.incInput;
		if (this.inc && previous && frameEquals(frame, this.incFrame)) {
			let updates = 0;
			for (let i = 0; i < input.size(); i++) {
				if (input[i] !== previous[i]) {
					this.inc.set(i + 1, input[i]);
					updates++;
				}
			}
			this.stats.incrementalPasses++;
			this.stats.incrementalPixels += updates;
		} else {
			this.inc = this.inc ?? model.incremental();
			this.inc.reset(input);
			this.stats.fullPasses++;
		}
		this.incFrame = frame;
		this.incInput = input;
		return this.classify(this.inc.predict(), input);
	}

	private predict(final: boolean): Prediction {
		const digits = new Array<DigitResult>();
		let focus = 0;
		if (this.model && !this.canvas.isEmpty()) {
			this.stats.predictions++;
			const segments = segment(this.canvas.pixels);
			if (segments.size() <= 1) {
				// A lone stroke too small to count as a digit yet still gets a live guess.
				digits.push(this.predictOne(segments.size() === 1 ? segments[0].pixels : this.canvas.pixels));
			} else {
				this.incFrame = undefined;
				segments.forEach((s, i) => {
					const { input } = preprocess(s.pixels);
					digits.push(this.classify(this.model!.predict(input), input));
					this.stats.fullPasses++;
					if (this.lastCell >= 0 && s.pixels[this.lastCell] > 0) focus = i;
				});
			}
		}
		const text = digits.map((d) => (d.sure ? d.label : "?")).join("");
		return { digits, text, focus, final };
	}
}
