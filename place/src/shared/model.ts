/**
 * Finding and loading the place's model through the Runtime API (docs/runtime-api.md); never throws. A model that
 * reads another picture than the board draws (input-geometry.ts) is refused here, before it sees a stroke.
 */
import { INPUT_AREA, INPUT_SHAPE } from "./input-geometry";
import { Incremental, Model, tryLoad } from "./Runtime";

export type DigitModel = Model;
export type IncrementalState = Incremental;

export const NO_MODEL_MESSAGE = "No model in this place yet. Train one in Studio → DigitLab → Train.";

export type ModelStatus =
	{ kind: "missing"; message: string } | { kind: "broken"; message: string } | { kind: "ready"; model: DigitModel };

function showShape(shape: ReadonlyArray<defined>): string {
	return shape.map((d) => tostring(d)).join("×");
}

/**
 * Undefined when the board can feed `shape` (the manifest's `input.shape`): the board's own height × width × channels,
 * or the same values as one flat row (the order is the same). Otherwise what the player reads.
 */
export function inputMismatch(shape: unknown): string | undefined {
	if (typeIs(shape, "table")) {
		const dims = shape as ReadonlyArray<defined>;
		if (dims.size() === 1 && dims[0] === INPUT_AREA) return undefined;
		if (dims.size() === INPUT_SHAPE.size() && INPUT_SHAPE.every((d, i) => dims[i] === d)) return undefined;
	}
	const found = typeIs(shape, "table") ? showShape(shape as ReadonlyArray<defined>) : tostring(shape);
	return (
		`DigitLab model: this model reads ${found} pictures, but the board draws ${showShape(INPUT_SHAPE)} (MNIST's size): ` +
		`retrain it with DigitLab's default input (Studio → DigitLab → Train) and write it into this place again.`
	);
}

/** Loads `root.Model` (root is ReplicatedStorage.DigitLab). */
export function findModel(root: Instance | undefined): ModelStatus {
	const folder = root?.FindFirstChild("Model");
	if (!folder) return { kind: "missing", message: NO_MODEL_MESSAGE };
	// tryLoad already turns load errors into messages; the pcall guards against a runtime that itself fails.
	const [called, outcome] = pcall(() => {
		const [loaded, value] = tryLoad(folder);
		return { loaded, value };
	});
	if (!called) return { kind: "broken", message: tostring(outcome) };
	const { loaded, value } = outcome as { loaded: boolean; value: DigitModel | string };
	if (!loaded || typeIs(value, "string")) return { kind: "broken", message: tostring(value) };
	// The Runtime always gives the manifest; a stand-in runtime without one is trusted to read the board's picture.
	const input = (value.manifest as Partial<Model["manifest"]> | undefined)?.input;
	const mismatch = input !== undefined ? inputMismatch(input.shape) : undefined;
	if (mismatch !== undefined) return { kind: "broken", message: mismatch };
	return { kind: "ready", model: value };
}

/**
 * The model's class probabilities with its pair output ("two digits drawn as one", no class) left out, as shares of
 * the classes' probability, and the pair output's probability (0 when the model has none).
 */
export function classShares(
	outputs: ReadonlyArray<number>,
	pairOutput: number | undefined,
): { probabilities: number[]; pair: number } {
	if (pairOutput === undefined) return { probabilities: [...outputs], pair: 0 };
	let sum = 0;
	outputs.forEach((p, i) => {
		if (i !== pairOutput) sum += p;
	});
	const probabilities = new Array<number>();
	outputs.forEach((p, i) => {
		if (i !== pairOutput) probabilities.push(sum > 0 ? p / sum : 0);
	});
	return { probabilities, pair: outputs[pairOutput] ?? 0 };
}

/** The labels of the model's classes, its pair output left out (the prediction grid shows these). */
export function classLabels(model: DigitModel | undefined): string[] {
	if (!model) return [];
	return model.labels.filter((_, i) => i !== model.pairOutput);
}
