/** Builds an app over a temp data dir for tests; `listen()` gives a real port for SSE and raw-socket tests. */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { createApp } from "../../../bridge/src/app";
import { type JobRunner, JobManager } from "../../../bridge/src/job-manager";
import { JobStore } from "../../../bridge/src/job-store";

export function tempDir(prefix = "digitlab-bridge-") {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function makeHarness(runner: JobRunner, dataDir = tempDir(), options: { batchThrottleMs?: number } = {}) {
	const logs: string[] = [];
	const log = (line: string) => logs.push(line);
	const store = new JobStore(dataDir);
	const jobs = new JobManager({ store, runner, log, batchThrottleMs: options.batchThrottleMs ?? 0 }, "fake");
	await jobs.recover();
	const app = createApp({ jobs, sessionId: randomUUID(), version: "test", log });
	const servers: import("node:http").Server[] = [];
	return {
		app,
		jobs,
		store,
		dataDir,
		logs,
		async listen() {
			const server = app.listen(0, "127.0.0.1");
			servers.push(server);
			await new Promise<void>((resolve) => server.once("listening", () => resolve()));
			return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		},
		async close() {
			await jobs.shutdown();
			for (const s of servers) {
				s.closeAllConnections();
				await new Promise<void>((resolve) => s.close(() => resolve()));
			}
			fs.rmSync(dataDir, { recursive: true, force: true });
		},
	};
}

/** Polls GET /api/jobs/:id until the job leaves `running`. */
export async function waitForFinish(jobs: JobManager, id: string) {
	while (jobs.get(id).status === "running") await new Promise((r) => setTimeout(r, 10));
	return jobs.get(id);
}
