/** Finding and loading the place's model through the Runtime API (docs/runtime-api.md); never throws. */
import { Incremental, Model, tryLoad } from "./Runtime";

export type DigitModel = Model;
export type IncrementalState = Incremental;

export const NO_MODEL_MESSAGE = "No model in this place yet. Train one in Studio → DigitLab → Train.";

export type ModelStatus =
	| { kind: "missing"; message: string }
	| { kind: "broken"; message: string }
	| { kind: "ready"; model: DigitModel };

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
	return { kind: "ready", model: value };
}
