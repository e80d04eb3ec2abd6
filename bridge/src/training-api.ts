/**
 * The one place the bridge touches the trainer (training/src).
 * The config and event schemas are imported statically (they are pure zod); the trainer itself is loaded
 * lazily, inside the worker thread, so the HTTP thread never loads TensorFlow.js. The result types are the
 * structural subset the bridge relies on.
 */
export { LEARNING_RATE_RANGE, MAX_WORKERS, TrainingConfigSchema, type TrainingConfig } from "../../training/src/config";
export { TrainingEventSchema, type TrainingEvent } from "../../training/src/events";
export { DIGITLAB_VERSION } from "../../version";
import type { TrainingEvent } from "../../training/src/events";

export interface Artifact {
	formatVersion: number;
	modules: { name: string; source: string }[];
	manifest: { name: string };
}
export interface TrainingResult {
	artifact: Artifact;
	summary: object;
}
export interface TrainingHooks {
	onEvent?: (event: TrainingEvent) => void;
	signal?: AbortSignal;
	log?: (line: string) => void;
}
export interface Trainer {
	runTraining: typeof import("../../training/src/run").runTraining;
	writeArtifactFolder: typeof import("../../training/src/artifact-io").writeArtifactFolder;
}

export async function loadTrainer(): Promise<Trainer> {
	const [run, io] = await Promise.all([import("../../training/src/run"), import("../../training/src/artifact-io")]);
	return { runTraining: run.runTraining, writeArtifactFolder: io.writeArtifactFolder };
}
