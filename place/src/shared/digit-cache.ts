/**
 * The controller's readings per digit, keyed by the digit's exact ink (`digitKey`), so only digits whose strokes
 * changed are read again. A frame keeps the readings it used; the last frame's others are retired, and the last few
 * retired are still found, so a digit that comes back unchanged after a stroke joined it for a moment is not read
 * again either. The last frame's digit being written is not retired: its ink grows from frame to frame.
 */
import type { DigitResult } from "./controller-types";
import { DigitInk } from "./segment-trim";

/** Readings of digits that left the grouping, kept to reuse when the same ink comes back. */
const RETIRED = 8;

/** Trimmed strokes kept so a digit's picture sees the same arrays frame after frame; dropped past this many. */
const TRIMS = 64;

/** Identifies a digit's exact ink: its strokes, how many points each has (in any order), and what was trimmed. */
export function digitKey(ink: DigitInk): string {
	const parts = ink.strokes.map((s) => `${s.id}:${s.points.size()}`);
	parts.sort();
	return ink.trimmed === "" ? parts.join(",") : `${parts.join(",")}|${ink.trimmed}`;
}

export class DigitCache {
	/** the readings the last finished frame used */
	private previous = new Map<string, DigitResult>();
	/** those the frame under way has used so far */
	private cache = new Map<string, DigitResult>();
	private retired = new Map<string, DigitResult>();
	private retiredOrder = new Array<string>();
	/** the digit being written when the last frame ended */
	private liveKey: string | undefined;
	private trims = new Map<string, ReadonlyArray<number>>();

	/** Starts a frame; until it ends, the last frame's readings stay (a frame cut short changes nothing). */
	beginFrame() {
		this.cache = new Map<string, DigitResult>();
	}

	/** The reading of this exact ink: this frame's, else the last frame's, else a retired one. */
	find(key: string): DigitResult | undefined {
		return this.cache.get(key) ?? this.previous.get(key) ?? this.retired.get(key);
	}

	/** A finished reading this frame used (so the next frame finds it too). */
	keep(key: string, result: DigitResult) {
		this.cache.set(key, result);
	}

	/** Ends a frame whose digit being written is `liveKey`: what the last frame used and this one did not retires. */
	endFrame(liveKey: string | undefined) {
		for (const [key, result] of this.previous)
			if (!this.cache.has(key) && key !== this.liveKey) this.retire(key, result);
		this.liveKey = liveKey;
		this.previous = this.cache;
	}

	/** The trimmed strokes segment-trim.ts reuses across frames, emptied once they pile up. */
	trimmed(): Map<string, ReadonlyArray<number>> {
		if (this.trims.size() > TRIMS) this.trims.clear();
		return this.trims;
	}

	/** Forgets every reading (another model, another board). */
	clear() {
		this.previous.clear();
		this.cache.clear();
		this.retired.clear();
		this.retiredOrder.clear();
		this.trims.clear();
	}

	private retire(key: string, result: DigitResult) {
		if (this.retired.has(key)) return;
		this.retired.set(key, result);
		this.retiredOrder.push(key);
		if (this.retiredOrder.size() > RETIRED) this.retired.delete(this.retiredOrder.remove(0)!);
	}
}
