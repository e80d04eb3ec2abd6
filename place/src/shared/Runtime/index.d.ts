// Types for the pure-Luau runtime (init.luau and its siblings), so place/src TypeScript can
// `import { load, tryLoad } from "shared/Runtime"` (or "../shared/Runtime"). Namespace functions are called
// with `.`, interface methods with `:`, exactly as the Luau module expects.

/** The Manifest module's table (docs/weights-format.md); only the fields the place reads are typed. */
export interface Manifest {
	readonly format: "digitlab-weights";
	readonly formatVersion: number;
	readonly name: string;
	readonly createdAt?: string;
	readonly labels: ReadonlyArray<string>;
	/** 0-based index of the output that reads "two digits drawn as one" (not a class); absent when there is none. */
	readonly pairOutput?: number;
	readonly input: {
		readonly shape: ReadonlyArray<number>;
		readonly layout: string;
		readonly range: ReadonlyArray<number>;
		readonly ink: number;
	};
	readonly quantization: "float32" | "int8";
	readonly metrics?: {
		readonly testAccuracy?: number;
		readonly valAccuracy?: number;
		readonly perClass?: ReadonlyArray<number>;
	};
	readonly [key: string]: unknown;
}

/** The Golden module's table. */
export interface Golden {
	readonly count: number;
	readonly inputSize: number;
	readonly outputSize: number;
	readonly inputs: string;
	readonly outputs: string;
}

/** Canvas-speed inference: cached first-layer state, updated per changed pixel. */
export interface Incremental {
	/** Full first-layer compute from `pixels` (inputSize values, 0..1). */
	reset(pixels: ReadonlyArray<number>): void;
	/** One pixel changed. `index1` is 1-BASED (Luau order: row-major h×w×c, first pixel is 1). */
	set(index1: number, value: number): void;
	/** Probabilities for the current pixels (same numbers as Model.predict within 1e-5; a CNN's exactly). */
	predict(): Array<number>;
	/**
	 * Works on the reading for about `budget` seconds at most (at least one piece), so a CNN pass can be spread
	 * over frames: the probabilities when a pass finished in this call (else undefined), and whether they are those
	 * of the latest pixels. A pass computes the pixels as they were when it started. (Runtimes before it lack it.)
	 */
	advance?(budget: number): LuaTuple<[probabilities: Array<number> | undefined, current: boolean]>;
}

export interface Model {
	readonly inputSize: number;
	readonly outputSize: number;
	readonly labels: ReadonlyArray<string>;
	/** The manifest's `pairOutput`: 0-based index of the "two digits drawn as one" output, or undefined. */
	readonly pairOutput?: number;
	readonly manifest: Manifest;
	/** pixels: inputSize values in 0..1 (ink 1) → outputSize probabilities. */
	predict(pixels: ReadonlyArray<number>): Array<number>;
	/**
	 * → (index0, confidence): index0 is the 0-based label index of the best class. A pair output is no class: it is
	 * skipped, and confidence is the class's probability among the classes (p ÷ (1 − p(pair))).
	 */
	classify(pixels: ReadonlyArray<number>): LuaTuple<[index0: number, confidence: number]>;
	/** Runs the Golden vectors: float32 ok when max |Δp| ≤ 1e-5, int8 when every argmax agrees. No Golden → (false, math.huge). */
	selfCheck(): LuaTuple<[ok: boolean, maxAbsDiff: number]>;
	incremental(): Incremental;
}

/** The weights format version this runtime reads. */
export declare const FORMAT_VERSION: 1;

/** Loads a Folder holding Manifest, Shard1..N and (optionally) Golden; errors with a "DigitLab model: …" message. */
export declare function load(folder: Instance): Model;

/** Like load, but (false, message) instead of an error. */
export declare function tryLoad(folder: Instance): LuaTuple<[ok: true, model: Model] | [ok: false, message: string]>;

/** Pure entry without Instances: the values the modules return; shards keyed by name ("Shard1") or position. */
export declare function loadFromModules(
	manifest: unknown,
	shards: ReadonlyMap<string, string> | ReadonlyArray<string>,
	golden?: unknown,
): Model;

/** 0-based index of the largest value and that value. */
export declare function argmax(values: ReadonlyArray<number>, n: number): LuaTuple<[index0: number, value: number]>;
