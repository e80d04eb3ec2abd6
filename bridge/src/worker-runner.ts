/**
 * Runs each job's training in its own worker thread, so TensorFlow.js never blocks the HTTP event loop and a
 * cancelled or stuck job can always be ended by terminating its worker.
 */
import { startWorker } from "../../training/src/worker-thread";
import type { JobRunner } from "./job-manager";
import type { TrainingResult } from "./training-api";
import type { WorkerMessage, WorkerInput } from "./training-worker";

/** After a cancel, the trainer gets this long to stop at a batch boundary before its thread is terminated. */
const CANCEL_GRACE_MS = 3_000;

/** The training thread's module; a bundled build points this at its compiled .js (see training/src/worker-thread.ts). */
export const TRAINING_THREAD_ENTRY = new URL("./training-worker.ts", import.meta.url);

function namedError(name: string, message: string) {
	const error = new Error(message);
	error.name = name;
	return error;
}

export function createWorkerRunner(): JobRunner {
	return (config, hooks) =>
		new Promise<TrainingResult>((resolve, reject) => {
			const input: WorkerInput = { config, artifactFolder: hooks.artifactFolder };
			const worker = startWorker(TRAINING_THREAD_ENTRY, { workerData: input });
			let settled = false;
			const settle = (fn: () => void) => {
				if (settled) return;
				settled = true;
				fn();
				void worker.terminate();
			};
			const onAbort = () => {
				worker.postMessage({ type: "cancel" });
				setTimeout(() => settle(() => reject(namedError("AbortError", "cancelled"))), CANCEL_GRACE_MS).unref();
			};
			if (hooks.signal.aborted) onAbort();
			else hooks.signal.addEventListener("abort", onAbort, { once: true });

			worker.on("message", (message: WorkerMessage) => {
				switch (message.type) {
					case "event":
						if (!settled) hooks.onEvent(message.event);
						break;
					case "log":
						hooks.log(message.line);
						break;
					case "result":
						settle(() => resolve(message.result));
						break;
					case "error":
						settle(() => reject(namedError(message.name, message.message)));
						break;
				}
			});
			worker.on("error", (err) => settle(() => reject(err)));
			worker.on("exit", (code) =>
				settle(() =>
					hooks.signal.aborted
						? reject(namedError("AbortError", "cancelled"))
						: reject(
								namedError(
									"WorkerExitError",
									`The training thread stopped unexpectedly (exit code ${code}).`,
								),
							),
				),
			);
		});
}
