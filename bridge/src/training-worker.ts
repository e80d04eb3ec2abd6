/** Worker-thread entry: runs one training job and reports back over the message port. */
import fs from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { lowerThisThreadPriority } from "../../training/src/worker-thread";
import type { JobRequest } from "./protocol";
import { loadTrainer, type TrainingEvent, type TrainingResult } from "./training-api";

export interface WorkerInput {
	config: JobRequest;
	artifactFolder: string;
}
export type WorkerMessage =
	| { type: "event"; event: TrainingEvent }
	| { type: "log"; line: string }
	| { type: "result"; result: TrainingResult }
	| { type: "error"; name: string; message: string };

/** Batch events are cheap for the trainer but each one crosses threads; the bridge throttles them again. */
const BATCH_EVERY_MS = 100;

async function main(port: NonNullable<typeof parentPort>, input: WorkerInput) {
	// This thread and the trainer's worker threads run below the HTTP thread, so health checks and progress polls
	// stay fast while training uses every core.
	lowerThisThreadPriority();
	const post = (message: WorkerMessage) => port.postMessage(message);
	const controller = new AbortController();
	port.on("message", (message: { type?: string }) => {
		if (message?.type === "cancel") controller.abort();
	});
	let lastBatch = 0;
	try {
		const { runTraining, writeArtifactFolder } = await loadTrainer();
		const hooks = {
			signal: controller.signal,
			log: (line: string) => post({ type: "log", line }),
			onEvent: (event: TrainingEvent) => {
				if (event.type === "batch") {
					const now = Date.now();
					if (now - lastBatch < BATCH_EVERY_MS) return;
					lastBatch = now;
				}
				post({ type: "event", event });
			},
		};
		const result = await runTraining(input.config, hooks, { lowerPriority: true });
		// The Luau files on disk are a convenience; the bridge serves artifact.json, so a failure here is only logged.
		try {
			const temp = `${input.artifactFolder}.tmp-${process.pid}-${Date.now()}`;
			await writeArtifactFolder(temp, result);
			fs.rmSync(input.artifactFolder, { recursive: true, force: true });
			fs.renameSync(temp, input.artifactFolder);
		} catch (err) {
			post({ type: "log", line: `could not write the module folder: ${(err as Error).message}` });
		}
		post({ type: "result", result });
	} catch (err) {
		const e = err as Error;
		post({ type: "error", name: e?.name ?? "Error", message: e?.message ?? String(err) });
	}
}

if (parentPort) void main(parentPort, workerData as WorkerInput);
