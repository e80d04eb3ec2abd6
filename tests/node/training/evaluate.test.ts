/** Evaluation reads digits: a model's pair output is counted apart, never as a digit answer. */
import { describe, expect, it } from "vitest";
import { evaluatePredictions, lossAndAccuracy } from "../../../training/src/evaluate";

/** One row of 11 probabilities: `digit` gets `p`, the pair output `pair`, the rest shares what is left. */
function row(digit: number, p: number, pair: number): number[] {
	const rest = (1 - p - pair) / 9;
	return Array.from({ length: 11 }, (_, c) => (c === 10 ? pair : c === digit ? p : rest));
}

describe("evaluation with a pair output", () => {
	// Image 0: the pair output is the largest, but the best digit (3) is the label → right.
	// Image 1: the pair output is the largest and the best digit (5) is not the label (7) → wrong.
	// Image 2: a plain right answer. Image 3: a plain wrong answer (1 for 4).
	const probs = Float32Array.from([
		...row(3, 0.3, 0.6),
		...row(5, 0.25, 0.55),
		...row(8, 0.9, 0.05),
		...row(1, 0.7, 0.1),
	]);
	const labels = Uint8Array.from([3, 7, 8, 4]);

	it("counts the best digit (outputs 0..9) as the answer, even where the pair output is larger", () => {
		const e = evaluatePredictions(probs, labels, 11);
		expect(e.testAccuracy).toBe(0.5);
		expect(e.predictions).toEqual([3, 5, 8, 1]);
		expect(e.pairReadings).toBe(2);
	});

	it("keeps the confusion matrix 10×10 over digits", () => {
		const e = evaluatePredictions(probs, labels, 11);
		expect(e.confusion).toHaveLength(10);
		for (const r of e.confusion) expect(r).toHaveLength(10);
		expect(e.confusion[3]![3]).toBe(1);
		expect(e.confusion[7]![5]).toBe(1);
		expect(e.confusion[4]![1]).toBe(1);
		expect(e.confusion.flat().reduce((a, b) => a + b, 0)).toBe(4);
		expect(e.perClass[3]).toBe(1);
		expect(e.perClass[7]).toBe(0);
	});

	it("validation accuracy reads digits too; its loss is the cross-entropy of the label over all 11 outputs", () => {
		const v = lossAndAccuracy(probs, labels, 11);
		expect(v.accuracy).toBe(0.5);
		const p = [probs[3]!, probs[11 + 7]!, probs[22 + 8]!, probs[33 + 4]!];
		expect(v.loss).toBeCloseTo(-p.reduce((s, x) => s + Math.log(x), 0) / 4, 6);
	});

	it("reads a 10-output model as before, with no pair readings", () => {
		const ten = Float32Array.from([0.1, 0.6, 0.3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.2, 0.8]);
		const e = evaluatePredictions(ten, Uint8Array.from([1, 9]));
		expect(e.testAccuracy).toBe(1);
		expect(e.pairReadings).toBe(0);
		expect(lossAndAccuracy(ten, Uint8Array.from([1, 2])).accuracy).toBe(0.5);
	});
});
