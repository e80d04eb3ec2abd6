/**
 * Input → board strokes → digits → model, without any Instance. The Roblox edge forwards pointer positions in board
 * units and calls `update()` once per frame; the controller does nothing in a frame without new ink, repaints through
 * `onCells` and reports through `onPrediction` (controller-types.ts).
 *
 * Each frame the strokes are grouped into digits (segment.ts) and only digits whose strokes changed are classified
 * again; the others reuse their cached result (digit-cache.ts). The digit being written keeps its picture and the
 * runtime's incremental state (live-digit.ts), so a new segment usually costs a few input updates. With a frame
 * budget, a pass longer than the budget (a CNN's) goes on over the next frames.
 */
import { BoardSize, Canvas, PenMode, Stroke } from "./canvas";
import { ControllerStats, DEFAULT_THRESHOLD, DIGIT_BOARD_GAP, DigitResult, Prediction } from "./controller-types";
import { DigitCache, digitKey } from "./digit-cache";
import { LiveDigit } from "./live-digit";
import { classLabels, classShares, DigitModel } from "./model";
import { renderDigit } from "./render";
import { DEFAULT_SEGMENT, SegmentOptions, segmentStrokes } from "./segment";
import { chooseWithModel, lineHeight } from "./segment-choice";
import { SegmentReader } from "./segment-reader";
import { DigitInk, lineInks } from "./segment-trim";

export type { ControllerStats, DigitResult, Prediction } from "./controller-types";
export { DEFAULT_THRESHOLD, DIGIT_BOARD_GAP };

function argmax(values: ReadonlyArray<number>): number {
	let best = 0;
	for (let i = 1; i < values.size(); i++) if (values[i] > values[best]) best = i;
	return best;
}

export class Controller {
	/** replaced (never resized) by setBoard */
	canvas: Canvas;
	model: DigitModel | undefined;
	/** confidence below which a digit is "not sure" */
	threshold = DEFAULT_THRESHOLD;
	readonly stats: ControllerStats = {
		fullPasses: 0,
		incrementalPasses: 0,
		incrementalPixels: 0,
		cachedDigits: 0,
		candidatePasses: 0,
		predictions: 0,
	};
	onCells: ((changed: number[]) => void) | undefined;
	onPrediction: ((prediction: Prediction) => void) | undefined;
	mode: PenMode = "draw";
	last: Prediction | undefined;
	/**
	 * Seconds of model work one update may take. The client sets it, so a CNN's pass over the digit being written
	 * goes on in the next frames while the digit shows its previous reading; undefined (the default): every reading
	 * completes in the update that asks for it.
	 */
	frameBudget: number | undefined;

	private seen = -1;
	private readings = new DigitCache();
	/** the digit being written */
	private live = new LiveDigit(this.stats);
	/** reads the digits not being written (segmentation candidates among them) within the frame budget */
	private reader: SegmentReader | undefined;
	private pending = false;
	private pendingFinal = false;

	constructor(canvas: Canvas = new Canvas(), model?: DigitModel) {
		this.canvas = canvas;
		this.model = model;
	}

	/** The board's kind and size in board units (cells), for laying it out. */
	board(): BoardSize {
		return { kind: this.canvas.kind, width: this.canvas.width, height: this.canvas.height };
	}

	/** Swaps the board for an empty one of `size`; the pen, mode, threshold and model stay. Publishes the empty reading. */
	setBoard(size: BoardSize) {
		this.canvas = new Canvas(this.canvas.pen, size);
		this.setModel(this.model);
		this.update(true);
	}

	setModel(model: DigitModel | undefined) {
		this.model = model;
		this.reader = undefined;
		this.live = new LiveDigit(this.stats);
		this.readings.clear();
		this.pending = false;
		this.pendingFinal = false;
		this.seen = -1;
	}

	/** True while a reading spread over frames is unfinished: call update() again next frame, new ink or not. */
	busy(): boolean {
		return this.pending;
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

	/**
	 * Per-frame hook: recomputes when the ink changed since the last prediction (or when forced), or carries an
	 * unfinished pass on (published once it finishes).
	 */
	update(final = false): Prediction | undefined {
		const inked = this.canvas.version !== this.seen;
		if (!inked && !final && !this.pending) return undefined;
		this.seen = this.canvas.version;
		const prediction = this.predict(final || this.pendingFinal);
		if (!inked && !final && this.pending) return undefined;
		this.pendingFinal = this.pending && prediction.final;
		this.last = prediction;
		this.onPrediction?.(prediction);
		return prediction;
	}

	private classify(outputs: number[], input: number[], strokes: ReadonlyArray<Stroke>): DigitResult {
		const { probabilities, pair } = classShares(outputs, this.model?.pairOutput);
		const index = argmax(probabilities);
		const confidence = probabilities[index];
		const label = classLabels(this.model)[index] ?? tostring(index);
		let [x0, x1, y0, y1] = [math.huge, -math.huge, math.huge, -math.huge];
		for (const s of strokes) {
			for (let i = 0; i < s.points.size(); i += 2) {
				x0 = math.min(x0, s.points[i]);
				x1 = math.max(x1, s.points[i]);
				y0 = math.min(y0, s.points[i + 1]);
				y1 = math.max(y1, s.points[i + 1]);
			}
		}
		return {
			index,
			label,
			confidence,
			sure: confidence >= this.threshold,
			probabilities,
			pair,
			input,
			x0,
			x1,
			y0,
			y1,
		};
	}

	/** A digit whose first reading is still being computed: no class, not sure. */
	private unread(input: number[], strokes: ReadonlyArray<Stroke>): DigitResult {
		const blank = new Array<number>(this.model?.outputSize ?? 10, 0);
		return { ...this.classify(blank, input, strokes), index: -1, label: "", confidence: 0, sure: false };
	}

	/**
	 * Segmentation measured against what the player sees (the board pen's inked width). The digit board is for one
	 * digit: there, only digits written well apart (a quarter of their height) make a number.
	 */
	private segmentOptions(): SegmentOptions {
		return {
			...DEFAULT_SEGMENT,
			ink: 2 * this.canvas.pen.radius,
			minGap: this.canvas.kind === "digit" ? DIGIT_BOARD_GAP : 0,
		};
	}

	/**
	 * Strokes → digits, each with the ink the model reads (segment-trim.ts). On the number board the model settles
	 * what geometry cannot (segment-choice.ts): it reads candidate digits through the same per-digit cache, and never
	 * one holding the stroke being drawn, so a frame while writing pays only for candidates it has not read before.
	 * With a frame budget the candidates are read over the next frames (segment-reader.ts); geometry's digits stand
	 * until then.
	 */
	private segment(strokes: ReadonlyArray<Stroke>): DigitInk[] {
		let groups = segmentStrokes(strokes, this.segmentOptions());
		const open = this.canvas.openStroke();
		if (this.canvas.kind === "number" && this.model) {
			// A candidate's reading through the per-digit cache, or undefined while it is not read yet.
			const reading = (candidate: DigitInk): DigitResult | undefined => {
				const key = digitKey(candidate);
				let result = this.readings.find(key);
				if (!result) {
					if (open && candidate.strokes.includes(open)) return undefined;
					const read = this.reader!.read(key, candidate.points, this.frameBudget);
					if (!read) {
						this.pending = true;
						return undefined;
					}
					result = this.classify(read.probabilities, read.input, candidate.strokes);
					this.stats.candidatePasses++;
				}
				this.readings.keep(key, result);
				return result;
			};
			groups = chooseWithModel(
				groups,
				2 * this.canvas.pen.radius,
				(candidate) => reading(candidate)?.confidence,
				undefined,
				open,
				this.model.pairOutput !== undefined ? (candidate) => reading(candidate)?.pair : undefined,
			);
		}
		return lineInks(
			groups.map((g) => g.strokes),
			lineHeight(groups),
			open,
			this.readings.trimmed(),
		);
	}

	private predict(final: boolean): Prediction {
		const digits = new Array<DigitResult>();
		let focus = 0;
		const strokes = this.canvas.strokes;
		this.readings.beginFrame();
		let liveKey: string | undefined;
		this.pending = false;
		if (this.model && strokes.size() > 0) {
			this.stats.predictions++;
			this.reader = this.reader ?? new SegmentReader(this.model);
			this.reader.beginFrame();
			// The digit being written: the one holding the open stroke, else the newest stroke.
			let target = strokes[0];
			for (const s of strokes) if (s.id > target.id) target = s;
			target = this.canvas.openStroke() ?? target;
			const groups = this.segment(strokes);
			groups.forEach((g, i) => {
				const key = digitKey(g);
				const live = g.strokes.includes(target);
				if (live) {
					focus = i;
					liveKey = key;
				}
				let result = this.readings.find(key);
				let unfinished = false;
				if (result) {
					this.stats.cachedDigits++;
				} else if (live) {
					// The group's oldest stroke names it: the model's choice may list a group's strokes in any order.
					let first = g.strokes[0].id;
					for (const s of g.strokes) first = math.min(first, s.id);
					const [probabilities, input, current] = this.live.read(
						this.model!,
						first,
						g.points,
						this.frameBudget,
						this.reader!,
					);
					this.reader!.spent();
					if (probabilities)
						this.live.reading = { first, result: this.classify(probabilities, input, g.strokes) };
					// Until its pass finishes, the digit shows its own previous reading, never another digit's.
					const shown = this.live.reading;
					result = shown?.first === first ? shown.result : this.unread(input, g.strokes);
					unfinished = !current;
					if (unfinished) this.pending = true;
				} else {
					const reading = this.reader!.read(key, g.points, this.frameBudget);
					if (reading) {
						result = this.classify(reading.probabilities, reading.input, g.strokes);
						this.stats.fullPasses++;
					} else {
						result = this.unread(renderDigit(g.points).input, g.strokes);
						unfinished = true;
						this.pending = true;
					}
				}
				if (!unfinished) this.readings.keep(key, result);
				digits.push({ ...result, sure: result.index >= 0 && result.confidence >= this.threshold });
			});
		}
		this.readings.endFrame(liveKey);
		const text = digits.map((d) => (d.sure ? d.label : "?")).join("");
		return { digits, text, focus, final };
	}
}
