/**
 * Input → board strokes → digits → model, without any Instance. The Roblox edge forwards pointer positions in board
 * units and calls `update()` once per frame; the controller does nothing in a frame without new ink, repaints through
 * `onCells` and reports through `onPrediction`.
 *
 * Each frame the strokes are grouped into digits (segment.ts) and only digits whose strokes changed are classified
 * again; the others reuse their cached result. The digit being written keeps its picture (render.ts, DigitImage)
 * and the runtime's incremental first layer: while its box holds still a new segment costs a few input updates;
 * when the box moves it is a full pass.
 */
import { BoardSize, Canvas, PenMode, Stroke } from "./canvas";
import { DigitModel, IncrementalState } from "./model";
import { DigitImage, renderDigit } from "./render";
import { DEFAULT_SEGMENT, SegmentOptions, segmentStrokes } from "./segment";

export interface DigitResult {
	/** 0-based class index and its label */
	index: number;
	label: string;
	confidence: number;
	sure: boolean;
	probabilities: number[];
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
	predictions: number;
}

export const DEFAULT_THRESHOLD = 0.6;
/** On the digit board, digits make a number only when their inks are this many line heights apart. */
export const DIGIT_BOARD_GAP = 0.25;

function argmax(values: ReadonlyArray<number>): number {
	let best = 0;
	for (let i = 1; i < values.size(); i++) if (values[i] > values[best]) best = i;
	return best;
}

/** Identifies a digit's exact ink: its strokes and how many points each has. */
function digitKey(strokes: ReadonlyArray<Stroke>): string {
	return strokes.map((s) => `${s.id}:${s.points.size()}`).join(",");
}

export class Controller {
	readonly canvas: Canvas;
	model: DigitModel | undefined;
	/** confidence below which a digit is "not sure" */
	threshold = DEFAULT_THRESHOLD;
	readonly stats: ControllerStats = { fullPasses: 0, incrementalPasses: 0, incrementalPixels: 0, cachedDigits: 0, predictions: 0 };
	onCells: ((changed: number[]) => void) | undefined;
	onPrediction: ((prediction: Prediction) => void) | undefined;
	mode: PenMode = "draw";
	last: Prediction | undefined;

	private seen = -1;
	private cache = new Map<string, DigitResult>();
	private live = new DigitImage();
	private inc: IncrementalState | undefined;

	constructor(canvas: Canvas = new Canvas(), model?: DigitModel) {
		this.canvas = canvas;
		this.model = model;
	}

	/** The board's kind and size in board units (cells), for laying it out. */
	board(): BoardSize {
		return { kind: this.canvas.kind, width: this.canvas.width, height: this.canvas.height };
	}

	setModel(model: DigitModel | undefined) {
		this.model = model;
		this.inc = undefined;
		this.live = new DigitImage();
		this.cache.clear();
		this.seen = -1;
	}

	private changed(cells: number[]) {
		if (cells.size() > 0) this.onCells?.(cells);
	}

	/** Pointer down at (x, y) in board units. */
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
		if (this.canvas.version === this.seen && !final) return undefined;
		this.seen = this.canvas.version;
		const prediction = this.predict(final);
		this.last = prediction;
		this.onPrediction?.(prediction);
		return prediction;
	}

	private classify(probabilities: number[], input: number[], strokes: ReadonlyArray<Stroke>): DigitResult {
		const index = argmax(probabilities);
		const confidence = probabilities[index];
		const label = this.model?.labels[index] ?? tostring(index);
		let [x0, x1, y0, y1] = [math.huge, -math.huge, math.huge, -math.huge];
		for (const s of strokes) {
			for (let i = 0; i < s.points.size(); i += 2) {
				x0 = math.min(x0, s.points[i]);
				x1 = math.max(x1, s.points[i]);
				y0 = math.min(y0, s.points[i + 1]);
				y1 = math.max(y1, s.points[i + 1]);
			}
		}
		return { index, label, confidence, sure: confidence >= this.threshold, probabilities, input, x0, x1, y0, y1 };
	}

	/** The digit being written: its kept picture, incremental while its frame holds, a full pass when it moved. */
	private predictLive(points: ReadonlyArray<ReadonlyArray<number>>): LuaTuple<[number[], number[]]> {
		const model = this.model!;
		const change = this.live.update(points);
		const input = this.live.input;
		if (!this.inc || change.kind === "full") {
			this.inc = this.inc ?? model.incremental();
			this.inc.reset(input);
			this.stats.fullPasses++;
		} else if (change.kind === "partial") {
			for (const i of change.changed) this.inc.set(i + 1, input[i]);
			this.stats.incrementalPasses++;
			this.stats.incrementalPixels += change.changed.size();
		}
		return $tuple(this.inc.predict(), table.clone(input));
	}

	/**
	 * Segmentation measured against what the player sees (the board pen's inked width). The digit board is for one
	 * digit: there, only digits written well apart (a quarter of their height) make a number.
	 */
	private segmentOptions(): SegmentOptions {
		return { ...DEFAULT_SEGMENT, ink: 2 * this.canvas.pen.radius, minGap: this.canvas.kind === "digit" ? DIGIT_BOARD_GAP : 0 };
	}

	private predict(final: boolean): Prediction {
		const digits = new Array<DigitResult>();
		let focus = 0;
		const strokes = this.canvas.strokes;
		const previous = this.cache;
		const cache = new Map<string, DigitResult>();
		if (this.model && strokes.size() > 0) {
			this.stats.predictions++;
			// The digit being written: the one holding the open stroke, else the newest stroke.
			let target = strokes[0];
			for (const s of strokes) if (s.id > target.id) target = s;
			target = this.canvas.openStroke() ?? target;
			const groups = segmentStrokes(strokes, this.segmentOptions());
			groups.forEach((g, i) => {
				const key = digitKey(g.strokes);
				const live = g.strokes.includes(target);
				if (live) focus = i;
				let result = previous.get(key);
				if (result) {
					this.stats.cachedDigits++;
				} else if (live) {
					const [probabilities, input] = this.predictLive(g.strokes.map((s) => s.points));
					result = this.classify(probabilities, input, g.strokes);
				} else {
					const { input } = renderDigit(g.strokes.map((s) => s.points));
					result = this.classify(this.model!.predict(input), input, g.strokes);
					this.stats.fullPasses++;
				}
				cache.set(key, result);
				digits.push({ ...result, sure: result.confidence >= this.threshold });
			});
		}
		this.cache = cache;
		const text = digits.map((d) => (d.sure ? d.label : "?")).join("");
		return { digits, text, focus, final };
	}
}
