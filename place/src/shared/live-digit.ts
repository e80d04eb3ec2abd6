/**
 * The digit being written: its picture kept from frame to frame (render.ts, DigitImage) and the runtime's incremental
 * state. While its box holds still a new segment costs a few input updates; when the box moves it is a full pass.
 * With a frame budget, a pass longer than the budget (a CNN's) goes on over the next frames, and the digit shows its
 * last finished reading meanwhile.
 */
import type { ControllerStats, DigitResult } from "./controller-types";
import type { DigitModel, IncrementalState } from "./model";
import { DigitImage } from "./render";
import type { SegmentReader } from "./segment-reader";

export class LiveDigit {
	/** the digit's last finished reading and its first stroke */
	reading: { first: number; result: DigitResult } | undefined;
	private picture = new DigitImage();
	private inc: IncrementalState | undefined;
	/** the first stroke of the digit the picture and the incremental state belong to */
	private first = -1;

	/** Counts its passes in the controller's `stats`. */
	constructor(private readonly stats: ControllerStats) {}

	/**
	 * Reads the digit whose oldest stroke is `first`: incremental while its frame holds, a full pass when it moved.
	 * Returns the probabilities when a reading finished (within the frame budget), the picture, and whether the
	 * reading is that of this picture.
	 */
	read(
		model: DigitModel,
		first: number,
		points: ReadonlyArray<ReadonlyArray<number>>,
		frameBudget: number | undefined,
		reader: SegmentReader,
	): [number[] | undefined, number[], boolean] {
		// Another digit: a fresh state, so an unfinished pass never answers for the wrong digit.
		if (first !== this.first) {
			this.inc = undefined;
			this.first = first;
		}
		const change = this.picture.update(points);
		const input = this.picture.input;
		if (!this.inc || change.kind === "full") {
			this.inc = this.inc ?? model.incremental();
			this.inc.reset(input);
			this.stats.fullPasses++;
		} else if (change.kind === "partial") {
			for (const i of change.changed) this.inc.set(i + 1, input[i]);
			this.stats.incrementalPasses++;
			this.stats.incrementalPixels += change.changed.size();
		}
		const inc = this.inc;
		if (frameBudget === undefined || inc.advance === undefined) return [inc.predict(), table.clone(input), true];
		// What segmentation's readings left of this frame's budget (a piece runs even when nothing is left).
		const [probabilities, current] = inc.advance(reader.left(frameBudget));
		return [probabilities, table.clone(input), current];
	}
}
