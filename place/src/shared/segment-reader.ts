/**
 * The model's readings of digits that are not being written (segmentation candidates, segment-choice.ts, and a digit
 * an undo or the eraser changed), inside the client's frame budget. Without a budget a reading completes when asked.
 * With one, a reading starts only while the frame has time left (or nothing else ran this frame, so every frame makes
 * progress) and a pass longer than what is left (a CNN's) goes on in the next frames, on an incremental state of its
 * own so it never disturbs the digit being written. One reading at a time: asked for another meanwhile, the reader
 * declines, and the caller shows what it had (geometry's digits, a digit without a reading) and asks again next
 * frame. A reading nobody asked for in a whole frame (its ink changed) is dropped.
 */
import type { DigitModel, IncrementalState } from "./model";
import { Points, renderDigit } from "./render";

export interface Reading {
	probabilities: number[];
	/** what the model saw (784 values) */
	input: number[];
}

export class SegmentReader {
	private state: IncrementalState | undefined;
	private current: { key: string; input: number[] } | undefined;
	private asked = false;
	private started = 0;
	private worked = false;

	constructor(private readonly model: DigitModel) {}

	/** Starts a frame's accounting; a reading not asked for during the last frame is dropped. */
	beginFrame() {
		if (!this.asked) this.current = undefined;
		this.asked = false;
		this.started = os.clock();
		this.worked = false;
	}

	/** Marks model work done outside the reader this frame (the digit being written). */
	spent() {
		this.worked = true;
	}

	/** Seconds left of `budget` in this frame (never negative). */
	left(budget: number): number {
		return math.max(0, budget - (os.clock() - this.started));
	}

	/**
	 * The reading of the digit these strokes' points make (`key` names their exact ink), or undefined when it is not
	 * finished within `budget` seconds of this frame's model work (undefined: no budget).
	 */
	read(key: string, points: ReadonlyArray<Points>, budget: number | undefined): Reading | undefined {
		if (budget === undefined) {
			const { input } = renderDigit(points);
			return { probabilities: this.model.predict(input), input };
		}
		if (this.current && this.current.key !== key) return undefined;
		this.asked = true;
		const left = this.left(budget);
		if (this.worked && left <= 0) return undefined;
		this.worked = true;
		if (!this.current) {
			const { input } = renderDigit(points);
			this.state = this.state ?? this.model.incremental();
			this.state.reset(input);
			this.current = { key, input };
		}
		const state = this.state!;
		const probabilities = state.advance !== undefined ? state.advance(left)[0] : state.predict();
		if (!probabilities) return undefined;
		const input = this.current.input;
		this.current = undefined;
		return { probabilities, input };
	}
}
