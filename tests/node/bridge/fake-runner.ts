/** A stand-in for the trainer with the same contract: timed events, honours the abort signal, small artifact. */
import type { JobRunner } from "../../../bridge/src/job-manager";
import type { JobRequest } from "../../../bridge/src/protocol";
import type { TrainingResult } from "../../../bridge/src/training-api";

export interface FakeRunnerOptions {
	batches?: number;
	stepMs?: number;
	/** Throw this message instead of finishing. */
	failWith?: string;
}

const sleep = (ms: number, signal: AbortSignal) =>
	new Promise<void>((resolve, reject) => {
		if (signal.aborted) return reject(abortError());
		const onAbort = () => (clearTimeout(timer), reject(abortError()));
		const timer = setTimeout(() => (signal.removeEventListener("abort", onAbort), resolve()), ms);
		signal.addEventListener("abort", onAbort, { once: true });
	});

function abortError() {
	const e = new Error("aborted");
	e.name = "AbortError";
	return e;
}

export function fakeArtifact(config: JobRequest): TrainingResult {
	const name = config.name ?? `fake-mlp-${config.hidden.join("-")}`;
	return {
		artifact: {
			formatVersion: 1,
			modules: [
				{ name: "Manifest", source: `--!strict\nreturn { name = "${name}" }\n` },
				{ name: "Shard1", source: `--!strict\nreturn "${"A".repeat(64)}"\n` },
				{ name: "Golden", source: "--!strict\nreturn {}\n" },
			],
			manifest: { name },
		},
		summary: { fake: true, seed: config.seed },
	};
}

export function createFakeRunner(options: FakeRunnerOptions = {}): JobRunner {
	const batches = options.batches ?? 5;
	const stepMs = options.stepMs ?? 5;
	return async (config, { onEvent, signal }) => {
		onEvent({
			type: "started",
			backend: "fake",
			backendNotes: [],
			config: { ...config },
			trainSize: 900,
			valSize: 100,
			testSize: 100,
		});
		for (let epoch = 1; epoch <= config.epochs; epoch++) {
			for (let batch = 1; batch <= batches; batch++) {
				await sleep(stepMs, signal);
				onEvent({
					type: "batch",
					epoch,
					epochs: config.epochs,
					batch,
					batches,
					loss: 2 / (epoch * batch),
					accuracy: 1 - 1 / (1 + epoch * batch),
				});
			}
			if (options.failWith) throw new Error(options.failWith);
			onEvent({
				type: "epoch",
				epoch,
				epochs: config.epochs,
				loss: 1 / epoch,
				accuracy: 0.8,
				valLoss: 1.1 / epoch,
				valAccuracy: 0.79,
				seconds: 0.01,
				etaSeconds: 0,
			});
		}
		const confusion = Array.from({ length: 10 }, (_, i) =>
			Array.from({ length: 10 }, (_, j) => (i === j ? 9 : i === (j + 1) % 10 ? 1 : 0)),
		);
		onEvent({ type: "evaluated", testAccuracy: 0.9, perClass: Array(10).fill(0.9), confusion });
		onEvent({ type: "exported", modules: 3, chars: 100, bytes: 48 });
		return fakeArtifact(config);
	};
}
