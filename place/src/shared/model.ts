/**
 * The slice of the Runtime API (team brief, "Runtime") the client uses, and finding the model in the place.
 * The Runtime is required by instance rather than imported so this compiles before its index.d.ts exists.
 */

export interface IncrementalState {
	reset(pixels: ReadonlyArray<number>): void;
	/** index1 is 1-based, as in the Runtime API. */
	set(index1: number, value: number): void;
	predict(): number[];
}

export interface DigitModel {
	readonly inputSize: number;
	readonly outputSize: number;
	readonly labels: ReadonlyArray<string>;
	predict(pixels: ReadonlyArray<number>): number[];
	incremental(): IncrementalState;
}

interface RuntimeModule {
	tryLoad(folder: Instance): LuaTuple<[boolean, DigitModel | string]>;
}

export const NO_MODEL_MESSAGE = "No model in this place yet. Train one in Studio → DigitLab → Train.";

export type ModelStatus =
	| { kind: "missing"; message: string }
	| { kind: "broken"; message: string }
	| { kind: "ready"; model: DigitModel };

/** Looks for `root.Model` and loads it with `root.Runtime`; never throws. */
export function findModel(root: Instance | undefined): ModelStatus {
	const folder = root?.FindFirstChild("Model");
	if (!root || !folder) return { kind: "missing", message: NO_MODEL_MESSAGE };
	const runtimeModule = root.FindFirstChild("Runtime");
	if (!runtimeModule || !runtimeModule.IsA("ModuleScript")) {
		return { kind: "broken", message: "The DigitLab runtime (ReplicatedStorage.DigitLab.Runtime) is missing." };
	}
	const [required, runtime] = pcall(() => require(runtimeModule) as RuntimeModule);
	if (!required) return { kind: "broken", message: `The DigitLab runtime failed to load: ${tostring(runtime)}` };
	const [called, outcome] = pcall(() => {
		const [loaded, value] = (runtime as RuntimeModule).tryLoad(folder);
		return { loaded, value };
	});
	if (!called) return { kind: "broken", message: tostring(outcome) };
	const { loaded, value } = outcome as { loaded: boolean; value: DigitModel | string };
	if (!loaded || typeIs(value, "string")) return { kind: "broken", message: tostring(value) };
	return { kind: "ready", model: value as DigitModel };
}
