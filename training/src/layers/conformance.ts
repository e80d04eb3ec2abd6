/**
 * The format fixtures (tests/fixtures/format/<kind>.json): each layer kind's example models exported to modules,
 * with inputs and the outputs TensorFlow.js computes for them. vitest checks that the exporter, the reader and TF.js
 * agree on them (conformance.test.ts) and the Lune spec tests/lune/runtime/format.spec.luau that the runtime does.
 */
import * as tf from "@tensorflow/tfjs";
import { exportModel } from "../export/exporter";
import { decodeArtifact, modelFromArtifact } from "../export/reader";
import type { ArtifactModule, ManifestLayer } from "../export/types";
import { createRandom } from "../rng";
import { LAYERS, type LayerKind } from "./index";
import type { Example } from "./types";

/** |runtime − TF.js| ≤ abs + rel·|TF.js|: the runtime sums in doubles, TF.js in float32. */
export const TOLERANCE = { abs: 1e-5, rel: 1e-5 };

export interface FormatCase {
	name: string;
	quantization: "float32" | "int8";
	/** the artifact's modules, as the plugin writes them */
	modules: ArtifactModule[];
	/** the manifest's layers, for reading the fixture without a Luau parser */
	layers: ManifestLayer[];
	inputShape: number[];
	inputs: number[][];
	/**
	 * TF.js's outputs for `inputs`: `model.predict` of the trained model for float32 weights; for int8, of the model
	 * rebuilt from the exported weights (the reader's dequantization), which is what the runtime must compute.
	 */
	outputs: number[][];
}

export interface FormatFixture {
	kind: LayerKind;
	generatedBy: string;
	backend: string;
	tolerance: typeof TOLERANCE;
	cases: FormatCase[];
}

/** Inputs in the format's 0..1 range, from mostly blank (like a drawing) to fully inked. */
function inputsFor(shape: number[], seed: number): number[][] {
	const size = shape.reduce((a, b) => a * b, 1);
	const random = createRandom(seed);
	return [0.2, 0.6, 1].map((density) =>
		Array.from({ length: size }, () => (random() < density ? Math.fround(random()) : 0)),
	);
}

function predict(model: tf.LayersModel, shape: number[], inputs: number[][]): number[][] {
	return tf.tidy(() => {
		const x = tf.tensor(inputs.flat(), [inputs.length, ...shape]);
		const y = model.predict(x) as tf.Tensor;
		return (y.reshape([inputs.length, -1]).arraySync() as number[][]).map((row) => row.map((v) => Math.fround(v)));
	});
}

export function formatCase(example: Example, seed: number): FormatCase {
	const model = example.build();
	const quantization = example.quantization ?? "float32";
	const inputShape = (model.inputs[0]!.shape as number[]).slice(1);
	const inputs = inputsFor(inputShape, seed);
	const artifact = exportModel(model, {
		name: `format-${example.name}`,
		quantization,
		backend: tf.getBackend(),
		metrics: {},
		training: {},
		goldenInputs: Float32Array.from(inputs.flat()),
		inputShape,
		createdAt: "2026-01-01T00:00:00.000Z",
	});
	let outputs: number[][];
	if (quantization === "float32") {
		outputs = predict(model, inputShape, inputs);
	} else {
		const rebuilt = modelFromArtifact(decodeArtifact(artifact.modules));
		outputs = predict(rebuilt, inputShape, inputs);
		rebuilt.dispose();
	}
	model.dispose();
	return {
		name: example.name,
		quantization,
		modules: artifact.modules,
		layers: artifact.manifest.layers,
		inputShape,
		inputs,
		outputs,
	};
}

export function formatFixture(kind: LayerKind): FormatFixture {
	return {
		kind,
		generatedBy: "tests/fixtures/format/generate.ts (TensorFlow.js)",
		backend: tf.getBackend(),
		tolerance: TOLERANCE,
		cases: LAYERS[kind].examples.map((example, i) => formatCase(example, 1 + i)),
	};
}

/** One case a line: the file stays small enough to read and to diff. */
export function fixtureJson(fixture: FormatFixture): string {
	const { cases, ...head } = fixture;
	const top = JSON.stringify(head, null, "\t").slice(0, -2);
	return `${top},\n\t"cases": [\n${cases.map((c) => `\t\t${JSON.stringify(c)}`).join(",\n")}\n\t]\n}\n`;
}

export function near(actual: number, expected: number): boolean {
	return Math.abs(actual - expected) <= TOLERANCE.abs + TOLERANCE.rel * Math.abs(expected);
}
