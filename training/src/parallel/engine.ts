/**
 * Which engine computes a worker's steps. DigitLab's SIMD kernels cover the MLP and createModel's CNN; TF.js (the
 * backend in each worker, with the gradients of conv-grads.ts) covers anything else and stays selectable as the
 * baseline the CNN's kernels are measured against.
 */
import type { TrainingConfig } from "../config";
import { type CnnGeometry, cnnGeometry } from "../kernels/conv-layout";
import { INPUT_SHAPE } from "../../../place/src/shared/input-geometry";
import { cnnScratchBytes } from "./cnn-replica";
import { kernelScratchBytes, mlpWidths, PREDICT_ROWS } from "./kernel-replica";

export type EngineChoice = "kernels" | "tfjs";
export const ENGINE_CHOICES: readonly EngineChoice[] = ["kernels", "tfjs"];

/** Images per CNN call when predicting (a CNN keeps every stage's pooled outputs per image, ~25 KB each). */
export const CNN_PREDICT_ROWS = 64;

export type EnginePlan =
	| { kind: "mlp"; widths: number[]; rows: number; ink?: number[] }
	| { kind: "cnn"; geometry: CnnGeometry; rows: number }
	| { kind: "tfjs"; rows: number };

/** The kernels when they cover the model (and were not asked not to), else TF.js. `rows`: a worker's largest call. */
export function planEngine(
	config: Pick<TrainingConfig, "model" | "batchSize">,
	shapes: number[][],
	workers: number,
	choice: EngineChoice = "kernels",
): EnginePlan {
	const share = Math.ceil(config.batchSize / workers);
	if (choice === "kernels") {
		const widths = config.model === "mlp" ? mlpWidths(shapes) : undefined;
		if (widths) return { kind: "mlp", widths, rows: Math.max(PREDICT_ROWS, share) };
		const geometry = config.model === "cnn" ? cnnGeometry(shapes, INPUT_SHAPE) : undefined;
		if (geometry) return { kind: "cnn", geometry, rows: Math.max(CNN_PREDICT_ROWS, share) };
	}
	return { kind: "tfjs", rows: share };
}

/** Scratch bytes per worker for the kernel engines (the TF.js engine's are sized by the pool from the model). */
export function kernelEngineScratch(plan: EnginePlan): number | undefined {
	if (plan.kind === "mlp") return kernelScratchBytes(plan.widths, plan.rows);
	if (plan.kind === "cnn") return cnnScratchBytes(plan.geometry, plan.rows);
	return undefined;
}

/** In words, for logs and the started event. */
export function describeEnginePlan(plan: EnginePlan, backend: string): string {
	return plan.kind === "tfjs" ? `TF.js ${backend} in each` : "DigitLab wasm SIMD kernels";
}
