import { describe, expect, it } from "vitest";
import type { DecodedArtifact } from "../../../../training/src/export/reader";
import { denseClassifier } from "../../../../training/src/ink/fidelity";

/** One dense layer from 2 inputs to 11 outputs: input 0 feeds output 10 ("pair") most, input 1 feeds digit 3. */
function artifact(pairOutput: number | undefined): DecodedArtifact {
	const kernel = new Float32Array(2 * 11);
	kernel[10] = 5; // input 0 → output 10
	kernel[3] = 2; // input 0 → digit 3, second best
	kernel[11 + 7] = 4; // input 1 → digit 7
	const manifest = {
		layers: [{ type: "dense", inputSize: 2, units: 11, kernel: 1, bias: 2, activation: "softmax" }],
		pairOutput,
	} as unknown as DecodedArtifact["manifest"]; // only the fields denseClassifier reads
	return {
		manifest,
		payload: new Uint8Array(0),
		tensors: [kernel, new Float32Array(11)],
		golden: {} as DecodedArtifact["golden"],
	};
}

describe("denseClassifier", () => {
	it("answers the best digit, never the pair output", () => {
		expect(denseClassifier(artifact(10))([1, 0])).toBe(3);
		expect(denseClassifier(artifact(10))([0, 1])).toBe(7);
	});
	it("without a pair output every output is an answer", () => {
		expect(denseClassifier(artifact(undefined))([1, 0])).toBe(10);
	});
});
