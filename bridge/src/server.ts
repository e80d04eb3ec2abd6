/** Wires the store, the job manager, the worker runner and the app together, and listens on loopback only. */
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { createApp, type DashboardFiles } from "./app";
import { guessBackend } from "./backend-probe";
import { type JobRunner, JobManager } from "./job-manager";
import { JobStore } from "./job-store";
import { DIGITLAB_VERSION } from "./training-api";
import { createWorkerRunner } from "./worker-runner";

export const LOOPBACK = "127.0.0.1";

export interface StartOptions {
	port: number;
	dataDir: string;
	log?: (line: string) => void;
	runner?: JobRunner;
	/** The dashboard's files when they are not in bridge/public (a packaged DigitLab). */
	dashboard?: DashboardFiles;
}

export async function startBridge(options: StartOptions) {
	const log = options.log ?? console.log;
	const store = new JobStore(options.dataDir);
	const guess = guessBackend();
	const jobs = new JobManager(
		{ store, runner: options.runner ?? createWorkerRunner(), log },
		guess.backend,
		guess.notes,
	);
	await jobs.recover();
	const app = createApp({
		jobs,
		sessionId: randomUUID(),
		version: DIGITLAB_VERSION,
		log,
		dashboard: options.dashboard,
	});
	const server = app.listen(options.port, LOOPBACK);
	await new Promise<void>((resolve, reject) => {
		server.once("listening", resolve);
		server.once("error", reject);
	});
	const port = (server.address() as AddressInfo).port;
	return {
		url: `http://${LOOPBACK}:${port}`,
		port,
		jobs,
		async close() {
			await jobs.shutdown();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
