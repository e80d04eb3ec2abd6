/**
 * Drives a `digitlab serve` process as the Studio plugin would: waits for its "listening on" line (timing it),
 * handshakes, runs the small real job, downloads the artifact. Used by the package and executable tests.
 */
import { type ChildProcess, spawn, type SpawnOptions } from "node:child_process";
import net from "node:net";
import os from "node:os";
import { ArtifactResponseSchema, InfoResponseSchema, type JobEvent } from "../../../bridge/src/protocol";
import { awaitListening, followJob } from "../serve-client";
import { SMALL_REAL_JOB } from "../bridge/small-job";

export const loadAverage = () =>
	os
		.loadavg()
		.map((x) => x.toFixed(2))
		.join(" ");

/** A port nothing listens on right now (asked from the OS, then released). */
export async function freePort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const port = (server.address() as net.AddressInfo).port;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

export interface Served {
	child: ChildProcess;
	base: string;
	/** Seconds from spawn to the "listening on" line. */
	startSeconds: number;
	output: () => string;
	stop: () => Promise<void>;
}

/** POSIX: in its own process group, so stop() ends npx and the node it started together. */
const GROUP = process.platform !== "win32";

export async function startServe(command: string, args: string[], options: SpawnOptions): Promise<Served> {
	const started = performance.now();
	const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"], detached: GROUP });
	const { base, output } = await awaitListening(child, command);
	const startSeconds = (performance.now() - started) / 1000;
	const stop = async () => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise((resolve) => child.once("exit", resolve));
		const signal = (name: NodeJS.Signals) => (GROUP ? process.kill(-child.pid!, name) : child.kill(name));
		signal("SIGTERM");
		const timer = setTimeout(() => child.exitCode === null && signal("SIGKILL"), 10_000);
		await exited;
		clearTimeout(timer);
	};
	return { child, base, startSeconds, output, stop };
}

export interface JobOutcome {
	jobId: string;
	info: ReturnType<typeof InfoResponseSchema.parse>;
	events: JobEvent[];
	artifact: ReturnType<typeof ArtifactResponseSchema.parse>;
	seconds: number;
}

/** Handshake, the small real job (or it with `changes`) followed by long-poll to the end, and its artifact. */
export async function runSmallJob(base: string, changes: Record<string, unknown> = {}): Promise<JobOutcome> {
	const info = InfoResponseSchema.parse(await (await fetch(`${base}/api/info`)).json());
	const started = performance.now();
	const post = await fetch(`${base}/api/jobs`, {
		method: "POST",
		headers: { "content-type": "application/json" },
		body: JSON.stringify({ ...SMALL_REAL_JOB, ...changes }),
	});
	if (post.status !== 202) throw new Error(`POST /api/jobs answered ${post.status}: ${await post.text()}`);
	const { jobId } = (await post.json()) as { jobId: string };
	const { events, status } = await followJob(base, jobId);
	if (status !== "done") throw new Error(`the job ended ${status}: ${JSON.stringify(events.at(-1))}`);
	const artifact = ArtifactResponseSchema.parse(await (await fetch(`${base}/api/jobs/${jobId}/artifact`)).json());
	return { jobId, info, events, artifact, seconds: (performance.now() - started) / 1000 };
}
