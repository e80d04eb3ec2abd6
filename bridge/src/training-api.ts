/**
 * The one place the bridge touches the trainer (training/src, owned by the Training engineer).
 * The config and event schemas are imported statically (they are pure zod); the trainer itself is loaded
 * lazily, inside the worker thread, so the HTTP thread never loads TensorFlow.js.
 */
export { TrainingConfigSchema, type TrainingConfig } from "../../training/src/config";
export { TrainingEventSchema, type TrainingEvent } from "../../training/src/events";
import type { TrainingConfig } from "../../training/src/config";
import type { TrainingEvent } from "../../training/src/events";

export interface Artifact {
	formatVersion: number;
	modules: { name: string; source: string }[];
	manifest: { name: string; [key: string]: unknown };
}
export interface TrainingResult {
	artifact: Artifact;
	summary: Record<string, unknown>;
}
export interface TrainingHooks {
	onEvent?: (event: TrainingEvent) => void;
	signal?: AbortSignal;
	log?: (line: string) => void;
}
export interface Trainer {
	runTraining: (config: TrainingConfig, hooks?: TrainingHooks) => Promise<TrainingResult>;
	writeArtifactFolder: (dir: string, result: TrainingResult) => void | Promise<void>;
}

// Until training/src/run.ts and artifact-io.ts land the specifiers stay strings so type-checking does not
// depend on them; the interfaces above mirror the team brief.
const RUN_MODULE: string = "../../training/src/run.ts";
const ARTIFACT_IO_MODULE: string = "../../training/src/artifact-io.ts";

export async function loadTrainer(): Promise<Trainer> {
	const [run, io] = await Promise.all([import(RUN_MODULE), import(ARTIFACT_IO_MODULE)]);
	return { runTraining: run.runTraining, writeArtifactFolder: io.writeArtifactFolder };
}
